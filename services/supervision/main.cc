// renda-supervision: the supervision plans of each congress.
#include "services/common/server.h"
#include "services/supervision/supervision_service.h"

int main(int argc, char** argv) {
  renda::ServerOptions options = renda::ParseServerFlags(argc, argv, "127.0.0.1:50053");
  return renda::RunService(options, &renda::supervision::MakeSupervisionServices);
}
