#pragma once
// The typed, coroutine face of the store kit: one EntityKind per kind of entity (its key kind,
// collection, label and indexes, declared once in the service's <svc>_store.h) and Entities<T>
// to read, create, change and list entities of that kind with `co_await`. Every wait is bounded
// by the deadline of the calling task's scope.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "services/common/auth.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/page_token.h"
#include "services/common/store.h"
#include "services/common/task.h"

namespace renda {

// One kind of entity of a service.
template <class T>
struct EntityKind {
  std::string kind = {};        // in keys: "deputy"
  std::string collection = {};  // in resource names: "deputies"
  std::string label = {};       // in messages: "deputy" (and the reason DEPUTY_NOT_FOUND)
  // Every index an entity is in (none when unset).
  std::function<std::vector<std::string>(const T&)> indexes = {};
  // Where entities of this kind are kept when not in the congress their name starts with: the
  // registry keeps every congress and unit under one tag of its own, with the name after
  // `congresses/` as id (`hz`, `hz/units/hz-jtj`). Empty: in their congress, by the name's last
  // segment.
  std::string tenant = {};
  // For kinds named below another resource ("congresses/c/polls/p/responses/r"): the id an
  // entity is kept under, from its name (unique in the congress, e.g. "p.r"). Unset: the name's
  // last segment (or, with a tenant, the name after `congresses/`). Such kinds are read and
  // updated by name (FindNamed, ReadNamed, UpdateNamed).
  std::function<std::string(absl::string_view name)> key_id = {};

  // The resource name of the entity kept under `id` in `congress` (in `tenant`, see below).
  std::string NameOf(absl::string_view congress, absl::string_view id) const {
    if (!tenant.empty()) return absl::StrCat("congresses/", id);
    return ResourceNameOf(congress, collection, id);
  }
};

// An entity with the version it was read at (and the index keys it was in then).
template <class T>
struct Versioned {
  T entity;
  int64_t version = 0;
  std::vector<std::string> index_keys;
};

// Who writes, answering which request, when: what every write records.
struct WriteOrigin {
  std::string actor = {};        // the caller's subject
  std::string request_id = {};   // the caller's request id ("" for none)
  std::string fingerprint = {};  // of the request, to refuse a request id reused for another request
  absl::Time now = {};
};
inline WriteOrigin OriginOf(const Caller& caller, const google::protobuf::Message& request, absl::Time now) {
  return WriteOrigin{caller.subject(), caller.request_id, caller.request_id.empty() ? "" : Fingerprint(request), now};
}

template <class T>
absl::StatusOr<T> ParseEntity(const std::string& data) {
  T entity;
  if (!entity.ParseFromString(data)) return absl::InternalError("a stored entity could not be read");
  return entity;
}

// OK when `want_etag` is empty or is `version`; ABORTED (ETAG_MISMATCH) naming `name` otherwise.
absl::Status CheckEtag(absl::string_view name, absl::string_view want_etag, int64_t version);

// The congress and id of an entity name "congresses/{c}/{collection}/{id}" (as written by the
// service itself).
ResourceName SplitEntityName(absl::string_view name);

// One page of entities.
template <class T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;
};

// A list query over one kind's indexes.
struct ListQuery {
  std::string congress = {};
  std::vector<std::string> indexes = {};  // every one must contain the entity; at least one
  std::string scope = {};                 // identifies the query, so a token works only for the same one
  std::string page_token = {};
  int page_size = 0;  // 0 → 50
  bool descending = false;
  std::string until = {};  // optional stop bound of the walk (EntityStore::Query::until)
};

// Moves the items of a page that `keep` accepts (all, without it; it may also change them, e.g.
// redact them) into a response's repeated field, and its next page token into the response's.
template <class T>
void FillPage(Page<T> page, google::protobuf::RepeatedPtrField<T>* items, std::string* next_page_token,
              const std::function<bool(T&)>& keep = nullptr) {
  for (auto& item : page.items) {
    if (keep && !keep(item)) continue;
    *items->Add() = std::move(item);
  }
  *next_page_token = std::move(page.next_page_token);
}

