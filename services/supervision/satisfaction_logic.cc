#include "services/supervision/satisfaction_logic.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/common/time_util.h"

namespace renda::supervision {
namespace {

absl::Status NotOpen(absl::string_view why) {
  return MakeError(absl::StatusCode::kFailedPrecondition, "SATISFACTION_VOTE_NOT_OPEN", why);
}

}  // namespace

v1::SatisfactionRule SatisfactionRuleOf(bool counts_basically_satisfied, int pass_percent, bool of_votes_cast) {
  v1::SatisfactionRule rule;
  rule.set_counts_basically_satisfied(counts_basically_satisfied);
  rule.set_pass_percent(std::clamp(pass_percent, 0, 99));
  rule.set_base(of_votes_cast ? v1::SATISFACTION_RULE_BASE_VOTES_CAST : v1::SATISFACTION_RULE_BASE_ALL_MEMBERS);
  return rule;
}

void ValidateWindow(absl::string_view open_field, const google::protobuf::Timestamp& open,
                    absl::string_view close_field, const google::protobuf::Timestamp& close, bool has_open,
                    bool has_close, Validator& v) {
  if (!has_open) v.Add(open_field, "is required");
  if (!has_close) v.Add(close_field, "is required");
  if (has_open && has_close && FromProtoTime(close) <= FromProtoTime(open)) {
    v.Add(close_field, "must be after the open time");
  }
}

void ValidateVoteFields(const v1::SatisfactionVote& vote, Validator& v) {
  v.Text("satisfaction_vote.title", vote.title(), 200, true)
      .Text("satisfaction_vote.body", vote.body(), 128, true)
      .Text("satisfaction_vote.report_title", vote.report_title(), 200, true);
  if (vote.supervision_item().empty()) v.Add("satisfaction_vote.supervision_item", "is required");
  ValidateWindow("satisfaction_vote.open_time", vote.open_time(), "satisfaction_vote.close_time", vote.close_time(),
                 vote.has_open_time(), vote.has_close_time(), v);
}

v1::SatisfactionVote NewVote(const v1::SatisfactionVote& input, const std::string& name, absl::Time now) {
  v1::SatisfactionVote vote;
  vote.set_name(name);
  vote.set_title(input.title());
  vote.set_supervision_item(input.supervision_item());
  vote.set_body(input.body());
  vote.set_report_title(input.report_title());
  *vote.mutable_open_time() = input.open_time();
  *vote.mutable_close_time() = input.close_time();
  vote.set_state(v1::SATISFACTION_VOTE_STATE_SCHEDULED);
  *vote.mutable_create_time() = ToProtoTime(now);
  *vote.mutable_update_time() = ToProtoTime(now);
  return vote;
}

std::string VoteItemIndex(absl::string_view item_name) { return absl::StrCat("satvotes:item:", item_name); }

std::vector<std::string> VoteIndexes(const v1::SatisfactionVote& vote) {
  return {"satvotes", VoteItemIndex(vote.supervision_item())};
}

absl::StatusOr<v1::SatisfactionVote> ApplyOpenVote(const v1::SatisfactionVote& vote,
                                                   std::vector<std::string> electorate,
                                                   const v1::SatisfactionRule& rule, absl::Time now) {
  if (vote.state() != v1::SATISFACTION_VOTE_STATE_SCHEDULED) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "SATISFACTION_VOTE_NOT_SCHEDULED",
                     absl::StrCat(vote.name(), " was already opened; a vote opens once"));
  }
  if (electorate.empty()) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "NO_ELECTORATE",
                     "the standing committee has no members today; record its memberships first");
  }
  v1::SatisfactionVote next = vote;
  next.set_state(v1::SATISFACTION_VOTE_STATE_OPEN);
  for (auto& member : electorate) next.add_electorate(std::move(member));
  *next.mutable_rule() = rule;
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

absl::Status CheckAcceptsBallots(const v1::SatisfactionVote& vote, absl::Time now) {
  if (vote.state() != v1::SATISFACTION_VOTE_STATE_OPEN) {
    return NotOpen(absl::StrCat(vote.name(), vote.state() == v1::SATISFACTION_VOTE_STATE_CLOSED
                                                 ? " is closed; ballots are no longer taken"
                                                 : " is not open yet"));
  }
  if (now < FromProtoTime(vote.open_time())) {
    return NotOpen(absl::StrCat("voting on ", vote.name(), " has not begun; it opens at ",
                                absl::FormatTime(FromProtoTime(vote.open_time()), ChinaTime())));
  }
  if (now >= FromProtoTime(vote.close_time())) {
    return NotOpen(absl::StrCat("voting on ", vote.name(), " ended at ",
                                absl::FormatTime(FromProtoTime(vote.close_time()), ChinaTime())));
  }
  return absl::OkStatus();
}

