#pragma once
// Pure rules of the deputy registry: what a valid deputy is, how an update applies, which
// indexes a deputy is listed under, what each caller may see. No gRPC, no Redis.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
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

// Checks an update request on its own: a non-empty mask of updatable fields, no status change.
void ValidateUpdateRequest(const v1::UpdateDeputyRequest& request, Validator& v);
// Applies the fields of `patch` named in `mask` to `current`. INVALID_ARGUMENT for unknown mask
// paths, invalid values, and `status` (which only ChangeDeputyStatus changes).
absl::StatusOr<Deputy> ApplyUpdate(const Deputy& current, const v1::UpdateDeputyRequest& request,
                                   const Caller& caller, absl::Time now);

// Checks what a ChangeDeputyStatus request says on its own (status, date, reason).
void ValidateStatusChange(const v1::ChangeDeputyStatusRequest& request, Validator& v);
// Applies a status change to `current`, appending it to the history: FAILED_PRECONDITION when
// the deputy is not serving or the new status is SERVING; INVALID_ARGUMENT when the effective
// date is before the previous change or after today.
absl::StatusOr<Deputy> ApplyStatusChange(const Deputy& current, const v1::ChangeDeputyStatusRequest& request,
                                         const Caller& caller, absl::Time now);

// The index names a deputy is listed under, including one per character and one per pair of
// adjacent characters of its display_name (for the name search).
std::vector<std::string> DeputyIndexes(const Deputy& deputy);
// The indexes a list request must match (all of them), the first being the widest.
std::vector<std::string> ListIndexes(const v1::ListDeputiesRequest& request);
// A string that identifies the query of a list request, for page tokens.
std::string ListScope(const v1::ListDeputiesRequest& request);
// Whether `deputy` answers the name search of `request` (always true without one): the
// indexes find deputies having every pair of the query's characters; this drops those that
// have them apart.
bool MatchesNameSearch(const Deputy& deputy, const v1::ListDeputiesRequest& request);

// Removes what the caller may not see: phone, id_number and home_address are for staff,
// admin and the deputy themself (a deputy token whose deputy_id is the deputy's id).
void RedactForCaller(Deputy& deputy, const Caller& caller);

// Today's date in China Standard Time.
renda::type::v1::Date DateOf(absl::Time t);
// Whether any part of a date is set.
bool HasCalendarDate(const renda::type::v1::Date& d);
// A date as yyyymmdd, for comparisons.
int CalendarDayNumber(const renda::type::v1::Date& d);

}  // namespace renda::representatives
