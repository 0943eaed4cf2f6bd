// Public consultations (公开征集意见) end to end: a real Redis, the consultation and intake services
// on port 0, real gRPC with real tokens, time from a fake clock.
#include <gtest/gtest.h>

#include "renda/feed/v1/feed.grpc.pb.h"

#include <functional>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "renda/intake/v1/consultation.grpc.pb.h"
#include "renda/intake/v1/intake.grpc.pb.h"
#include "services/common/grpc_status.h"
#include "services/common/rate_limit.h"
#include "services/common/time_util.h"
#include "services/intake/consultation_service.h"
#include "services/intake/intake_service.h"
#include "tests/support/intake_fixture.h"

namespace renda {
namespace {

using namespace intake::v1;  // NOLINT: test brevity
using testing::ContextWith;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);

using testing::CallAs;
using testing::Changed;
using testing::Named;
using testing::RefusedCall;
using Stub = ConsultationService::Stub;

// The intake services (consultations and opinions) on a fake clock that starts 2026-05-01 10:00
// China Standard Time.
class ConsultationTest : public testing::IntakeFixture {
 protected:
  ConsultationTest() : IntakeFixture(absl::FromCivil(absl::CivilSecond(2026, 5, 1, 10, 0, 0), kChina)) {}

  void SetUp() override {
    StartIntake();
    stub_ = ConsultationService::NewStub(intake_channel_);
    intake_ = IntakeService::NewStub(intake_channel_);
  }

  std::string Staff() { return Token(Role::kStaff, "clerk-li"); }
  std::string Citizen() { return Token(Role::kCitizen, "citizen-zhang"); }

  static void AddArticle(google::protobuf::RepeatedPtrField<DraftArticle>* articles, int number,
                         const std::string& heading, const std::string& text) {
    auto* a = articles->Add();
    a->set_number(number);
    a->set_heading(heading);
    a->set_text(text);
  }

  CreateConsultationRequest CreateRequest(const std::string& id = "") {
    CreateConsultationRequest req;
    req.set_parent("congresses/hz");
    req.set_consultation_id(id);
    auto* c = req.mutable_consultation();
    c->set_kind(CONSULTATION_KIND_REGULATION_DRAFT);
    c->set_title("《杭州市物业管理条例（修订草案）》公开征求意见");
    c->set_description("欢迎市民对草案逐条提出意见");
    auto* articles = c->mutable_draft()->mutable_articles();
    AddArticle(articles, 1, "立法目的", "为了规范物业管理活动，维护业主和物业服务人的合法权益，制定本条例。");
    AddArticle(articles, 2, "适用范围", "本市行政区域内的物业管理活动适用本条例。");
    AddArticle(articles, 3, "", "物业服务收费应当公开透明。");
    return req;
  }