bool InElectorate(const v1::SatisfactionVote& vote, absl::string_view deputy) {
  return std::find(vote.electorate().begin(), vote.electorate().end(), deputy) != vote.electorate().end();
}

v1::SatisfactionResult DecideResult(const v1::SatisfactionRule& rule, const BallotCounts& counts, int64_t members) {
  const int64_t favourable = counts.satisfied + (rule.counts_basically_satisfied() ? counts.basically_satisfied : 0);
  const int64_t base = rule.base() == v1::SATISFACTION_RULE_BASE_VOTES_CAST ? counts.total() : members;
  // More than pass_percent of the base, in integers: favourable * 100 > base * pass_percent.
  if (base > 0 && favourable * 100 > base * rule.pass_percent()) return v1::SATISFACTION_RESULT_PASSED;
  return v1::SATISFACTION_RESULT_FAILED;
}

absl::StatusOr<v1::SatisfactionVote> ApplyCloseVote(const v1::SatisfactionVote& vote, const BallotCounts& counts,
                                                    absl::Time now) {
  if (vote.state() != v1::SATISFACTION_VOTE_STATE_OPEN) {
    return NotOpen(absl::StrCat(vote.name(), " is not open; only an open vote is closed"));
  }
  v1::SatisfactionVote next = vote;
  next.set_state(v1::SATISFACTION_VOTE_STATE_CLOSED);
  const int64_t members = vote.electorate_size();
  auto* c = next.mutable_counts();
  c->set_satisfied(static_cast<int32_t>(counts.satisfied));
  c->set_basically_satisfied(static_cast<int32_t>(counts.basically_satisfied));
  c->set_not_satisfied(static_cast<int32_t>(counts.not_satisfied));
  c->set_not_voted(static_cast<int32_t>(std::max<int64_t>(0, members - counts.total())));
  next.set_voted_count(static_cast<int32_t>(counts.total()));
  next.set_result(DecideResult(vote.rule(), counts, members));
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

absl::Status CheckMayRerun(const v1::SatisfactionVote& failed) {
  if (failed.state() != v1::SATISFACTION_VOTE_STATE_CLOSED || failed.result() != v1::SATISFACTION_RESULT_FAILED) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "SATISFACTION_VOTE_NOT_FAILED",
                     absl::StrCat(failed.name(), failed.state() == v1::SATISFACTION_VOTE_STATE_CLOSED
                                                     ? " passed; only a failed vote is rerun"
                                                     : " is not closed; only a failed vote is rerun"));
  }
  if (!failed.rerun_by().empty()) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "SATISFACTION_VOTE_ALREADY_RERUN",
                     absl::StrCat(failed.name(), " is already rerun by ", failed.rerun_by()));
  }
  return absl::OkStatus();
}

v1::SatisfactionVote NewRerunVote(const v1::SatisfactionVote& failed, const v1::RerunSatisfactionVoteRequest& req,
                                  const std::string& name, absl::Time now) {
  v1::SatisfactionVote vote;
  vote.set_title(failed.title());
  vote.set_supervision_item(failed.supervision_item());
  vote.set_body(failed.body());
  vote.set_report_title(req.report_title());
  *vote.mutable_open_time() = req.open_time();
  *vote.mutable_close_time() = req.close_time();
  vote = NewVote(vote, name, now);
  vote.set_rerun_of(failed.name());
  vote.set_rectification_summary(req.rectification_summary());
  return vote;
}

v1::SatisfactionVote MarkRerun(const v1::SatisfactionVote& failed, const std::string& rerun_name, absl::Time now) {
  v1::SatisfactionVote next = failed;
  next.set_rerun_by(rerun_name);
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

std::string TallyName(absl::string_view vote_name) { return absl::StrCat(vote_name, "/tally"); }

void ShowVote(v1::SatisfactionVote& vote, int64_t voted) {
  if (vote.state() == v1::SATISFACTION_VOTE_STATE_CLOSED) return;
  vote.clear_counts();
  vote.clear_result();
  vote.set_voted_count(static_cast<int32_t>(voted));
}

}  // namespace renda::supervision
