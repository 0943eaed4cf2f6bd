#include "services/representatives/evaluation_service.h"

#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "services/common/entity_ops.h"
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

// Bounds that keep every call's cost independent of the size of the congress.
constexpr int kMaxYearRecords = 2000;  // records of one deputy in one year
constexpr int kMaxAbsences = 100;      // counted absences of one deputy
constexpr int kMaxRanked = 500;        // deputies in one ranking
constexpr int kInactivityScan = 100;   // newest records looked at for inactivity

// `what` completes "deputies may ...", e.g. "read only their own score".
absl::Status NotYours(absl::string_view what) {
  return MakeError(absl::StatusCode::kPermissionDenied, "NOT_YOUR_EVALUATION", absl::StrCat("deputies may ", what));
}

// Runs `start(i, done_i)` for i in [0, n) at once and calls `done` with every result in order,
// or with the first error, once all have answered.
template <class T>
void Gather(size_t n, std::function<void(size_t, Callback<T>)> start, Callback<std::vector<T>> done) {
  if (n == 0) return done(std::vector<T>{});
  struct State {
    absl::Mutex mu;
    std::vector<std::optional<T>> results;
    size_t left;
    absl::Status error;
    Callback<std::vector<T>> done;
  };
  auto s = std::make_shared<State>();
  s->results.resize(n);
  s->left = n;
  s->done = std::move(done);
  for (size_t i = 0; i < n; ++i) {
    start(i, [s, i](absl::StatusOr<T> r) {
      bool last = false;
      {
        absl::MutexLock lock(&s->mu);
        if (!r.ok()) {
          if (s->error.ok()) s->error = r.status();
        } else {
          s->results[i] = *std::move(r);
        }
        last = --s->left == 0;
      }
      if (!last) return;
      if (!s->error.ok()) return s->done(s->error);
      std::vector<T> out;
      out.reserve(s->results.size());
      for (auto& x : s->results) out.push_back(*std::move(x));
      s->done(std::move(out));
    });
  }
}

Date DateFromTimestamp(const google::protobuf::Timestamp& t) { return DateOf(absl::FromUnixSeconds(t.seconds())); }

