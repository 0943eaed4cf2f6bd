#pragma once
// Pure rules of leaders' research (调查研究): plans that make a leader known for a year, topics
// with the days spent, reports and results turned into action, and the yearly quota (at least
// 60 days, one key topic led, one report). No gRPC, no Redis.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renda/supervision/v1/research.pb.h"
#include "services/common/validation.h"

namespace renda::supervision {

inline constexpr char kResearchPlanCollection[] = "researchPlans";
inline constexpr char kResearchTopicCollection[] = "researchTopics";

// What each leader owes a year.
struct ResearchQuota {
  int days = 60;  // two months
  int key_topics_led = 1;
  int reports = 1;
};

void ValidatePlanFields(const v1::ResearchPlan& plan, Validator& v);
// A plan is kept as "<year>-<leader>": one per leader and year.
std::string PlanId(int year, absl::string_view leader);
v1::ResearchPlan NewPlan(const v1::ResearchPlan& input, const std::string& name, absl::Time now);
std::string PlanYearIndex(int year);

void ValidateTopicFields(const v1::ResearchTopic& topic, Validator& v);
v1::ResearchTopic NewTopic(const v1::ResearchTopic& input, const std::string& name, absl::Time now);
std::vector<std::string> TopicIndexes(const v1::ResearchTopic& topic);
std::string TopicYearIndex(int year);
std::string TopicLeaderIndex(absl::string_view leader);
std::string TopicStateIndex(v1::ResearchTopicState state);
// The leaders of a topic: its lead, then its participants.
std::vector<std::string> LeadersOf(const v1::ResearchTopic& topic);

void ValidateDays(const v1::ResearchDays& days, Validator& v);
void ValidateReport(const v1::ResearchReport& report, Validator& v);
void ValidateOutcome(const v1::ResearchOutcome& outcome, Validator& v);
// Recording days, a report, an outcome; INVALID_ARGUMENT when a leader named is not on the
// topic, FAILED_PRECONDITION when an outcome comes before any report.
absl::StatusOr<v1::ResearchTopic> ApplyDays(const v1::ResearchTopic& topic, const v1::ResearchDays& days,
                                            absl::Time now);
absl::StatusOr<v1::ResearchTopic> ApplyReport(const v1::ResearchTopic& topic, const v1::ResearchReport& report,
                                              absl::Time now);
absl::StatusOr<v1::ResearchTopic> ApplyOutcome(const v1::ResearchTopic& topic, const v1::ResearchOutcome& outcome,
                                               absl::Time now);

// Each planned leader against the quota, in the plans' order, from the year's topics.
std::vector<v1::ResearchQuotaStanding> QuotaStandings(const std::vector<v1::ResearchPlan>& plans,
                                                      const std::vector<v1::ResearchTopic>& topics,
                                                      const ResearchQuota& quota);

}  // namespace renda::supervision
