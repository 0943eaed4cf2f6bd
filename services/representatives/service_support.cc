#include "services/representatives/service_support.h"

namespace renda::representatives {

std::string ParseDeputyFilter(absl::string_view deputy, absl::string_view congress, Validator& v) {
  if (deputy.empty()) return "";
  std::string deputy_id = ParseResourceName("deputy", deputy, kDeputyCollection, v).id;
  if (!deputy_id.empty() && DeputyIdOf(congress, deputy).empty()) {
    v.Add("deputy", "must be a deputy of the congress named in parent");
  }
  return deputy_id;
}

}  // namespace renda::representatives
