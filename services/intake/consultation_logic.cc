#include "services/intake/consultation_logic.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/text_index.h"
#include "services/common/time_util.h"

namespace renda::intake {
namespace {

using google::protobuf::RepeatedPtrField;
using v1::CommentChannel;
using v1::CommentDecision;
using v1::ConsultationState;

bool ValidTimestamp(const google::protobuf::Timestamp& t) {
  // 0001-01-01 to 9999-12-31, as google.protobuf.Timestamp allows; 1970 and before is no
  // planned time anyone means.
  return t.seconds() > 0 && t.seconds() <= 253402300799 && t.nanos() >= 0 && t.nanos() <= 999999999;
}

std::string MinuteInChina(absl::Time t) { return absl::FormatTime("%Y-%m-%d %H:%M", t, ChinaTime()); }

absl::string_view StateWord(ConsultationState s) {
  switch (s) {
    case v1::CONSULTATION_STATE_DRAFT:
      return "DRAFT";
    case v1::CONSULTATION_STATE_OPEN:
      return "OPEN";
    case v1::CONSULTATION_STATE_CLOSED:
      return "CLOSED";
    case v1::CONSULTATION_STATE_SUMMARIZED:
      return "SUMMARIZED";
    default:
      return "UNSPECIFIED";
  }
}

absl::Status WrongState(const Consultation& c, absl::string_view action, absl::string_view needed) {
  return MakeError(
      absl::StatusCode::kFailedPrecondition, "CONSULTATION_STATE",
      absl::StrCat(c.name(), " is ", StateWord(c.state()), "; only a ", needed, " consultation can be ", action));
}

// Comment index names, per consultation: "cc:<id>:<scope>[:<dimension>:<value>]" where scope is
// all, vis (visible) or hid (hidden); text bigrams under "cc:<id>:t".
std::string CommentIndex(absl::string_view cid, absl::string_view scope) {
  return absl::StrCat("cc:", cid, ":", scope);
}
std::string ArticleIndex(absl::string_view cid, absl::string_view scope, int article) {
  return absl::StrCat("cc:", cid, ":", scope, ":a:", article);
}
std::string ChannelIndex(absl::string_view cid, absl::string_view scope, int channel) {
  return absl::StrCat("cc:", cid, ":", scope, ":ch:", channel);
}
std::string DecisionIndex(absl::string_view cid, absl::string_view scope, int decision) {
  return absl::StrCat("cc:", cid, ":", scope, ":d:", decision);
}
std::string TextPrefix(absl::string_view cid) { return absl::StrCat("cc:", cid, ":t"); }

constexpr CommentChannel kChannels[] = {v1::COMMENT_CHANNEL_ONLINE, v1::COMMENT_CHANNEL_LEGISLATIVE_CONTACT_POINT,
                                        v1::COMMENT_CHANNEL_SYMPOSIUM, v1::COMMENT_CHANNEL_HEARING,
                                        v1::COMMENT_CHANNEL_LETTER};
constexpr CommentDecision kDecisions[] = {v1::COMMENT_DECISION_UNSPECIFIED, v1::COMMENT_DECISION_ADOPTED,
                                          v1::COMMENT_DECISION_PARTLY_ADOPTED, v1::COMMENT_DECISION_NOT_ADOPTED};

// The text search's query indexes: only pairs of characters are indexed, so a query needs at
// least one pair; empty otherwise.
std::vector<std::string> SearchIndexes(absl::string_view cid, absl::string_view query) {
  std::vector<std::string> out = TextQueryIndexes(TextPrefix(cid), query);
  for (const auto& ix : out) {
    if (!absl::StrContains(ix, ":t:2:")) return {};
  }
  return out;
}

}  // namespace

bool IsConsultationStaff(const Caller& caller) { return caller.Has(Role::kStaff) || caller.Has(Role::kAdmin); }

bool IsDraftReader(const Caller& caller) { return IsConsultationStaff(caller) || caller.Has(Role::kLeader); }

absl::Status CheckCanRead(const Caller& caller, const Consultation& consultation) {
  if (consultation.state() != v1::CONSULTATION_STATE_DRAFT || IsDraftReader(caller)) return absl::OkStatus();
  return MakeError(
      absl::StatusCode::kPermissionDenied, "CONSULTATION_NOT_PUBLISHED",
      absl::StrCat(consultation.name(), " is still being prepared; it can be read once congress staff open it"));
}

void ValidateArticles(absl::string_view field, const RepeatedPtrField<v1::DraftArticle>& articles, Validator& v) {
  if (articles.empty()) v.Add(field, "a draft needs at least one article");
  if (articles.size() > kMaxArticles) v.Add(field, absl::StrCat("a draft has at most ", kMaxArticles, " articles"));
  size_t total = 0;
  int previous = 0;
  for (int i = 0; i < articles.size() && i < kMaxArticles; ++i) {
    const auto& a = articles[i];
    const std::string path = absl::StrCat(field, "[", i, "]");
    if (a.number() < 1 || a.number() > kMaxArticleNumber) {
      v.Add(path + ".number", absl::StrCat("must be between 1 and ", kMaxArticleNumber, " (got ", a.number(), ")"));
    } else if (a.number() <= previous) {
      v.Add(path + ".number", absl::StrCat("article numbers must increase (", a.number(), " follows ", previous, ")"));
    }
    previous = std::max(previous, a.number());
    v.Text(path + ".heading", a.heading(), kMaxHeadingChars, false);
    v.Text(path + ".text", a.text(), kMaxArticleChars, true);
    total += a.text().size() > kMaxArticleChars * 4 ? kMaxArticleChars : Utf8Length(a.text());
  }
  if (total > kMaxDraftChars) {
    v.Add(field, absl::StrCat("the articles hold ", total, " characters; a draft holds at most ", kMaxDraftChars));
  }
}

void ValidateNewConsultation(const Consultation& input, absl::Time now, Validator& v) {
  v.Enum("consultation.kind", input.kind(), v1::ConsultationKind_descriptor(), true)
      .Text("consultation.title", input.title(), kMaxTitleChars, true)
      .Text("consultation.description", input.description(), kMaxDescriptionChars, false)
      .Text("consultation.draft.change_note", input.draft().change_note(), kMaxChangeNoteChars, false);
  ValidateArticles("consultation.draft.articles", input.draft().articles(), v);
  if (input.has_planned_close_time()) {
    if (!ValidTimestamp(input.planned_close_time())) {
      v.Add("consultation.planned_close_time", "is not a valid time");
    } else if (FromProtoTime(input.planned_close_time()) <= now) {
      v.Add("consultation.planned_close_time", "must be in the future");
    }
  }
}

std::string DraftVersionId(absl::string_view consultation_id, int version) {
  return absl::StrFormat("%s~%06d", consultation_id, version);
}

std::string DraftVersionName(absl::string_view consultation_name, int version) {
  return absl::StrCat(consultation_name, "/", kDraftVersionCollection, "/", version);
}

std::string DraftVersionIndex(absl::string_view consultation_id) {
  return absl::StrCat("consultationDrafts:", consultation_id);
}

Consultation NewConsultation(const Consultation& input, const std::string& name, const Caller& caller, absl::Time now) {
  Consultation c;
  c.set_name(name);
  c.set_kind(input.kind());
  c.set_title(input.title());
  c.set_description(input.description());
  c.set_state(v1::CONSULTATION_STATE_DRAFT);
  if (input.has_planned_close_time()) *c.mutable_planned_close_time() = input.planned_close_time();
  DraftVersion* d = c.mutable_draft();
  d->set_name(DraftVersionName(name, 1));
  d->set_version(1);
  *d->mutable_articles() = input.draft().articles();
  d->set_change_note(input.draft().change_note());
  d->set_author(caller.subject());
  *d->mutable_create_time() = ToProtoTime(now);
  c.set_draft_version_count(1);
  *c.mutable_create_time() = ToProtoTime(now);
  *c.mutable_update_time() = ToProtoTime(now);
  return c;
}

std::vector<std::string> ConsultationIndexes(const Consultation& c) {
  std::vector<std::string> out = {kConsultationCollection,
                                  absl::StrCat("consultations:state:", static_cast<int>(c.state())),
                                  absl::StrCat("consultations:kind:", static_cast<int>(c.kind()))};
  if (c.state() != v1::CONSULTATION_STATE_DRAFT) out.push_back("consultations:published");
  return out;
}

absl::StatusOr<std::vector<std::string>> ConsultationListIndexes(const v1::ListConsultationsRequest& request,
                                                                 const Caller& caller) {
  std::vector<std::string> out;
  if (request.state() == v1::CONSULTATION_STATE_DRAFT && !IsDraftReader(caller)) {
    return MakeError(absl::StatusCode::kPermissionDenied, "CONSULTATION_NOT_PUBLISHED",
                     "consultations in preparation (DRAFT) are listed to congress staff, leaders and admins only");
  }
  if (request.state() != v1::CONSULTATION_STATE_UNSPECIFIED) {
    out.push_back(absl::StrCat("consultations:state:", static_cast<int>(request.state())));
  } else if (!IsDraftReader(caller)) {
    out.push_back("consultations:published");
  }
  if (request.kind() != v1::CONSULTATION_KIND_UNSPECIFIED) {
    out.push_back(absl::StrCat("consultations:kind:", static_cast<int>(request.kind())));
  }
  if (out.empty()) out.push_back(kConsultationCollection);
  return out;
}

absl::StatusOr<Consultation> ApplyRevision(const Consultation& current,
                                           const RepeatedPtrField<v1::DraftArticle>& articles,
                                           const std::string& change_note, const Caller& caller, absl::Time now) {
  if (current.state() != v1::CONSULTATION_STATE_DRAFT && current.state() != v1::CONSULTATION_STATE_OPEN) {
    return WrongState(current, "revised", "DRAFT or OPEN");
  }
  Consultation next = current;
  const int version = current.draft_version_count() + 1;
  DraftVersion* d = next.mutable_draft();
  d->Clear();
  d->set_name(DraftVersionName(current.name(), version));
  d->set_version(version);
  *d->mutable_articles() = articles;
  d->set_change_note(change_note);
  d->set_author(caller.subject());
  *d->mutable_create_time() = ToProtoTime(now);
  next.set_draft_version_count(version);
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

absl::StatusOr<Consultation> ApplyOpen(const Consultation& current,
                                       const google::protobuf::Timestamp* planned_close_time, absl::Time now) {
  if (current.state() != v1::CONSULTATION_STATE_DRAFT) return WrongState(current, "opened", "DRAFT");
  Consultation next = current;
  if (planned_close_time != nullptr) *next.mutable_planned_close_time() = *planned_close_time;
  if (next.has_planned_close_time() && FromProtoTime(next.planned_close_time()) <= now) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "CLOSE_TIME_PASSED",
                     absl::StrCat("the planned close time ", MinuteInChina(FromProtoTime(next.planned_close_time())),
                                  " has passed; give a later planned_close_time to open it"));
  }
  next.set_state(v1::CONSULTATION_STATE_OPEN);
  *next.mutable_open_time() = ToProtoTime(now);
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

absl::StatusOr<Consultation> ApplyClose(const Consultation& current, absl::Time now) {
  if (current.state() != v1::CONSULTATION_STATE_OPEN) return WrongState(current, "closed", "OPEN");
  Consultation next = current;
  next.set_state(v1::CONSULTATION_STATE_CLOSED);
  *next.mutable_close_time() = ToProtoTime(now);
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

absl::StatusOr<Consultation> ApplySummary(const Consultation& current, const std::string& text,
                                          const v1::CommentStatistics& statistics, const Caller& caller,
                                          absl::Time now) {
  if (current.state() != v1::CONSULTATION_STATE_CLOSED) return WrongState(current, "summarized", "CLOSED");
  Consultation next = current;
  next.set_state(v1::CONSULTATION_STATE_SUMMARIZED);
  auto* s = next.mutable_summary();
  s->set_text(text);
  *s->mutable_statistics() = statistics;
  s->set_author(caller.subject());
  *s->mutable_create_time() = ToProtoTime(now);
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

absl::Status CheckAcceptingComments(const Consultation& c, absl::Time now) {
  if (c.state() != v1::CONSULTATION_STATE_OPEN) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "CONSULTATION_NOT_OPEN",
                     absl::StrCat(c.name(), " is ", StateWord(c.state()), " and does not take comments"));
  }
  if (c.has_planned_close_time() && now >= FromProtoTime(c.planned_close_time())) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "CONSULTATION_NOT_OPEN",
                     absl::StrCat(c.name(), " stopped taking comments at ",
                                  MinuteInChina(FromProtoTime(c.planned_close_time())), " (China Standard Time)"));
  }
  return absl::OkStatus();
}

