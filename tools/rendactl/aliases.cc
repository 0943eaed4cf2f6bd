// The alias table of rendactl's descriptor engine (engine.h): which RPC each command calls, the
// few flags named otherwise than their field, the positional argument, the columns of each
// message in tables, and the flags the descriptors cannot read by themselves (hooks). A new RPC
// costs one line here.

#include <cstdio>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "renda/intake/v1/consultation.pb.h"
#include "renda/intake/v1/intake.pb.h"
#include "renda/intake/v1/observation.pb.h"
#include "renda/intake/v1/poll.pb.h"
#include "tools/rendactl/engine.h"
#include "tools/rendactl/enum_flags.h"
#include "tools/rendactl/output.h"

namespace rendactl {
namespace {

namespace pb = google::protobuf;
namespace in = renda::intake::v1;

// The deputies' fields under their flag names (create and update).
#define DEPUTY_FLAGS "display_name>name", "professional_group>group", "liaison_station>station"

std::vector<RpcCommand> Commands() {
  return {
      // deputies (representatives service)
      {"deputies list", "RepresentativesService/ListDeputies", "list a congress's deputies in id order, filtered", "",
       {DEPUTY_FLAGS, "display_name_contains>name-contains"}},
      {"deputies get", "RepresentativesService/GetDeputy", "show one deputy, by id, resource name or full name (e.g. 王建国)",
       "ID|NAME>name@deputy"},
      {"deputies create", "RepresentativesService/CreateDeputy", "register a deputy (staff, admin)", "",
       {DEPUTY_FLAGS, "!name", "!term", "!electoral-unit"}},
      {"deputies update", "RepresentativesService/UpdateDeputy",
       "change the fields given as flags (the update mask is built from them)", "ID|NAME>deputy.name@deputy", {DEPUTY_FLAGS}},
      {"deputies status", "RepresentativesService/ChangeDeputyStatus",
       "record that a deputy stopped serving: resigned, removed, terminated, deceased (staff, admin)",
       "ID|NAME>name@deputy", {"!status", "!reason", "effective-date?today"}},

      // opinions (intake service)
      {"opinions submit", "SubmitOpinion", "submit a citizen's opinion; works without a token; prints the tracking code", "",
       {"display_name>contact-name", "phone>contact-phone", "email>contact-email", "!title", "!content", "channel?online"}},
      {"opinions get", "GetOpinion", "show one opinion (staff, leader, admin, service)", "ID>name@opinions"},
      {"opinions list", "ListOpinions", "list a congress's opinions, newest first, filtered", "",
       {"handling_unit>unit", "text_contains>text", "min_escalation_level>escalated-at-least"}},
      {"opinions lookup", "LookupOpinion", "follow a case by its tracking code; works without a token",
       "CODE>tracking_code"},
      {"opinions classify", "ClassifyOpinion", "confirm or change a case's category and set its grade (staff, admin)",
       "ID>name@opinions", {"!category", "!grade"}},
      {"opinions accept", "ReviewOpinion", "accept a received case for handling (staff, admin)", "ID>name@opinions",
       {"accept=true"}},
      {"opinions reject", "ReviewOpinion", "reject a received case, with the reason (staff, admin)", "ID>name@opinions",
       {"accept=false", "note>reason", "!reason"}},
      {"opinions assign", "AssignOpinion", "route a classified case to a handling unit, or transfer it (staff, admin)",
       "ID>name@opinions", {"handling_unit>unit", "!unit"}},
      {"opinions start", "StartHandlingOpinion", "mark an assigned case as being handled (handling_unit, staff, admin)",
       "ID>name@opinions"},
      {"opinions reply", "ReplyOpinion", "answer a case; the citizen then gives feedback (handling_unit, staff, admin)",
       "ID>name@opinions", {"!text"}},
      {"opinions feedback", "GiveOpinionFeedback",
       "the citizen's verdict on a reply, by tracking code: satisfied closes, not satisfied reopens", "CODE>tracking_code",
       {"not-satisfied:satisfied=false", "!satisfied|not-satisfied"}},
      {"opinions merge", "MergeOpinion", "merge a duplicate case into another open case (staff, admin)",
       "ID>name@opinions", {"into@opinions", "!into"}},
      {"opinions similar", "ListSimilarOpinions",
       "cases that look like duplicates of one case, most similar first (staff, admin)", "ID>name@opinions"},
      {"opinions sweep", "SweepOpinionDeadlines",
       "escalate overdue cases and close replies without feedback, now (staff, admin, service)"},
      {"opinions publish", "PublishOpinion",
       "publish a closed case and its reply with personal data masked (staff, admin)", "ID>name@opinions"},
      {"opinions published", "ListPublishedOpinions", "list published cases, newest first (any signed-in role)"},

      // consultations and their comments (intake service)
      {"consultations create", "CreateConsultation", "create a consultation (DRAFT) with its articles (staff)", "",
       {"planned_close_time>close-at", "change_note>note", "article*article", "draft-file*draft-file", "!kind", "!title"}},
      {"consultations get", "GetConsultation", "show a consultation with its draft (or --version N)",
       "ID>name@consultations"},
      {"consultations list", "ListConsultations", "list a congress's consultations, newest first"},
      {"consultations versions", "ListDraftVersions", "list the versions of a consultation's draft",
       "ID>parent@consultations"},
      {"consultations revise", "ReviseDraft", "make a new version of the draft (staff; DRAFT or OPEN)",
       "ID>name@consultations", {"change_note>note", "article*article", "draft-file*draft-file"}},
      {"consultations open", "OpenConsultation", "open a DRAFT consultation for comments (staff)",
       "ID>name@consultations", {"planned_close_time>close-at"}},
      {"consultations close", "CloseConsultation", "close an OPEN consultation (staff)", "ID>name@consultations"},
      {"consultations summarize", "SummarizeConsultation", "summarize a CLOSED consultation (staff)",
       "ID>name@consultations", {"!summary"}},
      {"consultations stats", "GetCommentStatistics", "comment counts per article, channel and decision",
       "ID>parent@consultations"},
      {"comments add", "AddComment",
       "comment on an article (--article N) or the whole draft; works without a token", "[CONSULTATION]>parent@consultations",
       {"parent>consultation", "parent@consultations", "article_number>article", "contact_point_id>contact-point",
        "display_name>contact-name", "!text", "channel?online"}},
      {"comments get", "GetComment", "show one comment", "COMMENT>name@consultations/{consultation}/comments",
       {"+consultation"}},
      {"comments list", "ListComments", "list a consultation's comments, filtered and searched", "",
       {"parent>consultation", "parent@consultations", "!consultation", "article_number>article",
        "whole-draft:article_number=-1", "hidden:visibility=COMMENT_VISIBILITY_HIDDEN",
        "visible:visibility=COMMENT_VISIBILITY_VISIBLE", "-visibility", "text_contains>search"}},
      {"comments hide", "HideComment", "hide a comment from the public (staff)",
       "COMMENT>name@consultations/{consultation}/comments", {"+consultation", "!reason"}},
      {"comments restore", "RestoreComment", "show a hidden comment again (staff)",
       "COMMENT>name@consultations/{consultation}/comments", {"+consultation"}},
      {"comments decide", "DecideComment", "record whether a comment was adopted, and why (staff)",
       "COMMENT>name@consultations/{consultation}/comments", {"+consultation", "!decision", "!reason"}},

      // deputies' bills and suggestions (intake service)
      {"proposals file", "FileProposal", "file a deputy's suggestion or bill (deputy as themself; staff name --filer)", "",
       {"kind?suggestion", "!title", "!content", "!category", "filer@deputy", "co_signers>co-signer", "co_signers@deputy"}},
      {"proposals get", "GetProposal", "show one proposal with its rounds and history", "ID>name@proposals"},
      {"proposals list", "ListProposals", "list proposals, newest first, filtered", "", {"deputy@deputy", "key_only>key"}},
      {"proposals assign", "AssignProposal", "assign to a lead unit and co-units (staff); due in 3 months",
       "ID>name@proposals", {"lead_unit>lead", "!lead", "co_units>co-unit"}},
      {"proposals extend", "ExtendProposalDeadline", "extend the deadline (staff), at most 6 months from the round's start",
       "ID>name@proposals", {"new_deadline>deadline", "!deadline", "!reason"}},
      {"proposals reply", "ReplyProposal", "the lead unit's reply", "ID>name@proposals", {"!category", "!text"}},
      {"proposals rate", "RateProposal", "the filing deputy's rating; not-satisfied sends it back to the unit",
       "ID>name@proposals", {"satisfaction>rating", "!rating"}},
      {"proposals key", "SetProposalKey", "flag as key for leaders' supervision (staff); --clear to unflag",
       "ID>name@proposals", {"key=true", "clear:key=false"}},

      // polls (intake service)
      {"polls create", "CreatePoll", "create a poll (DRAFT) with its questions and response window (staff)", "",
       {"question*question", "open_time>open", "close_time>close", "!title", "!question", "!open", "!close"}},
      {"polls get", "GetPoll", "show a poll and its questions", "ID>name@polls"},
      {"polls list", "ListPolls", "list polls (others than staff: open or closed ones)"},
      {"polls open", "OpenPoll", "open a draft poll for responses (staff)", "ID>name@polls"},
      {"polls close", "ClosePoll", "close an open poll; results become public (staff)", "ID>name@polls"},
      {"polls invitations", "IssuePollInvitations", "print invitation codes for anonymous respondents (staff)",
       "ID>poll@polls", {"first_number>first"}},
      {"polls respond", "SubmitPollResponse", "answer a poll once; without a token, give --invitation-code",
       "ID>poll@polls", {"choose*choose", "text*text"}},
      {"polls results", "GetPollResults", "exact counts per option (staff, leader, admin; everyone once closed)",
       "ID>poll@polls"},

      // observation of standing-committee meetings (intake service)
      {"observation meetings", "ListObservationMeetings",
       "meetings open to observers: `meetings create` (staff) or `meetings list`", "[ACTION]>"},
      {"observation meetings", "CreateObservationMeeting", "", "",
       {"?=create", "meeting_time>time", "application_deadline>deadline"}},
      {"observation apply", "SubmitObservationApplication",
       "apply to observe a meeting (no token needed); prints the tracking code", "",
       {"meeting@observationMeetings", "applicant_name>name", "!name", "!id-number", "!phone"}},
      {"observation approve", "ApproveObservationApplication",
       "approve one application (earliest pending only), or --in-order up to the seats (staff)",
       "[APPLICATION]>name@observationMeetings/{meeting}/applications#6", {"+meeting"}},
      {"observation approve", "ApproveObservationApplicationsInOrder", "", "[MEETING]>meeting@observationMeetings",
       {"?in-order", "meeting>meeting", "meeting@observationMeetings"}},
      {"observation decline", "DeclineObservationApplication", "decline a pending application with a reason (staff)",
       "APPLICATION>name@observationMeetings/{meeting}/applications#6", {"+meeting", "!reason"}},
      {"observation status", "LookupObservationApplication",
       "look an application up by its tracking code (no token needed)", "CODE>tracking_code"},
      {"observation cancel", "CancelObservationApplication",
       "cancel your application by its tracking code, freeing the seat", "CODE>tracking_code"},
      {"observation applications", "ListObservationApplications",
       "a meeting's applications in arrival order, by state (staff, leader, admin)", "[MEETING]>meeting@observationMeetings",
       {"meeting>meeting", "meeting@observationMeetings", "state?pending"}},
  };
}

std::vector<Columns> ColumnTables() {
  return {
      {"renda.representatives.v1.Deputy",
       "ID=name,NAME=display_name,TERM=term>,STATUS=status,ELECTORAL UNIT=electoral_unit,DELEGATION=delegation,"
       "GROUP=professional_group,STATION=liaison_station,SECTOR=sector"},
      {"renda.representatives.v1.StatusChange",
       "EFFECTIVE=effective_date,STATUS=status,REASON=reason~40,BY=actor,RECORDED=record_time"},
      {"renda.intake.v1.Opinion",
       "ID=name,RECEIVED=create_time,STATE=state,CHANNEL=channel,DISTRICT=district,CATEGORY=category,GRADE=grade,"
       "UNIT=handling_unit,ESCALATION=escalation_level,TITLE=title~40"},
      {"renda.intake.v1.Transition", "TIME=time,ACTION=action,BY=actor,STATE=to_state,UNIT=unit,NOTE=note~50"},
      {"renda.intake.v1.SimilarOpinion",
       "ID=opinion.name,SIMILARITY=similarity>,RECEIVED=opinion.create_time,STATE=opinion.state,"
       "DISTRICT=opinion.district,TITLE=opinion.title~40"},
      {"renda.intake.v1.Publication",
       "ID=opinion,PUBLISHED=publish_time,CATEGORY=category,DISTRICT=district,TITLE=title~30,REPLY=reply~40"},
      {"renda.intake.v1.Consultation",
       "ID=name,KIND=kind,STATE=state,VERSION=draft_version_count>,CLOSES=planned_close_time,TITLE=title~40"},
      {"renda.intake.v1.DraftVersion", "VERSION=version,MADE=create_time,BY=author,ARTICLES=#articles>,CHANGE NOTE=change_note~50"},
      {"renda.intake.v1.DraftArticle", "ARTICLE=number>,HEADING=heading,TEXT=text~60"},
      {"renda.intake.v1.ConsultationComment",
       "ID=name,RECEIVED=create_time,ARTICLE=article_number>,CHANNEL=channel,HIDDEN=hidden,DECISION=decision,TEXT=text~40"},
      {"renda.intake.v1.Proposal",
       "ID=name,FILED=create_time,KIND=kind,STATE=state,FILER=filer,LEAD UNIT=lead_unit,KEY=key,TITLE=title~40"},
      {"renda.intake.v1.ProposalTransition", "TIME=time,ACTION=action,ACTOR=actor,STATE=to_state,NOTE=note~60"},
      {"renda.intake.v1.Poll", "ID=name,STATE=state,OPENS=open_time,CLOSES=close_time,QUESTIONS=#questions>,TITLE=title~40"},
      {"renda.intake.v1.PollQuestion", "ID=id,TYPE=type,REQUIRED=required,OPTIONS=#options>,TEXT=text~50"},
      {"renda.intake.v1.ObservationMeeting",
       "ID=name,TIME=meeting_time,DEADLINE=application_deadline,SEATS=seats>,TAKEN=approved_count>,"
       "APPLIED=applications_received>,TITLE=title~40"},
      {"renda.intake.v1.ObservationApplication",
       "NUMBER=name,RECEIVED=create_time,STATE=state,APPLICANT=applicant_name,PHONE=phone,REASON=reason~30"},
  };
}

// ---- Hooks: flags the descriptors cannot read by themselves ----

// A new element of the repeated field of `type` somewhere in `message` (e.g. the articles of a
// create or of a revise).
pb::Message* AddOf(pb::Message* message, const pb::Descriptor* type, int depth = 0) {
  const pb::Descriptor* d = message->GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const pb::FieldDescriptor* f = d->field(i);
    if (f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (f->is_repeated() && f->message_type() == type) return message->GetReflection()->AddMessage(message, f);
    if (!f->is_repeated() && depth < 2 && f->message_type()->file()->package() == type->file()->package()) {
      pb::Message* inner = message->GetReflection()->MutableMessage(message, f);
      if (pb::Message* found = AddOf(inner, type, depth + 1)) return found;
      if (inner->ByteSizeLong() == 0) message->GetReflection()->ClearField(message, f);
    }
  }
  return nullptr;
}

template <typename T>
T* AddTo(pb::Message* request) {
  return static_cast<T*>(AddOf(request, T::descriptor()));
}

// --article N=TEXT: one article.
absl::Status Articles(const std::vector<std::string>& values, pb::Message* request) {
  for (const std::string& a : values) {
    std::pair<std::string, std::string> parts = absl::StrSplit(a, absl::MaxSplits('=', 1));
    int number = 0;
    if (!absl::SimpleAtoi(parts.first, &number) || parts.second.empty()) {
      return UsageError(absl::StrCat("--article: want N=TEXT, got '", a, "'"), false);
    }
    auto* article = AddTo<in::DraftArticle>(request);
    article->set_number(number);
    article->set_text(parts.second);
  }
  return absl::OkStatus();
}

// --draft-file PATH: a line "## N heading" starts article N; the lines after it are its text.
absl::Status DraftFile(const std::vector<std::string>& values, pb::Message* request) {
  std::ifstream file(values.back());
  if (!file) return UsageError(absl::StrCat("--draft-file: cannot read '", values.back(), "'"), false);
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
      current = AddTo<in::DraftArticle>(request);
      current->set_number(number);
      current->set_heading(std::string(absl::StripAsciiWhitespace(parts.second)));
    } else if (current != nullptr && !l.empty()) {
      if (!current->text().empty()) current->mutable_text()->append("\n");
      current->mutable_text()->append(l.data(), l.size());
    }
  }
  return absl::OkStatus();
}