// The query of a List request: the page its page_token and page_size ask for of the entities
// of `congress` every one of `indexes` holds; `scope` names the query, so that a page token
// works only for the same one.
template <class Request>
ListQuery PageQuery(std::string congress, std::vector<std::string> indexes, std::string scope, const Request& req) {
  return ListQuery{.congress = std::move(congress),
                   .indexes = std::move(indexes),
                   .scope = std::move(scope),
                   .page_token = req.page_token(),
                   .page_size = req.page_size()};
}

// Writes several entities (of any kinds) in one atomic step; the first is what the request is
// about. The result's `data` holds the first entity as first written for a replayed request id.
Task<absl::StatusOr<EntityStore::Written>> CommitWrites(EntityStore* store, std::string congress,
                                                        const WriteOrigin& origin,
                                                        std::vector<EntityStore::EntityWrite> writes);

// The first result of the caller's request id (std::nullopt when new; REQUEST_ID_REUSED when the
// id was used for another request), read before a read-modify-write recomputes a change.
Task<absl::StatusOr<std::optional<std::string>>> FindFirstResult(EntityStore* store, std::string congress,
                                                                  const WriteOrigin& origin);

template <class T>
class Entities {
 public:
  using Mutate = std::function<absl::StatusOr<T>(const T& current)>;
  using Also = std::function<absl::StatusOr<std::vector<EntityStore::EntityWrite>>(const T& current, const T& next)>;

  Entities(EntityStore* store, EntityKind<T> kind) : store_(store), kind_(std::move(kind)) {}
  const EntityKind<T>& kind() const { return kind_; }
  EntityStore* store() const { return store_; }

  // The entity with its version, or std::nullopt when it does not exist.
  Task<absl::StatusOr<std::optional<Versioned<T>>>> Find(std::string congress, std::string id) const {
    auto stored = co_await Await<absl::StatusOr<std::optional<EntityStore::Stored>>>(
        [&](Callback<std::optional<EntityStore::Stored>> done, const TaskScope* scope) {
          store_->Get(congress, kind_.kind, id, std::move(done), DeadlineOf(scope));
        });
    if (!stored.ok()) co_return stored.status();
    if (!stored->has_value()) co_return std::optional<Versioned<T>>();
    auto entity = ParseEntity<T>((*stored)->data);
    if (!entity.ok()) co_return entity.status();
    co_return std::optional<Versioned<T>>(
        Versioned<T>{*std::move(entity), (*stored)->version, std::move((*stored)->indexes)});
  }

  // The entity with its version; NOT_FOUND (<LABEL>_NOT_FOUND, naming it) when it does not exist.
  Task<absl::StatusOr<Versioned<T>>> Read(std::string congress, std::string id) const {
    std::string name = kind_.NameOf(congress, id);
    co_return co_await ReadAs(std::move(congress), std::move(id), std::move(name));
  }

  // Find and Read by the entity's resource name (the way to read kinds with a key_id).
  Task<absl::StatusOr<std::optional<Versioned<T>>>> FindNamed(std::string name) const {
    return Find(TenantOf(name), KeyIdOf(name));
  }
  Task<absl::StatusOr<Versioned<T>>> ReadNamed(std::string name) const {
    return ReadAs(TenantOf(name), KeyIdOf(name), name);
  }

  // The entity (its etag is its version); NOT_FOUND when it does not exist.
  Task<absl::StatusOr<T>> Get(std::string congress, std::string id) const {
    auto read = co_await Read(std::move(congress), std::move(id));
    if (!read.ok()) co_return read.status();
    co_return std::move(read->entity);
  }

  // ---- Pieces of an atomic write (for CommitWrites, or `also` of Create and Update). ----

