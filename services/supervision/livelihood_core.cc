#include "services/supervision/livelihood_core.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/time_util.h"
#include "services/common/validation.h"
#include "services/supervision/livelihood_ledger.h"
#include "services/supervision/livelihood_logic.h"

namespace renda::supervision {
namespace {

const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
const Roles kVoters = {Role::kDeputy};
const Roles kVerifiers = {Role::kDeputy, Role::kStaff, Role::kLeader, Role::kAdmin};

constexpr char kVotes[] = "livelihoodVotes";
constexpr char kProjects[] = "livelihoodProjects";

// The deputy a token speaks for; PERMISSION_DENIED without the deputy_id claim.
absl::StatusOr<std::string> DeputyOf(const Caller& caller) {
  if (caller.claims.deputy_id.empty()) {
    return MakeError(absl::StatusCode::kPermissionDenied, "NOT_A_DEPUTY",
                     "this call is for deputies: the token has no deputy_id");
  }
  return caller.claims.deputy_id;
}

std::string LastSegment(const std::string& name) {
  const size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

}  // namespace

const AccessTable& LivelihoodAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateLivelihoodVote", kStaffRoles},
      {"GetLivelihoodVote", kSignedIn},
      {"ListLivelihoodVotes", kSignedIn},
      {"AddLivelihoodCandidate", kStaffRoles},
      {"FixLivelihoodCandidates", kStaffRoles},
      {"OpenLivelihoodVote", kStaffRoles},
      {"CastBallot", kVoters},
      {"CloseLivelihoodVote", kStaffRoles},
      {"VerifyTally", kVerifiers},
      {"GetLivelihoodProject", kSignedIn},
      {"ListLivelihoodProjects", kSignedIn},
      {"AddProjectMilestone", kStaffRoles},
      {"ReportProjectProgress", kStaffRoles},
      {"SetProjectSupervisionGroup", kStaffRoles},
      {"RateLivelihoodProject", kVoters},
  };
  return *table;
}

// ---- Votes ----

Task<absl::StatusOr<v1::CreateLivelihoodVoteResponse>> LivelihoodCore::CreateLivelihoodVote(
    const Caller& caller, const v1::CreateLivelihoodVoteRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateVoteFields(req.livelihood_vote(), v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const absl::Time now = runtime_.clock->Now();
  const std::string name = store_->livelihood_votes.kind().NameOf(congress, NewTimeOrderedId(now));
  v1::CreateLivelihoodVoteResponse resp;
  CO_ASSIGN_OR_RETURN(
      *resp.mutable_livelihood_vote(),
      co_await store_->livelihood_votes.Create(NewVote(req.livelihood_vote(), name, now), OriginOf(caller, req, now)));
  co_return resp;
}

Task<absl::StatusOr<v1::LivelihoodVote>> LivelihoodCore::WithBallotCount(v1::LivelihoodVote vote) const {
  if (vote.state() != v1::LIVELIHOOD_VOTE_STATE_OPEN && vote.state() != v1::LIVELIHOOD_VOTE_STATE_COUNTING) {
    co_return vote;
  }
  const ResourceName at = SplitEntityName(vote.name());
  CO_ASSIGN_OR_RETURN(auto box, co_await store_->ReadBallotBox(at.congress, at.id));
  vote.set_ballots_cast(box.ballots_cast);  // the count only: the counts per candidate wait for the close
  co_return vote;
}

Task<absl::StatusOr<v1::GetLivelihoodVoteResponse>> LivelihoodCore::GetLivelihoodVote(
    const Caller& caller, const v1::GetLivelihoodVoteRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kVotes, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  CO_ASSIGN_OR_RETURN(auto vote, co_await store_->livelihood_votes.Get(name.congress, name.id));
  v1::GetLivelihoodVoteResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_livelihood_vote(), co_await WithBallotCount(std::move(vote)));
  co_return resp;
}

