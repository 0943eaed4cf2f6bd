// rendactl proposals file|get|list|assign|extend|reply|rate|key: deputies' bills and
// suggestions (议案建议) in the intake service.

#include <cstdio>

#include "absl/strings/str_join.h"
#include "renda/intake/v1/proposal.grpc.pb.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/enum_flags.h"
#include "tools/rendactl/output.h"

namespace rendactl {
namespace {

namespace in = renda::intake::v1;

constexpr char kService[] = "intake";
constexpr char kCollection[] = "proposals";

const FieldFlags& ProposalFieldFlags() {
  static const FieldFlags* flags = new FieldFlags{
      {"parent", "--congress"},
      {"name", "ID"},
      {"request_id", "--request-id"},
      {"page_size", "--page-size"},
      {"page_token", "--page-token"},
      {"proposal.kind", "--kind"},
      {"proposal.title", "--title"},
      {"proposal.content", "--content"},
      {"proposal.category", "--category"},
      {"proposal.filer", "--filer"},
      {"proposal.co_signers", "--co-signer"},
      {"proposal.delegation", "--delegation"},
      {"kind", "--kind"},
      {"state", "--state"},
      {"unit", "--unit"},
      {"deputy", "--deputy"},
      {"lead_unit", "--lead"},
      {"co_units", "--co-unit"},
      {"note", "--note"},
      {"new_deadline", "--deadline"},
      {"reason", "--reason"},
      {"category", "--category"},
      {"text", "--text"},
      {"satisfaction", "--rating"},
      {"comment", "--comment"},
  };
  return *flags;
}

std::string DateText(const renda::type::v1::Date& d) {
  if (d.year() == 0) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year(), d.month(), d.day());
  return buf;
}

std::string Deadline(const in::Proposal& p) {
  return p.rounds().empty() ? "" : DateText(p.rounds(p.rounds_size() - 1).deadline());
}

void PrintProposal(const in::Proposal& p) {
  Fields fields;
  fields.Add("name", p.name());
  fields.Add("kind", EnumFlagName(in::ProposalKind_descriptor(), p.kind()));
  fields.Add("state", EnumFlagName(in::ProposalState_descriptor(), p.state()));
  fields.Add("title", p.title());
  fields.Add("category", p.category());
  fields.Add("filer", p.filer());
  fields.Add("co-signers", absl::StrJoin(p.co_signers(), ", "));
  fields.Add("delegation", p.delegation());
  fields.Add("lead unit", p.lead_unit());
  fields.Add("co-units", absl::StrJoin(p.co_units(), ", "));
  fields.Add("deadline", Deadline(p));
  fields.Add("key", p.key() ? "yes (重点督办)" : "");
  fields.Add("filed", FormatTimestamp(p.create_time()));
  fields.Add("updated", FormatTimestamp(p.update_time()));
  fields.Add("etag", p.etag());
  fields.Print(stdout);
  for (const auto& r : p.rounds()) {
    std::printf("\nround %d: %s to %s", r.round(), DateText(r.start_date()).c_str(), DateText(r.deadline()).c_str());
    if (!r.extension_reason().empty()) std::printf(" (extended: %s)", r.extension_reason().c_str());
    std::printf("\n");
    if (r.reply().category() != in::REPLY_CATEGORY_UNSPECIFIED) {
      std::printf("  reply %s by %s: %s\n", EnumFlagName(in::ReplyCategory_descriptor(), r.reply().category()).c_str(),
                  r.reply().unit().c_str(), r.reply().text().c_str());
    }
    if (r.rating().satisfaction() != in::SATISFACTION_UNSPECIFIED) {
      std::printf("  rated %s %s\n", EnumFlagName(in::Satisfaction_descriptor(), r.rating().satisfaction()).c_str(),
                  r.rating().comment().c_str());
    }
  }
  if (!p.history().empty()) {
    std::printf("\n");
    Table table({"TIME", "ACTION", "ACTOR", "STATE", "NOTE"});
    for (const auto& t : p.history()) {
      table.AddRow({FormatTimestamp(t.time()), EnumFlagName(in::ProposalAction_descriptor(), t.action()), t.actor(),
                    EnumFlagName(in::ProposalState_descriptor(), t.to_state()), Truncate(t.note(), 60)});
    }
    table.Print(stdout);
  }
  if (!p.content().empty()) std::printf("\n%s\n", p.content().c_str());
}

// Runs one unary call of the proposal service and prints the proposal in its response.
template <class Response>
absl::Status CallAndPrint(const Invocation& inv,
                          const std::function<grpc::Status(in::ProposalService::Stub*, grpc::ClientContext*,
                                                           Response*)>& rpc) {
  Connection connection(inv.global, kService);
  auto stub = in::ProposalService::NewStub(connection.channel());
  Response response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return rpc(stub.get(), c, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  PrintProposal(response.proposal());
  return absl::OkStatus();
}

absl::Status RunFile(const Invocation& inv) {
  const Args& args = inv.args;
  in::FileProposalRequest request;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_request_id(args.Get("request-id"));
  in::Proposal* p = request.mutable_proposal();
  absl::StatusOr<int> kind = args.GetEnum("kind", in::ProposalKind_descriptor(), in::PROPOSAL_KIND_SUGGESTION);
  if (!kind.ok()) return kind.status();
  p->set_kind(static_cast<in::ProposalKind>(*kind));
  p->set_title(args.Get("title"));
  p->set_content(args.Get("content"));
  p->set_category(args.Get("category"));
  if (args.Has("filer")) {
    absl::StatusOr<std::string> filer = ResourceFlag(args, "filer", args.Get("filer"), "deputies");
    if (!filer.ok()) return filer.status();
    p->set_filer(*filer);
  }
  absl::StatusOr<std::vector<std::string>> co = ResourceFlags(args, "co-signer", "deputies");
  if (!co.ok()) return co.status();
  for (const auto& c : *co) p->add_co_signers(c);
  p->set_delegation(args.Get("delegation"));
  return CallAndPrint<in::FileProposalResponse>(inv, [&](auto* stub, auto* c, auto* r) {
    return stub->FileProposal(c, request, r);
  });
}

absl::Status RunGet(const Invocation& inv) {
  in::GetProposalRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  return CallAndPrint<in::GetProposalResponse>(inv, [&](auto* stub, auto* c, auto* r) {
    return stub->GetProposal(c, request, r);
  });
}

absl::Status RunList(const Invocation& inv) {
  const Args& args = inv.args;
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  in::ListProposalsRequest request;
  request.set_parent(*parent);
  absl::StatusOr<int> kind = args.GetEnum("kind", in::ProposalKind_descriptor());
  if (!kind.ok()) return kind.status();
  request.set_kind(static_cast<in::ProposalKind>(*kind));
  absl::StatusOr<int> state = args.GetEnum("state", in::ProposalState_descriptor());
  if (!state.ok()) return state.status();
  request.set_state(static_cast<in::ProposalState>(*state));
  request.set_unit(args.Get("unit"));
  if (args.Has("deputy")) {
    absl::StatusOr<std::string> deputy = ResourceFlag(args, "deputy", args.Get("deputy"), "deputies");
    if (!deputy.ok()) return deputy.status();
    request.set_deputy(*deputy);
  }
  request.set_key_only(args.Has("key"));
  absl::StatusOr<int> page_size = args.GetInt("page-size", 0);
  if (!page_size.ok()) return page_size.status();
  request.set_page_size(*page_size);

  Connection connection(inv.global, kService);
  auto stub = in::ProposalService::NewStub(connection.channel());
  in::ListProposalsResponse all;
  absl::Status s = CollectPages<in::ListProposalsResponse>(
      args,
      [&](const std::string& token, in::ListProposalsResponse* page) {
        request.set_page_token(token);
        return connection.Call([&](grpc::ClientContext* c) { return stub->ListProposals(c, request, page); });
      },
      &all);
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(all);
  if (all.proposals_size() == 0) {
    std::printf("no proposals\n");
  } else {
    Table table({"ID", "FILED", "KIND", "STATE", "FILER", "LEAD UNIT", "DEADLINE", "KEY", "TITLE"});
    for (const in::Proposal& p : all.proposals()) {
      table.AddRow({IdOf(p.name()), FormatTimestamp(p.create_time()),
                    EnumFlagName(in::ProposalKind_descriptor(), p.kind()),
                    EnumFlagName(in::ProposalState_descriptor(), p.state()), IdOf(p.filer()), p.lead_unit(),
                    Deadline(p), p.key() ? "key" : "", Truncate(p.title(), 40)});
    }
    table.Print(stdout);
  }
  PrintMoreHint(all.next_page_token());
  return absl::OkStatus();
}

absl::Status RunAssign(const Invocation& inv) {
  in::AssignProposalRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  request.set_lead_unit(inv.args.Get("lead"));
  for (const auto& u : inv.args.GetAll("co-unit")) request.add_co_units(u);
  request.set_note(inv.args.Get("note"));
  request.set_request_id(inv.args.Get("request-id"));
  return CallAndPrint<in::AssignProposalResponse>(inv, [&](auto* stub, auto* c, auto* r) {
    return stub->AssignProposal(c, request, r);
  });
}

absl::Status RunExtend(const Invocation& inv) {
  in::ExtendProposalDeadlineRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  if (absl::Status s = DateFlag(inv.args, "deadline", request.mutable_new_deadline()); !s.ok()) return s;
  request.set_reason(inv.args.Get("reason"));
  request.set_request_id(inv.args.Get("request-id"));
  return CallAndPrint<in::ExtendProposalDeadlineResponse>(inv, [&](auto* stub, auto* c, auto* r) {
    return stub->ExtendProposalDeadline(c, request, r);
  });
}

absl::Status RunReply(const Invocation& inv) {
  in::ReplyProposalRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  absl::StatusOr<int> category = inv.args.GetEnum("category", in::ReplyCategory_descriptor());
  if (!category.ok()) return category.status();
  request.set_category(static_cast<in::ReplyCategory>(*category));
  request.set_text(inv.args.Get("text"));
  request.set_request_id(inv.args.Get("request-id"));
  return CallAndPrint<in::ReplyProposalResponse>(inv, [&](auto* stub, auto* c, auto* r) {
    return stub->ReplyProposal(c, request, r);
  });
}

absl::Status RunRate(const Invocation& inv) {
  in::RateProposalRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  absl::StatusOr<int> rating = inv.args.GetEnum("rating", in::Satisfaction_descriptor());
  if (!rating.ok()) return rating.status();
  request.set_satisfaction(static_cast<in::Satisfaction>(*rating));
  request.set_comment(inv.args.Get("comment"));
  request.set_request_id(inv.args.Get("request-id"));
  return CallAndPrint<in::RateProposalResponse>(inv, [&](auto* stub, auto* c, auto* r) {
    return stub->RateProposal(c, request, r);
  });
}

absl::Status RunKey(const Invocation& inv) {
  in::SetProposalKeyRequest request;
  absl::StatusOr<std::string> name = ResourceArg(inv.args, kCollection);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  request.set_key(!inv.args.Has("clear"));
  request.set_note(inv.args.Get("note"));
  request.set_request_id(inv.args.Get("request-id"));
  return CallAndPrint<in::SetProposalKeyResponse>(inv, [&](auto* stub, auto* c, auto* r) {
    return stub->SetProposalKey(c, request, r);
  });
}

Command One(std::string verb, std::string summary, std::vector<FlagSpec> flags, absl::Status (*run)(const Invocation&)) {
  flags.insert(flags.begin(), CongressFlag(false));
  flags.push_back(RequestIdFlag());
  return {.group = "proposals",
          .verb = std::move(verb),
          .service = kService,
          .summary = std::move(summary),
          .positional = "ID",
          .positional_required = true,
          .flags = std::move(flags),
          .field_flags = ProposalFieldFlags(),
          .run = run};
}

}  // namespace

std::vector<Command> ProposalCommands() {
  std::vector<FlagSpec> list_flags = {
      CongressFlag(),
      {.name = "kind", .value_name = "K", .help = "only this kind:", .enum_type = in::ProposalKind_descriptor()},
      {.name = "state", .value_name = "S", .help = "only this state:", .enum_type = in::ProposalState_descriptor()},
      {.name = "unit", .value_name = "ID", .help = "only those assigned to this handling unit"},
      {.name = "deputy", .value_name = "DEPUTY", .help = "only those filed or co-signed by this deputy"},
      {.name = "key", .help = "only key proposals (重点督办)"},
  };
  for (FlagSpec& flag : PageFlags("proposals")) list_flags.push_back(std::move(flag));
  std::vector<Command> out = {
      {
          .group = "proposals",
          .verb = "file",
          .service = kService,
          .summary = "file a deputy's suggestion or bill (deputy as themself; staff name --filer)",
          .flags =
              {
                  CongressFlag(),
                  {.name = "kind", .value_name = "K", .help = "suggestion (default) or bill:",
                   .enum_type = in::ProposalKind_descriptor()},
                  {.name = "title", .value_name = "TEXT", .help = "title, up to 100 characters", .required = true},
                  {.name = "content", .value_name = "TEXT", .help = "the text, up to 10000 characters",
                   .required = true},
                  {.name = "category", .value_name = "TEXT", .help = "category in words, e.g. 城乡建设",
                   .required = true},
                  {.name = "filer", .value_name = "DEPUTY", .help = "the filing deputy (staff entering for them)"},
                  {.name = "co-signer", .value_name = "DEPUTY", .help = "a co-signing deputy",
                   .repeated = true},
                  {.name = "delegation", .value_name = "ID", .help = "a bill filed for this delegation"},
                  RequestIdFlag(),
              },
          .field_flags = ProposalFieldFlags(),
          .run = RunFile,
      },
      {
          .group = "proposals",
          .verb = "get",
          .service = kService,
          .summary = "show one proposal with its rounds and history",
          .positional = "ID",
          .positional_required = true,
          .flags = {CongressFlag(false)},
          .field_flags = ProposalFieldFlags(),
          .run = RunGet,
      },
      {
          .group = "proposals",
          .verb = "list",
          .service = kService,
          .summary = "list proposals, newest first, filtered",
          .flags = list_flags,
          .field_flags = ProposalFieldFlags(),
          .run = RunList,
      },
  };
  out.push_back(One("assign", "assign to a lead unit and co-units (staff); due in 3 months",
                    {{.name = "lead", .value_name = "UNIT", .help = "the lead handling unit", .required = true},
                     {.name = "co-unit", .value_name = "UNIT", .help = "a co-handling unit", .repeated = true},
                     {.name = "note", .value_name = "TEXT", .help = "a note"}},
                    RunAssign));
  out.push_back(One("extend", "extend the deadline (staff), at most 6 months from the round's start",
                    {{.name = "deadline", .value_name = "DATE", .help = "the new deadline, e.g. 2026-11-30",
                      .required = true},
                     {.name = "reason", .value_name = "TEXT", .help = "why", .required = true}},
                    RunExtend));
  out.push_back(One("reply", "the lead unit's reply",
                    {{.name = "category", .value_name = "C", .help = "the reply category:", .required = true,
                      .enum_type = in::ReplyCategory_descriptor()},
                     {.name = "text", .value_name = "TEXT", .help = "the reply", .required = true}},
                    RunReply));
  out.push_back(One("rate", "the filing deputy's rating; not-satisfied sends it back to the unit",
                    {{.name = "rating", .value_name = "R", .help = "the rating:", .required = true,
                      .enum_type = in::Satisfaction_descriptor()},
                     {.name = "comment", .value_name = "TEXT", .help = "a comment"}},
                    RunRate));
  out.push_back(One("key", "flag as key for leaders' supervision (staff); --clear to unflag",
                    {{.name = "clear", .help = "clear the flag instead"},
                     {.name = "note", .value_name = "TEXT", .help = "why"}},
                    RunKey));
  return out;
}

}  // namespace rendactl
