// Budget review by deputies (预算草案"三审") end to end: a real Redis, the representatives
// services (which deputies serve) and the supervision services in-process on port 0 on one fake
// clock. A draft goes through the three stages; deputies' opinions are answered by the
// departments and by staff; the revised amounts between stages stay visible per stage, so a
// deputy sees what became of what they said. Every refusal has its code and writes nothing.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "renda/supervision/v1/budget.grpc.pb.h"
#include "services/supervision/services.h"
#include "tests/support/intake_fixture.h"

namespace renda {
namespace {

using namespace supervision::v1;  // NOLINT: test brevity
namespace rep = representatives::v1;
using testing::CallAs;
using testing::ContextWith;
using testing::DeputyName;
using testing::Named;

constexpr int64_t kYuan = 100;  // fen per yuan

class BudgetReviewTest : public testing::RepresentativesFixture {
 protected:
  void SetUp() override {
    StartServices();
    AddDeputy("d1", rep::DEPUTY_STATUS_SERVING);
    AddDeputy("d2", rep::DEPUTY_STATUS_SERVING);
    AddDeputy("d3", rep::DEPUTY_STATUS_RESIGNED);
    supervision::SupervisionOptions options;
    options.representatives_addr = host_->address();
    sup_host_ = testing::StartHost(
        redis_.address(), [options](const Runtime& rt) { return supervision::MakeSupervisionServices(rt, options); },
        &clock_);
    ASSERT_TRUE(testing::WaitServing(*sup_host_));
    auto channel = testing::ChannelTo(*sup_host_);
    budget_ = BudgetService::NewStub(channel);
    sup_feed_ = renda::feed::v1::ChangeFeedService::NewStub(channel);
  }

  std::string Staff() { return Token(Role::kStaff); }
  std::string DeputyToken(const std::string& id) { return Token(Role::kDeputy, "user-" + id, id); }
  std::string UnitToken(const std::string& unit) {
    Claims c;
    c.subject = "unit-" + unit;
    c.roles = Roles{Role::kHandlingUnit};
    c.congress = "hz";
    c.unit_id = unit;
    c.issued_at = clock_.Now();
    c.expiry = clock_.Now() + absl::Hours(1);
    return MintToken(c, testing::kTestTokenKey);
  }