Task<absl::StatusOr<v1::ListLivelihoodVotesResponse>> LivelihoodCore::ListLivelihoodVotes(
    const Caller& caller, const v1::ListLivelihoodVotesRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.PageSize("page_size", req.page_size(), 500);
  v.Range("year", req.year(), 2000, 2100, true);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  ListQuery query =
      PageQuery(congress, {VotesIndex(req.year())}, absl::StrCat("ListLivelihoodVotes|", req.year()), req);
  co_return co_await store_->livelihood_votes.ListInto(*runtime_.page_tokens, std::move(query),
                                                       &v1::ListLivelihoodVotesResponse::mutable_livelihood_votes);
}

Task<absl::StatusOr<v1::AddLivelihoodCandidateResponse>> LivelihoodCore::AddLivelihoodCandidate(
    const Caller& caller, const v1::AddLivelihoodCandidateRequest& req) {
  Validator v;
  const ResourceName vote = ParseResourceName("vote", req.vote(), kVotes, v);
  ValidateCandidateFields("candidate", req.candidate(), v);
  for (int i = 0; i < req.candidate().opinions_size(); ++i) {
    if (!vote.congress.empty() &&
        !absl::StartsWith(req.candidate().opinions(i), absl::StrCat("congresses/", vote.congress, "/opinions/"))) {
      v.Add(absl::StrCat("candidate.opinions[", i, "]"), "must be an opinion of the vote's congress");
    }
  }
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, vote.congress));
  if (req.candidate().opinions_size() > 0) {
    std::vector<std::string> names(req.candidate().opinions().begin(), req.candidate().opinions().end());
    CO_ASSIGN_OR_RETURN(auto missing, co_await peers_->MissingOpinions(vote.congress, std::move(names)));
    if (!missing.empty()) {
      co_return MakeError(absl::StatusCode::kNotFound, "OPINION_NOT_FOUND",
                          absl::StrCat("the intake service knows no opinion ", absl::StrJoin(missing, ", ")));
    }
  }
  const absl::Time now = runtime_.clock->Now();
  v1::LivelihoodCandidate candidate = req.candidate();
  v1::AddLivelihoodCandidateResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_livelihood_vote(),
                      co_await store_->livelihood_votes.UpdateNamed(
                          req.vote(), req.etag(), OriginOf(caller, req, now),
                          [&](const v1::LivelihoodVote& current) { return WithCandidate(current, candidate, now); }));
  co_return resp;
}

Task<absl::StatusOr<v1::FixLivelihoodCandidatesResponse>> LivelihoodCore::FixLivelihoodCandidates(
    const Caller& caller, const v1::FixLivelihoodCandidatesRequest& req) {
  Validator v;
  const ResourceName vote = ParseResourceName("name", req.name(), kVotes, v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, vote.congress));
  const absl::Time now = runtime_.clock->Now();
  v1::FixLivelihoodCandidatesResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_livelihood_vote(),
                      co_await store_->livelihood_votes.UpdateNamed(
                          req.name(), req.etag(), OriginOf(caller, req, now),
                          [&](const v1::LivelihoodVote& current) { return Fixed(current, now); }));
  co_return resp;
}

Task<absl::StatusOr<v1::OpenLivelihoodVoteResponse>> LivelihoodCore::OpenLivelihoodVote(
    const Caller& caller, const v1::OpenLivelihoodVoteRequest& req) {
  Validator v;
  const ResourceName vote = ParseResourceName("name", req.name(), kVotes, v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, vote.congress));
  const absl::Time now = runtime_.clock->Now();
  const WriteOrigin origin = OriginOf(caller, req, now);
  v1::OpenLivelihoodVoteResponse resp;
  CO_ASSIGN_OR_RETURN(auto first, co_await store_->livelihood_votes.FirstAnswer(vote.congress, origin));
  if (first.has_value()) {
    *resp.mutable_livelihood_vote() = *std::move(first);
    co_return resp;
  }
  CO_ASSIGN_OR_RETURN(auto current, co_await store_->livelihood_votes.Get(vote.congress, vote.id));
  CO_RETURN_IF_ERROR(Opened(current, 0, now).status());  // refuse early: no electorate asked for
  // The electorate, fixed now and kept with the vote: a run-off keeps its first round's.
  std::vector<std::string> ids;
  std::string copy_from;
  if (!current.runoff_of().empty()) {
    copy_from = LastSegment(current.runoff_of());
  } else {
    CO_ASSIGN_OR_RETURN(auto serving, co_await peers_->ServingDeputies(vote.congress));
    for (const auto& name : serving) ids.push_back(LastSegment(name));
    if (ids.empty()) {
      co_return MakeError(absl::StatusCode::kFailedPrecondition, "NO_ELECTORATE",
                          absl::StrCat("no deputy serves in congresses/", vote.congress, " now"));
    }
  }
  CO_ASSIGN_OR_RETURN(const int64_t size,
                      co_await store_->LoadElectorate(vote.congress, vote.id, std::move(ids), copy_from));
  CO_ASSIGN_OR_RETURN(
      *resp.mutable_livelihood_vote(),
      co_await store_->livelihood_votes.UpdateNamed(
          req.name(), req.etag(), origin, [&](const v1::LivelihoodVote& at) { return Opened(at, size, now); }));
  co_return resp;
}

