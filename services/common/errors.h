#pragma once
// Typed errors for the whole suite. Code inside the services returns absl::Status; the details a
// client needs (which fields were wrong, a machine-readable reason) ride along as payloads in
// the google.rpc shapes, and ToGrpcStatus (grpc_status.h) turns them into a gRPC status once,
// at the RPC boundary.

#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"

namespace renda {

// One bad field of a request: `field` is the path (e.g. "deputy.display_name").
struct FieldViolation {
  std::string field;
  std::string description;
};

// ErrorInfo domain of every renda error.
inline constexpr absl::string_view kErrorDomain = "renda.gov.cn";

// An error with a machine-readable reason (UPPER_SNAKE_CASE, e.g. "DEPUTY_NOT_FOUND").
absl::Status MakeError(absl::StatusCode code, absl::string_view reason, absl::string_view message);

// INVALID_ARGUMENT with the field violations (google.rpc.BadRequest) and reason
// "INVALID_REQUEST". The message lists every violation.
absl::Status InvalidRequest(const std::vector<FieldViolation>& violations);

// NOT_FOUND for a named resource; `kind` in words ("supervision item"), reason
// "<KIND>_NOT_FOUND" ("SUPERVISION_ITEM_NOT_FOUND").
absl::Status NotFound(absl::string_view kind, absl::string_view name);

// The reason attached to a status ("" when none).
std::string ErrorReason(const absl::Status& status);

// The field violations attached to a status (empty when none).
std::vector<FieldViolation> FieldViolations(const absl::Status& status);

}  // namespace renda
