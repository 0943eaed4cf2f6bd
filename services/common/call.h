#pragma once
// How every RPC runs, in one place: authenticate and authorize from the service's access
// table, run the handler, convert its absl::Status once, finish, and write one JSON log line
// (method, code, latency, request id, caller).

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/validation.h"

namespace renda {

// Called exactly once by a handler with the outcome of the call.
using Finish = absl::AnyInvocable<void(absl::Status)>;

// One JSON line on stderr per finished call (written in batches, at most 50 ms late).
void LogCall(absl::string_view service, absl::string_view method, const absl::Status& status,
             absl::Duration latency, absl::string_view request_id, absl::string_view subject);

// The check every handler makes before its work: the request's violations first
// (INVALID_ARGUMENT, every bad field at once), then whether the caller may act in `congress`
// (PERMISSION_DENIED).
absl::Status CheckRequest(const Validator& v, const Caller& caller, absl::string_view congress);

// Writes out the call log lines gathered so far (at shutdown).
void FlushCallLog();

// The `authorization` metadata of a call ("" when absent).
absl::string_view AuthorizationOf(const grpc::CallbackServerContext* ctx);
// The request id of a call: the request's `request_id` field, else `x-request-id` metadata.
std::string RequestIdOf(const grpc::CallbackServerContext* ctx, const google::protobuf::Message& request);

class CallRunner {
 public:
  CallRunner(std::string service, const AccessTable* table, const Authenticator* auth)
      : service_(std::move(service)), table_(table), auth_(auth) {}

  // Runs a unary call: the caller is checked against the access table, then `handler(caller,
  // finish)` runs; it may finish later from any thread.
  grpc::ServerUnaryReactor* Unary(grpc::CallbackServerContext* ctx, absl::string_view method,
                                  const google::protobuf::Message& request,
                                  absl::AnyInvocable<void(const Caller&, Finish)> handler) const;

  const std::string& service() const { return service_; }
  const AccessTable& table() const { return *table_; }
  const Authenticator& auth() const { return *auth_; }

 private:
  std::string service_;
  const AccessTable* table_;
  const Authenticator* auth_;
};

}  // namespace renda
