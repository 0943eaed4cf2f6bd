#include "services/intake/poll_core.h"

#include <utility>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "services/common/crypto.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/time_util.h"
#include "services/common/validation.h"
#include "services/intake/poll_logic.h"

namespace renda::intake {
namespace {

using v1::Poll;
using v1::PollResponse;

const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
const Roles kTextReaders = {Role::kStaff, Role::kLeader, Role::kAdmin};
// How often a response reads again after meeting another on the same shard; with a random
// shard per attempt a handful is plenty, this many covers bursts of hundreds at once.
constexpr int kRespondAttempts = 40;

int RandomShard() {
  thread_local absl::BitGen gen;
  return absl::Uniform(gen, 0, kPollTallyShards);
}

absl::Status AlreadyResponded() {
  return MakeError(absl::StatusCode::kAlreadyExists, "ALREADY_RESPONDED",
                   "this poll has already been answered by you (or with this invitation code); each respondent "
                   "answers once");
}

absl::Status NotPublished(absl::string_view what) {
  return MakeError(absl::StatusCode::kPermissionDenied, "POLL_NOT_PUBLISHED", what);
}

// Whether `question_id` is a free-text question of the poll.
bool IsFreeText(const Poll& poll, const std::string& question_id) {
  for (const auto& q : poll.questions()) {
    if (q.id() == question_id) return q.type() == v1::QUESTION_TYPE_FREE_TEXT;
  }
  return false;
}

PollResponse NewResponse(const std::string& name, const v1::SubmitPollResponseRequest& req, const Caller& caller,
                         absl::Time now) {
  PollResponse response;
  response.set_name(name);
  for (const auto& a : req.answers()) {
    v1::PollAnswer* out = response.add_answers();
    out->set_question_id(a.question_id());
    *out->mutable_option_ids() = a.option_ids();
    out->set_text(a.text());
  }
  response.set_signed_in(!caller.anonymous);
  *response.mutable_create_time() = ToProtoTime(now);
  return response;
}

// One attempt at a response: the poll still open, the answers fit its questions, no response of
// this respondent yet; the response, a random shard counting it and a check of the poll.
Task<absl::StatusOr<IntakeStore::Decision<PollResponse>>> DecideResponse(const IntakeStore* store,
                                                                         const ResourceName& poll_at,
                                                                         const std::string& response_name,
                                                                         const v1::SubmitPollResponseRequest& req,
                                                                         const Caller& caller,
                                                                         const WriteOrigin& origin) {
  CO_ASSIGN_OR_RETURN(auto poll, co_await store->polls.Read(poll_at.congress, poll_at.id));
  CO_RETURN_IF_ERROR(CheckAcceptsResponses(poll.entity, origin.now));
  CO_RETURN_IF_ERROR(ValidateAnswers(poll.entity, req.answers()));
  CO_ASSIGN_OR_RETURN(auto existing, co_await store->poll_responses.FindNamed(response_name));
  if (existing.has_value()) co_return AlreadyResponded();
  CO_ASSIGN_OR_RETURN(auto tally, co_await store->poll_tallies.ReadNamed(TallyShardName(poll.entity.name(), RandomShard())));
  IntakeStore::Decision<PollResponse> decision;
  decision.answer = NewResponse(response_name, req, caller, origin.now);
  v1::PollTallyShard counted = CountResponse(tally.entity, decision.answer);
  decision.writes.push_back(store->poll_responses.Created(decision.answer, origin));
  decision.writes.push_back(store->poll_tallies.Changed(counted, tally, origin));
  decision.writes.push_back(store->polls.Checked(poll));
  co_return decision;
}

// OpenPoll and ClosePoll: one state change guarded by the etag.
template <class Request>
Task<absl::StatusOr<Poll>> ChangeState(const IntakeStore* store, absl::Time now, const Caller& caller,
                                       const Request& req, absl::StatusOr<Poll> (*apply)(const Poll&, absl::Time)) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kPollCollection, v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  co_return co_await store->polls.Update(name.congress, name.id, req.etag(), OriginOf(caller, req, now),
                                         [apply, now](const Poll& current) { return apply(current, now); });
}

}  // namespace

