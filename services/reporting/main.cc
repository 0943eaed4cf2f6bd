// renda-reporting: exact statistics built from the other services' change feeds.
#include "absl/flags/flag.h"
#include "absl/strings/str_split.h"
#include "services/common/server.h"
#include "services/reporting/reporting_service.h"

ABSL_FLAG(std::string, representatives_addr, "127.0.0.1:50051", "the representatives service, host:port");
ABSL_FLAG(std::string, intake_addr, "127.0.0.1:50052", "the intake service, host:port");
ABSL_FLAG(std::string, supervision_addr, "127.0.0.1:50053", "the supervision service, host:port");
ABSL_FLAG(std::string, congresses, "hz", "comma-separated ids of the congresses whose feeds are followed");

int main(int argc, char** argv) {
  renda::ServerOptions options = renda::ParseServerFlags(argc, argv, "127.0.0.1:50054");
  renda::reporting::ReportingOptions reporting;
  reporting.representatives_addr = absl::GetFlag(FLAGS_representatives_addr);
  reporting.intake_addr = absl::GetFlag(FLAGS_intake_addr);
  reporting.supervision_addr = absl::GetFlag(FLAGS_supervision_addr);
  reporting.congresses = absl::StrSplit(absl::GetFlag(FLAGS_congresses), ',', absl::SkipEmpty());
  return renda::RunService(options, [reporting](const renda::Runtime& runtime) {
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(std::make_unique<renda::reporting::ReportingService>(runtime, reporting));
    return services;
  });
}
