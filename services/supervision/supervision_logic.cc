#include "services/supervision/supervision_logic.h"
#include "services/common/time_util.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace renda::supervision {
namespace {

constexpr int kFirstYear = 2000;
constexpr int kLastYear = 2100;

}  // namespace

void ValidateItemFields(const SupervisionItem& item, Validator& v) {
  v.Text("supervision_item.title", item.title(), 200, true)
      .Text("supervision_item.description", item.description(), 5000, false)
      .Enum("supervision_item.area", item.area(), v1::SupervisionArea_descriptor(), true)
      .Enum("supervision_item.form", item.form(), v1::SupervisionForm_descriptor(), true)
      .Text("supervision_item.responsible_body", item.responsible_body(), 128, false);
  if (item.year() == 0) {
    v.Add("supervision_item.year", "is required");
  } else {
    v.Range("supervision_item.year", item.year(), kFirstYear, kLastYear, false);
  }
}

SupervisionItem NewItem(const SupervisionItem& input, const std::string& name, absl::Time now) {
  SupervisionItem item;
  item.set_name(name);
  item.set_title(input.title());
  item.set_description(input.description());
  item.set_area(input.area());
  item.set_form(input.form());
  item.set_year(input.year());
  item.set_responsible_body(input.responsible_body());
  item.set_state(v1::SUPERVISION_ITEM_STATE_PLANNED);
  *item.mutable_create_time() = ToProtoTime(now);
  *item.mutable_update_time() = ToProtoTime(now);
  return item;
}

std::vector<std::string> ItemIndexes(const SupervisionItem& item) {
  return {"items", absl::StrCat("items:year:", item.year()),
          absl::StrCat("items:area:", static_cast<int>(item.area())),
          absl::StrCat("items:state:", static_cast<int>(item.state()))};
}

void ValidateListRequest(const v1::ListSupervisionItemsRequest& r, Validator& v) {
  v.PageSize("page_size", r.page_size(), 500)
      .Range("year", r.year(), kFirstYear, kLastYear, /*allow_zero=*/true)
      .Enum("area", r.area(), v1::SupervisionArea_descriptor(), false)
      .Enum("state", r.state(), v1::SupervisionItemState_descriptor(), false);
}

std::vector<std::string> ListIndexes(const v1::ListSupervisionItemsRequest& r) {
  std::vector<std::string> out;
  if (r.year() != 0) out.push_back(absl::StrCat("items:year:", r.year()));
  if (r.area() != v1::SUPERVISION_AREA_UNSPECIFIED) out.push_back(absl::StrCat("items:area:", static_cast<int>(r.area())));
  if (r.state() != v1::SUPERVISION_ITEM_STATE_UNSPECIFIED) {
    out.push_back(absl::StrCat("items:state:", static_cast<int>(r.state())));
  }
  // With a filter, the "all" index adds nothing; the filters alone decide.
  if (out.empty()) out.push_back("items");
  return out;
}

std::string ListScope(const v1::ListSupervisionItemsRequest& r) {
  return absl::StrCat("ListSupervisionItems|", r.parent(), "|", absl::StrJoin(ListIndexes(r), "|"));
}

}  // namespace renda::supervision
