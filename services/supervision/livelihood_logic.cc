#include "services/supervision/livelihood_logic.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "services/common/errors.h"
#include "services/common/time_util.h"

namespace renda::supervision {
namespace {

absl::Status NotInState(const char* reason, const v1::LivelihoodVote& vote, const char* wanted) {
  return MakeError(
      absl::StatusCode::kFailedPrecondition, reason,
      absl::StrCat(vote.name(), " is ", v1::LivelihoodVoteState_Name(vote.state()), "; this needs it ", wanted));
}

void Touch(v1::LivelihoodVote& vote, absl::Time now) { *vote.mutable_update_time() = ToProtoTime(now); }
void Touch(v1::LivelihoodProject& project, absl::Time now) { *project.mutable_update_time() = ToProtoTime(now); }

// Whether `votes` meets the threshold of the vote's rule.
bool Passes(const v1::LivelihoodVote& vote, int64_t votes, int64_t ballots_cast) {
  switch (vote.rule().threshold()) {
    case v1::VOTE_THRESHOLD_MAJORITY_OF_BALLOTS:
      return votes * 2 > ballots_cast;
    case v1::VOTE_THRESHOLD_NONE:
      return true;
    default:  // MAJORITY_OF_ELECTORATE, the default
      return votes * 2 > vote.electorate_size();
  }
}

}  // namespace

// ---- Votes ----

void ValidateVoteFields(const v1::LivelihoodVote& vote, Validator& v) {
  v.Text("livelihood_vote.title", vote.title(), 200, true);
  v.Range("livelihood_vote.year", vote.year(), 2000, 2100, false);
  v.Range("livelihood_vote.seats", vote.seats(), 1, kMaxLivelihoodCandidates - 1, false);
  v.Enum("livelihood_vote.rule.threshold", vote.rule().threshold(), v1::VoteThreshold_descriptor(), false);
}

v1::LivelihoodVote NewVote(const v1::LivelihoodVote& input, const std::string& name, absl::Time now) {
  v1::LivelihoodVote vote;
  vote.set_name(name);
  vote.set_title(input.title());
  vote.set_year(input.year());
  vote.set_seats(input.seats());
  *vote.mutable_rule() = input.rule();
  if (vote.rule().threshold() == v1::VOTE_THRESHOLD_UNSPECIFIED) {
    vote.mutable_rule()->set_threshold(v1::VOTE_THRESHOLD_MAJORITY_OF_ELECTORATE);
  }
  vote.set_state(v1::LIVELIHOOD_VOTE_STATE_GATHERING);
  *vote.mutable_create_time() = ToProtoTime(now);
  *vote.mutable_update_time() = ToProtoTime(now);
  return vote;
}

std::string OpenVotesIndex() { return "lvVotes:open"; }
std::string VotesIndex(int year) { return year == 0 ? "lvVotes" : absl::StrCat("lvVotes:year:", year); }

std::vector<std::string> LivelihoodVoteIndexes(const v1::LivelihoodVote& vote) {
  std::vector<std::string> out = {VotesIndex(0), VotesIndex(vote.year())};
  if (vote.state() == v1::LIVELIHOOD_VOTE_STATE_OPEN) out.push_back(OpenVotesIndex());
  return out;
}

void ValidateCandidateFields(const std::string& field, const v1::LivelihoodCandidate& candidate, Validator& v) {
  v.Text(field + ".title", candidate.title(), 200, true);
  v.Text(field + ".description", candidate.description(), 5000, false);
  v.Enum(field + ".source", candidate.source(), v1::CandidateSource_descriptor(), true);
  v.Text(field + ".proposer", candidate.proposer(), 128, false);
  v.Text(field + ".department", candidate.department(), 128, false);
  if (candidate.estimated_cost_yuan() < 0) v.Add(field + ".estimated_cost_yuan", "must be 0 or more");
  if (candidate.opinions_size() > 50) v.Add(field + ".opinions", "at most 50 opinions");
  std::set<std::string> seen;
  for (int i = 0; i < candidate.opinions_size(); ++i) {
    const std::string& o = candidate.opinions(i);
    const std::string path = absl::StrCat(field, ".opinions[", i, "]");
    // congresses/{c}/opinions/{o}: checked against the vote's congress by the core.
    if (o.find("/opinions/") == std::string::npos || o.rfind("congresses/", 0) != 0) {
      v.Add(path, "must be congresses/{congress}/opinions/{opinion}");
    } else if (!seen.insert(o).second) {
      v.Add(path, "is named twice");
    }
  }
}

absl::StatusOr<v1::LivelihoodVote> WithCandidate(const v1::LivelihoodVote& vote, v1::LivelihoodCandidate candidate,
                                                 absl::Time now) {
  if (vote.state() != v1::LIVELIHOOD_VOTE_STATE_GATHERING) return NotInState("VOTE_NOT_GATHERING", vote, "GATHERING");
  if (vote.candidates_size() >= kMaxLivelihoodCandidates) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "TOO_MANY_CANDIDATES",
                     absl::StrCat(vote.name(), " already has ", kMaxLivelihoodCandidates, " candidates"));
  }
  v1::LivelihoodVote next = vote;
  candidate.set_id(absl::StrFormat("c%02d", vote.candidates_size() + 1));
  *next.add_candidates() = std::move(candidate);
  Touch(next, now);
  return next;
}

