#pragma once
// Talking to a renda service: where it is (--addr, RENDA_<SVC>_ADDR, the default port), the
// bearer token and deadline of each call, and turning a failed call into the one-line error and
// exit code rendactl promises.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace rendactl {

// The options every command takes.
struct GlobalOptions {
  std::string addr;        // --addr; empty: RENDA_<SVC>_ADDR, then the service's default
  std::string token;       // --token, else RENDA_TOKEN; empty: no authorization sent
  bool json = false;       // --json: print responses as JSON
  int timeout_ms = 5000;   // --timeout_ms: deadline of each unary call
};

// A renda service and where it listens by default.
struct ServiceInfo {
  absl::string_view name;          // "representatives"
  absl::string_view default_addr;  // "127.0.0.1:50051"
};
// The service called `name`; nullptr for an unknown name.
const ServiceInfo* FindService(absl::string_view name);
// "representatives, intake, supervision, reporting".
std::string ServiceNames();

// A channel to one renda service, and the settings of calls on it.
class Connection {
 public:
  // `service` is a name FindService knows, or "" for a bare address (rendactl health).
  Connection(const GlobalOptions& options, absl::string_view service);
  // The same server and channel, calling with another bearer token ("" for none).
  Connection(const Connection& base, std::string token);

  const std::string& address() const { return address_; }
  const std::string& service() const { return service_; }
  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }
  const GlobalOptions& options() const { return options_; }
  // "the representatives service at 127.0.0.1:50051".
  std::string Describe() const;

  // Sets the token and, unless `streaming`, the deadline of a call.
  void Prepare(grpc::ClientContext* context, bool streaming = false) const;
  // Runs one unary call, e.g. `[&](grpc::ClientContext* c) { return stub->GetDeputy(c, req, &resp); }`.
  absl::Status Call(absl::FunctionRef<grpc::Status(grpc::ClientContext*)> rpc) const;
  // A failed call as a status for Report: the server's code, message and details, with the
  // message rewritten when the server could not be reached or wants a token.
  absl::Status Failure(const grpc::Status& status) const;

 private:
  GlobalOptions options_;
  std::string service_;
  std::string address_;
  std::shared_ptr<grpc::Channel> channel_;
};

// Field path → the flag that sets it, e.g. {"deputy.display_name", "--name"}, so that field
// violations name the flag the user typed.
using FieldFlags = std::vector<std::pair<std::string, std::string>>;

// Prints a failed command's status on stderr — `rendactl: <CODE>: <message>` and one line per
// field violation, or `rendactl: <message>` (plus `usage_line` when asked) for rendactl's own
// errors — and returns the exit code: 1 server error, 2 bad usage, 3 unreachable.
int Report(const absl::Status& status, absl::string_view usage_line, const FieldFlags& field_flags);

}  // namespace rendactl
