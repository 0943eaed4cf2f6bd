#include "services/representatives/duty_records.h"

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/crypto.h"
#include "services/common/entity_ops.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/time_util.h"
#include "services/representatives/service_support.h"

namespace renda::representatives {

std::string DutyRecordId(const renda::type::v1::Date& date, absl::string_view source_id) {
  std::string digest = HmacSha256("renda duty record source", source_id);
  return absl::StrFormat("%04d%02d%02d-%s", date.year(), date.month(), date.day(),
                         absl::BytesToHexString(digest).substr(0, 20));
}

std::string DeputyYearIndex(absl::string_view deputy_id, int year) {
  return absl::StrCat("duty:deputy:", deputy_id, ":", year);
}

std::string DeputyRecordsIndex(absl::string_view deputy_id) { return absl::StrCat("duty:deputy:", deputy_id); }

std::string DeputyAbsencesIndex(absl::string_view deputy_id) { return absl::StrCat("duty:absent:", deputy_id); }

bool IsCountedAbsence(const v1::DutyRecord& r) {
  return r.state() == v1::DUTY_RECORD_STATE_CONFIRMED && r.type() == v1::DUTY_RECORD_TYPE_SESSION_ATTENDANCE &&
         r.attendance() == v1::ATTENDANCE_ABSENT;
}

std::string DeputyIdOf(absl::string_view congress, absl::string_view deputy_name) {
  Validator v;
  ResourceName n = ParseResourceName("deputy", deputy_name, kDeputyCollection, v);
  if (!v.ok() || n.congress != congress) return "";
  return n.id;
}

std::vector<std::string> DutyRecordIndexes(absl::string_view congress, const v1::DutyRecord& r) {
  const std::string deputy = DeputyIdOf(congress, r.deputy());
  std::vector<std::string> out = {DeputyRecordsIndex(deputy), DeputyYearIndex(deputy, r.date().year())};
  if (r.state() == v1::DUTY_RECORD_STATE_PENDING) out.push_back(kPendingRecordsIndex);
  if (IsCountedAbsence(r)) out.push_back(DeputyAbsencesIndex(deputy));
  return out;
}

EntityStore::EntityWrite EventDutyRecordWrite(absl::string_view congress, v1::DutyRecord record,
                                              absl::string_view source_id, absl::string_view related_resource,
                                              absl::string_view actor, absl::string_view request_id, absl::Time now) {
  const std::string id = DutyRecordId(record.date(), source_id);
  record.set_name(ResourceNameOf(congress, kDutyCollection, id));
  record.set_source(v1::DUTY_RECORD_SOURCE_EVENT);
  record.set_source_id(std::string(source_id));
  record.set_related_resource(std::string(related_resource));
  record.set_state(v1::DUTY_RECORD_STATE_CONFIRMED);
  record.set_recorded_by(std::string(actor));
  *record.mutable_create_time() = ToProtoTime(now);
  *record.mutable_update_time() = ToProtoTime(now);
  std::vector<std::string> indexes = DutyRecordIndexes(congress, record);
  return EntityWriteOf(record, kDutyKind, id, EntityStore::WriteMode::kEnsure, 0, std::move(indexes), actor,
                       request_id, now);
}

}  // namespace renda::representatives
