// renda-intake: citizens' opinions and petitions, public consultations, deputies' bills and
// suggestions, polls and observation applications of each congress.
#include "absl/flags/flag.h"
#include "services/common/server.h"
#include "services/intake/services.h"

ABSL_FLAG(std::string, representatives_addr, "127.0.0.1:50051", "the representatives service, host:port");
ABSL_FLAG(int64_t, anonymous_per_minute, 30,
          "calls one anonymous client (IP address) may make per minute to each public intake call; 0: no limit");

ABSL_FLAG(int, sweep_interval_s, 60,
          "seconds between sweeps of opinion deadlines (escalation, closing without feedback); 0: never");

int main(int argc, char** argv) {
  renda::ServerOptions options = renda::ParseServerFlags(argc, argv, "127.0.0.1:50052");
  renda::intake::IntakeOptions intake;
  intake.representatives_addr = absl::GetFlag(FLAGS_representatives_addr);
  intake.anonymous = {absl::GetFlag(FLAGS_anonymous_per_minute), absl::Minutes(1)};
  intake.sweep_interval = absl::Seconds(absl::GetFlag(FLAGS_sweep_interval_s));
  return renda::RunService(options, [intake](const renda::Runtime& runtime) {
    return renda::intake::MakeIntakeServices(runtime, intake);
  });
}
