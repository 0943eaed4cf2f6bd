#include "services/reporting/reporting_core.h"

#include <algorithm>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/remote_call.h"
#include "services/common/time_util.h"
#include "services/reporting/duty_report_render.h"
#include "services/reporting/overview_logic.h"

namespace renda::reporting {
namespace {
const Roles kReaders = {Role::kStaff, Role::kLeader, Role::kAdmin, Role::kService};
namespace rv1 = renda::representatives::v1;
}  // namespace

const AccessTable& ReportingAccess() {
  static const AccessTable* table =
      new AccessTable{{"GetOverview", kReaders}, {"RenderAnnualDutyReport", kSignedIn}};
  return *table;
}

Task<absl::StatusOr<std::string>> CountsSink::LoadCursor(std::string congress, std::string source) {
  co_return co_await store_->LoadCursor(std::move(congress), std::move(source));
}

Task<absl::Status> CountsSink::Apply(std::string congress, std::string source, renda::type::v1::ChangeEvent event) {
  auto status = CountedStatus(event);
  const bool counted = status.ok();
  if (!status.ok() && status.status().code() != absl::StatusCode::kNotFound) {
    // An event this version cannot read: stop here rather than count wrongly.
    co_return status.status();
  }
  std::string counted_as = counted ? *status : "";
  CO_RETURN_IF_ERROR(co_await store_->Apply(std::move(congress), std::move(source), std::move(event),
                                            std::move(counted_as), counted));
  co_return absl::OkStatus();
}

ReportingCore::ReportingCore(const Runtime& runtime, const ReportingStore* store,
                             std::shared_ptr<grpc::Channel> representatives)
    : runtime_(runtime), store_(store), evaluation_(rv1::EvaluationService::NewStub(std::move(representatives))) {}

Task<absl::StatusOr<v1::GetOverviewResponse>> ReportingCore::GetOverview(const Caller& caller,
                                                                         const v1::GetOverviewRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("congress", req.congress(), v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const absl::Time now = runtime_.clock->Now();
  CO_ASSIGN_OR_RETURN(Counts counts, co_await store_->ReadCounts(congress));
  v1::GetOverviewResponse resp;
  auto* o = resp.mutable_overview();
  o->set_congress(CongressName(congress));
  for (const auto& [status, n] : counts.by_source[kRepresentatives]) (*o->mutable_deputies_by_status())[status] = n;
  for (const auto& [status, n] : counts.by_source[kIntake]) (*o->mutable_opinions_by_state())[status] = n;
  for (const auto& [status, n] : counts.by_source[kSupervision]) (*o->mutable_supervision_items_by_state())[status] = n;
  for (const char* source : {kRepresentatives, kIntake, kSupervision}) {
    auto* p = o->add_sources();
    p->set_source(source);
    p->set_cursor(counts.cursors[source]);
    p->set_events_applied(counts.applied[source]);
  }
  *o->mutable_read_time() = ToProtoTime(now);
  co_return resp;
}

Task<absl::StatusOr<v1::RenderAnnualDutyReportResponse>> ReportingCore::RenderAnnualDutyReport(
    const Caller& caller, const v1::RenderAnnualDutyReportRequest& req) {
  Validator v;
  ResourceName deputy = ParseResourceName("deputy", req.deputy(), "deputies", v);
  v.Range("year", req.year(), 2000, 2100, false);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, deputy.congress));
  rv1::GetAnnualDutyReportRequest request;
  request.set_deputy(req.deputy());
  request.set_year(req.year());
  // The caller's own token: the representatives service decides what this caller may read.
  CO_ASSIGN_OR_RETURN(auto upstream,
                      co_await CallRemote<rv1::GetAnnualDutyReportResponse>(
                          [this](auto* ctx, auto* r, auto* resp, auto done) {
                            evaluation_->async()->GetAnnualDutyReport(ctx, r, resp, done);
                          },
                          std::move(request), absl::Seconds(10), caller.authorization));
  const auto& report = upstream.report();
  v1::RenderAnnualDutyReportResponse resp;
  resp.set_title(DutyReportTitle(report));
  resp.set_markdown(RenderDutyReportMarkdown(report));
  *resp.mutable_report() = report;
  co_return resp;
}

}  // namespace renda::reporting
