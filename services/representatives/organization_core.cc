#include "services/representatives/organization_core.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/names.h"
#include "services/common/validation.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_logic.h"
#include "services/representatives/duty_records.h"
#include "services/representatives/organization_logic.h"

namespace renda::representatives {
namespace {

using v1::Membership;
using v1::Organization;

const Roles kWriters = {Role::kStaff, Role::kAdmin};

// A pair holds at most this many memberships (one deputy in one organization over the years).
constexpr int kMaxMembershipsPerPair = 200;
// Creating a membership tries again when another write raced it (same new id, or the deputy or
// organization changed between the read and the write).
constexpr int kCreateMembershipAttempts = 3;

// Parses a name of `collection` that must be in `congress`.
ResourceName ParseIn(absl::string_view field, absl::string_view name, absl::string_view collection,
                     absl::string_view congress, Validator& v) {
  Validator own;
  ResourceName n = ParseResourceName(field, name, collection, own);
  if (!own.ok()) {
    ParseResourceName(field, name, collection, v);
    return {};
  }
  if (!congress.empty() && n.congress != congress) {
    v.Add(field, absl::StrCat("must be in congresses/", congress, " (got '", name.substr(0, 100), "')"));
    return {};
  }
  return n;
}

// FAILED_PRECONDITION (ORGANIZATION_DISSOLVED) when `org` was dissolved before `m` starts.
absl::Status CheckNotDissolved(const Organization& org, const Membership& m) {
  if (!HasCalendarDate(org.dissolution_date()) ||
      CalendarDayNumber(org.dissolution_date()) >= CalendarDayNumber(m.start_date())) {
    return absl::OkStatus();
  }
  return MakeError(absl::StatusCode::kFailedPrecondition, "ORGANIZATION_DISSOLVED",
                   absl::StrCat(org.display_name(), " (", org.name(), ") was dissolved on ",
                                DateText(org.dissolution_date()), ", before the membership's start_date ",
                                DateText(m.start_date())));
}

// One try at CreateMembership: the deputy (serving) and the organization, the pair's memberships
// (no overlap), then the membership with the pair's next sequence, guarded by the versions read.
// A create that lost the race for its id answers ABORTED (so the caller tries again) and leaves
// its ALREADY_EXISTS in `id_taken` (OK otherwise).
Task<absl::StatusOr<Membership>> TryCreateMembership(const RepresentativesStore* store,
                                                     const v1::CreateMembershipRequest& req, std::string congress,
                                                     std::string deputy_id, std::string organization_id,
                                                     WriteOrigin origin, absl::Status* id_taken) {
  *id_taken = absl::OkStatus();
  CO_ASSIGN_OR_RETURN(auto deputy, co_await store->ServingDeputy(congress, deputy_id));
  CO_ASSIGN_OR_RETURN(auto org, co_await store->organizations.Read(congress, organization_id));
  CO_RETURN_IF_ERROR(CheckNotDissolved(org.entity, req.membership()));
  ListQuery pair{.congress = congress,
                 .indexes = {MembershipsOfPairIndex(organization_id, deputy_id)},
                 .page_size = kMaxMembershipsPerPair};
  auto existing = co_await store->memberships.ListAll(std::move(pair), kMaxMembershipsPerPair, "CreateMembership");
  if (!existing.ok() && ErrorReason(existing.status()) == "TOO_MANY_TO_READ") {
    co_return MakeError(absl::StatusCode::kResourceExhausted, "TOO_MANY_MEMBERSHIPS",
                        absl::StrCat("the deputy already has ", kMaxMembershipsPerPair,
                                     " memberships in this organization"));
  }
  CO_RETURN_IF_ERROR(existing);
  int sequence = 0;
  for (const auto& m : *existing) sequence = std::max(sequence, MembershipSequence(SplitEntityName(m.name()).id));
  CO_RETURN_IF_ERROR(CheckNoOverlap(*existing, req.membership()));

  const std::string id = MembershipId(organization_id, deputy_id, sequence + 1);
  Membership m = NewMembership(req.membership(), ResourceNameOf(congress, kMembershipCollection, id), origin.now);
  std::vector<EntityStore::EntityWrite> also = {store->deputies.Checked(deputy), store->organizations.Checked(org)};
  auto created = co_await store->memberships.Create(std::move(m), origin, std::move(also));
  if (created.status().code() == absl::StatusCode::kAlreadyExists) {
    *id_taken = created.status();
    co_return absl::AbortedError(absl::StrCat("another membership took the id ", id, " first"));
  }
  co_return created;
}

}  // namespace

const AccessTable& OrganizationAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateOrganization", kWriters}, {"GetOrganization", kSignedIn}, {"ListOrganizations", kSignedIn},
      {"UpdateOrganization", kWriters}, {"CreateMembership", kWriters}, {"EndMembership", kWriters},
      {"ListMemberships", kSignedIn},
  };
  return *table;
}

Task<absl::StatusOr<v1::CreateOrganizationResponse>> OrganizationCore::CreateOrganization(
    const Caller& caller, const v1::CreateOrganizationRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateOrganizationFields(req.organization(), v);
  ResourceName parent;
  if (!req.organization().parent().empty()) {
    parent = ParseIn("organization.parent", req.organization().parent(), kOrganizationCollection, congress, v);
  }
  v.Id("organization_id", req.organization_id(), false).RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));

  if (!parent.id.empty()) {
    // Organizations are never deleted, so a parent that exists now still exists at the write.
    CO_ASSIGN_OR_RETURN(auto found, co_await store_->organizations.Find(congress, parent.id));
    if (!found.has_value()) co_return NotFound("parent organization", req.organization().parent());
  }
  const absl::Time now = runtime_.clock->Now();
  const std::string id = req.organization_id().empty() ? NewTimeOrderedId(now) : req.organization_id();
  Organization o = NewOrganization(req.organization(), ResourceNameOf(congress, kOrganizationCollection, id), now);
  v1::CreateOrganizationResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_organization(),
                      co_await store_->organizations.Create(std::move(o), OriginOf(caller, req, now)));
  co_return resp;
}

