// renda-echo-server: the bare baseline of the benchmarks. It serves renda.echo.v1.EchoService
// on the gRPC callback API with the server settings the services get from services/common
// (default health service, reflection, no SO_REUSEPORT) and nothing else, so the difference
// between its figures and a real service's is what the service itself costs.
//
//   renda-echo-server [--listen 127.0.0.1:0]
//
// Prints `listening on HOST:PORT` on stdout once the port is bound and stops cleanly on SIGTERM
// or SIGINT.

#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "renda/echo/v1/echo.grpc.pb.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:0", "Address to listen on; port 0 picks a free port.");

namespace {

class EchoService final : public renda::echo::v1::EchoService::CallbackService {
 public:
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const renda::echo::v1::EchoRequest* request,
                                 renda::echo::v1::EchoResponse* response) override {
    response->set_payload(request->payload());
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

// "host:port" -> "host" (keeps the brackets of an IPv6 literal).
std::string HostOf(const std::string& address) {
  const std::string::size_type colon = address.rfind(':');
  return colon == std::string::npos ? address : address.substr(0, colon);
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Serves renda.echo.v1.EchoService, the benchmark baseline.");
  absl::ParseCommandLine(argc, argv);
  const std::string listen = absl::GetFlag(FLAGS_listen);

  // Block the stop signals before gRPC starts its threads, so that they all inherit the mask and
  // the signals are taken only by the sigwait below.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  EchoService service;
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port);
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::cerr << "renda-echo-server: cannot listen on " << listen << "\n";
    return 1;
  }
  std::cout << "listening on " << HostOf(listen) << ":" << port << std::endl;

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  std::cerr << "renda-echo-server: signal " << signal_number << ", shutting down\n";
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  server->Wait();
  return 0;
}
