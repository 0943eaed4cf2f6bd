#include "services/intake/intake_service.h"

#include <algorithm>
#include <atomic>
#include <memory>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "services/common/errors.h"
#include "services/common/feed.h"
#include "services/common/time_util.h"
#include "services/common/validation.h"
#include "services/intake/consultation_logic.h"
#include "services/intake/disclosure.h"
#include "services/intake/observation_logic.h"

namespace renda::intake {
namespace {

constexpr char kKind[] = "opinion";
constexpr char kLabel[] = "opinion";
constexpr char kCollection[] = "opinions";
const Roles kReaderRoles = {Role::kStaff, Role::kLeader, Role::kAdmin, Role::kService, Role::kHandlingUnit};
const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
const Roles kHandlerRoles = {Role::kHandlingUnit, Role::kStaff, Role::kAdmin};
const Roles kFeedRoles = {Role::kStaff, Role::kAdmin, Role::kService};
constexpr int kMaxNote = 2000;
// How far back the deadline sweep reads the due-day indexes.
constexpr int kSweepLookbackDays = 400;

bool IsStaffCaller(const Caller& c) { return c.Has(Role::kStaff) || c.Has(Role::kAdmin); }

// A handling unit acts only on the cases it has; others' cases look absent to it.
bool UnitMayNotSee(const Caller& c, const Opinion& o) {
  if (!c.Has(Role::kHandlingUnit) || IsStaffCaller(c) || c.Has(Role::kLeader) || c.Has(Role::kService)) return false;
  return c.claims.unit_id.empty() || o.handling_unit() != c.claims.unit_id;
}

std::string IdOf(const std::string& name) { return name.substr(name.rfind('/') + 1); }

// Reads every case named (at most a bounded few), with versions; a missing one is skipped.
void ReadCases(EntityStore* store, const std::string& congress, std::vector<std::string> names,
               Callback<std::vector<std::pair<Opinion, int64_t>>> done) {
  if (names.empty()) return done(std::vector<std::pair<Opinion, int64_t>>{});
  struct State {
    absl::Mutex mu;
    std::vector<std::pair<Opinion, int64_t>> got;
    absl::Status error;
    size_t left = 0;
    Callback<std::vector<std::pair<Opinion, int64_t>>> done;
  };
  auto st = std::make_shared<State>();
  st->left = names.size();
  st->done = std::move(done);
  for (const std::string& name : names) {
    GetVersioned<Opinion>(store, kLabel, kKind, congress, IdOf(name), name,
                          [st](absl::StatusOr<std::pair<Opinion, int64_t>> r) {
                            bool last = false;
                            {
                              absl::MutexLock lock(&st->mu);
                              if (r.ok()) {
                                st->got.push_back(*std::move(r));
                              } else if (r.status().code() != absl::StatusCode::kNotFound && st->error.ok()) {
                                st->error = r.status();
                              }
                              last = --st->left == 0;
                            }
                            if (!last) return;
                            if (!st->error.ok()) return st->done(st->error);
                            st->done(std::move(st->got));
                          });
  }
}

// The writes that make the merged cases follow `next` (their target), from the snapshot read.
std::vector<EntityStore::EntityWrite> FollowerWrites(const std::vector<std::pair<Opinion, int64_t>>& merged,
                                                     const Opinion& next, const std::string& actor,
                                                     const std::string& request_id, absl::Time now) {
  std::vector<EntityStore::EntityWrite> out;
  for (const auto& [m, version] : merged) {
    std::optional<Opinion> followed = FollowMergeTarget(m, next, now);
    if (!followed.has_value()) continue;
    out.push_back(EntityWriteOf(*followed, kKind, IdOf(m.name()), EntityStore::WriteMode::kUpdate, version,
                                OpinionIndexes(*followed), actor, request_id, now));
  }
  return out;
}

// The feed carries every intake entity; each kind is redacted as its own Get would (an event of
// another kind is left to the others).
EventRedactor IntakeEventRedactor() {
  std::vector<EventRedactor> kinds = {RedactEventsWith(&RedactForCaller), RedactEventsWith(&RedactComment),
                                      RedactEventsWith(&RedactApplicationForCaller)};
  return [kinds](renda::type::v1::ChangeEvent& event, const Caller& caller) {
    for (const auto& redact : kinds) redact(event, caller);
  };
}

}  // namespace

const AccessTable& IntakeAccess() {
  static const AccessTable* table = new AccessTable{
      {"SubmitOpinion", kAnyone},
      {"LookupOpinion", kAnyone},
      {"GetOpinion", kReaderRoles},
      {"ListOpinions", kReaderRoles},
      {"ClassifyOpinion", kStaffRoles},
      {"ReviewOpinion", kStaffRoles},
      {"AssignOpinion", kStaffRoles},
      {"StartHandlingOpinion", kHandlerRoles},
      {"ReplyOpinion", kHandlerRoles},
      {"GiveOpinionFeedback", {Role::kCitizen, Role::kStaff, Role::kAdmin}},
      {"MergeOpinion", kStaffRoles},
      {"ListSimilarOpinions", kStaffRoles},
      {"SweepOpinionDeadlines", {Role::kStaff, Role::kAdmin, Role::kService}},
      {"PublishOpinion", kStaffRoles},
      {"ListPublishedOpinions", kSignedIn},
      {"ListChanges", kFeedRoles},
      {"WatchChanges", kFeedRoles},
  };
  return *table;
}

IntakeService::IntakeService(const Runtime& runtime, const IntakeOptions& options)
    : runtime_(runtime),
      options_(options),
      taxonomy_(EmbeddedTaxonomy()),
      calendar_(WorkingCalendar::Default()),
      store_(runtime.redis, "in"),
      limiter_(runtime.redis, "in"),
      runner_("intake", &IntakeAccess(), runtime.auth) {
  // The taxonomy file's deadlines per grade, where it sets them, are the configuration.
  if (taxonomy_.urgent.deadline_working_days > 0) options_.cases.urgent_days = taxonomy_.urgent.deadline_working_days;
  if (taxonomy_.important.deadline_working_days > 0) {
    options_.cases.important_days = taxonomy_.important.deadline_working_days;
  }
  if (taxonomy_.normal.deadline_working_days > 0) options_.cases.normal_days = taxonomy_.normal.deadline_working_days;
  indexer_ = std::make_unique<TextIndexer>(runtime.redis, &store_, options_.congresses, options_.text_index_idle);
  if (options_.sweep_interval > absl::ZeroDuration()) sweeper_ = std::thread([this] { SweepLoop(); });
}

IntakeService::~IntakeService() {
  stop_.Notify();
  if (sweeper_.joinable()) sweeper_.join();
}

void IntakeService::SweepLoop() {
  while (!stop_.WaitForNotificationWithTimeout(options_.sweep_interval)) {
    for (const std::string& congress : options_.congresses) {
      absl::Notification done;
      Sweep(congress, [&done, congress](absl::StatusOr<SweepResult> r) {
        if (!r.ok()) {
          std::cerr << "intake: deadline sweep of " << congress << " failed: " << r.status() << "\n";
        } else if (r->escalated + r->closed_no_response > 0) {
          std::cerr << "intake: deadline sweep of " << congress << ": " << r->escalated << " escalated, "
                    << r->closed_no_response << " closed without feedback\n";
        }
        done.Notify();
      });
      // A sweep of a large backlog may take long; the next one starts only after it.
      while (!done.WaitForNotificationWithTimeout(absl::Seconds(1))) {
        if (stop_.HasBeenNotified()) break;
      }
      if (stop_.HasBeenNotified()) return;
    }
  }
}

void IntakeService::ChangeCase(CaseChange change, const google::protobuf::Message& request, Callback<Opinion> done) {
  const absl::Time now = runtime_.clock->Now();
  auto plan = NewUpdatePlan<Opinion>(
      ChangeSpec(change.congress, kKind, change.id, change.caller.subject(), request, change.request_id, now), kLabel,
      change.name, change.etag);
  auto merged = std::make_shared<std::vector<std::pair<Opinion, int64_t>>>();
  plan->mutate = [caller = change.caller, mutate = change.mutate, name = change.name](
                     const Opinion& current) -> absl::StatusOr<Opinion> {
    if (UnitMayNotSee(caller, current)) return NotFound(kLabel, name);
    return mutate(current);
  };
  plan->indexes = [](const Opinion& next) { return OpinionIndexes(next); };
  plan->also = [merged, actor = change.caller.subject(), request_id = change.request_id, now](
                   const Opinion&, const Opinion& next) {
    return FollowerWrites(*merged, next, actor, request_id, now);
  };
  // The merged cases are read first (a case with merged cases is their target); a merged case
  // changed in between makes the write ABORTED and the plan read again.
  EntityStore* store = &store_;
  GetProto<Opinion>(store, kLabel, kKind, change.congress, change.id, change.name,
                    [store, plan, merged, congress = change.congress, caller = change.caller,
                     done = std::move(done)](absl::StatusOr<Opinion> current) mutable {
                      if (!current.ok()) return done(current.status());
                      if (UnitMayNotSee(caller, *current)) return done(NotFound(kLabel, plan->name));
                      std::vector<std::string> names(current->merged_from().begin(), current->merged_from().end());
                      ReadCases(store, congress, std::move(names),
                                [store, plan, merged, done = std::move(done)](
                                    absl::StatusOr<std::vector<std::pair<Opinion, int64_t>>> got) mutable {
                                  if (!got.ok()) return done(got.status());
                                  *merged = *std::move(got);
                                  UpdateProto<Opinion>(store, plan, std::move(done));
                                });
                    });
}

void IntakeService::ChangeCaseAndAnswer(CaseChange change, const google::protobuf::Message& request, Opinion* out,
                                        Finish finish) {
  const Caller caller = change.caller;
  ChangeCase(std::move(change), request,
             FinishWith<Opinion>(out, std::move(finish), [caller](Opinion& o) { RedactForCaller(o, caller); }));
}

void IntakeService::FindByTrackingCode(const std::string& congress, const std::string& code, Callback<Opinion> done) {
  EntityStore::Query q;
  q.congress = congress;
  q.kind = kKind;
  q.indexes = {TrackingIndex(code)};
  q.page_size = 1;
  store_.List(std::move(q), [done = std::move(done)](absl::StatusOr<EntityStore::Page> page) mutable {
    if (!page.ok()) return done(page.status());
    if (page->data.empty()) {
      return done(MakeError(absl::StatusCode::kNotFound, "TRACKING_CODE_NOT_FOUND",
                            "no case has this tracking code; check the code on your receipt"));
    }
    done(ParseStored<Opinion>(page->data[0]));
  });
}

grpc::ServerUnaryReactor* IntakeService::SubmitOpinion(grpc::CallbackServerContext* ctx,
                                                       const v1::SubmitOpinionRequest* req,
                                                       v1::SubmitOpinionResponse* resp) {
  return runner_.Unary(ctx, "SubmitOpinion", *req, [=, this, client = ClientKeyOf(ctx)](const Caller& caller,
                                                                                        Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ValidateSubmittedOpinion(req->opinion(), v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    LimitAnonymous(&limiter_, caller, client, congress, "opinions", options_.anonymous,
                   [=, this, finish = std::move(finish)](absl::Status allowed) mutable {
                     if (!allowed.ok()) return finish(allowed);
                     const absl::Time now = runtime_.clock->Now();
                     const std::string id = NewTimeOrderedId(now);
                     Opinion opinion = NewOpinion(req->opinion(), ResourceNameOf(congress, kCollection, id), taxonomy_,
                                                  NewTrackingCode(), caller, now);
                     PutSpec spec = CreateSpec(congress, kKind, id, OpinionIndexes(opinion), caller.subject(), *req,
                                               req->request_id(), now);
                     // The submitter sees the stored opinion whole: it carries their tracking code.
                     PutProto<Opinion>(&store_, spec, std::move(opinion),
                                       FinishWith(resp->mutable_opinion(), std::move(finish)));
                   });
  });
}

grpc::ServerUnaryReactor* IntakeService::GetOpinion(grpc::CallbackServerContext* ctx,
                                                    const v1::GetOpinionRequest* req,
                                                    v1::GetOpinionResponse* resp) {
  return runner_.Unary(ctx, "GetOpinion", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kCollection, v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetProto<Opinion>(&store_, kLabel, kKind, name.congress, name.id, req->name(),
                      [=, finish = std::move(finish)](absl::StatusOr<Opinion> o) mutable {
                        if (!o.ok()) return finish(o.status());
                        if (UnitMayNotSee(caller, *o)) return finish(NotFound(kLabel, req->name()));
                        RedactForCaller(*o, caller);
                        *resp->mutable_opinion() = *std::move(o);
                        finish(absl::OkStatus());
                      });
  });
}

grpc::ServerUnaryReactor* IntakeService::ListOpinions(grpc::CallbackServerContext* ctx,
                                                      const v1::ListOpinionsRequest* req,
                                                      v1::ListOpinionsResponse* resp) {
  return runner_.Unary(ctx, "ListOpinions", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ValidateListRequest(*req, v);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    v1::ListOpinionsRequest query = *req;
    if (UnitMayNotSee(caller, Opinion())) {
      // A handling unit lists its own cases only.
      if (caller.claims.unit_id.empty() ||
          (!query.handling_unit().empty() && query.handling_unit() != caller.claims.unit_id)) {
        return finish(MakeError(absl::StatusCode::kPermissionDenied, "OTHER_UNIT",
                                "a handling unit lists only its own cases; leave handling_unit empty or give your own"));
      }
      query.set_handling_unit(caller.claims.unit_id);
    }
    ListSpec spec{congress, kKind, ListIndexes(query), ListScope(query), query.page_token(), query.page_size(),
                  /*descending=*/true};
    std::string until;
    if (query.has_create_time_from()) until = TimeOrderedIdFloor(FromProtoTime(query.create_time_from()));
    if (spec.page_token.empty() && query.has_create_time_to()) {
      // The walk starts before the first id made at create_time_to: a time range over the ids.
      spec.page_token = runtime_.page_tokens->Encode(spec.scope, TimeOrderedIdFloor(FromProtoTime(query.create_time_to())));
    }
    ListProtos<Opinion>(
        &store_, *runtime_.page_tokens, std::move(spec),
        FinishPage<Opinion>(resp->mutable_opinions(), resp->mutable_next_page_token(), std::move(finish),
                            [caller, query](Opinion& o) {
                              if (!MatchesListRequest(o, query)) return false;
                              RedactForCaller(o, caller);
                              return true;
                            }),
        until);
  });
}

