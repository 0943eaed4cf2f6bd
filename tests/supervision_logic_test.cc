// Unit tests of the supervision plan rules: validation, the item as first stored, indexes.
// No gRPC, no Redis.
#include "services/supervision/supervision_logic.h"

#include <string>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"

namespace renda::supervision {
namespace {

using ::testing::UnorderedElementsAre;

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> out;
  for (const auto& v : FieldViolations(status)) out.push_back(v.field);
  return out;
}

absl::Status ValidateItem(const SupervisionItem& item) {
  Validator v;
  ValidateItemFields(item, v);
  return v.status();
}

SupervisionItem GoodItem() {
  SupervisionItem item;
  item.set_title("听取和审议市政府关于生态环境保护工作情况的报告");
  item.set_description("检查大气、水污染防治法律法规实施情况。");
  item.set_area(v1::SUPERVISION_AREA_ENVIRONMENT);
  item.set_form(v1::SUPERVISION_FORM_SPECIAL_WORK_REPORT);
  item.set_year(2025);
  item.set_responsible_body("杭州市人民政府");
  return item;
}

TEST(SupervisionItemValidation, AcceptsAGoodItem) { EXPECT_TRUE(ValidateItem(GoodItem()).ok()); }

TEST(SupervisionItemValidation, RefusesAnEmptyItemNamingEveryRequiredField) {
  absl::Status s = ValidateItem(SupervisionItem());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolatedFields(s), UnorderedElementsAre("supervision_item.title", "supervision_item.area",
                                                      "supervision_item.form", "supervision_item.year"));
}

TEST(SupervisionItemValidation, RefusesEachBadFieldNamingIt) {
  struct Case {
    const char* field;
    void (*spoil)(SupervisionItem&);
  };
  const Case cases[] = {
      {"supervision_item.title", [](SupervisionItem& i) { i.set_title(std::string(201, 'x')); }},
      {"supervision_item.title", [](SupervisionItem& i) { i.set_title(" \n"); }},
      {"supervision_item.description", [](SupervisionItem& i) { i.set_description(std::string(5001, 'x')); }},
      {"supervision_item.area", [](SupervisionItem& i) { i.set_area(static_cast<v1::SupervisionArea>(77)); }},
      {"supervision_item.form", [](SupervisionItem& i) { i.set_form(v1::SUPERVISION_FORM_UNSPECIFIED); }},
      {"supervision_item.year", [](SupervisionItem& i) { i.set_year(1999); }},
      {"supervision_item.year", [](SupervisionItem& i) { i.set_year(2101); }},
      {"supervision_item.responsible_body", [](SupervisionItem& i) { i.set_responsible_body(std::string(129, 'x')); }},
  };
  for (const Case& c : cases) {
    SupervisionItem item = GoodItem();
    c.spoil(item);
    EXPECT_THAT(ViolatedFields(ValidateItem(item)), UnorderedElementsAre(c.field)) << c.field;
  }
}

TEST(NewSupervisionItem, StartsPlannedAndIgnoresOutputOnlyFields) {
  SupervisionItem input = GoodItem();
  input.set_state(v1::SUPERVISION_ITEM_STATE_CLOSED);
  input.set_etag("7");
  SupervisionItem item = NewItem(input, "congresses/hz/supervisionItems/i1", absl::FromUnixSeconds(1760000000));
  EXPECT_EQ(item.name(), "congresses/hz/supervisionItems/i1");
  EXPECT_EQ(item.state(), v1::SUPERVISION_ITEM_STATE_PLANNED);
  EXPECT_EQ(item.etag(), "");
  EXPECT_EQ(item.title(), input.title());
  EXPECT_EQ(item.responsible_body(), "杭州市人民政府");
  EXPECT_EQ(item.create_time().seconds(), 1760000000);
}

TEST(SupervisionItemListing, AnItemIsListedUnderEachOfItsFilters) {
  SupervisionItem item = NewItem(GoodItem(), "congresses/hz/supervisionItems/i1", absl::UnixEpoch());
  EXPECT_THAT(ItemIndexes(item), UnorderedElementsAre("items", "items:year:2025", "items:area:2", "items:state:1"));
  v1::ListSupervisionItemsRequest r;
  EXPECT_THAT(ListIndexes(r), UnorderedElementsAre("items"));
  r.set_year(2025);
  r.set_state(v1::SUPERVISION_ITEM_STATE_PLANNED);
  EXPECT_THAT(ListIndexes(r), UnorderedElementsAre("items:year:2025", "items:state:1"));
}

