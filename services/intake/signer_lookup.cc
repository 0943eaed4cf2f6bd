#include "services/intake/signer_lookup.h"

#include <grpcpp/grpcpp.h>

#include <utility>

#include "absl/functional/any_invocable.h"
#include "absl/strings/str_cat.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "services/common/auth.h"
#include "services/common/errors.h"
#include "services/common/remote_call.h"

namespace renda::intake {

namespace rep = renda::representatives::v1;

struct SignerLookup::Client {
  std::unique_ptr<rep::RepresentativesService::Stub> stub;
};

namespace {
// How long one look-up of the representatives service may take.
constexpr absl::Duration kLookUpTimeout = absl::Seconds(5);

std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

// One GetDeputy call: what the service says of the deputy `name`.
Task<absl::StatusOr<SignerStatus>> LookUpOne(rep::RepresentativesService::Stub* stub, std::string bearer,
                                             std::string name) {
  rep::GetDeputyRequest request;
  request.set_name(name);
  auto got = co_await CallRemote<rep::GetDeputyResponse>(
      [stub](auto* ctx, auto* req, auto* resp, auto done) { stub->async()->GetDeputy(ctx, req, resp, done); },
      std::move(request), kLookUpTimeout, bearer);
  SignerStatus out;
  out.name = name;
  if (got.ok()) {
    const rep::Deputy& d = got->deputy();
    out.found = true;
    out.display_name = d.display_name();
    out.serving = d.status() == rep::DEPUTY_STATUS_SERVING;
    out.status = rep::DeputyStatus_Name(d.status());
    out.delegation = d.delegation();
  } else if (got.status().code() != absl::StatusCode::kNotFound) {
    co_return MakeError(absl::StatusCode::kUnavailable, "REPRESENTATIVES_UNAVAILABLE",
                        absl::StrCat("the representatives service could not say whether ", name, " is serving (",
                                     got.status().message(), "); nothing was filed, try again later"));
  }
  co_return out;
}
}  // namespace

SignerLookup::SignerLookup(const std::string& address, const Clock* clock, std::string token_key)
    : client_(new Client{rep::RepresentativesService::NewStub(ChannelTo(address))}),
      clock_(clock),
      token_key_(std::move(token_key)) {}

SignerLookup::~SignerLookup() = default;

Task<absl::StatusOr<std::vector<SignerStatus>>> SignerLookup::LookUp(std::string congress,
                                                                     std::vector<std::string> names) const {
  // A short-lived service token: intake asks as itself, whoever the caller is.
  const std::string bearer = ServiceBearer("intake", congress, clock_->Now(), token_key_);
  std::vector<Task<absl::StatusOr<SignerStatus>>> calls;
  calls.reserve(names.size());
  for (const auto& name : names) calls.push_back(LookUpOne(client_->stub.get(), bearer, name));
  auto answers = co_await WhenAll(std::move(calls));
  CO_RETURN_IF_ERROR(FirstError(answers));
  std::vector<SignerStatus> signers;
  signers.reserve(answers.size());
  for (auto& answer : answers) signers.push_back(*std::move(answer));
  co_return signers;
}

}  // namespace renda::intake