grpc::ServerUnaryReactor* IntakeService::LookupOpinion(grpc::CallbackServerContext* ctx,
                                                       const v1::LookupOpinionRequest* req,
                                                       v1::LookupOpinionResponse* resp) {
  return runner_.Unary(ctx, "LookupOpinion", *req, [=, this, client = ClientKeyOf(ctx)](const Caller& caller,
                                                                                        Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    const std::string code = NormalizeTrackingCode(req->tracking_code());
    if (code.empty()) v.Add("tracking_code", "must be the 16-character tracking code given at submission");
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    LimitAnonymous(&limiter_, caller, client, congress, "tracking lookups", options_.anonymous,
                   [=, this, finish = std::move(finish)](absl::Status allowed) mutable {
                     if (!allowed.ok()) return finish(allowed);
                     FindByTrackingCode(congress, code, [=, this, finish = std::move(finish)](
                                                            absl::StatusOr<Opinion> o) mutable {
                       if (!o.ok()) return finish(o.status());
                       *resp->mutable_opinion() = CitizenView(*o);
                       if (o->merged_into().empty()) return finish(absl::OkStatus());
                       GetProto<Opinion>(&store_, kLabel, kKind, congress, IdOf(o->merged_into()), o->merged_into(),
                                         [resp, finish = std::move(finish)](absl::StatusOr<Opinion> target) mutable {
                                           if (!target.ok()) return finish(target.status());
                                           Opinion view = CitizenView(*std::move(target));
                                           view.clear_tracking_code();
                                           *resp->mutable_merged_into() = std::move(view);
                                           finish(absl::OkStatus());
                                         });
                     });
                   });
  });
}