absl::StatusOr<v1::LivelihoodVote> Fixed(const v1::LivelihoodVote& vote, absl::Time now) {
  if (vote.state() != v1::LIVELIHOOD_VOTE_STATE_GATHERING) return NotInState("VOTE_NOT_GATHERING", vote, "GATHERING");
  if (vote.candidates_size() <= vote.seats()) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "TOO_FEW_CANDIDATES",
                     absl::StrCat(vote.name(), " has ", vote.candidates_size(), " candidates for ", vote.seats(),
                                  " projects; the list needs more candidates than projects"));
  }
  v1::LivelihoodVote next = vote;
  next.set_state(v1::LIVELIHOOD_VOTE_STATE_FIXED);
  Touch(next, now);
  return next;
}

absl::StatusOr<v1::LivelihoodVote> Opened(const v1::LivelihoodVote& vote, int64_t electorate_size, absl::Time now) {
  if (vote.state() != v1::LIVELIHOOD_VOTE_STATE_FIXED) return NotInState("VOTE_NOT_FIXED", vote, "FIXED");
  v1::LivelihoodVote next = vote;
  next.set_state(v1::LIVELIHOOD_VOTE_STATE_OPEN);
  next.set_electorate_size(electorate_size);
  *next.mutable_open_time() = ToProtoTime(now);
  Touch(next, now);
  return next;
}

absl::StatusOr<v1::LivelihoodVote> Counting(const v1::LivelihoodVote& vote, absl::Time now) {
  if (vote.state() != v1::LIVELIHOOD_VOTE_STATE_OPEN) return NotInState("VOTE_NOT_OPEN", vote, "OPEN");
  v1::LivelihoodVote next = vote;
  next.set_state(v1::LIVELIHOOD_VOTE_STATE_COUNTING);
  Touch(next, now);
  return next;
}

absl::StatusOr<std::vector<std::string>> CheckMarks(const v1::LivelihoodVote& vote,
                                                    const google::protobuf::RepeatedPtrField<std::string>& marks) {
  if (marks.size() > vote.seats()) {
    return MakeError(
        absl::StatusCode::kInvalidArgument, "TOO_MANY_MARKS",
        absl::StrCat("a ballot marks at most ", vote.seats(), " candidates; this one marks ", marks.size()));
  }
  std::set<std::string> known;
  for (const auto& c : vote.candidates()) known.insert(c.id());
  std::set<std::string> seen;
  Validator v;
  for (int i = 0; i < marks.size(); ++i) {
    const std::string path = absl::StrCat("candidate_ids[", i, "]");
    if (!known.contains(marks[i])) {
      v.Add(path, absl::StrCat("\"", marks[i], "\" is not a candidate of this vote"));
    } else if (!seen.insert(marks[i]).second) {
      v.Add(path, "marks the same candidate twice");
    }
  }
  if (!v.ok()) return v.status();
  return std::vector<std::string>(seen.begin(), seen.end());
}

// ---- The count ----

