#include "tests/support/suite.h"

#include <cstdio>
#include <cstdlib>

#include "services/common/health_client.h"

namespace renda::testing {

std::unique_ptr<ServiceHost> StartHost(const std::string& redis_address, const ServiceFactory& factory,
                                       const Clock* clock, ServerOptions options) {
  options.redis = redis_address;
  options.token_key = kTestTokenKey;
  options.shutdown_grace_ms = 2000;
  auto host = ServiceHost::Start(options, factory, clock);
  if (!host.ok()) {
    fprintf(stderr, "cannot start service: %s\n", std::string(host.status().message()).c_str());
    abort();
  }
  return *std::move(host);
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

bool WaitServing(const ServiceHost& host) {
  return WaitForServing(ChannelTo(host), "", absl::Seconds(10)).ok();
}

}  // namespace renda::testing
