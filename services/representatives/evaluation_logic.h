#pragma once
// Pure rules of the performance evaluation (履职评估) and the exit mechanism (退出机制): valid
// scoring rules, a deputy's score with its breakdown, rankings, which exit cases the records
// call for, the exit-case state machine, and the annual duty report's data. No gRPC, no Redis.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "renda/representatives/v1/duty_record.pb.h"
#include "renda/representatives/v1/evaluation.pb.h"
#include "renda/representatives/v1/representatives.pb.h"
#include "services/common/validation.h"

namespace renda::representatives {

inline constexpr char kRulesKind[] = "scoringrules";
inline constexpr char kRulesCollection[] = "scoringRules";
inline constexpr char kRulesIndex[] = "scoringRules";
inline constexpr char kExitCaseKind[] = "exitcase";
inline constexpr char kExitCaseCollection[] = "exitCases";
// Missed sessions that open a case when the rules do not say (the Deputy Law's number).
inline constexpr int kDefaultMissedSessions = 2;

// Checks the client fields of new rules (field paths start with "scoring_rules.").
void ValidateScoringRules(const v1::ScoringRules& rules, Validator& v);
// The id of a rules version: the number zero-padded to 6 digits, so ids sort by version.
std::string RulesId(int version);
// The rules as stored as version `version`.
v1::ScoringRules NewScoringRules(const v1::ScoringRules& input, absl::string_view congress, int version,
                                 absl::string_view actor, absl::Time now);
// How many sessions missed without approval open a case under `rules` (null: no rules yet).
int MissedSessionsLimit(const v1::ScoringRules* rules);

// The score of `deputy` (a resource name) for `year`: every CONFIRMED record dated in the year
// counts, in date order; a type's points stop at its yearly cap; a session ABSENT costs the
// absence penalty, EXCUSED costs nothing. Other records are ignored.
v1::DeputyScore ScoreDeputy(const v1::ScoringRules& rules, absl::string_view deputy, int year,
                            const std::vector<v1::DutyRecord>& records);

// Orders deputies by score, best first (equal scores by deputy name), and sets their ranks:
// equal scores share a rank and the next rank skips (1, 2, 2, 4).
std::vector<v1::RankedDeputy> RankByScore(std::vector<v1::RankedDeputy> deputies);

// The id of the case of `deputy_id` on `ground` met in `year`: one case per deputy, ground and
// year, whoever finds it first.
std::string ExitCaseId(absl::string_view deputy_id, v1::ExitGround ground, int year);
// The indexes an exit case is listed under: all cases, its deputy's, its state's.
std::vector<std::string> ExitCaseIndexes(const v1::ExitCase& exit_case);
// The indexes a list of cases must match (all of them): the deputy's and/or the state's, or all
// cases when neither filter is given.
std::vector<std::string> ExitCaseListIndexes(absl::string_view deputy_id, v1::ExitCaseState state);

// A newly opened case; its first step (OPENED) names `actor` and the detail.
v1::ExitCase NewExitCase(absl::string_view congress, absl::string_view deputy_id, v1::ExitGround ground, int year,
                         std::vector<std::string> evidence, std::string detail, int rules_version,
                         absl::string_view actor, absl::Time now);

// The case missed sessions call for: `absences` are the deputy's counted absences (any order,
// duplicates by name ignored); once `limit` of them are dated on or before `as_of` (no bound
// when null) a case opens, for the year of the limit-th one, with those records as evidence.
std::optional<v1::ExitCase> MissedSessionsCase(absl::string_view congress, absl::string_view deputy_id,
                                               std::vector<v1::DutyRecord> absences, int limit, int rules_version,
                                               const renda::type::v1::Date* as_of, absl::string_view actor,
                                               absl::Time now);
// The case a low score calls for (none when the rules set no minimum or the score reaches it).
std::optional<v1::ExitCase> LowScoreCase(absl::string_view congress, absl::string_view deputy_id,
                                         const v1::DeputyScore& score, const v1::ScoringRules& rules,
                                         absl::string_view actor, absl::Time now);
// The day `months` months before `date` (the day clamped to the month's length).
renda::type::v1::Date MonthsBefore(const renda::type::v1::Date& date, int months);
// The case inactivity calls for: none when the rule is off, when the deputy was registered
// after the window (`as_of` minus the rules' months) began, or when `has_record_in_window`.
std::optional<v1::ExitCase> InactivityCase(absl::string_view congress, absl::string_view deputy_id,
                                           const renda::type::v1::Date& registered,
                                           const renda::type::v1::Date& as_of, bool has_record_in_window,
                                           const v1::ScoringRules& rules, absl::string_view actor, absl::Time now);

// The exit-case state machine: OPENED → DEPUTY_NOTIFIED → STATEMENT_RECEIVED → DECIDED (a case
// can be decided once the deputy was notified, with or without a statement). Anything else is
// FAILED_PRECONDITION (EXIT_CASE_WRONG_STATE).
absl::StatusOr<v1::ExitCase> NotifyCase(const v1::ExitCase& current, absl::string_view note, absl::string_view actor,
                                        absl::Time now);
absl::StatusOr<v1::ExitCase> RecordCaseStatement(const v1::ExitCase& current, absl::string_view statement,
                                                 absl::string_view actor, absl::Time now);
absl::StatusOr<v1::ExitCase> DecideCase(const v1::ExitCase& current, v1::ExitDecision decision,
                                        absl::string_view note, absl::string_view actor, absl::Time now);
// The deputy after a TERMINATED decision of `case_name`: status TERMINATED with a history entry.
// FAILED_PRECONDITION (DEPUTY_NOT_SERVING) when the deputy is not serving any more.
absl::StatusOr<v1::Deputy> TerminateDeputy(const v1::Deputy& deputy, absl::string_view case_name,
                                           absl::string_view note, absl::string_view actor, absl::Time now);

// The annual report's data from the deputy (already redacted to the public profile), the
// deputy's records of the year (any state) and the score (null when there are no rules).
v1::AnnualDutyReport BuildAnnualReport(const v1::Deputy& deputy, int year, const std::vector<v1::DutyRecord>& records,
                                       const v1::DeputyScore* score);

}  // namespace renda::representatives
