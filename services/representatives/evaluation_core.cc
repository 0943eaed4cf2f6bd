#include "services/representatives/evaluation_core.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/names.h"
#include "services/common/validation.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_logic.h"
#include "services/representatives/duty_records.h"
#include "services/representatives/evaluation_logic.h"
#include "services/representatives/service_support.h"

namespace renda::representatives {
namespace {

using renda::type::v1::Date;

const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
const Roles kReaders = {Role::kStaff, Role::kAdmin, Role::kLeader, Role::kService, Role::kDeputy};
const Roles kCaseReaders = {Role::kStaff, Role::kAdmin, Role::kLeader, Role::kDeputy};

// Bounds that keep every call's cost independent of the size of the congress (the store bounds
// the records of one deputy in one year and the counted absences).
constexpr int kMaxRanked = 500;       // deputies in one ranking
constexpr int kInactivityScan = 100;  // newest records looked at for inactivity

// `what` completes "deputies may ...", e.g. "read only their own score".
absl::Status NotYours(absl::string_view what) {
  return MakeError(absl::StatusCode::kPermissionDenied, "NOT_YOUR_EVALUATION", absl::StrCat("deputies may ", what));
}

Date DateFromTimestamp(const google::protobuf::Timestamp& t) { return DateOf(absl::FromUnixSeconds(t.seconds())); }

// The day EvaluateExitRules judges at: `as_of` when given (not after today), else the last day
// of the year (or today, while the year runs).
Date AsOfDay(const v1::EvaluateExitRulesRequest& req, const Date& today, Validator& v) {
  Date as_of;
  if (ValidateDate(req.as_of(), "as_of", false, v)) {
    as_of = req.as_of();
    if (DateBefore(today, as_of)) v.Add("as_of", absl::StrCat("is after today (", DateText(today), ")"));
  } else if (req.year() >= 1900 && req.year() <= 2200) {
    as_of.set_year(req.year());
    as_of.set_month(12);
    as_of.set_day(31);
    if (DateBefore(today, as_of)) as_of = today;
  }
  return as_of;
}

// Whether a deputy was active after `start`, from its newest records up to the day judged: a
// confirmed record after `start` before any at or before it. A full scan of unconfirmed records
// inside the window counts as activity (the deputy is reporting).
bool ActiveSince(const RepresentativesStore::RecentRecords& recent, const Date& start) {
  for (const auto& r : recent.records) {
    if (!DateBefore(start, r.date())) return false;
    if (r.state() == v1::DUTY_RECORD_STATE_CONFIRMED) return true;
  }
  return recent.more;
}

absl::Status CheckEtag(const std::string& want, int64_t version, const std::string& name) {
  if (want.empty() || want == std::to_string(version)) return absl::OkStatus();
  return MakeError(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                   absl::StrCat(name, " was changed since you read it (etag ", want, ", now ", version,
                                "); read it again and retry"));
}

// Rules version after the latest (1 for the first), created. A version created meanwhile takes
// the number: ABORTED, so the caller reads again.
Task<absl::StatusOr<v1::ScoringRules>> CreateNextVersion(const RepresentativesStore* store, std::string congress,
                                                         v1::ScoringRules input, WriteOrigin origin) {
  auto latest = co_await store->ScoringRules(congress, 0);
  if (!latest.ok() && latest.status().code() != absl::StatusCode::kNotFound) co_return latest.status();
  const int version = latest.ok() ? latest->version() + 1 : 1;
  auto created =
      co_await store->scoring_rules.Create(NewScoringRules(input, congress, version, origin.actor, origin.now), origin);
  if (created.status().code() == absl::StatusCode::kAlreadyExists) {
    co_return MakeError(absl::StatusCode::kAborted, "RULES_VERSION_RACE",
                        "other scoring rules versions were created at the same time; retry");
  }
  co_return created;
}

// The total score of one deputy (a resource name) in `year`.
Task<absl::StatusOr<int>> TotalScore(const RepresentativesStore* store, const v1::ScoringRules* rules,
                                     std::string congress, std::string deputy, int year) {
  CO_ASSIGN_OR_RETURN(auto records, co_await store->YearRecords(congress, DeputyIdOf(congress, deputy), year));
  co_return ScoreDeputy(*rules, deputy, year, records).total();
}

// What one pass of the exit rules judges by.
struct ExitCheck {
  const RepresentativesStore* store;
  std::string congress;
  const v1::ScoringRules* rules;
  int year;
  Date as_of;
  std::string actor;
  absl::Time now;
};

// The cases one deputy's records call for: a low score in the year, missed sessions by as_of,
// and (when the rules say) no confirmed record in the months before as_of. Three bounded reads.
Task<absl::StatusOr<std::vector<v1::ExitCase>>> CasesFor(ExitCheck c, v1::Deputy deputy) {
  const std::string id = DeputyIdOf(c.congress, deputy.name());
  std::vector<v1::ExitCase> cases;
  CO_ASSIGN_OR_RETURN(auto year, co_await c.store->YearRecords(c.congress, id, c.year));
  const v1::DeputyScore score = ScoreDeputy(*c.rules, deputy.name(), c.year, year);
  if (auto low = LowScoreCase(c.congress, id, score, *c.rules, c.actor, c.now)) cases.push_back(*std::move(low));

  CO_ASSIGN_OR_RETURN(auto absences, co_await c.store->CountedAbsences(c.congress, id));
  if (auto missed = MissedSessionsCase(c.congress, id, std::move(absences), MissedSessionsLimit(c.rules),
                                       c.rules->version(), &c.as_of, c.actor, c.now)) {
    cases.push_back(*std::move(missed));
  }

  const int months = c.rules->exit_thresholds().inactive_months();
  if (months <= 0) co_return cases;
  CO_ASSIGN_OR_RETURN(auto recent, co_await c.store->RecordsUpTo(c.congress, id, c.as_of, kInactivityScan));
  const bool active = ActiveSince(recent, MonthsBefore(c.as_of, months));
  if (auto idle = InactivityCase(c.congress, id, DateFromTimestamp(deputy.create_time()), c.as_of, active, *c.rules,
                                 c.actor, c.now)) {
    cases.push_back(*std::move(idle));
  }
  co_return cases;
}

// Writes the cases not yet open (each case once, whoever finds it first) in one step; answers
// those this write opened.
Task<absl::StatusOr<std::vector<v1::ExitCase>>> OpenCases(const RepresentativesStore* store, std::string congress,
                                                          std::vector<v1::ExitCase> cases, WriteOrigin origin) {
  if (cases.empty()) co_return cases;
  std::vector<EntityStore::EntityWrite> writes;
  for (auto& c : cases) writes.push_back(store->exit_cases.Ensured(c, origin));
  CO_ASSIGN_OR_RETURN(auto written,
                      co_await CommitWrites(store->exit_cases.store(), congress, origin, std::move(writes)));
  std::vector<v1::ExitCase> opened;
  for (size_t i = 0; i < cases.size() && i < written.applied.size(); ++i) {
    if (written.applied[i]) opened.push_back(std::move(cases[i]));
  }
  co_return opened;
}

// Decides the case (for TERMINATED, ends the deputy's term in the same step, under both
// versions).
Task<absl::StatusOr<v1::ExitCase>> DecideOnce(const RepresentativesStore* store, const ResourceName& name,
                                              const v1::DecideExitCaseRequest& req, const WriteOrigin& origin) {
  CO_ASSIGN_OR_RETURN(auto current, co_await store->exit_cases.Read(name.congress, name.id));
  CO_RETURN_IF_ERROR(CheckEtag(req.etag(), current.version, req.name()));
  CO_ASSIGN_OR_RETURN(auto decided, DecideCase(current.entity, req.decision(), req.note(), origin.actor, origin.now));
  std::vector<EntityStore::EntityWrite> also;
  if (req.decision() == v1::EXIT_DECISION_TERMINATED) {
    const std::string deputy_id = DeputyIdOf(name.congress, current.entity.deputy());
    CO_ASSIGN_OR_RETURN(auto deputy, co_await store->deputies.Read(name.congress, deputy_id));
    CO_ASSIGN_OR_RETURN(auto terminated,
                        TerminateDeputy(deputy.entity, req.name(), req.note(), origin.actor, origin.now));
    also.push_back(store->deputies.Changed(terminated, deputy, origin));
  }
  co_return co_await store->WriteNext(store->exit_cases, std::move(decided), std::move(current), origin,
                                      std::move(also));
}

}  // namespace

const AccessTable& EvaluationAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateScoringRules", kStaffRoles},
      {"GetScoringRules", kSignedIn},
      {"GetDeputyScore", kReaders},
      {"RankDeputies", {Role::kStaff, Role::kAdmin, Role::kLeader, Role::kService}},
      {"EvaluateExitRules", kStaffRoles},
      {"GetExitCase", kCaseReaders},
      {"ListExitCases", kCaseReaders},
      {"NotifyDeputy", kStaffRoles},
      {"RecordStatement", {Role::kStaff, Role::kAdmin, Role::kDeputy}},
      {"DecideExitCase", kStaffRoles},
      {"GetAnnualDutyReport", kReaders},
  };
  return *table;
}

