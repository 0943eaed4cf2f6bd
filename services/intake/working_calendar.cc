#include "services/intake/working_calendar.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/intake/embedded_calendar.h"

namespace renda::intake {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

absl::Status Bad(absl::string_view where, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("calendar: ", where, where.empty() ? "" : " ", what));
}

bool IsWeekend(absl::CivilDay d) {
  const absl::Weekday w = absl::GetWeekday(d);
  return w == absl::Weekday::saturday || w == absl::Weekday::sunday;
}

// Strict YYYY-MM-DD naming a real day (no normalisation of 2025-02-30 into March).
absl::StatusOr<absl::CivilDay> ParseDate(const Value& v, absl::string_view where) {
  if (v.kind_case() != Value::kStringValue) return Bad(where, "must be a date string YYYY-MM-DD");
  const std::string& s = v.string_value();
  bool shape = s.size() == 10 && s[4] == '-' && s[7] == '-';
  for (size_t i = 0; shape && i < s.size(); ++i) {
    if (i != 4 && i != 7 && !absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) shape = false;
  }
  int y = 0, m = 0, d = 0;
  if (!shape || !absl::SimpleAtoi(s.substr(0, 4), &y) || !absl::SimpleAtoi(s.substr(5, 2), &m) ||
      !absl::SimpleAtoi(s.substr(8, 2), &d)) {
    return Bad(where, absl::StrCat("'", s, "' is not a date YYYY-MM-DD"));
  }
  const absl::CivilDay day(y, m, d);
  if (day.year() != y || day.month() != m || day.day() != d) {
    return Bad(where, absl::StrCat("'", s, "' is not a day of the calendar"));
  }
  return day;
}

// A date listed under `year` must fall in it.
absl::StatusOr<absl::CivilDay> ParseDateOfYear(const Value& v, int year, absl::string_view where) {
  auto day = ParseDate(v, where);
  if (day.ok() && day->year() != year) {
    return Bad(where, absl::StrCat("'", v.string_value(), "' is not in the year ", year, " it is listed under"));
  }
  return day;
}

absl::Status CheckKeys(const Struct& s, std::initializer_list<absl::string_view> allowed,
                       absl::string_view where) {
  for (const auto& [key, unused] : s.fields()) {
    bool known = false;
    for (absl::string_view a : allowed) known = known || key == a;
    if (!known) return Bad(where, absl::StrCat("has an unknown key '", key, "'"));
  }
  return absl::OkStatus();
}

const Value* Field(const Struct& s, absl::string_view key) {
  auto it = s.fields().find(std::string(key));
  return it == s.fields().end() ? nullptr : &it->second;
}

}  // namespace

