#pragma once
// Pure rules of the overview: which status a change event counts under. No gRPC, no Redis.

#include <string>

#include "absl/status/statusor.h"
#include "renda/type/v1/change.pb.h"

namespace renda::reporting {

// The sources reporting follows, by the name used in keys and in Overview.sources.
inline constexpr const char* kRepresentatives = "representatives";
inline constexpr const char* kIntake = "intake";
inline constexpr const char* kSupervision = "supervision";

// The status name an event's resource counts under after the event (e.g.
// "DEPUTY_STATUS_SERVING"), "" when the resource no longer counts (deleted), or an error for
// an event this version does not understand.
absl::StatusOr<std::string> CountedStatus(const renda::type::v1::ChangeEvent& event);

}  // namespace renda::reporting
