// The working-day calendar against the real 2025/2026 State Council holiday notices
// (config/calendar-cn.json, compiled in) and against malformed calendars.
#include "services/intake/working_calendar.h"

#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/intake/embedded_calendar.h"

namespace renda::intake {
namespace {

using ::testing::HasSubstr;

const WorkingCalendar& Cal() { return WorkingCalendar::Default(); }

absl::CivilDay Add(absl::CivilDay start, int n) {
  auto day = Cal().AddWorkingDays(start, n);
  EXPECT_TRUE(day.ok()) << day.status();
  return day.value_or(absl::CivilDay(1970, 1, 1));
}

TEST(WorkingCalendarTest, EmbeddedCalendarIsTheConfigFileAndCoversItsYears) {
  EXPECT_THAT(std::string(EmbeddedCalendarJson()), HasSubstr("\"makeup_workdays\""));
  ASSERT_TRUE(WorkingCalendar::Parse(EmbeddedCalendarJson()).ok());
  EXPECT_TRUE(Cal().Covers(2025));
  EXPECT_TRUE(Cal().Covers(2026));
  EXPECT_FALSE(Cal().Covers(2024));
  EXPECT_FALSE(Cal().Covers(2027));
}

TEST(WorkingCalendarTest, WeekendRuleOnOrdinaryWeeks) {
  // 2025-03-10 .. 2025-03-16: Monday to Sunday, no holiday.
  for (int d = 10; d <= 14; ++d) EXPECT_TRUE(Cal().IsWorkingDay(absl::CivilDay(2025, 3, d))) << d;
  EXPECT_FALSE(Cal().IsWorkingDay(absl::CivilDay(2025, 3, 15)));  // Saturday
  EXPECT_FALSE(Cal().IsWorkingDay(absl::CivilDay(2025, 3, 16)));  // Sunday
  EXPECT_EQ(Cal().WorkingDaysBetween(absl::CivilDay(2025, 3, 9), absl::CivilDay(2025, 3, 16)), 5);
  // Friday + 1 working day = Monday.
  EXPECT_EQ(Add(absl::CivilDay(2025, 3, 14), 1), absl::CivilDay(2025, 3, 17));
}

TEST(WorkingCalendarTest, MakeUpDaysWinOverTheWeekend) {
  EXPECT_TRUE(Cal().IsWorkingDay(absl::CivilDay(2025, 1, 26)));   // Sunday, 调休上班
  EXPECT_FALSE(Cal().IsWorkingDay(absl::CivilDay(2025, 1, 25)));  // the Saturday before is off
  EXPECT_TRUE(Cal().IsWorkingDay(absl::CivilDay(2025, 2, 8)));    // Saturday, 调休上班
  EXPECT_TRUE(Cal().IsWorkingDay(absl::CivilDay(2025, 9, 28)));   // Sunday
  EXPECT_TRUE(Cal().IsWorkingDay(absl::CivilDay(2025, 10, 11)));  // Saturday
}

TEST(WorkingCalendarTest, NationalDayWeek2025IsOff) {
  for (int d = 1; d <= 8; ++d) EXPECT_FALSE(Cal().IsWorkingDay(absl::CivilDay(2025, 10, d))) << d;
  EXPECT_TRUE(Cal().IsWorkingDay(absl::CivilDay(2025, 9, 30)));
  EXPECT_TRUE(Cal().IsWorkingDay(absl::CivilDay(2025, 10, 9)));
  EXPECT_FALSE(Cal().IsWorkingDay(absl::CivilDay(2025, 1, 1)));  // New Year's Day, a Wednesday
}

TEST(WorkingCalendarTest, TenWorkingDaysAcrossNationalDay2025) {
  // From Friday 2025-09-26 (not counted): Sat 27 off; Sun 28 make-up = 1; Mon 29 = 2;
  // Tue 30 = 3; Oct 1-8 holidays; Thu 9 = 4; Fri 10 = 5; Sat 11 make-up = 6; Sun 12 off;
  // Mon 13 = 7; Tue 14 = 8; Wed 15 = 9; Thu 16 = 10.
  EXPECT_EQ(Add(absl::CivilDay(2025, 9, 26), 10), absl::CivilDay(2025, 10, 16));
  EXPECT_EQ(Add(absl::CivilDay(2025, 9, 26), 1), absl::CivilDay(2025, 9, 28));
  EXPECT_EQ(Add(absl::CivilDay(2025, 9, 26), 4), absl::CivilDay(2025, 10, 9));
  EXPECT_EQ(Add(absl::CivilDay(2025, 9, 26), 6), absl::CivilDay(2025, 10, 11));
  EXPECT_EQ(Cal().WorkingDaysBetween(absl::CivilDay(2025, 9, 26), absl::CivilDay(2025, 10, 16)), 10);
  // (The weekend rule alone would give 14 for that span.) Nothing works from Oct 1 to Oct 8:
  EXPECT_EQ(Cal().WorkingDaysBetween(absl::CivilDay(2025, 9, 30), absl::CivilDay(2025, 10, 8)), 0);
}

TEST(WorkingCalendarTest, SpringFestival2026) {
  for (int d = 15; d <= 23; ++d) EXPECT_FALSE(Cal().IsWorkingDay(absl::CivilDay(2026, 2, d))) << d;
  EXPECT_TRUE(Cal().IsWorkingDay(absl::CivilDay(2026, 2, 14)));  // Saturday, make-up
  EXPECT_TRUE(Cal().IsWorkingDay(absl::CivilDay(2026, 2, 28)));  // Saturday, make-up
  EXPECT_EQ(Add(absl::CivilDay(2026, 2, 13), 1), absl::CivilDay(2026, 2, 14));
  EXPECT_EQ(Add(absl::CivilDay(2026, 2, 14), 1), absl::CivilDay(2026, 2, 24));
  // (Fri 13, Sat 28]: 14, 24, 25, 26, 27, 28.
  EXPECT_EQ(Cal().WorkingDaysBetween(absl::CivilDay(2026, 2, 13), absl::CivilDay(2026, 2, 28)), 6);
}

TEST(WorkingCalendarTest, ZeroDaysAndNegativeCounts) {
  EXPECT_EQ(Add(absl::CivilDay(2025, 9, 30), 0), absl::CivilDay(2025, 9, 30));  // working: itself
  EXPECT_EQ(Add(absl::CivilDay(2025, 10, 1), 0), absl::CivilDay(2025, 10, 9));  // holiday: next
  EXPECT_EQ(Add(absl::CivilDay(2025, 1, 26), 0), absl::CivilDay(2025, 1, 26));  // make-up Sunday
  auto negative = Cal().AddWorkingDays(absl::CivilDay(2025, 9, 30), -1);
  EXPECT_EQ(negative.status().code(), absl::StatusCode::kInvalidArgument);
  const absl::CivilDay a(2025, 9, 26), b(2025, 10, 16);
  EXPECT_EQ(Cal().WorkingDaysBetween(a, a), 0);
  EXPECT_EQ(Cal().WorkingDaysBetween(b, a), -10);
}

TEST(WorkingCalendarTest, AddAndBetweenAgreeOverTwoYears) {
  const absl::CivilDay start(2024, 12, 20);
  for (int n = 1; n <= 520; ++n) {
    const absl::CivilDay end = Add(start, n);
    ASSERT_EQ(Cal().WorkingDaysBetween(start, end), n) << n;
    ASSERT_TRUE(Cal().IsWorkingDay(end)) << n;
  }
}

TEST(WorkingCalendarTest, UnlistedYearsFollowTheWeekendRuleAlone) {
  // 2027-01-01 is a Friday; its holiday is not yet listed, so it counts as working.
  EXPECT_TRUE(Cal().IsWorkingDay(absl::CivilDay(2027, 1, 1)));
  EXPECT_FALSE(Cal().IsWorkingDay(absl::CivilDay(2027, 1, 2)));  // Saturday
  // Thu 2026-12-31 + 1 = Fri 2027-01-01; + 2 = Mon 2027-01-04.
  EXPECT_EQ(Add(absl::CivilDay(2026, 12, 31), 1), absl::CivilDay(2027, 1, 1));
  EXPECT_EQ(Add(absl::CivilDay(2026, 12, 31), 2), absl::CivilDay(2027, 1, 4));
}

std::string Year(const std::string& body) { return R"({"years": {"2025": )" + body + "}}"; }

void ExpectParseError(const std::string& json, const std::string& message_part) {
  auto parsed = WorkingCalendar::Parse(json);
  ASSERT_FALSE(parsed.ok()) << json;
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(parsed.status().message()), HasSubstr(message_part));
}

TEST(WorkingCalendarTest, ParsesAMinimalCalendar) {
  auto parsed = WorkingCalendar::Parse(Year(
      R"({"holidays": [{"name": "X", "from": "2025-03-12", "to": "2025-03-13"}],
          "makeup_workdays": ["2025-03-15"]})"));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->Covers(2025));
  EXPECT_FALSE(parsed->Covers(2026));
  EXPECT_FALSE(parsed->IsWorkingDay(absl::CivilDay(2025, 3, 12)));
  EXPECT_TRUE(parsed->IsWorkingDay(absl::CivilDay(2025, 3, 15)));
  EXPECT_TRUE(parsed->IsWorkingDay(absl::CivilDay(2025, 1, 1)));  // not listed here
}

TEST(WorkingCalendarTest, RejectsMalformedCalendars) {
  ExpectParseError("not json", "is not a JSON object");
  ExpectParseError(R"({"source": "x"})", "years must be an object");
  ExpectParseError(R"({"years": {}})", "lists no year");
  ExpectParseError(R"({"years": {"20x5": {"holidays": [], "makeup_workdays": []}}})", "four-digit year");
  ExpectParseError(Year(R"({"makeup_workdays": []})"), "years.2025.holidays must be a list");
  ExpectParseError(Year(R"({"holidays": [], "makeup_workdays": [], "makeup_days": []})"),
                   "unknown key 'makeup_days'");
  ExpectParseError(Year(R"({"holidays": [], "makeup_workdays": ["2025-1-26"]})"),
                   "'2025-1-26' is not a date YYYY-MM-DD");
  ExpectParseError(Year(R"({"holidays": [{"name": "X", "from": "2025-02-30", "to": "2025-03-01"}],
                            "makeup_workdays": []})"),
                   "'2025-02-30' is not a day of the calendar");
  ExpectParseError(Year(R"({"holidays": [{"name": "X", "from": "2025-13-01", "to": "2025-13-01"}],
                            "makeup_workdays": []})"),
                   "holidays[0].from '2025-13-01'");
  ExpectParseError(Year(R"({"holidays": [{"name": "X", "from": "2025-10-08", "to": "2025-10-01"}],
                            "makeup_workdays": []})"),
                   "runs backwards");
  ExpectParseError(Year(R"({"holidays": [{"name": "X", "from": "2024-12-31", "to": "2025-01-01"}],
                            "makeup_workdays": []})"),
                   "is not in the year 2025");
  ExpectParseError(Year(R"({"holidays": [], "makeup_workdays": ["2026-01-04"]})"),
                   "is not in the year 2025");
  ExpectParseError(Year(R"({"holidays": [], "makeup_workdays": ["2025-01-27"]})"), "is a weekday");
  ExpectParseError(Year(R"({"holidays": [{"name": "X", "from": "2025-01-25", "to": "2025-01-26"}],
                            "makeup_workdays": ["2025-01-26"]})"),
                   "both as a holiday and as a make-up working day");
  ExpectParseError(Year(R"({"holidays": [{"from": "2025-01-01", "to": "2025-01-01"}],
                            "makeup_workdays": []})"),
                   "holidays[0].name must be a non-empty string");
}

}  // namespace
}  // namespace renda::intake