// ---- Scoring rules ----

Task<absl::StatusOr<v1::CreateScoringRulesResponse>> EvaluationCore::CreateScoringRules(
    const Caller& caller, const v1::CreateScoringRulesRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateScoringRules(req.scoring_rules(), v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const WriteOrigin origin = OriginOf(caller, req, runtime_.clock->Now());
  auto create = [&]() { return CreateNextVersion(store_, congress, req.scoring_rules(), origin); };
  v1::CreateScoringRulesResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_scoring_rules(), co_await RetryOnConflict(3, create));
  co_return resp;
}

Task<absl::StatusOr<v1::GetScoringRulesResponse>> EvaluationCore::GetScoringRules(
    const Caller& caller, const v1::GetScoringRulesRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.Range("version", req.version(), 1, 999999, true);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  v1::GetScoringRulesResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_scoring_rules(), co_await store_->ScoringRules(congress, req.version()));
  co_return resp;
}

// ---- Scores and rankings ----

Task<absl::StatusOr<v1::GetDeputyScoreResponse>> EvaluationCore::GetDeputyScore(const Caller& caller,
                                                                                const v1::GetDeputyScoreRequest& req) {
  Validator v;
  const ResourceName deputy = ParseResourceName("deputy", req.deputy(), kDeputyCollection, v);
  v.Range("year", req.year(), 1900, 2200, false).Range("rules_version", req.rules_version(), 1, 999999, true);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, deputy.congress));
  if (!MaySeeDeputy(caller, deputy.id)) co_return NotYours("read only their own score");
  CO_ASSIGN_OR_RETURN(auto rules, co_await store_->ScoringRules(deputy.congress, req.rules_version()));
  CO_ASSIGN_OR_RETURN(auto records, co_await store_->YearRecords(deputy.congress, deputy.id, req.year()));
  if (records.empty()) {
    // No record at all: tell a misspelled deputy from one without records.
    CO_ASSIGN_OR_RETURN(auto found, co_await store_->deputies.Find(deputy.congress, deputy.id));
    if (!found.has_value()) co_return NotFound("deputy", req.deputy());
  }
  v1::GetDeputyScoreResponse resp;
  *resp.mutable_score() = ScoreDeputy(rules, req.deputy(), req.year(), records);
  co_return resp;
}

