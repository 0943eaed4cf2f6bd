#include "services/representatives/representatives_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/errors.h"
#include "services/common/time_util.h"
#include "services/representatives/contact_logic.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_records.h"
#include "services/representatives/evaluation_logic.h"
#include "services/representatives/organization_logic.h"
#include "services/representatives/plan_logic.h"
#include "services/representatives/registry_logic.h"
#include "services/representatives/station_logic.h"

namespace renda::representatives {
namespace {
constexpr int kMaxAbsences = 100;  // counted absences of one deputy

EntityKind<v1::DutyRecord> DutyRecordKind() {
  return {kDutyKind, kDutyCollection, "duty record",
          [](const v1::DutyRecord& r) { return DutyRecordIndexes(SplitEntityName(r.name()).congress, r); }};
}
}  // namespace

RepresentativesStore::RepresentativesStore(RedisClient* redis)
    : cursors_(redis, "rep"),
      store_(redis, "rep"),
      deputies(&store_, {kDeputyKind, kDeputyCollection, "deputy", [](const v1::Deputy& d) { return DeputyIndexes(d); }}),
      duty_records(&store_, DutyRecordKind()),
      organizations(&store_, {kOrganizationKind, kOrganizationCollection, "organization",
                              [](const v1::Organization& o) { return OrganizationIndexes(o); }}),
      memberships(&store_, {kMembershipKind, kMembershipCollection, "membership",
                            [](const v1::Membership& m) {
                              return MembershipIndexes(SplitEntityName(m.organization()).id,
                                                       SplitEntityName(m.deputy()).id);
                            }}),
      stations(&store_, {kStationKind, kStationCollection, "station",
                         [](const v1::Station& s) { return StationIndexes(s); }}),
      reception_schedules(&store_, {kScheduleKind, kScheduleCollection, "reception schedule",
                                    [](const v1::ReceptionSchedule& s) {
                                      return ScheduleIndexes(SplitEntityName(s.station()).id);
                                    }}),
      reception_logs(&store_, {kReceptionLogKind, kReceptionLogCollection, "reception log",
                               [](const v1::ReceptionLog& l) {
                                 return ReceptionLogIndexes(SplitEntityName(l.station()).id);
                               }}),
      activities(&store_, {kActivityKind, kActivityCollection, "activity",
                           [](const v1::Activity& a) { return ActivityIndexes(a); }}),
      scoring_rules(&store_, {kRulesKind, kRulesCollection, "scoring rules",
                              [](const v1::ScoringRules&) { return std::vector<std::string>{kRulesIndex}; }}),
      exit_cases(&store_, {kExitCaseKind, kExitCaseCollection, "exit case",
                           [](const v1::ExitCase& c) { return ExitCaseIndexes(c); }}),
      leaders(&store_,
              {kLeaderKind, kLeaderCollection, "leader", [](const v1::Leader& l) { return LeaderIndexes(l); }}),
      contact_quotas(&store_, {kQuotasKind, kQuotasCollection, "contact quotas"}),
      contact_assignments(&store_, {kAssignmentKind, kAssignmentCollection, "contact assignment",
                                    [](const v1::ContactAssignment& a) {
                                      return AssignmentIndexes(a, SplitEntityName(a.leader()).id);
                                    }}),
      visits(&store_, {kVisitKind, kVisitCollection, "visit", [](const v1::Visit& v) {
                         return VisitIndexes(v, SplitEntityName(v.assignment()).id);
                       }}),
      congresses(&store_, {kCongressKind, "congresses", "congress",
                           [](const v1::Congress& c) { return CongressIndexes(c); }, kRegistryTenant}),
      units(&store_, {kUnitKind, kUnitCollection, "unit", [](const v1::Unit& u) { return UnitIndexes(u); },
                      kRegistryTenant}) {}

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

Task<absl::StatusOr<std::vector<Versioned<v1::Deputy>>>> RepresentativesStore::ServingDeputies(
    std::string congress, std::vector<std::string> ids) const {
  std::vector<Task<absl::StatusOr<Versioned<v1::Deputy>>>> reads;
  reads.reserve(ids.size());
  for (const auto& id : ids) reads.push_back(ServingDeputy(congress, id));
  auto read = co_await WhenAll(std::move(reads));
  CO_RETURN_IF_ERROR(FirstError(read));
  std::vector<Versioned<v1::Deputy>> out;
  out.reserve(read.size());
  for (auto& r : read) out.push_back(*std::move(r));
  co_return out;
}

EntityStore::EntityWrite RepresentativesStore::EventDutyRecord(std::string congress, v1::DutyRecord record,
                                                               std::string source_id, std::string related_resource,
                                                               const WriteOrigin& origin) const {
  record.set_name(ResourceNameOf(congress, kDutyCollection, DutyRecordId(record.date(), source_id)));
  record.set_source(v1::DUTY_RECORD_SOURCE_EVENT);
  record.set_source_id(std::move(source_id));
  record.set_related_resource(std::move(related_resource));
  record.set_state(v1::DUTY_RECORD_STATE_CONFIRMED);
  record.set_recorded_by(origin.actor);
  *record.mutable_create_time() = ToProtoTime(origin.now);
  *record.mutable_update_time() = ToProtoTime(origin.now);
  return duty_records.Ensured(record, origin);
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
  CO_ASSIGN_OR_RETURN(auto absences, co_await CountedAbsences(congress, deputy_id));
  absences.push_back(record);
  auto rules = co_await ScoringRules(congress, 0);
  if (!rules.ok() && rules.status().code() != absl::StatusCode::kNotFound) co_return rules.status();
  const v1::ScoringRules* r = rules.ok() ? &*rules : nullptr;
  auto exit_case = MissedSessionsCase(congress, deputy_id, std::move(absences), MissedSessionsLimit(r),
                                      r == nullptr ? 0 : r->version(), nullptr, origin.actor, origin.now);
  if (!exit_case.has_value()) co_return std::optional<EntityStore::EntityWrite>();
  co_return std::optional<EntityStore::EntityWrite>(exit_cases.Ensured(*exit_case, origin));
}

namespace {
constexpr int kMaxYearRecords = 2000;  // records of one deputy in one year

// The id after which a descending walk of a deputy's records starts at `day` (inclusive): ids are
// `yyyymmdd-` and hex digits, all below `yyyymmdd-~`.
std::string DescendingFrom(const renda::type::v1::Date& day) {
  return absl::StrFormat("%04d%02d%02d-~", day.year(), day.month(), day.day());
}
}  // namespace

Task<absl::StatusOr<std::vector<v1::DutyRecord>>> RepresentativesStore::YearRecords(std::string congress,
                                                                                     std::string deputy_id,
                                                                                     int year) const {
  co_return co_await DutyRecordsIn(congress, DeputyYearIndex(deputy_id, year), kMaxYearRecords);
}

Task<absl::StatusOr<std::vector<v1::DutyRecord>>> RepresentativesStore::CountedAbsences(
    std::string congress, std::string deputy_id) const {
  co_return co_await DutyRecordsIn(congress, DeputyAbsencesIndex(deputy_id), kMaxAbsences);
}

Task<absl::StatusOr<RepresentativesStore::RecentRecords>> RepresentativesStore::RecordsUpTo(
    std::string congress, std::string deputy_id, renda::type::v1::Date day, int count) const {
  EntityStore::Query q;
  q.congress = congress;
  q.kind = kDutyKind;
  q.indexes = {DeputyRecordsIndex(deputy_id)};
  q.after = DescendingFrom(day);
  q.descending = true;
  q.page_size = count;
  CO_ASSIGN_OR_RETURN(auto page, co_await Await<absl::StatusOr<EntityStore::Page>>(
                                     [&](Callback<EntityStore::Page> done, const TaskScope* scope) {
                                       duty_records.store()->List(std::move(q), std::move(done),
                                                   scope != nullptr ? scope->deadline : absl::InfiniteFuture());
                                     }));
  RecentRecords out;
  out.more = !page.next_after.empty();
  for (const auto& data : page.data) {
    CO_ASSIGN_OR_RETURN(auto record, ParseEntity<v1::DutyRecord>(data));
    out.records.push_back(std::move(record));
  }
  co_return out;
}

Task<absl::StatusOr<std::vector<v1::Deputy>>> RepresentativesStore::DeputiesToRank(std::string congress,
                                                                                   std::string delegation, int term,
                                                                                   int max) const {
  ListQuery query{.congress = congress, .page_size = max + 1};
  if (!delegation.empty()) query.indexes.push_back(absl::StrCat("deputies:delegation:", delegation));
  if (term != 0) query.indexes.push_back(absl::StrCat("deputies:term:", term));
  auto ranked = co_await deputies.ListAll(std::move(query), static_cast<size_t>(max), "RankDeputies");
  if (!ranked.ok() && ErrorReason(ranked.status()) == "TOO_MANY_TO_READ") {
    co_return MakeError(absl::StatusCode::kResourceExhausted, "TOO_MANY_DEPUTIES_TO_RANK",
                        absl::StrCat("more than ", max, " deputies match; rank one delegation (and term) at a time"));
  }
  co_return ranked;
}

Task<absl::StatusOr<Page<v1::Deputy>>> RepresentativesStore::ServingDeputiesPage(const PageTokenCodec& tokens,
                                                                                 std::string congress,
                                                                                 std::string query,
                                                                                 std::string page_token,
                                                                                 int page_size) const {
  ListQuery serving{.congress = congress,
                    .indexes = {absl::StrCat("deputies:status:", static_cast<int>(v1::DEPUTY_STATUS_SERVING))},
                    .scope = std::move(query),
                    .page_token = std::move(page_token),
                    .page_size = page_size};
  co_return co_await deputies.List(tokens, std::move(serving));
}

// ---- Contacts ----

namespace {
// The most entities a coverage figure reads of one kind (a municipal congress has ~700 deputies).
constexpr size_t kCoverageCap = 5000;

// Every entity of `kind` in all of `indexes`, in pages of 200.
template <class T>
Task<absl::StatusOr<std::vector<T>>> ReadToCount(const Entities<T>& kind, std::string congress,
                                                 std::vector<std::string> indexes) {
  ListQuery query{.congress = congress, .indexes = std::move(indexes), .page_size = 200};
  auto all = co_await kind.ListAll(std::move(query), kCoverageCap, "coverage");
  if (!all.ok() && ErrorReason(all.status()) == "TOO_MANY_TO_READ") {
    co_return MakeError(absl::StatusCode::kResourceExhausted, "TOO_MANY_TO_COUNT",
                        absl::StrCat("more than ", kCoverageCap, " ", kind.kind().kind,
                                     " entities to read; this query is meant for one municipal congress"));
  }
  co_return all;
}
}  // namespace

Task<absl::StatusOr<Versioned<v1::ContactQuotas>>> RepresentativesStore::QuotasInForce(std::string congress) const {
  CO_ASSIGN_OR_RETURN(auto stored, co_await contact_quotas.Find(congress, kQuotasId));
  if (stored.has_value()) co_return *std::move(stored);
  Versioned<v1::ContactQuotas> defaults;
  defaults.entity = DefaultQuotas(congress);
  co_return defaults;
}

std::string RepresentativesStore::LeaderAssignmentsIndex(absl::string_view leader_id) {
  return absl::StrCat("contactAssignments:leader:", leader_id);
}

std::string RepresentativesStore::AssignmentVisitsIndex(absl::string_view assignment_id) {
  return absl::StrCat("visits:assignment:", assignment_id);
}

Task<absl::StatusOr<std::vector<v1::Leader>>> RepresentativesStore::AllLeaders(std::string congress) const {
  std::vector<std::string> indexes = {kLeaderCollection};
  co_return co_await ReadToCount(leaders, congress, std::move(indexes));
}

Task<absl::StatusOr<std::vector<v1::Deputy>>> RepresentativesStore::GrassrootsDeputies(std::string congress) const {
  std::vector<std::string> indexes = {kGrassrootsDeputiesIndex, kServingDeputiesIndex};
  co_return co_await ReadToCount(deputies, congress, std::move(indexes));
}

Task<absl::StatusOr<std::vector<v1::ContactAssignment>>> RepresentativesStore::AllAssignments(
    std::string congress) const {
  std::vector<std::string> indexes = {kAllAssignmentsIndex};
  co_return co_await ReadToCount(contact_assignments, congress, std::move(indexes));
}

// ---- Feed cursors ----

Task<absl::StatusOr<std::string>> RepresentativesStore::FeedCursor(std::string congress, std::string source) const {
  co_return co_await cursors_.Load(std::move(congress), std::move(source));
}

Task<absl::Status> RepresentativesStore::AdvanceFeedCursor(std::string congress, std::string source,
                                                           std::string cursor) const {
  co_return co_await cursors_.Advance(std::move(congress), std::move(source), std::move(cursor));
}

// ---- The registry ----

namespace {
class LocalRegistry final : public Registry {
 public:
  explicit LocalRegistry(RedisClient* redis) : store_(redis) {}

