// Opinion polls end to end against a real Redis: a questionnaire's lifecycle with single,
// multiple and free-text answers and exact results, one response per respondent, exact counts
// under concurrent responses, the response window, the anonymous rate limit, and refused calls
// that write nothing.
#include <gtest/gtest.h>

#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "services/common/grpc_status.h"
#include "services/common/rate_limit.h"
#include "services/intake/poll_service.h"
#include "services/common/time_util.h"
#include "tests/support/intake_fixture.h"

namespace renda {
namespace {

using namespace intake::v1;  // NOLINT: test brevity
using testing::ContextWith;

using testing::CallAs;
using testing::Named;
using Stub = PollService::Stub;

// The intake services on a fake clock that starts 2024-06-01 10:00 China Standard Time.
class PollTest : public testing::IntakeFixture {
 protected:
  void SetUp() override {
    StartIntake();
    stub_ = PollService::NewStub(intake_channel_);
  }

  // Three questions: q-place (single, required), q-topics (multiple, at most 2), q-words (free
  // text, at most 20 characters); the window is the next week.
  CreatePollRequest NewPollRequest(const std::string& id) {
    CreatePollRequest req;
    req.set_parent("congresses/hz");
    req.set_poll_id(id);
    Poll* p = req.mutable_poll();
    p->set_title("2025年民生实事项目意见征集");
    p->set_description("请选择您最关心的事项");
    PollQuestion* q1 = p->add_questions();
    q1->set_id("q-place");
    q1->set_text("您住在哪个区？");
    q1->set_type(QUESTION_TYPE_SINGLE_CHOICE);
    q1->set_required(true);
    for (const char* o : {"xihu", "shangcheng", "binjiang"}) {
      PollOption* opt = q1->add_options();
      opt->set_id(o);
      opt->set_text(std::string("区 ") + o);
    }
    PollQuestion* q2 = p->add_questions();
    q2->set_id("q-topics");
    q2->set_text("您最关心哪些事项？（最多两项）");
    q2->set_type(QUESTION_TYPE_MULTIPLE_CHOICE);
    q2->set_max_selections(2);
    for (const char* o : {"traffic", "schools", "elderly"}) {
      PollOption* opt = q2->add_options();
      opt->set_id(o);
      opt->set_text(o);
    }
    PollQuestion* q3 = p->add_questions();
    q3->set_id("q-words");
    q3->set_text("其他建议");
    q3->set_type(QUESTION_TYPE_FREE_TEXT);
    q3->set_max_length(20);
    *p->mutable_open_time() = ToProtoTime(clock_.Now());
    *p->mutable_close_time() = ToProtoTime(clock_.Now() + absl::Hours(24 * 7));
    return req;
  }

  Poll CreateAndOpen(const std::string& id) {
    CreatePollResponse created;
    grpc::Status s = stub_->CreatePoll(ContextWith(Token(Role::kStaff)).get(), NewPollRequest(id), &created);
    EXPECT_TRUE(s.ok()) << s.error_message();
    OpenPollRequest open;
    open.set_name(created.poll().name());
    OpenPollResponse opened;
    s = stub_->OpenPoll(ContextWith(Token(Role::kStaff)).get(), open, &opened);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return opened.poll();
  }

  static SubmitPollResponseRequest Answers(const std::string& poll, const std::string& place,
                                           std::vector<std::string> topics = {}, const std::string& words = "") {
    SubmitPollResponseRequest req;
    req.set_poll(poll);
    PollAnswer* a = req.add_answers();
    a->set_question_id("q-place");
    a->add_option_ids(place);
    if (!topics.empty()) {
      PollAnswer* b = req.add_answers();
      b->set_question_id("q-topics");
      for (const auto& t : topics) b->add_option_ids(t);
    }
    if (!words.empty()) {
      PollAnswer* c = req.add_answers();
      c->set_question_id("q-words");
      c->set_text(words);
    }
    return req;
  }

  grpc::Status Respond(const std::string& token, const SubmitPollResponseRequest& req,
                       SubmitPollResponseResponse* out = nullptr) {
    SubmitPollResponseResponse ignored;
    return stub_->SubmitPollResponse(ContextWith(token).get(), req, out == nullptr ? &ignored : out);
  }