const AccessTable& PollAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreatePoll", kStaffRoles},        {"GetPoll", kSignedIn},
      {"ListPolls", kSignedIn},           {"OpenPoll", kStaffRoles},
      {"ClosePoll", kStaffRoles},         {"IssuePollInvitations", kStaffRoles},
      {"SubmitPollResponse", kAnyone},    {"GetPollResults", kSignedIn},
      {"ListPollTextAnswers", kTextReaders},
  };
  return *table;
}

PollCore::PollCore(const Runtime& runtime, const IntakeStore* store, RateLimit anonymous)
    : runtime_(runtime),
      store_(store),
      anonymous_(anonymous),
      limiter_(runtime.redis, "in"),
      key_(HmacSha256(runtime.options.token_key, "renda poll respondents and invitations")) {}

Task<absl::StatusOr<v1::CreatePollResponse>> PollCore::CreatePoll(const Caller& caller,
                                                                  const v1::CreatePollRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidatePollFields(req.poll(), v);
  if (!req.poll_id().empty()) {
    v.Id("poll_id", req.poll_id(), false);
    if (req.poll_id().size() > 50) v.Add("poll_id", "must be at most 50 characters");
  }
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const absl::Time now = runtime_.clock->Now();
  const std::string id = req.poll_id().empty() ? NewTimeOrderedId(now) : req.poll_id();
  const WriteOrigin origin = OriginOf(caller, req, now);
  Poll poll = NewPoll(req.poll(), ResourceNameOf(congress, kPollCollection, id), caller, now);
  // The tally shards exist from the start, so every response updates one at a known version.
  std::vector<EntityStore::EntityWrite> tallies = store_->NewPollTallies(poll.name(), origin);
  v1::CreatePollResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_poll(), co_await store_->polls.Create(std::move(poll), origin, std::move(tallies)));
  co_return resp;
}

Task<absl::StatusOr<v1::GetPollResponse>> PollCore::GetPoll(const Caller& caller, const v1::GetPollRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kPollCollection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  CO_ASSIGN_OR_RETURN(auto poll, co_await store_->polls.Get(name.congress, name.id));
  if (poll.state() == v1::POLL_STATE_DRAFT && !MaySeeDrafts(caller)) {
    co_return NotPublished(absl::StrCat(poll.name(), " is still a draft; it can be read once opened"));
  }
  v1::GetPollResponse resp;
  *resp.mutable_poll() = std::move(poll);
  co_return resp;
}

Task<absl::StatusOr<v1::ListPollsResponse>> PollCore::ListPolls(const Caller& caller, const v1::ListPollsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.Enum("state", req.state(), v1::PollState_descriptor(), false).PageSize("page_size", req.page_size(), 200);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  v1::PollState state = req.state();
  if (!MaySeeDrafts(caller)) {
    if (state == v1::POLL_STATE_DRAFT) {
      co_return NotPublished("draft polls are listed to staff, leaders and admins only");
    }
    if (state == v1::POLL_STATE_UNSPECIFIED) state = v1::POLL_STATE_OPEN;
  }
  const std::string index = state == v1::POLL_STATE_UNSPECIFIED ? std::string(kPollCollection) : PollStateIndex(state);
  ListQuery query = PageQuery(congress, {index}, absl::StrCat("ListPolls|", req.parent(), "|", index), req);
  co_return co_await store_->polls.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListPollsResponse::mutable_polls);
}

Task<absl::StatusOr<v1::OpenPollResponse>> PollCore::OpenPoll(const Caller& caller, const v1::OpenPollRequest& req) {
  v1::OpenPollResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_poll(),
                      co_await ChangeState(store_, runtime_.clock->Now(), caller, req, &ApplyOpenPoll));
  co_return resp;
}

Task<absl::StatusOr<v1::ClosePollResponse>> PollCore::ClosePoll(const Caller& caller, const v1::ClosePollRequest& req) {
  v1::ClosePollResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_poll(),
                      co_await ChangeState(store_, runtime_.clock->Now(), caller, req, &ApplyClosePoll));
  co_return resp;
}

