#include "services/supervision/peers.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "renda/intake/v1/intake.grpc.pb.h"
#include "renda/representatives/v1/organizations.grpc.pb.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "services/common/auth.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/remote_call.h"

namespace renda::supervision {

namespace rep = renda::representatives::v1;
namespace in = renda::intake::v1;

struct Peers::Clients {
  std::unique_ptr<rep::RepresentativesService::Stub> deputies;
  std::unique_ptr<rep::OrganizationService::Stub> organizations;
  std::unique_ptr<in::IntakeService::Stub> opinions;
};

namespace {
// How long one call to another service may take.
constexpr absl::Duration kCallTimeout = absl::Seconds(10);
// Bounds on what one call reads, so a call's work stays bounded.
constexpr size_t kMaxDeputies = 20000;
constexpr int kMaxPages = 100;

std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

absl::Status Unavailable(absl::string_view reason, absl::string_view service, absl::string_view what,
                         const absl::Status& got) {
  return MakeError(absl::StatusCode::kUnavailable, reason,
                   absl::StrCat("the ", service, " service could not say ", what, " (", got.message(),
                                "); nothing was written, try again later"));
}

Task<absl::StatusOr<DeputyFacts>> AskDeputy(rep::RepresentativesService::Stub* stub, std::string bearer,
                                            std::string name) {
  rep::GetDeputyRequest request;
  request.set_name(name);
  auto got = co_await CallRemote<rep::GetDeputyResponse>(
      [stub](auto* ctx, auto* req, auto* resp, auto done) { stub->async()->GetDeputy(ctx, req, resp, done); },
      std::move(request), kCallTimeout, bearer);
  DeputyFacts out;
  out.name = name;
  if (got.ok()) {
    out.found = true;
    out.serving = got->deputy().status() == rep::DEPUTY_STATUS_SERVING;
    out.display_name = got->deputy().display_name();
  } else if (got.status().code() != absl::StatusCode::kNotFound) {
    co_return Unavailable("REPRESENTATIVES_UNAVAILABLE", "representatives", absl::StrCat("whether ", name, " serves"),
                          got.status());
  }
  co_return out;
}

Task<absl::StatusOr<bool>> AskOpinion(in::IntakeService::Stub* stub, std::string bearer, std::string name) {
  in::GetOpinionRequest request;
  request.set_name(name);
  auto got = co_await CallRemote<in::GetOpinionResponse>(
      [stub](auto* ctx, auto* req, auto* resp, auto done) { stub->async()->GetOpinion(ctx, req, resp, done); },
      std::move(request), kCallTimeout, bearer);
  if (got.ok()) co_return true;
  if (got.status().code() == absl::StatusCode::kNotFound) co_return false;
  co_return Unavailable("INTAKE_UNAVAILABLE", "intake", absl::StrCat("whether ", name, " exists"), got.status());
}

rep::ListMembershipsRequest MembershipsOn(const std::string& congress, const std::string& organization,
                                          absl::CivilDay day) {
  rep::ListMembershipsRequest request;
  request.set_parent(CongressName(congress));
  request.set_organization(organization);
  request.mutable_on_date()->set_year(static_cast<int32_t>(day.year()));
  request.mutable_on_date()->set_month(day.month());
  request.mutable_on_date()->set_day(day.day());
  request.set_page_size(500);
  return request;
}
}  // namespace

Peers::Peers(const SupervisionOptions& options, const Clock* clock, std::string token_key)
    : clients_(new Clients{rep::RepresentativesService::NewStub(ChannelTo(options.representatives_addr)),
                           rep::OrganizationService::NewStub(ChannelTo(options.representatives_addr)),
                           in::IntakeService::NewStub(ChannelTo(options.intake_addr))}),
      clock_(clock),
      token_key_(std::move(token_key)) {}

Peers::~Peers() = default;

std::string Peers::Bearer(const std::string& congress) const {
  return ServiceBearer("supervision", congress, clock_->Now(), token_key_);
}

Task<absl::StatusOr<std::vector<DeputyFacts>>> Peers::Deputies(std::string congress,
                                                               std::vector<std::string> names) const {
  const std::string bearer = Bearer(congress);
  std::vector<Task<absl::StatusOr<DeputyFacts>>> calls;
  calls.reserve(names.size());
  for (const auto& name : names) calls.push_back(AskDeputy(clients_->deputies.get(), bearer, name));
  auto answers = co_await WhenAll(std::move(calls));
  CO_RETURN_IF_ERROR(FirstError(answers));
  std::vector<DeputyFacts> out;
  out.reserve(answers.size());
  for (auto& answer : answers) out.push_back(*std::move(answer));
  co_return out;
}

Task<absl::StatusOr<std::vector<std::string>>> Peers::ServingDeputies(std::string congress) const {
  const std::string bearer = Bearer(congress);
  auto* stub = clients_->deputies.get();
  rep::ListDeputiesRequest request;
  request.set_parent(CongressName(congress));
  request.set_status(rep::DEPUTY_STATUS_SERVING);
  request.set_page_size(500);
  std::vector<std::string> names;
  for (;;) {
    auto page = co_await CallRemote<rep::ListDeputiesResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) { stub->async()->ListDeputies(ctx, req, resp, done); },
        request, kCallTimeout, bearer);
    if (!page.ok()) {
      co_return Unavailable("REPRESENTATIVES_UNAVAILABLE", "representatives",
                            absl::StrCat("who serves in ", congress), page.status());
    }
    for (const auto& deputy : page->deputies()) names.push_back(deputy.name());
    if (names.size() > kMaxDeputies) {
      co_return MakeError(absl::StatusCode::kFailedPrecondition, "TOO_MANY_DEPUTIES",
                          absl::StrCat(congress, " has more than ", kMaxDeputies, " serving deputies"));
    }
    if (page->next_page_token().empty()) co_return names;
    request.set_page_token(page->next_page_token());
  }
}

