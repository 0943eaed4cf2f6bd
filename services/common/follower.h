#pragma once
// Following another binary's change feed (renda.feed.v1.ChangeFeedService), for every consumer:
// reporting's counts, the representatives' duty records of bills and suggestions. One follower
// follows one source for every registered congress — those there at the start and those
// registered while it runs (it asks the registry every few seconds) — with a WatchChanges stream
// per congress from the last cursor its sink applied, each event handed to the sink before the
// next is read. When a stream, the sink or Redis fails it starts that congress again from the
// last cursor applied, after a backoff; a sink must therefore be idempotent for an event seen
// twice (or record its cursor in the same atomic step as what it makes of the event).

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renda/type/v1/change.pb.h"
#include "services/common/clock.h"
#include "services/common/redis_client.h"
#include "services/common/registry.h"
#include "services/common/task.h"

namespace renda {

// Where a consumer keeps what it made of a feed.
class ChangeSink {
 public:
  virtual ~ChangeSink() = default;
  // The last cursor applied for `source` in `congress` ("" when none).
  virtual Task<absl::StatusOr<std::string>> LoadCursor(std::string congress, std::string source) = 0;
  // Applies one event and records its cursor. An error makes the follower log it and start the
  // congress again from the last cursor applied (so the event comes again).
  virtual Task<absl::Status> Apply(std::string congress, std::string source, renda::type::v1::ChangeEvent event) = 0;
};

// The cursor store every follower uses: `<prefix>:{<congress>}:cursor:<source>`, a stream id
// that only moves forward (two followers of one feed, or an event seen again, never move it
// back). A sink that records its cursor in its own atomic step passes Key() to its script, which
// moves it the same way (Advance's rule is `redis.call('GET') < new`, by stream-id order).
class FeedCursors {
 public:
  FeedCursors(RedisClient* redis, std::string prefix) : redis_(redis), prefix_(std::move(prefix)) {}
  std::string Key(const std::string& congress, const std::string& source) const;
  Task<absl::StatusOr<std::string>> Load(std::string congress, std::string source) const;
  Task<absl::Status> Advance(std::string congress, std::string source, std::string cursor) const;

 private:
  RedisClient* redis_;
  std::string prefix_;
};

// Whether feed cursor `a` ("<ms>-<seq>", a Redis stream id) is before `b`; "" is before all.
bool FeedCursorBefore(const std::string& a, const std::string& b);

struct FollowOptions {
  std::string source;   // a name for logs and cursors, e.g. "intake"
  std::string subject;  // the subject of the service token the follower signs in with
  std::string token_key;
  const Clock* clock = nullptr;
  RedisClient* redis = nullptr;         // runs the retry and discovery timers
  const Registry* registry = nullptr;   // which congresses there are
  std::shared_ptr<grpc::Channel> channel;  // the source binary
  ChangeSink* sink = nullptr;
  absl::Duration discovery_interval = absl::Seconds(2);
};

class ChangeFollower {
 public:
  static std::unique_ptr<ChangeFollower> Start(FollowOptions options);
  ~ChangeFollower();
  // Stops following; returns once no stream or apply is in flight (or after 5 s).
  void Stop();
  // The drain hook: waits until the events of `congress` up to `cursor` (a cursor of the source
  // feed, e.g. of the last event a test caused) have been applied; false after `timeout`.
  bool WaitApplied(const std::string& congress, const std::string& cursor, absl::Duration timeout);

  class Impl;

 private:
  explicit ChangeFollower(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<Impl> impl_;
};

}  // namespace renda