VoteOutcome CountVote(const v1::LivelihoodVote& vote, const std::map<std::string, int64_t>& votes,
                      int64_t ballots_cast) {
  VoteOutcome out;
  struct Ranked {
    int index;
    int64_t votes;
  };
  std::vector<Ranked> passing;
  for (int i = 0; i < vote.candidates_size(); ++i) {
    const std::string& id = vote.candidates(i).id();
    auto it = votes.find(id);
    v1::CandidateResult r;
    r.set_candidate_id(id);
    r.set_votes(it == votes.end() ? 0 : it->second);
    r.set_passed_threshold(Passes(vote, r.votes(), ballots_cast));
    r.set_outcome(v1::CANDIDATE_OUTCOME_NOT_ADOPTED);
    if (r.passed_threshold()) passing.push_back({i, r.votes()});
    out.results.push_back(std::move(r));
  }
  // Most votes first; equal votes in candidate order (the order only matters for display).
  std::stable_sort(passing.begin(), passing.end(), [](const Ranked& a, const Ranked& b) { return a.votes > b.votes; });
  const size_t seats = static_cast<size_t>(vote.seats());
  if (passing.size() <= seats || passing[seats - 1].votes != passing[seats].votes) {
    for (size_t k = 0; k < std::min(seats, passing.size()); ++k) {
      out.results[passing[k].index].set_outcome(v1::CANDIDATE_OUTCOME_ADOPTED);
      out.adopted.push_back(out.results[passing[k].index].candidate_id());
    }
    return out;
  }
  // A tie at the cut: those above it are adopted, the tied ones share the seats left.
  const int64_t cut = passing[seats - 1].votes;
  std::vector<int> tied;
  for (const Ranked& r : passing) {
    if (r.votes > cut) {
      out.results[r.index].set_outcome(v1::CANDIDATE_OUTCOME_ADOPTED);
      out.adopted.push_back(out.results[r.index].candidate_id());
    } else if (r.votes == cut) {
      tied.push_back(r.index);
    }
  }
  std::sort(tied.begin(), tied.end());
  if (vote.rule().no_runoff()) return out;
  out.runoff_seats = static_cast<int>(seats - out.adopted.size());
  for (int i : tied) {
    out.results[i].set_outcome(v1::CANDIDATE_OUTCOME_RUNOFF);
    out.runoff.push_back(out.results[i].candidate_id());
  }
  return out;
}

v1::LivelihoodVote Closed(const v1::LivelihoodVote& vote, const VoteOutcome& outcome, int64_t ballots_cast,
                          const std::string& ledger_head, const std::vector<std::string>& projects,
                          const std::string& runoff, absl::Time now) {
  v1::LivelihoodVote next = vote;
  next.set_state(v1::LIVELIHOOD_VOTE_STATE_CLOSED);
  next.set_ballots_cast(ballots_cast);
  next.set_ledger_head(ledger_head);
  next.clear_results();
  for (const auto& r : outcome.results) *next.add_results() = r;
  next.clear_projects();
  for (const auto& p : projects) next.add_projects(p);
  next.set_runoff(runoff);
  *next.mutable_close_time() = ToProtoTime(now);
  Touch(next, now);
  return next;
}

v1::LivelihoodVote RunoffOf(const v1::LivelihoodVote& vote, const VoteOutcome& outcome, const std::string& name,
                            absl::Time now) {
  v1::LivelihoodVote runoff;
  runoff.set_name(name);
  runoff.set_title(absl::StrCat(vote.title(), " (run-off)"));
  runoff.set_year(vote.year());
  runoff.set_seats(outcome.runoff_seats);
  *runoff.mutable_rule() = vote.rule();
  runoff.set_state(v1::LIVELIHOOD_VOTE_STATE_FIXED);
  runoff.set_runoff_of(vote.name());
  for (const auto& c : vote.candidates()) {
    if (std::find(outcome.runoff.begin(), outcome.runoff.end(), c.id()) != outcome.runoff.end()) {
      *runoff.add_candidates() = c;  // the same ids as in the first round
    }
  }
  *runoff.mutable_create_time() = ToProtoTime(now);
  *runoff.mutable_update_time() = ToProtoTime(now);
  return runoff;
}

// ---- Projects ----

std::string ProjectIdOf(const std::string& vote_id, const std::string& candidate_id) {
  return absl::StrCat(vote_id, "-", candidate_id);
}
std::string ProjectsIndex(int year) { return year == 0 ? "lvProjects" : absl::StrCat("lvProjects:year:", year); }
std::vector<std::string> LivelihoodProjectIndexes(const v1::LivelihoodProject& project) {
  return {ProjectsIndex(0), ProjectsIndex(project.year())};
}

