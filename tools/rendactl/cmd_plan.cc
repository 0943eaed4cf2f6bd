// rendactl activities list|get|create|signup|withdraw|attend: the menu-style work plan (菜单式).

#include <cstdio>

#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "renda/representatives/v1/work_plan.grpc.pb.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/enum_flags.h"
#include "tools/rendactl/output.h"
#include "tools/rendactl/rep_common.h"
#include "services/common/time_util.h"

namespace rendactl {
namespace {

namespace rep = renda::representatives::v1;

constexpr char kService[] = "representatives";
constexpr char kCollection[] = "activities";

const FieldFlags& PlanFieldFlags() {
  static const FieldFlags* flags = new FieldFlags{
      {"parent", "--congress"},
      {"activity", "ID"},
      {"name", "ID"},
      {"deputy", "--deputy"},
      {"attended", "--deputy"},
      {"activity_id", "--id"},
      {"category", "--category"},
      {"month", "--month"},
      {"page_size", "--page-size"},
      {"page_token", "--page-token"},
      {"request_id", "--request-id"},
      {"activity.category", "--category"},
      {"activity.title", "--title"},
      {"activity.description", "--description"},
      {"activity.date", "--date"},
      {"activity.place", "--place"},
      {"activity.capacity", "--capacity"},
      {"activity.sign_up_open_time", "--open-at"},
      {"activity.sign_up_close_time", "--close-at"},
  };
  return *flags;
}

// "2026-03-01 09:30" (or a bare date, meaning its start), China time.
absl::Status TimeFlag(const Args& args, absl::string_view flag, absl::Time* time) {
  const std::string text = args.Get(flag);
  absl::CivilMinute minute;
  if (absl::ParseLenientCivilTime(absl::StrReplaceAll(text, {{" ", "T"}}), &minute)) {
    *time = absl::FromCivil(minute, renda::ChinaTime());
    return absl::OkStatus();
  }
  return UsageError(absl::StrCat("--", flag, ": want 'YYYY-MM-DD HH:MM' or YYYY-MM-DD (China time), got '", text, "'"),
                    false);
}

void SetTimestamp(absl::Time time, google::protobuf::Timestamp* out) { out->set_seconds(absl::ToUnixSeconds(time)); }

std::string Deputies(const google::protobuf::RepeatedPtrField<std::string>& names) {
  return absl::StrJoin(names, ", ", [](std::string* out, const std::string& name) { out->append(IdOf(name)); });
}

void PrintActivity(const rep::Activity& a) {
  Fields fields;
  fields.Add("name", a.name());
  fields.Add("title", a.title());
  fields.Add("category", EnumFlagName(rep::ActivityCategory_descriptor(), a.category()));
  fields.Add("date", FormatDate(a.date()));
  fields.Add("place", a.place());
  fields.Add("state", EnumFlagName(rep::ActivityState_descriptor(), a.state()));
  fields.Add("places", absl::StrCat(a.confirmed_size(), " of ", a.capacity(), " taken"));
  fields.Add("sign-up opens", FormatTimestamp(a.sign_up_open_time()));
  fields.Add("sign-up closes", FormatTimestamp(a.sign_up_close_time()));
  fields.Add("confirmed", Deputies(a.confirmed()));
  fields.Add("waitlist", Deputies(a.waitlist()));
  fields.Add("attended", Deputies(a.attended()));
  fields.Add("etag", a.etag());
  fields.Print(stdout);
  if (!a.description().empty()) std::printf("\n%s\n", a.description().c_str());
}

absl::Status RunList(const Invocation& inv) {
  const Args& args = inv.args;
  rep::ListActivitiesRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  absl::StatusOr<int> category = args.GetEnum("category", rep::ActivityCategory_descriptor());
  if (!category.ok()) return category.status();
  request.set_category(static_cast<rep::ActivityCategory>(*category));
  if (args.Has("month")) {
    absl::CivilMonth month;
    if (!absl::ParseCivilTime(args.Get("month"), &month)) {
      return UsageError(absl::StrCat("--month: want YYYY-MM, got '", args.Get("month"), "'"), false);
    }
    request.set_month(static_cast<int>(month.year()) * 100 + month.month());
  }
  request.set_open_only(args.Has("open"));
  int page_size = 0;
  if (absl::Status s = PageSizeFlag(args, &page_size); !s.ok()) return s;
  request.set_page_size(page_size);

  Connection connection(inv.global, kService);
  auto stub = rep::WorkPlanService::NewStub(connection.channel());
  rep::ListActivitiesResponse all;
  absl::Status s = CollectPages<rep::ListActivitiesResponse>(
      args,
      [&](const std::string& token, rep::ListActivitiesResponse* page) {
        request.set_page_token(token);
        return connection.Call([&](grpc::ClientContext* c) { return stub->ListActivities(c, request, page); });
      },
      &all);
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.activities_size() == 0) {
    std::printf("no activities\n");
  } else {
    Table table({"ID", "DATE", "CATEGORY", "STATE", "PLACES", "WAITING", "SIGN-UP CLOSES", "TITLE"});
    table.AlignRight(4);
    table.AlignRight(5);
    for (const rep::Activity& a : all.activities()) {
      table.AddRow({IdOf(a.name()), FormatDate(a.date()),
                    EnumFlagName(rep::ActivityCategory_descriptor(), a.category()),
                    EnumFlagName(rep::ActivityState_descriptor(), a.state()),
                    absl::StrCat(a.confirmed_size(), "/", a.capacity()), absl::StrCat(a.waitlist_size()),
                    FormatTimestamp(a.sign_up_close_time()), Truncate(a.title(), 40)});
    }
    table.Print(stdout);
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

absl::Status RunGet(const Invocation& inv) {
  rep::GetActivityRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  Connection connection(inv.global, kService);
  auto stub = rep::WorkPlanService::NewStub(connection.channel());
  rep::GetActivityResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->GetActivity(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintActivity(response.activity());
  return absl::OkStatus();
}

absl::Status RunCreate(const Invocation& inv) {
  const Args& args = inv.args;
  rep::CreateActivityRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_activity_id(args.Get("id"));
  request.set_request_id(args.Get("request-id"));
  rep::Activity* a = request.mutable_activity();
  a->set_title(args.Get("title"));
  a->set_description(args.Get("description"));
  a->set_place(args.Get("place"));
  absl::StatusOr<int> category = args.GetEnum("category", rep::ActivityCategory_descriptor());
  if (!category.ok()) return category.status();
  a->set_category(static_cast<rep::ActivityCategory>(*category));
  absl::StatusOr<int> capacity = args.GetInt("capacity", 0);
  if (!capacity.ok()) return capacity.status();
  a->set_capacity(*capacity);
  if (absl::Status s = DateFlag(args, "date", a->mutable_date()); !s.ok()) return s;
  // Sign-ups open now and close at the end of the day before the activity unless told otherwise.
  absl::Time open = absl::Now();
  absl::Time close =
      absl::FromCivil(absl::CivilDay(a->date().year(), a->date().month(), a->date().day()), renda::ChinaTime()) - absl::Seconds(1);
  if (args.Has("open-at")) {
    if (absl::Status s = TimeFlag(args, "open-at", &open); !s.ok()) return s;
  }
  if (args.Has("close-at")) {
    if (absl::Status s = TimeFlag(args, "close-at", &close); !s.ok()) return s;
  }
  SetTimestamp(open, a->mutable_sign_up_open_time());
  SetTimestamp(close, a->mutable_sign_up_close_time());

  Connection connection(inv.global, kService);
  auto stub = rep::WorkPlanService::NewStub(connection.channel());
  rep::CreateActivityResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->CreateActivity(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintActivity(response.activity());
  return absl::OkStatus();
}

// signup and withdraw: the activity of the argument and the deputy of --deputy.
template <typename Request>
absl::Status FillSignUp(const Connection& connection, const Args& args, Request* request) {
  absl::StatusOr<std::string> activity = ResourceArg(args, kCollection);
  if (!activity.ok()) return activity.status();
  request->set_activity(*activity);
  absl::StatusOr<std::string> deputy = ResolveDeputyText(connection, args, "deputy", args.Get("deputy"));
  if (!deputy.ok()) return deputy.status();
  request->set_deputy(*deputy);
  request->set_request_id(args.Get("request-id"));
  return absl::OkStatus();
}

absl::Status RunSignUp(const Invocation& inv) {
  Connection connection(inv.global, kService);
  rep::SignUpRequest request;
  if (absl::Status s = FillSignUp(connection, inv.args, &request); !s.ok()) return s;
  auto stub = rep::WorkPlanService::NewStub(connection.channel());
  rep::SignUpResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->SignUp(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  if (response.status() == rep::SIGN_UP_STATUS_WAITLISTED) {
    std::printf("WAITLISTED #%d\n", response.waitlist_position());
  } else {
    std::printf("CONFIRMED (%d of %d places taken)\n", response.activity().confirmed_size(),
                response.activity().capacity());
  }
  return absl::OkStatus();
}

absl::Status RunWithdraw(const Invocation& inv) {
  Connection connection(inv.global, kService);
  rep::WithdrawRequest request;
  if (absl::Status s = FillSignUp(connection, inv.args, &request); !s.ok()) return s;
  auto stub = rep::WorkPlanService::NewStub(connection.channel());
  rep::WithdrawResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->Withdraw(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  std::printf("WITHDRAWN\n");
  if (!response.promoted().empty()) std::printf("%s moved up from the waitlist\n", IdOf(response.promoted()).c_str());
  return absl::OkStatus();
}

absl::Status RunAttend(const Invocation& inv) {
  const Args& args = inv.args;
  rep::RecordAttendanceRequest request;
  absl::StatusOr<std::string> activity = ResourceArg(args, kCollection);
  if (!activity.ok()) return activity.status();
  request.set_activity(*activity);
  request.set_request_id(args.Get("request-id"));
  Connection connection(inv.global, kService);
  absl::StatusOr<std::vector<std::string>> deputies = ResolveDeputyFlags(connection, args, "deputy");
  if (!deputies.ok()) return deputies.status();
  for (const std::string& deputy : *deputies) request.add_attended(deputy);
  auto stub = rep::WorkPlanService::NewStub(connection.channel());
  rep::RecordAttendanceResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->RecordAttendance(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  std::printf("attended: %s\n", Deputies(response.activity().attended()).c_str());
  std::printf("%d duty records made\n", response.duty_records_size());
  for (const std::string& record : response.duty_records()) std::printf("  %s\n", IdOf(record).c_str());
  return absl::OkStatus();
}

Command ActivityCommand(std::string verb, std::string summary, std::vector<FlagSpec> flags,
                        absl::Status (*run)(const Invocation&)) {
  return {.group = "activities", .verb = std::move(verb), .service = kService, .summary = std::move(summary),
          .positional = "ID", .positional_required = true, .flags = std::move(flags),
          .field_flags = PlanFieldFlags(), .run = run};
}

}  // namespace

std::vector<Command> PlanCommands() {
  std::vector<FlagSpec> list_flags = {
      CongressFlag(),
      {.name = "category", .value_name = "C", .help = "only this category:",
       .enum_type = rep::ActivityCategory_descriptor()},
      {.name = "month", .value_name = "YYYY-MM", .help = "only activities in this month"},
      {.name = "open", .help = "only activities whose sign-up window is open now"},
  };
  for (FlagSpec& flag : PageFlags("activities")) list_flags.push_back(std::move(flag));
  const FlagSpec deputy = {.name = "deputy", .value_name = "D", .help = "the deputy: id, resource name or full name",
                           .required = true};
  FlagSpec attended = deputy;
  attended.repeated = true;
  attended.help = "a deputy who attended (on the confirmed list)";
  Command list = ActivityCommand("list", "list the plan's activities in date order, filtered", list_flags, RunList);
  list.positional = "";
  list.positional_required = false;
  Command create = ActivityCommand(
      "create", "publish an activity of the plan (staff, admin)",
      {
          CongressFlag(),
          {.name = "id", .value_name = "SUFFIX", .help = "id suffix: the id is yyyymmdd-SUFFIX; generated when absent"},
          {.name = "title", .value_name = "TEXT", .help = "title, e.g. 《杭州市物业管理条例》修订调研", .required = true},
          {.name = "category", .value_name = "C", .help = "category:", .required = true,
           .enum_type = rep::ActivityCategory_descriptor()},
          {.name = "date", .value_name = "YYYY-MM-DD", .help = "the day of the activity", .required = true},
          {.name = "place", .value_name = "TEXT", .help = "where", .required = true},
          {.name = "capacity", .value_name = "N", .help = "confirmed places, 1 to 1000", .required = true},
          {.name = "open-at", .value_name = "'YYYY-MM-DD HH:MM'", .help = "sign-ups open (default now), China time"},
          {.name = "close-at", .value_name = "'YYYY-MM-DD HH:MM'",
           .help = "sign-ups close (default the end of the day before the activity), China time"},
          {.name = "description", .value_name = "TEXT", .help = "what it is about"},
          RequestIdFlag(),
      },
      RunCreate);
  create.positional = "";
  create.positional_required = false;
  return {
      list,
      ActivityCommand("get", "show one activity with its confirmed list and waitlist", {CongressFlag(false)}, RunGet),
      create,
      ActivityCommand("signup", "sign a deputy up: CONFIRMED while there is room, else WAITLISTED #n",
                      {CongressFlag(false), deputy, RequestIdFlag()}, RunSignUp),
      ActivityCommand("withdraw", "withdraw a deputy's place; the first waitlisted deputy moves up",
                      {CongressFlag(false), deputy, RequestIdFlag()}, RunWithdraw),
      ActivityCommand("attend", "record who attended; each gets one duty record (staff, admin)",
                      {CongressFlag(false), attended, RequestIdFlag()}, RunAttend),
  };
}

}  // namespace rendactl
