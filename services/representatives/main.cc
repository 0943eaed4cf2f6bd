// renda-representatives: the deputies of each congress, their organizations, duty records,
// evaluation, contacts, work plan and liaison stations.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/strings/str_split.h"
#include "services/common/server.h"
#include "services/representatives/intake_follower.h"
#include "services/representatives/services.h"

ABSL_FLAG(std::string, intake_addr, "127.0.0.1:50052",
          "the intake service, host:port, whose feed makes duty records of bills and suggestions");
ABSL_FLAG(std::string, congresses, "hz", "comma-separated ids of the congresses whose intake feeds are followed");

int main(int argc, char** argv) {
  renda::ServerOptions options = renda::ParseServerFlags(argc, argv, "127.0.0.1:50051");
  renda::representatives::IntakeFollowOptions follow;
  follow.intake_addr = absl::GetFlag(FLAGS_intake_addr);
  follow.congresses = absl::StrSplit(absl::GetFlag(FLAGS_congresses), ',', absl::SkipEmpty());
  auto followers = renda::representatives::IntakeFollowers::Start(options, follow);
  if (!followers.ok()) {
    std::cerr << "cannot follow intake: " << followers.status().message() << std::endl;
    return 2;
  }
  const int code = renda::RunService(options, &renda::representatives::MakeRepresentativesServices);
  (*followers)->Stop();
  return code;
}