  absl::StatusOr<PollResults> Results(const std::string& token, const std::string& poll) {
    GetPollResultsRequest req;
    req.set_poll(poll);
    GetPollResultsResponse resp;
    grpc::Status s = stub_->GetPollResults(ContextWith(token).get(), req, &resp);
    if (!s.ok()) return FromGrpcStatus(s);
    return resp.results();
  }

  static int64_t CountOf(const PollResults& r, const std::string& question, const std::string& option) {
    for (const auto& q : r.questions()) {
      if (q.question_id() != question) continue;
      for (const auto& o : q.options()) {
        if (o.option_id() == option) return o.count();
      }
    }
    return -1;
  }
  static int64_t AnsweredOf(const PollResults& r, const std::string& question) {
    for (const auto& q : r.questions()) {
      if (q.question_id() == question) return q.answered_count();
    }
    return -1;
  }

  std::unique_ptr<PollService::Stub> stub_;
};

TEST_F(PollTest, LifecycleWithExactResultsAndTextAnswersForStaff) {
  CreatePollResponse created;
  ASSERT_TRUE(stub_->CreatePoll(ContextWith(Token(Role::kStaff)).get(), NewPollRequest("livelihood-2025"), &created).ok());
  const std::string poll = created.poll().name();
  EXPECT_EQ(poll, "congresses/hz/polls/livelihood-2025");
  EXPECT_EQ(created.poll().state(), POLL_STATE_DRAFT);
  EXPECT_EQ(created.poll().questions_size(), 3);

  // A draft is for staff; nobody can answer it yet.
  GetPollRequest get;
  get.set_name(poll);
  GetPollResponse got;
  EXPECT_EQ(stub_->GetPoll(ContextWith(Token(Role::kCitizen)).get(), get, &got).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Respond(Token(Role::kCitizen, "citizen-1"), Answers(poll, "xihu")).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  OpenPollRequest open;
  open.set_name(poll);
  OpenPollResponse opened;
  ASSERT_TRUE(stub_->OpenPoll(ContextWith(Token(Role::kStaff)).get(), open, &opened).ok());
  EXPECT_EQ(opened.poll().state(), POLL_STATE_OPEN);
  ASSERT_TRUE(stub_->GetPoll(ContextWith(Token(Role::kCitizen)).get(), get, &got).ok());
  EXPECT_EQ(got.poll().title(), "2025年民生实事项目意见征集");

  SubmitPollResponseResponse first;
  ASSERT_TRUE(Respond(Token(Role::kCitizen, "citizen-1"), Answers(poll, "xihu", {"traffic", "schools"}, "多建停车场"), &first).ok());
  EXPECT_TRUE(absl::StartsWith(first.response().name(), poll + "/responses/"));
  EXPECT_TRUE(first.response().signed_in());
  ASSERT_TRUE(Respond(Token(Role::kDeputy, "deputy-1"), Answers(poll, "xihu", {"elderly"})).ok());
  ASSERT_TRUE(Respond(Token(Role::kCitizen, "citizen-3"), Answers(poll, "binjiang", {}, "公园太少")).ok());

  // While open, results are for staff, leaders and admins.
  EXPECT_EQ(Results(Token(Role::kCitizen), poll).status().code(), absl::StatusCode::kPermissionDenied);
  auto results = Results(Token(Role::kLeader), poll);
  ASSERT_TRUE(results.ok()) << results.status();
  EXPECT_EQ(results->response_count(), 3);
  EXPECT_EQ(CountOf(*results, "q-place", "xihu"), 2);
  EXPECT_EQ(CountOf(*results, "q-place", "shangcheng"), 0);
  EXPECT_EQ(CountOf(*results, "q-place", "binjiang"), 1);
  EXPECT_EQ(AnsweredOf(*results, "q-topics"), 2);
  EXPECT_EQ(CountOf(*results, "q-topics", "traffic"), 1);
  EXPECT_EQ(CountOf(*results, "q-topics", "schools"), 1);
  EXPECT_EQ(CountOf(*results, "q-topics", "elderly"), 1);
  EXPECT_EQ(AnsweredOf(*results, "q-words"), 2);

  // Free-text answers, paged, for staff.
  std::vector<std::string> texts;
  ListPollTextAnswersRequest list;
  list.set_poll(poll);
  list.set_question_id("q-words");
  list.set_page_size(1);
  for (int page = 0; page < 5; ++page) {
    ListPollTextAnswersResponse resp;
    ASSERT_TRUE(stub_->ListPollTextAnswers(ContextWith(Token(Role::kStaff)).get(), list, &resp).ok());
    for (const auto& a : resp.answers()) texts.push_back(a.text());
    if (resp.next_page_token().empty()) break;
    list.set_page_token(resp.next_page_token());
  }
  std::sort(texts.begin(), texts.end());
  EXPECT_EQ(texts, (std::vector<std::string>{"公园太少", "多建停车场"}));

  ClosePollRequest close;
  close.set_name(poll);
  ClosePollResponse closed;
  ASSERT_TRUE(stub_->ClosePoll(ContextWith(Token(Role::kStaff)).get(), close, &closed).ok());
  EXPECT_EQ(closed.poll().state(), POLL_STATE_CLOSED);
  EXPECT_EQ(Respond(Token(Role::kCitizen, "citizen-9"), Answers(poll, "xihu")).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  auto published = Results(Token(Role::kCitizen), poll);
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->response_count(), 3);
  EXPECT_EQ(published->state(), POLL_STATE_CLOSED);

  // Citizens list open polls by default, closed ones when asked.
  ListPollsRequest lp;
  lp.set_parent("congresses/hz");
  ListPollsResponse polls;
  ASSERT_TRUE(stub_->ListPolls(ContextWith(Token(Role::kCitizen)).get(), lp, &polls).ok());
  EXPECT_EQ(polls.polls_size(), 0);
  lp.set_state(POLL_STATE_CLOSED);
  ASSERT_TRUE(stub_->ListPolls(ContextWith(Token(Role::kCitizen)).get(), lp, &polls).ok());
  ASSERT_EQ(polls.polls_size(), 1);
  EXPECT_EQ(polls.polls(0).name(), poll);
}

TEST_F(PollTest, OneResponsePerRespondentKey) {
  const Poll poll = CreateAndOpen("once");
  const std::string citizen = Token(Role::kCitizen, "citizen-7");

  SubmitPollResponseRequest req = Answers(poll.name(), "xihu");
  req.set_request_id("r-1");
  SubmitPollResponseResponse a, b;
  ASSERT_TRUE(Respond(citizen, req, &a).ok());
  // A retry of the same request answers the first result.
  ASSERT_TRUE(Respond(citizen, req, &b).ok());
  EXPECT_EQ(a.response().name(), b.response().name());
  // A second response, even with other answers, is refused.
  grpc::Status again = Respond(citizen, Answers(poll.name(), "binjiang"));
  EXPECT_EQ(again.error_code(), grpc::StatusCode::ALREADY_EXISTS) << again.error_message();

  // Anonymous respondents are counted by their invitation code.
  IssuePollInvitationsRequest issue;
  issue.set_poll(poll.name());
  issue.set_count(2);
  IssuePollInvitationsResponse codes;
  ASSERT_TRUE(stub_->IssuePollInvitations(ContextWith(Token(Role::kStaff)).get(), issue, &codes).ok());
  ASSERT_EQ(codes.invitation_codes_size(), 2);
  SubmitPollResponseRequest anon = Answers(poll.name(), "shangcheng");
  anon.set_invitation_code(codes.invitation_codes(0));
  SubmitPollResponseResponse by_code;
  ASSERT_TRUE(Respond("", anon, &by_code).ok());
  EXPECT_FALSE(by_code.response().signed_in());
  anon.set_invitation_code(absl::AsciiStrToLower(codes.invitation_codes(0)));
  EXPECT_EQ(Respond("", anon).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  anon.set_invitation_code("3-AAAAAAAAAA");
  grpc::Status forged = Respond("", anon);
  EXPECT_EQ(forged.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(forged.error_message(), "invitation_code")) << forged.error_message();

  auto results = Results(Token(Role::kStaff), poll.name());
  ASSERT_TRUE(results.ok());
  EXPECT_EQ(results->response_count(), 2);
  EXPECT_EQ(CountOf(*results, "q-place", "xihu"), 1);
  EXPECT_EQ(CountOf(*results, "q-place", "shangcheng"), 1);
  EXPECT_EQ(CountOf(*results, "q-place", "binjiang"), 0);
}

TEST_F(PollTest, FiftyConcurrentResponsesAreCountedExactly) {
  const Poll poll = CreateAndOpen("busy");
  std::vector<std::string> tokens;
  for (int i = 0; i < 50; ++i) tokens.push_back(Token(Role::kCitizen, "citizen-" + std::to_string(i)));
  std::vector<grpc::Status> statuses(50);
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i) {
    threads.emplace_back([&, i] {
      statuses[i] = Respond(tokens[i], Answers(poll.name(), i % 2 == 0 ? "xihu" : "binjiang",
                                               i % 5 == 0 ? std::vector<std::string>{"traffic", "elderly"}
                                                          : std::vector<std::string>{"schools"}));
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 50; ++i) EXPECT_TRUE(statuses[i].ok()) << i << ": " << statuses[i].error_message();

  auto results = Results(Token(Role::kStaff), poll.name());
  ASSERT_TRUE(results.ok());
  EXPECT_EQ(results->response_count(), 50);
  EXPECT_EQ(CountOf(*results, "q-place", "xihu"), 25);
  EXPECT_EQ(CountOf(*results, "q-place", "binjiang"), 25);
  EXPECT_EQ(AnsweredOf(*results, "q-topics"), 50);
  EXPECT_EQ(CountOf(*results, "q-topics", "traffic"), 10);
  EXPECT_EQ(CountOf(*results, "q-topics", "elderly"), 10);
  EXPECT_EQ(CountOf(*results, "q-topics", "schools"), 40);
}

TEST_F(PollTest, ResponsesOnlyInsideTheWindowWhileOpen) {
  CreatePollRequest req = NewPollRequest("later");
  *req.mutable_poll()->mutable_open_time() = ToProtoTime(clock_.Now() + absl::Hours(24));
  *req.mutable_poll()->mutable_close_time() = ToProtoTime(clock_.Now() + absl::Hours(48));
  CreatePollResponse created;
  ASSERT_TRUE(stub_->CreatePoll(ContextWith(Token(Role::kStaff)).get(), req, &created).ok());
  const std::string poll = created.poll().name();
  OpenPollRequest open;
  open.set_name(poll);
  OpenPollResponse opened;
  ASSERT_TRUE(stub_->OpenPoll(ContextWith(Token(Role::kStaff)).get(), open, &opened).ok());

  grpc::Status early = Respond(Token(Role::kCitizen, "c-1"), Answers(poll, "xihu"));
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(early.error_message(), "responses start at 2024-06-02 10:00")) << early.error_message();
  clock_.Advance(absl::Hours(30));
  EXPECT_TRUE(Respond(Token(Role::kCitizen, "c-1"), Answers(poll, "xihu")).ok());
  clock_.Advance(absl::Hours(18));
  grpc::Status late = Respond(Token(Role::kCitizen, "c-2"), Answers(poll, "xihu"));
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(late.error_message(), "ended")) << late.error_message();

  // A draft whose window has passed cannot be opened.
  CreatePollResponse stale;
  CreatePollRequest old = NewPollRequest("stale");
  *old.mutable_poll()->mutable_open_time() = ToProtoTime(clock_.Now() - absl::Hours(10));
  *old.mutable_poll()->mutable_close_time() = ToProtoTime(clock_.Now() - absl::Hours(1));
  ASSERT_TRUE(stub_->CreatePoll(ContextWith(Token(Role::kStaff)).get(), old, &stale).ok());
  open.set_name(stale.poll().name());
  EXPECT_EQ(stub_->OpenPoll(ContextWith(Token(Role::kStaff)).get(), open, &opened).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(PollTest, AnonymousRespondentsAreRateLimited) {
  const Poll poll = CreateAndOpen("anon");
  IssuePollInvitationsRequest issue;
  issue.set_poll(poll.name());
  issue.set_first_number(100);
  issue.set_count(4);
  IssuePollInvitationsResponse codes;
  ASSERT_TRUE(stub_->IssuePollInvitations(ContextWith(Token(Role::kStaff)).get(), issue, &codes).ok());
  EXPECT_TRUE(absl::StartsWith(codes.invitation_codes(0), "100-"));
  for (int i = 0; i < 3; ++i) {
    SubmitPollResponseRequest req = Answers(poll.name(), "xihu");
    req.set_invitation_code(codes.invitation_codes(i));
    grpc::Status s = Respond("", req);
    EXPECT_TRUE(s.ok()) << i << ": " << s.error_message();
  }
  const int64_t feed = FeedLength();
  SubmitPollResponseRequest fourth = Answers(poll.name(), "xihu");
  fourth.set_invitation_code(codes.invitation_codes(3));
  grpc::Status s = Respond("", fourth);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  EXPECT_GT(RetryDelayOf(FromGrpcStatus(s)), absl::ZeroDuration()) << "the client learns when to retry";
  EXPECT_EQ(FeedLength(), feed);
  // Signed-in respondents are not limited.
  EXPECT_TRUE(Respond(Token(Role::kCitizen, "c-5"), Answers(poll.name(), "xihu")).ok());
}

TEST_F(PollTest, RefusedCallsWriteNothing) {
  const Poll poll = CreateAndOpen("refusals");
  ASSERT_TRUE(Respond(Token(Role::kCitizen, "done"), Answers(poll.name(), "xihu")).ok());
  CreatePollResponse draft;
  ASSERT_TRUE(stub_->CreatePoll(ContextWith(Token(Role::kStaff)).get(), NewPollRequest("draft"), &draft).ok());
  const std::string staff = Token(Role::kStaff), citizen = Token(Role::kCitizen, "someone");
  ListPollsRequest drafts;
  drafts.set_parent("congresses/hz");
  drafts.set_state(POLL_STATE_DRAFT);

  auto create = [&](const std::string& token, std::function<void(CreatePollRequest&)> change) {
    return CallAs(token, stub_.get(), &Stub::CreatePoll, testing::Changed(NewPollRequest("new-one"), change));
  };
  auto respond = [&](const std::string& token, std::function<void(SubmitPollResponseRequest&)> change) {
    return [=, this] {
      SubmitPollResponseRequest req = Answers(poll.name(), "xihu", {"traffic"}, "好");
      change(req);
      return Respond(token, req);
    };
  };
  auto open = [&](const std::string& token, const std::string& name) {
    return CallAs(token, stub_.get(), &Stub::OpenPoll, Named<OpenPollRequest>(name));
  };
  auto close = [&](const std::string& token, const std::string& name) {
    return CallAs(token, stub_.get(), &Stub::ClosePoll, Named<ClosePollRequest>(name));
  };
  auto results = [&](const std::string& token, const std::string& name) {
    GetPollResultsRequest req;
    req.set_poll(name);
    return CallAs(token, stub_.get(), &Stub::GetPollResults, req);
  };
  auto get = [&](const std::string& token, const std::string& name) {
    return CallAs(token, stub_.get(), &Stub::GetPoll, Named<GetPollRequest>(name));
  };
  auto text_answers = [&](const std::string& token, const std::string& question) {
    ListPollTextAnswersRequest req;
    req.set_poll(poll.name());
    req.set_question_id(question);
    return CallAs(token, stub_.get(), &Stub::ListPollTextAnswers, req);
  };
  auto invite = [&](const std::string& token, int count) {
    IssuePollInvitationsRequest req;
    req.set_poll(poll.name());
    req.set_count(count);
    return CallAs(token, stub_.get(), &Stub::IssuePollInvitations, req);
  };
  struct Refused {
    std::string what;
    std::function<grpc::Status()> call;
    grpc::StatusCode want;
    std::string mentions;  // the message must name this (a question, a field)
  };
  using C = grpc::StatusCode;
  const std::vector<Refused> calls = {
      {"citizen creates", create(citizen, [](auto&) {}), C::PERMISSION_DENIED, ""},
      {"anonymous creates", create("", [](auto&) {}), C::UNAUTHENTICATED, ""},
      {"staff of another congress", create(Token(Role::kStaff, "x", "", "sh"), [](auto&) {}), C::PERMISSION_DENIED, ""},
      {"no questions", create(staff, [](auto& r) { r.mutable_poll()->clear_questions(); }), C::INVALID_ARGUMENT,
       "poll.questions"},
      {"single choice with one option",
       create(staff, [](auto& r) { r.mutable_poll()->mutable_questions(0)->mutable_options()->RemoveLast();
                                   r.mutable_poll()->mutable_questions(0)->mutable_options()->RemoveLast(); }),
       C::INVALID_ARGUMENT, "poll.questions[0].options"},
      {"duplicate question ids", create(staff, [](auto& r) { r.mutable_poll()->mutable_questions(1)->set_id("q-place"); }),
       C::INVALID_ARGUMENT, "used twice"},
      {"closes before it opens",
       create(staff, [this](auto& r) { *r.mutable_poll()->mutable_close_time() = ToProtoTime(clock_.Now() - absl::Hours(1)); }),
       C::INVALID_ARGUMENT, "poll.close_time"},
      {"over-long title", create(staff, [](auto& r) { r.mutable_poll()->set_title(std::string(300, 'x')); }),
       C::INVALID_ARGUMENT, "poll.title"},
      {"bad parent", create(staff, [](auto& r) { r.set_parent("congresses/"); }), C::INVALID_ARGUMENT, "parent"},
      {"existing id", create(staff, [](auto& r) { r.set_poll_id("draft"); }), C::ALREADY_EXISTS, ""},
      {"citizen opens", open(citizen, draft.poll().name()), C::PERMISSION_DENIED, ""},
      {"open an open poll", open(staff, poll.name()), C::FAILED_PRECONDITION, "DRAFT"},
      {"open a missing poll", open(staff, "congresses/hz/polls/nope"), C::NOT_FOUND, ""},
      {"close a draft", close(staff, draft.poll().name()), C::FAILED_PRECONDITION, "OPEN"},
      {"leader closes", close(Token(Role::kLeader), poll.name()), C::PERMISSION_DENIED, ""},
      {"unknown option", respond(citizen, [](auto& r) { r.mutable_answers(0)->set_option_ids(0, "hangzhou"); }),
       C::INVALID_ARGUMENT, "q-place"},
      {"two options on single choice", respond(citizen, [](auto& r) { r.mutable_answers(0)->add_option_ids("binjiang"); }),
       C::INVALID_ARGUMENT, "q-place"},
      {"three options where two are allowed",
       respond(citizen, [](auto& r) { r.mutable_answers(1)->add_option_ids("schools");
                                      r.mutable_answers(1)->add_option_ids("elderly"); }),
       C::INVALID_ARGUMENT, "q-topics"},
      {"required question missing", respond(citizen, [](auto& r) { r.mutable_answers()->DeleteSubrange(0, 1); }),
       C::INVALID_ARGUMENT, "q-place"},
      {"over-long text", respond(citizen, [](auto& r) { r.mutable_answers(2)->set_text(std::string(21, 'x')); }),
       C::INVALID_ARGUMENT, "q-words"},
      {"unknown question", respond(citizen, [](auto& r) { r.mutable_answers(2)->set_question_id("q-none"); }),
       C::INVALID_ARGUMENT, "q-none"},
      {"question answered twice", respond(citizen, [](auto& r) { *r.add_answers() = r.answers(0); }),
       C::INVALID_ARGUMENT, "q-place"},
      {"anonymous without a code", respond("", [](auto&) {}), C::INVALID_ARGUMENT, "invitation_code"},
      {"respond to a draft", respond(citizen, [&](auto& r) { r.set_poll(draft.poll().name()); }),
       C::FAILED_PRECONDITION, "not been opened"},
      {"respond to a missing poll", respond(citizen, [](auto& r) { r.set_poll("congresses/hz/polls/nope"); }),
       C::NOT_FOUND, ""},
      {"second response", respond(Token(Role::kCitizen, "done"), [](auto&) {}), C::ALREADY_EXISTS, ""},
      {"citizen reads results while open", results(citizen, poll.name()), C::PERMISSION_DENIED, "published"},
      {"citizen reads a draft", get(citizen, draft.poll().name()), C::PERMISSION_DENIED, ""},
      {"anonymous reads a poll", get("", poll.name()), C::UNAUTHENTICATED, ""},
      {"citizen lists drafts", CallAs(citizen, stub_.get(), &Stub::ListPolls, drafts), C::PERMISSION_DENIED, ""},
      {"citizen lists text answers", text_answers(citizen, "q-words"), C::PERMISSION_DENIED, ""},
      {"text answers of a choice question", text_answers(staff, "q-place"), C::INVALID_ARGUMENT, "q-place"},
      {"citizen issues invitations", invite(citizen, 1), C::PERMISSION_DENIED, ""},
      {"too many invitations", invite(staff, 5000), C::INVALID_ARGUMENT, "count"},
  };
  ExpectRefusedWritingNothing(calls);
}

}  // namespace
}  // namespace renda
