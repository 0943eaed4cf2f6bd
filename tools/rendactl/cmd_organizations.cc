// rendactl orgs list|create and members list|add|end: the bodies of the congress system and who
// held which post in them over time.

#include <cstdio>

#include "renda/representatives/v1/organizations.grpc.pb.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/enum_flags.h"
#include "tools/rendactl/output.h"
#include "tools/rendactl/rep_common.h"

namespace rendactl {
namespace {

namespace rep = renda::representatives::v1;

constexpr char kService[] = "representatives";
constexpr char kOrganizations[] = "organizations";
constexpr char kMemberships[] = "memberships";

const FieldFlags& OrgFieldFlags() {
  static const FieldFlags* flags = new FieldFlags{
      {"parent", "--congress"},
      {"name", "ID"},
      {"organization_id", "--id"},
      {"request_id", "--request-id"},
      {"page_size", "--page-size"},
      {"page_token", "--page-token"},
      {"classification", "--classification"},
      {"parent_organization", "--parent"},
      {"term", "--term"},
      {"organization", "--org"},
      {"deputy", "--deputy"},
      {"on_date", "--on"},
      {"end_date", "--date"},
      {"end_reason", "--reason"},
      {"etag", "--etag"},
      {"organization.display_name", "--name"},
      {"organization.classification", "--classification"},
      {"organization.level", "--level"},
      {"organization.term", "--term"},
      {"organization.parent", "--parent"},
      {"organization.founding_date", "--founded"},
      {"organization.description", "--description"},
      {"membership.deputy", "--deputy"},
      {"membership.organization", "--org"},
      {"membership.role", "--role"},
      {"membership.post_label", "--post"},
      {"membership.start_date", "--start"},
  };
  return *flags;
}

void PrintOrganization(const rep::Organization& org) {
  Fields fields;
  fields.Add("name", org.name());
  fields.Add("display name", org.display_name());
  fields.Add("classification", EnumFlagName(rep::OrganizationClassification_descriptor(), org.classification()));
  fields.Add("level", EnumFlagName(rep::OrganizationLevel_descriptor(), org.level()));
  fields.Add("term", NumberOrEmpty(org.term()));
  fields.Add("parent", org.parent());
  fields.Add("founded", FormatDate(org.founding_date()));
  fields.Add("dissolved", FormatDate(org.dissolution_date()));
  fields.Add("created", FormatTimestamp(org.create_time()));
  fields.Add("etag", org.etag());
  fields.Print(stdout);
  if (!org.description().empty()) std::printf("\n%s\n", org.description().c_str());
}

void PrintMembership(const rep::Membership& m) {
  Fields fields;
  fields.Add("name", m.name());
  fields.Add("deputy", m.deputy());
  fields.Add("organization", m.organization());
  fields.Add("role", EnumFlagName(rep::MembershipRole_descriptor(), m.role()));
  fields.Add("post", m.post_label());
  fields.Add("start", FormatDate(m.start_date()));
  fields.Add("end", FormatDate(m.end_date()));
  fields.Add("end reason", m.end_reason());
  fields.Add("etag", m.etag());
  fields.Print(stdout);
}

absl::Status RunOrgList(const Invocation& inv) {
  const Args& args = inv.args;
  rep::ListOrganizationsRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  absl::StatusOr<int> classification = args.GetEnum("classification", rep::OrganizationClassification_descriptor());
  if (!classification.ok()) return classification.status();
  request.set_classification(static_cast<rep::OrganizationClassification>(*classification));
  if (args.Has("parent")) {
    absl::StatusOr<std::string> org = ResourceFlag(args, "parent", args.Get("parent"), kOrganizations);
    if (!org.ok()) return org.status();
    request.set_parent_organization(*org);
  }
  absl::StatusOr<int> term = args.GetInt("term", 0);
  if (!term.ok()) return term.status();
  request.set_term(*term);
  int page_size = 0;
  if (absl::Status s = PageSizeFlag(args, &page_size); !s.ok()) return s;
  request.set_page_size(page_size);

  Connection connection(inv.global, kService);
  auto stub = rep::OrganizationService::NewStub(connection.channel());
  rep::ListOrganizationsResponse all;
  absl::Status s = CollectPages<rep::ListOrganizationsResponse>(
      args,
      [&](const std::string& token, rep::ListOrganizationsResponse* page) {
        request.set_page_token(token);
        return connection.Call([&](grpc::ClientContext* c) { return stub->ListOrganizations(c, request, page); });
      },
      &all);
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.organizations_size() == 0) {
    std::printf("no organizations\n");
  } else {
    Table table({"ID", "CLASSIFICATION", "LEVEL", "TERM", "PARENT", "FOUNDED", "NAME"});
    table.AlignRight(3);
    for (const rep::Organization& org : all.organizations()) {
      table.AddRow({IdOf(org.name()), EnumFlagName(rep::OrganizationClassification_descriptor(), org.classification()),
                    EnumFlagName(rep::OrganizationLevel_descriptor(), org.level()), NumberOrEmpty(org.term()),
                    IdOf(org.parent()), FormatDate(org.founding_date()), Truncate(org.display_name(), 40)});
    }
    table.Print(stdout);
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

absl::Status RunOrgCreate(const Invocation& inv) {
  const Args& args = inv.args;
  rep::CreateOrganizationRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_organization_id(args.Get("id"));
  request.set_request_id(args.Get("request-id"));
  rep::Organization* org = request.mutable_organization();
  org->set_display_name(args.Get("name"));
  org->set_description(args.Get("description"));
  absl::StatusOr<int> classification = args.GetEnum("classification", rep::OrganizationClassification_descriptor());
  if (!classification.ok()) return classification.status();
  org->set_classification(static_cast<rep::OrganizationClassification>(*classification));
  absl::StatusOr<int> level = args.GetEnum("level", rep::OrganizationLevel_descriptor());
  if (!level.ok()) return level.status();
  org->set_level(static_cast<rep::OrganizationLevel>(*level));
  absl::StatusOr<int> term = args.GetInt("term", 0);
  if (!term.ok()) return term.status();
  org->set_term(*term);
  if (args.Has("parent")) {
    absl::StatusOr<std::string> up = ResourceFlag(args, "parent", args.Get("parent"), kOrganizations);
    if (!up.ok()) return up.status();
    org->set_parent(*up);
  }
  if (args.Has("founded")) {
    if (absl::Status s = DateFlag(args, "founded", org->mutable_founding_date()); !s.ok()) return s;
  }

  Connection connection(inv.global, kService);
  auto stub = rep::OrganizationService::NewStub(connection.channel());
  rep::CreateOrganizationResponse response;
  absl::Status s =
      connection.Call([&](grpc::ClientContext* c) { return stub->CreateOrganization(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintOrganization(response.organization());
  return absl::OkStatus();
}

absl::Status RunMemberList(const Invocation& inv) {
  const Args& args = inv.args;
  if (!args.Has("org") && !args.Has("deputy")) return UsageError("give --org, --deputy or both");
  rep::ListMembershipsRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  if (args.Has("org")) {
    absl::StatusOr<std::string> org = ResourceFlag(args, "org", args.Get("org"), kOrganizations);
    if (!org.ok()) return org.status();
    request.set_organization(*org);
  }
  if (args.Has("on")) {
    if (absl::Status s = DateFlag(args, "on", request.mutable_on_date()); !s.ok()) return s;
  }
  int page_size = 0;
  if (absl::Status s = PageSizeFlag(args, &page_size); !s.ok()) return s;
  request.set_page_size(page_size);

  Connection connection(inv.global, kService);
  absl::StatusOr<std::string> deputy = OptionalDeputyFilter(connection, args);
  if (!deputy.ok()) return deputy.status();
  request.set_deputy(*deputy);
  auto stub = rep::OrganizationService::NewStub(connection.channel());
  rep::ListMembershipsResponse all;
  absl::Status s = CollectPages<rep::ListMembershipsResponse>(
      args,
      [&](const std::string& token, rep::ListMembershipsResponse* page) {
        request.set_page_token(token);
        return connection.Call([&](grpc::ClientContext* c) { return stub->ListMemberships(c, request, page); });
      },
      &all);
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.memberships_size() == 0) {
    std::printf("no memberships\n");
  } else {
    Table table({"ID", "DEPUTY", "ORGANIZATION", "ROLE", "POST", "START", "END", "END REASON"});
    for (const rep::Membership& m : all.memberships()) {
      table.AddRow({IdOf(m.name()), IdOf(m.deputy()), IdOf(m.organization()),
                    EnumFlagName(rep::MembershipRole_descriptor(), m.role()), Truncate(m.post_label(), 24),
                    FormatDate(m.start_date()), FormatDate(m.end_date()), Truncate(m.end_reason(), 30)});
    }
    table.Print(stdout);
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

absl::Status RunMemberAdd(const Invocation& inv) {
  const Args& args = inv.args;
  rep::CreateMembershipRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_request_id(args.Get("request-id"));
  rep::Membership* m = request.mutable_membership();
  absl::StatusOr<std::string> org = ResourceFlag(args, "org", args.Get("org"), kOrganizations);
  if (!org.ok()) return org.status();
  m->set_organization(*org);
  absl::StatusOr<int> role = args.GetEnum("role", rep::MembershipRole_descriptor());
  if (!role.ok()) return role.status();
  m->set_role(static_cast<rep::MembershipRole>(*role));
  m->set_post_label(args.Get("post"));
  if (absl::Status s = DateFlag(args, "start", m->mutable_start_date(), TodayInChina()); !s.ok()) return s;

  Connection connection(inv.global, kService);
  absl::StatusOr<std::string> deputy = ResolveDeputyText(connection, args, "deputy", args.Get("deputy"));
  if (!deputy.ok()) return deputy.status();
  m->set_deputy(*deputy);
  auto stub = rep::OrganizationService::NewStub(connection.channel());
  rep::CreateMembershipResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->CreateMembership(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintMembership(response.membership());
  return absl::OkStatus();
}

absl::Status RunMemberEnd(const Invocation& inv) {
  const Args& args = inv.args;
  rep::EndMembershipRequest request;
  absl::StatusOr<std::string> name = ResourceArg(args, kMemberships);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  if (absl::Status s = DateFlag(args, "date", request.mutable_end_date(), TodayInChina()); !s.ok()) return s;
  request.set_end_reason(args.Get("reason"));
  request.set_etag(args.Get("etag"));
  request.set_request_id(args.Get("request-id"));

  Connection connection(inv.global, kService);
  auto stub = rep::OrganizationService::NewStub(connection.channel());
  rep::EndMembershipResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->EndMembership(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintMembership(response.membership());
  return absl::OkStatus();
}

}  // namespace

std::vector<Command> OrganizationCommands() {
  std::vector<FlagSpec> org_list_flags = {
      CongressFlag(),
      {.name = "classification", .value_name = "C", .help = "only this kind:",
       .enum_type = rep::OrganizationClassification_descriptor()},
      {.name = "parent", .value_name = "ORG", .help = "only the organizations directly under this one"},
      {.name = "term", .value_name = "N", .help = "only this term"},
  };
  for (FlagSpec& flag : PageFlags("organizations")) org_list_flags.push_back(std::move(flag));
  std::vector<FlagSpec> member_list_flags = {
      CongressFlag(),
      {.name = "org", .value_name = "ORG", .help = "memberships of this organization (id or resource name)"},
      {.name = "deputy", .value_name = "D", .help = "memberships of this deputy: id, resource name or full name"},
      {.name = "on", .value_name = "YYYY-MM-DD", .help = "only those that counted on this day (who was in X on D)"},
  };
  for (FlagSpec& flag : PageFlags("memberships")) member_list_flags.push_back(std::move(flag));
  return {
      {
          .group = "orgs",
          .verb = "list",
          .service = kService,
          .summary = "list a congress's organizations in id order, filtered",
          .flags = org_list_flags,
          .field_flags = OrgFieldFlags(),
          .run = RunOrgList,
      },
      {
          .group = "orgs",
          .verb = "create",
          .service = kService,
          .summary = "register an organization: delegation, committee, group, station... (staff, admin)",
          .flags =
              {
                  CongressFlag(),
                  {.name = "id", .value_name = "ID", .help = "the organization id to use; generated when absent"},
                  {.name = "name", .value_name = "TEXT", .help = "name, e.g. 杭州市人大常委会财政经济工作委员会",
                   .required = true},
                  {.name = "classification", .value_name = "C", .help = "kind:", .required = true,
                   .enum_type = rep::OrganizationClassification_descriptor()},
                  {.name = "level", .value_name = "L", .help = "level:", .required = true,
                   .enum_type = rep::OrganizationLevel_descriptor()},
                  {.name = "term", .value_name = "N", .help = "term (届); none for a body that outlives terms"},
                  {.name = "parent", .value_name = "ORG", .help = "the body it is part of (id or resource name)"},
                  {.name = "founded", .value_name = "YYYY-MM-DD", .help = "the day it was founded"},
                  {.name = "description", .value_name = "TEXT", .help = "what the body does"},
                  RequestIdFlag(),
              },
          .field_flags = OrgFieldFlags(),
          .run = RunOrgCreate,
      },
      {
          .group = "members",
          .verb = "list",
          .service = kService,
          .summary = "list the memberships of an organization and/or a deputy, optionally on one day",
          .flags = member_list_flags,
          .field_flags = OrgFieldFlags(),
          .run = RunMemberList,
      },
      {
          .group = "members",
          .verb = "add",
          .service = kService,
          .summary = "record that a serving deputy holds a post in an organization (staff, admin)",
          .flags =
              {
                  CongressFlag(),
                  {.name = "org", .value_name = "ORG", .help = "the organization (id or resource name)",
                   .required = true},
                  {.name = "deputy", .value_name = "D", .help = "the deputy: id, resource name or full name",
                   .required = true},
                  {.name = "role", .value_name = "R", .help = "role:", .required = true,
                   .enum_type = rep::MembershipRole_descriptor()},
                  {.name = "post", .value_name = "TEXT", .help = "the post as written, e.g. 常委会委员"},
                  {.name = "start", .value_name = "YYYY-MM-DD", .help = "first day (default today, China time)"},
                  RequestIdFlag(),
              },
          .field_flags = OrgFieldFlags(),
          .run = RunMemberAdd,
      },
      {
          .group = "members",
          .verb = "end",
          .service = kService,
          .summary = "end an open membership on a day, with a reason (staff, admin)",
          .positional = "ID",
          .positional_required = true,
          .flags =
              {
                  CongressFlag(false),
                  {.name = "reason", .value_name = "TEXT", .help = "why it ended", .required = true},
                  {.name = "date", .value_name = "YYYY-MM-DD",
                   .help = "the last day it counts (default today, China time)"},
                  {.name = "etag", .value_name = "E", .help = "refuse (ABORTED) if it changed since this etag"},
                  RequestIdFlag(),
              },
          .field_flags = OrgFieldFlags(),
          .run = RunMemberEnd,
      },
  };
}

}  // namespace rendactl
