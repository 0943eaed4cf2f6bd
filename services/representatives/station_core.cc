#include "services/representatives/station_core.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/names.h"
#include "services/common/time_util.h"
#include "services/common/validation.h"
#include "services/representatives/contact_logic.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_records.h"
#include "services/representatives/station_logic.h"

namespace renda::representatives {
namespace {
const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};

using v1::ReceptionLog;
using v1::ReceptionSchedule;
using v1::Station;

}  // namespace

const AccessTable& StationAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateStation", kStaffRoles},     {"GetStation", kSignedIn},
      {"ListStations", kSignedIn},        {"UpdateStation", kStaffRoles},
      {"ScheduleReception", kStaffRoles}, {"ListReceptionSchedule", kSignedIn},
      {"LogReception", kStaffRoles},      {"ListReceptionLogs", kSignedIn},
  };
  return *table;
}

Task<absl::StatusOr<v1::CreateStationResponse>> StationCore::CreateStation(const Caller& caller,
                                                                           const v1::CreateStationRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateStationFields(req.station(), congress, v);
  v.Id("station_id", req.station_id(), false).RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const absl::Time now = runtime_.clock->Now();
  const std::string id = req.station_id().empty() ? NewTimeOrderedId(now) : req.station_id();
  Station station = NewStation(req.station(), ResourceNameOf(congress, kStationCollection, id), now);
  v1::CreateStationResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_station(),
                      co_await store_->stations.Create(std::move(station), OriginOf(caller, req, now)));
  co_return resp;
}

Task<absl::StatusOr<v1::GetStationResponse>> StationCore::GetStation(const Caller& caller,
                                                                     const v1::GetStationRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kStationCollection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  v1::GetStationResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_station(), co_await store_->stations.Get(name.congress, name.id));
  co_return resp;
}

Task<absl::StatusOr<v1::ListStationsResponse>> StationCore::ListStations(const Caller& caller,
                                                                         const v1::ListStationsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.PageSize("page_size", req.page_size(), 200);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const std::string index = req.legislative_contact_points_only() ? "stations:lcp" : kStationCollection;
  ListQuery query = PageQuery(congress, {index}, absl::StrCat("ListStations|", req.parent(), "|", index), req);
  co_return co_await store_->stations.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListStationsResponse::mutable_stations);
}

Task<absl::StatusOr<v1::UpdateStationResponse>> StationCore::UpdateStation(const Caller& caller,
                                                                           const v1::UpdateStationRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("station.name", req.station().name(), kStationCollection, v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  v1::UpdateStationResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_station(),
                      co_await store_->stations.Update(
                          name.congress, name.id, req.station().etag(), OriginOf(caller, req, now),
                          [&](const Station& current) { return ApplyStationUpdate(current, req, name.congress, now); }));
  co_return resp;
}

Task<absl::StatusOr<v1::ScheduleReceptionResponse>> StationCore::ScheduleReception(
    const Caller& caller, const v1::ScheduleReceptionRequest& req) {
  const absl::Time now = runtime_.clock->Now();
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  auto checked = ValidateSchedule(req.schedule(), congress, DateOf(now), v);
  const std::string station_id = std::move(checked.first);
  const std::vector<std::string> deputy_ids = std::move(checked.second);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));

  CO_ASSIGN_OR_RETURN(auto station, co_await store_->stations.Read(congress, station_id));
  std::vector<std::string> names(req.schedule().deputies().begin(), req.schedule().deputies().end());
  CO_RETURN_IF_ERROR(CheckDeputiesAtStation(station.entity, names));
  CO_ASSIGN_OR_RETURN(auto deputies, co_await store_->ServingDeputies(congress, deputy_ids));

  ReceptionSchedule s = req.schedule();
  s.set_name(ResourceNameOf(congress, kScheduleCollection,
                            absl::StrCat(DateKey(req.schedule().date()), "-", NewTimeOrderedId(now))));
  s.set_created_by(caller.subject());
  *s.mutable_create_time() = ToProtoTime(now);
  s.clear_etag();
  // The station's deputy list the check read, and the deputies' status, must still hold.
  std::vector<EntityStore::EntityWrite> also = {store_->stations.Checked(station)};
  for (const auto& deputy : deputies) also.push_back(store_->deputies.Checked(deputy));
  v1::ScheduleReceptionResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_schedule(),
                      co_await store_->reception_schedules.Create(std::move(s), OriginOf(caller, req, now),
                                                                  std::move(also)));
  co_return resp;
}

