#include "services/common/feed.h"

#include "absl/strings/ascii.h"

namespace renda {
namespace {
// Stream ids look like "1700000000000-0".
bool IsCursor(absl::string_view s) {
  size_t dash = s.find('-');
  if (dash == 0 || dash == absl::string_view::npos || dash + 1 == s.size() || s.size() > 41) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i != dash && !absl::ascii_isdigit(s[i])) return false;
  }
  return true;
}
}  // namespace

absl::StatusOr<std::string> CheckFeedRequest(const Caller& caller, absl::string_view parent,
                                             absl::string_view after_cursor, int page_size) {
  Validator v;
  std::string congress = ParseCongressName("parent", parent, v);
  if (!after_cursor.empty() && !IsCursor(after_cursor)) {
    v.Add("after_cursor", "is not a cursor from this feed (use a ChangeEvent.cursor or leave it empty)");
  }
  v.PageSize("page_size", page_size, 1000);
  if (auto s = CheckRequest(v, caller, congress); !s.ok()) return s;
  return congress;
}

}  // namespace renda
