#include "services/common/registry.h"

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "renda/representatives/v1/registry.grpc.pb.h"
#include "services/common/errors.h"
#include "services/common/grpc_status.h"
#include "services/common/names.h"
#include "services/common/remote_call.h"

namespace renda {
namespace {

namespace rv1 = renda::representatives::v1;

// How long a registry lookup may take before the call that needed it fails UNAVAILABLE.
constexpr absl::Duration kLookupTimeout = absl::Seconds(3);

// One unary call on the registry's stub, awaited: `method(stub->async(), ctx, request, response,
// on_done)` starts it.
template <class Request, class Response, class Method>
Task<absl::StatusOr<Response>> Call(rv1::RegistryService::Stub* stub, Method method, Request request) {
  return CallRemote<Response>(
      [stub, method](auto* ctx, auto* req, auto* resp, auto done) { method(stub->async(), ctx, req, resp, done); },
      std::move(request), kLookupTimeout);
}

class RemoteRegistry final : public Registry {
 public:
  explicit RemoteRegistry(std::shared_ptr<grpc::Channel> channel) : stub_(rv1::RegistryService::NewStub(channel)) {}

  Task<absl::StatusOr<std::vector<std::string>>> CongressIds() const override {
    std::vector<std::string> ids;
    rv1::ListCongressesRequest req;
    req.set_page_size(500);
    for (;;) {
      auto page = co_await Call<rv1::ListCongressesRequest, rv1::ListCongressesResponse>(
          stub_.get(), [](auto* a, auto... args) { a->ListCongresses(std::move(args)...); }, req);
      if (!page.ok()) co_return Unreachable(page.status());
      for (const auto& c : page->congresses()) ids.push_back(SplitCongress(c.name()));
      if (page->next_page_token().empty()) co_return ids;
      req.set_page_token(page->next_page_token());
    }
  }

 protected:
  Task<absl::StatusOr<bool>> LookupCongress(std::string congress) const override {
    rv1::GetCongressRequest req;
    req.set_name(CongressName(congress));
    auto got = co_await Call<rv1::GetCongressRequest, rv1::GetCongressResponse>(
        stub_.get(), [](auto* a, auto... args) { a->GetCongress(std::move(args)...); }, std::move(req));
    if (got.ok()) co_return true;
    if (got.status().code() == absl::StatusCode::kNotFound) co_return false;
    co_return Unreachable(got.status());
  }

  Task<absl::StatusOr<UnitFacts>> LookupUnit(std::string congress, std::string unit_id) const override {
    rv1::GetUnitRequest req;
    req.set_name(ResourceNameOf(congress, "units", unit_id));
    auto got = co_await Call<rv1::GetUnitRequest, rv1::GetUnitResponse>(
        stub_.get(), [](auto* a, auto... args) { a->GetUnit(std::move(args)...); }, std::move(req));
    if (got.ok()) co_return UnitFacts{true, got->unit().active()};
    if (got.status().code() == absl::StatusCode::kNotFound) co_return UnitFacts{};
    co_return Unreachable(got.status());
  }

 private:
  static std::string SplitCongress(const std::string& name) {
    absl::string_view n = name;
    n.remove_prefix(std::min(n.size(), sizeof("congresses/") - 1));
    return std::string(n);
  }
  // The registry could not answer: the call that needed it cannot go on either.
  static absl::Status Unreachable(const absl::Status& why) {
    return absl::UnavailableError(
        absl::StrCat("the registry of congresses (the representatives service) could not be asked: ", why.message()));
  }

  std::unique_ptr<rv1::RegistryService::Stub> stub_;
};

}  // namespace

absl::Status CongressNotFound(absl::string_view congress) {
  return MakeError(absl::StatusCode::kNotFound, "CONGRESS_NOT_FOUND",
                   absl::StrCat("congress '", congress, "' is not registered (congresses/", congress,
                                "); an admin registers congresses with RegistryService.CreateCongress"));
}

Task<absl::Status> Registry::CheckCongress(std::string congress) const {
  const absl::Time now = absl::Now();
  {
    absl::MutexLock lock(&mu_);
    if (registered_.contains(congress)) co_return absl::OkStatus();
    auto it = missing_.find(congress);
    if (it != missing_.end() && now - it->second < kNegativeTtl) co_return CongressNotFound(congress);
  }
  auto found = co_await LookupCongress(congress);
  if (!found.ok()) co_return found.status();
  absl::MutexLock lock(&mu_);
  if (*found) {
    if (registered_.size() < kMaxRemembered) registered_.insert(congress);
    missing_.erase(congress);
    co_return absl::OkStatus();
  }
  if (missing_.size() >= kMaxRemembered) missing_.clear();
  missing_[congress] = now;
  co_return CongressNotFound(congress);
}

Task<absl::Status> Registry::CheckUnit(std::string congress, std::string unit_id, std::string field) const {
  const std::string key = absl::StrCat(congress, "/", unit_id);
  const absl::Time now = absl::Now();
  std::optional<UnitFacts> facts;
  {
    absl::MutexLock lock(&mu_);
    auto it = units_.find(key);
    if (it != units_.end() && now - it->second.second < kUnitTtl) facts = it->second.first;
  }
  if (!facts.has_value()) {
    auto looked = co_await LookupUnit(congress, unit_id);
    if (!looked.ok()) co_return looked.status();
    facts = *looked;
    absl::MutexLock lock(&mu_);
    if (units_.size() >= kMaxRemembered) units_.clear();
    if (facts->registered) units_[key] = {*facts, now};  // unknown ones are asked again next time
  }
  if (!facts->registered) {
    co_return InvalidRequest({{field, absl::StrCat("unit '", unit_id, "' is not registered in congresses/", congress,
                                                   " (see ListUnits; staff register units with CreateUnit)")}});
  }
  if (!facts->active) {
    co_return InvalidRequest({{field, absl::StrCat("unit '", unit_id, "' of congresses/", congress,
                                                   " is no longer active; choose an active unit")}});
  }
  co_return absl::OkStatus();
}

std::unique_ptr<Registry> MakeRemoteRegistry(std::shared_ptr<grpc::Channel> channel) {
  return std::make_unique<RemoteRegistry>(std::move(channel));
}

std::unique_ptr<Registry> MakeRemoteRegistry(const std::string& address) {
  return MakeRemoteRegistry(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
}

}  // namespace renda
