#pragma once
// What the commands of the representatives domain share: deputies named on the command line
// (an id, a resource name or a full name) and duty records shown as rows or fields.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "renda/representatives/v1/duty_record.pb.h"
#include "tools/rendactl/args.h"
#include "tools/rendactl/rpc.h"

namespace rendactl {

// The deputy `text` stands for: an id (with --congress), `congresses/{c}/deputies/{d}`, or a
// full name such as 王建国, looked up on the representatives service behind `connection`
// (refused when several deputies share it). `flag` names the flag in messages; "" for the
// command's argument.
absl::StatusOr<std::string> ResolveDeputyText(const Connection& connection, const Args& args, absl::string_view flag,
                                              const std::string& text);
// The deputy of the optional `--deputy` filter; "" when it was not given.
absl::StatusOr<std::string> OptionalDeputyFilter(const Connection& connection, const Args& args);
// The deputy of the command's argument.
absl::StatusOr<std::string> ResolveDeputy(const Connection& connection, const Args& args);
// Every deputy given with the repeatable `--flag`.
absl::StatusOr<std::vector<std::string>> ResolveDeputyFlags(const Connection& connection, const Args& args,
                                                            absl::string_view flag);

// The columns of a duty record row, and a record as such a row.
std::vector<std::string> DutyRecordHeaders();
std::vector<std::string> DutyRecordRow(const renda::representatives::v1::DutyRecord& record);
// One record as key/value lines.
void PrintDutyRecord(const renda::representatives::v1::DutyRecord& record);

}  // namespace rendactl
