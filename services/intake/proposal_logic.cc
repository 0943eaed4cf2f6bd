#include "services/intake/proposal_logic.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/time_util.h"

namespace renda::intake {
namespace {

using renda::type::v1::Date;
using v1::ProposalState;

constexpr size_t kMaxTitle = 100;
constexpr size_t kMaxContent = 10000;
constexpr size_t kMaxCategory = 32;
constexpr int kMaxCoSigners = 200;

bool IsStaff(const Caller& c) { return c.Has(Role::kStaff) || c.Has(Role::kAdmin); }
bool IsReader(const Caller& c) {
  return IsStaff(c) || c.Has(Role::kLeader) || c.Has(Role::kService);
}

std::string StateName(ProposalState s) {
  switch (s) {
    case v1::PROPOSAL_STATE_FILED: return "FILED";
    case v1::PROPOSAL_STATE_ASSIGNED: return "ASSIGNED";
    case v1::PROPOSAL_STATE_REPLIED: return "REPLIED";
    case v1::PROPOSAL_STATE_HANDLING_AGAIN: return "HANDLING_AGAIN";
    case v1::PROPOSAL_STATE_CLOSED: return "CLOSED";
    default: return "UNSPECIFIED";
  }
}

absl::Status WrongState(const Proposal& p, absl::string_view action, absl::string_view allowed) {
  return MakeError(absl::StatusCode::kFailedPrecondition, "PROPOSAL_STATE",
                   absl::StrCat("cannot ", action, " ", p.name(), ": it is ", StateName(p.state()),
                                "; this is allowed only when it is ", allowed));
}

bool BeingHandled(const Proposal& p) {
  return p.state() == v1::PROPOSAL_STATE_ASSIGNED || p.state() == v1::PROPOSAL_STATE_HANDLING_AGAIN;
}

// The proposal with `to` as its state and the transition recorded.
Proposal Transition(Proposal p, v1::ProposalAction action, ProposalState to, const std::string& actor, absl::Time now,
                    const std::string& note) {
  auto* t = p.add_history();
  t->set_action(action);
  t->set_from_state(p.state());
  t->set_to_state(to);
  t->set_actor(actor);
  *t->mutable_time() = ToProtoTime(now);
  t->set_note(note);
  p.set_state(to);
  *p.mutable_update_time() = ToProtoTime(now);
  return p;
}

void StartRound(Proposal& p, absl::Time now) {
  auto* r = p.add_rounds();
  r->set_round(p.rounds_size());
  *r->mutable_start_date() = ChinaDateOf(now);
  *r->mutable_deadline() = AddMonths(r->start_date(), kReplyMonths);
}

std::string DeputyIndex(absl::string_view deputy_id) { return absl::StrCat("proposal:deputy:", deputy_id); }
std::string UnitIndex(absl::string_view unit) { return absl::StrCat("proposal:unit:", unit); }

}  // namespace

Date ChinaDateOf(absl::Time t) {
  const absl::CivilDay d = absl::ToCivilDay(t, ChinaTime());
  Date out;
  out.set_year(static_cast<int>(d.year()));
  out.set_month(d.month());
  out.set_day(d.day());
  return out;
}

Date AddMonths(const Date& date, int months) {
  const absl::CivilMonth m = absl::CivilMonth(date.year(), date.month()) + months;
  const int last = (absl::CivilDay(m + 1) - 1).day();  // the day before the next month's first
  Date out;
  out.set_year(static_cast<int>(m.year()));
  out.set_month(m.month());
  out.set_day(std::min(date.day(), last));
  return out;
}

bool DateBefore(const Date& a, const Date& b) {
  return std::make_tuple(a.year(), a.month(), a.day()) < std::make_tuple(b.year(), b.month(), b.day());
}

std::string FormatDate(const Date& d) { return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day()); }

