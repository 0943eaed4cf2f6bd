#include "tools/rendactl/commands.h"

#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/time_util.h"

namespace rendactl {

std::string Command::Synopsis() const {
  std::string out = absl::StrCat("rendactl ", Path());
  bool optional = false;
  for (const FlagSpec& flag : flags) {
    if (!flag.required && flag.name == "congress" && !positional.empty()) {
      // Optional only because a full resource name can stand in for it.
      absl::StrAppend(&out, " [--congress ", flag.value_name, "]");
      continue;
    }
    if (!flag.required) {
      optional = true;
      continue;
    }
    absl::StrAppend(&out, " --", flag.name);
    if (!flag.value_name.empty()) absl::StrAppend(&out, " ", flag.value_name);
  }
  if (!positional.empty()) {
    absl::StrAppend(&out, positional_required ? " " : " [", positional, positional_required ? "" : "]");
  }
  if (optional) absl::StrAppend(&out, " [options]");
  return out;
}

FlagSpec CongressFlag(bool required) {
  return {.name = "congress", .value_name = "C",
          .help = required ? "the congress (tenant) id, e.g. hz"
                           : "the congress (tenant) id, e.g. hz; not needed with a full resource name",
          .required = required};
}

bool IsId(absl::string_view text) {
  if (text.empty() || text.size() > 63 || text.front() == '-') return false;
  for (char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

absl::StatusOr<std::string> CongressParent(const Args& args) {
  if (!args.Has("congress")) return UsageError("missing --congress");
  std::string congress = args.Get("congress");
  if (!IsId(congress)) {
    return UsageError(absl::StrCat("--congress: '", congress, "' is not a congress id (a-z, 0-9 and '-', e.g. hz)"),
                      false);
  }
  return absl::StrCat("congresses/", congress);
}

absl::StatusOr<std::string> ResourceFlag(const Args& args, absl::string_view flag, absl::string_view text,
                                         absl::string_view collection) {
  const std::string where = flag.empty() ? "" : absl::StrCat("--", flag, ": ");
  if (absl::StartsWith(text, "congresses/")) {
    std::vector<absl::string_view> parts = absl::StrSplit(text, '/');
    if (parts.size() != 4 || !IsId(parts[1]) || parts[2] != collection || !IsId(parts[3])) {
      return UsageError(
          absl::StrCat(where, "'", text, "' is not a name of the form congresses/{congress}/", collection, "/{id}"),
          false);
    }
    return std::string(text);
  }
  if (!IsId(text)) return UsageError(absl::StrCat(where, "'", text, "' is not an id (a-z, 0-9 and '-')"), false);
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  return absl::StrCat(*parent, "/", collection, "/", text);
}

absl::Status ParseDateFlag(absl::string_view flag, absl::string_view text, int* year, int* month, int* day) {
  absl::CivilDay civil;
  if (!absl::ParseCivilTime(text, &civil)) {
    return UsageError(absl::StrCat("--", flag, ": want a date YYYY-MM-DD, got '", text, "'"), false);
  }
  *year = static_cast<int>(civil.year());
  *month = civil.month();
  *day = civil.day();
  return absl::OkStatus();
}

std::string TodayInChina() {
  return absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), renda::ChinaTime()));
}

void PrintMoreHint(absl::string_view next_page_token) {
  if (next_page_token.empty()) return;
  std::fflush(stdout);
  std::fprintf(stderr, "(more: add --page-token %s, or --all)\n", std::string(next_page_token).c_str());
}

}  // namespace rendactl
