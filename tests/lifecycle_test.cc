// How a service starts and stops: as a real process, SIGTERM ends open streams with
// UNAVAILABLE and the process exits 0; in-process, a host starts and stops cleanly many times.
#include <gtest/gtest.h>

#include "renda/feed/v1/feed.grpc.pb.h"
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "services/common/health_client.h"
#include "services/representatives/representatives_service.h"
#include "tests/support/redis_server.h"
#include "tests/support/suite.h"

namespace renda {
namespace {

using representatives::v1::RepresentativesService;
using testing::TokenFor;

// A service binary run as a child process.
class Child {
 public:
  explicit Child(const std::vector<std::string>& argv) {
    int out[2];
    EXPECT_EQ(pipe(out), 0);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
    close(out[1]);
    stdout_ = fdopen(out[0], "r");
  }
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (stdout_ != nullptr) fclose(stdout_);
  }
  std::string ReadLine() {
    char buf[512];
    if (fgets(buf, sizeof buf, stdout_) == nullptr) return "";
    std::string line(buf);
    if (!line.empty() && line.back() == '\n') line.pop_back();
    return line;
  }
  // Exit code, or -1 if it did not exit within `timeout`. The wait is for the exit itself: a
  // pidfd of the child turns readable when it exits.
  int WaitExit(absl::Duration timeout) {
    const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
    if (pidfd < 0) {
      ADD_FAILURE() << "pidfd_open: " << strerror(errno);
      return -1;
    }
    pollfd exited{pidfd, POLLIN, 0};
    const int ready = poll(&exited, 1, static_cast<int>(absl::ToInt64Milliseconds(timeout)));
    close(pidfd);
    if (ready != 1) return -1;
    int status = 0;
    if (waitpid(pid_, &status, 0) != pid_) return -1;
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  FILE* stdout_ = nullptr;
};

TEST(ServiceProcess, SigtermEndsStreamsAndExitsZero) {
  testing::RedisServer redis;
  Child child({RENDA_BUILD_DIR "/services/representatives/renda-representatives", "--listen=127.0.0.1:0",
               "--redis=" + redis.address(), absl::StrCat("--token_key=", testing::kTestTokenKey),
               "--shutdown_grace_ms=3000"});
  std::string line = child.ReadLine();
  ASSERT_TRUE(absl::StartsWith(line, "listening on ")) << line;
  const std::string address = line.substr(strlen("listening on "));
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  ASSERT_TRUE(WaitForServing(channel, "", absl::Seconds(10)).ok());
  testing::RegisterTestCongresses(address, RealClock::Get());

  // A consumer tails the feed: a call in flight when the signal comes.
  auto stub = RepresentativesService::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + TokenFor(Role::kService));
  renda::feed::v1::WatchChangesRequest req;
  req.set_parent("congresses/hz");
  auto feed = renda::feed::v1::ChangeFeedService::NewStub(channel);
  auto stream = feed->WatchChanges(&ctx, req);
  // The stream is live: a deputy created now reaches it.
  representatives::v1::CreateDeputyRequest create;
  create.set_parent("congresses/hz");
  create.mutable_deputy()->set_display_name("王建国");
  create.mutable_deputy()->set_term(14);
  create.mutable_deputy()->set_electoral_unit("西湖区");
  representatives::v1::CreateDeputyResponse created;
  ASSERT_TRUE(stub->CreateDeputy(testing::ContextWith(TokenFor(Role::kStaff)).get(), create, &created).ok());
  renda::feed::v1::WatchChangesResponse msg;
  ASSERT_TRUE(stream->Read(&msg));
  EXPECT_EQ(msg.event().resource_name(), created.deputy().name());

  ASSERT_EQ(kill(child.pid(), SIGTERM), 0);
  while (stream->Read(&msg)) {
  }
  grpc::Status end = stream->Finish();
  EXPECT_EQ(end.error_code(), grpc::StatusCode::UNAVAILABLE) << end.error_message();
  EXPECT_EQ(child.WaitExit(absl::Seconds(10)), 0);
}

TEST(ServiceHostLifecycle, StartsAndStopsTenTimes) {
  testing::RedisServer redis;
  for (int i = 0; i < 10; ++i) {
    auto host = testing::StartHost(redis.address(), [](const Runtime& rt) {
      std::vector<std::unique_ptr<grpc::Service>> s;
      s.push_back(std::make_unique<representatives::RepresentativesService>(rt));
      return s;
    });
    ASSERT_TRUE(testing::WaitServing(*host)) << "round " << i;
    host.reset();
  }
}

TEST(ServiceHostLifecycle, RefusesAShortTokenKey) {
  ServerOptions o;
  o.token_key = "short";
  auto host = ServiceHost::Start(o, [](const Runtime&) { return std::vector<std::unique_ptr<grpc::Service>>(); });
  EXPECT_EQ(host.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace renda