void ValidateFiledProposal(const Proposal& p, absl::string_view congress, Validator& v) {
  v.Enum("proposal.kind", p.kind(), v1::ProposalKind_descriptor(), true)
      .Text("proposal.title", p.title(), kMaxTitle, true)
      .Text("proposal.content", p.content(), kMaxContent, true)
      .Text("proposal.category", p.category(), kMaxCategory, true);
  std::set<std::string> seen;
  if (!p.filer().empty()) {
    ResourceName n = ParseResourceName("proposal.filer", p.filer(), "deputies", v);
    if (!n.congress.empty() && n.congress != congress) v.Add("proposal.filer", "is a deputy of another congress");
    seen.insert(p.filer());
  }
  if (p.co_signers_size() > kMaxCoSigners) {
    v.Add("proposal.co_signers", absl::StrCat("at most ", kMaxCoSigners, " co-signers"));
  }
  for (int i = 0; i < p.co_signers_size(); ++i) {
    const std::string field = absl::StrCat("proposal.co_signers[", i, "]");
    ResourceName n = ParseResourceName(field, p.co_signers(i), "deputies", v);
    if (!n.congress.empty() && n.congress != congress) v.Add(field, "is a deputy of another congress");
    if (!seen.insert(p.co_signers(i)).second) {
      v.Add(field, p.co_signers(i) == p.filer() ? "is the filer; list only the other deputies"
                                                : "names a deputy twice");
    }
  }
  if (!p.delegation().empty()) {
    v.Id("proposal.delegation", p.delegation(), false);
    if (p.kind() != v1::PROPOSAL_KIND_BILL) v.Add("proposal.delegation", "only a bill is filed by a delegation");
  }
}

absl::StatusOr<std::string> FilerFor(const Caller& caller, absl::string_view congress, const Proposal& input) {
  if (IsStaff(caller)) {
    if (input.filer().empty()) {
      return InvalidRequest({{"proposal.filer", "name the deputy you file for (congresses/{c}/deputies/{d})"}});
    }
    return input.filer();
  }
  if (caller.Has(Role::kDeputy) && !caller.claims.deputy_id.empty()) {
    const std::string own = ResourceNameOf(congress, "deputies", caller.claims.deputy_id);
    if (input.filer().empty() || input.filer() == own) return own;
  }
  return MakeError(absl::StatusCode::kPermissionDenied, "NOT_YOURSELF",
                   "a deputy files only as themself; ask congress staff to enter a proposal for another deputy");
}

std::vector<std::string> SignersOf(const Proposal& p) {
  std::vector<std::string> out = {p.filer()};
  out.insert(out.end(), p.co_signers().begin(), p.co_signers().end());
  return out;
}

absl::Status CheckSigners(const Proposal& p, const std::vector<SignerStatus>& signers) {
  std::vector<std::string> problems;
  int serving = 0;
  for (const auto& s : signers) {
    if (!s.found) {
      problems.push_back(absl::StrCat(s.name, " is not a deputy of this congress"));
    } else if (!s.serving) {
      problems.push_back(absl::StrCat(s.display_name, " (", s.name, ") is not serving (", s.status, ")"));
    } else {
      ++serving;
    }
  }
  const bool bill = p.kind() == v1::PROPOSAL_KIND_BILL;
  if (bill && !p.delegation().empty() && !signers.empty() && signers[0].found && signers[0].serving &&
      signers[0].delegation != p.delegation()) {
    problems.push_back(absl::StrCat(signers[0].display_name, " (", signers[0].name, ") belongs to delegation '",
                                    signers[0].delegation, "', not '", p.delegation(),
                                    "', and cannot file a bill on its behalf"));
  }
  if (bill && p.delegation().empty() && serving < kBillMinSigners) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "TOO_FEW_SIGNERS",
                     absl::StrCat("a bill needs ", kBillMinSigners,
                                  " or more serving deputies jointly (or a delegation); ", serving,
                                  " serving named, ", kBillMinSigners - serving, " more needed",
                                  problems.empty() ? "" : "; ", absl::StrJoin(problems, "; ")));
  }
  if (!problems.empty()) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "SIGNER_NOT_SERVING",
                     absl::StrCat("only serving deputies may file or co-sign: ", absl::StrJoin(problems, "; ")));
  }
  return absl::OkStatus();
}

