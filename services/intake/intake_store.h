#pragma once
// The intake service's storage, in one place: every kind of entity it keeps (key kind,
// collection, label, indexes), the Lua it needs, and the reads several of its cores share.
// Nothing outside this file and services/common builds keys or holds Lua.

#include <optional>
#include <string>
#include <vector>

#include "services/common/entities.h"
#include "services/common/redis_client.h"
#include "services/common/store.h"
#include "services/common/task.h"

namespace renda::intake {

class IntakeStore {
 public:
  explicit IntakeStore(RedisClient* redis);
  IntakeStore(const IntakeStore&) = delete;
  IntakeStore& operator=(const IntakeStore&) = delete;

  EntityStore* raw() { return &store_; }
  RedisClient* redis() const { return redis_; }

 private:
  RedisClient* redis_;
  EntityStore store_;  // before the kinds, which point at it

 public:
  // ---- Opinions (IntakeService, the text indexer, the deadline sweep) ----

  // ---- Consultations (ConsultationService) ----

  // ---- Proposals (ProposalService) ----

  // ---- Polls (PollService) ----

  // ---- Observation (ObservationService) ----
};

}  // namespace renda::intake