std::string CommentName::consultation_name() const {
  return ResourceNameOf(congress, kConsultationCollection, consultation_id);
}

std::string CommentName::full_name() const {
  return absl::StrCat(consultation_name(), "/", kCommentCollection, "/", comment_id);
}

std::string CommentName::entity_id() const { return absl::StrCat(consultation_id, "~", comment_id); }

CommentName ParseCommentName(absl::string_view field, absl::string_view name, Validator& v) {
  CommentName out;
  const size_t at = name.rfind("/comments/");
  if (at == absl::string_view::npos) {
    v.Add(field, "must be congresses/{congress}/consultations/{consultation}/comments/{comment}");
    return out;
  }
  Validator inner;
  ResourceName parent = ParseResourceName(field, name.substr(0, at), kConsultationCollection, inner);
  absl::string_view id = name.substr(at + absl::string_view("/comments/").size());
  Validator id_check;
  id_check.Id(field, id, true);
  if (!inner.ok() || !id_check.ok()) {
    v.Add(field, "must be congresses/{congress}/consultations/{consultation}/comments/{comment}");
    return out;
  }
  out.congress = parent.congress;
  out.consultation_id = parent.id;
  out.comment_id = std::string(id);
  return out;
}

void ValidateNewComment(const ConsultationComment& input, Validator& v) {
  v.Range("comment.article_number", input.article_number(), 0, kMaxArticleNumber, true)
      .Text("comment.text", input.text(), kMaxCommentChars, true)
      .Enum("comment.channel", input.channel(), v1::CommentChannel_descriptor(), false)
      .Text("comment.commenter.display_name", input.commenter().display_name(), kMaxCommenterNameChars, false)
      .Text("comment.commenter.contact", input.commenter().contact(), kMaxCommenterContactChars, false);
  if (input.channel() == v1::COMMENT_CHANNEL_LEGISLATIVE_CONTACT_POINT) {
    v.Id("comment.contact_point_id", input.contact_point_id(), true);
  } else if (!input.contact_point_id().empty()) {
    v.Add("comment.contact_point_id", "is only for comments from a legislative contact point");
  }
}

