#pragma once
// rendactl's command-line parsing: flags declared per command (FlagSpec), parsed by hand so
// that every subcommand has its own flags, `--name value` and `--name=value` both work, and
// `-` and `_` are the same in flag names (--page-size == --page_size).

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"

namespace rendactl {

// One flag a command accepts.
struct FlagSpec {
  std::string name = {};        // without the dashes, e.g. "page-size"
  std::string value_name = {};  // e.g. "N"; empty for a switch that takes no value
  std::string help = {};
  bool required = false;
  bool repeated = false;
  // For flags naming a proto enum value: the help lists the values the enum defines.
  const google::protobuf::EnumDescriptor* enum_type = nullptr;
  // Other spellings accepted, not shown in help (e.g. the dotted field path).
  std::vector<std::string> aliases = {};
};

// The flags and positional arguments of one command line.
class Args {
 public:
  bool Has(absl::string_view flag) const { return values_.contains(flag); }
  // The last value given for `flag`, or `fallback` when it was not given.
  std::string Get(absl::string_view flag, absl::string_view fallback = "") const;
  // Every value given for `flag`, in order.
  std::vector<std::string> GetAll(absl::string_view flag) const;
  const std::vector<std::string>& positional() const { return positional_; }
  // The same flags without the positional arguments.
  Args WithoutPositional() const {
    Args copy = *this;
    copy.positional_.clear();
    return copy;
  }

  // Typed readers; a malformed value is a usage error naming the flag. A flag that was not
  // given yields `fallback`.
  absl::StatusOr<int> GetInt(absl::string_view flag, int fallback) const;
  absl::StatusOr<absl::Duration> GetDuration(absl::string_view flag, absl::Duration fallback) const;
  // The number of the enum value named by the flag (see enum_flags.h); `fallback` when absent.
  absl::StatusOr<int> GetEnum(absl::string_view flag, const google::protobuf::EnumDescriptor* type,
                              int fallback = 0) const;

  void Add(absl::string_view flag, absl::string_view value) { values_[flag].emplace_back(value); }
  void AddPositional(absl::string_view arg) { positional_.emplace_back(arg); }

 private:
  absl::flat_hash_map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

// Parses `argv` against `specs` into `args`, from the start. With `stop_at_positional`, parsing
// stops at the first argument that is not a flag and returns its index; otherwise every
// argument is consumed (`--` ends the flags) and argv.size() is returned. `--help`/`-h` is
// recorded as the flag "help" whatever the specs say. Unknown flags and missing values are
// usage errors.
absl::StatusOr<size_t> ParseArgs(const std::vector<std::string>& argv,
                                 const std::vector<const FlagSpec*>& specs, bool stop_at_positional,
                                 Args* args);

// Exit codes of rendactl.
inline constexpr int kExitOk = 0;
inline constexpr int kExitServerError = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitUnreachable = 3;

// A mistake on the command line: printed as `rendactl: <message>` and exits 2. With
// `show_usage`, the command's synopsis follows on a second line (for missing or unknown flags;
// a bad value's message already says what is allowed).
absl::Status UsageError(absl::string_view message, bool show_usage = true);
// A failure rendactl reports in its own words (no status code): `rendactl: <message>`, exit
// `exit_code`.
absl::Status PlainError(int exit_code, absl::string_view message);

// How Report (rpc.h) prints a status: the exit code it asks for (0 when unset) and whether it
// is plain text and wants the usage line.
int RequestedExitCode(const absl::Status& status);
bool IsPlainError(const absl::Status& status);
bool WantsUsage(const absl::Status& status);

}  // namespace rendactl