Task<absl::StatusOr<v1::ListReceptionScheduleResponse>> StationCore::ListReceptionSchedule(
    const Caller& caller, const v1::ListReceptionScheduleRequest& req) {
  Validator v;
  const ResourceName station = ParseResourceName("station", req.station(), kStationCollection, v);
  v.PageSize("page_size", req.page_size(), 200);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, station.congress));
  const std::string index = ScheduleIndexes(station.id)[1];
  ListQuery query = PageQuery(station.congress, {index}, absl::StrCat("ListReceptionSchedule|", station.congress, "|", index), req);
  co_return co_await store_->reception_schedules.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListReceptionScheduleResponse::mutable_schedules);
}

Task<absl::StatusOr<v1::LogReceptionResponse>> StationCore::LogReception(const Caller& caller,
                                                                         const v1::LogReceptionRequest& req) {
  const absl::Time now = runtime_.clock->Now();
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  auto checked = ValidateReceptionLog(req.log(), congress, DateOf(now), v);
  const std::string station_id = std::move(checked.first);
  const std::vector<std::string> deputy_ids = std::move(checked.second);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));

  CO_ASSIGN_OR_RETURN(auto station, co_await store_->stations.Get(congress, station_id));
  CO_ASSIGN_OR_RETURN(auto deputies, co_await store_->ServingDeputies(congress, deputy_ids));

  const WriteOrigin origin = OriginOf(caller, req, now);
  const std::string id = absl::StrCat(DateKey(req.log().date()), "-", NewTimeOrderedId(now));
  ReceptionLog log = req.log();
  log.set_name(ResourceNameOf(congress, kReceptionLogCollection, id));
  log.set_logged_by(caller.subject());
  *log.mutable_create_time() = ToProtoTime(now);
  log.clear_etag();
  // A duty record for each deputy present, who must still be serving.
  std::vector<EntityStore::EntityWrite> also;
  for (size_t i = 0; i < deputy_ids.size(); ++i) {
    also.push_back(store_->EventDutyRecord(congress, ReceptionRecord(log, station, log.deputies_present(i)),
                                           ReceptionSourceId(id, deputy_ids[i]), log.name(), origin));
    also.push_back(store_->deputies.Checked(deputies[i]));
  }
  CO_ASSIGN_OR_RETURN(auto written, co_await store_->reception_logs.Create(std::move(log), origin, std::move(also)));
  // A replayed request answers the first log, whose records are named after its id.
  const std::string first_id = SplitEntityName(written.name()).id;
  v1::LogReceptionResponse resp;
  for (const auto& deputy_id : deputy_ids) {
    resp.add_duty_records(ResourceNameOf(congress, kDutyCollection,
                                         DutyRecordId(written.date(), ReceptionSourceId(first_id, deputy_id))));
  }
  *resp.mutable_log() = std::move(written);
  co_return resp;
}

Task<absl::StatusOr<v1::ListReceptionLogsResponse>> StationCore::ListReceptionLogs(
    const Caller& caller, const v1::ListReceptionLogsRequest& req) {
  Validator v;
  const ResourceName station = ParseResourceName("station", req.station(), kStationCollection, v);
  v.PageSize("page_size", req.page_size(), 200);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, station.congress));
  const std::string index = ReceptionLogIndexes(station.id)[1];
  ListQuery query = PageQuery(station.congress, {index}, absl::StrCat("ListReceptionLogs|", station.congress, "|", index), req);
  co_return co_await store_->reception_logs.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListReceptionLogsResponse::mutable_logs);
}

}  // namespace renda::representatives
