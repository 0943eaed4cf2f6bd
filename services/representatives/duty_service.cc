#include "services/representatives/duty_service.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "services/common/entity_ops.h"
#include "services/common/names.h"
#include "services/common/validation.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_logic.h"
#include "services/representatives/duty_records.h"
#include "services/representatives/evaluation_service.h"
#include "services/representatives/service_support.h"

namespace renda::representatives {
namespace {
const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
const Roles kReaders = {Role::kStaff, Role::kAdmin, Role::kLeader, Role::kService, Role::kDeputy};

absl::Status NotOwnRecord(absl::string_view what) {
  return MakeError(absl::StatusCode::kPermissionDenied, "NOT_YOUR_DUTY_RECORDS",
                   absl::StrCat("deputies may ", what, " their own duty records only"));
}
}  // namespace

const AccessTable& DutyRecordAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateDutyRecord", {Role::kStaff, Role::kAdmin, Role::kDeputy}},
      {"GetDutyRecord", kReaders},
      {"ListDutyRecords", kReaders},
      {"ConfirmDutyRecord", kStaffRoles},
      {"RejectDutyRecord", kStaffRoles},
  };
  return *table;
}

DutyRecordService::DutyRecordService(const Runtime& runtime)
    : runtime_(runtime), store_(runtime.redis, "rep"), runner_("duty-records", &DutyRecordAccess(), runtime.auth) {}

grpc::ServerUnaryReactor* DutyRecordService::CreateDutyRecord(grpc::CallbackServerContext* ctx,
                                                              const v1::CreateDutyRecordRequest* req,
                                                              v1::CreateDutyRecordResponse* resp) {
  return runner_.Unary(ctx, "CreateDutyRecord", *req, [=, this](const Caller& caller, Finish finish) {
    const absl::Time now = runtime_.clock->Now();
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    const std::string deputy_id = ValidateNewDutyRecord(congress, req->duty_record(), DateOf(now), v);
    if (!req->source_id().empty()) v.RequestId("source_id", req->source_id());
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    const bool staff = IsDutyStaff(caller);
    if (!staff && !MaySeeDeputy(caller, deputy_id)) return finish(NotOwnRecord("report"));

    const std::string request_id = RequestIdOf(ctx, *req);
    const std::string key = DutySourceKey(req->source_id(), caller.subject(), request_id, NewTimeOrderedId(now));
    const std::string id = DutyRecordId(req->duty_record().date(), key);
    const std::string name = ResourceNameOf(congress, kDutyCollection, id);
    const std::string stored_source = req->source_id().empty() ? request_id : req->source_id();
    auto record = std::make_shared<v1::DutyRecord>(
        NewDutyRecord(req->duty_record(), name, stored_source, staff, caller, now));

    CheckDeputyServing(
        &store_, congress, deputy_id,
        [=, this, finish = std::move(finish)](absl::StatusOr<std::pair<v1::Deputy, int64_t>> deputy) mutable {
          if (!deputy.ok()) return finish(deputy.status());
          const int64_t deputy_version = deputy->second;
          AbsenceCaseWrite(
              &store_, congress, *record, caller.subject(), request_id, now,
              [=, this, finish = std::move(finish)](
                  absl::StatusOr<std::optional<EntityStore::EntityWrite>> exit_case) mutable {
                if (!exit_case.ok()) return finish(exit_case.status());
                PutSpec spec = CreateSpec(congress, kDutyKind, id, DutyRecordIndexes(congress, *record),
                                          caller.subject(), *req, request_id, now);
                spec.also.push_back(CheckOnly(kDeputyKind, deputy_id, deputy_version));
                if (exit_case->has_value()) spec.also.push_back(**std::move(exit_case));
                PutProto<v1::DutyRecord>(
                    &store_, spec, *record,
                    [=, finish = std::move(finish)](absl::StatusOr<v1::DutyRecord> r) mutable {
                      if (!r.ok() && r.status().code() == absl::StatusCode::kAlreadyExists) {
                        return finish(MakeError(
                            absl::StatusCode::kAlreadyExists, "DUTY_RECORD_EXISTS",
                            absl::StrCat("a duty record with source id '", stored_source, "' on ",
                                         DateText(req->duty_record().date()), " already exists: ", name)));
                      }
                      if (!r.ok()) return finish(r.status());
                      *resp->mutable_duty_record() = *std::move(r);
                      finish(absl::OkStatus());
                    });
              });
        });
  });
}

