#pragma once
// Pure rules of deputies' bills and suggestions (议案建议): what a valid filing is, who may file
// for whom, the co-signer rule of bills, the handling state machine (assign → reply → rate,
// handled again when not satisfied), deadline arithmetic (3 months, at most 6), who may see a
// proposal, and the indexes it is listed under. No gRPC, no Redis.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "renda/intake/v1/proposal.pb.h"
#include "services/common/auth.h"
#include "services/common/validation.h"

namespace renda::intake {

using v1::Proposal;

inline constexpr char kProposalKind[] = "proposal";
inline constexpr char kProposalCollection[] = "proposals";
// Deputies a bill needs jointly when no delegation files it.
inline constexpr int kBillMinSigners = 10;
// Months a unit has to reply, and the most an extension may give, from a round's start.
inline constexpr int kReplyMonths = 3;
inline constexpr int kMaxReplyMonths = 6;

// The day of `t` in China Standard Time.
renda::type::v1::Date ChinaDateOf(absl::Time t);
// `date` plus `months`, the day clamped to the length of the target month (Nov 30 + 3 → Feb 28/29).
renda::type::v1::Date AddMonths(const renda::type::v1::Date& date, int months);
// a < b, a == b as days.
bool DateBefore(const renda::type::v1::Date& a, const renda::type::v1::Date& b);
// "2024-09-01".
std::string FormatDate(const renda::type::v1::Date& d);

// Checks the fields a filer sets (field paths start with "proposal."), in `congress`. Deputy
// names in filer and co_signers must be deputies of `congress`, distinct, the filer not among
// the co-signers; a delegation only on a bill.
void ValidateFiledProposal(const Proposal& proposal, absl::string_view congress, Validator& v);

// The filer's resource name: a deputy files as themself (an empty filer means themself; another
// deputy's name is PERMISSION_DENIED); staff and admin must name the deputy (INVALID_ARGUMENT).
absl::StatusOr<std::string> FilerFor(const Caller& caller, absl::string_view congress, const Proposal& input);

// Every deputy a filing names: the filer first, then the co-signers.
std::vector<std::string> SignersOf(const Proposal& proposal);

// What the representatives service says of one named deputy.
struct SignerStatus {
  std::string name;          // congresses/{c}/deputies/{d}
  bool found = false;        // false: no such deputy
  std::string display_name;  // e.g. 王建国
  bool serving = false;
  std::string status;        // e.g. DEPUTY_STATUS_RESIGNED
  std::string delegation;    // the deputy's delegation id
};

// The filing rule, given the status of every deputy SignersOf names (in that order): each must
// be a serving deputy; a bill needs kBillMinSigners serving deputies, or a delegation the filer
// belongs to. FAILED_PRECONDITION naming who is not serving and how many are missing.
absl::Status CheckSigners(const Proposal& proposal, const std::vector<SignerStatus>& signers);

// The proposal as first stored: FILED, with the first transition.
Proposal NewProposal(const Proposal& input, const std::string& name, const std::string& filer,
                     const std::string& actor, absl::Time now);

// The transitions. Each returns the proposal after the change, with the transition appended
// to its history, or FAILED_PRECONDITION (reason PROPOSAL_STATE, or a rule's own) naming what
// is wrong and what would be allowed.
absl::StatusOr<Proposal> ApplyAssign(const Proposal& current, const std::string& lead_unit,
                                     const std::vector<std::string>& co_units, const std::string& note,
                                     const std::string& actor, absl::Time now);
absl::StatusOr<Proposal> ApplyExtend(const Proposal& current, const renda::type::v1::Date& new_deadline,
                                     const std::string& reason, const std::string& actor, absl::Time now);
// `unit` is the replying unit's id (PERMISSION_DENIED unless it is the lead unit).
absl::StatusOr<Proposal> ApplyReply(const Proposal& current, const std::string& unit, v1::ReplyCategory category,
                                    const std::string& text, const std::string& actor, absl::Time now);
absl::StatusOr<Proposal> ApplyRate(const Proposal& current, v1::Satisfaction satisfaction, const std::string& comment,
                                   const std::string& actor, absl::Time now);
absl::StatusOr<Proposal> ApplyKey(const Proposal& current, bool key, const std::string& note, const std::string& actor,
                                  absl::Time now);

// Whether the caller may read the proposal: staff, leader, admin and service all; a deputy the
// ones they filed or co-signed; a handling unit the ones assigned to it.
bool MayRead(const Proposal& proposal, const Caller& caller);
// PERMISSION_DENIED unless the caller may rate: the filing deputy, or staff/admin.
absl::Status CheckMayRate(const Proposal& proposal, const Caller& caller);

// The indexes a proposal is listed under.
std::vector<std::string> ProposalIndexes(const Proposal& proposal);
// Checks the filters and page size of a list request (deputy names in `congress`).
void ValidateListProposals(const v1::ListProposalsRequest& request, absl::string_view congress, Validator& v);
// The request as the caller may make it: a deputy's list is limited to themself, a unit's to
// itself; PERMISSION_DENIED when their filter names someone else.
absl::StatusOr<v1::ListProposalsRequest> ScopeListForCaller(const v1::ListProposalsRequest& request,
                                                            const Caller& caller, absl::string_view congress);
// The indexes a list request must match (all of them).
std::vector<std::string> ListProposalIndexes(const v1::ListProposalsRequest& request, absl::string_view congress);
// Identifies the query of a list request, for page tokens.
std::string ListProposalScope(const v1::ListProposalsRequest& request);

}  // namespace renda::intake