Proposal NewProposal(const Proposal& input, const std::string& name, const std::string& filer,
                     const std::string& actor, absl::Time now) {
  Proposal p;
  p.set_name(name);
  p.set_kind(input.kind());
  p.set_title(input.title());
  p.set_content(input.content());
  p.set_category(input.category());
  p.set_filer(filer);
  *p.mutable_co_signers() = input.co_signers();
  p.set_delegation(input.delegation());
  p.set_entered_by(actor);
  *p.mutable_create_time() = ToProtoTime(now);
  return Transition(std::move(p), v1::PROPOSAL_ACTION_FILED, v1::PROPOSAL_STATE_FILED, actor, now, "");
}

absl::StatusOr<Proposal> ApplyAssign(const Proposal& current, const std::string& lead_unit,
                                     const std::vector<std::string>& co_units, const std::string& note,
                                     const std::string& actor, absl::Time now) {
  if (current.state() != v1::PROPOSAL_STATE_FILED) return WrongState(current, "assign", "FILED");
  Proposal p = current;
  p.set_lead_unit(lead_unit);
  p.clear_co_units();
  for (const auto& u : co_units) p.add_co_units(u);
  StartRound(p, now);
  const std::string text = absl::StrCat("lead unit ", lead_unit,
                                        co_units.empty() ? "" : absl::StrCat("; co-units ", absl::StrJoin(co_units, ", ")),
                                        "; due ", FormatDate(p.rounds(0).deadline()), note.empty() ? "" : "; ", note);
  return Transition(std::move(p), v1::PROPOSAL_ACTION_ASSIGNED, v1::PROPOSAL_STATE_ASSIGNED, actor, now, text);
}

absl::StatusOr<Proposal> ApplyExtend(const Proposal& current, const Date& new_deadline, const std::string& reason,
                                     const std::string& actor, absl::Time now) {
  if (!BeingHandled(current) || current.rounds().empty()) {
    return WrongState(current, "extend the deadline of", "ASSIGNED or HANDLING_AGAIN");
  }
  Proposal p = current;
  auto* round = p.mutable_rounds(p.rounds_size() - 1);
  const Date limit = AddMonths(round->start_date(), kMaxReplyMonths);
  if (!DateBefore(round->deadline(), new_deadline)) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "DEADLINE_NOT_LATER",
                     absl::StrCat("the new deadline ", FormatDate(new_deadline), " is not after the current one, ",
                                  FormatDate(round->deadline())));
  }
  if (DateBefore(limit, new_deadline)) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "DEADLINE_BEYOND_LIMIT",
                     absl::StrCat("the deadline may be extended to at most ", kMaxReplyMonths, " months from ",
                                  FormatDate(round->start_date()), ", that is to ", FormatDate(limit), "; ",
                                  FormatDate(new_deadline), " is later"));
  }
  const std::string note =
      absl::StrCat("deadline ", FormatDate(round->deadline()), " → ", FormatDate(new_deadline), ": ", reason);
  *round->mutable_deadline() = new_deadline;
  round->set_extension_reason(reason);
  return Transition(std::move(p), v1::PROPOSAL_ACTION_DEADLINE_EXTENDED, current.state(), actor, now, note);
}

