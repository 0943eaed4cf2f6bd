#include "services/intake/poll_logic.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/crypto.h"
#include "services/common/errors.h"
#include "services/common/time_util.h"
#include "services/intake/opinion_logic.h"

namespace renda::intake {
namespace {

using v1::Poll;
using v1::PollAnswer;
using v1::PollQuestion;

constexpr int kMaxQuestions = 100;
constexpr int kMaxOptions = 50;
constexpr int kDefaultTextLength = 500;
constexpr int kMaxTextLength = 5000;
constexpr size_t kInvitationMacChars = 10;

std::string CnTime(absl::Time t) { return absl::FormatTime("%Y-%m-%d %H:%M", t, ChinaTime()); }

absl::Status BadAnswer(absl::string_view field, absl::string_view question_id, absl::string_view what) {
  return InvalidRequest({{std::string(field), absl::StrCat("question \"", question_id, "\": ", what)}});
}

void ValidateQuestion(const PollQuestion& q, const std::string& at, Validator& v) {
  v.Id(absl::StrCat(at, ".id"), q.id(), true)
      .Text(absl::StrCat(at, ".text"), q.text(), 500, true)
      .Enum(absl::StrCat(at, ".type"), q.type(), v1::QuestionType_descriptor(), true);
  const bool choice = q.type() == v1::QUESTION_TYPE_SINGLE_CHOICE || q.type() == v1::QUESTION_TYPE_MULTIPLE_CHOICE;
  if (choice) {
    if (q.options_size() < 2 || q.options_size() > kMaxOptions) {
      v.Add(absl::StrCat(at, ".options"), absl::StrCat("a choice question needs 2 to ", kMaxOptions,
                                                       " options (got ", q.options_size(), ")"));
    }
    absl::flat_hash_set<std::string> ids;
    for (int j = 0; j < q.options_size(); ++j) {
      const std::string o = absl::StrCat(at, ".options[", j, "]");
      v.Id(absl::StrCat(o, ".id"), q.options(j).id(), true).Text(absl::StrCat(o, ".text"), q.options(j).text(), 200, true);
      if (!ids.insert(q.options(j).id()).second) {
        v.Add(absl::StrCat(o, ".id"), absl::StrCat("option id \"", q.options(j).id(), "\" is used twice"));
      }
    }
    if (q.max_length() != 0) v.Add(absl::StrCat(at, ".max_length"), "applies to free-text questions only");
  } else if (q.type() == v1::QUESTION_TYPE_FREE_TEXT) {
    if (q.options_size() > 0) v.Add(absl::StrCat(at, ".options"), "a free-text question has no options");
    v.Range(absl::StrCat(at, ".max_length"), q.max_length(), 1, kMaxTextLength, true);
  }
  if (q.type() == v1::QUESTION_TYPE_MULTIPLE_CHOICE) {
    v.Range(absl::StrCat(at, ".max_selections"), q.max_selections(), 1, std::max(1, q.options_size()), true);
  } else if (q.max_selections() != 0) {
    v.Add(absl::StrCat(at, ".max_selections"), "applies to multiple-choice questions only");
  }
}

std::string Base32Of(absl::string_view bytes, size_t chars) {
  std::string out(chars, ' ');
  for (size_t i = 0; i < chars; ++i) {
    out[i] = kTrackingCodeAlphabet[static_cast<unsigned char>(bytes[i]) % kTrackingCodeAlphabet.size()];
  }
  return out;
}

std::string InvitationMac(absl::string_view key, absl::string_view congress, absl::string_view poll_id, int64_t number) {
  return Base32Of(HmacSha256(key, absl::StrCat("poll-invitation\n", congress, "\n", poll_id, "\n", number)),
                  kInvitationMacChars);
}

}  // namespace

absl::Time TimeOf(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

void ValidatePollFields(const Poll& p, Validator& v) {
  v.Text("poll.title", p.title(), 200, true).Text("poll.description", p.description(), 4000, false);
  if (p.questions_size() < 1 || p.questions_size() > kMaxQuestions) {
    v.Add("poll.questions", absl::StrCat("a poll has 1 to ", kMaxQuestions, " questions (got ", p.questions_size(), ")"));
  }
  absl::flat_hash_set<std::string> ids;
  for (int i = 0; i < p.questions_size() && i < kMaxQuestions; ++i) {
    const std::string at = absl::StrCat("poll.questions[", i, "]");
    ValidateQuestion(p.questions(i), at, v);
    if (!ids.insert(p.questions(i).id()).second) {
      v.Add(absl::StrCat(at, ".id"), absl::StrCat("question id \"", p.questions(i).id(), "\" is used twice"));
    }
  }
  if (!p.has_open_time()) v.Add("poll.open_time", "is required");
  if (!p.has_close_time()) v.Add("poll.close_time", "is required");
  if (p.has_open_time() && p.has_close_time() && TimeOf(p.close_time()) <= TimeOf(p.open_time())) {
    v.Add("poll.close_time", "must be after poll.open_time");
  }
}

Poll NewPoll(const Poll& input, const std::string& name, const Caller& caller, absl::Time now) {
  Poll p;
  p.set_name(name);
  p.set_title(input.title());
  p.set_description(input.description());
  for (const PollQuestion& q : input.questions()) {
    PollQuestion* out = p.add_questions();
    *out = q;
    if (q.type() == v1::QUESTION_TYPE_FREE_TEXT && q.max_length() == 0) out->set_max_length(kDefaultTextLength);
  }
  *p.mutable_open_time() = input.open_time();
  *p.mutable_close_time() = input.close_time();
  p.set_state(v1::POLL_STATE_DRAFT);
  p.set_created_by(caller.subject());
  *p.mutable_create_time() = ToProtoTime(now);
  *p.mutable_update_time() = ToProtoTime(now);
  return p;
}

std::string PollStateIndex(v1::PollState state) { return absl::StrCat("polls:state:", static_cast<int>(state)); }

std::vector<std::string> PollIndexes(const Poll& poll) { return {kPollCollection, PollStateIndex(poll.state())}; }

absl::StatusOr<Poll> ApplyOpenPoll(const Poll& current, absl::Time now) {
  if (current.state() != v1::POLL_STATE_DRAFT) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "POLL_NOT_DRAFT",
                     absl::StrCat(current.name(), " is ", v1::PollState_Name(current.state()),
                                  "; only a DRAFT poll can be opened"));
  }
  if (now >= TimeOf(current.close_time())) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "POLL_WINDOW_OVER",
                     absl::StrCat(current.name(), "'s response window closed at ", CnTime(TimeOf(current.close_time())),
                                  "; create a new poll with a later window"));
  }
  Poll next = current;
  next.set_state(v1::POLL_STATE_OPEN);
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

