#include "services/common/auth.h"

#include <cmath>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/crypto.h"
#include "services/common/errors.h"

namespace renda {
namespace {

constexpr std::pair<absl::string_view, Role> kRoleNames[] = {
    {"anonymous", Role::kAnonymous}, {"citizen", Role::kCitizen}, {"deputy", Role::kDeputy},
    {"handling_unit", Role::kHandlingUnit}, {"staff", Role::kStaff}, {"leader", Role::kLeader},
    {"admin", Role::kAdmin}, {"service", Role::kService},
};

absl::Status Unauthenticated(absl::string_view reason, absl::string_view message) {
  return MakeError(absl::StatusCode::kUnauthenticated, reason, message);
}

// The fixed header of every token renda mints: {"alg":"HS256","typ":"JWT"}.
const std::string& HeaderSegment() {
  static const std::string* segment =
      new std::string(absl::WebSafeBase64Escape(R"({"alg":"HS256","typ":"JWT"})"));
  return *segment;
}

}  // namespace

bool ParseRole(absl::string_view name, Role* role) {
  for (const auto& [n, r] : kRoleNames) {
    if (n == name) {
      *role = r;
      return true;
    }
  }
  return false;
}

absl::string_view RoleName(Role role) {
  for (const auto& [n, r] : kRoleNames) {
    if (r == role) return n;
  }
  return "unknown";
}

std::string ServiceBearer(absl::string_view service, absl::string_view congress, absl::Time now,
                          absl::string_view key, absl::Duration validity) {
  Claims claims;
  claims.subject = std::string(service);
  claims.roles = Roles{Role::kService};
  claims.congress = std::string(congress);
  claims.issued_at = now;
  claims.expiry = now + validity;
  return "Bearer " + MintToken(claims, key);
}

std::string MintToken(const Claims& claims, absl::string_view key) {
  google::protobuf::Struct body;
  auto& f = *body.mutable_fields();
  f["sub"].set_string_value(claims.subject);
  auto* roles = f["roles"].mutable_list_value();
  for (const auto& [name, role] : kRoleNames) {
    if (role != Role::kAnonymous && claims.roles.Has(role)) roles->add_values()->set_string_value(std::string(name));
  }
  if (!claims.congress.empty()) f["congress"].set_string_value(claims.congress);
  if (!claims.deputy_id.empty()) f["deputy_id"].set_string_value(claims.deputy_id);
  if (!claims.unit_id.empty()) f["unit_id"].set_string_value(claims.unit_id);
  f["iat"].set_number_value(static_cast<double>(absl::ToUnixSeconds(claims.issued_at)));
  f["exp"].set_number_value(static_cast<double>(absl::ToUnixSeconds(claims.expiry)));
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(body, &json);
  std::string signing_input = absl::StrCat(HeaderSegment(), ".", absl::WebSafeBase64Escape(json));
  return absl::StrCat(signing_input, ".", absl::WebSafeBase64Escape(HmacSha256(key, signing_input)));
}

absl::StatusOr<Claims> VerifyToken(absl::string_view token, absl::string_view key, absl::Time now) {
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) {
    return Unauthenticated("TOKEN_MALFORMED", "the bearer token is not a JWT (want header.payload.signature)");
  }
  std::string header_json, payload_json, signature;
  if (!absl::WebSafeBase64Unescape(parts[0], &header_json) ||
      !absl::WebSafeBase64Unescape(parts[1], &payload_json) ||
      !absl::WebSafeBase64Unescape(parts[2], &signature)) {
    return Unauthenticated("TOKEN_MALFORMED", "the bearer token is not base64url-encoded");
  }
  google::protobuf::Struct header;
  if (!google::protobuf::util::JsonStringToMessage(header_json, &header).ok() ||
      header.fields().count("alg") == 0 || header.fields().at("alg").string_value() != "HS256") {
    return Unauthenticated("TOKEN_ALGORITHM", "the bearer token must be signed with HS256");
  }
  std::string signing_input = absl::StrCat(parts[0], ".", parts[1]);
  if (!SecureEquals(signature, HmacSha256(key, signing_input))) {
    return Unauthenticated("TOKEN_SIGNATURE", "the bearer token's signature is not valid");
  }
  google::protobuf::Struct body;
  if (!google::protobuf::util::JsonStringToMessage(payload_json, &body).ok()) {
    return Unauthenticated("TOKEN_MALFORMED", "the bearer token's claims are not a JSON object");
  }
  const auto& f = body.fields();
  auto str = [&](const char* name) -> std::string {
    auto it = f.find(name);
    return it == f.end() ? std::string() : it->second.string_value();
  };
  auto num = [&](const char* name) -> double {
    auto it = f.find(name);
    return it == f.end() ? 0 : it->second.number_value();
  };
  Claims claims;
  claims.subject = str("sub");
  claims.congress = str("congress");
  claims.deputy_id = str("deputy_id");
  claims.unit_id = str("unit_id");
  claims.issued_at = absl::FromUnixSeconds(static_cast<int64_t>(num("iat")));
  double exp = num("exp");
  if (exp <= 0 || !std::isfinite(exp)) {
    return Unauthenticated("TOKEN_MALFORMED", "the bearer token has no expiry (exp)");
  }
  claims.expiry = absl::FromUnixSeconds(static_cast<int64_t>(exp));
  if (now >= claims.expiry) {
    return Unauthenticated("TOKEN_EXPIRED",
                           absl::StrCat("the bearer token expired at ", absl::FormatTime(claims.expiry),
                                        "; get a new one"));
  }
  if (claims.subject.empty()) return Unauthenticated("TOKEN_MALFORMED", "the bearer token has no subject (sub)");
  auto it = f.find("roles");
  if (it != f.end()) {
    for (const auto& v : it->second.list_value().values()) {
      Role role;
      if (ParseRole(v.string_value(), &role) && role != Role::kAnonymous) claims.roles.Add(role);
    }
  }
  if (claims.roles.empty()) return Unauthenticated("TOKEN_NO_ROLE", "the bearer token names no known role");
  return claims;
}

