#include "services/intake/poll_service.h"

#include <memory>
#include <utility>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/common/crypto.h"
#include "services/common/entity_ops.h"
#include "services/common/names.h"
#include "services/common/time_util.h"
#include "services/common/validation.h"
#include "services/intake/poll_logic.h"

namespace renda::intake {
namespace {

using v1::Poll;
using v1::PollResponse;
using v1::PollTallyShard;

const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
const Roles kTextReaders = {Role::kStaff, Role::kLeader, Role::kAdmin};
// How often a response reads again after meeting another on the same shard; with a random
// shard per attempt a handful is plenty, this many covers bursts of hundreds at once.
constexpr int kRespondAttempts = 40;

struct RetryState {
  EntityStore* store;
  std::string congress, caller, request_id, fingerprint;
  int attempts_left;
  WriteBuilder build;
  Callback<std::string> done;
};

void Attempt(std::shared_ptr<RetryState> s) {
  s->build([s](absl::StatusOr<EntityStore::Write> w) mutable {
    if (!w.ok()) return s->done(w.status());
    if (w->entities.empty()) return s->done(std::string());  // decided to write nothing
    w->congress = s->congress;
    w->caller = s->caller;
    w->request_id = s->request_id;
    w->fingerprint = s->fingerprint;
    std::string first = w->entities.empty() ? std::string() : w->entities[0].data;
    s->store->Put(*std::move(w), [s, first = std::move(first)](absl::StatusOr<EntityStore::Written> r) mutable {
      if (!r.ok()) {
        if (r.status().code() == absl::StatusCode::kAborted && --s->attempts_left > 0) return Attempt(s);
        return s->done(r.status());
      }
      if (r->replayed) return s->done(std::move(r->data));
      s->done(std::move(first));
    });
  });
}

int RandomShard() {
  thread_local absl::BitGen gen;
  return absl::Uniform(gen, 0, kPollTallyShards);
}

// Reads every tally shard of a poll at once.
void ReadShards(EntityStore* store, const std::string& congress, const std::string& poll_id,
                Callback<std::vector<PollTallyShard>> done) {
  struct Join {
    absl::Mutex mu;
    std::vector<PollTallyShard> shards = std::vector<PollTallyShard>(kPollTallyShards);
    int left = kPollTallyShards;
    absl::Status status;
    Callback<std::vector<PollTallyShard>> done;
  };
  auto join = std::make_shared<Join>();
  join->done = std::move(done);
  for (int i = 0; i < kPollTallyShards; ++i) {
    const std::string id = TallyShardId(poll_id, i);
    GetProto<PollTallyShard>(store, "poll tally", kPollTallyKind, congress, id, id,
                             [join, i](absl::StatusOr<PollTallyShard> shard) {
                               bool last = false;
                               {
                                 absl::MutexLock lock(&join->mu);
                                 if (shard.ok()) {
                                   join->shards[i] = *std::move(shard);
                                 } else if (join->status.ok()) {
                                   join->status = shard.status();
                                 }
                                 last = --join->left == 0;
                               }
                               if (!last) return;
                               if (!join->status.ok()) return join->done(join->status);
                               join->done(std::move(join->shards));
                             });
  }
}

}  // namespace

void WriteWithRetries(EntityStore* store, std::string congress, std::string caller, std::string request_id,
                      std::string fingerprint, int attempts, WriteBuilder build, Callback<std::string> done) {
  auto s = std::make_shared<RetryState>(RetryState{store, std::move(congress), std::move(caller),
                                                   std::move(request_id), std::move(fingerprint), attempts,
                                                   std::move(build), std::move(done)});
  if (s->request_id.empty()) return Attempt(s);
  store->FindReplay(s->congress, s->caller, s->request_id, s->fingerprint,
                    [s](absl::StatusOr<std::optional<std::string>> first) mutable {
                      if (!first.ok()) return s->done(first.status());
                      if (first->has_value()) return s->done(std::move(**first));
                      Attempt(s);
                    });
}

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

PollService::PollService(const Runtime& runtime, const IntakeOptions& options)
    : runtime_(runtime),
      options_(options),
      store_(runtime.redis, "in"),
      limiter_(runtime.redis, "in"),
      runner_("polls", &PollAccess(), runtime.auth),
      key_(HmacSha256(runtime.options.token_key, "renda poll respondents and invitations")) {}

grpc::ServerUnaryReactor* PollService::CreatePoll(grpc::CallbackServerContext* ctx, const v1::CreatePollRequest* req,
                                                  v1::CreatePollResponse* resp) {
  return runner_.Unary(ctx, "CreatePoll", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ValidatePollFields(req->poll(), v);
    if (!req->poll_id().empty()) {
      v.Id("poll_id", req->poll_id(), false);
      if (req->poll_id().size() > 50) v.Add("poll_id", "must be at most 50 characters");
    }
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    const std::string id = req->poll_id().empty() ? NewTimeOrderedId(now) : req->poll_id();
    const std::string name = ResourceNameOf(congress, kPollCollection, id);
    Poll poll = NewPoll(req->poll(), name, caller, now);
    PutSpec spec = CreateSpec(congress, kPollKind, id, PollIndexes(poll), caller.subject(), *req, req->request_id(), now);
    // The tally shards exist from the start, so every response updates one at a known version.
    for (int i = 0; i < kPollTallyShards; ++i) {
      PollTallyShard shard;
      shard.set_name(TallyShardName(name, i));
      spec.also.push_back(EntityWriteOf(shard, kPollTallyKind, TallyShardId(id, i), EntityStore::WriteMode::kCreate, 0,
                                        {}, caller.subject(), req->request_id(), now));
    }
    PutProto<Poll>(&store_, spec, std::move(poll), FinishWith(resp->mutable_poll(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* PollService::GetPoll(grpc::CallbackServerContext* ctx, const v1::GetPollRequest* req,
                                               v1::GetPollResponse* resp) {
  return runner_.Unary(ctx, "GetPoll", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kPollCollection, v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetProto<Poll>(&store_, "poll", kPollKind, name.congress, name.id, req->name(),
                   [resp, caller, finish = std::move(finish)](absl::StatusOr<Poll> poll) mutable {
                     if (!poll.ok()) return finish(poll.status());
                     if (poll->state() == v1::POLL_STATE_DRAFT && !MaySeeDrafts(caller)) {
                       return finish(MakeError(absl::StatusCode::kPermissionDenied, "POLL_NOT_PUBLISHED",
                                               absl::StrCat(poll->name(), " is still a draft; it can be read once opened")));
                     }
                     *resp->mutable_poll() = *std::move(poll);
                     finish(absl::OkStatus());
                   });
  });
}

grpc::ServerUnaryReactor* PollService::ListPolls(grpc::CallbackServerContext* ctx, const v1::ListPollsRequest* req,
                                                 v1::ListPollsResponse* resp) {
  return runner_.Unary(ctx, "ListPolls", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    v.Enum("state", req->state(), v1::PollState_descriptor(), false).PageSize("page_size", req->page_size(), 200);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    v1::PollState state = req->state();
    if (!MaySeeDrafts(caller)) {
      if (state == v1::POLL_STATE_DRAFT) {
        return finish(MakeError(absl::StatusCode::kPermissionDenied, "POLL_NOT_PUBLISHED",
                                "draft polls are listed to staff, leaders and admins only"));
      }
      if (state == v1::POLL_STATE_UNSPECIFIED) state = v1::POLL_STATE_OPEN;
    }
    const std::string index = state == v1::POLL_STATE_UNSPECIFIED ? std::string(kPollCollection) : PollStateIndex(state);
    ListSpec spec{congress, kPollKind, {index}, absl::StrCat("ListPolls|", req->parent(), "|", index),
                  req->page_token(), req->page_size(), false};
    ListProtos<Poll>(&store_, *runtime_.page_tokens, std::move(spec),
                     FinishPage<Poll>(resp->mutable_polls(), resp->mutable_next_page_token(), std::move(finish)));
  });
}

template <class Request>
void PollService::ChangeState(const Request& req, const Caller& caller, Poll* out, Finish finish,
                              absl::StatusOr<Poll> (*apply)(const Poll&, absl::Time)) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kPollCollection, v);
  v.RequestId("request_id", req.request_id());
  if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
  const absl::Time now = runtime_.clock->Now();
  auto plan = NewUpdatePlan<Poll>(
      ChangeSpec(name.congress, kPollKind, name.id, caller.subject(), req, req.request_id(), now), "poll", req.name(),
      req.etag());
  plan->mutate = [apply, clock = runtime_.clock](const Poll& current) { return apply(current, clock->Now()); };
  plan->indexes = [](const Poll& next) { return PollIndexes(next); };
  UpdateProto<Poll>(&store_, plan, FinishWith(out, std::move(finish)));
}

grpc::ServerUnaryReactor* PollService::OpenPoll(grpc::CallbackServerContext* ctx, const v1::OpenPollRequest* req,
                                                v1::OpenPollResponse* resp) {
  return runner_.Unary(ctx, "OpenPoll", *req, [=, this](const Caller& caller, Finish finish) {
    ChangeState(*req, caller, resp->mutable_poll(), std::move(finish), &ApplyOpenPoll);
  });
}

grpc::ServerUnaryReactor* PollService::ClosePoll(grpc::CallbackServerContext* ctx, const v1::ClosePollRequest* req,
                                                 v1::ClosePollResponse* resp) {
  return runner_.Unary(ctx, "ClosePoll", *req, [=, this](const Caller& caller, Finish finish) {
    ChangeState(*req, caller, resp->mutable_poll(), std::move(finish), &ApplyClosePoll);
  });
}

grpc::ServerUnaryReactor* PollService::IssuePollInvitations(grpc::CallbackServerContext* ctx,
                                                            const v1::IssuePollInvitationsRequest* req,
                                                            v1::IssuePollInvitationsResponse* resp) {
  return runner_.Unary(ctx, "IssuePollInvitations", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("poll", req->poll(), kPollCollection, v);
    v.Range("first_number", req->first_number(), 1, 99999999, true).Range("count", req->count(), 1, 1000, false);
    const int64_t first = req->first_number() == 0 ? 1 : req->first_number();
    if (first + req->count() - 1 > 99999999) v.Add("count", "the last code number must be at most 99999999");
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetProto<Poll>(&store_, "poll", kPollKind, name.congress, name.id, req->poll(),
                   [this, req, resp, name, first, finish = std::move(finish)](absl::StatusOr<Poll> poll) mutable {
                     if (!poll.ok()) return finish(poll.status());
                     for (int64_t n = first; n < first + req->count(); ++n) {
                       resp->add_invitation_codes(InvitationCode(key_, name.congress, name.id, n));
                     }
                     finish(absl::OkStatus());
                   });
  });
}

grpc::ServerUnaryReactor* PollService::SubmitPollResponse(grpc::CallbackServerContext* ctx,
                                                          const v1::SubmitPollResponseRequest* req,
                                                          v1::SubmitPollResponseResponse* resp) {
  const std::string client = ClientKeyOf(ctx);
  return runner_.Unary(ctx, "SubmitPollResponse", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("poll", req->poll(), kPollCollection, v);
    if (req->answers_size() > 100) v.Add("answers", "a response has at most 100 answers");
    if (caller.anonymous) {
      v.Text("invitation_code", req->invitation_code(), 32, true);
    }
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    LimitAnonymous(&limiter_, caller, client, name.congress, "poll responses", options_.anonymous,
                   [this, req, resp, caller, name, finish = std::move(finish)](absl::Status allowed) mutable {
      if (!allowed.ok()) return finish(allowed);
      if (caller.anonymous && !IsInvitationCode(key_, name.congress, name.id, req->invitation_code())) {
        return finish(InvalidRequest({{"invitation_code", "is not an invitation code of this poll; check the code "
                                                          "on your invitation"}}));
      }
      const std::string response_id = ResponseIdFor(key_, name.id, caller, req->invitation_code());
      const std::string entity_id = absl::StrCat(name.id, ".", response_id);
      const std::string response_name = absl::StrCat(req->poll(), "/responses/", response_id);
      auto already = [] {
        return MakeError(absl::StatusCode::kAlreadyExists, "ALREADY_RESPONDED",
                         "this poll has already been answered by you (or with this invitation code); each "
                         "respondent answers once");
      };
      WriteBuilder build = [this, req, caller, name, entity_id, response_name, already](
                               Callback<EntityStore::Write> done) {
        GetVersioned<Poll>(&store_, "poll", kPollKind, name.congress, name.id, req->poll(),
                           [this, req, caller, name, entity_id, response_name, already, done = std::move(done)](
                               absl::StatusOr<std::pair<Poll, int64_t>> poll) mutable {
          if (!poll.ok()) return done(poll.status());
          const absl::Time now = runtime_.clock->Now();
          if (auto s = CheckAcceptsResponses(poll->first, now); !s.ok()) return done(s);
          if (auto s = ValidateAnswers(poll->first, req->answers()); !s.ok()) return done(s);
          store_.Get(name.congress, kPollResponseKind, entity_id,
                     [this, req, caller, name, entity_id, response_name, already, now, poll_version = poll->second,
                      done = std::move(done)](absl::StatusOr<std::optional<EntityStore::Stored>> existing) mutable {
            if (!existing.ok()) return done(existing.status());
            if (existing->has_value()) return done(already());
            const int shard = RandomShard();
            const std::string shard_id = TallyShardId(name.id, shard);
            GetVersioned<PollTallyShard>(
                &store_, "poll tally", kPollTallyKind, name.congress, shard_id, shard_id,
                [req, caller, name, entity_id, response_name, now, poll_version, shard_id,
                 done = std::move(done)](absl::StatusOr<std::pair<PollTallyShard, int64_t>> tally) mutable {
                  if (!tally.ok()) return done(tally.status());
                  PollResponse response;
                  response.set_name(response_name);
                  for (const auto& a : req->answers()) {
                    v1::PollAnswer* out = response.add_answers();
                    out->set_question_id(a.question_id());
                    *out->mutable_option_ids() = a.option_ids();
                    out->set_text(a.text());
                  }
                  response.set_signed_in(!caller.anonymous);
                  *response.mutable_create_time() = ToProtoTime(now);
                  PollTallyShard next = CountResponse(tally->first, response);
                  EntityStore::Write w;
                  w.entities.push_back(EntityWriteOf(response, kPollResponseKind, entity_id,
                                                     EntityStore::WriteMode::kCreate, 0,
                                                     ResponseIndexes(name.id, response), caller.subject(),
                                                     req->request_id(), now));
                  w.entities.push_back(EntityWriteOf(next, kPollTallyKind, shard_id, EntityStore::WriteMode::kUpdate,
                                                     tally->second, {}, caller.subject(), req->request_id(), now));
                  w.entities.push_back(CheckOnly(kPollKind, name.id, poll_version));
                  done(std::move(w));
                });
          });
        });
      };
      WriteWithRetries(&store_, name.congress, caller.subject(), req->request_id(), Fingerprint(*req),
                       kRespondAttempts, std::move(build),
                       [resp, already, finish = std::move(finish)](absl::StatusOr<std::string> data) mutable {
                         if (!data.ok()) {
                           // Two answers with the same key at the same instant: the second
                           // write's create is refused.
                           if (data.status().code() == absl::StatusCode::kAlreadyExists) return finish(already());
                           return finish(data.status());
                         }
                         FinishWithStored<PollResponse>(resp->mutable_response(), std::move(finish))(std::move(data));
                       });
    });
  });
}