grpc::ServerUnaryReactor* DutyRecordService::GetDutyRecord(grpc::CallbackServerContext* ctx,
                                                           const v1::GetDutyRecordRequest* req,
                                                           v1::GetDutyRecordResponse* resp) {
  return runner_.Unary(ctx, "GetDutyRecord", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kDutyCollection, v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetDeputyOwned<v1::DutyRecord>(&store_, "duty record", kDutyKind, name, req->name(), caller, NotOwnRecord("read"),
                                   FinishWith(resp->mutable_duty_record(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* DutyRecordService::ListDutyRecords(grpc::CallbackServerContext* ctx,
                                                             const v1::ListDutyRecordsRequest* req,
                                                             v1::ListDutyRecordsResponse* resp) {
  return runner_.Unary(ctx, "ListDutyRecords", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    const std::string deputy_id = ParseDeputyFilter(req->deputy(), congress, v);
    if (req->deputy().empty() && req->state() != v1::DUTY_RECORD_STATE_PENDING) {
      v.Add("deputy", "is required unless state is DUTY_RECORD_STATE_PENDING (the queue waiting for staff)");
    }
    if (req->year() != 0 && req->deputy().empty()) v.Add("year", "can only be given with deputy");
    v.Range("year", req->year(), 1900, 2200, true)
        .Enum("type", req->type(), v1::DutyRecordType_descriptor(), false)
        .Enum("state", req->state(), v1::DutyRecordState_descriptor(), false)
        .PageSize("page_size", req->page_size(), 500);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    // The pending queue holds every deputy's records: for those who see every deputy's.
    const bool allowed = deputy_id.empty() ? MaySeeDeputy(caller, "") : MaySeeDeputy(caller, deputy_id);
    if (!allowed) return finish(NotOwnRecord("list"));
    std::vector<std::string> indexes;
    if (!deputy_id.empty()) {
      indexes.push_back(req->year() != 0 ? DeputyYearIndex(deputy_id, req->year()) : DeputyRecordsIndex(deputy_id));
    }
    if (req->state() == v1::DUTY_RECORD_STATE_PENDING) indexes.push_back(kPendingRecordsIndex);
    ListSpec spec{congress, kDutyKind, indexes,
                  absl::StrCat("ListDutyRecords|", req->parent(), "|", req->deputy(), "|", req->year(), "|",
                               static_cast<int>(req->type()), "|", static_cast<int>(req->state())),
                  req->page_token(), req->page_size(), false};
    ListProtos<v1::DutyRecord>(
        &store_, *runtime_.page_tokens, std::move(spec),
        FinishPage<v1::DutyRecord>(
            resp->mutable_duty_records(), resp->mutable_next_page_token(), std::move(finish),
            [req](v1::DutyRecord& r) {
              return (req->type() == v1::DUTY_RECORD_TYPE_UNSPECIFIED || r.type() == req->type()) &&
                     (req->state() == v1::DUTY_RECORD_STATE_UNSPECIFIED || r.state() == req->state());
            }));
  });
}

grpc::ServerUnaryReactor* DutyRecordService::ConfirmDutyRecord(grpc::CallbackServerContext* ctx,
                                                               const v1::ConfirmDutyRecordRequest* req,
                                                               v1::ConfirmDutyRecordResponse* resp) {
  return runner_.Unary(ctx, "ConfirmDutyRecord", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kDutyCollection, v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    const std::string request_id = RequestIdOf(ctx, *req);
    // The record is read first to learn whether confirming it completes the deputy's missed
    // sessions; the update below reads it again under its version check.
    GetProto<v1::DutyRecord>(
        &store_, "duty record", kDutyKind, name.congress, name.id, req->name(),
        [=, this, finish = std::move(finish)](absl::StatusOr<v1::DutyRecord> current) mutable {
          if (!current.ok()) return finish(current.status());
          auto confirmed = ConfirmRecord(*current, caller, now);
          if (!confirmed.ok()) return finish(confirmed.status());
          AbsenceCaseWrite(
              &store_, name.congress, *confirmed, caller.subject(), request_id, now,
              [=, this, finish = std::move(finish)](
                  absl::StatusOr<std::optional<EntityStore::EntityWrite>> exit_case) mutable {
                if (!exit_case.ok()) return finish(exit_case.status());
                auto plan = NewUpdatePlan<v1::DutyRecord>(
                    ChangeSpec(name.congress, kDutyKind, name.id, caller.subject(), *req, request_id, now),
                    "duty record", req->name(), req->etag());
                plan->mutate = [caller, now](const v1::DutyRecord& cur) { return ConfirmRecord(cur, caller, now); };
                plan->indexes = [congress = name.congress](const v1::DutyRecord& next) {
                  return DutyRecordIndexes(congress, next);
                };
                if (exit_case->has_value()) {
                  plan->also = [w = **exit_case](const v1::DutyRecord&, const v1::DutyRecord&) {
                    return std::vector<EntityStore::EntityWrite>{w};
                  };
                }
                UpdateProto<v1::DutyRecord>(&store_, std::move(plan),
                                            FinishWith(resp->mutable_duty_record(), std::move(finish)));
              });
        });
  });
}

grpc::ServerUnaryReactor* DutyRecordService::RejectDutyRecord(grpc::CallbackServerContext* ctx,
                                                              const v1::RejectDutyRecordRequest* req,
                                                              v1::RejectDutyRecordResponse* resp) {
  return runner_.Unary(ctx, "RejectDutyRecord", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kDutyCollection, v);
    v.Text("note", req->note(), 500, true).RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    auto plan = NewUpdatePlan<v1::DutyRecord>(
        ChangeSpec(name.congress, kDutyKind, name.id, caller.subject(), *req, RequestIdOf(ctx, *req), now),
        "duty record", req->name(), req->etag());
    plan->mutate = [req, caller, now](const v1::DutyRecord& cur) { return RejectRecord(cur, req->note(), caller, now); };
    plan->indexes = [congress = name.congress](const v1::DutyRecord& next) { return DutyRecordIndexes(congress, next); };
    UpdateProto<v1::DutyRecord>(&store_, std::move(plan), FinishWith(resp->mutable_duty_record(), std::move(finish)));
  });
}

}  // namespace renda::representatives