Task<absl::StatusOr<v1::CastBallotResponse>> LivelihoodCore::CastBallot(const Caller& caller,
                                                                        const v1::CastBallotRequest& req) {
  Validator v;
  const ResourceName vote = ParseResourceName("vote", req.vote(), kVotes, v);
  for (int i = 0; i < req.candidate_ids_size(); ++i)
    v.Id(absl::StrCat("candidate_ids[", i, "]"), req.candidate_ids(i), true);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, vote.congress));
  CO_ASSIGN_OR_RETURN(const std::string deputy, DeputyOf(caller));
  CO_ASSIGN_OR_RETURN(auto current, co_await OpenVote(vote.congress, vote.id, req.vote()));
  CO_ASSIGN_OR_RETURN(auto marks, CheckMarks(*current, req.candidate_ids()));
  // The receipt is the deputy's alone: only its hash reaches Redis.
  const std::string receipt = NewReceipt();
  // The feed learns that the vote got a ballot: no actor, no request id, no marks.
  v1::LivelihoodBallotCast cast;
  cast.set_name(req.vote());
  std::string event = MakeChangeEvent(req.vote(), renda::type::v1::CHANGE_TYPE_UPDATED, cast, cast.SerializeAsString(),
                                      "", "", runtime_.clock->Now());
  auto done = co_await store_->CastBallot(vote.congress, vote.id, deputy, req.request_id(), ReceiptHash(receipt),
                                          std::move(marks), GenesisHash(req.vote()), std::move(event));
  if (!done.ok()) {
    if (ErrorReason(done.status()) == "VOTE_NOT_OPEN") ForgetOpenVote(req.vote());
    co_return done.status();
  }
  v1::CastBallotResponse resp;
  if (done->replayed) {
    resp.set_replayed(true);
  } else {
    resp.set_receipt(receipt);
  }
  co_return resp;
}

Task<absl::StatusOr<std::shared_ptr<const v1::LivelihoodVote>>> LivelihoodCore::OpenVote(std::string congress,
                                                                                        std::string id,
                                                                                        std::string name) const {
  {
    absl::MutexLock lock(&open_votes_mu_);
    if (auto it = open_votes_.find(name); it != open_votes_.end()) co_return it->second;
  }
  CO_ASSIGN_OR_RETURN(auto current, co_await store_->livelihood_votes.Get(congress, id));
  if (current.state() != v1::LIVELIHOOD_VOTE_STATE_OPEN) {
    co_return MakeError(absl::StatusCode::kFailedPrecondition, "VOTE_NOT_OPEN",
                        absl::StrCat(name, " is ", v1::LivelihoodVoteState_Name(current.state()),
                                     ": ballots are cast only while it is open"));
  }
  auto vote = std::make_shared<const v1::LivelihoodVote>(std::move(current));
  absl::MutexLock lock(&open_votes_mu_);
  open_votes_[name] = vote;
  co_return vote;
}

void LivelihoodCore::ForgetOpenVote(const std::string& name) const {
  absl::MutexLock lock(&open_votes_mu_);
  open_votes_.erase(name);
}

