#include "services/common/rate_limit.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_format.h"
#include "google/rpc/error_details.pb.h"
#include "services/common/errors.h"

namespace renda {
namespace {

constexpr char kRetryInfoUrl[] = "type.googleapis.com/google.rpc.RetryInfo";

// KEYS: the counter. ARGV: limit, window in ms. Returns {count, ms until the window ends}.
const RedisScript kCountScript(R"lua(
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {n, ttl}
)lua");

}  // namespace

absl::Status RateLimited(absl::string_view what, absl::Duration retry_after) {
  const int64_t seconds = std::max<int64_t>(1, absl::ToInt64Seconds(absl::Ceil(retry_after, absl::Seconds(1))));
  absl::Status status = MakeError(absl::StatusCode::kResourceExhausted, "RATE_LIMITED",
                                  absl::StrFormat("too many %s from this client; try again in %d s", what, seconds));
  google::rpc::RetryInfo info;
  info.mutable_retry_delay()->set_seconds(absl::ToInt64Seconds(retry_after));
  info.mutable_retry_delay()->set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(retry_after - absl::Seconds(absl::ToInt64Seconds(retry_after)))));
  status.SetPayload(kRetryInfoUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

absl::Duration RetryDelayOf(const absl::Status& status) {
  auto payload = status.GetPayload(kRetryInfoUrl);
  google::rpc::RetryInfo info;
  if (!payload.has_value() || !info.ParseFromString(std::string(*payload))) return absl::ZeroDuration();
  return absl::Seconds(info.retry_delay().seconds()) + absl::Nanoseconds(info.retry_delay().nanos());
}

void RateLimiter::Check(absl::string_view congress, absl::string_view bucket, absl::string_view key,
                        const RateLimit& limit, absl::AnyInvocable<void(absl::Status)> done,
                        absl::Time deadline) {
  if (limit.max_calls <= 0) return done(absl::OkStatus());
  const int64_t window_ms = std::max<int64_t>(1, absl::ToInt64Milliseconds(limit.window));
  redis_->Eval(kCountScript, {absl::StrCat(service_, ":{", congress, "}:rl:", bucket, ":", key)},
               {std::to_string(limit.max_calls), std::to_string(window_ms)},
               [max = limit.max_calls, bucket = std::string(bucket), done = std::move(done)](
                   absl::StatusOr<RedisValue> r) mutable {
                 if (!r.ok()) return done(r.status());
                 if (r->type != RedisValue::Type::kArray || r->elements.size() != 2) {
                   return done(absl::InternalError("unexpected reply from the data store: rate limit"));
                 }
                 if (r->elements[0].integer <= max) return done(absl::OkStatus());
                 done(RateLimited(bucket, absl::Milliseconds(r->elements[1].integer)));
               },
               deadline);
}

std::string ClientKeyOf(const grpc::CallbackServerContext* ctx) {
  // gRPC peers read "ipv4:10.0.0.1:5000", "ipv6:[::1]:5000" or "unix:/path".
  std::string peer = ctx->peer();
  absl::string_view p = peer;
  if (absl::ConsumePrefix(&p, "ipv4:")) {
    return std::string(p.substr(0, p.rfind(':')));
  }
  if (absl::ConsumePrefix(&p, "ipv6:")) {
    if (absl::ConsumePrefix(&p, "[")) return std::string(p.substr(0, p.find(']')));
    return std::string(p);
  }
  return peer;
}

void LimitAnonymous(RateLimiter* limiter, const Caller& caller, absl::string_view client_key,
                    absl::string_view congress, absl::string_view bucket, const RateLimit& limit,
                    absl::AnyInvocable<void(absl::Status)> then) {
  if (!caller.anonymous) return then(absl::OkStatus());
  limiter->Check(congress, bucket, client_key, limit, std::move(then));
}

Task<absl::Status> LimitAnonymous(RateLimiter* limiter, const Caller& caller, std::string congress,
                                  std::string bucket, RateLimit limit) {
  if (!caller.anonymous) co_return absl::OkStatus();
  co_return co_await Await<absl::Status>([&](absl::AnyInvocable<void(absl::Status)> done, const TaskScope* scope) {
    limiter->Check(congress, bucket, caller.client_key, limit, std::move(done),
                   scope != nullptr ? scope->deadline : absl::InfiniteFuture());
  });
}

}  // namespace renda
