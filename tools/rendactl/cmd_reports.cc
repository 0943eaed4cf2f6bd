// rendactl report annual: a deputy's annual duty report (代表年度履职报告), rendered by the
// reporting service as Markdown.

#include <cstdio>

#include "renda/reporting/v1/reporting.grpc.pb.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/output.h"

namespace rendactl {
namespace {

namespace rpt = renda::reporting::v1;

constexpr char kService[] = "reporting";

absl::Status RunAnnual(const Invocation& inv) {
  rpt::RenderAnnualDutyReportRequest request;
  // The deputy by id or resource name only: a full name would need the representatives service.
  absl::StatusOr<std::string> deputy = ResourceArg(inv.args, "deputies");
  if (!deputy.ok()) return deputy.status();
  request.set_deputy(*deputy);
  absl::StatusOr<int> year = inv.args.GetInt("year", 0);
  if (!year.ok()) return year.status();
  request.set_year(*year);
  Connection connection(inv.global, kService);
  auto stub = rpt::ReportingService::NewStub(connection.channel());
  rpt::RenderAnnualDutyReportResponse response;
  absl::Status s =
      connection.Call([&](grpc::ClientContext* c) { return stub->RenderAnnualDutyReport(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  std::fwrite(response.markdown().data(), 1, response.markdown().size(), stdout);
  if (!response.markdown().empty() && response.markdown().back() != '\n') std::fputc('\n', stdout);
  return absl::OkStatus();
}

}  // namespace

std::vector<Command> ReportCommands() {
  return {
      {
          .group = "report",
          .verb = "annual",
          .service = kService,
          .summary = "a deputy's annual duty report (履职报告) as Markdown, rendered by the reporting service",
          .positional = "DEPUTY",
          .positional_required = true,
          .flags = {CongressFlag(false),
                    {.name = "year", .value_name = "YYYY", .help = "the year, e.g. 2026", .required = true}},
          .field_flags = {{"deputy", "DEPUTY"}, {"year", "--year"}},
          .run = RunAnnual,
      },
  };
}

}  // namespace rendactl
