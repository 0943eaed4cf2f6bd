// rendactl polls ... and rendactl observation ...: opinion polls and citizens' applications to
// observe meetings (intake service).

#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "renda/intake/v1/observation.grpc.pb.h"
#include "renda/intake/v1/poll.grpc.pb.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/enum_flags.h"
#include "tools/rendactl/output.h"
#include "services/common/time_util.h"

namespace rendactl {
namespace {

namespace in = renda::intake::v1;

constexpr char kService[] = "intake";
constexpr char kPolls[] = "polls";
constexpr char kMeetings[] = "observationMeetings";

const FieldFlags& PollFieldFlags() {
  static const FieldFlags* flags = new FieldFlags{
      {"parent", "--congress"},          {"name", "ID"},
      {"poll", "ID"},                    {"poll_id", "--id"},
      {"request_id", "--request-id"},    {"poll.title", "--title"},
      {"poll.description", "--description"}, {"poll.questions", "--question"},
      {"poll.open_time", "--open"},      {"poll.close_time", "--close"},
      {"answers", "--choose/--text"},    {"invitation_code", "--invitation-code"},
      {"count", "--count"},              {"first_number", "--first"},
      {"question_id", "--question"},
  };
  return *flags;
}

const FieldFlags& ObservationFieldFlags() {
  static const FieldFlags* flags = new FieldFlags{
      {"parent", "--congress"},
      {"name", "APPLICATION"},
      {"meeting", "--meeting"},
      {"meeting_id", "--id"},
      {"request_id", "--request-id"},
      {"meeting.title", "--title"},
      {"meeting.place", "--place"},
      {"meeting.seats", "--seats"},
      {"meeting.meeting_time", "--time"},
      {"meeting.application_deadline", "--deadline"},
      {"application.applicant_name", "--name"},
      {"application.id_number", "--id-number"},
      {"application.phone", "--phone"},
      {"application.reason", "--reason"},
      {"reason", "--reason"},
      {"tracking_code", "CODE"},
      {"state", "--state"},
  };
  return *flags;
}

// "2026-03-01 09:30" (or with a T) in China Standard Time.
absl::Status TimeFlag(const Args& args, absl::string_view flag, google::protobuf::Timestamp* out) {
  std::string text = args.Get(flag);
  for (char& c : text) {
    if (c == 'T') c = ' ';
  }
  absl::Time t;
  std::string err;
  if (!absl::ParseTime("%Y-%m-%d %H:%M", text, renda::ChinaTime(), &t, &err)) {
    return UsageError(absl::StrCat("--", flag, ": expected a time like 2026-03-01 09:30 (China Standard Time), got '",
                                   text, "'"),
                      false);
  }
  out->set_seconds(absl::ToUnixSeconds(t));
  return absl::OkStatus();
}

// --question 'ID|single|TEXT|a=选项一,b=选项二[|required]', types single, multiple (|max=N for
// at most N options), text (|max=N characters).
absl::Status ParseQuestion(absl::string_view spec, in::PollQuestion* q) {
  std::vector<std::string> parts = absl::StrSplit(spec, '|');
  auto bad = [&](absl::string_view why) {
    return UsageError(absl::StrCat("--question '", spec, "': ", why,
                                   " (format: ID|single|multiple|text|TEXT[|a=OPTION,b=OPTION][|max=N][|required])"),
                      false);
  };
  if (parts.size() < 3) return bad("needs at least an id, a type and the text");
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
    if (p == "required") {
      q->set_required(true);
    } else if (absl::StartsWith(p, "max=")) {
      int n = 0;
      if (!absl::SimpleAtoi(p.substr(4), &n)) return bad("max= takes a number");
      if (q->type() == in::QUESTION_TYPE_FREE_TEXT) {
        q->set_max_length(n);
      } else {
        q->set_max_selections(n);
      }
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
  return absl::OkStatus();
}

void PrintPoll(const in::Poll& p) {
  Fields fields;
  fields.Add("name", p.name());
  fields.Add("title", p.title());
  fields.Add("state", EnumFlagName(in::PollState_descriptor(), p.state()));
  fields.Add("opens", FormatTimestamp(p.open_time()));
  fields.Add("closes", FormatTimestamp(p.close_time()));
  fields.Add("created by", p.created_by());
  fields.Add("etag", p.etag());
  fields.Print(stdout);
  if (!p.description().empty()) std::printf("\n%s\n", p.description().c_str());
  for (int i = 0; i < p.questions_size(); ++i) {
    const in::PollQuestion& q = p.questions(i);
    std::printf("\n%d. [%s] %s (%s%s)\n", i + 1, q.id().c_str(), q.text().c_str(),
                EnumFlagName(in::QuestionType_descriptor(), q.type()).c_str(), q.required() ? ", required" : "");
    for (const auto& o : q.options()) std::printf("   - %s: %s\n", o.id().c_str(), o.text().c_str());
  }
}

template <class Response>
absl::Status Finish(const Invocation& inv, const Response& response, const in::Poll& poll) {
  if (inv.global.json) return PrintJson(response);
  PrintPoll(poll);
  return absl::OkStatus();
}

absl::Status RunPollCreate(const Invocation& inv) {
  const Args& args = inv.args;
  in::CreatePollRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_poll_id(args.Get("id"));
  request.set_request_id(args.Get("request-id"));
  in::Poll* poll = request.mutable_poll();
  poll->set_title(args.Get("title"));
  poll->set_description(args.Get("description"));
  for (const std::string& spec : args.GetAll("question")) {
    if (absl::Status s = ParseQuestion(spec, poll->add_questions()); !s.ok()) return s;
  }
  if (absl::Status s = TimeFlag(args, "open", poll->mutable_open_time()); !s.ok()) return s;
  if (absl::Status s = TimeFlag(args, "close", poll->mutable_close_time()); !s.ok()) return s;
  Connection connection(inv.global, kService);
  auto stub = in::PollService::NewStub(connection.channel());
  in::CreatePollResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->CreatePoll(c, request, &response); });
  if (!s.ok()) return s;
  return Finish(inv, response, response.poll());
}

absl::Status RunPollGet(const Invocation& inv) {
  in::GetPollRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kPolls);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  Connection connection(inv.global, kService);
  auto stub = in::PollService::NewStub(connection.channel());
  in::GetPollResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->GetPoll(c, request, &response); });
  if (!s.ok()) return s;
  return Finish(inv, response, response.poll());
}

