#pragma once
// Proto enum values on the command line and in tables: the lower-case, dash-separated suffix
// of the value name after the enum's prefix (DEPUTY_STATUS_SERVING → "serving",
// SUPERVISION_FORM_SPECIAL_WORK_REPORT → "special-work-report"). Everything is derived from
// the enum descriptors, so a value added to a proto appears in rendactl without a code change.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace rendactl {

// "serving" for DEPUTY_STATUS_SERVING.
std::string EnumFlagName(const google::protobuf::EnumValueDescriptor* value);
// The flag name of `number` in `type`; the number itself when the enum does not define it, and
// "" for the zero (unspecified) value.
std::string EnumFlagName(const google::protobuf::EnumDescriptor* type, int number);
// The flag names of every value but the zero one, in declaration order.
std::vector<std::string> EnumFlagNames(const google::protobuf::EnumDescriptor* type);

// The number of the value `text` names: its flag name (case-insensitive, `_` taken as `-`) or its
// full proto name. A usage error listing the valid names otherwise; `flag` names the flag in it.
absl::StatusOr<int> ParseEnumFlag(absl::string_view flag, absl::string_view text,
                                  const google::protobuf::EnumDescriptor* type);

// A map key holding a full enum value name (e.g. "OPINION_STATE_RECEIVED", as the reporting
// service keys its counts) in flag form; the key itself when `type` has no such value.
std::string EnumKeyToFlagName(const google::protobuf::EnumDescriptor* type, absl::string_view key);

}  // namespace rendactl
