#include "services/common/server.h"

#include "services/common/call.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"

ABSL_FLAG(std::string, listen, "", "address to serve gRPC on, host:port (port 0 picks a free one)");
ABSL_FLAG(std::string, redis, "127.0.0.1:6379", "Redis server, host:port");
ABSL_FLAG(std::string, token_key, "dev-only-change-me",
          "HS256 key that bearer tokens are signed with (set a secret one in production)");
ABSL_FLAG(bool, reflection, true, "serve gRPC server reflection");
ABSL_FLAG(int, shutdown_grace_ms, 10000, "how long in-flight calls may run on after SIGTERM");
ABSL_FLAG(int, redis_connections, 2, "connections to Redis, each with its own thread (1 to 16)");
ABSL_FLAG(std::string, registry, "127.0.0.1:50051",
          "the representatives service, host:port, whose registry of congresses and units calls are checked against");

namespace renda {

ServerOptions ParseServerFlags(int argc, char** argv, const std::string& default_listen) {
  absl::SetProgramUsageMessage("A renda service. Every --flag falls back to $RENDA_FLAG.");
  // Environment fallbacks become the defaults, so the command line still wins.
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    std::string env = absl::StrCat("RENDA_", absl::AsciiStrToUpper(name));
    const char* value = std::getenv(env.c_str());
    std::string error;
    if (value != nullptr && !flag->ParseFrom(value, &error)) {
      std::cerr << "bad " << env << ": " << error << "\n";
      std::exit(2);
    }
  }
  absl::ParseCommandLine(argc, argv);
  ServerOptions o;
  o.listen = absl::GetFlag(FLAGS_listen).empty() ? default_listen : absl::GetFlag(FLAGS_listen);
  o.redis = absl::GetFlag(FLAGS_redis);
  o.token_key = absl::GetFlag(FLAGS_token_key);
  o.reflection = absl::GetFlag(FLAGS_reflection);
  o.shutdown_grace_ms = absl::GetFlag(FLAGS_shutdown_grace_ms);
  o.redis_connections = absl::GetFlag(FLAGS_redis_connections);
  o.registry = absl::GetFlag(FLAGS_registry);
  return o;
}

absl::StatusOr<std::unique_ptr<ServiceHost>> ServiceHost::Start(const ServerOptions& options,
                                                                const ServiceFactory& factory,
                                                                const Clock* clock) {
  if (options.token_key.size() < 16) {
    return absl::InvalidArgumentError("--token_key must be at least 16 characters");
  }
  if (options.shutdown_grace_ms < 0) return absl::InvalidArgumentError("--shutdown_grace_ms must be >= 0");
  if (options.redis_connections < 1 || options.redis_connections > 16) {
    return absl::InvalidArgumentError("--redis_connections must be between 1 and 16");
  }
  auto redis_options = ParseRedisAddress(options.redis);
  if (!redis_options.ok()) return redis_options.status();
  redis_options->connections = options.redis_connections;

  // Abseil's mutex deadlock detection (on in Debian's build) costs a graph lookup per lock.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  std::unique_ptr<ServiceHost> host(new ServiceHost());
  host->options_ = options;
  host->redis_ = std::make_unique<RedisClient>(*redis_options);
  host->auth_ = std::make_unique<Authenticator>(options.token_key, clock);
  host->page_tokens_ = std::make_unique<PageTokenCodec>(options.token_key);
  host->registry_ = options.registry_factory ? options.registry_factory(host->redis_.get())
                                             : MakeRemoteRegistry(options.registry);
  host->auth_->set_registry(host->registry_.get());
  Runtime runtime{options, host->redis_.get(), clock, host->auth_.get(), host->page_tokens_.get(),
                  host->registry_.get(), &host->stopping_};
  host->services_ = factory(runtime);

  grpc::EnableDefaultHealthCheckService(true);
  if (options.reflection) grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(), &host->port_);
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  for (auto& s : host->services_) builder.RegisterService(s.get());
  host->server_ = builder.BuildAndStart();
  if (host->server_ == nullptr || host->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen));
  }
  // Health: "" (the whole server) follows Redis; "liveness" is SERVING while the process runs,
  // so an orchestrator restarts the process only when it is really stuck.
  auto* health = host->server_->GetHealthCheckService();
  health->SetServingStatus("liveness", true);
  ServiceHost* raw = host.get();
  host->redis_->SetHealthListener([raw](bool healthy) { raw->OnRedisHealth(healthy); });
  raw->OnRedisHealth(host->redis_->healthy());
  return host;
}

void ServiceHost::OnRedisHealth(bool healthy) {
  if (stopping_.load()) return;
  auto* health = server_->GetHealthCheckService();
  health->SetServingStatus("", healthy);
}

std::string ServiceHost::address() const {
  std::string host = options_.listen.substr(0, options_.listen.rfind(':'));
  return absl::StrCat(host, ":", port_);
}

void ServiceHost::Shutdown() {
  if (stopping_.exchange(true)) return;
  server_->GetHealthCheckService()->Shutdown();  // every name NOT_SERVING from now on
  server_->Shutdown(std::chrono::system_clock::now() +
                    std::chrono::milliseconds(options_.shutdown_grace_ms));
}

void ServiceHost::Wait() { server_->Wait(); }

ServiceHost::~ServiceHost() {
  Shutdown();
  server_->Wait();
  services_.clear();
  redis_.reset();
}

int RunService(const ServerOptions& options, const ServiceFactory& factory) {
  // Block the shutdown signals in every thread; this thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto host = ServiceHost::Start(options, factory);
  if (!host.ok()) {
    std::cerr << "cannot start: " << host.status().message() << "\n";
    return 1;
  }
  std::cout << "listening on " << (*host)->address() << std::endl;
  int sig = 0;
  sigwait(&signals, &sig);
  std::cerr << "{\"event\":\"shutdown\",\"signal\":" << sig << "}" << std::endl;
  (*host)->Shutdown();
  (*host)->Wait();
  host->reset();
  FlushCallLog();
  return 0;
}

}  // namespace renda
