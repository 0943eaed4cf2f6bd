#pragma once
// What the representatives cores share besides the store: the optional deputy filter of a list
// request.

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/common/auth.h"
#include "services/common/entity_ops.h"
#include "services/common/names.h"
#include "services/common/store.h"
#include "services/common/validation.h"
#include "services/representatives/duty_logic.h"
#include "services/representatives/duty_records.h"

namespace renda::representatives {

// The id of the deputy an optional `deputy` filter names ("" when it is unset). A malformed name,
// or one outside `congress` (the request's parent), is recorded in `v` as a violation of "deputy".
std::string ParseDeputyFilter(absl::string_view deputy, absl::string_view congress, Validator& v);

}  // namespace renda::representatives
