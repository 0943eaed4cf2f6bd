#include "services/intake/consultation_service.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "services/common/entity_ops.h"
#include "services/common/names.h"
#include "services/common/text_index.h"
#include "services/common/validation.h"

namespace renda::intake {
namespace {

const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
// Everyone but other services: anonymous citizens too (rate limited).
const Roles kCommenterRoles = {Role::kAnonymous, Role::kCitizen, Role::kDeputy, Role::kHandlingUnit,
                               Role::kStaff,     Role::kLeader,  Role::kAdmin};
// Writes that lost a race with a change of the consultation try this many times in all.
constexpr int kRaceAttempts = 3;
constexpr size_t kMaxIdChars = 50;

// KEYS: index keys. Returns the size of each.
const RedisScript kCountScript(R"lua(
local out = {}
for i, k in ipairs(KEYS) do out[i] = redis.call('ZCARD', k) end
return out
)lua");

bool LostRace(const absl::Status& s) { return s.code() == absl::StatusCode::kAborted; }

// Finishes with a replayed first result, when `first` holds one; returns whether it did. The
// commenter's own data goes back to them when `keep_commenter` (AddComment answers so).
bool FinishReplay(const std::optional<std::string>& first, ConsultationComment* out, Finish& finish,
                  const Caller& caller, bool keep_commenter) {
  if (!first.has_value()) return false;
  auto entity = ParseStored<ConsultationComment>(*first);
  if (!entity.ok()) {
    finish(entity.status());
    return true;
  }
  const v1::Commenter commenter = entity->commenter();
  RedactComment(*entity, caller);
  if (keep_commenter && commenter.ByteSizeLong() > 0) *entity->mutable_commenter() = commenter;
  *out = *std::move(entity);
  finish(absl::OkStatus());
  return true;
}

// The plan of a change to a consultation named `name` (mutate is set by the caller).
std::shared_ptr<UpdatePlan<Consultation>> ConsultationPlan(const ResourceName& name, const std::string& full_name,
                                                           const Caller& caller, const google::protobuf::Message& req,
                                                           const std::string& request_id, const std::string& etag,
                                                           absl::Time now) {
  auto plan = NewUpdatePlan<Consultation>(
      ChangeSpec(name.congress, kConsultationKind, name.id, caller.subject(), req, request_id, now), "consultation",
      full_name, etag);
  plan->indexes = [](const Consultation& next) { return ConsultationIndexes(next); };
  return plan;
}

// Checks the name, etag and request id of a request about one consultation.
ResourceName CheckConsultationRef(const std::string& name, const std::string& request_id, Validator& v) {
  ResourceName n = ParseResourceName("name", name, kConsultationCollection, v);
  v.RequestId("request_id", request_id);
  return n;
}

}  // namespace

const AccessTable& ConsultationAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateConsultation", kStaffRoles}, {"GetConsultation", kSignedIn},
      {"ListConsultations", kSignedIn},    {"ListDraftVersions", kSignedIn},
      {"ReviseDraft", kStaffRoles},        {"OpenConsultation", kStaffRoles},
      {"CloseConsultation", kStaffRoles},  {"SummarizeConsultation", kStaffRoles},
      {"AddComment", kCommenterRoles},     {"GetComment", kSignedIn},
      {"ListComments", kSignedIn},         {"HideComment", kStaffRoles},
      {"RestoreComment", kStaffRoles},     {"DecideComment", kStaffRoles},
      {"GetCommentStatistics", kSignedIn},
  };
  return *table;
}

ConsultationService::ConsultationService(const Runtime& runtime, const IntakeOptions& options)
    : runtime_(runtime),
      options_(options),
      store_(runtime.redis, "in"),
      limiter_(runtime.redis, "in"),
      runner_("consultation", &ConsultationAccess(), runtime.auth) {}

void ConsultationService::ReadConsultation(const std::string& congress, const std::string& id, const std::string& name,
                                           Callback<std::pair<Consultation, int64_t>> done) {
  GetVersioned<Consultation>(&store_, "consultation", kConsultationKind, congress, id, name, std::move(done));
}

void ConsultationService::ReadReadable(const Caller& caller, const std::string& congress, const std::string& id,
                                       const std::string& name, Callback<std::pair<Consultation, int64_t>> done) {
  ReadConsultation(congress, id, name,
                   [caller, done = std::move(done)](absl::StatusOr<std::pair<Consultation, int64_t>> got) mutable {
                     if (!got.ok()) return done(got.status());
                     if (auto s = CheckCanRead(caller, got->first); !s.ok()) return done(s);
                     done(std::move(got));
                   });
}

