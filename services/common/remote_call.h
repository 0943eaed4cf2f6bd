#pragma once
// The one way a service calls another: a unary gRPC call on a stub's callback API, awaited in a
// task. The call's deadline is the calling scope's (the deadline of the call being served), and at
// most `timeout`; it waits for the channel to connect within that deadline (wait_for_ready), so a
// peer that is starting up or reconnecting is waited for instead of failing at once; the bearer
// token, when given, travels in `authorization`. The answer is the response, or the peer's status
// with its details (FromGrpcStatus).
//
//   auto got = co_await CallRemote<GetDeputyResponse>(
//       [&](auto* ctx, auto* req, auto* resp, auto done) { stub->async()->GetDeputy(ctx, req, resp, done); },
//       std::move(request), absl::Seconds(5), bearer);

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/grpc_status.h"
#include "services/common/task.h"

namespace renda {

template <class Response, class Request, class StartFn>
Task<absl::StatusOr<Response>> CallRemote(StartFn start, Request request, absl::Duration timeout,
                                          std::string authorization = {}) {
  struct State {
    grpc::ClientContext context;
    Request request;
    Response response;
  };
  // Shared with gRPC's callback, which may outlive this frame by a moment.
  auto state = std::make_shared<State>();
  state->request = std::move(request);
  if (!authorization.empty()) state->context.AddMetadata("authorization", authorization);
  state->context.set_wait_for_ready(true);
  co_return co_await Await<absl::StatusOr<Response>>(
      [&](absl::AnyInvocable<void(absl::StatusOr<Response>)> done, const TaskScope* scope) {
        absl::Time deadline = absl::Now() + timeout;
        if (scope != nullptr) deadline = std::min(deadline, scope->deadline);
        state->context.set_deadline(absl::ToChronoTime(deadline));
        // gRPC's callback is a std::function, which must be copyable.
        auto shared = std::make_shared<decltype(done)>(std::move(done));
        start(&state->context, &state->request, &state->response, [state, shared](grpc::Status status) {
          if (!status.ok()) return (*shared)(FromGrpcStatus(status));
          (*shared)(std::move(state->response));
        });
      });
}

}  // namespace renda