// --question 'ID|single|TEXT|a=选项一,b=选项二[|required]': types single, multiple (|max=N for
// at most N options) and text (|max=N characters).
absl::Status Questions(const std::vector<std::string>& values, pb::Message* request) {
  for (const std::string& spec : values) {
    std::vector<std::string> parts = absl::StrSplit(spec, '|');
    auto bad = [&](absl::string_view why) {
      return UsageError(absl::StrCat("--question '", spec, "': ", why,
                                     " (format: ID|single|multiple|text|TEXT[|a=OPTION,b=OPTION][|max=N][|required])"),
                        false);
    };
    if (parts.size() < 3) return bad("needs at least an id, a type and the text");
    auto* q = AddTo<in::PollQuestion>(request);
    q->set_id(parts[0]);
    if (parts[1] == "single") {
      q->set_type(in::QUESTION_TYPE_SINGLE_CHOICE);
    } else if (parts[1] == "multiple") {
      q->set_type(in::QUESTION_TYPE_MULTIPLE_CHOICE);
    } else if (parts[1] == "text") {
      q->set_type(in::QUESTION_TYPE_FREE_TEXT);
    } else {
      return bad("the type is single, multiple or text");
    }
    q->set_text(parts[2]);
    for (size_t i = 3; i < parts.size(); ++i) {
      const std::string& p = parts[i];
      int n = 0;
      if (p == "required") {
        q->set_required(true);
      } else if (absl::StartsWith(p, "max=")) {
        if (!absl::SimpleAtoi(p.substr(4), &n)) return bad("max= takes a number");
        q->type() == in::QUESTION_TYPE_FREE_TEXT ? q->set_max_length(n) : q->set_max_selections(n);
      } else {
        for (absl::string_view option : absl::StrSplit(p, ',')) {
          std::pair<std::string, std::string> kv = absl::StrSplit(option, absl::MaxSplits('=', 1));
          if (kv.second.empty()) return bad("options are ID=TEXT, separated by commas");
          in::PollOption* o = q->add_options();
          o->set_id(kv.first);
          o->set_text(kv.second);
        }
      }
    }
  }
  return absl::OkStatus();
}

