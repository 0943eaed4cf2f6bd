#include "services/representatives/station_service.h"

#include "absl/strings/str_cat.h"
#include "services/common/entity_ops.h"
#include "services/common/names.h"
#include "services/common/time_util.h"
#include "services/common/validation.h"
#include "services/representatives/contact_logic.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_records.h"
#include "services/representatives/plan_service.h"
#include "services/representatives/station_logic.h"

namespace renda::representatives {
namespace {
const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};

using v1::ReceptionLog;
using v1::ReceptionSchedule;
using v1::Station;

// A page of one station's schedule or logs.
template <class T, class Response>
void ListOfStation(EntityStore* store, const PageTokenCodec& tokens, const std::string& method,
                   const ResourceName& station, const std::string& kind, const std::string& index,
                   const std::string& page_token, int page_size, Response* resp,
                   google::protobuf::RepeatedPtrField<T>* out, Finish finish) {
  ListSpec spec{station.congress, kind, {index}, absl::StrCat(method, "|", station.congress, "|", index), page_token,
                page_size, false};
  ListProtos<T>(store, tokens, std::move(spec), FinishPage<T>(out, resp->mutable_next_page_token(), std::move(finish)));
}

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

StationService::StationService(const Runtime& runtime)
    : runtime_(runtime), store_(runtime.redis, "rep"), runner_("stations", &StationAccess(), runtime.auth) {}

grpc::ServerUnaryReactor* StationService::CreateStation(grpc::CallbackServerContext* ctx,
                                                        const v1::CreateStationRequest* req,
                                                        v1::CreateStationResponse* resp) {
  return runner_.Unary(ctx, "CreateStation", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ValidateStationFields(req->station(), congress, v);
    v.Id("station_id", req->station_id(), false).RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    const std::string id = req->station_id().empty() ? NewTimeOrderedId(now) : req->station_id();
    Station station = NewStation(req->station(), ResourceNameOf(congress, kStationCollection, id), now);
    PutSpec spec =
        CreateSpec(congress, kStationKind, id, StationIndexes(station), caller.subject(), *req, req->request_id(), now);
    PutProto<Station>(&store_, spec, std::move(station), FinishWith(resp->mutable_station(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* StationService::GetStation(grpc::CallbackServerContext* ctx,
                                                     const v1::GetStationRequest* req, v1::GetStationResponse* resp) {
  return runner_.Unary(ctx, "GetStation", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kStationCollection, v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetProto<Station>(&store_, "station", kStationKind, name.congress, name.id, req->name(),
                      FinishWith(resp->mutable_station(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* StationService::ListStations(grpc::CallbackServerContext* ctx,
                                                       const v1::ListStationsRequest* req,
                                                       v1::ListStationsResponse* resp) {
  return runner_.Unary(ctx, "ListStations", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    v.PageSize("page_size", req->page_size(), 200);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    const std::string index = req->legislative_contact_points_only() ? "stations:lcp" : kStationCollection;
    ListSpec spec{congress, kStationKind, {index}, absl::StrCat("ListStations|", req->parent(), "|", index),
                  req->page_token(), req->page_size(), false};
    ListProtos<Station>(&store_, *runtime_.page_tokens, std::move(spec),
                      FinishPage(resp->mutable_stations(), resp->mutable_next_page_token(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* StationService::UpdateStation(grpc::CallbackServerContext* ctx,
                                                        const v1::UpdateStationRequest* req,
                                                        v1::UpdateStationResponse* resp) {
  return runner_.Unary(ctx, "UpdateStation", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("station.name", req->station().name(), kStationCollection, v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    auto plan = NewUpdatePlan<Station>(
        ChangeSpec(name.congress, kStationKind, name.id, caller.subject(), *req, req->request_id(), now),
        "station", req->station().name(), req->station().etag());
    plan->mutate = [req, congress = name.congress, now](const Station& current) {
      return ApplyStationUpdate(current, *req, congress, now);
    };
    plan->indexes = [](const Station& next) { return StationIndexes(next); };
    UpdateProto<Station>(&store_, std::move(plan), FinishWith(resp->mutable_station(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* StationService::ScheduleReception(grpc::CallbackServerContext* ctx,
                                                            const v1::ScheduleReceptionRequest* req,
                                                            v1::ScheduleReceptionResponse* resp) {
  return runner_.Unary(ctx, "ScheduleReception", *req, [=, this](const Caller& caller, Finish finish) {
    const absl::Time now = runtime_.clock->Now();
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    auto [station_id, deputy_ids] = ValidateSchedule(req->schedule(), congress, DateOf(now), v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    GetVersioned<Station>(
        &store_, "station", kStationKind, congress, station_id, req->schedule().station(),
        [this, req, resp, caller, congress, now, station_id = station_id, deputy_ids = deputy_ids,
         finish = std::move(finish)](absl::StatusOr<std::pair<Station, int64_t>> station) mutable {
          if (!station.ok()) return finish(station.status());
          std::vector<std::string> names(req->schedule().deputies().begin(), req->schedule().deputies().end());
          if (auto s = CheckDeputiesAtStation(station->first, names); !s.ok()) return finish(s);
          CheckDeputiesServing(
              &store_, congress, deputy_ids,
              [this, req, resp, caller, congress, now, station_id, deputy_ids, station_version = station->second,
               finish = std::move(finish)](absl::StatusOr<std::vector<int64_t>> versions) mutable {
                if (!versions.ok()) return finish(versions.status());
                const std::string id = absl::StrCat(DateKey(req->schedule().date()), "-", NewTimeOrderedId(now));
                ReceptionSchedule s = req->schedule();
                s.set_name(ResourceNameOf(congress, kScheduleCollection, id));
                s.set_created_by(caller.subject());
                *s.mutable_create_time() = ToProtoTime(now);
                s.clear_etag();
                PutSpec spec = CreateSpec(congress, kScheduleKind, id, ScheduleIndexes(station_id), caller.subject(),
                                          *req, req->request_id(), now);
                // The station's deputy list the check read must still hold.
                spec.also.push_back(CheckOnly(kStationKind, station_id, station_version));
                for (size_t i = 0; i < deputy_ids.size(); ++i) {
                  spec.also.push_back(CheckOnly(kDeputyKind, deputy_ids[i], (*versions)[i]));
                }
                PutProto<ReceptionSchedule>(&store_, spec, std::move(s),
                                            FinishWith(resp->mutable_schedule(), std::move(finish)));
              });
        });
  });
}

grpc::ServerUnaryReactor* StationService::ListReceptionSchedule(grpc::CallbackServerContext* ctx,
                                                                const v1::ListReceptionScheduleRequest* req,
                                                                v1::ListReceptionScheduleResponse* resp) {
  return runner_.Unary(ctx, "ListReceptionSchedule", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName station = ParseResourceName("station", req->station(), kStationCollection, v);
    v.PageSize("page_size", req->page_size(), 200);
    if (auto s = CheckRequest(v, caller, station.congress); !s.ok()) return finish(s);
    ListOfStation<ReceptionSchedule, v1::ListReceptionScheduleResponse>(
        &store_, *runtime_.page_tokens, "ListReceptionSchedule", station, kScheduleKind, ScheduleIndexes(station.id)[1],
        req->page_token(), req->page_size(), resp, resp->mutable_schedules(), std::move(finish));
  });
}

grpc::ServerUnaryReactor* StationService::LogReception(grpc::CallbackServerContext* ctx,
                                                       const v1::LogReceptionRequest* req,
                                                       v1::LogReceptionResponse* resp) {
  return runner_.Unary(ctx, "LogReception", *req, [=, this](const Caller& caller, Finish finish) {
    const absl::Time now = runtime_.clock->Now();
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    auto [station_id, deputy_ids] = ValidateReceptionLog(req->log(), congress, DateOf(now), v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    GetProto<Station>(
        &store_, "station", kStationKind, congress, station_id, req->log().station(),
        [this, req, resp, caller, congress, now, station_id = station_id, deputy_ids = deputy_ids,
         finish = std::move(finish)](absl::StatusOr<Station> station) mutable {
          if (!station.ok()) return finish(station.status());
          CheckDeputiesServing(
              &store_, congress, deputy_ids,
              [this, req, resp, caller, congress, now, station_id, deputy_ids, station = *std::move(station),
               finish = std::move(finish)](absl::StatusOr<std::vector<int64_t>> versions) mutable {
                if (!versions.ok()) return finish(versions.status());
                const std::string id = absl::StrCat(DateKey(req->log().date()), "-", NewTimeOrderedId(now));
                ReceptionLog log = req->log();
                log.set_name(ResourceNameOf(congress, kReceptionLogCollection, id));
                log.set_logged_by(caller.subject());
                *log.mutable_create_time() = ToProtoTime(now);
                log.clear_etag();
                PutSpec spec = CreateSpec(congress, kReceptionLogKind, id, ReceptionLogIndexes(station_id),
                                          caller.subject(), *req, req->request_id(), now);
                auto records = std::make_shared<std::vector<std::string>>();
                for (size_t i = 0; i < deputy_ids.size(); ++i) {
                  auto w = EventDutyRecordWrite(congress, ReceptionRecord(log, station, log.deputies_present(i)),
                                                ReceptionSourceId(id, deputy_ids[i]), log.name(), caller.subject(),
                                                req->request_id(), now);
                  records->push_back(ResourceNameOf(congress, kDutyCollection, w.id));
                  spec.also.push_back(std::move(w));
                  spec.also.push_back(CheckOnly(kDeputyKind, deputy_ids[i], (*versions)[i]));
                }
                PutProto<ReceptionLog>(
                    &store_, spec, std::move(log),
                    [resp, records, congress, deputy_ids, finish = std::move(finish)](
                        absl::StatusOr<ReceptionLog> written) mutable {
                      if (!written.ok()) return finish(written.status());
                      // A replayed request answers the first log, whose records are named after its id.
                      const std::string first_id = written->name().substr(written->name().rfind('/') + 1);
                      for (size_t i = 0; i < deputy_ids.size(); ++i) {
                        resp->add_duty_records(ResourceNameOf(
                            congress, kDutyCollection,
                            DutyRecordId(written->date(), ReceptionSourceId(first_id, deputy_ids[i]))));
                      }
                      *resp->mutable_log() = *std::move(written);
                      finish(absl::OkStatus());
                    });
              });
        });
  });
}

grpc::ServerUnaryReactor* StationService::ListReceptionLogs(grpc::CallbackServerContext* ctx,
                                                            const v1::ListReceptionLogsRequest* req,
                                                            v1::ListReceptionLogsResponse* resp) {
  return runner_.Unary(ctx, "ListReceptionLogs", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName station = ParseResourceName("station", req->station(), kStationCollection, v);
    v.PageSize("page_size", req->page_size(), 200);
    if (auto s = CheckRequest(v, caller, station.congress); !s.ok()) return finish(s);
    ListOfStation<ReceptionLog, v1::ListReceptionLogsResponse>(
        &store_, *runtime_.page_tokens, "ListReceptionLogs", station, kReceptionLogKind,
        ReceptionLogIndexes(station.id)[1], req->page_token(), req->page_size(), resp, resp->mutable_logs(),
        std::move(finish));
  });
}

}  // namespace renda::representatives
