#pragma once
// Pure rules of the deputy registry: what a valid deputy is, how an update applies, which
// indexes a deputy is listed under, what each caller may see. No gRPC, no Redis.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/field_mask.pb.h"
#include "renda/representatives/v1/representatives.pb.h"
#include "services/common/auth.h"
#include "services/common/validation.h"

namespace renda::representatives {

using v1::Deputy;

// Checks the fields a client may set; `prefix` names the field path ("deputy.").
void ValidateDeputyFields(const Deputy& deputy, Validator& v);

// The deputy as first stored: client fields, SERVING unless given, first status history entry.
Deputy NewDeputy(const Deputy& input, const std::string& name, const Caller& caller, absl::Time now);

// Applies the fields of `patch` named in `mask` to `current`; a status change is appended to
// the history. INVALID_ARGUMENT for unknown mask paths or invalid values.
absl::StatusOr<Deputy> ApplyUpdate(const Deputy& current, const v1::UpdateDeputyRequest& request,
                                   const Caller& caller, absl::Time now);

// The index names a deputy is listed under.
std::vector<std::string> DeputyIndexes(const Deputy& deputy);
// The indexes a list request must match (all of them), the first being the widest.
std::vector<std::string> ListIndexes(const v1::ListDeputiesRequest& request);
// A string that identifies the query of a list request, for page tokens.
std::string ListScope(const v1::ListDeputiesRequest& request);

// Removes what the caller may not see (personal data is for staff and admin only).
void RedactForCaller(Deputy& deputy, const Caller& caller);

// Today's date in China Standard Time.
renda::type::v1::Date DateOf(absl::Time t);

}  // namespace renda::representatives
