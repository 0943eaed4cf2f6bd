#pragma once
// The representatives service's storage, in one place: every kind of entity it keeps (key kind,
// collection, label, indexes) and the reads several of its cores share. Nothing outside this
// file and services/common builds keys or holds Lua.

#include <optional>
#include <string>
#include <vector>

#include "renda/representatives/v1/contacts.pb.h"
#include "renda/representatives/v1/duty_record.pb.h"
#include "renda/representatives/v1/evaluation.pb.h"
#include "renda/representatives/v1/organizations.pb.h"
#include "renda/representatives/v1/registry.pb.h"
#include "renda/representatives/v1/representatives.pb.h"
#include "renda/representatives/v1/stations.pb.h"
#include "renda/representatives/v1/work_plan.pb.h"
#include "services/common/entities.h"
#include "services/common/follower.h"
#include "services/common/redis_client.h"
#include "services/common/registry.h"
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
  FeedCursors cursors_;  // the common cursor store (services/common/follower.h)
  EntityStore store_;   // before the kinds, which point at it

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

  // ServingDeputy of every one of `ids`, read all at once, answered in the order of `ids`; the
  // first refusal in that order is the answer when there is one.
  Task<absl::StatusOr<std::vector<Versioned<v1::Deputy>>>> ServingDeputies(std::string congress,
                                                                           std::vector<std::string> ids) const;

  // The confirmed duty record an event of renda gives a deputy (a visit, an attendance, a
  // reception), as the Ensured write that creates it once. `record` has deputy, type, date, title
  // (and detail or attendance as needed); this fills in name (its id is DutyRecordId of the date
  // and `source_id`), source, source id, related resource, state, recorder and times.
  EntityStore::EntityWrite EventDutyRecord(std::string congress, v1::DutyRecord record, std::string source_id,
                                           std::string related_resource, const WriteOrigin& origin) const;

  // ---- Organizations and memberships ----
  const Entities<v1::Organization> organizations;
  const Entities<v1::Membership> memberships;

  // ---- Liaison stations ----
  const Entities<v1::Station> stations;
  const Entities<v1::ReceptionSchedule> reception_schedules;
  const Entities<v1::ReceptionLog> reception_logs;

  // ---- Work plan ----
  const Entities<v1::Activity> activities;

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

  // A deputy's records of one year (at most 2000; RESOURCE_EXHAUSTED TOO_MANY_DUTY_RECORDS beyond).
  Task<absl::StatusOr<std::vector<v1::DutyRecord>>> YearRecords(std::string congress, std::string deputy_id,
                                                                int year) const;
  // A deputy's counted absences (IsCountedAbsence; at most 100).
  Task<absl::StatusOr<std::vector<v1::DutyRecord>>> CountedAbsences(std::string congress,
                                                                    std::string deputy_id) const;
  // A deputy's newest records dated on or before `day`, newest first, at most `count`, and
  // whether older ones follow.
  struct RecentRecords {
    std::vector<v1::DutyRecord> records;
    bool more = false;
  };
  Task<absl::StatusOr<RecentRecords>> RecordsUpTo(std::string congress, std::string deputy_id,
                                                  renda::type::v1::Date day, int count) const;
  // The deputies of one ranking: of `delegation` (when given) and of `term` (when not 0), at most
  // `max` (RESOURCE_EXHAUSTED TOO_MANY_DEPUTIES_TO_RANK beyond).
  Task<absl::StatusOr<std::vector<v1::Deputy>>> DeputiesToRank(std::string congress, std::string delegation,
                                                               int term, int max) const;
  // One page of the serving deputies, in id order (`query` names the walk for its page tokens).
  Task<absl::StatusOr<Page<v1::Deputy>>> ServingDeputiesPage(const PageTokenCodec& tokens, std::string congress,
                                                             std::string query, std::string page_token,
                                                             int page_size) const;

  // Writes `next`, the next version of `from`, and `also` in one step; answers `next` as stored
  // (the first result, for a replayed request id). For changes that read several entities.
  template <class T>
  Task<absl::StatusOr<T>> WriteNext(const Entities<T>& kind, T next, Versioned<T> from, WriteOrigin origin,
                                    std::vector<EntityStore::EntityWrite> also = {}) const {
    std::vector<EntityStore::EntityWrite> writes;
    writes.push_back(kind.Changed(next, from, origin));
    for (auto& w : also) writes.push_back(std::move(w));
    const std::string congress = SplitEntityName(next.name()).congress;
    CO_ASSIGN_OR_RETURN(auto written, co_await CommitWrites(kind.store(), congress, origin, std::move(writes)));
    if (written.replayed) co_return ParseEntity<T>(written.data);
    co_return next;
  }

  // ---- Contacts ----
  const Entities<v1::Leader> leaders;
  const Entities<v1::ContactQuotas> contact_quotas;
  const Entities<v1::ContactAssignment> contact_assignments;
  const Entities<v1::Visit> visits;

  // The quotas in force with their version: the defaults at version 0 while staff never changed them.
  Task<absl::StatusOr<Versioned<v1::ContactQuotas>>> QuotasInForce(std::string congress) const;
  // The index of one leader's assignments, and of one assignment's visits (for lists).
  static std::string LeaderAssignmentsIndex(absl::string_view leader_id);
  static std::string AssignmentVisitsIndex(absl::string_view assignment_id);
  // What the coverage figures count: every leader, serving grassroots deputy and assignment of
  // the congress, at most 5000 of each (RESOURCE_EXHAUSTED TOO_MANY_TO_COUNT beyond).
  Task<absl::StatusOr<std::vector<v1::Leader>>> AllLeaders(std::string congress) const;
  Task<absl::StatusOr<std::vector<v1::Deputy>>> GrassrootsDeputies(std::string congress) const;
  Task<absl::StatusOr<std::vector<v1::ContactAssignment>>> AllAssignments(std::string congress) const;

  // ---- Feed cursors (the intake follower's) ----
  // The last cursor of `source`'s feed applied in `congress` ("" when none).
  Task<absl::StatusOr<std::string>> FeedCursor(std::string congress, std::string source) const;
  // Moves that cursor to `cursor`, forward only (two followers of one feed, or an event seen
  // again, never move it back).
  Task<absl::Status> AdvanceFeedCursor(std::string congress, std::string source, std::string cursor) const;

  // ---- The registry of congresses and units ----
  // Every congress and unit is kept under the tag kRegistryTenant (registry_logic.h).
  const Entities<v1::Congress> congresses;
  const Entities<v1::Unit> units;
};

// The registry as this process's calls are checked against it: read from this store.
std::unique_ptr<Registry> MakeLocalRegistry(RedisClient* redis);

}  // namespace renda::representatives