  // A new entity (ALREADY_EXISTS when its id is taken); sets its etag.
  EntityStore::EntityWrite Created(T& entity, const WriteOrigin& origin) const {
    return WriteOf(entity, EntityStore::WriteMode::kCreate, 0, {}, origin, renda::type::v1::CHANGE_TYPE_CREATED);
  }
  // A new entity written only when its id is free (a record derived from a source, replayed).
  EntityStore::EntityWrite Ensured(T& entity, const WriteOrigin& origin) const {
    return WriteOf(entity, EntityStore::WriteMode::kEnsure, 0, {}, origin, renda::type::v1::CHANGE_TYPE_CREATED);
  }
  // The next version of an entity read as `from` (refused with ETAG_MISMATCH if it moved on).
  EntityStore::EntityWrite Changed(T& next, const Versioned<T>& from, const WriteOrigin& origin,
                                   renda::type::v1::ChangeType change = renda::type::v1::CHANGE_TYPE_UPDATED) const {
    return WriteOf(next, EntityStore::WriteMode::kUpdate, from.version, from.index_keys, origin, change);
  }
  // An entity the write depends on but does not change: refused unless still at its version.
  EntityStore::EntityWrite Checked(const Versioned<T>& at) const {
    EntityStore::EntityWrite w;
    w.kind = kind_.kind;
    w.id = KeyIdOf(at.entity.name());
    w.mode = EntityStore::WriteMode::kCheck;
    w.expected_version = at.version;
    return w;
  }

  // ---- Whole writes. ----

  // Creates `entity` (its name set), with `also` in the same step; answers it as stored (the
  // first result, for a retried request id).
  Task<absl::StatusOr<T>> Create(T entity, const WriteOrigin& origin,
                                 std::vector<EntityStore::EntityWrite> also = {}) const {
    std::vector<EntityStore::EntityWrite> writes;
    writes.push_back(Created(entity, origin));
    for (auto& w : also) writes.push_back(std::move(w));
    co_return co_await Commit(std::move(entity), origin, std::move(writes));
  }

  // Read-modify-write of the entity `id`: `mutate` computes the next state from the current one
  // (pure, so it may run again), `also` (optional) other entities to write in the same step. With
  // `want_etag` the entity must still be at that version (ETAG_MISMATCH otherwise); without, a
  // write between the read and ours makes it read again, at most `attempts` times. A request id
  // already answered gets its first result.
  Task<absl::StatusOr<T>> Update(std::string congress, std::string id, std::string want_etag,
                                 const WriteOrigin& origin, Mutate mutate, Also also = nullptr,
                                 int attempts = 3) const {
    return UpdateNamed(kind_.NameOf(congress, id), std::move(want_etag), origin, std::move(mutate), std::move(also),
                       attempts);
  }
  // The same for the entity named `name`.
  Task<absl::StatusOr<T>> UpdateNamed(std::string name, std::string want_etag, const WriteOrigin& origin,
                                      Mutate mutate, Also also = nullptr, int attempts = 3) const {
    auto first = co_await FirstAnswer(TenantOf(name), origin);
    if (!first.ok()) co_return first.status();
    if (first->has_value()) co_return **std::move(first);
    co_return co_await RetryOnConflict(want_etag.empty() ? attempts : 1, [&]() -> Task<absl::StatusOr<T>> {
      return UpdateOnce(name, want_etag, origin, mutate, also);
    });
  }

