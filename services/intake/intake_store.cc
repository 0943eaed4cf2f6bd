#include "services/intake/intake_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/errors.h"
#include "services/common/time_util.h"

namespace renda::intake {

// ---- Opinions ----

namespace {

// The text index of one opinion and the indexer's cursor, in one step. KEYS: the index sets, then
// the cursor key. ARGV: the opinion id, the cursor. With the cursor key alone, it only moves it.
const RedisScript kOpinionTextIndexScript(R"lua(
for i = 1, #KEYS - 1 do redis.call('ZADD', KEYS[i], 0, ARGV[1]) end
redis.call('SET', KEYS[#KEYS], ARGV[2])
return #KEYS - 1
)lua");

absl::Time OpinionWaitDeadline(const TaskScope* scope) {
  return scope != nullptr ? scope->deadline : absl::InfiniteFuture();
}

// One page of a query given by position (not by page token), the next position in
// next_page_token; an opinion that cannot be read is skipped.
Task<absl::StatusOr<Page<v1::Opinion>>> OpinionsOf(EntityStore* store, EntityStore::Query q) {
  auto page = co_await Await<absl::StatusOr<EntityStore::Page>>(
      [&](Callback<EntityStore::Page> done, const TaskScope* scope) {
        store->List(std::move(q), std::move(done), OpinionWaitDeadline(scope));
      });
  if (!page.ok()) co_return page.status();
  Page<v1::Opinion> out;
  for (const auto& data : page->data) {
    auto o = ParseEntity<v1::Opinion>(data);
    if (o.ok()) out.items.push_back(*std::move(o));
  }
  out.next_page_token = std::move(page->next_after);
  co_return out;
}

std::string TextIndexCursorKey(const EntityStore* store, absl::string_view congress) {
  return absl::StrCat(store->FeedKey(congress), ":textindex");
}

}  // namespace

Task<absl::StatusOr<v1::Opinion>> IntakeStore::OpinionByTrackingCode(std::string congress, std::string code) const {
  EntityStore::Query q;
  q.congress = congress;
  q.kind = opinions.kind().kind;
  q.indexes = {TrackingIndex(code)};
  q.page_size = 1;
  CO_ASSIGN_OR_RETURN(auto page, co_await OpinionsOf(opinions.store(), std::move(q)));
  if (page.items.empty()) {
    co_return MakeError(absl::StatusCode::kNotFound, "TRACKING_CODE_NOT_FOUND",
                        "no case has this tracking code; check the code on your receipt");
  }
  co_return std::move(page.items.front());
}

Task<absl::StatusOr<std::vector<Versioned<v1::Opinion>>>> IntakeStore::MergedInto(std::string congress,
                                                                                  v1::Opinion target) const {
  std::vector<Task<absl::StatusOr<std::optional<Versioned<v1::Opinion>>>>> reads;
  for (const std::string& name : target.merged_from()) reads.push_back(opinions.Find(congress, SplitEntityName(name).id));
  auto found = co_await WhenAll(std::move(reads));
  CO_RETURN_IF_ERROR(FirstError(found));
  std::vector<Versioned<v1::Opinion>> out;
  for (auto& f : found) {
    if (f->has_value()) out.push_back(**std::move(f));
  }
  co_return out;
}

Task<absl::StatusOr<Page<v1::Opinion>>> IntakeStore::OpinionsDueOn(std::string congress, absl::CivilDay day,
                                                                   std::string after) const {
  EntityStore::Query q;
  q.congress = congress;
  q.kind = opinions.kind().kind;
  q.indexes = {DueDayIndex(day)};
  q.after = std::move(after);
  q.page_size = 200;
  co_return co_await OpinionsOf(opinions.store(), std::move(q));
}

Task<absl::StatusOr<std::vector<v1::Opinion>>> IntakeStore::OpinionsNear(v1::Opinion opinion,
                                                                         absl::Duration window) const {
  const absl::Time at = FromProtoTime(opinion.create_time());
  EntityStore::Query q;
  q.congress = SplitEntityName(opinion.name()).congress;
  q.kind = opinions.kind().kind;
  q.indexes = {opinion.category().empty() ? std::string("opinions")
                                          : absl::StrCat("opinions:category:", opinion.category())};
  if (!opinion.district().empty()) q.indexes.push_back(absl::StrCat("opinions:district:", opinion.district()));
  q.after = TimeOrderedIdFloor(at - window);
  q.until = TimeOrderedIdFloor(at + window + absl::Milliseconds(1));
  q.page_size = 500;
  CO_ASSIGN_OR_RETURN(auto page, co_await OpinionsOf(opinions.store(), std::move(q)));
  co_return std::move(page.items);
}

Task<absl::StatusOr<Page<v1::Opinion>>> IntakeStore::PublishedOpinions(const PageTokenCodec& tokens,
                                                                       std::string congress, std::string category,
                                                                       std::string page_token, int page_size) const {
  const std::string index =
      category.empty() ? std::string("published") : absl::StrCat("published:category:", category);
  ListQuery query{.congress = congress,
                  .indexes = {index},
                  .scope = absl::StrCat("ListPublished|", congress, "|", index),
                  .page_token = std::move(page_token),
                  .page_size = page_size == 0 ? 20 : page_size,
                  .descending = true};
  co_return co_await opinions.List(tokens, std::move(query));
}

Task<absl::StatusOr<std::string>> IntakeStore::TextIndexCursor(std::string congress) const {
  std::vector<std::string> get = {"GET", TextIndexCursorKey(&store_, congress)};
  CO_ASSIGN_OR_RETURN(auto cursor, co_await redis_->Run(std::move(get)));
  co_return cursor.is_nil() ? std::string() : std::move(cursor.str);
}

Task<absl::StatusOr<std::vector<EntityStore::FeedEntry>>> IntakeStore::FeedAfter(std::string congress,
                                                                                 std::string cursor,
                                                                                 int count) const {
  co_return co_await Await<absl::StatusOr<std::vector<EntityStore::FeedEntry>>>(
      [&](Callback<std::vector<EntityStore::FeedEntry>> done, const TaskScope* scope) {
        opinions.store()->ReadFeed(congress, cursor, count, std::move(done), OpinionWaitDeadline(scope));
      });
}

Task<absl::Status> IntakeStore::IndexOpinionText(std::string congress, v1::Opinion opinion,
                                                 std::string cursor) const {
  std::vector<std::string> keys;
  for (const std::string& ix : OpinionTextIndexes(opinion)) keys.push_back(store_.IndexKey(congress, ix));
  keys.push_back(TextIndexCursorKey(&store_, congress));
  std::vector<std::string> args = {SplitEntityName(opinion.name()).id, std::move(cursor)};
  auto r = co_await redis_->RunScript(kOpinionTextIndexScript, std::move(keys), std::move(args));
  co_return r.status();
}

Task<absl::Status> IntakeStore::MoveTextIndexCursor(std::string congress, std::string cursor) const {
  std::vector<std::string> keys = {TextIndexCursorKey(&store_, congress)};
  std::vector<std::string> args = {"", std::move(cursor)};
  auto r = co_await redis_->RunScript(kOpinionTextIndexScript, std::move(keys), std::move(args));
  co_return r.status();
}

// ---- Consultations ----
namespace {
// KEYS: index keys. Returns the size of each.
const RedisScript kCountScript(R"lua(
local out = {}
for i, k in ipairs(KEYS) do out[i] = redis.call('ZCARD', k) end
return out
)lua");

// The parent's id and the id of a name below another resource,
// "congresses/{c}/{collection}/{parent}/{sub}/{id}" (both empty for any other name).
struct Below {
  std::string parent;
  std::string id;
};
Below BelowOf(absl::string_view name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 6) return {};
  return {std::string(parts[3]), std::string(parts[5])};
}
std::string ParentIdOf(absl::string_view name) { return BelowOf(name).parent; }

CommentName CommentNameOf(const v1::ConsultationComment& comment) {
  Validator written_by_us;
  return ParseCommentName("name", comment.name(), written_by_us);
}

// The id a draft version is kept under, from its name (congresses/{c}/consultations/{k}/{drafts}/{n}).
std::string DraftVersionKeyId(absl::string_view name) {
  const Below below = BelowOf(name);
  int version = 0;
  if (!absl::SimpleAtoi(below.id, &version)) return std::string(name);
  return DraftVersionId(below.parent, version);
}

EntityKind<v1::Consultation> ConsultationKind() {
  return {kConsultationKind, kConsultationCollection, "consultation",
          [](const v1::Consultation& c) { return ConsultationIndexes(c); }};
}
EntityKind<v1::DraftVersion> DraftVersionKind() {
  return {kDraftVersionKind, kDraftVersionCollection, "draft version", [](const v1::DraftVersion& d) {
            return std::vector<std::string>{DraftVersionIndex(ParentIdOf(d.name()))};
          },
          "", DraftVersionKeyId};
}
EntityKind<v1::ConsultationComment> CommentKind() {
  return {kCommentKind, kCommentCollection, "comment",
          [](const v1::ConsultationComment& c) { return CommentIndexes(CommentNameOf(c).consultation_id, c); }, "",
          [](absl::string_view name) {
            Validator written_by_us;
            return ParseCommentName("name", name, written_by_us).entity_id();
          }};
}
}  // namespace

Task<absl::StatusOr<std::vector<int64_t>>> IntakeStore::CountIndexes(std::string congress,
                                                                     std::vector<std::string> indexes) const {
  std::vector<std::string> keys;
  keys.reserve(indexes.size());
  for (const auto& ix : indexes) keys.push_back(store_.IndexKey(congress, ix));
  const size_t want = keys.size();
  std::vector<std::string> no_args;
  CO_ASSIGN_OR_RETURN(auto reply, co_await redis_->RunScript(kCountScript, std::move(keys), std::move(no_args)));
  if (reply.type != RedisValue::Type::kArray || reply.elements.size() != want) {
    co_return absl::InternalError("unexpected reply from the data store: index sizes");
  }
  std::vector<int64_t> counts;
  counts.reserve(want);
  for (const auto& e : reply.elements) counts.push_back(e.integer);
  co_return counts;
}

// ---- Proposals ----
namespace {
EntityKind<v1::Proposal> ProposalKind() {
  return {kProposalKind, kProposalCollection, "proposal", [](const v1::Proposal& p) { return ProposalIndexes(p); }};
}
}  // namespace

// ---- Polls ----
namespace {
// "<p>.<r>", the id an entity named below another ("congresses/c/{collection}/{p}/{sub}/{r}") is
// kept under.
std::string BelowKeyId(absl::string_view name) {
  const Below below = BelowOf(name);
  if (below.parent.empty()) return std::string(name);
  return absl::StrCat(below.parent, ".", below.id);
}

EntityKind<v1::Poll> PollKind() {
  return {kPollKind, kPollCollection, "poll", [](const v1::Poll& p) { return PollIndexes(p); }};
}
EntityKind<v1::PollResponse> PollResponseKind() {
  return {kPollResponseKind, "responses", "poll response",
          [](const v1::PollResponse& r) { return ResponseIndexes(ParentIdOf(r.name()), r); }, "", BelowKeyId};
}
EntityKind<v1::PollTallyShard> PollTallyKind() {
  return {kPollTallyKind, "tallies", "poll tally", nullptr, "", BelowKeyId};
}
}  // namespace

std::vector<EntityStore::EntityWrite> IntakeStore::NewPollTallies(const std::string& poll_name,
                                                                  const WriteOrigin& origin) const {
  std::vector<EntityStore::EntityWrite> writes;
  for (int i = 0; i < kPollTallyShards; ++i) {
    v1::PollTallyShard shard;
    shard.set_name(TallyShardName(poll_name, i));
    writes.push_back(poll_tallies.Created(shard, origin));
  }
  return writes;
}

Task<absl::StatusOr<std::vector<v1::PollTallyShard>>> IntakeStore::PollTallies(std::string poll_name) const {
  std::vector<Task<absl::StatusOr<Versioned<v1::PollTallyShard>>>> reads;
  for (int i = 0; i < kPollTallyShards; ++i) reads.push_back(poll_tallies.ReadNamed(TallyShardName(poll_name, i)));
  auto read = co_await WhenAll(std::move(reads));
  CO_RETURN_IF_ERROR(FirstError(read));
  std::vector<v1::PollTallyShard> shards;
  shards.reserve(read.size());
  for (auto& r : read) shards.push_back(std::move(r->entity));
  co_return shards;
}

// ---- Observation ----
namespace {
EntityKind<v1::ObservationMeeting> ObservationMeetingKind() {
  return {kMeetingKind, kMeetingCollection, "observation meeting",
          [](const v1::ObservationMeeting&) { return MeetingIndexes(); }};
}
EntityKind<v1::ObservationApplication> ObservationApplicationKind() {
  return {kApplicationKind, "applications", "observation application",
          [](const v1::ObservationApplication& a) { return ApplicationIndexes(ParentIdOf(a.name()), a); }, "",
          BelowKeyId};
}
EntityKind<v1::ObservationApplicantKey> ApplicantKeyKind() {
  return {kApplicantKeyKind, "applicantKeys", "observation applicant key", nullptr, "", BelowKeyId};
}
EntityKind<v1::ObservationApproval> ObservationApprovalKind() {
  return {kApprovalKind, "approvals", "observation approval", nullptr, "", BelowKeyId};
}

// Gives an application's write the event of the application without personal data and code.
EntityStore::EntityWrite WithRedactedEvent(EntityStore::EntityWrite w, const v1::ObservationApplication& application,
                                           renda::type::v1::ChangeType change, const WriteOrigin& origin) {
  v1::ObservationApplication event = application;
  RedactApplication(event);
  w.event = MakeChangeEvent(application.name(), change, event, event.SerializeAsString(), origin.actor,
                            origin.request_id, origin.now);
  return w;
}
}  // namespace

Task<absl::StatusOr<v1::ObservationApplication>> IntakeStore::ApplicationByCode(std::string congress,
                                                                                std::string code) const {
  ListQuery query{.congress = congress, .indexes = {TrackingCodeIndex(code)}, .page_size = 1};
  CO_ASSIGN_OR_RETURN(auto found, co_await observation_applications.First(std::move(query)));
  if (found.empty()) {
    co_return MakeError(absl::StatusCode::kNotFound, "APPLICATION_NOT_FOUND",
                        "no observation application has this tracking code; check the code you were given");
  }
  co_return std::move(found.front());
}

Task<absl::StatusOr<std::vector<Versioned<v1::ObservationApplication>>>> IntakeStore::PendingApplications(
    std::string congress, std::string meeting_id, int count) const {
  ListQuery query{.congress = congress,
                  .indexes = {ApplicationStateIndex(meeting_id, v1::OBSERVATION_APPLICATION_STATE_PENDING)},
                  .page_size = count};
  CO_ASSIGN_OR_RETURN(auto page, co_await observation_applications.First(std::move(query)));
  std::vector<Versioned<v1::ObservationApplication>> pending;
  pending.reserve(page.size());
  for (auto& a : page) {
    Versioned<v1::ObservationApplication> at;
    // As stored, an entity's etag is its version, and its indexes follow from its state.
    if (!absl::SimpleAtoi(a.etag(), &at.version)) co_return absl::InternalError("a stored application has no version");
    for (const auto& ix : ApplicationIndexes(meeting_id, a)) at.index_keys.push_back(store_.IndexKey(congress, ix));
    at.entity = std::move(a);
    pending.push_back(std::move(at));
  }
  co_return pending;
}

EntityStore::EntityWrite IntakeStore::ApplicationCreated(v1::ObservationApplication& application,
                                                         const WriteOrigin& origin) const {
  return WithRedactedEvent(observation_applications.Created(application, origin), application,
                           renda::type::v1::CHANGE_TYPE_CREATED, origin);
}

EntityStore::EntityWrite IntakeStore::ApplicationChanged(v1::ObservationApplication& next,
                                                         const Versioned<v1::ObservationApplication>& from,
                                                         const WriteOrigin& origin) const {
  return WithRedactedEvent(observation_applications.Changed(next, from, origin), next,
                           renda::type::v1::CHANGE_TYPE_UPDATED, origin);
}

IntakeStore::IntakeStore(RedisClient* redis)
    : redis_(redis),
      store_(redis, "in"),
      opinions(&store_, {"opinion", "opinions", "opinion", [](const v1::Opinion& o) { return OpinionIndexes(o); }}),
      consultations(&store_, ConsultationKind()),
      draft_versions(&store_, DraftVersionKind()),
      comments(&store_, CommentKind()),
      proposals(&store_, ProposalKind()),
      polls(&store_, PollKind()),
      poll_responses(&store_, PollResponseKind()),
      poll_tallies(&store_, PollTallyKind()),
      observation_meetings(&store_, ObservationMeetingKind()),
      observation_applications(&store_, ObservationApplicationKind()),
      applicant_keys(&store_, ApplicantKeyKind()),
      observation_approvals(&store_, ObservationApprovalKind()) {}

}  // namespace renda::intake