TEST(SupervisionItemListing, RefusesEachBadFilterNamingIt) {
  v1::ListSupervisionItemsRequest r;
  r.set_page_size(-1);
  r.set_year(1999);
  r.set_area(static_cast<v1::SupervisionArea>(9));
  r.set_state(static_cast<v1::SupervisionItemState>(9));
  Validator v;
  ValidateListRequest(r, v);
  EXPECT_THAT(ViolatedFields(v.status()), UnorderedElementsAre("page_size", "year", "area", "state"));
}

TEST(SupervisionItemListing, AnyYearIsTheDefault) {
  v1::ListSupervisionItemsRequest r;
  Validator v;
  ValidateListRequest(r, v);
  EXPECT_TRUE(v.ok());
}

TEST(SupervisionItemLifecycle, MovesOneStepAtATimeAndKeepsEveryStep) {
  const absl::Time now = absl::FromUnixSeconds(1760000000);
  const ProblemTally none;
  SupervisionItem item = NewItem(GoodItem(), "congresses/hz/supervisionItems/i1", now, "staff-1");
  auto moved = ApplyAdvance(item, v1::SUPERVISION_ITEM_STATE_IN_PROGRESS, "", "", none, "staff-1", now);
  ASSERT_TRUE(moved.ok()) << moved.status();
  moved = ApplyAdvance(*moved, v1::SUPERVISION_ITEM_STATE_REPORTED, "", "报告全文", none, "staff-1", now);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->report(), "报告全文");
  moved = ApplyAdvance(*moved, v1::SUPERVISION_ITEM_STATE_REVIEWED, "审议意见", "", none, "leader-1", now);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->review_opinion(), "审议意见");
  ASSERT_EQ(moved->history_size(), 4);
  EXPECT_EQ(moved->history(3).from_state(), v1::SUPERVISION_ITEM_STATE_REPORTED);
  EXPECT_EQ(moved->history(3).actor(), "leader-1");
}

TEST(SupervisionItemLifecycle, AnIllegalMoveNamesTheState) {
  const absl::Time now = absl::UnixEpoch();
  SupervisionItem item = NewItem(GoodItem(), "congresses/hz/supervisionItems/i1", now);
  auto moved = ApplyAdvance(item, v1::SUPERVISION_ITEM_STATE_REVIEWED, "意见", "", ProblemTally(), "s", now);
  EXPECT_EQ(moved.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReason(moved.status()), "ILLEGAL_ITEM_TRANSITION");
  EXPECT_NE(moved.status().message().find("PLANNED"), std::string::npos) << moved.status();
  EXPECT_EQ(ApplyIssue(item, 1, "s", now).status().code(), absl::StatusCode::kFailedPrecondition)
      << "problems come after the review";
  EXPECT_EQ(ApplyAdvance(item, v1::SUPERVISION_ITEM_STATE_REPORTED, "", "", ProblemTally(), "s", now).status().code(),
            absl::StatusCode::kInvalidArgument)
      << "a report is required";
}

TEST(SupervisionItemLifecycle, FollowsItsProblemsToLookBackAndClosedAndBack) {
  const absl::Time now = absl::UnixEpoch();
  SupervisionItem item = NewItem(GoodItem(), "congresses/hz/supervisionItems/i1", now);
  item.set_state(v1::SUPERVISION_ITEM_STATE_RECTIFYING);
  EXPECT_FALSE(FollowProblems(item, ProblemTally{2, 1, 0}, now).has_value()) << "one problem still open";
  auto followed = FollowProblems(item, ProblemTally{2, 2, 1}, now);
  ASSERT_TRUE(followed.has_value());
  EXPECT_EQ(followed->state(), v1::SUPERVISION_ITEM_STATE_LOOK_BACK);
  EXPECT_EQ(FollowProblems(*followed, ProblemTally{2, 1, 1}, now)->state(), v1::SUPERVISION_ITEM_STATE_RECTIFYING)
      << "a reopened problem reopens the item";
  EXPECT_EQ(FollowProblems(*followed, ProblemTally{2, 2, 2}, now)->state(), v1::SUPERVISION_ITEM_STATE_CLOSED);
  item.set_state(v1::SUPERVISION_ITEM_STATE_REVIEWED);
  EXPECT_FALSE(FollowProblems(item, ProblemTally{2, 2, 2}, now).has_value()) << "only a rectifying item follows";
}

