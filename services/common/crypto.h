#pragma once
// Thin wrappers over OpenSSL for the few primitives renda uses. No cryptography is written here.

#include <string>
#include "absl/strings/string_view.h"

namespace renda {

// HMAC-SHA256 of `data` under `key` (32 raw bytes).
std::string HmacSha256(absl::string_view key, absl::string_view data);
// Constant-time comparison of two byte strings.
bool SecureEquals(absl::string_view a, absl::string_view b);
// `n` bytes from OpenSSL's CSPRNG.
std::string RandomBytes(size_t n);

}  // namespace renda
