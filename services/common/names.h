#pragma once
// Resource names (AIP-122): `congresses/{congress}` and `congresses/{congress}/{collection}/{id}`.

#include <string>
#include "absl/strings/string_view.h"

#include "services/common/validation.h"

namespace renda {

struct ResourceName {
  std::string congress;
  std::string id;  // empty for a congress name
};

// Parses `congresses/{congress}` into the congress id. A malformed name is recorded in `v` as a
// violation of `field` (and "" returned), so the caller reports it with the request's others.
std::string ParseCongressName(absl::string_view field, absl::string_view name, Validator& v);
// Parses `congresses/{congress}/{collection}/{id}`, recording a malformed name in `v` likewise.
ResourceName ParseResourceName(absl::string_view field, absl::string_view name, absl::string_view collection,
                               Validator& v);
std::string CongressName(absl::string_view congress);
std::string ResourceNameOf(absl::string_view congress, absl::string_view collection, absl::string_view id);

}  // namespace renda