Task<absl::StatusOr<std::vector<std::string>>> Peers::StandingCommitteeMembers(std::string congress,
                                                                                absl::CivilDay day) const {
  const std::string bearer = Bearer(congress);
  auto* stub = clients_->organizations.get();
  auto failed = [&](const absl::Status& got) {
    return Unavailable("REPRESENTATIVES_UNAVAILABLE", "representatives",
                       absl::StrCat("who sits on the standing committee of ", congress), got);
  };
  rep::ListOrganizationsRequest orgs;
  orgs.set_parent(CongressName(congress));
  orgs.set_classification(rep::ORGANIZATION_CLASSIFICATION_STANDING_COMMITTEE);
  orgs.set_page_size(500);
  std::vector<std::string> committees;
  for (int pages = 0; pages < kMaxPages; ++pages) {
    auto page = co_await CallRemote<rep::ListOrganizationsResponse>(
        [stub](auto* ctx, auto* req, auto* resp, auto done) { stub->async()->ListOrganizations(ctx, req, resp, done); },
        orgs, kCallTimeout, bearer);
    if (!page.ok()) co_return failed(page.status());
    for (const auto& org : page->organizations()) committees.push_back(org.name());
    if (page->next_page_token().empty()) break;
    orgs.set_page_token(page->next_page_token());
  }
  std::vector<std::string> members;
  for (const auto& committee : committees) {
    rep::ListMembershipsRequest request = MembershipsOn(congress, committee, day);
    for (int pages = 0; pages < kMaxPages; ++pages) {
      auto page = co_await CallRemote<rep::ListMembershipsResponse>(
          [stub](auto* ctx, auto* req, auto* resp, auto done) { stub->async()->ListMemberships(ctx, req, resp, done); },
          request, kCallTimeout, bearer);
      if (!page.ok()) co_return failed(page.status());
      for (const auto& membership : page->memberships()) members.push_back(membership.deputy());
      if (page->next_page_token().empty()) break;
      request.set_page_token(page->next_page_token());
    }
  }
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  co_return members;
}

Task<absl::StatusOr<std::vector<std::string>>> Peers::MissingOpinions(std::string congress,
                                                                      std::vector<std::string> names) const {
  const std::string bearer = Bearer(congress);
  std::vector<Task<absl::StatusOr<bool>>> calls;
  calls.reserve(names.size());
  for (const auto& name : names) calls.push_back(AskOpinion(clients_->opinions.get(), bearer, name));
  auto answers = co_await WhenAll(std::move(calls));
  CO_RETURN_IF_ERROR(FirstError(answers));
  std::vector<std::string> missing;
  for (size_t i = 0; i < names.size(); ++i) {
    if (!*answers[i]) missing.push_back(names[i]);
  }
  co_return missing;
}

}  // namespace renda::supervision