absl::StatusOr<Poll> ApplyClosePoll(const Poll& current, absl::Time now) {
  if (current.state() != v1::POLL_STATE_OPEN) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "POLL_NOT_OPEN",
                     absl::StrCat(current.name(), " is ", v1::PollState_Name(current.state()),
                                  "; only an OPEN poll can be closed"));
  }
  Poll next = current;
  next.set_state(v1::POLL_STATE_CLOSED);
  *next.mutable_update_time() = ToProtoTime(now);
  return next;
}

absl::Status CheckAcceptsResponses(const Poll& poll, absl::Time now) {
  auto refuse = [&](absl::string_view why) {
    return MakeError(absl::StatusCode::kFailedPrecondition, "POLL_NOT_OPEN",
                     absl::StrCat("\"", poll.title(), "\" takes no responses now: ", why));
  };
  if (poll.state() == v1::POLL_STATE_DRAFT) return refuse("it has not been opened yet");
  if (poll.state() == v1::POLL_STATE_CLOSED) return refuse("it has been closed");
  if (now < TimeOf(poll.open_time())) {
    return refuse(absl::StrCat("responses start at ", CnTime(TimeOf(poll.open_time())), " (China Standard Time)"));
  }
  if (now >= TimeOf(poll.close_time())) {
    return refuse(absl::StrCat("responses ended at ", CnTime(TimeOf(poll.close_time())), " (China Standard Time)"));
  }
  return absl::OkStatus();
}