Task<absl::StatusOr<v1::RankDeputiesResponse>> EvaluationCore::RankDeputies(const Caller& caller,
                                                                            const v1::RankDeputiesRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.Range("year", req.year(), 1900, 2200, false)
      .Id("delegation", req.delegation(), false)
      .Range("term", req.term(), 1, 99, true)
      .Range("rules_version", req.rules_version(), 1, 999999, true);
  if (req.delegation().empty() && req.term() == 0) {
    v.Add("delegation", "give a delegation or a term (or both): a ranking covers at most 500 deputies");
  }
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  CO_ASSIGN_OR_RETURN(auto rules, co_await store_->ScoringRules(congress, req.rules_version()));
  CO_ASSIGN_OR_RETURN(auto deputies,
                      co_await store_->DeputiesToRank(congress, req.delegation(), req.term(), kMaxRanked));

  std::vector<Task<absl::StatusOr<int>>> scoring;
  for (const auto& d : deputies) scoring.push_back(TotalScore(store_, &rules, congress, d.name(), req.year()));
  auto scores = co_await WhenAll(std::move(scoring));
  CO_RETURN_IF_ERROR(FirstError(scores));

  std::vector<v1::RankedDeputy> ranked;
  for (size_t i = 0; i < deputies.size(); ++i) {
    v1::RankedDeputy r;
    r.set_deputy(deputies[i].name());
    r.set_display_name(deputies[i].display_name());
    r.set_status(deputies[i].status());
    r.set_score(*scores[i]);
    ranked.push_back(std::move(r));
  }
  v1::RankDeputiesResponse resp;
  resp.set_rules_version(rules.version());
  for (auto& r : RankByScore(std::move(ranked))) *resp.add_deputies() = std::move(r);
  co_return resp;
}

