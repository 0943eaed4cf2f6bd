#pragma once
// Reporting's followers of the source services' change feeds: the common feed follower
// (services/common/feed_follower.h) with a sink that applies each event to the counts, with its
// cursor, atomically (ReportingStore::Apply), so an event seen twice is skipped by the store.

#include <grpcpp/grpcpp.h>

#include <iostream>
#include <memory>
#include <string>

#include "services/common/clock.h"
#include "services/common/feed_follower.h"
#include "services/common/redis_client.h"
#include "services/reporting/overview_logic.h"
#include "services/reporting/reporting_store.h"

namespace renda::reporting {

using renda::Follower;

// What a follower needs, whatever the source.
struct FollowerContext {
  std::string source;
  std::string congress;
  std::string token_key;
  const Clock* clock = nullptr;
  RedisClient* redis = nullptr;
  ReportingStore* store = nullptr;
};

// Applies events to reporting's counts.
class CountsSink final : public FeedSink {
 public:
  explicit CountsSink(ReportingStore* store) : store_(store) {}
  void LoadCursor(const std::string& congress, const std::string& source, Callback<std::string> done) override {
    store_->LoadCursor(congress, source, std::move(done));
  }
  void Apply(const std::string& congress, const std::string& source, const renda::type::v1::ChangeEvent& event,
             Callback<bool> done) override {
    auto status = CountedStatus(event);
    const bool counted = status.ok();
    if (!status.ok() && status.status().code() != absl::StatusCode::kNotFound) {
      // An event this version cannot read: stop here rather than count wrongly.
      std::cerr << "{\"event\":\"feed_event_unreadable\",\"source\":\"" << source << "\",\"cursor\":\""
                << event.cursor() << "\"}" << std::endl;
      return done(status.status());
    }
    store_->Apply(congress, source, event, counted ? *status : "", counted, std::move(done));
  }

 private:
  ReportingStore* store_;
};

// Service: the generated service class (e.g. renda::intake::v1::IntakeService).
template <class Service, class Request, class Response>
class FeedFollower final : public Follower {
 public:
  static std::shared_ptr<Follower> Start(FollowerContext fc, std::shared_ptr<grpc::Channel> channel) {
    auto f = std::shared_ptr<FeedFollower>(new FeedFollower(fc.store));
    f->inner_ = renda::FeedFollower<Service, Request, Response>::Start(
        FeedFollowerContext{fc.source, fc.congress, "reporting", fc.token_key, fc.clock, fc.redis, &f->sink_},
        std::move(channel));
    return f;
  }
  void Stop() override { inner_->Stop(); }

 private:
  explicit FeedFollower(ReportingStore* store) : sink_(store) {}
  CountsSink sink_;
  std::shared_ptr<Follower> inner_;
};

}  // namespace renda::reporting
