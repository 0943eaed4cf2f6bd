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
#include "services/common/task.h"
#include "services/common/validation.h"

namespace renda {

// Called exactly once by a handler with the outcome of the call.
using Finish = absl::AnyInvocable<void(absl::Status)>;

// One JSON line on stderr per finished call (written in batches, at most 50 ms late).
void LogCall(absl::string_view service, absl::string_view method, const absl::Status& status,
             absl::Duration latency, absl::string_view request_id, absl::string_view subject);

// Writes out the call log lines gathered so far (at shutdown).
void FlushCallLog();

// The `authorization` metadata of a call ("" when absent).
absl::string_view AuthorizationOf(const grpc::CallbackServerContext* ctx);
// The deadline the client set for a call (InfiniteFuture when none).
absl::Time DeadlineOf(const grpc::CallbackServerContext* ctx);
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

  // Runs a unary call on the service's core: `(core->*method)(caller, request)` is a task whose
  // result becomes the response (or the call's error). Its scope carries the call's deadline to
  // every wait on Redis. The adapter of each RPC is this one line.
  template <class Core, class Request, class Response>
  grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* ctx, absl::string_view method, const Request* request,
                                  Response* response, Core* core,
                                  Task<absl::StatusOr<Response>> (Core::*fn)(const Caller&, const Request&)) const {
    return Unary(ctx, method, *request, [=](const Caller& caller, Finish finish) {
      struct Frame {
        Caller caller;
        TaskScope scope;
      };
      auto frame = std::make_shared<Frame>(Frame{caller, TaskScope{DeadlineOf(ctx)}});
      std::shared_ptr<const TaskScope> scope(frame, &frame->scope);
      Start<absl::StatusOr<Response>>(
          (core->*fn)(frame->caller, *request),
          [frame, response, finish = std::move(finish)](absl::StatusOr<Response> result) mutable {
            if (result.ok()) *response = *std::move(result);
            finish(result.status());
          },
          std::move(scope));
    });
  }

  const std::string& service() const { return service_; }
  const AccessTable& table() const { return *table_; }
  const Authenticator& auth() const { return *auth_; }

 private:
  std::string service_;
  const AccessTable* table_;
  const Authenticator* auth_;
};

}  // namespace renda
