#pragma once
// LivelihoodService's core: the year's vote on livelihood projects (candidates, the fixed list,
// the secret chained ballot, the count under the vote's rule, run-offs, verification) and the
// projects the adopted candidates become (milestones, progress, supervision group, ratings).

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "renda/supervision/v1/livelihood.pb.h"
#include "services/common/auth.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/supervision/peers.h"
#include "services/supervision/supervision_store.h"

namespace renda::supervision {

// Who may call each RPC.
const AccessTable& LivelihoodAccess();

class LivelihoodCore {
 public:
  LivelihoodCore(const Runtime& runtime, const SupervisionStore* store, std::shared_ptr<const Peers> peers)
      : runtime_(runtime), store_(store), peers_(std::move(peers)) {}

  Task<absl::StatusOr<v1::CreateLivelihoodVoteResponse>> CreateLivelihoodVote(
      const Caller& caller, const v1::CreateLivelihoodVoteRequest& req);
  Task<absl::StatusOr<v1::GetLivelihoodVoteResponse>> GetLivelihoodVote(const Caller& caller,
                                                                        const v1::GetLivelihoodVoteRequest& req);
  Task<absl::StatusOr<v1::ListLivelihoodVotesResponse>> ListLivelihoodVotes(const Caller& caller,
                                                                            const v1::ListLivelihoodVotesRequest& req);
  Task<absl::StatusOr<v1::AddLivelihoodCandidateResponse>> AddLivelihoodCandidate(
      const Caller& caller, const v1::AddLivelihoodCandidateRequest& req);
  Task<absl::StatusOr<v1::FixLivelihoodCandidatesResponse>> FixLivelihoodCandidates(
      const Caller& caller, const v1::FixLivelihoodCandidatesRequest& req);
  Task<absl::StatusOr<v1::OpenLivelihoodVoteResponse>> OpenLivelihoodVote(const Caller& caller,
                                                                          const v1::OpenLivelihoodVoteRequest& req);
  Task<absl::StatusOr<v1::CastBallotResponse>> CastBallot(const Caller& caller, const v1::CastBallotRequest& req);
  Task<absl::StatusOr<v1::CloseLivelihoodVoteResponse>> CloseLivelihoodVote(const Caller& caller,
                                                                            const v1::CloseLivelihoodVoteRequest& req);
  Task<absl::StatusOr<v1::VerifyTallyResponse>> VerifyTally(const Caller& caller, const v1::VerifyTallyRequest& req);
  Task<absl::StatusOr<v1::GetLivelihoodProjectResponse>> GetLivelihoodProject(
      const Caller& caller, const v1::GetLivelihoodProjectRequest& req);
  Task<absl::StatusOr<v1::ListLivelihoodProjectsResponse>> ListLivelihoodProjects(
      const Caller& caller, const v1::ListLivelihoodProjectsRequest& req);
  Task<absl::StatusOr<v1::AddProjectMilestoneResponse>> AddProjectMilestone(const Caller& caller,
                                                                            const v1::AddProjectMilestoneRequest& req);
  Task<absl::StatusOr<v1::ReportProjectProgressResponse>> ReportProjectProgress(
      const Caller& caller, const v1::ReportProjectProgressRequest& req);
  Task<absl::StatusOr<v1::SetProjectSupervisionGroupResponse>> SetProjectSupervisionGroup(
      const Caller& caller, const v1::SetProjectSupervisionGroupRequest& req);
  Task<absl::StatusOr<v1::RateLivelihoodProjectResponse>> RateLivelihoodProject(
      const Caller& caller, const v1::RateLivelihoodProjectRequest& req);

 private:
  // The vote with the running number of ballots filled in while it is open or counting.
  Task<absl::StatusOr<v1::LivelihoodVote>> WithBallotCount(v1::LivelihoodVote vote) const;
  // The close's counting step: the vote is COUNTING (its box shut); count the box, write the
  // vote CLOSED with its projects and run-off.
  Task<absl::StatusOr<v1::LivelihoodVote>> CountAndClose(std::string vote_name, WriteOrigin origin) const;

  // The vote a ballot is cast in, as it was when seen open: its candidates and seats do not change
  // once fixed, and whether it is still open the ballot's own atomic step checks, so a ballot
  // needs one Redis round trip, not two. Votes leave when a ballot finds them closed.
  Task<absl::StatusOr<std::shared_ptr<const v1::LivelihoodVote>>> OpenVote(std::string congress, std::string id,
                                                                          std::string name) const;
  void ForgetOpenVote(const std::string& name) const;

  Runtime runtime_;
  const SupervisionStore* store_;
  std::shared_ptr<const Peers> peers_;
  mutable absl::Mutex open_votes_mu_;
  mutable absl::flat_hash_map<std::string, std::shared_ptr<const v1::LivelihoodVote>> open_votes_
      ABSL_GUARDED_BY(open_votes_mu_);
};

}  // namespace renda::supervision
