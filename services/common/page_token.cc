#include "services/common/page_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "services/common/crypto.h"
#include "services/common/validation.h"

namespace renda {
namespace {
constexpr size_t kMacBytes = 16;
}

PageTokenCodec::PageTokenCodec(absl::string_view secret)
    : key_(HmacSha256(secret, "renda page tokens v1")) {}

std::string PageTokenCodec::Encode(absl::string_view scope, absl::string_view position) const {
  std::string mac = HmacSha256(key_, absl::StrCat(scope, absl::string_view("\0", 1), position));
  mac.resize(kMacBytes);
  return absl::WebSafeBase64Escape(absl::StrCat(mac, position));
}

absl::StatusOr<std::string> PageTokenCodec::Decode(absl::string_view scope, absl::string_view token) const {
  std::string raw;
  if (token.size() > 4096 || !absl::WebSafeBase64Unescape(token, &raw) || raw.size() < kMacBytes) {
    return Validator().Add("page_token", "is not a page token issued by this service").status();
  }
  absl::string_view position = absl::string_view(raw).substr(kMacBytes);
  std::string mac = HmacSha256(key_, absl::StrCat(scope, absl::string_view("\0", 1), position));
  mac.resize(kMacBytes);
  if (!SecureEquals(mac, absl::string_view(raw).substr(0, kMacBytes))) {
    return Validator()
        .Add("page_token", "was altered, or was issued for another query (filters must stay the same)")
        .status();
  }
  return std::string(position);
}

}  // namespace renda
