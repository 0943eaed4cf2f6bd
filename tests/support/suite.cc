#include "tests/support/suite.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "absl/synchronization/mutex.h"
#include "renda/representatives/v1/registry.grpc.pb.h"
#include "services/common/health_client.h"
#include "services/representatives/representatives_store.h"
#include "services/representatives/services.h"

namespace renda::testing {
namespace {

namespace rv1 = renda::representatives::v1;

std::unique_ptr<ServiceHost> StartOrDie(const ServerOptions& options, const ServiceFactory& factory,
                                        const Clock* clock) {
  auto host = ServiceHost::Start(options, factory, clock);
  if (!host.ok()) {
    fprintf(stderr, "cannot start service: %s\n", std::string(host.status().message()).c_str());
    abort();
  }
  return *std::move(host);
}

ServerOptions TestOptions(const std::string& redis_address, ServerOptions options) {
  options.redis = redis_address;
  options.token_key = kTestTokenKey;
  options.shutdown_grace_ms = 2000;
  return options;
}

// The registry host of the non-representatives hosts of this process.
std::string SharedRegistryFor(const std::string& redis_address) {
  static absl::Mutex mu;
  static std::unique_ptr<ServiceHost>* host = new std::unique_ptr<ServiceHost>();
  static std::string* address = new std::string();
  absl::MutexLock lock(&mu);
  if (*host == nullptr || *address != redis_address) {
    host->reset();
    ServerOptions options = TestOptions(redis_address, {});
    options.registry_factory = &representatives::MakeLocalRegistry;
    *host = StartOrDie(options, &representatives::MakeRepresentativesServices, RealClock::Get());
    *address = redis_address;
    RegisterTestCongresses((*host)->address(), RealClock::Get());
  }
  return (*host)->address();
}

void ExpectCreated(const grpc::Status& status, const std::string& what) {
  if (status.ok() || status.error_code() == grpc::StatusCode::ALREADY_EXISTS) return;
  fprintf(stderr, "cannot register %s: %s\n", what.c_str(), status.error_message().c_str());
  abort();
}

}  // namespace

void RegisterTestCongresses(const std::string& address, const Clock* clock) {
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  auto stub = rv1::RegistryService::NewStub(channel);
  Claims admin;
  admin.subject = "test-registrar";
  admin.roles = Roles{Role::kAdmin};
  admin.congress = "*";
  admin.issued_at = clock->Now();
  admin.expiry = clock->Now() + absl::Hours(24 * 365);
  const std::string token = MintToken(admin, kTestTokenKey);
  for (const char* id : kTestCongresses) {
    rv1::CreateCongressRequest req;
    req.set_congress_id(id);
    req.mutable_congress()->set_display_name(std::string(id) + " people's congress");
    req.mutable_congress()->set_level(rv1::CONGRESS_LEVEL_CITY);
    req.mutable_congress()->set_term(14);
    rv1::CreateCongressResponse resp;
    ExpectCreated(stub->CreateCongress(ContextWith(token).get(), req, &resp), id);
  }
  for (const char* id : kTestUnits) {
    rv1::CreateUnitRequest req;
    req.set_parent("congresses/hz");
    req.set_unit_id(id);
    req.mutable_unit()->set_display_name(id);
    req.mutable_unit()->set_kind(rv1::UNIT_KIND_GOVERNMENT_DEPARTMENT);
    rv1::CreateUnitResponse resp;
    ExpectCreated(stub->CreateUnit(ContextWith(token).get(), req, &resp), id);
  }
}

std::unique_ptr<ServiceHost> StartHost(const std::string& redis_address, const ServiceFactory& factory,
                                       const Clock* clock, ServerOptions options) {
  options = TestOptions(redis_address, std::move(options));
  // The shared registry host registers the test congresses and units in this Redis, where a
  // host keeping its own registry reads them too.
  const std::string registry = SharedRegistryFor(redis_address);
  if (options.registry_factory == nullptr) options.registry = registry;
  return StartOrDie(options, factory, clock);
}

std::shared_ptr<grpc::Channel> ChannelTo(const ServiceHost& host) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 200);
  return grpc::CreateCustomChannel(host.address(), grpc::InsecureChannelCredentials(), args);
}

std::string TokenFor(Role role, const std::string& congress, const std::string& subject) {
  Claims c;
  c.subject = subject;
  c.roles = Roles{role};
  c.congress = congress;
  if (role == Role::kHandlingUnit) c.unit_id = "hz-jtj";  // a handling unit's token names its unit
  c.issued_at = absl::Now();
  c.expiry = absl::Now() + absl::Hours(1);
  return MintToken(c, kTestTokenKey);
}

std::string DeputyTokenFor(const std::string& deputy_id, const std::string& congress) {
  Claims c;
  c.subject = "user-" + deputy_id;
  c.roles = Roles{Role::kDeputy};
  c.congress = congress;
  c.deputy_id = deputy_id;
  c.issued_at = absl::Now();
  c.expiry = absl::Now() + absl::Hours(1);
  return MintToken(c, kTestTokenKey);
}

std::unique_ptr<grpc::ClientContext> ContextWith(const std::string& token) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) ctx->AddMetadata("authorization", "Bearer " + token);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return ctx;
}

std::vector<renda::type::v1::ChangeEvent> AllChanges(renda::feed::v1::ChangeFeedService::Stub& feed,
                                                     const std::string& token, const std::string& congress) {
  std::vector<renda::type::v1::ChangeEvent> out;
  renda::feed::v1::ListChangesRequest req;
  req.set_parent("congresses/" + congress);
  req.set_page_size(1000);
  for (;;) {
    renda::feed::v1::ListChangesResponse resp;
    grpc::Status s = feed.ListChanges(ContextWith(token).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << "ListChanges of " << congress << ": " << s.error_message();
    if (!s.ok() || resp.events().empty()) return out;
    out.insert(out.end(), resp.events().begin(), resp.events().end());
    req.set_after_cursor(resp.next_cursor());
  }
}

std::string LastChangeCursor(renda::feed::v1::ChangeFeedService::Stub& feed, const std::string& token,
                             const std::string& congress) {
  const auto events = AllChanges(feed, token, congress);
  return events.empty() ? "" : events.back().cursor();
}

bool WaitServing(const ServiceHost& host) {
  return WaitForServing(ChannelTo(host), "", absl::Seconds(10)).ok();
}

}  // namespace renda::testing
