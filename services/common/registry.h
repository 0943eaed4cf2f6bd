#pragma once
// The registry of congresses and units (kept by the representatives service,
// renda.representatives.v1.RegistryService), as every service asks it: is this congress
// registered, is this unit registered and active, which congresses are there. The
// representatives service answers from its own store (LocalRegistry there); every other service
// asks it over gRPC (RemoteRegistry), with a cache.

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/clock.h"
#include "services/common/task.h"

namespace grpc {
class Channel;
}

namespace renda {

// What the registry knows of one unit.
struct UnitFacts {
  bool registered = false;
  bool active = false;
};

class Registry {
 public:
  virtual ~Registry() = default;

  // OK when `congress` is registered; NOT_FOUND (CONGRESS_NOT_FOUND) with a message saying how a
  // congress is registered otherwise.
  Task<absl::Status> CheckCongress(std::string congress) const;
  // OK when unit `unit_id` is registered in `congress` and active; INVALID_ARGUMENT with a
  // violation of `field` naming the unit otherwise.
  Task<absl::Status> CheckUnit(std::string congress, std::string unit_id, std::string field) const;
  // The ids of every registered congress, in id order.
  virtual Task<absl::StatusOr<std::vector<std::string>>> CongressIds() const = 0;

 protected:
  // Whether `congress` is registered (no cache here; the caller caches).
  virtual Task<absl::StatusOr<bool>> LookupCongress(std::string congress) const = 0;
  virtual Task<absl::StatusOr<UnitFacts>> LookupUnit(std::string congress, std::string unit_id) const = 0;

 private:
  // Registered congresses are never removed: a congress found once is remembered. A congress not
  // found is asked again after kNegativeTtl (so a new one is seen soon, and a stream of made-up
  // names costs one lookup per name and second). Units are remembered for kUnitTtl (one made
  // inactive is refused that much later at most).
  static constexpr absl::Duration kNegativeTtl = absl::Seconds(1);
  static constexpr absl::Duration kUnitTtl = absl::Seconds(5);
  static constexpr size_t kMaxRemembered = 100000;
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_set<std::string> registered_ ABSL_GUARDED_BY(mu_);
  mutable absl::flat_hash_map<std::string, absl::Time> missing_ ABSL_GUARDED_BY(mu_);
  mutable absl::flat_hash_map<std::string, std::pair<UnitFacts, absl::Time>> units_ ABSL_GUARDED_BY(mu_);
};

// The registry of another process, over gRPC (GetCongress, GetUnit, ListCongresses need no
// token).
std::unique_ptr<Registry> MakeRemoteRegistry(std::shared_ptr<grpc::Channel> channel);
std::unique_ptr<Registry> MakeRemoteRegistry(const std::string& address);

// CONGRESS_NOT_FOUND for `congress`.
absl::Status CongressNotFound(absl::string_view congress);

}  // namespace renda
