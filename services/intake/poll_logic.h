#pragma once
// Pure rules of opinion polls (民意调查): what a valid questionnaire is, its states and response
// window, answers checked against the questions, who counts as one respondent, invitation codes,
// the sharded running counts and the results summed from them, who may see what. No gRPC, no
// Redis.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "renda/intake/v1/poll.pb.h"
#include "services/common/auth.h"
#include "services/common/validation.h"

namespace renda::intake {

inline constexpr char kPollKind[] = "poll";
inline constexpr char kPollCollection[] = "polls";
inline constexpr char kPollResponseKind[] = "pollresp";
inline constexpr char kPollTallyKind[] = "polltally";
// Running counts are split over this many entities, each updated (with its version) in the
// same write as a response, so concurrent respondents seldom write the same one.
inline constexpr int kPollTallyShards = 16;

absl::Time TimeOf(const google::protobuf::Timestamp& t);

// Checks what staff set on a new poll: title, description, 1 to 100 questions (unique ids, the
// options and limits their type allows) and the window (close after open). Paths start with
// "poll.".
void ValidatePollFields(const v1::Poll& poll, Validator& v);
// The poll as first stored: DRAFT, created by the caller, free-text limits defaulted.
v1::Poll NewPoll(const v1::Poll& input, const std::string& name, const Caller& caller, absl::Time now);
// The indexes a poll is listed under: all polls, and its state.
std::vector<std::string> PollIndexes(const v1::Poll& poll);
std::string PollStateIndex(v1::PollState state);

// DRAFT → OPEN (FAILED_PRECONDITION POLL_NOT_DRAFT; POLL_WINDOW_OVER when the window closed).
absl::StatusOr<v1::Poll> ApplyOpenPoll(const v1::Poll& current, absl::Time now);
// OPEN → CLOSED (FAILED_PRECONDITION POLL_NOT_OPEN).
absl::StatusOr<v1::Poll> ApplyClosePoll(const v1::Poll& current, absl::Time now);

// OK while the poll is OPEN and `now` is inside its window; FAILED_PRECONDITION (POLL_NOT_OPEN)
// saying why otherwise.
absl::Status CheckAcceptsResponses(const v1::Poll& poll, absl::Time now);
// Checks answers against the questions: known questions, each once; the options a question
// has, one for single choice, distinct and within max_selections for multiple choice; text
// within max_length; every required question answered. INVALID_ARGUMENT naming the question.
absl::Status ValidateAnswers(const v1::Poll& poll, const google::protobuf::RepeatedPtrField<v1::PollAnswer>& answers);

// The id of a respondent's response in poll `poll_id`: a keyed digest of who they are
// (`subject` for signed-in callers, else the invitation code), so one respondent has one
// response and the stored response does not say who.
std::string ResponseIdFor(absl::string_view key, absl::string_view poll_id, const Caller& caller,
                          absl::string_view invitation_code);
// The indexes a response is in: the poll's responses, and per free-text answer the question's.
std::vector<std::string> ResponseIndexes(absl::string_view poll_id, const v1::PollResponse& response);
std::string TextAnswerIndex(absl::string_view poll_id, absl::string_view question_id);

// Invitation code number `number` of a poll: "<number>-<10 signed characters>".
std::string InvitationCode(absl::string_view key, absl::string_view congress, absl::string_view poll_id,
                           int64_t number);
// Whether `code` (case ignored) is an invitation code of the poll.
bool IsInvitationCode(absl::string_view key, absl::string_view congress, absl::string_view poll_id,
                      absl::string_view code);

// The id and name of tally shard `shard` of a poll.
std::string TallyShardId(absl::string_view poll_id, int shard);
std::string TallyShardName(absl::string_view poll_name, int shard);
// `shard` with one more response counted.
v1::PollTallyShard CountResponse(const v1::PollTallyShard& shard, const v1::PollResponse& response);
// The results: the shards summed, every question and option in the poll's order.
v1::PollResults SumResults(const v1::Poll& poll, const std::vector<v1::PollTallyShard>& shards);

// Staff, leader, admin and service see drafts; others see OPEN and CLOSED polls.
bool MaySeeDrafts(const Caller& caller);
// Staff, leader and admin see results at any time; others once the poll is CLOSED
// (PERMISSION_DENIED RESULTS_NOT_PUBLISHED otherwise).
absl::Status CheckMaySeeResults(const v1::Poll& poll, const Caller& caller);

}  // namespace renda::intake
