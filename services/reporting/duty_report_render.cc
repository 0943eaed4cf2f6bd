#include "services/reporting/duty_report_render.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"

namespace renda::reporting {
namespace {

namespace rep = renda::representatives::v1;

std::string DateText(const renda::type::v1::Date& d) {
  if (d.year() == 0) return "—";
  return absl::StrFormat("%d年%d月%d日", d.year(), d.month(), d.day());
}

// Text from the data store goes into Markdown table cells and list items: no line breaks, no
// pipes that would split a cell.
std::string Cell(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"\r", " "}, {"\n", " "}, {"|", "｜"}});
}

std::string StatusLabel(rep::DeputyStatus s) {
  switch (s) {
    case rep::DEPUTY_STATUS_SERVING: return "在任";
    case rep::DEPUTY_STATUS_RESIGNED: return "已辞职";
    case rep::DEPUTY_STATUS_REMOVED: return "已罢免";
    case rep::DEPUTY_STATUS_TERMINATED: return "代表资格终止";
    case rep::DEPUTY_STATUS_DECEASED: return "已故";
    default: return "未登记";
  }
}

void RecordList(std::string& out, const google::protobuf::RepeatedPtrField<rep::DutyRecord>& records) {
  if (records.empty()) {
    absl::StrAppend(&out, "本年度无。\n\n");
    return;
  }
  for (int i = 0; i < records.size(); ++i) {
    const rep::DutyRecord& r = records[i];
    absl::StrAppend(&out, i + 1, ". ", DateText(r.date()), "　", Cell(r.title()), "\n");
  }
  absl::StrAppend(&out, "\n");
}

}  // namespace

std::string DutyTypeLabel(rep::DutyRecordType type) {
  switch (type) {
    case rep::DUTY_RECORD_TYPE_SESSION_ATTENDANCE: return "出席代表大会会议";
    case rep::DUTY_RECORD_TYPE_STANDING_COMMITTEE_MEETING: return "列席常委会会议";
    case rep::DUTY_RECORD_TYPE_INSPECTION: return "视察";
    case rep::DUTY_RECORD_TYPE_RESEARCH: return "调研";
    case rep::DUTY_RECORD_TYPE_THEMED_ACTIVITY: return "主题活动";
    case rep::DUTY_RECORD_TYPE_STATION_RECEPTION: return "进站接待";
    case rep::DUTY_RECORD_TYPE_TRAINING: return "学习培训";
    case rep::DUTY_RECORD_TYPE_SUGGESTION_FILED: return "提出建议";
    case rep::DUTY_RECORD_TYPE_BILL_FILED: return "提出议案";
    case rep::DUTY_RECORD_TYPE_CONTACT_VISIT_RECEIVED: return "接受联系走访";
    case rep::DUTY_RECORD_TYPE_SUPERVISION: return "参加监督工作";
    default: return "其他";
  }
}

std::string DutyReportTitle(const rep::AnnualDutyReport& report) {
  return absl::StrCat(report.deputy().display_name(), "代表", report.year(), "年度履职报告");
}

std::string RenderDutyReportMarkdown(const rep::AnnualDutyReport& report) {
  const rep::Deputy& d = report.deputy();
  std::string out = absl::StrCat("# ", Cell(DutyReportTitle(report)), "\n\n");

  absl::StrAppend(&out, "## 一、基本情况\n\n");
  absl::StrAppend(&out, "- 姓名：", Cell(d.display_name()), "\n");
  if (d.term() != 0) absl::StrAppend(&out, "- 届别：第", d.term(), "届\n");
  if (!d.electoral_unit().empty()) absl::StrAppend(&out, "- 选举单位：", Cell(d.electoral_unit()), "\n");
  if (!d.occupation().empty()) absl::StrAppend(&out, "- 工作单位及职务：", Cell(d.occupation()), "\n");
  if (!report.liaison_station().empty()) {
    absl::StrAppend(&out, "- 所在代表联络站：", Cell(report.liaison_station()), "\n");
  }
  absl::StrAppend(&out, "- 代表状态：", StatusLabel(d.status()), "\n\n");

  absl::StrAppend(&out, "## 二、出席代表大会会议\n\n");
  const auto& s = report.sessions();
  if (s.present() + s.excused() + s.absent() == 0) {
    absl::StrAppend(&out, "本年度无会议出席记录。\n\n");
  } else {
    absl::StrAppend(&out, "出席 ", s.present(), " 次，请假 ", s.excused(), " 次，缺席 ", s.absent(), " 次。\n\n");
  }

  absl::StrAppend(&out, "## 三、履职活动\n\n");
  int total = 0;
  for (const auto& group : report.records_by_type()) total += group.count();
  if (total == 0) {
    absl::StrAppend(&out, "本年度无经确认的履职记录。\n\n");
  } else {
    absl::StrAppend(&out, "| 类别 | 次数 |\n|---|---:|\n");
    for (const auto& group : report.records_by_type()) {
      absl::StrAppend(&out, "| ", DutyTypeLabel(group.type()), " | ", group.count(), " |\n");
    }
    absl::StrAppend(&out, "| 合计 | ", total, " |\n\n");
  }

  absl::StrAppend(&out, "## 四、履职积分\n\n");
  if (!report.has_score()) {
    absl::StrAppend(&out, "本届尚未制定履职评估规则，不计积分。\n\n");
  } else {
    const rep::DeputyScore& score = report.score();
    absl::StrAppend(&out, "按第 ", score.rules_version(), " 版评估规则，全年积分 **", score.total(), "** 分。\n\n");
    if (score.items().empty()) {
      absl::StrAppend(&out, "本年度无计分记录。\n\n");
    } else {
      absl::StrAppend(&out, "| 日期 | 类别 | 事项 | 积分 | 说明 |\n|---|---|---|---:|---|\n");
      for (const auto& item : score.items()) {
        absl::StrAppend(&out, "| ", DateText(item.date()), " | ", DutyTypeLabel(item.type()), " | ", Cell(item.title()),
                        " | ", item.points(), " | ", Cell(item.reason()), item.capped() ? "（已达年度上限）" : "",
                        " |\n");
      }
      absl::StrAppend(&out, "\n");
    }
  }

  absl::StrAppend(&out, "## 五、提出建议\n\n");
  RecordList(out, report.suggestions());
  absl::StrAppend(&out, "## 六、提出议案\n\n");
  RecordList(out, report.bills());
  absl::StrAppend(&out, "## 七、接受联系走访\n\n");
  RecordList(out, report.contact_visits());
  absl::StrAppend(&out, "## 八、进站接待群众\n\n");
  RecordList(out, report.station_receptions());

  if (report.pending_records() > 0) {
    absl::StrAppend(&out, "注：另有 ", report.pending_records(), " 条本人报送的履职记录待审核，未计入本报告。\n");
  }
  return out;
}

}  // namespace renda::reporting
