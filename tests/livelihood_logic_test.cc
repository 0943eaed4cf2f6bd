// The pure rules of livelihood votes: the count under each threshold, the cut and its tie, and
// the ledger's verification on ledgers built in memory.
#include "services/supervision/livelihood_logic.h"

#include <gtest/gtest.h>

#include "services/supervision/livelihood_ledger.h"

namespace renda::supervision {
namespace {

v1::LivelihoodVote VoteOf(int seats, int candidates, int64_t electorate,
                          v1::VoteThreshold threshold = v1::VOTE_THRESHOLD_MAJORITY_OF_ELECTORATE) {
  v1::LivelihoodVote vote;
  vote.set_name("congresses/hz/livelihoodVotes/v1");
  vote.set_seats(seats);
  vote.set_electorate_size(electorate);
  vote.mutable_rule()->set_threshold(threshold);
  for (int i = 1; i <= candidates; ++i) vote.add_candidates()->set_id("c0" + std::to_string(i));
  return vote;
}

TEST(LivelihoodCount, ACandidateNeedsMoreThanHalfOfAllDeputiesEvenIfFewVoted) {
  // 10 deputies, 6 voted: 5 votes is not more than half of 10.
  const auto out = CountVote(VoteOf(2, 3, 10), {{"c01", 6}, {"c02", 5}, {"c03", 1}}, 6);
  EXPECT_EQ(out.adopted, std::vector<std::string>{"c01"});
  EXPECT_TRUE(out.runoff.empty());
  // Under the majority of ballots cast, 5 of 6 passes.
  const auto by_ballots =
      CountVote(VoteOf(2, 3, 10, v1::VOTE_THRESHOLD_MAJORITY_OF_BALLOTS), {{"c01", 6}, {"c02", 5}, {"c03", 1}}, 6);
  EXPECT_EQ(by_ballots.adopted, (std::vector<std::string>{"c01", "c02"}));
}

TEST(LivelihoodCount, TheTopNOfThosePassingAreAdoptedAndATieAtTheCutGoesToARunoff) {
  const auto clear = CountVote(VoteOf(2, 4, 10), {{"c01", 9}, {"c02", 7}, {"c03", 8}, {"c04", 6}}, 10);
  EXPECT_EQ(clear.adopted, (std::vector<std::string>{"c01", "c03"}));
  const auto tie = CountVote(VoteOf(2, 4, 10), {{"c01", 9}, {"c02", 7}, {"c03", 7}, {"c04", 7}}, 10);
  EXPECT_EQ(tie.adopted, std::vector<std::string>{"c01"});
  EXPECT_EQ(tie.runoff, (std::vector<std::string>{"c02", "c03", "c04"}));
  EXPECT_EQ(tie.runoff_seats, 1);
  auto no_runoff = VoteOf(2, 4, 10);
  no_runoff.mutable_rule()->set_no_runoff(true);
  const auto left_empty = CountVote(no_runoff, {{"c01", 9}, {"c02", 7}, {"c03", 7}}, 10);
  EXPECT_EQ(left_empty.adopted, std::vector<std::string>{"c01"});
  EXPECT_TRUE(left_empty.runoff.empty());
  // A tie below the cut decides nothing.
  const auto below = CountVote(VoteOf(2, 4, 10), {{"c01", 9}, {"c02", 8}, {"c03", 7}, {"c04", 7}}, 10);
  EXPECT_EQ(below.adopted, (std::vector<std::string>{"c01", "c02"}));
  EXPECT_TRUE(below.runoff.empty());
}

TEST(LivelihoodCount, TheListMustHaveMoreCandidatesThanSeatsAndABallotAtMostNMarks) {
  auto vote = VoteOf(3, 3, 10);
  vote.set_state(v1::LIVELIHOOD_VOTE_STATE_GATHERING);
  EXPECT_EQ(Fixed(vote, absl::Now()).status().code(), absl::StatusCode::kFailedPrecondition);
  vote.add_candidates()->set_id("c04");
  EXPECT_TRUE(Fixed(vote, absl::Now()).ok());
  google::protobuf::RepeatedPtrField<std::string> marks;
  for (const char* m : {"c04", "c01", "c02", "c03"}) *marks.Add() = m;
  EXPECT_EQ(CheckMarks(vote, marks).status().code(), absl::StatusCode::kInvalidArgument);
  marks.RemoveLast();
  ASSERT_TRUE(CheckMarks(vote, marks).ok());
  EXPECT_EQ(*CheckMarks(vote, marks), (std::vector<std::string>{"c01", "c02", "c04"})) << "kept sorted";
}

// A closed vote with its ledger, built the way the ballot step builds it.
struct Ledger {
  v1::LivelihoodVote vote;
  std::vector<std::string> stored;
};
Ledger BuildLedger(const std::vector<std::string>& marks) {
  Ledger l;
  l.vote = VoteOf(2, 3, 10);
  std::string prev = GenesisHash(l.vote.name());
  std::map<std::string, int64_t> counts;
  for (size_t i = 0; i < marks.size(); ++i) {
    l.stored.push_back(StoredBallot(prev, ReceiptHash(std::string(31, 'a') + std::to_string(i)), marks[i]));
    prev = ParseLedgerBallot(l.stored.back()).hash;
    for (char c = '1'; c <= '3'; ++c) {
      if (marks[i].find(std::string("c0") + c) != std::string::npos) ++counts[std::string("c0") + c];
    }
  }
  l.vote.set_ledger_head(marks.empty() ? "" : prev);
  l.vote.set_ballots_cast(static_cast<int64_t>(marks.size()));
  for (const auto& c : l.vote.candidates()) {
    auto* r = l.vote.add_results();
    r->set_candidate_id(c.id());
    r->set_votes(counts[c.id()]);
  }
  return l;
}

TEST(LivelihoodLedger, AnIntactLedgerVerifiesAndItsReceiptsAreCounted) {
  const Ledger l = BuildLedger({"c01,c02", "c03", "", "c01"});
  const auto r = VerifyLedger(l.vote, l.stored, std::string(31, 'a') + "1");
  EXPECT_TRUE(r.intact()) << r.DebugString();
  EXPECT_EQ(r.receipt_status(), v1::RECEIPT_STATUS_COUNTED);
  EXPECT_EQ(r.receipt_position(), 1);
  EXPECT_TRUE(VerifyLedger(BuildLedger({}).vote, {}, "").intact());
}

TEST(LivelihoodLedger, TheLastBallotRemovedOrAddedIsCaught) {
  Ledger l = BuildLedger({"c01", "c02", "c03"});
  auto removed = l.stored;
  removed.pop_back();
  const auto r = VerifyLedger(l.vote, removed, "");
  ASSERT_GE(r.issues_size(), 1);
  EXPECT_FALSE(r.intact());
  bool saw_removed = false;
  for (const auto& i : r.issues()) saw_removed |= i.kind() == v1::LEDGER_ISSUE_KIND_REMOVED && i.position() == 2;
  EXPECT_TRUE(saw_removed) << r.DebugString();

  auto added = l.stored;
  added.push_back(StoredBallot(ParseLedgerBallot(l.stored.back()).hash, ReceiptHash(std::string(32, 'f')), "c01"));
  const auto a = VerifyLedger(l.vote, added, "");
  bool saw_inserted = false;
  for (const auto& i : a.issues()) saw_inserted |= i.kind() == v1::LEDGER_ISSUE_KIND_INSERTED && i.position() == 3;
  EXPECT_TRUE(saw_inserted) << a.DebugString();
}

TEST(LivelihoodLedger, TheLuaHashIsSha1OfTheStoredContent) {
  // redis.sha1hex("") and SHA-1 agree on the standard vector.
  EXPECT_EQ(Sha1Hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(ParseLedgerBallot(StoredBallot("p", "r", "c01")).ContentHash(), Sha1Hex("p|r|c01"));
}

}  // namespace
}  // namespace renda::supervision
