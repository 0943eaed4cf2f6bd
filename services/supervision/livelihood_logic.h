#pragma once
// Pure rules of livelihood projects by deputy vote: what a valid vote, candidate, ballot,
// milestone, progress report and rating are; the vote's state machine; the count under the
// vote's rule (threshold, top N, a tie at the cut to a run-off); the projects the adopted
// candidates become. No gRPC, no Redis.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "renda/supervision/v1/livelihood.pb.h"
#include "services/common/validation.h"

namespace renda::supervision {

inline constexpr int kMaxLivelihoodCandidates = 50;
inline constexpr int kMaxProjectMilestones = 50;
inline constexpr int kMaxProjectReports = 200;
inline constexpr int kMaxProjectGroup = 50;

// ---- Votes ----

// Checks the fields a client may set on a new vote (paths start with "livelihood_vote.").
void ValidateVoteFields(const v1::LivelihoodVote& vote, Validator& v);
// The vote as first stored: the client's fields, GATHERING, the default rule filled in.
v1::LivelihoodVote NewVote(const v1::LivelihoodVote& input, const std::string& name, absl::Time now);
// The index names a vote is listed under; an open vote is also in OpenVotesIndex(), which the
// ballot step checks, so opening and closing the box is the same atomic step as the state change.
std::vector<std::string> LivelihoodVoteIndexes(const v1::LivelihoodVote& vote);
std::string OpenVotesIndex();
std::string VotesIndex(int year);  // year 0: every vote

// Checks a candidate as a client gives it (paths start with `field`.).
void ValidateCandidateFields(const std::string& field, const v1::LivelihoodCandidate& candidate, Validator& v);
// The vote with `candidate` added (its id the next `cNN`); FAILED_PRECONDITION VOTE_NOT_GATHERING
// or TOO_MANY_CANDIDATES.
absl::StatusOr<v1::LivelihoodVote> WithCandidate(const v1::LivelihoodVote& vote, v1::LivelihoodCandidate candidate,
                                                 absl::Time now);
// The vote with its list fixed; FAILED_PRECONDITION VOTE_NOT_GATHERING, TOO_FEW_CANDIDATES (M <= N).
absl::StatusOr<v1::LivelihoodVote> Fixed(const v1::LivelihoodVote& vote, absl::Time now);
// The vote opened with an electorate of `electorate_size`; FAILED_PRECONDITION VOTE_NOT_FIXED.
absl::StatusOr<v1::LivelihoodVote> Opened(const v1::LivelihoodVote& vote, int64_t electorate_size, absl::Time now);
// The vote with its box shut for counting; FAILED_PRECONDITION VOTE_NOT_OPEN unless OPEN.
absl::StatusOr<v1::LivelihoodVote> Counting(const v1::LivelihoodVote& vote, absl::Time now);

// The marks of a ballot checked against its vote: each a candidate of the vote, each once, at
// most `seats` (INVALID_ARGUMENT, TOO_MANY_MARKS). Answers them sorted, the form the ledger keeps.
absl::StatusOr<std::vector<std::string>> CheckMarks(const v1::LivelihoodVote& vote,
                                                    const google::protobuf::RepeatedPtrField<std::string>& marks);

// ---- The count ----

// What the count of a closed vote decided.
struct VoteOutcome {
  std::vector<v1::CandidateResult> results;  // per candidate, in candidate order
  std::vector<std::string> adopted;          // candidate ids, most votes first
  std::vector<std::string> runoff;           // the candidates tied at the cut, in candidate order
  int runoff_seats = 0;                      // the seats the run-off fills
};
// Counts a vote under its rule: `votes` per candidate id (absent: 0), `ballots_cast` ballots.
// A candidate passes when it meets the threshold; the passing ones are ranked by votes and take
// the seats; when the last seat falls among several with the same votes they go to a run-off for
// the seats left (or, with `no_runoff`, those seats stay empty).
VoteOutcome CountVote(const v1::LivelihoodVote& vote, const std::map<std::string, int64_t>& votes,
                      int64_t ballots_cast);
// The vote closed with `outcome`, its ledger head and count, its projects and run-off.
v1::LivelihoodVote Closed(const v1::LivelihoodVote& vote, const VoteOutcome& outcome, int64_t ballots_cast,
                          const std::string& ledger_head, const std::vector<std::string>& projects,
                          const std::string& runoff, absl::Time now);
// The run-off of `vote` on the tied candidates, named `name`, FIXED (ready to open).
v1::LivelihoodVote RunoffOf(const v1::LivelihoodVote& vote, const VoteOutcome& outcome, const std::string& name,
                            absl::Time now);

// ---- Projects ----

// The id of the project an adopted candidate becomes (stable, so a count never makes two).
std::string ProjectIdOf(const std::string& vote_id, const std::string& candidate_id);
std::vector<std::string> LivelihoodProjectIndexes(const v1::LivelihoodProject& project);
std::string ProjectsIndex(int year);  // year 0: every project
v1::LivelihoodProject NewProject(const v1::LivelihoodVote& vote, const std::string& candidate_id, int64_t votes,
                                 const std::string& name, absl::Time now);

void ValidateMilestoneFields(const v1::ProjectMilestone& milestone, Validator& v);
absl::StatusOr<v1::LivelihoodProject> WithMilestone(const v1::LivelihoodProject& project,
                                                    v1::ProjectMilestone milestone, absl::Time now);
void ValidateReportFields(const v1::ProjectProgressReport& report, Validator& v);
// The project with `report` added (by `reporter`); an unknown milestone is INVALID_ARGUMENT.
absl::StatusOr<v1::LivelihoodProject> WithReport(const v1::LivelihoodProject& project, v1::ProjectProgressReport report,
                                                 const std::string& reporter, absl::Time now);
v1::LivelihoodProject WithGroup(const v1::LivelihoodProject& project, const std::vector<std::string>& deputies,
                                absl::Time now);
// The project with one more rating of `score` (1 to 5) counted.
v1::LivelihoodProject WithRating(const v1::LivelihoodProject& project, int score, absl::Time now);
// The id a rating is kept under: unique per project and deputy, so a second one is refused.
std::string RatingKeyId(const std::string& project_id, const std::string& deputy_id);

}  // namespace renda::supervision
