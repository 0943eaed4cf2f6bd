// rendactl contacts coverage|unvisited|shortfalls|assignments|assign|visit and leaders
// list|create: the "two contacts" system (两个联系).

#include <cstdio>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "renda/representatives/v1/contacts.grpc.pb.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/enum_flags.h"
#include "tools/rendactl/output.h"
#include "tools/rendactl/rep_common.h"

namespace rendactl {
namespace {

namespace rep = renda::representatives::v1;

constexpr char kService[] = "representatives";

const FieldFlags& ContactFieldFlags() {
  static const FieldFlags* flags = new FieldFlags{
      {"parent", "--congress"},
      {"year", "--year"},
      {"leader", "--leader"},
      {"leader_id", "--id"},
      {"page_size", "--page-size"},
      {"page_token", "--page-token"},
      {"request_id", "--request-id"},
      {"leader.display_name", "--name"},
      {"leader.post", "--post"},
      {"leader.subject", "--subject"},
      {"assignment.leader", "--leader"},
      {"assignment.deputy", "--deputy"},
      {"assignment.term", "--term"},
      {"assignment.start_date", "--start"},
      {"visit.assignment", "--assignment"},
      {"visit.date", "--date"},
      {"visit.form", "--form"},
      {"visit.notes", "--notes"},
      {"visit.opinions", "--opinion"},
  };
  return *flags;
}

// The parent and the year of the coverage reads.
absl::Status ParentAndYear(const Args& args, std::string* parent, int* year) {
  absl::StatusOr<std::string> p = CongressParent(args);
  if (!p.ok()) return p.status();
  *parent = *p;
  absl::StatusOr<int> y = args.GetInt("year", 0);
  if (!y.ok()) return y.status();
  *year = *y;
  return absl::OkStatus();
}

absl::Status RunCoverage(const Invocation& inv) {
  rep::GetContactCoverageRequest request;
  std::string parent;
  int year = 0;
  if (absl::Status s = ParentAndYear(inv.args, &parent, &year); !s.ok()) return s;
  request.set_parent(parent);
  request.set_year(year);
  Connection connection(inv.global, kService);
  auto stub = rep::ContactService::NewStub(connection.channel());
  rep::GetContactCoverageResponse r;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->GetContactCoverage(c, request, &r); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(r);
  Fields fields;
  fields.Add("year", absl::StrCat(r.year()));
  fields.Add("grassroots deputies", absl::StrCat(r.grassroots_deputies()));
  fields.Add("covered", absl::StrFormat("%d of %d (%.1f%%)", r.covered_deputies(), r.grassroots_deputies(),
                                        r.covered_percent()));
  fields.Add("visited", absl::StrFormat("%d of %d (%.1f%%)", r.visited_deputies(), r.grassroots_deputies(),
                                        r.visited_percent()));
  fields.Add("full coverage", r.full_coverage() ? "yes" : "no");
  fields.Print(stdout);
  return absl::OkStatus();
}

absl::Status RunUnvisited(const Invocation& inv) {
  rep::ListUnvisitedDeputiesRequest request;
  std::string parent;
  int year = 0;
  if (absl::Status s = ParentAndYear(inv.args, &parent, &year); !s.ok()) return s;
  request.set_parent(parent);
  request.set_year(year);
  Connection connection(inv.global, kService);
  auto stub = rep::ContactService::NewStub(connection.channel());
  rep::ListUnvisitedDeputiesResponse r;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->ListUnvisitedDeputies(c, request, &r); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(r);
  if (r.deputies_size() == 0) {
    std::printf("every assigned grassroots deputy was visited in %d\n", year);
    return absl::OkStatus();
  }
  Table table({"DEPUTY", "NAME", "LEADERS"});
  for (const rep::UnvisitedDeputy& d : r.deputies()) {
    table.AddRow({IdOf(d.deputy()), d.display_name(),
                  absl::StrJoin(d.leaders(), ", ", [](std::string* out, const std::string& leader) {
                    out->append(IdOf(leader));
                  })});
  }
  table.Print(stdout);
  std::printf("(%d deputies not visited in %d)\n", r.deputies_size(), year);
  return absl::OkStatus();
}

absl::Status RunShortfalls(const Invocation& inv) {
  rep::ListQuotaShortfallsRequest request;
  absl::StatusOr<std::string> parent = CongressParent(inv.args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  Connection connection(inv.global, kService);
  auto stub = rep::ContactService::NewStub(connection.channel());
  rep::ListQuotaShortfallsResponse r;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->ListQuotaShortfalls(c, request, &r); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(r);
  if (r.shortfalls_size() == 0) {
    std::printf("every leader has their full quota of deputies\n");
    return absl::OkStatus();
  }
  Table table({"LEADER", "NAME", "POST", "QUOTA", "ASSIGNED", "MISSING"});
  for (size_t column : {3, 4, 5}) table.AlignRight(column);
  for (const rep::QuotaShortfall& q : r.shortfalls()) {
    table.AddRow({IdOf(q.leader()), q.display_name(), EnumFlagName(rep::LeaderPost_descriptor(), q.post()),
                  absl::StrCat(q.quota()), absl::StrCat(q.assigned()), absl::StrCat(q.missing())});
  }
  table.AddRow({"total", "", "", "", "", absl::StrCat(r.total_missing())});
  table.Print(stdout);
  return absl::OkStatus();
}

void PrintAssignment(const rep::ContactAssignment& a) {
  Fields fields;
  fields.Add("name", a.name());
  fields.Add("leader", a.leader());
  fields.Add("deputy", a.deputy());
  fields.Add("term", NumberOrEmpty(a.term()));
  fields.Add("start", FormatDate(a.start_date()));
  fields.Add("end", FormatDate(a.end_date()));
  fields.Add("active", a.active() ? "yes" : "no");
  fields.Add("visits", absl::StrCat(a.visit_count()));
  fields.Add("visited in", absl::StrJoin(a.visited_years(), ", "));
  fields.Add("etag", a.etag());
  fields.Print(stdout);
}

absl::Status RunAssignments(const Invocation& inv) {
  const Args& args = inv.args;
  rep::ListContactAssignmentsRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  if (args.Has("leader")) {
    absl::StatusOr<std::string> leader = ResourceFlag(args, "leader", args.Get("leader"), "leaders");
    if (!leader.ok()) return leader.status();
    request.set_leader(*leader);
  }
  int page_size = 0;
  if (absl::Status s = PageSizeFlag(args, &page_size); !s.ok()) return s;
  request.set_page_size(page_size);
  Connection connection(inv.global, kService);
  auto stub = rep::ContactService::NewStub(connection.channel());
  rep::ListContactAssignmentsResponse all;
  absl::Status s = CollectPages<rep::ListContactAssignmentsResponse>(
      args,
      [&](const std::string& token, rep::ListContactAssignmentsResponse* page) {
        request.set_page_token(token);
        return connection.Call([&](grpc::ClientContext* c) { return stub->ListContactAssignments(c, request, page); });
      },
      &all);
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.assignments_size() == 0) {
    std::printf("no contact assignments\n");
  } else {
    Table table({"ID", "LEADER", "DEPUTY", "TERM", "START", "END", "VISITS", "VISITED IN"});
    table.AlignRight(3);
    table.AlignRight(6);
    for (const rep::ContactAssignment& a : all.assignments()) {
      table.AddRow({IdOf(a.name()), IdOf(a.leader()), IdOf(a.deputy()), NumberOrEmpty(a.term()),
                    FormatDate(a.start_date()), FormatDate(a.end_date()), absl::StrCat(a.visit_count()),
                    absl::StrJoin(a.visited_years(), ", ")});
    }
    table.Print(stdout);
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

absl::Status RunAssign(const Invocation& inv) {
  const Args& args = inv.args;
  rep::CreateContactAssignmentRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_request_id(args.Get("request-id"));
  rep::ContactAssignment* a = request.mutable_assignment();
  absl::StatusOr<std::string> leader = ResourceFlag(args, "leader", args.Get("leader"), "leaders");
  if (!leader.ok()) return leader.status();
  a->set_leader(*leader);
  absl::StatusOr<int> term = args.GetInt("term", 0);
  if (!term.ok()) return term.status();
  a->set_term(*term);
  if (absl::Status s = DateFlag(args, "start", a->mutable_start_date(), TodayInChina()); !s.ok()) return s;

  Connection connection(inv.global, kService);
  absl::StatusOr<std::string> deputy = ResolveDeputyText(connection, args, "deputy", args.Get("deputy"));
  if (!deputy.ok()) return deputy.status();
  a->set_deputy(*deputy);
  auto stub = rep::ContactService::NewStub(connection.channel());
  rep::CreateContactAssignmentResponse response;
  absl::Status s =
      connection.Call([&](grpc::ClientContext* c) { return stub->CreateContactAssignment(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintAssignment(response.assignment());
  std::printf("(%s now contacts %d deputies)\n", response.leader().display_name().c_str(),
              response.leader().contacted_deputies_size());
  return absl::OkStatus();
}

// The active assignment of --leader for --deputy, for `contacts visit` without --assignment.
absl::StatusOr<std::string> FindAssignment(const Connection& connection, rep::ContactService::Stub* stub,
                                           const Args& args) {
  absl::StatusOr<std::string> leader = ResourceFlag(args, "leader", args.Get("leader"), "leaders");
  if (!leader.ok()) return leader.status();
  absl::StatusOr<std::string> deputy = ResolveDeputyText(connection, args, "deputy", args.Get("deputy"));
  if (!deputy.ok()) return deputy.status();
  rep::ListContactAssignmentsRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_leader(*leader);
  request.set_page_size(200);
  do {
    rep::ListContactAssignmentsResponse page;
    absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->ListContactAssignments(c, request, &page); });
    if (!s.ok()) return s;
    for (const rep::ContactAssignment& a : page.assignments()) {
      if (a.active() && a.deputy() == *deputy) return a.name();
    }
    if (page.next_page_token() == request.page_token()) break;
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return absl::NotFoundError(absl::StrCat(IdOf(*leader), " has no active assignment for ", IdOf(*deputy)));
}

absl::Status RunVisit(const Invocation& inv) {
  const Args& args = inv.args;
  if (args.Has("assignment") == (args.Has("leader") || args.Has("deputy"))) {
    return UsageError("give --assignment A, or --leader L with --deputy D");
  }
  if (!args.Has("assignment") && !(args.Has("leader") && args.Has("deputy"))) {
    return UsageError("give both --leader and --deputy");
  }
  rep::LogVisitRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_request_id(args.Get("request-id"));
  rep::Visit* visit = request.mutable_visit();
  if (absl::Status s = DateFlag(args, "date", visit->mutable_date(), TodayInChina()); !s.ok()) return s;
  absl::StatusOr<int> form = args.GetEnum("form", rep::VisitForm_descriptor());
  if (!form.ok()) return form.status();
  visit->set_form(static_cast<rep::VisitForm>(*form));
  visit->set_notes(args.Get("notes"));
  for (const std::string& opinion : args.GetAll("opinion")) visit->add_opinions(opinion);

  Connection connection(inv.global, kService);
  auto stub = rep::ContactService::NewStub(connection.channel());
  absl::StatusOr<std::string> assignment =
      args.Has("assignment") ? ResourceFlag(args, "assignment", args.Get("assignment"), "contactAssignments")
                             : FindAssignment(connection, stub.get(), args);
  if (!assignment.ok()) return assignment.status();
  visit->set_assignment(*assignment);
  rep::LogVisitResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->LogVisit(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  const rep::Visit& v = response.visit();
  Fields fields;
  fields.Add("name", v.name());
  fields.Add("assignment", v.assignment());
  fields.Add("leader", v.leader());
  fields.Add("deputy", v.deputy());
  fields.Add("date", FormatDate(v.date()));
  fields.Add("form", EnumFlagName(rep::VisitForm_descriptor(), v.form()));
  fields.Add("duty record", v.duty_record());
  fields.Add("logged by", v.logged_by());
  fields.Print(stdout);
  return absl::OkStatus();
}

absl::Status RunLeaders(const Invocation& inv) {
  const Args& args = inv.args;
  rep::ListLeadersRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  int page_size = 0;
  if (absl::Status s = PageSizeFlag(args, &page_size); !s.ok()) return s;
  request.set_page_size(page_size);
  Connection connection(inv.global, kService);
  auto stub = rep::ContactService::NewStub(connection.channel());
  rep::ListLeadersResponse all;
  absl::Status s = CollectPages<rep::ListLeadersResponse>(
      args,
      [&](const std::string& token, rep::ListLeadersResponse* page) {
        request.set_page_token(token);
        return connection.Call([&](grpc::ClientContext* c) { return stub->ListLeaders(c, request, page); });
      },
      &all);
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.leaders_size() == 0) {
    std::printf("no leaders\n");
  } else {
    Table table({"ID", "NAME", "POST", "SUBJECT", "CONTACTS", "DEPUTIES"});
    table.AlignRight(4);
    for (const rep::Leader& l : all.leaders()) {
      std::string deputies = absl::StrJoin(l.contacted_deputies(), ", ", [](std::string* out, const std::string& d) {
        out->append(IdOf(d));
      });
      table.AddRow({IdOf(l.name()), l.display_name(), EnumFlagName(rep::LeaderPost_descriptor(), l.post()),
                    l.subject(), absl::StrCat(l.contacted_deputies_size()), Truncate(deputies, 40)});
    }
    table.Print(stdout);
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

absl::Status RunLeaderCreate(const Invocation& inv) {
  const Args& args = inv.args;
  rep::CreateLeaderRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_leader_id(args.Get("id"));
  request.set_request_id(args.Get("request-id"));
  request.mutable_leader()->set_display_name(args.Get("name"));
  request.mutable_leader()->set_subject(args.Get("subject"));
  absl::StatusOr<int> post = args.GetEnum("post", rep::LeaderPost_descriptor());
  if (!post.ok()) return post.status();
  request.mutable_leader()->set_post(static_cast<rep::LeaderPost>(*post));
  Connection connection(inv.global, kService);
  auto stub = rep::ContactService::NewStub(connection.channel());
  rep::CreateLeaderResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->CreateLeader(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  Fields fields;
  fields.Add("name", response.leader().name());
  fields.Add("full name", response.leader().display_name());
  fields.Add("post", EnumFlagName(rep::LeaderPost_descriptor(), response.leader().post()));
  fields.Add("subject", response.leader().subject());
  fields.Add("etag", response.leader().etag());
  fields.Print(stdout);
  return absl::OkStatus();
}

Command ContactCommand(std::string group, std::string verb, std::string summary, std::vector<FlagSpec> flags,
                       absl::Status (*run)(const Invocation&)) {
  return {.group = std::move(group), .verb = std::move(verb), .service = kService, .summary = std::move(summary),
          .flags = std::move(flags), .field_flags = ContactFieldFlags(), .run = run};
}

std::vector<FlagSpec> WithPages(std::vector<FlagSpec> flags, absl::string_view plural) {
  for (FlagSpec& flag : PageFlags(plural)) flags.push_back(std::move(flag));
  return flags;
}

}  // namespace

std::vector<Command> ContactCommands() {
  const FlagSpec year = {.name = "year", .value_name = "YYYY", .help = "the calendar year", .required = true};
  const FlagSpec leader = {.name = "leader", .value_name = "L", .help = "the leader (id or resource name)"};
  const FlagSpec deputy = {.name = "deputy", .value_name = "D",
                           .help = "the grassroots deputy: id, resource name or full name"};
  FlagSpec required_leader = leader;
  required_leader.required = true;
  FlagSpec required_deputy = deputy;
  required_deputy.required = true;
  return {
      ContactCommand("contacts", "coverage",
                     "how many serving grassroots deputies are covered and visited in a year, with percentages",
                     {CongressFlag(), year}, RunCoverage),
      ContactCommand("contacts", "unvisited", "assigned grassroots deputies with no visit logged in a year",
                     {CongressFlag(), year}, RunUnvisited),
      ContactCommand("contacts", "shortfalls", "leaders with fewer assigned deputies than their quota",
                     {CongressFlag()}, RunShortfalls),
      ContactCommand("contacts", "assignments", "list contact assignments, all or one leader's",
                     WithPages({CongressFlag(), leader}, "assignments"), RunAssignments),
      ContactCommand("contacts", "assign", "assign a grassroots deputy to a leader for a term (staff, admin)",
                     {
                         CongressFlag(), required_leader, required_deputy,
                         {.name = "term", .value_name = "N", .help = "term (届), e.g. 16", .required = true},
                         {.name = "start", .value_name = "YYYY-MM-DD", .help = "first day (default today, China time)"},
                         RequestIdFlag(),
                     },
                     RunAssign),
      ContactCommand("contacts", "visit",
                     "log a contact: --assignment, or --leader and --deputy of an active assignment",
                     {
                         CongressFlag(),
                         {.name = "assignment", .value_name = "A", .help = "the assignment (id or resource name)"},
                         leader, deputy,
                         {.name = "form", .value_name = "F", .help = "how:", .required = true,
                          .enum_type = rep::VisitForm_descriptor()},
                         {.name = "date", .value_name = "YYYY-MM-DD", .help = "the day (default today, China time)"},
                         {.name = "notes", .value_name = "TEXT", .help = "notes in words"},
                         {.name = "opinion", .value_name = "TEXT", .help = "an opinion the deputy raised",
                          .repeated = true},
                         RequestIdFlag(),
                     },
                     RunVisit),
      ContactCommand("leaders", "list", "list the leaders taking part in the two contacts",
                     WithPages({CongressFlag()}, "leaders"), RunLeaders),
      ContactCommand("leaders", "create", "register a leader taking part in the two contacts (staff, admin)",
                     {
                         CongressFlag(),
                         {.name = "id", .value_name = "ID", .help = "the leader id to use; generated when absent"},
                         {.name = "name", .value_name = "NAME", .help = "full name, e.g. 张明", .required = true},
                         {.name = "post", .value_name = "P", .help = "post (sets the quota):", .required = true,
                          .enum_type = rep::LeaderPost_descriptor()},
                         {.name = "subject", .value_name = "SUB",
                          .help = "the JWT subject of the leader's own account", .required = true},
                         RequestIdFlag(),
                     },
                     RunLeaderCreate),
  };
}

}  // namespace rendactl
