#pragma once
// The supervision service's storage, in one place: every kind of entity it keeps (key kind,
// collection, label, indexes), the Lua it needs, and the reads several of its cores share.
// Nothing outside this file and services/common builds keys or holds Lua. Each section belongs
// to one part of the service.

#include "renda/supervision/v1/obligations.pb.h"
#include "renda/supervision/v1/problems.pb.h"
#include <map>
#include <string>
#include <vector>

#include "renda/supervision/v1/livelihood.pb.h"
#include "renda/supervision/v1/supervision.pb.h"
#include "services/common/entities.h"
#include "services/common/redis_client.h"
#include "services/common/store.h"
#include "services/supervision/budget_logic.h"
#include "services/supervision/research_logic.h"
#include "services/supervision/satisfaction_logic.h"

namespace renda::supervision {

class SupervisionStore {
 public:
  explicit SupervisionStore(RedisClient* redis);
  SupervisionStore(const SupervisionStore&) = delete;
  SupervisionStore& operator=(const SupervisionStore&) = delete;

  EntityStore* raw() { return &store_; }
  RedisClient* redis() const { return redis_; }

 private:
  RedisClient* redis_;
  EntityStore store_;  // before the kinds, which point at it

 public:
  // ---- The plan, problem lists and rectification, reporting obligations (SupervisionService) ----
  // The items of the annual supervision plan.
  const Entities<v1::SupervisionItem> items;
  // The problems the items' reviews issued (congresses/{c}/problems/{item}-p{n}).
  const Entities<v1::Problem> problems;
  // The reports overseen bodies owe (congresses/{c}/reportingObligations/{id}).
  const Entities<v1::ReportingObligation> obligations;

  // ---- Satisfaction votes, budget review, research topics ----
  // Satisfaction votes (SatisfactionService), and the tally of each opened vote (named
  // "<vote>/tally", kept under the vote's id). A ballot is counted in the tally beside the roll
  // of who voted (member → the request id they voted with), never in one record: no stored
  // ballot names its voter, and a ballot writes no change event.
  const Entities<v1::SatisfactionVote> satisfaction_votes;
  const Entities<v1::SatisfactionTally> satisfaction_tallies;
  enum class BallotOutcome { kCounted, kReplayed, kAlreadyVoted };
  // Counts `voter`'s ballot in one atomic step: refused (ABORTED, ETAG_MISMATCH) unless the vote
  // is still at `vote_version` (whose state and window the caller checked); kAlreadyVoted when
  // the voter is on the roll already, kReplayed when with this same non-empty request id.
  Task<absl::StatusOr<BallotOutcome>> CastSatisfactionBallot(std::string vote_name, int64_t vote_version,
                                                             std::string voter, std::string request_id,
                                                             v1::SatisfactionChoice choice) const;
  // A vote's tally: its version (0 when the vote has none yet) and counts, read at once.
  struct TallyRead {
    int64_t version = 0;
    BallotCounts counts;
  };
  Task<absl::StatusOr<TallyRead>> ReadSatisfactionTally(std::string vote_name) const;

  // Budget drafts and deputies' opinions on them (BudgetService).
  const Entities<v1::BudgetDraft> budget_drafts;
  const Entities<v1::BudgetOpinion> budget_opinions;

  // Leaders' research plans (kept as "<year>-<leader>") and topics (ResearchService).
  const Entities<v1::ResearchPlan> research_plans;
  const Entities<v1::ResearchTopic> research_topics;


  // ---- Livelihood projects by deputy vote ----
  // The votes, the projects their adopted candidates became, and deputies' year-end ratings
  // (named below their project, kept as "<project>.<deputy>": read them by name).
  const Entities<v1::LivelihoodVote> livelihood_votes;
  const Entities<v1::LivelihoodProject> livelihood_projects;
  const Entities<v1::LivelihoodProjectRating> project_ratings;

  // The ballot box of a vote, beside the vote entity, under the congress's hash tag: its
  // electorate (a set of deputy ids), its roll (who has voted, deputy id → request id, no time),
  // its ledger (a list of chained ballots, no voter, no time), the running counts per candidate
  // and the ledger head. A ballot needs the vote to be in OpenVotesIndex(), so the kit's write
  // that opens or shuts the vote opens or shuts the box in the same step.

  // Sets the electorate of a vote not yet open to `deputy_ids`, or (with `copy_from`, a run-off)
  // to that of the vote `copy_from`; answers its size. FAILED_PRECONDITION VOTE_NOT_FIXED when
  // the vote is open already.
  Task<absl::StatusOr<int64_t>> LoadElectorate(std::string congress, std::string vote_id,
                                               std::vector<std::string> deputy_ids, std::string copy_from) const;
  // What casting a ballot did.
  struct BallotCast {
    bool replayed = false;  // the deputy had voted already with this request id
    int64_t ballots_cast = 0;
  };
  // One atomic step: the vote must be open and `deputy_id` in its electorate and not on its roll
  // (FAILED_PRECONDITION VOTE_NOT_OPEN, PERMISSION_DENIED NOT_IN_ELECTORATE, ALREADY_EXISTS
  // BALLOT_ALREADY_CAST); then the deputy goes on the roll, the ballot (`receipt_hash`, `marks`,
  // chained to the head) on the ledger, the counts move and `event` goes to the feed.
  Task<absl::StatusOr<BallotCast>> CastBallot(std::string congress, std::string vote_id, std::string deputy_id,
                                              std::string request_id, std::string receipt_hash,
                                              std::vector<std::string> marks, std::string genesis,
                                              std::string event) const;
  // The counts, the number of ballots and the ledger head of a vote, read at once.
  struct BallotBox {
    int64_t ballots_cast = 0;
    std::string head;  // "" before the first ballot
    std::map<std::string, int64_t> votes;
  };
  Task<absl::StatusOr<BallotBox>> ReadBallotBox(std::string congress, std::string vote_id) const;
  // The ballots of the ledger, in order, as stored.
  Task<absl::StatusOr<std::vector<std::string>>> ReadLedger(std::string congress, std::string vote_id) const;
  // The key of part `part` (electorate, roll, ledger, counts, box) of a vote's ballot box.
  std::string BallotBoxKey(const std::string& congress, const std::string& vote_id, const char* part) const;
};

}  // namespace renda::supervision