absl::Status RunPollList(const Invocation& inv) {
  const Args& args = inv.args;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  in::ListPollsRequest request;
  request.set_parent(*parent);
  absl::StatusOr<int> state = args.GetEnum("state", in::PollState_descriptor());
  if (!state.ok()) return state.status();
  request.set_state(static_cast<in::PollState>(*state));
  int page_size = 0;
  if (absl::Status s = PageSizeFlag(args, &page_size); !s.ok()) return s;
  request.set_page_size(page_size);
  Connection connection(inv.global, kService);
  auto stub = in::PollService::NewStub(connection.channel());
  in::ListPollsResponse all;
  absl::Status s = CollectPages<in::ListPollsResponse>(
      args,
      [&](const std::string& token, in::ListPollsResponse* page) {
        request.set_page_token(token);
        return connection.Call([&](grpc::ClientContext* c) { return stub->ListPolls(c, request, page); });
      },
      &all);
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.polls_size() == 0) {
    std::printf("no polls\n");
  } else {
    Table table({"ID", "STATE", "OPENS", "CLOSES", "QUESTIONS", "TITLE"});
    table.AlignRight(4);
    for (const in::Poll& p : all.polls()) {
      table.AddRow({IdOf(p.name()), EnumFlagName(in::PollState_descriptor(), p.state()), FormatTimestamp(p.open_time()),
                    FormatTimestamp(p.close_time()), std::to_string(p.questions_size()), Truncate(p.title(), 40)});
    }
    table.Print(stdout);
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

template <bool kOpen>
absl::Status RunPollChange(const Invocation& inv) {
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kPolls);
  if (!name.ok()) return name.status();
  Connection connection(inv.global, kService);
  auto stub = in::PollService::NewStub(connection.channel());
  if constexpr (kOpen) {
    in::OpenPollRequest request;
    request.set_name(*name);
    request.set_etag(inv.args.Get("etag"));
    request.set_request_id(inv.args.Get("request-id"));
    in::OpenPollResponse response;
    absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->OpenPoll(c, request, &response); });
    if (!s.ok()) return s;
    return Finish(inv, response, response.poll());
  } else {
    in::ClosePollRequest request;
    request.set_name(*name);
    request.set_etag(inv.args.Get("etag"));
    request.set_request_id(inv.args.Get("request-id"));
    in::ClosePollResponse response;
    absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->ClosePoll(c, request, &response); });
    if (!s.ok()) return s;
    return Finish(inv, response, response.poll());
  }
}

