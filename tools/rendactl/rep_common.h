#pragma once
// Deputies named on the command line: an id, a resource name or a full name.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tools/rendactl/args.h"
#include "tools/rendactl/rpc.h"

namespace rendactl {

// The deputy `text` stands for: an id (with --congress), `congresses/{c}/deputies/{d}`, or a
// full name such as 王建国, looked up on the representatives service behind `connection`
// (refused when several deputies share it). `flag` names the flag in messages; "" for the
// command's argument.
absl::StatusOr<std::string> ResolveDeputyText(const Connection& connection, const Args& args, absl::string_view flag,
                                              const std::string& text);

}  // namespace rendactl
