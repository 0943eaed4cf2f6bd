#pragma once
// Rate limits kept in Redis, shared by every replica of a service: a fixed window per key (e.g.
// an anonymous client's address), counted by one Lua step (INCR, and the window's expiry on the
// first hit). A refusal is RESOURCE_EXHAUSTED with a google.rpc.RetryInfo saying when to retry,
// so a client (or a person) knows how long to wait.
//
// Keys: `<service>:{<congress>}:rl:<bucket>:<key>` (the congress's hash tag, like every key).

#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/functional/any_invocable.h"
#include "services/common/auth.h"
#include "services/common/redis_client.h"
#include "services/common/store.h"
#include "services/common/task.h"

namespace renda {

struct RateLimit {
  int64_t max_calls = 0;  // calls allowed per window; 0 or less: no limit
  absl::Duration window = absl::Minutes(1);
};

class RateLimiter {
 public:
  // `service` is the key prefix (in, rep, ...).
  RateLimiter(RedisClient* redis, std::string service) : redis_(redis), service_(std::move(service)) {}

  // Counts one call of `key` in `bucket` (e.g. bucket "submit", key the client address) and
  // answers OK while the window's count is within `limit`; otherwise RESOURCE_EXHAUSTED (reason
  // RATE_LIMITED) with RetryInfo. Redis unreachable → UNAVAILABLE, like every store call.
  void Check(absl::string_view congress, absl::string_view bucket, absl::string_view key, const RateLimit& limit,
             absl::AnyInvocable<void(absl::Status)> done, absl::Time deadline = absl::InfiniteFuture());

 private:
  RedisClient* redis_;
  std::string service_;
};

// The key an anonymous client is counted under: the IP address of the peer, without the port
// (so reconnecting does not reset the count). Behind a proxy every client shares the proxy's
// address; deploy anonymous endpoints so the service sees the client's address.
std::string ClientKeyOf(const grpc::CallbackServerContext* ctx);

// The one rate-limit rule of anonymous calls: a signed-in caller goes straight to `then`; an
// anonymous caller is counted in `bucket` (a plural noun used in the refusal message, e.g.
// "opinions") under `client_key`, and `then` runs only while the count is within `limit` —
// otherwise `then` gets the RESOURCE_EXHAUSTED refusal, so the handler finishes with it.
void LimitAnonymous(RateLimiter* limiter, const Caller& caller, absl::string_view client_key,
                    absl::string_view congress, absl::string_view bucket, const RateLimit& limit,
                    absl::AnyInvocable<void(absl::Status)> then);

// The same for a core: OK for a signed-in caller; for an anonymous one, counted under its
// client_key, OK while within `limit`, else the RESOURCE_EXHAUSTED refusal.
Task<absl::Status> LimitAnonymous(RateLimiter* limiter, const Caller& caller, std::string congress,
                                  std::string bucket, RateLimit limit);

// RESOURCE_EXHAUSTED, reason RATE_LIMITED, with google.rpc.RetryInfo{retry_delay}.
absl::Status RateLimited(absl::string_view what, absl::Duration retry_after);

// The retry delay a status carries (google.rpc.RetryInfo); zero when none.
absl::Duration RetryDelayOf(const absl::Status& status);

}  // namespace renda
