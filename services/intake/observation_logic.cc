#include "services/intake/observation_logic.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "services/common/crypto.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/time_util.h"
#include "services/intake/opinion_logic.h"
#include "services/intake/poll_logic.h"

namespace renda::intake {
namespace {

using v1::ObservationApplication;
using v1::ObservationMeeting;

constexpr int kNumberDigits = 6;
constexpr int kMaxNumber = 999999;

std::string CnTime(absl::Time t) { return absl::FormatTime("%Y-%m-%d %H:%M", t, ChinaTime()); }

bool IsIdNumber(absl::string_view s) {
  if (s.size() != 18) return false;
  for (size_t i = 0; i < 17; ++i) {
    if (!absl::ascii_isdigit(s[i])) return false;
  }
  return absl::ascii_isdigit(s[17]) || s[17] == 'X' || s[17] == 'x';
}

bool IsPhone(absl::string_view s) {
  if (s.size() < 5 || s.size() > 32) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(c) && c != ' ' && c != '+' && c != '-') return false;
  }
  return true;
}

absl::Status MeetingHeld(const ObservationMeeting& m) {
  return MakeError(absl::StatusCode::kFailedPrecondition, "MEETING_HELD",
                   absl::StrCat("\"", m.title(), "\" began at ", CnTime(TimeOf(m.meeting_time())),
                                "; its observers can no longer change"));
}

absl::Status NoSeats(const ObservationMeeting& m) {
  return MakeError(absl::StatusCode::kFailedPrecondition, "NO_SEATS_LEFT",
                   absl::StrCat("all ", m.seats(), " observer seats of \"", m.title(),
                                "\" are taken; a seat frees up only when an approved applicant cancels"));
}

}  // namespace

void ValidateMeetingFields(const ObservationMeeting& m, Validator& v) {
  v.Text("meeting.title", m.title(), 200, true)
      .Text("meeting.place", m.place(), 200, true)
      .Range("meeting.seats", m.seats(), 1, 1000, false);
  if (!m.has_meeting_time()) v.Add("meeting.meeting_time", "is required");
  if (!m.has_application_deadline()) v.Add("meeting.application_deadline", "is required");
  if (m.has_meeting_time() && m.has_application_deadline() &&
      TimeOf(m.application_deadline()) > TimeOf(m.meeting_time())) {
    v.Add("meeting.application_deadline", "must be no later than meeting.meeting_time");
  }
}

ObservationMeeting NewMeeting(const ObservationMeeting& input, const std::string& name, const Caller& caller,
                              absl::Time now) {
  ObservationMeeting m;
  m.set_name(name);
  m.set_title(input.title());
  *m.mutable_meeting_time() = input.meeting_time();
  m.set_place(input.place());
  m.set_seats(input.seats());
  *m.mutable_application_deadline() = input.application_deadline();
  m.set_created_by(caller.subject());
  *m.mutable_create_time() = ToProtoTime(now);
  *m.mutable_update_time() = ToProtoTime(now);
  return m;
}

std::vector<std::string> MeetingIndexes() { return {kMeetingCollection}; }

void ValidateApplicationFields(const ObservationApplication& a, Validator& v) {
  v.Text("application.applicant_name", a.applicant_name(), 64, true)
      .Text("application.reason", a.reason(), 1000, false);
  if (!IsIdNumber(a.id_number())) {
    v.Add("application.id_number", "must be an 18-character resident ID number (17 digits and a digit or X)");
  }
  if (!IsPhone(a.phone())) v.Add("application.phone", "must be 5 to 32 of digits, spaces, '+' and '-'");
}

ApplicationName ParseApplicationName(absl::string_view field, absl::string_view name, Validator& v) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  ApplicationName out;
  Validator ids;
  if (parts.size() != 6 || parts[0] != "congresses" || parts[2] != kMeetingCollection || parts[4] != "applications" ||
      !ids.Id("c", parts[1], true).Id("m", parts[3], true).ok() || parts[5].size() != kNumberDigits ||
      !absl::SimpleAtoi(parts[5], &out.number) || out.number < 1) {
    v.Add(field, absl::StrCat("must be congresses/{congress}/", kMeetingCollection,
                              "/{meeting}/applications/{number} (got \"", name.substr(0, 100), "\")"));
    return ApplicationName{};
  }
  out.congress = std::string(parts[1]);
  out.meeting_id = std::string(parts[3]);
  return out;
}

