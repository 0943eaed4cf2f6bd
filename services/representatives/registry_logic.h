#pragma once
// Pure rules of the registry of congresses and units: what a valid congress or unit is, who may
// register one, how an update changes it. No gRPC, no Redis.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renda/representatives/v1/registry.pb.h"
#include "services/common/auth.h"
#include "services/common/validation.h"

namespace renda::representatives {

// The tag every congress and unit is kept under (the registry is one list across congresses,
// with its own change feed).
inline constexpr char kRegistryTenant[] = "registry";
inline constexpr char kCongressKind[] = "congress";
inline constexpr char kUnitKind[] = "unit";
inline constexpr char kUnitCollection[] = "units";

std::vector<std::string> CongressIndexes(const v1::Congress& congress);
// The index ListCongresses walks: every congress, or those under one parent.
std::string CongressListIndex(const std::string& parent_id);
std::vector<std::string> UnitIndexes(const v1::Unit& unit);
// The index ListUnits walks.
std::string UnitListIndex(const std::string& congress, v1::UnitKind kind, bool include_inactive);
// The id unit `unit_id` of `congress` is kept under in the registry's tag.
std::string UnitKeyId(const std::string& congress, const std::string& unit_id);

// Checks a new congress; returns its parent's id ("" for a city's).
std::string ValidateNewCongress(const v1::CreateCongressRequest& req, Validator& v);
// Admin of every congress, or of the parent congress of a district or township one.
absl::Status MayRegisterCongress(const Caller& caller, const std::string& parent_id);
v1::Congress NewCongress(const v1::CreateCongressRequest& req, absl::Time now);
// Checks an update's fields and mask; returns the congress id.
std::string ValidateCongressUpdate(const v1::UpdateCongressRequest& req, Validator& v);
absl::StatusOr<v1::Congress> ApplyCongressUpdate(const v1::Congress& current, const v1::UpdateCongressRequest& req,
                                                 absl::Time now);

void ValidateNewUnit(const v1::CreateUnitRequest& req, const std::string& congress, Validator& v);
v1::Unit NewUnit(const v1::CreateUnitRequest& req, const std::string& congress, absl::Time now);
void ValidateUnitUpdate(const v1::UpdateUnitRequest& req, const std::string& congress, Validator& v);
absl::StatusOr<v1::Unit> ApplyUnitUpdate(const v1::Unit& current, const v1::UpdateUnitRequest& req, absl::Time now);

}  // namespace renda::representatives
