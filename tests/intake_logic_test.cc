// Unit tests of the opinion intake rules: classification, tracking codes, validation, indexes
// and what each caller may see. No gRPC, no Redis.
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"
#include "services/intake/embedded_taxonomy.h"
#include "services/intake/opinion_logic.h"

namespace renda::intake {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// The fields named by the violations of `status`.
std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> out;
  for (const auto& v : FieldViolations(status)) out.push_back(v.field);
  return out;
}

absl::Status ValidateOpinion(const Opinion& o) {
  Validator v;
  ValidateSubmittedOpinion(o, v);
  return v.status();
}

Opinion GoodOpinion() {
  Opinion o;
  o.set_title("路口拥堵");
  o.set_content("早高峰拥堵严重,建议优化信号灯配时。");
  o.set_channel(v1::CHANNEL_ONLINE);
  o.set_district("hz-xihu");
  o.mutable_submitter()->set_display_name("王小明");
  o.mutable_submitter()->set_phone("13800000000");
  return o;
}

Caller CallerWith(Role role) {
  Caller c;
  c.anonymous = false;
  c.claims.subject = "someone";
  c.claims.roles = {role};
  c.claims.congress = "hz";
  return c;
}

TEST(OpinionTaxonomy, CompiledInTaxonomyParsesWithItsCategoriesInFileOrder) {
  auto taxonomy = ParseTaxonomy(EmbeddedTaxonomyJson());
  ASSERT_TRUE(taxonomy.ok()) << taxonomy.status();
  ASSERT_GE(taxonomy->categories.size(), 2u);
  EXPECT_EQ(taxonomy->categories.front().id, "traffic");
  EXPECT_EQ(taxonomy->categories.front().name, "交通出行");
  EXPECT_THAT(taxonomy->categories.front().keywords, Contains("红绿灯"));
  EXPECT_EQ(EmbeddedTaxonomy().categories.size(), taxonomy->categories.size());
}

TEST(OpinionTaxonomy, RefusesMalformedTaxonomiesNamingTheBadMember) {
  EXPECT_FALSE(ParseTaxonomy("not json").ok());
  auto no_list = ParseTaxonomy(R"({"categories": {}})");
  EXPECT_THAT(no_list.status().message(), ::testing::HasSubstr("categories"));
  auto empty_keyword = ParseTaxonomy(R"({"categories": [{"id": "a", "name": "A", "keywords": [""]}]})");
  EXPECT_THAT(empty_keyword.status().message(), ::testing::HasSubstr("categories[0].keywords[0]"));
  auto bad_id = ParseTaxonomy(R"({"categories": [{"id": "Not An Id", "name": "A", "keywords": []}]})");
  EXPECT_THAT(bad_id.status().message(), ::testing::HasSubstr("categories[0].id"));
  auto repeated = ParseTaxonomy(
      R"({"categories": [{"id": "a", "name": "A", "keywords": []}, {"id": "a", "name": "B", "keywords": []}]})");
  EXPECT_THAT(repeated.status().message(), ::testing::HasSubstr("categories[1].id"));
}

// Sample texts from the project's reference data (sample-opinions.tsv), with their category.
struct Sample {
  const char* category;
  const char* text;
};
constexpr Sample kSamples[] = {
    {"traffic", "文三路与学院路交叉口早高峰拥堵严重,左转信号灯时间太短,建议优化信号灯配时。"},
    {"traffic", "学校门口接送时段车辆乱停,孩子过马路有危险,建议设置临时停车区并安排交警疏导。"},
    {"urban", "我们是老旧小区,六层楼没有电梯,老人上下楼困难,加装电梯的审批流程希望简化。"},
    {"urban", "道路施工半年多还没完工,围挡占道,晚上施工噪音很大,影响休息。"},
    {"environment", "附近工厂夜间排放刺激性异味,窗户都不敢开,多次反映没有改善。"},
    {"environment", "楼下餐馆油烟直排,油烟净化器形同虚设,请相关部门检查。"},
    {"education", "新建小区入住家庭多,周边小学学位紧张,孩子要跨区上学,建议增建学校。"},
    {"health", "大医院专家号很难挂,线上放号几秒就没了,建议优化预约规则。"},
    {"social", "养老院床位紧张,排队一年多还没有入住,希望增加公办养老床位。"},
    {"employment", "在工地干了三个月,包工头拖欠工资至今未付,请帮忙协调追讨。"},
    {"housing", "公租房小区公共设施老化,电梯经常故障,物业维修不及时。"},
    {"market", "健身房关门跑路,预付卡里还有几千元无法退费,请监管部门介入。"},
    {"safety", "小区燃气管道老化,闻到燃气味道,担心燃气泄漏,请尽快排查。"},
    {"rural", "村里宅基地审批慢,建房申请提交几个月了没有回复。"},
    {"services", "办理不动产登记要跑多次,材料重复提交,希望实现线上办理一次办结。"},
};

