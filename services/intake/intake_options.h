#pragma once
// What the intake services need besides the runtime (main.cc sets it from the flags).

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/common/rate_limit.h"
#include "services/intake/case_logic.h"

namespace renda::intake {

struct IntakeOptions {
  // The representatives service (host:port), asked whether co-signers of a bill are serving
  // deputies and which delegation they belong to.
  std::string representatives_addr = "127.0.0.1:50051";
  // What one anonymous client (one IP address) may do in each bucket (opinions, comments, poll
  // responses, tracking lookups, observation applications) per window; signed-in callers are
  // not limited.
  RateLimit anonymous = {30, absl::Minutes(1)};
  // Deadlines, escalation and feedback periods of the opinions' closed loop.
  CasePolicy cases;
  // How often the service sweeps the deadlines of every registered congress by itself (zero:
  // never; the SweepOpinionDeadlines RPC still does it on demand).
  absl::Duration sweep_interval = absl::ZeroDuration();
  // How often the text indexer looks for new opinions when it has caught up.
  absl::Duration text_index_idle = absl::Milliseconds(100);
};

}  // namespace renda::intake
