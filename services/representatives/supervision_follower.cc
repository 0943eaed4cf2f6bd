#include "services/representatives/supervision_follower.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_records.h"

namespace renda::representatives {
namespace {

namespace sup = renda::supervision::v1;

// Who the records made here were recorded by.
constexpr char kRecorder[] = "supervision";

const char* FormWords(sup::SupervisionForm form) {
  switch (form) {
    case sup::SUPERVISION_FORM_SPECIAL_WORK_REPORT:
      return "专项工作报告审议";
    case sup::SUPERVISION_FORM_LAW_ENFORCEMENT_INSPECTION:
      return "执法检查";
    case sup::SUPERVISION_FORM_SPECIAL_INQUIRY:
      return "专题询问";
    case sup::SUPERVISION_FORM_WORK_APPRAISAL:
      return "工作评议";
    case sup::SUPERVISION_FORM_SATISFACTION_EVALUATION:
      return "满意度测评";
    case sup::SUPERVISION_FORM_LOOK_BACK:
      return "回头看";
    case sup::SUPERVISION_FORM_FOLLOW_UP:
      return "跟踪监督";
    case sup::SUPERVISION_FORM_SPECIFIC_QUESTION_INVESTIGATION:
      return "特定问题调查";
    case sup::SUPERVISION_FORM_INTERPELLATION:
      return "质询";
    default:
      return "监督工作";
  }
}

}  // namespace

std::string ParticipationSourceId(const sup::SupervisionItem& item, const std::string& deputy) {
  return absl::StrCat(item.name(), "#participant:", deputy);
}

v1::DutyRecord ParticipationRecord(const sup::SupervisionItem& item, const sup::ItemParticipant& participant) {
  v1::DutyRecord r;
  r.set_deputy(participant.deputy());
  r.set_type(item.form() == sup::SUPERVISION_FORM_LAW_ENFORCEMENT_INSPECTION ? v1::DUTY_RECORD_TYPE_INSPECTION
                                                                             : v1::DUTY_RECORD_TYPE_SUPERVISION);
  r.mutable_date()->set_year(participant.join_date().year());
  r.mutable_date()->set_month(participant.join_date().month());
  r.mutable_date()->set_day(participant.join_date().day());
  r.set_title(absl::StrCat("参加", FormWords(item.form()), "：", item.title()));
  std::string detail = absl::StrCat(item.year(), "年度监督工作计划");
  if (!item.responsible_committee().empty()) absl::StrAppend(&detail, "；承办：", item.responsible_committee());
  if (!item.responsible_body().empty()) absl::StrAppend(&detail, "；监督对象：", item.responsible_body());
  r.set_detail(detail);
  return r;
}

Task<absl::Status> ParticipationDutyRecords(const RepresentativesStore& store, absl::Time now, std::string congress,
                                            renda::type::v1::ChangeEvent event) {
  if (!event.resource().Is<sup::SupervisionItem>() || event.change_type() == renda::type::v1::CHANGE_TYPE_DELETED) {
    co_return absl::OkStatus();
  }
  sup::SupervisionItem item;
  if (!event.resource().UnpackTo(&item)) {
    co_return absl::DataLossError("a supervision item in supervision's feed could not be read");
  }
  const WriteOrigin origin{kRecorder, "", "", now};
  std::vector<EntityStore::EntityWrite> writes;
  for (const auto& p : item.participants()) {
    // Not a deputy of this congress, or no join date (cannot happen for an item supervision
    // accepted): skip it.
    if (DeputyIdOf(congress, p.deputy()).empty() || p.join_date().year() == 0) continue;
    writes.push_back(store.EventDutyRecord(congress, ParticipationRecord(item, p),
                                            ParticipationSourceId(item, p.deputy()), item.name(), origin));
  }
  if (writes.empty()) co_return absl::OkStatus();
  auto committed = co_await CommitWrites(store.duty_records.store(), congress, origin, std::move(writes));
  co_return committed.status();
}

absl::StatusOr<std::unique_ptr<DutyFeedFollowers>> StartSupervisionFollowers(const ServerOptions& server,
                                                                             const SupervisionFollowOptions& options,
                                                                             const Clock* clock) {
  return DutyFeedFollowers::Start(server, "supervision", options.supervision_addr, &ParticipationDutyRecords, clock);
}

}  // namespace renda::representatives