// ---- Exit rules ----

Task<absl::StatusOr<v1::EvaluateExitRulesResponse>> EvaluationCore::EvaluateExitRules(
    const Caller& caller, const v1::EvaluateExitRulesRequest& req) {
  const absl::Time now = runtime_.clock->Now();
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.Range("year", req.year(), 1900, 2200, false)
      .Range("rules_version", req.rules_version(), 1, 999999, true)
      .PageSize("page_size", req.page_size(), 50);
  const Date as_of = AsOfDay(req, DateOf(now), v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));

  CO_ASSIGN_OR_RETURN(auto rules, co_await store_->ScoringRules(congress, req.rules_version()));
  const std::string query =
      absl::StrCat("EvaluateExitRules|", req.parent(), "|", req.year(), "|", DateText(as_of), "|", req.rules_version());
  const int page_size = req.page_size() == 0 ? 20 : req.page_size();
  CO_ASSIGN_OR_RETURN(auto page, co_await store_->ServingDeputiesPage(*runtime_.page_tokens, congress, query,
                                                                      req.page_token(), page_size));

  // Every deputy of the page at once.
  const ExitCheck check{store_, congress, &rules, req.year(), as_of, caller.subject(), now};
  std::vector<Task<absl::StatusOr<std::vector<v1::ExitCase>>>> checks;
  for (const auto& deputy : page.items) checks.push_back(CasesFor(check, deputy));
  auto found = co_await WhenAll(std::move(checks));
  CO_RETURN_IF_ERROR(FirstError(found));
  std::vector<v1::ExitCase> cases;
  for (auto& of_deputy : found) {
    for (auto& c : *of_deputy) cases.push_back(std::move(c));
  }

  const WriteOrigin origin{caller.subject(), "", "", now};
  CO_ASSIGN_OR_RETURN(auto opened, co_await OpenCases(store_, congress, std::move(cases), origin));
  v1::EvaluateExitRulesResponse resp;
  resp.set_deputies_checked(static_cast<int32_t>(page.items.size()));
  resp.set_next_page_token(page.next_page_token);
  for (auto& c : opened) *resp.add_opened() = std::move(c);
  co_return resp;
}

// ---- Exit cases ----

Task<absl::StatusOr<v1::GetExitCaseResponse>> EvaluationCore::GetExitCase(const Caller& caller,
                                                                          const v1::GetExitCaseRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kExitCaseCollection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  CO_ASSIGN_OR_RETURN(auto exit_case, co_await store_->exit_cases.Get(name.congress, name.id));
  if (!MaySeeDeputy(caller, DeputyIdOf(name.congress, exit_case.deputy()))) {
    co_return NotYours("read only their own exit cases");
  }
  v1::GetExitCaseResponse resp;
  *resp.mutable_exit_case() = std::move(exit_case);
  co_return resp;
}

Task<absl::StatusOr<v1::ListExitCasesResponse>> EvaluationCore::ListExitCases(const Caller& caller,
                                                                              const v1::ListExitCasesRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  const std::string deputy_id = ParseDeputyFilter(req.deputy(), congress, v);
  v.Enum("state", req.state(), v1::ExitCaseState_descriptor(), false).PageSize("page_size", req.page_size(), 200);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  if (!MaySeeDeputy(caller, deputy_id)) co_return NotYours("list only their own exit cases (set deputy to yourself)");
  ListQuery query{
      .congress = congress,
      .indexes = ExitCaseListIndexes(deputy_id, req.state()),
      .scope = absl::StrCat("ListExitCases|", req.parent(), "|", req.deputy(), "|", static_cast<int>(req.state())),
      .page_token = req.page_token(),
      .page_size = req.page_size()};
  co_return co_await store_->exit_cases.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListExitCasesResponse::mutable_exit_cases);
}

