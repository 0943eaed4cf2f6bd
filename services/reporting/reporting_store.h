#pragma once
// Reporting's own keys: the counts it keeps per congress and how far it has read each feed.
//   rpt:{c}:counts:<source>  hash status name → count
//   rpt:{c}:state:<source>   hash resource name → the status it is counted under
//   rpt:{c}:progress         hash <source>:applied → events applied
//   rpt:{c}:cursor:<source>  the last cursor applied (services/common FeedCursors)
// An event and the cursor after it are applied in one Lua script, so a crash never loses or
// double-counts an event, and an event seen twice (a reconnect) is skipped.

#include <map>
#include <string>

#include "renda/type/v1/change.pb.h"
#include "services/common/follower.h"
#include "services/common/redis_client.h"
#include "services/common/task.h"

namespace renda::reporting {

struct Counts {
  std::map<std::string, std::map<std::string, int64_t>> by_source;  // source → status → count
  std::map<std::string, std::string> cursors;                       // source → cursor
  std::map<std::string, int64_t> applied;                            // source → events applied
};

class ReportingStore {
 public:
  explicit ReportingStore(RedisClient* redis) : redis_(redis), cursors_(redis, "rpt") {}

  // The last cursor applied for `source` ("" when none).
  Task<absl::StatusOr<std::string>> LoadCursor(std::string congress, std::string source) const;
  // Applies one event; `status` is the status it now counts under ("" to stop counting it),
  // `counted` false for events that only move the cursor. Yields whether it was applied (false:
  // already applied before).
  Task<absl::StatusOr<bool>> Apply(std::string congress, std::string source, renda::type::v1::ChangeEvent event,
                                   std::string status, bool counted) const;
  Task<absl::StatusOr<Counts>> ReadCounts(std::string congress) const;

 private:
  RedisClient* redis_;
  FeedCursors cursors_;
};

}  // namespace renda::reporting