absl::StatusOr<Proposal> ApplyReply(const Proposal& current, const std::string& unit, v1::ReplyCategory category,
                                    const std::string& text, const std::string& actor, absl::Time now) {
  if (current.lead_unit() != unit) {
    return MakeError(absl::StatusCode::kPermissionDenied, "NOT_LEAD_UNIT",
                     absl::StrCat("only the lead unit (", current.lead_unit().empty() ? "none yet" : current.lead_unit(),
                                  ") replies to ", current.name()));
  }
  if (!BeingHandled(current) || current.rounds().empty()) {
    return WrongState(current, "reply to", "ASSIGNED or HANDLING_AGAIN");
  }
  Proposal p = current;
  auto* reply = p.mutable_rounds(p.rounds_size() - 1)->mutable_reply();
  reply->set_category(category);
  reply->set_text(text);
  reply->set_unit(unit);
  *reply->mutable_reply_time() = ToProtoTime(now);
  return Transition(std::move(p), v1::PROPOSAL_ACTION_REPLIED, v1::PROPOSAL_STATE_REPLIED, actor, now,
                    v1::ReplyCategory_Name(category));
}

absl::StatusOr<Proposal> ApplyRate(const Proposal& current, v1::Satisfaction satisfaction, const std::string& comment,
                                   const std::string& actor, absl::Time now) {
  if (current.state() != v1::PROPOSAL_STATE_REPLIED || current.rounds().empty()) {
    return WrongState(current, "rate", "REPLIED");
  }
  Proposal p = current;
  auto* rating = p.mutable_rounds(p.rounds_size() - 1)->mutable_rating();
  rating->set_satisfaction(satisfaction);
  rating->set_comment(comment);
  rating->set_actor(actor);
  *rating->mutable_rating_time() = ToProtoTime(now);
  const bool again = satisfaction == v1::SATISFACTION_NOT_SATISFIED;
  if (again) StartRound(p, now);
  const std::string note =
      absl::StrCat(v1::Satisfaction_Name(satisfaction),
                   again ? absl::StrCat("; handled again, due ", FormatDate(p.rounds(p.rounds_size() - 1).deadline()))
                         : "",
                   comment.empty() ? "" : "; ", comment);
  return Transition(std::move(p), v1::PROPOSAL_ACTION_RATED,
                    again ? v1::PROPOSAL_STATE_HANDLING_AGAIN : v1::PROPOSAL_STATE_CLOSED, actor, now, note);
}

absl::StatusOr<Proposal> ApplyKey(const Proposal& current, bool key, const std::string& note, const std::string& actor,
                                  absl::Time now) {
  if (current.state() == v1::PROPOSAL_STATE_CLOSED) return WrongState(current, "change the key flag of", "not CLOSED");
  if (current.key() == key) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "KEY_UNCHANGED",
                     absl::StrCat(current.name(), key ? " is already a key proposal" : " is not a key proposal"));
  }
  Proposal p = current;
  p.set_key(key);
  return Transition(std::move(p), key ? v1::PROPOSAL_ACTION_KEY_FLAGGED : v1::PROPOSAL_ACTION_KEY_CLEARED,
                    current.state(), actor, now, note);
}

bool MayRead(const Proposal& p, const Caller& caller) {
  if (IsReader(caller)) return true;
  if (caller.Has(Role::kDeputy) && !caller.claims.deputy_id.empty()) {
    for (const auto& s : SignersOf(p)) {
      Validator v;
      ResourceName n = ParseResourceName("deputy", s, "deputies", v);
      if (n.id == caller.claims.deputy_id) return true;
    }
  }
  if (caller.Has(Role::kHandlingUnit) && !caller.claims.unit_id.empty() && !p.lead_unit().empty()) {
    if (p.lead_unit() == caller.claims.unit_id) return true;
    for (const auto& u : p.co_units()) {
      if (u == caller.claims.unit_id) return true;
    }
  }
  return false;
}

absl::Status CheckMayRate(const Proposal& p, const Caller& caller) {
  if (IsStaff(caller)) return absl::OkStatus();
  Validator v;
  ResourceName filer = ParseResourceName("filer", p.filer(), "deputies", v);
  if (caller.Has(Role::kDeputy) && !caller.claims.deputy_id.empty() && filer.id == caller.claims.deputy_id) {
    return absl::OkStatus();
  }
  return MakeError(absl::StatusCode::kPermissionDenied, "NOT_FILER",
                   absl::StrCat("only the filing deputy (", p.filer(), ") rates the reply to ", p.name()));
}