absl::Status CheckCommentFits(const ConsultationComment& input, const Consultation& consultation,
                              const Caller& caller) {
  const CommentChannel channel =
      input.channel() == v1::COMMENT_CHANNEL_UNSPECIFIED ? v1::COMMENT_CHANNEL_ONLINE : input.channel();
  if (channel != v1::COMMENT_CHANNEL_ONLINE && !IsConsultationStaff(caller)) {
    return MakeError(absl::StatusCode::kPermissionDenied, "CHANNEL_FOR_STAFF",
                     absl::StrCat("comments by ", v1::CommentChannel_Name(channel),
                                  " are entered by congress staff; comment online instead"));
  }
  if (input.article_number() != 0) {
    const auto& articles = consultation.draft().articles();
    const bool found = std::any_of(articles.begin(), articles.end(),
                                   [&](const v1::DraftArticle& a) { return a.number() == input.article_number(); });
    if (!found) {
      return InvalidRequest(
          {{"comment.article_number",
            absl::StrCat("article ", input.article_number(), " is not in version ", consultation.draft().version(),
                         " of the draft; use 0 to comment on the whole draft")}});
    }
  }
  return absl::OkStatus();
}

ConsultationComment NewComment(const ConsultationComment& input, const std::string& name,
                               const Consultation& consultation, const Caller& caller, absl::Time now) {
  ConsultationComment c;
  c.set_name(name);
  c.set_article_number(input.article_number());
  c.set_draft_version(consultation.draft().version());
  c.set_text(input.text());
  c.set_channel(input.channel() == v1::COMMENT_CHANNEL_UNSPECIFIED ? v1::COMMENT_CHANNEL_ONLINE : input.channel());
  c.set_contact_point_id(input.contact_point_id());
  if (!input.commenter().display_name().empty() || !input.commenter().contact().empty()) {
    *c.mutable_commenter() = input.commenter();
  }
  if (!caller.anonymous) c.set_submitted_by(caller.subject());
  *c.mutable_create_time() = ToProtoTime(now);
  *c.mutable_update_time() = ToProtoTime(now);
  return c;
}

