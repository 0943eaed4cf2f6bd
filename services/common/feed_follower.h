#pragma once
// Follows one source service's change feed for one congress, for any consumer: a WatchChanges
// stream from the last cursor the consumer applied, each event handed to the consumer's sink
// (which applies it and records its cursor) before the next is read. When the stream, the sink
// or Redis fails it starts again from the last cursor applied, after a backoff; a sink must
// therefore be idempotent for an event seen twice.

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_callback.h>

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "renda/type/v1/change.pb.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/names.h"
#include "services/common/redis_client.h"
#include "services/common/store.h"

namespace renda {

// Where a consumer keeps what it made of a feed.
class FeedSink {
 public:
  virtual ~FeedSink() = default;
  // The last cursor applied for `source` in `congress` ("" when none).
  virtual void LoadCursor(const std::string& congress, const std::string& source, Callback<std::string> done) = 0;
  // Applies one event and records its cursor. An error makes the follower log it and reconnect
  // from the last cursor applied (so the event comes again).
  virtual void Apply(const std::string& congress, const std::string& source,
                     const renda::type::v1::ChangeEvent& event, Callback<bool> done) = 0;
};

// What a follower needs, whatever the source.
struct FeedFollowerContext {
  std::string source;    // a name for logs and cursors, e.g. "intake"
  std::string congress;  // the congress whose feed is followed
  std::string subject;   // the subject of the service token the follower signs in with
  std::string token_key;
  const Clock* clock = nullptr;
  RedisClient* redis = nullptr;  // runs the retry timers
  FeedSink* sink = nullptr;
};

// Whether feed cursor `a` ("<ms>-<seq>", a Redis stream id) is before `b`; "" is before all.
inline bool FeedCursorBefore(const std::string& a, const std::string& b) {
  auto split = [](const std::string& c) {
    std::pair<std::string, std::string> parts = absl::StrSplit(c, absl::MaxSplits('-', 1));
    uint64_t ms = 0, seq = 0;
    (void)absl::SimpleAtoi(parts.first, &ms);
    (void)absl::SimpleAtoi(parts.second, &seq);
    return std::make_pair(ms, seq);
  };
  if (a.empty()) return !b.empty();
  if (b.empty()) return false;
  return split(a) < split(b);
}

class Follower {
 public:
  virtual ~Follower() = default;
  // Stops following; returns once no stream or apply is in flight (or after 5 s).
  virtual void Stop() = 0;
};

// Service: the generated service class (e.g. renda::intake::v1::IntakeService).
template <class Service, class Request, class Response>
class FeedFollower final : public Follower,
                           public std::enable_shared_from_this<FeedFollower<Service, Request, Response>> {
 public:
  static std::shared_ptr<FeedFollower> Start(FeedFollowerContext fc, std::shared_ptr<grpc::Channel> channel) {
    auto f = std::shared_ptr<FeedFollower>(new FeedFollower(std::move(fc), std::move(channel)));
    f->LoadCursorAndConnect();
    return f;
  }

  void Stop() override {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    if (reader_ != nullptr) reader_->context.TryCancel();
    auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return reader_ == nullptr && !loading_; };
    mu_.AwaitWithTimeout(absl::Condition(&idle), absl::Seconds(5));
  }

 private:
  class Reader final : public grpc::ClientReadReactor<Response> {
   public:
    explicit Reader(std::shared_ptr<FeedFollower> f) : follower(std::move(f)) {}
    void OnReadDone(bool ok) override {
      if (!ok) return;  // the stream ended; OnDone follows
      this->AddHold();  // keeps the reactor alive while the event is applied
      follower->ApplyThenReadNext(this);
    }
    void OnDone(const grpc::Status& status) override {
      follower->OnStreamEnded(status);
      delete this;
    }
    std::shared_ptr<FeedFollower> follower;
    grpc::ClientContext context;
    Request request;
    Response response;
  };

