#include "tests/support/redis_server.h"

#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/support/wait.h"

namespace renda::testing {

std::unique_ptr<RedisClient> ConnectedClient(const RedisServer& server) {
  RedisOptions o;
  o.port = server.port();
  auto client = std::make_unique<RedisClient>(o);
  const bool healthy = WaitForRedisHealth(*client, true, absl::Seconds(2));
  EXPECT_TRUE(healthy) << "redis on port " << server.port() << " did not answer";
  if (!healthy) return nullptr;
  return client;
}

// A port no one listens on, chosen at random below the kernel's ephemeral range (32768 and up on
// Linux). Not bind(0): the kernel hands recently freed ephemeral ports out again, so a test that
// kills its Redis and restarts it on the same port could find another test's Redis there.
int FreePort() {
  std::random_device seed;
  std::mt19937 rng(seed());
  std::uniform_int_distribution<int> pick(10000, 32000);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const int port = pick(rng);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    const bool free = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    close(fd);
    if (free) return port;
  }
  std::fprintf(stderr, "no free port found for redis-server\n");
  std::abort();
}

RedisServer::RedisServer() {
  char tmpl[] = "/tmp/renda-redis-XXXXXX";
  dir_ = mkdtemp(tmpl);
  port_ = FreePort();
  Start();
}

RedisServer::~RedisServer() {
  Kill();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void RedisServer::Start() {
  pid_ = fork();
  if (pid_ == 0) {
    std::string port = std::to_string(port_);
    // appendfsync always: a test that kills Redis right after an acknowledged write must find
    // the write again.
    execlp("redis-server", "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1", "--dir",
           dir_.c_str(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
           "--logfile", (dir_ + "/redis.log").c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // A process starting up tells nobody when it is ready: ask it until it answers.
  const bool answers = WaitUntil(
      [port = port_] {
        redisContext* c = redisConnect("127.0.0.1", port);
        bool ok = false;
        if (c != nullptr && c->err == 0) {
          auto* reply = static_cast<redisReply*>(redisCommand(c, "PING"));
          ok = reply != nullptr && reply->type == REDIS_REPLY_STATUS && std::strcmp(reply->str, "PONG") == 0;
          if (reply != nullptr) freeReplyObject(reply);
        }
        if (c != nullptr) redisFree(c);
        return ok;
      },
      absl::Seconds(10));
  if (answers) return;
  fprintf(stderr, "redis-server did not start on port %d (see %s/redis.log)\n", port_, dir_.c_str());
  abort();
}

void RedisServer::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void RedisServer::Pause() { kill(pid_, SIGSTOP); }
void RedisServer::Resume() { kill(pid_, SIGCONT); }

std::string RedisServer::Cli(const std::string& args) const {
  std::string cmd = absl::StrCat("redis-cli -p ", port_, " ", args);
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0) out.append(buf.data(), n);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace renda::testing
