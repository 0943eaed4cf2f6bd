#pragma once
// SatisfactionService's core: satisfaction votes of the standing committee on overseen bodies'
// reports. Rules live in satisfaction_logic.h; storage (and the secret ballot step) in
// supervision_store.h.
//
// Secrecy: a ballot is counted by one atomic step that adds the voter to the vote's roll and
// increments one count of its tally, kept apart; neither records which member chose what, and
// no change event is appended for it. Reads show only how many have voted until the vote is
// closed; closing writes the counts onto the vote (one event) in the same step that checks the
// tally is unchanged since it was read, so no ballot is lost to a close.

#include <memory>

#include "absl/status/statusor.h"
#include "renda/supervision/v1/satisfaction.pb.h"
#include "services/common/auth.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/supervision/peers.h"
#include "services/supervision/supervision_store.h"

namespace renda::supervision {

// Who may call each RPC.
const AccessTable& SatisfactionAccess();

class SatisfactionCore {
 public:
  // `rule`: how each vote opened from now on is decided (recorded on the vote).
  SatisfactionCore(const Runtime& runtime, const SupervisionStore* store, std::shared_ptr<const Peers> peers,
                   v1::SatisfactionRule rule)
      : runtime_(runtime), store_(store), peers_(std::move(peers)), rule_(std::move(rule)) {}

  Task<absl::StatusOr<v1::CreateSatisfactionVoteResponse>> CreateSatisfactionVote(
      const Caller& caller, const v1::CreateSatisfactionVoteRequest& req);
  Task<absl::StatusOr<v1::GetSatisfactionVoteResponse>> GetSatisfactionVote(const Caller& caller,
                                                                            const v1::GetSatisfactionVoteRequest& req);
  Task<absl::StatusOr<v1::ListSatisfactionVotesResponse>> ListSatisfactionVotes(
      const Caller& caller, const v1::ListSatisfactionVotesRequest& req);
  Task<absl::StatusOr<v1::OpenSatisfactionVoteResponse>> OpenSatisfactionVote(
      const Caller& caller, const v1::OpenSatisfactionVoteRequest& req);
  Task<absl::StatusOr<v1::CastSatisfactionBallotResponse>> CastSatisfactionBallot(
      const Caller& caller, const v1::CastSatisfactionBallotRequest& req);
  Task<absl::StatusOr<v1::CloseSatisfactionVoteResponse>> CloseSatisfactionVote(
      const Caller& caller, const v1::CloseSatisfactionVoteRequest& req);
  Task<absl::StatusOr<v1::RerunSatisfactionVoteResponse>> RerunSatisfactionVote(
      const Caller& caller, const v1::RerunSatisfactionVoteRequest& req);

 private:
  // The vote as a reader sees it (the number voted read from the tally while open).
  Task<absl::StatusOr<v1::SatisfactionVote>> Shown(v1::SatisfactionVote vote) const;

  Runtime runtime_;
  const SupervisionStore* store_;
  std::shared_ptr<const Peers> peers_;
  v1::SatisfactionRule rule_;
};

}  // namespace renda::supervision