TEST(OpinionClassification, SuggestsTheCategoryOfSampleOpinions) {
  const Taxonomy& taxonomy = EmbeddedTaxonomy();
  for (const Sample& s : kSamples) {
    EXPECT_EQ(ClassifyOpinion(taxonomy, "", s.text), s.category) << s.text;
  }
}

TEST(OpinionClassification, CountsKeywordsInTheTitleToo) {
  EXPECT_EQ(ClassifyOpinion(EmbeddedTaxonomy(), "公交线路太少", "希望增加班次。"), "traffic");
}

TEST(OpinionClassification, LeavesTheCategoryEmptyWhenNoKeywordOccurs) {
  EXPECT_EQ(ClassifyOpinion(EmbeddedTaxonomy(), "建议", "菜市场部分摊位缺斤少两,希望增设公平秤并加强检查。"), "");
}

TEST(OpinionClassification, TheCategoryWithMostOccurrencesWins) {
  Taxonomy t;
  t.categories = {{"a", "A", {"x"}}, {"b", "B", {"y", "z"}}};
  EXPECT_EQ(ClassifyOpinion(t, "x", "y z"), "b");
  EXPECT_EQ(ClassifyOpinion(t, "x x", "x y z"), "a");
}

TEST(OpinionClassification, TiesGoToTheCategoryEarlierInTheTaxonomy) {
  // 停车 and 公交 (traffic) tie with 西湖 and 景区 (culture); traffic comes first.
  EXPECT_EQ(ClassifyOpinion(EmbeddedTaxonomy(), "", "节假日西湖景区周边停车难、游客多,建议增加接驳公交。"),
            "traffic");
  Taxonomy t;
  t.categories = {{"b", "B", {"y"}}, {"a", "A", {"x"}}};
  EXPECT_EQ(ClassifyOpinion(t, "", "x y"), "b");
}

TEST(OpinionClassification, NoMatchSpansTitleAndContent) {
  Taxonomy t;
  t.categories = {{"a", "A", {"ab"}}};
  EXPECT_EQ(ClassifyOpinion(t, "a", "b"), "");
}

TEST(TrackingCode, UsesSixteenUnambiguousCharacters) {
  for (int i = 0; i < 1000; ++i) {
    const std::string code = NewTrackingCode();
    ASSERT_EQ(code.size(), 16u);
    for (char c : code) {
      EXPECT_NE(kTrackingCodeAlphabet.find(c), absl::string_view::npos) << code;
      EXPECT_TRUE(c != '0' && c != 'O' && c != '1' && c != 'I') << code;
    }
  }
}

TEST(TrackingCode, CodesAreUnique) {
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < 100000; ++i) ASSERT_TRUE(seen.insert(NewTrackingCode()).second);
}

TEST(TrackingCode, EveryCharacterOfTheAlphabetCanOccur) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  absl::flat_hash_set<char> used;
  for (size_t at = 0; at + kTrackingCodeLength <= bytes.size(); at += kTrackingCodeLength) {
    for (char c : TrackingCodeFromBytes(absl::string_view(bytes).substr(at))) used.insert(c);
  }
  EXPECT_EQ(used.size(), kTrackingCodeAlphabet.size());
}

TEST(OpinionValidation, AcceptsAGoodOpinion) { EXPECT_TRUE(ValidateOpinion(GoodOpinion()).ok()); }

TEST(OpinionValidation, AcceptsAnAnonymousOpinionWithoutDistrict) {
  Opinion o = GoodOpinion();
  o.clear_submitter();
  o.clear_district();
  EXPECT_TRUE(ValidateOpinion(o).ok());
}