void ConsultationService::CountIndexes(const std::string& congress, const std::vector<std::string>& indexes,
                                       Callback<std::vector<int64_t>> done) {
  std::vector<std::string> keys;
  keys.reserve(indexes.size());
  for (const auto& ix : indexes) keys.push_back(store_.IndexKey(congress, ix));
  const size_t want = keys.size();
  runtime_.redis->Eval(kCountScript, std::move(keys), {},
                       [want, done = std::move(done)](absl::StatusOr<RedisValue> r) mutable {
                         if (!r.ok()) return done(r.status());
                         if (r->type != RedisValue::Type::kArray || r->elements.size() != want) {
                           return done(absl::InternalError("unexpected reply from the data store: index sizes"));
                         }
                         std::vector<int64_t> out;
                         out.reserve(want);
                         for (const auto& e : r->elements) out.push_back(e.integer);
                         done(std::move(out));
                       });
}

grpc::ServerUnaryReactor* ConsultationService::CreateConsultation(grpc::CallbackServerContext* ctx,
                                                                  const v1::CreateConsultationRequest* req,
                                                                  v1::CreateConsultationResponse* resp) {
  return runner_.Unary(ctx, "CreateConsultation", *req, [=, this](const Caller& caller, Finish finish) {
    const absl::Time now = runtime_.clock->Now();
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ValidateNewConsultation(req->consultation(), now, v);
    if (!req->consultation_id().empty()) {
      v.Id("consultation_id", req->consultation_id(), false);
      if (req->consultation_id().size() > kMaxIdChars) {
        v.Add("consultation_id", absl::StrCat("must be at most ", kMaxIdChars, " characters"));
      }
    }
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);

    const std::string id = req->consultation_id().empty() ? NewTimeOrderedId(now) : req->consultation_id();
    Consultation c =
        NewConsultation(req->consultation(), ResourceNameOf(congress, kConsultationCollection, id), caller, now);
    PutSpec spec = CreateSpec(congress, kConsultationKind, id, ConsultationIndexes(c), caller.subject(), *req,
                              req->request_id(), now);
    DraftVersion first = c.draft();
    spec.also.push_back(EntityWriteOf(first, kDraftVersionKind, DraftVersionId(id, 1), EntityStore::WriteMode::kCreate,
                                      0, {DraftVersionIndex(id)}, caller.subject(), req->request_id(), now));
    PutProto<Consultation>(&store_, spec, std::move(c),
                           FinishWith<Consultation>(resp->mutable_consultation(), std::move(finish),
                                                    [caller](Consultation& out) { RedactConsultation(out, caller); }));
  });
}

grpc::ServerUnaryReactor* ConsultationService::GetConsultation(grpc::CallbackServerContext* ctx,
                                                               const v1::GetConsultationRequest* req,
                                                               v1::GetConsultationResponse* resp) {
  return runner_.Unary(ctx, "GetConsultation", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kConsultationCollection, v);
    v.Range("version", req->version(), 1, 1000000, true);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    ReadReadable(caller, name.congress, name.id, req->name(),
                 [this, req, resp, caller, name,
                  finish = std::move(finish)](absl::StatusOr<std::pair<Consultation, int64_t>> got) mutable {
                   if (!got.ok()) return finish(got.status());
                   Consultation c = std::move(got->first);
                   const int version = req->version();
                   if (version == 0 || version == c.draft().version()) {
                     RedactConsultation(c, caller);
                     *resp->mutable_consultation() = std::move(c);
                     return finish(absl::OkStatus());
                   }
                   const std::string version_name = DraftVersionName(c.name(), version);
                   GetProto<DraftVersion>(&store_, "draft version", kDraftVersionKind, name.congress,
                                          DraftVersionId(name.id, version), version_name,
                                          [resp, caller, c = std::move(c),
                                           finish = std::move(finish)](absl::StatusOr<DraftVersion> d) mutable {
                                            if (!d.ok()) return finish(d.status());
                                            *c.mutable_draft() = *std::move(d);
                                            c.mutable_draft()->clear_etag();
                                            RedactConsultation(c, caller);
                                            *resp->mutable_consultation() = std::move(c);
                                            finish(absl::OkStatus());
                                          });
                 });
  });
}

