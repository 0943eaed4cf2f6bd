#include "services/reporting/reporting_service.h"

#include "services/reporting/overview_logic.h"

namespace renda::reporting {
namespace {
std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}
}  // namespace

ReportingService::ReportingService(const Runtime& runtime, const ReportingOptions& options)
    : store_(runtime.redis),
      sink_(&store_),
      core_(runtime, &store_, ChannelTo(options.representatives_addr)),
      runner_("reporting", &ReportingAccess(), runtime.auth) {
  const std::pair<const char*, std::string> sources[] = {{kRepresentatives, options.representatives_addr},
                                                         {kIntake, options.intake_addr},
                                                         {kSupervision, options.supervision_addr}};
  for (const auto& [source, address] : sources) {
    FollowOptions follow;
    follow.source = source;
    follow.subject = "reporting";
    follow.token_key = runtime.options.token_key;
    follow.clock = runtime.clock;
    follow.redis = runtime.redis;
    follow.registry = runtime.registry;
    follow.channel = ChannelTo(address);
    follow.sink = &sink_;
    followers_.emplace_back(source, ChangeFollower::Start(std::move(follow)));
  }
}

ReportingService::~ReportingService() {
  for (auto& [source, f] : followers_) f->Stop();
}

ChangeFollower* ReportingService::follower(const std::string& source) const {
  for (const auto& [name, f] : followers_) {
    if (name == source) return f.get();
  }
  return nullptr;
}

}  // namespace renda::reporting
