#pragma once
// The intake service's storage, in one place: every kind of entity it keeps (key kind,
// collection, label, indexes), the Lua it needs, and the reads several of its cores share.
// Nothing outside this file and services/common builds keys or holds Lua.

#include <optional>
#include <string>
#include <vector>

#include "services/common/entities.h"
#include "services/common/redis_client.h"
#include "services/common/store.h"
#include "services/common/task.h"
#include "services/intake/opinion_logic.h"
#include "services/intake/consultation_logic.h"
#include "services/intake/proposal_logic.h"
#include "services/intake/poll_logic.h"
#include "services/intake/observation_logic.h"

namespace renda::intake {

class IntakeStore {
 public:
  explicit IntakeStore(RedisClient* redis);
  IntakeStore(const IntakeStore&) = delete;
  IntakeStore& operator=(const IntakeStore&) = delete;

  EntityStore* raw() { return &store_; }
  RedisClient* redis() const { return redis_; }

 private:
  RedisClient* redis_;
  EntityStore store_;  // before the kinds, which point at it

 public:
  // ---- Opinions (IntakeService, the text indexer, the deadline sweep) ----
  const Entities<v1::Opinion> opinions;

  // The case with this (normalized) tracking code; NOT_FOUND (TRACKING_CODE_NOT_FOUND) when none.
  Task<absl::StatusOr<v1::Opinion>> OpinionByTrackingCode(std::string congress, std::string code) const;
  // The cases merged into `target` (its merged_from), with their versions; one gone is skipped.
  Task<absl::StatusOr<std::vector<Versioned<v1::Opinion>>>> MergedInto(std::string congress,
                                                                        v1::Opinion target) const;
  // One page of the cases due on `day` (DueDayIndex), in id order from after the id `after` ("":
  // from the start); its next_page_token is the id to go on after ("" at the end).
  Task<absl::StatusOr<Page<v1::Opinion>>> OpinionsDueOn(std::string congress, absl::CivilDay day,
                                                        std::string after) const;
  // The cases of the same category and district as `opinion` created within `window` of it (at
  // most 500, itself included).
  Task<absl::StatusOr<std::vector<v1::Opinion>>> OpinionsNear(v1::Opinion opinion, absl::Duration window) const;
  // One page of the published cases (of `category`, when given), newest first.
  Task<absl::StatusOr<Page<v1::Opinion>>> PublishedOpinions(const PageTokenCodec& tokens, std::string congress,
                                                            std::string category, std::string page_token,
                                                            int page_size) const;

  // The text index (text_indexer.h): where the indexer is in the feed of `congress` ("" at the
  // start), the feed's events after a cursor, and the step that lists an opinion under each pair
  // of adjacent characters of its title and text and moves the cursor, at once.
  Task<absl::StatusOr<std::string>> TextIndexCursor(std::string congress) const;
  Task<absl::StatusOr<std::vector<EntityStore::FeedEntry>>> FeedAfter(std::string congress, std::string cursor,
                                                                      int count) const;
  Task<absl::Status> IndexOpinionText(std::string congress, v1::Opinion opinion, std::string cursor) const;
  // Moves the cursor past events that are no new opinion.
  Task<absl::Status> MoveTextIndexCursor(std::string congress, std::string cursor) const;

  // ---- Consultations (ConsultationService) ----
  const Entities<v1::Consultation> consultations;
  // Draft versions and comments are named under their consultation and kept by an id unique in
  // the congress (DraftVersionId, CommentName::entity_id): read them by name (ReadNamed).
  const Entities<v1::DraftVersion> draft_versions;
  const Entities<v1::ConsultationComment> comments;

  // The sizes of the given indexes of `congress`, read in one atomic step.
  Task<absl::StatusOr<std::vector<int64_t>>> CountIndexes(std::string congress,
                                                          std::vector<std::string> indexes) const;

  // ---- Proposals (ProposalService) ----
  const Entities<v1::Proposal> proposals;