grpc::ServerUnaryReactor* IntakeService::ClassifyOpinion(grpc::CallbackServerContext* ctx,
                                                         const v1::ClassifyOpinionRequest* req,
                                                         v1::ClassifyOpinionResponse* resp) {
  return runner_.Unary(ctx, "ClassifyOpinion", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kCollection, v);
    v.Id("category", req->category(), true)
        .Enum("grade", req->grade(), v1::Grade_descriptor(), true)
        .Text("note", req->note(), kMaxNote, false)
        .RequestId("request_id", req->request_id());
    if (!req->category().empty() &&
        std::none_of(taxonomy_.categories.begin(), taxonomy_.categories.end(),
                     [&](const Category& c) { return c.id == req->category(); })) {
      v.Add("category", absl::StrCat("'", req->category(), "' is not a category of the taxonomy"));
    }
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    CaseChange change{caller, name.congress, name.id, req->name(), req->etag(), req->request_id(),
                      [=, this, now = runtime_.clock->Now()](const Opinion& o) {
                        return ApplyClassify(o, req->category(), req->grade(), req->note(), caller, now, calendar_,
                                             options_.cases);
                      }};
    ChangeCaseAndAnswer(std::move(change), *req, resp->mutable_opinion(), std::move(finish));
  });
}

grpc::ServerUnaryReactor* IntakeService::ReviewOpinion(grpc::CallbackServerContext* ctx,
                                                       const v1::ReviewOpinionRequest* req,
                                                       v1::ReviewOpinionResponse* resp) {
  return runner_.Unary(ctx, "ReviewOpinion", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kCollection, v);
    v.Text("note", req->note(), kMaxNote, !req->accept()).RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    CaseChange change{caller, name.congress, name.id, req->name(), req->etag(), req->request_id(),
                      [=, now = runtime_.clock->Now()](const Opinion& o) {
                        return ApplyReview(o, req->accept(), req->note(), caller, now);
                      }};
    ChangeCaseAndAnswer(std::move(change), *req, resp->mutable_opinion(), std::move(finish));
  });
}

