#pragma once
// ContactService's core: the "two contacts" system (leaders, quotas, assignments, visits and the
// coverage figures). Rules live in contact_logic.h; no gRPC here (the adapter in
// contact_service.h is one line per RPC).

#include "absl/status/statusor.h"
#include "renda/representatives/v1/contacts.pb.h"
#include "services/common/auth.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

// Who may call each RPC.
const AccessTable& ContactAccess();

class ContactCore {
 public:
  ContactCore(const Runtime& runtime, const RepresentativesStore* store) : runtime_(runtime), store_(store) {}

  Task<absl::StatusOr<v1::CreateLeaderResponse>> CreateLeader(const Caller& caller, const v1::CreateLeaderRequest& req);
  Task<absl::StatusOr<v1::GetLeaderResponse>> GetLeader(const Caller& caller, const v1::GetLeaderRequest& req);
  Task<absl::StatusOr<v1::ListLeadersResponse>> ListLeaders(const Caller& caller, const v1::ListLeadersRequest& req);
  Task<absl::StatusOr<v1::GetContactQuotasResponse>> GetContactQuotas(const Caller& caller,
                                                                      const v1::GetContactQuotasRequest& req);
  Task<absl::StatusOr<v1::UpdateContactQuotasResponse>> UpdateContactQuotas(const Caller& caller,
                                                                            const v1::UpdateContactQuotasRequest& req);
  Task<absl::StatusOr<v1::CreateContactAssignmentResponse>> CreateContactAssignment(
      const Caller& caller, const v1::CreateContactAssignmentRequest& req);
  Task<absl::StatusOr<v1::EndContactAssignmentResponse>> EndContactAssignment(
      const Caller& caller, const v1::EndContactAssignmentRequest& req);
  Task<absl::StatusOr<v1::ListContactAssignmentsResponse>> ListContactAssignments(
      const Caller& caller, const v1::ListContactAssignmentsRequest& req);
  Task<absl::StatusOr<v1::LogVisitResponse>> LogVisit(const Caller& caller, const v1::LogVisitRequest& req);
  Task<absl::StatusOr<v1::ListVisitsResponse>> ListVisits(const Caller& caller, const v1::ListVisitsRequest& req);
  Task<absl::StatusOr<v1::ListQuotaShortfallsResponse>> ListQuotaShortfalls(const Caller& caller,
                                                                            const v1::ListQuotaShortfallsRequest& req);
  Task<absl::StatusOr<v1::ListUnvisitedDeputiesResponse>> ListUnvisitedDeputies(
      const Caller& caller, const v1::ListUnvisitedDeputiesRequest& req);
  Task<absl::StatusOr<v1::GetContactCoverageResponse>> GetContactCoverage(const Caller& caller,
                                                                          const v1::GetContactCoverageRequest& req);

 private:
  Runtime runtime_;
  const RepresentativesStore* store_;
};

}  // namespace renda::representatives