Task<absl::StatusOr<v1::LivelihoodVote>> LivelihoodCore::CountAndClose(std::string vote_name,
                                                                       WriteOrigin origin) const {
  const ResourceName at = SplitEntityName(vote_name);
  CO_ASSIGN_OR_RETURN(auto current, co_await store_->livelihood_votes.Read(at.congress, at.id));
  if (current.entity.state() != v1::LIVELIHOOD_VOTE_STATE_COUNTING) {
    co_return MakeError(absl::StatusCode::kFailedPrecondition, "VOTE_NOT_OPEN",
                        absl::StrCat(vote_name, " is ", v1::LivelihoodVoteState_Name(current.entity.state())));
  }
  // The box is shut (the vote left the open index): these counts are final.
  CO_ASSIGN_OR_RETURN(auto box, co_await store_->ReadBallotBox(at.congress, at.id));
  const VoteOutcome outcome = CountVote(current.entity, box.votes, box.ballots_cast);
  std::vector<EntityStore::EntityWrite> writes;
  writes.emplace_back();  // the vote, first, filled below
  std::vector<std::string> project_names;
  for (const std::string& cid : outcome.adopted) {
    const std::string name = store_->livelihood_projects.kind().NameOf(at.congress, ProjectIdOf(at.id, cid));
    auto it = box.votes.find(cid);
    v1::LivelihoodProject project =
        NewProject(current.entity, cid, it == box.votes.end() ? 0 : it->second, name, origin.now);
    writes.push_back(store_->livelihood_projects.Created(project, origin));
    project_names.push_back(name);
  }
  std::string runoff_name;
  if (!outcome.runoff.empty()) {
    runoff_name = store_->livelihood_votes.kind().NameOf(at.congress, NewTimeOrderedId(origin.now));
    v1::LivelihoodVote runoff = RunoffOf(current.entity, outcome, runoff_name, origin.now);
    writes.push_back(store_->livelihood_votes.Created(runoff, origin));
  }
  v1::LivelihoodVote closed =
      Closed(current.entity, outcome, box.ballots_cast, box.head, project_names, runoff_name, origin.now);
  writes[0] = store_->livelihood_votes.Changed(closed, current, origin);
  co_return co_await store_->livelihood_votes.Commit(std::move(closed), origin, std::move(writes));
}

Task<absl::StatusOr<v1::CloseLivelihoodVoteResponse>> LivelihoodCore::CloseLivelihoodVote(
    const Caller& caller, const v1::CloseLivelihoodVoteRequest& req) {
  Validator v;
  const ResourceName vote = ParseResourceName("name", req.name(), kVotes, v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, vote.congress));
  const absl::Time now = runtime_.clock->Now();
  const WriteOrigin origin = OriginOf(caller, req, now);
  v1::CloseLivelihoodVoteResponse resp;
  CO_ASSIGN_OR_RETURN(auto first, co_await store_->livelihood_votes.FirstAnswer(vote.congress, origin));
  if (first.has_value()) {
    *resp.mutable_livelihood_vote() = *std::move(first);
    co_return resp;
  }
  // Two atomic steps: shut the box (OPEN → COUNTING: the vote leaves the open index, so no
  // ballot lands after), then count it and publish. A close cut off between them goes on from
  // COUNTING when called again. The request id is recorded by the second.
  CO_ASSIGN_OR_RETURN(auto current, co_await store_->livelihood_votes.Get(vote.congress, vote.id));
  if (current.state() != v1::LIVELIHOOD_VOTE_STATE_COUNTING) {
    WriteOrigin shut = origin;
    shut.request_id.clear();
    shut.fingerprint.clear();
    auto shut_vote = co_await store_->livelihood_votes.UpdateNamed(
        req.name(), "", shut, [&](const v1::LivelihoodVote& at) { return Counting(at, now); });
    CO_RETURN_IF_ERROR(shut_vote.status());
  }
  CO_ASSIGN_OR_RETURN(*resp.mutable_livelihood_vote(), co_await CountAndClose(req.name(), origin));
  co_return resp;
}

