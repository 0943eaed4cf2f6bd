#pragma once
// The one converter from absl::Status to grpc::Status for the whole suite: the code and
// message carry over, and the payloads become google.rpc.Status details (ErrorInfo always,
// BadRequest for field violations), so clients can act on them.

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace renda {

grpc::Status ToGrpcStatus(const absl::Status& status);

// The inverse, for service-to-service calls: keeps the code, the message and the details.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace renda
