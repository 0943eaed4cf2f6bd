#pragma once
// What the supervision service asks of the other services over gRPC, as itself: the
// representatives service (does a deputy serve, who serves in a congress, who sits on its
// standing committee) and the intake service (do the citizens' opinions named exist). The gRPC
// clients stay in peers.cc, so the cores that ask need no gRPC.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/common/clock.h"
#include "services/common/task.h"
#include "services/supervision/supervision_options.h"

namespace renda::supervision {

// What the representatives service says of one deputy.
struct DeputyFacts {
  std::string name;  // congresses/{c}/deputies/{d}
  bool found = false;
  bool serving = false;
  std::string display_name;
};

class Peers {
 public:
  // `token_key` signs supervision's own tokens.
  Peers(const SupervisionOptions& options, const Clock* clock, std::string token_key);
  ~Peers();
  Peers(const Peers&) = delete;
  Peers& operator=(const Peers&) = delete;

  // What the representatives service says of each deputy named (resource names of `congress`),
  // in order, all asked at once; `found` false for one it does not know. UNAVAILABLE
  // (REPRESENTATIVES_UNAVAILABLE) when it could not answer.
  Task<absl::StatusOr<std::vector<DeputyFacts>>> Deputies(std::string congress, std::vector<std::string> names) const;
  // The names of every deputy serving in `congress` now, in id order (at most 20,000).
  Task<absl::StatusOr<std::vector<std::string>>> ServingDeputies(std::string congress) const;
  // The deputies who are members of the congress's standing committee on `day` (every
  // organization classified STANDING_COMMITTEE), each once, in name order.
  Task<absl::StatusOr<std::vector<std::string>>> StandingCommitteeMembers(std::string congress,
                                                                           absl::CivilDay day) const;
  // Of the opinions named (congresses/{c}/opinions/{o}), those the intake service does not
  // know; UNAVAILABLE (INTAKE_UNAVAILABLE) when it could not answer.
  Task<absl::StatusOr<std::vector<std::string>>> MissingOpinions(std::string congress,
                                                                 std::vector<std::string> names) const;

 private:
  struct Clients;
  std::string Bearer(const std::string& congress) const;

  std::unique_ptr<Clients> clients_;
  const Clock* clock_;
  std::string token_key_;
};

}  // namespace renda::supervision
