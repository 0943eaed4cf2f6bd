#include "services/intake/consultation_core.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/names.h"
#include "services/common/text_index.h"
#include "services/common/validation.h"
#include "services/intake/consultation_logic.h"

namespace renda::intake {
namespace {

const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
// Everyone but other services: anonymous citizens too (rate limited).
const Roles kCommenterRoles = {Role::kAnonymous, Role::kCitizen, Role::kDeputy, Role::kHandlingUnit,
                               Role::kStaff,     Role::kLeader,  Role::kAdmin};
// Writes that lost a race with a change of the consultation try this many times in all.
constexpr int kRaceAttempts = 3;
constexpr size_t kMaxIdChars = 50;

// How many times a change is tried: once when the client named the version it expects.
int AttemptsFor(const std::string& etag) { return etag.empty() ? kRaceAttempts : 1; }

// Checks the name, etag and request id of a request about one consultation.
ResourceName CheckConsultationRef(const std::string& name, const std::string& request_id, Validator& v) {
  ResourceName n = ParseResourceName("name", name, kConsultationCollection, v);
  v.RequestId("request_id", request_id);
  return n;
}

// The consultation `name`, when the caller may read it (PERMISSION_DENIED for a DRAFT otherwise).
Task<absl::StatusOr<Consultation>> ReadReadable(const IntakeStore* store, const Caller& caller,
                                                const ResourceName& name) {
  CO_ASSIGN_OR_RETURN(auto consultation, co_await store->consultations.Get(name.congress, name.id));
  CO_RETURN_IF_ERROR(CheckCanRead(caller, consultation));
  co_return consultation;
}

// A change of the consultation `name` (retried on a concurrent change unless `etag` is given; a
// retried request id answers as the first time), answered as the caller may see it.
Task<absl::StatusOr<Consultation>> ChangeConsultation(const IntakeStore* store, const Caller& caller,
                                                      const ResourceName& name, const std::string& etag,
                                                      const WriteOrigin& origin,
                                                      Entities<Consultation>::Mutate mutate,
                                                      Entities<Consultation>::Also also = nullptr) {
  CO_ASSIGN_OR_RETURN(auto consultation, co_await store->consultations.Update(name.congress, name.id, etag, origin,
                                                                              std::move(mutate), std::move(also)));
  RedactConsultation(consultation, caller);
  co_return consultation;
}

// The comment as the caller may see it; with `keep_commenter` the commenter gets back what they
// sent (AddComment answers so).
ConsultationComment AsAnswered(ConsultationComment comment, const Caller& caller, bool keep_commenter) {
  const v1::Commenter commenter = comment.commenter();
  RedactComment(comment, caller);
  if (keep_commenter && commenter.ByteSizeLong() > 0) *comment.mutable_commenter() = commenter;
  return comment;
}

// The first answer to the caller's request id, as the caller may see it; std::nullopt for a new
// request. Read before anything else, so a retry gets its first answer even after the
// consultation moved on (closed, summarized).
Task<absl::StatusOr<std::optional<ConsultationComment>>> FirstAnswer(const IntakeStore* store, const Caller& caller,
                                                                     const std::string& congress,
                                                                     const WriteOrigin& origin, bool keep_commenter) {
  CO_ASSIGN_OR_RETURN(auto first, co_await store->comments.FirstAnswer(congress, origin));
  if (!first.has_value()) co_return first;
  co_return std::optional<ConsultationComment>(AsAnswered(*std::move(first), caller, keep_commenter));
}

// A change of a comment: the first answer again for a retried request id, else `attempt` (one
// read-modify-write) tried again while it loses a race, answered as the caller may see it.
template <class Attempt>
Task<absl::StatusOr<ConsultationComment>> AnswerChange(const IntakeStore* store, const Caller& caller,
                                                       const CommentName& name, const std::string& etag,
                                                       const WriteOrigin& origin, Attempt attempt) {
  CO_ASSIGN_OR_RETURN(auto first, co_await FirstAnswer(store, caller, name.congress, origin, false));
  if (first.has_value()) co_return *std::move(first);
  CO_ASSIGN_OR_RETURN(auto changed, co_await RetryOnConflict(AttemptsFor(etag), attempt));
  co_return AsAnswered(std::move(changed), caller, false);
}

// One try of AddComment: the comment on the consultation as read now, written only while the
// consultation is still at that version.
Task<absl::StatusOr<ConsultationComment>> AddCommentOnce(const IntakeStore* store, const Clock* clock,
                                                         const Caller& caller, const ResourceName& parent,
                                                         const v1::AddCommentRequest& req) {
  CO_ASSIGN_OR_RETURN(auto consultation, co_await store->consultations.Read(parent.congress, parent.id));
  const absl::Time now = clock->Now();
  CO_RETURN_IF_ERROR(CheckAcceptingComments(consultation.entity, now));
  CO_RETURN_IF_ERROR(CheckCommentFits(req.comment(), consultation.entity, caller));
  const std::string name = absl::StrCat(req.parent(), "/", kCommentCollection, "/", NewTimeOrderedId(now));
  ConsultationComment comment = NewComment(req.comment(), name, consultation.entity, caller, now);
  std::vector<EntityStore::EntityWrite> also;
  also.push_back(store->consultations.Checked(consultation));
  co_return co_await store->comments.Create(std::move(comment), OriginOf(caller, req, now), std::move(also));
}

// One try of DecideComment: the decision under the consultation as read now, written only while
// the consultation is still at that version.
Task<absl::StatusOr<ConsultationComment>> DecideOnce(const IntakeStore* store, const Clock* clock,
                                                     const Caller& caller, const CommentName& name,
                                                     const v1::DecideCommentRequest& req) {
  CO_ASSIGN_OR_RETURN(auto consultation, co_await store->consultations.Read(name.congress, name.consultation_id));
  CO_RETURN_IF_ERROR(CheckDecisionsOpen(consultation.entity));
  const absl::Time now = clock->Now();
  co_return co_await store->comments.UpdateOnce(
      name.full_name(), req.etag(), OriginOf(caller, req, now),
      [&](const ConsultationComment& current) {
        return ApplyDecision(current, consultation.entity, req.decision(), req.reason(), caller, now);
      },
      [&](const ConsultationComment&, const ConsultationComment&) -> absl::StatusOr<std::vector<EntityStore::EntityWrite>> {
        return std::vector<EntityStore::EntityWrite>{store->consultations.Checked(consultation)};
      });
}

// What a hide or restore does to a comment (ApplyHide, ApplyRestore).
using Moderation = absl::StatusOr<ConsultationComment> (*)(const ConsultationComment& current,
                                                           const std::string& reason, const Caller& caller,
                                                           absl::Time now);

// A HideComment or RestoreComment request (moderation is not bound to the consultation's state);
// a hide must say why.
template <class Request>
Task<absl::StatusOr<ConsultationComment>> Moderate(const IntakeStore* store, const Clock* clock, const Caller& caller,
                                                   const Request& req, bool reason_required, Moderation apply) {
  Validator v;
  const CommentName name = ParseCommentName("name", req.name(), v);
  v.Text("reason", req.reason(), kMaxModerationReasonChars, reason_required).RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = clock->Now();
  const WriteOrigin origin = OriginOf(caller, req, now);
  co_return co_await AnswerChange(store, caller, name, req.etag(), origin, [&]() {
    return store->comments.UpdateOnce(
        name.full_name(), req.etag(), origin,
        [&](const ConsultationComment& current) { return apply(current, req.reason(), caller, now); });
  });
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

Task<absl::StatusOr<v1::CreateConsultationResponse>> ConsultationCore::CreateConsultation(
    const Caller& caller, const v1::CreateConsultationRequest& req) {
  const absl::Time now = runtime_.clock->Now();
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateNewConsultation(req.consultation(), now, v);
  if (!req.consultation_id().empty()) {
    v.Id("consultation_id", req.consultation_id(), false);
    if (req.consultation_id().size() > kMaxIdChars) {
      v.Add("consultation_id", absl::StrCat("must be at most ", kMaxIdChars, " characters"));
    }
  }
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));

