#include "services/representatives/intake_follower.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "renda/intake/v1/intake.grpc.pb.h"
#include "services/common/entity_ops.h"
#include "services/common/time_util.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_records.h"
#include "services/representatives/plan_logic.h"

namespace renda::representatives {
namespace {

using renda::intake::v1::Proposal;

// Who the records made here were recorded by.
constexpr char kRecorder[] = "intake";

// KEYS: the cursor key. ARGV: the cursor applied. Moves the cursor forward only (two followers
// of one feed, or a replayed event, never move it back). Returns 1 when moved.
const RedisScript kAdvanceCursor(R"lua(
local cur = redis.call('GET', KEYS[1])
if cur then
  local a1, a2 = string.match(cur, '^(%d+)-(%d+)$')
  local b1, b2 = string.match(ARGV[1], '^(%d+)-(%d+)$')
  if a1 and b1 then
    a1, a2, b1, b2 = tonumber(a1), tonumber(a2), tonumber(b1), tonumber(b2)
    if a1 > b1 or (a1 == b1 and a2 >= b2) then return 0 end
  end
end
redis.call('SET', KEYS[1], ARGV[1])
return 1
)lua");

std::string CursorKey(const std::string& congress, const std::string& source) {
  return absl::StrCat("rep:{", congress, "}:follow:", source);
}

const char* SatisfactionWords(renda::intake::v1::Satisfaction s) {
  switch (s) {
    case renda::intake::v1::SATISFACTION_SATISFIED: return "满意";
    case renda::intake::v1::SATISFACTION_BASICALLY_SATISFIED: return "基本满意";
    case renda::intake::v1::SATISFACTION_NOT_SATISFIED: return "不满意";
    default: return "未评价";
  }
}

const char* CategoryLetter(renda::intake::v1::ReplyCategory c) {
  switch (c) {
    case renda::intake::v1::REPLY_CATEGORY_A: return "A";
    case renda::intake::v1::REPLY_CATEGORY_B: return "B";
    case renda::intake::v1::REPLY_CATEGORY_C: return "C";
    default: return "?";
  }
}

bool IsBill(const Proposal& p) { return p.kind() == renda::intake::v1::PROPOSAL_KIND_BILL; }

}  // namespace

std::string FilingSourceId(const Proposal& p) { return p.name(); }

std::string CoSignerSourceId(const Proposal& p, const std::string& deputy) {
  return absl::StrCat(p.name(), "#co-signer:", deputy);
}

v1::DutyRecord FilingRecord(const Proposal& p) {
  v1::DutyRecord r;
  r.set_deputy(p.filer());
  r.set_type(IsBill(p) ? v1::DUTY_RECORD_TYPE_BILL_FILED : v1::DUTY_RECORD_TYPE_SUGGESTION_FILED);
  *r.mutable_date() = DateOf(FromProtoTime(p.create_time()));
  r.set_title(absl::StrCat(IsBill(p) ? (p.delegation().empty() ? "领衔提出议案：" : "代表团提出议案：") : "提出建议：",
                           p.title()));
  // The ratings come as lines after the first, in round order: the history only grows, so the
  // detail of a later state extends the detail of an earlier one.
  std::string detail = absl::StrCat("类别：", p.category());
  if (p.co_signers_size() > 0) absl::StrAppend(&detail, "；联名代表 ", p.co_signers_size(), " 人");
  for (const auto& round : p.rounds()) {
    if (round.rating().satisfaction() == renda::intake::v1::SATISFACTION_UNSPECIFIED) continue;
    absl::StrAppend(&detail, "\n第", round.round(), "轮办理：", CategoryLetter(round.reply().category()), "类答复（",
                    round.reply().unit(), "），代表评价：", SatisfactionWords(round.rating().satisfaction()));
  }
  r.set_detail(detail);
  return r;
}

v1::DutyRecord CoSignerRecord(const Proposal& p, const std::string& deputy) {
  v1::DutyRecord r;
  r.set_deputy(deputy);
  r.set_type(v1::DUTY_RECORD_TYPE_BILL_FILED);
  *r.mutable_date() = DateOf(FromProtoTime(p.create_time()));
  r.set_title(absl::StrCat("联名提出议案：", p.title()));
  r.set_detail(absl::StrCat("类别：", p.category(), "；领衔代表 ", p.filer()));
  return r;
}

ProposalDutySink::ProposalDutySink(RedisClient* redis, const Clock* clock)
    : redis_(redis), clock_(clock), store_(redis, "rep") {}

void ProposalDutySink::LoadCursor(const std::string& congress, const std::string& source, Callback<std::string> done) {
  redis_->Command({"GET", CursorKey(congress, source)}, [done = std::move(done)](absl::StatusOr<RedisValue> r) mutable {
    if (!r.ok()) return done(r.status());
    done(r->is_nil() ? std::string() : r->str);
  });
}

void ProposalDutySink::SaveCursor(const std::string& congress, const std::string& source, const std::string& cursor,
                                  Callback<bool> done) {
  redis_->Eval(kAdvanceCursor, {CursorKey(congress, source)}, {cursor},
               [done = std::move(done)](absl::StatusOr<RedisValue> r) mutable {
                 if (!r.ok()) return done(r.status());
                 done(true);
               });
}

void ProposalDutySink::Apply(const std::string& congress, const std::string& source,
                             const renda::type::v1::ChangeEvent& event, Callback<bool> done) {
  Proposal p;
  const bool proposal = event.resource().Is<Proposal>() &&
                        event.change_type() != renda::type::v1::CHANGE_TYPE_DELETED;
  if (!proposal) return SaveCursor(congress, source, event.cursor(), std::move(done));
  if (!event.resource().UnpackTo(&p)) return done(absl::DataLossError("a proposal in intake's feed could not be read"));
  if (DeputyIdOf(congress, p.filer()).empty()) {
    // Not a deputy of this congress (cannot happen for a proposal intake accepted): skip it.
    return SaveCursor(congress, source, event.cursor(), std::move(done));
  }
  const v1::DutyRecord filing = FilingRecord(p);
  const std::string id = DutyRecordId(filing.date(), FilingSourceId(p));
  const std::string cursor = event.cursor();
  store_.Get(congress, kDutyKind, id,
             [this, congress, source, cursor, p, filing, id,
              done = std::move(done)](absl::StatusOr<std::optional<EntityStore::Stored>> got) mutable {
               if (!got.ok()) return done(got.status());
               const absl::Time now = clock_->Now();
               EntityStore::Write w;
               w.congress = congress;
               if (!got->has_value()) {
                 w.entities.push_back(EventDutyRecordWrite(congress, filing, FilingSourceId(p), p.name(), kRecorder,
                                                           "", now));
               } else {
                 auto current = ParseStored<v1::DutyRecord>((*got)->data);
                 if (!current.ok()) return done(current.status());
                 // Only a longer history is noted: an event replayed from before a rating
                 // never takes the rating back.
                 if (filing.detail().size() > current->detail().size() &&
                     absl::StartsWith(filing.detail(), current->detail())) {
                   v1::DutyRecord next = *current;
                   next.set_detail(filing.detail());
                   *next.mutable_update_time() = ToProtoTime(now);
                   w.entities.push_back(EntityWriteOf(next, kDutyKind, id, EntityStore::WriteMode::kUpdate,
                                                      (*got)->version, DutyRecordIndexes(congress, next), kRecorder,
                                                      "", now));
                 }
               }
               if (IsBill(p)) {
                 for (const auto& deputy : p.co_signers()) {
                   if (DeputyIdOf(congress, deputy).empty()) continue;
                   w.entities.push_back(EventDutyRecordWrite(congress, CoSignerRecord(p, deputy),
                                                             CoSignerSourceId(p, deputy), p.name(), kRecorder, "",
                                                             now));
                 }
               }
               auto save = [this, congress, source, cursor, done = std::move(done)](absl::Status s) mutable {
                 if (!s.ok()) return done(s);
                 SaveCursor(congress, source, cursor, std::move(done));
               };
               if (w.entities.empty()) return save(absl::OkStatus());
               store_.Put(std::move(w), [save = std::move(save)](absl::StatusOr<EntityStore::Written> r) mutable {
                 save(r.status());
               });
             });
}

absl::StatusOr<std::unique_ptr<IntakeFollowers>> IntakeFollowers::Start(const ServerOptions& server,
                                                                        const IntakeFollowOptions& options,
                                                                        const Clock* clock) {
  auto redis_options = ParseRedisAddress(server.redis);
  if (!redis_options.ok()) return redis_options.status();
  redis_options->connections = 1;
  auto f = std::unique_ptr<IntakeFollowers>(new IntakeFollowers());
  f->redis_ = std::make_unique<RedisClient>(*redis_options);
  f->sink_ = std::make_unique<ProposalDutySink>(f->redis_.get(), clock);
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  auto channel = grpc::CreateCustomChannel(options.intake_addr, grpc::InsecureChannelCredentials(), args);
  namespace in = renda::intake::v1;
  for (const auto& congress : options.congresses) {
    f->followers_.push_back(FeedFollower<in::IntakeService, in::WatchChangesRequest, in::WatchChangesResponse>::Start(
        FeedFollowerContext{"intake", congress, "representatives", server.token_key, clock, f->redis_.get(),
                            f->sink_.get()},
        channel));
  }
  return f;
}

IntakeFollowers::~IntakeFollowers() { Stop(); }

void IntakeFollowers::Stop() {
  for (auto& f : followers_) f->Stop();
}

}  // namespace renda::representatives
