#pragma once
// ReportingService's core: the overview counted from the other services' feeds, and the
// documents people read (the annual duty report, rendered from the representatives service's
// structured year).

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "renda/reporting/v1/reporting.pb.h"
#include "renda/representatives/v1/evaluation.grpc.pb.h"
#include "services/common/auth.h"
#include "services/common/follower.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/reporting/reporting_store.h"

namespace renda::reporting {

// Who may call each RPC.
const AccessTable& ReportingAccess();

// Applies the source services' events to reporting's counts.
class CountsSink final : public ChangeSink {
 public:
  explicit CountsSink(const ReportingStore* store) : store_(store) {}
  Task<absl::StatusOr<std::string>> LoadCursor(std::string congress, std::string source) override;
  Task<absl::Status> Apply(std::string congress, std::string source, renda::type::v1::ChangeEvent event) override;

 private:
  const ReportingStore* store_;
};

class ReportingCore {
 public:
  ReportingCore(const Runtime& runtime, const ReportingStore* store,
                std::shared_ptr<grpc::Channel> representatives);

  Task<absl::StatusOr<v1::GetOverviewResponse>> GetOverview(const Caller& caller, const v1::GetOverviewRequest& req);
  Task<absl::StatusOr<v1::RenderAnnualDutyReportResponse>> RenderAnnualDutyReport(
      const Caller& caller, const v1::RenderAnnualDutyReportRequest& req);

 private:
  Runtime runtime_;
  const ReportingStore* store_;
  std::unique_ptr<renda::representatives::v1::EvaluationService::Stub> evaluation_;
};

}  // namespace renda::reporting