v1::LivelihoodProject NewProject(const v1::LivelihoodVote& vote, const std::string& candidate_id, int64_t votes,
                                 const std::string& name, absl::Time now) {
  v1::LivelihoodProject p;
  p.set_name(name);
  // A run-off's project names the first-round vote's candidate too: both carry the same ids.
  p.set_vote(vote.name());
  for (const auto& c : vote.candidates()) {
    if (c.id() == candidate_id) *p.mutable_candidate() = c;
  }
  p.set_year(vote.year());
  p.set_votes(votes);
  for (int i = 0; i < 5; ++i) p.add_rating_histogram(0);
  *p.mutable_create_time() = ToProtoTime(now);
  *p.mutable_update_time() = ToProtoTime(now);
  return p;
}

void ValidateMilestoneFields(const v1::ProjectMilestone& milestone, Validator& v) {
  v.Text("milestone.title", milestone.title(), 200, true);
  absl::CivilDay day;
  if (!absl::ParseCivilTime(milestone.due_date(), &day)) v.Add("milestone.due_date", "must be a date, YYYY-MM-DD");
}

absl::StatusOr<v1::LivelihoodProject> WithMilestone(const v1::LivelihoodProject& project,
                                                    v1::ProjectMilestone milestone, absl::Time now) {
  if (project.milestones_size() >= kMaxProjectMilestones) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "TOO_MANY_MILESTONES",
                     absl::StrCat(project.name(), " already has ", kMaxProjectMilestones, " milestones"));
  }
  v1::LivelihoodProject next = project;
  milestone.set_id(absl::StrFormat("m%02d", project.milestones_size() + 1));
  milestone.clear_complete_time();
  *next.add_milestones() = std::move(milestone);
  Touch(next, now);
  return next;
}

void ValidateReportFields(const v1::ProjectProgressReport& report, Validator& v) {
  v.Text("report.text", report.text(), 5000, true);
  v.Range("report.percent_complete", report.percent_complete(), 0, 100, true);
}

absl::StatusOr<v1::LivelihoodProject> WithReport(const v1::LivelihoodProject& project, v1::ProjectProgressReport report,
                                                 const std::string& reporter, absl::Time now) {
  if (project.progress_reports_size() >= kMaxProjectReports) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "TOO_MANY_REPORTS",
                     absl::StrCat(project.name(), " already has ", kMaxProjectReports, " progress reports"));
  }
  v1::LivelihoodProject next = project;
  if (!report.completes_milestone().empty()) {
    v1::ProjectMilestone* found = nullptr;
    for (auto& m : *next.mutable_milestones()) {
      if (m.id() == report.completes_milestone()) found = &m;
    }
    if (found == nullptr) {
      Validator v;
      v.Add("report.completes_milestone",
            absl::StrCat("\"", report.completes_milestone(), "\" is no milestone of ", project.name()));
      return v.status();
    }
    *found->mutable_complete_time() = ToProtoTime(now);
  }
  report.set_reporter(reporter);
  *report.mutable_report_time() = ToProtoTime(now);
  next.set_percent_complete(report.percent_complete());
  *next.add_progress_reports() = std::move(report);
  Touch(next, now);
  return next;
}

v1::LivelihoodProject WithGroup(const v1::LivelihoodProject& project, const std::vector<std::string>& deputies,
                                absl::Time now) {
  v1::LivelihoodProject next = project;
  next.clear_supervision_group();
  for (const auto& d : deputies) next.add_supervision_group(d);
  Touch(next, now);
  return next;
}

v1::LivelihoodProject WithRating(const v1::LivelihoodProject& project, int score, absl::Time now) {
  v1::LivelihoodProject next = project;
  while (next.rating_histogram_size() < 5) next.add_rating_histogram(0);
  next.set_rating_count(next.rating_count() + 1);
  next.set_rating_sum(next.rating_sum() + score);
  next.set_rating_histogram(score - 1, next.rating_histogram(score - 1) + 1);
  Touch(next, now);
  return next;
}

std::string RatingKeyId(const std::string& project_id, const std::string& deputy_id) {
  return absl::StrCat(project_id, ".", deputy_id);
}

}  // namespace renda::supervision
