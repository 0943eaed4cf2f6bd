#pragma once
// The gRPC adapter of the reporting service, and the followers of the source feeds that keep
// its counts.

#include <memory>
#include <string>
#include <vector>

#include "renda/reporting/v1/reporting.grpc.pb.h"
#include "renda/representatives/v1/evaluation.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/common/store.h"
#include "services/reporting/feed_follower.h"
#include "services/reporting/reporting_store.h"

namespace renda::reporting {

const AccessTable& ReportingAccess();

struct ReportingOptions {
  std::string representatives_addr = "127.0.0.1:50051";
  std::string intake_addr = "127.0.0.1:50052";
  std::string supervision_addr = "127.0.0.1:50053";
  // Congress ids whose feeds are followed.
  std::vector<std::string> congresses = {"hz"};
};

class ReportingService final : public v1::ReportingService::CallbackService {
 public:
  ReportingService(const Runtime& runtime, ReportingOptions options);
  ~ReportingService() override;

  grpc::ServerUnaryReactor* GetOverview(grpc::CallbackServerContext* ctx, const v1::GetOverviewRequest* req,
                                        v1::GetOverviewResponse* resp) override;
  grpc::ServerUnaryReactor* RenderAnnualDutyReport(grpc::CallbackServerContext* ctx,
                                                   const v1::RenderAnnualDutyReportRequest* req,
                                                   v1::RenderAnnualDutyReportResponse* resp) override;
  grpc::ServerUnaryReactor* ListChanges(grpc::CallbackServerContext* ctx, const v1::ListChangesRequest* req,
                                        v1::ListChangesResponse* resp) override;
  grpc::ServerWriteReactor<v1::WatchChangesResponse>* WatchChanges(grpc::CallbackServerContext* ctx,
                                                                   const v1::WatchChangesRequest* req) override;

 private:
  Runtime runtime_;
  ReportingOptions options_;
  EntityStore store_;  // reporting's own feed
  ReportingStore counts_;
  CallRunner runner_;
  std::vector<std::shared_ptr<Follower>> followers_;
  std::unique_ptr<renda::representatives::v1::EvaluationService::Stub> evaluation_;
};

}  // namespace renda::reporting