  const std::string id = req.consultation_id().empty() ? NewTimeOrderedId(now) : req.consultation_id();
  Consultation consultation =
      NewConsultation(req.consultation(), ResourceNameOf(congress, kConsultationCollection, id), caller, now);
  const WriteOrigin origin = OriginOf(caller, req, now);
  DraftVersion first = consultation.draft();
  std::vector<EntityStore::EntityWrite> also;
  also.push_back(store_->draft_versions.Created(first, origin));
  v1::CreateConsultationResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_consultation(),
                      co_await store_->consultations.Create(std::move(consultation), origin, std::move(also)));
  RedactConsultation(*resp.mutable_consultation(), caller);
  co_return resp;
}

Task<absl::StatusOr<v1::GetConsultationResponse>> ConsultationCore::GetConsultation(
    const Caller& caller, const v1::GetConsultationRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kConsultationCollection, v);
  v.Range("version", req.version(), 1, 1000000, true);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  CO_ASSIGN_OR_RETURN(auto consultation, co_await ReadReadable(store_, caller, name));
  // An earlier version of the draft in place of the current one.
  if (req.version() != 0 && req.version() != consultation.draft().version()) {
    CO_ASSIGN_OR_RETURN(auto draft, co_await store_->draft_versions.ReadNamed(DraftVersionName(req.name(), req.version())));
    *consultation.mutable_draft() = std::move(draft.entity);
    consultation.mutable_draft()->clear_etag();
  }
  RedactConsultation(consultation, caller);
  v1::GetConsultationResponse resp;
  *resp.mutable_consultation() = std::move(consultation);
  co_return resp;
}

