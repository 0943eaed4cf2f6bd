#pragma once
// Every gRPC service the representatives binary serves, in one list (main.cc and tests use it).

#include <memory>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "services/common/server.h"

namespace renda::representatives {

std::vector<std::unique_ptr<grpc::Service>> MakeRepresentativesServices(const Runtime& runtime);

}  // namespace renda::representatives
