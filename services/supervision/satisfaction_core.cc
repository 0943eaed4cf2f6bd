#include "services/supervision/satisfaction_core.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/time_util.h"
#include "services/common/validation.h"
#include "services/supervision/satisfaction_logic.h"

namespace renda::supervision {
namespace {

using v1::SatisfactionVote;

const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
// Ballots meet only when the vote closes under them; a few tries is plenty.
constexpr int kConflictAttempts = 5;

// One attempt at a ballot: the vote open now and the caller in its electorate, then the secret
// count at the version checked.
Task<absl::StatusOr<SupervisionStore::BallotOutcome>> CastOnce(const SupervisionStore* store, std::string vote_name,
                                                               std::string voter, std::string request_id,
                                                               v1::SatisfactionChoice choice, absl::Time now) {
  CO_ASSIGN_OR_RETURN(auto vote, co_await store->satisfaction_votes.ReadNamed(vote_name));
  CO_RETURN_IF_ERROR(CheckAcceptsBallots(vote.entity, now));
  if (!InElectorate(vote.entity, voter)) {
    co_return MakeError(
        absl::StatusCode::kPermissionDenied, "NOT_IN_ELECTORATE",
        absl::StrCat("only members of the standing committee when ", vote_name, " opened may vote in it"));
  }
  co_return co_await store->CastSatisfactionBallot(vote_name, vote.version, std::move(voter), std::move(request_id),
                                                   choice);
}

// One attempt at closing: the vote and its tally read, the counts written onto the vote in the
// step that checks the tally has not moved since (a ballot in between makes it read again).
Task<absl::StatusOr<SatisfactionVote>> CloseOnce(const SupervisionStore* store, std::string vote_name,
                                                 std::string want_etag, WriteOrigin origin) {
  CO_ASSIGN_OR_RETURN(auto vote, co_await store->satisfaction_votes.ReadNamed(vote_name));
  CO_RETURN_IF_ERROR(CheckEtag(vote_name, want_etag, vote.version));
  CO_ASSIGN_OR_RETURN(auto tally, co_await store->ReadSatisfactionTally(vote_name));
  CO_ASSIGN_OR_RETURN(SatisfactionVote next, ApplyCloseVote(vote.entity, tally.counts, origin.now));
  std::vector<EntityStore::EntityWrite> writes;
  writes.push_back(store->satisfaction_votes.Changed(next, vote, origin));
  if (tally.version > 0) {
    Versioned<v1::SatisfactionTally> at;
    at.entity.set_name(TallyName(vote_name));
    at.version = tally.version;
    writes.push_back(store->satisfaction_tallies.Checked(at));
  }
  co_return co_await store->satisfaction_votes.Commit(std::move(next), std::move(origin), std::move(writes));
}

// One attempt at a rerun: the failed vote marked and the new vote created, in one step.
Task<absl::StatusOr<SatisfactionVote>> RerunOnce(const SupervisionStore* store, v1::RerunSatisfactionVoteRequest req,
                                                 std::string new_name, WriteOrigin origin) {
  CO_ASSIGN_OR_RETURN(auto failed, co_await store->satisfaction_votes.ReadNamed(req.name()));
  CO_RETURN_IF_ERROR(CheckEtag(req.name(), req.etag(), failed.version));
  CO_RETURN_IF_ERROR(CheckMayRerun(failed.entity));
  SatisfactionVote rerun = NewRerunVote(failed.entity, req, new_name, origin.now);
  SatisfactionVote marked = MarkRerun(failed.entity, new_name, origin.now);
  std::vector<EntityStore::EntityWrite> writes;
  writes.push_back(store->satisfaction_votes.Created(rerun, origin));
  writes.push_back(store->satisfaction_votes.Changed(marked, failed, origin));
  co_return co_await store->satisfaction_votes.Commit(std::move(rerun), std::move(origin), std::move(writes));
}

}  // namespace

const AccessTable& SatisfactionAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateSatisfactionVote", kStaffRoles},     {"GetSatisfactionVote", kSignedIn},
      {"ListSatisfactionVotes", kSignedIn},        {"OpenSatisfactionVote", kStaffRoles},
      {"CastSatisfactionBallot", {Role::kDeputy}}, {"CloseSatisfactionVote", kStaffRoles},
      {"RerunSatisfactionVote", kStaffRoles},
  };
  return *table;
}

Task<absl::StatusOr<SatisfactionVote>> SatisfactionCore::Shown(SatisfactionVote vote) const {
  int64_t voted = 0;
  if (vote.state() == v1::SATISFACTION_VOTE_STATE_OPEN) {
    CO_ASSIGN_OR_RETURN(auto tally, co_await store_->ReadSatisfactionTally(vote.name()));
    voted = tally.counts.total();
  }
  ShowVote(vote, voted);
  co_return vote;
}