// --choose Q=OPT[,OPT] and --text Q=TEXT: the answers of a poll response.
absl::Status Answers(const std::vector<std::string>& values, pb::Message* request, bool choices) {
  for (const std::string& value : values) {
    std::pair<std::string, std::string> kv = absl::StrSplit(value, absl::MaxSplits('=', 1));
    if (kv.second.empty()) {
      return UsageError(absl::StrCat(choices ? "--choose '" : "--text '", value, "': expected QUESTION=",
                                     choices ? "OPTION[,OPTION]" : "TEXT"),
                        false);
    }
    auto* a = AddTo<in::PollAnswer>(request);
    a->set_question_id(kv.first);
    if (!choices) a->set_text(kv.second);
    if (choices) {
      for (absl::string_view o : absl::StrSplit(kv.second, ',')) a->add_option_ids(std::string(o));
    }
  }
  return absl::OkStatus();
}

std::vector<Hook> HookTable() {
  return {
      {"article", "N=TEXT", "article N with its text (repeatable, in order)", true, Articles, "articles"},
      {"draft-file", "PATH", "the articles from a file: a line '## N heading' starts article N, the lines after are its text",
       false, DraftFile, "articles"},
      {"question", "SPEC", "ID|single|multiple|text|TEXT[|a=OPTION,b=OPTION][|max=N][|required], in order", true,
       Questions, "poll.questions"},
      {"choose", "Q=OPT[,OPT]", "options chosen for a question", true,
       [](const auto& v, pb::Message* r) { return Answers(v, r, true); }, "answers"},
      {"text", "Q=TEXT", "a free-text answer", true, [](const auto& v, pb::Message* r) { return Answers(v, r, false); },
       "answers"},
  };
}