  FeedFollower(FeedFollowerContext fc, std::shared_ptr<grpc::Channel> channel)
      : fc_(std::move(fc)), stub_(Service::NewStub(std::move(channel))) {}

  void LoadCursorAndConnect() {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      loading_ = true;
    }
    auto self = this->shared_from_this();
    fc_.sink->LoadCursor(fc_.congress, fc_.source, [self](absl::StatusOr<std::string> cursor) {
      {
        absl::MutexLock lock(&self->mu_);
        self->loading_ = false;
        if (cursor.ok()) self->cursor_ = *cursor;
      }
      if (!cursor.ok()) return self->RetryLater("reading the cursor", cursor.status());
      self->Connect();
    });
  }

  void Connect() {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    auto* reader = new Reader(this->shared_from_this());
    reader->request.set_parent(CongressName(fc_.congress));
    reader->request.set_after_cursor(cursor_);
    Claims claims;
    claims.subject = fc_.subject;
    claims.roles = Roles{Role::kService};
    claims.congress = fc_.congress;
    claims.issued_at = fc_.clock->Now();
    claims.expiry = claims.issued_at + absl::Hours(1);
    reader->context.AddMetadata("authorization", "Bearer " + MintToken(claims, fc_.token_key));
    reader_ = reader;
    stub_->async()->WatchChanges(&reader->context, &reader->request, reader);
    reader->StartRead(&reader->response);
    reader->StartCall();
  }

  void ApplyThenReadNext(Reader* reader) {
    const auto& event = reader->response.event();
    fc_.sink->Apply(fc_.congress, fc_.source, event,
                    [this, reader, cursor = event.cursor()](absl::StatusOr<bool> applied) {
                      if (!applied.ok()) {
                        std::cerr << "{\"event\":\"feed_apply_failed\",\"source\":\"" << fc_.source
                                  << "\",\"congress\":\"" << fc_.congress << "\",\"cursor\":\"" << cursor
                                  << "\",\"error\":\"" << absl::CHexEscape(applied.status().message()) << "\"}"
                                  << std::endl;
                        reader->context.TryCancel();  // reconnect from the last applied cursor
                      } else {
                        absl::MutexLock lock(&mu_);
                        if (FeedCursorBefore(cursor_, cursor)) cursor_ = cursor;
                        backoff_ = absl::Milliseconds(200);
                        if (stopping_) reader->context.TryCancel();
                      }
                      reader->StartRead(&reader->response);
                      reader->RemoveHold();
                    });
  }

  void OnStreamEnded(const grpc::Status& status) {
    {
      absl::MutexLock lock(&mu_);
      reader_ = nullptr;
      if (stopping_) return;
    }
    RetryLater("following the feed", absl::UnavailableError(status.error_message()));
  }

  void RetryLater(const char* what, const absl::Status& why) {
    absl::Duration delay;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      delay = backoff_;
      backoff_ = std::min(backoff_ * 2, absl::Seconds(5));
    }
    std::cerr << "{\"event\":\"feed_retry\",\"source\":\"" << fc_.source << "\",\"congress\":\"" << fc_.congress
              << "\",\"while\":\"" << what << "\",\"error\":\"" << absl::CHexEscape(why.message())
              << "\",\"retry_in_ms\":" << absl::ToInt64Milliseconds(delay) << "}" << std::endl;
    auto self = this->shared_from_this();
    fc_.redis->RunAfter(delay, [self] { self->LoadCursorAndConnect(); });
  }

  FeedFollowerContext fc_;
  std::unique_ptr<typename Service::Stub> stub_;
  absl::Mutex mu_;
  std::string cursor_ ABSL_GUARDED_BY(mu_);
  Reader* reader_ ABSL_GUARDED_BY(mu_) = nullptr;
  bool loading_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Duration backoff_ ABSL_GUARDED_BY(mu_) = absl::Milliseconds(200);
};

}  // namespace renda