std::string ApplicationNameOf(absl::string_view congress, absl::string_view meeting_id, int number) {
  return absl::StrFormat("%s/applications/%06d", ResourceNameOf(congress, kMeetingCollection, meeting_id), number);
}

std::string ApplicationId(absl::string_view meeting_id, int number) {
  return absl::StrFormat("%s.%06d", meeting_id, number);
}

std::string ApplicationStateIndex(absl::string_view meeting_id, v1::ObservationApplicationState state) {
  return absl::StrCat("obsapps:", meeting_id, ":", static_cast<int>(state));
}

std::string TrackingCodeIndex(absl::string_view code) { return absl::StrCat("obscode:", code); }

bool LooksLikeTrackingCode(absl::string_view code) {
  if (code.size() != kTrackingCodeLength) return false;
  for (char c : code) {
    if (kTrackingCodeAlphabet.find(c) == absl::string_view::npos) return false;
  }
  return true;
}

std::vector<std::string> ApplicationIndexes(absl::string_view meeting_id, const ObservationApplication& a) {
  return {ApplicationStateIndex(meeting_id, a.state()), TrackingCodeIndex(a.tracking_code())};
}

std::string ApplicantKeyId(absl::string_view key, absl::string_view meeting_id, absl::string_view id_number) {
  const std::string digest = HmacSha256(key, absl::StrCat("observation-applicant\n", meeting_id, "\n",
                                                          absl::AsciiStrToUpper(id_number)));
  return absl::StrCat(meeting_id, ".", absl::BytesToHexString(digest.substr(0, 16)));
}

absl::StatusOr<ObservationMeeting> ApplyNewApplication(const ObservationMeeting& meeting, absl::Time now) {
  if (now >= TimeOf(meeting.application_deadline())) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "APPLICATIONS_CLOSED",
                     absl::StrCat("applications to observe \"", meeting.title(), "\" closed at ",
                                  CnTime(TimeOf(meeting.application_deadline())), " (China Standard Time)"));
  }
  if (meeting.applications_received() >= kMaxNumber) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "APPLICATIONS_CLOSED",
                     "this meeting has received the most applications it can take");
  }
  ObservationMeeting next = meeting;
  next.set_applications_received(meeting.applications_received() + 1);
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

ObservationApplication NewApplication(const ObservationApplication& input, const std::string& name,
                                      const ObservationMeeting& meeting, const std::string& tracking_code,
                                      absl::Time now) {
  ObservationApplication a;
  a.set_name(name);
  a.set_applicant_name(input.applicant_name());
  a.set_id_number(absl::AsciiStrToUpper(input.id_number()));
  a.set_phone(input.phone());
  a.set_reason(input.reason());
  a.set_state(v1::OBSERVATION_APPLICATION_STATE_PENDING);
  a.set_tracking_code(tracking_code);
  a.set_meeting_title(meeting.title());
  *a.mutable_meeting_time() = meeting.meeting_time();
  *a.mutable_create_time() = ToProtoTime(now);
  *a.mutable_update_time() = ToProtoTime(now);
  return a;
}

int SeatsLeft(const ObservationMeeting& m) { return std::max(0, m.seats() - m.approved_count()); }

