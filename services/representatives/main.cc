// renda-representatives: the deputies of each congress, their organizations, duty records,
// evaluation, contacts, work plan and liaison stations.
#include "services/common/server.h"
#include "services/representatives/services.h"

int main(int argc, char** argv) {
  renda::ServerOptions options = renda::ParseServerFlags(argc, argv, "127.0.0.1:50051");
  return renda::RunService(options, &renda::representatives::MakeRepresentativesServices);
}
