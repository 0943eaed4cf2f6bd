#pragma once
// Waiting in tests without a sleep at the call site. A test waits for an event wherever one
// exists: a follower's drain hook (ChangeFollower::WaitApplied), the fake clock moved by hand, a
// Redis client's health listener (WaitForRedisHealth), the gRPC health service's Watch stream
// (WaitForServingStatus), a service's background work (BackgroundWork::WaitRounds). WaitUntil
// is the one bounded poll of the suite, for what only real time outside the tests' control
// decides.

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "services/common/health_client.h"
#include "services/common/redis_client.h"

namespace renda::testing {

// Checks `condition` every few milliseconds until it holds or `timeout` (real time) has passed;
// returns whether it held. Only for a condition nothing signals and no fake clock drives:
// a redis-server process starting up, Redis expiring a key on its own clock. Everything else
// waits for an event (the intake service's background work: BackgroundWork::WaitRounds).
bool WaitUntil(const std::function<bool()>& condition, absl::Duration timeout = absl::Seconds(10));

// Waits until `client.healthy()` is `healthy`, woken by the client's health listener (set for
// the wait and cleared after it: the tests' own clients have no other). False after `timeout`.
bool WaitForRedisHealth(RedisClient& client, bool healthy, absl::Duration timeout = absl::Seconds(10));

// Follows grpc.health.v1.Health/Watch of `service` ("" for the server as a whole) on `channel`
// until the server reports `want`; false when the stream ends or `timeout` passes first.
bool WaitForServingStatus(const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
                          ServingStatus want, absl::Duration timeout = absl::Seconds(10));

}  // namespace renda::testing
