#pragma once
// The representatives service's storage, in one place: every kind of entity it keeps (key kind,
// collection, label, indexes) and the reads several of its cores share. Nothing outside this
// file and services/common builds keys or holds Lua.

#include <optional>
#include <string>
#include <vector>

#include "renda/representatives/v1/duty_record.pb.h"
#include "renda/representatives/v1/evaluation.pb.h"
#include "renda/representatives/v1/representatives.pb.h"
#include "services/common/entities.h"
#include "services/common/redis_client.h"
#include "services/common/store.h"
#include "services/common/task.h"

namespace renda::representatives {

class RepresentativesStore {
 public:
  explicit RepresentativesStore(RedisClient* redis);
  RepresentativesStore(const RepresentativesStore&) = delete;
  RepresentativesStore& operator=(const RepresentativesStore&) = delete;

  EntityStore* raw() { return &store_; }

 private:
  EntityStore store_;  // before the kinds, which point at it

 public:
  // ---- Deputies and their duty records ----
  const Entities<v1::Deputy> deputies;
  const Entities<v1::DutyRecord> duty_records;

  // The deputy, checked to be serving, with its version (for a Checked entry in the write that
  // gives it the duty, so a status change in between refuses the write). NOT_FOUND
  // (DEPUTY_NOT_FOUND) when absent, FAILED_PRECONDITION (DEPUTY_NOT_SERVING) when resigned,
  // removed, terminated or deceased.
  Task<absl::StatusOr<Versioned<v1::Deputy>>> ServingDeputy(std::string congress, std::string deputy_id) const;

  // Every record of one duty index (e.g. DeputyYearIndex) in id (date) order, in pages of 1000.
  // RESOURCE_EXHAUSTED (TOO_MANY_DUTY_RECORDS) when the index holds more than `max` records.
  Task<absl::StatusOr<std::vector<v1::DutyRecord>>> DutyRecordsIn(std::string congress, std::string index,
                                                                  int max) const;

  // ---- Evaluation ----
  const Entities<v1::ScoringRules> scoring_rules;
  const Entities<v1::ExitCase> exit_cases;

  // Rules version `version` of `congress`, or the latest when 0. NOT_FOUND:
  // SCORING_RULES_NOT_FOUND for a missing version, NO_SCORING_RULES when none exist.
  Task<absl::StatusOr<v1::ScoringRules>> ScoringRules(std::string congress, int version) const;

  // When `record` (as it is about to be stored) is a confirmed session absence without approval:
  // the Ensured write of the TWO_SESSIONS_MISSED_WITHOUT_APPROVAL exit case it completes, if it
  // does (reading the deputy's other counted absences and the latest rules); std::nullopt
  // otherwise, without reading anything for other records.
  Task<absl::StatusOr<std::optional<EntityStore::EntityWrite>>> AbsenceCaseWrite(std::string congress,
                                                                                v1::DutyRecord record,
                                                                                WriteOrigin origin) const;
};

}  // namespace renda::representatives