grpc::ServerUnaryReactor* PollService::GetPollResults(grpc::CallbackServerContext* ctx,
                                                      const v1::GetPollResultsRequest* req,
                                                      v1::GetPollResultsResponse* resp) {
  return runner_.Unary(ctx, "GetPollResults", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("poll", req->poll(), kPollCollection, v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetProto<Poll>(&store_, "poll", kPollKind, name.congress, name.id, req->poll(),
                   [this, resp, caller, name, finish = std::move(finish)](absl::StatusOr<Poll> poll) mutable {
                     if (!poll.ok()) return finish(poll.status());
                     if (auto s = CheckMaySeeResults(*poll, caller); !s.ok()) return finish(s);
                     ReadShards(&store_, name.congress, name.id,
                                [resp, poll = *std::move(poll), finish = std::move(finish)](
                                    absl::StatusOr<std::vector<PollTallyShard>> shards) mutable {
                                  if (!shards.ok()) return finish(shards.status());
                                  *resp->mutable_results() = SumResults(poll, *shards);
                                  finish(absl::OkStatus());
                                });
                   });
  });
}

grpc::ServerUnaryReactor* PollService::ListPollTextAnswers(grpc::CallbackServerContext* ctx,
                                                           const v1::ListPollTextAnswersRequest* req,
                                                           v1::ListPollTextAnswersResponse* resp) {
  return runner_.Unary(ctx, "ListPollTextAnswers", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("poll", req->poll(), kPollCollection, v);
    v.Id("question_id", req->question_id(), true).PageSize("page_size", req->page_size(), 500);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetProto<Poll>(&store_, "poll", kPollKind, name.congress, name.id, req->poll(),
                   [this, req, resp, name, finish = std::move(finish)](absl::StatusOr<Poll> poll) mutable {
      if (!poll.ok()) return finish(poll.status());
      const v1::PollQuestion* question = nullptr;
      for (const auto& q : poll->questions()) {
        if (q.id() == req->question_id()) question = &q;
      }
      if (question == nullptr || question->type() != v1::QUESTION_TYPE_FREE_TEXT) {
        return finish(InvalidRequest({{"question_id", absl::StrCat("\"", req->question_id(),
                                                                   "\" is not a free-text question of this poll")}}));
      }
      ListSpec spec{name.congress, kPollResponseKind, {TextAnswerIndex(name.id, req->question_id())},
                    absl::StrCat("ListPollTextAnswers|", req->poll(), "|", req->question_id()), req->page_token(),
                    req->page_size(), false};
      ListProtos<PollResponse>(&store_, *runtime_.page_tokens, std::move(spec),
                               [req, resp, finish = std::move(finish)](
                                   absl::StatusOr<ProtoPage<PollResponse>> page) mutable {
                                 if (!page.ok()) return finish(page.status());
                                 for (const auto& r : page->items) {
                                   for (const auto& a : r.answers()) {
                                     if (a.question_id() != req->question_id() || a.text().empty()) continue;
                                     v1::PollTextAnswer* out = resp->add_answers();
                                     out->set_response(r.name());
                                     out->set_text(a.text());
                                     *out->mutable_create_time() = r.create_time();
                                   }
                                 }
                                 resp->set_next_page_token(page->next_page_token);
                                 finish(absl::OkStatus());
                               });
    });
  });
}

}  // namespace renda::intake
