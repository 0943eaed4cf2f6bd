#pragma once
// ObligationService's core: the reports overseen bodies owe on carrying out resolutions and
// decisions and before major decisions, and their submission. Overdue ones are escalated by
// SupervisionCore::Sweep. No gRPC here.

#include "absl/status/statusor.h"
#include "renda/supervision/v1/obligations.pb.h"
#include "services/common/auth.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/supervision/supervision_store.h"

namespace renda::supervision {

// Who may call each RPC of ObligationService.
const AccessTable& ObligationAccess();

class ObligationCore {
 public:
  ObligationCore(const Runtime& runtime, const SupervisionStore* store) : runtime_(runtime), store_(store) {}

  Task<absl::StatusOr<v1::CreateReportingObligationResponse>> CreateReportingObligation(
      const Caller& caller, const v1::CreateReportingObligationRequest& req);
  Task<absl::StatusOr<v1::GetReportingObligationResponse>> GetReportingObligation(
      const Caller& caller, const v1::GetReportingObligationRequest& req);
  Task<absl::StatusOr<v1::ListReportingObligationsResponse>> ListReportingObligations(
      const Caller& caller, const v1::ListReportingObligationsRequest& req);
  Task<absl::StatusOr<v1::SubmitObligationReportResponse>> SubmitObligationReport(
      const Caller& caller, const v1::SubmitObligationReportRequest& req);

 private:
  Runtime runtime_;
  const SupervisionStore* store_;
};

}  // namespace renda::supervision
