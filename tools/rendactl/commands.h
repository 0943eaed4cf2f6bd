#pragma once
// The commands of rendactl, one table entry each: name, flags, help and the function that runs
// it. main.cc parses the global options, finds the command, checks its flags and runs it; each
// cmd_*.cc file contributes the commands of one group.

#include <functional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "tools/rendactl/args.h"
#include "tools/rendactl/rpc.h"
#include "renda/type/v1/date.pb.h"

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

std::vector<Command> TokenCommands();
std::vector<Command> HealthCommands();
std::vector<Command> ItemCommands();
std::vector<Command> OverviewCommands();
std::vector<Command> ChangeCommands();
std::vector<Command> CallCommands();
std::vector<Command> OrganizationCommands();
std::vector<Command> DutyCommands();
std::vector<Command> EvaluationCommands();
std::vector<Command> ContactCommands();
std::vector<Command> PlanCommands();
std::vector<Command> StationCommands();
std::vector<Command> ReportCommands();

// ---- Helpers the commands share (commands.cc). ----

// Flags most commands take.
FlagSpec CongressFlag(bool required = true);
FlagSpec RequestIdFlag();
// --page-size, --page-token, --all.
std::vector<FlagSpec> PageFlags(absl::string_view plural);

// "congresses/hz" from --congress, checked to be an id.
absl::StatusOr<std::string> CongressParent(const Args& args);
// The resource name a command's argument stands for: an id (with --congress) or a full
// resource name `congresses/{c}/{collection}/{id}`.
absl::StatusOr<std::string> ResourceArg(const Args& args, absl::string_view collection);
// The same for `text`, the value of `--flag` (messages name the flag): an id (with --congress)
// or a full resource name of `collection`.
absl::StatusOr<std::string> ResourceFlag(const Args& args, absl::string_view flag, absl::string_view text,
                                         absl::string_view collection);
// Every value of the repeatable `--flag`, each an id or resource name of `collection`.
absl::StatusOr<std::vector<std::string>> ResourceFlags(const Args& args, absl::string_view flag,
                                                       absl::string_view collection);
// Whether `text` has the form of a renda id: 1 to 63 of [a-z0-9-], not starting with '-'.
bool IsId(absl::string_view text);
// A date flag "2026-03-01" into year/month/day.
absl::Status ParseDateFlag(absl::string_view flag, absl::string_view text, int* year, int* month, int* day);
// Today in China Standard Time, "2026-03-01".
std::string TodayInChina();
// The date flag `--flag` into `date`; when the flag is absent, `fallback` (e.g. TodayInChina())
// is parsed instead, and nothing is set when that is empty too (guard optional dates with
// args.Has so that the message is not created).
absl::Status DateFlag(const Args& args, absl::string_view flag, renda::type::v1::Date* date,
                      absl::string_view fallback = "");
// --page-size into `*page_size`.
absl::Status PageSizeFlag(const Args& args, int* page_size);
// "" for 0, else the number (for optional counts and terms in tables).
std::string NumberOrEmpty(int value);

// Reads one page (--page-token, --page-size) or, with --all, every page, merging them into
// `merged`. `fetch(token, page)` reads one page.
template <typename Response>
absl::Status CollectPages(const Args& args, absl::FunctionRef<absl::Status(const std::string&, Response*)> fetch,
                          Response* merged) {
  const bool all = args.Has("all");
  std::string token = args.Get("page-token");
  for (;;) {
    Response page;
    if (absl::Status s = fetch(token, &page); !s.ok()) return s;
    std::string next = page.next_page_token();
    merged->MergeFrom(page);
    if (!all || next.empty()) {
      merged->set_next_page_token(next);
      return absl::OkStatus();
    }
    if (next == token) return absl::InternalError("the server returned the same page token twice");
    token = next;
  }
}

// After a table: tells on stderr how to get the next page.
void PrintMoreHint(absl::string_view next_page_token);

}  // namespace rendactl
