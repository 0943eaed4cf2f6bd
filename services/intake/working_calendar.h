#pragma once
// China's official working-day calendar, which the intake deadlines count with. Pure code: no
// gRPC, no Redis.
//
// Rule (State Council holiday notices): Saturday and Sunday are non-working, except the listed
// make-up working days (调休上班); the listed holidays are non-working.
//
// Years the calendar does not list: every answer falls back to the weekend rule alone
// (Monday-Friday work, no holidays, no make-up days), so a deadline in a year whose notice is not
// yet published is still computed, not refused. Such a deadline may later move; callers that care
// check Covers(year) for the years a computation touches and warn.

#include <set>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace renda::intake {

class WorkingCalendar {
 public:
  // Parses the format of config/calendar-cn.json:
  //   {"years": {"2025": {"holidays": [{"name": "...", "from": "2025-01-28", "to": "2025-02-04"}],
  //                       "makeup_workdays": ["2025-01-26"]}}}
  // Other top-level keys ("source", "rule") are ignored; unknown keys inside a year or a holiday
  // are errors (likely typos). Dates are strict YYYY-MM-DD and must be real days of the year they
  // are listed under; a holiday needs from <= to; a make-up day must be a Saturday or Sunday and
  // may not also be a holiday. Errors are InvalidArgument naming the offending path.
  static absl::StatusOr<WorkingCalendar> Parse(absl::string_view json);

  // The calendar compiled in from config/calendar-cn.json, parsed once. A calendar that does not
  // parse is a build defect (the unit tests parse it too): the process stops with the reason.
  static const WorkingCalendar& Default();

  // Whether the calendar lists `year` (its holidays and make-up days are known).
  bool Covers(int year) const { return years_.count(year) > 0; }

  // Make-up days win over the weekend; holidays make a day non-working.
  bool IsWorkingDay(absl::CivilDay d) const;

  // The day on which `n` working days after `start` have passed: `start` itself is not counted,
  // so for n >= 1 the result is the n-th working day strictly after `start`. n = 0 gives `start`
  // if it is a working day, else the next working day (a deadline never falls on a day off).
  // n < 0 is InvalidArgument. For n >= 1, WorkingDaysBetween(start, result) == n.
  absl::StatusOr<absl::CivilDay> AddWorkingDays(absl::CivilDay start, int n) const;

  // The number of working days in (from, to]: `from` excluded, `to` included. 0 when
  // from == to; when to < from the result is -WorkingDaysBetween(to, from) (antisymmetric, so
  // an overdue deadline counts negative). Runs in time logarithmic in the distance.
  int WorkingDaysBetween(absl::CivilDay from, absl::CivilDay to) const;

 private:
  WorkingCalendar() = default;

  // Working days in (from, to] for from <= to.
  long long CountForward(absl::CivilDay from, absl::CivilDay to) const;

  std::set<int> years_;
  std::set<absl::CivilDay> holidays_;  // every single holiday day
  std::set<absl::CivilDay> makeup_;    // make-up working days (all Saturdays or Sundays)
};

}  // namespace renda::intake
