#pragma once
// The store kit: entities kept in Redis as serialized protobuf with a version (the etag), and
// every write done by one Lua script that checks the version, writes the entity, updates its
// secondary indexes, appends the change-feed event and records the request id, atomically.
//
// Keys of a service `svc` for congress `c` all carry the hash tag `{c}`, so each write touches
// one Redis Cluster slot:
//   svc:{c}:<kind>:<id>    hash: v (version), d (data), ix (index keys the entity is in)
//   svc:{c}:ix:<index>     sorted set of entity ids (score 0, ordered by id)
//   svc:{c}:feed           stream of change events (field e = serialized ChangeEvent)
//   svc:{c}:req:<caller>:<id>  hash: the first result of a caller's request id (kept a day)

#include <cstdint>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "renda/type/v1/change.pb.h"
#include "services/common/redis_client.h"

namespace renda {

template <class T>
using Callback = absl::AnyInvocable<void(absl::StatusOr<T>)>;

class EntityStore {
 public:
  // `service` is the key prefix: rep, in, sup or rpt.
  EntityStore(RedisClient* redis, std::string service);

  std::string EntityKey(absl::string_view congress, absl::string_view kind, absl::string_view id) const;
  std::string IndexKey(absl::string_view congress, absl::string_view index) const;
  std::string FeedKey(absl::string_view congress) const;
  std::string RequestKey(absl::string_view congress, absl::string_view caller, absl::string_view request_id) const;

  struct Stored {
    int64_t version = 0;
    std::string data;
    std::vector<std::string> indexes;  // the index keys it is in (for the next write's KEYS)
  };
  // The entity as stored, or std::nullopt when it does not exist. Every wait on Redis ends with
  // DEADLINE_EXCEEDED at `deadline`.
  void Get(absl::string_view congress, absl::string_view kind, absl::string_view id,
           Callback<std::optional<Stored>> done, absl::Time deadline = absl::InfiniteFuture());

  enum class WriteMode {
    kCreate,  // refuses an existing id (ALREADY_EXISTS)
    kUpdate,  // needs the entity to exist at `expected_version` (NOT_FOUND, ABORTED)
    kEnsure,  // creates it when absent; leaves it untouched, without an event, when present
    kCheck,   // writes nothing; refuses the whole write unless it is at `expected_version` (a
              // decision read it: e.g. that the deputy is still serving)
  };
  // One entity of a write.
  struct EntityWrite {
    std::string kind;
    std::string id;
    WriteMode mode = WriteMode::kUpdate;
    int64_t expected_version = 0;
    std::string data;                  // the entity, serialized, etag already set
    std::vector<std::string> indexes;  // every index the entity is in after the write
    std::string event;                 // the serialized ChangeEvent (its cursor is filled on read)
    // The index keys it was in at `expected_version` (Stored::indexes), so that the script is
    // given every key it touches.
    std::vector<std::string> previous_index_keys;
  };
  // One atomic step: every entity is checked first, then all are written with their events, or
  // none is.
  struct Write {
    std::string congress;
    std::vector<EntityWrite> entities;  // the first is the one the request is about
    std::string request_id;             // optional idempotency key, per caller
    std::string caller;                 // whose request id it is (anonymous callers share "")
    std::string fingerprint;            // what the request said, to refuse a reused request id
  };
  struct Written {
    int64_t version = 0;   // the first entity's version
    std::string data;      // the first entity as first written, for a replayed request id; empty
                           // otherwise (it is what the writer sent)
    std::string cursor;    // the first entity's change event's cursor
    bool replayed = false;
    std::vector<bool> applied;  // per entity: false for an `ensure` entity that already existed
  };
  void Put(Write write, Callback<Written> done, absl::Time deadline = absl::InfiniteFuture());

  // The first result of a caller's request id, read before a read-modify-write recomputes the
  // change (a retried "sign me up" must answer as the first time, not "already signed up"):
  // std::nullopt when the id is new; FAILED_PRECONDITION when it was used for another request.
  void FindReplay(absl::string_view congress, absl::string_view caller, absl::string_view request_id,
                  absl::string_view fingerprint, Callback<std::optional<std::string>> done,
                  absl::Time deadline = absl::InfiniteFuture());

  struct Query {
    std::string congress;
    std::vector<std::string> indexes;  // every one must contain the entity; at least one
    std::string kind;
    std::string after;  // id after which the page starts; empty for the first page
    int page_size = 50;
    bool descending = false;
    // Optional bound where the walk stops: ascending, ids before `until` only; descending, ids
    // from `until` on (inclusive). With time-ordered ids this is a time range.
    std::string until;
  };
  struct Page {
    std::vector<std::string> data;
    std::string next_after;  // empty when there are no more
  };
  // One page, in id order. The cost is bounded by the page size and a scan budget, whatever the
  // total: the smallest index is walked, at most max(8 × page size, 400) of its ids per page, and
  // each id is matched against the other indexes (read over the stretch walked when they are at
  // most six times its size, probed per id otherwise). A page can hold fewer entities than asked,
  // even none, while next_after is still set.
  void List(Query query, Callback<Page> done, absl::Time deadline = absl::InfiniteFuture());

  struct FeedEntry {
    std::string cursor;
    std::string event;
  };
  // Up to `count` events after `after` (empty: from the start).
  void ReadFeed(absl::string_view congress, absl::string_view after, int count,
                Callback<std::vector<FeedEntry>> done, absl::Time deadline = absl::InfiniteFuture());

 private:
  RedisClient* redis_;
  std::string service_;
};

// Serializes a change event for `resource`, whose serialized form is `serialized` (packed as Any).
std::string MakeChangeEvent(absl::string_view resource_name, renda::type::v1::ChangeType type,
                            const google::protobuf::Message& resource, absl::string_view serialized,
                            absl::string_view actor, absl::string_view request_id, absl::Time when);

// Parses a feed entry into an event with its cursor set.
absl::StatusOr<renda::type::v1::ChangeEvent> ParseChangeEvent(const EntityStore::FeedEntry& entry);

// Deterministic serialization, for request fingerprints.
std::string Fingerprint(const google::protobuf::Message& request);

// A new id for an entity: time-ordered (so ids sort by creation) and unguessable.
std::string NewTimeOrderedId(absl::Time now);
// The smallest id NewTimeOrderedId can make in the millisecond of `t` (ids made from that
// millisecond on sort at or after it, earlier ones before), for time ranges over ids.
std::string TimeOrderedIdFloor(absl::Time t);

}  // namespace renda
