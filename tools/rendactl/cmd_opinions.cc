// rendactl opinions submit|get|list|lookup|classify|accept|reject|assign|start|reply|feedback|
// merge|similar|sweep|publish|published: the closed loop of citizens' opinions in the intake
// service.

#include <cstdio>
#include <functional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

#include "renda/intake/v1/intake.grpc.pb.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/enum_flags.h"
#include "tools/rendactl/output.h"

namespace rendactl {
namespace {

namespace in = renda::intake::v1;

constexpr char kService[] = "intake";
constexpr char kCollection[] = "opinions";

const FieldFlags& OpinionFieldFlags() {
  static const FieldFlags* flags = new FieldFlags{
      {"parent", "--congress"},
      {"name", "ID"},
      {"request_id", "--request-id"},
      {"page_size", "--page-size"},
      {"page_token", "--page-token"},
      {"state", "--state"},
      {"channel", "--channel"},
      {"district", "--district"},
      {"category", "--category"},
      {"opinion.title", "--title"},
      {"opinion.content", "--content"},
      {"opinion.channel", "--channel"},
      {"opinion.district", "--district"},
      {"opinion.submitter.display_name", "--contact-name"},
      {"opinion.submitter.phone", "--contact-phone"},
      {"opinion.submitter.email", "--contact-email"},
      {"grade", "--grade"},
      {"handling_unit", "--unit"},
      {"text_contains", "--text"},
      {"min_escalation_level", "--escalated-at-least"},
      {"tracking_code", "CODE"},
      {"note", "--note"},
      {"text", "--text"},
      {"into", "--into"},
      {"window_days", "--window-days"},
  };
  return *flags;
}

void PrintOpinion(const in::Opinion& o) {
  Fields fields;
  fields.Add("name", o.name());
  fields.Add("tracking code", o.tracking_code());
  fields.Add("state", EnumFlagName(in::OpinionState_descriptor(), o.state()));
  fields.Add("title", o.title());
  fields.Add("channel", EnumFlagName(in::Channel_descriptor(), o.channel()));
  fields.Add("district", o.district());
  fields.Add("category", o.category());
  std::string grade = EnumFlagName(in::Grade_descriptor(), o.grade());
  if (!grade.empty() && !o.classified()) grade += " (suggested)";
  fields.Add("grade", grade);
  fields.Add("handling unit", o.handling_unit());
  fields.Add("deadline", FormatTimestamp(o.deadline()));
  fields.Add("escalation", EnumFlagName(in::EscalationLevel_descriptor(), o.escalation_level()));
  fields.Add("rejection reason", o.rejection_reason());
  fields.Add("merged into", o.merged_into());
  fields.Add("merged from", absl::StrJoin(o.merged_from(), ", "));
  fields.Add("feedback due", FormatTimestamp(o.feedback_due_time()));
  fields.Add("closure", EnumFlagName(in::Closure_descriptor(), o.closure()));
  fields.Add("feedback note", o.feedback_note());
  fields.Add("reopened", o.reopen_count() > 0 ? absl::StrCat(o.reopen_count(), " time(s)") : "");
  fields.Add("published", FormatTimestamp(o.publication().publish_time()));
  fields.Add("contact name", o.submitter().display_name());
  fields.Add("contact phone", o.submitter().phone());
  fields.Add("contact e-mail", o.submitter().email());
  fields.Add("received", FormatTimestamp(o.create_time()));
  fields.Add("updated", FormatTimestamp(o.update_time()));
  fields.Add("etag", o.etag());
  fields.Print(stdout);
  if (!o.content().empty()) std::printf("\n%s\n", o.content().c_str());
  for (const in::Reply& r : o.earlier_replies()) {
    std::printf("\nearlier reply by %s, %s (not satisfied):\n%s\n", r.unit().c_str(),
                FormatTimestamp(r.time()).c_str(), r.text().c_str());
  }
  if (!o.reply().text().empty()) {
    std::printf("\nreply by %s, %s:\n%s\n", o.reply().unit().c_str(), FormatTimestamp(o.reply().time()).c_str(),
                o.reply().text().c_str());
  }
  if (!o.history().empty()) {
    std::printf("\n");
    Table table({"TIME", "ACTION", "BY", "STATE", "UNIT", "NOTE"});
    for (const in::Transition& t : o.history()) {
      std::string by = t.actor().empty() ? t.actor_role() : absl::StrCat(t.actor(), " (", t.actor_role(), ")");
      table.AddRow({FormatTimestamp(t.time()), t.action(), by,
                    EnumFlagName(in::OpinionState_descriptor(), t.to_state()), t.unit(), Truncate(t.note(), 50)});
    }
    table.Print(stdout);
  }
}

// Runs one unary call of the intake service and prints the opinion in its response.
template <class Response>
absl::Status CallAndPrint(const Invocation& inv,
                          const std::function<grpc::Status(in::IntakeService::Stub*, grpc::ClientContext*,
                                                           Response*)>& rpc) {
  Connection connection(inv.global, kService);
  auto stub = in::IntakeService::NewStub(connection.channel());
  Response response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return rpc(stub.get(), c, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintOpinion(response.opinion());
  return absl::OkStatus();
}

absl::Status RunSubmit(const Invocation& inv) {
  const Args& args = inv.args;
  in::SubmitOpinionRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_request_id(args.Get("request-id"));
  in::Opinion* opinion = request.mutable_opinion();
  opinion->set_title(args.Get("title"));
  opinion->set_content(args.Get("content"));
  absl::StatusOr<int> channel = args.GetEnum("channel", in::Channel_descriptor(), in::CHANNEL_ONLINE);
  if (!channel.ok()) return channel.status();
  opinion->set_channel(static_cast<in::Channel>(*channel));
  opinion->set_district(args.Get("district"));
  if (args.Has("contact-name") || args.Has("contact-phone") || args.Has("contact-email")) {
    opinion->mutable_submitter()->set_display_name(args.Get("contact-name"));
    opinion->mutable_submitter()->set_phone(args.Get("contact-phone"));
    opinion->mutable_submitter()->set_email(args.Get("contact-email"));
  }

  Connection connection(inv.global, kService);
  auto stub = in::IntakeService::NewStub(connection.channel());
  in::SubmitOpinionResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->SubmitOpinion(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintOpinion(response.opinion());
  return absl::OkStatus();
}

absl::Status RunGet(const Invocation& inv) {
  in::GetOpinionRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  Connection connection(inv.global, kService);
  auto stub = in::IntakeService::NewStub(connection.channel());
  in::GetOpinionResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->GetOpinion(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintOpinion(response.opinion());
  return absl::OkStatus();
}

absl::Status RunList(const Invocation& inv) {
  const Args& args = inv.args;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  in::ListOpinionsRequest request;
  request.set_parent(*parent);
  absl::StatusOr<int> state = args.GetEnum("state", in::OpinionState_descriptor());
  if (!state.ok()) return state.status();
  request.set_state(static_cast<in::OpinionState>(*state));
  absl::StatusOr<int> channel = args.GetEnum("channel", in::Channel_descriptor());
  if (!channel.ok()) return channel.status();
  request.set_channel(static_cast<in::Channel>(*channel));
  request.set_district(args.Get("district"));
  request.set_category(args.Get("category"));
  absl::StatusOr<int> grade = args.GetEnum("grade", in::Grade_descriptor());
  if (!grade.ok()) return grade.status();
  request.set_grade(static_cast<in::Grade>(*grade));
  request.set_handling_unit(args.Get("unit"));
  request.set_text_contains(args.Get("text"));
  absl::StatusOr<int> level = args.GetEnum("escalated-at-least", in::EscalationLevel_descriptor());
  if (!level.ok()) return level.status();
  request.set_min_escalation_level(static_cast<in::EscalationLevel>(*level));
  absl::StatusOr<int> page_size = args.GetInt("page-size", 0);
  if (!page_size.ok()) return page_size.status();
  request.set_page_size(*page_size);

  Connection connection(inv.global, kService);
  auto stub = in::IntakeService::NewStub(connection.channel());
  in::ListOpinionsResponse all;
  absl::Status s = CollectPages<in::ListOpinionsResponse>(
      args,
      [&](const std::string& token, in::ListOpinionsResponse* page) {
        request.set_page_token(token);
        return connection.Call([&](grpc::ClientContext* c) { return stub->ListOpinions(c, request, page); });
      },
      &all);
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.opinions_size() == 0) {
    std::printf("no opinions\n");
  } else {
    Table table({"ID", "RECEIVED", "STATE", "CHANNEL", "DISTRICT", "CATEGORY", "GRADE", "UNIT", "ESCALATION",
                 "TITLE"});
    for (const in::Opinion& o : all.opinions()) {
      table.AddRow({IdOf(o.name()), FormatTimestamp(o.create_time()),
                    EnumFlagName(in::OpinionState_descriptor(), o.state()),
                    EnumFlagName(in::Channel_descriptor(), o.channel()), o.district(), o.category(),
                    EnumFlagName(in::Grade_descriptor(), o.grade()), o.handling_unit(),
                    EnumFlagName(in::EscalationLevel_descriptor(), o.escalation_level()),
                    Truncate(o.title(), 40)});
    }
    table.Print(stdout);
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}


// The tracking code argument: spaces are kept (the service ignores them and case).
absl::StatusOr<std::string> TrackingCodeArg(const Args& args) {
  if (args.positional().empty() || args.positional()[0].empty()) {
    return UsageError("missing the tracking code (CODE)");
  }
  return args.positional()[0];
}

absl::Status RunLookup(const Invocation& inv) {
  const Args& args = inv.args;
  in::LookupOpinionRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  absl::StatusOr<std::string> code = TrackingCodeArg(args);
  if (!code.ok()) return code.status();
  request.set_tracking_code(*code);
  Connection connection(inv.global, kService);
  auto stub = in::IntakeService::NewStub(connection.channel());
  in::LookupOpinionResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->LookupOpinion(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintOpinion(response.opinion());
  if (response.has_merged_into()) {
    std::printf("\nThis case was merged into another one, which stands as follows:\n\n");
    PrintOpinion(response.merged_into());
  }
  return absl::OkStatus();
}

absl::Status RunClassify(const Invocation& inv) {
  const Args& args = inv.args;
  in::ClassifyOpinionRequest request;
  absl::StatusOr<std::string> name = ResourceArg(args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  request.set_category(args.Get("category"));
  absl::StatusOr<int> grade = args.GetEnum("grade", in::Grade_descriptor());
  if (!grade.ok()) return grade.status();
  request.set_grade(static_cast<in::Grade>(*grade));
  request.set_note(args.Get("note"));
  request.set_etag(args.Get("etag"));
  request.set_request_id(args.Get("request-id"));
  return CallAndPrint<in::ClassifyOpinionResponse>(inv, [&](auto* stub, auto* c, auto* r) {
    return stub->ClassifyOpinion(c, request, r);
  });
}

absl::Status Review(const Invocation& inv, bool accept) {
  const Args& args = inv.args;
  in::ReviewOpinionRequest request;
  absl::StatusOr<std::string> name = ResourceArg(args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  request.set_accept(accept);
  request.set_note(args.Get(accept ? "note" : "reason"));
  request.set_etag(args.Get("etag"));
  request.set_request_id(args.Get("request-id"));
  return CallAndPrint<in::ReviewOpinionResponse>(inv, [&](auto* stub, auto* c, auto* r) {
    return stub->ReviewOpinion(c, request, r);
  });
}

absl::Status RunAccept(const Invocation& inv) { return Review(inv, true); }
absl::Status RunReject(const Invocation& inv) { return Review(inv, false); }

absl::Status RunAssign(const Invocation& inv) {
  const Args& args = inv.args;
  in::AssignOpinionRequest request;
  absl::StatusOr<std::string> name = ResourceArg(args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  request.set_handling_unit(args.Get("unit"));
  request.set_note(args.Get("note"));
  request.set_etag(args.Get("etag"));
  request.set_request_id(args.Get("request-id"));
  return CallAndPrint<in::AssignOpinionResponse>(inv, [&](auto* stub, auto* c, auto* r) {
    return stub->AssignOpinion(c, request, r);
  });
}

absl::Status RunStart(const Invocation& inv) {
  const Args& args = inv.args;
  in::StartHandlingOpinionRequest request;
  absl::StatusOr<std::string> name = ResourceArg(args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  request.set_note(args.Get("note"));
  request.set_request_id(args.Get("request-id"));
  return CallAndPrint<in::StartHandlingOpinionResponse>(inv, [&](auto* stub, auto* c, auto* r) {
    return stub->StartHandlingOpinion(c, request, r);
  });
}

absl::Status RunReply(const Invocation& inv) {
  const Args& args = inv.args;
  in::ReplyOpinionRequest request;
  absl::StatusOr<std::string> name = ResourceArg(args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  request.set_text(args.Get("text"));
  request.set_request_id(args.Get("request-id"));
  return CallAndPrint<in::ReplyOpinionResponse>(inv, [&](auto* stub, auto* c, auto* r) {
    return stub->ReplyOpinion(c, request, r);
  });
}

absl::Status RunFeedback(const Invocation& inv) {
  const Args& args = inv.args;
  const bool satisfied = args.Has("satisfied");
  if (satisfied == args.Has("not-satisfied")) {
    return UsageError("give exactly one of --satisfied and --not-satisfied");
  }
  in::GiveOpinionFeedbackRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  absl::StatusOr<std::string> code = TrackingCodeArg(args);
  if (!code.ok()) return code.status();
  request.set_tracking_code(*code);
  request.set_satisfied(satisfied);
  request.set_note(args.Get("note"));
  request.set_request_id(args.Get("request-id"));
  return CallAndPrint<in::GiveOpinionFeedbackResponse>(inv, [&](auto* stub, auto* c, auto* r) {
    return stub->GiveOpinionFeedback(c, request, r);
  });
}

absl::Status RunMerge(const Invocation& inv) {
  const Args& args = inv.args;
  in::MergeOpinionRequest request;
  absl::StatusOr<std::string> name = ResourceArg(args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  absl::StatusOr<std::string> into = ResourceFlag(args, "into", args.Get("into"), kCollection);
  if (!into.ok()) return into.status();
  request.set_into(*into);
  request.set_note(args.Get("note"));
  request.set_request_id(args.Get("request-id"));
  Connection connection(inv.global, kService);
  auto stub = in::IntakeService::NewStub(connection.channel());
  in::MergeOpinionResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->MergeOpinion(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  std::printf("%s merged into %s (%s, %d case(s) merged into it)\n", IdOf(response.opinion().name()).c_str(),
              IdOf(response.into().name()).c_str(),
              EnumFlagName(in::OpinionState_descriptor(), response.into().state()).c_str(),
              response.into().merged_from_size());
  return absl::OkStatus();
}

absl::Status RunSimilar(const Invocation& inv) {
  const Args& args = inv.args;
  in::ListSimilarOpinionsRequest request;
  absl::StatusOr<std::string> name = ResourceArg(args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  absl::StatusOr<int> window = args.GetInt("window-days", 0);
  if (!window.ok()) return window.status();
  request.set_window_days(*window);
  Connection connection(inv.global, kService);
  auto stub = in::IntakeService::NewStub(connection.channel());
  in::ListSimilarOpinionsResponse response;
  absl::Status s =
      connection.Call([&](grpc::ClientContext* c) { return stub->ListSimilarOpinions(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  if (response.similar_size() == 0) {
    std::printf("no similar opinions\n");
    return absl::OkStatus();
  }
  Table table({"ID", "SIMILARITY", "RECEIVED", "STATE", "DISTRICT", "TITLE"});
  table.AlignRight(1);
  for (const in::SimilarOpinion& similar : response.similar()) {
    const in::Opinion& o = similar.opinion();
    table.AddRow({IdOf(o.name()), absl::StrFormat("%.2f", similar.similarity()), FormatTimestamp(o.create_time()),
                  EnumFlagName(in::OpinionState_descriptor(), o.state()), o.district(), Truncate(o.title(), 40)});
  }
  table.Print(stdout);
  return absl::OkStatus();
}

absl::Status RunSweep(const Invocation& inv) {
  in::SweepOpinionDeadlinesRequest request;
  absl::StatusOr<std::string> parent = CongressParent(inv.args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  Connection connection(inv.global, kService);
  auto stub = in::IntakeService::NewStub(connection.channel());
  in::SweepOpinionDeadlinesResponse response;
  absl::Status s =
      connection.Call([&](grpc::ClientContext* c) { return stub->SweepOpinionDeadlines(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  std::printf("escalated %d case(s); closed %d case(s) without feedback\n", response.escalated(),
              response.closed_no_response());
  return absl::OkStatus();
}

absl::Status RunPublish(const Invocation& inv) {
  const Args& args = inv.args;
  in::PublishOpinionRequest request;
  absl::StatusOr<std::string> name = ResourceArg(args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  request.set_request_id(args.Get("request-id"));
  Connection connection(inv.global, kService);
  auto stub = in::IntakeService::NewStub(connection.channel());
  in::PublishOpinionResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->PublishOpinion(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  const in::Publication& p = response.opinion().publication();
  Fields fields;
  fields.Add("opinion", p.opinion());
  fields.Add("published", FormatTimestamp(p.publish_time()));
  fields.Add("category", p.category());
  fields.Add("district", p.district());
  fields.Add("title", p.title());
  fields.Print(stdout);
  std::printf("\n%s\n\nreply:\n%s\n", p.content().c_str(), p.reply().c_str());
  return absl::OkStatus();
}

absl::Status RunPublished(const Invocation& inv) {
  const Args& args = inv.args;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  in::ListPublishedOpinionsRequest request;
  request.set_parent(*parent);
  request.set_category(args.Get("category"));
  absl::StatusOr<int> page_size = args.GetInt("page-size", 0);
  if (!page_size.ok()) return page_size.status();
  request.set_page_size(*page_size);
  Connection connection(inv.global, kService);
  auto stub = in::IntakeService::NewStub(connection.channel());
  in::ListPublishedOpinionsResponse all;
  absl::Status s = CollectPages<in::ListPublishedOpinionsResponse>(
      args,
      [&](const std::string& token, in::ListPublishedOpinionsResponse* page) {
        request.set_page_token(token);
        return connection.Call([&](grpc::ClientContext* c) { return stub->ListPublishedOpinions(c, request, page); });
      },
      &all);
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.publications_size() == 0) {
    std::printf("no published opinions\n");
  } else {
    Table table({"ID", "PUBLISHED", "CATEGORY", "DISTRICT", "TITLE", "REPLY"});
    for (const in::Publication& p : all.publications()) {
      table.AddRow({IdOf(p.opinion()), FormatTimestamp(p.publish_time()), p.category(), p.district(),
                    Truncate(p.title(), 30), Truncate(p.reply(), 40)});
    }
    table.Print(stdout);
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

}  // namespace

std::vector<Command> OpinionCommands() {
  std::vector<FlagSpec> list_flags = {
      CongressFlag(),
      {.name = "state", .value_name = "S", .help = "only this state:", .enum_type = in::OpinionState_descriptor()},
      {.name = "channel", .value_name = "C", .help = "only this channel:", .enum_type = in::Channel_descriptor()},
      {.name = "district", .value_name = "ID", .help = "only opinions about this district, e.g. hz-xihu"},
      {.name = "category", .value_name = "ID", .help = "only this category, e.g. traffic"},
      {.name = "grade", .value_name = "G", .help = "only this grade:", .enum_type = in::Grade_descriptor()},
      {.name = "unit", .value_name = "ID", .help = "only cases with this handling unit, e.g. hz-jtj"},
      {.name = "text", .value_name = "TEXT", .help = "only cases whose title or text contains this (2 to 50 characters)"},
      {.name = "escalated-at-least", .value_name = "L", .help = "only cases escalated at least to:",
       .enum_type = in::EscalationLevel_descriptor()},
  };
  for (FlagSpec& flag : PageFlags("opinions")) list_flags.push_back(std::move(flag));
  std::vector<FlagSpec> published_flags = {
      CongressFlag(),
      {.name = "category", .value_name = "ID", .help = "only this category, e.g. traffic"},
  };
  for (FlagSpec& flag : PageFlags("publications")) published_flags.push_back(std::move(flag));
  const FlagSpec note = {.name = "note", .value_name = "TEXT", .help = "a note kept in the case's history"};
  const FlagSpec etag = {.name = "etag", .value_name = "E", .help = "the etag read; refused when the case changed since"};
  return {
      {
          .group = "opinions",
          .verb = "submit",
          .service = kService,
          .summary = "submit a citizen's opinion; works without a token; prints the tracking code",
          .flags =
              {
                  CongressFlag(),
                  {.name = "title", .value_name = "TEXT", .help = "short title, up to 100 characters", .required = true},
                  {.name = "content", .value_name = "TEXT", .help = "the text, up to 5000 characters", .required = true},
                  {.name = "channel", .value_name = "C", .help = "how it came in (default online):",
                   .enum_type = in::Channel_descriptor()},
                  {.name = "district", .value_name = "ID", .help = "the district it concerns, e.g. hz-xihu"},
                  {.name = "contact-name", .value_name = "NAME", .help = "the submitter's name"},
                  {.name = "contact-phone", .value_name = "PHONE", .help = "the submitter's phone"},
                  {.name = "contact-email", .value_name = "ADDR", .help = "the submitter's e-mail"},
                  RequestIdFlag(),
              },
          .field_flags = OpinionFieldFlags(),
          .run = RunSubmit,
      },
      {
          .group = "opinions",
          .verb = "get",
          .service = kService,
          .summary = "show one opinion (staff, leader, admin, service)",
          .positional = "ID",
          .positional_required = true,
          .flags = {CongressFlag(false)},
          .field_flags = OpinionFieldFlags(),
          .run = RunGet,
      },
      {
          .group = "opinions",
          .verb = "list",
          .service = kService,
          .summary = "list a congress's opinions, newest first, filtered",
          .flags = list_flags,
          .field_flags = OpinionFieldFlags(),
          .run = RunList,
      },
      {
          .group = "opinions",
          .verb = "lookup",
          .service = kService,
          .summary = "follow a case by its tracking code; works without a token",
          .positional = "CODE",
          .positional_required = true,
          .flags = {CongressFlag()},
          .field_flags = OpinionFieldFlags(),
          .run = RunLookup,
      },
      {
          .group = "opinions",
          .verb = "classify",
          .service = kService,
          .summary = "confirm or change a case's category and set its grade (staff, admin)",
          .positional = "ID",
          .positional_required = true,
          .flags =
              {
                  CongressFlag(false),
                  {.name = "category", .value_name = "ID", .help = "the category, e.g. traffic", .required = true},
                  {.name = "grade", .value_name = "G", .help = "the urgency grade:", .required = true,
                   .enum_type = in::Grade_descriptor()},
                  note,
                  etag,
                  RequestIdFlag(),
              },
          .field_flags = OpinionFieldFlags(),
          .run = RunClassify,
      },
      {
          .group = "opinions",
          .verb = "accept",
          .service = kService,
          .summary = "accept a received case for handling (staff, admin)",
          .positional = "ID",
          .positional_required = true,
          .flags = {CongressFlag(false), note, etag, RequestIdFlag()},
          .field_flags = OpinionFieldFlags(),
          .run = RunAccept,
      },
      {
          .group = "opinions",
          .verb = "reject",
          .service = kService,
          .summary = "reject a received case, with the reason (staff, admin)",
          .positional = "ID",
          .positional_required = true,
          .flags =
              {
                  CongressFlag(false),
                  {.name = "reason", .value_name = "TEXT", .help = "why, up to 2000 characters", .required = true},
                  etag,
                  RequestIdFlag(),
              },
          .field_flags = {{"note", "--reason"}, {"name", "ID"}, {"request_id", "--request-id"}},
          .run = RunReject,
      },
      {
          .group = "opinions",
          .verb = "assign",
          .service = kService,
          .summary = "route a classified case to a handling unit, or transfer it (staff, admin)",
          .positional = "ID",
          .positional_required = true,
          .flags =
              {
                  CongressFlag(false),
                  {.name = "unit", .value_name = "ID", .help = "the handling unit, e.g. hz-jtj", .required = true},
                  note,
                  etag,
                  RequestIdFlag(),
              },
          .field_flags = OpinionFieldFlags(),
          .run = RunAssign,
      },
      {
          .group = "opinions",
          .verb = "start",
          .service = kService,
          .summary = "mark an assigned case as being handled (handling_unit, staff, admin)",
          .positional = "ID",
          .positional_required = true,
          .flags = {CongressFlag(false), note, RequestIdFlag()},
          .field_flags = OpinionFieldFlags(),
          .run = RunStart,
      },
      {
          .group = "opinions",
          .verb = "reply",
          .service = kService,
          .summary = "answer a case; the citizen then gives feedback (handling_unit, staff, admin)",
          .positional = "ID",
          .positional_required = true,
          .flags =
              {
                  CongressFlag(false),
                  {.name = "text", .value_name = "TEXT", .help = "the reply, up to 5000 characters", .required = true},
                  RequestIdFlag(),
              },
          .field_flags = OpinionFieldFlags(),
          .run = RunReply,
      },
      {
          .group = "opinions",
          .verb = "feedback",
          .service = kService,
          .summary = "the citizen's verdict on a reply, by tracking code: satisfied closes, not satisfied reopens",
          .positional = "CODE",
          .positional_required = true,
          .flags =
              {
                  CongressFlag(),
                  {.name = "satisfied", .help = "the citizen is satisfied: the case closes"},
                  {.name = "not-satisfied", .help = "the citizen is not satisfied: the case reopens"},
                  {.name = "note", .value_name = "TEXT", .help = "the citizen's comment"},
                  RequestIdFlag(),
              },
          .field_flags = OpinionFieldFlags(),
          .run = RunFeedback,
      },
      {
          .group = "opinions",
          .verb = "merge",
          .service = kService,
          .summary = "merge a duplicate case into another open case (staff, admin)",
          .positional = "ID",
          .positional_required = true,
          .flags =
              {
                  CongressFlag(false),
                  {.name = "into", .value_name = "ID", .help = "the case it joins", .required = true},
                  note,
                  RequestIdFlag(),
              },
          .field_flags = OpinionFieldFlags(),
          .run = RunMerge,
      },
      {
          .group = "opinions",
          .verb = "similar",
          .service = kService,
          .summary = "cases that look like duplicates of one case, most similar first (staff, admin)",
          .positional = "ID",
          .positional_required = true,
          .flags =
              {
                  CongressFlag(false),
                  {.name = "window-days", .value_name = "N", .help = "days around its receipt to look in (default 30)"},
              },
          .field_flags = OpinionFieldFlags(),
          .run = RunSimilar,
      },
      {
          .group = "opinions",
          .verb = "sweep",
          .service = kService,
          .summary = "escalate overdue cases and close replies without feedback, now (staff, admin, service)",
          .flags = {CongressFlag()},
          .field_flags = OpinionFieldFlags(),
          .run = RunSweep,
      },
      {
          .group = "opinions",
          .verb = "publish",
          .service = kService,
          .summary = "publish a closed case and its reply with personal data masked (staff, admin)",
          .positional = "ID",
          .positional_required = true,
          .flags = {CongressFlag(false), RequestIdFlag()},
          .field_flags = OpinionFieldFlags(),
          .run = RunPublish,
      },
      {
          .group = "opinions",
          .verb = "published",
          .service = kService,
          .summary = "list published cases, newest first (any signed-in role)",
          .flags = published_flags,
          .field_flags = OpinionFieldFlags(),
          .run = RunPublished,
      },
  };
}

}  // namespace rendactl
