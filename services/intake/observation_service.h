#pragma once
// The gRPC adapter of citizens' applications to observe meetings (ObservationService). Rules
// live in observation_logic.h.
//
// Seats: the meeting entity keeps approved_count and applications_received, and every write
// that takes or gives back a seat, or numbers a new application, updates the meeting at the
// version it read (kUpdate) in the same atomic write as the applications. Two staff approving
// at once cannot both take the last seat: the second write is refused whole (ABORTED), reads
// again, and finds no seat. Personal data never enters the change feed: application events
// carry the application without name, ID number, phone and code.

#include <string>

#include "renda/intake/v1/observation.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/rate_limit.h"
#include "services/common/server.h"
#include "services/common/store.h"
#include "services/intake/services.h"

namespace renda::intake {

// Who may call each RPC.
const AccessTable& ObservationAccess();

class ObservationService final : public v1::ObservationService::CallbackService {
 public:
  ObservationService(const Runtime& runtime, const IntakeOptions& options);

  grpc::ServerUnaryReactor* CreateObservationMeeting(grpc::CallbackServerContext* ctx,
                                                     const v1::CreateObservationMeetingRequest* req,
                                                     v1::CreateObservationMeetingResponse* resp) override;
  grpc::ServerUnaryReactor* GetObservationMeeting(grpc::CallbackServerContext* ctx,
                                                  const v1::GetObservationMeetingRequest* req,
                                                  v1::GetObservationMeetingResponse* resp) override;
  grpc::ServerUnaryReactor* ListObservationMeetings(grpc::CallbackServerContext* ctx,
                                                    const v1::ListObservationMeetingsRequest* req,
                                                    v1::ListObservationMeetingsResponse* resp) override;
  grpc::ServerUnaryReactor* SubmitObservationApplication(grpc::CallbackServerContext* ctx,
                                                         const v1::SubmitObservationApplicationRequest* req,
                                                         v1::SubmitObservationApplicationResponse* resp) override;
  grpc::ServerUnaryReactor* GetObservationApplication(grpc::CallbackServerContext* ctx,
                                                      const v1::GetObservationApplicationRequest* req,
                                                      v1::GetObservationApplicationResponse* resp) override;
  grpc::ServerUnaryReactor* LookupObservationApplication(grpc::CallbackServerContext* ctx,
                                                         const v1::LookupObservationApplicationRequest* req,
                                                         v1::LookupObservationApplicationResponse* resp) override;
  grpc::ServerUnaryReactor* ListObservationApplications(grpc::CallbackServerContext* ctx,
                                                        const v1::ListObservationApplicationsRequest* req,
                                                        v1::ListObservationApplicationsResponse* resp) override;
  grpc::ServerUnaryReactor* ApproveObservationApplicationsInOrder(
      grpc::CallbackServerContext* ctx, const v1::ApproveObservationApplicationsInOrderRequest* req,
      v1::ApproveObservationApplicationsInOrderResponse* resp) override;
  grpc::ServerUnaryReactor* ApproveObservationApplication(grpc::CallbackServerContext* ctx,
                                                          const v1::ApproveObservationApplicationRequest* req,
                                                          v1::ApproveObservationApplicationResponse* resp) override;
  grpc::ServerUnaryReactor* DeclineObservationApplication(grpc::CallbackServerContext* ctx,
                                                          const v1::DeclineObservationApplicationRequest* req,
                                                          v1::DeclineObservationApplicationResponse* resp) override;
  grpc::ServerUnaryReactor* CancelObservationApplication(grpc::CallbackServerContext* ctx,
                                                         const v1::CancelObservationApplicationRequest* req,
                                                         v1::CancelObservationApplicationResponse* resp) override;

 private:
  // Finds the application with tracking code `code` (NOT_FOUND when none).
  void FindByCode(const std::string& congress, const std::string& code, Callback<v1::ObservationApplication> done);

  Runtime runtime_;
  IntakeOptions options_;
  EntityStore store_;
  RateLimiter limiter_;
  CallRunner runner_;
  std::string key_;  // keys the ID-number digests
};

}  // namespace renda::intake
