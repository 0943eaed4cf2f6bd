// rendactl overview: the reporting service's counts for one congress.

#include <cstdint>
#include <cstdio>
#include <map>

#include "renda/intake/v1/intake.pb.h"
#include "renda/reporting/v1/reporting.grpc.pb.h"
#include "renda/representatives/v1/representatives.pb.h"
#include "renda/supervision/v1/supervision.pb.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/enum_flags.h"
#include "tools/rendactl/output.h"

namespace rendactl {
namespace {

namespace rpt = renda::reporting::v1;

// One count table: every value of `type` in declaration order (0 when absent), then any key the
// enum does not know, then the total.
void PrintCounts(absl::string_view title, const google::protobuf::Map<std::string, int64_t>& counts,
                 const google::protobuf::EnumDescriptor* type) {
  Table table({std::string(title), "COUNT"});
  table.AlignRight(1);
  int64_t total = 0;
  for (int i = 0; i < type->value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor* value = type->value(i);
    if (value->number() == 0 && !counts.contains(value->name())) continue;
    auto it = counts.find(value->name());
    int64_t count = it == counts.end() ? 0 : it->second;
    total += count;
    table.AddRow({EnumFlagName(value), absl::StrCat(count)});
  }
  std::map<std::string, int64_t> others;  // sorted, for a stable output
  for (const auto& [key, count] : counts) {
    if (type->FindValueByName(key) == nullptr) others.emplace(key, count);
  }
  for (const auto& [key, count] : others) {
    total += count;
    table.AddRow({key, absl::StrCat(count)});
  }
  table.AddRow({"total", absl::StrCat(total)});
  table.Print(stdout);
}

absl::Status RunOverview(const Invocation& inv) {
  absl::StatusOr<std::string> congress = CongressParent(inv.args);
  if (!congress.ok()) return congress.status();
  rpt::GetOverviewRequest request;
  request.set_congress(*congress);
  Connection connection(inv.global, "reporting");
  auto stub = rpt::ReportingService::NewStub(connection.channel());
  rpt::GetOverviewResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->GetOverview(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  const rpt::Overview& overview = response.overview();
  std::printf("%s", overview.congress().c_str());
  if (overview.has_read_time()) std::printf(" (as of %s)", FormatTimestamp(overview.read_time()).c_str());
  std::printf("\n\n");
  PrintCounts("DEPUTIES BY STATUS", overview.deputies_by_status(),
              renda::representatives::v1::DeputyStatus_descriptor());
  std::printf("\n");
  PrintCounts("OPINIONS BY STATE", overview.opinions_by_state(), renda::intake::v1::OpinionState_descriptor());
  std::printf("\n");
  PrintCounts("SUPERVISION ITEMS BY STATE", overview.supervision_items_by_state(),
              renda::supervision::v1::SupervisionItemState_descriptor());
  if (overview.sources_size() > 0) {
    std::printf("\n");
    Table sources({"SOURCE FEED", "EVENTS APPLIED", "CURSOR"});
    sources.AlignRight(1);
    for (const rpt::SourceProgress& source : overview.sources()) {
      sources.AddRow({source.source(), absl::StrCat(source.events_applied()), source.cursor()});
    }
    sources.Print(stdout);
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<Command> OverviewCommands() {
  return {{
      .group = "overview",
      .service = "reporting",
      .summary = "counts of a congress's deputies, opinions and supervision items (reporting)",
      .flags = {CongressFlag()},
      .field_flags = {{"congress", "--congress"}},
      .run = RunOverview,
  }};
}

}  // namespace rendactl