Task<absl::StatusOr<v1::NotifyDeputyResponse>> EvaluationCore::NotifyDeputy(const Caller& caller,
                                                                            const v1::NotifyDeputyRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kExitCaseCollection, v);
  v.Text("note", req.note(), 2000, true).RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  v1::NotifyDeputyResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_exit_case(),
                      co_await store_->exit_cases.Update(
                          name.congress, name.id, req.etag(), OriginOf(caller, req, now),
                          [&](const v1::ExitCase& cur) { return NotifyCase(cur, req.note(), caller.subject(), now); }));
  co_return resp;
}

Task<absl::StatusOr<v1::RecordStatementResponse>> EvaluationCore::RecordStatement(
    const Caller& caller, const v1::RecordStatementRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kExitCaseCollection, v);
  v.Text("statement", req.statement(), 4000, true).RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  auto answer = [&](const v1::ExitCase& cur) -> absl::StatusOr<v1::ExitCase> {
    if (!IsDutyStaff(caller) && !MaySeeDeputy(caller, DeputyIdOf(name.congress, cur.deputy()))) {
      return NotYours("answer only their own exit cases");
    }
    return RecordCaseStatement(cur, req.statement(), caller.subject(), now);
  };
  v1::RecordStatementResponse resp;
  CO_ASSIGN_OR_RETURN(
      *resp.mutable_exit_case(),
      co_await store_->exit_cases.Update(name.congress, name.id, req.etag(), OriginOf(caller, req, now), answer));
  co_return resp;
}

Task<absl::StatusOr<v1::DecideExitCaseResponse>> EvaluationCore::DecideExitCase(const Caller& caller,
                                                                                const v1::DecideExitCaseRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kExitCaseCollection, v);
  v.Enum("decision", req.decision(), v1::ExitDecision_descriptor(), true)
      .Text("note", req.note(), 2000, true)
      .RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const WriteOrigin origin = OriginOf(caller, req, runtime_.clock->Now());
  // Someone else's write in between makes it read again, unless the caller named the version.
  auto decide = [&]() { return DecideOnce(store_, name, req, origin); };
  v1::DecideExitCaseResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_exit_case(), co_await RetryOnConflict(req.etag().empty() ? 3 : 1, decide));
  co_return resp;
}

// ---- Annual duty report ----

Task<absl::StatusOr<v1::GetAnnualDutyReportResponse>> EvaluationCore::GetAnnualDutyReport(
    const Caller& caller, const v1::GetAnnualDutyReportRequest& req) {
  Validator v;
  const ResourceName deputy = ParseResourceName("deputy", req.deputy(), kDeputyCollection, v);
  v.Range("year", req.year(), 1900, 2200, false).Range("rules_version", req.rules_version(), 1, 999999, true);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, deputy.congress));
  if (!MaySeeDeputy(caller, deputy.id)) co_return NotYours("read only their own annual duty report");
  CO_ASSIGN_OR_RETURN(auto profile, co_await store_->deputies.Get(deputy.congress, deputy.id));
  // The report is public material: the profile as anyone may see it.
  RedactForCaller(profile, Caller{});
  CO_ASSIGN_OR_RETURN(auto records, co_await store_->YearRecords(deputy.congress, deputy.id, req.year()));
  // No rules yet: the report goes out without a score. A version asked for by number must exist.
  auto rules = co_await store_->ScoringRules(deputy.congress, req.rules_version());
  if (!rules.ok() && (req.rules_version() != 0 || rules.status().code() != absl::StatusCode::kNotFound)) {
    co_return rules.status();
  }
  std::optional<v1::DeputyScore> score;
  if (rules.ok()) score = ScoreDeputy(*rules, req.deputy(), req.year(), records);
  v1::GetAnnualDutyReportResponse resp;
  *resp.mutable_report() = BuildAnnualReport(profile, req.year(), records, score ? &*score : nullptr);
  co_return resp;
}

}  // namespace renda::representatives
