#include "services/common/redis_client.h"

#include <event2/event.h>
#include <event2/thread.h>
#include <hiredis/adapters/libevent.h>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cstdio>
#include <utility>

#include "absl/strings/match.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "services/common/errors.h"

namespace renda {
namespace {

RedisValue CopyReply(const redisReply* r) {
  RedisValue v;
  switch (r->type) {
    case REDIS_REPLY_INTEGER:
      v.type = RedisValue::Type::kInteger;
      v.integer = r->integer;
      break;
    case REDIS_REPLY_STRING:
      v.type = RedisValue::Type::kString;
      v.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      v.type = RedisValue::Type::kStatus;
      v.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ARRAY:
      v.type = RedisValue::Type::kArray;
      v.elements.reserve(r->elements);
      for (size_t i = 0; i < r->elements; ++i) v.elements.push_back(CopyReply(r->element[i]));
      break;
    default:
      v.type = RedisValue::Type::kNil;
  }
  return v;
}

// Scripts report domain errors as "<REASON> message", e.g. "ETAG_MISMATCH deputy d-1 was
// changed ..."; the reason becomes the error's google.rpc.ErrorInfo reason, the same one C++
// code uses for the same problem. Any other error reply is an internal error.
absl::Status ErrorFromReply(absl::string_view text) {
  static const std::pair<absl::string_view, absl::StatusCode> kReasons[] = {
      {"ETAG_MISMATCH", absl::StatusCode::kAborted},
      {"REQUEST_ID_REUSED", absl::StatusCode::kFailedPrecondition},
      {"NOT_FOUND", absl::StatusCode::kNotFound},
      {"ALREADY_EXISTS", absl::StatusCode::kAlreadyExists},
      {"ABORTED", absl::StatusCode::kAborted},
      {"FAILED_PRECONDITION", absl::StatusCode::kFailedPrecondition},
      {"INVALID_ARGUMENT", absl::StatusCode::kInvalidArgument},
      {"RESOURCE_EXHAUSTED", absl::StatusCode::kResourceExhausted},
  };
  // Errors raised inside scripts arrive wrapped ("ERR user_script:1: ABORTED ..." on some
  // versions); look for the reason anywhere at a word start.
  for (const auto& [reason, code] : kReasons) {
    size_t pos = text.find(reason);
    if (pos != absl::string_view::npos && (pos == 0 || text[pos - 1] == ' ')) {
      absl::string_view rest = text.substr(pos + reason.size());
      rest = absl::StripLeadingAsciiWhitespace(rest);
      size_t script_suffix = rest.find(" script: ");
      if (script_suffix != absl::string_view::npos) rest = rest.substr(0, script_suffix);
      return MakeError(code, reason, rest);
    }
  }
  if (absl::StartsWith(text, "LOADING") || absl::StartsWith(text, "MASTERDOWN") ||
      absl::StartsWith(text, "BUSY")) {
    return absl::UnavailableError(absl::StrCat("redis is not ready: ", text));
  }
  return absl::InternalError(absl::StrCat("redis error: ", text));
}

absl::Status RedisDown() {
  return absl::UnavailableError("the data store is unreachable; retry shortly");
}

}  // namespace

RedisScript::RedisScript(std::string source) : source_(std::move(source)) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(source_.data()), source_.size(), digest);
  static const char kHex[] = "0123456789abcdef";
  sha1_.reserve(2 * SHA_DIGEST_LENGTH);
  for (unsigned char c : digest) {
    sha1_.push_back(kHex[c >> 4]);
    sha1_.push_back(kHex[c & 15]);
  }
}

absl::StatusOr<RedisOptions> ParseRedisAddress(const std::string& address) {
  RedisOptions o;
  std::vector<std::string> parts = absl::StrSplit(address, absl::MaxSplits(':', 1));
  if (parts.empty() || parts[0].empty()) {
    return absl::InvalidArgumentError(absl::StrCat("redis address '", address, "' has no host"));
  }
  o.host = parts[0];
  if (parts.size() == 2 && (!absl::SimpleAtoi(parts[1], &o.port) || o.port <= 0 || o.port > 65535)) {
    return absl::InvalidArgumentError(absl::StrCat("redis address '", address, "' has a bad port"));
  }
  return o;
}