Task<absl::StatusOr<v1::ListConsultationsResponse>> ConsultationCore::ListConsultations(
    const Caller& caller, const v1::ListConsultationsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.PageSize("page_size", req.page_size(), 200)
      .Enum("state", req.state(), v1::ConsultationState_descriptor(), false)
      .Enum("kind", req.kind(), v1::ConsultationKind_descriptor(), false);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  CO_ASSIGN_OR_RETURN(auto indexes, ConsultationListIndexes(req, caller));

  ListQuery query{.congress = congress,
                  .indexes = std::move(indexes),
                  .scope = absl::StrCat("ListConsultations|", req.parent(), "|", req.state(), "|", req.kind(), "|",
                                        IsDraftReader(caller)),
                  .page_token = req.page_token(),
                  .page_size = req.page_size(),
                  .descending = true};
  co_return co_await store_->consultations.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListConsultationsResponse::mutable_consultations,
                         [&caller](Consultation& c) {
                           if (!CheckCanRead(caller, c).ok()) return false;
                           c.mutable_draft()->clear_articles();
                           RedactConsultation(c, caller);
                           return true;
                         });
}

Task<absl::StatusOr<v1::ListDraftVersionsResponse>> ConsultationCore::ListDraftVersions(
    const Caller& caller, const v1::ListDraftVersionsRequest& req) {
  Validator v;
  const ResourceName parent = ParseResourceName("parent", req.parent(), kConsultationCollection, v);
  v.PageSize("page_size", req.page_size(), 100);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, parent.congress));
  const auto readable = co_await ReadReadable(store_, caller, parent);
  CO_RETURN_IF_ERROR(readable);

  ListQuery query = PageQuery(parent.congress, {DraftVersionIndex(parent.id)}, absl::StrCat("ListDraftVersions|", req.parent()), req);
  co_return co_await store_->draft_versions.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListDraftVersionsResponse::mutable_draft_versions,
                         [&caller](DraftVersion& d) {
                           RedactDraftVersion(d, caller);
                           return true;
                         });
}

Task<absl::StatusOr<v1::ReviseDraftResponse>> ConsultationCore::ReviseDraft(const Caller& caller,
                                                                            const v1::ReviseDraftRequest& req) {
  Validator v;
  const ResourceName name = CheckConsultationRef(req.name(), req.request_id(), v);
  ValidateArticles("articles", req.articles(), v);
  v.Text("change_note", req.change_note(), kMaxChangeNoteChars, false);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  const WriteOrigin origin = OriginOf(caller, req, now);
  v1::ReviseDraftResponse resp;
  CO_ASSIGN_OR_RETURN(
      *resp.mutable_consultation(),
      co_await ChangeConsultation(
          store_, caller, name, req.etag(), origin,
          [&](const Consultation& current) {
            return ApplyRevision(current, req.articles(), req.change_note(), caller, now);
          },
          // The new version is kept besides, for GetConsultation(version) and ListDraftVersions.
          [&](const Consultation&, const Consultation& next) -> absl::StatusOr<std::vector<EntityStore::EntityWrite>> {
            DraftVersion draft = next.draft();
            return std::vector<EntityStore::EntityWrite>{store_->draft_versions.Created(draft, origin)};
          }));
  co_return resp;
}

