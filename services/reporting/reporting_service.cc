#include "services/reporting/reporting_service.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "renda/intake/v1/intake.grpc.pb.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "renda/supervision/v1/supervision.grpc.pb.h"
#include "services/common/errors.h"
#include "services/common/feed.h"
#include "services/common/names.h"
#include "services/common/time_util.h"
#include "services/reporting/duty_report_render.h"

namespace renda::reporting {
namespace {

const Roles kReaders = {Role::kStaff, Role::kLeader, Role::kAdmin, Role::kService};
const Roles kFeedRoles = {Role::kStaff, Role::kAdmin, Role::kService};

std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

}  // namespace

const AccessTable& ReportingAccess() {
  static const AccessTable* table = new AccessTable{
      {"GetOverview", kReaders},
      {"RenderAnnualDutyReport", kSignedIn},
      {"ListChanges", kFeedRoles},
      {"WatchChanges", kFeedRoles}};
  return *table;
}

ReportingService::ReportingService(const Runtime& runtime, ReportingOptions options)
    : runtime_(runtime),
      options_(std::move(options)),
      store_(runtime.redis, "rpt"),
      counts_(runtime.redis),
      runner_("reporting", &ReportingAccess(), runtime.auth) {
  auto reps = ChannelTo(options_.representatives_addr);
  evaluation_ = renda::representatives::v1::EvaluationService::NewStub(reps);
  auto intake = ChannelTo(options_.intake_addr);
  auto supervision = ChannelTo(options_.supervision_addr);
  for (const std::string& congress : options_.congresses) {
    auto context = [&](const char* source) {
      return FollowerContext{source, congress, runtime_.options.token_key, runtime_.clock, runtime_.redis, &counts_};
    };
    namespace rep = renda::representatives::v1;
    namespace in = renda::intake::v1;
    namespace sup = renda::supervision::v1;
    followers_.push_back(FeedFollower<rep::RepresentativesService, rep::WatchChangesRequest,
                                      rep::WatchChangesResponse>::Start(context(kRepresentatives), reps));
    followers_.push_back(
        FeedFollower<in::IntakeService, in::WatchChangesRequest, in::WatchChangesResponse>::Start(context(kIntake), intake));
    followers_.push_back(FeedFollower<sup::SupervisionService, sup::WatchChangesRequest,
                                      sup::WatchChangesResponse>::Start(context(kSupervision), supervision));
  }
}

ReportingService::~ReportingService() {
  for (auto& f : followers_) f->Stop();
}

grpc::ServerUnaryReactor* ReportingService::GetOverview(grpc::CallbackServerContext* ctx,
                                                        const v1::GetOverviewRequest* req,
                                                        v1::GetOverviewResponse* resp) {
  return runner_.Unary(ctx, "GetOverview", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("congress", req->congress(), v);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    if (std::find(options_.congresses.begin(), options_.congresses.end(), congress) == options_.congresses.end()) {
      return finish(MakeError(absl::StatusCode::kFailedPrecondition, "CONGRESS_NOT_FOLLOWED",
                              absl::StrCat("reporting does not follow congress '", congress,
                                           "'; add it to --congresses")));
    }
    const absl::Time now = runtime_.clock->Now();
    counts_.ReadCounts(congress, [resp, now, congress,
                                   finish = std::move(finish)](absl::StatusOr<Counts> counts) mutable {
      if (!counts.ok()) return finish(counts.status());
      auto* o = resp->mutable_overview();
      o->set_congress(CongressName(congress));
      for (const auto& [status, n] : counts->by_source[kRepresentatives]) (*o->mutable_deputies_by_status())[status] = n;
      for (const auto& [status, n] : counts->by_source[kIntake]) (*o->mutable_opinions_by_state())[status] = n;
      for (const auto& [status, n] : counts->by_source[kSupervision]) {
        (*o->mutable_supervision_items_by_state())[status] = n;
      }
      for (const char* source : {kRepresentatives, kIntake, kSupervision}) {
        auto* p = o->add_sources();
        p->set_source(source);
        p->set_cursor(counts->cursors[source]);
        p->set_events_applied(counts->applied[source]);
      }
      *o->mutable_read_time() = ToProtoTime(now);
      finish(absl::OkStatus());
    });
  });
}

grpc::ServerUnaryReactor* ReportingService::RenderAnnualDutyReport(grpc::CallbackServerContext* ctx,
                                                                   const v1::RenderAnnualDutyReportRequest* req,
                                                                   v1::RenderAnnualDutyReportResponse* resp) {
  return runner_.Unary(ctx, "RenderAnnualDutyReport", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    ResourceName deputy = ParseResourceName("deputy", req->deputy(), "deputies", v);
    v.Range("year", req->year(), 2000, 2100, false);
    if (auto s = CheckRequest(v, caller, deputy.congress); !s.ok()) return finish(s);
    struct Upstream {
      grpc::ClientContext context;
      renda::representatives::v1::GetAnnualDutyReportRequest request;
      renda::representatives::v1::GetAnnualDutyReportResponse response;
    };
    auto up = std::make_shared<Upstream>();
    // The caller's own token: the representatives service decides what this caller may read.
    up->context.AddMetadata("authorization", std::string(AuthorizationOf(ctx)));
    up->context.set_deadline(std::min(ctx->deadline(), std::chrono::system_clock::now() + std::chrono::seconds(10)));
    up->request.set_deputy(req->deputy());
    up->request.set_year(req->year());
    // gRPC's callback is a std::function, which must be copyable; Finish is not.
    auto done = std::make_shared<Finish>(std::move(finish));
    evaluation_->async()->GetAnnualDutyReport(
        &up->context, &up->request, &up->response, [up, resp, done](grpc::Status status) {
          Finish& finish = *done;
          if (!status.ok()) return finish(FromGrpcStatus(status));
          const auto& report = up->response.report();
          resp->set_title(DutyReportTitle(report));
          resp->set_markdown(RenderDutyReportMarkdown(report));
          *resp->mutable_report() = report;
          finish(absl::OkStatus());
        });
  });
}

grpc::ServerUnaryReactor* ReportingService::ListChanges(grpc::CallbackServerContext* ctx,
                                                        const v1::ListChangesRequest* req,
                                                        v1::ListChangesResponse* resp) {
  return ServeListChanges(runner_, &store_, ctx, req, resp);
}

grpc::ServerWriteReactor<v1::WatchChangesResponse>* ReportingService::WatchChanges(
    grpc::CallbackServerContext* ctx, const v1::WatchChangesRequest* req) {
  return ServeWatchChanges<v1::WatchChangesRequest, v1::WatchChangesResponse>(runner_, runtime_, &store_, ctx, req);
}

}  // namespace renda::reporting