Task<absl::StatusOr<v1::VerifyTallyResponse>> LivelihoodCore::VerifyTally(const Caller& caller,
                                                                          const v1::VerifyTallyRequest& req) {
  Validator v;
  const ResourceName vote = ParseResourceName("name", req.name(), kVotes, v);
  if (!req.receipt().empty() && !IsReceipt(req.receipt()))
    v.Add("receipt", "must be the 32 hex digits CastBallot gave");
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, vote.congress));
  CO_ASSIGN_OR_RETURN(auto current, co_await store_->livelihood_votes.Get(vote.congress, vote.id));
  if (current.state() != v1::LIVELIHOOD_VOTE_STATE_CLOSED) {
    co_return MakeError(absl::StatusCode::kFailedPrecondition, "VOTE_NOT_CLOSED",
                        absl::StrCat(req.name(), " is ", v1::LivelihoodVoteState_Name(current.state()),
                                     ": its ledger is verified once it is closed and its head published"));
  }
  CO_ASSIGN_OR_RETURN(auto ledger, co_await store_->ReadLedger(vote.congress, vote.id));
  co_return VerifyLedger(current, ledger, req.receipt());
}

// ---- Projects ----

Task<absl::StatusOr<v1::GetLivelihoodProjectResponse>> LivelihoodCore::GetLivelihoodProject(
    const Caller& caller, const v1::GetLivelihoodProjectRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kProjects, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  v1::GetLivelihoodProjectResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_livelihood_project(),
                      co_await store_->livelihood_projects.Get(name.congress, name.id));
  co_return resp;
}

Task<absl::StatusOr<v1::ListLivelihoodProjectsResponse>> LivelihoodCore::ListLivelihoodProjects(
    const Caller& caller, const v1::ListLivelihoodProjectsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.PageSize("page_size", req.page_size(), 500);
  v.Range("year", req.year(), 2000, 2100, true);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  ListQuery query =
      PageQuery(congress, {ProjectsIndex(req.year())}, absl::StrCat("ListLivelihoodProjects|", req.year()), req);
  co_return co_await store_->livelihood_projects.ListInto(
      *runtime_.page_tokens, std::move(query), &v1::ListLivelihoodProjectsResponse::mutable_livelihood_projects);
}

Task<absl::StatusOr<v1::AddProjectMilestoneResponse>> LivelihoodCore::AddProjectMilestone(
    const Caller& caller, const v1::AddProjectMilestoneRequest& req) {
  Validator v;
  const ResourceName project = ParseResourceName("project", req.project(), kProjects, v);
  ValidateMilestoneFields(req.milestone(), v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, project.congress));
  const absl::Time now = runtime_.clock->Now();
  v1::ProjectMilestone milestone = req.milestone();
  v1::AddProjectMilestoneResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_livelihood_project(),
                      co_await store_->livelihood_projects.UpdateNamed(
                          req.project(), req.etag(), OriginOf(caller, req, now),
                          [&](const v1::LivelihoodProject& at) { return WithMilestone(at, milestone, now); }));
  co_return resp;
}

Task<absl::StatusOr<v1::ReportProjectProgressResponse>> LivelihoodCore::ReportProjectProgress(
    const Caller& caller, const v1::ReportProjectProgressRequest& req) {
  Validator v;
  const ResourceName project = ParseResourceName("project", req.project(), kProjects, v);
  ValidateReportFields(req.report(), v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, project.congress));
  const absl::Time now = runtime_.clock->Now();
  v1::ProjectProgressReport report = req.report();
  const std::string reporter = caller.subject();
  v1::ReportProjectProgressResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_livelihood_project(),
                      co_await store_->livelihood_projects.UpdateNamed(
                          req.project(), req.etag(), OriginOf(caller, req, now),
                          [&](const v1::LivelihoodProject& at) { return WithReport(at, report, reporter, now); }));
  co_return resp;
}

