#pragma once
// Who is calling, and may they? Tokens are JWTs (HS256) carried as `authorization: Bearer ...`;
// each service declares in one AccessTable which roles may call each of its RPCs.

#include <cstdint>
#include <initializer_list>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/clock.h"
#include "services/common/validation.h"

namespace renda {

class Registry;

enum class Role : uint32_t {
  kAnonymous = 0,  // no token at all (public intake calls only)
  kCitizen,
  kDeputy,
  kHandlingUnit,
  kStaff,
  kLeader,
  kAdmin,
  kService,  // another renda service
};

// A set of roles.
class Roles {
 public:
  constexpr Roles() = default;
  constexpr Roles(std::initializer_list<Role> roles) {
    for (Role r : roles) bits_ |= 1u << static_cast<uint32_t>(r);
  }
  constexpr bool Has(Role r) const { return bits_ & (1u << static_cast<uint32_t>(r)); }
  constexpr bool Intersects(Roles other) const { return (bits_ & other.bits_) != 0; }
  void Add(Role r) { bits_ |= 1u << static_cast<uint32_t>(r); }
  constexpr bool empty() const { return bits_ == 0; }

 private:
  uint32_t bits_ = 0;
};

// Every role that signs in (everyone but anonymous callers).
inline constexpr Roles kSignedIn = {Role::kCitizen, Role::kDeputy, Role::kHandlingUnit, Role::kStaff,
                                    Role::kLeader, Role::kAdmin, Role::kService};
// Anyone at all.
inline constexpr Roles kAnyone = {Role::kAnonymous, Role::kCitizen, Role::kDeputy, Role::kHandlingUnit,
                                  Role::kStaff, Role::kLeader, Role::kAdmin, Role::kService};

// "staff" → Role::kStaff; false for an unknown name.
bool ParseRole(absl::string_view name, Role* role);
absl::string_view RoleName(Role role);

// The claims renda reads from a token.
struct Claims {
  std::string subject;        // `sub`: who (a user id or a service name)
  Roles roles;                // `roles`: array of role names
  std::string congress;       // `congress`: the tenant the caller acts in; "*" for every one
  std::string deputy_id;      // `deputy_id`: set for deputies
  std::string unit_id;        // `unit_id`: set for handling units
  absl::Time issued_at;       // `iat`
  absl::Time expiry;          // `exp`
};

// Signs claims as a compact HS256 JWT.
std::string MintToken(const Claims& claims, absl::string_view key);
// The `authorization` value a service sends when it calls another as itself: "Bearer " and a
// token of role service, subject `service`, for `congress`, issued `now`, valid for `validity`.
std::string ServiceBearer(absl::string_view service, absl::string_view congress, absl::Time now,
                          absl::string_view key, absl::Duration validity = absl::Minutes(5));
// Checks signature, algorithm and expiry and returns the claims; UNAUTHENTICATED otherwise.
absl::StatusOr<Claims> VerifyToken(absl::string_view token, absl::string_view key, absl::Time now);

// The caller of one RPC.
struct Caller {
  bool anonymous = true;
  Claims claims;
  // The call's request id (the request's `request_id`, else `x-request-id` metadata; "" for
  // none): what makes a write safe to retry.
  std::string request_id;
  // The client's address without the port (ClientKeyOf): what anonymous calls are counted by.
  std::string client_key;
  // The call's `authorization` metadata as sent, for a call made on the caller's behalf (the
  // service asked then decides what this caller may read).
  std::string authorization;
  bool Has(Role r) const { return anonymous ? r == Role::kAnonymous : claims.roles.Has(r); }
  const std::string& subject() const { return claims.subject; }
};

// Method name (e.g. "GetDeputy") → roles that may call it. Methods missing from the table are
// refused to everyone.
using AccessTable = absl::flat_hash_map<std::string, Roles>;

class Authenticator {
 public:
  Authenticator(std::string key, const Clock* clock) : key_(std::move(key)), clock_(clock) {}
  Authenticator(const Authenticator&) = delete;
  Authenticator& operator=(const Authenticator&) = delete;

  // Authenticates the `authorization` metadata value (empty when absent) and checks the table.
  // UNAUTHENTICATED: no token where one is needed, or a bad or expired one.
  // PERMISSION_DENIED: the caller's roles may not call `method`.
  absl::StatusOr<Caller> Check(const AccessTable& table, absl::string_view method,
                               absl::string_view authorization) const;

  // The registry every call's congress (and a handling unit's unit) is checked against.
  void set_registry(const Registry* registry) { registry_ = registry; }
  const Registry* registry() const { return registry_; }

 private:
  // Claims of tokens already verified (a client sends the same token on every call), so a call
  // costs a hash lookup instead of an HMAC and a JSON parse; expiry is still checked every time.
  absl::StatusOr<Claims> Verify(absl::string_view token) const;

  static constexpr size_t kMaxCachedTokens = 4096;
  std::string key_;
  const Clock* clock_;
  const Registry* registry_ = nullptr;
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<std::string, Claims> verified_ ABSL_GUARDED_BY(mu_);
};

// PERMISSION_DENIED unless the caller may act in `congress`.
absl::Status CheckCongress(const Caller& caller, absl::string_view congress);

// The check every handler makes before its work: the request's violations first
// (INVALID_ARGUMENT, every bad field at once), then whether the caller may act in `congress`
// (PERMISSION_DENIED).
absl::Status CheckRequest(const Validator& v, const Caller& caller, absl::string_view congress);

}  // namespace renda
