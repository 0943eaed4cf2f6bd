#include "services/representatives/duty_feed.h"

#include <grpcpp/grpcpp.h>

#include <utility>

namespace renda::representatives {

// Applies the followed feed's events: the records of each, then the cursor past it.
class DutyFeedFollowers::Sink final : public ChangeSink {
 public:
  Sink(RedisClient* redis, const Clock* clock, DutyRecordsOf records)
      : clock_(clock), store_(redis), records_(std::move(records)) {}

  Task<absl::StatusOr<std::string>> LoadCursor(std::string congress, std::string source) override {
    co_return co_await store_.FeedCursor(std::move(congress), std::move(source));
  }
  Task<absl::Status> Apply(std::string congress, std::string source, renda::type::v1::ChangeEvent event) override {
    const std::string cursor = event.cursor();
    CO_RETURN_IF_ERROR(co_await records_(store_, clock_->Now(), congress, std::move(event)));
    co_return co_await store_.AdvanceFeedCursor(congress, source, cursor);
  }

 private:
  const Clock* clock_;
  RepresentativesStore store_;
  DutyRecordsOf records_;
};

absl::StatusOr<std::unique_ptr<DutyFeedFollowers>> DutyFeedFollowers::Start(const ServerOptions& server,
                                                                            std::string source, std::string address,
                                                                            DutyRecordsOf records, const Clock* clock) {
  auto redis_options = ParseRedisAddress(server.redis);
  if (!redis_options.ok()) return redis_options.status();
  redis_options->connections = 1;
  auto f = std::unique_ptr<DutyFeedFollowers>(new DutyFeedFollowers());
  f->redis_ = std::make_unique<RedisClient>(*redis_options);
  f->sink_ = std::make_unique<Sink>(f->redis_.get(), clock, std::move(records));
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  f->registry_ = MakeLocalRegistry(f->redis_.get());
  FollowOptions follow;
  follow.source = std::move(source);
  follow.subject = "representatives";
  follow.token_key = server.token_key;
  follow.clock = clock;
  follow.redis = f->redis_.get();
  follow.registry = f->registry_.get();
  follow.channel = grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
  follow.sink = f->sink_.get();
  f->follower_ = ChangeFollower::Start(std::move(follow));
  return f;
}

DutyFeedFollowers::~DutyFeedFollowers() { Stop(); }

void DutyFeedFollowers::Stop() {
  if (follower_) follower_->Stop();
}

}  // namespace renda::representatives
