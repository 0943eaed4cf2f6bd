#pragma once
// The commands of rendactl, one table entry each: name, flags, help and the function that runs
// it. main.cc parses the global options, finds the command, checks its flags and runs it; each
// cmd_*.cc file contributes the commands of one group.

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "tools/rendactl/args.h"
#include "tools/rendactl/rpc.h"

namespace rendactl {

struct Command;

// One run of a command.
struct Invocation {
  const Command& command;
  GlobalOptions global;
  Args args;
};

struct Command {
  std::string group = {};       // "deputies"
  std::string verb = {};        // "list"; empty for one-word commands such as `health`
  std::string service = {};     // the renda service it calls; empty when --service or --addr says
  std::string summary = {};     // one line for --help
  std::string positional = {};  // e.g. "ID"; empty when the command takes no argument
  bool positional_required = false;
  std::vector<FlagSpec> flags = {};
  FieldFlags field_flags = {};  // for error messages, see rpc.h
  std::function<absl::Status(const Invocation&)> run = nullptr;

  // "deputies list".
  std::string Path() const { return verb.empty() ? group : absl::StrCat(group, " ", verb); }
  // "rendactl deputies get --congress C ID [options]": the required flags and the argument.
  std::string Synopsis() const;
};

// The hand-written commands; the rest come from the descriptor engine (engine.h).
std::vector<Command> TokenCommands();
std::vector<Command> HealthCommands();
std::vector<Command> ChangeCommands();
std::vector<Command> CallCommands();

// ---- Helpers the commands share (commands.cc). ----

// Flags most commands take.
FlagSpec CongressFlag(bool required = true);

// "congresses/hz" from --congress, checked to be an id.
absl::StatusOr<std::string> CongressParent(const Args& args);
// The resource name `text`, the value of `--flag` ("" for the argument; messages name it),
// stands for: an id (with --congress) or a full resource name `congresses/{c}/{collection}/{id}`.
absl::StatusOr<std::string> ResourceFlag(const Args& args, absl::string_view flag, absl::string_view text,
                                         absl::string_view collection);
// Whether `text` has the form of a renda id: 1 to 63 of [a-z0-9-], not starting with '-'.
bool IsId(absl::string_view text);
// A date flag "2026-03-01" into year/month/day.
absl::Status ParseDateFlag(absl::string_view flag, absl::string_view text, int* year, int* month, int* day);
// Today in China Standard Time, "2026-03-01".
std::string TodayInChina();
// After a table: tells on stderr how to get the next page.
void PrintMoreHint(absl::string_view next_page_token);

}  // namespace rendactl
