#include "services/intake/intake_store.h"

namespace renda::intake {

// ---- Opinions ----

// ---- Consultations ----

// ---- Proposals ----

// ---- Polls ----

// ---- Observation ----

IntakeStore::IntakeStore(RedisClient* redis) : redis_(redis), store_(redis, "in") {}

}  // namespace renda::intake
