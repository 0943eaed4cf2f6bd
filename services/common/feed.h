#pragma once
// The pieces of the one change-feed service (feed_service.h): the request check, redaction of
// events per caller, and the WatchChanges stream that tails a congress's feed.

#include <grpcpp/grpcpp.h>

#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/call.h"
#include "services/common/grpc_status.h"
#include "services/common/names.h"
#include "services/common/server.h"
#include "services/common/store.h"
#include "services/common/validation.h"

namespace renda {

// Validates a feed request and returns its congress.
absl::StatusOr<std::string> CheckFeedRequest(const Caller& caller, absl::string_view parent,
                                             absl::string_view after_cursor, int page_size);

// Removes from an event's resource what the caller may not see (personal data), the same way
// the service's Get does. Empty: events go out as stored.
using EventRedactor = std::function<void(renda::type::v1::ChangeEvent&, const Caller&)>;

// The redactor for events whose resource is a T, from the service's own redaction of T.
template <class T>
EventRedactor RedactEventsWith(void (*redact)(T&, const Caller&)) {
  return [redact](renda::type::v1::ChangeEvent& event, const Caller& caller) {
    T resource;
    if (!event.resource().UnpackTo(&resource)) return;
    redact(resource, caller);
    event.mutable_resource()->PackFrom(resource);
  };
}

// How often an idle WatchChanges stream looks for new events.
inline constexpr absl::Duration kWatchPollInterval = absl::Milliseconds(100);

// A server-streaming reactor that tails a congress's feed. Reads from Redis run on the Redis
// client's loop; writes go out one at a time. The stream ends with UNAVAILABLE when Redis is
// lost or the server shuts down; the client resumes from the last cursor it received.
template <class Response>
class WatchReactor final : public grpc::ServerWriteReactor<Response> {
 public:
  // Checks first that the congress (and the caller's) are registered (CheckRegistered), then tails.
  WatchReactor(const Runtime& runtime, EntityStore* store, std::string service, std::string congress,
               std::string cursor, Caller caller, EventRedactor redact, const google::protobuf::Message* request)
      : state_(std::make_shared<State>()) {
    state_->reactor = this;
    state_->runtime = runtime;
    state_->store = store;
    state_->service = std::move(service);
    state_->congress = std::move(congress);
    state_->cursor = std::move(cursor);
    state_->caller = std::move(caller);
    state_->redact = std::move(redact);
    state_->start = absl::Now();
    std::shared_ptr<State> s = state_;
    Start<absl::Status>(CheckRegistered(runtime.auth->registry(), s->caller, *request), [s](absl::Status registered) {
      {
        absl::MutexLock lock(&s->mu);
        if (s->finished) return;
        if (!registered.ok()) return FinishLocked(*s, registered);
      }
      Poll(s);  // as the first poll always was: without the lock (its reply takes it)
    });
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&state_->mu);
    state_->writing = false;
    state_->pending.pop_front();
    if (!ok) return FinishLocked(*state_, absl::CancelledError("the client went away"));
    WriteNextLocked(state_);
  }
  void OnCancel() override {
    absl::MutexLock lock(&state_->mu);
    FinishLocked(*state_, absl::CancelledError("the client cancelled the stream"));
  }
  void OnDone() override { delete this; }

 private:
  struct State {
    absl::Mutex mu;
    WatchReactor* reactor = nullptr;  // not touched after finished
    Runtime runtime;
    EntityStore* store = nullptr;
    std::string service, congress, cursor;
    Caller caller;
    EventRedactor redact;
    absl::Time start;
    std::deque<Response> pending;
    bool writing = false;
    bool polling = false;
    bool finished = false;
  };

  static void FinishLocked(State& s, absl::Status status) {
    if (s.finished) return;
    s.finished = true;
    // A stream the client ended is a normal end.
    if (status.code() == absl::StatusCode::kCancelled) status = absl::OkStatus();
    LogCall(s.service, "WatchChanges", status, absl::Now() - s.start, "", s.caller.subject());
    s.reactor->Finish(ToGrpcStatus(status));
  }

  static void WriteNextLocked(const std::shared_ptr<State>& s) {
    if (s->finished || s->writing) return;
    if (s->runtime.stopping->load()) {
      return FinishLocked(*s, absl::UnavailableError("the server is shutting down; reconnect with your last cursor"));
    }
    if (!s->pending.empty()) {
      s->writing = true;
      s->reactor->StartWrite(&s->pending.front());
      // The message must stay alive until OnWriteDone; it is popped on the next call.
      return;
    }
    if (!s->polling) Poll(s);
  }

  static void Poll(const std::shared_ptr<State>& s) {
    s->polling = true;
    s->store->ReadFeed(s->congress, s->cursor, 100,
                       [s](absl::StatusOr<std::vector<EntityStore::FeedEntry>> entries) {
                         absl::MutexLock lock(&s->mu);
                         s->polling = false;
                         if (s->finished) return;
                         if (!entries.ok()) return FinishLocked(*s, entries.status());
                         for (const auto& entry : *entries) {
                           auto event = ParseChangeEvent(entry);
                           if (!event.ok()) return FinishLocked(*s, event.status());
                           if (s->redact) s->redact(*event, s->caller);
                           Response r;
                           *r.mutable_event() = *std::move(event);
                           s->pending.push_back(std::move(r));
                           s->cursor = entry.cursor;
                         }
                         if (entries->empty()) {
                           s->polling = true;
                           s->runtime.redis->RunAfter(kWatchPollInterval, [s] {
                             absl::MutexLock lock(&s->mu);
                             s->polling = false;
                             if (s->finished) return;
                             if (s->runtime.stopping->load()) {
                               return FinishLocked(*s, absl::UnavailableError(
                                                           "the server is shutting down; reconnect with your last cursor"));
                             }
                             Poll(s);
                           });
                           return;
                         }
                         WriteNextLocked(s);
                       });
  }

  std::shared_ptr<State> state_;
};

// A stream refused before it started (bad token, bad request).
template <class Response>
class RefusedStream final : public grpc::ServerWriteReactor<Response> {
 public:
  explicit RefusedStream(const absl::Status& status) { this->Finish(ToGrpcStatus(status)); }
  void OnDone() override { delete this; }
};

template <class Request, class Response>
grpc::ServerWriteReactor<Response>* ServeWatchChanges(const CallRunner& runner, const Runtime& runtime,
                                                      EntityStore* store, grpc::CallbackServerContext* ctx,
                                                      const Request* req, EventRedactor redact = nullptr) {
  const absl::Time start = absl::Now();
  auto caller = runner.auth().Check(runner.table(), "WatchChanges", AuthorizationOf(ctx));
  absl::StatusOr<std::string> congress =
      caller.ok() ? CheckFeedRequest(*caller, req->parent(), req->after_cursor(), 0) : caller.status();
  if (!congress.ok()) {
    LogCall(runner.service(), "WatchChanges", congress.status(), absl::Now() - start, "",
            caller.ok() ? caller->subject() : "");
    return new RefusedStream<Response>(congress.status());
  }
  return new WatchReactor<Response>(runtime, store, runner.service(), *congress, req->after_cursor(),
                                    *std::move(caller), std::move(redact), req);
}

}  // namespace renda