Task<absl::StatusOr<v1::OpenConsultationResponse>> ConsultationCore::OpenConsultation(
    const Caller& caller, const v1::OpenConsultationRequest& req) {
  Validator v;
  const ResourceName name = CheckConsultationRef(req.name(), req.request_id(), v);
  if (req.has_planned_close_time() &&
      (req.planned_close_time().seconds() <= 0 || req.planned_close_time().nanos() < 0 ||
       req.planned_close_time().nanos() > 999999999)) {
    v.Add("planned_close_time", "is not a valid time");
  }
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  const google::protobuf::Timestamp* close_time = req.has_planned_close_time() ? &req.planned_close_time() : nullptr;
  v1::OpenConsultationResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_consultation(),
                      co_await ChangeConsultation(store_, caller, name, req.etag(), OriginOf(caller, req, now),
                                                  [&](const Consultation& current) {
                                                    return ApplyOpen(current, close_time, now);
                                                  }));
  co_return resp;
}

Task<absl::StatusOr<v1::CloseConsultationResponse>> ConsultationCore::CloseConsultation(
    const Caller& caller, const v1::CloseConsultationRequest& req) {
  Validator v;
  const ResourceName name = CheckConsultationRef(req.name(), req.request_id(), v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  v1::CloseConsultationResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_consultation(),
                      co_await ChangeConsultation(store_, caller, name, req.etag(), OriginOf(caller, req, now),
                                                  [&](const Consultation& current) { return ApplyClose(current, now); }));
  co_return resp;
}

Task<absl::StatusOr<v1::SummarizeConsultationResponse>> ConsultationCore::SummarizeConsultation(
    const Caller& caller, const v1::SummarizeConsultationRequest& req) {
  Validator v;
  const ResourceName name = CheckConsultationRef(req.name(), req.request_id(), v);
  v.Text("summary", req.summary(), kMaxSummaryChars, true);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  CO_ASSIGN_OR_RETURN(auto consultation, co_await store_->consultations.Get(name.congress, name.id));
  // The statistics the public sees, with the number of hidden comments besides.
  CO_ASSIGN_OR_RETURN(auto counts, co_await store_->CountIndexes(
                                       name.congress, StatisticsIndexes(name.id, consultation, /*staff_view=*/false)));
  v1::CommentStatistics stats = BuildStatistics(consultation, counts, /*staff_view=*/false);
  stats.set_hidden_count(counts.size() > 1 ? counts[1] : 0);
  const absl::Time now = runtime_.clock->Now();
  v1::SummarizeConsultationResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_consultation(),
                      co_await ChangeConsultation(store_, caller, name, req.etag(), OriginOf(caller, req, now),
                                                  [&](const Consultation& current) {
                                                    return ApplySummary(current, req.summary(), stats, caller, now);
                                                  }));
  co_return resp;
}

Task<absl::StatusOr<v1::AddCommentResponse>> ConsultationCore::AddComment(const Caller& caller,
                                                                          const v1::AddCommentRequest& req) {
  Validator v;
  const ResourceName parent = ParseResourceName("parent", req.parent(), kConsultationCollection, v);
  ValidateNewComment(req.comment(), v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, parent.congress));
  const absl::Status allowed = co_await LimitAnonymous(&limiter_, caller, parent.congress, "comments", anonymous_);
  CO_RETURN_IF_ERROR(allowed);

  v1::AddCommentResponse resp;
  // A retry after the consultation closed still gets its first answer.
  const WriteOrigin origin = OriginOf(caller, req, runtime_.clock->Now());
  CO_ASSIGN_OR_RETURN(auto first, co_await FirstAnswer(store_, caller, parent.congress, origin, true));
  if (first.has_value()) {
    *resp.mutable_comment() = *std::move(first);
    co_return resp;
  }
  CO_ASSIGN_OR_RETURN(auto added, co_await RetryOnConflict(kRaceAttempts, [&]() {
                        return AddCommentOnce(store_, runtime_.clock, caller, parent, req);
                      }));
  *resp.mutable_comment() = AsAnswered(std::move(added), caller, /*keep_commenter=*/true);
  co_return resp;
}

