#pragma once
// What the supervision services need besides the runtime (main.cc sets it from the flags).

#include <string>

#include "absl/time/time.h"

namespace renda::supervision {

struct SupervisionOptions {
  // The representatives service (host:port): whether a deputy serves, who serves in a congress,
  // who sits on its standing committee.
  std::string representatives_addr = "127.0.0.1:50051";
  // The intake service (host:port): whether the citizens' opinions a problem or a candidate
  // project links exist.
  std::string intake_addr = "127.0.0.1:50052";
  // How often the service sweeps the deadlines of every registered congress by itself (overdue
  // problems and reports; zero: never, the sweep RPC still does it on demand).
  absl::Duration sweep_interval = absl::ZeroDuration();
  // How satisfaction votes are decided (recorded on each vote when it opens): a vote passes when
  // the satisfied ballots (and the basically satisfied ones, with
  // satisfaction_counts_basically) are more than satisfaction_pass_percent percent of all
  // members of its electorate (of the ballots cast, with satisfaction_of_votes_cast).
  int satisfaction_pass_percent = 50;
  bool satisfaction_counts_basically = true;
  bool satisfaction_of_votes_cast = false;
};

}  // namespace renda::supervision