struct RedisConnection::Timer {
  RedisConnection* client;
  event* ev;
  absl::AnyInvocable<void()> fn;
};

RedisConnection::RedisConnection(RedisOptions options) : options_(std::move(options)) {
  static const int kThreadsReady = evthread_use_pthreads();
  (void)kThreadsReady;
  backoff_ = options_.min_backoff;
  base_ = event_base_new();
  wake_ = event_new(base_, -1, 0, &RedisConnection::OnWake, this);
  thread_ = std::thread([this] { LoopMain(); });
}

RedisConnection::~RedisConnection() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  event_active(wake_, 0, 0);
  thread_.join();
  for (Timer* t : timers_) {
    event_free(t->ev);
    delete t;
  }
  event_free(wake_);
  event_base_free(base_);
}

void RedisConnection::SetHealthListener(std::function<void(bool)> listener) {
  absl::MutexLock lock(&listener_mu_);
  health_listener_ = std::move(listener);
}

void RedisConnection::SetHealthy(bool healthy) {
  if (healthy_.exchange(healthy) == healthy) return;
  absl::MutexLock lock(&listener_mu_);
  if (health_listener_) health_listener_(healthy);
}

void RedisConnection::LoopMain() {
  Connect();
  SchedulePing();
  // Runs until the destructor sets stopping_ and wakes the loop, which then breaks out.
  event_base_dispatch(base_);
}

void RedisConnection::Command(std::vector<std::string> args, RedisCallback callback, absl::Time deadline) {
  Enqueue(Pending{std::move(args), std::move(callback), nullptr, deadline});
}

void RedisConnection::Eval(const RedisScript& script, std::vector<std::string> keys,
                           std::vector<std::string> args, RedisCallback callback, absl::Time deadline) {
  std::vector<std::string> cmd;
  cmd.reserve(3 + keys.size() + args.size());
  cmd.push_back("EVALSHA");
  cmd.push_back(script.sha1());
  cmd.push_back(std::to_string(keys.size()));
  for (auto& k : keys) cmd.push_back(std::move(k));
  for (auto& a : args) cmd.push_back(std::move(a));
  Enqueue(Pending{std::move(cmd), std::move(callback), &script, deadline});
}

void RedisConnection::Enqueue(Pending pending) {
  bool queued = false;
  {
    absl::MutexLock lock(&mu_);
    if (!stopping_) {
      queued = true;
      queue_.push_back(std::move(pending));
      if (queue_.size() > 1) return;  // a wake-up is already pending
    }
  }
  if (!queued) {
    pending.callback(absl::UnavailableError("the service is shutting down"));
    return;
  }
  event_active(wake_, 0, 0);
}

void RedisConnection::RunAfter(absl::Duration delay, absl::AnyInvocable<void()> fn) {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    tasks_.push_back([this, delay, fn = std::move(fn)]() mutable {
      AddTimer(delay, std::move(fn));
    });
  }
  event_active(wake_, 0, 0);
}

void RedisConnection::AddTimer(absl::Duration delay, absl::AnyInvocable<void()> fn) {
  auto* t = new Timer{this, nullptr, std::move(fn)};
  t->ev = evtimer_new(base_, &RedisConnection::OnTimer, t);
  timers_.insert(t);
  timeval tv = absl::ToTimeval(delay);
  evtimer_add(t->ev, &tv);
}

void RedisConnection::OnTimer(int, short, void* arg) {
  auto* t = static_cast<Timer*>(arg);
  t->client->timers_.erase(t);
  event_free(t->ev);
  auto fn = std::move(t->fn);
  delete t;
  fn();
}

void RedisConnection::OnWake(int, short, void* arg) { static_cast<RedisConnection*>(arg)->DrainQueue(); }

