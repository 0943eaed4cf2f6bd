#include "services/representatives/organization_service.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/common/entity_ops.h"
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
// Creating a membership retries when another write raced it (same new id, or the deputy or
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

// One CreateMembership: read the deputy (serving) and the organization, read the pair's
// memberships (no overlap), write the membership with a fresh pair sequence, guarded by the
// versions read.
struct CreateMembershipFlow : std::enable_shared_from_this<CreateMembershipFlow> {
  EntityStore* store = nullptr;
  const v1::CreateMembershipRequest* req = nullptr;
  v1::CreateMembershipResponse* resp = nullptr;
  std::string congress, deputy_id, organization_id, actor;
  absl::Time now;
  Finish finish;
  int attempts_left = kCreateMembershipAttempts;
  int64_t deputy_version = 0, organization_version = 0;

  void Start() {
    auto self = shared_from_this();
    CheckDeputyServing(store, congress, deputy_id, [self](absl::StatusOr<std::pair<v1::Deputy, int64_t>> d) {
      if (!d.ok()) return self->finish(d.status());
      self->deputy_version = d->second;
      self->ReadOrganization();
    });
  }

  void ReadOrganization() {
    auto self = shared_from_this();
    GetVersioned<Organization>(
        store, "organization", kOrganizationKind, congress, organization_id, req->membership().organization(),
        [self](absl::StatusOr<std::pair<Organization, int64_t>> o) {
          if (!o.ok()) return self->finish(o.status());
          const Organization& org = o->first;
          const Membership& m = self->req->membership();
          if (HasCalendarDate(org.dissolution_date()) &&
              CalendarDayNumber(org.dissolution_date()) < CalendarDayNumber(m.start_date())) {
            return self->finish(MakeError(absl::StatusCode::kFailedPrecondition, "ORGANIZATION_DISSOLVED",
                                          absl::StrCat(org.display_name(), " (", org.name(), ") was dissolved on ",
                                                       DateText(org.dissolution_date()),
                                                       ", before the membership's start_date ",
                                                       DateText(m.start_date()))));
          }
          self->organization_version = o->second;
          self->ReadPair();
        });
  }

  void ReadPair() {
    auto self = shared_from_this();
    EntityStore::Query q;
    q.congress = congress;
    q.kind = kMembershipKind;
    q.indexes = {MembershipsOfPairIndex(organization_id, deputy_id)};
    q.page_size = kMaxMembershipsPerPair;
    store->List(std::move(q), [self](absl::StatusOr<EntityStore::Page> page) {
      if (!page.ok()) return self->finish(page.status());
      if (!page->next_after.empty()) {
        return self->finish(MakeError(absl::StatusCode::kResourceExhausted, "TOO_MANY_MEMBERSHIPS",
                                      absl::StrCat("the deputy already has ", kMaxMembershipsPerPair,
                                                   " memberships in this organization")));
      }
      std::vector<Membership> existing;
      int sequence = 0;
      for (const auto& data : page->data) {
        auto m = ParseStored<Membership>(data);
        if (!m.ok()) return self->finish(m.status());
        const size_t slash = m->name().rfind('/');
        sequence = std::max(sequence, MembershipSequence(absl::string_view(m->name()).substr(slash + 1)));
        existing.push_back(*std::move(m));
      }
      if (auto s = CheckNoOverlap(existing, self->req->membership()); !s.ok()) return self->finish(s);
      self->Write(sequence + 1);
    });
  }

  void Write(int sequence) {
    auto self = shared_from_this();
    const std::string id = MembershipId(organization_id, deputy_id, sequence);
    Membership m = NewMembership(req->membership(), ResourceNameOf(congress, kMembershipCollection, id), now);
    PutSpec spec = CreateSpec(congress, kMembershipKind, id, MembershipIndexes(organization_id, deputy_id), actor,
                              *req, req->request_id(), now);
    spec.also.push_back(CheckOnly(kDeputyKind, deputy_id, deputy_version));
    spec.also.push_back(CheckOnly(kOrganizationKind, organization_id, organization_version));
    PutProto<Membership>(store, spec, std::move(m), [self](absl::StatusOr<Membership> r) {
      const bool raced = !r.ok() && (r.status().code() == absl::StatusCode::kAlreadyExists ||
                                     r.status().code() == absl::StatusCode::kAborted);
      if (raced && --self->attempts_left > 0) return self->Start();
      if (!r.ok()) return self->finish(r.status());
      *self->resp->mutable_membership() = *std::move(r);
      self->finish(absl::OkStatus());
    });
  }
};

}  // namespace