// ---- Printers: responses that read better in words ----

absl::Status PrintMerge(const pb::Message& m) {
  const auto& r = static_cast<const in::MergeOpinionResponse&>(m);
  std::printf("%s merged into %s (%s, %d case(s) merged into it)\n", IdOf(r.opinion().name()).c_str(),
              IdOf(r.into().name()).c_str(), EnumFlagName(in::OpinionState_descriptor(), r.into().state()).c_str(),
              r.into().merged_from_size());
  return absl::OkStatus();
}

absl::Status PrintSweep(const pb::Message& m) {
  const auto& r = static_cast<const in::SweepOpinionDeadlinesResponse&>(m);
  std::printf("escalated %d case(s); closed %d case(s) without feedback\n", r.escalated(), r.closed_no_response());
  return absl::OkStatus();
}

absl::Status PrintLookup(const pb::Message& m) {
  const auto& r = static_cast<const in::LookupOpinionResponse&>(m);
  PrintResource(r.opinion());
  if (r.has_merged_into()) {
    std::printf("\nThis case was merged into another one, which stands as follows:\n\n");
    PrintResource(r.merged_into());
  }
  return absl::OkStatus();
}

absl::Status PrintPollResults(const pb::Message& m) {
  const in::PollResults& r = static_cast<const in::GetPollResultsResponse&>(m).results();
  std::printf("%s  %s  %lld responses\n", r.poll().c_str(), EnumFlagName(in::PollState_descriptor(), r.state()).c_str(),
              static_cast<long long>(r.response_count()));
  for (const auto& q : r.questions()) {
    std::printf("\n[%s] %s — answered by %lld\n", q.question_id().c_str(), q.text().c_str(),
                static_cast<long long>(q.answered_count()));
    if (q.options_size() == 0) continue;
    Table table({"OPTION", "COUNT", "%", "TEXT"});
    table.AlignRight(1);
    table.AlignRight(2);
    for (const auto& o : q.options()) {
      const double pct = r.response_count() == 0 ? 0 : 100.0 * static_cast<double>(o.count()) / r.response_count();
      table.AddRow({o.option_id(), std::to_string(o.count()), absl::StrFormat("%.1f", pct), Truncate(o.text(), 40)});
    }
    table.Print(stdout);
  }
  return absl::OkStatus();
}

absl::Status PrintApprovedInOrder(const pb::Message& m) {
  const auto& r = static_cast<const in::ApproveObservationApplicationsInOrderResponse&>(m);
  for (const std::string& n : r.approval().approved()) std::printf("approved %s\n", n.c_str());
  std::printf("%d approved; %d seats left\n", r.approval().approved_size(), r.approval().seats_left());
  return absl::OkStatus();
}

}  // namespace

const EngineTables& Tables() {
  static const EngineTables* tables = new EngineTables{
      .commands = Commands(),
      .hooks = HookTable(),
      .columns = ColumnTables(),
      .printers = {{"renda.intake.v1.IntakeService.MergeOpinion", PrintMerge},
                   {"renda.intake.v1.IntakeService.SweepOpinionDeadlines", PrintSweep},
                   {"renda.intake.v1.IntakeService.LookupOpinion", PrintLookup},
                   {"renda.intake.v1.PollService.GetPollResults", PrintPollResults},
                   {"renda.intake.v1.ObservationService.ApproveObservationApplicationsInOrder", PrintApprovedInOrder}},
  };
  return *tables;
}

}  // namespace rendactl
