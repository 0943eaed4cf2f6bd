#pragma once
// Starts renda services in-process on port 0 against a real Redis, and makes authenticated
// stubs, for integration tests.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "services/common/auth.h"
#include "services/common/server.h"

namespace renda::testing {

inline constexpr char kTestTokenKey[] = "test-token-key-0123456789";

// Starts a host for `factory` on options.listen (127.0.0.1:0 unless set) against `redis_address`;
// aborts on failure.
std::unique_ptr<ServiceHost> StartHost(const std::string& redis_address, const ServiceFactory& factory,
                                       const Clock* clock = RealClock::Get(), ServerOptions options = {});

std::shared_ptr<grpc::Channel> ChannelTo(const ServiceHost& host);

// A bearer token for `role` in congress `congress`, valid for an hour.
std::string TokenFor(Role role, const std::string& congress = "hz", const std::string& subject = "tester");

// A deputy's token (role deputy, claim deputy_id, subject "user-<deputy_id>"), as the identity
// service mints them, valid for an hour.
std::string DeputyTokenFor(const std::string& deputy_id, const std::string& congress = "hz");

// A client context carrying `token` (none when empty) and a 10 s deadline.
std::unique_ptr<grpc::ClientContext> ContextWith(const std::string& token);

// Waits until `host` reports SERVING on grpc.health.v1 (up to 10 s); false if it never does.
bool WaitServing(const ServiceHost& host);

}  // namespace renda::testing