grpc::ServerUnaryReactor* ConsultationService::ListConsultations(grpc::CallbackServerContext* ctx,
                                                                 const v1::ListConsultationsRequest* req,
                                                                 v1::ListConsultationsResponse* resp) {
  return runner_.Unary(ctx, "ListConsultations", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    v.PageSize("page_size", req->page_size(), 200)
        .Enum("state", req->state(), v1::ConsultationState_descriptor(), false)
        .Enum("kind", req->kind(), v1::ConsultationKind_descriptor(), false);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    auto indexes = ConsultationListIndexes(*req, caller);
    if (!indexes.ok()) return finish(indexes.status());
    ListSpec spec{congress,
                  kConsultationKind,
                  *std::move(indexes),
                  absl::StrCat("ListConsultations|", req->parent(), "|", req->state(), "|", req->kind(), "|",
                               IsDraftReader(caller)),
                  req->page_token(),
                  req->page_size(),
                  /*descending=*/true};
    ListProtos<Consultation>(&store_, *runtime_.page_tokens, std::move(spec),
                             FinishPage<Consultation>(resp->mutable_consultations(), resp->mutable_next_page_token(),
                                                      std::move(finish), [caller](Consultation& c) {
                                                        if (!CheckCanRead(caller, c).ok()) return false;
                                                        c.mutable_draft()->clear_articles();
                                                        RedactConsultation(c, caller);
                                                        return true;
                                                      }));
  });
}

grpc::ServerUnaryReactor* ConsultationService::ListDraftVersions(grpc::CallbackServerContext* ctx,
                                                                 const v1::ListDraftVersionsRequest* req,
                                                                 v1::ListDraftVersionsResponse* resp) {
  return runner_.Unary(ctx, "ListDraftVersions", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName parent = ParseResourceName("parent", req->parent(), kConsultationCollection, v);
    v.PageSize("page_size", req->page_size(), 100);
    if (auto s = CheckRequest(v, caller, parent.congress); !s.ok()) return finish(s);
    ReadReadable(caller, parent.congress, parent.id, req->parent(),
                 [this, req, resp, caller, parent,
                  finish = std::move(finish)](absl::StatusOr<std::pair<Consultation, int64_t>> got) mutable {
                   if (!got.ok()) return finish(got.status());
                   ListSpec spec{parent.congress,
                                 kDraftVersionKind,
                                 {DraftVersionIndex(parent.id)},
                                 absl::StrCat("ListDraftVersions|", req->parent()),
                                 req->page_token(),
                                 req->page_size(),
                                 /*descending=*/false};
                   ListProtos<DraftVersion>(
                       &store_, *runtime_.page_tokens, std::move(spec),
                       FinishPage<DraftVersion>(resp->mutable_draft_versions(), resp->mutable_next_page_token(),
                                                std::move(finish), [caller](DraftVersion& d) {
                                                  RedactDraftVersion(d, caller);
                                                  return true;
                                                }));
                 });
  });
}

grpc::ServerUnaryReactor* ConsultationService::ReviseDraft(grpc::CallbackServerContext* ctx,
                                                           const v1::ReviseDraftRequest* req,
                                                           v1::ReviseDraftResponse* resp) {
  return runner_.Unary(ctx, "ReviseDraft", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = CheckConsultationRef(req->name(), req->request_id(), v);
    ValidateArticles("articles", req->articles(), v);
    v.Text("change_note", req->change_note(), kMaxChangeNoteChars, false);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    auto plan = ConsultationPlan(name, req->name(), caller, *req, req->request_id(), req->etag(), now);
    plan->mutate = [req, caller, now](const Consultation& current) {
      return ApplyRevision(current, req->articles(), req->change_note(), caller, now);
    };
    plan->also = [name, caller, req, now](const Consultation&, const Consultation& next) {
      DraftVersion d = next.draft();
      return std::vector<EntityStore::EntityWrite>{
          EntityWriteOf(d, kDraftVersionKind, DraftVersionId(name.id, d.version()), EntityStore::WriteMode::kCreate, 0,
                        {DraftVersionIndex(name.id)}, caller.subject(), req->request_id(), now)};
    };
    UpdateProto<Consultation>(&store_, plan,
                              FinishWith<Consultation>(resp->mutable_consultation(), std::move(finish),
                                                       [caller](Consultation& c) { RedactConsultation(c, caller); }));
  });
}

