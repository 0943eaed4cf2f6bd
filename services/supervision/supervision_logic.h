#pragma once
// Pure rules of the supervision plan: what a valid supervision item is, the item as first
// stored, which indexes it is listed under. No gRPC, no Redis.

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "renda/supervision/v1/supervision.pb.h"
#include "services/common/validation.h"

namespace renda::supervision {

using v1::SupervisionItem;

// Checks the fields a client may set; field paths start with "supervision_item.".
void ValidateItemFields(const SupervisionItem& item, Validator& v);

// The item as first stored: the client's fields, PLANNED, the times. Output-only fields of
// `input` are ignored.
SupervisionItem NewItem(const SupervisionItem& input, const std::string& name, absl::Time now);

// The index names an item is listed under.
std::vector<std::string> ItemIndexes(const SupervisionItem& item);
// Checks the filters and the page size of a list request.
void ValidateListRequest(const v1::ListSupervisionItemsRequest& request, Validator& v);
// The indexes a list request must match (all of them).
std::vector<std::string> ListIndexes(const v1::ListSupervisionItemsRequest& request);
// A string that identifies the query of a list request, for page tokens.
std::string ListScope(const v1::ListSupervisionItemsRequest& request);

}  // namespace renda::supervision
