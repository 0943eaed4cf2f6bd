#pragma once
// The callback-era typed operations over the store kit, kept for the bulk loaders of bench/ and
// the store kit's own tests: services use the coroutine face, entities.h.

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "services/common/entities.h"
#include "services/common/errors.h"
#include "services/common/page_token.h"
#include "services/common/store.h"
#include "services/common/validation.h"

namespace renda {

// Where and how one entity is written.
struct PutSpec {
  std::string congress;
  std::string kind;  // key kind, e.g. "deputy"
  std::string id;
  bool create = false;
  int64_t expected_version = 0;
  std::vector<std::string> indexes;
  renda::type::v1::ChangeType change = renda::type::v1::CHANGE_TYPE_UPDATED;
  std::string actor;
  std::string request_id;
  std::string fingerprint;
  absl::Time now;
  // Other entities written in the same atomic step (e.g. the duty records a visit creates).
  std::vector<EntityStore::EntityWrite> also;
};

// The PutSpec of a new entity created by `actor` answering `request` (whose request id and
// fingerprint make a retry safe).
inline PutSpec CreateSpec(std::string congress, std::string kind, std::string id, std::vector<std::string> indexes,
                          std::string actor, const google::protobuf::Message& request,
                          std::string request_id, absl::Time now) {
  return PutSpec{std::move(congress), std::move(kind), std::move(id), /*create=*/true, 0, std::move(indexes),
                 renda::type::v1::CHANGE_TYPE_CREATED, std::move(actor), std::move(request_id),
                 Fingerprint(request), now, {}};
}

template <class T>
absl::StatusOr<T> ParseStored(const std::string& data) {
  return ParseEntity<T>(data);
}

// Reads one entity with its version; NOT_FOUND (reason <LABEL>_NOT_FOUND) when it does not exist.
template <class T>
void GetVersioned(EntityStore* store, absl::string_view label, absl::string_view kind,
                  absl::string_view congress, absl::string_view id, absl::string_view name,
                  Callback<std::pair<T, int64_t>> done) {
  store->Get(congress, kind, id,
             [done = std::move(done), label = std::string(label), name = std::string(name)](
                 absl::StatusOr<std::optional<EntityStore::Stored>> r) mutable {
               if (!r.ok()) return done(r.status());
               if (!r->has_value()) return done(NotFound(label, name));
               auto entity = ParseStored<T>((*r)->data);
               if (!entity.ok()) return done(entity.status());
               done(std::make_pair(*std::move(entity), (*r)->version));
             });
}

// Reads one entity (its etag is its version); NOT_FOUND when it does not exist.
template <class T>
void GetProto(EntityStore* store, absl::string_view label, absl::string_view kind, absl::string_view congress,
              absl::string_view id, absl::string_view name, Callback<T> done) {
  GetVersioned<T>(store, label, kind, congress, id, name,
                  [done = std::move(done)](absl::StatusOr<std::pair<T, int64_t>> got) mutable {
                    if (!got.ok()) return done(got.status());
                    done(std::move(got->first));
                  });
}

// One entity of a write, from its proto: sets the etag to the version it will have and makes its
// change event. For kEnsure entities the etag is "1" (they are written only when absent).
template <class T>
EntityStore::EntityWrite EntityWriteOf(T& entity, absl::string_view kind, absl::string_view id,
                                       EntityStore::WriteMode mode, int64_t expected_version,
                                       std::vector<std::string> indexes, absl::string_view actor,
                                       absl::string_view request_id, absl::Time now,
                                       renda::type::v1::ChangeType change = renda::type::v1::CHANGE_TYPE_UNSPECIFIED) {
  if (change == renda::type::v1::CHANGE_TYPE_UNSPECIFIED) {
    change = mode == EntityStore::WriteMode::kUpdate ? renda::type::v1::CHANGE_TYPE_UPDATED
                                                     : renda::type::v1::CHANGE_TYPE_CREATED;
  }
  entity.set_etag(std::to_string(expected_version + 1));
  EntityStore::EntityWrite w;
  w.kind = std::string(kind);
  w.id = std::string(id);
  w.mode = mode;
  w.expected_version = expected_version;
  w.data = entity.SerializeAsString();
  w.indexes = std::move(indexes);
  w.event = MakeChangeEvent(entity.name(), change, entity, w.data, actor, request_id, now);
  return w;
}

// Writes `entity` as the next version: sets its etag, appends the change event, records the
// request id, and writes `spec.also` in the same step. The result is the entity as stored (the
// first one, for a retried request id).
template <class T>
void PutProto(EntityStore* store, const PutSpec& spec, T entity, Callback<T> done) {
  EntityStore::Write w;
  w.congress = spec.congress;
  w.entities.push_back(EntityWriteOf(entity, spec.kind, spec.id,
                                     spec.create ? EntityStore::WriteMode::kCreate : EntityStore::WriteMode::kUpdate,
                                     spec.expected_version, spec.indexes, spec.actor, spec.request_id, spec.now,
                                     spec.change));
  for (const auto& other : spec.also) w.entities.push_back(other);
  w.request_id = spec.request_id;
  w.caller = spec.actor;
  w.fingerprint = spec.fingerprint;
  store->Put(std::move(w), [entity = std::move(entity), done = std::move(done)](
                               absl::StatusOr<EntityStore::Written> r) mutable {
    if (!r.ok()) return done(r.status());
    if (r->replayed) return done(ParseStored<T>(r->data));
    done(std::move(entity));
  });
}

// An entity the write depends on but does not change: the write is refused (ABORTED) unless it
// is still at `version`.
inline EntityStore::EntityWrite CheckOnly(absl::string_view kind, absl::string_view id, int64_t version) {
  EntityStore::EntityWrite w;
  w.kind = std::string(kind);
  w.id = std::string(id);
  w.mode = EntityStore::WriteMode::kCheck;
  w.expected_version = version;
  return w;
}

// One page of entities.
template <class T>
struct ProtoPage {
  std::vector<T> items;
  std::string next_page_token;
};

struct ListSpec {
  std::string congress;
  std::string kind;
  std::vector<std::string> indexes;
  std::string scope;  // identifies the query, so a token works only for the same query
  std::string page_token;
  int page_size = 0;  // 0 → 50
  bool descending = false;
};

// `until`: optional stop bound of the walk (EntityStore::Query::until), e.g. a time range.
template <class T>
void ListProtos(EntityStore* store, const PageTokenCodec& tokens, ListSpec spec,
                Callback<ProtoPage<T>> done, std::string until = "") {
  EntityStore::Query q;
  if (!spec.page_token.empty()) {
    auto after = tokens.Decode(spec.scope, spec.page_token);
    if (!after.ok()) return done(after.status());
    q.after = *std::move(after);
  }
  q.congress = spec.congress;
  q.kind = spec.kind;
  q.indexes = spec.indexes;
  q.page_size = spec.page_size == 0 ? 50 : spec.page_size;
  q.descending = spec.descending;
  q.until = std::move(until);
  store->List(std::move(q), [&tokens, scope = spec.scope, done = std::move(done)](
                                absl::StatusOr<EntityStore::Page> page) mutable {
    if (!page.ok()) return done(page.status());
    ProtoPage<T> out;
    out.items.reserve(page->data.size());
    for (const auto& data : page->data) {
      auto entity = ParseStored<T>(data);
      if (!entity.ok()) return done(entity.status());
      out.items.push_back(*std::move(entity));
    }
    if (!page->next_after.empty()) out.next_page_token = tokens.Encode(scope, page->next_after);
    done(std::move(out));
  });
}

}  // namespace renda
