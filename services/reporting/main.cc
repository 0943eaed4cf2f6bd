// renda-reporting: exact statistics built from the other services' change feeds.
#include "absl/flags/flag.h"
#include "services/common/feed_service.h"
#include "services/common/server.h"
#include "services/reporting/reporting_service.h"

ABSL_FLAG(std::string, representatives_addr, "127.0.0.1:50051", "the representatives service, host:port");
ABSL_FLAG(std::string, intake_addr, "127.0.0.1:50052", "the intake service, host:port");
ABSL_FLAG(std::string, supervision_addr, "127.0.0.1:50053", "the supervision service, host:port");

int main(int argc, char** argv) {
  renda::ServerOptions options = renda::ParseServerFlags(argc, argv, "127.0.0.1:50054");
  renda::reporting::ReportingOptions reporting;
  reporting.representatives_addr = absl::GetFlag(FLAGS_representatives_addr);
  reporting.intake_addr = absl::GetFlag(FLAGS_intake_addr);
  reporting.supervision_addr = absl::GetFlag(FLAGS_supervision_addr);
  return renda::RunService(options, [reporting](const renda::Runtime& runtime) {
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(std::make_unique<renda::reporting::ReportingService>(runtime, reporting));
    services.push_back(std::make_unique<renda::ChangeFeedService>(runtime, "rpt", "reporting-feed"));
    return services;
  });
}
