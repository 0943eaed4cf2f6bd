#include "services/common/follower.h"

#include <grpcpp/support/client_callback.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "renda/feed/v1/feed.grpc.pb.h"
#include "services/common/auth.h"
#include "services/common/names.h"

namespace renda {
namespace {

namespace fv1 = renda::feed::v1;

// KEYS: the cursor. ARGV: the new cursor. Moves it only forward (stream-id order).
const RedisScript kAdvanceScript(R"lua(
local function parts(c)
  local ms, seq = string.match(c, '^(%d+)-(%d+)$')
  return tonumber(ms or '0'), tonumber(seq or '0')
end
local cur = redis.call('GET', KEYS[1])
if cur then
  local a, b = parts(cur)
  local c, d = parts(ARGV[1])
  if c < a or (c == a and d <= b) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1])
return 1
)lua");

void LogFollower(absl::string_view event, const std::string& source, const std::string& congress,
                 absl::string_view detail) {
  std::cerr << "{\"event\":\"" << event << "\",\"source\":\"" << source << "\",\"congress\":\"" << congress
            << "\",\"detail\":\"" << absl::CHexEscape(detail) << "\"}" << std::endl;
}

}  // namespace

std::string FeedCursors::Key(const std::string& congress, const std::string& source) const {
  return absl::StrCat(prefix_, ":{", congress, "}:cursor:", source);
}

Task<absl::StatusOr<std::string>> FeedCursors::Load(std::string congress, std::string source) const {
  std::vector<std::string> get = {"GET", Key(congress, source)};
  CO_ASSIGN_OR_RETURN(auto cursor, co_await redis_->Run(std::move(get)));
  co_return cursor.is_nil() ? std::string() : cursor.str;
}

Task<absl::Status> FeedCursors::Advance(std::string congress, std::string source, std::string cursor) const {
  std::vector<std::string> keys = {Key(congress, source)}, args = {cursor};
  CO_RETURN_IF_ERROR(co_await redis_->RunScript(kAdvanceScript, std::move(keys), std::move(args)));
  co_return absl::OkStatus();
}