const AccessTable& OrganizationAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateOrganization", kWriters}, {"GetOrganization", kSignedIn}, {"ListOrganizations", kSignedIn},
      {"UpdateOrganization", kWriters}, {"CreateMembership", kWriters}, {"EndMembership", kWriters},
      {"ListMemberships", kSignedIn},
  };
  return *table;
}

OrganizationService::OrganizationService(const Runtime& runtime)
    : runtime_(runtime), store_(runtime.redis, "rep"), runner_("organizations", &OrganizationAccess(), runtime.auth) {}

grpc::ServerUnaryReactor* OrganizationService::CreateOrganization(grpc::CallbackServerContext* ctx,
                                                                  const v1::CreateOrganizationRequest* req,
                                                                  v1::CreateOrganizationResponse* resp) {
  return runner_.Unary(ctx, "CreateOrganization", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ValidateOrganizationFields(req->organization(), v);
    ResourceName parent;
    if (!req->organization().parent().empty()) {
      parent = ParseIn("organization.parent", req->organization().parent(), kOrganizationCollection, congress, v);
    }
    v.Id("organization_id", req->organization_id(), false).RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);

    const absl::Time now = runtime_.clock->Now();
    const std::string id = req->organization_id().empty() ? NewTimeOrderedId(now) : req->organization_id();
    auto write = [this, req, resp, caller, congress, id, now](Finish finish) {
      Organization o = NewOrganization(req->organization(), ResourceNameOf(congress, kOrganizationCollection, id), now);
      PutSpec spec = CreateSpec(congress, kOrganizationKind, id, OrganizationIndexes(o), caller.subject(), *req,
                                req->request_id(), now);
      PutProto<Organization>(&store_, spec, std::move(o), FinishWith(resp->mutable_organization(), std::move(finish)));
    };
    if (parent.id.empty()) return write(std::move(finish));
    // Organizations are never deleted, so a parent that exists now still exists at the write.
    GetVersioned<Organization>(&store_, "parent organization", kOrganizationKind, congress, parent.id,
                               req->organization().parent(),
                               [write = std::move(write), finish = std::move(finish)](
                                   absl::StatusOr<std::pair<Organization, int64_t>> got) mutable {
                                 if (!got.ok()) return finish(got.status());
                                 write(std::move(finish));
                               });
  });
}

