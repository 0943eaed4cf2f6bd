#pragma once
// The official working-day calendar compiled into the binary from config/calendar-cn.json, so
// the service needs no file at run time. WorkingCalendar::Default() parses it.

#include "absl/strings/string_view.h"

namespace renda::intake {

// The text of config/calendar-cn.json as it was at build time.
absl::string_view EmbeddedCalendarJson();

}  // namespace renda::intake
