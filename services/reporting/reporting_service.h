#pragma once
// The gRPC adapter of ReportingService: each RPC hands the call to ReportingCore. It also runs
// reporting's followers of the three source services' feeds (every registered congress).

#include <memory>
#include <string>
#include <vector>

#include "renda/reporting/v1/reporting.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/follower.h"
#include "services/common/server.h"
#include "services/reporting/reporting_core.h"
#include "services/reporting/reporting_store.h"

namespace renda::reporting {

struct ReportingOptions {
  std::string representatives_addr = "127.0.0.1:50051";
  std::string intake_addr = "127.0.0.1:50052";
  std::string supervision_addr = "127.0.0.1:50053";
};

class ReportingService final : public v1::ReportingService::CallbackService {
 public:
  ReportingService(const Runtime& runtime, const ReportingOptions& options);
  ~ReportingService() override;

  RENDA_RPC(ReportingCore, GetOverview)
  RENDA_RPC(ReportingCore, RenderAnnualDutyReport)

  // The follower of `source` (kRepresentatives, kIntake, kSupervision), for tests' drain hook.
  ChangeFollower* follower(const std::string& source) const;

 private:
  ReportingStore store_;
  CountsSink sink_;
  ReportingCore core_;
  CallRunner runner_;
  std::vector<std::pair<std::string, std::unique_ptr<ChangeFollower>>> followers_;
};

}  // namespace renda::reporting