std::vector<std::string> CommentIndexes(absl::string_view cid, const ConsultationComment& c) {
  const absl::string_view visibility = c.hidden() ? "hid" : "vis";
  std::vector<std::string> out = {CommentIndex(cid, "all"), CommentIndex(cid, visibility)};
  for (absl::string_view scope : {absl::string_view("all"), visibility}) {
    out.push_back(ArticleIndex(cid, scope, c.article_number()));
    out.push_back(ChannelIndex(cid, scope, c.channel()));
    out.push_back(DecisionIndex(cid, scope, c.decision()));
  }
  absl::flat_hash_set<std::string> seen;
  AppendTextIndexes(TextPrefix(cid), c.text(), /*unigrams=*/false, seen, out);
  return out;
}

absl::StatusOr<ConsultationComment> ApplyHide(const ConsultationComment& current, const std::string& reason,
                                              const Caller& caller, absl::Time now) {
  if (current.hidden()) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "COMMENT_ALREADY_HIDDEN",
                     absl::StrCat(current.name(), " is already hidden"));
  }
  ConsultationComment next = current;
  next.set_hidden(true);
  auto* m = next.add_moderation_history();
  m->set_action(v1::COMMENT_MODERATION_ACTION_HIDE);
  m->set_reason(reason);
  m->set_actor(caller.subject());
  *m->mutable_time() = ToProtoTime(now);
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

