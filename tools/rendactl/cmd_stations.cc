// rendactl stations list|get|create|schedule|calendar|log|logs: liaison stations (代表联络站),
// their reception schedule and the log of reception days.

#include <cstdio>

#include "absl/strings/str_join.h"
#include "renda/representatives/v1/stations.grpc.pb.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/output.h"
#include "tools/rendactl/rep_common.h"

namespace rendactl {
namespace {

namespace rep = renda::representatives::v1;

constexpr char kService[] = "representatives";
constexpr char kCollection[] = "stations";

const FieldFlags& StationFieldFlags() {
  static const FieldFlags* flags = new FieldFlags{
      {"parent", "--congress"},
      {"name", "ID"},
      {"station", "ID"},
      {"station_id", "--id"},
      {"page_size", "--page-size"},
      {"page_token", "--page-token"},
      {"request_id", "--request-id"},
      {"station.display_name", "--name"},
      {"station.area", "--area"},
      {"station.street", "--street"},
      {"station.address", "--address"},
      {"station.open_hours", "--hours"},
      {"station.deputies", "--deputy"},
      {"schedule.station", "ID"},
      {"schedule.date", "--date"},
      {"schedule.deputies", "--deputy"},
      {"schedule.note", "--note"},
      {"log.station", "ID"},
      {"log.date", "--date"},
      {"log.deputies_present", "--deputy"},
      {"log.constituents_received", "--received"},
      {"log.topics", "--topic"},
      {"log.opinions", "--opinion"},
  };
  return *flags;
}

std::string Ids(const google::protobuf::RepeatedPtrField<std::string>& names) {
  return absl::StrJoin(names, ", ", [](std::string* out, const std::string& name) { out->append(IdOf(name)); });
}

void PrintStation(const rep::Station& st) {
  Fields fields;
  fields.Add("name", st.name());
  fields.Add("display name", st.display_name());
  fields.Add("area", st.area());
  fields.Add("street", st.street());
  fields.Add("address", st.address());
  fields.Add("contact point", st.is_legislative_contact_point() ? "yes (基层立法联系点)" : "no");
  fields.Add("open hours", st.open_hours());
  fields.Add("deputies", Ids(st.deputies()));
  fields.Add("etag", st.etag());
  fields.Print(stdout);
}

absl::Status RunList(const Invocation& inv) {
  const Args& args = inv.args;
  rep::ListStationsRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_legislative_contact_points_only(args.Has("contact-points"));
  int page_size = 0;
  if (absl::Status s = PageSizeFlag(args, &page_size); !s.ok()) return s;
  request.set_page_size(page_size);
  Connection connection(inv.global, kService);
  auto stub = rep::StationService::NewStub(connection.channel());
  rep::ListStationsResponse all;
  absl::Status s = CollectPages<rep::ListStationsResponse>(
      args,
      [&](const std::string& token, rep::ListStationsResponse* page) {
        request.set_page_token(token);
        return connection.Call([&](grpc::ClientContext* c) { return stub->ListStations(c, request, page); });
      },
      &all);
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.stations_size() == 0) {
    std::printf("no stations\n");
  } else {
    Table table({"ID", "NAME", "AREA", "STREET", "CONTACT POINT", "DEPUTIES"});
    table.AlignRight(5);
    for (const rep::Station& st : all.stations()) {
      table.AddRow({IdOf(st.name()), Truncate(st.display_name(), 30), st.area(), st.street(),
                    st.is_legislative_contact_point() ? "yes" : "", absl::StrCat(st.deputies_size())});
    }
    table.Print(stdout);
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

absl::Status RunGet(const Invocation& inv) {
  rep::GetStationRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  Connection connection(inv.global, kService);
  auto stub = rep::StationService::NewStub(connection.channel());
  rep::GetStationResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->GetStation(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintStation(response.station());
  return absl::OkStatus();
}

absl::Status RunCreate(const Invocation& inv) {
  const Args& args = inv.args;
  rep::CreateStationRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_station_id(args.Get("id"));
  request.set_request_id(args.Get("request-id"));
  rep::Station* st = request.mutable_station();
  st->set_display_name(args.Get("name"));
  st->set_area(args.Get("area"));
  st->set_street(args.Get("street"));
  st->set_address(args.Get("address"));
  st->set_open_hours(args.Get("hours"));
  st->set_is_legislative_contact_point(args.Has("contact-point"));
  Connection connection(inv.global, kService);
  absl::StatusOr<std::vector<std::string>> deputies = ResolveDeputyFlags(connection, args, "deputy");
  if (!deputies.ok()) return deputies.status();
  for (const std::string& deputy : *deputies) st->add_deputies(deputy);
  auto stub = rep::StationService::NewStub(connection.channel());
  rep::CreateStationResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->CreateStation(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintStation(response.station());
  return absl::OkStatus();
}

// The station of the argument, the --date and the --deputy list of schedule and log.
template <typename Entry>
absl::Status FillStationDay(const Connection& connection, const Args& args, absl::string_view default_date,
                            Entry* entry, google::protobuf::RepeatedPtrField<std::string>* deputies) {
  absl::StatusOr<std::string> station = ResourceArg(args, kCollection);
  if (!station.ok()) return station.status();
  entry->set_station(*station);
  if (absl::Status s = DateFlag(args, "date", entry->mutable_date(), default_date); !s.ok()) return s;
  absl::StatusOr<std::vector<std::string>> names = ResolveDeputyFlags(connection, args, "deputy");
  if (!names.ok()) return names.status();
  for (const std::string& name : *names) *deputies->Add() = name;
  return absl::OkStatus();
}

absl::Status RunSchedule(const Invocation& inv) {
  const Args& args = inv.args;
  rep::ScheduleReceptionRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_request_id(args.Get("request-id"));
  rep::ReceptionSchedule* day = request.mutable_schedule();
  day->set_note(args.Get("note"));
  Connection connection(inv.global, kService);
  if (absl::Status s = FillStationDay(connection, args, "", day, day->mutable_deputies()); !s.ok()) return s;
  auto stub = rep::StationService::NewStub(connection.channel());
  rep::ScheduleReceptionResponse response;
  absl::Status s =
      connection.Call([&](grpc::ClientContext* c) { return stub->ScheduleReception(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  const rep::ReceptionSchedule& r = response.schedule();
  std::printf("scheduled %s: %s at %s: %s\n", IdOf(r.name()).c_str(), FormatDate(r.date()).c_str(),
              IdOf(r.station()).c_str(), Ids(r.deputies()).c_str());
  return absl::OkStatus();
}

absl::Status RunLog(const Invocation& inv) {
  const Args& args = inv.args;
  rep::LogReceptionRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_request_id(args.Get("request-id"));
  rep::ReceptionLog* log = request.mutable_log();
  absl::StatusOr<int> received = args.GetInt("received", 0);
  if (!received.ok()) return received.status();
  log->set_constituents_received(*received);
  for (const std::string& topic : args.GetAll("topic")) log->add_topics(topic);
  absl::StatusOr<std::vector<std::string>> opinions = ResourceFlags(args, "opinion", "opinions");
  if (!opinions.ok()) return opinions.status();
  for (const std::string& opinion : *opinions) log->add_opinions(opinion);
  Connection connection(inv.global, kService);
  if (absl::Status s = FillStationDay(connection, args, TodayInChina(), log, log->mutable_deputies_present()); !s.ok()) {
    return s;
  }
  auto stub = rep::StationService::NewStub(connection.channel());
  rep::LogReceptionResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->LogReception(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  const rep::ReceptionLog& r = response.log();
  std::printf("logged %s: %s at %s, %d constituents received\n", IdOf(r.name()).c_str(), FormatDate(r.date()).c_str(),
              IdOf(r.station()).c_str(), r.constituents_received());
  std::printf("%d duty records made: %s\n", response.duty_records_size(), Ids(response.duty_records()).c_str());
  return absl::OkStatus();
}

// calendar and logs: one station's days, a page at a time.
template <typename Request, typename Response>
absl::Status ListStationDays(const Invocation& inv,
                             grpc::Status (rep::StationService::Stub::*rpc)(grpc::ClientContext*, const Request&,
                                                                            Response*),
                             Response* all) {
  Request request;
  absl::StatusOr<std::string> station = ResourceArg(inv.args, kCollection);
  if (!station.ok()) return station.status();
  request.set_station(*station);
  int page_size = 0;
  if (absl::Status s = PageSizeFlag(inv.args, &page_size); !s.ok()) return s;
  request.set_page_size(page_size);
  Connection connection(inv.global, kService);
  auto stub = rep::StationService::NewStub(connection.channel());
  return CollectPages<Response>(
      inv.args,
      [&](const std::string& token, Response* page) {
        request.set_page_token(token);
        return connection.Call([&](grpc::ClientContext* c) { return ((*stub).*rpc)(c, request, page); });
      },
      all);
}

absl::Status RunCalendar(const Invocation& inv) {
  rep::ListReceptionScheduleResponse all;
  if (absl::Status s = ListStationDays(inv, &rep::StationService::Stub::ListReceptionSchedule, &all); !s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.schedules_size() == 0) {
    std::printf("no reception days scheduled\n");
  } else {
    Table table({"ID", "DATE", "DEPUTIES", "NOTE"});
    for (const rep::ReceptionSchedule& r : all.schedules()) {
      table.AddRow({IdOf(r.name()), FormatDate(r.date()), Ids(r.deputies()), Truncate(r.note(), 40)});
    }
    table.Print(stdout);
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

absl::Status RunLogs(const Invocation& inv) {
  rep::ListReceptionLogsResponse all;
  if (absl::Status s = ListStationDays(inv, &rep::StationService::Stub::ListReceptionLogs, &all); !s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.logs_size() == 0) {
    std::printf("no reception days logged\n");
  } else {
    Table table({"ID", "DATE", "RECEIVED", "PRESENT", "TOPICS", "OPINIONS"});
    table.AlignRight(2);
    table.AlignRight(5);
    for (const rep::ReceptionLog& r : all.logs()) {
      table.AddRow({IdOf(r.name()), FormatDate(r.date()), absl::StrCat(r.constituents_received()),
                    Ids(r.deputies_present()), Truncate(absl::StrJoin(r.topics(), "; "), 40),
                    absl::StrCat(r.opinions_size())});
    }
    table.Print(stdout);
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

Command StationCommand(std::string verb, std::string summary, std::vector<FlagSpec> flags,
                       absl::Status (*run)(const Invocation&), bool takes_station = true) {
  return {.group = "stations", .verb = std::move(verb), .service = kService, .summary = std::move(summary),
          .positional = takes_station ? "STATION" : "", .positional_required = takes_station,
          .flags = std::move(flags), .field_flags = StationFieldFlags(), .run = run};
}

std::vector<FlagSpec> WithPages(std::vector<FlagSpec> flags, absl::string_view plural) {
  for (FlagSpec& flag : PageFlags(plural)) flags.push_back(std::move(flag));
  return flags;
}

}  // namespace

std::vector<Command> StationCommands() {
  const FlagSpec deputy = {.name = "deputy", .value_name = "D",
                           .help = "a deputy: id, resource name or full name", .repeated = true};
  FlagSpec receiving = deputy;
  receiving.required = true;
  receiving.help = "a deputy of the station who receives";
  FlagSpec present = deputy;
  present.required = true;
  present.help = "a deputy present (each gets a station-reception duty record)";
  return {
      StationCommand("list", "list liaison stations in id order",
                     WithPages({CongressFlag(), {.name = "contact-points",
                                                 .help = "only legislative contact points (基层立法联系点)"}},
                               "stations"),
                     RunList, false),
      StationCommand("get", "show one station with its deputies", {CongressFlag(false)}, RunGet),
      StationCommand("create", "create a liaison station (staff, admin)",
                     {
                         CongressFlag(),
                         {.name = "id", .value_name = "ID", .help = "the station id to use; generated when absent"},
                         {.name = "name", .value_name = "TEXT", .help = "name, e.g. 西湖区北山街道代表联络站",
                          .required = true},
                         {.name = "area", .value_name = "TEXT", .help = "district, e.g. 西湖区", .required = true},
                         {.name = "address", .value_name = "TEXT", .help = "address", .required = true},
                         {.name = "street", .value_name = "TEXT", .help = "sub-district or street, e.g. 北山街道"},
                         {.name = "hours", .value_name = "TEXT", .help = "opening hours, e.g. 每月第一个周三 9:00-11:30"},
                         {.name = "contact-point", .help = "the station is also a legislative contact point"},
                         deputy,
                         RequestIdFlag(),
                     },
                     RunCreate, false),
      StationCommand("schedule", "schedule a reception day at a station (staff, admin)",
                     {
                         CongressFlag(),
                         {.name = "date", .value_name = "YYYY-MM-DD", .help = "the day; not in the past",
                          .required = true},
                         receiving,
                         {.name = "note", .value_name = "TEXT", .help = "e.g. the theme of the day"},
                         RequestIdFlag(),
                     },
                     RunSchedule),
      StationCommand("calendar", "list a station's scheduled reception days",
                     WithPages({CongressFlag(false)}, "days"), RunCalendar),
      StationCommand("log", "log a reception day that took place; records a duty for each deputy present",
                     {
                         CongressFlag(),
                         {.name = "date", .value_name = "YYYY-MM-DD", .help = "the day (default today, China time)"},
                         present,
                         {.name = "received", .value_name = "N", .help = "number of constituents received"},
                         {.name = "topic", .value_name = "TEXT", .help = "a topic raised", .repeated = true},
                         {.name = "opinion", .value_name = "ID", .help = "an opinion passed on to intake",
                          .repeated = true},
                         RequestIdFlag(),
                     },
                     RunLog),
      StationCommand("logs", "list a station's reception log", WithPages({CongressFlag(false)}, "logs"), RunLogs),
  };
}

}  // namespace rendactl
