#pragma once
// The intake domain of the demo congress, written through the running intake service:
// citizens' opinions followed through every state of the closed loop, a regulation draft put
// to public consultation with comments, deputies' suggestions and a bill, a poll with
// responses and a Standing Committee meeting with observers' applications. Idempotent: every
// resource is recognized before it is written (fixed ids, or its text), every step of a case
// is skipped when the case's history already has it, and every write carries a request id
// derived from a stable key. Times that must lie ahead (poll window, application deadline,
// consultation close) are chosen relative to now.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace renda::seed {

// What one kind of resource needed, for renda-seed's report.
struct IntakeLine {
  std::string what;  // "loop steps"
  std::string verb;  // "taken"
  int created = 0;
  int already = 0;
  int skipped = 0;
};

struct IntakeDemoOptions {
  std::string congress;     // hz
  std::string address;      // the intake service, for error messages
  std::string token_key;    // to mint the handling units' and citizens' tokens
  std::string staff_token;  // the seeder's staff token
  absl::Duration timeout = absl::Seconds(10);
  std::vector<std::string> serving_deputies;  // ids the representatives service has as serving
};

// Seeds the intake domain; exits the process with one line on any unexpected error.
std::vector<IntakeLine> SeedIntakeDemo(const std::shared_ptr<grpc::Channel>& intake, const IntakeDemoOptions& options);

}  // namespace renda::seed