  Task<absl::StatusOr<std::vector<std::string>>> CongressIds() const override {
    ListQuery all{.congress = kRegistryTenant, .indexes = {CongressListIndex("")}};
    CO_ASSIGN_OR_RETURN(auto congresses, co_await store_.congresses.ListAll(std::move(all), 100000, "congresses"));
    std::vector<std::string> ids;
    ids.reserve(congresses.size());
    for (const auto& c : congresses) ids.push_back(SplitEntityName(c.name()).congress);
    co_return ids;
  }

 protected:
  Task<absl::StatusOr<bool>> LookupCongress(std::string congress) const override {
    CO_ASSIGN_OR_RETURN(auto found, co_await store_.congresses.Find(kRegistryTenant, congress));
    co_return found.has_value();
  }
  Task<absl::StatusOr<UnitFacts>> LookupUnit(std::string congress, std::string unit_id) const override {
    CO_ASSIGN_OR_RETURN(auto found, co_await store_.units.Find(kRegistryTenant, UnitKeyId(congress, unit_id)));
    if (!found.has_value()) co_return UnitFacts{};
    co_return UnitFacts{true, found->entity.active()};
  }

 private:
  RepresentativesStore store_;
};
}  // namespace

std::unique_ptr<Registry> MakeLocalRegistry(RedisClient* redis) { return std::make_unique<LocalRegistry>(redis); }

}  // namespace renda::representatives