Task<absl::StatusOr<v1::SetProjectSupervisionGroupResponse>> LivelihoodCore::SetProjectSupervisionGroup(
    const Caller& caller, const v1::SetProjectSupervisionGroupRequest& req) {
  Validator v;
  const ResourceName project = ParseResourceName("project", req.project(), kProjects, v);
  if (req.deputies_size() == 0 || req.deputies_size() > kMaxProjectGroup) {
    v.Add("deputies", absl::StrCat("name 1 to ", kMaxProjectGroup, " deputies"));
  }
  std::set<std::string> seen;
  for (int i = 0; i < req.deputies_size(); ++i) {
    const std::string field = absl::StrCat("deputies[", i, "]");
    const ResourceName d = ParseResourceName(field, req.deputies(i), "deputies", v);
    if (!d.congress.empty() && d.congress != project.congress)
      v.Add(field, "must be a deputy of the project's congress");
    if (!seen.insert(req.deputies(i)).second) v.Add(field, "is named twice");
  }
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, project.congress));
  std::vector<std::string> names(req.deputies().begin(), req.deputies().end());
  CO_ASSIGN_OR_RETURN(auto facts, co_await peers_->Deputies(project.congress, names));
  std::vector<std::string> not_serving;
  for (const auto& f : facts) {
    if (!f.found || !f.serving) not_serving.push_back(f.name);
  }
  if (!not_serving.empty()) {
    co_return MakeError(absl::StatusCode::kFailedPrecondition, "DEPUTY_NOT_SERVING",
                        absl::StrCat("not serving in this congress: ", absl::StrJoin(not_serving, ", ")));
  }
  const absl::Time now = runtime_.clock->Now();
  v1::SetProjectSupervisionGroupResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_livelihood_project(),
                      co_await store_->livelihood_projects.UpdateNamed(
                          req.project(), req.etag(), OriginOf(caller, req, now),
                          [&](const v1::LivelihoodProject& at) { return WithGroup(at, names, now); }));
  co_return resp;
}

Task<absl::StatusOr<v1::RateLivelihoodProjectResponse>> LivelihoodCore::RateLivelihoodProject(
    const Caller& caller, const v1::RateLivelihoodProjectRequest& req) {
  Validator v;
  const ResourceName project = ParseResourceName("project", req.project(), kProjects, v);
  v.Range("score", req.score(), 1, 5, false);
  v.Text("comment", req.comment(), 2000, false);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, project.congress));
  CO_ASSIGN_OR_RETURN(const std::string deputy, DeputyOf(caller));
  const std::string deputy_name = ResourceNameOf(project.congress, "deputies", deputy);
  std::vector<std::string> ask = {deputy_name};
  CO_ASSIGN_OR_RETURN(auto facts, co_await peers_->Deputies(project.congress, std::move(ask)));
  if (facts.empty() || !facts[0].found || !facts[0].serving) {
    co_return MakeError(absl::StatusCode::kFailedPrecondition, "DEPUTY_NOT_SERVING",
                        absl::StrCat(deputy_name, " is not serving in this congress"));
  }
  const absl::Time now = runtime_.clock->Now();
  const WriteOrigin origin = OriginOf(caller, req, now);
  v1::RateLivelihoodProjectResponse resp;
  CO_ASSIGN_OR_RETURN(auto first, co_await store_->project_ratings.FirstAnswer(project.congress, origin));
  if (first.has_value()) {
    *resp.mutable_rating() = *std::move(first);
    CO_ASSIGN_OR_RETURN(*resp.mutable_livelihood_project(),
                        co_await store_->livelihood_projects.Get(project.congress, project.id));
    co_return resp;
  }
  // The rating and the project's aggregate in one step; ratings of one project by many deputies
  // at once move the same project, so a conflict reads it again.
  auto attempt = [&]() -> Task<absl::StatusOr<v1::RateLivelihoodProjectResponse>> {
    CO_ASSIGN_OR_RETURN(auto current, co_await store_->livelihood_projects.Read(project.congress, project.id));
    v1::LivelihoodProjectRating rating;
    rating.set_name(absl::StrCat(req.project(), "/ratings/", deputy));
    rating.set_deputy(deputy_name);
    rating.set_score(req.score());
    rating.set_comment(req.comment());
    *rating.mutable_create_time() = ToProtoTime(now);
    v1::LivelihoodProject next = WithRating(current.entity, req.score(), now);
    std::vector<EntityStore::EntityWrite> writes;
    writes.push_back(store_->project_ratings.Created(rating, origin));
    writes.push_back(store_->livelihood_projects.Changed(next, current, origin));
    v1::RateLivelihoodProjectResponse out;
    CO_ASSIGN_OR_RETURN(*out.mutable_rating(),
                        co_await store_->project_ratings.Commit(std::move(rating), origin, std::move(writes)));
    *out.mutable_livelihood_project() = std::move(next);
    co_return out;
  };
  co_return co_await RetryOnConflict(10, attempt);
}

}  // namespace renda::supervision
