// The annual duty report document: what a reader of the electoral unit sees for a deputy's year.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "services/reporting/duty_report_render.h"

namespace renda::reporting {
namespace {

namespace rep = renda::representatives::v1;

rep::DutyRecord Record(rep::DutyRecordType type, int month, int day, const std::string& title) {
  rep::DutyRecord r;
  r.set_type(type);
  r.mutable_date()->set_year(2026);
  r.mutable_date()->set_month(month);
  r.mutable_date()->set_day(day);
  r.set_title(title);
  return r;
}

rep::AnnualDutyReport SampleYear() {
  rep::AnnualDutyReport report;
  report.set_year(2026);
  rep::Deputy* d = report.mutable_deputy();
  d->set_display_name("王建国");
  d->set_term(16);
  d->set_electoral_unit("西湖区");
  d->set_occupation("浙江大学教授");
  d->set_status(rep::DEPUTY_STATUS_SERVING);
  report.set_liaison_station("xh-wenxin");
  report.mutable_sessions()->set_present(1);
  report.mutable_sessions()->set_excused(1);
  auto* sessions = report.add_records_by_type();
  sessions->set_type(rep::DUTY_RECORD_TYPE_SESSION_ATTENDANCE);
  sessions->set_count(2);
  auto* receptions = report.add_records_by_type();
  receptions->set_type(rep::DUTY_RECORD_TYPE_STATION_RECEPTION);
  receptions->set_count(3);
  *report.add_suggestions() = Record(rep::DUTY_RECORD_TYPE_SUGGESTION_FILED, 3, 2, "关于增开公交线路|的建议");
  *report.add_station_receptions() = Record(rep::DUTY_RECORD_TYPE_STATION_RECEPTION, 5, 9, "文新街道联络站接待\n群众");
  rep::DeputyScore* score = report.mutable_score();
  score->set_rules_version(2);
  score->set_total(14);
  auto* item = score->add_items();
  item->set_type(rep::DUTY_RECORD_TYPE_SESSION_ATTENDANCE);
  *item->mutable_date() = Record(rep::DUTY_RECORD_TYPE_SESSION_ATTENDANCE, 1, 10, "").date();
  item->set_title("出席市十六届人大五次会议");
  item->set_points(10);
  item->set_reason("present: 10");
  auto* capped = score->add_items();
  capped->set_type(rep::DUTY_RECORD_TYPE_STATION_RECEPTION);
  *capped->mutable_date() = Record(rep::DUTY_RECORD_TYPE_STATION_RECEPTION, 6, 1, "").date();
  capped->set_title("进站接待");
  capped->set_points(0);
  capped->set_capped(true);
  report.set_pending_records(2);
  return report;
}

TEST(DutyReportRender, TitleNamesTheDeputyAndYear) {
  EXPECT_EQ(DutyReportTitle(SampleYear()), "王建国代表2026年度履职报告");
}

TEST(DutyReportRender, DocumentCarriesEverySectionOfTheYear) {
  const std::string md = RenderDutyReportMarkdown(SampleYear());
  EXPECT_TRUE(absl::StartsWith(md, "# 王建国代表2026年度履职报告\n")) << md;
  EXPECT_TRUE(absl::StrContains(md, "- 选举单位：西湖区")) << md;
  EXPECT_TRUE(absl::StrContains(md, "- 所在代表联络站：xh-wenxin")) << md;
  EXPECT_TRUE(absl::StrContains(md, "出席 1 次，请假 1 次，缺席 0 次。")) << md;
  EXPECT_TRUE(absl::StrContains(md, "| 出席代表大会会议 | 2 |")) << md;
  EXPECT_TRUE(absl::StrContains(md, "| 进站接待 | 3 |")) << md;
  EXPECT_TRUE(absl::StrContains(md, "| 合计 | 5 |")) << md;
  EXPECT_TRUE(absl::StrContains(md, "按第 2 版评估规则，全年积分 **14** 分。")) << md;
  EXPECT_TRUE(absl::StrContains(md, "| 2026年1月10日 | 出席代表大会会议 | 出席市十六届人大五次会议 | 10 | present: 10 |"))
      << md;
  EXPECT_TRUE(absl::StrContains(md, "（已达年度上限）")) << md;
  EXPECT_TRUE(absl::StrContains(md, "另有 2 条本人报送的履职记录待审核")) << md;
}

TEST(DutyReportRender, StoredTextCannotBreakTheDocumentsStructure) {
  const std::string md = RenderDutyReportMarkdown(SampleYear());
  EXPECT_TRUE(absl::StrContains(md, "1. 2026年3月2日　关于增开公交线路｜的建议\n")) << md;
  EXPECT_TRUE(absl::StrContains(md, "1. 2026年5月9日　文新街道联络站接待 群众\n")) << md;
}

TEST(DutyReportRender, EmptySectionsSayNoneAndAYearWithoutRulesSaysSo) {
  rep::AnnualDutyReport report;
  report.set_year(2025);
  report.mutable_deputy()->set_display_name("李秀英");
  report.mutable_deputy()->set_status(rep::DEPUTY_STATUS_RESIGNED);
  const std::string md = RenderDutyReportMarkdown(report);
  EXPECT_TRUE(absl::StrContains(md, "本年度无会议出席记录。")) << md;
  EXPECT_TRUE(absl::StrContains(md, "本年度无经确认的履职记录。")) << md;
  EXPECT_TRUE(absl::StrContains(md, "本届尚未制定履职评估规则，不计积分。")) << md;
  EXPECT_TRUE(absl::StrContains(md, "## 六、提出议案\n\n本年度无。")) << md;
  EXPECT_TRUE(absl::StrContains(md, "- 代表状态：已辞职")) << md;
  EXPECT_FALSE(absl::StrContains(md, "待审核")) << md;
}

}  // namespace
}  // namespace renda::reporting
