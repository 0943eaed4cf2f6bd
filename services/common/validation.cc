#include "services/common/validation.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace renda {

bool IsValidUtf8(absl::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    for (int k = 1; k <= extra; ++k) {
      if (i + k >= n) return false;
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static const uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

size_t Utf8Length(absl::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

Validator& Validator::Add(absl::string_view field, absl::string_view description) {
  violations_.push_back({std::string(field), std::string(description)});
  return *this;
}

Validator& Validator::Text(absl::string_view field, absl::string_view value, size_t max_chars,
                           bool required) {
  if (!IsValidUtf8(value)) return Add(field, "must be valid UTF-8 text");
  for (char c : value) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t' && c != '\r') || u == 0x7F) {
      return Add(field, "must not contain control characters");
    }
  }
  if (required && absl::StripAsciiWhitespace(value).empty()) return Add(field, "is required");
  size_t len = Utf8Length(value);
  if (len > max_chars) {
    return Add(field, absl::StrCat("must be at most ", max_chars, " characters (got ", len, ")"));
  }
  return *this;
}

Validator& Validator::Id(absl::string_view field, absl::string_view value, bool required) {
  if (value.empty()) return required ? Add(field, "is required") : *this;
  bool ok = value.size() <= 63 && value.front() != '-';
  for (char c : value) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-')) ok = false;
  }
  if (!ok) return Add(field, "must be 1 to 63 characters of a-z, 0-9 and '-', not starting with '-'");
  return *this;
}

Validator& Validator::Range(absl::string_view field, int64_t value, int64_t lo, int64_t hi,
                            bool allow_zero) {
  if (allow_zero && value == 0) return *this;
  if (value < lo || value > hi) {
    return Add(field, absl::StrCat("must be between ", lo, " and ", hi, " (got ", value, ")"));
  }
  return *this;
}

Validator& Validator::Enum(absl::string_view field, int value,
                           const google::protobuf::EnumDescriptor* type, bool required) {
  if (type->FindValueByNumber(value) == nullptr) {
    return Add(field, absl::StrCat("unknown value ", value, " for ", type->name()));
  }
  if (required && value == 0) return Add(field, "is required");
  return *this;
}

Validator& Validator::PageSize(absl::string_view field, int32_t value, int32_t max) {
  if (value < 0 || value > max) {
    return Add(field, absl::StrCat("must be between 0 and ", max, " (got ", value, ")"));
  }
  return *this;
}

Validator& Validator::RequestId(absl::string_view field, absl::string_view value) {
  if (value.empty()) return *this;
  bool ok = value.size() <= 128;
  for (char c : value) {
    if (c < 0x21 || c > 0x7E) ok = false;
  }
  if (!ok) return Add(field, "must be 1 to 128 printable ASCII characters without spaces");
  return *this;
}

absl::Status Validator::status() const {
  if (violations_.empty()) return absl::OkStatus();
  return InvalidRequest(violations_);
}

}  // namespace renda
