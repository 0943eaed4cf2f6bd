#pragma once
// Server bootstrap shared by the four services: flags with environment fallbacks, the Redis
// client, grpc.health.v1 that follows Redis, server reflection, graceful shutdown on SIGTERM.

#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/service_type.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/page_token.h"
#include "services/common/redis_client.h"
#include "services/common/registry.h"

namespace renda {

struct ServerOptions {
  std::string listen = "127.0.0.1:0";
  std::string redis = "127.0.0.1:6379";
  // HS256 key for bearer tokens; page tokens use a key derived from it.
  std::string token_key = "dev-only-change-me";
  bool reflection = true;
  int shutdown_grace_ms = 10000;
  // Redis connections, each with its own loop thread.
  int redis_connections = 2;
  // The representatives service, which keeps the registry of congresses and units every call is
  // checked against (not used by the representatives service itself, see registry_factory).
  std::string registry = "127.0.0.1:50051";
  // Makes the registry this process asks; unset: the remote one at `registry`. The
  // representatives service sets its own (it answers from its store).
  std::function<std::unique_ptr<Registry>(RedisClient*)> registry_factory = nullptr;
};

// Parses the command line into ServerOptions. Every flag --foo_bar falls back to the
// environment variable RENDA_FOO_BAR when not given on the command line. Exits with a usage
// message on bad flags. Call once, from main.
ServerOptions ParseServerFlags(int argc, char** argv, const std::string& default_listen);

// What a service's handlers need from the process.
struct Runtime {
  ServerOptions options;
  RedisClient* redis = nullptr;
  const Clock* clock = nullptr;
  const Authenticator* auth = nullptr;
  const PageTokenCodec* page_tokens = nullptr;
  // The registry of congresses and units.
  const Registry* registry = nullptr;
  // Set when the server starts shutting down; long-lived streams end when they see it.
  const std::atomic<bool>* stopping = nullptr;
};

// Makes the gRPC services of one process, given the runtime.
using ServiceFactory = std::function<std::vector<std::unique_ptr<grpc::Service>>(const Runtime&)>;

// A running server: its Redis client, its services and its gRPC server. Used by main (through
// RunService) and by tests, which start it on port 0 in-process.
class ServiceHost {
 public:
  static absl::StatusOr<std::unique_ptr<ServiceHost>> Start(const ServerOptions& options,
                                                            const ServiceFactory& factory,
                                                            const Clock* clock = RealClock::Get());
  ~ServiceHost();

  int port() const { return port_; }
  std::string address() const;
  // NOT_SERVING, stop accepting, let in-flight calls finish within the grace period, stop.
  void Shutdown();
  // Blocks until Shutdown has completed.
  void Wait();

 private:
  ServiceHost() = default;
  void OnRedisHealth(bool healthy);

  ServerOptions options_;
  std::unique_ptr<RedisClient> redis_;
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<PageTokenCodec> page_tokens_;
  std::unique_ptr<Registry> registry_;
  std::atomic<bool> stopping_{false};
  std::vector<std::unique_ptr<grpc::Service>> services_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

// main's body: starts the host, prints "listening on ADDR" on stdout, waits for SIGTERM or
// SIGINT, shuts down gracefully, returns the exit code (0 after a clean shutdown).
int RunService(const ServerOptions& options, const ServiceFactory& factory);

}  // namespace renda