std::vector<std::string> ProposalIndexes(const Proposal& p) {
  std::vector<std::string> out = {kProposalCollection, absl::StrCat("proposal:kind:", p.kind()),
                                  absl::StrCat("proposal:state:", p.state())};
  for (const auto& s : SignersOf(p)) {
    Validator v;
    ResourceName n = ParseResourceName("deputy", s, "deputies", v);
    if (!n.id.empty()) out.push_back(DeputyIndex(n.id));
  }
  if (!p.lead_unit().empty()) out.push_back(UnitIndex(p.lead_unit()));
  for (const auto& u : p.co_units()) out.push_back(UnitIndex(u));
  if (p.key()) out.push_back("proposal:key");
  return out;
}

void ValidateListProposals(const v1::ListProposalsRequest& r, absl::string_view congress, Validator& v) {
  v.PageSize("page_size", r.page_size(), 200)
      .Enum("kind", r.kind(), v1::ProposalKind_descriptor(), false)
      .Enum("state", r.state(), v1::ProposalState_descriptor(), false)
      .Id("unit", r.unit(), false);
  if (!r.deputy().empty()) {
    ResourceName n = ParseResourceName("deputy", r.deputy(), "deputies", v);
    if (!n.congress.empty() && n.congress != congress) v.Add("deputy", "is a deputy of another congress");
  }
}

absl::StatusOr<v1::ListProposalsRequest> ScopeListForCaller(const v1::ListProposalsRequest& request,
                                                            const Caller& caller, absl::string_view congress) {
  if (IsReader(caller)) return request;
  v1::ListProposalsRequest out = request;
  if (caller.Has(Role::kDeputy) && !caller.claims.deputy_id.empty()) {
    const std::string own = ResourceNameOf(congress, "deputies", caller.claims.deputy_id);
    if (!request.deputy().empty() && request.deputy() != own) {
      return MakeError(absl::StatusCode::kPermissionDenied, "NOT_YOURSELF",
                       "a deputy lists only the proposals they filed or co-signed");
    }
    out.set_deputy(own);
    return out;
  }
  if (caller.Has(Role::kHandlingUnit) && !caller.claims.unit_id.empty()) {
    if (!request.unit().empty() && request.unit() != caller.claims.unit_id) {
      return MakeError(absl::StatusCode::kPermissionDenied, "NOT_YOUR_UNIT",
                       "a handling unit lists only the proposals assigned to it");
    }
    out.set_unit(caller.claims.unit_id);
    return out;
  }
  return MakeError(absl::StatusCode::kPermissionDenied, "NO_PROPOSALS_FOR_CALLER",
                   "this token names neither a deputy (deputy_id) nor a handling unit (unit_id)");
}

std::vector<std::string> ListProposalIndexes(const v1::ListProposalsRequest& r, absl::string_view congress) {
  std::vector<std::string> out;
  if (r.kind() != v1::PROPOSAL_KIND_UNSPECIFIED) out.push_back(absl::StrCat("proposal:kind:", r.kind()));
  if (r.state() != v1::PROPOSAL_STATE_UNSPECIFIED) out.push_back(absl::StrCat("proposal:state:", r.state()));
  if (!r.unit().empty()) out.push_back(UnitIndex(r.unit()));
  if (!r.deputy().empty()) {
    Validator v;
    ResourceName n = ParseResourceName("deputy", r.deputy(), "deputies", v);
    if (n.congress == congress) out.push_back(DeputyIndex(n.id));
  }
  if (r.key_only()) out.push_back("proposal:key");
  if (out.empty()) out.push_back(kProposalCollection);
  return out;
}

std::string ListProposalScope(const v1::ListProposalsRequest& r) {
  return absl::StrCat("ListProposals|", r.parent(), "|", r.kind(), "|", r.state(), "|", r.unit(), "|", r.deputy(),
                      "|", r.key_only());
}

}  // namespace renda::intake
