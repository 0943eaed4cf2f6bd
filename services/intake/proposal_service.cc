#include "services/intake/proposal_service.h"

#include <atomic>
#include <chrono>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/common/entity_ops.h"
#include "services/common/grpc_status.h"
#include "services/common/names.h"
#include "services/common/validation.h"

namespace renda::intake {
namespace {

namespace rep = renda::representatives::v1;

const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
const Roles kFilerRoles = {Role::kDeputy, Role::kStaff, Role::kAdmin};
const Roles kReaderRoles = {Role::kDeputy, Role::kHandlingUnit, Role::kStaff, Role::kLeader, Role::kAdmin,
                            Role::kService};
constexpr size_t kMaxReply = 10000;
constexpr size_t kMaxNote = 500;
constexpr size_t kMaxComment = 2000;
// How long one look-up of the representatives service may take.
constexpr auto kLookUpTimeout = std::chrono::seconds(5);

std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

// The look-ups of one filing, answered once all are back.
struct LookUps {
  absl::Mutex mu;
  std::vector<SignerStatus> signers;
  absl::Status failure;  // the first call that could not be answered
  std::atomic<size_t> left{0};
  Callback<std::vector<SignerStatus>> done;
};

struct OneLookUp {
  grpc::ClientContext context;
  rep::GetDeputyRequest request;
  rep::GetDeputyResponse response;
};

// Unit ids of an assignment: the lead required, co-units distinct and not the lead.
std::vector<std::string> CheckUnits(const v1::AssignProposalRequest& req, Validator& v) {
  v.Id("lead_unit", req.lead_unit(), true);
  if (req.co_units_size() > 20) v.Add("co_units", "at most 20 co-handling units");
  std::set<std::string> seen = {req.lead_unit()};
  std::vector<std::string> out;
  for (int i = 0; i < req.co_units_size(); ++i) {
    const std::string field = absl::StrCat("co_units[", i, "]");
    v.Id(field, req.co_units(i), true);
    if (!seen.insert(req.co_units(i)).second) {
      v.Add(field, req.co_units(i) == req.lead_unit() ? "is the lead unit" : "names a unit twice");
    }
    out.push_back(req.co_units(i));
  }
  return out;
}

}  // namespace

const AccessTable& ProposalAccess() {
  static const AccessTable* table = new AccessTable{
      {"FileProposal", kFilerRoles},
      {"GetProposal", kReaderRoles},
      {"ListProposals", kReaderRoles},
      {"AssignProposal", kStaffRoles},
      {"ExtendProposalDeadline", kStaffRoles},
      {"ReplyProposal", Roles{Role::kHandlingUnit}},
      {"RateProposal", kFilerRoles},
      {"SetProposalKey", kStaffRoles},
  };
  return *table;
}

ProposalService::ProposalService(const Runtime& runtime, const IntakeOptions& options)
    : runtime_(runtime),
      options_(options),
      store_(runtime.redis, "in"),
      runner_("proposals", &ProposalAccess(), runtime.auth),
      deputies_(rep::RepresentativesService::NewStub(ChannelTo(options.representatives_addr))) {}

void ProposalService::LookUpSigners(const std::string& congress, std::vector<std::string> names,
                                    Callback<std::vector<SignerStatus>> done) {
  auto all = std::make_shared<LookUps>();
  all->signers.resize(names.size());
  all->left = names.size();
  all->done = std::move(done);
  // A short-lived service token: intake asks as itself, whoever the caller is.
  Claims claims;
  claims.subject = "intake";
  claims.roles = Roles{Role::kService};
  claims.congress = congress;
  claims.issued_at = runtime_.clock->Now();
  claims.expiry = claims.issued_at + absl::Minutes(5);
  const std::string bearer = "Bearer " + MintToken(claims, runtime_.options.token_key);
  for (size_t i = 0; i < names.size(); ++i) {
    auto one = std::make_shared<OneLookUp>();
    one->context.AddMetadata("authorization", bearer);
    one->context.set_deadline(std::chrono::system_clock::now() + kLookUpTimeout);
    one->request.set_name(names[i]);
    all->signers[i].name = names[i];
    deputies_->async()->GetDeputy(&one->context, &one->request, &one->response, [all, one, i](grpc::Status s) {
      {
        absl::MutexLock lock(&all->mu);
        SignerStatus& out = all->signers[i];
        if (s.ok()) {
          const rep::Deputy& d = one->response.deputy();
          out.found = true;
          out.display_name = d.display_name();
          out.serving = d.status() == rep::DEPUTY_STATUS_SERVING;
          out.status = rep::DeputyStatus_Name(d.status());
          out.delegation = d.delegation();
        } else if (s.error_code() != grpc::StatusCode::NOT_FOUND && all->failure.ok()) {
          all->failure = MakeError(absl::StatusCode::kUnavailable, "REPRESENTATIVES_UNAVAILABLE",
                                   absl::StrCat("the representatives service could not say whether ", out.name,
                                                " is serving (", s.error_message(),
                                                "); nothing was filed, try again later"));
        }
      }
      if (all->left.fetch_sub(1) != 1) return;
      if (!all->failure.ok()) return all->done(all->failure);
      all->done(std::move(all->signers));
    });
  }
}

void ProposalService::Change(Validator v, const Caller& caller, const std::string& name,
                             const google::protobuf::Message& request, const std::string& request_id,
                             std::function<absl::StatusOr<Proposal>(const Proposal&, absl::Time)> mutate,
                             Proposal* out, Finish finish) {
  const ResourceName n = ParseResourceName("name", name, kProposalCollection, v);
  v.RequestId("request_id", request_id);
  if (auto s = CheckRequest(v, caller, n.congress); !s.ok()) return finish(s);
  const absl::Time now = runtime_.clock->Now();
  auto plan = NewUpdatePlan<Proposal>(ChangeSpec(n.congress, kProposalKind, n.id, caller.subject(), request,
                                                 request_id, now),
                                      "proposal", name);
  plan->mutate = [mutate, caller, now](const Proposal& current) -> absl::StatusOr<Proposal> {
    // Someone who may not see the proposal learns nothing of it.
    if (!MayRead(current, caller)) return NotFound("proposal", current.name());
    return mutate(current, now);
  };
  plan->indexes = [](const Proposal& next) { return ProposalIndexes(next); };
  UpdateProto<Proposal>(&store_, plan, FinishWith(out, std::move(finish)));
}

grpc::ServerUnaryReactor* ProposalService::FileProposal(grpc::CallbackServerContext* ctx,
                                                        const v1::FileProposalRequest* req,
                                                        v1::FileProposalResponse* resp) {
  return runner_.Unary(ctx, "FileProposal", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ValidateFiledProposal(req->proposal(), congress, v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    auto filer = FilerFor(caller, congress, req->proposal());
    if (!filer.ok()) return finish(filer.status());
    Proposal input = req->proposal();
    input.set_filer(*filer);
    for (const auto& c : input.co_signers()) {
      if (c == *filer) return finish(InvalidRequest({{"proposal.co_signers", "lists the filer; list only the others"}}));
    }
    LookUpSigners(congress, SignersOf(input),
                  [this, req, resp, caller, congress, input,
                   finish = std::move(finish)](absl::StatusOr<std::vector<SignerStatus>> signers) mutable {
                    if (!signers.ok()) return finish(signers.status());
                    if (auto s = CheckSigners(input, *signers); !s.ok()) return finish(s);
                    const absl::Time now = runtime_.clock->Now();
                    const std::string id = NewTimeOrderedId(now);
                    Proposal p = NewProposal(input, ResourceNameOf(congress, kProposalCollection, id), input.filer(),
                                             caller.subject(), now);
                    PutSpec spec = CreateSpec(congress, kProposalKind, id, ProposalIndexes(p), caller.subject(), *req,
                                              req->request_id(), now);
                    PutProto<Proposal>(&store_, spec, std::move(p),
                                       FinishWith(resp->mutable_proposal(), std::move(finish)));
                  });
  });
}

grpc::ServerUnaryReactor* ProposalService::GetProposal(grpc::CallbackServerContext* ctx,
                                                       const v1::GetProposalRequest* req,
                                                       v1::GetProposalResponse* resp) {
  return runner_.Unary(ctx, "GetProposal", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kProposalCollection, v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetProto<Proposal>(&store_, "proposal", kProposalKind, name.congress, name.id, req->name(),
                       [resp, caller, finish = std::move(finish)](absl::StatusOr<Proposal> p) mutable {
                         if (!p.ok()) return finish(p.status());
                         if (!MayRead(*p, caller)) return finish(NotFound("proposal", p->name()));
                         *resp->mutable_proposal() = *std::move(p);
                         finish(absl::OkStatus());
                       });
  });
}

