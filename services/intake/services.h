#pragma once
// Every gRPC service the intake binary serves, in one list (main.cc and tests use it).

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "services/common/rate_limit.h"
#include "services/common/server.h"
#include "services/intake/case_logic.h"

namespace renda::intake {

// What the intake services need besides the runtime.
struct IntakeOptions {
  // The representatives service (host:port), asked whether co-signers of a bill are serving
  // deputies and which delegation they belong to.
  std::string representatives_addr = "127.0.0.1:50051";
  // What one anonymous client (one IP address) may do in each bucket (opinions, comments, poll
  // responses, tracking lookups, observation applications) per window; signed-in callers are
  // not limited.
  RateLimit anonymous = {30, absl::Minutes(1)};
  // Deadlines, escalation and feedback periods of the opinions' closed loop.
  CasePolicy cases;
  // Congresses whose deadlines the service sweeps by itself, and how often (zero: never; the
  // SweepOpinionDeadlines RPC still does it on demand), and whose opinions it indexes for the
  // text search.
  std::vector<std::string> congresses = {"hz"};
  absl::Duration sweep_interval = absl::ZeroDuration();
  // How often the text indexer looks for new opinions when it has caught up.
  absl::Duration text_index_idle = absl::Milliseconds(100);
};

std::vector<std::unique_ptr<grpc::Service>> MakeIntakeServices(const Runtime& runtime, const IntakeOptions& options);

}  // namespace renda::intake
