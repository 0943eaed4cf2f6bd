#pragma once
// The supervision service's storage, in one place: every kind of entity it keeps.

#include "renda/supervision/v1/supervision.pb.h"
#include "services/common/entities.h"
#include "services/common/redis_client.h"
#include "services/common/store.h"

namespace renda::supervision {

class SupervisionStore {
 public:
  explicit SupervisionStore(RedisClient* redis);
  SupervisionStore(const SupervisionStore&) = delete;
  SupervisionStore& operator=(const SupervisionStore&) = delete;

 private:
  EntityStore store_;  // before the kinds, which point at it

 public:
  // The items of the annual supervision plan.
  const Entities<v1::SupervisionItem> items;
};

}  // namespace renda::supervision
