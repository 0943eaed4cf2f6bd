#pragma once
// ObservationService's core: meetings open to observers (公民旁听), citizens' applications, the
// staff's first-come-first-served approval and a code to follow an application. Each method
// takes the caller and the request and answers the response or an error; no gRPC here (the
// adapter in observation_service.h is one line per RPC). Rules live in observation_logic.h.
//
// Seats: the meeting entity keeps approved_count and applications_received, and every write
// that takes or gives back a seat, or numbers a new application, changes the meeting at the
// version it read in the same atomic write as the applications. Two staff approving at once
// cannot both take the last seat: the second write is refused whole (ABORTED), reads again, and
// finds no seat. Personal data never enters the change feed: application events carry the
// application without name, ID number, phone and code.

#include <string>

#include "absl/status/statusor.h"
#include "renda/intake/v1/observation.pb.h"
#include "services/common/auth.h"
#include "services/common/rate_limit.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/intake/intake_store.h"

namespace renda::intake {

// Who may call each RPC.
const AccessTable& ObservationAccess();

class ObservationCore {
 public:
  // `anonymous`: what one anonymous client may apply for, or look up, per window.
  ObservationCore(const Runtime& runtime, const IntakeStore* store, RateLimit anonymous);

  Task<absl::StatusOr<v1::CreateObservationMeetingResponse>> CreateObservationMeeting(
      const Caller& caller, const v1::CreateObservationMeetingRequest& req);
  Task<absl::StatusOr<v1::GetObservationMeetingResponse>> GetObservationMeeting(
      const Caller& caller, const v1::GetObservationMeetingRequest& req);
  Task<absl::StatusOr<v1::ListObservationMeetingsResponse>> ListObservationMeetings(
      const Caller& caller, const v1::ListObservationMeetingsRequest& req);
  Task<absl::StatusOr<v1::SubmitObservationApplicationResponse>> SubmitObservationApplication(
      const Caller& caller, const v1::SubmitObservationApplicationRequest& req);
  Task<absl::StatusOr<v1::GetObservationApplicationResponse>> GetObservationApplication(
      const Caller& caller, const v1::GetObservationApplicationRequest& req);
  Task<absl::StatusOr<v1::LookupObservationApplicationResponse>> LookupObservationApplication(
      const Caller& caller, const v1::LookupObservationApplicationRequest& req);
  Task<absl::StatusOr<v1::ListObservationApplicationsResponse>> ListObservationApplications(
      const Caller& caller, const v1::ListObservationApplicationsRequest& req);
  Task<absl::StatusOr<v1::ApproveObservationApplicationsInOrderResponse>> ApproveObservationApplicationsInOrder(
      const Caller& caller, const v1::ApproveObservationApplicationsInOrderRequest& req);
  Task<absl::StatusOr<v1::ApproveObservationApplicationResponse>> ApproveObservationApplication(
      const Caller& caller, const v1::ApproveObservationApplicationRequest& req);
  Task<absl::StatusOr<v1::DeclineObservationApplicationResponse>> DeclineObservationApplication(
      const Caller& caller, const v1::DeclineObservationApplicationRequest& req);
  Task<absl::StatusOr<v1::CancelObservationApplicationResponse>> CancelObservationApplication(
      const Caller& caller, const v1::CancelObservationApplicationRequest& req);

 private:
  Runtime runtime_;
  const IntakeStore* store_;
  RateLimit anonymous_;
  RateLimiter limiter_;
  std::string key_;  // keys the ID-number digests
};

}  // namespace renda::intake
