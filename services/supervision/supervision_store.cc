#include "services/supervision/supervision_store.h"

#include "services/supervision/livelihood_logic.h"
#include "services/supervision/obligation_logic.h"
#include "services/supervision/problem_logic.h"
#include "services/supervision/supervision_logic.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/names.h"

namespace renda::supervision {

// ---- Satisfaction votes, budget review, research topics (kinds, Lua, reads) ----
namespace {

// "congresses/c/satisfactionVotes/v/tally" → "v": a tally is kept under its vote's id.
std::string VoteIdOfTally(absl::string_view name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  return parts.size() >= 4 ? std::string(parts[3]) : std::string(name);
}

// The roll of a vote: a hash of member → the request id they voted with.
std::string RollKey(const EntityStore& store, absl::string_view congress, absl::string_view vote_id) {
  return store.EntityKey(congress, "satroll", vote_id);
}

// One ballot. KEYS: the vote, its tally, its roll. ARGV: the vote's version the caller checked,
// the voter, the request id ('' for none), the tally field of the choice. The vote must still be
// at that version (closing moves it on) and have a tally; a voter on the roll is refused (or,
// with the same request id, answered as a replay). The choice only increments a count and the
// tally's version; the roll only gains the voter: nothing records which voter chose what, and
// no change event is appended.
const RedisScript kSatisfactionBallotScript(R"lua(
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return redis.error_reply('NOT_FOUND the satisfaction vote does not exist') end
if v ~= ARGV[1] then
  return redis.error_reply('ETAG_MISMATCH the satisfaction vote changed while the ballot was cast')
end
if not redis.call('HGET', KEYS[2], 'v') then
  return redis.error_reply('FAILED_PRECONDITION the satisfaction vote has no tally; it is not open')
end
local prev = redis.call('HGET', KEYS[3], ARGV[2])
if prev then
  if ARGV[3] ~= '' and prev == ARGV[3] then return 'replay' end
  return 'voted'
end
redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
redis.call('HINCRBY', KEYS[2], ARGV[4], 1)
redis.call('HINCRBY', KEYS[2], 'v', 1)
return 'counted'
)lua");

const char* TallyField(v1::SatisfactionChoice choice) {
  switch (choice) {
    case v1::SATISFACTION_CHOICE_SATISFIED:
      return "n1";
    case v1::SATISFACTION_CHOICE_BASICALLY_SATISFIED:
      return "n2";
    default:
      return "n3";
  }
}

}  // namespace

Task<absl::StatusOr<SupervisionStore::BallotOutcome>> SupervisionStore::CastSatisfactionBallot(
    std::string vote_name, int64_t vote_version, std::string voter, std::string request_id,
    v1::SatisfactionChoice choice) const {
  const ResourceName at = SplitEntityName(vote_name);
  std::vector<std::string> keys = {store_.EntityKey(at.congress, satisfaction_votes.kind().kind, at.id),
                                   store_.EntityKey(at.congress, satisfaction_tallies.kind().kind, at.id),
                                   RollKey(store_, at.congress, at.id)};
  std::vector<std::string> args = {std::to_string(vote_version), std::move(voter), std::move(request_id),
                                   TallyField(choice)};
  CO_ASSIGN_OR_RETURN(auto reply, co_await redis_->RunScript(kSatisfactionBallotScript, std::move(keys),
                                                             std::move(args)));
  if (reply.str == "counted") co_return BallotOutcome::kCounted;
  if (reply.str == "replay") co_return BallotOutcome::kReplayed;
  if (reply.str == "voted") co_return BallotOutcome::kAlreadyVoted;
  co_return absl::InternalError("unexpected reply from the data store: satisfaction ballot");
}

Task<absl::StatusOr<SupervisionStore::TallyRead>> SupervisionStore::ReadSatisfactionTally(
    std::string vote_name) const {
  const ResourceName at = SplitEntityName(vote_name);
  std::vector<std::string> hmget = {"HMGET", store_.EntityKey(at.congress, satisfaction_tallies.kind().kind, at.id),
                                    "v", "n1", "n2", "n3"};
  CO_ASSIGN_OR_RETURN(auto reply, co_await redis_->Run(std::move(hmget)));
  if (reply.type != RedisValue::Type::kArray || reply.elements.size() != 4) {
    co_return absl::InternalError("unexpected reply from the data store: satisfaction tally");
  }
  auto number = [&](int i) -> int64_t {
    int64_t n = 0;
    if (!reply.elements[i].is_nil()) (void)absl::SimpleAtoi(reply.elements[i].str, &n);
    return n;
  };
  TallyRead out;
  out.version = number(0);
  out.counts.satisfied = number(1);
  out.counts.basically_satisfied = number(2);
  out.counts.not_satisfied = number(3);
  co_return out;
}
// ---- (end of satisfaction votes, budget review, research topics) ----

SupervisionStore::SupervisionStore(RedisClient* redis)
    : redis_(redis),
      store_(redis, "sup"),
      // ---- The plan, problem lists and rectification, reporting obligations ----
      items(&store_, {"item", "supervisionItems", "supervision item",
                      [](const v1::SupervisionItem& item) { return ItemIndexes(item); }}),
      problems(&store_, {"problem", "problems", "problem", [](const v1::Problem& p) { return ProblemIndexes(p); }}),
      obligations(&store_, {"obligation", "reportingObligations", "reporting obligation",
                            [](const v1::ReportingObligation& o) { return ObligationIndexes(o); }})
// ---- Satisfaction votes, budget review, research topics ----
      , satisfaction_votes(&store_, {"satvote", kSatisfactionVoteCollection, "satisfaction vote",
                                     [](const v1::SatisfactionVote& v) { return VoteIndexes(v); }})
      , satisfaction_tallies(&store_, {"sattally", "tallies", "satisfaction tally", nullptr, "", VoteIdOfTally})
      , budget_drafts(&store_, {"budget", kBudgetDraftCollection, "budget draft",
                                [](const v1::BudgetDraft& d) { return DraftIndexes(d); }})
      , budget_opinions(&store_, {"bopinion", kBudgetOpinionCollection, "budget opinion",
                                  [](const v1::BudgetOpinion& o) { return OpinionIndexes(o); }})
      , research_plans(&store_, {"rplan", kResearchPlanCollection, "research plan",
                                 [](const v1::ResearchPlan& p) {
                                   return std::vector<std::string>{PlanYearIndex(p.year())};
                                 }})
      , research_topics(&store_, {"rtopic", kResearchTopicCollection, "research topic",
                                  [](const v1::ResearchTopic& t) { return TopicIndexes(t); }})
// ---- Livelihood projects by deputy vote ----
      , livelihood_votes(&store_, {"lvote", "livelihoodVotes", "livelihood vote",
                                 [](const v1::LivelihoodVote& v) { return LivelihoodVoteIndexes(v); }})
      , livelihood_projects(&store_, {"lproject", "livelihoodProjects", "livelihood project",
                                    [](const v1::LivelihoodProject& p) { return LivelihoodProjectIndexes(p); }})
      , project_ratings(&store_, {"lrating", "ratings", "rating", nullptr, "",
                                [](absl::string_view name) {
                                  // congresses/{c}/livelihoodProjects/{p}/ratings/{d} → "p.d"
                                  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
                                  if (parts.size() != 6) return std::string(name);
                                  return RatingKeyId(std::string(parts[3]), std::string(parts[5]));
                                }})
{
}


// ---- Livelihood projects by deputy vote (the ballot box) ----
namespace {

// Sets a vote's electorate. KEYS: the open-votes index, the electorate, (copy) the electorate to
// copy. ARGV: the vote id, 'set' or 'copy', then (set) the deputy ids. Refused once the vote is
// open: the electorate is fixed at opening. Returns {'OK', size} or {'VOTE_NOT_FIXED'}.
const RedisScript kLoadElectorateScript(R"lua(
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return {'VOTE_NOT_FIXED'} end
redis.call('DEL', KEYS[2])
if ARGV[2] == 'copy' then
  if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('SUNIONSTORE', KEYS[2], KEYS[3]) end
else
  local i = 3
  while i <= #ARGV do
    local j = math.min(i + 999, #ARGV)
    redis.call('SADD', KEYS[2], unpack(ARGV, i, j))
    i = j + 1
  end
end
return {'OK', redis.call('SCARD', KEYS[2])}
)lua");

// One ballot, in one step. KEYS: the open-votes index, the electorate, the roll, the box (head,
// count), the ledger, the counts, the feed. ARGV: the vote id, the deputy id, the request id ('' for
// none), the receipt's hash, the marks (sorted, comma-joined), the genesis hash, the change event,
// then each marked candidate id. The roll gets the deputy (with the request id, for a retry) and
// no time; the ledger gets `prev|receipt_hash|marks|sha1(prev|receipt_hash|marks)` with no voter
// and no time; the head and counts move; the event (which names the vote only) is appended.
// Returns {'OK', ballots cast}, {'REPLAY', ballots cast}, or {reason} for a refusal.
const RedisScript kCastBallotScript(R"lua(
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return {'VOTE_NOT_OPEN'} end
if redis.call('SISMEMBER', KEYS[2], ARGV[2]) == 0 then return {'NOT_IN_ELECTORATE'} end
local prior = redis.call('HGET', KEYS[3], ARGV[2])
if prior then
  if ARGV[3] ~= '' and prior == ARGV[3] then
    return {'REPLAY', tonumber(redis.call('HGET', KEYS[4], 'count') or '0')}
  end
  return {'BALLOT_ALREADY_CAST'}
end
local prev = redis.call('HGET', KEYS[4], 'head') or ARGV[6]
local body = prev .. '|' .. ARGV[4] .. '|' .. ARGV[5]
local hash = redis.sha1hex(body)
redis.call('RPUSH', KEYS[5], body .. '|' .. hash)
redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
redis.call('HSET', KEYS[4], 'head', hash)
local n = redis.call('HINCRBY', KEYS[4], 'count', 1)
for i = 8, #ARGV do redis.call('HINCRBY', KEYS[6], ARGV[i], 1) end
redis.call('XADD', KEYS[7], '*', 'e', ARGV[7])
return {'OK', n}
)lua");

// The box at once. KEYS: the box, the counts. Returns {count, head, field, value, ...}.
const RedisScript kReadBallotBoxScript(R"lua(
local box = redis.call('HMGET', KEYS[1], 'count', 'head')
local out = {box[1] or '0', box[2] or ''}
local counts = redis.call('HGETALL', KEYS[2])
for i = 1, #counts do out[#out + 1] = counts[i] end
return out
)lua");

absl::Status BallotRefusal(const std::string& reason) {
  if (reason == "VOTE_NOT_OPEN") {
    return MakeError(absl::StatusCode::kFailedPrecondition, reason, "the vote is not open for ballots");
  }
  if (reason == "NOT_IN_ELECTORATE") {
    return MakeError(absl::StatusCode::kPermissionDenied, reason,
                     "only deputies serving in the congress when the vote opened may vote");
  }
  if (reason == "BALLOT_ALREADY_CAST") {
    return MakeError(absl::StatusCode::kAlreadyExists, reason, "you have already cast your ballot in this vote");
  }
  if (reason == "VOTE_NOT_FIXED") {
    return MakeError(absl::StatusCode::kFailedPrecondition, reason, "the vote is open: its electorate is fixed");
  }
  return absl::InternalError("unexpected reply from the data store: ballot box");
}

}  // namespace

std::string SupervisionStore::BallotBoxKey(const std::string& congress, const std::string& vote_id,
                                           const char* part) const {
  return store_.EntityKey(congress, "lvbox", absl::StrCat(vote_id, ":", part));
}

Task<absl::StatusOr<int64_t>> SupervisionStore::LoadElectorate(std::string congress, std::string vote_id,
                                                               std::vector<std::string> deputy_ids,
                                                               std::string copy_from) const {
  std::vector<std::string> keys = {store_.IndexKey(congress, OpenVotesIndex()),
                                   BallotBoxKey(congress, vote_id, "electorate")};
  std::vector<std::string> args = {vote_id, copy_from.empty() ? "set" : "copy"};
  if (copy_from.empty()) {
    for (auto& id : deputy_ids) args.push_back(std::move(id));
  } else {
    keys.push_back(BallotBoxKey(congress, copy_from, "electorate"));
  }
  CO_ASSIGN_OR_RETURN(auto reply, co_await redis_->RunScript(kLoadElectorateScript, std::move(keys), std::move(args)));
  if (reply.type != RedisValue::Type::kArray || reply.elements.empty()) co_return BallotRefusal("");
  if (reply.elements[0].str != "OK" || reply.elements.size() != 2) co_return BallotRefusal(reply.elements[0].str);
  co_return reply.elements[1].integer;
}

Task<absl::StatusOr<SupervisionStore::BallotCast>> SupervisionStore::CastBallot(
    std::string congress, std::string vote_id, std::string deputy_id, std::string request_id,
    std::string receipt_hash, std::vector<std::string> marks, std::string genesis, std::string event) const {
  std::vector<std::string> keys = {store_.IndexKey(congress, OpenVotesIndex()),
                                   BallotBoxKey(congress, vote_id, "electorate"),
                                   BallotBoxKey(congress, vote_id, "roll"),
                                   BallotBoxKey(congress, vote_id, "box"),
                                   BallotBoxKey(congress, vote_id, "ledger"),
                                   BallotBoxKey(congress, vote_id, "counts"),
                                   store_.FeedKey(congress)};
  std::string marks_text = absl::StrJoin(marks, ",");
  std::vector<std::string> args = {std::move(vote_id),      std::move(deputy_id), std::move(request_id),
                                   std::move(receipt_hash), std::move(marks_text), std::move(genesis),
                                   std::move(event)};
  for (auto& m : marks) args.push_back(std::move(m));
  CO_ASSIGN_OR_RETURN(auto reply, co_await redis_->RunScript(kCastBallotScript, std::move(keys), std::move(args)));
  if (reply.type != RedisValue::Type::kArray || reply.elements.empty()) co_return BallotRefusal("");
  const std::string& status = reply.elements[0].str;
  if ((status == "OK" || status == "REPLAY") && reply.elements.size() == 2) {
    co_return BallotCast{.replayed = status == "REPLAY", .ballots_cast = reply.elements[1].integer};
  }
  co_return BallotRefusal(status);
}

Task<absl::StatusOr<SupervisionStore::BallotBox>> SupervisionStore::ReadBallotBox(std::string congress,
                                                                                  std::string vote_id) const {
  std::vector<std::string> keys = {BallotBoxKey(congress, vote_id, "box"), BallotBoxKey(congress, vote_id, "counts")};
  std::vector<std::string> no_args;
  CO_ASSIGN_OR_RETURN(auto reply, co_await redis_->RunScript(kReadBallotBoxScript, std::move(keys), std::move(no_args)));
  if (reply.type != RedisValue::Type::kArray || reply.elements.size() < 2 || reply.elements.size() % 2 != 0) {
    co_return absl::InternalError("unexpected reply from the data store: ballot box");
  }
  BallotBox box;
  (void)absl::SimpleAtoi(reply.elements[0].str, &box.ballots_cast);
  box.head = reply.elements[1].str;
  for (size_t i = 2; i + 1 < reply.elements.size(); i += 2) {
    int64_t n = 0;
    (void)absl::SimpleAtoi(reply.elements[i + 1].str, &n);
    box.votes[reply.elements[i].str] = n;
  }
  co_return box;
}

Task<absl::StatusOr<std::vector<std::string>>> SupervisionStore::ReadLedger(std::string congress,
                                                                            std::string vote_id) const {
  std::vector<std::string> lrange = {"LRANGE", BallotBoxKey(congress, vote_id, "ledger"), "0", "-1"};
  CO_ASSIGN_OR_RETURN(auto reply, co_await redis_->Run(std::move(lrange)));
  std::vector<std::string> out;
  out.reserve(reply.elements.size());
  for (auto& e : reply.elements) out.push_back(std::move(e.str));
  co_return out;
}
// ---- (end of livelihood projects by deputy vote) ----

}  // namespace renda::supervision