  Consultation Create(const std::string& id = "") {
    CreateConsultationResponse resp;
    grpc::Status s = stub_->CreateConsultation(ContextWith(Staff()).get(), CreateRequest(id), &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.consultation();
  }

  Consultation Open(const std::string& name, absl::Duration open_for = absl::ZeroDuration()) {
    OpenConsultationRequest req;
    req.set_name(name);
    if (open_for > absl::ZeroDuration()) *req.mutable_planned_close_time() = ToProtoTime(clock_.Now() + open_for);
    OpenConsultationResponse resp;
    grpc::Status s = stub_->OpenConsultation(ContextWith(Staff()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.consultation();
  }

  grpc::Status Close(const std::string& name) {
    CloseConsultationRequest req;
    req.set_name(name);
    CloseConsultationResponse resp;
    return stub_->CloseConsultation(ContextWith(Staff()).get(), req, &resp);
  }

  grpc::Status Comment(const std::string& token, const std::string& parent, int article, const std::string& text,
                       ConsultationComment* out = nullptr, CommentChannel channel = COMMENT_CHANNEL_UNSPECIFIED,
                       const std::string& name = "", const std::string& contact = "",
                       const std::string& request_id = "") {
    AddCommentRequest req;
    req.set_parent(parent);
    req.set_request_id(request_id);
    auto* c = req.mutable_comment();
    c->set_article_number(article);
    c->set_text(text);
    c->set_channel(channel);
    if (channel == COMMENT_CHANNEL_LEGISLATIVE_CONTACT_POINT) c->set_contact_point_id("xihu-lcp-1");
    c->mutable_commenter()->set_display_name(name);
    c->mutable_commenter()->set_contact(contact);
    AddCommentResponse resp;
    grpc::Status s = stub_->AddComment(ContextWith(token).get(), req, &resp);
    if (out != nullptr) *out = resp.comment();
    return s;
  }

  ConsultationComment MustComment(const std::string& token, const std::string& parent, int article,
                                  const std::string& text, CommentChannel channel = COMMENT_CHANNEL_UNSPECIFIED,
                                  const std::string& name = "", const std::string& contact = "") {
    ConsultationComment c;
    grpc::Status s = Comment(token, parent, article, text, &c, channel, name, contact);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return c;
  }

  std::vector<ConsultationComment> List(const std::string& token, ListCommentsRequest req,
                                        grpc::Status* status = nullptr) {
    std::vector<ConsultationComment> out;
    for (int pages = 0; pages < 100; ++pages) {
      ListCommentsResponse resp;
      grpc::Status s = stub_->ListComments(ContextWith(token).get(), req, &resp);
      if (status != nullptr) *status = s;
      if (!s.ok()) {
        if (status == nullptr) ADD_FAILURE() << s.error_message();
        return out;
      }
      for (const auto& c : resp.comments()) out.push_back(c);
      if (resp.next_page_token().empty()) break;
      req.set_page_token(resp.next_page_token());
    }
    return out;
  }

  static ListCommentsRequest ListOf(const std::string& parent) {
    ListCommentsRequest req;
    req.set_parent(parent);
    return req;
  }

  static std::set<std::string> Texts(const std::vector<ConsultationComment>& comments) {
    std::set<std::string> out;
    for (const auto& c : comments) out.insert(c.text());
    return out;
  }

  grpc::Status GetComment(const std::string& token, const std::string& name, ConsultationComment* out) {
    GetCommentRequest req;
    req.set_name(name);
    GetCommentResponse resp;
    grpc::Status s = stub_->GetComment(ContextWith(token).get(), req, &resp);
    *out = resp.comment();
    return s;
  }

  grpc::Status Decide(const std::string& name, CommentDecision decision, const std::string& reason,
                      ConsultationComment* out = nullptr, const std::string& token = "") {
    DecideCommentRequest req;
    req.set_name(name);
    req.set_decision(decision);
    req.set_reason(reason);
    DecideCommentResponse resp;
    grpc::Status s = stub_->DecideComment(ContextWith(token.empty() ? Staff() : token).get(), req, &resp);
    if (out != nullptr) *out = resp.comment();
    return s;
  }

  grpc::Status Hide(const std::string& name, const std::string& reason, ConsultationComment* out = nullptr,
                    const std::string& token = "") {
    HideCommentRequest req;
    req.set_name(name);
    req.set_reason(reason);
    HideCommentResponse resp;
    grpc::Status s = stub_->HideComment(ContextWith(token.empty() ? Staff() : token).get(), req, &resp);
    if (out != nullptr) *out = resp.comment();
    return s;
  }

  CommentStatistics Stats(const std::string& token, const std::string& parent) {
    GetCommentStatisticsRequest req;
    req.set_parent(parent);
    GetCommentStatisticsResponse resp;
    grpc::Status s = stub_->GetCommentStatistics(ContextWith(token).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.statistics();
  }

  static int64_t ArticleCount(const CommentStatistics& s, int article) {
    for (const auto& a : s.articles()) {
      if (a.article_number() == article) return a.comment_count();
    }
    return -1;
  }

  // Declared in this order so the host stops before the clock and Redis go.
  std::unique_ptr<ConsultationService::Stub> stub_;
  std::unique_ptr<IntakeService::Stub> intake_;
};

TEST_F(ConsultationTest, WholeLifecycleFromDraftToSummary) {
  // Staff prepare the draft; the public cannot see it yet, leaders can.
  const Consultation created = Create("property-2026");
  EXPECT_EQ(created.name(), "congresses/hz/consultations/property-2026");
  EXPECT_EQ(created.state(), CONSULTATION_STATE_DRAFT);
  EXPECT_EQ(created.draft().version(), 1);
  ASSERT_EQ(created.draft().articles_size(), 3);
  GetConsultationRequest get;
  get.set_name(created.name());
  GetConsultationResponse got;
  EXPECT_EQ(stub_->GetConsultation(ContextWith(Citizen()).get(), get, &got).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub_->GetConsultation(ContextWith(Token(Role::kLeader)).get(), get, &got).ok());
  EXPECT_EQ(got.consultation().title(), created.title());

  // A revision makes version 2; version 1 stays readable.
  ReviseDraftRequest revise;
  revise.set_name(created.name());
  AddArticle(revise.mutable_articles(), 1, "立法目的", "为了规范物业管理活动，制定本条例。");
  AddArticle(revise.mutable_articles(), 2, "适用范围", "本市行政区域内的物业管理活动适用本条例。");
  AddArticle(revise.mutable_articles(), 3, "", "物业服务收费应当公开透明，并定期公示。");
  AddArticle(revise.mutable_articles(), 4, "业主大会", "业主大会由物业管理区域内全体业主组成。");
  revise.set_change_note("增加第四条；修改第一条、第三条");
  revise.set_etag(created.etag());
  ReviseDraftResponse revised;
  grpc::Status s = stub_->ReviseDraft(ContextWith(Staff()).get(), revise, &revised);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(revised.consultation().draft().version(), 2);
  EXPECT_EQ(revised.consultation().draft_version_count(), 2);
  EXPECT_EQ(revised.consultation().draft().articles_size(), 4);
  // The same etag again is stale now.
  EXPECT_EQ(stub_->ReviseDraft(ContextWith(Staff()).get(), revise, &revised).error_code(), grpc::StatusCode::ABORTED);

  get.set_version(1);
  ASSERT_TRUE(stub_->GetConsultation(ContextWith(Staff()).get(), get, &got).ok());
  EXPECT_EQ(got.consultation().draft().version(), 1);
  ASSERT_EQ(got.consultation().draft().articles_size(), 3);
  EXPECT_EQ(got.consultation().draft().articles(0).text(),
            "为了规范物业管理活动，维护业主和物业服务人的合法权益，制定本条例。");
  get.set_version(3);
  EXPECT_EQ(stub_->GetConsultation(ContextWith(Staff()).get(), get, &got).error_code(), grpc::StatusCode::NOT_FOUND);
  ListDraftVersionsRequest versions;
  versions.set_parent(created.name());
  ListDraftVersionsResponse listed;
  ASSERT_TRUE(stub_->ListDraftVersions(ContextWith(Staff()).get(), versions, &listed).ok());
  ASSERT_EQ(listed.draft_versions_size(), 2);
  EXPECT_EQ(listed.draft_versions(0).version(), 1);
  EXPECT_EQ(listed.draft_versions(1).change_note(), "增加第四条；修改第一条、第三条");
  EXPECT_EQ(listed.draft_versions(1).author(), "clerk-li");

  // Opened: everyone signed in reads it; the public comments.
  const Consultation opened = Open(created.name(), absl::Hours(24 * 30));
  EXPECT_EQ(opened.state(), CONSULTATION_STATE_OPEN);
  get.set_version(0);
  ASSERT_TRUE(stub_->GetConsultation(ContextWith(Citizen()).get(), get, &got).ok());
  EXPECT_EQ(got.consultation().draft().articles_size(), 4);
  EXPECT_EQ(got.consultation().draft().author(), "") << "who wrote the draft is for staff";

  const std::string parent = created.name();
  const ConsultationComment anon = MustComment("", parent, 3, "物业费应当每季度公示明细，广告收益归全体业主",
                                               COMMENT_CHANNEL_ONLINE, "王先生", "13800000000");
  EXPECT_EQ(anon.draft_version(), 2);
  EXPECT_EQ(anon.commenter().contact(), "13800000000") << "the commenter gets back what they sent";
  const ConsultationComment by_citizen = MustComment(Citizen(), parent, 4, "建议明确业主大会的召集程序");
  const ConsultationComment letter = MustComment(Staff(), parent, 0, "来信：整部条例对老旧小区考虑不足",
                                                 COMMENT_CHANNEL_LETTER, "李女士", "西湖区某路1号");
  const ConsultationComment contact_point = MustComment(Staff(), parent, 1, "联系点座谈：立法目的应写明保护业主权益",
                                                        COMMENT_CHANNEL_LEGISLATIVE_CONTACT_POINT);
  EXPECT_EQ(letter.channel(), COMMENT_CHANNEL_LETTER);
  EXPECT_EQ(contact_point.contact_point_id(), "xihu-lcp-1");
  EXPECT_EQ(by_citizen.channel(), COMMENT_CHANNEL_ONLINE);

  // A citizen cannot claim a symposium; an article must be in the current draft.
  EXPECT_EQ(Comment(Citizen(), parent, 1, "座谈会意见", nullptr, COMMENT_CHANNEL_SYMPOSIUM).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Comment(Citizen(), parent, 9, "第九条").error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  CommentStatistics stats = Stats(Citizen(), parent);
  EXPECT_EQ(stats.total_count(), 4);
  EXPECT_EQ(stats.whole_draft_count(), 1);
  EXPECT_EQ(ArticleCount(stats, 1), 1);
  EXPECT_EQ(ArticleCount(stats, 2), 0);
  EXPECT_EQ(ArticleCount(stats, 3), 1);
  EXPECT_EQ(ArticleCount(stats, 4), 1);

  // Staff hide the anonymous comment (it carried a phone number): the public no longer sees it.
  ConsultationComment hidden;
  ASSERT_TRUE(Hide(anon.name(), "含个人联系方式", &hidden).ok());
  EXPECT_TRUE(hidden.hidden());
  ASSERT_EQ(hidden.moderation_history_size(), 1);
  EXPECT_EQ(hidden.moderation_history(0).action(), COMMENT_MODERATION_ACTION_HIDE);
  EXPECT_EQ(hidden.moderation_history(0).reason(), "含个人联系方式");
  EXPECT_EQ(hidden.moderation_history(0).actor(), "clerk-li");
  EXPECT_EQ(Hide(anon.name(), "再次").error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Texts(List(Citizen(), ListOf(parent))).count(anon.text()), 0u);
  EXPECT_EQ(List(Citizen(), ListOf(parent)).size(), 3u);
  ConsultationComment seen;
  EXPECT_EQ(GetComment(Citizen(), anon.name(), &seen).error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(GetComment(Staff(), anon.name(), &seen).ok());
  EXPECT_TRUE(seen.hidden());
  EXPECT_EQ(List(Staff(), ListOf(parent)).size(), 4u);
  ListCommentsRequest only_hidden = ListOf(parent);
  only_hidden.set_visibility(COMMENT_VISIBILITY_HIDDEN);
  ASSERT_EQ(List(Staff(), only_hidden).size(), 1u);
  EXPECT_EQ(Stats(Citizen(), parent).total_count(), 3);
  EXPECT_EQ(Stats(Staff(), parent).hidden_count(), 1);

  // Restored and hidden again: the history keeps every step.
  RestoreCommentRequest restore;
  restore.set_name(anon.name());
  restore.set_reason("经核实号码为物业公司公开电话");
  RestoreCommentResponse restored;
  ASSERT_TRUE(stub_->RestoreComment(ContextWith(Staff()).get(), restore, &restored).ok());
  EXPECT_FALSE(restored.comment().hidden());
  EXPECT_EQ(List(Citizen(), ListOf(parent)).size(), 4u);
  ASSERT_TRUE(Hide(anon.name(), "商家广告", &hidden).ok());
  ASSERT_EQ(hidden.moderation_history_size(), 3);
  EXPECT_EQ(hidden.moderation_history(1).action(), COMMENT_MODERATION_ACTION_RESTORE);
  EXPECT_EQ(hidden.moderation_history(2).reason(), "商家广告");

  // Decisions may start while it is open.
  ASSERT_TRUE(Decide(letter.name(), COMMENT_DECISION_NOT_ADOPTED, "老旧小区另行立法").ok());

  // Closed: no more comments, from anyone.
  ASSERT_TRUE(Close(parent).ok());
  grpc::Status late = Comment(Citizen(), parent, 1, "晚到的意见");
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << late.error_message();
  EXPECT_EQ(Comment("", parent, 1, "晚到的匿名意见").error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Close(parent).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  // Decisions, changed once: the history keeps both; the public sees the decision and why.
  ConsultationComment decided;
  ASSERT_TRUE(Decide(by_citizen.name(), COMMENT_DECISION_ADOPTED, "已在第四条第二款补充召集程序", &decided).ok());
  ASSERT_TRUE(
      Decide(by_citizen.name(), COMMENT_DECISION_PARTLY_ADOPTED, "召集程序已补充，表决比例未采纳", &decided).ok());
  EXPECT_EQ(decided.decision(), COMMENT_DECISION_PARTLY_ADOPTED);
  ASSERT_EQ(decided.decision_history_size(), 2);
  EXPECT_EQ(decided.decision_history(0).decision(), COMMENT_DECISION_ADOPTED);
  EXPECT_EQ(decided.decision_history(1).actor(), "clerk-li");
  EXPECT_EQ(Decide(by_citizen.name(), COMMENT_DECISION_PARTLY_ADOPTED, "召集程序已补充，表决比例未采纳").error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "the same decision again changes nothing";
  ASSERT_TRUE(Decide(contact_point.name(), COMMENT_DECISION_ADOPTED, "已修改第一条").ok());
  ASSERT_TRUE(GetComment(Citizen(), by_citizen.name(), &seen).ok());
  EXPECT_EQ(seen.decision_reason(), "召集程序已补充，表决比例未采纳");
  EXPECT_EQ(seen.decision_history(1).actor(), "");
  ListCommentsRequest adopted = ListOf(parent);
  adopted.set_decision(COMMENT_DECISION_ADOPTED);
  EXPECT_EQ(Texts(List(Citizen(), adopted)), std::set<std::string>{contact_point.text()});
  ListCommentsRequest undecided = ListOf(parent);
  undecided.set_undecided(true);
  EXPECT_EQ(List(Staff(), undecided).size(), 1u) << "only the hidden comment has no decision";

  // Summarized with the statistics of the moment; decisions are final, it cannot reopen.
  SummarizeConsultationRequest summarize;
  summarize.set_name(parent);
  summarize.set_summary("共收到意见4条，采纳1条，部分采纳1条。");
  SummarizeConsultationResponse summarized;
  s = stub_->SummarizeConsultation(ContextWith(Staff()).get(), summarize, &summarized);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(summarized.consultation().state(), CONSULTATION_STATE_SUMMARIZED);
  EXPECT_EQ(summarized.consultation().summary().text(), "共收到意见4条，采纳1条，部分采纳1条。");
  EXPECT_EQ(summarized.consultation().summary().statistics().total_count(), 3);
  EXPECT_EQ(summarized.consultation().summary().statistics().hidden_count(), 1);
  EXPECT_EQ(Decide(letter.name(), COMMENT_DECISION_ADOPTED, "改变主意").error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  OpenConsultationRequest reopen;
  reopen.set_name(parent);
  OpenConsultationResponse reopened;
  EXPECT_EQ(stub_->OpenConsultation(ContextWith(Staff()).get(), reopen, &reopened).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // Every change is in the intake change feed.
  renda::feed::v1::ListChangesRequest changes;
  changes.set_parent("congresses/hz");
  changes.set_page_size(1000);
  renda::feed::v1::ListChangesResponse feed;
  ASSERT_TRUE(intake_feed_->ListChanges(ContextWith(Staff()).get(), changes, &feed).ok());
  int consultation_events = 0, comment_events = 0, version_events = 0;
  for (const auto& e : feed.events()) {
    if (absl::StrContains(e.resource_name(), "/comments/")) {
      ++comment_events;
    } else if (absl::StrContains(e.resource_name(), "/draftVersions/")) {
      ++version_events;
    } else if (absl::StrContains(e.resource_name(), "/consultations/")) {
      ++consultation_events;
    }
  }
  EXPECT_EQ(consultation_events, 5) << "create, revise, open, close, summarize";
  EXPECT_EQ(version_events, 2);
  EXPECT_EQ(comment_events, 4 + 3 + 4) << "4 comments, hide/restore/hide, 4 decisions";
}

TEST_F(ConsultationTest, CommentsStopAtThePlannedCloseTime) {
  const Consultation c = Create();
  Open(c.name(), absl::Hours(2));
  MustComment(Citizen(), c.name(), 1, "赶在截止前提交");
  clock_.Advance(absl::Hours(3));
  grpc::Status s = Comment(Citizen(), c.name(), 1, "截止后提交");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "stopped taking comments")) << s.error_message();
  EXPECT_TRUE(Close(c.name()).ok()) << "staff still close it";

  // Opening needs a planned close time in the future.
  const Consultation late = Create();
  OpenConsultationRequest open;
  open.set_name(late.name());
  *open.mutable_planned_close_time() = ToProtoTime(clock_.Now() - absl::Hours(1));
  OpenConsultationResponse opened;
  EXPECT_EQ(stub_->OpenConsultation(ContextWith(Staff()).get(), open, &opened).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(ConsultationTest, AnonymousCommentsAreRateLimitedPerClient) {
  const Consultation c = Create();
  Open(c.name());
  for (int i = 0; i < 3; ++i) MustComment("", c.name(), 2, absl::StrCat("匿名意见", i));
  const int64_t before = FeedLength();
  grpc::Status s = Comment("", c.name(), 2, "第四条匿名意见");
  ASSERT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  EXPECT_GT(RetryDelayOf(FromGrpcStatus(s)), absl::ZeroDuration()) << "the client learns when to retry";
  EXPECT_TRUE(absl::StrContains(s.error_message(), "comments")) << s.error_message();
  EXPECT_EQ(FeedLength(), before);
  // Signed-in callers are not limited.
  MustComment(Citizen(), c.name(), 2, "实名意见");
  EXPECT_EQ(Stats(Staff(), c.name()).total_count(), 4);
}

TEST_F(ConsultationTest, TextSearchFindsCommentsContainingTheText) {
  const Consultation c = Create();
  Open(c.name());
  MustComment(Citizen(), c.name(), 3, "物业费太高，应当公示");
  MustComment(Citizen(), c.name(), 2, "停车位不足");
  MustComment(Citizen(), c.name(), 3, "物业公司收取业费不透明");  // has 物业 and 业费, but not 物业费
  MustComment(Citizen(), c.name(), 1, "Parking FEE is too high");
  MustComment(Citizen(), c.name(), 0, "物业管理要公开");

  ListCommentsRequest req = ListOf(c.name());
  req.set_text_contains("物业费");
  EXPECT_EQ(Texts(List(Citizen(), req)), std::set<std::string>{"物业费太高，应当公示"});
  req.set_text_contains("物业");
  EXPECT_EQ(List(Citizen(), req).size(), 3u);
  req.set_page_size(1);  // page by page, the same comments
  EXPECT_EQ(List(Citizen(), req).size(), 3u);
  req.set_page_size(0);
  req.set_article_number(3);
  EXPECT_EQ(List(Citizen(), req).size(), 2u);
  req.set_article_number(-1);
  EXPECT_EQ(Texts(List(Citizen(), req)), std::set<std::string>{"物业管理要公开"});
  req.set_article_number(0);
  req.set_text_contains("parking fee");
  EXPECT_EQ(Texts(List(Citizen(), req)), std::set<std::string>{"Parking FEE is too high"});
  req.set_text_contains("没有的词");
  EXPECT_TRUE(List(Citizen(), req).empty());

  grpc::Status s;
  req.set_text_contains("物");
  List(Citizen(), req, &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << "one character needs no index";
  req.set_text_contains("a b");
  List(Citizen(), req, &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ConsultationTest, ContactDataIsForStaffAndAdminOnly) {
  const Consultation c = Create();
  Open(c.name());
  const ConsultationComment mine =
      MustComment(Token(Role::kCitizen, "citizen-chen"), c.name(), 1, "建议增加维修基金条款", COMMENT_CHANNEL_ONLINE,
                  "陈女士", "chen@example.cn");
  EXPECT_EQ(mine.commenter().display_name(), "陈女士");

  for (Role role : {Role::kStaff, Role::kAdmin}) {
    ConsultationComment got;
    ASSERT_TRUE(GetComment(Token(role), mine.name(), &got).ok());
    EXPECT_EQ(got.commenter().contact(), "chen@example.cn") << RoleName(role);
    EXPECT_EQ(got.submitted_by(), "citizen-chen") << RoleName(role);
  }
  for (Role role : {Role::kCitizen, Role::kDeputy, Role::kLeader, Role::kHandlingUnit, Role::kService}) {
    ConsultationComment got;
    ASSERT_TRUE(GetComment(Token(role), mine.name(), &got).ok()) << RoleName(role);
    EXPECT_FALSE(got.has_commenter()) << RoleName(role);
    EXPECT_EQ(got.submitted_by(), "") << RoleName(role);
    EXPECT_EQ(got.text(), "建议增加维修基金条款");
    auto listed = List(Token(role), ListOf(c.name()));
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_FALSE(listed[0].has_commenter()) << RoleName(role);
  }
}

TEST_F(ConsultationTest, ListsShowDraftsToStaffOnlyAndFilterByKindAndState) {
  const Consultation draft = Create("budget-draft");
  CreateConsultationRequest budget = CreateRequest("budget-2027");
  budget.mutable_consultation()->set_kind(CONSULTATION_KIND_BUDGET);
  CreateConsultationResponse created;
  ASSERT_TRUE(stub_->CreateConsultation(ContextWith(Staff()).get(), budget, &created).ok());
  Open(created.consultation().name());

  ListConsultationsRequest req;
  req.set_parent("congresses/hz");
  ListConsultationsResponse resp;
  ASSERT_TRUE(stub_->ListConsultations(ContextWith(Citizen()).get(), req, &resp).ok());
  ASSERT_EQ(resp.consultations_size(), 1);
  EXPECT_EQ(resp.consultations(0).name(), created.consultation().name());
  EXPECT_EQ(resp.consultations(0).draft().articles_size(), 0) << "lists leave the articles out";
  ASSERT_TRUE(stub_->ListConsultations(ContextWith(Staff()).get(), req, &resp).ok());
  EXPECT_EQ(resp.consultations_size(), 2);
  req.set_kind(CONSULTATION_KIND_BUDGET);
  ASSERT_TRUE(stub_->ListConsultations(ContextWith(Staff()).get(), req, &resp).ok());
  ASSERT_EQ(resp.consultations_size(), 1);
  EXPECT_EQ(resp.consultations(0).kind(), CONSULTATION_KIND_BUDGET);
  req.set_kind(CONSULTATION_KIND_UNSPECIFIED);
  req.set_state(CONSULTATION_STATE_DRAFT);
  ASSERT_TRUE(stub_->ListConsultations(ContextWith(Token(Role::kLeader)).get(), req, &resp).ok());
  ASSERT_EQ(resp.consultations_size(), 1);
  EXPECT_EQ(resp.consultations(0).name(), draft.name());
  EXPECT_EQ(stub_->ListConsultations(ContextWith(Citizen()).get(), req, &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ConsultationTest, RetriedRequestsAnswerAsTheFirstTime) {
  const Consultation c = Create();
  Open(c.name());
  ConsultationComment first, again;
  ASSERT_TRUE(Comment(Citizen(), c.name(), 1, "同一条意见", &first, COMMENT_CHANNEL_ONLINE, "", "", "req-1").ok());
  const int64_t feed = FeedLength();
  ASSERT_TRUE(Comment(Citizen(), c.name(), 1, "同一条意见", &again, COMMENT_CHANNEL_ONLINE, "", "", "req-1").ok());
  EXPECT_EQ(again.name(), first.name());
  EXPECT_EQ(FeedLength(), feed);
  // Even once the consultation is closed, the retry gets its first answer.
  ASSERT_TRUE(Close(c.name()).ok());
  ASSERT_TRUE(Comment(Citizen(), c.name(), 1, "同一条意见", &again, COMMENT_CHANNEL_ONLINE, "", "", "req-1").ok());
  EXPECT_EQ(again.name(), first.name());
  // The same id for another request is refused.
  EXPECT_EQ(
      Comment(Citizen(), c.name(), 1, "另一条意见", nullptr, COMMENT_CHANNEL_ONLINE, "", "", "req-1").error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Stats(Staff(), c.name()).total_count(), 1);
}

TEST_F(ConsultationTest, RefusedCallsWriteNothing) {
  const Consultation draft = Create("draft-one");
  const Consultation open = Create("open-one");
  Open(open.name());
  const ConsultationComment comment = MustComment(Citizen(), open.name(), 1, "一条意见");
  const Consultation closed = Create("closed-one");
  Open(closed.name());
  ASSERT_TRUE(Close(closed.name()).ok());

  const std::string staff = Staff(), citizen = Citizen(), other_congress = Token(Role::kStaff, "x", "", "sh");
  auto create = [&](const std::string& token, std::function<void(CreateConsultationRequest&)> change) {
    return CallAs(token, stub_.get(), &Stub::CreateConsultation, Changed(CreateRequest(), change));
  };
  auto revise = [&](const std::string& token, const std::string& name,
                    std::function<void(ReviseDraftRequest&)> change) {
    auto req = Named<ReviseDraftRequest>(name);
    AddArticle(req.mutable_articles(), 1, "", "新的第一条");
    return CallAs(token, stub_.get(), &Stub::ReviseDraft, Changed(req, change));
  };
  auto open_call = [&](const std::string& token, const std::string& name) {
    return CallAs(token, stub_.get(), &Stub::OpenConsultation, Named<OpenConsultationRequest>(name));
  };
  auto close_call = [&](const std::string& token, const std::string& name) {
    return CallAs(token, stub_.get(), &Stub::CloseConsultation, Named<CloseConsultationRequest>(name));
  };
  auto summarize = [&](const std::string& token, const std::string& name, const std::string& text) {
    auto req = Named<SummarizeConsultationRequest>(name);
    req.set_summary(text);
    return CallAs(token, stub_.get(), &Stub::SummarizeConsultation, req);
  };
  auto get = [&](const std::string& token, const std::string& name, int version) {
    auto req = Named<GetConsultationRequest>(name);
    req.set_version(version);
    return CallAs(token, stub_.get(), &Stub::GetConsultation, req);
  };
  auto list = [&](const std::string& token, std::function<void(ListConsultationsRequest&)> change) {
    ListConsultationsRequest req;
    req.set_parent("congresses/hz");
    return CallAs(token, stub_.get(), &Stub::ListConsultations, Changed(req, change));
  };
  auto versions = [&](const std::string& token, const std::string& name) {
    ListDraftVersionsRequest req;
    req.set_parent(name);
    return CallAs(token, stub_.get(), &Stub::ListDraftVersions, req);
  };
  auto add = [&](const std::string& token, const std::string& parent, std::function<void(AddCommentRequest&)> change) {
    AddCommentRequest req;
    req.set_parent(parent);
    req.mutable_comment()->set_article_number(1);
    req.mutable_comment()->set_text("意见");
    return CallAs(token, stub_.get(), &Stub::AddComment, Changed(req, change));
  };
  auto list_comments = [&](const std::string& token, const std::string& parent,
                           std::function<void(ListCommentsRequest&)> change) {
    ListCommentsRequest req;
    req.set_parent(parent);
    return CallAs(token, stub_.get(), &Stub::ListComments, Changed(req, change));
  };
  auto get_comment = [&](const std::string& token, const std::string& name) {
    return CallAs(token, stub_.get(), &Stub::GetComment, Named<GetCommentRequest>(name));
  };
  auto hide = [&](const std::string& token, const std::string& name, const std::string& reason) {
    return [=, this] { return Hide(name, reason, nullptr, token); };
  };
  auto restore = [&](const std::string& token, const std::string& name) {
    return CallAs(token, stub_.get(), &Stub::RestoreComment, Named<RestoreCommentRequest>(name));
  };
  auto decide = [&](const std::string& token, const std::string& name, CommentDecision d, const std::string& reason) {
    return [=, this] { return Decide(name, d, reason, nullptr, token); };
  };
  auto stats = [&](const std::string& token, const std::string& parent) {
    GetCommentStatisticsRequest req;
    req.set_parent(parent);
    return CallAs(token, stub_.get(), &Stub::GetCommentStatistics, req);
  };
  auto nothing = [](auto&) {};
  const std::string missing = "congresses/hz/consultations/nope";
  const std::string missing_comment = open.name() + "/comments/nope";
  using C = grpc::StatusCode;

  const std::vector<RefusedCall> refused = {
      // CreateConsultation
      {"create by a citizen", create(citizen, nothing), C::PERMISSION_DENIED},
      {"create anonymously", create("", nothing), C::UNAUTHENTICATED},
      {"create in another congress", create(other_congress, nothing), C::PERMISSION_DENIED},
      {"create without title", create(staff, [](auto& r) { r.mutable_consultation()->set_title(""); }),
       C::INVALID_ARGUMENT},
      {"create without kind",
       create(staff, [](auto& r) { r.mutable_consultation()->set_kind(CONSULTATION_KIND_UNSPECIFIED); }),
       C::INVALID_ARGUMENT},
      {"create without articles",
       create(staff, [](auto& r) { r.mutable_consultation()->mutable_draft()->clear_articles(); }),
       C::INVALID_ARGUMENT},
      {"create with repeated article numbers",
       create(staff, [](auto& r) { r.mutable_consultation()->mutable_draft()->mutable_articles(1)->set_number(1); }),
       C::INVALID_ARGUMENT},
      {"create with a 20001-character article",
       create(staff,
              [](auto& r) {
                r.mutable_consultation()->mutable_draft()->mutable_articles(0)->set_text(std::string(20001, 'x'));
              }),
       C::INVALID_ARGUMENT},
      {"create with a close time in the past",
       create(staff,
              [this](auto& r) {
                *r.mutable_consultation()->mutable_planned_close_time() = ToProtoTime(clock_.Now() - absl::Hours(1));
              }),
       C::INVALID_ARGUMENT},
      {"create with a bad id", create(staff, [](auto& r) { r.set_consultation_id("物业"); }), C::INVALID_ARGUMENT},
      {"create with a taken id", create(staff, [](auto& r) { r.set_consultation_id("draft-one"); }), C::ALREADY_EXISTS},
      // GetConsultation, ListConsultations, ListDraftVersions
      {"get a draft as a citizen", get(citizen, draft.name(), 0), C::PERMISSION_DENIED},
      {"get anonymously", get("", open.name(), 0), C::UNAUTHENTICATED},
      {"get a missing one", get(staff, missing, 0), C::NOT_FOUND},
      {"get a negative version", get(staff, open.name(), -1), C::INVALID_ARGUMENT},
      {"get a bad name", get(staff, "consultations/x", 0), C::INVALID_ARGUMENT},
      {"list anonymously", list("", nothing), C::UNAUTHENTICATED},
      {"list drafts as a citizen", list(citizen, [](auto& r) { r.set_state(CONSULTATION_STATE_DRAFT); }),
       C::PERMISSION_DENIED},
      {"list with page_size 1000", list(staff, [](auto& r) { r.set_page_size(1000); }), C::INVALID_ARGUMENT},
      {"list with a forged page token", list(staff, [](auto& r) { r.set_page_token("forged"); }), C::INVALID_ARGUMENT},
      {"list an unknown kind", list(staff, [](auto& r) { r.set_kind(static_cast<ConsultationKind>(42)); }),
       C::INVALID_ARGUMENT},
      {"versions of a draft as a citizen", versions(citizen, draft.name()), C::PERMISSION_DENIED},
      {"versions of a missing one", versions(staff, missing), C::NOT_FOUND},
      // ReviseDraft
      {"revise by a citizen", revise(citizen, draft.name(), nothing), C::PERMISSION_DENIED},
      {"revise a closed one", revise(staff, closed.name(), nothing), C::FAILED_PRECONDITION},
      {"revise without articles", revise(staff, draft.name(), [](auto& r) { r.clear_articles(); }),
       C::INVALID_ARGUMENT},
      {"revise with a stale etag", revise(staff, draft.name(), [](auto& r) { r.set_etag("99"); }), C::ABORTED},
      {"revise a missing one", revise(staff, missing, nothing), C::NOT_FOUND},
      // Open, Close, Summarize
      {"open by a citizen", open_call(citizen, draft.name()), C::PERMISSION_DENIED},
      {"open an open one", open_call(staff, open.name()), C::FAILED_PRECONDITION},
      {"open a closed one", open_call(staff, closed.name()), C::FAILED_PRECONDITION},
      {"close a draft", close_call(staff, draft.name()), C::FAILED_PRECONDITION},
      {"close by a deputy", close_call(Token(Role::kDeputy), open.name()), C::PERMISSION_DENIED},
      {"summarize an open one", summarize(staff, open.name(), "小结"), C::FAILED_PRECONDITION},
      {"summarize without text", summarize(staff, closed.name(), ""), C::INVALID_ARGUMENT},
      {"summarize by a leader", summarize(Token(Role::kLeader), closed.name(), "小结"), C::PERMISSION_DENIED},
      // AddComment
      {"comment on a draft", add(citizen, draft.name(), nothing), C::FAILED_PRECONDITION},
      {"comment on a closed one anonymously", add("", closed.name(), nothing), C::FAILED_PRECONDITION},
      {"comment by a service", add(Token(Role::kService), open.name(), nothing), C::PERMISSION_DENIED},
      {"comment on a missing one", add(citizen, missing, nothing), C::NOT_FOUND},
      {"comment without text", add(citizen, open.name(), [](auto& r) { r.mutable_comment()->set_text(""); }),
       C::INVALID_ARGUMENT},
      {"comment of 5001 characters",
       add(citizen, open.name(), [](auto& r) { r.mutable_comment()->set_text(std::string(5001, 'x')); }),
       C::INVALID_ARGUMENT},
      {"comment on an unknown article",
       add(citizen, open.name(), [](auto& r) { r.mutable_comment()->set_article_number(77); }), C::INVALID_ARGUMENT},
      {"comment on a negative article",
       add(citizen, open.name(), [](auto& r) { r.mutable_comment()->set_article_number(-1); }), C::INVALID_ARGUMENT},
      {"a hearing comment by a citizen",
       add(citizen, open.name(), [](auto& r) { r.mutable_comment()->set_channel(COMMENT_CHANNEL_HEARING); }),
       C::PERMISSION_DENIED},
      {"a contact point comment without its id",
       add(staff, open.name(),
           [](auto& r) { r.mutable_comment()->set_channel(COMMENT_CHANNEL_LEGISLATIVE_CONTACT_POINT); }),
       C::INVALID_ARGUMENT},
      {"a contact point id on a letter",
       add(staff, open.name(),
           [](auto& r) {
             r.mutable_comment()->set_channel(COMMENT_CHANNEL_LETTER);
             r.mutable_comment()->set_contact_point_id("lcp-1");
           }),
       C::INVALID_ARGUMENT},
      {"a 200-character commenter name",
       add(citizen, open.name(),
           [](auto& r) { r.mutable_comment()->mutable_commenter()->set_display_name(std::string(200, 'x')); }),
       C::INVALID_ARGUMENT},
      {"comment with a bad request id",
       add(citizen, open.name(), [](auto& r) { r.set_request_id(std::string(200, 'x')); }), C::INVALID_ARGUMENT},
      // GetComment, ListComments, statistics
      {"get a comment anonymously", get_comment("", comment.name()), C::UNAUTHENTICATED},
      {"get a missing comment", get_comment(staff, missing_comment), C::NOT_FOUND},
      {"get a comment by a bad name", get_comment(staff, open.name() + "/notes/x"), C::INVALID_ARGUMENT},
      {"list comments anonymously", list_comments("", open.name(), nothing), C::UNAUTHENTICATED},
      {"list hidden comments as a citizen",
       list_comments(citizen, open.name(), [](auto& r) { r.set_visibility(COMMENT_VISIBILITY_HIDDEN); }),
       C::PERMISSION_DENIED},
      {"list comments of a draft as a citizen", list_comments(citizen, draft.name(), nothing), C::PERMISSION_DENIED},
      {"search by one character", list_comments(citizen, open.name(), [](auto& r) { r.set_text_contains("物"); }),
       C::INVALID_ARGUMENT},
      {"search by 101 characters",
       list_comments(citizen, open.name(), [](auto& r) { r.set_text_contains(std::string(101, 'x')); }),
       C::INVALID_ARGUMENT},
      {"undecided and a decision",
       list_comments(staff, open.name(),
                     [](auto& r) {
                       r.set_undecided(true);
                       r.set_decision(COMMENT_DECISION_ADOPTED);
                     }),
       C::INVALID_ARGUMENT},
      {"list comments of a missing one", list_comments(staff, missing, nothing), C::NOT_FOUND},
      {"statistics of a draft as a citizen", stats(citizen, draft.name()), C::PERMISSION_DENIED},
      {"statistics anonymously", stats("", open.name()), C::UNAUTHENTICATED},
      // Moderation and decisions
      {"hide by a citizen", hide(citizen, comment.name(), "广告"), C::PERMISSION_DENIED},
      {"hide without a reason", hide(staff, comment.name(), ""), C::INVALID_ARGUMENT},
      {"hide a missing comment", hide(staff, missing_comment, "广告"), C::NOT_FOUND},
      {"restore a visible comment", restore(staff, comment.name()), C::FAILED_PRECONDITION},
      {"restore by a deputy", restore(Token(Role::kDeputy), comment.name()), C::PERMISSION_DENIED},
      {"decide by a leader", decide(Token(Role::kLeader), comment.name(), COMMENT_DECISION_ADOPTED, "理由"),
       C::PERMISSION_DENIED},
      {"decide without a reason", decide(staff, comment.name(), COMMENT_DECISION_ADOPTED, ""), C::INVALID_ARGUMENT},
      {"decide without a decision", decide(staff, comment.name(), COMMENT_DECISION_UNSPECIFIED, "理由"),
       C::INVALID_ARGUMENT},
      {"decide a missing comment", decide(staff, missing_comment, COMMENT_DECISION_ADOPTED, "理由"), C::NOT_FOUND},
      {"decide in another congress", decide(other_congress, comment.name(), COMMENT_DECISION_ADOPTED, "理由"),
       C::PERMISSION_DENIED},
  };
  ExpectRefusedWritingNothing(refused);
}

}  // namespace
}  // namespace renda