absl::StatusOr<std::pair<ObservationMeeting, ObservationApplication>> ApplyApprove(
    const ObservationMeeting& meeting, const ObservationApplication& application, const std::string& earliest_pending,
    absl::Time now) {
  if (application.state() != v1::OBSERVATION_APPLICATION_STATE_PENDING) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "NOT_PENDING",
                     absl::StrCat(application.name(), " is ",
                                  v1::ObservationApplicationState_Name(application.state()),
                                  "; only a PENDING application can be approved"));
  }
  if (now >= TimeOf(meeting.meeting_time())) return MeetingHeld(meeting);
  if (!earliest_pending.empty() && earliest_pending != application.name()) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "OUT_OF_ORDER",
                     absl::StrCat("seats go first come, first served: the earlier application ", earliest_pending,
                                  " is still pending; approve or decline it first"));
  }
  if (SeatsLeft(meeting) <= 0) return NoSeats(meeting);
  ObservationMeeting m = meeting;
  m.set_approved_count(meeting.approved_count() + 1);
  *m.mutable_update_time() = ToProtoTime(now);
  ObservationApplication a = application;
  a.set_state(v1::OBSERVATION_APPLICATION_STATE_APPROVED);
  *a.mutable_update_time() = ToProtoTime(now);
  return std::make_pair(std::move(m), std::move(a));
}

absl::StatusOr<std::pair<ObservationMeeting, std::vector<ObservationApplication>>> ApplyApproveInOrder(
    const ObservationMeeting& meeting, const std::vector<ObservationApplication>& pending, absl::Time now) {
  if (now >= TimeOf(meeting.meeting_time())) return MeetingHeld(meeting);
  if (SeatsLeft(meeting) <= 0) return NoSeats(meeting);
  ObservationMeeting m = meeting;
  std::vector<ObservationApplication> approved;
  for (const ObservationApplication& p : pending) {
    if (SeatsLeft(m) <= 0) break;
    if (p.state() != v1::OBSERVATION_APPLICATION_STATE_PENDING) continue;
    ObservationApplication a = p;
    a.set_state(v1::OBSERVATION_APPLICATION_STATE_APPROVED);
    *a.mutable_update_time() = ToProtoTime(now);
    approved.push_back(std::move(a));
    m.set_approved_count(m.approved_count() + 1);
  }
  if (!approved.empty()) *m.mutable_update_time() = ToProtoTime(now);
  return std::make_pair(std::move(m), std::move(approved));
}

absl::StatusOr<ObservationApplication> ApplyDecline(const ObservationApplication& application,
                                                    const std::string& reason, absl::Time now) {
  if (application.state() != v1::OBSERVATION_APPLICATION_STATE_PENDING) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "NOT_PENDING",
                     absl::StrCat(application.name(), " is ",
                                  v1::ObservationApplicationState_Name(application.state()),
                                  "; only a PENDING application can be declined"));
  }
  ObservationApplication a = application;
  a.set_state(v1::OBSERVATION_APPLICATION_STATE_DECLINED);
  a.set_decline_reason(reason);
  *a.mutable_update_time() = ToProtoTime(now);
  return a;
}

absl::StatusOr<std::pair<ObservationMeeting, ObservationApplication>> ApplyCancel(
    const ObservationMeeting& meeting, const ObservationApplication& application, absl::Time now) {
  const bool approved = application.state() == v1::OBSERVATION_APPLICATION_STATE_APPROVED;
  if (!approved && application.state() != v1::OBSERVATION_APPLICATION_STATE_PENDING) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "NOT_CANCELLABLE",
                     absl::StrCat("the application is already ",
                                  v1::ObservationApplicationState_Name(application.state()),
                                  "; only a pending or approved application can be cancelled"));
  }
  if (now >= TimeOf(meeting.meeting_time())) return MeetingHeld(meeting);
  ObservationMeeting m = meeting;
  if (approved) {
    m.set_approved_count(std::max(0, meeting.approved_count() - 1));
    *m.mutable_update_time() = ToProtoTime(now);
  }
  ObservationApplication a = application;
  a.set_state(v1::OBSERVATION_APPLICATION_STATE_CANCELLED);
  *a.mutable_update_time() = ToProtoTime(now);
  return std::make_pair(std::move(m), std::move(a));
}

void RedactApplication(ObservationApplication& a) {
  a.clear_applicant_name();
  a.clear_id_number();
  a.clear_phone();
  a.clear_tracking_code();
}

void RedactApplicationForCaller(ObservationApplication& a, const Caller& caller) {
  if (caller.Has(Role::kStaff) || caller.Has(Role::kAdmin)) return;
  RedactApplication(a);
}

}  // namespace renda::intake
