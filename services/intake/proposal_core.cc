#include "services/intake/proposal_core.h"

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/common/names.h"
#include "services/common/validation.h"
#include "services/intake/proposal_logic.h"

namespace renda::intake {
namespace {

const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
const Roles kFilerRoles = {Role::kDeputy, Role::kStaff, Role::kAdmin};
const Roles kReaderRoles = {Role::kDeputy, Role::kHandlingUnit, Role::kStaff, Role::kLeader, Role::kAdmin,
                            Role::kService};
constexpr size_t kMaxReply = 10000;
constexpr size_t kMaxNote = 500;
constexpr size_t kMaxComment = 2000;

// Unit ids of an assignment: the lead required, co-units distinct and not the lead.
std::vector<std::string> CheckUnits(const v1::AssignProposalRequest& req, Validator& v) {
  v.Id("lead_unit", req.lead_unit(), true);
  if (req.co_units_size() > 20) v.Add("co_units", "at most 20 co-handling units");
  std::set<std::string> seen = {req.lead_unit()};
  std::vector<std::string> out;
  for (int i = 0; i < req.co_units_size(); ++i) {
    const std::string field = absl::StrCat("co_units[", i, "]");
    v.Id(field, req.co_units(i), true);
    if (!seen.insert(req.co_units(i)).second) {
      v.Add(field, req.co_units(i) == req.lead_unit() ? "is the lead unit" : "names a unit twice");
    }
    out.push_back(req.co_units(i));
  }
  return out;
}

// A request that changes one proposal, with its other checks in `v`: `mutate` applied to the
// proposal as stored (retried on a concurrent change; a retried request id answers as the first
// time). Someone who may not see the proposal learns nothing of it.
template <class Response, class Request>
Task<absl::StatusOr<Response>> Change(const IntakeStore* store, const Clock* clock, const Caller& caller, Validator v,
                                      const Request& req,
                                      std::function<absl::StatusOr<Proposal>(const Proposal&, absl::Time)> mutate) {
  const ResourceName name = ParseResourceName("name", req.name(), kProposalCollection, v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = clock->Now();
  Response resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_proposal(),
                      co_await store->proposals.Update(name.congress, name.id, "", OriginOf(caller, req, now),
                                                       [&](const Proposal& current) -> absl::StatusOr<Proposal> {
                                                         if (!MayRead(current, caller)) {
                                                           return NotFound("proposal", current.name());
                                                         }
                                                         return mutate(current, now);
                                                       }));
  co_return resp;
}

}  // namespace

const AccessTable& ProposalAccess() {
  static const AccessTable* table = new AccessTable{
      {"FileProposal", kFilerRoles},
      {"GetProposal", kReaderRoles},
      {"ListProposals", kReaderRoles},
      {"AssignProposal", kStaffRoles},
      {"ExtendProposalDeadline", kStaffRoles},
      {"ReplyProposal", Roles{Role::kHandlingUnit}},
      {"RateProposal", kFilerRoles},
      {"SetProposalKey", kStaffRoles},
  };
  return *table;
}

Task<absl::StatusOr<v1::FileProposalResponse>> ProposalCore::FileProposal(const Caller& caller,
                                                                          const v1::FileProposalRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateFiledProposal(req.proposal(), congress, v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  CO_ASSIGN_OR_RETURN(auto filer, FilerFor(caller, congress, req.proposal()));
  Proposal input = req.proposal();
  input.set_filer(filer);
  for (const auto& c : input.co_signers()) {
    if (c == filer) {
      const std::vector<FieldViolation> violations = {{"proposal.co_signers", "lists the filer; list only the others"}};
      co_return InvalidRequest(violations);
    }
  }

  // Whether the deputies named serve (and a bill's ten of them, or its delegation).
  CO_ASSIGN_OR_RETURN(auto signers, co_await signers_->LookUp(congress, SignersOf(input)));
  CO_RETURN_IF_ERROR(CheckSigners(input, signers));
  const absl::Time now = runtime_.clock->Now();
  Proposal proposal = NewProposal(input, ResourceNameOf(congress, kProposalCollection, NewTimeOrderedId(now)),
                                  input.filer(), caller.subject(), now);
  v1::FileProposalResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_proposal(),
                      co_await store_->proposals.Create(std::move(proposal), OriginOf(caller, req, now)));
  co_return resp;
}

Task<absl::StatusOr<v1::GetProposalResponse>> ProposalCore::GetProposal(const Caller& caller,
                                                                        const v1::GetProposalRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kProposalCollection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  CO_ASSIGN_OR_RETURN(auto proposal, co_await store_->proposals.Get(name.congress, name.id));
  if (!MayRead(proposal, caller)) co_return NotFound("proposal", proposal.name());
  v1::GetProposalResponse resp;
  *resp.mutable_proposal() = std::move(proposal);
  co_return resp;
}

Task<absl::StatusOr<v1::ListProposalsResponse>> ProposalCore::ListProposals(const Caller& caller,
                                                                            const v1::ListProposalsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateListProposals(req, congress, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  CO_ASSIGN_OR_RETURN(auto scoped, ScopeListForCaller(req, caller, congress));
  ListQuery query{.congress = congress,
                  .indexes = ListProposalIndexes(scoped, congress),
                  .scope = ListProposalScope(scoped),
                  .page_token = req.page_token(),
                  .page_size = req.page_size(),
                  .descending = true};
  co_return co_await store_->proposals.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListProposalsResponse::mutable_proposals,
                     [&caller](Proposal& p) { return MayRead(p, caller); });
}

Task<absl::StatusOr<v1::AssignProposalResponse>> ProposalCore::AssignProposal(const Caller& caller,
                                                                              const v1::AssignProposalRequest& req) {
  Validator v;
  const std::vector<std::string> co_units = CheckUnits(req, v);
  v.Text("note", req.note(), kMaxNote, false);
  // Only to registered units that still take work.
  const std::string congress = SplitEntityName(req.name()).congress;
  if (v.ok() && CheckCongress(caller, congress).ok()) {
    CO_RETURN_IF_ERROR(co_await runtime_.registry->CheckUnit(congress, req.lead_unit(), "lead_unit"));
    for (size_t i = 0; i < co_units.size(); ++i) {
      CO_RETURN_IF_ERROR(co_await runtime_.registry->CheckUnit(congress, co_units[i], absl::StrCat("co_units[", i, "]")));
    }
  }
  co_return co_await Change<v1::AssignProposalResponse>(
      store_, runtime_.clock, caller, std::move(v), req, [&](const Proposal& current, absl::Time now) {
        return ApplyAssign(current, req.lead_unit(), co_units, req.note(), caller.subject(), now);
      });
}

Task<absl::StatusOr<v1::ExtendProposalDeadlineResponse>> ProposalCore::ExtendProposalDeadline(
    const Caller& caller, const v1::ExtendProposalDeadlineRequest& req) {
  Validator v;
  v.Text("reason", req.reason(), kMaxNote, true);
  const auto& d = req.new_deadline();
  if (!req.has_new_deadline() || d.year() < 1900 || d.year() > 2200 || d.month() < 1 || d.month() > 12 ||
      d.day() < 1 || d.day() > 31 || absl::CivilDay(d.year(), d.month(), d.day()).day() != d.day()) {
    v.Add("new_deadline", "must be a valid date, e.g. {year: 2024, month: 12, day: 1}");
  }
  co_return co_await Change<v1::ExtendProposalDeadlineResponse>(
      store_, runtime_.clock, caller, std::move(v), req, [&](const Proposal& current, absl::Time now) {
        return ApplyExtend(current, req.new_deadline(), req.reason(), caller.subject(), now);
      });
}

Task<absl::StatusOr<v1::ReplyProposalResponse>> ProposalCore::ReplyProposal(const Caller& caller,
                                                                            const v1::ReplyProposalRequest& req) {
  Validator v;
  v.Enum("category", req.category(), v1::ReplyCategory_descriptor(), true).Text("text", req.text(), kMaxReply, true);
  co_return co_await Change<v1::ReplyProposalResponse>(
      store_, runtime_.clock, caller, std::move(v), req, [&](const Proposal& current, absl::Time now) {
        return ApplyReply(current, caller.claims.unit_id, req.category(), req.text(), caller.subject(), now);
      });
}

Task<absl::StatusOr<v1::RateProposalResponse>> ProposalCore::RateProposal(const Caller& caller,
                                                                          const v1::RateProposalRequest& req) {
  Validator v;
  v.Enum("satisfaction", req.satisfaction(), v1::Satisfaction_descriptor(), true)
      .Text("comment", req.comment(), kMaxComment, false);
  co_return co_await Change<v1::RateProposalResponse>(
      store_, runtime_.clock, caller, std::move(v), req,
      [&](const Proposal& current, absl::Time now) -> absl::StatusOr<Proposal> {
        if (auto s = CheckMayRate(current, caller); !s.ok()) return s;
        return ApplyRate(current, req.satisfaction(), req.comment(), caller.subject(), now);
      });
}

Task<absl::StatusOr<v1::SetProposalKeyResponse>> ProposalCore::SetProposalKey(const Caller& caller,
                                                                              const v1::SetProposalKeyRequest& req) {
  Validator v;
  v.Text("note", req.note(), kMaxNote, false);
  co_return co_await Change<v1::SetProposalKeyResponse>(
      store_, runtime_.clock, caller, std::move(v), req, [&](const Proposal& current, absl::Time now) {
        return ApplyKey(current, req.key(), req.note(), caller.subject(), now);
      });
}

}  // namespace renda::intake
