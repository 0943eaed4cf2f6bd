// renda-representatives: the deputies of each congress, their organizations, duty records,
// evaluation, contacts, work plan and liaison stations.
#include <iostream>

#include "absl/flags/flag.h"
#include "services/common/server.h"
#include "services/representatives/intake_follower.h"
#include "services/representatives/representatives_store.h"
#include "services/representatives/services.h"
#include "services/representatives/supervision_follower.h"

ABSL_FLAG(std::string, intake_addr, "127.0.0.1:50052",
          "the intake service, host:port, whose feed makes duty records of bills and suggestions");
ABSL_FLAG(std::string, supervision_addr, "127.0.0.1:50053",
          "the supervision service, host:port, whose feed makes duty records of the deputies taking part in "
          "supervision items");

int main(int argc, char** argv) {
  renda::ServerOptions options = renda::ParseServerFlags(argc, argv, "127.0.0.1:50051");
  // This service keeps the registry every call is checked against: it reads it from its store.
  options.registry_factory = &renda::representatives::MakeLocalRegistry;
  renda::representatives::IntakeFollowOptions follow;
  follow.intake_addr = absl::GetFlag(FLAGS_intake_addr);
  auto followers = renda::representatives::StartIntakeFollowers(options, follow);
  if (!followers.ok()) {
    std::cerr << "cannot follow intake: " << followers.status().message() << std::endl;
    return 2;
  }
  renda::representatives::SupervisionFollowOptions supervision;
  supervision.supervision_addr = absl::GetFlag(FLAGS_supervision_addr);
  auto supervision_followers = renda::representatives::StartSupervisionFollowers(options, supervision);
  if (!supervision_followers.ok()) {
    std::cerr << "cannot follow supervision: " << supervision_followers.status().message() << std::endl;
    return 2;
  }
  const int code = renda::RunService(options, &renda::representatives::MakeRepresentativesServices);
  (*supervision_followers)->Stop();
  (*followers)->Stop();
  return code;
}