absl::Status ValidateAnswers(const Poll& poll, const google::protobuf::RepeatedPtrField<PollAnswer>& answers) {
  absl::flat_hash_map<std::string, const PollQuestion*> questions;
  for (const PollQuestion& q : poll.questions()) questions[q.id()] = &q;
  absl::flat_hash_set<std::string> answered;
  for (int i = 0; i < answers.size(); ++i) {
    const PollAnswer& a = answers[i];
    const std::string at = absl::StrCat("answers[", i, "]");
    auto it = questions.find(a.question_id());
    if (it == questions.end()) return BadAnswer(absl::StrCat(at, ".question_id"), a.question_id(), "no such question in this poll");
    const PollQuestion& q = *it->second;
    if (!answered.insert(q.id()).second) return BadAnswer(at, q.id(), "is answered twice");
    if (q.type() == v1::QUESTION_TYPE_FREE_TEXT) {
      if (a.option_ids_size() > 0) return BadAnswer(absl::StrCat(at, ".option_ids"), q.id(), "is free text; give text, not options");
      Validator text;
      text.Text("t", a.text(), static_cast<size_t>(q.max_length()), true);
      if (!text.ok()) {
        return BadAnswer(absl::StrCat(at, ".text"), q.id(),
                         absl::StrCat("the answer must be 1 to ", q.max_length(),
                                      " characters of text (got ", Utf8Length(a.text()), ")"));
      }
      continue;
    }
    if (!a.text().empty()) return BadAnswer(absl::StrCat(at, ".text"), q.id(), "is a choice question; give option ids, not text");
    if (a.option_ids_size() == 0) return BadAnswer(absl::StrCat(at, ".option_ids"), q.id(), "choose at least one option");
    if (q.type() == v1::QUESTION_TYPE_SINGLE_CHOICE && a.option_ids_size() > 1) {
      return BadAnswer(absl::StrCat(at, ".option_ids"), q.id(),
                       absl::StrCat("is single choice; choose exactly one option (got ", a.option_ids_size(), ")"));
    }
    if (q.max_selections() > 0 && a.option_ids_size() > q.max_selections()) {
      return BadAnswer(absl::StrCat(at, ".option_ids"), q.id(),
                       absl::StrCat("choose at most ", q.max_selections(), " options (got ", a.option_ids_size(), ")"));
    }
    absl::flat_hash_set<std::string> chosen;
    for (const std::string& o : a.option_ids()) {
      const bool known = std::any_of(q.options().begin(), q.options().end(),
                                     [&](const v1::PollOption& opt) { return opt.id() == o; });
      if (!known) return BadAnswer(absl::StrCat(at, ".option_ids"), q.id(), absl::StrCat("has no option \"", o, "\""));
      if (!chosen.insert(o).second) return BadAnswer(absl::StrCat(at, ".option_ids"), q.id(), absl::StrCat("option \"", o, "\" is chosen twice"));
    }
  }
  for (const PollQuestion& q : poll.questions()) {
    if (q.required() && !answered.contains(q.id())) return BadAnswer("answers", q.id(), "is required; answer it");
  }
  return absl::OkStatus();
}

std::string ResponseIdFor(absl::string_view key, absl::string_view poll_id, const Caller& caller,
                          absl::string_view invitation_code) {
  const std::string who = caller.anonymous ? absl::StrCat("code:", absl::AsciiStrToUpper(invitation_code))
                                           : absl::StrCat("subject:", caller.subject());
  return absl::BytesToHexString(HmacSha256(key, absl::StrCat("poll-respondent\n", poll_id, "\n", who)).substr(0, 16));
}