absl::StatusOr<WorkingCalendar> WorkingCalendar::Parse(absl::string_view json) {
  Struct root;
  auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &root);
  if (!parsed.ok()) return Bad("", absl::StrCat("is not a JSON object: ", parsed.ToString()));
  const Value* years = Field(root, "years");
  if (years == nullptr || years->kind_case() != Value::kStructValue) return Bad("years", "must be an object");
  if (years->struct_value().fields().empty()) return Bad("years", "lists no year");

  WorkingCalendar calendar;
  for (const auto& [key, entry] : years->struct_value().fields()) {
    const std::string where = absl::StrCat("years.", key);
    int year = 0;
    bool digits = key.size() == 4;
    for (char c : key) digits = digits && absl::ascii_isdigit(static_cast<unsigned char>(c));
    if (!digits || !absl::SimpleAtoi(key, &year)) return Bad(where, "is not a four-digit year");
    if (entry.kind_case() != Value::kStructValue) return Bad(where, "must be an object");
    const Struct& fields = entry.struct_value();
    if (auto s = CheckKeys(fields, {"holidays", "makeup_workdays"}, where); !s.ok()) return s;
    const Value* holidays = Field(fields, "holidays");
    const Value* makeup = Field(fields, "makeup_workdays");
    if (holidays == nullptr || holidays->kind_case() != Value::kListValue) {
      return Bad(where + ".holidays", "must be a list");
    }
    if (makeup == nullptr || makeup->kind_case() != Value::kListValue) {
      return Bad(where + ".makeup_workdays", "must be a list");
    }
    for (int i = 0; i < holidays->list_value().values_size(); ++i) {
      const std::string at = absl::StrCat(where, ".holidays[", i, "]");
      const Value& h = holidays->list_value().values(i);
      if (h.kind_case() != Value::kStructValue) return Bad(at, "must be an object");
      if (auto s = CheckKeys(h.struct_value(), {"name", "from", "to"}, at); !s.ok()) return s;
      const Value* name = Field(h.struct_value(), "name");
      const Value* from_v = Field(h.struct_value(), "from");
      const Value* to_v = Field(h.struct_value(), "to");
      if (name == nullptr || name->kind_case() != Value::kStringValue || name->string_value().empty()) {
        return Bad(at + ".name", "must be a non-empty string");
      }
      if (from_v == nullptr) return Bad(at + ".from", "is missing");
      if (to_v == nullptr) return Bad(at + ".to", "is missing");
      auto from = ParseDateOfYear(*from_v, year, at + ".from");
      if (!from.ok()) return from.status();
      auto to = ParseDateOfYear(*to_v, year, at + ".to");
      if (!to.ok()) return to.status();
      if (*from > *to) {
        return Bad(at, absl::StrCat("runs backwards: from ", from_v->string_value(), " is after to ",
                                    to_v->string_value()));
      }
      for (absl::CivilDay d = *from; d <= *to; ++d) calendar.holidays_.insert(d);
    }
    for (int i = 0; i < makeup->list_value().values_size(); ++i) {
      const std::string at = absl::StrCat(where, ".makeup_workdays[", i, "]");
      auto day = ParseDateOfYear(makeup->list_value().values(i), year, at);
      if (!day.ok()) return day.status();
      if (!IsWeekend(*day)) {
        return Bad(at, absl::StrCat("'", makeup->list_value().values(i).string_value(),
                                    "' is a weekday, so it cannot be a make-up working day"));
      }
      calendar.makeup_.insert(*day);
    }
    calendar.years_.insert(year);
  }
  for (absl::CivilDay d : calendar.makeup_) {
    if (calendar.holidays_.count(d) > 0) {
      return Bad("", absl::StrCat("lists ", d.year(), "-", d.month(), "-", d.day(),
                                  " both as a holiday and as a make-up working day"));
    }
  }
  return calendar;
}

const WorkingCalendar& WorkingCalendar::Default() {
  static const WorkingCalendar* calendar = [] {
    auto parsed = Parse(EmbeddedCalendarJson());
    if (!parsed.ok()) {
      const std::string reason(parsed.status().message());
      fprintf(stderr, "the compiled-in config/calendar-cn.json is invalid: %s\n", reason.c_str());
      std::abort();
    }
    return new WorkingCalendar(*std::move(parsed));
  }();
  return *calendar;
}

bool WorkingCalendar::IsWorkingDay(absl::CivilDay d) const {
  if (makeup_.count(d) > 0) return true;
  if (holidays_.count(d) > 0) return false;
  return !IsWeekend(d);
}

long long WorkingCalendar::CountForward(absl::CivilDay from, absl::CivilDay to) const {
  // Monday-Friday by whole weeks plus the partial week, then the listed exceptions in range.
  const absl::civil_diff_t span = to - from;
  long long count = static_cast<long long>(span / 7) * 5;
  for (absl::CivilDay d = from + (span / 7) * 7 + 1; d <= to; ++d) count += IsWeekend(d) ? 0 : 1;
  for (auto it = holidays_.upper_bound(from); it != holidays_.end() && *it <= to; ++it) {
    if (!IsWeekend(*it)) --count;
  }
  for (auto it = makeup_.upper_bound(from); it != makeup_.end() && *it <= to; ++it) {
    if (IsWeekend(*it)) ++count;
  }
  return count;
}

int WorkingCalendar::WorkingDaysBetween(absl::CivilDay from, absl::CivilDay to) const {
  if (to < from) return -WorkingDaysBetween(to, from);
  return static_cast<int>(CountForward(from, to));
}

absl::StatusOr<absl::CivilDay> WorkingCalendar::AddWorkingDays(absl::CivilDay start, int n) const {
  if (n < 0) return absl::InvalidArgumentError(absl::StrCat("working days to add must be >= 0, got ", n));
  if (n == 0) {
    if (IsWorkingDay(start)) return start;
    n = 1;
  }
  // The count over (start, d] never decreases as d grows: find the first d where it reaches n.
  absl::civil_diff_t hi = n;
  while (CountForward(start, start + hi) < n) hi *= 2;
  absl::civil_diff_t lo = 1;  // invariant: the answer is in [start + lo, start + hi]
  while (lo < hi) {
    const absl::civil_diff_t mid = lo + (hi - lo) / 2;
    if (CountForward(start, start + mid) >= n) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return start + lo;
}

}  // namespace renda::intake
