#pragma once
// Every gRPC service the intake binary serves, in one list (main.cc and tests use it).

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/background_work.h"
#include "services/common/feed.h"
#include "services/common/registry.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/intake/intake_options.h"

namespace renda::intake {

std::vector<std::unique_ptr<grpc::Service>> MakeIntakeServices(const Runtime& runtime, const IntakeOptions& options);

// Removes from an intake event what the caller may not see, as each kind's Get does.
EventRedactor IntakeEventRedactor();

}  // namespace renda::intake
