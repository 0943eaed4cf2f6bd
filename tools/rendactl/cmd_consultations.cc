// rendactl consultations create|get|list|versions|revise|open|close|summarize|stats and
// rendactl comments add|get|list|hide|restore|decide: public consultations (公开征集意见).

#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "renda/intake/v1/consultation.grpc.pb.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/enum_flags.h"
#include "tools/rendactl/output.h"
#include "services/common/time_util.h"

namespace rendactl {
namespace {

namespace in = renda::intake::v1;

constexpr char kService[] = "intake";
constexpr char kCollection[] = "consultations";

const FieldFlags& ConsultationFieldFlags() {
  static const FieldFlags* flags = new FieldFlags{
      {"parent", "--congress / --consultation"},
      {"name", "ID"},
      {"request_id", "--request-id"},
      {"page_size", "--page-size"},
      {"page_token", "--page-token"},
      {"state", "--state"},
      {"kind", "--kind"},
      {"version", "--version"},
      {"etag", "--etag"},
      {"consultation_id", "--id"},
      {"consultation.kind", "--kind"},
      {"consultation.title", "--title"},
      {"consultation.description", "--description"},
      {"consultation.planned_close_time", "--close-at"},
      {"consultation.draft.articles", "--article / --draft-file"},
      {"consultation.draft.change_note", "--note"},
      {"articles", "--article / --draft-file"},
      {"change_note", "--note"},
      {"planned_close_time", "--close-at"},
      {"summary", "--summary"},
      {"comment.article_number", "--article"},
      {"comment.text", "--text"},
      {"comment.channel", "--channel"},
      {"comment.contact_point_id", "--contact-point"},
      {"comment.commenter.display_name", "--contact-name"},
      {"comment.commenter.contact", "--contact"},
      {"article_number", "--article"},
      {"channel", "--channel"},
      {"decision", "--decision"},
      {"undecided", "--undecided"},
      {"visibility", "--hidden / --visible"},
      {"text_contains", "--search"},
      {"reason", "--reason"},
  };
  return *flags;
}

// "2026-06-30 18:00" (or a bare date, meaning its start), China time.
absl::Status CloseAtFlag(const Args& args, google::protobuf::Timestamp* out) {
  const std::string text = args.Get("close-at");
  absl::CivilMinute minute;
  if (!absl::ParseLenientCivilTime(absl::StrReplaceAll(text, {{" ", "T"}}), &minute)) {
    return UsageError(absl::StrCat("--close-at: want 'YYYY-MM-DD HH:MM' or YYYY-MM-DD (China time), got '", text, "'"),
                      false);
  }
  out->set_seconds(absl::ToUnixSeconds(absl::FromCivil(minute, renda::ChinaTime())));
  return absl::OkStatus();
}

// The articles of --draft-file (an article starts at a line "## N heading"; the lines after it
// are its text) followed by those of each --article N=TEXT.
absl::Status ArticlesFlags(const Args& args, google::protobuf::RepeatedPtrField<in::DraftArticle>* out) {
  if (args.Has("draft-file")) {
    std::ifstream file(args.Get("draft-file"));
    if (!file) return UsageError(absl::StrCat("--draft-file: cannot read '", args.Get("draft-file"), "'"), false);
    std::string line;
    in::DraftArticle* current = nullptr;
    while (std::getline(file, line)) {
      absl::string_view l = absl::StripTrailingAsciiWhitespace(line);
      if (absl::ConsumePrefix(&l, "## ")) {
        std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(l, absl::MaxSplits(' ', 1));
        int number = 0;
        if (!absl::SimpleAtoi(parts.first, &number)) {
          return UsageError(absl::StrCat("--draft-file: '## ", l, "' does not start with an article number"), false);
        }
        current = out->Add();
        current->set_number(number);
        current->set_heading(std::string(absl::StripAsciiWhitespace(parts.second)));
      } else if (current != nullptr && !l.empty()) {
        if (!current->text().empty()) current->mutable_text()->append("\n");
        current->mutable_text()->append(l.data(), l.size());
      }
    }
  }
  for (const std::string& a : args.GetAll("article")) {
    std::pair<std::string, std::string> parts = absl::StrSplit(a, absl::MaxSplits('=', 1));
    int number = 0;
    if (!absl::SimpleAtoi(parts.first, &number) || parts.second.empty()) {
      return UsageError(absl::StrCat("--article: want N=TEXT, got '", a, "'"), false);
    }
    auto* article = out->Add();
    article->set_number(number);
    article->set_text(parts.second);
  }
  return absl::OkStatus();
}

void PrintConsultation(const in::Consultation& c) {
  Fields fields;
  fields.Add("name", c.name());
  fields.Add("title", c.title());
  fields.Add("kind", EnumFlagName(in::ConsultationKind_descriptor(), c.kind()));
  fields.Add("state", EnumFlagName(in::ConsultationState_descriptor(), c.state()));
  fields.Add("draft version", absl::StrCat(c.draft().version(), " of ", c.draft_version_count()));
  fields.Add("change note", c.draft().change_note());
  fields.Add("planned close", FormatTimestamp(c.planned_close_time()));
  fields.Add("opened", FormatTimestamp(c.open_time()));
  fields.Add("closed", FormatTimestamp(c.close_time()));
  fields.Add("created", FormatTimestamp(c.create_time()));
  fields.Add("etag", c.etag());
  if (c.has_summary()) {
    fields.Add("comments", absl::StrCat(c.summary().statistics().total_count(), " shown, ",
                                        c.summary().statistics().hidden_count(), " hidden"));
  }
  fields.Print(stdout);
  if (!c.description().empty()) std::printf("\n%s\n", c.description().c_str());
  for (const auto& a : c.draft().articles()) {
    std::printf("\n第%d条%s%s\n%s\n", a.number(), a.heading().empty() ? "" : " ", a.heading().c_str(),
                a.text().c_str());
  }
  if (c.has_summary()) std::printf("\n总结：\n%s\n", c.summary().text().c_str());
}

std::string ArticleLabel(int number) { return number == 0 ? "whole draft" : absl::StrCat(number); }

void PrintComment(const in::ConsultationComment& c) {
  Fields fields;
  fields.Add("name", c.name());
  fields.Add("article", ArticleLabel(c.article_number()));
  fields.Add("draft version", absl::StrCat(c.draft_version()));
  fields.Add("channel", EnumFlagName(in::CommentChannel_descriptor(), c.channel()));
  fields.Add("contact point", c.contact_point_id());
  fields.Add("commenter", c.commenter().display_name());
  fields.Add("contact", c.commenter().contact());
  fields.Add("entered by", c.submitted_by());
  fields.Add("hidden", c.hidden() ? "yes" : "");
  fields.Add("decision", c.decision() == in::COMMENT_DECISION_UNSPECIFIED
                             ? ""
                             : EnumFlagName(in::CommentDecision_descriptor(), c.decision()));
  fields.Add("reason", c.decision_reason());
  fields.Add("received", FormatTimestamp(c.create_time()));
  fields.Add("etag", c.etag());
  fields.Print(stdout);
  std::printf("\n%s\n", c.text().c_str());
  for (const auto& m : c.moderation_history()) {
    std::printf("  %s %s by %s: %s\n", FormatTimestamp(m.time()).c_str(),
                EnumFlagName(in::CommentModerationAction_descriptor(), m.action()).c_str(), m.actor().c_str(),
                m.reason().c_str());
  }
  for (const auto& d : c.decision_history()) {
    std::printf("  %s %s%s%s: %s\n", FormatTimestamp(d.time()).c_str(),
                EnumFlagName(in::CommentDecision_descriptor(), d.decision()).c_str(), d.actor().empty() ? "" : " by ",
                d.actor().c_str(), d.reason().c_str());
  }
}

template <class Request, class Response>
using Method = grpc::Status (in::ConsultationService::Stub::*)(grpc::ClientContext*, const Request&, Response*);

// Calls one ConsultationService method and prints its response: JSON, or by `print`.
template <class Request, class Response>
absl::Status CallAndPrint(const Invocation& inv, Method<Request, Response> method, const Request& request,
                          const std::function<void(const Response&)>& print) {
  Connection connection(inv.global, kService);
  auto stub = in::ConsultationService::NewStub(connection.channel());
  Response response;
  absl::Status s =
      connection.Call([&](grpc::ClientContext* c) { return (stub.get()->*method)(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  print(response);
  return absl::OkStatus();
}

absl::Status RunCreate(const Invocation& inv) {
  const Args& args = inv.args;
  in::CreateConsultationRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_consultation_id(args.Get("id"));
  request.set_request_id(args.Get("request-id"));
  in::Consultation* c = request.mutable_consultation();
  absl::StatusOr<int> kind = args.GetEnum("kind", in::ConsultationKind_descriptor());
  if (!kind.ok()) return kind.status();
  c->set_kind(static_cast<in::ConsultationKind>(*kind));
  c->set_title(args.Get("title"));
  c->set_description(args.Get("description"));
  c->mutable_draft()->set_change_note(args.Get("note"));
  if (args.Has("close-at")) {
    if (absl::Status s = CloseAtFlag(args, c->mutable_planned_close_time()); !s.ok()) return s;
  }
  if (absl::Status s = ArticlesFlags(args, c->mutable_draft()->mutable_articles()); !s.ok()) return s;
  return CallAndPrint<in::CreateConsultationRequest, in::CreateConsultationResponse>(
      inv, &in::ConsultationService::Stub::CreateConsultation, request,
      [](const in::CreateConsultationResponse& r) { PrintConsultation(r.consultation()); });
}

absl::Status RunGet(const Invocation& inv) {
  in::GetConsultationRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  absl::StatusOr<int> version = inv.args.GetInt("version", 0);
  if (!version.ok()) return version.status();
  request.set_version(*version);
  return CallAndPrint<in::GetConsultationRequest, in::GetConsultationResponse>(
      inv, &in::ConsultationService::Stub::GetConsultation, request,
      [](const in::GetConsultationResponse& r) { PrintConsultation(r.consultation()); });
}

absl::Status RunList(const Invocation& inv) {
  const Args& args = inv.args;
  in::ListConsultationsRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  absl::StatusOr<int> state = args.GetEnum("state", in::ConsultationState_descriptor());
  if (!state.ok()) return state.status();
  request.set_state(static_cast<in::ConsultationState>(*state));
  absl::StatusOr<int> kind = args.GetEnum("kind", in::ConsultationKind_descriptor());
  if (!kind.ok()) return kind.status();
  request.set_kind(static_cast<in::ConsultationKind>(*kind));
  int page_size = 0;
  if (absl::Status s = PageSizeFlag(args, &page_size); !s.ok()) return s;
  request.set_page_size(page_size);

  Connection connection(inv.global, kService);
  auto stub = in::ConsultationService::NewStub(connection.channel());
  in::ListConsultationsResponse all;
  absl::Status s = CollectPages<in::ListConsultationsResponse>(
      args,
      [&](const std::string& token, in::ListConsultationsResponse* page) {
        request.set_page_token(token);
        return connection.Call([&](grpc::ClientContext* c) { return stub->ListConsultations(c, request, page); });
      },
      &all);
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.consultations_size() == 0) {
    std::printf("no consultations\n");
  } else {
    Table table({"ID", "KIND", "STATE", "VERSION", "CLOSES", "TITLE"});
    table.AlignRight(3);
    for (const in::Consultation& c : all.consultations()) {
      table.AddRow({IdOf(c.name()), EnumFlagName(in::ConsultationKind_descriptor(), c.kind()),
                    EnumFlagName(in::ConsultationState_descriptor(), c.state()), absl::StrCat(c.draft_version_count()),
                    FormatTimestamp(c.planned_close_time()), Truncate(c.title(), 40)});
    }
    table.Print(stdout);
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

absl::Status RunVersions(const Invocation& inv) {
  in::ListDraftVersionsRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_parent(*name);
  request.set_page_size(100);
  return CallAndPrint<in::ListDraftVersionsRequest, in::ListDraftVersionsResponse>(
      inv, &in::ConsultationService::Stub::ListDraftVersions, request, [](const in::ListDraftVersionsResponse& r) {
        Table table({"VERSION", "MADE", "BY", "ARTICLES", "CHANGE NOTE"});
        for (const auto& d : r.draft_versions()) {
          table.AddRow({absl::StrCat(d.version()), FormatTimestamp(d.create_time()), d.author(),
                        absl::StrCat(d.articles_size()), Truncate(d.change_note(), 50)});
        }
        table.Print(stdout);
      });
}

absl::Status RunRevise(const Invocation& inv) {
  in::ReviseDraftRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  if (absl::Status s = ArticlesFlags(inv.args, request.mutable_articles()); !s.ok()) return s;
  request.set_change_note(inv.args.Get("note"));
  request.set_etag(inv.args.Get("etag"));
  request.set_request_id(inv.args.Get("request-id"));
  return CallAndPrint<in::ReviseDraftRequest, in::ReviseDraftResponse>(
      inv, &in::ConsultationService::Stub::ReviseDraft, request,
      [](const in::ReviseDraftResponse& r) { PrintConsultation(r.consultation()); });
}

absl::Status RunOpen(const Invocation& inv) {
  in::OpenConsultationRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  if (inv.args.Has("close-at")) {
    if (absl::Status s = CloseAtFlag(inv.args, request.mutable_planned_close_time()); !s.ok()) return s;
  }
  request.set_etag(inv.args.Get("etag"));
  request.set_request_id(inv.args.Get("request-id"));
  return CallAndPrint<in::OpenConsultationRequest, in::OpenConsultationResponse>(
      inv, &in::ConsultationService::Stub::OpenConsultation, request,
      [](const in::OpenConsultationResponse& r) { PrintConsultation(r.consultation()); });
}

absl::Status RunClose(const Invocation& inv) {
  in::CloseConsultationRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  request.set_etag(inv.args.Get("etag"));
  request.set_request_id(inv.args.Get("request-id"));
  return CallAndPrint<in::CloseConsultationRequest, in::CloseConsultationResponse>(
      inv, &in::ConsultationService::Stub::CloseConsultation, request,
      [](const in::CloseConsultationResponse& r) { PrintConsultation(r.consultation()); });
}

absl::Status RunSummarize(const Invocation& inv) {
  in::SummarizeConsultationRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  request.set_summary(inv.args.Get("summary"));
  request.set_etag(inv.args.Get("etag"));
  request.set_request_id(inv.args.Get("request-id"));
  return CallAndPrint<in::SummarizeConsultationRequest, in::SummarizeConsultationResponse>(
      inv, &in::ConsultationService::Stub::SummarizeConsultation, request,
      [](const in::SummarizeConsultationResponse& r) { PrintConsultation(r.consultation()); });
}

absl::Status RunStats(const Invocation& inv) {
  in::GetCommentStatisticsRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_parent(*name);
  return CallAndPrint<in::GetCommentStatisticsRequest, in::GetCommentStatisticsResponse>(
      inv, &in::ConsultationService::Stub::GetCommentStatistics, request,
      [](const in::GetCommentStatisticsResponse& r) {
        const auto& s = r.statistics();
        std::printf("%lld comments (%lld hidden), %lld on the whole draft\n\n", static_cast<long long>(s.total_count()),
                    static_cast<long long>(s.hidden_count()), static_cast<long long>(s.whole_draft_count()));
        Table table({"ARTICLE", "COMMENTS", "HEADING"});
        table.AlignRight(0);
        table.AlignRight(1);
        for (const auto& a : s.articles()) {
          table.AddRow({absl::StrCat(a.article_number()), absl::StrCat(a.comment_count()), a.heading()});
        }
        table.Print(stdout);
        for (const auto& c : s.channels()) {
          std::printf("%s: %lld\n", EnumFlagName(in::CommentChannel_descriptor(), c.channel()).c_str(),
                      static_cast<long long>(c.comment_count()));
        }
        for (const auto& d : s.decisions()) {
          std::printf("%s: %lld\n",
                      d.decision() == in::COMMENT_DECISION_UNSPECIFIED
                          ? "undecided"
                          : EnumFlagName(in::CommentDecision_descriptor(), d.decision()).c_str(),
                      static_cast<long long>(d.comment_count()));
        }
      });
}

// The consultation of --consultation (an id with --congress, or a full name).
absl::StatusOr<std::string> ConsultationFlag(const Args& args) {
  return ResourceFlag(args, "consultation", args.Get("consultation"), kCollection);
}

// The comment named by the argument: a full name, or an id within --consultation.
absl::StatusOr<std::string> CommentArg(const Args& args) {
  if (args.positional().empty()) return UsageError("missing the comment id");
  const std::string& text = args.positional().front();
  if (absl::StartsWith(text, "congresses/")) return text;
  if (!IsId(text)) return UsageError(absl::StrCat("'", text, "' is not a comment id (a-z, 0-9 and '-')"), false);
  if (!args.Has("consultation")) return UsageError("--consultation is needed with a comment id");
  absl::StatusOr<std::string> parent = ConsultationFlag(args);
  if (!parent.ok()) return parent.status();
  return absl::StrCat(*parent, "/comments/", text);
}

absl::Status RunAddComment(const Invocation& inv) {
  const Args& args = inv.args;
  in::AddCommentRequest request;
  absl::StatusOr<std::string> parent = ConsultationFlag(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_request_id(args.Get("request-id"));
  in::ConsultationComment* c = request.mutable_comment();
  absl::StatusOr<int> article = args.GetInt("article", 0);
  if (!article.ok()) return article.status();
  c->set_article_number(*article);
  c->set_text(args.Get("text"));
  absl::StatusOr<int> channel = args.GetEnum("channel", in::CommentChannel_descriptor(), in::COMMENT_CHANNEL_ONLINE);
  if (!channel.ok()) return channel.status();
  c->set_channel(static_cast<in::CommentChannel>(*channel));
  c->set_contact_point_id(args.Get("contact-point"));
  c->mutable_commenter()->set_display_name(args.Get("contact-name"));
  c->mutable_commenter()->set_contact(args.Get("contact"));
  return CallAndPrint<in::AddCommentRequest, in::AddCommentResponse>(
      inv, &in::ConsultationService::Stub::AddComment, request,
      [](const in::AddCommentResponse& r) { PrintComment(r.comment()); });
}

absl::Status RunGetComment(const Invocation& inv) {
  in::GetCommentRequest request;
  absl::StatusOr<std::string> name = CommentArg(inv.args);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  return CallAndPrint<in::GetCommentRequest, in::GetCommentResponse>(
      inv, &in::ConsultationService::Stub::GetComment, request,
      [](const in::GetCommentResponse& r) { PrintComment(r.comment()); });
}

absl::Status RunListComments(const Invocation& inv) {
  const Args& args = inv.args;
  in::ListCommentsRequest request;
  absl::StatusOr<std::string> parent = ConsultationFlag(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  absl::StatusOr<int> article = args.GetInt("article", 0);
  if (!article.ok()) return article.status();
  request.set_article_number(args.Has("whole-draft") ? -1 : *article);
  absl::StatusOr<int> channel = args.GetEnum("channel", in::CommentChannel_descriptor());
  if (!channel.ok()) return channel.status();
  request.set_channel(static_cast<in::CommentChannel>(*channel));
  absl::StatusOr<int> decision = args.GetEnum("decision", in::CommentDecision_descriptor());
  if (!decision.ok()) return decision.status();
  request.set_decision(static_cast<in::CommentDecision>(*decision));
  request.set_undecided(args.Has("undecided"));
  if (args.Has("hidden") && args.Has("visible")) return UsageError("give --hidden or --visible, not both", false);
  if (args.Has("hidden")) request.set_visibility(in::COMMENT_VISIBILITY_HIDDEN);
  if (args.Has("visible")) request.set_visibility(in::COMMENT_VISIBILITY_VISIBLE);
  request.set_text_contains(args.Get("search"));
  request.set_newest_first(args.Has("newest-first"));
  int page_size = 0;
  if (absl::Status s = PageSizeFlag(args, &page_size); !s.ok()) return s;
  request.set_page_size(page_size);

  Connection connection(inv.global, kService);
  auto stub = in::ConsultationService::NewStub(connection.channel());
  in::ListCommentsResponse all;
  absl::Status s = CollectPages<in::ListCommentsResponse>(
      args,
      [&](const std::string& token, in::ListCommentsResponse* page) {
        request.set_page_token(token);
        return connection.Call([&](grpc::ClientContext* c) { return stub->ListComments(c, request, page); });
      },
      &all);
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.comments_size() == 0) {
    std::printf("no comments\n");
  } else {
    Table table({"ID", "RECEIVED", "ARTICLE", "CHANNEL", "HIDDEN", "DECISION", "TEXT"});
    for (const in::ConsultationComment& c : all.comments()) {
      table.AddRow({IdOf(c.name()), FormatTimestamp(c.create_time()), ArticleLabel(c.article_number()),
                    EnumFlagName(in::CommentChannel_descriptor(), c.channel()), c.hidden() ? "hidden" : "",
                    c.decision() == in::COMMENT_DECISION_UNSPECIFIED
                        ? ""
                        : EnumFlagName(in::CommentDecision_descriptor(), c.decision()),
                    Truncate(absl::StrReplaceAll(c.text(), {{"\n", " "}}), 40)});
    }
    table.Print(stdout);
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

absl::Status RunHide(const Invocation& inv) {
  in::HideCommentRequest request;
  absl::StatusOr<std::string> name = CommentArg(inv.args);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  request.set_reason(inv.args.Get("reason"));
  request.set_etag(inv.args.Get("etag"));
  request.set_request_id(inv.args.Get("request-id"));
  return CallAndPrint<in::HideCommentRequest, in::HideCommentResponse>(
      inv, &in::ConsultationService::Stub::HideComment, request,
      [](const in::HideCommentResponse& r) { PrintComment(r.comment()); });
}

absl::Status RunRestore(const Invocation& inv) {
  in::RestoreCommentRequest request;
  absl::StatusOr<std::string> name = CommentArg(inv.args);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  request.set_reason(inv.args.Get("reason"));
  request.set_etag(inv.args.Get("etag"));
  request.set_request_id(inv.args.Get("request-id"));
  return CallAndPrint<in::RestoreCommentRequest, in::RestoreCommentResponse>(
      inv, &in::ConsultationService::Stub::RestoreComment, request,
      [](const in::RestoreCommentResponse& r) { PrintComment(r.comment()); });
}

absl::Status RunDecide(const Invocation& inv) {
  in::DecideCommentRequest request;
  absl::StatusOr<std::string> name = CommentArg(inv.args);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  absl::StatusOr<int> decision = inv.args.GetEnum("decision", in::CommentDecision_descriptor());
  if (!decision.ok()) return decision.status();
  request.set_decision(static_cast<in::CommentDecision>(*decision));
  request.set_reason(inv.args.Get("reason"));
  request.set_etag(inv.args.Get("etag"));
  request.set_request_id(inv.args.Get("request-id"));
  return CallAndPrint<in::DecideCommentRequest, in::DecideCommentResponse>(
      inv, &in::ConsultationService::Stub::DecideComment, request,
      [](const in::DecideCommentResponse& r) { PrintComment(r.comment()); });
}

FlagSpec EtagFlag() { return {.name = "etag", .value_name = "E", .help = "refuse if it changed since read (etag)"}; }

std::vector<FlagSpec> ArticleFlags() {
  return {
      {.name = "article",
       .value_name = "N=TEXT",
       .help = "article N with its text (repeatable, in order)",
       .repeated = true},
      {.name = "draft-file",
       .value_name = "PATH",
       .help = "the articles from a file: a line '## N heading' starts article N, the lines after are its text"},
      {.name = "note", .value_name = "TEXT", .help = "what changed in this version"},
  };
}

Command ConsultationCommand(std::string verb, std::string summary, std::vector<FlagSpec> flags,
                            absl::Status (*run)(const Invocation&)) {
  flags.insert(flags.begin(), CongressFlag(false));
  return {.group = "consultations",
          .verb = std::move(verb),
          .service = kService,
          .summary = std::move(summary),
          .positional = "ID",
          .positional_required = true,
          .flags = std::move(flags),
          .field_flags = ConsultationFieldFlags(),
          .run = run};
}

Command CommentCommand(std::string verb, std::string summary, std::vector<FlagSpec> flags,
                       absl::Status (*run)(const Invocation&)) {
  flags.insert(flags.begin(), {.name = "consultation",
                               .value_name = "ID",
                               .help = "the consultation (an id with --congress, or its full name)"});
  flags.insert(flags.begin(), CongressFlag(false));
  return {.group = "comments",
          .verb = std::move(verb),
          .service = kService,
          .summary = std::move(summary),
          .positional = "COMMENT",
          .positional_required = true,
          .flags = std::move(flags),
          .field_flags = ConsultationFieldFlags(),
          .run = run};
}

}  // namespace

std::vector<Command> ConsultationCommands() {
  std::vector<FlagSpec> create_flags = {
      CongressFlag(),
      {.name = "kind",
       .value_name = "K",
       .help = "what it is about:",
       .required = true,
       .enum_type = in::ConsultationKind_descriptor()},
      {.name = "title", .value_name = "TEXT", .help = "title, up to 200 characters", .required = true},
      {.name = "description", .value_name = "TEXT", .help = "what it is about and how to take part"},
      {.name = "close-at", .value_name = "TIME", .help = "planned close, 'YYYY-MM-DD HH:MM' China time"},
      {.name = "id", .value_name = "ID", .help = "the consultation's id (default: a new time-ordered id)"},
      RequestIdFlag(),
  };
  for (FlagSpec& f : ArticleFlags()) create_flags.push_back(std::move(f));
  std::vector<FlagSpec> list_flags = {
      CongressFlag(),
      {.name = "state", .value_name = "S", .help = "only this state:", .enum_type = in::ConsultationState_descriptor()},
      {.name = "kind", .value_name = "K", .help = "only this kind:", .enum_type = in::ConsultationKind_descriptor()},
  };
  for (FlagSpec& f : PageFlags("consultations")) list_flags.push_back(std::move(f));
  std::vector<FlagSpec> revise_flags = ArticleFlags();
  revise_flags.push_back(EtagFlag());
  revise_flags.push_back(RequestIdFlag());

  std::vector<FlagSpec> comment_list_flags = {
      CongressFlag(false),
      {.name = "consultation",
       .value_name = "ID",
       .help = "the consultation (an id with --congress, or its full name)",
       .required = true},
      {.name = "article", .value_name = "N", .help = "only comments on article N"},
      {.name = "whole-draft", .help = "only comments on the whole draft"},
      {.name = "channel",
       .value_name = "C",
       .help = "only this channel:",
       .enum_type = in::CommentChannel_descriptor()},
      {.name = "decision",
       .value_name = "D",
       .help = "only this decision:",
       .enum_type = in::CommentDecision_descriptor()},
      {.name = "undecided", .help = "only comments without a decision"},
      {.name = "hidden", .help = "only hidden comments (staff)"},
      {.name = "visible", .help = "only visible comments"},
      {.name = "search", .value_name = "TEXT", .help = "only comments containing TEXT (2 characters or more)"},
      {.name = "newest-first", .help = "newest first (default: oldest first)"},
  };
  for (FlagSpec& f : PageFlags("comments")) comment_list_flags.push_back(std::move(f));

  return {
      {
          .group = "consultations",
          .verb = "create",
          .service = kService,
          .summary = "create a consultation (DRAFT) with its articles (staff)",
          .flags = create_flags,
          .field_flags = ConsultationFieldFlags(),
          .run = RunCreate,
      },
      ConsultationCommand("get", "show a consultation with its draft (or --version N)",
                          {{.name = "version", .value_name = "N", .help = "an earlier version of the draft"}}, RunGet),
      {
          .group = "consultations",
          .verb = "list",
          .service = kService,
          .summary = "list a congress's consultations, newest first",
          .flags = list_flags,
          .field_flags = ConsultationFieldFlags(),
          .run = RunList,
      },
      ConsultationCommand("versions", "list the versions of a consultation's draft", {}, RunVersions),
      ConsultationCommand("revise", "make a new version of the draft (staff; DRAFT or OPEN)", revise_flags, RunRevise),
      ConsultationCommand(
          "open", "open a DRAFT consultation for comments (staff)",
          {{.name = "close-at", .value_name = "TIME", .help = "planned close, 'YYYY-MM-DD HH:MM' China time"},
           EtagFlag(),
           RequestIdFlag()},
          RunOpen),
      ConsultationCommand("close", "close an OPEN consultation (staff)", {EtagFlag(), RequestIdFlag()}, RunClose),
      ConsultationCommand("summarize", "summarize a CLOSED consultation (staff)",
                          {{.name = "summary", .value_name = "TEXT", .help = "the summary", .required = true},
                           EtagFlag(),
                           RequestIdFlag()},
                          RunSummarize),
      ConsultationCommand("stats", "comment counts per article, channel and decision", {}, RunStats),
      {
          .group = "comments",
          .verb = "add",
          .service = kService,
          .summary = "comment on an article (--article N) or the whole draft; works without a token",
          .flags =
              {
                  CongressFlag(false),
                  {.name = "consultation",
                   .value_name = "ID",
                   .help = "the consultation (an id with --congress, or its full name)",
                   .required = true},
                  {.name = "text",
                   .value_name = "TEXT",
                   .help = "the comment, up to 5000 characters",
                   .required = true},
                  {.name = "article", .value_name = "N", .help = "the article number (default: the whole draft)"},
                  {.name = "channel",
                   .value_name = "C",
                   .help = "how it came in (default online; others staff):",
                   .enum_type = in::CommentChannel_descriptor()},
                  {.name = "contact-point", .value_name = "ID", .help = "the legislative contact point's id"},
                  {.name = "contact-name", .value_name = "NAME", .help = "the commenter's name"},
                  {.name = "contact", .value_name = "PHONE/MAIL", .help = "the commenter's phone or e-mail"},
                  RequestIdFlag(),
              },
          .field_flags = ConsultationFieldFlags(),
          .run = RunAddComment,
      },
      CommentCommand("get", "show one comment", {}, RunGetComment),
      {
          .group = "comments",
          .verb = "list",
          .service = kService,
          .summary = "list a consultation's comments, filtered and searched",
          .flags = comment_list_flags,
          .field_flags = ConsultationFieldFlags(),
          .run = RunListComments,
      },
      CommentCommand(
          "hide", "hide a comment from the public (staff)",
          {{.name = "reason", .value_name = "TEXT", .help = "why", .required = true}, EtagFlag(), RequestIdFlag()},
          RunHide),
      CommentCommand("restore", "show a hidden comment again (staff)",
                     {{.name = "reason", .value_name = "TEXT", .help = "why"}, EtagFlag(), RequestIdFlag()},
                     RunRestore),
      CommentCommand("decide", "record whether a comment was adopted, and why (staff)",
                     {{.name = "decision",
                       .value_name = "D",
                       .help = "the decision:",
                       .required = true,
                       .enum_type = in::CommentDecision_descriptor()},
                      {.name = "reason", .value_name = "TEXT", .help = "why", .required = true},
                      EtagFlag(),
                      RequestIdFlag()},
                     RunDecide),
  };
}

}  // namespace rendactl