grpc::ServerUnaryReactor* ConsultationService::OpenConsultation(grpc::CallbackServerContext* ctx,
                                                                const v1::OpenConsultationRequest* req,
                                                                v1::OpenConsultationResponse* resp) {
  return runner_.Unary(ctx, "OpenConsultation", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = CheckConsultationRef(req->name(), req->request_id(), v);
    if (req->has_planned_close_time() &&
        (req->planned_close_time().seconds() <= 0 || req->planned_close_time().nanos() < 0 ||
         req->planned_close_time().nanos() > 999999999)) {
      v.Add("planned_close_time", "is not a valid time");
    }
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    auto plan = ConsultationPlan(name, req->name(), caller, *req, req->request_id(), req->etag(), now);
    plan->mutate = [req, now](const Consultation& current) {
      return ApplyOpen(current, req->has_planned_close_time() ? &req->planned_close_time() : nullptr, now);
    };
    UpdateProto<Consultation>(&store_, plan,
                              FinishWith<Consultation>(resp->mutable_consultation(), std::move(finish),
                                                       [caller](Consultation& c) { RedactConsultation(c, caller); }));
  });
}

grpc::ServerUnaryReactor* ConsultationService::CloseConsultation(grpc::CallbackServerContext* ctx,
                                                                 const v1::CloseConsultationRequest* req,
                                                                 v1::CloseConsultationResponse* resp) {
  return runner_.Unary(ctx, "CloseConsultation", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = CheckConsultationRef(req->name(), req->request_id(), v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    auto plan = ConsultationPlan(name, req->name(), caller, *req, req->request_id(), req->etag(), now);
    plan->mutate = [now](const Consultation& current) { return ApplyClose(current, now); };
    UpdateProto<Consultation>(&store_, plan,
                              FinishWith<Consultation>(resp->mutable_consultation(), std::move(finish),
                                                       [caller](Consultation& c) { RedactConsultation(c, caller); }));
  });
}

grpc::ServerUnaryReactor* ConsultationService::SummarizeConsultation(grpc::CallbackServerContext* ctx,
                                                                     const v1::SummarizeConsultationRequest* req,
                                                                     v1::SummarizeConsultationResponse* resp) {
  return runner_.Unary(ctx, "SummarizeConsultation", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = CheckConsultationRef(req->name(), req->request_id(), v);
    v.Text("summary", req->summary(), kMaxSummaryChars, true);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    ReadConsultation(
        name.congress, name.id, req->name(),
        [this, req, resp, caller, name,
         finish = std::move(finish)](absl::StatusOr<std::pair<Consultation, int64_t>> got) mutable {
          if (!got.ok()) return finish(got.status());
          const Consultation c = std::move(got->first);
          // The statistics the public sees, with the number of hidden comments besides.
          CountIndexes(
              name.congress, StatisticsIndexes(name.id, c, /*staff_view=*/false),
              [this, req, resp, caller, name, c,
               finish = std::move(finish)](absl::StatusOr<std::vector<int64_t>> counts) mutable {
                if (!counts.ok()) return finish(counts.status());
                v1::CommentStatistics stats = BuildStatistics(c, *counts, /*staff_view=*/false);
                stats.set_hidden_count(counts->size() > 1 ? (*counts)[1] : 0);
                const absl::Time now = runtime_.clock->Now();
                auto plan = ConsultationPlan(name, req->name(), caller, *req, req->request_id(), req->etag(), now);
                plan->mutate = [req, stats, caller, now](const Consultation& current) {
                  return ApplySummary(current, req->summary(), stats, caller, now);
                };
                UpdateProto<Consultation>(
                    &store_, plan,
                    FinishWith<Consultation>(resp->mutable_consultation(), std::move(finish),
                                             [caller](Consultation& out) { RedactConsultation(out, caller); }));
              });
        });
  });
}