grpc::ServerUnaryReactor* ProposalService::ListProposals(grpc::CallbackServerContext* ctx,
                                                         const v1::ListProposalsRequest* req,
                                                         v1::ListProposalsResponse* resp) {
  return runner_.Unary(ctx, "ListProposals", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ValidateListProposals(*req, congress, v);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    auto scoped = ScopeListForCaller(*req, caller, congress);
    if (!scoped.ok()) return finish(scoped.status());
    ListSpec spec{congress,
                  kProposalKind,
                  ListProposalIndexes(*scoped, congress),
                  ListProposalScope(*scoped),
                  req->page_token(),
                  req->page_size(),
                  /*descending=*/true};
    ListProtos<Proposal>(&store_, *runtime_.page_tokens, std::move(spec),
                         FinishPage<Proposal>(resp->mutable_proposals(), resp->mutable_next_page_token(),
                                              std::move(finish),
                                              [caller](Proposal& p) { return MayRead(p, caller); }));
  });
}

grpc::ServerUnaryReactor* ProposalService::AssignProposal(grpc::CallbackServerContext* ctx,
                                                          const v1::AssignProposalRequest* req,
                                                          v1::AssignProposalResponse* resp) {
  return runner_.Unary(ctx, "AssignProposal", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    std::vector<std::string> co_units = CheckUnits(*req, v);
    v.Text("note", req->note(), kMaxNote, false);
    Change(
        std::move(v), caller, req->name(), *req, req->request_id(),
        [req, co_units, subject = caller.subject()](const Proposal& current, absl::Time now) {
          return ApplyAssign(current, req->lead_unit(), co_units, req->note(), subject, now);
        },
        resp->mutable_proposal(), std::move(finish));
  });
}