grpc::ServerUnaryReactor* IntakeService::AssignOpinion(grpc::CallbackServerContext* ctx,
                                                       const v1::AssignOpinionRequest* req,
                                                       v1::AssignOpinionResponse* resp) {
  return runner_.Unary(ctx, "AssignOpinion", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kCollection, v);
    v.Id("handling_unit", req->handling_unit(), true)
        .Text("note", req->note(), kMaxNote, false)
        .RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    CaseChange change{caller, name.congress, name.id, req->name(), req->etag(), req->request_id(),
                      [=, this, now = runtime_.clock->Now()](const Opinion& o) {
                        return ApplyAssign(o, req->handling_unit(), req->note(), caller, now, calendar_,
                                           options_.cases);
                      }};
    ChangeCaseAndAnswer(std::move(change), *req, resp->mutable_opinion(), std::move(finish));
  });
}

grpc::ServerUnaryReactor* IntakeService::StartHandlingOpinion(grpc::CallbackServerContext* ctx,
                                                              const v1::StartHandlingOpinionRequest* req,
                                                              v1::StartHandlingOpinionResponse* resp) {
  return runner_.Unary(ctx, "StartHandlingOpinion", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kCollection, v);
    v.Text("note", req->note(), kMaxNote, false).RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    CaseChange change{caller, name.congress, name.id, req->name(), "", req->request_id(),
                      [=, now = runtime_.clock->Now()](const Opinion& o) {
                        return ApplyStartHandling(o, req->note(), caller, now);
                      }};
    ChangeCaseAndAnswer(std::move(change), *req, resp->mutable_opinion(), std::move(finish));
  });
}

