#include "services/common/entities.h"

#include "absl/strings/str_split.h"

namespace renda {

absl::Status CheckEtag(absl::string_view name, absl::string_view want_etag, int64_t version) {
  if (want_etag.empty() || want_etag == std::to_string(version)) return absl::OkStatus();
  return MakeError(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                   absl::StrCat(name, " was changed since you read it (etag ", want_etag, ", now ", version,
                                "); read it again and retry"));
}

ResourceName SplitEntityName(absl::string_view name) {
  // congresses/{congress}/{collection}/{id}
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  ResourceName out;
  if (parts.size() >= 2) out.congress = std::string(parts[1]);
  if (parts.size() >= 4) out.id = std::string(parts.back());
  return out;
}

Task<absl::StatusOr<EntityStore::Written>> CommitWrites(EntityStore* store, std::string congress,
                                                        const WriteOrigin& origin,
                                                        std::vector<EntityStore::EntityWrite> writes) {
  EntityStore::Write w;
  w.congress = std::move(congress);
  w.entities = std::move(writes);
  w.request_id = origin.request_id;
  w.caller = origin.actor;
  w.fingerprint = origin.fingerprint;
  co_return co_await Await<absl::StatusOr<EntityStore::Written>>(
      [&](Callback<EntityStore::Written> done, const TaskScope* scope) {
        store->Put(std::move(w), std::move(done), scope != nullptr ? scope->deadline : absl::InfiniteFuture());
      });
}

Task<absl::StatusOr<std::optional<std::string>>> FindFirstResult(EntityStore* store, std::string congress,
                                                                  const WriteOrigin& origin) {
  co_return co_await Await<absl::StatusOr<std::optional<std::string>>>(
      [&](Callback<std::optional<std::string>> done, const TaskScope* scope) {
        store->FindReplay(congress, origin.actor, origin.request_id, origin.fingerprint, std::move(done),
                          scope != nullptr ? scope->deadline : absl::InfiniteFuture());
      });
}

}  // namespace renda
