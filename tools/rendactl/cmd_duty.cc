// rendactl duty add|get|list|confirm|reject: deputies' duty records (履职记录) and their review.

#include <cstdio>

#include "renda/representatives/v1/duty.grpc.pb.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/enum_flags.h"
#include "tools/rendactl/output.h"
#include "tools/rendactl/rep_common.h"

namespace rendactl {
namespace {

namespace rep = renda::representatives::v1;

constexpr char kService[] = "representatives";
constexpr char kCollection[] = "dutyRecords";

const FieldFlags& DutyFieldFlags() {
  static const FieldFlags* flags = new FieldFlags{
      {"parent", "--congress"},
      {"name", "ID"},
      {"request_id", "--request-id"},
      {"source_id", "--source-id"},
      {"page_size", "--page-size"},
      {"page_token", "--page-token"},
      {"deputy", "--deputy"},
      {"year", "--year"},
      {"type", "--type"},
      {"state", "--state"},
      {"note", "--note"},
      {"etag", "--etag"},
      {"duty_record.deputy", "--deputy"},
      {"duty_record.type", "--type"},
      {"duty_record.date", "--date"},
      {"duty_record.title", "--title"},
      {"duty_record.detail", "--detail"},
      {"duty_record.attendance", "--attendance"},
  };
  return *flags;
}

absl::Status RunAdd(const Invocation& inv) {
  const Args& args = inv.args;
  rep::CreateDutyRecordRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_source_id(args.Get("source-id"));
  request.set_request_id(args.Get("request-id"));
  rep::DutyRecord* record = request.mutable_duty_record();
  absl::StatusOr<int> type = args.GetEnum("type", rep::DutyRecordType_descriptor());
  if (!type.ok()) return type.status();
  record->set_type(static_cast<rep::DutyRecordType>(*type));
  absl::StatusOr<int> attendance = args.GetEnum("attendance", rep::Attendance_descriptor());
  if (!attendance.ok()) return attendance.status();
  record->set_attendance(static_cast<rep::Attendance>(*attendance));
  if (absl::Status s = DateFlag(args, "date", record->mutable_date(), TodayInChina()); !s.ok()) return s;
  record->set_title(args.Get("title"));
  record->set_detail(args.Get("detail"));

  Connection connection(inv.global, kService);
  absl::StatusOr<std::string> deputy = ResolveDeputyText(connection, args, "deputy", args.Get("deputy"));
  if (!deputy.ok()) return deputy.status();
  record->set_deputy(*deputy);
  auto stub = rep::DutyRecordService::NewStub(connection.channel());
  rep::CreateDutyRecordResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->CreateDutyRecord(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintDutyRecord(response.duty_record());
  return absl::OkStatus();
}

absl::Status RunGet(const Invocation& inv) {
  rep::GetDutyRecordRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  Connection connection(inv.global, kService);
  auto stub = rep::DutyRecordService::NewStub(connection.channel());
  rep::GetDutyRecordResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->GetDutyRecord(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintDutyRecord(response.duty_record());
  return absl::OkStatus();
}

absl::Status RunList(const Invocation& inv) {
  const Args& args = inv.args;
  if (!args.Has("deputy") && !args.Has("pending")) {
    return UsageError("give --deputy D, or --pending for the congress's queue of records waiting for review");
  }
  rep::ListDutyRecordsRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  absl::StatusOr<int> year = args.GetInt("year", 0);
  if (!year.ok()) return year.status();
  request.set_year(*year);
  absl::StatusOr<int> type = args.GetEnum("type", rep::DutyRecordType_descriptor());
  if (!type.ok()) return type.status();
  request.set_type(static_cast<rep::DutyRecordType>(*type));
  absl::StatusOr<int> state = args.GetEnum("state", rep::DutyRecordState_descriptor(),
                                           args.Has("pending") ? rep::DUTY_RECORD_STATE_PENDING : 0);
  if (!state.ok()) return state.status();
  request.set_state(static_cast<rep::DutyRecordState>(*state));
  int page_size = 0;
  if (absl::Status s = PageSizeFlag(args, &page_size); !s.ok()) return s;
  request.set_page_size(page_size);

  Connection connection(inv.global, kService);
  absl::StatusOr<std::string> deputy = OptionalDeputyFilter(connection, args);
  if (!deputy.ok()) return deputy.status();
  request.set_deputy(*deputy);
  auto stub = rep::DutyRecordService::NewStub(connection.channel());
  rep::ListDutyRecordsResponse all;
  absl::Status s = CollectPages<rep::ListDutyRecordsResponse>(
      args,
      [&](const std::string& token, rep::ListDutyRecordsResponse* page) {
        request.set_page_token(token);
        return connection.Call([&](grpc::ClientContext* c) { return stub->ListDutyRecords(c, request, page); });
      },
      &all);
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.duty_records_size() == 0) {
    std::printf("no duty records\n");
  } else {
    Table table(DutyRecordHeaders());
    for (const rep::DutyRecord& record : all.duty_records()) table.AddRow(DutyRecordRow(record));
    table.Print(stdout);
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

// confirm and reject: one review step on a pending record.
template <typename Request, typename Response>
absl::Status RunReview(const Invocation& inv,
                       grpc::Status (rep::DutyRecordService::Stub::*rpc)(grpc::ClientContext*, const Request&,
                                                                         Response*),
                       Request request) {
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  request.set_etag(inv.args.Get("etag"));
  request.set_request_id(inv.args.Get("request-id"));
  Connection connection(inv.global, kService);
  auto stub = rep::DutyRecordService::NewStub(connection.channel());
  Response response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return ((*stub).*rpc)(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintDutyRecord(response.duty_record());
  return absl::OkStatus();
}

absl::Status RunConfirm(const Invocation& inv) {
  return RunReview(inv, &rep::DutyRecordService::Stub::ConfirmDutyRecord, rep::ConfirmDutyRecordRequest());
}

absl::Status RunReject(const Invocation& inv) {
  rep::RejectDutyRecordRequest request;
  request.set_note(inv.args.Get("note"));
  return RunReview(inv, &rep::DutyRecordService::Stub::RejectDutyRecord, std::move(request));
}

std::vector<FlagSpec> ReviewFlags() {
  return {
      CongressFlag(false),
      {.name = "etag", .value_name = "E", .help = "refuse (ABORTED) if the record changed since this etag"},
      RequestIdFlag(),
  };
}

}  // namespace

std::vector<Command> DutyCommands() {
  std::vector<FlagSpec> list_flags = {
      CongressFlag(),
      {.name = "deputy", .value_name = "D", .help = "the deputy: id, resource name or full name"},
      {.name = "pending", .help = "the congress's queue of records reported by deputies, waiting for review"},
      {.name = "year", .value_name = "YYYY", .help = "only records dated in this year (with --deputy)"},
      {.name = "type", .value_name = "T", .help = "only this type:", .enum_type = rep::DutyRecordType_descriptor()},
      {.name = "state", .value_name = "S", .help = "only this state:", .enum_type = rep::DutyRecordState_descriptor()},
  };
  for (FlagSpec& flag : PageFlags("records")) list_flags.push_back(std::move(flag));
  std::vector<FlagSpec> reject_flags = ReviewFlags();
  reject_flags.insert(reject_flags.begin() + 1, {.name = "note", .value_name = "TEXT",
                                                 .help = "why the record is refused, shown to the deputy",
                                                 .required = true});
  return {
      {
          .group = "duty",
          .verb = "add",
          .service = kService,
          .summary = "record a duty a deputy performed; confirmed as entered (staff, admin)",
          .flags =
              {
                  CongressFlag(),
                  {.name = "deputy", .value_name = "D", .help = "the deputy: id, resource name or full name",
                   .required = true},
                  {.name = "type", .value_name = "T", .help = "type:", .required = true,
                   .enum_type = rep::DutyRecordType_descriptor()},
                  {.name = "title", .value_name = "TEXT", .help = "short title, e.g. 出席市十六届人大三次会议",
                   .required = true},
                  {.name = "date", .value_name = "YYYY-MM-DD", .help = "the day it happened (default today, China time)"},
                  {.name = "attendance", .value_name = "A",
                   .help = "for meetings (required for session-attendance):", .enum_type = rep::Attendance_descriptor()},
                  {.name = "detail", .value_name = "TEXT", .help = "details in words"},
                  {.name = "source-id", .value_name = "KEY",
                   .help = "key of the duty in your own system; the same key and date never make a second record"},
                  RequestIdFlag(),
              },
          .field_flags = DutyFieldFlags(),
          .run = RunAdd,
      },
      {
          .group = "duty",
          .verb = "get",
          .service = kService,
          .summary = "show one duty record",
          .positional = "ID",
          .positional_required = true,
          .flags = {CongressFlag(false)},
          .field_flags = DutyFieldFlags(),
          .run = RunGet,
      },
      {
          .group = "duty",
          .verb = "list",
          .service = kService,
          .summary = "list a deputy's duty records in date order, or the --pending review queue",
          .flags = list_flags,
          .field_flags = DutyFieldFlags(),
          .run = RunList,
      },
      {
          .group = "duty",
          .verb = "confirm",
          .service = kService,
          .summary = "confirm a pending record; from then on it counts in evaluation (staff, admin)",
          .positional = "ID",
          .positional_required = true,
          .flags = ReviewFlags(),
          .field_flags = DutyFieldFlags(),
          .run = RunConfirm,
      },
      {
          .group = "duty",
          .verb = "reject",
          .service = kService,
          .summary = "reject a pending record with a note saying why (staff, admin)",
          .positional = "ID",
          .positional_required = true,
          .flags = reject_flags,
          .field_flags = DutyFieldFlags(),
          .run = RunReject,
      },
  };
}

}  // namespace rendactl