void RedisConnection::DrainQueue() {
  std::deque<Pending> batch;
  std::deque<absl::AnyInvocable<void()>> tasks;
  bool stopping;
  {
    absl::MutexLock lock(&mu_);
    batch.swap(queue_);
    tasks.swap(tasks_);
    stopping = stopping_;
  }
  for (auto& task : tasks) task();
  for (auto& p : batch) SendNow(std::move(p));
  if (stopping) {
    if (ctx_ != nullptr) {
      redisAsyncContext* ctx = ctx_;
      ctx_ = nullptr;
      connected_ = false;
      redisAsyncFree(ctx);  // fails pending callbacks with a null reply
    }
    event_base_loopbreak(base_);
  }
}

namespace {
absl::Status DeadlinePassed() {
  return absl::DeadlineExceededError(
      "the call's deadline passed while waiting for the data store; a write is applied whole or "
      "not at all: retry with the same request_id to learn which");
}
}  // namespace

// One command sent: hiredis holds it until the reply (or the end of the connection). When its
// deadline passes first, the callback is answered then and `callback` left empty.
struct RedisConnection::CallState {
  RedisConnection* client;
  std::vector<std::string> args;  // kept for the EVAL fallback
  RedisCallback callback;
  const RedisScript* script;
  absl::Time deadline;
  event* timer = nullptr;

  // Hands the outcome to the callback unless the deadline already did; frees the state.
  void Answer(absl::StatusOr<RedisValue> outcome) {
    auto cb = std::move(callback);
    callback = nullptr;
    if (timer != nullptr) event_free(timer);
    delete this;
    if (cb) cb(std::move(outcome));
  }
};

void RedisConnection::OnDeadline(int, short, void* arg) {
  auto* state = static_cast<CallState*>(arg);
  event_free(state->timer);
  state->timer = nullptr;
  auto cb = std::move(state->callback);
  state->callback = nullptr;
  if (cb) cb(DeadlinePassed());
}