Task<absl::StatusOr<v1::IssuePollInvitationsResponse>> PollCore::IssuePollInvitations(
    const Caller& caller, const v1::IssuePollInvitationsRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("poll", req.poll(), kPollCollection, v);
  v.Range("first_number", req.first_number(), 1, 99999999, true).Range("count", req.count(), 1, 1000, false);
  const int64_t first = req.first_number() == 0 ? 1 : req.first_number();
  if (first + req.count() - 1 > 99999999) v.Add("count", "the last code number must be at most 99999999");
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const auto poll = co_await store_->polls.Get(name.congress, name.id);
  CO_RETURN_IF_ERROR(poll);
  v1::IssuePollInvitationsResponse resp;
  for (int64_t n = first; n < first + req.count(); ++n) {
    resp.add_invitation_codes(InvitationCode(key_, name.congress, name.id, n));
  }
  co_return resp;
}

Task<absl::StatusOr<v1::SubmitPollResponseResponse>> PollCore::SubmitPollResponse(
    const Caller& caller, const v1::SubmitPollResponseRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("poll", req.poll(), kPollCollection, v);
  if (req.answers_size() > 100) v.Add("answers", "a response has at most 100 answers");
  if (caller.anonymous) v.Text("invitation_code", req.invitation_code(), 32, true);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Status allowed = co_await LimitAnonymous(&limiter_, caller, name.congress, "poll responses", anonymous_);
  CO_RETURN_IF_ERROR(allowed);
  if (caller.anonymous && !IsInvitationCode(key_, name.congress, name.id, req.invitation_code())) {
    co_return InvalidRequest(
        {{"invitation_code", "is not an invitation code of this poll; check the code on your invitation"}});
  }
  const std::string response_name =
      absl::StrCat(req.poll(), "/responses/", ResponseIdFor(key_, name.id, caller, req.invitation_code()));
  const WriteOrigin origin = OriginOf(caller, req, runtime_.clock->Now());
  auto stored = co_await store_->Decide<PollResponse>(name.congress, origin, kRespondAttempts, [&] {
    return DecideResponse(store_, name, response_name, req, caller, origin);
  });
  // Two answers with the same key at the same instant: the second write's create is refused.
  if (stored.status().code() == absl::StatusCode::kAlreadyExists) co_return AlreadyResponded();
  v1::SubmitPollResponseResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_response(), std::move(stored));
  co_return resp;
}

Task<absl::StatusOr<v1::GetPollResultsResponse>> PollCore::GetPollResults(const Caller& caller,
                                                                          const v1::GetPollResultsRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("poll", req.poll(), kPollCollection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  CO_ASSIGN_OR_RETURN(auto poll, co_await store_->polls.Get(name.congress, name.id));
  CO_RETURN_IF_ERROR(CheckMaySeeResults(poll, caller));
  CO_ASSIGN_OR_RETURN(auto shards, co_await store_->PollTallies(poll.name()));
  v1::GetPollResultsResponse resp;
  *resp.mutable_results() = SumResults(poll, shards);
  co_return resp;
}

Task<absl::StatusOr<v1::ListPollTextAnswersResponse>> PollCore::ListPollTextAnswers(
    const Caller& caller, const v1::ListPollTextAnswersRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("poll", req.poll(), kPollCollection, v);
  v.Id("question_id", req.question_id(), true).PageSize("page_size", req.page_size(), 500);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  CO_ASSIGN_OR_RETURN(auto poll, co_await store_->polls.Get(name.congress, name.id));
  if (!IsFreeText(poll, req.question_id())) {
    co_return InvalidRequest(
        {{"question_id", absl::StrCat("\"", req.question_id(), "\" is not a free-text question of this poll")}});
  }
  ListQuery query = PageQuery(name.congress, {TextAnswerIndex(name.id, req.question_id())}, absl::StrCat("ListPollTextAnswers|", req.poll(), "|", req.question_id()), req);
  CO_ASSIGN_OR_RETURN(auto page, co_await store_->poll_responses.List(*runtime_.page_tokens, std::move(query)));
  v1::ListPollTextAnswersResponse resp;
  for (const auto& r : page.items) {
    for (const auto& a : r.answers()) {
      if (a.question_id() != req.question_id() || a.text().empty()) continue;
      v1::PollTextAnswer* out = resp.add_answers();
      out->set_response(r.name());
      out->set_text(a.text());
      *out->mutable_create_time() = r.create_time();
    }
  }
  resp.set_next_page_token(std::move(page.next_page_token));
  co_return resp;
}

}  // namespace renda::intake
