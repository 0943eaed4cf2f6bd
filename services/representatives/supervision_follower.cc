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

Task<absl::StatusOr<std::string>> SupervisionDutySink::LoadCursor(std::string congress, std::string source) {
  co_return co_await store_.FeedCursor(std::move(congress), std::move(source));
}

Task<absl::Status> SupervisionDutySink::Apply(std::string congress, std::string source,
                                              renda::type::v1::ChangeEvent event) {
  CO_RETURN_IF_ERROR(co_await WriteDutyRecords(congress, event));
  co_return co_await store_.AdvanceFeedCursor(congress, source, event.cursor());
}

Task<absl::Status> SupervisionDutySink::WriteDutyRecords(std::string congress,
                                                         renda::type::v1::ChangeEvent event) const {
  if (!event.resource().Is<sup::SupervisionItem>() || event.change_type() == renda::type::v1::CHANGE_TYPE_DELETED) {
    co_return absl::OkStatus();
  }
  sup::SupervisionItem item;
  if (!event.resource().UnpackTo(&item)) {
    co_return absl::DataLossError("a supervision item in supervision's feed could not be read");
  }
  const WriteOrigin origin{kRecorder, "", "", clock_->Now()};
  std::vector<EntityStore::EntityWrite> writes;
  for (const auto& p : item.participants()) {
    // Not a deputy of this congress, or no join date (cannot happen for an item supervision
    // accepted): skip it.
    if (DeputyIdOf(congress, p.deputy()).empty() || p.join_date().year() == 0) continue;
    writes.push_back(store_.EventDutyRecord(congress, ParticipationRecord(item, p),
                                            ParticipationSourceId(item, p.deputy()), item.name(), origin));
  }
  if (writes.empty()) co_return absl::OkStatus();
  auto committed = co_await CommitWrites(store_.duty_records.store(), congress, origin, std::move(writes));
  co_return committed.status();
}

absl::StatusOr<std::unique_ptr<SupervisionFollowers>> SupervisionFollowers::Start(
    const ServerOptions& server, const SupervisionFollowOptions& options, const Clock* clock) {
  auto redis_options = ParseRedisAddress(server.redis);
  if (!redis_options.ok()) return redis_options.status();
  redis_options->connections = 1;
  auto f = std::unique_ptr<SupervisionFollowers>(new SupervisionFollowers());
  f->redis_ = std::make_unique<RedisClient>(*redis_options);
  f->sink_ = std::make_unique<SupervisionDutySink>(f->redis_.get(), clock);
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  auto channel = grpc::CreateCustomChannel(options.supervision_addr, grpc::InsecureChannelCredentials(), args);
  f->registry_ = MakeLocalRegistry(f->redis_.get());
  FollowOptions follow;
  follow.source = "supervision";
  follow.subject = "representatives";
  follow.token_key = server.token_key;
  follow.clock = clock;
  follow.redis = f->redis_.get();
  follow.registry = f->registry_.get();
  follow.channel = std::move(channel);
  follow.sink = f->sink_.get();
  f->follower_ = ChangeFollower::Start(std::move(follow));
  return f;
}

SupervisionFollowers::~SupervisionFollowers() { Stop(); }

void SupervisionFollowers::Stop() {
  if (follower_) follower_->Stop();
}

}  // namespace renda::representatives
