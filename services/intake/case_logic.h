#pragma once
// The closed loop of a citizen's case (分级分类闭环处理) as pure rules: which transition is allowed
// from which state, what it changes, the working-day deadline of a grade, the escalation of an
// overdue case, closing for lack of feedback, near-duplicate similarity, the citizen's view and
// the masked publication. No gRPC, no Redis: the service reads, calls these, and writes.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "renda/intake/v1/intake.pb.h"
#include "services/common/auth.h"
#include "services/intake/opinion_logic.h"
#include "services/intake/working_calendar.h"

namespace renda::intake {

// The time limits of the loop.
struct CasePolicy {
  // Working days a unit has to answer, by grade.
  int urgent_days = 3;
  int important_days = 10;
  int normal_days = 15;
  // Working days after the deadline until staff supervise (level 2), and after that until a
  // leader is told (level 3). Level 1, the reminder, comes the day the deadline passes.
  int supervised_after_days = 3;
  int leader_after_days = 5;
  // Calendar days the citizen has to give feedback on a reply.
  int feedback_days = 15;
  // Most cases that may be merged into one.
  int max_merged = 50;
};

// Working days allowed for `grade` (the normal grade's when unspecified).
int DeadlineDays(const CasePolicy& policy, v1::Grade grade);

// The end of the working day `n` working days after the day of `now` (China Standard Time):
// the first instant of the following day.
absl::StatusOr<absl::Time> WorkingDeadline(const WorkingCalendar& calendar, absl::Time now, int n);


// The transitions. Each answers FAILED_PRECONDITION, naming the state and what would be needed,
// when the case's state does not allow it.
// Classifying an ASSIGNED or IN_PROGRESS case into another grade counts its deadline again from
// the current assignment with the new grade's working days (escalation starts over when the new
// deadline is still ahead).
absl::StatusOr<Opinion> ApplyClassify(const Opinion& current, const std::string& category, v1::Grade grade,
                                      absl::string_view note, const Caller& caller, absl::Time now,
                                      const WorkingCalendar& calendar, const CasePolicy& policy);
absl::StatusOr<Opinion> ApplyReview(const Opinion& current, bool accept, absl::string_view note,
                                    const Caller& caller, absl::Time now);
absl::StatusOr<Opinion> ApplyAssign(const Opinion& current, const std::string& unit, absl::string_view note,
                                    const Caller& caller, absl::Time now, const WorkingCalendar& calendar,
                                    const CasePolicy& policy);
absl::StatusOr<Opinion> ApplyStartHandling(const Opinion& current, absl::string_view note, const Caller& caller,
                                           absl::Time now);
absl::StatusOr<Opinion> ApplyReply(const Opinion& current, const std::string& text, const Caller& caller,
                                   absl::Time now, const CasePolicy& policy);
absl::StatusOr<Opinion> ApplyFeedback(const Opinion& current, bool satisfied, absl::string_view note,
                                      const Caller& caller, absl::Time now);
// The case being merged (becomes MERGED) and the case it joins (records it).
absl::StatusOr<Opinion> ApplyMergeFrom(const Opinion& current, const Opinion& into, absl::string_view note,
                                       const Caller& caller, absl::Time now);
absl::StatusOr<Opinion> ApplyMergeInto(const Opinion& current, const Opinion& from, const Caller& caller,
                                       absl::Time now, const CasePolicy& policy);
// A merged case following the case it joined: the reply and the closing are copied (each an
// update in the feed, so its submitter is told). Returns std::nullopt when nothing changed.
std::optional<Opinion> FollowMergeTarget(const Opinion& merged, const Opinion& target, absl::Time now);

// What the deadline sweep does to a case at `now`: raise the escalation level of an overdue
// ASSIGNED/IN_PROGRESS case (one step per level reached, each in the history), or close a
// REPLIED case whose feedback is overdue (NO_RESPONSE). std::nullopt when nothing is due.
std::optional<Opinion> ApplySweep(const Opinion& current, absl::Time now, const WorkingCalendar& calendar,
                                  const CasePolicy& policy);

// The share of distinct character pairs two texts have in common (Jaccard), 0 to 1.
double TextSimilarity(absl::string_view a, absl::string_view b);

// The case as anyone holding its tracking code sees it: no contact data, history actors as roles,
// no other cases' names.
Opinion CitizenView(Opinion o);

// The masked publication of a closed case (personal data removed from title, text and reply,
// including the submitter's own name, phone and e-mail wherever they occur).
v1::Publication MakePublication(const Opinion& o, absl::Time now);
// FAILED_PRECONDITION unless the case may be published (CLOSED).
absl::Status CheckPublishable(const Opinion& o);

// Normalizes a typed tracking code: capitals, spaces and dashes removed; "" when it cannot be one.
std::string NormalizeTrackingCode(absl::string_view code);

}  // namespace renda::intake
