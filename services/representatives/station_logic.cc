#include "services/representatives/station_logic.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/time_util.h"
#include "services/representatives/contact_logic.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_logic.h"
#include "services/representatives/duty_records.h"

namespace renda::representatives {

using renda::type::v1::Date;
using v1::Station;

void ValidateStationFields(const Station& s, const std::string& congress, Validator& v) {
  v.Text("station.display_name", s.display_name(), 100, true)
      .Text("station.area", s.area(), 64, true)
      .Text("station.street", s.street(), 64, false)
      .Text("station.address", s.address(), 256, true)
      .Text("station.open_hours", s.open_hours(), 200, false);
  ValidateNameList("station.deputies", s.deputies(), congress, kDeputyCollection, 0, 200, v);
}

Station NewStation(const Station& input, const std::string& name, absl::Time now) {
  Station s = input;
  s.set_name(name);
  *s.mutable_create_time() = ToProtoTime(now);
  *s.mutable_update_time() = ToProtoTime(now);
  s.clear_etag();
  return s;
}

std::vector<std::string> StationIndexes(const Station& s) {
  std::vector<std::string> out = {kStationCollection};
  if (s.is_legislative_contact_point()) out.push_back("stations:lcp");
  return out;
}

absl::StatusOr<Station> ApplyStationUpdate(const Station& current, const v1::UpdateStationRequest& req,
                                           const std::string& congress, absl::Time now) {
  const Station& p = req.station();
  Validator v;
  Station s = current;
  if (req.update_mask().paths().empty()) v.Add("update_mask", "names no field to change");
  for (const std::string& path : req.update_mask().paths()) {
    if (path == "display_name") {
      s.set_display_name(p.display_name());
    } else if (path == "area") {
      s.set_area(p.area());
    } else if (path == "street") {
      s.set_street(p.street());
    } else if (path == "address") {
      s.set_address(p.address());
    } else if (path == "is_legislative_contact_point") {
      s.set_is_legislative_contact_point(p.is_legislative_contact_point());
    } else if (path == "open_hours") {
      s.set_open_hours(p.open_hours());
    } else if (path == "deputies") {
      *s.mutable_deputies() = p.deputies();
    } else {
      v.Add("update_mask", absl::StrCat("'", path, "' is not a field that can be updated"));
    }
  }
  ValidateStationFields(s, congress, v);
  if (!v.ok()) return v.status();
  *s.mutable_update_time() = ToProtoTime(now);
  return s;
}

namespace {

std::string StationIdOf(const std::string& field, const std::string& station, const std::string& congress,
                        Validator& v) {
  ResourceName n = ParseResourceName(field, station, kStationCollection, v);
  if (!n.id.empty() && n.congress != congress) v.Add(field, "is in another congress");
  return n.id;
}

}  // namespace

std::pair<std::string, std::vector<std::string>> ValidateSchedule(const v1::ReceptionSchedule& s,
                                                                  const std::string& congress, const Date& today,
                                                                  Validator& v) {
  const std::string station = StationIdOf("schedule.station", s.station(), congress, v);
  ValidateDate(s.date(), "schedule.date", true, v);
  if (HasCalendarDate(s.date()) && CompareDates(s.date(), today) < 0) v.Add("schedule.date", "is in the past");
  std::vector<std::string> deputies =
      ValidateNameList("schedule.deputies", s.deputies(), congress, kDeputyCollection, 1, 50, v);
  v.Text("schedule.note", s.note(), 500, false);
  return {station, std::move(deputies)};
}

absl::Status CheckDeputiesAtStation(const Station& station, const std::vector<std::string>& deputies) {
  for (const auto& d : deputies) {
    if (std::find(station.deputies().begin(), station.deputies().end(), d) == station.deputies().end()) {
      return MakeError(absl::StatusCode::kFailedPrecondition, "DEPUTY_NOT_AT_STATION",
                       absl::StrCat(d, " is not one of the deputies of ", station.display_name(), " (", station.name(),
                                    "); add the deputy to the station first"));
    }
  }
  return absl::OkStatus();
}

std::vector<std::string> ScheduleIndexes(const std::string& station_id) {
  return {kScheduleCollection, absl::StrCat("receptionSchedules:station:", station_id)};
}

std::pair<std::string, std::vector<std::string>> ValidateReceptionLog(const v1::ReceptionLog& log,
                                                                      const std::string& congress, const Date& today,
                                                                      Validator& v) {
  const std::string station = StationIdOf("log.station", log.station(), congress, v);
  ValidateDate(log.date(), "log.date", true, v);
  if (HasCalendarDate(log.date()) && CompareDates(log.date(), today) > 0) v.Add("log.date", "is in the future");
  std::vector<std::string> deputies =
      ValidateNameList("log.deputies_present", log.deputies_present(), congress, kDeputyCollection, 1, 50, v);
  v.Range("log.constituents_received", log.constituents_received(), 0, 10000, true);
  if (log.topics_size() > 50) v.Add("log.topics", "has more than 50 entries");
  for (int i = 0; i < log.topics_size() && i < 50; ++i) {
    v.Text(absl::StrCat("log.topics[", i, "]"), log.topics(i), 200, true);
  }
  ValidateNameList("log.opinions", log.opinions(), congress, "opinions", 0, 200, v);
  return {station, std::move(deputies)};
}

std::vector<std::string> ReceptionLogIndexes(const std::string& station_id) {
  return {kReceptionLogCollection, absl::StrCat("receptionLogs:station:", station_id)};
}

v1::DutyRecord ReceptionRecord(const v1::ReceptionLog& log, const Station& station, const std::string& deputy) {
  v1::DutyRecord r;
  r.set_deputy(deputy);
  r.set_type(v1::DUTY_RECORD_TYPE_STATION_RECEPTION);
  *r.mutable_date() = log.date();
  r.set_title(absl::StrCat("在", station.display_name(), "接待选民"));
  r.set_detail(absl::StrCat("接待群众 ", log.constituents_received(), " 人次"));
  return r;
}

std::string ReceptionSourceId(const std::string& log_id, const std::string& deputy_id) {
  return absl::StrCat("receptionLogs/", log_id, "/", deputy_id);
}

}  // namespace renda::representatives