absl::StatusOr<Caller> Authenticator::Check(const AccessTable& table, absl::string_view method,
                                            absl::string_view authorization) const {
  auto entry = table.find(method);
  Roles allowed = entry == table.end() ? Roles() : entry->second;
  Caller caller;
  if (authorization.empty()) {
    if (!allowed.Has(Role::kAnonymous)) {
      return Unauthenticated("TOKEN_MISSING",
                             "this call needs a token: send 'authorization: Bearer <JWT>'");
    }
    return caller;
  }
  constexpr absl::string_view kBearer = "Bearer ";
  if (!absl::StartsWithIgnoreCase(authorization, kBearer)) {
    return Unauthenticated("TOKEN_MALFORMED", "the authorization header must be 'Bearer <JWT>'");
  }
  auto claims = Verify(authorization.substr(kBearer.size()));
  if (!claims.ok()) return claims.status();
  caller.anonymous = false;
  caller.claims = *std::move(claims);
  if (!caller.claims.roles.Intersects(allowed)) {
    return MakeError(absl::StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED",
                     absl::StrCat("your role may not call ", method));
  }
  return caller;
}

absl::StatusOr<Claims> Authenticator::Verify(absl::string_view token) const {
  const absl::Time now = clock_->Now();
  {
    absl::MutexLock lock(&mu_);
    auto it = verified_.find(token);
    if (it != verified_.end()) {
      if (now < it->second.expiry) return it->second;
      verified_.erase(it);
    }
  }
  auto claims = VerifyToken(token, key_, now);
  if (claims.ok()) {
    absl::MutexLock lock(&mu_);
    if (verified_.size() >= kMaxCachedTokens) verified_.clear();
    verified_.emplace(std::string(token), *claims);
  }
  return claims;
}

absl::Status CheckCongress(const Caller& caller, absl::string_view congress) {
  if (caller.anonymous || caller.claims.congress == "*" || caller.claims.congress == congress) {
    return absl::OkStatus();
  }
  return MakeError(absl::StatusCode::kPermissionDenied, "WRONG_CONGRESS",
                   absl::StrCat("your token is for congress '", caller.claims.congress,
                                "', not '", congress, "'"));
}

absl::Status CheckRequest(const Validator& v, const Caller& caller, absl::string_view congress) {
  if (!v.ok()) return v.status();
  return CheckCongress(caller, congress);
}

}  // namespace renda
