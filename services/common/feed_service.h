#pragma once
// The one change-feed API every binary serves, renda.feed.v1.ChangeFeedService (like
// grpc.health.v1): ListChanges and WatchChanges over the binary's feeds, one per congress, with
// the events redacted for the caller as the binary's Get calls would.

#include <grpcpp/grpcpp.h>

#include <string>

#include "renda/feed/v1/feed.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/feed.h"
#include "services/common/server.h"
#include "services/common/store.h"
#include "services/common/task.h"

namespace renda {

// Staff, admin and other services read feeds.
const AccessTable& FeedAccess();

class FeedCore {
 public:
  FeedCore(EntityStore* store, EventRedactor redact) : store_(store), redact_(std::move(redact)) {}
  Task<absl::StatusOr<renda::feed::v1::ListChangesResponse>> ListChanges(
      const Caller& caller, const renda::feed::v1::ListChangesRequest& req);

 private:
  EntityStore* store_;
  EventRedactor redact_;
};

class ChangeFeedService final : public renda::feed::v1::ChangeFeedService::CallbackService {
 public:
  // `prefix`: the binary's key prefix (rep, in, sup, rpt); `name`: how its calls are logged.
  ChangeFeedService(const Runtime& runtime, std::string prefix, std::string name, EventRedactor redact = nullptr);

  grpc::ServerUnaryReactor* ListChanges(grpc::CallbackServerContext* ctx,
                                        const renda::feed::v1::ListChangesRequest* req,
                                        renda::feed::v1::ListChangesResponse* resp) override {
    return runner_.Serve(ctx, "ListChanges", req, resp, &core_, &FeedCore::ListChanges);
  }
  grpc::ServerWriteReactor<renda::feed::v1::WatchChangesResponse>* WatchChanges(
      grpc::CallbackServerContext* ctx, const renda::feed::v1::WatchChangesRequest* req) override {
    return ServeWatchChanges<renda::feed::v1::WatchChangesRequest, renda::feed::v1::WatchChangesResponse>(
        runner_, runtime_, &store_, ctx, req, redact_);
  }

 private:
  Runtime runtime_;
  EntityStore store_;
  EventRedactor redact_;
  FeedCore core_;
  CallRunner runner_;
};

}  // namespace renda
