#pragma once
// A real redis-server for tests: its own free port and temp folder, AOF on, killed and
// restarted on demand (same port, same data) to test outages and durability.

#include <sys/types.h>

#include <memory>
#include <string>

#include "services/common/redis_client.h"

namespace renda::testing {

class RedisServer {
 public:
  RedisServer();  // starts it; aborts the test binary if redis-server cannot start
  ~RedisServer();

  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  const std::string& dir() const { return dir_; }

  // SIGKILL: no chance to flush anything beyond what it already wrote.
  void Kill();
  // SIGSTOP / SIGCONT: a server that keeps its connections but answers nothing.
  void Pause();
  void Resume();
  // Starts again on the same port with the same data folder, waits until it answers.
  void Start();
  // Runs a command with redis-cli and returns its output (for assertions on raw keys).
  std::string Cli(const std::string& args) const;

 private:
  int port_ = 0;
  std::string dir_;
  pid_t pid_ = -1;
};

// A client of `server`, connected and healthy (nullptr, after a test failure, when it is not
// within 2 s).
std::unique_ptr<RedisClient> ConnectedClient(const RedisServer& server);

// A TCP port nobody listens on right now.
int FreePort();

}  // namespace renda::testing
