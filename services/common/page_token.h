#pragma once
// Opaque, tamper-proof page tokens (AIP-158). A token carries the position after which the next
// page starts and is signed with HMAC-SHA256 over that position and the query's scope (method,
// parent and filters), so a forged, altered or reused-for-another-query token is refused.

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"

namespace renda {

class PageTokenCodec {
 public:
  // `secret` is the service's token key; a page-token key is derived from it.
  explicit PageTokenCodec(absl::string_view secret);

  std::string Encode(absl::string_view scope, absl::string_view position) const;
  // The position, or INVALID_ARGUMENT on field `page_token`.
  absl::StatusOr<std::string> Decode(absl::string_view scope, absl::string_view token) const;

 private:
  std::string key_;
};

}  // namespace renda
