#include "services/representatives/duty_logic.h"

#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "services/common/errors.h"
#include "services/common/time_util.h"
#include "services/representatives/duty_records.h"

namespace renda::representatives {

bool IsDutyStaff(const Caller& c) { return c.Has(Role::kStaff) || c.Has(Role::kAdmin); }

bool MaySeeDeputy(const Caller& c, absl::string_view deputy_id) {
  if (IsDutyStaff(c) || c.Has(Role::kLeader) || c.Has(Role::kService)) return true;
  return c.Has(Role::kDeputy) && !c.claims.deputy_id.empty() && c.claims.deputy_id == deputy_id;
}

bool ValidateDate(const renda::type::v1::Date& d, absl::string_view field, bool required, Validator& v) {
  if (d.year() == 0 && d.month() == 0 && d.day() == 0) {
    if (required) v.Add(field, "is required");
    return false;
  }
  absl::CivilDay day(d.year(), d.month(), d.day());
  if (d.year() < 1900 || d.year() > 2200 || day.year() != d.year() || day.month() != d.month() ||
      day.day() != d.day()) {
    v.Add(field, absl::StrCat("is not a valid date (", d.year(), "-", d.month(), "-", d.day(), ")"));
    return false;
  }
  return true;
}

bool DateBefore(const renda::type::v1::Date& a, const renda::type::v1::Date& b) {
  return std::make_tuple(a.year(), a.month(), a.day()) < std::make_tuple(b.year(), b.month(), b.day());
}

std::string DateText(const renda::type::v1::Date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

std::string ValidateNewDutyRecord(absl::string_view congress, const v1::DutyRecord& r,
                                  const renda::type::v1::Date& today, Validator& v) {
  const std::string deputy = congress.empty() ? "" : DeputyIdOf(congress, r.deputy());
  if (deputy.empty()) {
    v.Add("duty_record.deputy", absl::StrCat("must be 'congresses/", congress.empty() ? "{congress}" : congress,
                                             "/deputies/{deputy}' (got '", r.deputy().substr(0, 100), "')"));
  }
  v.Enum("duty_record.type", r.type(), v1::DutyRecordType_descriptor(), true)
      .Text("duty_record.title", r.title(), 200, true)
      .Text("duty_record.detail", r.detail(), 4000, false)
      .Enum("duty_record.attendance", r.attendance(), v1::Attendance_descriptor(), false);
  if (ValidateDate(r.date(), "duty_record.date", true, v) && DateBefore(today, r.date())) {
    v.Add("duty_record.date", absl::StrCat("is in the future (", DateText(r.date()), " is after today, ",
                                           DateText(today), "); record a duty once it happened"));
  }
  const bool meeting = r.type() == v1::DUTY_RECORD_TYPE_SESSION_ATTENDANCE ||
                       r.type() == v1::DUTY_RECORD_TYPE_STANDING_COMMITTEE_MEETING;
  if (r.type() == v1::DUTY_RECORD_TYPE_SESSION_ATTENDANCE && r.attendance() == v1::ATTENDANCE_UNSPECIFIED) {
    v.Add("duty_record.attendance", "is required for session attendance: PRESENT, EXCUSED or ABSENT");
  }
  if (!meeting && r.attendance() != v1::ATTENDANCE_UNSPECIFIED) {
    v.Add("duty_record.attendance", "is only for session and standing-committee meeting records");
  }
  return deputy;
}

std::string DutySourceKey(absl::string_view source_id, absl::string_view caller, absl::string_view request_id,
                          absl::string_view fresh) {
  if (!source_id.empty()) return absl::StrCat("entered:", source_id);
  if (!request_id.empty()) return absl::StrCat("request:", caller.size(), ":", caller, ":", request_id);
  return absl::StrCat("new:", fresh);
}

v1::DutyRecord NewDutyRecord(const v1::DutyRecord& input, const std::string& name, absl::string_view source_id,
                             bool entered_by_staff, const Caller& caller, absl::Time now) {
  v1::DutyRecord r;
  r.set_name(name);
  r.set_deputy(input.deputy());
  r.set_type(input.type());
  *r.mutable_date() = input.date();
  r.set_title(input.title());
  r.set_detail(input.detail());
  r.set_attendance(input.attendance());
  r.set_source(entered_by_staff ? v1::DUTY_RECORD_SOURCE_STAFF_ENTERED : v1::DUTY_RECORD_SOURCE_DEPUTY_REPORTED);
  r.set_source_id(std::string(source_id));
  r.set_state(entered_by_staff ? v1::DUTY_RECORD_STATE_CONFIRMED : v1::DUTY_RECORD_STATE_PENDING);
  r.set_recorded_by(caller.subject());
  if (entered_by_staff) r.set_reviewed_by(caller.subject());
  *r.mutable_create_time() = ToProtoTime(now);
  *r.mutable_update_time() = ToProtoTime(now);
  return r;
}

namespace {
absl::Status NotPending(const v1::DutyRecord& r, absl::string_view action) {
  return MakeError(absl::StatusCode::kFailedPrecondition, "DUTY_RECORD_NOT_PENDING",
                   absl::StrCat(r.name(), " is ", v1::DutyRecordState_Name(r.state()), "; only PENDING records can be ",
                                action));
}
}  // namespace

absl::StatusOr<v1::DutyRecord> ConfirmRecord(const v1::DutyRecord& current, const Caller& caller, absl::Time now) {
  if (current.state() != v1::DUTY_RECORD_STATE_PENDING) return NotPending(current, "confirmed");
  v1::DutyRecord r = current;
  r.set_state(v1::DUTY_RECORD_STATE_CONFIRMED);
  r.set_reviewed_by(caller.subject());
  *r.mutable_update_time() = ToProtoTime(now);
  return r;
}

absl::StatusOr<v1::DutyRecord> RejectRecord(const v1::DutyRecord& current, absl::string_view note,
                                            const Caller& caller, absl::Time now) {
  if (current.state() != v1::DUTY_RECORD_STATE_PENDING) return NotPending(current, "rejected");
  v1::DutyRecord r = current;
  r.set_state(v1::DUTY_RECORD_STATE_REJECTED);
  r.set_reviewed_by(caller.subject());
  r.set_review_note(std::string(note));
  *r.mutable_update_time() = ToProtoTime(now);
  return r;
}

}  // namespace renda::representatives