std::string TextAnswerIndex(absl::string_view poll_id, absl::string_view question_id) {
  return absl::StrCat("polltext:", poll_id, ":", question_id);
}

std::vector<std::string> ResponseIndexes(absl::string_view poll_id, const v1::PollResponse& response) {
  std::vector<std::string> out = {absl::StrCat("pollresps:", poll_id)};
  for (const PollAnswer& a : response.answers()) {
    if (!a.text().empty()) out.push_back(TextAnswerIndex(poll_id, a.question_id()));
  }
  return out;
}

std::string InvitationCode(absl::string_view key, absl::string_view congress, absl::string_view poll_id, int64_t number) {
  return absl::StrCat(number, "-", InvitationMac(key, congress, poll_id, number));
}

bool IsInvitationCode(absl::string_view key, absl::string_view congress, absl::string_view poll_id,
                      absl::string_view code) {
  const size_t dash = code.find('-');
  if (dash == absl::string_view::npos || dash == 0 || dash > 8) return false;
  int64_t number = 0;
  if (!absl::SimpleAtoi(code.substr(0, dash), &number) || number < 1) return false;
  const std::string mac = absl::AsciiStrToUpper(code.substr(dash + 1));
  return SecureEquals(mac, InvitationMac(key, congress, poll_id, number));
}

std::string TallyShardId(absl::string_view poll_id, int shard) { return absl::StrFormat("%s.%02d", poll_id, shard); }

std::string TallyShardName(absl::string_view poll_name, int shard) {
  return absl::StrFormat("%s/tallies/%02d", poll_name, shard);
}

v1::PollTallyShard CountResponse(const v1::PollTallyShard& shard, const v1::PollResponse& response) {
  v1::PollTallyShard next = shard;
  next.set_response_count(next.response_count() + 1);
  auto& counts = *next.mutable_counts();
  for (const PollAnswer& a : response.answers()) {
    ++counts[a.question_id()];
    for (const std::string& o : a.option_ids()) ++counts[absl::StrCat(a.question_id(), "/", o)];
  }
  return next;
}

v1::PollResults SumResults(const Poll& poll, const std::vector<v1::PollTallyShard>& shards) {
  absl::flat_hash_map<std::string, int64_t> counts;
  v1::PollResults r;
  r.set_poll(poll.name());
  r.set_state(poll.state());
  for (const auto& s : shards) {
    r.set_response_count(r.response_count() + s.response_count());
    for (const auto& [k, n] : s.counts()) counts[k] += n;
  }
  auto count_of = [&](const std::string& k) {
    auto it = counts.find(k);
    return it == counts.end() ? int64_t{0} : it->second;
  };
  for (const PollQuestion& q : poll.questions()) {
    v1::PollQuestionResult* qr = r.add_questions();
    qr->set_question_id(q.id());
    qr->set_text(q.text());
    qr->set_type(q.type());
    qr->set_answered_count(count_of(q.id()));
    for (const auto& o : q.options()) {
      v1::PollOptionResult* orr = qr->add_options();
      orr->set_option_id(o.id());
      orr->set_text(o.text());
      orr->set_count(count_of(absl::StrCat(q.id(), "/", o.id())));
    }
  }
  return r;
}

bool MaySeeDrafts(const Caller& c) {
  return c.Has(Role::kStaff) || c.Has(Role::kLeader) || c.Has(Role::kAdmin) || c.Has(Role::kService);
}

absl::Status CheckMaySeeResults(const Poll& poll, const Caller& c) {
  if (c.Has(Role::kStaff) || c.Has(Role::kLeader) || c.Has(Role::kAdmin)) return absl::OkStatus();
  if (poll.state() == v1::POLL_STATE_CLOSED) return absl::OkStatus();
  return MakeError(absl::StatusCode::kPermissionDenied, "RESULTS_NOT_PUBLISHED",
                   absl::StrCat("the results of \"", poll.title(), "\" are published when the poll closes"));
}

}  // namespace renda::intake
