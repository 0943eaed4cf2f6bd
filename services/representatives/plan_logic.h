#pragma once
// Pure rules of the menu-style work plan (菜单式): what a valid activity is, its sign-up window,
// sign-ups within capacity and the waitlist, withdrawals that move the waitlist up, and the duty
// records attendance makes. No gRPC, no Redis.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renda/representatives/v1/duty_record.pb.h"
#include "renda/representatives/v1/work_plan.pb.h"
#include "services/common/auth.h"
#include "services/common/validation.h"

namespace renda::representatives {

inline constexpr char kActivityKind[] = "activity";
inline constexpr char kActivityCollection[] = "activities";

absl::Time FromProtoTime(const google::protobuf::Timestamp& t);
// 00:00 China Standard Time of a day.
absl::Time StartOfDay(const renda::type::v1::Date& d);

// Checks the fields staff set on a new activity, including the window: it opens before it
// closes, and closes no later than the start of the activity day.
void ValidateActivityFields(const v1::Activity& activity, Validator& v);
// `yyyymmdd-<suffix>`: activities list in date order.
std::string ActivityId(const renda::type::v1::Date& date, const std::string& suffix);
v1::Activity NewActivity(const v1::Activity& input, const std::string& name, const Caller& caller, absl::Time now);

// The indexes an activity is in: all, its category, its month (yyyymm), and one per deputy
// signed up or waitlisted (for a deputy's own list).
std::vector<std::string> ActivityIndexes(const v1::Activity& activity);
std::string SignUpIndex(const std::string& deputy_id);
std::string CategoryIndex(v1::ActivityCategory category);
std::string MonthIndex(int yyyymm);

// Whether sign-ups are open at `now`.
bool SignUpOpen(const v1::Activity& activity, absl::Time now);

// The activity with `deputy` signed up: confirmed while there is room, else at the end of the
// waitlist. ALREADY_EXISTS when already signed up or waitlisted; FAILED_PRECONDITION
// (SIGN_UP_CLOSED) outside the window.
absl::StatusOr<v1::Activity> ApplySignUp(const v1::Activity& current, const std::string& deputy, absl::Time now);
// Where `deputy` stands: CONFIRMED, WAITLISTED with its 1-based position, or UNSPECIFIED.
v1::SignUpStatus StatusOf(const v1::Activity& activity, const std::string& deputy, int* waitlist_position);

// The activity with `deputy` withdrawn; when a confirmed place was freed, the first waitlisted
// deputy moves up and is returned in `promoted`. NOT_FOUND (SIGN_UP_NOT_FOUND) when not signed
// up; FAILED_PRECONDITION (ACTIVITY_STARTED) on or after the activity day.
absl::StatusOr<v1::Activity> ApplyWithdraw(const v1::Activity& current, const std::string& deputy,
                                           const renda::type::v1::Date& today, absl::Time now, std::string* promoted);

// The activity with `attended` added to its attended list. FAILED_PRECONDITION before the
// activity day (ACTIVITY_NOT_HELD_YET) or for a deputy not confirmed (NOT_CONFIRMED).
absl::StatusOr<v1::Activity> ApplyAttendance(const v1::Activity& current, const std::vector<std::string>& attended,
                                             const renda::type::v1::Date& today, absl::Time now);

// RESEARCH → RESEARCH, INSPECTION → INSPECTION, anything else → THEMED_ACTIVITY.
v1::DutyRecordType DutyTypeFor(v1::ActivityCategory category);
// The duty record attending `activity` gives `deputy`, and its source id.
v1::DutyRecord AttendanceRecord(const v1::Activity& activity, const std::string& deputy);
std::string AttendanceSourceId(const std::string& activity_id, const std::string& deputy_id);

}  // namespace renda::representatives