bool FeedCursorBefore(const std::string& a, const std::string& b) {
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

// One congress's stream.
class Stream : public std::enable_shared_from_this<Stream> {
 public:
  Stream(const FollowOptions* options, fv1::ChangeFeedService::Stub* stub, std::string congress)
      : o_(options), stub_(stub), congress_(std::move(congress)) {}

  void Begin() {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      loading_ = true;
    }
    auto self = shared_from_this();
    Start<absl::StatusOr<std::string>>(o_->sink->LoadCursor(congress_, o_->source),
                                       [self](absl::StatusOr<std::string> cursor) {
                                         {
                                           absl::MutexLock lock(&self->mu_);
                                           self->loading_ = false;
                                           if (cursor.ok() && FeedCursorBefore(self->applied_, *cursor)) {
                                             self->applied_ = *cursor;
                                           }
                                         }
                                         if (!cursor.ok()) return self->RetryLater("reading the cursor", cursor.status());
                                         self->Connect();
                                       });
  }

  void Stop() {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    if (reader_ != nullptr) reader_->context.TryCancel();
    auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return reader_ == nullptr && !loading_; };
    mu_.AwaitWithTimeout(absl::Condition(&idle), absl::Seconds(5));
  }

  bool WaitApplied(const std::string& cursor, absl::Duration timeout) {
    absl::MutexLock lock(&mu_);
    auto reached = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !FeedCursorBefore(applied_, cursor); };
    return mu_.AwaitWithTimeout(absl::Condition(&reached), timeout);
  }

 private:
  class Reader final : public grpc::ClientReadReactor<fv1::WatchChangesResponse> {
   public:
    explicit Reader(std::shared_ptr<Stream> s) : stream(std::move(s)) {}
    void OnReadDone(bool ok) override {
      if (!ok) return;  // the stream ended; OnDone follows
      AddHold();        // keeps the reactor alive while the event is applied
      stream->ApplyThenReadNext(this);
    }
    void OnDone(const grpc::Status& status) override {
      stream->OnStreamEnded(status);
      delete this;
    }
    std::shared_ptr<Stream> stream;
    grpc::ClientContext context;
    fv1::WatchChangesRequest request;
    fv1::WatchChangesResponse response;
  };

  void Connect() {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    auto* reader = new Reader(shared_from_this());
    reader->request.set_parent(CongressName(congress_));
    reader->request.set_after_cursor(applied_);
    reader->context.AddMetadata("authorization",
                                ServiceBearer(o_->subject, congress_, o_->clock->Now(), o_->token_key, absl::Hours(1)));
    reader_ = reader;
    stub_->async()->WatchChanges(&reader->context, &reader->request, reader);
    reader->StartRead(&reader->response);
    reader->StartCall();
  }

  void ApplyThenReadNext(Reader* reader) {
    renda::type::v1::ChangeEvent event = reader->response.event();
    const std::string cursor = event.cursor();
    Start<absl::Status>(o_->sink->Apply(congress_, o_->source, std::move(event)), [this, reader, cursor](absl::Status s) {
      if (!s.ok()) {
        LogFollower("feed_apply_failed", o_->source, congress_, absl::StrCat(cursor, ": ", s.message()));
        reader->context.TryCancel();  // start again from the last applied cursor
      } else {
        absl::MutexLock lock(&mu_);
        if (FeedCursorBefore(applied_, cursor)) applied_ = cursor;
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
    LogFollower("feed_retry", o_->source, congress_,
                absl::StrCat(what, ": ", why.message(), " (again in ", absl::FormatDuration(delay), ")"));
    auto self = shared_from_this();
    o_->redis->RunAfter(delay, [self] { self->Begin(); });
  }

  const FollowOptions* o_;
  fv1::ChangeFeedService::Stub* stub_;
  const std::string congress_;
  absl::Mutex mu_;
  std::string applied_ ABSL_GUARDED_BY(mu_);
  Reader* reader_ ABSL_GUARDED_BY(mu_) = nullptr;
  bool loading_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Duration backoff_ ABSL_GUARDED_BY(mu_) = absl::Milliseconds(200);
};

class ChangeFollower::Impl : public std::enable_shared_from_this<ChangeFollower::Impl> {
 public:
  explicit Impl(FollowOptions options)
      : options_(std::move(options)), stub_(fv1::ChangeFeedService::NewStub(options_.channel)) {}

  // Starts a stream for every congress not followed yet, then looks again after a while.
  void Discover() {
    auto self = shared_from_this();
    renda::Start<absl::StatusOr<std::vector<std::string>>>(
        options_.registry->CongressIds(), [self](absl::StatusOr<std::vector<std::string>> ids) {
          std::vector<std::shared_ptr<Stream>> fresh;
          {
            absl::MutexLock lock(&self->mu_);
            if (self->stopping_) return;
            if (ids.ok()) {
              for (const auto& id : *ids) {
                if (self->streams_.contains(id)) continue;
                auto stream = std::make_shared<Stream>(&self->options_, self->stub_.get(), id);
                self->streams_.emplace(id, stream);
                fresh.push_back(std::move(stream));
              }
            }
            self->discovering_ = false;
          }
          if (!ids.ok()) LogFollower("feed_discovery_failed", self->options_.source, "", ids.status().message());
          for (auto& s : fresh) s->Begin();
          self->options_.redis->RunAfter(self->options_.discovery_interval, [self] {
            {
              absl::MutexLock lock(&self->mu_);
              if (self->stopping_) return;
              self->discovering_ = true;
            }
            self->Discover();
          });
        });
  }

  void Stop() {
    std::vector<std::shared_ptr<Stream>> streams;
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
      for (auto& [id, s] : streams_) streams.push_back(s);
      auto idle = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !discovering_; };
      mu_.AwaitWithTimeout(absl::Condition(&idle), absl::Seconds(5));
    }
    for (auto& s : streams) s->Stop();
  }

  bool WaitApplied(const std::string& congress, const std::string& cursor, absl::Duration timeout) {
    const absl::Time until = absl::Now() + timeout;
    std::shared_ptr<Stream> stream;
    {
      absl::MutexLock lock(&mu_);
      // A congress registered a moment ago may not be followed yet: wait for discovery.
      auto known = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return streams_.contains(congress); };
      if (!mu_.AwaitWithDeadline(absl::Condition(&known), until)) return false;
      stream = streams_.at(congress);
    }
    return stream->WaitApplied(cursor, until - absl::Now());
  }

 private:
  FollowOptions options_;
  std::unique_ptr<fv1::ChangeFeedService::Stub> stub_;
  absl::Mutex mu_;
  std::map<std::string, std::shared_ptr<Stream>> streams_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool discovering_ ABSL_GUARDED_BY(mu_) = true;
};

std::unique_ptr<ChangeFollower> ChangeFollower::Start(FollowOptions options) {
  auto impl = std::make_shared<Impl>(std::move(options));
  impl->Discover();
  return std::unique_ptr<ChangeFollower>(new ChangeFollower(std::move(impl)));
}

ChangeFollower::~ChangeFollower() { Stop(); }

void ChangeFollower::Stop() { impl_->Stop(); }

bool ChangeFollower::WaitApplied(const std::string& congress, const std::string& cursor, absl::Duration timeout) {
  return impl_->WaitApplied(congress, cursor, timeout);
}

}  // namespace renda
