// rendactl: the command-line client of the renda services, for people and scripts.
//
//   rendactl [global options] <group> [<verb>] [options] [argument]
//
// main parses the global options, finds the command in the table the cmd_*.cc files build,
// checks its flags, runs it, and turns the outcome into output and an exit code (rpc.h).

#include <grpc/support/log.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/engine.h"
#include "tools/rendactl/enum_flags.h"

namespace rendactl {
namespace {

const std::vector<FlagSpec>& GlobalFlags() {
  static const std::vector<FlagSpec>* flags = new std::vector<FlagSpec>{
      {.name = "addr", .value_name = "HOST:PORT",
       .help = "the server; default $RENDA_<SERVICE>_ADDR, else 127.0.0.1:50051 representatives, "
               ":50052 intake, :50053 supervision, :50054 reporting"},
      {.name = "token", .value_name = "JWT", .help = "bearer token; default $RENDA_TOKEN"},
      {.name = "json", .help = "print the response as JSON instead of a table"},
      {.name = "timeout_ms", .value_name = "MS", .help = "deadline of each call in milliseconds (default 5000)"},
  };
  return *flags;
}

const std::vector<Command>& AllCommands() {
  static const std::vector<Command>* commands = [] {
    auto* all = new std::vector<Command>();
    for (auto group : {TokenCommands, HealthCommands, EngineCommands, ChangeCommands, CallCommands}) {
      for (Command& command : group()) all->push_back(std::move(command));
    }
    return all;
  }();
  return *commands;
}

std::vector<const Command*> GroupCommands(absl::string_view group) {
  std::vector<const Command*> out;
  for (const Command& command : AllCommands()) {
    if (command.group == group) out.push_back(&command);
  }
  return out;
}

std::string FlagLabel(const FlagSpec& flag) {
  return flag.value_name.empty() ? absl::StrCat("--", flag.name) : absl::StrCat("--", flag.name, " ", flag.value_name);
}

void PrintFlags(std::FILE* out, const std::vector<FlagSpec>& flags) {
  size_t width = 0;
  for (const FlagSpec& flag : flags) width = std::max(width, FlagLabel(flag).size());
  for (const FlagSpec& flag : flags) {
    std::string help = flag.help;
    if (flag.enum_type != nullptr) absl::StrAppend(&help, " ", absl::StrJoin(EnumFlagNames(flag.enum_type), ", "));
    if (flag.required) absl::StrAppend(&help, " (required)");
    if (flag.repeated) absl::StrAppend(&help, " (repeatable)");
    std::fprintf(out, "    %-*s  %s\n", static_cast<int>(width), FlagLabel(flag).c_str(), help.c_str());
  }
}

void PrintMainHelp(std::FILE* out) {
  std::fprintf(out,
               "rendactl: the command-line client of the renda People's Congress services.\n\n"
               "usage: rendactl [global options] <command> [options]\n\ncommands:\n");
  size_t width = 0;
  for (const Command& command : AllCommands()) width = std::max(width, command.Path().size());
  for (const Command& command : AllCommands()) {
    std::fprintf(out, "  %-*s  %s\n", static_cast<int>(width), command.Path().c_str(), command.summary.c_str());
  }
  std::fprintf(out, "\nglobal options (before or after the command):\n");
  PrintFlags(out, GlobalFlags());
  std::fprintf(out,
               "\nEnum values are written in lower case with dashes: --status serving, --form special-work-report.\n"
               "Exit codes: 0 done, 1 the server refused or failed, 2 bad usage, 3 server unreachable.\n"
               "`rendactl <group> --help` shows a group's commands and flags, e.g. rendactl deputies --help.\n");
}

void PrintCommandHelp(std::FILE* out, const Command& command) {
  std::fprintf(out, "%s\n  %s\n", command.Synopsis().c_str(), command.summary.c_str());
  if (!command.flags.empty()) PrintFlags(out, command.flags);
}

void PrintGroupHelp(std::FILE* out, const std::vector<const Command*>& group) {
  for (size_t i = 0; i < group.size(); ++i) {
    if (i > 0) std::fputc('\n', out);
    PrintCommandHelp(out, *group[i]);
  }
  std::fprintf(out, "\nGlobal options (--addr, --token, --json, --timeout_ms): see rendactl --help.\n");
}

std::string GroupVerbs(const std::vector<const Command*>& group) {
  return absl::StrJoin(group, ", ", [](std::string* out, const Command* c) { out->append(c->verb); });
}

bool AsksForHelp(const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (arg == "--") return false;
    if (arg == "--help" || arg == "-h") return true;
  }
  return false;
}

// Fills the global options from the flags given before and after the command, then from the
// environment.
absl::Status ResolveGlobals(const Args& before, const Args& after, GlobalOptions* options) {
  auto pick = [&](absl::string_view flag) { return after.Has(flag) ? after.Get(flag) : before.Get(flag); };
  options->addr = pick("addr");
  options->token = pick("token");
  if (!before.Has("token") && !after.Has("token")) {
    const char* env = std::getenv("RENDA_TOKEN");
    if (env != nullptr) options->token = env;
  }
  options->json = before.Has("json") || after.Has("json");
  const Args& timeout_source = after.Has("timeout_ms") ? after : before;
  absl::StatusOr<int> timeout = timeout_source.GetInt("timeout_ms", 5000);
  if (!timeout.ok()) return timeout.status();
  if (*timeout <= 0) return UsageError("--timeout_ms: must be positive", false);
  options->timeout_ms = *timeout;
  return absl::OkStatus();
}

// gRPC's own log lines would break the one-line error promise; show them only when asked for
// with GRPC_VERBOSITY or GRPC_TRACE.
void QuietGrpcLogs() {
  if (std::getenv("GRPC_VERBOSITY") != nullptr || std::getenv("GRPC_TRACE") != nullptr) return;
  gpr_set_log_function([](gpr_log_func_args*) {});
}

int Main(const std::vector<std::string>& argv) {
  std::vector<const FlagSpec*> global_specs;
  for (const FlagSpec& flag : GlobalFlags()) global_specs.push_back(&flag);

  Args before;
  absl::StatusOr<size_t> next = ParseArgs(argv, global_specs, /*stop_at_positional=*/true, &before);
  constexpr char kMainUsage[] = "rendactl [global options] <command> [options]  (rendactl --help lists the commands)";
  if (!next.ok()) return Report(next.status(), kMainUsage, {});
  size_t i = *next;
  if (i >= argv.size()) {
    if (before.Has("help")) {
      PrintMainHelp(stdout);
      return kExitOk;
    }
    return Report(UsageError("missing the command"), kMainUsage, {});
  }

  std::string group_name = argv[i++];
  if (group_name == "help") {
    if (i >= argv.size()) {
      PrintMainHelp(stdout);
      return kExitOk;
    }
    group_name = argv[i++];
    before.Add("help", "");
  }
  std::vector<const Command*> group = GroupCommands(group_name);
  if (group.empty()) return Report(UsageError(absl::StrCat("unknown command '", group_name, "'")), kMainUsage, {});

  const Command* command = nullptr;
  if (group.size() == 1 && group[0]->verb.empty()) {
    command = group[0];
  } else {
    std::string group_usage = absl::StrCat("rendactl ", group_name, " {", GroupVerbs(group),
                                           "} [options]  (rendactl ", group_name, " --help)");
    if (i >= argv.size() || absl::StartsWith(argv[i], "-")) {
      if (before.Has("help") || AsksForHelp({argv.begin() + i, argv.end()})) {
        PrintGroupHelp(stdout, group);
        return kExitOk;
      }
      return Report(UsageError(absl::StrCat(group_name, ": missing the subcommand")), group_usage, {});
    }
    const std::string& verb = argv[i++];
    for (const Command* c : group) {
      if (c->verb == verb) command = c;
    }
    if (command == nullptr) {
      return Report(UsageError(absl::StrCat(group_name, ": unknown subcommand '", verb, "'")), group_usage, {});
    }
  }

  std::vector<std::string> rest(argv.begin() + i, argv.end());
  if (before.Has("help") || AsksForHelp(rest)) {
    PrintCommandHelp(stdout, *command);
    return kExitOk;
  }
  std::vector<const FlagSpec*> specs;
  for (const FlagSpec& flag : command->flags) specs.push_back(&flag);
  specs.insert(specs.end(), global_specs.begin(), global_specs.end());

  const std::string usage = command->Synopsis();
  const std::string where = command->Path();
  auto fail = [&](const absl::Status& status) {
    absl::Status prefixed(status.code(), absl::StrCat(where, ": ", status.message()));
    status.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) { prefixed.SetPayload(url, payload); });
    return Report(IsPlainError(status) ? prefixed : status, usage, command->field_flags);
  };

  Invocation invocation{*command, GlobalOptions(), Args()};
  if (absl::StatusOr<size_t> parsed = ParseArgs(rest, specs, /*stop_at_positional=*/false, &invocation.args);
      !parsed.ok()) {
    return fail(parsed.status());
  }
  for (const FlagSpec& flag : command->flags) {
    if (flag.required && !invocation.args.Has(flag.name) && !before.Has(flag.name)) {
      return fail(UsageError(absl::StrCat("missing --", flag.name)));
    }
  }
  const size_t positional = invocation.args.positional().size();
  if (command->positional.empty() && positional > 0) {
    return fail(UsageError(absl::StrCat("unexpected argument '", invocation.args.positional().front(), "'")));
  }
  if (!command->positional.empty() && positional > 1) {
    return fail(UsageError(absl::StrCat("one ", command->positional, " only, got ", positional,
                                        " (quote a value that has spaces)")));
  }
  if (command->positional_required && positional == 0) {
    return fail(UsageError(absl::StrCat("missing the ", command->positional, " argument")));
  }
  if (absl::Status s = ResolveGlobals(before, invocation.args, &invocation.global); !s.ok()) return fail(s);

  return fail(command->run(invocation));
}

}  // namespace
}  // namespace rendactl

int main(int argc, char** argv) {
  rendactl::QuietGrpcLogs();
  return rendactl::Main(std::vector<std::string>(argv + 1, argv + argc));
}