  // One read-modify-write of the entity named `name`, without the request-id check and without
  // trying again: for a caller that answers replays and retries the whole decision itself.
  // (Its parameters are values: the task may run after the caller's temporaries are gone.)
  Task<absl::StatusOr<T>> UpdateOnce(std::string name, std::string want_etag, WriteOrigin origin, Mutate mutate,
                                     Also also = nullptr) const {
    auto current = co_await ReadNamed(name);
    if (!current.ok()) co_return current.status();
    if (auto fresh = CheckEtag(name, want_etag, current->version); !fresh.ok()) co_return fresh;
    auto next = mutate(current->entity);
    if (!next.ok()) co_return next.status();
    std::vector<EntityStore::EntityWrite> writes;
    if (also) {
      auto more = also(current->entity, *next);
      if (!more.ok()) co_return more.status();
      writes.push_back(Changed(*next, *current, origin));
      for (auto& w : *more) writes.push_back(std::move(w));
    } else {
      writes.push_back(Changed(*next, *current, origin));
    }
    co_return co_await Commit(*std::move(next), origin, std::move(writes));
  }

  // What a write of this kind first answered the caller's request id with: std::nullopt when no
  // request id was given or it is new (REQUEST_ID_REUSED when it was used for another request).
  // A call that decides its writes itself asks this first, so that a retry has no second effect.
  Task<absl::StatusOr<std::optional<T>>> FirstAnswer(std::string congress, WriteOrigin origin) const {
    if (origin.request_id.empty()) co_return std::optional<T>();
    auto first = co_await FindFirstResult(store_, std::move(congress), origin);
    if (!first.ok()) co_return first.status();
    if (!first->has_value()) co_return std::optional<T>();
    auto entity = ParseEntity<T>(**first);
    if (!entity.ok()) co_return entity.status();
    co_return std::optional<T>(*std::move(entity));
  }

  // The end of a read-decide-write: commits `writes` in one atomic step (the first of them writes
  // `entity`, of this kind) and answers `entity`, or what the first write answered for a replayed
  // request id.
  Task<absl::StatusOr<T>> Commit(T entity, WriteOrigin origin, std::vector<EntityStore::EntityWrite> writes) const {
    auto written = co_await CommitWrites(store_, TenantOf(entity.name()), origin, std::move(writes));
    if (!written.ok()) co_return written.status();
    if (written->replayed) co_return ParseEntity<T>(written->data);
    co_return entity;
  }

  // One page of the entities every index of `query` holds, in id order.
  Task<absl::StatusOr<Page<T>>> List(const PageTokenCodec& tokens, ListQuery query) const {
    EntityStore::Query q = QueryOf(query);
    if (!query.page_token.empty()) {
      auto after = tokens.Decode(query.scope, query.page_token);
      if (!after.ok()) co_return after.status();
      q.after = *std::move(after);
    }
    auto page = co_await ReadPage(std::move(q));
    if (!page.ok()) co_return page.status();
    if (!page->next_page_token.empty()) page->next_page_token = tokens.Encode(query.scope, page->next_page_token);
    co_return page;
  }

  // The same as the List response `Response`: the page in its repeated field `items` (only those
  // `keep` keeps, when given) and its next_page_token.
  template <class Response>
  Task<absl::StatusOr<Response>> ListInto(const PageTokenCodec& tokens, ListQuery query,
                                          google::protobuf::RepeatedPtrField<T>* (Response::*items)(),
                                          std::function<bool(T&)> keep = nullptr) const {
    auto page = co_await List(tokens, std::move(query));
    if (!page.ok()) co_return page.status();
    Response resp;
    FillPage<T>(*std::move(page), (resp.*items)(), resp.mutable_next_page_token(), keep);
    co_return resp;
  }

  // The first page of `query` (no page token), for reads inside a call (the latest version...).
  Task<absl::StatusOr<std::vector<T>>> First(ListQuery query) const {
    auto page = co_await ReadPage(QueryOf(query));
    if (!page.ok()) co_return page.status();
    co_return std::move(page->items);
  }