void RedisConnection::SendNow(Pending p) {
  // While a connection attempt is under way, hiredis buffers the command and sends it once
  // connected (or fails it if the attempt fails); otherwise, with no connection, fail fast.
  if (ctx_ == nullptr || (!connected_ && !connecting_)) {
    p.callback(RedisDown());
    return;
  }
  const bool bounded = p.deadline != absl::InfiniteFuture();
  const absl::Time now = bounded ? absl::Now() : absl::InfinitePast();
  if (bounded && p.deadline <= now) {
    p.callback(DeadlinePassed());
    return;
  }
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  argv.reserve(p.args.size());
  lens.reserve(p.args.size());
  for (const auto& a : p.args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  auto* state = new CallState{this, std::move(p.args), std::move(p.callback), p.script, p.deadline};
  // hiredis copies the arguments into its output buffer, so argv may point into `state`.
  if (redisAsyncCommandArgv(ctx_, &RedisConnection::OnReply, state, static_cast<int>(argv.size()),
                            argv.data(), lens.data()) != REDIS_OK) {
    state->Answer(RedisDown());
    return;
  }
  if (bounded) {
    state->timer = evtimer_new(base_, &RedisConnection::OnDeadline, state);
    timeval tv = absl::ToTimeval(p.deadline - now);
    evtimer_add(state->timer, &tv);
  }
}

void RedisConnection::OnReply(redisAsyncContext* ac, void* r, void* privdata) {
  auto* state = static_cast<CallState*>(privdata);
  auto* reply = static_cast<redisReply*>(r);
  if (reply == nullptr) return state->Answer(RedisDown());
  if (!state->callback) return state->Answer(RedisDown());  // answered at its deadline
  if (reply->type == REDIS_REPLY_ERROR) {
    absl::string_view text(reply->str, reply->len);
    if (state->script != nullptr && absl::StartsWith(text, "NOSCRIPT")) {
      // Redis lost its script cache (it restarted): send the source once with EVAL.
      state->args[0] = "EVAL";
      state->args[1] = state->script->source();
      Pending again{std::move(state->args), std::move(state->callback), nullptr, state->deadline};
      RedisConnection* client = state->client;
      state->Answer(RedisDown());  // frees the state; its callback went with `again`
      client->SendNow(std::move(again));
      return;
    }
    return state->Answer(ErrorFromReply(text));
  }
  state->Answer(CopyReply(reply));
}

void RedisConnection::Connect() {
  redisAsyncContext* ac = redisAsyncConnect(options_.host.c_str(), options_.port);
  if (ac == nullptr || ac->err) {
    if (ac != nullptr) redisAsyncFree(ac);
    ScheduleReconnect();
    return;
  }
  ac->data = this;
  redisLibeventAttach(ac, base_);
  redisAsyncSetConnectCallback(ac, &RedisConnection::OnConnect);
  redisAsyncSetDisconnectCallback(ac, &RedisConnection::OnDisconnect);
  ctx_ = ac;
  connecting_ = true;
}

void RedisConnection::OnConnect(const redisAsyncContext* ac, int status) {
  auto* self = static_cast<RedisConnection*>(ac->data);
  self->connecting_ = false;
  if (status != REDIS_OK) {
    // hiredis frees the context after a failed connect.
    self->ctx_ = nullptr;
    self->connected_ = false;
    self->SetHealthy(false);
    self->ScheduleReconnect();
    return;
  }
  self->connected_ = true;
  self->backoff_ = self->options_.min_backoff;
  // Healthy once Redis answers a PING (it may still be loading its AOF).
  self->SendNow(Pending{{"PING"}, [self](absl::StatusOr<RedisValue> r) { self->SetHealthy(r.ok()); }});
}

void RedisConnection::OnDisconnect(const redisAsyncContext* ac, int status) {
  auto* self = static_cast<RedisConnection*>(ac->data);
  if (self->ctx_ != ac) return;  // freed on purpose during shutdown
  self->ctx_ = nullptr;
  self->connecting_ = false;
  self->connected_ = false;
  self->SetHealthy(false);
  self->ScheduleReconnect();
}

void RedisConnection::ScheduleReconnect() {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
  }
  absl::Duration delay = backoff_;
  backoff_ = std::min(backoff_ * 2, options_.max_backoff);
  AddTimer(delay, [this] { Connect(); });
}

void RedisConnection::SchedulePing() {
  AddTimer(options_.ping_interval, [this] {
    if (ping_outstanding_) {
      // A Redis that accepts the connection but does not answer (stopped, swapping, stuck in a
      // slow script) is as good as down for the health check.
      if (++pings_missed_ >= 3) SetHealthy(false);
    } else if (connected_) {
      ping_outstanding_ = true;
      SendNow(Pending{{"PING"}, [this](absl::StatusOr<RedisValue> r) {
                        ping_outstanding_ = false;
                        pings_missed_ = 0;
                        SetHealthy(r.ok());
                      }});
    }
    SchedulePing();
  });
}

RedisClient::RedisClient(RedisOptions options) {
  const int n = std::max(1, options.connections);
  for (int i = 0; i < n; ++i) connections_.push_back(std::make_unique<RedisConnection>(options));
  for (auto& c : connections_) c->SetHealthListener([this](bool) { OnConnectionHealth(); });
}

RedisClient::~RedisClient() {
  for (auto& c : connections_) c->SetHealthListener(nullptr);
  connections_.clear();
}

bool RedisClient::healthy() const {
  for (const auto& c : connections_) {
    if (!c->healthy()) return false;
  }
  return true;
}

void RedisClient::SetHealthListener(std::function<void(bool)> listener) {
  absl::MutexLock lock(&mu_);
  listener_ = std::move(listener);
}

void RedisClient::OnConnectionHealth() {
  absl::MutexLock lock(&mu_);
  // Always the current value, never "only when it differs from the last report": connections
  // can turn healthy before the listener is set, and a remembered last value would then be
  // wrong and swallow the next change.
  if (listener_) listener_(healthy());
}

}  // namespace renda
