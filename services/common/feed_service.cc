#include "services/common/feed_service.h"

namespace renda {

const AccessTable& FeedAccess() {
  static const Roles kReaders = {Role::kStaff, Role::kAdmin, Role::kService};
  static const AccessTable* table = new AccessTable{{"ListChanges", kReaders}, {"WatchChanges", kReaders}};
  return *table;
}

Task<absl::StatusOr<renda::feed::v1::ListChangesResponse>> FeedCore::ListChanges(
    const Caller& caller, const renda::feed::v1::ListChangesRequest& req) {
  CO_ASSIGN_OR_RETURN(const std::string congress,
                      CheckFeedRequest(caller, req.parent(), req.after_cursor(), req.page_size()));
  const int count = req.page_size() == 0 ? 100 : req.page_size();
  auto entries = co_await Await<absl::StatusOr<std::vector<EntityStore::FeedEntry>>>(
      [&](Callback<std::vector<EntityStore::FeedEntry>> done, const TaskScope* scope) {
        store_->ReadFeed(congress, req.after_cursor(), count, std::move(done),
                         scope != nullptr ? scope->deadline : absl::InfiniteFuture());
      });
  if (!entries.ok()) co_return entries.status();
  renda::feed::v1::ListChangesResponse resp;
  resp.set_next_cursor(req.after_cursor());
  for (const auto& entry : *entries) {
    CO_ASSIGN_OR_RETURN(auto event, ParseChangeEvent(entry));
    if (redact_) redact_(event, caller);
    *resp.add_events() = std::move(event);
    resp.set_next_cursor(entry.cursor);
  }
  co_return resp;
}

ChangeFeedService::ChangeFeedService(const Runtime& runtime, std::string prefix, std::string name,
                                     EventRedactor redact)
    : runtime_(runtime),
      store_(runtime.redis, std::move(prefix)),
      redact_(std::move(redact)),
      core_(&store_, redact_),
      runner_(std::move(name), &FeedAccess(), runtime.auth) {}

}  // namespace renda