grpc::ServerUnaryReactor* IntakeService::ReplyOpinion(grpc::CallbackServerContext* ctx,
                                                      const v1::ReplyOpinionRequest* req,
                                                      v1::ReplyOpinionResponse* resp) {
  return runner_.Unary(ctx, "ReplyOpinion", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kCollection, v);
    v.Text("text", req->text(), 5000, true).RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    CaseChange change{caller, name.congress, name.id, req->name(), "", req->request_id(),
                      [=, this, now = runtime_.clock->Now()](const Opinion& o) {
                        return ApplyReply(o, req->text(), caller, now, options_.cases);
                      }};
    ChangeCaseAndAnswer(std::move(change), *req, resp->mutable_opinion(), std::move(finish));
  });
}

grpc::ServerUnaryReactor* IntakeService::GiveOpinionFeedback(grpc::CallbackServerContext* ctx,
                                                             const v1::GiveOpinionFeedbackRequest* req,
                                                             v1::GiveOpinionFeedbackResponse* resp) {
  return runner_.Unary(ctx, "GiveOpinionFeedback", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    const std::string code = NormalizeTrackingCode(req->tracking_code());
    if (code.empty()) v.Add("tracking_code", "must be the 16-character tracking code given at submission");
    v.Text("note", req->note(), kMaxNote, false).RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    FindByTrackingCode(congress, code, [=, this, finish = std::move(finish)](absl::StatusOr<Opinion> o) mutable {
      if (!o.ok()) return finish(o.status());
      CaseChange change{caller, congress, IdOf(o->name()), o->name(), "", req->request_id(),
                        [=, now = runtime_.clock->Now()](const Opinion& current) {
                          return ApplyFeedback(current, req->satisfied(), req->note(), caller, now);
                        }};
      ChangeCase(std::move(change), *req,
                 FinishWith<Opinion>(resp->mutable_opinion(), std::move(finish),
                                     [](Opinion& o) { o = CitizenView(std::move(o)); }));
    });
  });
}

