// The closed loop of citizens' opinions on real Redis under a fake clock: submit → classify →
// accept → assign (deadline in working days across National Day) → overdue escalation by levels
// → reply → not satisfied → reopen → assign → reply → satisfied → closed → published without
// personal data; closing without feedback; near-duplicates and merging; handling units' scope;
// the text search and time range; the anonymous rate limit; refusals that write nothing.
#include <gtest/gtest.h>

#include "renda/feed/v1/feed.grpc.pb.h"

#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/util/time_util.h"
#include "renda/intake/v1/intake.grpc.pb.h"
#include "services/common/time_util.h"
#include "services/common/grpc_status.h"
#include "services/common/rate_limit.h"
#include "services/intake/disclosure.h"
#include "services/intake/services.h"
#include "tests/support/intake_fixture.h"

namespace renda {
namespace {

using namespace intake::v1;  // NOLINT: test brevity
using testing::ContextWith;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);

absl::Time China(int y, int m, int d, int hh = 0, int mm = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), kChina);
}

constexpr char kStory[] =
    "我是王小明，电话13812345678，住在西湖区文三路100号3栋2单元501室。小区门口的道路积水问题已经多次反映，"
    "一下雨就没法出门，希望有关部门尽快疏通排水管。";

class CaseLoopTest : public testing::IntakeFixture {
 protected:
  // Friday 2025-09-26, 10:00 China Standard Time: the week before the National Day holidays.
  CaseLoopTest() : IntakeFixture(China(2025, 9, 26, 10)) {}

  void SetUp() override {
    StartIntake();
    stub_ = IntakeService::NewStub(intake_channel_);
  }

  std::string Staff() { return Token(Role::kStaff, "staff-li"); }
  std::string Unit(const std::string& unit) { return UnitToken(unit, "unit-" + unit); }
  std::string Citizen() { return Token(Role::kCitizen, "citizen-1"); }

