#pragma once
// Duty records as every flow makes them: the record's id (its date, then a digest of its source
// id, so the same source never makes a second record), its indexes, and the store write that
// creates it once. Also the check every flow that gives a deputy a new duty makes first: the
// deputy exists and is serving.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "renda/representatives/v1/duty_record.pb.h"
#include "renda/representatives/v1/representatives.pb.h"
#include "services/common/store.h"

namespace renda::representatives {

inline constexpr char kDutyKind[] = "duty";
inline constexpr char kDutyCollection[] = "dutyRecords";
inline constexpr char kDeputyKind[] = "deputy";
inline constexpr char kDeputyCollection[] = "deputies";

// `yyyymmdd-` and 20 hex digits of a keyed digest of `source_id`.
std::string DutyRecordId(const renda::type::v1::Date& date, absl::string_view source_id);

// The indexes of a record: all records of its deputy, of its deputy in its year, and (while
// pending) the congress's records waiting for staff.
std::vector<std::string> DutyRecordIndexes(absl::string_view congress, const v1::DutyRecord& record);
// The index of a deputy's records of one year (the evaluation reads it).
std::string DeputyYearIndex(absl::string_view deputy_id, int year);
std::string DeputyRecordsIndex(absl::string_view deputy_id);
inline constexpr char kPendingRecordsIndex[] = "duty:pending";
// The index of a deputy's confirmed congress-session absences without approval (ABSENT, not
// EXCUSED): the exit mechanism counts them (the Deputy Law's two missed sessions).
std::string DeputyAbsencesIndex(absl::string_view deputy_id);
// Whether a record is a confirmed congress-session absence without approval.
bool IsCountedAbsence(const v1::DutyRecord& record);

// A confirmed record made from an event of renda (a visit, attendance, a reception). `record`
// has deputy, type, date, title (and detail/attendance as needed); this fills in name, source,
// source id, related resource, state, times. The write is kEnsure: written once.
EntityStore::EntityWrite EventDutyRecordWrite(absl::string_view congress, v1::DutyRecord record,
                                              absl::string_view source_id, absl::string_view related_resource,
                                              absl::string_view actor, absl::string_view request_id, absl::Time now);

// The deputy id of `congresses/{c}/deputies/{d}` ("" when it is not one in `congress`).
std::string DeputyIdOf(absl::string_view congress, absl::string_view deputy_name);

}  // namespace renda::representatives