absl::Status RunPollInvitations(const Invocation& inv) {
  in::IssuePollInvitationsRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kPolls);
  if (!name.ok()) return name.status();
  request.set_poll(*name);
  absl::StatusOr<int> count = inv.args.GetInt("count", 10);
  if (!count.ok()) return count.status();
  absl::StatusOr<int> first = inv.args.GetInt("first", 1);
  if (!first.ok()) return first.status();
  request.set_count(*count);
  request.set_first_number(*first);
  Connection connection(inv.global, kService);
  auto stub = in::PollService::NewStub(connection.channel());
  in::IssuePollInvitationsResponse response;
  absl::Status s =
      connection.Call([&](grpc::ClientContext* c) { return stub->IssuePollInvitations(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  for (const std::string& code : response.invitation_codes()) std::printf("%s\n", code.c_str());
  return absl::OkStatus();
}

absl::Status RunPollRespond(const Invocation& inv) {
  const Args& args = inv.args;
  in::SubmitPollResponseRequest request;
  absl::StatusOr<std::string> name = ResourceArg(args, kPolls);
  if (!name.ok()) return name.status();
  request.set_poll(*name);
  for (const std::string& choice : args.GetAll("choose")) {
    std::pair<std::string, std::string> kv = absl::StrSplit(choice, absl::MaxSplits('=', 1));
    if (kv.second.empty()) return UsageError(absl::StrCat("--choose '", choice, "': expected QUESTION=OPTION[,OPTION]"), false);
    in::PollAnswer* a = request.add_answers();
    a->set_question_id(kv.first);
    for (absl::string_view o : absl::StrSplit(kv.second, ',')) a->add_option_ids(std::string(o));
  }
  for (const std::string& text : args.GetAll("text")) {
    std::pair<std::string, std::string> kv = absl::StrSplit(text, absl::MaxSplits('=', 1));
    in::PollAnswer* a = request.add_answers();
    a->set_question_id(kv.first);
    a->set_text(kv.second);
  }
  request.set_invitation_code(args.Get("invitation-code"));
  request.set_request_id(args.Get("request-id"));
  Connection connection(inv.global, kService);
  auto stub = in::PollService::NewStub(connection.channel());
  in::SubmitPollResponseResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->SubmitPollResponse(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  std::printf("recorded %s (%d answers)\n", response.response().name().c_str(), response.response().answers_size());
  return absl::OkStatus();
}

absl::Status RunPollResults(const Invocation& inv) {
  in::GetPollResultsRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kPolls);
  if (!name.ok()) return name.status();
  request.set_poll(*name);
  Connection connection(inv.global, kService);
  auto stub = in::PollService::NewStub(connection.channel());
  in::GetPollResultsResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->GetPollResults(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  const in::PollResults& r = response.results();
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

// ---- observation ----

void PrintApplication(const in::ObservationApplication& a) {
  Fields fields;
  fields.Add("name", a.name());
  fields.Add("tracking code", a.tracking_code());
  fields.Add("state", EnumFlagName(in::ObservationApplicationState_descriptor(), a.state()));
  fields.Add("decline reason", a.decline_reason());
  fields.Add("meeting", a.meeting_title());
  fields.Add("meeting time", FormatTimestamp(a.meeting_time()));
  fields.Add("applicant", a.applicant_name());
  fields.Add("ID number", a.id_number());
  fields.Add("phone", a.phone());
  fields.Add("reason", a.reason());
  fields.Add("received", FormatTimestamp(a.create_time()));
  fields.Print(stdout);
}

void PrintMeeting(const in::ObservationMeeting& m) {
  Fields fields;
  fields.Add("name", m.name());
  fields.Add("title", m.title());
  fields.Add("time", FormatTimestamp(m.meeting_time()));
  fields.Add("place", m.place());
  fields.Add("seats", absl::StrCat(m.approved_count(), " of ", m.seats(), " taken"));
  fields.Add("deadline", FormatTimestamp(m.application_deadline()));
  fields.Add("applications", std::to_string(m.applications_received()));
  fields.Print(stdout);
}

// An application from the argument: its full name, or its number with --meeting.
absl::StatusOr<std::string> ApplicationArg(const Args& args) {
  if (args.positional().empty()) return UsageError("missing the application (its name, or its number with --meeting)");
  const std::string& arg = args.positional()[0];
  if (absl::StartsWith(arg, "congresses/")) return arg;
  int number = 0;
  if (!absl::SimpleAtoi(arg, &number) || !args.Has("meeting")) {
    return UsageError("the application is its full name, or its number with --meeting", false);
  }
  absl::StatusOr<std::string> meeting = ResourceFlag(args, "meeting", args.Get("meeting"), kMeetings);
  if (!meeting.ok()) return meeting.status();
  return absl::StrFormat("%s/applications/%06d", *meeting, number);
}

absl::Status RunMeetings(const Invocation& inv) {
  const Args& args = inv.args;
  const std::string action = args.positional().empty() ? "list" : args.positional()[0];
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  Connection connection(inv.global, kService);
  auto stub = in::ObservationService::NewStub(connection.channel());
  if (action == "create") {
    for (const char* flag : {"title", "place", "seats", "time", "deadline"}) {
      if (!args.Has(flag)) return UsageError(absl::StrCat("meetings create: missing --", flag));
    }
    in::CreateObservationMeetingRequest request;
    request.set_parent(*parent);
    request.set_meeting_id(args.Get("id"));
    request.set_request_id(args.Get("request-id"));
    in::ObservationMeeting* m = request.mutable_meeting();
    m->set_title(args.Get("title"));
    m->set_place(args.Get("place"));
    absl::StatusOr<int> seats = args.GetInt("seats", 0);
    if (!seats.ok()) return seats.status();
    m->set_seats(*seats);
    if (absl::Status s = TimeFlag(args, "time", m->mutable_meeting_time()); !s.ok()) return s;
    if (absl::Status s = TimeFlag(args, "deadline", m->mutable_application_deadline()); !s.ok()) return s;
    in::CreateObservationMeetingResponse response;
    absl::Status s =
        connection.Call([&](grpc::ClientContext* c) { return stub->CreateObservationMeeting(c, request, &response); });
    if (!s.ok()) return s;
    if (inv.global.json) return PrintJson(response);
    PrintMeeting(response.meeting());
    return absl::OkStatus();
  }
  if (action != "list") return UsageError(absl::StrCat("meetings: the action is create or list, not '", action, "'"));
  in::ListObservationMeetingsRequest request;
  request.set_parent(*parent);
  int page_size = 0;
  if (absl::Status s = PageSizeFlag(args, &page_size); !s.ok()) return s;
  request.set_page_size(page_size);
  in::ListObservationMeetingsResponse all;
  absl::Status s = CollectPages<in::ListObservationMeetingsResponse>(
      args,
      [&](const std::string& token, in::ListObservationMeetingsResponse* page) {
        request.set_page_token(token);
        return connection.Call([&](grpc::ClientContext* c) { return stub->ListObservationMeetings(c, request, page); });
      },
      &all);
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.meetings_size() == 0) {
    std::printf("no meetings\n");
  } else {
    Table table({"ID", "TIME", "DEADLINE", "SEATS", "TAKEN", "APPLIED", "TITLE"});
    for (size_t c : {3, 4, 5}) table.AlignRight(c);
    for (const auto& m : all.meetings()) {
      table.AddRow({IdOf(m.name()), FormatTimestamp(m.meeting_time()), FormatTimestamp(m.application_deadline()),
                    std::to_string(m.seats()), std::to_string(m.approved_count()),
                    std::to_string(m.applications_received()), Truncate(m.title(), 40)});
    }
    table.Print(stdout);
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

absl::Status RunApply(const Invocation& inv) {
  const Args& args = inv.args;
  in::SubmitObservationApplicationRequest request;
  absl::StatusOr<std::string> meeting = ResourceFlag(args, "meeting", args.Get("meeting"), kMeetings);
  if (!meeting.ok()) return meeting.status();
  request.set_meeting(*meeting);
  request.set_request_id(args.Get("request-id"));
  in::ObservationApplication* a = request.mutable_application();
  a->set_applicant_name(args.Get("name"));
  a->set_id_number(args.Get("id-number"));
  a->set_phone(args.Get("phone"));
  a->set_reason(args.Get("reason"));
  Connection connection(inv.global, kService);
  auto stub = in::ObservationService::NewStub(connection.channel());
  in::SubmitObservationApplicationResponse response;
  absl::Status s =
      connection.Call([&](grpc::ClientContext* c) { return stub->SubmitObservationApplication(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintApplication(response.application());
  return absl::OkStatus();
}

absl::Status RunApprove(const Invocation& inv) {
  const Args& args = inv.args;
  Connection connection(inv.global, kService);
  auto stub = in::ObservationService::NewStub(connection.channel());
  if (args.Has("in-order")) {
    in::ApproveObservationApplicationsInOrderRequest request;
    absl::StatusOr<std::string> meeting = ResourceFlag(args, "meeting", args.Get("meeting"), kMeetings);
    if (!meeting.ok()) return meeting.status();
    request.set_meeting(*meeting);
    request.set_request_id(args.Get("request-id"));
    in::ApproveObservationApplicationsInOrderResponse response;
    absl::Status s = connection.Call(
        [&](grpc::ClientContext* c) { return stub->ApproveObservationApplicationsInOrder(c, request, &response); });
    if (!s.ok()) return s;
    if (inv.global.json) return PrintJson(response);
    for (const std::string& n : response.approval().approved()) std::printf("approved %s\n", n.c_str());
    std::printf("%d approved; %d seats left\n", response.approval().approved_size(), response.approval().seats_left());
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> name = ApplicationArg(args);
  if (!name.ok()) return name.status();
  in::ApproveObservationApplicationRequest request;
  request.set_name(*name);
  request.set_request_id(args.Get("request-id"));
  in::ApproveObservationApplicationResponse response;
  absl::Status s =
      connection.Call([&](grpc::ClientContext* c) { return stub->ApproveObservationApplication(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintApplication(response.application());
  return absl::OkStatus();
}

absl::Status RunDecline(const Invocation& inv) {
  absl::StatusOr<std::string> name = ApplicationArg(inv.args);
  if (!name.ok()) return name.status();
  in::DeclineObservationApplicationRequest request;
  request.set_name(*name);
  request.set_reason(inv.args.Get("reason"));
  request.set_request_id(inv.args.Get("request-id"));
  Connection connection(inv.global, kService);
  auto stub = in::ObservationService::NewStub(connection.channel());
  in::DeclineObservationApplicationResponse response;
  absl::Status s =
      connection.Call([&](grpc::ClientContext* c) { return stub->DeclineObservationApplication(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintApplication(response.application());
  return absl::OkStatus();
}

template <bool kCancel>
absl::Status RunByCode(const Invocation& inv) {
  absl::StatusOr<std::string> parent = CongressParent(inv.args);
  if (!parent.ok()) return parent.status();
  const std::string code = inv.args.positional().empty() ? "" : inv.args.positional()[0];
  Connection connection(inv.global, kService);
  auto stub = in::ObservationService::NewStub(connection.channel());
  if constexpr (kCancel) {
    in::CancelObservationApplicationRequest request;
    request.set_parent(*parent);
    request.set_tracking_code(code);
    request.set_request_id(inv.args.Get("request-id"));
    in::CancelObservationApplicationResponse response;
    absl::Status s = connection.Call(
        [&](grpc::ClientContext* c) { return stub->CancelObservationApplication(c, request, &response); });
    if (!s.ok()) return s;
    if (inv.global.json) return PrintJson(response);
    PrintApplication(response.application());
  } else {
    in::LookupObservationApplicationRequest request;
    request.set_parent(*parent);
    request.set_tracking_code(code);
    in::LookupObservationApplicationResponse response;
    absl::Status s = connection.Call(
        [&](grpc::ClientContext* c) { return stub->LookupObservationApplication(c, request, &response); });
    if (!s.ok()) return s;
    if (inv.global.json) return PrintJson(response);
    PrintApplication(response.application());
  }
  return absl::OkStatus();
}

absl::Status RunApplications(const Invocation& inv) {
  const Args& args = inv.args;
  in::ListObservationApplicationsRequest request;
  absl::StatusOr<std::string> meeting = ResourceFlag(args, "meeting", args.Get("meeting"), kMeetings);
  if (!meeting.ok()) return meeting.status();
  request.set_meeting(*meeting);
  absl::StatusOr<int> state = args.GetEnum("state", in::ObservationApplicationState_descriptor());
  if (!state.ok()) return state.status();
  request.set_state(static_cast<in::ObservationApplicationState>(*state));
  int page_size = 0;
  if (absl::Status s = PageSizeFlag(args, &page_size); !s.ok()) return s;
  request.set_page_size(page_size);
  Connection connection(inv.global, kService);
  auto stub = in::ObservationService::NewStub(connection.channel());
  in::ListObservationApplicationsResponse all;
  absl::Status s = CollectPages<in::ListObservationApplicationsResponse>(
      args,
      [&](const std::string& token, in::ListObservationApplicationsResponse* page) {
        request.set_page_token(token);
        return connection.Call(
            [&](grpc::ClientContext* c) { return stub->ListObservationApplications(c, request, page); });
      },
      &all);
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.applications_size() == 0) {
    std::printf("no applications\n");
  } else {
    Table table({"NUMBER", "RECEIVED", "STATE", "APPLICANT", "PHONE", "REASON"});
    for (const auto& a : all.applications()) {
      table.AddRow({IdOf(a.name()), FormatTimestamp(a.create_time()),
                    EnumFlagName(in::ObservationApplicationState_descriptor(), a.state()), a.applicant_name(), a.phone(),
                    Truncate(a.reason(), 30)});
    }
    table.Print(stdout);
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

FlagSpec MeetingFlag() {
  return {.name = "meeting", .value_name = "MEETING", .help = "the meeting: its id (with --congress) or full name"};
}

}  // namespace

std::vector<Command> PollCommands() {
  std::vector<FlagSpec> list_flags = {
      CongressFlag(),
      {.name = "state", .value_name = "S", .help = "only this state:", .enum_type = in::PollState_descriptor()},
  };
  for (FlagSpec& flag : PageFlags("polls")) list_flags.push_back(std::move(flag));
  const std::vector<FlagSpec> change_flags = {CongressFlag(false), {.name = "etag", .value_name = "ETAG", .help = "refuse unless the poll is still at this etag"}, RequestIdFlag()};
  return {
      {.group = "polls", .verb = "create", .service = kService,
       .summary = "create a poll (DRAFT) with its questions and response window (staff)",
       .flags = {CongressFlag(),
                 {.name = "title", .value_name = "TEXT", .help = "title, up to 200 characters", .required = true},
                 {.name = "description", .value_name = "TEXT", .help = "what the poll is about"},
                 {.name = "question", .value_name = "SPEC",
                  .help = "ID|single|multiple|text|TEXT[|a=OPTION,b=OPTION][|max=N][|required], in order",
                  .required = true, .repeated = true},
                 {.name = "open", .value_name = "TIME", .help = "responses from, e.g. 2026-03-01 09:00", .required = true},
                 {.name = "close", .value_name = "TIME", .help = "responses until", .required = true},
                 {.name = "id", .value_name = "ID", .help = "the poll's id (default: a time-ordered id)"},
                 RequestIdFlag()},
       .field_flags = PollFieldFlags(), .run = RunPollCreate},
      {.group = "polls", .verb = "get", .service = kService, .summary = "show a poll and its questions",
       .positional = "ID", .positional_required = true, .flags = {CongressFlag(false)},
       .field_flags = PollFieldFlags(), .run = RunPollGet},
      {.group = "polls", .verb = "list", .service = kService, .summary = "list polls (others than staff: open or closed ones)",
       .flags = list_flags, .field_flags = PollFieldFlags(), .run = RunPollList},
      {.group = "polls", .verb = "open", .service = kService, .summary = "open a draft poll for responses (staff)",
       .positional = "ID", .positional_required = true, .flags = change_flags,
       .field_flags = PollFieldFlags(), .run = RunPollChange<true>},
      {.group = "polls", .verb = "close", .service = kService, .summary = "close an open poll; results become public (staff)",
       .positional = "ID", .positional_required = true, .flags = change_flags,
       .field_flags = PollFieldFlags(), .run = RunPollChange<false>},
      {.group = "polls", .verb = "invitations", .service = kService,
       .summary = "print invitation codes for anonymous respondents (staff)", .positional = "ID",
       .positional_required = true,
       .flags = {CongressFlag(false), {.name = "count", .value_name = "N", .help = "how many codes (default 10)"},
                 {.name = "first", .value_name = "N", .help = "number of the first code (default 1)"}},
       .field_flags = PollFieldFlags(), .run = RunPollInvitations},
      {.group = "polls", .verb = "respond", .service = kService,
       .summary = "answer a poll once; without a token, give --invitation-code", .positional = "ID",
       .positional_required = true,
       .flags = {CongressFlag(false),
                 {.name = "choose", .value_name = "Q=OPT[,OPT]", .help = "options chosen for a question", .repeated = true},
                 {.name = "text", .value_name = "Q=TEXT", .help = "a free-text answer", .repeated = true},
                 {.name = "invitation-code", .value_name = "CODE", .help = "the code on an invitation (anonymous)"},
                 RequestIdFlag()},
       .field_flags = PollFieldFlags(), .run = RunPollRespond},
      {.group = "polls", .verb = "results", .service = kService,
       .summary = "exact counts per option (staff, leader, admin; everyone once closed)", .positional = "ID",
       .positional_required = true, .flags = {CongressFlag(false)}, .field_flags = PollFieldFlags(),
       .run = RunPollResults},
  };
}

std::vector<Command> ObservationCommands() {
  std::vector<FlagSpec> meeting_flags = {
      CongressFlag(),
      {.name = "title", .value_name = "TEXT", .help = "create: the meeting's title"},
      {.name = "place", .value_name = "TEXT", .help = "create: where"},
      {.name = "seats", .value_name = "N", .help = "create: seats for observers"},
      {.name = "time", .value_name = "TIME", .help = "create: when it begins, e.g. 2026-03-20 09:00"},
      {.name = "deadline", .value_name = "TIME", .help = "create: applications until"},
      {.name = "id", .value_name = "ID", .help = "create: the meeting's id"},
      RequestIdFlag(),
  };
  for (FlagSpec& flag : PageFlags("meetings")) meeting_flags.push_back(std::move(flag));
  std::vector<FlagSpec> application_list_flags = {
      CongressFlag(false), MeetingFlag(),
      {.name = "state", .value_name = "S", .help = "which state (default pending):",
       .enum_type = in::ObservationApplicationState_descriptor()}};
  for (FlagSpec& flag : PageFlags("applications")) application_list_flags.push_back(std::move(flag));
  return {
      {.group = "observation", .verb = "meetings", .service = kService,
       .summary = "meetings open to observers: `meetings create` (staff) or `meetings list`", .positional = "ACTION",
       .flags = meeting_flags, .field_flags = ObservationFieldFlags(), .run = RunMeetings},
      {.group = "observation", .verb = "apply", .service = kService,
       .summary = "apply to observe a meeting (no token needed); prints the tracking code",
       .flags = {CongressFlag(false), MeetingFlag(),
                 {.name = "name", .value_name = "NAME", .help = "the applicant's name", .required = true},
                 {.name = "id-number", .value_name = "ID", .help = "resident ID number", .required = true},
                 {.name = "phone", .value_name = "PHONE", .help = "phone number", .required = true},
                 {.name = "reason", .value_name = "TEXT", .help = "why"},
                 RequestIdFlag()},
       .field_flags = ObservationFieldFlags(), .run = RunApply},
      {.group = "observation", .verb = "approve", .service = kService,
       .summary = "approve one application (earliest pending only), or --in-order up to the seats (staff)",
       .positional = "APPLICATION",
       .flags = {CongressFlag(false), MeetingFlag(),
                 {.name = "in-order", .help = "approve pending applications in arrival order until the seats are full"},
                 RequestIdFlag()},
       .field_flags = ObservationFieldFlags(), .run = RunApprove},
      {.group = "observation", .verb = "decline", .service = kService,
       .summary = "decline a pending application with a reason (staff)", .positional = "APPLICATION",
       .positional_required = true,
       .flags = {CongressFlag(false), MeetingFlag(),
                 {.name = "reason", .value_name = "TEXT", .help = "what the applicant reads", .required = true},
                 RequestIdFlag()},
       .field_flags = ObservationFieldFlags(), .run = RunDecline},
      {.group = "observation", .verb = "status", .service = kService,
       .summary = "look an application up by its tracking code (no token needed)", .positional = "CODE",
       .positional_required = true, .flags = {CongressFlag()}, .field_flags = ObservationFieldFlags(),
       .run = RunByCode<false>},
      {.group = "observation", .verb = "cancel", .service = kService,
       .summary = "cancel your application by its tracking code, freeing the seat", .positional = "CODE",
       .positional_required = true, .flags = {CongressFlag(), RequestIdFlag()},
       .field_flags = ObservationFieldFlags(), .run = RunByCode<true>},
      {.group = "observation", .verb = "applications", .service = kService,
       .summary = "a meeting's applications in arrival order, by state (staff, leader, admin)",
       .flags = application_list_flags, .field_flags = ObservationFieldFlags(), .run = RunApplications},
  };
}

}  // namespace rendactl
