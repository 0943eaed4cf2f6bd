// rendactl items create|get|list: supervision items of the supervision service.

#include <cstdio>

#include "renda/supervision/v1/supervision.grpc.pb.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/enum_flags.h"
#include "tools/rendactl/output.h"

namespace rendactl {
namespace {

namespace sup = renda::supervision::v1;

constexpr char kService[] = "supervision";
constexpr char kCollection[] = "supervisionItems";

const FieldFlags& ItemFieldFlags() {
  static const FieldFlags* flags = new FieldFlags{
      {"parent", "--congress"},
      {"name", "ID"},
      {"request_id", "--request-id"},
      {"page_size", "--page-size"},
      {"page_token", "--page-token"},
      {"year", "--year"},
      {"area", "--area"},
      {"state", "--state"},
      {"supervision_item.title", "--title"},
      {"supervision_item.description", "--description"},
      {"supervision_item.area", "--area"},
      {"supervision_item.form", "--form"},
      {"supervision_item.year", "--year"},
      {"supervision_item.responsible_body", "--body"},
  };
  return *flags;
}

void PrintItem(const sup::SupervisionItem& item) {
  Fields fields;
  fields.Add("name", item.name());
  fields.Add("title", item.title());
  fields.Add("year", item.year() == 0 ? "" : absl::StrCat(item.year()));
  fields.Add("area", EnumFlagName(sup::SupervisionArea_descriptor(), item.area()));
  fields.Add("form", EnumFlagName(sup::SupervisionForm_descriptor(), item.form()));
  fields.Add("state", EnumFlagName(sup::SupervisionItemState_descriptor(), item.state()));
  fields.Add("responsible body", item.responsible_body());
  fields.Add("created", FormatTimestamp(item.create_time()));
  fields.Add("updated", FormatTimestamp(item.update_time()));
  fields.Add("etag", item.etag());
  fields.Print(stdout);
  if (!item.description().empty()) std::printf("\n%s\n", item.description().c_str());
}

absl::Status RunCreate(const Invocation& inv) {
  const Args& args = inv.args;
  sup::CreateSupervisionItemRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_request_id(args.Get("request-id"));
  sup::SupervisionItem* item = request.mutable_supervision_item();
  item->set_title(args.Get("title"));
  item->set_description(args.Get("description"));
  item->set_responsible_body(args.Get("body"));
  absl::StatusOr<int> area = args.GetEnum("area", sup::SupervisionArea_descriptor());
  if (!area.ok()) return area.status();
  item->set_area(static_cast<sup::SupervisionArea>(*area));
  absl::StatusOr<int> form = args.GetEnum("form", sup::SupervisionForm_descriptor());
  if (!form.ok()) return form.status();
  item->set_form(static_cast<sup::SupervisionForm>(*form));
  absl::StatusOr<int> year = args.GetInt("year", 0);
  if (!year.ok()) return year.status();
  item->set_year(*year);

  Connection connection(inv.global, kService);
  auto stub = sup::SupervisionService::NewStub(connection.channel());
  sup::CreateSupervisionItemResponse response;
  absl::Status s =
      connection.Call([&](grpc::ClientContext* c) { return stub->CreateSupervisionItem(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintItem(response.supervision_item());
  return absl::OkStatus();
}

absl::Status RunGet(const Invocation& inv) {
  sup::GetSupervisionItemRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  Connection connection(inv.global, kService);
  auto stub = sup::SupervisionService::NewStub(connection.channel());
  sup::GetSupervisionItemResponse response;
  absl::Status s =
      connection.Call([&](grpc::ClientContext* c) { return stub->GetSupervisionItem(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintItem(response.supervision_item());
  return absl::OkStatus();
}

absl::Status RunList(const Invocation& inv) {
  const Args& args = inv.args;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  sup::ListSupervisionItemsRequest request;
  request.set_parent(*parent);
  absl::StatusOr<int> year = args.GetInt("year", 0);
  if (!year.ok()) return year.status();
  request.set_year(*year);
  absl::StatusOr<int> area = args.GetEnum("area", sup::SupervisionArea_descriptor());
  if (!area.ok()) return area.status();
  request.set_area(static_cast<sup::SupervisionArea>(*area));
  absl::StatusOr<int> state = args.GetEnum("state", sup::SupervisionItemState_descriptor());
  if (!state.ok()) return state.status();
  request.set_state(static_cast<sup::SupervisionItemState>(*state));
  absl::StatusOr<int> page_size = args.GetInt("page-size", 0);
  if (!page_size.ok()) return page_size.status();
  request.set_page_size(*page_size);

  Connection connection(inv.global, kService);
  auto stub = sup::SupervisionService::NewStub(connection.channel());
  sup::ListSupervisionItemsResponse all;
  absl::Status s = CollectPages<sup::ListSupervisionItemsResponse>(
      args,
      [&](const std::string& token, sup::ListSupervisionItemsResponse* page) {
        request.set_page_token(token);
        return connection.Call([&](grpc::ClientContext* c) { return stub->ListSupervisionItems(c, request, page); });
      },
      &all);
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.supervision_items_size() == 0) {
    std::printf("no supervision items\n");
  } else {
    Table table({"ID", "YEAR", "STATE", "AREA", "FORM", "TITLE", "RESPONSIBLE BODY"});
    for (const sup::SupervisionItem& item : all.supervision_items()) {
      table.AddRow({IdOf(item.name()), item.year() == 0 ? "" : absl::StrCat(item.year()),
                    EnumFlagName(sup::SupervisionItemState_descriptor(), item.state()),
                    EnumFlagName(sup::SupervisionArea_descriptor(), item.area()),
                    EnumFlagName(sup::SupervisionForm_descriptor(), item.form()), Truncate(item.title(), 40),
                    Truncate(item.responsible_body(), 24)});
    }
    table.Print(stdout);
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

}  // namespace

std::vector<Command> ItemCommands() {
  std::vector<FlagSpec> list_flags = {
      CongressFlag(),
      {.name = "year", .value_name = "YYYY", .help = "only items of this plan year"},
      {.name = "area", .value_name = "A", .help = "only this area:", .enum_type = sup::SupervisionArea_descriptor()},
      {.name = "state", .value_name = "S", .help = "only this state:",
       .enum_type = sup::SupervisionItemState_descriptor()},
  };
  for (FlagSpec& flag : PageFlags("items")) list_flags.push_back(std::move(flag));
  return {
      {
          .group = "items",
          .verb = "create",
          .service = kService,
          .summary = "add an item to a congress's supervision plan (staff, admin)",
          .flags =
              {
                  CongressFlag(),
                  {.name = "title", .value_name = "TEXT", .help = "title, up to 200 characters", .required = true},
                  {.name = "area", .value_name = "A", .help = "area:", .required = true,
                   .enum_type = sup::SupervisionArea_descriptor()},
                  {.name = "form", .value_name = "F", .help = "form:", .required = true,
                   .enum_type = sup::SupervisionForm_descriptor()},
                  {.name = "year", .value_name = "YYYY", .help = "plan year, e.g. 2026", .required = true},
                  {.name = "body", .value_name = "TEXT",
                   .help = "the overseen body answerable, e.g. 杭州市人民政府"},
                  {.name = "description", .value_name = "TEXT", .help = "what is examined and why"},
                  RequestIdFlag(),
              },
          .field_flags = ItemFieldFlags(),
          .run = RunCreate,
      },
      {
          .group = "items",
          .verb = "get",
          .service = kService,
          .summary = "show one supervision item",
          .positional = "ID",
          .positional_required = true,
          .flags = {CongressFlag(false)},
          .field_flags = ItemFieldFlags(),
          .run = RunGet,
      },
      {
          .group = "items",
          .verb = "list",
          .service = kService,
          .summary = "list a congress's supervision items in id order, filtered",
          .flags = list_flags,
          .field_flags = ItemFieldFlags(),
          .run = RunList,
      },
  };
}

}  // namespace rendactl
