#pragma once
// What the representatives service says of the deputies a filing names (whether each serves,
// and in which delegation), asked over gRPC as the intake service itself. The gRPC client stays
// in signer_lookup.cc, so the cores that ask need no gRPC.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/clock.h"
#include "services/common/task.h"
#include "services/intake/proposal_logic.h"

namespace renda::intake {

class SignerLookup {
 public:
  // `address`: the representatives service (host:port); `token_key` signs intake's own tokens.
  SignerLookup(const std::string& address, const Clock* clock, std::string token_key);
  ~SignerLookup();
  SignerLookup(const SignerLookup&) = delete;
  SignerLookup& operator=(const SignerLookup&) = delete;

  // What the representatives service says of each deputy named, in order (`found` false for one
  // it does not know), all asked at once; UNAVAILABLE (REPRESENTATIVES_UNAVAILABLE) when it could
  // not answer for one of them.
  Task<absl::StatusOr<std::vector<SignerStatus>>> LookUp(std::string congress, std::vector<std::string> names) const;

 private:
  struct Client;
  std::unique_ptr<Client> client_;
  const Clock* clock_;
  std::string token_key_;
};

}  // namespace renda::intake