grpc::ServerUnaryReactor* OrganizationService::GetOrganization(grpc::CallbackServerContext* ctx,
                                                               const v1::GetOrganizationRequest* req,
                                                               v1::GetOrganizationResponse* resp) {
  return runner_.Unary(ctx, "GetOrganization", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kOrganizationCollection, v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetProto<Organization>(&store_, "organization", kOrganizationKind, name.congress, name.id, req->name(),
                           FinishWith(resp->mutable_organization(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* OrganizationService::ListOrganizations(grpc::CallbackServerContext* ctx,
                                                                 const v1::ListOrganizationsRequest* req,
                                                                 v1::ListOrganizationsResponse* resp) {
  return runner_.Unary(ctx, "ListOrganizations", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    v.PageSize("page_size", req->page_size(), 500)
        .Enum("classification", req->classification(), v1::OrganizationClassification_descriptor(), false)
        .Range("term", req->term(), 1, 99, true);
    ResourceName parent;
    if (!req->parent_organization().empty()) {
      parent = ParseIn("parent_organization", req->parent_organization(), kOrganizationCollection, congress, v);
    }
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    std::vector<std::string> indexes = OrganizationListIndexes(*req, parent.id);
    std::string scope = absl::StrCat("ListOrganizations|", req->parent(), "|", absl::StrJoin(indexes, "|"));
    ListSpec spec{congress, kOrganizationKind, std::move(indexes), std::move(scope), req->page_token(),
                  req->page_size(), false};
    ListProtos<Organization>(&store_, *runtime_.page_tokens, std::move(spec),
                      FinishPage(resp->mutable_organizations(), resp->mutable_next_page_token(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* OrganizationService::UpdateOrganization(grpc::CallbackServerContext* ctx,
                                                                  const v1::UpdateOrganizationRequest* req,
                                                                  v1::UpdateOrganizationResponse* resp) {
  return runner_.Unary(ctx, "UpdateOrganization", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name =
        ParseResourceName("organization.name", req->organization().name(), kOrganizationCollection, v);
    ValidateOrganizationUpdate(*req, v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    auto plan = NewUpdatePlan<Organization>(
        ChangeSpec(name.congress, kOrganizationKind, name.id, caller.subject(), *req, req->request_id(), now),
        "organization", req->organization().name(), req->organization().etag());
    plan->mutate = [req, now](const Organization& current) { return ApplyOrganizationUpdate(current, *req, now); };
    plan->indexes = [](const Organization& next) { return OrganizationIndexes(next); };
    UpdateProto<Organization>(&store_, std::move(plan), FinishWith(resp->mutable_organization(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* OrganizationService::CreateMembership(grpc::CallbackServerContext* ctx,
                                                                const v1::CreateMembershipRequest* req,
                                                                v1::CreateMembershipResponse* resp) {
  return runner_.Unary(ctx, "CreateMembership", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    const ResourceName deputy = ParseIn("membership.deputy", req->membership().deputy(), kDeputyCollection, congress, v);
    const ResourceName org =
        ParseIn("membership.organization", req->membership().organization(), kOrganizationCollection, congress, v);
    ValidateMembershipFields(req->membership(), v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    auto flow = std::make_shared<CreateMembershipFlow>();
    flow->store = &store_;
    flow->req = req;
    flow->resp = resp;
    flow->congress = congress;
    flow->deputy_id = deputy.id;
    flow->organization_id = org.id;
    flow->actor = caller.subject();
    flow->now = runtime_.clock->Now();
    flow->finish = std::move(finish);
    flow->Start();
  });
}

grpc::ServerUnaryReactor* OrganizationService::EndMembership(grpc::CallbackServerContext* ctx,
                                                             const v1::EndMembershipRequest* req,
                                                             v1::EndMembershipResponse* resp) {
  return runner_.Unary(ctx, "EndMembership", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kMembershipCollection, v);
    ValidateEndMembership(*req, v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    const std::string congress = name.congress;
    auto plan = NewUpdatePlan<Membership>(
        ChangeSpec(congress, kMembershipKind, name.id, caller.subject(), *req, req->request_id(), now),
        "membership", req->name(), req->etag());
    plan->mutate = [req, now](const Membership& current) { return ApplyEndMembership(current, *req, now); };
    plan->indexes = [](const Membership& next) {
      Validator ignored;
      return MembershipIndexes(ParseResourceName("", next.organization(), kOrganizationCollection, ignored).id,
                               ParseResourceName("", next.deputy(), kDeputyCollection, ignored).id);
    };
    UpdateProto<Membership>(&store_, std::move(plan), FinishWith(resp->mutable_membership(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* OrganizationService::ListMemberships(grpc::CallbackServerContext* ctx,
                                                               const v1::ListMembershipsRequest* req,
                                                               v1::ListMembershipsResponse* resp) {
  return runner_.Unary(ctx, "ListMemberships", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ResourceName org, deputy;
    if (!req->organization().empty()) {
      org = ParseIn("organization", req->organization(), kOrganizationCollection, congress, v);
    }
    if (!req->deputy().empty()) deputy = ParseIn("deputy", req->deputy(), kDeputyCollection, congress, v);
    if (req->organization().empty() && req->deputy().empty()) {
      v.Add("organization", "give an organization, a deputy, or both");
    }
    ValidateDate(req->on_date(), "on_date", false, v);
    v.PageSize("page_size", req->page_size(), 500);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    std::string index = !org.id.empty() && !deputy.id.empty() ? MembershipsOfPairIndex(org.id, deputy.id)
                        : !org.id.empty()                     ? MembershipsOfOrganizationIndex(org.id)
                                                              : MembershipsOfDeputyIndex(deputy.id);
    const bool by_date = HasCalendarDate(req->on_date());
    std::string scope = absl::StrCat("ListMemberships|", congress, "|", index, "|",
                                     by_date ? CalendarDayNumber(req->on_date()) : 0);
    ListSpec spec{congress, kMembershipKind, {std::move(index)}, std::move(scope), req->page_token(),
                  req->page_size(), false};
    ListProtos<Membership>(&store_, *runtime_.page_tokens, std::move(spec),
                           FinishPage<Membership>(resp->mutable_memberships(), resp->mutable_next_page_token(),
                                                  std::move(finish), [req, by_date](Membership& m) {
                                                    return !by_date || MembershipCountsOn(m, req->on_date());
                                                  }));
  });
}

}  // namespace renda::representatives
