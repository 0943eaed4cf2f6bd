#pragma once
// A client for the standard gRPC health service (grpc.health.v1.Health/Check) that needs no
// generated code: the two tiny messages are encoded and decoded by hand. Used by rendactl's
// `health` command, by scripts/up and by tests that wait for a server to come up.

#include <grpcpp/channel.h>

#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace renda {

// grpc.health.v1.HealthCheckResponse.ServingStatus.
enum class ServingStatus {
  kUnknown = 0,
  kServing = 1,
  kNotServing = 2,
  kServiceUnknown = 3,
};

// "SERVING", "NOT_SERVING", ... as the proto spells them.
absl::string_view ServingStatusName(ServingStatus status);

// One Health/Check call for `service` ("" is the server as a whole) with a deadline of
// `timeout`. Returns the status the server reports; a failed call returns its gRPC status
// (UNAVAILABLE when nothing listens, NOT_FOUND for a service name the server does not know,
// UNIMPLEMENTED when the server has no health service); an undecodable answer is INTERNAL.
absl::StatusOr<ServingStatus> CheckServingStatus(const std::shared_ptr<grpc::Channel>& channel,
                                                 absl::string_view service, absl::Duration timeout);

// True when the server reports `service` as SERVING, false for any other reported status;
// an error when the call itself failed (see CheckServingStatus).
absl::StatusOr<bool> CheckHealth(const std::shared_ptr<grpc::Channel>& channel,
                                 absl::string_view service, absl::Duration timeout);

// Checks repeatedly until `service` is SERVING or `timeout` has passed. OK once SERVING;
// DEADLINE_EXCEEDED naming the last status or error seen otherwise; UNIMPLEMENTED at once when
// the server has no health service. A channel that cannot connect retries on gRPC's reconnect
// backoff, so create it with a small GRPC_ARG_MAX_RECONNECT_BACKOFF_MS to notice a server that
// starts late without delay.
absl::Status WaitForServing(const std::shared_ptr<grpc::Channel>& channel, absl::string_view service,
                            absl::Duration timeout);

}  // namespace renda
