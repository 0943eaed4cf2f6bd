#pragma once
// Pure rules of the supervision plan: what a valid supervision item is, the item as first
// stored, its lifecycle (planned → in progress → reported → reviewed → rectifying → look-back →
// closed) and how it follows its problems, its participants, which indexes it is listed under,
// and the calendar days the deadlines are counted in. No gRPC, no Redis.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "renda/supervision/v1/problems.pb.h"
#include "renda/supervision/v1/supervision.pb.h"
#include "renda/type/v1/date.pb.h"
#include "services/common/validation.h"

namespace renda::supervision {

using v1::SupervisionItem;
using Date = renda::type::v1::Date;

// ---- Calendar days (China time) ----

// The day `t` falls on in China time.
absl::CivilDay ChinaDayOf(absl::Time t);
// The Date of a day, and back (a Date that is no calendar day gives absl::nullopt).
Date DateOfDay(absl::CivilDay day);
std::optional<absl::CivilDay> DayOfDate(const Date& date);
// "2026-03-01".
std::string DateText(const Date& date);
// Checks a date field: a real calendar day between 2000 and 2100; when `not_before` is given,
// not before that day. `required` refuses an unset one. True when the date is set and valid.
bool CheckDate(absl::string_view field, const Date& date, bool required, std::optional<absl::CivilDay> not_before,
               Validator& v);

// ---- Items ----

// Checks the fields a client may set; field paths start with "supervision_item.". Participants
// must be deputies of `congress` (their names; whether they serve is asked of the
// representatives service).
void ValidateItemFields(const SupervisionItem& item, Validator& v, absl::string_view congress = "");

// The item as first stored: the client's fields, PLANNED, the times, a first history step by
// `actor`. Output-only fields of `input` are ignored; participants keep only their deputy (the
// core fills in names and join dates).
SupervisionItem NewItem(const SupervisionItem& input, const std::string& name, absl::Time now,
                        const std::string& actor = "");

// What the problems of an item say about it.
struct ProblemTally {
  int total = 0;
  int accepted = 0;  // ACCEPTED or CLOSED
  int closed = 0;    // CLOSED
};
ProblemTally TallyProblems(const std::vector<v1::Problem>& problems);

// One move of the lifecycle asked by staff (AdvanceSupervisionItem): the item after it, or
// FAILED_PRECONDITION (ILLEGAL_ITEM_TRANSITION naming the state; PROBLEMS_NOT_DONE when the
// problems stand in the way), INVALID_ARGUMENT for a missing report or review opinion.
absl::StatusOr<SupervisionItem> ApplyAdvance(const SupervisionItem& item, v1::SupervisionItemState target,
                                             const std::string& note, const std::string& report,
                                             const ProblemTally& problems, const std::string& actor, absl::Time now);

// Issuing `count` more problems: the item RECTIFYING (from REVIEWED, or already so) with its
// problem count raised; FAILED_PRECONDITION (ILLEGAL_ITEM_TRANSITION) in any other state.
absl::StatusOr<SupervisionItem> ApplyIssue(const SupervisionItem& item, int count, const std::string& actor,
                                           absl::Time now);

// The item after one of its problems changed, when its state follows (RECTIFYING → LOOK_BACK
// once every problem is accepted, → CLOSED once every one is closed, and back to RECTIFYING
// when one reopens); std::nullopt when it stays as it is.
std::optional<SupervisionItem> FollowProblems(const SupervisionItem& item, const ProblemTally& problems,
                                              absl::Time now);

// The item with the deputies of `added` (name and display name) as participants, joined on
// `day`; those already taking part are left as they are. FAILED_PRECONDITION (ITEM_CLOSED) for a
// closed item.
struct NewParticipant {
  std::string deputy;
  std::string display_name;
};
absl::StatusOr<SupervisionItem> AddParticipants(const SupervisionItem& item, const std::vector<NewParticipant>& added,
                                                absl::CivilDay day, absl::Time now);

// The index names an item is listed under.
std::vector<std::string> ItemIndexes(const SupervisionItem& item);
// Checks the filters and the page size of a list request.
void ValidateListRequest(const v1::ListSupervisionItemsRequest& request, Validator& v);
// The indexes a list request must match (all of them).
std::vector<std::string> ListIndexes(const v1::ListSupervisionItemsRequest& request);
// A string that identifies the query of a list request, for page tokens.
std::string ListScope(const v1::ListSupervisionItemsRequest& request);

// ---- Escalation of what is overdue (problems and reporting obligations) ----

// The escalation level a thing due on `due` has on `today`: 0 while not late, 1 from the first
// day late, 2 from the 15th, 3 from the 30th.
int EscalationLevelDue(const Date& due, absl::CivilDay today);
// "逾期 N 天", for the history.
std::string DelayText(const Date& due, absl::CivilDay today);

}  // namespace renda::supervision