Task<absl::StatusOr<v1::CreateSatisfactionVoteResponse>> SatisfactionCore::CreateSatisfactionVote(
    const Caller& caller, const v1::CreateSatisfactionVoteRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateVoteFields(req.satisfaction_vote(), v);
  ResourceName item;
  if (!req.satisfaction_vote().supervision_item().empty()) {
    item = ParseResourceName("satisfaction_vote.supervision_item", req.satisfaction_vote().supervision_item(),
                             store_->items.kind().collection, v);
    if (!item.congress.empty() && !congress.empty() && item.congress != congress) {
      v.Add("satisfaction_vote.supervision_item", "must be an item of the same congress");
    }
  }
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const auto found = co_await store_->items.Read(congress, item.id);  // the item must exist
  CO_RETURN_IF_ERROR(found);
  const absl::Time now = runtime_.clock->Now();
  const std::string name = store_->satisfaction_votes.kind().NameOf(congress, NewTimeOrderedId(now));
  v1::CreateSatisfactionVoteResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_satisfaction_vote(),
                      co_await store_->satisfaction_votes.Create(NewVote(req.satisfaction_vote(), name, now),
                                                                 OriginOf(caller, req, now)));
  co_return resp;
}

Task<absl::StatusOr<v1::GetSatisfactionVoteResponse>> SatisfactionCore::GetSatisfactionVote(
    const Caller& caller, const v1::GetSatisfactionVoteRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kSatisfactionVoteCollection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  CO_ASSIGN_OR_RETURN(auto vote, co_await store_->satisfaction_votes.Get(name.congress, name.id));
  v1::GetSatisfactionVoteResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_satisfaction_vote(), co_await Shown(std::move(vote)));
  co_return resp;
}

Task<absl::StatusOr<v1::ListSatisfactionVotesResponse>> SatisfactionCore::ListSatisfactionVotes(
    const Caller& caller, const v1::ListSatisfactionVotesRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.PageSize("page_size", req.page_size(), 200);
  if (!req.supervision_item().empty()) {
    ParseResourceName("supervision_item", req.supervision_item(), store_->items.kind().collection, v);
  }
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const std::string index =
      req.supervision_item().empty() ? std::string("satvotes") : VoteItemIndex(req.supervision_item());
  ListQuery query = PageQuery(congress, {index}, absl::StrCat("ListSatisfactionVotes|", req.parent(), "|", index), req);
  CO_ASSIGN_OR_RETURN(auto page, co_await store_->satisfaction_votes.ListInto(
                                     *runtime_.page_tokens, std::move(query),
                                     &v1::ListSatisfactionVotesResponse::mutable_satisfaction_votes));
  std::vector<Task<absl::StatusOr<SatisfactionVote>>> shown;
  for (auto& vote : *page.mutable_satisfaction_votes()) shown.push_back(Shown(vote));
  auto views = co_await WhenAll(std::move(shown));
  CO_RETURN_IF_ERROR(FirstError(views));
  for (size_t i = 0; i < views.size(); ++i)
    *page.mutable_satisfaction_votes(static_cast<int>(i)) = *std::move(views[i]);
  co_return page;
}

Task<absl::StatusOr<v1::OpenSatisfactionVoteResponse>> SatisfactionCore::OpenSatisfactionVote(
    const Caller& caller, const v1::OpenSatisfactionVoteRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kSatisfactionVoteCollection, v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  const WriteOrigin origin = OriginOf(caller, req, now);
  CO_ASSIGN_OR_RETURN(auto current, co_await store_->satisfaction_votes.Get(name.congress, name.id));
  // The electorate: the standing committee's members on the day it opens (asked only of a vote
  // that can still open; any other is refused, or its first result replayed, by the update).
  std::vector<std::string> electorate;
  if (current.state() == v1::SATISFACTION_VOTE_STATE_SCHEDULED) {
    CO_ASSIGN_OR_RETURN(electorate,
                        co_await peers_->StandingCommitteeMembers(name.congress, absl::ToCivilDay(now, ChinaTime())));
  }
  const SupervisionStore* store = store_;
  const v1::SatisfactionRule rule = rule_;
  v1::OpenSatisfactionVoteResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_satisfaction_vote(),
                      co_await store_->satisfaction_votes.Update(
                          name.congress, name.id, req.etag(), origin,
                          [&](const SatisfactionVote& vote) { return ApplyOpenVote(vote, electorate, rule, now); },
                          [&](const SatisfactionVote&,
                              const SatisfactionVote& next) -> absl::StatusOr<std::vector<EntityStore::EntityWrite>> {
                            v1::SatisfactionTally tally;
                            tally.set_name(TallyName(next.name()));
                            std::vector<EntityStore::EntityWrite> also;
                            also.push_back(store->satisfaction_tallies.Created(tally, origin));
                            return also;
                          }));
  co_return resp;
}