// The id after which a descending list of a deputy's records starts at `day` (inclusive): ids
// are `yyyymmdd-` and hex digits, all below `yyyymmdd-~`.
std::string DescendingFrom(const Date& day) {
  return absl::StrFormat("%04d%02d%02d-~", day.year(), day.month(), day.day());
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

void ReadScoringRules(EntityStore* store, absl::string_view congress, int version,
                      Callback<v1::ScoringRules> done) {
  if (version > 0) {
    const std::string id = RulesId(version);
    return GetProto<v1::ScoringRules>(store, "scoring rules", kRulesKind, congress, id,
                                      ResourceNameOf(congress, kRulesCollection, id), std::move(done));
  }
  EntityStore::Query q;
  q.congress = std::string(congress);
  q.indexes = {kRulesIndex};
  q.kind = kRulesKind;
  q.page_size = 1;
  q.descending = true;
  store->List(std::move(q), [congress = std::string(congress), done = std::move(done)](
                                absl::StatusOr<EntityStore::Page> page) mutable {
    if (!page.ok()) return done(page.status());
    if (page->data.empty()) {
      return done(MakeError(absl::StatusCode::kNotFound, "NO_SCORING_RULES",
                            absl::StrCat("congresses/", congress,
                                         " has no scoring rules yet; create them with CreateScoringRules")));
    }
    done(ParseStored<v1::ScoringRules>(page->data.front()));
  });
}

void AbsenceCaseWrite(EntityStore* store, absl::string_view congress, const v1::DutyRecord& record,
                      absl::string_view actor, absl::string_view request_id, absl::Time now,
                      Callback<std::optional<EntityStore::EntityWrite>> done) {
  if (!IsCountedAbsence(record)) return done(std::optional<EntityStore::EntityWrite>());
  const std::string deputy_id = DeputyIdOf(congress, record.deputy());
  ReadDutyRecords(
      store, congress, DeputyAbsencesIndex(deputy_id), kMaxAbsences,
      [=, congress = std::string(congress), actor = std::string(actor), request_id = std::string(request_id),
       done = std::move(done)](absl::StatusOr<std::vector<v1::DutyRecord>> absences) mutable {
        if (!absences.ok()) return done(absences.status());
        absences->push_back(record);
        ReadScoringRules(
            store, congress, 0,
            [=, absences = *std::move(absences), done = std::move(done)](
                absl::StatusOr<v1::ScoringRules> rules) mutable {
              if (!rules.ok() && rules.status().code() != absl::StatusCode::kNotFound) return done(rules.status());
              const v1::ScoringRules* r = rules.ok() ? &*rules : nullptr;
              auto c = MissedSessionsCase(congress, deputy_id, std::move(absences), MissedSessionsLimit(r),
                                          r == nullptr ? 0 : r->version(), nullptr, actor, now);
              if (!c.has_value()) return done(std::optional<EntityStore::EntityWrite>());
              const std::string id = ExitCaseId(deputy_id, c->ground(), c->year());
              done(std::optional<EntityStore::EntityWrite>(
                  EntityWriteOf(*c, kExitCaseKind, id, EntityStore::WriteMode::kEnsure, 0, ExitCaseIndexes(*c), actor,
                                request_id, now)));
            });
      });
}

EvaluationService::EvaluationService(const Runtime& runtime)
    : runtime_(runtime), store_(runtime.redis, "rep"), runner_("evaluation", &EvaluationAccess(), runtime.auth) {}

// ---- Scoring rules ----

namespace {
void CreateRulesVersion(EntityStore* store, std::shared_ptr<PutSpec> spec, std::shared_ptr<v1::ScoringRules> input,
                        int attempts_left, Callback<v1::ScoringRules> done) {
  ReadScoringRules(store, spec->congress, 0,
                   [=, done = std::move(done)](absl::StatusOr<v1::ScoringRules> latest) mutable {
                     if (!latest.ok() && latest.status().code() != absl::StatusCode::kNotFound) {
                       return done(latest.status());
                     }
                     const int version = latest.ok() ? latest->version() + 1 : 1;
                     PutSpec s = *spec;
                     s.id = RulesId(version);
                     v1::ScoringRules rules = NewScoringRules(*input, s.congress, version, s.actor, s.now);
                     PutProto<v1::ScoringRules>(
                         store, s, std::move(rules),
                         [=, done = std::move(done)](absl::StatusOr<v1::ScoringRules> r) mutable {
                           if (r.ok() || r.status().code() != absl::StatusCode::kAlreadyExists) return done(std::move(r));
                           if (attempts_left > 1) {
                             return CreateRulesVersion(store, spec, input, attempts_left - 1, std::move(done));
                           }
                           done(MakeError(absl::StatusCode::kAborted, "RULES_VERSION_RACE",
                                          "other scoring rules versions were created at the same time; retry"));
                         });
                   });
}
}  // namespace

grpc::ServerUnaryReactor* EvaluationService::CreateScoringRules(grpc::CallbackServerContext* ctx,
                                                                const v1::CreateScoringRulesRequest* req,
                                                                v1::CreateScoringRulesResponse* resp) {
  return runner_.Unary(ctx, "CreateScoringRules", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ValidateScoringRules(req->scoring_rules(), v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    auto spec = std::make_shared<PutSpec>(
        CreateSpec(congress, kRulesKind, "", {kRulesIndex}, caller.subject(), *req, RequestIdOf(ctx, *req), now));
    auto input = std::make_shared<v1::ScoringRules>(req->scoring_rules());
    CreateRulesVersion(&store_, spec, input, 3, FinishWith(resp->mutable_scoring_rules(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* EvaluationService::GetScoringRules(grpc::CallbackServerContext* ctx,
                                                             const v1::GetScoringRulesRequest* req,
                                                             v1::GetScoringRulesResponse* resp) {
  return runner_.Unary(ctx, "GetScoringRules", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    v.Range("version", req->version(), 1, 999999, true);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    ReadScoringRules(&store_, congress, req->version(), FinishWith(resp->mutable_scoring_rules(), std::move(finish)));
  });
}

// ---- Scores and rankings ----

grpc::ServerUnaryReactor* EvaluationService::GetDeputyScore(grpc::CallbackServerContext* ctx,
                                                            const v1::GetDeputyScoreRequest* req,
                                                            v1::GetDeputyScoreResponse* resp) {
  return runner_.Unary(ctx, "GetDeputyScore", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName deputy = ParseResourceName("deputy", req->deputy(), kDeputyCollection, v);
    v.Range("year", req->year(), 1900, 2200, false).Range("rules_version", req->rules_version(), 1, 999999, true);
    if (auto s = CheckRequest(v, caller, deputy.congress); !s.ok()) return finish(s);
    if (!MaySeeDeputy(caller, deputy.id)) return finish(NotYours("read only their own score"));
    ReadScoringRules(
        &store_, deputy.congress, req->rules_version(),
        [=, this, finish = std::move(finish)](absl::StatusOr<v1::ScoringRules> rules) mutable {
          if (!rules.ok()) return finish(rules.status());
          ReadDutyRecords(
              &store_, deputy.congress, DeputyYearIndex(deputy.id, req->year()), kMaxYearRecords,
              [=, this, rules = *std::move(rules), finish = std::move(finish)](
                  absl::StatusOr<std::vector<v1::DutyRecord>> records) mutable {
                if (!records.ok()) return finish(records.status());
                *resp->mutable_score() = ScoreDeputy(rules, req->deputy(), req->year(), *records);
                if (!records->empty()) return finish(absl::OkStatus());
                // No record at all: tell a misspelled deputy from one without records.
                store_.Get(deputy.congress, kDeputyKind, deputy.id,
                           [=, finish = std::move(finish)](
                               absl::StatusOr<std::optional<EntityStore::Stored>> got) mutable {
                             if (!got.ok()) return finish(got.status());
                             if (!got->has_value()) return finish(NotFound("deputy", req->deputy()));
                             finish(absl::OkStatus());
                           });
              });
        });
  });
}

grpc::ServerUnaryReactor* EvaluationService::RankDeputies(grpc::CallbackServerContext* ctx,
                                                          const v1::RankDeputiesRequest* req,
                                                          v1::RankDeputiesResponse* resp) {
  return runner_.Unary(ctx, "RankDeputies", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    v.Range("year", req->year(), 1900, 2200, false)
        .Id("delegation", req->delegation(), false)
        .Range("term", req->term(), 1, 99, true)
        .Range("rules_version", req->rules_version(), 1, 999999, true);
    if (req->delegation().empty() && req->term() == 0) {
      v.Add("delegation", "give a delegation or a term (or both): a ranking covers at most 500 deputies");
    }
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    ReadScoringRules(
        &store_, congress, req->rules_version(),
        [=, this, finish = std::move(finish)](absl::StatusOr<v1::ScoringRules> rules) mutable {
          if (!rules.ok()) return finish(rules.status());
          EntityStore::Query q;
          q.congress = congress;
          q.kind = kDeputyKind;
          if (!req->delegation().empty()) q.indexes.push_back(absl::StrCat("deputies:delegation:", req->delegation()));
          if (req->term() != 0) q.indexes.push_back(absl::StrCat("deputies:term:", req->term()));
          q.page_size = kMaxRanked;
          auto shared_rules = std::make_shared<v1::ScoringRules>(*std::move(rules));
          store_.List(std::move(q), [=, this, finish = std::move(finish)](
                                        absl::StatusOr<EntityStore::Page> page) mutable {
            if (!page.ok()) return finish(page.status());
            if (!page->next_after.empty()) {
              return finish(MakeError(absl::StatusCode::kResourceExhausted, "TOO_MANY_DEPUTIES_TO_RANK",
                                      absl::StrCat("more than ", kMaxRanked,
                                                   " deputies match; rank one delegation (and term) at a time")));
            }
            auto deputies = std::make_shared<std::vector<v1::Deputy>>();
            for (const auto& data : page->data) {
              auto d = ParseStored<v1::Deputy>(data);
              if (!d.ok()) return finish(d.status());
              deputies->push_back(*std::move(d));
            }
            Gather<int>(
                deputies->size(),
                [=, this](size_t i, Callback<int> one) {
                  const std::string id = DeputyIdOf(congress, (*deputies)[i].name());
                  ReadDutyRecords(&store_, congress, DeputyYearIndex(id, req->year()), kMaxYearRecords,
                                  [=, one = std::move(one)](absl::StatusOr<std::vector<v1::DutyRecord>> r) mutable {
                                    if (!r.ok()) return one(r.status());
                                    one(ScoreDeputy(*shared_rules, (*deputies)[i].name(), req->year(), *r).total());
                                  });
                },
                [=, finish = std::move(finish)](absl::StatusOr<std::vector<int>> scores) mutable {
                  if (!scores.ok()) return finish(scores.status());
                  std::vector<v1::RankedDeputy> ranked;
                  for (size_t i = 0; i < deputies->size(); ++i) {
                    v1::RankedDeputy r;
                    r.set_deputy((*deputies)[i].name());
                    r.set_display_name((*deputies)[i].display_name());
                    r.set_status((*deputies)[i].status());
                    r.set_score((*scores)[i]);
                    ranked.push_back(std::move(r));
                  }
                  resp->set_rules_version(shared_rules->version());
                  for (auto& r : RankByScore(std::move(ranked))) *resp->add_deputies() = std::move(r);
                  finish(absl::OkStatus());
                });
          });
        });
  });
}

// ---- Exit rules ----

grpc::ServerUnaryReactor* EvaluationService::EvaluateExitRules(grpc::CallbackServerContext* ctx,
                                                               const v1::EvaluateExitRulesRequest* req,
                                                               v1::EvaluateExitRulesResponse* resp) {
  return runner_.Unary(ctx, "EvaluateExitRules", *req, [=, this](const Caller& caller, Finish finish) {
    const absl::Time now = runtime_.clock->Now();
    const Date today = DateOf(now);
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    v.Range("year", req->year(), 1900, 2200, false)
        .Range("rules_version", req->rules_version(), 1, 999999, true)
        .PageSize("page_size", req->page_size(), 50);
    Date as_of;
    if (ValidateDate(req->as_of(), "as_of", false, v)) {
      as_of = req->as_of();
      if (DateBefore(today, as_of)) v.Add("as_of", absl::StrCat("is after today (", DateText(today), ")"));
    } else if (req->year() >= 1900 && req->year() <= 2200) {
      as_of.set_year(req->year());
      as_of.set_month(12);
      as_of.set_day(31);
      if (DateBefore(today, as_of)) as_of = today;
    }
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    const std::string actor = caller.subject();
    ReadScoringRules(
        &store_, congress, req->rules_version(),
        [=, this, finish = std::move(finish)](absl::StatusOr<v1::ScoringRules> got_rules) mutable {
          if (!got_rules.ok()) return finish(got_rules.status());
          auto rules = std::make_shared<v1::ScoringRules>(*std::move(got_rules));
          ListSpec spec{congress,
                        kDeputyKind,
                        {absl::StrCat("deputies:status:", static_cast<int>(v1::DEPUTY_STATUS_SERVING))},
                        absl::StrCat("EvaluateExitRules|", req->parent(), "|", req->year(), "|", DateText(as_of), "|",
                                     req->rules_version()),
                        req->page_token(),
                        req->page_size() == 0 ? 20 : req->page_size(),
                        false};
          ListProtos<v1::Deputy>(
              &store_, *runtime_.page_tokens, std::move(spec),
              [=, this, finish = std::move(finish)](absl::StatusOr<ProtoPage<v1::Deputy>> page) mutable {
                if (!page.ok()) return finish(page.status());
                auto deputies = std::make_shared<std::vector<v1::Deputy>>(std::move(page->items));
                const std::string next_page_token = page->next_page_token;
                using Cases = std::vector<v1::ExitCase>;
                Gather<Cases>(
                    deputies->size(),
                    [=, this](size_t i, Callback<Cases> one) {
                      // Per deputy: the year's records (score), the counted absences, and the
                      // newest records before as_of (inactivity): three bounded reads.
                      const v1::Deputy& d = (*deputies)[i];
                      const std::string id = DeputyIdOf(congress, d.name());
                      ReadDutyRecords(
                          &store_, congress, DeputyYearIndex(id, req->year()), kMaxYearRecords,
                          [=, this, one = std::move(one)](absl::StatusOr<std::vector<v1::DutyRecord>> year) mutable {
                            if (!year.ok()) return one(year.status());
                            auto cases = std::make_shared<Cases>();
                            auto low = LowScoreCase(congress, id, ScoreDeputy(*rules, d.name(), req->year(), *year),
                                                    *rules, actor, now);
                            if (low) cases->push_back(*std::move(low));
                            ReadDutyRecords(
                                &store_, congress, DeputyAbsencesIndex(id), kMaxAbsences,
                                [=, this, one = std::move(one)](
                                    absl::StatusOr<std::vector<v1::DutyRecord>> absences) mutable {
                                  if (!absences.ok()) return one(absences.status());
                                  auto missed =
                                      MissedSessionsCase(congress, id, *std::move(absences),
                                                         MissedSessionsLimit(rules.get()), rules->version(), &as_of,
                                                         actor, now);
                                  if (missed) cases->push_back(*std::move(missed));
                                  if (rules->exit_thresholds().inactive_months() <= 0) return one(*cases);
                                  EntityStore::Query q;
                                  q.congress = congress;
                                  q.kind = kDutyKind;
                                  q.indexes = {DeputyRecordsIndex(id)};
                                  q.after = DescendingFrom(as_of);
                                  q.descending = true;
                                  q.page_size = kInactivityScan;
                                  store_.List(std::move(q), [=, one = std::move(one)](
                                                                absl::StatusOr<EntityStore::Page> recent) mutable {
                                    if (!recent.ok()) return one(recent.status());
                                    const Date start = MonthsBefore(as_of, rules->exit_thresholds().inactive_months());
                                    // A full page of unconfirmed records inside the window
                                    // counts as activity (the deputy is reporting).
                                    bool active = !recent->next_after.empty();
                                    for (const auto& data : recent->data) {
                                      auto r = ParseStored<v1::DutyRecord>(data);
                                      if (!r.ok()) return one(r.status());
                                      if (!DateBefore(start, r->date())) {
                                        active = false;
                                        break;
                                      }
                                      if (r->state() == v1::DUTY_RECORD_STATE_CONFIRMED) {
                                        active = true;
                                        break;
                                      }
                                    }
                                    auto idle = InactivityCase(congress, id, DateFromTimestamp(d.create_time()), as_of,
                                                               active, *rules, actor, now);
                                    if (idle) cases->push_back(*std::move(idle));
                                    one(*cases);
                                  });
                                });
                          });
                    },
                    [=, this, finish = std::move(finish)](absl::StatusOr<std::vector<Cases>> found) mutable {
                      if (!found.ok()) return finish(found.status());
                      resp->set_deputies_checked(static_cast<int32_t>(deputies->size()));
                      resp->set_next_page_token(next_page_token);
                      auto all = std::make_shared<Cases>();
                      EntityStore::Write w;
                      w.congress = congress;
                      for (auto& cases : *found) {
                        for (auto& c : cases) {
                          Validator ignored;
                          const std::string id = ParseResourceName("", c.name(), kExitCaseCollection, ignored).id;
                          w.entities.push_back(EntityWriteOf(c, kExitCaseKind, id, EntityStore::WriteMode::kEnsure,
                                                             0, ExitCaseIndexes(c), actor, "", now));
                          all->push_back(std::move(c));
                        }
                      }
                      if (w.entities.empty()) return finish(absl::OkStatus());
                      w.caller = actor;
                      store_.Put(std::move(w), [=, finish = std::move(finish)](
                                                   absl::StatusOr<EntityStore::Written> written) mutable {
                        if (!written.ok()) return finish(written.status());
                        for (size_t i = 0; i < all->size() && i < written->applied.size(); ++i) {
                          if (written->applied[i]) *resp->add_opened() = (*all)[i];
                        }
                        finish(absl::OkStatus());
                      });
                    });
              });
        });
  });
}

// ---- Exit cases ----

grpc::ServerUnaryReactor* EvaluationService::GetExitCase(grpc::CallbackServerContext* ctx,
                                                         const v1::GetExitCaseRequest* req,
                                                         v1::GetExitCaseResponse* resp) {
  return runner_.Unary(ctx, "GetExitCase", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kExitCaseCollection, v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetDeputyOwned<v1::ExitCase>(&store_, "exit case", kExitCaseKind, name, req->name(), caller,
                                 NotYours("read only their own exit cases"),
                                 FinishWith(resp->mutable_exit_case(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* EvaluationService::ListExitCases(grpc::CallbackServerContext* ctx,
                                                           const v1::ListExitCasesRequest* req,
                                                           v1::ListExitCasesResponse* resp) {
  return runner_.Unary(ctx, "ListExitCases", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    const std::string deputy_id = ParseDeputyFilter(req->deputy(), congress, v);
    v.Enum("state", req->state(), v1::ExitCaseState_descriptor(), false).PageSize("page_size", req->page_size(), 200);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    if (!MaySeeDeputy(caller, deputy_id)) {
      return finish(NotYours("list only their own exit cases (set deputy to yourself)"));
    }
    ListSpec spec{congress,
                  kExitCaseKind,
                  ExitCaseListIndexes(deputy_id, req->state()),
                  absl::StrCat("ListExitCases|", req->parent(), "|", req->deputy(), "|", static_cast<int>(req->state())),
                  req->page_token(),
                  req->page_size(),
                  false};
    ListProtos<v1::ExitCase>(&store_, *runtime_.page_tokens, std::move(spec),
                      FinishPage(resp->mutable_exit_cases(), resp->mutable_next_page_token(), std::move(finish)));
  });
}

namespace {
// A step of an exit case through the update kit: read, apply `step`, write under the version.
std::shared_ptr<UpdatePlan<v1::ExitCase>> CasePlan(const ResourceName& name, const std::string& full_name,
                                                   const Caller& caller, const google::protobuf::Message& req,
                                                   std::string request_id, std::string etag, absl::Time now) {
  auto plan = NewUpdatePlan<v1::ExitCase>(
      ChangeSpec(name.congress, kExitCaseKind, name.id, caller.subject(), req, std::move(request_id), now),
      "exit case", full_name, std::move(etag));
  plan->indexes = [](const v1::ExitCase& next) { return ExitCaseIndexes(next); };
  return plan;
}
}  // namespace

grpc::ServerUnaryReactor* EvaluationService::NotifyDeputy(grpc::CallbackServerContext* ctx,
                                                          const v1::NotifyDeputyRequest* req,
                                                          v1::NotifyDeputyResponse* resp) {
  return runner_.Unary(ctx, "NotifyDeputy", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kExitCaseCollection, v);
    v.Text("note", req->note(), 2000, true).RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    auto plan = CasePlan(name, req->name(), caller, *req, RequestIdOf(ctx, *req), req->etag(), now);
    plan->mutate = [req, actor = caller.subject(), now](const v1::ExitCase& cur) {
      return NotifyCase(cur, req->note(), actor, now);
    };
    UpdateProto<v1::ExitCase>(&store_, std::move(plan), FinishWith(resp->mutable_exit_case(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* EvaluationService::RecordStatement(grpc::CallbackServerContext* ctx,
                                                             const v1::RecordStatementRequest* req,
                                                             v1::RecordStatementResponse* resp) {
  return runner_.Unary(ctx, "RecordStatement", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kExitCaseCollection, v);
    v.Text("statement", req->statement(), 4000, true).RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    auto plan = CasePlan(name, req->name(), caller, *req, RequestIdOf(ctx, *req), req->etag(), now);
    plan->mutate = [req, caller, congress = name.congress, now](const v1::ExitCase& cur) -> absl::StatusOr<v1::ExitCase> {
      if (!IsDutyStaff(caller) && !MaySeeDeputy(caller, DeputyIdOf(congress, cur.deputy()))) {
        return NotYours("answer only their own exit cases");
      }
      return RecordCaseStatement(cur, req->statement(), caller.subject(), now);
    };
    UpdateProto<v1::ExitCase>(&store_, std::move(plan), FinishWith(resp->mutable_exit_case(), std::move(finish)));
  });
}

namespace {
struct Decision {
  EntityStore* store;
  ResourceName name;
  std::string full_name;
  v1::ExitDecision decision;
  std::string note;
  std::string etag;
  std::string actor;
  std::string request_id;
  std::string fingerprint;
  absl::Time now;
};

// Reads the case (and, for TERMINATED, the deputy), decides, and writes both in one step under
// both versions; someone else's write in between makes it read again (a few times) unless the
// caller gave an etag.
void Decide(std::shared_ptr<Decision> d, int attempts_left, Callback<v1::ExitCase> done) {
  GetVersioned<v1::ExitCase>(
      d->store, "exit case", kExitCaseKind, d->name.congress, d->name.id, d->full_name,
      [d, attempts_left, done = std::move(done)](absl::StatusOr<std::pair<v1::ExitCase, int64_t>> got) mutable {
        if (!got.ok()) return done(got.status());
        auto& [current, version] = *got;
        if (!d->etag.empty() && d->etag != std::to_string(version)) {
          return done(MakeError(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                                absl::StrCat(d->full_name, " was changed since you read it (etag ", d->etag, ", now ",
                                             version, "); read it again and retry")));
        }
        auto next = DecideCase(current, d->decision, d->note, d->actor, d->now);
        if (!next.ok()) return done(next.status());
        auto write = [d, attempts_left, version = version](v1::ExitCase decided,
                                                           std::vector<EntityStore::EntityWrite> also,
                                                           Callback<v1::ExitCase> done) {
          PutSpec spec{d->name.congress, kExitCaseKind, d->name.id, false, version, ExitCaseIndexes(decided),
                       renda::type::v1::CHANGE_TYPE_UPDATED, d->actor, d->request_id, d->fingerprint, d->now,
                       std::move(also)};
          PutProto<v1::ExitCase>(d->store, spec, std::move(decided),
                                 [d, attempts_left, done = std::move(done)](absl::StatusOr<v1::ExitCase> r) mutable {
                                   if (!r.ok() && r.status().code() == absl::StatusCode::kAborted &&
                                       d->etag.empty() && attempts_left > 1) {
                                     return Decide(d, attempts_left - 1, std::move(done));
                                   }
                                   done(std::move(r));
                                 });
        };
        if (d->decision != v1::EXIT_DECISION_TERMINATED) return write(*std::move(next), {}, std::move(done));
        const std::string deputy_id = DeputyIdOf(d->name.congress, current.deputy());
        GetVersioned<v1::Deputy>(
            d->store, "deputy", kDeputyKind, d->name.congress, deputy_id, current.deputy(),
            [d, deputy_id, write, decided = *std::move(next), done = std::move(done)](
                absl::StatusOr<std::pair<v1::Deputy, int64_t>> deputy) mutable {
              if (!deputy.ok()) return done(deputy.status());
              auto terminated = TerminateDeputy(deputy->first, d->full_name, d->note, d->actor, d->now);
              if (!terminated.ok()) return done(terminated.status());
              std::vector<EntityStore::EntityWrite> also;
              also.push_back(EntityWriteOf(*terminated, kDeputyKind, deputy_id, EntityStore::WriteMode::kUpdate,
                                           deputy->second, DeputyIndexes(*terminated), d->actor, d->request_id,
                                           d->now));
              write(std::move(decided), std::move(also), std::move(done));
            });
      });
}
}  // namespace

grpc::ServerUnaryReactor* EvaluationService::DecideExitCase(grpc::CallbackServerContext* ctx,
                                                            const v1::DecideExitCaseRequest* req,
                                                            v1::DecideExitCaseResponse* resp) {
  return runner_.Unary(ctx, "DecideExitCase", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kExitCaseCollection, v);
    v.Enum("decision", req->decision(), v1::ExitDecision_descriptor(), true)
        .Text("note", req->note(), 2000, true)
        .RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    auto d = std::make_shared<Decision>(Decision{&store_, name, req->name(), req->decision(), req->note(), req->etag(),
                                                 caller.subject(), RequestIdOf(ctx, *req), Fingerprint(*req),
                                                 runtime_.clock->Now()});
    Decide(std::move(d), 3, FinishWith(resp->mutable_exit_case(), std::move(finish)));
  });
}

// ---- Annual duty report ----

grpc::ServerUnaryReactor* EvaluationService::GetAnnualDutyReport(grpc::CallbackServerContext* ctx,
                                                                 const v1::GetAnnualDutyReportRequest* req,
                                                                 v1::GetAnnualDutyReportResponse* resp) {
  return runner_.Unary(ctx, "GetAnnualDutyReport", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName deputy = ParseResourceName("deputy", req->deputy(), kDeputyCollection, v);
    v.Range("year", req->year(), 1900, 2200, false).Range("rules_version", req->rules_version(), 1, 999999, true);
    if (auto s = CheckRequest(v, caller, deputy.congress); !s.ok()) return finish(s);
    if (!MaySeeDeputy(caller, deputy.id)) return finish(NotYours("read only their own annual duty report"));
    GetProto<v1::Deputy>(
        &store_, "deputy", kDeputyKind, deputy.congress, deputy.id, req->deputy(),
        [=, this, finish = std::move(finish)](absl::StatusOr<v1::Deputy> profile) mutable {
          if (!profile.ok()) return finish(profile.status());
          // The report is public material: the profile as anyone may see it.
          RedactForCaller(*profile, Caller{});
          ReadDutyRecords(
              &store_, deputy.congress, DeputyYearIndex(deputy.id, req->year()), kMaxYearRecords,
              [=, this, profile = *std::move(profile), finish = std::move(finish)](
                  absl::StatusOr<std::vector<v1::DutyRecord>> records) mutable {
                if (!records.ok()) return finish(records.status());
                ReadScoringRules(
                    &store_, deputy.congress, req->rules_version(),
                    [=, records = *std::move(records), finish = std::move(finish)](
                        absl::StatusOr<v1::ScoringRules> rules) mutable {
                      // No rules yet: the report goes out without a score. A version asked for
                      // by number must exist.
                      if (!rules.ok() && (req->rules_version() != 0 || rules.status().code() != absl::StatusCode::kNotFound)) {
                        return finish(rules.status());
                      }
                      std::optional<v1::DeputyScore> score;
                      if (rules.ok()) score = ScoreDeputy(*rules, req->deputy(), req->year(), records);
                      *resp->mutable_report() =
                          BuildAnnualReport(profile, req->year(), records, score ? &*score : nullptr);
                      finish(absl::OkStatus());
                    });
              });
        });
  });
}

}  // namespace renda::representatives
