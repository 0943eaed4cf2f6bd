#include "services/representatives/representatives_store.h"

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_records.h"
#include "services/representatives/evaluation_logic.h"

namespace renda::representatives {
namespace {
constexpr int kMaxAbsences = 100;  // counted absences of one deputy

EntityKind<v1::DutyRecord> DutyRecordKind() {
  return {kDutyKind, kDutyCollection, "duty record",
          [](const v1::DutyRecord& r) { return DutyRecordIndexes(SplitEntityName(r.name()).congress, r); }};
}
}  // namespace

RepresentativesStore::RepresentativesStore(RedisClient* redis)
    : store_(redis, "rep"),
      deputies(&store_, {kDeputyKind, kDeputyCollection, "deputy", [](const v1::Deputy& d) { return DeputyIndexes(d); }}),
      duty_records(&store_, DutyRecordKind()),
      scoring_rules(&store_, {kRulesKind, kRulesCollection, "scoring rules",
                              [](const v1::ScoringRules&) { return std::vector<std::string>{kRulesIndex}; }}),
      exit_cases(&store_, {kExitCaseKind, kExitCaseCollection, "exit case",
                           [](const v1::ExitCase& c) { return ExitCaseIndexes(c); }}) {}

Task<absl::StatusOr<Versioned<v1::Deputy>>> RepresentativesStore::ServingDeputy(std::string congress,
                                                                                 std::string deputy_id) const {
  CO_ASSIGN_OR_RETURN(auto deputy, co_await deputies.Read(congress, deputy_id));
  if (deputy.entity.status() != v1::DEPUTY_STATUS_SERVING) {
    co_return MakeError(absl::StatusCode::kFailedPrecondition, "DEPUTY_NOT_SERVING",
                        absl::StrCat(deputy.entity.display_name(), " (", deputy.entity.name(),
                                     ") is no longer serving (", v1::DeputyStatus_Name(deputy.entity.status()),
                                     ") and cannot be given new duties"));
  }
  co_return deputy;
}

Task<absl::StatusOr<std::vector<v1::DutyRecord>>> RepresentativesStore::DutyRecordsIn(std::string congress,
                                                                                       std::string index,
                                                                                       int max) const {
  ListQuery query{.congress = congress, .indexes = {index}, .page_size = 1000};
  auto records = co_await duty_records.ListAll(std::move(query), static_cast<size_t>(max), "duty records");
  if (!records.ok() && ErrorReason(records.status()) == "TOO_MANY_TO_READ") {
    co_return MakeError(absl::StatusCode::kResourceExhausted, "TOO_MANY_DUTY_RECORDS",
                        absl::StrCat("more than ", max, " duty records to read for one answer"));
  }
  co_return records;
}

Task<absl::StatusOr<v1::ScoringRules>> RepresentativesStore::ScoringRules(std::string congress, int version) const {
  if (version > 0) co_return co_await scoring_rules.Get(congress, RulesId(version));
  ListQuery newest{.congress = congress, .indexes = {kRulesIndex}, .page_size = 1, .descending = true};
  CO_ASSIGN_OR_RETURN(auto latest, co_await scoring_rules.First(std::move(newest)));
  if (latest.empty()) {
    co_return MakeError(absl::StatusCode::kNotFound, "NO_SCORING_RULES",
                        absl::StrCat("congresses/", congress,
                                     " has no scoring rules yet; create them with CreateScoringRules"));
  }
  co_return std::move(latest.front());
}

Task<absl::StatusOr<std::optional<EntityStore::EntityWrite>>> RepresentativesStore::AbsenceCaseWrite(
    std::string congress, v1::DutyRecord record, WriteOrigin origin) const {
  if (!IsCountedAbsence(record)) co_return std::optional<EntityStore::EntityWrite>();
  const std::string deputy_id = DeputyIdOf(congress, record.deputy());
  CO_ASSIGN_OR_RETURN(auto absences, co_await DutyRecordsIn(congress, DeputyAbsencesIndex(deputy_id), kMaxAbsences));
  absences.push_back(record);
  auto rules = co_await ScoringRules(congress, 0);
  if (!rules.ok() && rules.status().code() != absl::StatusCode::kNotFound) co_return rules.status();
  const v1::ScoringRules* r = rules.ok() ? &*rules : nullptr;
  auto exit_case = MissedSessionsCase(congress, deputy_id, std::move(absences), MissedSessionsLimit(r),
                                      r == nullptr ? 0 : r->version(), nullptr, origin.actor, origin.now);
  if (!exit_case.has_value()) co_return std::optional<EntityStore::EntityWrite>();
  co_return std::optional<EntityStore::EntityWrite>(exit_cases.Ensured(*exit_case, origin));
}

}  // namespace renda::representatives
