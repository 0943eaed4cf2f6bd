#pragma once
// Pure rules of the "two contacts" system (两个联系): leaders and their quotas, assignments of
// grassroots deputies, visits, and the coverage figures. Also the calendar-day helpers the work
// plan and the stations share. No gRPC, no Redis.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "renda/representatives/v1/contacts.pb.h"
#include "renda/representatives/v1/duty_record.pb.h"
#include "renda/representatives/v1/representatives.pb.h"
#include "renda/type/v1/date.pb.h"
#include "services/common/auth.h"
#include "services/common/validation.h"

namespace renda::representatives {

// ---- Calendar days (China Standard Time) ----

// (Whether a date is set: HasCalendarDate; a date field's check: ValidateDate, in duty_logic.h.)
// <0, 0, >0 as a is before, the same as, after b.
int CompareDates(const renda::type::v1::Date& a, const renda::type::v1::Date& b);
// `yyyymmdd`.
std::string DateKey(const renda::type::v1::Date& d);
// Whether the caller is staff or admin.
bool IsStaffCaller(const Caller& caller);
// Validates a list of resource names of one collection in `congress`: each well-formed, in the
// congress, no repeats, between `min` and `max` of them. Returns their ids.
std::vector<std::string> ValidateNameList(absl::string_view field, const google::protobuf::RepeatedPtrField<std::string>& names,
                                          absl::string_view congress, absl::string_view collection, int min, int max,
                                          Validator& v);

// ---- Two contacts ----

inline constexpr char kLeaderKind[] = "leader";
inline constexpr char kLeaderCollection[] = "leaders";
inline constexpr char kQuotasKind[] = "contactquotas";
inline constexpr char kQuotasCollection[] = "contactQuotas";
inline constexpr char kQuotasId[] = "current";
inline constexpr char kAssignmentKind[] = "contactassignment";
inline constexpr char kAssignmentCollection[] = "contactAssignments";
inline constexpr char kVisitKind[] = "visit";
inline constexpr char kVisitCollection[] = "visits";
// The deputy registry's indexes of grassroots deputies and of serving deputies.
inline constexpr char kGrassrootsDeputiesIndex[] = "deputies:grassroots:1";
inline constexpr char kServingDeputiesIndex[] = "deputies:status:1";
inline constexpr char kAllAssignmentsIndex[] = "contactAssignments";

inline constexpr int kDefaultChairpersonsQuota = 5;
inline constexpr int kDefaultCommitteeQuota = 3;

void ValidateLeaderFields(const v1::Leader& leader, Validator& v);
v1::Leader NewLeader(const v1::Leader& input, const std::string& name, absl::Time now);
std::vector<std::string> LeaderIndexes(const v1::Leader& leader);

// The quotas in force when staff never changed them (etag "0").
v1::ContactQuotas DefaultQuotas(absl::string_view congress);
void ValidateQuotas(const v1::ContactQuotas& quotas, Validator& v);
int QuotaFor(const v1::ContactQuotas& quotas, v1::LeaderPost post);

// The id of the assignment of `deputy_id` to `leader_id` in `term` (the same pair once a term).
std::string AssignmentId(absl::string_view leader_id, absl::string_view deputy_id, int term);
std::vector<std::string> AssignmentIndexes(const v1::ContactAssignment& a, absl::string_view leader_id);
// Checks the client fields of a new assignment; returns the leader and deputy ids.
std::pair<std::string, std::string> ValidateAssignmentFields(const v1::ContactAssignment& a, absl::string_view congress,
                                                             Validator& v);
// A deputy may be assigned only when grassroots (FAILED_PRECONDITION DEPUTY_NOT_GRASSROOTS).
absl::Status CheckGrassroots(const v1::Deputy& deputy);
// The leader with `deputy` added to its contacted deputies: ALREADY_EXISTS when it is there,
// FAILED_PRECONDITION (QUOTA_REACHED) when the quota is full.
absl::StatusOr<v1::Leader> AddContact(const v1::Leader& current, const std::string& deputy, int quota, absl::Time now);
v1::Leader RemoveContact(const v1::Leader& current, const std::string& deputy, absl::Time now);
// The assignment ended on `end`: FAILED_PRECONDITION when already ended, INVALID_ARGUMENT when
// `end` is before the start.
absl::StatusOr<v1::ContactAssignment> EndAssignment(const v1::ContactAssignment& current,
                                                    const renda::type::v1::Date& end, absl::Time now);

void ValidateVisitFields(const v1::Visit& visit, const renda::type::v1::Date& today, Validator& v);
// The assignment after a visit on `date` is logged: FAILED_PRECONDITION when it ended,
// INVALID_ARGUMENT when the date is before the start.
absl::StatusOr<v1::ContactAssignment> ApplyVisit(const v1::ContactAssignment& current,
                                                 const renda::type::v1::Date& date, absl::Time now);
std::vector<std::string> VisitIndexes(const v1::Visit& visit, absl::string_view assignment_id);
// The duty record a visit gives its deputy (before EventDutyRecordWrite fills in the rest).
v1::DutyRecord VisitDutyRecord(const v1::Visit& visit, const v1::Leader& leader);

// ---- Coverage (pure functions of what the service read) ----

v1::GetContactCoverageResponse ComputeCoverage(const std::vector<v1::Deputy>& grassroots,
                                               const std::vector<v1::ContactAssignment>& assignments, int year);
std::vector<v1::UnvisitedDeputy> FindUnvisited(const std::vector<v1::Deputy>& grassroots,
                                               const std::vector<v1::ContactAssignment>& assignments, int year);
v1::ListQuotaShortfallsResponse FindShortfalls(const std::vector<v1::Leader>& leaders,
                                               const v1::ContactQuotas& quotas);
// part / whole × 100 rounded to one decimal; 0 when whole is 0.
double Percent(int part, int whole);

}  // namespace renda::representatives
