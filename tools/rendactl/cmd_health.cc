// rendactl health: the grpc.health.v1 status of a server, for people, scripts and container
// health checks. Exits 0 when SERVING and 1 otherwise, whatever the reason.

#include <cstdio>

#include "services/common/health_client.h"
#include "tools/rendactl/commands.h"

namespace rendactl {
namespace {

absl::Status RunHealth(const Invocation& inv) {
  Connection connection(inv.global, "");
  const std::string service = inv.args.Get("service");
  const std::string what = service.empty() ? connection.address()
                                           : absl::StrCat(connection.address(), " service '", service, "'");
  const absl::Duration timeout = absl::Milliseconds(inv.global.timeout_ms);

  if (inv.args.Has("wait")) {
    absl::StatusOr<absl::Duration> wait = inv.args.GetDuration("wait", absl::ZeroDuration());
    if (!wait.ok()) return wait.status();
    absl::Status status = renda::WaitForServing(connection.channel(), service, *wait);
    if (!status.ok()) return PlainError(kExitServerError, absl::StrCat(what, ": ", status.message()));
  } else {
    absl::StatusOr<renda::ServingStatus> status =
        renda::CheckServingStatus(connection.channel(), service, timeout);
    if (!status.ok()) {
      return PlainError(kExitServerError, absl::StrCat(what, ": ",
                                                       absl::StatusCodeToString(status.status().code()), ": ",
                                                       status.status().message()));
    }
    if (*status != renda::ServingStatus::kServing) {
      return PlainError(kExitServerError, absl::StrCat(what, ": ", renda::ServingStatusName(*status)));
    }
  }
  std::printf("%s: SERVING\n", what.c_str());
  return absl::OkStatus();
}

}  // namespace

std::vector<Command> HealthCommands() {
  return {{
      .group = "health",
      .summary = "check a server's grpc.health.v1 status; exit 0 when SERVING, 1 otherwise",
      .flags =
          {
              {.name = "addr", .value_name = "HOST:PORT", .help = "the server to ask", .required = true},
              {.name = "service", .value_name = "NAME",
               .help = "the health service name: \"\" (default) follows Redis, \"liveness\" is the process"},
              {.name = "wait", .value_name = "DURATION",
               .help = "keep asking until SERVING or this long has passed, e.g. 10s"},
          },
      .run = RunHealth,
  }};
}

}  // namespace rendactl