absl::StatusOr<ConsultationComment> ApplyRestore(const ConsultationComment& current, const std::string& reason,
                                                 const Caller& caller, absl::Time now) {
  if (!current.hidden()) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "COMMENT_NOT_HIDDEN",
                     absl::StrCat(current.name(), " is not hidden"));
  }
  ConsultationComment next = current;
  next.set_hidden(false);
  auto* m = next.add_moderation_history();
  m->set_action(v1::COMMENT_MODERATION_ACTION_RESTORE);
  m->set_reason(reason);
  m->set_actor(caller.subject());
  *m->mutable_time() = ToProtoTime(now);
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

absl::Status CheckDecisionsOpen(const Consultation& c) {
  if (c.state() == v1::CONSULTATION_STATE_OPEN || c.state() == v1::CONSULTATION_STATE_CLOSED) return absl::OkStatus();
  if (c.state() == v1::CONSULTATION_STATE_SUMMARIZED) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "DECISIONS_FINAL",
                     absl::StrCat(c.name(), " is summarized; its decisions are final"));
  }
  return MakeError(absl::StatusCode::kFailedPrecondition, "DECISIONS_FINAL",
                   absl::StrCat(c.name(), " is ", StateWord(c.state()), "; decisions are made once it is open"));
}

absl::StatusOr<ConsultationComment> ApplyDecision(const ConsultationComment& current, const Consultation& consultation,
                                                  CommentDecision decision, const std::string& reason,
                                                  const Caller& caller, absl::Time now) {
  if (auto s = CheckDecisionsOpen(consultation); !s.ok()) return s;
  if (current.decision() == decision && current.decision_reason() == reason) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "DECISION_UNCHANGED",
                     absl::StrCat(current.name(), " already has this decision and reason"));
  }
  ConsultationComment next = current;
  next.set_decision(decision);
  next.set_decision_reason(reason);
  auto* d = next.add_decision_history();
  d->set_decision(decision);
  d->set_reason(reason);
  d->set_actor(caller.subject());
  *d->mutable_time() = ToProtoTime(now);
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

void ValidateCommentListRequest(const v1::ListCommentsRequest& r, Validator& v) {
  v.PageSize("page_size", r.page_size(), 200)
      .Range("article_number", r.article_number(), -1, kMaxArticleNumber, true)
      .Enum("channel", r.channel(), v1::CommentChannel_descriptor(), false)
      .Enum("decision", r.decision(), v1::CommentDecision_descriptor(), false)
      .Enum("visibility", r.visibility(), v1::CommentVisibility_descriptor(), false)
      .Text("text_contains", r.text_contains(), kMaxSearchChars, false);
  if (r.undecided() && r.decision() != v1::COMMENT_DECISION_UNSPECIFIED) {
    v.Add("undecided", "cannot be combined with a decision filter");
  }
  if (!r.text_contains().empty() && IsValidUtf8(r.text_contains()) && SearchIndexes("x", r.text_contains()).empty()) {
    v.Add("text_contains", "needs at least 2 adjacent characters (not spaces) to search by");
  }
}

