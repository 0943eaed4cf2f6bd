// renda-supervision: the standing committee's oversight of each congress: the supervision plan,
// problem lists and rectification, satisfaction votes, livelihood projects by deputy vote,
// reporting obligations, budget review and research topics.
#include "absl/flags/flag.h"
#include "services/common/server.h"
#include "services/supervision/services.h"

ABSL_FLAG(std::string, representatives_addr, "127.0.0.1:50051", "the representatives service, host:port");
ABSL_FLAG(std::string, intake_addr, "127.0.0.1:50052", "the intake service, host:port");
ABSL_FLAG(int, sweep_interval_s, 60, "seconds between sweeps of problem and report deadlines (escalation); 0: never");

int main(int argc, char** argv) {
  renda::ServerOptions options = renda::ParseServerFlags(argc, argv, "127.0.0.1:50053");
  renda::supervision::SupervisionOptions supervision;
  supervision.representatives_addr = absl::GetFlag(FLAGS_representatives_addr);
  supervision.intake_addr = absl::GetFlag(FLAGS_intake_addr);
  supervision.sweep_interval = absl::Seconds(absl::GetFlag(FLAGS_sweep_interval_s));
  return renda::RunService(options, [supervision](const renda::Runtime& runtime) {
    return renda::supervision::MakeSupervisionServices(runtime, supervision);
  });
}
