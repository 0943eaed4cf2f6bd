#include "tools/rendactl/args.h"

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "tools/rendactl/enum_flags.h"

namespace rendactl {
namespace {

// Payloads that tell Report how to print a failure rendactl found itself.
constexpr char kExitPayload[] = "rendactl/exit-code";
constexpr char kPlainPayload[] = "rendactl/plain";
constexpr char kUsagePayload[] = "rendactl/show-usage";

std::string FlagKey(absl::string_view name) { return absl::StrReplaceAll(name, {{"_", "-"}}); }

const FlagSpec* FindSpec(const std::vector<const FlagSpec*>& specs, absl::string_view key) {
  for (const FlagSpec* spec : specs) {
    if (FlagKey(spec->name) == key) return spec;
    for (const std::string& alias : spec->aliases) {
      if (FlagKey(alias) == key) return spec;
    }
  }
  return nullptr;
}

}  // namespace

std::string Args::Get(absl::string_view flag, absl::string_view fallback) const {
  auto it = values_.find(flag);
  return it == values_.end() ? std::string(fallback) : it->second.back();
}

std::vector<std::string> Args::GetAll(absl::string_view flag) const {
  auto it = values_.find(flag);
  return it == values_.end() ? std::vector<std::string>() : it->second;
}

absl::StatusOr<int> Args::GetInt(absl::string_view flag, int fallback) const {
  if (!Has(flag)) return fallback;
  std::string text = Get(flag);
  int value = 0;
  if (!absl::SimpleAtoi(text, &value)) {
    return UsageError(absl::StrCat("--", flag, ": want a whole number, got '", text, "'"), false);
  }
  return value;
}

absl::StatusOr<absl::Duration> Args::GetDuration(absl::string_view flag, absl::Duration fallback) const {
  if (!Has(flag)) return fallback;
  std::string text = Get(flag);
  absl::Duration value;
  if (!absl::ParseDuration(text, &value) || value < absl::ZeroDuration()) {
    return UsageError(absl::StrCat("--", flag, ": want a duration such as 90s, 10m or 12h, got '", text, "'"),
                      false);
  }
  return value;
}

absl::StatusOr<int> Args::GetEnum(absl::string_view flag, const google::protobuf::EnumDescriptor* type,
                                  int fallback) const {
  if (!Has(flag)) return fallback;
  return ParseEnumFlag(flag, Get(flag), type);
}

absl::StatusOr<size_t> ParseArgs(const std::vector<std::string>& argv,
                                 const std::vector<const FlagSpec*>& specs, bool stop_at_positional,
                                 Args* args) {
  size_t i = 0;
  bool flags_done = false;
  while (i < argv.size()) {
    const std::string& arg = argv[i];
    if (flags_done || arg == "-" || !absl::StartsWith(arg, "-")) {
      if (stop_at_positional) return i;
      args->AddPositional(arg);
      ++i;
      continue;
    }
    if (arg == "--") {
      flags_done = true;
      ++i;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      args->Add("help", "");
      ++i;
      continue;
    }
    absl::string_view body = arg;
    body.remove_prefix(absl::StartsWith(body, "--") ? 2 : 1);
    absl::string_view name = body;
    bool inline_value = false;
    absl::string_view value;
    if (size_t eq = body.find('='); eq != absl::string_view::npos) {
      name = body.substr(0, eq);
      value = body.substr(eq + 1);
      inline_value = true;
    }
    std::string key = FlagKey(name);
    const FlagSpec* spec = FindSpec(specs, key);
    if (spec == nullptr) return UsageError(absl::StrCat("unknown flag --", name));
    key = spec->name;  // the spelling the command reads
    ++i;
    if (spec->value_name.empty()) {
      if (inline_value && value != "true" && value != "1") {
        if (value == "false" || value == "0") continue;
        return UsageError(absl::StrCat("--", name, " takes no value"));
      }
      args->Add(key, "true");
      continue;
    }
    if (!inline_value) {
      if (i >= argv.size()) {
        return UsageError(absl::StrCat("--", name, " needs a value (", spec->value_name, ")"));
      }
      value = argv[i++];
    }
    if (!spec->repeated && args->Has(key)) {
      return UsageError(absl::StrCat("--", name, " given twice"));
    }
    args->Add(key, value);
  }
  return i;
}

absl::Status UsageError(absl::string_view message, bool show_usage) {
  absl::Status status = PlainError(kExitUsage, message);
  if (show_usage) status.SetPayload(kUsagePayload, absl::Cord("1"));
  return status;
}

absl::Status PlainError(int exit_code, absl::string_view message) {
  absl::Status status(absl::StatusCode::kFailedPrecondition, message);
  status.SetPayload(kExitPayload, absl::Cord(absl::StrCat(exit_code)));
  status.SetPayload(kPlainPayload, absl::Cord("1"));
  return status;
}

int RequestedExitCode(const absl::Status& status) {
  auto payload = status.GetPayload(kExitPayload);
  int code = 0;
  if (!payload || !absl::SimpleAtoi(std::string(*payload), &code)) return 0;
  return code;
}

bool IsPlainError(const absl::Status& status) { return status.GetPayload(kPlainPayload).has_value(); }
bool WantsUsage(const absl::Status& status) { return status.GetPayload(kUsagePayload).has_value(); }

}  // namespace rendactl
