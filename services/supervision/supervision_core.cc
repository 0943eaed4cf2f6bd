#include "services/supervision/supervision_core.h"

#include "services/common/names.h"
#include "services/common/validation.h"
#include "services/supervision/supervision_logic.h"

namespace renda::supervision {
namespace {
const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
}  // namespace

const AccessTable& SupervisionAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateSupervisionItem", kStaffRoles},
      {"GetSupervisionItem", kSignedIn},
      {"ListSupervisionItems", kSignedIn},
  };
  return *table;
}

Task<absl::StatusOr<v1::CreateSupervisionItemResponse>> SupervisionCore::CreateSupervisionItem(
    const Caller& caller, const v1::CreateSupervisionItemRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateItemFields(req.supervision_item(), v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  const absl::Time now = runtime_.clock->Now();
  const std::string name = store_->items.kind().NameOf(congress, NewTimeOrderedId(now));
  v1::CreateSupervisionItemResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_supervision_item(),
                      co_await store_->items.Create(NewItem(req.supervision_item(), name, now),
                                                    OriginOf(caller, req, now)));
  co_return resp;
}

Task<absl::StatusOr<v1::GetSupervisionItemResponse>> SupervisionCore::GetSupervisionItem(
    const Caller& caller, const v1::GetSupervisionItemRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), store_->items.kind().collection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  v1::GetSupervisionItemResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_supervision_item(), co_await store_->items.Get(name.congress, name.id));
  co_return resp;
}

Task<absl::StatusOr<v1::ListSupervisionItemsResponse>> SupervisionCore::ListSupervisionItems(
    const Caller& caller, const v1::ListSupervisionItemsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateListRequest(req, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  ListQuery query = PageQuery(congress, ListIndexes(req), ListScope(req), req);
  co_return co_await store_->items.ListInto(*runtime_.page_tokens, std::move(query), &v1::ListSupervisionItemsResponse::mutable_supervision_items);
}

}  // namespace renda::supervision