TEST(OpinionValidation, RefusesAnEmptyOpinionNamingEveryRequiredField) {
  absl::Status s = ValidateOpinion(Opinion());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(s), "INVALID_REQUEST");
  EXPECT_THAT(ViolatedFields(s), UnorderedElementsAre("opinion.title", "opinion.content", "opinion.channel"));
}

TEST(OpinionValidation, RefusesEachBadFieldNamingIt) {
  struct Case {
    const char* field;
    void (*spoil)(Opinion&);
  };
  const Case cases[] = {
      {"opinion.title", [](Opinion& o) { o.set_title(std::string(101, 'x')); }},
      {"opinion.title", [](Opinion& o) { o.set_title("   "); }},
      {"opinion.title", [](Opinion& o) { o.set_title("bad\x01title"); }},
      {"opinion.content", [](Opinion& o) { o.set_content(std::string(5001, 'x')); }},
      {"opinion.content", [](Opinion& o) { o.set_content("\xff\xfe"); }},
      {"opinion.channel", [](Opinion& o) { o.set_channel(v1::CHANNEL_UNSPECIFIED); }},
      {"opinion.channel", [](Opinion& o) { o.set_channel(static_cast<v1::Channel>(99)); }},
      {"opinion.district", [](Opinion& o) { o.set_district("Xi Hu"); }},
      {"opinion.submitter.display_name", [](Opinion& o) { o.mutable_submitter()->set_display_name(std::string(65, 'x')); }},
      {"opinion.submitter.phone", [](Opinion& o) { o.mutable_submitter()->set_phone(std::string(33, '1')); }},
      {"opinion.submitter.email", [](Opinion& o) { o.mutable_submitter()->set_email(std::string(129, 'a')); }},
  };
  for (const Case& c : cases) {
    Opinion o = GoodOpinion();
    c.spoil(o);
    EXPECT_THAT(ViolatedFields(ValidateOpinion(o)), UnorderedElementsAre(c.field)) << c.field;
  }
}

TEST(OpinionValidation, CountsCharactersNotBytes) {
  Opinion o = GoodOpinion();
  std::string title;
  for (int i = 0; i < 100; ++i) title += "字";  // 100 characters, 300 bytes
  o.set_title(title);
  EXPECT_TRUE(ValidateOpinion(o).ok());
}

TEST(NewOpinion, StartsReceivedWithSuggestedCategoryAndTrackingCode) {
  Opinion input = GoodOpinion();
  input.set_state(v1::OPINION_STATE_CLOSED);  // output only: ignored
  input.set_category("housing");              // output only: ignored
  input.set_tracking_code("CHOSEN");          // output only: ignored
  const absl::Time now = absl::FromUnixSeconds(1760000000);
  Opinion o = NewOpinion(input, "congresses/hz/opinions/x1", EmbeddedTaxonomy(), "ABCDEFGHJKLMNPQR", Caller(), now);
  EXPECT_EQ(o.name(), "congresses/hz/opinions/x1");
  EXPECT_EQ(o.state(), v1::OPINION_STATE_RECEIVED);
  EXPECT_EQ(o.category(), "traffic");
  EXPECT_EQ(o.tracking_code(), "ABCDEFGHJKLMNPQR");
  EXPECT_EQ(o.title(), input.title());
  EXPECT_EQ(o.submitter().phone(), "13800000000");
  EXPECT_EQ(o.create_time().seconds(), 1760000000);
  EXPECT_EQ(o.update_time().seconds(), 1760000000);
}

TEST(OpinionListing, AnOpinionIsListedUnderEachOfItsFilters) {
  Opinion o = NewOpinion(GoodOpinion(), "congresses/hz/opinions/x1", EmbeddedTaxonomy(), "C", Caller(), absl::UnixEpoch());
  const std::vector<std::string> indexes = OpinionIndexes(o);
  for (const char* want : {"opinions", "opinions:state:1", "opinions:channel:1", "opinions:district:hz-xihu",
                           "opinions:category:traffic", "opinions:track:C"}) {
    EXPECT_NE(std::find(indexes.begin(), indexes.end(), want), indexes.end()) << want;
  }
  const std::vector<std::string> text = OpinionTextIndexes(o);
  EXPECT_NE(std::find(text.begin(), text.end(), "opinions:text:2:拥堵"), text.end())
      << "the text search lists it under each pair of adjacent characters";
  v1::ListOpinionsRequest r;
  r.set_parent("congresses/hz");
  EXPECT_THAT(ListIndexes(r), UnorderedElementsAre("opinions"));
  r.set_state(v1::OPINION_STATE_RECEIVED);
  r.set_category("traffic");
  EXPECT_THAT(ListIndexes(r), UnorderedElementsAre("opinions:state:1", "opinions:category:traffic"));
}