grpc::ServerUnaryReactor* ConsultationService::AddComment(grpc::CallbackServerContext* ctx,
                                                          const v1::AddCommentRequest* req,
                                                          v1::AddCommentResponse* resp) {
  const std::string client = ClientKeyOf(ctx);
  return runner_.Unary(ctx, "AddComment", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName parent = ParseResourceName("parent", req->parent(), kConsultationCollection, v);
    ValidateNewComment(req->comment(), v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, parent.congress); !s.ok()) return finish(s);
    LimitAnonymous(&limiter_, caller, client, parent.congress, "comments", options_.anonymous,
                   [this, caller, parent, req, resp, finish = std::move(finish)](absl::Status allowed) mutable {
                     if (!allowed.ok()) return finish(allowed);
                     if (req->request_id().empty()) {
                       return AddCommentAttempt(caller, parent, req, resp, std::move(finish), kRaceAttempts);
                     }
                     // A retry after the consultation closed still gets its first answer.
                     store_.FindReplay(parent.congress, caller.subject(), req->request_id(), Fingerprint(*req),
                                       [this, caller, parent, req, resp, finish = std::move(finish)](
                                           absl::StatusOr<std::optional<std::string>> first) mutable {
                                         if (!first.ok()) return finish(first.status());
                                         const bool replayed =
                                             FinishReplay(*first, resp->mutable_comment(), finish, caller,
                                                          /*keep_commenter=*/true);
                                         if (replayed) return;
                                         AddCommentAttempt(caller, parent, req, resp, std::move(finish), kRaceAttempts);
                                       });
                   });
  });
}

void ConsultationService::AddCommentAttempt(const Caller& caller, const ResourceName& parent,
                                            const v1::AddCommentRequest* req, v1::AddCommentResponse* resp,
                                            Finish finish, int attempts_left) {
  ReadConsultation(
      parent.congress, parent.id, req->parent(),
      [this, caller, parent, req, resp, attempts_left,
       finish = std::move(finish)](absl::StatusOr<std::pair<Consultation, int64_t>> got) mutable {
        if (!got.ok()) return finish(got.status());
        const auto& [consultation, version] = *got;
        const absl::Time now = runtime_.clock->Now();
        if (auto s = CheckAcceptingComments(consultation, now); !s.ok()) return finish(s);
        if (auto s = CheckCommentFits(req->comment(), consultation, caller); !s.ok()) return finish(s);
        CommentName name{parent.congress, parent.id, NewTimeOrderedId(now)};
        const std::string full_name = absl::StrCat(req->parent(), "/", kCommentCollection, "/", name.comment_id);
        ConsultationComment comment = NewComment(req->comment(), full_name, consultation, caller, now);
        PutSpec spec = CreateSpec(parent.congress, kCommentKind, name.entity_id(), CommentIndexes(parent.id, comment),
                                  caller.subject(), *req, req->request_id(), now);
        spec.also.push_back(CheckOnly(kConsultationKind, parent.id, version));
        PutProto<ConsultationComment>(
            &store_, spec, std::move(comment),
            [this, caller, parent, req, resp, attempts_left,
             finish = std::move(finish)](absl::StatusOr<ConsultationComment> written) mutable {
              if (!written.ok() && LostRace(written.status()) && attempts_left > 1) {
                return AddCommentAttempt(caller, parent, req, resp, std::move(finish), attempts_left - 1);
              }
              if (!written.ok()) return finish(written.status());
              // The commenter gets back what they sent; the rest as their role may see it.
              v1::Commenter commenter = written->commenter();
              RedactComment(*written, caller);
              if (commenter.ByteSizeLong() > 0) *written->mutable_commenter() = commenter;
              *resp->mutable_comment() = *std::move(written);
              finish(absl::OkStatus());
            });
      });
}

grpc::ServerUnaryReactor* ConsultationService::GetComment(grpc::CallbackServerContext* ctx,
                                                          const v1::GetCommentRequest* req,
                                                          v1::GetCommentResponse* resp) {
  return runner_.Unary(ctx, "GetComment", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const CommentName name = ParseCommentName("name", req->name(), v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetProto<ConsultationComment>(
        &store_, "comment", kCommentKind, name.congress, name.entity_id(), req->name(),
        [req, resp, caller, finish = std::move(finish)](absl::StatusOr<ConsultationComment> c) mutable {
          if (!c.ok()) return finish(c.status());
          // A hidden comment does not exist for those who may not see it.
          if (c->hidden() && !IsConsultationStaff(caller)) return finish(NotFound("comment", req->name()));
          RedactComment(*c, caller);
          *resp->mutable_comment() = *std::move(c);
          finish(absl::OkStatus());
        });
  });
}