grpc::ServerUnaryReactor* IntakeService::MergeOpinion(grpc::CallbackServerContext* ctx,
                                                      const v1::MergeOpinionRequest* req,
                                                      v1::MergeOpinionResponse* resp) {
  return runner_.Unary(ctx, "MergeOpinion", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kCollection, v);
    const ResourceName into = ParseResourceName("into", req->into(), kCollection, v);
    v.Text("note", req->note(), kMaxNote, false).RequestId("request_id", req->request_id());
    if (!req->into().empty() && req->into() == req->name()) v.Add("into", "a case cannot be merged into itself");
    if (!into.congress.empty() && into.congress != name.congress) v.Add("into", "must be a case of the same congress");
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    // Both cases change in one atomic step: the target is read first and written guarded by the
    // version read (a target changed in between makes the plan read both again).
    GetVersioned<Opinion>(
        &store_, kLabel, kKind, into.congress, into.id, req->into(),
        [=, this, finish = std::move(finish)](absl::StatusOr<std::pair<Opinion, int64_t>> target) mutable {
          if (!target.ok()) return finish(target.status());
          const absl::Time now = runtime_.clock->Now();
          auto target_next = std::make_shared<Opinion>();
          auto plan = NewUpdatePlan<Opinion>(
              ChangeSpec(name.congress, kKind, name.id, caller.subject(), *req, req->request_id(), now), kLabel,
              req->name());
          plan->attempts = 1;
          plan->mutate = [=, this, t = target->first](const Opinion& current) -> absl::StatusOr<Opinion> {
            auto into_next = ApplyMergeInto(t, current, caller, now, options_.cases);
            if (!into_next.ok()) return into_next.status();
            *target_next = *std::move(into_next);
            return ApplyMergeFrom(current, t, req->note(), caller, now);
          };
          plan->indexes = [](const Opinion& next) { return OpinionIndexes(next); };
          plan->also = [=, version = target->second](const Opinion&, const Opinion&) {
            Opinion t = *target_next;
            return std::vector<EntityStore::EntityWrite>{
                EntityWriteOf(t, kKind, into.id, EntityStore::WriteMode::kUpdate, version, OpinionIndexes(t),
                              caller.subject(), req->request_id(), now)};
          };
          UpdateProto<Opinion>(&store_, plan, [=, finish = std::move(finish)](absl::StatusOr<Opinion> merged) mutable {
            if (!merged.ok()) return finish(merged.status());
            RedactForCaller(*merged, caller);
            *resp->mutable_opinion() = *std::move(merged);
            Opinion t = *target_next;
            if (!t.name().empty()) {
              t.set_etag(std::to_string(target->second + 1));
              RedactForCaller(t, caller);
              *resp->mutable_into() = std::move(t);
            }
            finish(absl::OkStatus());
          });
        });
  });
}

grpc::ServerUnaryReactor* IntakeService::ListSimilarOpinions(grpc::CallbackServerContext* ctx,
                                                             const v1::ListSimilarOpinionsRequest* req,
                                                             v1::ListSimilarOpinionsResponse* resp) {
  return runner_.Unary(ctx, "ListSimilarOpinions", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kCollection, v);
    v.Range("window_days", req->window_days(), 1, 365, true);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetProto<Opinion>(&store_, kLabel, kKind, name.congress, name.id, req->name(),
                      [=, this, finish = std::move(finish)](absl::StatusOr<Opinion> o) mutable {
                        if (!o.ok()) return finish(o.status());
                        const absl::Duration window = absl::Hours(24) * (req->window_days() == 0 ? 30 : req->window_days());
                        const absl::Time at = FromProtoTime(o->create_time());
                        EntityStore::Query q;
                        q.congress = name.congress;
                        q.kind = kKind;
                        q.indexes = {o->category().empty() ? std::string("opinions")
                                                           : absl::StrCat("opinions:category:", o->category())};
                        if (!o->district().empty()) q.indexes.push_back(absl::StrCat("opinions:district:", o->district()));
                        q.after = TimeOrderedIdFloor(at - window);
                        q.until = TimeOrderedIdFloor(at + window + absl::Milliseconds(1));
                        q.page_size = 500;
                        store_.List(std::move(q), [=, self = *o, finish = std::move(finish)](
                                                      absl::StatusOr<EntityStore::Page> page) mutable {
                          if (!page.ok()) return finish(page.status());
                          std::vector<v1::SimilarOpinion> found;
                          const std::string text = SearchableText(self);
                          for (const auto& data : page->data) {
                            auto other = ParseStored<Opinion>(data);
                            if (!other.ok() || other->name() == self.name()) continue;
                            if (other->state() == v1::OPINION_STATE_REJECTED) continue;
                            const double similarity = TextSimilarity(text, SearchableText(*other));
                            if (similarity < 0.5) continue;
                            v1::SimilarOpinion s;
                            RedactForCaller(*other, caller);
                            *s.mutable_opinion() = *std::move(other);
                            s.set_similarity(similarity);
                            found.push_back(std::move(s));
                          }
                          std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
                            return a.similarity() > b.similarity();
                          });
                          if (found.size() > 20) found.resize(20);
                          for (auto& s : found) *resp->add_similar() = std::move(s);
                          finish(absl::OkStatus());
                        });
                      });
  });
}

