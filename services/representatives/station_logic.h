#pragma once
// Pure rules of liaison stations: valid stations and updates, reception schedules, reception
// logs and the duty records they give the deputies present. No gRPC, no Redis.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renda/representatives/v1/duty_record.pb.h"
#include "renda/representatives/v1/stations.pb.h"
#include "services/common/validation.h"

namespace renda::representatives {

inline constexpr char kStationKind[] = "station";
inline constexpr char kStationCollection[] = "stations";
inline constexpr char kScheduleKind[] = "receptionschedule";
inline constexpr char kScheduleCollection[] = "receptionSchedules";
inline constexpr char kReceptionLogKind[] = "receptionlog";
inline constexpr char kReceptionLogCollection[] = "receptionLogs";

// Checks the client fields of a station (`field` prefix "station.").
void ValidateStationFields(const v1::Station& station, const std::string& congress, Validator& v);
v1::Station NewStation(const v1::Station& input, const std::string& name, absl::Time now);
std::vector<std::string> StationIndexes(const v1::Station& station);
// Applies the fields named in the mask; INVALID_ARGUMENT for unknown paths or invalid values.
absl::StatusOr<v1::Station> ApplyStationUpdate(const v1::Station& current, const v1::UpdateStationRequest& request,
                                               const std::string& congress, absl::Time now);

// Checks a new reception schedule; returns the station id and the deputy ids.
std::pair<std::string, std::vector<std::string>> ValidateSchedule(const v1::ReceptionSchedule& s,
                                                                  const std::string& congress,
                                                                  const renda::type::v1::Date& today, Validator& v);
// FAILED_PRECONDITION (DEPUTY_NOT_AT_STATION) unless every one of `deputies` is the station's.
absl::Status CheckDeputiesAtStation(const v1::Station& station, const std::vector<std::string>& deputies);
std::vector<std::string> ScheduleIndexes(const std::string& station_id);

// Checks a new reception log; returns the station id and the ids of the deputies present.
std::pair<std::string, std::vector<std::string>> ValidateReceptionLog(const v1::ReceptionLog& log,
                                                                      const std::string& congress,
                                                                      const renda::type::v1::Date& today, Validator& v);
std::vector<std::string> ReceptionLogIndexes(const std::string& station_id);
// The STATION_RECEPTION record a reception day gives one deputy present, and its source id.
v1::DutyRecord ReceptionRecord(const v1::ReceptionLog& log, const v1::Station& station, const std::string& deputy);
std::string ReceptionSourceId(const std::string& log_id, const std::string& deputy_id);

}  // namespace renda::representatives
