// rendactl deputies list|get|create|update: the representatives service.

#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/enum_flags.h"
#include "tools/rendactl/output.h"
#include "tools/rendactl/rep_common.h"
#include "services/common/time_util.h"

namespace rendactl {
namespace {

namespace rep = renda::representatives::v1;

constexpr char kService[] = "representatives";
constexpr char kCollection[] = "deputies";

const FieldFlags& DeputyFieldFlags() {
  static const FieldFlags* flags = new FieldFlags{
      {"parent", "--congress"},
      {"name", "ID"},
      {"deputy_id", "--id"},
      {"request_id", "--request-id"},
      {"page_size", "--page-size"},
      {"page_token", "--page-token"},
      {"delegation", "--delegation"},
      {"professional_group", "--group"},
      {"liaison_station", "--station"},
      {"status", "--status"},
      {"term", "--term"},
      {"sector", "--sector"},
      {"deputy.name", "ID"},
      {"deputy.display_name", "--name"},
      {"deputy.gender", "--gender"},
      {"deputy.ethnicity", "--ethnicity"},
      {"deputy.birth_date", "--birth-date"},
      {"deputy.term", "--term"},
      {"deputy.electoral_unit", "--electoral-unit"},
      {"deputy.delegation", "--delegation"},
      {"deputy.professional_group", "--group"},
      {"deputy.liaison_station", "--station"},
      {"deputy.sector", "--sector"},
      {"deputy.occupation", "--occupation"},
      {"deputy.phone", "--phone"},
      {"deputy.status", "--status"},
      {"deputy.etag", "--etag"},
      {"reason", "--reason"},
      {"effective_date", "--effective-date"},
      {"etag", "--etag"},
      {"display_name_contains", "--name-contains"},
      {"grassroots", "--grassroots"},
  };
  return *flags;
}

// The flags that set a deputy's fields, shared by create and update.
std::vector<FlagSpec> DeputyFieldSpecs(bool create) {
  return {
      {.name = "name", .value_name = "NAME", .help = "full name, e.g. 王建国", .required = create},
      {.name = "term", .value_name = "N", .help = "term (届) of the congress, e.g. 14", .required = create},
      {.name = "electoral-unit", .value_name = "UNIT", .help = "electoral unit (原选举单位), e.g. 西湖区",
       .required = create},
      {.name = "delegation", .value_name = "ID", .help = "delegation (代表团) id, e.g. hz-xihu"},
      {.name = "group", .value_name = "ID", .help = "professional group (代表专业小组) id"},
      {.name = "station", .value_name = "ID", .help = "liaison station (代表联络站) id"},
      {.name = "sector", .value_name = "S", .help = "sector:", .enum_type = rep::Sector_descriptor()},
      {.name = "gender", .value_name = "G", .help = "gender:", .enum_type = rep::Gender_descriptor()},
      {.name = "ethnicity", .value_name = "E", .help = "ethnic group (民族), e.g. 汉族"},
      {.name = "birth-date", .value_name = "YYYY-MM-DD", .help = "date of birth"},
      {.name = "occupation", .value_name = "TEXT", .help = "occupation and post, e.g. 浙江大学教授"},
      {.name = "phone", .value_name = "P", .help = "mobile phone"},
  };
}

// Sets the fields of `deputy` whose flags were given and lists their paths (for update_mask).
absl::Status FillDeputy(const Args& args, rep::Deputy* deputy, std::vector<std::string>* paths) {
  auto text = [&](const char* flag, const char* path, void (rep::Deputy::*set)(const std::string&)) {
    if (!args.Has(flag)) return;
    (deputy->*set)(args.Get(flag));
    paths->push_back(path);
  };
  text("name", "display_name", &rep::Deputy::set_display_name);
  text("electoral-unit", "electoral_unit", &rep::Deputy::set_electoral_unit);
  text("delegation", "delegation", &rep::Deputy::set_delegation);
  text("group", "professional_group", &rep::Deputy::set_professional_group);
  text("station", "liaison_station", &rep::Deputy::set_liaison_station);
  text("ethnicity", "ethnicity", &rep::Deputy::set_ethnicity);
  text("occupation", "occupation", &rep::Deputy::set_occupation);
  text("phone", "phone", &rep::Deputy::set_phone);
  if (args.Has("term")) {
    absl::StatusOr<int> term = args.GetInt("term", 0);
    if (!term.ok()) return term.status();
    deputy->set_term(*term);
    paths->push_back("term");
  }
  if (args.Has("birth-date")) {
    int year, month, day;
    if (absl::Status s = ParseDateFlag("birth-date", args.Get("birth-date"), &year, &month, &day); !s.ok()) return s;
    deputy->mutable_birth_date()->set_year(year);
    deputy->mutable_birth_date()->set_month(month);
    deputy->mutable_birth_date()->set_day(day);
    paths->push_back("birth_date");
  }
  struct EnumField {
    const char* flag;
    const char* path;
    const google::protobuf::EnumDescriptor* type;
  };
  for (const EnumField& f : {EnumField{"sector", "sector", rep::Sector_descriptor()},
                             EnumField{"gender", "gender", rep::Gender_descriptor()}}) {
    if (!args.Has(f.flag)) continue;
    absl::StatusOr<int> value = args.GetEnum(f.flag, f.type);
    if (!value.ok()) return value.status();
    const google::protobuf::FieldDescriptor* field = rep::Deputy::descriptor()->FindFieldByName(f.path);
    deputy->GetReflection()->SetEnumValue(deputy, field, *value);
    paths->push_back(f.path);
  }
  return absl::OkStatus();
}

void PrintDeputy(const rep::Deputy& d) {
  Fields fields;
  fields.Add("name", d.name());
  fields.Add("full name", d.display_name());
  fields.Add("status", EnumFlagName(rep::DeputyStatus_descriptor(), d.status()));
  fields.Add("term", d.term() == 0 ? "" : absl::StrCat(d.term()));
  fields.Add("electoral unit", d.electoral_unit());
  fields.Add("delegation", d.delegation());
  fields.Add("professional group", d.professional_group());
  fields.Add("liaison station", d.liaison_station());
  fields.Add("sector", EnumFlagName(rep::Sector_descriptor(), d.sector()));
  fields.Add("gender", EnumFlagName(rep::Gender_descriptor(), d.gender()));
  fields.Add("ethnicity", d.ethnicity());
  fields.Add("birth date", FormatDate(d.birth_date()));
  fields.Add("occupation", d.occupation());
  fields.Add("phone", d.phone());
  fields.Add("created", FormatTimestamp(d.create_time()));
  fields.Add("updated", FormatTimestamp(d.update_time()));
  fields.Add("etag", d.etag());
  fields.Print(stdout);
  if (d.status_history_size() == 0) return;
  std::printf("\nstatus history:\n");
  Table history({"EFFECTIVE", "STATUS", "REASON", "BY", "RECORDED"});
  for (const rep::StatusChange& change : d.status_history()) {
    history.AddRow({FormatDate(change.effective_date()), EnumFlagName(rep::DeputyStatus_descriptor(), change.status()),
                    Truncate(change.reason(), 40), change.actor(), FormatTimestamp(change.record_time())});
  }
  history.Print(stdout);
}

void PrintDeputies(const rep::ListDeputiesResponse& response) {
  if (response.deputies_size() == 0) {
    std::printf("no deputies\n");
  } else {
    Table table({"ID", "NAME", "TERM", "STATUS", "ELECTORAL UNIT", "DELEGATION", "GROUP", "STATION", "SECTOR"});
    table.AlignRight(2);
    for (const rep::Deputy& d : response.deputies()) {
      table.AddRow({IdOf(d.name()), d.display_name(), d.term() == 0 ? "" : absl::StrCat(d.term()),
                    EnumFlagName(rep::DeputyStatus_descriptor(), d.status()), d.electoral_unit(), d.delegation(),
                    d.professional_group(), d.liaison_station(), EnumFlagName(rep::Sector_descriptor(), d.sector())});
    }
    table.Print(stdout);
  }
  PrintMoreHint(response.next_page_token());
}

absl::Status RunList(const Invocation& inv) {
  const Args& args = inv.args;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  rep::ListDeputiesRequest request;
  request.set_parent(*parent);
  request.set_delegation(args.Get("delegation"));
  request.set_professional_group(args.Get("group"));
  request.set_liaison_station(args.Get("station"));
  absl::StatusOr<int> status = args.GetEnum("status", rep::DeputyStatus_descriptor());
  if (!status.ok()) return status.status();
  request.set_status(static_cast<rep::DeputyStatus>(*status));
  absl::StatusOr<int> sector = args.GetEnum("sector", rep::Sector_descriptor());
  if (!sector.ok()) return sector.status();
  request.set_sector(static_cast<rep::Sector>(*sector));
  absl::StatusOr<int> term = args.GetInt("term", 0);
  if (!term.ok()) return term.status();
  request.set_term(*term);
  request.set_display_name_contains(args.Get("name-contains"));
  if (args.Has("grassroots")) request.set_grassroots(true);
  absl::StatusOr<int> page_size = args.GetInt("page-size", 0);
  if (!page_size.ok()) return page_size.status();
  request.set_page_size(*page_size);

  Connection connection(inv.global, kService);
  auto stub = rep::RepresentativesService::NewStub(connection.channel());
  rep::ListDeputiesResponse all;
  absl::Status s = CollectPages<rep::ListDeputiesResponse>(
      args,
      [&](const std::string& token, rep::ListDeputiesResponse* page) {
        request.set_page_token(token);
        return connection.Call([&](grpc::ClientContext* c) { return stub->ListDeputies(c, request, page); });
      },
      &all);
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  PrintDeputies(all);
  return absl::OkStatus();
}

absl::Status RunGet(const Invocation& inv) {
  Connection connection(inv.global, kService);
  auto stub = rep::RepresentativesService::NewStub(connection.channel());
  absl::StatusOr<std::string> name = ResolveDeputy(connection, inv.args);
  if (!name.ok()) return name.status();
  rep::GetDeputyRequest request;
  request.set_name(*name);
  rep::GetDeputyResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->GetDeputy(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintDeputy(response.deputy());
  return absl::OkStatus();
}

absl::Status RunCreate(const Invocation& inv) {
  const Args& args = inv.args;
  rep::CreateDeputyRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_deputy_id(args.Get("id"));
  request.set_request_id(args.Get("request-id"));
  std::vector<std::string> paths;
  if (absl::Status s = FillDeputy(args, request.mutable_deputy(), &paths); !s.ok()) return s;

  Connection connection(inv.global, kService);
  auto stub = rep::RepresentativesService::NewStub(connection.channel());
  rep::CreateDeputyResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->CreateDeputy(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintDeputy(response.deputy());
  return absl::OkStatus();
}

absl::Status RunUpdate(const Invocation& inv) {
  const Args& args = inv.args;
  rep::UpdateDeputyRequest request;
  std::vector<std::string> paths;
  if (absl::Status s = FillDeputy(args, request.mutable_deputy(), &paths); !s.ok()) return s;
  if (paths.empty()) {
    return UsageError(
        "nothing to update: give the flags of the fields to change, e.g. --delegation (a status changes with "
        "`rendactl deputies status`)");
  }
  for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
  request.mutable_deputy()->set_etag(args.Get("etag"));
  request.set_request_id(args.Get("request-id"));

  Connection connection(inv.global, kService);
  auto stub = rep::RepresentativesService::NewStub(connection.channel());
  absl::StatusOr<std::string> name = ResolveDeputy(connection, args);
  if (!name.ok()) return name.status();
  request.mutable_deputy()->set_name(*name);
  rep::UpdateDeputyResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->UpdateDeputy(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintDeputy(response.deputy());
  return absl::OkStatus();
}

absl::Status RunStatus(const Invocation& inv) {
  const Args& args = inv.args;
  rep::ChangeDeputyStatusRequest request;
  absl::StatusOr<int> status = args.GetEnum("status", rep::DeputyStatus_descriptor());
  if (!status.ok()) return status.status();
  request.set_status(static_cast<rep::DeputyStatus>(*status));
  request.set_reason(args.Get("reason"));
  int year, month, day;
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), renda::ChinaTime());
  const std::string date = args.Get("effective-date", absl::FormatCivilTime(today));
  if (absl::Status s = ParseDateFlag("effective-date", date, &year, &month, &day); !s.ok()) return s;
  request.mutable_effective_date()->set_year(year);
  request.mutable_effective_date()->set_month(month);
  request.mutable_effective_date()->set_day(day);
  request.set_etag(args.Get("etag"));
  request.set_request_id(args.Get("request-id"));

  Connection connection(inv.global, kService);
  auto stub = rep::RepresentativesService::NewStub(connection.channel());
  absl::StatusOr<std::string> name = ResolveDeputy(connection, args);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  rep::ChangeDeputyStatusResponse response;
  absl::Status s =
      connection.Call([&](grpc::ClientContext* c) { return stub->ChangeDeputyStatus(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintDeputy(response.deputy());
  return absl::OkStatus();
}

std::vector<FlagSpec> Concat(std::vector<FlagSpec> a, const std::vector<FlagSpec>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

std::vector<Command> DeputyCommands() {
  return {
      {
          .group = "deputies",
          .verb = "list",
          .service = kService,
          .summary = "list a congress's deputies in id order, filtered",
          .flags = Concat(
              {
                  CongressFlag(),
                  {.name = "delegation", .value_name = "ID", .help = "only this delegation"},
                  {.name = "group", .value_name = "ID", .help = "only this professional group"},
                  {.name = "station", .value_name = "ID", .help = "only this liaison station"},
                  {.name = "status", .value_name = "S", .help = "only this status:",
                   .enum_type = rep::DeputyStatus_descriptor()},
                  {.name = "term", .value_name = "N", .help = "only this term"},
                  {.name = "sector", .value_name = "S", .help = "only this sector:", .enum_type = rep::Sector_descriptor()},
                  {.name = "name-contains", .value_name = "TEXT", .help = "only deputies whose name contains TEXT, e.g. 建国"},
                  {.name = "grassroots", .help = "only grassroots deputies (基层代表)"},
              },
              PageFlags("deputies")),
          .field_flags = DeputyFieldFlags(),
          .run = RunList,
      },
      {
          .group = "deputies",
          .verb = "get",
          .service = kService,
          .summary = "show one deputy, by id, resource name or full name (e.g. 王建国)",
          .positional = "ID|NAME",
          .positional_required = true,
          .flags = {CongressFlag(false)},
          .field_flags = DeputyFieldFlags(),
          .run = RunGet,
      },
      {
          .group = "deputies",
          .verb = "create",
          .service = kService,
          .summary = "register a deputy (staff, admin)",
          .flags = Concat(Concat({CongressFlag(), {.name = "id", .value_name = "ID",
                                                   .help = "the deputy id to use (a-z, 0-9, -); generated when absent"}},
                                 DeputyFieldSpecs(true)),
                          {RequestIdFlag()}),
          .field_flags = DeputyFieldFlags(),
          .run = RunCreate,
      },
      {
          .group = "deputies",
          .verb = "update",
          .service = kService,
          .summary = "change the fields given as flags (the update mask is built from them)",
          .positional = "ID|NAME",
          .positional_required = true,
          .flags = Concat(Concat({CongressFlag(false)}, DeputyFieldSpecs(false)),
                          {
                              {.name = "etag", .value_name = "E",
                               .help = "refuse the update (ABORTED) if the deputy changed since this etag"},
                              RequestIdFlag(),
                          }),
          .field_flags = DeputyFieldFlags(),
          .run = RunUpdate,
      },
      {
          .group = "deputies",
          .verb = "status",
          .service = kService,
          .summary = "record that a deputy stopped serving: resigned, removed, terminated, deceased (staff, admin)",
          .positional = "ID|NAME",
          .positional_required = true,
          .flags =
              {
                  CongressFlag(false),
                  {.name = "status", .value_name = "S", .help = "the new status:", .required = true,
                   .enum_type = rep::DeputyStatus_descriptor()},
                  {.name = "reason", .value_name = "TEXT",
                   .help = "why, e.g. the resolution that accepted a resignation", .required = true},
                  {.name = "effective-date", .value_name = "YYYY-MM-DD",
                   .help = "the day it took effect (default today, China time)"},
                  {.name = "etag", .value_name = "E",
                   .help = "refuse the change (ABORTED) if the deputy changed since this etag"},
                  RequestIdFlag(),
              },
          .field_flags = DeputyFieldFlags(),
          .run = RunStatus,
      },
  };
}

}  // namespace rendactl