Task<absl::StatusOr<v1::GetOrganizationResponse>> OrganizationCore::GetOrganization(
    const Caller& caller, const v1::GetOrganizationRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kOrganizationCollection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  v1::GetOrganizationResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_organization(), co_await store_->organizations.Get(name.congress, name.id));
  co_return resp;
}

Task<absl::StatusOr<v1::ListOrganizationsResponse>> OrganizationCore::ListOrganizations(
    const Caller& caller, const v1::ListOrganizationsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.PageSize("page_size", req.page_size(), 500)
      .Enum("classification", req.classification(), v1::OrganizationClassification_descriptor(), false)
      .Range("term", req.term(), 1, 99, true);
  ResourceName parent;
  if (!req.parent_organization().empty()) {
    parent = ParseIn("parent_organization", req.parent_organization(), kOrganizationCollection, congress, v);
  }
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));

  std::vector<std::string> indexes = OrganizationListIndexes(req, parent.id);
  std::string scope = absl::StrCat("ListOrganizations|", req.parent(), "|", absl::StrJoin(indexes, "|"));
  ListQuery query = PageQuery(congress, std::move(indexes), std::move(scope), req);
  co_return co_await store_->organizations.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListOrganizationsResponse::mutable_organizations);
}

Task<absl::StatusOr<v1::UpdateOrganizationResponse>> OrganizationCore::UpdateOrganization(
    const Caller& caller, const v1::UpdateOrganizationRequest& req) {
  Validator v;
  const ResourceName name =
      ParseResourceName("organization.name", req.organization().name(), kOrganizationCollection, v);
  ValidateOrganizationUpdate(req, v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  v1::UpdateOrganizationResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_organization(),
                      co_await store_->organizations.Update(
                          name.congress, name.id, req.organization().etag(), OriginOf(caller, req, now),
                          [&](const Organization& current) { return ApplyOrganizationUpdate(current, req, now); }));
  co_return resp;
}

Task<absl::StatusOr<v1::CreateMembershipResponse>> OrganizationCore::CreateMembership(
    const Caller& caller, const v1::CreateMembershipRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  const ResourceName deputy = ParseIn("membership.deputy", req.membership().deputy(), kDeputyCollection, congress, v);
  const ResourceName org =
      ParseIn("membership.organization", req.membership().organization(), kOrganizationCollection, congress, v);
  ValidateMembershipFields(req.membership(), v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));

  const WriteOrigin origin = OriginOf(caller, req, runtime_.clock->Now());
  absl::Status id_taken;
  auto created = co_await RetryOnConflict(kCreateMembershipAttempts, [&]() -> Task<absl::StatusOr<Membership>> {
    return TryCreateMembership(store_, req, congress, deputy.id, org.id, origin, &id_taken);
  });
  CO_RETURN_IF_ERROR(id_taken);
  v1::CreateMembershipResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_membership(), std::move(created));
  co_return resp;
}

Task<absl::StatusOr<v1::EndMembershipResponse>> OrganizationCore::EndMembership(const Caller& caller,
                                                                                const v1::EndMembershipRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kMembershipCollection, v);
  ValidateEndMembership(req, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  v1::EndMembershipResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_membership(),
                      co_await store_->memberships.Update(
                          name.congress, name.id, req.etag(), OriginOf(caller, req, now),
                          [&](const Membership& current) { return ApplyEndMembership(current, req, now); }));
  co_return resp;
}

Task<absl::StatusOr<v1::ListMembershipsResponse>> OrganizationCore::ListMemberships(
    const Caller& caller, const v1::ListMembershipsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ResourceName org, deputy;
  if (!req.organization().empty()) {
    org = ParseIn("organization", req.organization(), kOrganizationCollection, congress, v);
  }
  if (!req.deputy().empty()) deputy = ParseIn("deputy", req.deputy(), kDeputyCollection, congress, v);
  if (req.organization().empty() && req.deputy().empty()) {
    v.Add("organization", "give an organization, a deputy, or both");
  }
  ValidateDate(req.on_date(), "on_date", false, v);
  v.PageSize("page_size", req.page_size(), 500);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));

  std::string index = !org.id.empty() && !deputy.id.empty() ? MembershipsOfPairIndex(org.id, deputy.id)
                      : !org.id.empty()                     ? MembershipsOfOrganizationIndex(org.id)
                                                            : MembershipsOfDeputyIndex(deputy.id);
  const bool by_date = HasCalendarDate(req.on_date());
  std::string scope = absl::StrCat("ListMemberships|", congress, "|", index, "|",
                                   by_date ? CalendarDayNumber(req.on_date()) : 0);
  ListQuery query = PageQuery(congress, {std::move(index)}, std::move(scope), req);
  co_return co_await store_->memberships.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListMembershipsResponse::mutable_memberships,
                       [&req, by_date](Membership& m) { return !by_date || MembershipCountsOn(m, req.on_date()); });
}

}  // namespace renda::representatives
