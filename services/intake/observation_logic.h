#pragma once
// Pure rules of citizens' applications to observe Standing Committee meetings (公民旁听): a
// valid meeting and application, applications numbered in arrival order until the deadline,
// approval first come first served within the seats, decline, cancel freeing a seat, and what
// each caller may see of an applicant. No gRPC, no Redis.

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "renda/intake/v1/observation.pb.h"
#include "services/common/auth.h"
#include "services/common/validation.h"

namespace renda::intake {

inline constexpr char kMeetingKind[] = "obsmeeting";
inline constexpr char kMeetingCollection[] = "observationMeetings";
inline constexpr char kApplicationKind[] = "obsapp";
inline constexpr char kApplicantKeyKind[] = "obskey";
inline constexpr char kApprovalKind[] = "obsapproval";

// Checks what staff set on a new meeting (paths start with "meeting."): the deadline is no
// later than the meeting.
void ValidateMeetingFields(const v1::ObservationMeeting& meeting, Validator& v);
v1::ObservationMeeting NewMeeting(const v1::ObservationMeeting& input, const std::string& name, const Caller& caller,
                                  absl::Time now);
std::vector<std::string> MeetingIndexes();

// Checks what an applicant sets (paths start with "application."): name, an 18-character
// resident ID number, phone, reason.
void ValidateApplicationFields(const v1::ObservationApplication& application, Validator& v);

// An application's name and its parts.
struct ApplicationName {
  std::string congress;
  std::string meeting_id;
  int number = 0;
};
// Parses `congresses/{c}/observationMeetings/{m}/applications/{number}`, recording a malformed
// name in `v`.
ApplicationName ParseApplicationName(absl::string_view field, absl::string_view name, Validator& v);
std::string ApplicationNameOf(absl::string_view congress, absl::string_view meeting_id, int number);
// The store id of application `number` of a meeting: ids sort in arrival order.
std::string ApplicationId(absl::string_view meeting_id, int number);
// The indexes an application is in: its meeting's applications in its state, and its code.
std::vector<std::string> ApplicationIndexes(absl::string_view meeting_id, const v1::ObservationApplication& a);
std::string ApplicationStateIndex(absl::string_view meeting_id, v1::ObservationApplicationState state);
std::string TrackingCodeIndex(absl::string_view code);
// Whether `code` (already upper-cased) has the form of a tracking code.
bool LooksLikeTrackingCode(absl::string_view code);

// The store id of the record that ID number `id_number` applied to `meeting_id`: a keyed
// digest, never the number.
std::string ApplicantKeyId(absl::string_view key, absl::string_view meeting_id, absl::string_view id_number);

// The meeting with one more application received (its number is the new
// applications_received). FAILED_PRECONDITION (APPLICATIONS_CLOSED) at or after the deadline.
absl::StatusOr<v1::ObservationMeeting> ApplyNewApplication(const v1::ObservationMeeting& meeting, absl::Time now);
// The new application, PENDING.
v1::ObservationApplication NewApplication(const v1::ObservationApplication& input, const std::string& name,
                                          const v1::ObservationMeeting& meeting, const std::string& tracking_code,
                                          absl::Time now);

// Approves `application`, which must be PENDING and the earliest pending one of its meeting
// (`earliest_pending`: that one's name), while a seat is free and the meeting has not begun.
// Answers the meeting and the application after.
absl::StatusOr<std::pair<v1::ObservationMeeting, v1::ObservationApplication>> ApplyApprove(
    const v1::ObservationMeeting& meeting, const v1::ObservationApplication& application,
    const std::string& earliest_pending, absl::Time now);
// Approves `pending` (the earliest pending applications, in arrival order) up to the free
// seats; FAILED_PRECONDITION NO_SEATS_LEFT when none is free, MEETING_HELD once it began.
absl::StatusOr<std::pair<v1::ObservationMeeting, std::vector<v1::ObservationApplication>>> ApplyApproveInOrder(
    const v1::ObservationMeeting& meeting, const std::vector<v1::ObservationApplication>& pending, absl::Time now);
// PENDING → DECLINED with the reason (FAILED_PRECONDITION NOT_PENDING).
absl::StatusOr<v1::ObservationApplication> ApplyDecline(const v1::ObservationApplication& application,
                                                        const std::string& reason, absl::Time now);
// PENDING or APPROVED → CANCELLED before the meeting; an approved seat is given back.
absl::StatusOr<std::pair<v1::ObservationMeeting, v1::ObservationApplication>> ApplyCancel(
    const v1::ObservationMeeting& meeting, const v1::ObservationApplication& application, absl::Time now);

// Free seats of a meeting.
int SeatsLeft(const v1::ObservationMeeting& meeting);

// Removes what the caller may not see: the applicant's name, ID number, phone and the tracking
// code are for staff and admin only.
void RedactApplicationForCaller(v1::ObservationApplication& application, const Caller& caller);
// The application without personal data and code (for lookups by code and the change feed).
void RedactApplication(v1::ObservationApplication& application);

}  // namespace renda::intake
