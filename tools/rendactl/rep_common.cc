#include "tools/rendactl/rep_common.h"

#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/enum_flags.h"
#include "tools/rendactl/output.h"

namespace rendactl {
namespace {

namespace rep = renda::representatives::v1;

// Every deputy of `parent` whose full name is `display_name` (the name people know them by).
absl::StatusOr<std::vector<rep::Deputy>> FindByDisplayName(const Connection& connection, const std::string& parent,
                                                           const std::string& display_name) {
  auto stub = rep::RepresentativesService::NewStub(connection.channel());
  std::vector<rep::Deputy> found;
  std::string token;
  do {
    rep::ListDeputiesRequest request;
    request.set_parent(parent);
    request.set_page_size(500);
    request.set_page_token(token);
    request.set_display_name_contains(display_name);
    rep::ListDeputiesResponse response;
    absl::Status status =
        connection.Call([&](grpc::ClientContext* c) { return stub->ListDeputies(c, request, &response); });
    if (!status.ok()) return status;
    for (const rep::Deputy& d : response.deputies()) {
      if (d.display_name() == display_name) found.push_back(d);
    }
    if (!response.next_page_token().empty() && response.next_page_token() == token) break;
    token = response.next_page_token();
  } while (!token.empty());
  return found;
}

}  // namespace

absl::StatusOr<std::string> OptionalDeputyFilter(const Connection& connection, const Args& args) {
  if (!args.Has("deputy")) return std::string();
  return ResolveDeputyText(connection, args, "deputy", args.Get("deputy"));
}

absl::StatusOr<std::string> ResolveDeputyText(const Connection& connection, const Args& args, absl::string_view flag,
                                              const std::string& text) {
  if (IsId(text) || absl::StartsWith(text, "congresses/")) return ResourceFlag(args, flag, text, "deputies");
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  absl::StatusOr<std::vector<rep::Deputy>> found = FindByDisplayName(connection, *parent, text);
  if (!found.ok()) return found.status();
  if (found->empty()) return absl::NotFoundError(absl::StrCat("no deputy named '", text, "' in ", *parent));
  if (found->size() > 1) {
    std::vector<std::string> ids;
    for (const rep::Deputy& d : *found) ids.push_back(IdOf(d.name()));
    return UsageError(absl::StrCat(found->size(), " deputies are named '", text, "' (", absl::StrJoin(ids, ", "),
                                   "); give the id"),
                      false);
  }
  return found->front().name();
}

absl::StatusOr<std::string> ResolveDeputy(const Connection& connection, const Args& args) {
  if (args.positional().empty()) return UsageError("missing the deputy's id or full name");
  return ResolveDeputyText(connection, args, "", args.positional().front());
}

absl::StatusOr<std::vector<std::string>> ResolveDeputyFlags(const Connection& connection, const Args& args,
                                                            absl::string_view flag) {
  std::vector<std::string> names;
  for (const std::string& text : args.GetAll(flag)) {
    absl::StatusOr<std::string> name = ResolveDeputyText(connection, args, flag, text);
    if (!name.ok()) return name.status();
    names.push_back(*std::move(name));
  }
  return names;
}

std::vector<std::string> DutyRecordHeaders() {
  return {"ID", "DATE", "DEPUTY", "TYPE", "ATTENDANCE", "STATE", "SOURCE", "TITLE"};
}

std::vector<std::string> DutyRecordRow(const rep::DutyRecord& r) {
  return {IdOf(r.name()),
          FormatDate(r.date()),
          IdOf(r.deputy()),
          EnumFlagName(rep::DutyRecordType_descriptor(), r.type()),
          EnumFlagName(rep::Attendance_descriptor(), r.attendance()),
          EnumFlagName(rep::DutyRecordState_descriptor(), r.state()),
          EnumFlagName(rep::DutyRecordSource_descriptor(), r.source()),
          Truncate(r.title(), 40)};
}

void PrintDutyRecord(const rep::DutyRecord& r) {
  Fields fields;
  fields.Add("name", r.name());
  fields.Add("deputy", r.deputy());
  fields.Add("type", EnumFlagName(rep::DutyRecordType_descriptor(), r.type()));
  fields.Add("date", FormatDate(r.date()));
  fields.Add("title", r.title());
  fields.Add("attendance", EnumFlagName(rep::Attendance_descriptor(), r.attendance()));
  fields.Add("state", EnumFlagName(rep::DutyRecordState_descriptor(), r.state()));
  fields.Add("source", EnumFlagName(rep::DutyRecordSource_descriptor(), r.source()));
  fields.Add("source id", r.source_id());
  fields.Add("related", r.related_resource());
  fields.Add("recorded by", r.recorded_by());
  fields.Add("reviewed by", r.reviewed_by());
  fields.Add("review note", r.review_note());
  fields.Add("created", FormatTimestamp(r.create_time()));
  fields.Add("updated", FormatTimestamp(r.update_time()));
  fields.Add("etag", r.etag());
  fields.Print(stdout);
  if (!r.detail().empty()) std::printf("\n%s\n", r.detail().c_str());
}

}  // namespace rendactl