TEST(SupervisionItemLifecycle, StaffCloseOrLookBackOnlyWhenTheProblemsAllow) {
  const absl::Time now = absl::UnixEpoch();
  SupervisionItem item = NewItem(GoodItem(), "congresses/hz/supervisionItems/i1", now);
  item.set_state(v1::SUPERVISION_ITEM_STATE_RECTIFYING);
  auto early = ApplyAdvance(item, v1::SUPERVISION_ITEM_STATE_LOOK_BACK, "", "", ProblemTally{3, 2, 0}, "s", now);
  EXPECT_EQ(ErrorReason(early.status()), "PROBLEMS_NOT_DONE");
  EXPECT_TRUE(ApplyAdvance(item, v1::SUPERVISION_ITEM_STATE_LOOK_BACK, "", "", ProblemTally{3, 3, 0}, "s", now).ok());
  item.set_state(v1::SUPERVISION_ITEM_STATE_REVIEWED);
  EXPECT_TRUE(ApplyAdvance(item, v1::SUPERVISION_ITEM_STATE_CLOSED, "", "", ProblemTally(), "s", now).ok())
      << "a review that found nothing closes the item";
}

TEST(SupervisionItemParticipants, AddsEachDeputyOnceWithTheDayTheyJoined) {
  const absl::Time now = absl::UnixEpoch();
  SupervisionItem item = NewItem(GoodItem(), "congresses/hz/supervisionItems/i1", now);
  auto added = AddParticipants(item, {{"congresses/hz/deputies/a", "甲"}}, absl::CivilDay(2025, 3, 1), now);
  ASSERT_TRUE(added.ok());
  added = AddParticipants(*added, {{"congresses/hz/deputies/a", "甲"}, {"congresses/hz/deputies/b", "乙"}},
                          absl::CivilDay(2025, 4, 1), now);
  ASSERT_TRUE(added.ok());
  ASSERT_EQ(added->participants_size(), 2);
  EXPECT_EQ(added->participants(0).join_date().month(), 3) << "the first join stays";
  EXPECT_EQ(added->participants(1).display_name(), "乙");
  item.set_state(v1::SUPERVISION_ITEM_STATE_CLOSED);
  EXPECT_EQ(ErrorReason(AddParticipants(item, {}, absl::CivilDay(2025, 4, 1), now).status()), "ITEM_CLOSED");
}

TEST(SupervisionItemValidation, ParticipantsMustBeDeputiesOfTheCongressOnce) {
  SupervisionItem item = GoodItem();
  item.add_participants()->set_deputy("congresses/sh/deputies/a");
  item.add_participants()->set_deputy("congresses/hz/deputies/b");
  item.add_participants()->set_deputy("congresses/hz/deputies/b");
  item.add_overseen_bodies("Not An Id");
  Validator v;
  ValidateItemFields(item, v, "hz");
  EXPECT_THAT(ViolatedFields(v.status()),
              UnorderedElementsAre("supervision_item.participants[0].deputy", "supervision_item.participants[2].deputy",
                                   "supervision_item.overseen_bodies[0]"));
}

TEST(Escalation, LevelsRiseWithTheDaysLate) {
  const Date due = DateOfDay(absl::CivilDay(2025, 3, 10));
  EXPECT_EQ(EscalationLevelDue(due, absl::CivilDay(2025, 3, 10)), 0) << "due today is not late";
  EXPECT_EQ(EscalationLevelDue(due, absl::CivilDay(2025, 3, 11)), 1);
  EXPECT_EQ(EscalationLevelDue(due, absl::CivilDay(2025, 3, 24)), 1);
  EXPECT_EQ(EscalationLevelDue(due, absl::CivilDay(2025, 3, 25)), 2);
  EXPECT_EQ(EscalationLevelDue(due, absl::CivilDay(2025, 4, 9)), 3);
  EXPECT_EQ(EscalationLevelDue(due, absl::CivilDay(2026, 1, 1)), 3) << "at most 3";
}

}  // namespace
}  // namespace renda::supervision