  Opinion Submit(const std::string& content, const std::string& token = "", const std::string& title = "积水问题") {
    SubmitOpinionRequest req;
    req.set_parent("congresses/hz");
    req.mutable_opinion()->set_title(title);
    req.mutable_opinion()->set_content(content);
    req.mutable_opinion()->set_channel(CHANNEL_ONLINE);
    req.mutable_opinion()->set_district("hz-xihu");
    req.mutable_opinion()->mutable_submitter()->set_display_name("王小明");
    req.mutable_opinion()->mutable_submitter()->set_phone("13812345678");
    SubmitOpinionResponse resp;
    grpc::Status s = stub_->SubmitOpinion(ContextWith(token).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.opinion();
  }

  grpc::Status Classify(const std::string& name, const std::string& category, Grade grade, Opinion* out = nullptr) {
    ClassifyOpinionRequest req;
    req.set_name(name);
    req.set_category(category);
    req.set_grade(grade);
    ClassifyOpinionResponse resp;
    grpc::Status s = stub_->ClassifyOpinion(ContextWith(Staff()).get(), req, &resp);
    if (out != nullptr) *out = resp.opinion();
    return s;
  }
  grpc::Status Review(const std::string& name, bool accept, const std::string& note = "") {
    ReviewOpinionRequest req;
    req.set_name(name);
    req.set_accept(accept);
    req.set_note(note);
    ReviewOpinionResponse resp;
    return stub_->ReviewOpinion(ContextWith(Staff()).get(), req, &resp);
  }
  grpc::Status Assign(const std::string& name, const std::string& unit, Opinion* out = nullptr) {
    AssignOpinionRequest req;
    req.set_name(name);
    req.set_handling_unit(unit);
    AssignOpinionResponse resp;
    grpc::Status s = stub_->AssignOpinion(ContextWith(Staff()).get(), req, &resp);
    if (out != nullptr) *out = resp.opinion();
    return s;
  }
  grpc::Status Start(const std::string& name, const std::string& token) {
    StartHandlingOpinionRequest req;
    req.set_name(name);
    StartHandlingOpinionResponse resp;
    return stub_->StartHandlingOpinion(ContextWith(token).get(), req, &resp);
  }
  grpc::Status Reply(const std::string& name, const std::string& token, const std::string& text,
                     Opinion* out = nullptr) {
    ReplyOpinionRequest req;
    req.set_name(name);
    req.set_text(text);
    ReplyOpinionResponse resp;
    grpc::Status s = stub_->ReplyOpinion(ContextWith(token).get(), req, &resp);
    if (out != nullptr) *out = resp.opinion();
    return s;
  }
  grpc::Status Feedback(const std::string& code, bool satisfied, Opinion* out = nullptr,
                        const std::string& token = "") {
    GiveOpinionFeedbackRequest req;
    req.set_parent("congresses/hz");
    req.set_tracking_code(code);
    req.set_satisfied(satisfied);
    req.set_note(satisfied ? "满意，谢谢" : "问题没有解决");
    GiveOpinionFeedbackResponse resp;
    grpc::Status s = stub_->GiveOpinionFeedback(ContextWith(token.empty() ? Citizen() : token).get(), req, &resp);
    if (out != nullptr) *out = resp.opinion();
    return s;
  }
  Opinion Get(const std::string& name, const std::string& token = "") {
    GetOpinionRequest req;
    req.set_name(name);
    GetOpinionResponse resp;
    grpc::Status s = stub_->GetOpinion(ContextWith(token.empty() ? Staff() : token).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.opinion();
  }
  SweepOpinionDeadlinesResponse Sweep() {
    SweepOpinionDeadlinesRequest req;
    req.set_parent("congresses/hz");
    SweepOpinionDeadlinesResponse resp;
    grpc::Status s = stub_->SweepOpinionDeadlines(ContextWith(Token(Role::kService, "intake-sweeper")).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp;
  }
  std::vector<std::string> Actions(const Opinion& o) {
    std::vector<std::string> out;
    for (const auto& t : o.history()) out.push_back(t.action());
    return out;
  }
  // The escalation levels the feed's events of `name` carried, in feed order (one per change).
  std::vector<int> FeedLevels(const std::string& name) {
    renda::feed::v1::ListChangesRequest req;
    req.set_parent("congresses/hz");
    req.set_page_size(1000);
    renda::feed::v1::ListChangesResponse resp;
    EXPECT_TRUE(intake_feed_->ListChanges(ContextWith(Staff()).get(), req, &resp).ok());
    std::vector<int> out;
    for (const auto& e : resp.events()) {
      Opinion o;
      if (e.resource_name() == name && e.resource().UnpackTo(&o)) out.push_back(o.escalation_level());
    }
    return out;
  }

  std::unique_ptr<IntakeService::Stub> stub_;
};

TEST_F(CaseLoopTest, TheWholeLoopFromSubmissionToPublicationWithoutPersonalData) {
  const Opinion submitted = Submit(kStory);
  const std::string name = submitted.name();
  const std::string code = submitted.tracking_code();
  EXPECT_EQ(submitted.state(), OPINION_STATE_RECEIVED);
  EXPECT_EQ(submitted.category(), "urban") << "积水 and 小区 suggest urban construction";
  EXPECT_EQ(submitted.grade(), GRADE_IMPORTANT) << "多次反映 suggests an important case";
  EXPECT_FALSE(submitted.classified());

  // Staff confirm the classification (changing the category), accept and assign.
  Opinion o;
  ASSERT_TRUE(Classify(name, "traffic", GRADE_IMPORTANT, &o).ok());
  EXPECT_TRUE(o.classified());
  EXPECT_EQ(o.category(), "traffic");
  ASSERT_TRUE(Review(name, true, "属实，受理").ok());
  ASSERT_TRUE(Assign(name, "hz-jtj", &o).ok());
  EXPECT_EQ(o.state(), OPINION_STATE_ASSIGNED);
  EXPECT_EQ(o.handling_unit(), "hz-jtj");
  // Ten working days from Friday 2025-09-26: the 28th (a make-up Sunday), 29th, 30th, then
  // National Day 1st-8th off, the 9th, 10th, 11th (a make-up Saturday), 13th-16th → due at the
  // end of Thursday 2025-10-16.
  EXPECT_EQ(FromProtoTime(o.deadline()), China(2025, 10, 17)) << absl::FormatTime(FromProtoTime(o.deadline()), kChina);

  // The unit sees its case; another unit does not, not even in lists.
  EXPECT_EQ(Get(name, Unit("hz-jtj")).state(), OPINION_STATE_ASSIGNED);
  EXPECT_FALSE(Get(name, Unit("hz-jtj")).has_submitter()) << "contact data is for staff only";
  {
    GetOpinionRequest req;
    req.set_name(name);
    GetOpinionResponse resp;
    EXPECT_EQ(stub_->GetOpinion(ContextWith(Unit("hz-zjj")).get(), req, &resp).error_code(), grpc::NOT_FOUND);
    ListOpinionsRequest list;
    list.set_parent("congresses/hz");
    ListOpinionsResponse page;
    ASSERT_TRUE(stub_->ListOpinions(ContextWith(Unit("hz-zjj")).get(), list, &page).ok());
    EXPECT_EQ(page.opinions_size(), 0);
    ASSERT_TRUE(stub_->ListOpinions(ContextWith(Unit("hz-jtj")).get(), list, &page).ok());
    ASSERT_EQ(page.opinions_size(), 1);
    EXPECT_EQ(page.opinions(0).name(), name);
  }
  ASSERT_TRUE(Start(name, Unit("hz-jtj")).ok());

  // Before the deadline nothing escalates.
  clock_.Set(China(2025, 10, 16, 18));
  EXPECT_EQ(Sweep().escalated(), 0);
  // The deadline passes: a reminder; a second sweep changes nothing.
  clock_.Set(China(2025, 10, 17, 9));
  EXPECT_EQ(Sweep().escalated(), 1);
  EXPECT_EQ(Get(name).escalation_level(), ESCALATION_LEVEL_REMINDER);
  EXPECT_EQ(Sweep().escalated(), 0);
  // Three working days later (17th, 20th, 21st): supervised by staff; five more (22nd-24th,
  // 27th, 28th): a leader.
  clock_.Set(China(2025, 10, 21, 23));
  EXPECT_EQ(Sweep().escalated(), 0);
  clock_.Set(China(2025, 10, 22, 9));
  EXPECT_EQ(Sweep().escalated(), 1);
  EXPECT_EQ(Get(name).escalation_level(), ESCALATION_LEVEL_SUPERVISED);
  clock_.Set(China(2025, 10, 29, 9));
  EXPECT_EQ(Sweep().escalated(), 1);
  EXPECT_EQ(Get(name).escalation_level(), ESCALATION_LEVEL_LEADER);
  // Each level is its own event in the feed.
  std::vector<int> levels = FeedLevels(name);
  EXPECT_NE(std::find(levels.begin(), levels.end(), 1), levels.end());
  EXPECT_NE(std::find(levels.begin(), levels.end(), 2), levels.end());
  EXPECT_NE(std::find(levels.begin(), levels.end(), 3), levels.end());
  {
    ListOpinionsRequest list;
    list.set_parent("congresses/hz");
    list.set_min_escalation_level(ESCALATION_LEVEL_LEADER);
    ListOpinionsResponse page;
    ASSERT_TRUE(stub_->ListOpinions(ContextWith(Token(Role::kLeader)).get(), list, &page).ok());
    ASSERT_EQ(page.opinions_size(), 1) << "leaders list what was referred to them";
  }

  // The unit replies; the citizen is not satisfied; the case reopens.
  ASSERT_TRUE(Reply(name, Unit("hz-jtj"), "已安排疏通。").ok());
  ASSERT_TRUE(Feedback(code, false, &o).ok());
  EXPECT_EQ(o.state(), OPINION_STATE_REOPENED);
  EXPECT_EQ(o.reopen_count(), 1);
  EXPECT_FALSE(o.has_submitter()) << "feedback answers as the tracking lookup does";

  // Assigned again, a new deadline, and a second reply.
  clock_.Set(China(2025, 11, 3, 9));
  ASSERT_TRUE(Assign(name, "hz-jtj", &o).ok());
  EXPECT_EQ(o.escalation_level(), ESCALATION_LEVEL_UNSPECIFIED) << "escalation starts over";
  EXPECT_GT(FromProtoTime(o.deadline()), China(2025, 11, 3, 9));
  ASSERT_TRUE(Reply(name, Unit("hz-jtj"), "排水管已于11月5日疏通，王小明先生可致电0571-87654321回访。", &o).ok());
  EXPECT_EQ(o.earlier_replies_size(), 1);

  // The citizen follows the case with the code alone.
  {
    LookupOpinionRequest req;
    req.set_parent("congresses/hz");
    req.set_tracking_code(code);
    LookupOpinionResponse resp;
    ASSERT_TRUE(stub_->LookupOpinion(ContextWith("").get(), req, &resp).ok());
    EXPECT_EQ(resp.opinion().state(), OPINION_STATE_REPLIED);
    EXPECT_TRUE(absl::StrContains(resp.opinion().reply().text(), "疏通"));
    EXPECT_FALSE(resp.opinion().has_submitter());
    for (const auto& t : resp.opinion().history()) EXPECT_EQ(t.actor(), "") << "actors appear as roles only";
  }
  ASSERT_TRUE(Feedback(code, true, &o).ok());
  EXPECT_EQ(o.state(), OPINION_STATE_CLOSED);
  EXPECT_EQ(o.closure(), CLOSURE_SATISFIED);

  // Every transition was kept with actor, time and note.
  const Opinion closed = Get(name);
  EXPECT_EQ(Actions(closed), (std::vector<std::string>{"submit", "classify", "accept", "assign", "start", "escalate",
                                                       "escalate", "escalate", "reply", "feedback", "assign", "reply",
                                                       "feedback"}));
  EXPECT_EQ(closed.history(2).actor(), "staff-li");
  EXPECT_EQ(closed.history(2).note(), "属实，受理");
  EXPECT_EQ(closed.history(5).actor(), "system");

  // Published without personal data.
  PublishOpinionRequest pub;
  pub.set_name(name);
  PublishOpinionResponse published;
  ASSERT_TRUE(stub_->PublishOpinion(ContextWith(Staff()).get(), pub, &published).ok());
  ListPublishedOpinionsRequest list;
  list.set_parent("congresses/hz");
  ListPublishedOpinionsResponse page;
  ASSERT_TRUE(stub_->ListPublishedOpinions(ContextWith(Citizen()).get(), list, &page).ok());
  ASSERT_EQ(page.publications_size(), 1);
  const Publication& p = page.publications(0);
  intake::MaskContext known{"王小明", "13812345678", "西湖区文三路100号3栋2单元501室", {}};
  for (const std::string& text : {p.title(), p.content(), p.reply()}) {
    EXPECT_FALSE(intake::ContainsPersonalData(text, known)) << text;
    for (const char* secret : {"王小明", "13812345678", "文三路100号", "501室", "87654321", "王先生"}) {
      EXPECT_FALSE(absl::StrContains(text, secret)) << secret << " leaked in: " << text;
    }
  }
  EXPECT_TRUE(absl::StrContains(p.content(), "道路积水")) << "the substance stays: " << p.content();
  EXPECT_TRUE(absl::StrContains(p.reply(), "11月5日疏通")) << p.reply();
}

TEST_F(CaseLoopTest, ChangingTheGradeOfAnAssignedCaseCountsItsDeadlineAgainFromTheAssignment) {
  const Opinion submitted = Submit("公交站台没有遮雨棚");
  Opinion o;
  ASSERT_TRUE(Classify(submitted.name(), "traffic", GRADE_NORMAL).ok());
  ASSERT_TRUE(Review(submitted.name(), true).ok());
  ASSERT_TRUE(Assign(submitted.name(), "hz-jtj", &o).ok());
  // Fifteen working days from Friday 2025-09-26 (the make-up Sunday 28th, 29th, 30th, then after
  // National Day the 9th, 10th, the make-up Saturday 11th, 13th-17th, 20th-23rd): end of the 23rd.
  EXPECT_EQ(FromProtoTime(o.deadline()), China(2025, 10, 24)) << absl::FormatTime(FromProtoTime(o.deadline()), kChina);

  // Staff find it urgent on 10 October: three working days from the assignment ended with
  // 30 September, so the case is overdue at once and the next sweep reminds the unit.
  clock_.Set(China(2025, 10, 10, 9));
  ASSERT_TRUE(Start(submitted.name(), Unit("hz-jtj")).ok());
  ASSERT_TRUE(Classify(submitted.name(), "traffic", GRADE_URGENT, &o).ok());
  EXPECT_EQ(o.state(), OPINION_STATE_IN_PROGRESS);
  EXPECT_EQ(FromProtoTime(o.deadline()), China(2025, 10, 1)) << absl::FormatTime(FromProtoTime(o.deadline()), kChina);
  EXPECT_TRUE(absl::StrContains(o.history().rbegin()->note(), "2025-09-30")) << o.history().rbegin()->note();
  Sweep();
  EXPECT_EQ(Get(submitted.name()).escalation_level(), ESCALATION_LEVEL_REMINDER);

  // Then important after all: ten working days end with 16 October, still ahead, so the
  // escalation starts over.
  ASSERT_TRUE(Classify(submitted.name(), "traffic", GRADE_IMPORTANT, &o).ok());
  EXPECT_EQ(FromProtoTime(o.deadline()), China(2025, 10, 17));
  EXPECT_EQ(o.escalation_level(), ESCALATION_LEVEL_UNSPECIFIED);

  // A new category with the same grade leaves the deadline alone.
  ASSERT_TRUE(Classify(submitted.name(), "urban", GRADE_IMPORTANT, &o).ok());
  EXPECT_EQ(FromProtoTime(o.deadline()), China(2025, 10, 17));
  EXPECT_EQ(o.category(), "urban");
}

TEST_F(CaseLoopTest, TheServiceSweepsByItselfEverySweepInterval) {
  intake::IntakeOptions options = TestOptions();
  options.sweep_interval = absl::Milliseconds(50);
  StartIntake(options);
  stub_ = IntakeService::NewStub(intake_channel_);
  const Opinion o = Submit("红绿灯坏了");
  ASSERT_TRUE(Classify(o.name(), "traffic", GRADE_URGENT).ok());
  ASSERT_TRUE(Review(o.name(), true).ok());
  ASSERT_TRUE(Assign(o.name(), "hz-jtj").ok());
  // Three working days from Friday 2025-09-26 end with the 30th: on 1 October it is overdue.
  clock_.Set(China(2025, 10, 1, 9));
  // The service's own sweep thread comes round every sweep_interval of real time: two of its
  // rounds include a whole one that began after the clock moved.
  ASSERT_TRUE(opinions_service_->sweeping().WaitRounds(2, absl::Seconds(30)));
  EXPECT_EQ(Get(o.name()).escalation_level(), ESCALATION_LEVEL_REMINDER) << "no sweep call was needed";
  EXPECT_EQ(Sweep().escalated(), 0) << "the background sweep did it already";
}

TEST_F(CaseLoopTest, AReplyWithoutFeedbackClosesAsNoResponseAfterTheFeedbackPeriod) {
  const Opinion o = Submit("公交站台没有遮雨棚");
  ASSERT_TRUE(Classify(o.name(), "traffic", GRADE_NORMAL).ok());
  ASSERT_TRUE(Review(o.name(), true).ok());
  ASSERT_TRUE(Assign(o.name(), "hz-jtj").ok());
  ASSERT_TRUE(Reply(o.name(), Unit("hz-jtj"), "已列入明年计划。").ok());
  clock_.Advance(absl::Hours(24 * 15) - absl::Minutes(1));
  EXPECT_EQ(Sweep().closed_no_response(), 0);
  clock_.Advance(absl::Minutes(2));
  EXPECT_EQ(Sweep().closed_no_response(), 1);
  const Opinion closed = Get(o.name());
  EXPECT_EQ(closed.state(), OPINION_STATE_CLOSED);
  EXPECT_EQ(closed.closure(), CLOSURE_NO_RESPONSE);
  EXPECT_EQ(Feedback(o.tracking_code(), true).error_code(), grpc::FAILED_PRECONDITION) << "too late for feedback";
}

TEST_F(CaseLoopTest, NearDuplicatesAreSuggestedAndMergedCasesShareTheOutcome) {
  const Opinion first = Submit("文三路学院路口早高峰拥堵严重，红绿灯时间太短，希望延长绿灯时间。", "", "路口拥堵");
  clock_.Advance(absl::Hours(2));
  const Opinion second = Submit("文三路学院路口早高峰拥堵很严重，红绿灯时间太短，建议延长绿灯。", "", "路口拥堵");
  clock_.Advance(absl::Hours(1));
  const Opinion other = Submit("幼儿园学位紧张，孩子入园难。", "", "入园难");
  for (const Opinion* o : {&first, &second}) ASSERT_TRUE(Classify(o->name(), "traffic", GRADE_NORMAL).ok());

  ListSimilarOpinionsRequest similar_req;
  similar_req.set_name(second.name());
  ListSimilarOpinionsResponse similar;
  ASSERT_TRUE(stub_->ListSimilarOpinions(ContextWith(Staff()).get(), similar_req, &similar).ok());
  ASSERT_EQ(similar.similar_size(), 1);
  EXPECT_EQ(similar.similar(0).opinion().name(), first.name());
  EXPECT_GE(similar.similar(0).similarity(), 0.5);

  ASSERT_TRUE(Review(first.name(), true).ok());
  MergeOpinionRequest merge;
  merge.set_name(second.name());
  merge.set_into(first.name());
  MergeOpinionResponse merged;
  ASSERT_TRUE(stub_->MergeOpinion(ContextWith(Staff()).get(), merge, &merged).ok());
  EXPECT_EQ(merged.opinion().state(), OPINION_STATE_MERGED);
  EXPECT_EQ(merged.into().merged_from_size(), 1);
  EXPECT_EQ(stub_->MergeOpinion(ContextWith(Staff()).get(), merge, &merged).error_code(), grpc::FAILED_PRECONDITION)
      << "a merged case cannot merge again";

  ASSERT_TRUE(Assign(first.name(), "hz-jtj").ok());
  ASSERT_TRUE(Reply(first.name(), Unit("hz-jtj"), "已调整信号配时。").ok());
  // The merged case's submitter sees the shared reply with their own code.
  LookupOpinionRequest req;
  req.set_parent("congresses/hz");
  req.set_tracking_code(second.tracking_code());
  LookupOpinionResponse resp;
  ASSERT_TRUE(stub_->LookupOpinion(ContextWith("").get(), req, &resp).ok());
  EXPECT_EQ(resp.opinion().state(), OPINION_STATE_MERGED);
  EXPECT_EQ(resp.opinion().reply().text(), "已调整信号配时。");
  EXPECT_EQ(resp.merged_into().state(), OPINION_STATE_REPLIED);
  EXPECT_EQ(resp.merged_into().tracking_code(), "") << "the other submitter's code stays theirs";
  ASSERT_TRUE(Feedback(first.tracking_code(), true).ok());
  EXPECT_EQ(Get(second.name()).closure(), CLOSURE_SATISFIED) << "the merged case follows the closing";
  EXPECT_EQ(Get(other.name()).state(), OPINION_STATE_RECEIVED);
}

TEST_F(CaseLoopTest, TextSearchAndTimeRangeFindOnlyWhatMatches) {
  Submit("公交站台没有遮雨棚，雨天等车很不方便。", Staff(), "遮雨棚");
  clock_.Advance(absl::Hours(24));
  const Opinion later = Submit("小区门口公交站台的遮雨棚坏了。", Staff(), "站台");
  clock_.Advance(absl::Hours(24));
  Submit("雨棚遮挡了视线。", Staff(), "视线");  // has 雨棚 and 遮 but not 遮雨棚

  // The text index is written by the service's indexer, a background thread that follows the
  // feed every text_index_idle of real time: two of its rounds include a whole one that began
  // after the last opinion was written.
  ASSERT_TRUE(opinions_service_->indexing().WaitRounds(2, absl::Seconds(30)));
  {
    ListOpinionsRequest all;
    all.set_parent("congresses/hz");
    all.set_text_contains("雨棚");
    ListOpinionsResponse resp;
    grpc::Status s = stub_->ListOpinions(ContextWith(Staff()).get(), all, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    ASSERT_EQ(resp.opinions_size(), 3) << "the indexer indexed every opinion";
  }
  auto search = [&](ListOpinionsRequest req) {
    req.set_parent("congresses/hz");
    ListOpinionsResponse resp;
    std::vector<std::string> titles;
    do {
      grpc::Status s = stub_->ListOpinions(ContextWith(Staff()).get(), req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      for (const auto& o : resp.opinions()) titles.push_back(o.title());
      req.set_page_token(resp.next_page_token());
    } while (!resp.next_page_token().empty());
    return titles;
  };
  ListOpinionsRequest req;
  req.set_text_contains("遮雨棚");
  EXPECT_EQ(search(req), (std::vector<std::string>{"站台", "遮雨棚"}));
  *req.mutable_create_time_from() = later.create_time();
  EXPECT_EQ(search(req), (std::vector<std::string>{"站台"}));
  req.clear_create_time_from();
  *req.mutable_create_time_to() = later.create_time();
  EXPECT_EQ(search(req), (std::vector<std::string>{"遮雨棚"}));
  ListOpinionsRequest one_char;
  one_char.set_parent("congresses/hz");
  one_char.set_text_contains("棚");
  ListOpinionsResponse resp;
  EXPECT_EQ(stub_->ListOpinions(ContextWith(Staff()).get(), one_char, &resp).error_code(), grpc::INVALID_ARGUMENT);
}

TEST_F(CaseLoopTest, AnonymousClientsAreRateLimitedAndToldWhenToRetry) {
  for (int i = 0; i < 3; ++i) Submit("河道异味");
  SubmitOpinionRequest req;
  req.set_parent("congresses/hz");
  req.mutable_opinion()->set_title("t");
  req.mutable_opinion()->set_content("河道异味");
  req.mutable_opinion()->set_channel(CHANNEL_ONLINE);
  SubmitOpinionResponse resp;
  const int64_t before = FeedLength();
  grpc::Status s = stub_->SubmitOpinion(ContextWith("").get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::RESOURCE_EXHAUSTED);
  EXPECT_GT(RetryDelayOf(FromGrpcStatus(s)), absl::ZeroDuration());
  EXPECT_EQ(FeedLength(), before);
  EXPECT_TRUE(stub_->SubmitOpinion(ContextWith(Staff()).get(), req, &resp).ok()) << "staff are not limited";
}

TEST_F(CaseLoopTest, RefusalsHaveTheirCodesAndWriteNothing) {
  const Opinion received = Submit("道路积水", Staff());
  const Opinion assigned = Submit("红绿灯坏了", Staff());
  ASSERT_TRUE(Classify(assigned.name(), "traffic", GRADE_URGENT).ok());
  ASSERT_TRUE(Review(assigned.name(), true).ok());
  ASSERT_TRUE(Assign(assigned.name(), "hz-jtj").ok());
  const Opinion started = Submit("路灯不亮", Staff());
  ASSERT_TRUE(Classify(started.name(), "urban", GRADE_NORMAL).ok());
  ASSERT_TRUE(Review(started.name(), true).ok());
  ASSERT_TRUE(Assign(started.name(), "hz-zjj").ok());
  ASSERT_TRUE(Start(started.name(), Unit("hz-zjj")).ok());

  auto classify = [&](const std::string& token, const std::string& name, const std::string& category, Grade g) {
    ClassifyOpinionRequest r;
    r.set_name(name);
    r.set_category(category);
    r.set_grade(g);
    ClassifyOpinionResponse resp;
    return stub_->ClassifyOpinion(ContextWith(token).get(), r, &resp);
  };
  auto assign = [&](const std::string& token, const std::string& name, const std::string& unit) {
    AssignOpinionRequest r;
    r.set_name(name);
    r.set_handling_unit(unit);
    AssignOpinionResponse resp;
    return stub_->AssignOpinion(ContextWith(token).get(), r, &resp);
  };
  auto publish = [&](const std::string& name) {
    PublishOpinionRequest r;
    r.set_name(name);
    PublishOpinionResponse resp;
    return stub_->PublishOpinion(ContextWith(Staff()).get(), r, &resp);
  };
  auto lookup = [&](const std::string& code) {
    LookupOpinionRequest r;
    r.set_parent("congresses/hz");
    r.set_tracking_code(code);
    LookupOpinionResponse resp;
    return stub_->LookupOpinion(ContextWith(Citizen()).get(), r, &resp);
  };
  auto merge = [&](const std::string& name, const std::string& into) {
    MergeOpinionRequest r = testing::Named<MergeOpinionRequest>(name);
    r.set_into(into);
    return testing::CallAs(Staff(), stub_.get(), &IntakeService::Stub::MergeOpinion, r)();
  };
  const std::string long_text(5001 * 3, 'x');
  std::vector<testing::RefusedCall> calls = {
      {"anonymous classify", [&] { return classify("", received.name(), "traffic", GRADE_NORMAL); },
       grpc::UNAUTHENTICATED},
      {"unit classifies", [&] { return classify(Unit("hz-jtj"), received.name(), "traffic", GRADE_NORMAL); },
       grpc::PERMISSION_DENIED},
      {"unknown category", [&] { return classify(Staff(), received.name(), "weather", GRADE_NORMAL); },
       grpc::INVALID_ARGUMENT},
      {"no grade", [&] { return classify(Staff(), received.name(), "traffic", GRADE_UNSPECIFIED); },
       grpc::INVALID_ARGUMENT},
      {"missing case", [&] { return classify(Staff(), "congresses/hz/opinions/nope", "traffic", GRADE_NORMAL); },
       grpc::NOT_FOUND},
      {"other congress", [&] { return classify(Staff(), "congresses/sh/opinions/x", "traffic", GRADE_NORMAL); },
       grpc::PERMISSION_DENIED},
      {"assign before accepting", [&] { return assign(Staff(), received.name(), "hz-jtj"); },
       grpc::FAILED_PRECONDITION},
      {"transfer to the same unit", [&] { return assign(Staff(), assigned.name(), "hz-jtj"); },
       grpc::FAILED_PRECONDITION},
      {"bad unit id", [&] { return assign(Staff(), assigned.name(), "交通局"); }, grpc::INVALID_ARGUMENT},
      {"citizen assigns", [&] { return assign(Citizen(), assigned.name(), "hz-zjj"); }, grpc::PERMISSION_DENIED},
      {"reject without reason", [&] { return Review(received.name(), false, ""); }, grpc::INVALID_ARGUMENT},
      {"accept twice", [&] { return Review(assigned.name(), true); }, grpc::FAILED_PRECONDITION},
      {"reply to a received case", [&] { return Reply(received.name(), Staff(), "答复"); }, grpc::FAILED_PRECONDITION},
      {"another unit replies", [&] { return Reply(assigned.name(), Unit("hz-zjj"), "答复"); }, grpc::NOT_FOUND},
      {"empty reply", [&] { return Reply(assigned.name(), Unit("hz-jtj"), " "); }, grpc::INVALID_ARGUMENT},
      {"oversized reply", [&] { return Reply(assigned.name(), Unit("hz-jtj"), long_text); }, grpc::INVALID_ARGUMENT},
      {"unit starts another's case", [&] { return Start(assigned.name(), Unit("hz-zjj")); }, grpc::NOT_FOUND},
      {"start a received case", [&] { return Start(received.name(), Staff()); }, grpc::FAILED_PRECONDITION},
      {"feedback before a reply", [&] { return Feedback(assigned.tracking_code(), true); },
       grpc::FAILED_PRECONDITION},
      {"anonymous feedback", [&] {
         GiveOpinionFeedbackRequest r;
         r.set_parent("congresses/hz");
         r.set_tracking_code(assigned.tracking_code());
         GiveOpinionFeedbackResponse resp;
         return stub_->GiveOpinionFeedback(ContextWith("").get(), r, &resp);
       },
       grpc::UNAUTHENTICATED},
      {"malformed tracking code", [&] { return lookup("ABC"); }, grpc::INVALID_ARGUMENT},
      {"unknown tracking code", [&] { return lookup("ABCDEFGHJKLMNPQR"); }, grpc::NOT_FOUND},
      {"publish an open case", [&] { return publish(assigned.name()); }, grpc::FAILED_PRECONDITION},
      {"merge into itself", [&] { return merge(received.name(), received.name()); }, grpc::INVALID_ARGUMENT},
      {"merge a started case", [&] { return merge(started.name(), received.name()); }, grpc::FAILED_PRECONDITION},
      {"unit lists another unit", [&] {
         ListOpinionsRequest r;
         r.set_parent("congresses/hz");
         r.set_handling_unit("hz-zjj");
         ListOpinionsResponse resp;
         return stub_->ListOpinions(ContextWith(Unit("hz-jtj")).get(), r, &resp);
       },
       grpc::PERMISSION_DENIED},
      {"citizen sweeps", [&] {
         SweepOpinionDeadlinesRequest r;
         r.set_parent("congresses/hz");
         SweepOpinionDeadlinesResponse resp;
         return stub_->SweepOpinionDeadlines(ContextWith(Citizen()).get(), r, &resp);
       },
       grpc::PERMISSION_DENIED},
      {"anonymous published list", [&] {
         ListPublishedOpinionsRequest r;
         r.set_parent("congresses/hz");
         ListPublishedOpinionsResponse resp;
         return stub_->ListPublishedOpinions(ContextWith("").get(), r, &resp);
       },
       grpc::UNAUTHENTICATED},
  };
  ExpectRefusedWritingNothing(calls);
}

}  // namespace
}  // namespace renda
