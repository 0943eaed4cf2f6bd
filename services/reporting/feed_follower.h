#pragma once
// Follows one source service's change feed for one congress: a WatchChanges stream from the
// last cursor applied, each event applied to the counts (with its cursor, atomically) before
// the next is read. When the stream or Redis fails it starts again from the last cursor
// applied, after a backoff; events seen twice are skipped by the store.

#include <grpcpp/grpcpp.h>

#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/redis_client.h"
#include "services/common/names.h"
#include "services/reporting/overview_logic.h"
#include "services/reporting/reporting_store.h"

namespace renda::reporting {

// What a follower needs, whatever the source.
struct FollowerContext {
  std::string source;
  std::string congress;
  std::string token_key;
  const Clock* clock = nullptr;
  RedisClient* redis = nullptr;
  ReportingStore* store = nullptr;
};

class Follower {
 public:
  virtual ~Follower() = default;
  // Stops following; returns once no stream or apply is in flight (or after 5 s).
  virtual void Stop() = 0;
};

// Service: the generated service class (e.g. renda::intake::v1::IntakeService).
template <class Service, class Request, class Response>
class FeedFollower final : public Follower, public std::enable_shared_from_this<FeedFollower<Service, Request, Response>> {
 public:
  static std::shared_ptr<FeedFollower> Start(FollowerContext fc, std::shared_ptr<grpc::Channel> channel) {
    auto f = std::shared_ptr<FeedFollower>(new FeedFollower(std::move(fc), std::move(channel)));
    f->LoadCursorAndConnect();
    return f;
  }

  void Stop() override {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    if (reader_ != nullptr) reader_->context.TryCancel();
    auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return reader_ == nullptr; };
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

  FeedFollower(FollowerContext fc, std::shared_ptr<grpc::Channel> channel)
      : fc_(std::move(fc)), stub_(Service::NewStub(std::move(channel))) {}

  void LoadCursorAndConnect() {
    auto self = this->shared_from_this();
    fc_.store->LoadCursor(fc_.congress, fc_.source, [self](absl::StatusOr<std::string> cursor) {
      if (!cursor.ok()) return self->RetryLater("reading the cursor", cursor.status());
      {
        absl::MutexLock lock(&self->mu_);
        self->cursor_ = *cursor;
      }
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
    claims.subject = "reporting";
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
    auto status = CountedStatus(event);
    const bool counted = status.ok();
    if (!status.ok() && status.status().code() != absl::StatusCode::kNotFound) {
      // An event this version cannot read: stop here rather than count wrongly.
      std::cerr << "{\"event\":\"feed_event_unreadable\",\"source\":\"" << fc_.source << "\",\"cursor\":\""
                << event.cursor() << "\"}" << std::endl;
      reader->context.TryCancel();
      reader->RemoveHold();
      return;
    }
    fc_.store->Apply(fc_.congress, fc_.source, event, counted ? *status : "", counted,
                     [this, reader, cursor = event.cursor()](absl::StatusOr<bool> applied) {
                       if (!applied.ok()) {
                         reader->context.TryCancel();  // reconnect from the last applied cursor
                       } else {
                         absl::MutexLock lock(&mu_);
                         if (CursorBefore(cursor_, cursor)) cursor_ = cursor;
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
              << "\",\"retry_in_ms\":" << absl::ToInt64Milliseconds(delay) << "}"
              << std::endl;
    auto self = this->shared_from_this();
    fc_.redis->RunAfter(delay, [self] { self->LoadCursorAndConnect(); });
  }

  FollowerContext fc_;
  std::unique_ptr<typename Service::Stub> stub_;
  absl::Mutex mu_;
  std::string cursor_ ABSL_GUARDED_BY(mu_);
  Reader* reader_ ABSL_GUARDED_BY(mu_) = nullptr;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Duration backoff_ ABSL_GUARDED_BY(mu_) = absl::Milliseconds(200);
};

}  // namespace renda::reporting