Task<absl::StatusOr<v1::GetCommentResponse>> ConsultationCore::GetComment(const Caller& caller,
                                                                          const v1::GetCommentRequest& req) {
  Validator v;
  const CommentName name = ParseCommentName("name", req.name(), v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  CO_ASSIGN_OR_RETURN(auto comment, co_await store_->comments.ReadNamed(name.full_name()));
  // A hidden comment does not exist for those who may not see it.
  if (comment.entity.hidden() && !IsConsultationStaff(caller)) co_return NotFound("comment", req.name());
  RedactComment(comment.entity, caller);
  v1::GetCommentResponse resp;
  *resp.mutable_comment() = std::move(comment.entity);
  co_return resp;
}

Task<absl::StatusOr<v1::ListCommentsResponse>> ConsultationCore::ListComments(const Caller& caller,
                                                                              const v1::ListCommentsRequest& req) {
  Validator v;
  const ResourceName parent = ParseResourceName("parent", req.parent(), kConsultationCollection, v);
  ValidateCommentListRequest(req, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, parent.congress));
  CO_ASSIGN_OR_RETURN(auto indexes, CommentListIndexes(parent.id, req, caller));
  const auto readable = co_await ReadReadable(store_, caller, parent);
  CO_RETURN_IF_ERROR(readable);

  ListQuery query{.congress = parent.congress,
                  .indexes = std::move(indexes),
                  .scope = CommentListScope(req, caller),
                  .page_token = req.page_token(),
                  .page_size = req.page_size(),
                  .descending = req.newest_first()};
  const bool staff = IsConsultationStaff(caller);
  co_return co_await store_->comments.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListCommentsResponse::mutable_comments,
                                [&](ConsultationComment& c) {
                                  if (c.hidden() && !staff) return false;
                                  // The bigram indexes find a superset; keep the comments that hold the text.
                                  if (!ContainsText(c.text(), req.text_contains())) return false;
                                  RedactComment(c, caller);
                                  return true;
                                });
}

Task<absl::StatusOr<v1::HideCommentResponse>> ConsultationCore::HideComment(const Caller& caller,
                                                                            const v1::HideCommentRequest& req) {
  v1::HideCommentResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_comment(),
                      co_await Moderate(store_, runtime_.clock, caller, req, /*reason_required=*/true, &ApplyHide));
  co_return resp;
}

Task<absl::StatusOr<v1::RestoreCommentResponse>> ConsultationCore::RestoreComment(
    const Caller& caller, const v1::RestoreCommentRequest& req) {
  v1::RestoreCommentResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_comment(),
                      co_await Moderate(store_, runtime_.clock, caller, req, /*reason_required=*/false, &ApplyRestore));
  co_return resp;
}

Task<absl::StatusOr<v1::DecideCommentResponse>> ConsultationCore::DecideComment(
    const Caller& caller, const v1::DecideCommentRequest& req) {
  Validator v;
  const CommentName name = ParseCommentName("name", req.name(), v);
  v.Enum("decision", req.decision(), v1::CommentDecision_descriptor(), true)
      .Text("reason", req.reason(), kMaxDecisionReasonChars, true)
      .RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  // A retry after the consultation was summarized still gets its first answer.
  const WriteOrigin origin = OriginOf(caller, req, runtime_.clock->Now());
  v1::DecideCommentResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_comment(),
                      co_await AnswerChange(store_, caller, name, req.etag(), origin, [&]() {
                        return DecideOnce(store_, runtime_.clock, caller, name, req);
                      }));
  co_return resp;
}

Task<absl::StatusOr<v1::GetCommentStatisticsResponse>> ConsultationCore::GetCommentStatistics(
    const Caller& caller, const v1::GetCommentStatisticsRequest& req) {
  Validator v;
  const ResourceName parent = ParseResourceName("parent", req.parent(), kConsultationCollection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, parent.congress));
  CO_ASSIGN_OR_RETURN(auto consultation, co_await ReadReadable(store_, caller, parent));
  const bool staff = IsConsultationStaff(caller);
  CO_ASSIGN_OR_RETURN(auto counts,
                      co_await store_->CountIndexes(parent.congress, StatisticsIndexes(parent.id, consultation, staff)));
  v1::GetCommentStatisticsResponse resp;
  *resp.mutable_statistics() = BuildStatistics(consultation, counts, staff);
  co_return resp;
}

}  // namespace renda::intake