void IntakeService::Sweep(const std::string& congress, Callback<SweepResult> done) {
  // Walks the cases due by now day by day, page by page, one case at a time; each due change is
  // a versioned write of that case (with its merged cases following), so two sweeps at once
  // (replicas) never apply a step twice.
  struct Run {
    IntakeService* service;
    std::string congress;
    std::vector<std::string> indexes;  // the due days, oldest first
    size_t index = 0;
    std::string after;
    std::vector<Opinion> page;
    size_t at = 0;
    SweepResult result;
    Callback<SweepResult> done;
  };
  auto run = std::make_shared<Run>();
  run->service = this;
  run->congress = congress;
  // Only the cases with something due today or earlier: the due-day indexes of the last
  // kSweepLookbackDays days (a case is referred to a leader within weeks of its deadline, and
  // leaves the index then).
  const absl::CivilDay today = absl::ToCivilDay(runtime_.clock->Now(), ChinaTime());
  for (absl::CivilDay day = today - kSweepLookbackDays; day <= today; ++day) run->indexes.push_back(DueDayIndex(day));
  run->done = std::move(done);
  auto step = std::make_shared<std::function<void()>>();
  std::weak_ptr<std::function<void()>> weak = step;
  *step = [run, weak]() {
    auto self = weak.lock();
    if (!self) return;
    IntakeService* s = run->service;
    if (run->at < run->page.size()) {
      const Opinion o = run->page[run->at++];
      const absl::Time now = s->runtime_.clock->Now();
      if (!ApplySweep(o, now, s->calendar_, s->options_.cases).has_value()) return (*self)();
      Caller system;
      system.anonymous = false;
      system.claims.subject = "system";
      system.claims.roles = Roles{Role::kService};
      const bool closing = o.state() == v1::OPINION_STATE_REPLIED;
      CaseChange change{system, run->congress, IdOf(o.name()), o.name(), "", "",
                        [s, now](const Opinion& current) -> absl::StatusOr<Opinion> {
                          auto next = ApplySweep(current, now, s->calendar_, s->options_.cases);
                          if (!next.has_value()) {
                            return MakeError(absl::StatusCode::kAlreadyExists, "NOTHING_DUE", "nothing due");
                          }
                          return *std::move(next);
                        }};
      v1::SweepOpinionDeadlinesRequest request;
      request.set_parent(CongressName(run->congress));
      s->ChangeCase(std::move(change), request, [run, self, closing](absl::StatusOr<Opinion> r) {
        if (r.ok()) {
          if (closing) {
            ++run->result.closed_no_response;
          } else {
            ++run->result.escalated;
          }
        } else if (r.status().code() == absl::StatusCode::kUnavailable) {
          auto done = std::move(run->done);
          return done(r.status());
        }
        (*self)();
      });
      return;
    }
    if (run->index >= run->indexes.size()) {
      auto done = std::move(run->done);
      return done(run->result);
    }
    EntityStore::Query q;
    q.congress = run->congress;
    q.kind = kKind;
    q.indexes = {run->indexes[run->index]};
    q.after = run->after;
    q.page_size = 200;
    s->store_.List(std::move(q), [run, self](absl::StatusOr<EntityStore::Page> page) {
      if (!page.ok()) {
        auto done = std::move(run->done);
        return done(page.status());
      }
      run->page.clear();
      run->at = 0;
      for (const auto& data : page->data) {
        auto o = ParseStored<Opinion>(data);
        if (o.ok()) run->page.push_back(*std::move(o));
      }
      run->after = page->next_after;
      if (page->next_after.empty()) {
        ++run->index;
        run->after.clear();
      }
      (*self)();
    });
  };
  // The step function stays alive while a pending callback holds it (`self`); it holds itself
  // only weakly, so it goes when the last callback is done.
  (*step)();
}

