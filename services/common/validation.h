#pragma once
// Request validation: a Validator collects every violation of a request, so the caller learns
// all that is wrong at once, and turns them into one INVALID_ARGUMENT with field violations.

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/descriptor.h"
#include "services/common/errors.h"

namespace renda {

// Whether `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(absl::string_view s);
// Number of Unicode code points in valid UTF-8.
size_t Utf8Length(absl::string_view s);

class Validator {
 public:
  // A text field: valid UTF-8, no control characters other than newline and tab, at most
  // `max_chars` characters; required fields must not be blank.
  Validator& Text(absl::string_view field, absl::string_view value, size_t max_chars, bool required);
  // An id such as a delegation or deputy id: 1 to 63 of [a-z0-9-], starting with a letter or digit.
  Validator& Id(absl::string_view field, absl::string_view value, bool required);
  // An integer in [lo, hi]; `allow_zero` lets 0 stand for "unset".
  Validator& Range(absl::string_view field, int64_t value, int64_t lo, int64_t hi, bool allow_zero);
  // An enum value that the proto enum defines; `required` refuses the zero value.
  Validator& Enum(absl::string_view field, int value, const google::protobuf::EnumDescriptor* type,
                  bool required);
  // A page size: 0 (default) to `max`.
  Validator& PageSize(absl::string_view field, int32_t value, int32_t max);
  // An optional request id: 1 to 128 printable ASCII characters.
  Validator& RequestId(absl::string_view field, absl::string_view value);
  // A violation found by the caller's own check.
  Validator& Add(absl::string_view field, absl::string_view description);

  bool ok() const { return violations_.empty(); }
  // OK, or INVALID_ARGUMENT listing every violation.
  absl::Status status() const;

 private:
  std::vector<FieldViolation> violations_;
};

}  // namespace renda