  void AddDeputy(const std::string& id, rep::DeputyStatus status) {
    rep::CreateDeputyRequest req;
    req.set_parent("congresses/hz");
    req.set_deputy_id(id);
    req.mutable_deputy()->set_display_name(absl::StrCat("代表", id));
    req.mutable_deputy()->set_term(14);
    req.mutable_deputy()->set_electoral_unit("西湖区");
    req.mutable_deputy()->set_delegation("hz-xihu");
    req.mutable_deputy()->set_status(status);
    rep::CreateDeputyResponse resp;
    auto s = deputies_->CreateDeputy(ContextWith(Staff()).get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  static CreateBudgetDraftRequest DraftRequest() {
    CreateBudgetDraftRequest req;
    req.set_parent("congresses/hz");
    auto* d = req.mutable_budget_draft();
    d->set_title("杭州市2025年市级预算草案");
    d->set_fiscal_year(2025);
    d->set_finance_department("hz-gov");
    auto* bus = d->add_lines();
    bus->set_department("hz-transport");
    bus->set_department_name("市交通运输局");
    bus->set_item("城市公共交通运营补贴");
    bus->set_amount_fen(1'000'000'000 * kYuan);
    auto* school = d->add_lines();
    school->set_department("hz-edu");
    school->set_department_name("市教育局");
    school->set_item("学前教育发展资金");
    school->set_amount_fen(500'000'000 * kYuan);
    return req;
  }

  BudgetDraft CreateDraft() {
    CreateBudgetDraftResponse resp;
    auto s = budget_->CreateBudgetDraft(ContextWith(Staff()).get(), DraftRequest(), &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.budget_draft();
  }

  BudgetDraft OpenStage(const std::string& draft, BudgetStage stage) {
    OpenBudgetStageRequest req;
    req.set_name(draft);
    req.set_stage(stage);
    OpenBudgetStageResponse resp;
    auto s = budget_->OpenBudgetStage(ContextWith(Staff()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.budget_draft();
  }

  BudgetDraft CloseStage(const std::string& draft) {
    CloseBudgetStageResponse resp;
    auto s = budget_->CloseBudgetStage(ContextWith(Staff()).get(), Named<CloseBudgetStageRequest>(draft), &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.budget_draft();
  }

  static ReviseBudgetDraftRequest Revision(const std::string& draft, const std::string& line, int64_t amount) {
    ReviseBudgetDraftRequest req;
    req.set_name(draft);
    auto* r = req.add_revisions();
    r->set_line_id(line);
    r->set_amount_fen(amount);
    r->set_note("采纳代表意见，压减一般性支出");
    return req;
  }

  static GiveBudgetOpinionRequest Opinion(const std::string& draft, const std::string& line, const std::string& text) {
    GiveBudgetOpinionRequest req;
    req.set_budget_draft(draft);
    req.set_line_id(line);
    req.set_text(text);
    return req;
  }

  BudgetOpinion Give(const std::string& deputy, const GiveBudgetOpinionRequest& req) {
    GiveBudgetOpinionResponse resp;
    auto s = budget_->GiveBudgetOpinion(ContextWith(DeputyToken(deputy)).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.budget_opinion();
  }

  static AnswerBudgetOpinionRequest Answer(const std::string& opinion, const std::string& text) {
    AnswerBudgetOpinionRequest req;
    req.set_name(opinion);
    req.set_text(text);
    return req;
  }

  grpc::Status AnswerAs(const std::string& token, const AnswerBudgetOpinionRequest& req, BudgetOpinion* out = nullptr) {
    AnswerBudgetOpinionResponse resp;
    grpc::Status s = budget_->AnswerBudgetOpinion(ContextWith(token).get(), req, &resp);
    if (out != nullptr) *out = resp.budget_opinion();
    return s;
  }

  int64_t SupFeedLength() {
    return static_cast<int64_t>(testing::AllChanges(*sup_feed_, ServiceTokenAt(clock_)).size());
  }

  std::unique_ptr<ServiceHost> sup_host_;
  std::unique_ptr<BudgetService::Stub> budget_;
  std::unique_ptr<renda::feed::v1::ChangeFeedService::Stub> sup_feed_;
};

TEST_F(BudgetReviewTest, ADraftGoesThroughThreeStagesAndDeputiesSeeWhatBecameOfTheirOpinions) {
  const BudgetDraft draft = CreateDraft();
  EXPECT_EQ(draft.state(), BUDGET_DRAFT_STATE_PREPARING);
  ASSERT_EQ(draft.lines_size(), 2);
  EXPECT_EQ(draft.lines(0).line_id(), "1");
  EXPECT_EQ(draft.total_fen(), 1'500'000'000 * kYuan);

  // Stage 1: the thematic review by deputies' groups.
  OpenStage(draft.name(), BUDGET_STAGE_THEMATIC_REVIEW);
  const BudgetOpinion on_bus = Give("d1", Opinion(draft.name(), "1", "公交补贴增幅过大，建议压减并加强绩效评价"));
  EXPECT_EQ(on_bus.stage(), BUDGET_STAGE_THEMATIC_REVIEW);
  EXPECT_EQ(on_bus.deputy(), DeputyName("d1"));
  const BudgetOpinion on_all = Give("d2", Opinion(draft.name(), "", "建议进一步细化项目支出，提高预算透明度"));

  // The department of the line answers the opinion on it; another department may not; staff
  // answer the one on the whole draft.
  EXPECT_EQ(AnswerAs(UnitToken("hz-edu"), Answer(on_bus.name(), "不归我们管")).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  BudgetOpinion answered;
  ASSERT_TRUE(
      AnswerAs(UnitToken("hz-transport"), Answer(on_bus.name(), "拟压减1亿元，并开展绩效评价"), &answered).ok());
  EXPECT_EQ(answered.answer().unit(), "hz-transport");
  ASSERT_TRUE(AnswerAs(Staff(), Answer(on_all.name(), "已要求各部门细化到项目")).ok());
  CloseStage(draft.name());

  // Between stages the government revises the line; stage 2 records the revised amount.
  clock_.Advance(absl::Hours(24 * 14));
  ReviseBudgetDraftResponse revised;
  auto s = budget_->ReviseBudgetDraft(ContextWith(Staff()).get(), Revision(draft.name(), "1", 900'000'000 * kYuan),
                                      &revised);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(revised.budget_draft().total_fen(), 1'400'000'000 * kYuan);
  OpenStage(draft.name(), BUDGET_STAGE_PRELIMINARY_REVIEW);
  const BudgetOpinion again = Give("d1", Opinion(draft.name(), "1", "压减后仍偏高，建议与客流挂钩"));
  EXPECT_EQ(again.stage(), BUDGET_STAGE_PRELIMINARY_REVIEW);
  CloseStage(draft.name());
  ASSERT_TRUE(AnswerAs(UnitToken("hz-transport"), Answer(again.name(), "将按客流量核定补贴")).ok());
  ASSERT_TRUE(
      budget_->ReviseBudgetDraft(ContextWith(Staff()).get(), Revision(draft.name(), "1", 850'000'000 * kYuan), &revised)
          .ok());

  // Stage 3: the session review; closing it ends the review.
  clock_.Advance(absl::Hours(24 * 30));
  OpenStage(draft.name(), BUDGET_STAGE_SESSION_REVIEW);
  const BudgetDraft reviewed = CloseStage(draft.name());
  EXPECT_EQ(reviewed.state(), BUDGET_DRAFT_STATE_REVIEWED);
  ASSERT_EQ(reviewed.lines(0).stage_amounts_size(), 3);
  EXPECT_EQ(reviewed.lines(0).stage_amounts(0).amount_fen(), 1'000'000'000 * kYuan);
  EXPECT_EQ(reviewed.lines(0).stage_amounts(1).amount_fen(), 900'000'000 * kYuan);
  EXPECT_EQ(reviewed.lines(0).stage_amounts(2).amount_fen(), 850'000'000 * kYuan);
  EXPECT_EQ(reviewed.lines(1).stage_amounts(2).amount_fen(), 500'000'000 * kYuan) << "an unrevised line";

  // What d1 sees of their own opinions: each answered, with the line's amount at every stage.
  TraceBudgetOpinionsRequest trace;
  trace.set_budget_draft(draft.name());
  TraceBudgetOpinionsResponse traced;
  s = budget_->TraceBudgetOpinions(ContextWith(DeputyToken("d1")).get(), trace, &traced);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(traced.traces_size(), 2);
  EXPECT_EQ(traced.traces(0).opinion().answer().text(), "拟压减1亿元，并开展绩效评价");
  EXPECT_EQ(traced.traces(1).opinion().answer().text(), "将按客流量核定补贴");
  EXPECT_EQ(traced.traces(0).item(), "城市公共交通运营补贴");
  ASSERT_EQ(traced.traces(0).stage_amounts_size(), 3);
  EXPECT_EQ(traced.traces(0).stage_amounts(1).stage(), BUDGET_STAGE_PRELIMINARY_REVIEW);
  EXPECT_EQ(traced.traces(0).stage_amounts(1).amount_fen(), 900'000'000 * kYuan);
  EXPECT_EQ(traced.traces(0).amount_fen(), 850'000'000 * kYuan);
  // Staff trace d2's opinion on the whole draft: the totals at each stage.
  trace.set_deputy(DeputyName("d2"));
  ASSERT_TRUE(budget_->TraceBudgetOpinions(ContextWith(Staff()).get(), trace, &traced).ok());
  ASSERT_EQ(traced.traces_size(), 1);
  ASSERT_EQ(traced.traces(0).stage_amounts_size(), 3);
  EXPECT_EQ(traced.traces(0).stage_amounts(0).amount_fen(), 1'500'000'000 * kYuan);
  EXPECT_EQ(traced.traces(0).amount_fen(), 1'350'000'000 * kYuan);

  ListBudgetOpinionsRequest list;
  list.set_parent("congresses/hz");
  list.set_budget_draft(draft.name());
  list.set_stage(BUDGET_STAGE_THEMATIC_REVIEW);
  ListBudgetOpinionsResponse page;
  ASSERT_TRUE(budget_->ListBudgetOpinions(ContextWith(DeputyToken("d2")).get(), list, &page).ok());
  EXPECT_EQ(page.budget_opinions_size(), 2);
  list.clear_stage();
  list.set_unanswered_only(true);
  ASSERT_TRUE(budget_->ListBudgetOpinions(ContextWith(Staff()).get(), list, &page).ok());
  EXPECT_EQ(page.budget_opinions_size(), 0) << "every opinion is answered";
}

TEST_F(BudgetReviewTest, RefusalsHaveTheirCodeAndWriteNothing) {
  const BudgetDraft preparing = CreateDraft();
  const BudgetDraft draft = CreateDraft();
  OpenStage(draft.name(), BUDGET_STAGE_THEMATIC_REVIEW);
  const BudgetOpinion opinion = Give("d1", Opinion(draft.name(), "2", "学前教育投入仍显不足"));
  ASSERT_TRUE(AnswerAs(UnitToken("hz-edu"), Answer(opinion.name(), "明年增加5000万元")).ok());
  const int64_t feed = SupFeedLength();

  auto* b = budget_.get();
  using S = BudgetService::Stub;
  auto changed = [](CreateBudgetDraftRequest req, auto change) {
    change(req);
    return req;
  };
  OpenBudgetStageRequest skip;
  skip.set_name(preparing.name());
  skip.set_stage(BUDGET_STAGE_PRELIMINARY_REVIEW);
  OpenBudgetStageRequest reopen;
  reopen.set_name(draft.name());
  reopen.set_stage(BUDGET_STAGE_PRELIMINARY_REVIEW);
  OpenBudgetStageRequest no_stage = Named<OpenBudgetStageRequest>(draft.name());
  CloseBudgetStageRequest stale = Named<CloseBudgetStageRequest>(draft.name());
  stale.set_etag("1");
  TraceBudgetOpinionsRequest others;
  others.set_budget_draft(draft.name());
  others.set_deputy(DeputyName("d1"));
  ListBudgetOpinionsRequest no_draft;
  no_draft.set_parent("congresses/hz");

  std::vector<testing::RefusedCall> calls = {
      {"a deputy creates a draft", CallAs(DeputyToken("d1"), b, &S::CreateBudgetDraft, DraftRequest()),
       grpc::StatusCode::PERMISSION_DENIED},
      {"a handling unit creates a draft", CallAs(UnitToken("hz-edu"), b, &S::CreateBudgetDraft, DraftRequest()),
       grpc::StatusCode::PERMISSION_DENIED},
      {"a draft without lines",
       CallAs(Staff(), b, &S::CreateBudgetDraft,
              changed(DraftRequest(), [](auto& r) { r.mutable_budget_draft()->clear_lines(); })),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"a negative amount",
       CallAs(Staff(), b, &S::CreateBudgetDraft,
              changed(DraftRequest(), [](auto& r) { r.mutable_budget_draft()->mutable_lines(0)->set_amount_fen(-1); })),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"get an unknown draft",
       CallAs(Staff(), b, &S::GetBudgetDraft, Named<GetBudgetDraftRequest>("congresses/hz/budgetDrafts/none")),
       grpc::StatusCode::NOT_FOUND},
      {"another congress reads",
       CallAs(Token(Role::kStaff, "tester", "", "sh"), b, &S::GetBudgetDraft,
              Named<GetBudgetDraftRequest>(draft.name())),
       grpc::StatusCode::PERMISSION_DENIED},
      {"list drafts of a bad year",
       CallAs(Staff(), b, &S::ListBudgetDrafts,
              [] {
                ListBudgetDraftsRequest r;
                r.set_parent("congresses/hz");
                r.set_fiscal_year(1800);
                return r;
              }()),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"skip the first stage", CallAs(Staff(), b, &S::OpenBudgetStage, skip), grpc::StatusCode::FAILED_PRECONDITION},
      {"open a stage while one is open", CallAs(Staff(), b, &S::OpenBudgetStage, reopen),
       grpc::StatusCode::FAILED_PRECONDITION},
      {"open no stage", CallAs(Staff(), b, &S::OpenBudgetStage, no_stage), grpc::StatusCode::INVALID_ARGUMENT},
      {"a deputy opens a stage", CallAs(DeputyToken("d1"), b, &S::OpenBudgetStage, reopen),
       grpc::StatusCode::PERMISSION_DENIED},
      {"close with a stale etag", CallAs(Staff(), b, &S::CloseBudgetStage, stale), grpc::StatusCode::ABORTED},
      {"close a draft with no stage open",
       CallAs(Staff(), b, &S::CloseBudgetStage, Named<CloseBudgetStageRequest>(preparing.name())),
       grpc::StatusCode::FAILED_PRECONDITION},
      {"revise while a stage is open", CallAs(Staff(), b, &S::ReviseBudgetDraft, Revision(draft.name(), "1", 1)),
       grpc::StatusCode::FAILED_PRECONDITION},
      {"revise before the review", CallAs(Staff(), b, &S::ReviseBudgetDraft, Revision(preparing.name(), "1", 1)),
       grpc::StatusCode::FAILED_PRECONDITION},
      {"revise to a negative amount", CallAs(Staff(), b, &S::ReviseBudgetDraft, Revision(draft.name(), "1", -5)),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"an opinion before any stage opens",
       CallAs(DeputyToken("d1"), b, &S::GiveBudgetOpinion, Opinion(preparing.name(), "", "意见")),
       grpc::StatusCode::FAILED_PRECONDITION},
      {"an opinion on an unknown line",
       CallAs(DeputyToken("d1"), b, &S::GiveBudgetOpinion, Opinion(draft.name(), "9", "意见")),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"an empty opinion", CallAs(DeputyToken("d1"), b, &S::GiveBudgetOpinion, Opinion(draft.name(), "1", "")),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"an opinion of a deputy no longer serving",
       CallAs(DeputyToken("d3"), b, &S::GiveBudgetOpinion, Opinion(draft.name(), "1", "意见")),
       grpc::StatusCode::PERMISSION_DENIED},
      {"staff give an opinion", CallAs(Staff(), b, &S::GiveBudgetOpinion, Opinion(draft.name(), "1", "意见")),
       grpc::StatusCode::PERMISSION_DENIED},
      {"answer twice", CallAs(Staff(), b, &S::AnswerBudgetOpinion, Answer(opinion.name(), "再答一次")),
       grpc::StatusCode::FAILED_PRECONDITION},
      {"another department answers",
       CallAs(UnitToken("hz-transport"), b, &S::AnswerBudgetOpinion, Answer(opinion.name(), "答复")),
       grpc::StatusCode::PERMISSION_DENIED},
      {"a deputy answers", CallAs(DeputyToken("d2"), b, &S::AnswerBudgetOpinion, Answer(opinion.name(), "答复")),
       grpc::StatusCode::PERMISSION_DENIED},
      {"answer an unknown opinion",
       CallAs(Staff(), b, &S::AnswerBudgetOpinion, Answer("congresses/hz/budgetOpinions/none", "答复")),
       grpc::StatusCode::NOT_FOUND},
      {"list opinions of no draft", CallAs(Staff(), b, &S::ListBudgetOpinions, no_draft),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"a deputy traces another's opinions", CallAs(DeputyToken("d2"), b, &S::TraceBudgetOpinions, others),
       grpc::StatusCode::PERMISSION_DENIED},
      {"a handling unit traces", CallAs(UnitToken("hz-edu"), b, &S::TraceBudgetOpinions, others),
       grpc::StatusCode::PERMISSION_DENIED},
  };
  testing::ExpectRefused(calls);
  EXPECT_EQ(SupFeedLength(), feed) << "a refused call writes nothing";
}

}  // namespace
}  // namespace renda