grpc::ServerUnaryReactor* ConsultationService::ListComments(grpc::CallbackServerContext* ctx,
                                                            const v1::ListCommentsRequest* req,
                                                            v1::ListCommentsResponse* resp) {
  return runner_.Unary(ctx, "ListComments", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName parent = ParseResourceName("parent", req->parent(), kConsultationCollection, v);
    ValidateCommentListRequest(*req, v);
    if (auto s = CheckRequest(v, caller, parent.congress); !s.ok()) return finish(s);
    auto indexes = CommentListIndexes(parent.id, *req, caller);
    if (!indexes.ok()) return finish(indexes.status());
    ReadReadable(caller, parent.congress, parent.id, req->parent(),
                 [this, req, resp, caller, parent, indexes = *std::move(indexes),
                  finish = std::move(finish)](absl::StatusOr<std::pair<Consultation, int64_t>> got) mutable {
                   if (!got.ok()) return finish(got.status());
                   ListSpec spec{
                       parent.congress,   kCommentKind,     std::move(indexes), CommentListScope(*req, caller),
                       req->page_token(), req->page_size(), req->newest_first()};
                   const bool staff = IsConsultationStaff(caller);
                   ListProtos<ConsultationComment>(
                       &store_, *runtime_.page_tokens, std::move(spec),
                       FinishPage<ConsultationComment>(resp->mutable_comments(), resp->mutable_next_page_token(),
                                                       std::move(finish), [req, caller, staff](ConsultationComment& c) {
                                                         if (c.hidden() && !staff) return false;
                                                         // The bigram indexes find a superset; keep the comments that
                                                         // hold the text.
                                                         if (!ContainsText(c.text(), req->text_contains()))
                                                           return false;
                                                         RedactComment(c, caller);
                                                         return true;
                                                       }));
                 });
  });
}

void ConsultationService::Moderate(
    const Caller& caller, const CommentName& name, const google::protobuf::Message& req, const std::string& full_name,
    const std::string& etag, const std::string& request_id,
    std::function<absl::StatusOr<ConsultationComment>(const ConsultationComment&, absl::Time)> apply,
    ConsultationComment* out, Finish finish) {
  const absl::Time now = runtime_.clock->Now();
  auto plan = NewUpdatePlan<ConsultationComment>(
      ChangeSpec(name.congress, kCommentKind, name.entity_id(), caller.subject(), req, request_id, now), "comment",
      full_name, etag);
  plan->mutate = [apply = std::move(apply), now](const ConsultationComment& current) { return apply(current, now); };
  plan->indexes = [cid = name.consultation_id](const ConsultationComment& next) { return CommentIndexes(cid, next); };
  UpdateProto<ConsultationComment>(
      &store_, plan, FinishWith<ConsultationComment>(out, std::move(finish), [caller](ConsultationComment& c) {
        RedactComment(c, caller);
      }));
}

grpc::ServerUnaryReactor* ConsultationService::HideComment(grpc::CallbackServerContext* ctx,
                                                           const v1::HideCommentRequest* req,
                                                           v1::HideCommentResponse* resp) {
  return runner_.Unary(ctx, "HideComment", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const CommentName name = ParseCommentName("name", req->name(), v);
    v.Text("reason", req->reason(), kMaxModerationReasonChars, true).RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    Moderate(
        caller, name, *req, req->name(), req->etag(), req->request_id(),
        [req, caller](const ConsultationComment& current, absl::Time now) {
          return ApplyHide(current, req->reason(), caller, now);
        },
        resp->mutable_comment(), std::move(finish));
  });
}

grpc::ServerUnaryReactor* ConsultationService::RestoreComment(grpc::CallbackServerContext* ctx,
                                                              const v1::RestoreCommentRequest* req,
                                                              v1::RestoreCommentResponse* resp) {
  return runner_.Unary(ctx, "RestoreComment", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const CommentName name = ParseCommentName("name", req->name(), v);
    v.Text("reason", req->reason(), kMaxModerationReasonChars, false).RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    Moderate(
        caller, name, *req, req->name(), req->etag(), req->request_id(),
        [req, caller](const ConsultationComment& current, absl::Time now) {
          return ApplyRestore(current, req->reason(), caller, now);
        },
        resp->mutable_comment(), std::move(finish));
  });
}

