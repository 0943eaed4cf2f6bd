#include "services/representatives/plan_logic.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/time_util.h"
#include "services/representatives/contact_logic.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_logic.h"

namespace renda::representatives {
namespace {

using renda::type::v1::Date;
using v1::Activity;

bool Contains(const google::protobuf::RepeatedPtrField<std::string>& list, const std::string& x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

std::string LastSegment(const std::string& name) {
  const size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

}  // namespace

absl::Time FromProtoTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

absl::Time StartOfDay(const Date& d) {
  return absl::FromCivil(absl::CivilDay(d.year(), d.month(), d.day()), ChinaTime());
}

void ValidateActivityFields(const Activity& a, Validator& v) {
  v.Enum("activity.category", a.category(), v1::ActivityCategory_descriptor(), true)
      .Text("activity.title", a.title(), 200, true)
      .Text("activity.description", a.description(), 4000, false)
      .Text("activity.place", a.place(), 200, true)
      .Range("activity.capacity", a.capacity(), 1, 1000, false);
  ValidateDate(a.date(), "activity.date", true, v);
  const bool has_open = a.has_sign_up_open_time(), has_close = a.has_sign_up_close_time();
  if (!has_open) v.Add("activity.sign_up_open_time", "is required");
  if (!has_close) v.Add("activity.sign_up_close_time", "is required");
  if (has_open && has_close) {
    const absl::Time open = FromProtoTime(a.sign_up_open_time()), close = FromProtoTime(a.sign_up_close_time());
    if (close <= open) v.Add("activity.sign_up_close_time", "must be after sign_up_open_time");
    Validator day;
    ValidateDate(a.date(), "d", true, day);
    if (day.ok() && close > StartOfDay(a.date())) {
      v.Add("activity.sign_up_close_time", "must be no later than the start of the activity day (China Standard Time)");
    }
  }
}

std::string ActivityId(const Date& date, const std::string& suffix) { return absl::StrCat(DateKey(date), "-", suffix); }

Activity NewActivity(const Activity& input, const std::string& name, const Caller& caller, absl::Time now) {
  Activity a;
  a.set_name(name);
  a.set_category(input.category());
  a.set_title(input.title());
  a.set_description(input.description());
  *a.mutable_date() = input.date();
  a.set_place(input.place());
  a.set_capacity(input.capacity());
  *a.mutable_sign_up_open_time() = input.sign_up_open_time();
  *a.mutable_sign_up_close_time() = input.sign_up_close_time();
  a.set_state(v1::ACTIVITY_STATE_PUBLISHED);
  a.set_created_by(caller.subject());
  *a.mutable_create_time() = ToProtoTime(now);
  *a.mutable_update_time() = ToProtoTime(now);
  return a;
}

std::string SignUpIndex(const std::string& deputy_id) { return absl::StrCat("activities:signup:", deputy_id); }
std::string CategoryIndex(v1::ActivityCategory c) { return absl::StrCat("activities:category:", static_cast<int>(c)); }
std::string MonthIndex(int yyyymm) { return absl::StrCat("activities:month:", yyyymm); }

std::vector<std::string> ActivityIndexes(const Activity& a) {
  std::vector<std::string> out = {kActivityCollection, CategoryIndex(a.category()),
                                  MonthIndex(a.date().year() * 100 + a.date().month())};
  for (const auto& d : a.confirmed()) out.push_back(SignUpIndex(LastSegment(d)));
  for (const auto& d : a.waitlist()) out.push_back(SignUpIndex(LastSegment(d)));
  return out;
}

bool SignUpOpen(const Activity& a, absl::Time now) {
  return a.state() == v1::ACTIVITY_STATE_PUBLISHED && now >= FromProtoTime(a.sign_up_open_time()) &&
         now < FromProtoTime(a.sign_up_close_time());
}

absl::StatusOr<Activity> ApplySignUp(const Activity& current, const std::string& deputy, absl::Time now) {
  if (Contains(current.confirmed(), deputy) || Contains(current.waitlist(), deputy)) {
    return MakeError(absl::StatusCode::kAlreadyExists, "ALREADY_SIGNED_UP",
                     absl::StrCat(deputy, " is already signed up for ", current.name()));
  }
  if (!SignUpOpen(current, now)) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "SIGN_UP_CLOSED",
                     absl::StrCat("sign-ups for ", current.title(), " are open from ",
                                  absl::FormatTime(FromProtoTime(current.sign_up_open_time()), ChinaTime()), " until ",
                                  absl::FormatTime(FromProtoTime(current.sign_up_close_time()), ChinaTime()),
                                  "; it is not open now"));
  }
  Activity next = current;
  if (next.confirmed_size() < next.capacity()) {
    next.add_confirmed(deputy);
  } else {
    next.add_waitlist(deputy);
  }
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

v1::SignUpStatus StatusOf(const Activity& a, const std::string& deputy, int* position) {
  *position = 0;
  if (Contains(a.confirmed(), deputy)) return v1::SIGN_UP_STATUS_CONFIRMED;
  for (int i = 0; i < a.waitlist_size(); ++i) {
    if (a.waitlist(i) == deputy) {
      *position = i + 1;
      return v1::SIGN_UP_STATUS_WAITLISTED;
    }
  }
  return v1::SIGN_UP_STATUS_UNSPECIFIED;
}

absl::StatusOr<Activity> ApplyWithdraw(const Activity& current, const std::string& deputy, const Date& today,
                                       absl::Time now, std::string* promoted) {
  promoted->clear();
  const bool confirmed = Contains(current.confirmed(), deputy);
  if (!confirmed && !Contains(current.waitlist(), deputy)) {
    return MakeError(absl::StatusCode::kNotFound, "SIGN_UP_NOT_FOUND",
                     absl::StrCat(deputy, " is not signed up for ", current.name()));
  }
  if (CompareDates(today, current.date()) >= 0) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "ACTIVITY_STARTED",
                     absl::StrCat(current.title(), " is on ", DateKey(current.date()),
                                  "; withdrawals close the day before"));
  }
  Activity next = current;
  next.clear_confirmed();
  next.clear_waitlist();
  for (const auto& d : current.confirmed()) {
    if (d != deputy) next.add_confirmed(d);
  }
  int first_waiting = 0;
  if (confirmed && current.waitlist_size() > 0 && next.confirmed_size() < next.capacity()) {
    // The waitlist keeps its order: the first in line takes the freed place.
    for (; first_waiting < current.waitlist_size() && current.waitlist(first_waiting) == deputy; ++first_waiting) {
    }
    if (first_waiting < current.waitlist_size()) {
      *promoted = current.waitlist(first_waiting);
      next.add_confirmed(*promoted);
    }
  }
  for (const auto& d : current.waitlist()) {
    if (d != deputy && d != *promoted) next.add_waitlist(d);
  }
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

absl::StatusOr<Activity> ApplyAttendance(const Activity& current, const std::vector<std::string>& attended,
                                         const Date& today, absl::Time now) {
  if (CompareDates(today, current.date()) < 0) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "ACTIVITY_NOT_HELD_YET",
                     absl::StrCat(current.title(), " is on ", DateKey(current.date()),
                                  "; attendance is recorded on or after that day"));
  }
  Activity next = current;
  for (const auto& d : attended) {
    if (!Contains(current.confirmed(), d)) {
      return MakeError(absl::StatusCode::kFailedPrecondition, "NOT_CONFIRMED",
                       absl::StrCat(d, " had no confirmed place in ", current.name(),
                                    "; only confirmed deputies can be recorded as attending"));
    }
    if (!Contains(next.attended(), d)) next.add_attended(d);
  }
  next.set_state(v1::ACTIVITY_STATE_HELD);
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

v1::DutyRecordType DutyTypeFor(v1::ActivityCategory category) {
  switch (category) {
    case v1::ACTIVITY_CATEGORY_RESEARCH:
      return v1::DUTY_RECORD_TYPE_RESEARCH;
    case v1::ACTIVITY_CATEGORY_INSPECTION:
      return v1::DUTY_RECORD_TYPE_INSPECTION;
    default:
      return v1::DUTY_RECORD_TYPE_THEMED_ACTIVITY;
  }
}

v1::DutyRecord AttendanceRecord(const Activity& activity, const std::string& deputy) {
  v1::DutyRecord r;
  r.set_deputy(deputy);
  r.set_type(DutyTypeFor(activity.category()));
  *r.mutable_date() = activity.date();
  r.set_title(activity.title());
  r.set_detail(absl::StrCat(activity.place()));
  return r;
}

std::string AttendanceSourceId(const std::string& activity_id, const std::string& deputy_id) {
  return absl::StrCat("activities/", activity_id, "/attendance/", deputy_id);
}

}  // namespace renda::representatives
