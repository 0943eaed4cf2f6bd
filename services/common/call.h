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
#include "services/common/registry.h"
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

// Before any core runs: the congress a request names (its `parent` or `name`, or those of the
// resource it carries) must be registered, and so must the congress of the caller's token
// (NOT_FOUND, CONGRESS_NOT_FOUND, nothing done); a handling unit's token must name a registered,
// active unit of its congress (PERMISSION_DENIED otherwise).
Task<absl::Status> CheckRegistered(const Registry* registry, const Caller& caller,
                                   const google::protobuf::Message& request);

// The congress id a request names ("" when none): the first `congresses/{c}` prefix of its
// `parent`, `name` or `congress` field, else of those of its resource fields.
std::string CongressNamedBy(const google::protobuf::Message& request);

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
    return Unary(ctx, method, *request, [=, this](const Caller& caller, Finish finish) {
      struct Frame {
        Caller caller;
        TaskScope scope;
      };
      auto frame = std::make_shared<Frame>(Frame{caller, TaskScope{DeadlineOf(ctx)}});
      std::shared_ptr<const TaskScope> scope(frame, &frame->scope);
      Start<absl::StatusOr<Response>>(
          RunCore(auth_->registry(), frame->caller, *request, core, fn),
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
  template <class Core, class Request, class Response>
  static Task<absl::StatusOr<Response>> RunCore(const Registry* registry, const Caller& caller, const Request& request,
                                                Core* core,
                                                Task<absl::StatusOr<Response>> (Core::*fn)(const Caller&, const Request&)) {
    CO_RETURN_IF_ERROR(co_await CheckRegistered(registry, caller, request));
    co_return co_await (core->*fn)(caller, request);
  }

  std::string service_;
  const AccessTable* table_;
  const Authenticator* auth_;
};

}  // namespace renda

// One RPC of a gRPC adapter, handed to its core: inside a generated CallbackService subclass with
// members `runner_` (a CallRunner) and `core_` (a Core), `RENDA_RPC(Core, Foo)` overrides Foo
// with `runner_.Serve(ctx, "Foo", req, resp, &core_, &Core::Foo)` (request and response types
// `v1::FooRequest` and `v1::FooResponse`).
#define RENDA_RPC(Core, Method)                                                                                 \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* ctx, const v1::Method##Request* req,          \
                                   v1::Method##Response* resp) override {                                     \
    return runner_.Serve(ctx, #Method, req, resp, &core_, &Core::Method);                                      \
  }
