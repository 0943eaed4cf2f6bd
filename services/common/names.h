#pragma once
// Resource names (AIP-122): `congresses/{congress}` and `congresses/{congress}/{collection}/{id}`.

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"

namespace renda {

struct ResourceName {
  std::string congress;
  std::string id;  // empty for a congress name
};

// Parses `congresses/{congress}`; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<std::string> ParseCongressName(absl::string_view field, absl::string_view name);
// Parses `congresses/{congress}/{collection}/{id}`; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<ResourceName> ParseResourceName(absl::string_view field, absl::string_view name,
                                               absl::string_view collection);
std::string CongressName(absl::string_view congress);
std::string ResourceNameOf(absl::string_view congress, absl::string_view collection, absl::string_view id);

}  // namespace renda
