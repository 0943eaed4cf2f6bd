// rendactl opinions submit|get|list: the intake service.

#include <cstdio>

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
  fields.Add("contact name", o.submitter().display_name());
  fields.Add("contact phone", o.submitter().phone());
  fields.Add("contact e-mail", o.submitter().email());
  fields.Add("received", FormatTimestamp(o.create_time()));
  fields.Add("updated", FormatTimestamp(o.update_time()));
  fields.Add("etag", o.etag());
  fields.Print(stdout);
  if (!o.content().empty()) std::printf("\n%s\n", o.content().c_str());
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
    Table table({"ID", "RECEIVED", "STATE", "CHANNEL", "DISTRICT", "CATEGORY", "TITLE"});
    for (const in::Opinion& o : all.opinions()) {
      table.AddRow({IdOf(o.name()), FormatTimestamp(o.create_time()),
                    EnumFlagName(in::OpinionState_descriptor(), o.state()),
                    EnumFlagName(in::Channel_descriptor(), o.channel()), o.district(), o.category(),
                    Truncate(o.title(), 40)});
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
  };
  for (FlagSpec& flag : PageFlags("opinions")) list_flags.push_back(std::move(flag));
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
  };
}

}  // namespace rendactl
