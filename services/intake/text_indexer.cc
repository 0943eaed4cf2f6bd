#include "services/intake/text_indexer.h"

#include <vector>

#include "renda/intake/v1/intake.pb.h"

namespace renda::intake {
namespace {
constexpr int kBatch = 500;
}  // namespace

Task<absl::StatusOr<int>> TextIndexer::CatchUp(std::string congress, const std::atomic<bool>* stop) const {
  CO_ASSIGN_OR_RETURN(std::string after, co_await store_->TextIndexCursor(congress));
  int indexed = 0;
  while (stop == nullptr || !stop->load()) {
    CO_ASSIGN_OR_RETURN(auto entries, co_await store_->FeedAfter(congress, after, kBatch));
    std::string saved = after;
    for (const auto& entry : entries) {
      after = entry.cursor;
      auto event = ParseChangeEvent(entry);
      v1::Opinion opinion;
      if (!event.ok() || event->change_type() != renda::type::v1::CHANGE_TYPE_CREATED ||
          !event->resource().UnpackTo(&opinion)) {
        continue;
      }
      CO_RETURN_IF_ERROR(co_await store_->IndexOpinionText(congress, std::move(opinion), after));
      ++indexed;
      saved = after;
    }
    // Only other events since the last opinion: the cursor moves past them.
    if (saved != after) CO_RETURN_IF_ERROR(co_await store_->MoveTextIndexCursor(congress, after));
    if (static_cast<int>(entries.size()) < kBatch) break;
  }
  co_return indexed;
}

}  // namespace renda::intake