grpc::ServerUnaryReactor* IntakeService::SweepOpinionDeadlines(grpc::CallbackServerContext* ctx,
                                                               const v1::SweepOpinionDeadlinesRequest* req,
                                                               v1::SweepOpinionDeadlinesResponse* resp) {
  return runner_.Unary(ctx, "SweepOpinionDeadlines", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    Sweep(congress, [resp, finish = std::move(finish)](absl::StatusOr<SweepResult> r) mutable {
      if (!r.ok()) return finish(r.status());
      resp->set_escalated(r->escalated);
      resp->set_closed_no_response(r->closed_no_response);
      finish(absl::OkStatus());
    });
  });
}

grpc::ServerUnaryReactor* IntakeService::PublishOpinion(grpc::CallbackServerContext* ctx,
                                                        const v1::PublishOpinionRequest* req,
                                                        v1::PublishOpinionResponse* resp) {
  return runner_.Unary(ctx, "PublishOpinion", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kCollection, v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    CaseChange change{caller, name.congress, name.id, req->name(), "", req->request_id(),
                      [=, now = runtime_.clock->Now()](const Opinion& o) -> absl::StatusOr<Opinion> {
                        if (auto s = CheckPublishable(o); !s.ok()) return s;
                        Opinion next = o;
                        *next.mutable_publication() = MakePublication(o, now);
                        const MaskContext none;
                        for (const std::string* text : {&next.publication().title(), &next.publication().content(),
                                                        &next.publication().reply()}) {
                          if (ContainsPersonalData(*text, none)) {
                            return absl::InternalError("masking left personal data in the publication; not published");
                          }
                        }
                        Transit(next, next.state(), "publish", caller, now, "");
                        return next;
                      }};
    ChangeCaseAndAnswer(std::move(change), *req, resp->mutable_opinion(), std::move(finish));
  });
}

grpc::ServerUnaryReactor* IntakeService::ListPublishedOpinions(grpc::CallbackServerContext* ctx,
                                                               const v1::ListPublishedOpinionsRequest* req,
                                                               v1::ListPublishedOpinionsResponse* resp) {
  return runner_.Unary(ctx, "ListPublishedOpinions", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    v.PageSize("page_size", req->page_size(), 200).Id("category", req->category(), false);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    const std::string index =
        req->category().empty() ? std::string("published") : absl::StrCat("published:category:", req->category());
    ListSpec spec{congress, kKind, {index}, absl::StrCat("ListPublished|", congress, "|", index), req->page_token(),
                  req->page_size() == 0 ? 20 : req->page_size(), /*descending=*/true};
    ListProtos<Opinion>(&store_, *runtime_.page_tokens, std::move(spec),
                        [resp, finish = std::move(finish)](absl::StatusOr<ProtoPage<Opinion>> page) mutable {
                          if (!page.ok()) return finish(page.status());
                          for (auto& o : page->items) *resp->add_publications() = o.publication();
                          resp->set_next_page_token(page->next_page_token);
                          finish(absl::OkStatus());
                        });
  });
}

grpc::ServerUnaryReactor* IntakeService::ListChanges(grpc::CallbackServerContext* ctx,
                                                     const v1::ListChangesRequest* req,
                                                     v1::ListChangesResponse* resp) {
  return ServeListChanges(runner_, &store_, ctx, req, resp, IntakeEventRedactor());
}

grpc::ServerWriteReactor<v1::WatchChangesResponse>* IntakeService::WatchChanges(
    grpc::CallbackServerContext* ctx, const v1::WatchChangesRequest* req) {
  return ServeWatchChanges<v1::WatchChangesRequest, v1::WatchChangesResponse>(runner_, runtime_, &store_, ctx, req,
                                                                               IntakeEventRedactor());
}

}  // namespace renda::intake