  // ---- Polls (PollService) ----
  const Entities<v1::Poll> polls;
  // Responses and tally shards are named below their poll ("congresses/c/polls/p/responses/r")
  // and kept as "<p>.<r>": read them by name (FindNamed, ReadNamed); so are the observation
  // section's entities below a meeting.
  const Entities<v1::PollResponse> poll_responses;
  const Entities<v1::PollTallyShard> poll_tallies;

  // The poll's tally shards as first written (nothing counted), for the write that creates it.
  std::vector<EntityStore::EntityWrite> NewPollTallies(const std::string& poll_name, const WriteOrigin& origin) const;
  // Every tally shard of the poll `poll_name`, read at once.
  Task<absl::StatusOr<std::vector<v1::PollTallyShard>>> PollTallies(std::string poll_name) const;

  // What one attempt of a read-decide-write decided: `writes`, in one atomic step, the first of
  // them `answer` (what the call answers); no writes: `answer` is answered, nothing is written.
  template <class T>
  struct Decision {
    T answer;
    std::vector<EntityStore::EntityWrite> writes;
  };
  // A read-decide-write over several entities (polls and observation): a request id already
  // answered gets its first result; otherwise `decide` reads and decides and its writes are
  // committed, and when one of the entities it read was written in between (ABORTED) it runs
  // again, at most `attempts` times in all.
  template <class T>
  Task<absl::StatusOr<T>> Decide(std::string congress, WriteOrigin origin, int attempts,
                                 std::function<Task<absl::StatusOr<Decision<T>>>()> decide) const {
    if (!origin.request_id.empty()) {
      CO_ASSIGN_OR_RETURN(auto first, co_await FindFirstResult(polls.store(), congress, origin));
      if (first.has_value()) co_return ParseEntity<T>(*first);
    }
    co_return co_await RetryOnConflict(attempts, [&]() -> Task<absl::StatusOr<T>> {
      return DecideOnce<T>(polls.store(), congress, origin, decide);
    });
  }
  template <class T>
  static Task<absl::StatusOr<T>> DecideOnce(EntityStore* store, const std::string& congress, const WriteOrigin& origin,
                                            const std::function<Task<absl::StatusOr<Decision<T>>>()>& decide) {
    CO_ASSIGN_OR_RETURN(auto decision, co_await decide());
    if (decision.writes.empty()) co_return std::move(decision.answer);
    CO_ASSIGN_OR_RETURN(auto written, co_await CommitWrites(store, congress, origin, std::move(decision.writes)));
    if (written.replayed) co_return ParseEntity<T>(written.data);
    co_return std::move(decision.answer);
  }

  // ---- Observation (ObservationService) ----
  const Entities<v1::ObservationMeeting> observation_meetings;
  // Named below their meeting and stored as "<meeting>.<id>" (see the polls section).
  const Entities<v1::ObservationApplication> observation_applications;
  const Entities<v1::ObservationApplicantKey> applicant_keys;
  const Entities<v1::ObservationApproval> observation_approvals;

  // The application with tracking code `code` (upper case); NOT_FOUND (APPLICATION_NOT_FOUND).
  Task<absl::StatusOr<v1::ObservationApplication>> ApplicationByCode(std::string congress, std::string code) const;
  // The earliest `count` pending applications of a meeting (one page: it may hold fewer), each
  // with its version, for a write that approves them.
  Task<absl::StatusOr<std::vector<Versioned<v1::ObservationApplication>>>> PendingApplications(
      std::string congress, std::string meeting_id, int count) const;
  // Writes of an application: stored whole, but its change event carries it without personal
  // data and code, so the feed never holds them.
  EntityStore::EntityWrite ApplicationCreated(v1::ObservationApplication& application,
                                              const WriteOrigin& origin) const;
  EntityStore::EntityWrite ApplicationChanged(v1::ObservationApplication& next,
                                              const Versioned<v1::ObservationApplication>& from,
                                              const WriteOrigin& origin) const;
};

}  // namespace renda::intake
