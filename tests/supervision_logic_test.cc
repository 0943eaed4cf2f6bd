// Unit tests of the supervision plan rules: validation, the item as first stored, indexes.
// No gRPC, no Redis.
#include <string>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/errors.h"
#include "services/supervision/supervision_logic.h"

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

}  // namespace
}  // namespace renda::supervision
