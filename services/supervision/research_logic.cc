#include "services/supervision/research_logic.h"

#include <algorithm>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/common/errors.h"
#include "services/common/time_util.h"

namespace renda::supervision {
namespace {

constexpr int kFirstYear = 2000;
constexpr int kLastYear = 2100;

void ValidateYear(absl::string_view field, int year, Validator& v) {
  if (year == 0) {
    v.Add(field, "is required");
  } else {
    v.Range(field, year, kFirstYear, kLastYear, false);
  }
}

// A calendar date that exists (optional unless `required`).
void ValidateDate(absl::string_view field, const renda::type::v1::Date& d, bool present, bool required, Validator& v) {
  if (!present) {
    if (required) v.Add(field, "is required");
    return;
  }
  const absl::CivilDay day(d.year(), d.month(), d.day());
  if (d.year() < 1900 || d.year() > 2200 || day.year() != d.year() || day.month() != d.month() ||
      day.day() != d.day()) {
    v.Add(field, "is not a calendar date");
  }
}

bool OnTopic(const v1::ResearchTopic& topic, absl::string_view leader) {
  if (topic.lead() == leader) return true;
  return std::find(topic.participants().begin(), topic.participants().end(), leader) != topic.participants().end();
}

absl::Status NotOnTopic(absl::string_view field, const v1::ResearchTopic& topic, absl::string_view leader) {
  return InvalidRequest(
      {{std::string(field), absl::StrCat(leader, " is neither the lead nor a participant of ", topic.name())}});
}

}  // namespace

void ValidatePlanFields(const v1::ResearchPlan& plan, Validator& v) {
  v.Id("research_plan.leader", plan.leader(), true)
      .Text("research_plan.display_name", plan.display_name(), 64, true)
      .Text("research_plan.post", plan.post(), 64, false)
      .Text("research_plan.intentions", plan.intentions(), 2000, false);
  ValidateYear("research_plan.year", plan.year(), v);
}

std::string PlanId(int year, absl::string_view leader) { return absl::StrCat(year, "-", leader); }

v1::ResearchPlan NewPlan(const v1::ResearchPlan& input, const std::string& name, absl::Time now) {
  v1::ResearchPlan plan;
  plan.set_name(name);
  plan.set_leader(input.leader());
  plan.set_display_name(input.display_name());
  plan.set_post(input.post());
  plan.set_year(input.year());
  plan.set_intentions(input.intentions());
  *plan.mutable_create_time() = ToProtoTime(now);
  return plan;
}

std::string PlanYearIndex(int year) { return absl::StrCat("rplans:year:", year); }

void ValidateTopicFields(const v1::ResearchTopic& topic, Validator& v) {
  v.Text("research_topic.title", topic.title(), 200, true).Id("research_topic.lead", topic.lead(), true);
  ValidateYear("research_topic.year", topic.year(), v);
  if (topic.participants_size() > 20) v.Add("research_topic.participants", "at most 20 participants");
  absl::flat_hash_set<std::string> seen = {topic.lead()};
  for (int i = 0; i < topic.participants_size() && i < 20; ++i) {
    const std::string field = absl::StrCat("research_topic.participants[", i, "]");
    v.Id(field, topic.participants(i), true);
    if (!seen.insert(topic.participants(i)).second) v.Add(field, "is named twice (or is the lead)");
  }
}

v1::ResearchTopic NewTopic(const v1::ResearchTopic& input, const std::string& name, absl::Time now) {
  v1::ResearchTopic topic;
  topic.set_name(name);
  topic.set_title(input.title());
  topic.set_year(input.year());
  topic.set_key_topic(input.key_topic());
  topic.set_lead(input.lead());
  *topic.mutable_participants() = input.participants();
  topic.set_state(v1::RESEARCH_TOPIC_STATE_ONGOING);
  *topic.mutable_create_time() = ToProtoTime(now);
  *topic.mutable_update_time() = ToProtoTime(now);
  return topic;
}

std::string TopicYearIndex(int year) { return absl::StrCat("rtopics:year:", year); }
std::string TopicLeaderIndex(absl::string_view leader) { return absl::StrCat("rtopics:leader:", leader); }
std::string TopicStateIndex(v1::ResearchTopicState state) {
  return absl::StrCat("rtopics:state:", static_cast<int>(state));
}

std::vector<std::string> LeadersOf(const v1::ResearchTopic& topic) {
  std::vector<std::string> out = {topic.lead()};
  out.insert(out.end(), topic.participants().begin(), topic.participants().end());
  return out;
}

std::vector<std::string> TopicIndexes(const v1::ResearchTopic& topic) {
  std::vector<std::string> out = {"rtopics", TopicYearIndex(topic.year()), TopicStateIndex(topic.state())};
  for (const auto& leader : LeadersOf(topic)) out.push_back(TopicLeaderIndex(leader));
  return out;
}

void ValidateDays(const v1::ResearchDays& days, Validator& v) {
  v.Id("days.leader", days.leader(), true)
      .Range("days.days", days.days(), 1, 366, false)
      .Text("days.note", days.note(), 500, false);
  ValidateDate("days.start_date", days.start_date(), days.has_start_date(), false, v);
}

void ValidateReport(const v1::ResearchReport& report, Validator& v) {
  v.Text("report.title", report.title(), 200, true).Text("report.summary", report.summary(), 5000, false);
  if (report.authors().empty()) v.Add("report.authors", "a report has at least one author");
  for (int i = 0; i < report.authors_size() && i < 20; ++i)
    v.Id(absl::StrCat("report.authors[", i, "]"), report.authors(i), true);
  ValidateDate("report.submit_date", report.submit_date(), report.has_submit_date(), false, v);
}

void ValidateOutcome(const v1::ResearchOutcome& outcome, Validator& v) {
  v.Text("outcome.description", outcome.description(), 2000, true)
      .Text("outcome.adopted_by", outcome.adopted_by(), 128, false);
  ValidateDate("outcome.date", outcome.date(), outcome.has_date(), false, v);
}

absl::StatusOr<v1::ResearchTopic> ApplyDays(const v1::ResearchTopic& topic, const v1::ResearchDays& days,
                                            absl::Time now) {
  if (!OnTopic(topic, days.leader())) return NotOnTopic("days.leader", topic, days.leader());
  v1::ResearchTopic next = topic;
  *next.add_days() = days;
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

absl::StatusOr<v1::ResearchTopic> ApplyReport(const v1::ResearchTopic& topic, const v1::ResearchReport& report,
                                              absl::Time now) {
  for (int i = 0; i < report.authors_size(); ++i) {
    if (!OnTopic(topic, report.authors(i))) {
      return NotOnTopic(absl::StrCat("report.authors[", i, "]"), topic, report.authors(i));
    }
  }
  v1::ResearchTopic next = topic;
  *next.add_reports() = report;
  if (next.state() == v1::RESEARCH_TOPIC_STATE_ONGOING) next.set_state(v1::RESEARCH_TOPIC_STATE_REPORTED);
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

absl::StatusOr<v1::ResearchTopic> ApplyOutcome(const v1::ResearchTopic& topic, const v1::ResearchOutcome& outcome,
                                               absl::Time now) {
  if (topic.reports().empty()) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "RESEARCH_NOT_REPORTED",
                     absl::StrCat(topic.name(), " has no report yet; results follow from a report"));
  }
  v1::ResearchTopic next = topic;
  *next.add_outcomes() = outcome;
  next.set_state(v1::RESEARCH_TOPIC_STATE_ACTED);
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

std::vector<v1::ResearchQuotaStanding> QuotaStandings(const std::vector<v1::ResearchPlan>& plans,
                                                      const std::vector<v1::ResearchTopic>& topics,
                                                      const ResearchQuota& quota) {
  struct Tally {
    int days = 0;
    int key_topics_led = 0;
    int reports = 0;
  };
  absl::flat_hash_map<std::string, Tally> by_leader;
  for (const auto& topic : topics) {
    for (const auto& d : topic.days()) by_leader[d.leader()].days += d.days();
    if (topic.key_topic()) ++by_leader[topic.lead()].key_topics_led;
    for (const auto& report : topic.reports()) {
      absl::flat_hash_set<std::string> authors(report.authors().begin(), report.authors().end());
      for (const auto& a : authors) ++by_leader[a].reports;
    }
  }
  std::vector<v1::ResearchQuotaStanding> out;
  out.reserve(plans.size());
  for (const auto& plan : plans) {
    const Tally t = by_leader.contains(plan.leader()) ? by_leader[plan.leader()] : Tally{};
    v1::ResearchQuotaStanding s;
    s.set_leader(plan.leader());
    s.set_display_name(plan.display_name());
    s.set_days(t.days);
    s.set_key_topics_led(t.key_topics_led);
    s.set_reports(t.reports);
    if (t.days < quota.days) s.add_shortfalls(absl::StrCat(t.days, " of ", quota.days, " days of research"));
    if (t.key_topics_led < quota.key_topics_led) {
      s.add_shortfalls(absl::StrCat(t.key_topics_led, " of ", quota.key_topics_led, " key topics led"));
    }
    if (t.reports < quota.reports) s.add_shortfalls(absl::StrCat(t.reports, " of ", quota.reports, " reports"));
    s.set_meets_quota(s.shortfalls().empty());
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace renda::supervision