grpc::ServerUnaryReactor* ProposalService::ExtendProposalDeadline(grpc::CallbackServerContext* ctx,
                                                                  const v1::ExtendProposalDeadlineRequest* req,
                                                                  v1::ExtendProposalDeadlineResponse* resp) {
  return runner_.Unary(ctx, "ExtendProposalDeadline", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    v.Text("reason", req->reason(), kMaxNote, true);
    const auto& d = req->new_deadline();
    if (!req->has_new_deadline() || d.year() < 1900 || d.year() > 2200 || d.month() < 1 || d.month() > 12 ||
        d.day() < 1 || d.day() > 31 ||
        absl::CivilDay(d.year(), d.month(), d.day()).day() != d.day()) {
      v.Add("new_deadline", "must be a valid date, e.g. {year: 2024, month: 12, day: 1}");
    }
    Change(
        std::move(v), caller, req->name(), *req, req->request_id(),
        [req, subject = caller.subject()](const Proposal& current, absl::Time now) {
          return ApplyExtend(current, req->new_deadline(), req->reason(), subject, now);
        },
        resp->mutable_proposal(), std::move(finish));
  });
}

grpc::ServerUnaryReactor* ProposalService::ReplyProposal(grpc::CallbackServerContext* ctx,
                                                         const v1::ReplyProposalRequest* req,
                                                         v1::ReplyProposalResponse* resp) {
  return runner_.Unary(ctx, "ReplyProposal", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    v.Enum("category", req->category(), v1::ReplyCategory_descriptor(), true)
        .Text("text", req->text(), kMaxReply, true);
    Change(
        std::move(v), caller, req->name(), *req, req->request_id(),
        [req, unit = caller.claims.unit_id, subject = caller.subject()](const Proposal& current, absl::Time now) {
          return ApplyReply(current, unit, req->category(), req->text(), subject, now);
        },
        resp->mutable_proposal(), std::move(finish));
  });
}

grpc::ServerUnaryReactor* ProposalService::RateProposal(grpc::CallbackServerContext* ctx,
                                                        const v1::RateProposalRequest* req,
                                                        v1::RateProposalResponse* resp) {
  return runner_.Unary(ctx, "RateProposal", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    v.Enum("satisfaction", req->satisfaction(), v1::Satisfaction_descriptor(), true)
        .Text("comment", req->comment(), kMaxComment, false);
    Change(
        std::move(v), caller, req->name(), *req, req->request_id(),
        [req, caller](const Proposal& current, absl::Time now) -> absl::StatusOr<Proposal> {
          if (auto s = CheckMayRate(current, caller); !s.ok()) return s;
          return ApplyRate(current, req->satisfaction(), req->comment(), caller.subject(), now);
        },
        resp->mutable_proposal(), std::move(finish));
  });
}

grpc::ServerUnaryReactor* ProposalService::SetProposalKey(grpc::CallbackServerContext* ctx,
                                                          const v1::SetProposalKeyRequest* req,
                                                          v1::SetProposalKeyResponse* resp) {
  return runner_.Unary(ctx, "SetProposalKey", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    v.Text("note", req->note(), kMaxNote, false);
    Change(
        std::move(v), caller, req->name(), *req, req->request_id(),
        [req, subject = caller.subject()](const Proposal& current, absl::Time now) {
          return ApplyKey(current, req->key(), req->note(), subject, now);
        },
        resp->mutable_proposal(), std::move(finish));
  });
}

}  // namespace renda::intake
