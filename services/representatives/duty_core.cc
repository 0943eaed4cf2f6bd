#include "services/representatives/duty_core.h"

#include "absl/strings/str_cat.h"
#include "services/common/names.h"
#include "services/common/validation.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_logic.h"
#include "services/representatives/duty_records.h"
#include "services/representatives/service_support.h"

namespace renda::representatives {
namespace {
const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
const Roles kReaders = {Role::kStaff, Role::kAdmin, Role::kLeader, Role::kService, Role::kDeputy};

absl::Status NotOwnRecord(absl::string_view what) {
  return MakeError(absl::StatusCode::kPermissionDenied, "NOT_YOUR_DUTY_RECORDS",
                   absl::StrCat("deputies may ", what, " their own duty records only"));
}

// The record named `name`, when the caller may see its deputy's records.
Task<absl::StatusOr<v1::DutyRecord>> ReadVisible(const RepresentativesStore* store, const Caller& caller,
                                                 const ResourceName& name) {
  CO_ASSIGN_OR_RETURN(auto record, co_await store->duty_records.Get(name.congress, name.id));
  if (!MaySeeDeputy(caller, DeputyIdOf(name.congress, record.deputy()))) co_return NotOwnRecord("read");
  co_return record;
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

Task<absl::StatusOr<v1::CreateDutyRecordResponse>> DutyRecordCore::CreateDutyRecord(
    const Caller& caller, const v1::CreateDutyRecordRequest& req) {
  const absl::Time now = runtime_.clock->Now();
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  const std::string deputy_id = ValidateNewDutyRecord(congress, req.duty_record(), DateOf(now), v);
  if (!req.source_id().empty()) v.RequestId("source_id", req.source_id());
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const bool staff = IsDutyStaff(caller);
  if (!staff && !MaySeeDeputy(caller, deputy_id)) co_return NotOwnRecord("report");

  const std::string key = DutySourceKey(req.source_id(), caller.subject(), caller.request_id, NewTimeOrderedId(now));
  const std::string name = ResourceNameOf(congress, kDutyCollection, DutyRecordId(req.duty_record().date(), key));
  const std::string source = req.source_id().empty() ? caller.request_id : req.source_id();
  const WriteOrigin origin = OriginOf(caller, req, now);
  v1::DutyRecord record = NewDutyRecord(req.duty_record(), name, source, staff, caller, now);

  CO_ASSIGN_OR_RETURN(auto deputy, co_await store_->ServingDeputy(congress, deputy_id));
  CO_ASSIGN_OR_RETURN(auto exit_case, co_await store_->AbsenceCaseWrite(congress, record, origin));
  std::vector<EntityStore::EntityWrite> also = {store_->deputies.Checked(deputy)};
  if (exit_case.has_value()) also.push_back(*std::move(exit_case));
  v1::CreateDutyRecordResponse resp;
  auto created = co_await store_->duty_records.Create(std::move(record), origin, std::move(also));
  if (created.status().code() == absl::StatusCode::kAlreadyExists) {
    co_return MakeError(absl::StatusCode::kAlreadyExists, "DUTY_RECORD_EXISTS",
                        absl::StrCat("a duty record with source id '", source, "' on ",
                                     DateText(req.duty_record().date()), " already exists: ", name));
  }
  CO_ASSIGN_OR_RETURN(*resp.mutable_duty_record(), std::move(created));
  co_return resp;
}

Task<absl::StatusOr<v1::GetDutyRecordResponse>> DutyRecordCore::GetDutyRecord(const Caller& caller,
                                                                              const v1::GetDutyRecordRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kDutyCollection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  v1::GetDutyRecordResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_duty_record(), co_await ReadVisible(store_, caller, name));
  co_return resp;
}

Task<absl::StatusOr<v1::ListDutyRecordsResponse>> DutyRecordCore::ListDutyRecords(
    const Caller& caller, const v1::ListDutyRecordsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  const std::string deputy_id = ParseDeputyFilter(req.deputy(), congress, v);
  if (req.deputy().empty() && req.state() != v1::DUTY_RECORD_STATE_PENDING) {
    v.Add("deputy", "is required unless state is DUTY_RECORD_STATE_PENDING (the queue waiting for staff)");
  }
  if (req.year() != 0 && req.deputy().empty()) v.Add("year", "can only be given with deputy");
  v.Range("year", req.year(), 1900, 2200, true)
      .Enum("type", req.type(), v1::DutyRecordType_descriptor(), false)
      .Enum("state", req.state(), v1::DutyRecordState_descriptor(), false)
      .PageSize("page_size", req.page_size(), 500);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  // The pending queue holds every deputy's records: for those who see every deputy's.
  if (!MaySeeDeputy(caller, deputy_id)) co_return NotOwnRecord("list");

  ListQuery query{.congress = congress,
                  .scope = absl::StrCat("ListDutyRecords|", req.parent(), "|", req.deputy(), "|", req.year(), "|",
                                        static_cast<int>(req.type()), "|", static_cast<int>(req.state())),
                  .page_token = req.page_token(),
                  .page_size = req.page_size()};
  if (!deputy_id.empty()) {
    query.indexes.push_back(req.year() != 0 ? DeputyYearIndex(deputy_id, req.year()) : DeputyRecordsIndex(deputy_id));
  }
  if (req.state() == v1::DUTY_RECORD_STATE_PENDING) query.indexes.push_back(kPendingRecordsIndex);
  co_return co_await store_->duty_records.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListDutyRecordsResponse::mutable_duty_records,
                           [&req](v1::DutyRecord& r) {
                             return (req.type() == v1::DUTY_RECORD_TYPE_UNSPECIFIED || r.type() == req.type()) &&
                                    (req.state() == v1::DUTY_RECORD_STATE_UNSPECIFIED || r.state() == req.state());
                           });
}

Task<absl::StatusOr<v1::ConfirmDutyRecordResponse>> DutyRecordCore::ConfirmDutyRecord(
    const Caller& caller, const v1::ConfirmDutyRecordRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kDutyCollection, v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  const WriteOrigin origin = OriginOf(caller, req, now);
  // The record is read first to learn whether confirming it completes the deputy's missed
  // sessions; the update reads it again under its version check.
  CO_ASSIGN_OR_RETURN(auto current, co_await store_->duty_records.Get(name.congress, name.id));
  CO_ASSIGN_OR_RETURN(auto confirmed, ConfirmRecord(current, caller, now));
  CO_ASSIGN_OR_RETURN(auto exit_case, co_await store_->AbsenceCaseWrite(name.congress, confirmed, origin));
  v1::ConfirmDutyRecordResponse resp;
  CO_ASSIGN_OR_RETURN(
      *resp.mutable_duty_record(),
      co_await store_->duty_records.Update(
          name.congress, name.id, req.etag(), origin,
          [&](const v1::DutyRecord& cur) { return ConfirmRecord(cur, caller, now); },
          [&](const v1::DutyRecord&, const v1::DutyRecord&) -> absl::StatusOr<std::vector<EntityStore::EntityWrite>> {
            if (!exit_case.has_value()) return std::vector<EntityStore::EntityWrite>{};
            return std::vector<EntityStore::EntityWrite>{*exit_case};
          }));
  co_return resp;
}

Task<absl::StatusOr<v1::RejectDutyRecordResponse>> DutyRecordCore::RejectDutyRecord(
    const Caller& caller, const v1::RejectDutyRecordRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kDutyCollection, v);
  v.Text("note", req.note(), 500, true).RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  v1::RejectDutyRecordResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_duty_record(),
                      co_await store_->duty_records.Update(
                          name.congress, name.id, req.etag(), OriginOf(caller, req, now),
                          [&](const v1::DutyRecord& cur) { return RejectRecord(cur, req.note(), caller, now); }));
  co_return resp;
}

}  // namespace renda::representatives
