#pragma once
// Starts renda services in-process on port 0 against a real Redis, and makes authenticated
// stubs, for integration tests.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "renda/feed/v1/feed.grpc.pb.h"
#include "renda/type/v1/change.pb.h"
#include "renda/type/v1/date.pb.h"
#include "services/common/auth.h"
#include "services/common/server.h"

namespace renda::testing {

inline constexpr char kTestTokenKey[] = "test-token-key-0123456789";

// The congresses every test's registry holds (hz, the city; sh, another city, for tenancy tests)
// and the units of hz the tests assign work to.
inline const char* const kTestCongresses[] = {"hz", "sh"};
inline const char* const kTestUnits[] = {"hz-jtj",      "hz-transport", "hz-zjj",  "hz-health",
                                          "hz-planning", "hz-gov",       "hz-water", "hz-edu"};

// Starts a host for `factory` on options.listen (127.0.0.1:0 unless set) against `redis_address`;
// aborts on failure. Calls are checked against a registry: a representatives host this process
// starts on the same Redis (one at a time, replaced when the Redis address changes) registers
// the test congresses and units there; a host that keeps its own registry
// (options.registry_factory set, the representatives service) reads them from Redis, any other
// asks that host.
std::unique_ptr<ServiceHost> StartHost(const std::string& redis_address, const ServiceFactory& factory,
                                       const Clock* clock = RealClock::Get(), ServerOptions options = {});

std::shared_ptr<grpc::Channel> ChannelTo(const ServiceHost& host);

// Registers the test congresses and units in the registry served at `address` (what exists
// already is left); `clock` is the registry host's, for the admin token. Aborts on failure.
void RegisterTestCongresses(const std::string& address, const Clock* clock);

// A calendar date.
inline renda::type::v1::Date Day(int y, int m, int d) {
  renda::type::v1::Date out;
  out.set_year(y);
  out.set_month(m);
  out.set_day(d);
  return out;
}

// A factory for just the services `S...` (each constructed from the runtime).
template <class... S>
ServiceFactory ServicesOf() {
  return [](const Runtime& rt) {
    std::vector<std::unique_ptr<grpc::Service>> s;
    (s.push_back(std::make_unique<S>(rt)), ...);
    return s;
  };
}

// A bearer token for `role` in congress `congress`, valid for an hour.
std::string TokenFor(Role role, const std::string& congress = "hz", const std::string& subject = "tester");

// A deputy's token (role deputy, claim deputy_id, subject "user-<deputy_id>"), as the identity
// service mints them, valid for an hour.
std::string DeputyTokenFor(const std::string& deputy_id, const std::string& congress = "hz");

// A client context carrying `token` (none when empty) and a 10 s deadline.
std::unique_ptr<grpc::ClientContext> ContextWith(const std::string& token);

// Every event of the change feed of `congress` on `feed`, all pages of ListChanges as `token`
// sees them (a service's, staff's or an admin's token, valid at the serving host's clock).
std::vector<renda::type::v1::ChangeEvent> AllChanges(renda::feed::v1::ChangeFeedService::Stub& feed,
                                                     const std::string& token, const std::string& congress = "hz");

// The cursor of the last event of that feed ("" when it has none): what a follower's drain hook
// (ChangeFollower::WaitApplied) waits for.
std::string LastChangeCursor(renda::feed::v1::ChangeFeedService::Stub& feed, const std::string& token,
                             const std::string& congress = "hz");

// Waits until `host` reports SERVING on grpc.health.v1 (up to 10 s); false if it never does.
bool WaitServing(const ServiceHost& host);

}  // namespace renda::testing
