#pragma once
// Pure rules of duty records entered by staff or reported by deputies: what a valid record is,
// who may record and read whose records, how a record is first stored and how a review changes
// it. No gRPC, no Redis.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "renda/representatives/v1/duty.pb.h"
#include "renda/representatives/v1/duty_record.pb.h"
#include "services/common/auth.h"
#include "services/common/validation.h"

namespace renda::representatives {

// Staff and admin: they enter records (confirmed as entered) and review reported ones.
bool IsDutyStaff(const Caller& caller);
// Whether the caller may read the records (score, report, cases) of deputy `deputy_id`: staff,
// admin, leaders and services see every deputy's; a deputy only their own (the token's
// deputy_id).
bool MaySeeDeputy(const Caller& caller, absl::string_view deputy_id);

// Checks a date field: a real calendar day between 1900 and 2200; `required` refuses an unset
// one. Returns whether it is a valid date.
bool ValidateDate(const renda::type::v1::Date& date, absl::string_view field, bool required, Validator& v);
// a < b, by calendar day.
bool DateBefore(const renda::type::v1::Date& a, const renda::type::v1::Date& b);
// "2025-03-01".
std::string DateText(const renda::type::v1::Date& date);

// Checks the client fields of a new record in `congress` as of `today`: deputy of this congress,
// type, date (not after today), title, detail, attendance (required for session attendance;
// only for meeting types). Returns the deputy id ("" when the deputy name is bad).
std::string ValidateNewDutyRecord(absl::string_view congress, const v1::DutyRecord& record,
                                  const renda::type::v1::Date& today, Validator& v);

// What the record id is derived from: the client's source id, else the caller's request id,
// else `fresh` (a new id). Source ids of entered records never collide with those of records
// made from events (those are resource names such as `visits/...`).
std::string DutySourceKey(absl::string_view source_id, absl::string_view caller, absl::string_view request_id,
                          absl::string_view fresh);

// The record as first stored: staff-entered records are CONFIRMED, deputies' are PENDING.
v1::DutyRecord NewDutyRecord(const v1::DutyRecord& input, const std::string& name, absl::string_view source_id,
                             bool entered_by_staff, const Caller& caller, absl::Time now);

// Confirms or rejects a PENDING record; FAILED_PRECONDITION (DUTY_RECORD_NOT_PENDING) otherwise.
absl::StatusOr<v1::DutyRecord> ConfirmRecord(const v1::DutyRecord& current, const Caller& caller, absl::Time now);
absl::StatusOr<v1::DutyRecord> RejectRecord(const v1::DutyRecord& current, absl::string_view note,
                                            const Caller& caller, absl::Time now);

}  // namespace renda::representatives
