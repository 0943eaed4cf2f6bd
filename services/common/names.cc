#include "services/common/names.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/validation.h"

namespace renda {
namespace {
bool IsId(absl::string_view s) { return Validator().Id("", s, true).ok(); }
}  // namespace

std::string ParseCongressName(absl::string_view field, absl::string_view name, Validator& v) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 || parts[0] != "congresses" || !IsId(parts[1])) {
    v.Add(field, absl::StrCat("must be 'congresses/{congress}' with an id of a-z, 0-9 and '-' (got '",
                              name.substr(0, 100), "')"));
    return "";
  }
  return std::string(parts[1]);
}

ResourceName ParseResourceName(absl::string_view field, absl::string_view name, absl::string_view collection,
                               Validator& v) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "congresses" || !IsId(parts[1]) || parts[2] != collection ||
      !IsId(parts[3])) {
    v.Add(field, absl::StrCat("must be 'congresses/{congress}/", collection, "/{id}' (got '", name.substr(0, 100),
                              "')"));
    return {};
  }
  return ResourceName{std::string(parts[1]), std::string(parts[3])};
}

std::string CongressName(absl::string_view congress) { return absl::StrCat("congresses/", congress); }

std::string ResourceNameOf(absl::string_view congress, absl::string_view collection, absl::string_view id) {
  return absl::StrCat("congresses/", congress, "/", collection, "/", id);
}

}  // namespace renda
