// rendactl score, rank and exit evaluate|list|get|notify|statement|decide: performance
// evaluation of deputies (履职评估) and the management and exit mechanism (退出机制).

#include <cstdio>
#include <utility>

#include "renda/representatives/v1/evaluation.grpc.pb.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/enum_flags.h"
#include "tools/rendactl/output.h"
#include "tools/rendactl/rep_common.h"

namespace rendactl {
namespace {

namespace rep = renda::representatives::v1;

constexpr char kService[] = "representatives";
constexpr char kCases[] = "exitCases";

const FieldFlags& EvaluationFieldFlags() {
  static const FieldFlags* flags = new FieldFlags{
      {"parent", "--congress"},
      {"name", "ID"},
      {"deputy", "DEPUTY"},
      {"year", "--year"},
      {"rules_version", "--rules"},
      {"delegation", "--delegation"},
      {"term", "--term"},
      {"as_of", "--as-of"},
      {"state", "--state"},
      {"page_size", "--page-size"},
      {"page_token", "--page-token"},
      {"note", "--note"},
      {"statement", "--statement"},
      {"decision", "--decision"},
      {"etag", "--etag"},
      {"request_id", "--request-id"},
  };
  return *flags;
}

std::string YesOrEmpty(bool value) { return value ? "yes" : ""; }

absl::Status RunScore(const Invocation& inv) {
  const Args& args = inv.args;
  rep::GetDeputyScoreRequest request;
  absl::StatusOr<int> year = args.GetInt("year", 0);
  if (!year.ok()) return year.status();
  request.set_year(*year);
  absl::StatusOr<int> rules = args.GetInt("rules", 0);
  if (!rules.ok()) return rules.status();
  request.set_rules_version(*rules);

  Connection connection(inv.global, kService);
  absl::StatusOr<std::string> deputy = ResolveDeputy(connection, args);
  if (!deputy.ok()) return deputy.status();
  request.set_deputy(*deputy);
  auto stub = rep::EvaluationService::NewStub(connection.channel());
  rep::GetDeputyScoreResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->GetDeputyScore(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  const rep::DeputyScore& score = response.score();
  Fields fields;
  fields.Add("deputy", score.deputy());
  fields.Add("year", absl::StrCat(score.year()));
  fields.Add("rules version", absl::StrCat(score.rules_version()));
  fields.Add("total", absl::StrCat(score.total()));
  fields.Print(stdout);
  if (score.items_size() == 0) {
    std::printf("\nno confirmed records in %d\n", score.year());
    return absl::OkStatus();
  }
  std::printf("\n");
  Table items({"DATE", "RECORD", "TYPE", "POINTS", "CAPPED", "TITLE", "REASON"});
  items.AlignRight(3);
  for (const rep::ScoreItem& item : score.items()) {
    items.AddRow({FormatDate(item.date()), IdOf(item.record()),
                  EnumFlagName(rep::DutyRecordType_descriptor(), item.type()), absl::StrCat(item.points()),
                  YesOrEmpty(item.capped()), Truncate(item.title(), 30), Truncate(item.reason(), 60)});
  }
  items.Print(stdout);
  std::printf("\n");
  Table subtotals({"TYPE", "RECORDS", "POINTS", "CAPPED"});
  subtotals.AlignRight(1);
  subtotals.AlignRight(2);
  for (const rep::TypeSubtotal& sub : score.subtotals()) {
    subtotals.AddRow({EnumFlagName(rep::DutyRecordType_descriptor(), sub.type()), absl::StrCat(sub.records()),
                      absl::StrCat(sub.points()), YesOrEmpty(sub.capped())});
  }
  subtotals.AddRow({"total", "", absl::StrCat(score.total()), ""});
  subtotals.Print(stdout);
  return absl::OkStatus();
}

absl::Status RunRank(const Invocation& inv) {
  const Args& args = inv.args;
  if (!args.Has("delegation") && !args.Has("term")) return UsageError("give --delegation, --term or both");
  rep::RankDeputiesRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_delegation(args.Get("delegation"));
  for (auto [flag, setter] : {std::pair{"year", &rep::RankDeputiesRequest::set_year},
                              std::pair{"term", &rep::RankDeputiesRequest::set_term},
                              std::pair{"rules", &rep::RankDeputiesRequest::set_rules_version}}) {
    absl::StatusOr<int> value = args.GetInt(flag, 0);
    if (!value.ok()) return value.status();
    (request.*setter)(*value);
  }

  Connection connection(inv.global, kService);
  auto stub = rep::EvaluationService::NewStub(connection.channel());
  rep::RankDeputiesResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->RankDeputies(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  if (response.deputies_size() == 0) {
    std::printf("no deputies match\n");
    return absl::OkStatus();
  }
  Table table({"RANK", "ID", "NAME", "STATUS", "SCORE"});
  table.AlignRight(0);
  table.AlignRight(4);
  for (const rep::RankedDeputy& d : response.deputies()) {
    table.AddRow({absl::StrCat(d.rank()), IdOf(d.deputy()), d.display_name(),
                  EnumFlagName(rep::DeputyStatus_descriptor(), d.status()), absl::StrCat(d.score())});
  }
  table.Print(stdout);
  std::printf("(rules version %d)\n", response.rules_version());
  return absl::OkStatus();
}

void PrintCaseTable(const google::protobuf::RepeatedPtrField<rep::ExitCase>& cases) {
  Table table({"ID", "DEPUTY", "YEAR", "GROUND", "STATE", "DECISION", "DETAIL"});
  for (const rep::ExitCase& c : cases) {
    table.AddRow({IdOf(c.name()), IdOf(c.deputy()), NumberOrEmpty(c.year()),
                  EnumFlagName(rep::ExitGround_descriptor(), c.ground()),
                  EnumFlagName(rep::ExitCaseState_descriptor(), c.state()),
                  EnumFlagName(rep::ExitDecision_descriptor(), c.decision()), Truncate(c.detail(), 50)});
  }
  table.Print(stdout);
}

void PrintCase(const rep::ExitCase& c) {
  Fields fields;
  fields.Add("name", c.name());
  fields.Add("deputy", c.deputy());
  fields.Add("year", NumberOrEmpty(c.year()));
  fields.Add("ground", EnumFlagName(rep::ExitGround_descriptor(), c.ground()));
  fields.Add("detail", c.detail());
  fields.Add("rules version", absl::StrCat(c.rules_version()));
  fields.Add("state", EnumFlagName(rep::ExitCaseState_descriptor(), c.state()));
  fields.Add("decision", EnumFlagName(rep::ExitDecision_descriptor(), c.decision()));
  fields.Add("etag", c.etag());
  fields.Print(stdout);
  for (const std::string& evidence : c.evidence()) std::printf("evidence  %s\n", evidence.c_str());
  std::printf("\n");
  Table steps({"TIME", "STATE", "BY", "NOTE"});
  for (const rep::ExitCaseStep& step : c.steps()) {
    steps.AddRow({FormatTimestamp(step.time()), EnumFlagName(rep::ExitCaseState_descriptor(), step.state()),
                  step.actor(), Truncate(step.note(), 50)});
  }
  steps.Print(stdout);
}

absl::Status RunEvaluate(const Invocation& inv) {
  const Args& args = inv.args;
  rep::EvaluateExitRulesRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  absl::StatusOr<int> year = args.GetInt("year", 0);
  if (!year.ok()) return year.status();
  request.set_year(*year);
  absl::StatusOr<int> rules = args.GetInt("rules", 0);
  if (!rules.ok()) return rules.status();
  request.set_rules_version(*rules);
  if (args.Has("as-of")) {
    if (absl::Status s = DateFlag(args, "as-of", request.mutable_as_of()); !s.ok()) return s;
  }
  int page_size = 0;
  if (absl::Status s = PageSizeFlag(args, &page_size); !s.ok()) return s;
  request.set_page_size(page_size);

  Connection connection(inv.global, kService);
  auto stub = rep::EvaluationService::NewStub(connection.channel());
  // Pages are read here rather than with CollectPages: deputies_checked adds up over pages.
  rep::EvaluateExitRulesResponse all;
  int checked = 0;
  request.set_page_token(args.Get("page-token"));
  for (;;) {
    rep::EvaluateExitRulesResponse page;
    absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->EvaluateExitRules(c, request, &page); });
    if (!s.ok()) return s;
    checked += page.deputies_checked();
    all.MergeFrom(page);
    if (!args.Has("all") || page.next_page_token().empty()) break;
    if (page.next_page_token() == request.page_token()) {
      return absl::InternalError("the server returned the same page token twice");
    }
    request.set_page_token(page.next_page_token());
  }
  all.set_deputies_checked(checked);
  if (inv.global.json) return PrintJson(all);
  std::printf("checked %d deputies; opened %d cases\n", checked, all.opened_size());
  if (all.opened_size() > 0) PrintCaseTable(all.opened());
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

absl::Status RunCaseList(const Invocation& inv) {
  const Args& args = inv.args;
  rep::ListExitCasesRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  absl::StatusOr<int> state = args.GetEnum("state", rep::ExitCaseState_descriptor());
  if (!state.ok()) return state.status();
  request.set_state(static_cast<rep::ExitCaseState>(*state));
  int page_size = 0;
  if (absl::Status s = PageSizeFlag(args, &page_size); !s.ok()) return s;
  request.set_page_size(page_size);

  Connection connection(inv.global, kService);
  absl::StatusOr<std::string> deputy = OptionalDeputyFilter(connection, args);
  if (!deputy.ok()) return deputy.status();
  request.set_deputy(*deputy);
  auto stub = rep::EvaluationService::NewStub(connection.channel());
  rep::ListExitCasesResponse all;
  absl::Status s = CollectPages<rep::ListExitCasesResponse>(
      args,
      [&](const std::string& token, rep::ListExitCasesResponse* page) {
        request.set_page_token(token);
        return connection.Call([&](grpc::ClientContext* c) { return stub->ListExitCases(c, request, page); });
      },
      &all);
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.exit_cases_size() == 0) {
    std::printf("no exit cases\n");
  } else {
    PrintCaseTable(all.exit_cases());
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

// One call on one case, printing the case it answers with: get, notify, statement, decide.
template <typename Request, typename Response>
absl::Status RunCaseCall(const Invocation& inv,
                         grpc::Status (rep::EvaluationService::Stub::*rpc)(grpc::ClientContext*, const Request&,
                                                                           Response*),
                         Request request) {
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCases);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  Connection connection(inv.global, kService);
  auto stub = rep::EvaluationService::NewStub(connection.channel());
  Response response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return ((*stub).*rpc)(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintCase(response.exit_case());
  return absl::OkStatus();
}

absl::Status RunCaseGet(const Invocation& inv) {
  return RunCaseCall(inv, &rep::EvaluationService::Stub::GetExitCase, rep::GetExitCaseRequest());
}

absl::Status RunNotify(const Invocation& inv) {
  rep::NotifyDeputyRequest request;
  request.set_note(inv.args.Get("note"));
  request.set_etag(inv.args.Get("etag"));
  request.set_request_id(inv.args.Get("request-id"));
  return RunCaseCall(inv, &rep::EvaluationService::Stub::NotifyDeputy, std::move(request));
}

absl::Status RunStatement(const Invocation& inv) {
  rep::RecordStatementRequest request;
  request.set_statement(inv.args.Get("statement"));
  request.set_etag(inv.args.Get("etag"));
  request.set_request_id(inv.args.Get("request-id"));
  return RunCaseCall(inv, &rep::EvaluationService::Stub::RecordStatement, std::move(request));
}

absl::Status RunDecide(const Invocation& inv) {
  rep::DecideExitCaseRequest request;
  absl::StatusOr<int> decision = inv.args.GetEnum("decision", rep::ExitDecision_descriptor());
  if (!decision.ok()) return decision.status();
  request.set_decision(static_cast<rep::ExitDecision>(*decision));
  request.set_note(inv.args.Get("note"));
  request.set_etag(inv.args.Get("etag"));
  request.set_request_id(inv.args.Get("request-id"));
  return RunCaseCall(inv, &rep::EvaluationService::Stub::DecideExitCase, std::move(request));
}

FlagSpec YearFlag(bool required) {
  return {.name = "year", .value_name = "YYYY", .help = "the year, e.g. 2026", .required = required};
}
FlagSpec RulesFlag() {
  return {.name = "rules", .value_name = "N", .help = "scoring rules version (default the latest)"};
}

// The flags of a step on a case: `extra` (what is said), then --etag and --request-id.
std::vector<FlagSpec> StepFlags(std::vector<FlagSpec> extra) {
  std::vector<FlagSpec> flags = {CongressFlag(false)};
  for (FlagSpec& flag : extra) flags.push_back(std::move(flag));
  flags.push_back({.name = "etag", .value_name = "E", .help = "refuse (ABORTED) if the case changed since this etag"});
  flags.push_back(RequestIdFlag());
  return flags;
}

Command CaseCommand(std::string verb, std::string summary, std::vector<FlagSpec> flags,
                    absl::Status (*run)(const Invocation&)) {
  return {.group = "exit", .verb = std::move(verb), .service = kService, .summary = std::move(summary),
          .positional = "CASE", .positional_required = true, .flags = std::move(flags),
          .field_flags = EvaluationFieldFlags(), .run = run};
}

}  // namespace

std::vector<Command> EvaluationCommands() {
  std::vector<FlagSpec> evaluate_flags = {
      CongressFlag(), YearFlag(true),
      {.name = "as-of", .value_name = "YYYY-MM-DD", .help = "the day inactivity is measured back from"},
      RulesFlag(),
  };
  for (FlagSpec& flag : PageFlags("deputies")) evaluate_flags.push_back(std::move(flag));
  std::vector<FlagSpec> list_flags = {
      CongressFlag(),
      {.name = "state", .value_name = "S", .help = "only this state:", .enum_type = rep::ExitCaseState_descriptor()},
      {.name = "deputy", .value_name = "D", .help = "only this deputy's cases: id, resource name or full name"},
  };
  for (FlagSpec& flag : PageFlags("cases")) list_flags.push_back(std::move(flag));
  return {
      {
          .group = "score",
          .service = kService,
          .summary = "a deputy's score for a year: the total and every confirmed record with its points",
          .positional = "DEPUTY",
          .positional_required = true,
          .flags = {CongressFlag(false), YearFlag(true), RulesFlag()},
          .field_flags = EvaluationFieldFlags(),
          .run = RunScore,
      },
      {
          .group = "rank",
          .service = kService,
          .summary = "rank the deputies of a delegation and/or term by their score for a year",
          .flags =
              {
                  CongressFlag(), YearFlag(true),
                  {.name = "delegation", .value_name = "ID", .help = "only this delegation"},
                  {.name = "term", .value_name = "N", .help = "only this term"},
                  RulesFlag(),
              },
          .field_flags = EvaluationFieldFlags(),
          .run = RunRank,
      },
      {
          .group = "exit",
          .verb = "evaluate",
          .service = kService,
          .summary = "check the exit rules for a page of serving deputies (--all: every one), opening cases (staff)",
          .flags = evaluate_flags,
          .field_flags = EvaluationFieldFlags(),
          .run = RunEvaluate,
      },
      {
          .group = "exit",
          .verb = "list",
          .service = kService,
          .summary = "list exit cases, optionally of one state and/or deputy",
          .flags = list_flags,
          .field_flags = EvaluationFieldFlags(),
          .run = RunCaseList,
      },
      CaseCommand("get", "show one exit case with its steps", {CongressFlag(false)}, RunCaseGet),
      CaseCommand("notify", "record that the deputy was told of the case (staff, admin)",
                  StepFlags({{.name = "note", .value_name = "TEXT", .help = "how and when the deputy was told",
                              .required = true}}),
                  RunNotify),
      CaseCommand("statement", "record the deputy's statement on the case",
                  StepFlags({{.name = "statement", .value_name = "TEXT", .help = "the deputy's statement",
                              .required = true}}),
                  RunStatement),
      CaseCommand("decide", "decide the case; terminated also ends the deputy's term of office (staff, admin)",
                  StepFlags({{.name = "decision", .value_name = "D", .help = "the decision:", .required = true,
                              .enum_type = rep::ExitDecision_descriptor()},
                             {.name = "note", .value_name = "TEXT",
                              .help = "the reasons, e.g. the Standing Committee's resolution", .required = true}}),
                  RunDecide),
  };
}

}  // namespace rendactl
