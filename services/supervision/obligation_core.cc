#include "services/supervision/obligation_core.h"

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/validation.h"
#include "services/supervision/obligation_logic.h"
#include "services/supervision/problem_logic.h"
#include "services/supervision/supervision_logic.h"

namespace renda::supervision {
namespace {
const Roles kPlannerRoles = {Role::kStaff, Role::kLeader, Role::kAdmin};
constexpr char kLabel[] = "reporting obligation";
constexpr int kMaxReport = 20000;
constexpr int kMaxId = 40;
}  // namespace

const AccessTable& ObligationAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateReportingObligation", kPlannerRoles},
      {"GetReportingObligation", kSignedIn},
      {"ListReportingObligations", kSignedIn},
      {"SubmitObligationReport", {Role::kHandlingUnit}},
  };
  return *table;
}

Task<absl::StatusOr<v1::CreateReportingObligationResponse>> ObligationCore::CreateReportingObligation(
    const Caller& caller, const v1::CreateReportingObligationRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  const absl::Time now = runtime_.clock->Now();
  ValidateObligationFields(req.reporting_obligation(), ChinaDayOf(now), v);
  v.RequestId("request_id", req.request_id()).Id("reporting_obligation_id", req.reporting_obligation_id(), false);
  if (req.reporting_obligation_id().size() > kMaxId) v.Add("reporting_obligation_id", "at most 40 characters");
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  CO_RETURN_IF_ERROR(
      co_await runtime_.registry->CheckUnit(congress, req.reporting_obligation().body(), "reporting_obligation.body"));
  const std::string id = req.reporting_obligation_id().empty() ? NewTimeOrderedId(now) : req.reporting_obligation_id();
  v1::CreateReportingObligationResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_reporting_obligation(),
                      co_await store_->obligations.Create(
                          NewObligation(req.reporting_obligation(), store_->obligations.kind().NameOf(congress, id),
                                        caller.subject(), now),
                          OriginOf(caller, req, now)));
  co_return resp;
}

Task<absl::StatusOr<v1::GetReportingObligationResponse>> ObligationCore::GetReportingObligation(
    const Caller& caller, const v1::GetReportingObligationRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), store_->obligations.kind().collection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  CO_ASSIGN_OR_RETURN(auto o, co_await store_->obligations.Get(name.congress, name.id));
  if (UnitMayNotSee(caller, o.body())) co_return NotFound(kLabel, req.name());
  v1::GetReportingObligationResponse resp;
  *resp.mutable_reporting_obligation() = std::move(o);
  co_return resp;
}

Task<absl::StatusOr<v1::ListReportingObligationsResponse>> ObligationCore::ListReportingObligations(
    const Caller& caller, const v1::ListReportingObligationsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateListObligations(req, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  std::string body = req.body();
  if (ActsOnlyForOwnUnit(caller)) {
    if (!body.empty() && body != caller.claims.unit_id) {
      co_return MakeError(absl::StatusCode::kPermissionDenied, "OTHER_UNITS_OBLIGATIONS",
                          absl::StrCat("a handling unit lists only its own obligations (", caller.claims.unit_id, ")"));
    }
    body = caller.claims.unit_id;
  }
  ListQuery query = PageQuery(congress, ListObligationsIndexes(req, body), ListObligationsScope(req, body), req);
  co_return co_await store_->obligations.ListInto(*runtime_.page_tokens, std::move(query),
                                                  &v1::ListReportingObligationsResponse::mutable_reporting_obligations);
}

Task<absl::StatusOr<v1::SubmitObligationReportResponse>> ObligationCore::SubmitObligationReport(
    const Caller& caller, const v1::SubmitObligationReportRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), store_->obligations.kind().collection, v);
  v.Text("report", req.report(), kMaxReport, true).RequestId("request_id", req.request_id());
  ValidateEvidence("attachments", req.attachments(), v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  v1::SubmitObligationReportResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_reporting_obligation(),
                      co_await store_->obligations.UpdateNamed(
                          req.name(), "", OriginOf(caller, req, now),
                          [&](const v1::ReportingObligation& o) -> absl::StatusOr<v1::ReportingObligation> {
                            if (UnitMayNotSee(caller, o.body())) return NotFound(kLabel, req.name());
                            return ApplySubmitObligation(o, req, caller.subject(), now);
                          }));
  co_return resp;
}

}  // namespace renda::supervision
