#pragma once
// Reporting's own keys: the counts it keeps per congress and how far it has read each feed.
//   rpt:{c}:counts:<source>  hash status name → count
//   rpt:{c}:state:<source>   hash resource name → the status it is counted under
//   rpt:{c}:progress         hash <source> → last cursor applied, <source>:applied → events applied
// An event and the cursor after it are applied in one Lua script, so a crash never loses or
// double-counts an event, and an event seen twice (a reconnect) is skipped.

#include <map>
#include <string>

#include "renda/type/v1/change.pb.h"
#include "services/common/redis_client.h"
#include "services/common/store.h"

namespace renda::reporting {

struct Counts {
  std::map<std::string, std::map<std::string, int64_t>> by_source;  // source → status → count
  std::map<std::string, std::string> cursors;                       // source → cursor
  std::map<std::string, int64_t> applied;                            // source → events applied
};

class ReportingStore {
 public:
  explicit ReportingStore(RedisClient* redis) : redis_(redis) {}

  // The last cursor applied for `source` ("" when none).
  void LoadCursor(const std::string& congress, const std::string& source, Callback<std::string> done);
  // Applies one event; `status` is the status it now counts under ("" to stop counting it),
  // `counted` false for events that only move the cursor. Returns whether it was applied (false:
  // already applied before).
  void Apply(const std::string& congress, const std::string& source, const renda::type::v1::ChangeEvent& event,
             const std::string& status, bool counted, Callback<bool> done);
  void ReadCounts(const std::string& congress, Callback<Counts> done);

 private:
  RedisClient* redis_;
};

}  // namespace renda::reporting
