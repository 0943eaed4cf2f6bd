#pragma once
// Pure rules of organizations and memberships (after Popolo): what a valid organization and
// membership are, how updates apply, which indexes they are listed under, when a membership
// counts on a day and when two overlap. No gRPC, no Redis.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "renda/representatives/v1/organizations.pb.h"
#include "services/common/validation.h"

namespace renda::representatives {

inline constexpr char kOrganizationKind[] = "organization";
inline constexpr char kOrganizationCollection[] = "organizations";
inline constexpr char kMembershipKind[] = "membership";
inline constexpr char kMembershipCollection[] = "memberships";

// ---- Organizations.

// Checks the client fields of an organization except `parent` (the service parses it); field
// paths start with "organization.".
void ValidateOrganizationFields(const v1::Organization& organization, Validator& v);
// The organization as first stored.
v1::Organization NewOrganization(const v1::Organization& input, const std::string& name, absl::Time now);
// Checks an update request on its own: a non-empty mask of updatable fields.
void ValidateOrganizationUpdate(const v1::UpdateOrganizationRequest& request, Validator& v);
// Applies the masked fields; INVALID_ARGUMENT for invalid values or dates out of order.
absl::StatusOr<v1::Organization> ApplyOrganizationUpdate(const v1::Organization& current,
                                                         const v1::UpdateOrganizationRequest& request,
                                                         absl::Time now);
// The indexes an organization is listed under.
std::vector<std::string> OrganizationIndexes(const v1::Organization& organization);
// The indexes a ListOrganizations request must match; `parent_id` is the id of its
// parent_organization ("" when none).
std::vector<std::string> OrganizationListIndexes(const v1::ListOrganizationsRequest& request,
                                                 absl::string_view parent_id);

// ---- Memberships.

// Checks role, post label, dates and end reason (deputy and organization names are parsed by
// the service); field paths start with "membership.".
void ValidateMembershipFields(const v1::Membership& membership, Validator& v);
// Checks an EndMembership request on its own.
void ValidateEndMembership(const v1::EndMembershipRequest& request, Validator& v);
// The membership as first stored.
v1::Membership NewMembership(const v1::Membership& input, const std::string& name, absl::Time now);
// Ends an open membership: FAILED_PRECONDITION when it has ended already, INVALID_ARGUMENT when
// the end is before the start.
absl::StatusOr<v1::Membership> ApplyEndMembership(const v1::Membership& current,
                                                  const v1::EndMembershipRequest& request, absl::Time now);

// Memberships of one deputy in one organization get ids `<digest of the pair>-<nnnn>`, the
// sequence number one above the pair's highest: two writers racing to add a membership to the
// same pair make the same id, and the store lets only one create it.
std::string MembershipId(absl::string_view organization_id, absl::string_view deputy_id, int sequence);
// The sequence number of a membership id (0 when it has none).
int MembershipSequence(absl::string_view membership_id);

std::string MembershipsOfOrganizationIndex(absl::string_view organization_id);
std::string MembershipsOfDeputyIndex(absl::string_view deputy_id);
std::string MembershipsOfPairIndex(absl::string_view organization_id, absl::string_view deputy_id);
std::vector<std::string> MembershipIndexes(absl::string_view organization_id, absl::string_view deputy_id);

// Whether the membership counts on `day`: start_date <= day and (no end_date or day <= end_date).
bool MembershipCountsOn(const v1::Membership& membership, const renda::type::v1::Date& day);
// Whether two memberships share at least one day (both ends inclusive; an open end is forever).
bool MembershipsOverlap(const v1::Membership& a, const v1::Membership& b);
// ALREADY_EXISTS (MEMBERSHIP_OVERLAPS) naming the first of `existing` that overlaps `candidate`.
absl::Status CheckNoOverlap(const std::vector<v1::Membership>& existing, const v1::Membership& candidate);

}  // namespace renda::representatives