Task<absl::StatusOr<v1::CastSatisfactionBallotResponse>> SatisfactionCore::CastSatisfactionBallot(
    const Caller& caller, const v1::CastSatisfactionBallotRequest& req) {
  Validator v;
  const ResourceName name =
      ParseResourceName("satisfaction_vote", req.satisfaction_vote(), kSatisfactionVoteCollection, v);
  v.Enum("choice", req.choice(), v1::SatisfactionChoice_descriptor(), true);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  if (caller.claims.deputy_id.empty()) {
    co_return MakeError(absl::StatusCode::kPermissionDenied, "NOT_IN_ELECTORATE",
                        "only members of the standing committee vote; your token names no deputy");
  }
  const std::string voter = ResourceNameOf(name.congress, "deputies", caller.claims.deputy_id);
  const std::string vote_name = req.satisfaction_vote();
  const std::string request_id = caller.request_id;
  const v1::SatisfactionChoice choice = req.choice();
  const absl::Time now = runtime_.clock->Now();
  const SupervisionStore* store = store_;
  CO_ASSIGN_OR_RETURN(auto outcome, co_await RetryOnConflict(kConflictAttempts, [&] {
                        return CastOnce(store, vote_name, voter, request_id, choice, now);
                      }));
  if (outcome == SupervisionStore::BallotOutcome::kAlreadyVoted) {
    co_return MakeError(absl::StatusCode::kAlreadyExists, "ALREADY_VOTED",
                        absl::StrCat("you have already voted in ", vote_name, "; each member votes once"));
  }
  v1::CastSatisfactionBallotResponse resp;
  resp.set_satisfaction_vote(vote_name);
  resp.set_counted(true);
  co_return resp;
}

Task<absl::StatusOr<v1::CloseSatisfactionVoteResponse>> SatisfactionCore::CloseSatisfactionVote(
    const Caller& caller, const v1::CloseSatisfactionVoteRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kSatisfactionVoteCollection, v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const WriteOrigin origin = OriginOf(caller, req, runtime_.clock->Now());
  v1::CloseSatisfactionVoteResponse resp;
  CO_ASSIGN_OR_RETURN(auto first, co_await store_->satisfaction_votes.FirstAnswer(name.congress, origin));
  if (first.has_value()) {
    *resp.mutable_satisfaction_vote() = *std::move(first);
    co_return resp;
  }
  const SupervisionStore* store = store_;
  const std::string vote_name = req.name();
  const std::string etag = req.etag();
  CO_ASSIGN_OR_RETURN(*resp.mutable_satisfaction_vote(),
                      co_await RetryOnConflict(etag.empty() ? kConflictAttempts : 1,
                                               [&] { return CloseOnce(store, vote_name, etag, origin); }));
  co_return resp;
}

Task<absl::StatusOr<v1::RerunSatisfactionVoteResponse>> SatisfactionCore::RerunSatisfactionVote(
    const Caller& caller, const v1::RerunSatisfactionVoteRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kSatisfactionVoteCollection, v);
  v.Text("rectification_summary", req.rectification_summary(), 2000, true)
      .Text("report_title", req.report_title(), 200, true);
  ValidateWindow("open_time", req.open_time(), "close_time", req.close_time(), req.has_open_time(),
                 req.has_close_time(), v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  const WriteOrigin origin = OriginOf(caller, req, now);
  v1::RerunSatisfactionVoteResponse resp;
  CO_ASSIGN_OR_RETURN(auto first, co_await store_->satisfaction_votes.FirstAnswer(name.congress, origin));
  if (first.has_value()) {
    *resp.mutable_satisfaction_vote() = *std::move(first);
    co_return resp;
  }
  const SupervisionStore* store = store_;
  const std::string new_name = store_->satisfaction_votes.kind().NameOf(name.congress, NewTimeOrderedId(now));
  CO_ASSIGN_OR_RETURN(*resp.mutable_satisfaction_vote(),
                      co_await RetryOnConflict(req.etag().empty() ? kConflictAttempts : 1,
                                               [&] { return RerunOnce(store, req, new_name, origin); }));
  co_return resp;
}

}  // namespace renda::supervision
