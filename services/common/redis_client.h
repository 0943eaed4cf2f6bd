#pragma once
// An asynchronous Redis client: one hiredis connection driven by a libevent loop on its own
// thread. Commands from any thread are queued to the loop and pipelined on the connection; no
// caller ever blocks on Redis. After the connection is lost it reconnects with backoff, and
// while it is down every command fails at once with UNAVAILABLE.

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/task.h"

struct event_base;
struct event;
struct redisAsyncContext;

namespace renda {

// A Redis reply, copied out of hiredis so it outlives the callback.
struct RedisValue {
  enum class Type { kNil, kInteger, kString, kStatus, kArray };
  Type type = Type::kNil;
  int64_t integer = 0;
  std::string str;                 // kString and kStatus
  std::vector<RedisValue> elements;  // kArray

  bool is_nil() const { return type == Type::kNil; }
};

using RedisCallback = absl::AnyInvocable<void(absl::StatusOr<RedisValue>)>;

// A Lua script, run with EVALSHA and loaded again with EVAL when Redis no longer knows it
// (after a restart, say).
class RedisScript {
 public:
  explicit RedisScript(std::string source);
  const std::string& source() const { return source_; }
  const std::string& sha1() const { return sha1_; }

 private:
  std::string source_;
  std::string sha1_;
};

struct RedisOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  absl::Duration min_backoff = absl::Milliseconds(50);
  absl::Duration max_backoff = absl::Seconds(2);
  // How often the connection is checked with PING while it is up.
  absl::Duration ping_interval = absl::Milliseconds(500);
  // Connections, each with its own loop thread. Reply callbacks (which finish gRPC calls, and
  // gRPC then writes to the socket on that thread) run on the loop threads, so more than one
  // keeps a busy server from queuing behind a single thread.
  int connections = 2;
};

// Parses "host:port" (port defaults to 6379).
absl::StatusOr<RedisOptions> ParseRedisAddress(const std::string& address);

// One hiredis connection and the libevent loop thread that drives it.
class RedisConnection {
 public:
  explicit RedisConnection(RedisOptions options);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Sends one command. The callback runs on the client's loop thread, exactly once: with the
  // reply, with an error status for a Redis error reply (INTERNAL, or the code a script's
  // error names), or with UNAVAILABLE when Redis cannot be reached. Keep callbacks short.
  // When `deadline` passes first the callback gets DEADLINE_EXCEEDED (a command not yet sent is
  // not sent; one already sent is one atomic step that Redis may still run) and the late reply
  // is dropped.
  void Command(std::vector<std::string> args, RedisCallback callback,
               absl::Time deadline = absl::InfiniteFuture());

  // Runs a script with EVALSHA, falling back to EVAL when the script is not loaded. The script
  // must outlive the call (scripts are static objects).
  void Eval(const RedisScript& script, std::vector<std::string> keys,
            std::vector<std::string> args, RedisCallback callback,
            absl::Time deadline = absl::InfiniteFuture());

  // Runs `fn` on the loop thread after `delay`. Used for timers (polling, retries).
  void RunAfter(absl::Duration delay, absl::AnyInvocable<void()> fn);

  // Whether the last PING (or connect) succeeded.
  bool healthy() const { return healthy_.load(); }
  // Called on the loop thread whenever healthy() changes.
  void SetHealthListener(std::function<void(bool)> listener);

 private:
  struct Pending {
    std::vector<std::string> args;
    RedisCallback callback;
    const RedisScript* script = nullptr;  // set for EVALSHA, for the EVAL fallback
    absl::Time deadline = absl::InfiniteFuture();
  };
  struct Timer;
  struct CallState;
  void AddTimer(absl::Duration delay, absl::AnyInvocable<void()> fn);

  void Enqueue(Pending pending);
  void LoopMain();
  void DrainQueue();
  void Connect();
  void ScheduleReconnect();
  void SendNow(Pending pending);
  void SchedulePing();
  void SetHealthy(bool healthy);

  static void OnWake(int, short, void* arg);
  static void OnConnect(const redisAsyncContext* ac, int status);
  static void OnDisconnect(const redisAsyncContext* ac, int status);
  static void OnReply(redisAsyncContext* ac, void* reply, void* privdata);
  static void OnTimer(int, short, void* arg);
  static void OnDeadline(int, short, void* arg);

  const RedisOptions options_;
  event_base* base_ = nullptr;
  event* wake_ = nullptr;
  std::thread thread_;

  absl::Mutex mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  std::deque<absl::AnyInvocable<void()>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;

  // Loop-thread state.
  redisAsyncContext* ctx_ = nullptr;
  bool connected_ = false;
  bool connecting_ = false;  // a connection attempt is under way
  bool ping_outstanding_ = false;
  int pings_missed_ = 0;
  absl::Duration backoff_;
  std::atomic<bool> healthy_{false};
  absl::flat_hash_set<Timer*> timers_;
  std::function<void(bool)> health_listener_;
  absl::Mutex listener_mu_;
};

// The client the services use: a few RedisConnections, commands spread over them in turn.
// Each command is atomic on its own (writes are single Lua scripts), so commands of different
// calls need no common order. Healthy while every connection is.
class RedisClient {
 public:
  explicit RedisClient(RedisOptions options);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // See RedisConnection.
  void Command(std::vector<std::string> args, RedisCallback callback,
               absl::Time deadline = absl::InfiniteFuture()) {
    Next().Command(std::move(args), std::move(callback), deadline);
  }
  void Eval(const RedisScript& script, std::vector<std::string> keys, std::vector<std::string> args,
            RedisCallback callback, absl::Time deadline = absl::InfiniteFuture()) {
    Next().Eval(script, std::move(keys), std::move(args), std::move(callback), deadline);
  }

  // The same for coroutines: co_await redis.Run({"GET", key}) yields the reply, bounded by the
  // deadline of the awaiting task's scope.
  auto Run(std::vector<std::string> args) {
    return Await<absl::StatusOr<RedisValue>>(
        [this, args = std::move(args)](RedisCallback done, const TaskScope* scope) mutable {
          Command(std::move(args), std::move(done), scope ? scope->deadline : absl::InfiniteFuture());
        });
  }
  auto RunScript(const RedisScript& script, std::vector<std::string> keys, std::vector<std::string> args) {
    return Await<absl::StatusOr<RedisValue>>(
        [this, &script, keys = std::move(keys), args = std::move(args)](RedisCallback done,
                                                                        const TaskScope* scope) mutable {
          Eval(script, std::move(keys), std::move(args), std::move(done),
               scope ? scope->deadline : absl::InfiniteFuture());
        });
  }
  void RunAfter(absl::Duration delay, absl::AnyInvocable<void()> fn) {
    Next().RunAfter(delay, std::move(fn));
  }
  bool healthy() const;
  // Called with healthy() whenever a connection's health changes, from a loop thread (the same
  // value may come twice in a row).
  void SetHealthListener(std::function<void(bool)> listener);

 private:
  RedisConnection& Next() { return *connections_[next_.fetch_add(1, std::memory_order_relaxed) % connections_.size()]; }
  void OnConnectionHealth();

  std::vector<std::unique_ptr<RedisConnection>> connections_;
  std::atomic<uint64_t> next_{0};
  absl::Mutex mu_;
  std::function<void(bool)> listener_ ABSL_GUARDED_BY(mu_);
};

}  // namespace renda
