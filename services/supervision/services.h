#pragma once
// Every gRPC service the supervision binary serves, in one list (main.cc and tests use it).

#include <grpcpp/grpcpp.h>

#include <memory>
#include <vector>

#include "services/common/server.h"
#include "services/supervision/supervision_options.h"

namespace renda::supervision {

std::vector<std::unique_ptr<grpc::Service>> MakeSupervisionServices(const Runtime& runtime,
                                                                    const SupervisionOptions& options);

}  // namespace renda::supervision
