// rendactl token mint: a bearer token for local use, signed with the suite's HS256 key.

#include <cstdio>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/common/auth.h"
#include "tools/rendactl/commands.h"

namespace rendactl {
namespace {

constexpr char kDevKey[] = "dev-only-change-me";

std::string RoleNames() {
  std::vector<std::string> names;
  for (renda::Role role : {renda::Role::kCitizen, renda::Role::kDeputy, renda::Role::kHandlingUnit, renda::Role::kStaff,
                           renda::Role::kLeader, renda::Role::kAdmin, renda::Role::kService}) {
    names.emplace_back(renda::RoleName(role));
  }
  return absl::StrJoin(names, ", ");
}

std::string EnvOr(const char* name, absl::string_view fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : std::string(fallback);
}

absl::Status RunMint(const Invocation& inv) {
  const Args& args = inv.args;
  renda::Claims claims;
  for (const std::string& value : args.GetAll("role")) {
    for (absl::string_view piece : absl::StrSplit(value, ',', absl::SkipWhitespace())) {
      std::string name = absl::StrReplaceAll(absl::AsciiStrToLower(absl::StripAsciiWhitespace(piece)), {{"-", "_"}});
      renda::Role role;
      if (!renda::ParseRole(name, &role) || role == renda::Role::kAnonymous) {
        return UsageError(absl::StrCat("--role: unknown role '", piece, "' (valid: ", RoleNames(), ")"), false);
      }
      claims.roles.Add(role);
    }
  }
  if (claims.roles.empty()) return UsageError("missing --role");

  claims.subject = args.Get("subject", EnvOr("USER", "rendactl"));
  if (claims.subject.empty()) return UsageError("--subject: must not be empty", false);
  claims.congress = args.Get("congress");
  if (!claims.congress.empty() && claims.congress != "*" && !IsId(claims.congress)) {
    return UsageError(absl::StrCat("--congress: '", claims.congress, "' is not a congress id (or * for every one)"),
                      false);
  }
  claims.deputy_id = args.Get("deputy-id");
  claims.unit_id = args.Get("unit-id");

  absl::StatusOr<absl::Duration> ttl = args.GetDuration("ttl", absl::Hours(12));
  if (!ttl.ok()) return ttl.status();
  if (*ttl < absl::Seconds(1)) return UsageError("--ttl: must be at least 1s", false);
  std::string key = args.Get("key", EnvOr("RENDA_TOKEN_KEY", kDevKey));
  if (key.empty()) return UsageError("--key: must not be empty", false);

  claims.issued_at = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
  claims.expiry = claims.issued_at + absl::Trunc(*ttl, absl::Seconds(1));
  std::printf("%s\n", renda::MintToken(claims, key).c_str());
  return absl::OkStatus();
}

}  // namespace

std::vector<Command> TokenCommands() {
  return {{
      .group = "token",
      .verb = "mint",
      .summary = "print a bearer token (JWT) for the given roles, e.g. for RENDA_TOKEN",
      .flags =
          {
              {.name = "role", .value_name = "ROLE",
               .help = absl::StrCat("a role the token carries; repeat or comma-separate for several (", RoleNames(), ")"),
               .required = true, .repeated = true},
              {.name = "subject", .value_name = "NAME", .help = "who the token names (sub); default $USER"},
              {.name = "congress", .value_name = "C", .help = "the congress the token may act in; * for every one"},
              {.name = "deputy-id", .value_name = "D", .help = "the deputy id, for deputy tokens"},
              {.name = "unit-id", .value_name = "U", .help = "the handling unit id, for handling_unit tokens"},
              {.name = "ttl", .value_name = "DURATION", .help = "how long the token is valid, e.g. 30m, 12h (default 12h)"},
              {.name = "key", .value_name = "KEY",
               .help = "HS256 signing key; default $RENDA_TOKEN_KEY, else the development key dev-only-change-me"},
          },
      .run = RunMint,
  }};
}

}  // namespace rendactl