absl::StatusOr<std::vector<std::string>> CommentListIndexes(absl::string_view cid, const v1::ListCommentsRequest& r,
                                                            const Caller& caller) {
  const bool staff = IsConsultationStaff(caller);
  if (r.visibility() == v1::COMMENT_VISIBILITY_HIDDEN && !staff) {
    return MakeError(absl::StatusCode::kPermissionDenied, "HIDDEN_FOR_STAFF",
                     "hidden comments are shown to congress staff and admins only");
  }
  absl::string_view scope = "all";
  if (!staff || r.visibility() == v1::COMMENT_VISIBILITY_VISIBLE) scope = "vis";
  if (r.visibility() == v1::COMMENT_VISIBILITY_HIDDEN) scope = "hid";
  std::vector<std::string> out = {CommentIndex(cid, scope)};
  // The filters use the "all" scope (the visibility index above narrows them).
  if (r.article_number() != 0) out.push_back(ArticleIndex(cid, "all", r.article_number() < 0 ? 0 : r.article_number()));
  if (r.channel() != v1::COMMENT_CHANNEL_UNSPECIFIED) out.push_back(ChannelIndex(cid, "all", r.channel()));
  if (r.decision() != v1::COMMENT_DECISION_UNSPECIFIED) out.push_back(DecisionIndex(cid, "all", r.decision()));
  if (r.undecided()) out.push_back(DecisionIndex(cid, "all", v1::COMMENT_DECISION_UNSPECIFIED));
  if (!r.text_contains().empty()) {
    for (auto& ix : SearchIndexes(cid, r.text_contains())) out.push_back(std::move(ix));
  }
  return out;
}

std::string CommentListScope(const v1::ListCommentsRequest& r, const Caller& caller) {
  return absl::StrCat("ListComments|", r.parent(), "|", r.article_number(), "|", r.channel(), "|", r.decision(), "|",
                      r.undecided(), "|", r.visibility(), "|", r.text_contains(), "|", r.newest_first(), "|",
                      IsConsultationStaff(caller));
}

std::vector<std::string> StatisticsIndexes(absl::string_view cid, const Consultation& consultation, bool staff_view) {
  const absl::string_view scope = staff_view ? "all" : "vis";
  std::vector<std::string> out = {CommentIndex(cid, scope), CommentIndex(cid, "hid"), ArticleIndex(cid, scope, 0)};
  for (const auto& a : consultation.draft().articles()) out.push_back(ArticleIndex(cid, scope, a.number()));
  for (CommentChannel ch : kChannels) out.push_back(ChannelIndex(cid, scope, ch));
  for (CommentDecision d : kDecisions) out.push_back(DecisionIndex(cid, scope, d));
  return out;
}

v1::CommentStatistics BuildStatistics(const Consultation& consultation, const std::vector<int64_t>& counts,
                                      bool staff_view) {
  v1::CommentStatistics s;
  size_t i = 0;
  auto next = [&]() -> int64_t { return i < counts.size() ? counts[i++] : 0; };
  s.set_total_count(next());
  const int64_t hidden = next();
  if (staff_view) s.set_hidden_count(hidden);
  s.set_whole_draft_count(next());
  for (const auto& a : consultation.draft().articles()) {
    auto* ac = s.add_articles();
    ac->set_article_number(a.number());
    ac->set_heading(a.heading());
    ac->set_comment_count(next());
  }
  for (CommentChannel ch : kChannels) {
    const int64_t n = next();
    if (n == 0) continue;
    auto* cc = s.add_channels();
    cc->set_channel(ch);
    cc->set_comment_count(n);
  }
  for (CommentDecision d : kDecisions) {
    const int64_t n = next();
    if (n == 0) continue;
    auto* dc = s.add_decisions();
    dc->set_decision(d);
    dc->set_comment_count(n);
  }
  return s;
}

void RedactDraftVersion(DraftVersion& version, const Caller& caller) {
  if (!IsDraftReader(caller)) version.clear_author();
}

void RedactConsultation(Consultation& consultation, const Caller& caller) {
  RedactDraftVersion(*consultation.mutable_draft(), caller);
  if (!IsDraftReader(caller) && consultation.has_summary()) {
    consultation.mutable_summary()->clear_author();
    consultation.mutable_summary()->mutable_statistics()->set_hidden_count(0);
  }
}

void RedactComment(ConsultationComment& comment, const Caller& caller) {
  if (IsConsultationStaff(caller)) return;
  comment.clear_commenter();
  comment.clear_submitted_by();
  comment.clear_moderation_history();
  for (auto& d : *comment.mutable_decision_history()) d.clear_actor();
}

}  // namespace renda::intake