  // Every entity `query` finds, page after page (at most `limit`; FAILED_PRECONDITION
  // TOO_MANY_TO_READ naming `what` beyond it, so one call's reads stay bounded).
  Task<absl::StatusOr<std::vector<T>>> ListAll(ListQuery query, size_t limit, std::string what) const {
    std::vector<T> all;
    EntityStore::Query q = QueryOf(query);
    if (query.page_size == 0) q.page_size = 500;
    for (;;) {
      auto page = co_await ReadPage(q);
      if (!page.ok()) co_return page.status();
      for (auto& item : page->items) all.push_back(std::move(item));
      if (all.size() > limit) {
        co_return MakeError(absl::StatusCode::kFailedPrecondition, "TOO_MANY_TO_READ",
                            absl::StrCat(what, ": more than ", limit, " ", kind_.collection, " to read in one call"));
      }
      if (page->next_page_token.empty()) co_return all;
      q.after = std::move(page->next_page_token);
    }
  }

 private:
  static absl::Time DeadlineOf(const TaskScope* scope) {
    return scope != nullptr ? scope->deadline : absl::InfiniteFuture();
  }

  // The id an entity is kept under (see EntityKind::tenant and key_id).
  std::string KeyIdOf(absl::string_view name) const {
    if (kind_.key_id) return kind_.key_id(name);
    if (!kind_.tenant.empty()) {
      absl::ConsumePrefix(&name, "congresses/");
      return std::string(name);
    }
    const size_t slash = name.rfind('/');
    return std::string(slash == absl::string_view::npos ? name : name.substr(slash + 1));
  }

  // Where the entity named `name` is kept: its congress, or the kind's tenant.
  std::string TenantOf(absl::string_view name) const {
    return kind_.tenant.empty() ? SplitEntityName(name).congress : kind_.tenant;
  }

  Task<absl::StatusOr<Versioned<T>>> ReadAs(std::string congress, std::string id, std::string name) const {
    auto found = co_await Find(std::move(congress), std::move(id));
    if (!found.ok()) co_return found.status();
    if (!found->has_value()) co_return NotFound(kind_.label, name);
    co_return **std::move(found);
  }

  EntityStore::Query QueryOf(const ListQuery& query) const {
    EntityStore::Query q;
    q.congress = query.congress;
    q.kind = kind_.kind;
    q.indexes = query.indexes;
    q.page_size = query.page_size == 0 ? 50 : query.page_size;
    q.descending = query.descending;
    q.until = query.until;
    return q;
  }

  // One page; its next_page_token is the raw position after it.
  Task<absl::StatusOr<Page<T>>> ReadPage(EntityStore::Query q) const {
    auto page = co_await Await<absl::StatusOr<EntityStore::Page>>(
        [&](Callback<EntityStore::Page> done, const TaskScope* scope) {
          store_->List(std::move(q), std::move(done), DeadlineOf(scope));
        });
    if (!page.ok()) co_return page.status();
    Page<T> out;
    out.items.reserve(page->data.size());
    for (const auto& data : page->data) {
      auto entity = ParseEntity<T>(data);
      if (!entity.ok()) co_return entity.status();
      out.items.push_back(*std::move(entity));
    }
    out.next_page_token = std::move(page->next_after);
    co_return out;
  }

  EntityStore::EntityWrite WriteOf(T& entity, EntityStore::WriteMode mode, int64_t expected_version,
                                   std::vector<std::string> previous_index_keys, const WriteOrigin& origin,
                                   renda::type::v1::ChangeType change) const {
    entity.set_etag(std::to_string(expected_version + 1));
    EntityStore::EntityWrite w;
    w.kind = kind_.kind;
    w.id = KeyIdOf(entity.name());
    w.mode = mode;
    w.expected_version = expected_version;
    w.data = entity.SerializeAsString();
    if (kind_.indexes) w.indexes = kind_.indexes(entity);
    w.event = MakeChangeEvent(entity.name(), change, entity, w.data, origin.actor, origin.request_id, origin.now);
    w.previous_index_keys = std::move(previous_index_keys);
    return w;
  }

  EntityStore* store_;
  EntityKind<T> kind_;
};


}  // namespace renda