grpc::ServerUnaryReactor* ConsultationService::DecideComment(grpc::CallbackServerContext* ctx,
                                                             const v1::DecideCommentRequest* req,
                                                             v1::DecideCommentResponse* resp) {
  return runner_.Unary(ctx, "DecideComment", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const CommentName name = ParseCommentName("name", req->name(), v);
    v.Enum("decision", req->decision(), v1::CommentDecision_descriptor(), true)
        .Text("reason", req->reason(), kMaxDecisionReasonChars, true)
        .RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    if (req->request_id().empty()) return DecideAttempt(caller, name, req, resp, std::move(finish), kRaceAttempts);
    // A retry after the consultation was summarized still gets its first answer.
    store_.FindReplay(name.congress, caller.subject(), req->request_id(), Fingerprint(*req),
                      [this, caller, name, req, resp,
                       finish = std::move(finish)](absl::StatusOr<std::optional<std::string>> first) mutable {
                        if (!first.ok()) return finish(first.status());
                        const bool replayed =
                            FinishReplay(*first, resp->mutable_comment(), finish, caller, /*keep_commenter=*/false);
                        if (replayed) return;
                        DecideAttempt(caller, name, req, resp, std::move(finish), kRaceAttempts);
                      });
  });
}

void ConsultationService::DecideAttempt(const Caller& caller, const CommentName& name,
                                        const v1::DecideCommentRequest* req, v1::DecideCommentResponse* resp,
                                        Finish finish, int attempts_left) {
  ReadConsultation(
      name.congress, name.consultation_id, name.consultation_name(),
      [this, caller, name, req, resp, attempts_left,
       finish = std::move(finish)](absl::StatusOr<std::pair<Consultation, int64_t>> got) mutable {
        if (!got.ok()) return finish(got.status());
        auto [consultation, version] = *std::move(got);
        if (auto s = CheckDecisionsOpen(consultation); !s.ok()) return finish(s);
        const absl::Time now = runtime_.clock->Now();
        auto plan = NewUpdatePlan<ConsultationComment>(
            ChangeSpec(name.congress, kCommentKind, name.entity_id(), caller.subject(), *req, req->request_id(), now),
            "comment", req->name(), req->etag());
        plan->mutate = [req, caller, consultation, now](const ConsultationComment& current) {
          return ApplyDecision(current, consultation, req->decision(), req->reason(), caller, now);
        };
        plan->indexes = [cid = name.consultation_id](const ConsultationComment& next) {
          return CommentIndexes(cid, next);
        };
        plan->also = [cid = name.consultation_id, version](const ConsultationComment&, const ConsultationComment&) {
          return std::vector<EntityStore::EntityWrite>{CheckOnly(kConsultationKind, cid, version)};
        };
        UpdateProto<ConsultationComment>(
            &store_, plan,
            [this, caller, name, req, resp, attempts_left,
             finish = std::move(finish)](absl::StatusOr<ConsultationComment> written) mutable {
              if (!written.ok() && LostRace(written.status()) && req->etag().empty() && attempts_left > 1) {
                return DecideAttempt(caller, name, req, resp, std::move(finish), attempts_left - 1);
              }
              if (!written.ok()) return finish(written.status());
              RedactComment(*written, caller);
              *resp->mutable_comment() = *std::move(written);
              finish(absl::OkStatus());
            });
      });
}

grpc::ServerUnaryReactor* ConsultationService::GetCommentStatistics(grpc::CallbackServerContext* ctx,
                                                                    const v1::GetCommentStatisticsRequest* req,
                                                                    v1::GetCommentStatisticsResponse* resp) {
  return runner_.Unary(ctx, "GetCommentStatistics", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName parent = ParseResourceName("parent", req->parent(), kConsultationCollection, v);
    if (auto s = CheckRequest(v, caller, parent.congress); !s.ok()) return finish(s);
    ReadReadable(caller, parent.congress, parent.id, req->parent(),
                 [this, resp, caller, parent,
                  finish = std::move(finish)](absl::StatusOr<std::pair<Consultation, int64_t>> got) mutable {
                   if (!got.ok()) return finish(got.status());
                   const bool staff = IsConsultationStaff(caller);
                   Consultation c = std::move(got->first);
                   CountIndexes(parent.congress, StatisticsIndexes(parent.id, c, staff),
                                [resp, staff, c,
                                 finish = std::move(finish)](absl::StatusOr<std::vector<int64_t>> counts) mutable {
                                  if (!counts.ok()) return finish(counts.status());
                                  *resp->mutable_statistics() = BuildStatistics(c, *counts, staff);
                                  finish(absl::OkStatus());
                                });
                 });
  });
}

}  // namespace renda::intake
