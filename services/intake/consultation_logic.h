#pragma once
// Pure rules of public consultations (公开征集意见): what a valid consultation, draft and comment
// are, the lifecycle DRAFT → OPEN → CLOSED → SUMMARIZED, draft versions, moderation and
// adoption decisions, the indexes consultations and comments are listed under (with the text
// search of comments), what each caller may see, and the comment statistics. No gRPC, no Redis.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "renda/intake/v1/consultation.pb.h"
#include "services/common/auth.h"
#include "services/common/validation.h"

namespace renda::intake {

using v1::Consultation;
using v1::ConsultationComment;
using v1::DraftVersion;

// Store kinds and collections.
inline constexpr char kConsultationKind[] = "consultation";
inline constexpr char kConsultationCollection[] = "consultations";
inline constexpr char kDraftVersionKind[] = "consultationDraft";
inline constexpr char kDraftVersionCollection[] = "draftVersions";
inline constexpr char kCommentKind[] = "consultationComment";
inline constexpr char kCommentCollection[] = "comments";

// Bounds.
inline constexpr size_t kMaxTitleChars = 200;
inline constexpr size_t kMaxDescriptionChars = 5000;
inline constexpr int kMaxArticles = 500;
inline constexpr int kMaxArticleNumber = 9999;
inline constexpr size_t kMaxHeadingChars = 200;
inline constexpr size_t kMaxArticleChars = 10000;
inline constexpr size_t kMaxDraftChars = 200000;
inline constexpr size_t kMaxChangeNoteChars = 2000;
inline constexpr size_t kMaxCommentChars = 5000;
inline constexpr size_t kMaxCommenterNameChars = 64;
inline constexpr size_t kMaxCommenterContactChars = 128;
inline constexpr size_t kMaxModerationReasonChars = 500;
inline constexpr size_t kMaxDecisionReasonChars = 2000;
inline constexpr size_t kMaxSummaryChars = 20000;
inline constexpr size_t kMaxSearchChars = 100;

// Staff and admin: moderate, decide, see personal data and hidden comments.
bool IsConsultationStaff(const Caller& caller);
// Staff, leader and admin: read DRAFT consultations and who wrote drafts and summaries.
bool IsDraftReader(const Caller& caller);

// PERMISSION_DENIED (CONSULTATION_NOT_PUBLISHED) when the caller may not read a consultation in
// its state.
absl::Status CheckCanRead(const Caller& caller, const Consultation& consultation);

// Checks articles (1 to 500, numbers 1 to 9999 strictly increasing, heading and text bounds,
// at most kMaxDraftChars of text in all); `field` is the path of the repeated field.
void ValidateArticles(absl::string_view field, const google::protobuf::RepeatedPtrField<v1::DraftArticle>& articles,
                      Validator& v);
// Checks what staff set on a new consultation (field paths start with "consultation.");
// a planned close time must be after `now`.
void ValidateNewConsultation(const Consultation& input, absl::Time now, Validator& v);

// The id of draft `version` of consultation `consultation_id` (zero-padded, so ids sort by
// version) and its resource name.
std::string DraftVersionId(absl::string_view consultation_id, int version);
std::string DraftVersionName(absl::string_view consultation_name, int version);
// The index every draft version of a consultation is in.
std::string DraftVersionIndex(absl::string_view consultation_id);

// The consultation as first stored: DRAFT, with version 1 of its draft written by `caller`.
Consultation NewConsultation(const Consultation& input, const std::string& name, const Caller& caller, absl::Time now);
// The indexes a consultation is in: all, its state, its kind, and "published" unless DRAFT.
std::vector<std::string> ConsultationIndexes(const Consultation& consultation);
// The indexes a ListConsultations request needs (all of them), given who asks; PERMISSION_DENIED
// when a caller who may not read drafts asks for DRAFT ones.
absl::StatusOr<std::vector<std::string>> ConsultationListIndexes(const v1::ListConsultationsRequest& request,
                                                                 const Caller& caller);

// Lifecycle. Each answers FAILED_PRECONDITION (CONSULTATION_STATE) from a state it may not
// leave that way.
// A new draft version (DRAFT or OPEN only).
absl::StatusOr<Consultation> ApplyRevision(const Consultation& current,
                                           const google::protobuf::RepeatedPtrField<v1::DraftArticle>& articles,
                                           const std::string& change_note, const Caller& caller, absl::Time now);
// DRAFT → OPEN; `planned_close_time` (when set) replaces the planned one, which must be after now.
absl::StatusOr<Consultation> ApplyOpen(const Consultation& current,
                                       const google::protobuf::Timestamp* planned_close_time, absl::Time now);
// OPEN → CLOSED.
absl::StatusOr<Consultation> ApplyClose(const Consultation& current, absl::Time now);
// CLOSED → SUMMARIZED, with the summary text and the statistics at that moment.
absl::StatusOr<Consultation> ApplySummary(const Consultation& current, const std::string& text,
                                          const v1::CommentStatistics& statistics, const Caller& caller,
                                          absl::Time now);

// FAILED_PRECONDITION (CONSULTATION_NOT_OPEN) unless comments are accepted at `now`: OPEN and
// before the planned close time.
absl::Status CheckAcceptingComments(const Consultation& consultation, absl::Time now);

// Parts of a comment's name `congresses/{c}/consultations/{k}/comments/{id}`.
struct CommentName {
  std::string congress;
  std::string consultation_id;
  std::string comment_id;
  std::string consultation_name() const;
  std::string full_name() const;
  // The comment's id in the store (unique across consultations).
  std::string entity_id() const;
};
// Parses a comment name; a malformed one is recorded in `v` as a violation of `field`.
CommentName ParseCommentName(absl::string_view field, absl::string_view name, Validator& v);

// Checks what a commenter sets (field paths start with "comment.").
void ValidateNewComment(const ConsultationComment& input, Validator& v);
// The caller's comment on the consultation's current draft: PERMISSION_DENIED (CHANNEL_FOR_STAFF)
// when others than staff and admin use another channel than ONLINE; INVALID_ARGUMENT when the
// article is not in the current draft.
absl::Status CheckCommentFits(const ConsultationComment& input, const Consultation& consultation, const Caller& caller);
// The comment as first stored.
ConsultationComment NewComment(const ConsultationComment& input, const std::string& name,
                               const Consultation& consultation, const Caller& caller, absl::Time now);
// The indexes a comment of consultation `consultation_id` is in, text bigrams included.
std::vector<std::string> CommentIndexes(absl::string_view consultation_id, const ConsultationComment& comment);

// Moderation and decisions.
absl::StatusOr<ConsultationComment> ApplyHide(const ConsultationComment& current, const std::string& reason,
                                              const Caller& caller, absl::Time now);
absl::StatusOr<ConsultationComment> ApplyRestore(const ConsultationComment& current, const std::string& reason,
                                                 const Caller& caller, absl::Time now);
// FAILED_PRECONDITION (DECISIONS_FINAL) once the consultation is SUMMARIZED or before it is
// OPEN; FAILED_PRECONDITION (DECISION_UNCHANGED) for the same decision and reason again.
absl::StatusOr<ConsultationComment> ApplyDecision(const ConsultationComment& current, const Consultation& consultation,
                                                  v1::CommentDecision decision, const std::string& reason,
                                                  const Caller& caller, absl::Time now);
// FAILED_PRECONDITION (DECISIONS_FINAL) unless decisions may be made in the consultation's state.
absl::Status CheckDecisionsOpen(const Consultation& consultation);

// Checks a ListComments request's filters and page size.
void ValidateCommentListRequest(const v1::ListCommentsRequest& request, Validator& v);
// The indexes a ListComments request needs, given who asks; PERMISSION_DENIED when others than
// staff and admin ask for hidden comments.
absl::StatusOr<std::vector<std::string>> CommentListIndexes(absl::string_view consultation_id,
                                                            const v1::ListCommentsRequest& request,
                                                            const Caller& caller);
// A string that identifies a ListComments query (for page tokens), given who asks.
std::string CommentListScope(const v1::ListCommentsRequest& request, const Caller& caller);

// The index sizes GetCommentStatistics reads, in the order BuildStatistics expects them.
std::vector<std::string> StatisticsIndexes(absl::string_view consultation_id, const Consultation& consultation,
                                           bool staff_view);
// The statistics from the sizes of StatisticsIndexes (same order).
v1::CommentStatistics BuildStatistics(const Consultation& consultation, const std::vector<int64_t>& counts,
                                      bool staff_view);

// Removes what the caller may not see.
void RedactConsultation(Consultation& consultation, const Caller& caller);
void RedactDraftVersion(DraftVersion& version, const Caller& caller);
void RedactComment(ConsultationComment& comment, const Caller& caller);

}  // namespace renda::intake
