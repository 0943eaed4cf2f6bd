#pragma once
// Steps the representatives services' handlers share: the optional deputy filter of a list
// request, and reading an entity that belongs to one deputy for a caller who may see it.

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/common/auth.h"
#include "services/common/entity_ops.h"
#include "services/common/names.h"
#include "services/common/store.h"
#include "services/common/validation.h"
#include "services/representatives/duty_logic.h"
#include "services/representatives/duty_records.h"

namespace renda::representatives {

// Reads every entity `query` finds, page after page (query.page_size each, one bounded store
// call a page). After each page `check(read so far, whether more pages follow)` may stop the
// read with an error (a cap on how much one call reads).
template <class T>
void ReadPages(EntityStore* store, EntityStore::Query query, std::function<absl::Status(size_t, bool)> check,
               Callback<std::vector<T>> done, std::shared_ptr<std::vector<T>> acc = nullptr) {
  if (!acc) acc = std::make_shared<std::vector<T>>();
  EntityStore::Query q = query;
  store->List(std::move(q), [store, query = std::move(query), check = std::move(check), done = std::move(done),
                             acc](absl::StatusOr<EntityStore::Page> page) mutable {
    if (!page.ok()) return done(page.status());
    for (const auto& data : page->data) {
      auto entity = ParseStored<T>(data);
      if (!entity.ok()) return done(entity.status());
      acc->push_back(*std::move(entity));
    }
    const bool more = !page->next_after.empty();
    if (auto s = check(acc->size(), more); !s.ok()) return done(s);
    if (!more) return done(std::move(*acc));
    query.after = page->next_after;
    ReadPages<T>(store, std::move(query), std::move(check), std::move(done), std::move(acc));
  });
}

// The id of the deputy an optional `deputy` filter names ("" when it is unset). A malformed name,
// or one outside `congress` (the request's parent), is recorded in `v` as a violation of "deputy".
std::string ParseDeputyFilter(absl::string_view deputy, absl::string_view congress, Validator& v);

// Reads an entity of one deputy (a message with a `deputy` field) and answers it only when the
// caller may see that deputy's records (MaySeeDeputy); other callers get `denied`.
template <class T>
void GetDeputyOwned(EntityStore* store, absl::string_view label, absl::string_view kind, const ResourceName& name,
                    absl::string_view full_name, const Caller& caller, absl::Status denied, Callback<T> done) {
  GetProto<T>(store, label, kind, name.congress, name.id, full_name,
              [caller, congress = name.congress, denied = std::move(denied),
               done = std::move(done)](absl::StatusOr<T> entity) mutable {
                if (!entity.ok()) return done(entity.status());
                if (!MaySeeDeputy(caller, DeputyIdOf(congress, entity->deputy()))) return done(std::move(denied));
                done(std::move(entity));
              });
}

}  // namespace renda::representatives
