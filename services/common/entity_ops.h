#pragma once
// Typed operations on protobuf entities over the store kit, shared by every service: get by
// name, create, read-modify-write update with etag checks, and paged lists with signed tokens.

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "google/protobuf/repeated_ptr_field.h"
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

// The PutSpec of a change to an existing entity (UpdateProto fills in the version and indexes).
inline PutSpec ChangeSpec(std::string congress, std::string kind, std::string id, std::string actor,
                          const google::protobuf::Message& request, std::string request_id, absl::Time now) {
  return PutSpec{std::move(congress), std::move(kind), std::move(id), /*create=*/false, 0, {},
                 renda::type::v1::CHANGE_TYPE_UPDATED, std::move(actor), std::move(request_id),
                 Fingerprint(request), now, {}};
}

template <class T>
absl::StatusOr<T> ParseStored(const std::string& data) {
  T entity;
  if (!entity.ParseFromString(data)) return absl::InternalError("a stored entity could not be read");
  return entity;
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

// Ends an RPC with an entity: on success it is redacted (when `redact` is set), moved into the
// response field `out`, and the call finishes OK; on failure the call finishes with the error.
template <class T>
Callback<T> FinishWith(T* out, absl::AnyInvocable<void(absl::Status)> finish,
                       std::function<void(T&)> redact = nullptr) {
  return [out, finish = std::move(finish), redact = std::move(redact)](absl::StatusOr<T> entity) mutable {
    if (!entity.ok()) return finish(entity.status());
    if (redact) redact(*entity);
    *out = *std::move(entity);
    finish(absl::OkStatus());
  };
}

// FinishWith for an entity as stored (the bytes a write answers with): parsed, then as FinishWith.
template <class T>
Callback<std::string> FinishWithStored(T* out, absl::AnyInvocable<void(absl::Status)> finish,
                                       std::function<void(T&)> redact = nullptr) {
  return [then = FinishWith<T>(out, std::move(finish), std::move(redact))](absl::StatusOr<std::string> data) mutable {
    if (!data.ok()) return then(data.status());
    then(ParseStored<T>(*data));
  };
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

// Read-modify-write: reads the entity, checks `want_etag` (when given), lets `mutate` compute
// the new state, writes it guarded by the version read. When someone else wrote in between
// and the caller gave no etag, it reads again and retries (a few times); with an etag it
// answers ABORTED.
template <class T>
struct UpdatePlan {
  PutSpec spec;  // create=false; expected_version filled in here
  std::string label;
  std::string name;
  std::string want_etag;
  std::function<absl::StatusOr<T>(const T& current)> mutate;
  std::function<std::vector<std::string>(const T& next)> indexes;
  // Optional: other entities to write in the same step, from the state before and after.
  std::function<std::vector<EntityStore::EntityWrite>(const T& current, const T& next)> also;
  // How many times to re-read and retry when someone else wrote in between (no etag given).
  // Raise it for entities many callers change at once (an activity's sign-ups).
  int attempts = 3;
};

// A plan for the change `spec` (see ChangeSpec) of the entity that `label` and `name` name in
// errors, guarded by `want_etag` when one is given; the caller sets mutate and indexes (and also,
// attempts).
template <class T>
std::shared_ptr<UpdatePlan<T>> NewUpdatePlan(PutSpec spec, std::string label, std::string name,
                                             std::string want_etag = "") {
  auto plan = std::make_shared<UpdatePlan<T>>();
  plan->spec = std::move(spec);
  plan->label = std::move(label);
  plan->name = std::move(name);
  plan->want_etag = std::move(want_etag);
  return plan;
}

template <class T>
void UpdateProto(EntityStore* store, std::shared_ptr<UpdatePlan<T>> plan, Callback<T> done,
                 int attempts_left = -1) {
  if (attempts_left < 0) {
    // First call. A request with a request id that was already answered gets the first result,
    // instead of the change applied again to the current state (a retried "sign me up" must
    // answer as the first time did, not "already signed up").
    const int attempts = plan->attempts;
    if (plan->spec.request_id.empty()) return UpdateProto<T>(store, std::move(plan), std::move(done), attempts);
    const PutSpec& spec = plan->spec;
    return store->FindReplay(
        spec.congress, spec.actor, spec.request_id, spec.fingerprint,
        [store, plan, done = std::move(done)](absl::StatusOr<std::optional<std::string>> first) mutable {
          if (!first.ok()) return done(first.status());
          if (first->has_value()) return done(ParseStored<T>(**first));
          UpdateProto<T>(store, plan, std::move(done), plan->attempts);
        });
  }
  GetVersioned<T>(store, plan->label, plan->spec.kind, plan->spec.congress, plan->spec.id, plan->name,
              [store, plan, attempts_left, done = std::move(done)](
                  absl::StatusOr<std::pair<T, int64_t>> got) mutable {
                if (!got.ok()) return done(got.status());
                auto& [current, version] = *got;
                if (!plan->want_etag.empty() && plan->want_etag != std::to_string(version)) {
                  return done(MakeError(absl::StatusCode::kAborted, "ETAG_MISMATCH",
                                        absl::StrCat(plan->name, " was changed since you read it (etag ",
                                                     plan->want_etag, ", now ", version,
                                                     "); read it again and retry")));
                }
                auto next = plan->mutate(current);
                if (!next.ok()) return done(next.status());
                PutSpec spec = plan->spec;
                spec.expected_version = version;
                spec.indexes = plan->indexes(*next);
                if (plan->also) spec.also = plan->also(current, *next);
                PutProto<T>(store, spec, *std::move(next),
                            [store, plan, attempts_left, done = std::move(done)](absl::StatusOr<T> r) mutable {
                              if (!r.ok() && r.status().code() == absl::StatusCode::kAborted &&
                                  plan->want_etag.empty() && attempts_left > 1) {
                                return UpdateProto<T>(store, plan, std::move(done), attempts_left - 1);
                              }
                              done(std::move(r));
                            });
              });
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

// Ends a list RPC with a page: each entity that `keep` accepts (all, without it; it may also
// change the entity, e.g. redact it) is moved into the response's repeated field `out`, the next
// page token into `next_page_token`, and the call finishes OK; on failure with the error.
template <class T>
Callback<ProtoPage<T>> FinishPage(google::protobuf::RepeatedPtrField<T>* out, std::string* next_page_token,
                                  absl::AnyInvocable<void(absl::Status)> finish,
                                  std::function<bool(T&)> keep = nullptr) {
  return [out, next_page_token, finish = std::move(finish),
          keep = std::move(keep)](absl::StatusOr<ProtoPage<T>> page) mutable {
    if (!page.ok()) return finish(page.status());
    for (auto& item : page->items) {
      if (keep && !keep(item)) continue;
      *out->Add() = std::move(item);
    }
    *next_page_token = std::move(page->next_page_token);
    finish(absl::OkStatus());
  };
}

}  // namespace renda
