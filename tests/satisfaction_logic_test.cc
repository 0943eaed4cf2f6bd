// The pure rules of satisfaction votes, budget review stages and the research quota, without
// gRPC or Redis.
#include "services/supervision/satisfaction_logic.h"

#include <gtest/gtest.h>

#include "services/common/errors.h"
#include "services/common/time_util.h"
#include "services/supervision/budget_logic.h"
#include "services/supervision/research_logic.h"

namespace renda::supervision {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1'717'200'000);

TEST(SatisfactionRule, MoreThanHalfOfAllMembersCountingBasicallySatisfied) {
  const v1::SatisfactionRule rule = SatisfactionRuleOf(true, 50, false);
  // 10 members: 5 in favour is not more than half; 6 is.
  EXPECT_EQ(DecideResult(rule, {.satisfied = 3, .basically_satisfied = 2, .not_satisfied = 0}, 10),
            v1::SATISFACTION_RESULT_FAILED);
  EXPECT_EQ(DecideResult(rule, {.satisfied = 3, .basically_satisfied = 3, .not_satisfied = 0}, 10),
            v1::SATISFACTION_RESULT_PASSED);
  EXPECT_EQ(DecideResult(rule, {}, 0), v1::SATISFACTION_RESULT_FAILED) << "nobody to decide";
}

TEST(SatisfactionRule, OtherConfigurations) {
  // Only satisfied ballots count.
  EXPECT_EQ(DecideResult(SatisfactionRuleOf(false, 50, false), {.satisfied = 5, .basically_satisfied = 5}, 10),
            v1::SATISFACTION_RESULT_FAILED);
  // Of the ballots cast: 3 of 4 cast passes though 3 of 10 members would not.
  EXPECT_EQ(DecideResult(SatisfactionRuleOf(true, 50, true), {.satisfied = 3, .not_satisfied = 1}, 10),
            v1::SATISFACTION_RESULT_PASSED);
  // More than 66 percent: 6 of 9 is (600 > 594); 5 of 9 is not.
  EXPECT_EQ(DecideResult(SatisfactionRuleOf(true, 66, false), {.satisfied = 6}, 9), v1::SATISFACTION_RESULT_PASSED);
  EXPECT_EQ(DecideResult(SatisfactionRuleOf(true, 66, false), {.satisfied = 5}, 9), v1::SATISFACTION_RESULT_FAILED);
}

TEST(SatisfactionVote, BallotsOnlyInsideTheWindowOfAnOpenVote) {
  v1::SatisfactionVote vote;
  vote.set_name("congresses/hz/satisfactionVotes/v");
  vote.set_state(v1::SATISFACTION_VOTE_STATE_SCHEDULED);
  *vote.mutable_open_time() = ToProtoTime(kNow);
  *vote.mutable_close_time() = ToProtoTime(kNow + absl::Hours(2));
  EXPECT_EQ(ErrorReason(CheckAcceptsBallots(vote, kNow)), "SATISFACTION_VOTE_NOT_OPEN");
  auto open = ApplyOpenVote(vote, {"congresses/hz/deputies/d1"}, SatisfactionRuleOf(true, 50, false), kNow);
  ASSERT_TRUE(open.ok());
  EXPECT_TRUE(CheckAcceptsBallots(*open, kNow).ok());
  EXPECT_FALSE(CheckAcceptsBallots(*open, kNow - absl::Seconds(1)).ok());
  EXPECT_FALSE(CheckAcceptsBallots(*open, kNow + absl::Hours(2)).ok()) << "the close time is outside";
  EXPECT_EQ(ErrorReason(ApplyOpenVote(vote, {}, SatisfactionRuleOf(true, 50, false), kNow).status()), "NO_ELECTORATE");
  EXPECT_EQ(ErrorReason(ApplyOpenVote(*open, {"x"}, open->rule(), kNow).status()), "SATISFACTION_VOTE_NOT_SCHEDULED");
}

TEST(BudgetStages, GoInOrderAndRecordTheAmountsOfEach) {
  v1::BudgetDraft input;
  input.add_lines()->set_amount_fen(100);
  input.add_lines()->set_amount_fen(50);
  v1::BudgetDraft draft = NewDraft(input, "congresses/hz/budgetDrafts/b", kNow);
  EXPECT_EQ(draft.total_fen(), 150);
  EXPECT_FALSE(ApplyOpenStage(draft, v1::BUDGET_STAGE_PRELIMINARY_REVIEW, kNow).ok()) << "stage 1 comes first";
  draft = *ApplyOpenStage(draft, v1::BUDGET_STAGE_THEMATIC_REVIEW, kNow);
  EXPECT_TRUE(CheckTakesOpinions(draft).ok());
  google::protobuf::RepeatedPtrField<v1::BudgetLineRevision> revisions;
  revisions.Add()->set_line_id("1");
  revisions[0].set_amount_fen(80);
  EXPECT_EQ(ErrorReason(ApplyRevisions(draft, revisions, kNow).status()), "BUDGET_NOT_BETWEEN_STAGES");
  draft = *ApplyCloseStage(draft, kNow);
  EXPECT_FALSE(CheckTakesOpinions(draft).ok());
  draft = *ApplyRevisions(draft, revisions, kNow);
  EXPECT_EQ(draft.total_fen(), 130);
  revisions[0].set_line_id("9");
  EXPECT_EQ(ApplyRevisions(draft, revisions, kNow).status().code(), absl::StatusCode::kInvalidArgument);
  draft = *ApplyOpenStage(draft, v1::BUDGET_STAGE_PRELIMINARY_REVIEW, kNow);
  ASSERT_EQ(draft.lines(0).stage_amounts_size(), 2);
  EXPECT_EQ(draft.lines(0).stage_amounts(0).amount_fen(), 100);
  EXPECT_EQ(draft.lines(0).stage_amounts(1).amount_fen(), 80);
  EXPECT_EQ(draft.stage_totals(1).amount_fen(), 130);
  draft = *ApplyCloseStage(draft, kNow);
  draft = *ApplyOpenStage(draft, v1::BUDGET_STAGE_SESSION_REVIEW, kNow);
  draft = *ApplyCloseStage(draft, kNow);
  EXPECT_EQ(draft.state(), v1::BUDGET_DRAFT_STATE_REVIEWED);
  EXPECT_FALSE(ApplyOpenStage(draft, v1::BUDGET_STAGE_SESSION_REVIEW, kNow).ok());
}

TEST(ResearchQuota, CountsDaysKeyTopicsLedAndReportsPerPlannedLeader) {
  std::vector<v1::ResearchPlan> plans(2);
  plans[0].set_leader("a");
  plans[1].set_leader("b");
  v1::ResearchTopic topic;
  topic.set_lead("a");
  topic.set_key_topic(true);
  topic.add_participants("b");
  auto* days = topic.add_days();
  days->set_leader("a");
  days->set_days(60);
  topic.add_reports()->add_authors("a");
  const auto standings = QuotaStandings(plans, {topic}, ResearchQuota{});
  ASSERT_EQ(standings.size(), 2u);
  EXPECT_TRUE(standings[0].meets_quota());
  EXPECT_FALSE(standings[1].meets_quota());
  EXPECT_EQ(standings[1].shortfalls_size(), 3) << "taking part is not leading, and b wrote nothing";
}

}  // namespace
}  // namespace renda::supervision