TEST(OpinionListing, ACaseIsUnderTheDueDayOfItsNextTimedStepUntilALeaderHasIt) {
  Opinion o = NewOpinion(GoodOpinion(), "congresses/hz/opinions/x1", EmbeddedTaxonomy(), "C", Caller(), absl::UnixEpoch());
  EXPECT_EQ(DueDay(o), std::nullopt) << "a received case has no deadline";
  // Due at the end of Thursday 2025-10-16 China time: the reminder falls due on the 17th.
  o.set_state(v1::OPINION_STATE_IN_PROGRESS);
  o.mutable_deadline()->set_seconds(absl::ToUnixSeconds(absl::FromCivil(absl::CivilDay(2025, 10, 17), absl::FixedTimeZone(8 * 3600))));
  EXPECT_EQ(DueDay(o), absl::CivilDay(2025, 10, 17));
  EXPECT_THAT(OpinionIndexes(o), Contains("opinions:due:20251017"));
  o.set_escalation_level(v1::ESCALATION_LEVEL_SUPERVISED);
  EXPECT_EQ(DueDay(o), absl::CivilDay(2025, 10, 17)) << "the leader step is still to come";
  o.set_escalation_level(v1::ESCALATION_LEVEL_LEADER);
  EXPECT_EQ(DueDay(o), std::nullopt);
  // Replied at 23:30 on 2025-11-03 China time with a 15-day feedback period: due on the 18th.
  o.set_state(v1::OPINION_STATE_REPLIED);
  o.mutable_feedback_due_time()->set_seconds(
      absl::ToUnixSeconds(absl::FromCivil(absl::CivilSecond(2025, 11, 18, 23, 30, 0), absl::FixedTimeZone(8 * 3600))));
  EXPECT_EQ(DueDay(o), absl::CivilDay(2025, 11, 18));
  o.set_state(v1::OPINION_STATE_CLOSED);
  EXPECT_EQ(DueDay(o), std::nullopt);
  for (const auto& ix : OpinionIndexes(o)) EXPECT_FALSE(absl::StartsWith(ix, "opinions:due:")) << ix;
}

TEST(OpinionListing, DifferentFiltersHaveDifferentPageTokenScopes) {
  v1::ListOpinionsRequest a, b;
  a.set_parent("congresses/hz");
  b.set_parent("congresses/hz");
  b.set_district("hz-xihu");
  EXPECT_NE(ListScope(a), ListScope(b));
}

TEST(OpinionListing, RefusesEachBadFilterNamingIt) {
  v1::ListOpinionsRequest r;
  r.set_page_size(501);
  r.set_state(static_cast<v1::OpinionState>(42));
  r.set_channel(static_cast<v1::Channel>(42));
  r.set_district("HZ");
  r.set_category("交通");
  Validator v;
  ValidateListRequest(r, v);
  EXPECT_THAT(ViolatedFields(v.status()), UnorderedElementsAre("page_size", "state", "channel", "district", "category"));
}

TEST(OpinionRedaction, OnlyStaffAndAdminSeeContactDataAndTrackingCode) {
  const Opinion stored =
      NewOpinion(GoodOpinion(), "congresses/hz/opinions/x1", EmbeddedTaxonomy(), "ABCDEFGHJKLMNPQR", Caller(), absl::UnixEpoch());
  for (Role role : {Role::kStaff, Role::kAdmin}) {
    Opinion o = stored;
    RedactForCaller(o, CallerWith(role));
    EXPECT_EQ(o.submitter().phone(), "13800000000");
    EXPECT_EQ(o.tracking_code(), "ABCDEFGHJKLMNPQR");
  }
  for (Role role : {Role::kLeader, Role::kService}) {
    Opinion o = stored;
    RedactForCaller(o, CallerWith(role));
    EXPECT_FALSE(o.has_submitter());
    EXPECT_THAT(o.tracking_code(), IsEmpty());
    EXPECT_EQ(o.content(), stored.content());
  }
}

}  // namespace
}  // namespace renda::intake
