#include "services/common/store.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "services/common/errors.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/any.pb.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "services/common/crypto.h"
#include "services/common/time_util.h"

namespace renda {
namespace {

constexpr int kRequestTtlSeconds = 24 * 3600;

// KEYS: feed, request (or feed again), one key per entity, then every index key the write adds
// an entity to or removes it from (declared, though the script reads their names from ARGV and
// from each entity's `ix`). ARGV: has request id,
// fingerprint, request ttl, entity count, then per entity six values: mode (create, update or
// ensure), expected version, data, event, member (its id), index keys (newline-separated).
// Every entity is checked before any is written, so a refusal writes nothing. An `ensure`
// entity is created when absent and left alone (no event) when present: records derived from a
// source id are written once however often the source is replayed. A `check` entity is only
// checked like an update (it must still be at the version the decision was made on).
// Returns {'ok' or 'replay', first entity's version, replayed data, first cursor, applied flags}.
const RedisScript kWriteScript(R"lua(
local has_request = ARGV[1] == '1'
if has_request then
  local prev = redis.call('HMGET', KEYS[2], 'f', 'v', 'd', 'c')
  if prev[1] then
    if prev[1] ~= ARGV[2] then
      return redis.error_reply('REQUEST_ID_REUSED request_id was already used for a different request; use a new request_id')
    end
    return {'replay', tonumber(prev[2]), prev[3], prev[4], ''}
  end
end
local n = tonumber(ARGV[4])
local cur = {}
local skip = {}
for i = 1, n do
  local a = 4 + (i - 1) * 6
  local mode, member = ARGV[a + 1], ARGV[a + 5]
  local c = redis.call('HMGET', KEYS[2 + i], 'v', 'ix')
  cur[i] = c
  if mode == 'create' then
    if c[1] then return redis.error_reply('ALREADY_EXISTS ' .. member .. ' already exists') end
  elseif mode == 'ensure' then
    skip[i] = c[1] and true or false
  else
    skip[i] = mode == 'check'
    if not c[1] then return redis.error_reply('NOT_FOUND ' .. member .. ' does not exist') end
    if c[1] ~= ARGV[a + 2] then
      return redis.error_reply('ETAG_MISMATCH ' .. member .. ' was changed by someone else (etag ' .. ARGV[a + 2] .. ' is stale, now ' .. c[1] .. '); read it again and retry')
    end
  end
end
local first_version, first_cursor, applied = 0, '', ''
for i = 1, n do
  local a = 4 + (i - 1) * 6
  if skip[i] then
    applied = applied .. '0'
    if i == 1 then first_version = tonumber(cur[i][1]) end
  else
    applied = applied .. '1'
    local member = ARGV[a + 5]
    local new_version = tonumber(cur[i][1] or '0') + 1
    local old = {}
    if cur[i][2] then for k in string.gmatch(cur[i][2], '[^\n]+') do old[k] = true end end
    local new = {}
    for k in string.gmatch(ARGV[a + 6], '[^\n]+') do
      new[k] = true
      if not old[k] then redis.call('ZADD', k, 0, member) end
    end
    for k, _ in pairs(old) do
      if not new[k] then redis.call('ZREM', k, member) end
    end
    redis.call('HSET', KEYS[2 + i], 'v', new_version, 'd', ARGV[a + 3], 'ix', ARGV[a + 6])
    local cursor = redis.call('XADD', KEYS[1], '*', 'e', ARGV[a + 4])
    if i == 1 then first_version = new_version; first_cursor = cursor end
  end
end
if has_request then
  redis.call('HSET', KEYS[2], 'f', ARGV[2], 'v', first_version, 'd', ARGV[7], 'c', first_cursor)
  redis.call('EXPIRE', KEYS[2], ARGV[3])
end
return {'ok', first_version, '', first_cursor, applied}
)lua");

// KEYS: the indexes that must all contain an entity. ARGV: after, page size, scan budget, 'asc'
// or 'desc', until. Returns {next_after or '', ids...}; the entities are read by kFetchScript.
// The smallest index drives: its ids are walked in chunks from `after`. An index at most six
// times its size is read over the chunk's span of ids in one range call and matched in a Lua
// table (a sparse intersection costs a range read, not a call per id); a larger one, or one
// unexpectedly dense over that span, is probed with ZSCORE per id. The walk stops at a full page or after `budget` ids of the driver.
const RedisScript kListScript(R"lua(
local cards = {}
local driver = 1
for i = 1, #KEYS do
  cards[i] = redis.call('ZCARD', KEYS[i])
  if cards[i] < cards[driver] then driver = i end
end
local limit = tonumber(ARGV[2])
local budget = tonumber(ARGV[3])
local asc = ARGV[4] == 'asc'
local bound = ARGV[5]
-- Ids of `key` after `after` in walk order, stopping before `bound` (ascending) or at it
-- (descending), at most `count`.
local function walk(key, after, stop, count)
  if asc then
    return redis.call('ZRANGE', key, after == '' and '-' or '(' .. after, stop, 'BYLEX', 'LIMIT', 0, count)
  end
  return redis.call('ZRANGE', key, after == '' and '+' or '(' .. after, stop, 'BYLEX', 'REV', 'LIMIT', 0, count)
end
local driver_stop = asc and (bound == '' and '+' or '(' .. bound) or (bound == '' and '-' or '[' .. bound)
local spans = {}
for i = 1, #KEYS do
  if i ~= driver and cards[i] <= 6 * cards[driver] then spans[i] = {} end
end
local out = {''}
local last = ARGV[1]
local scanned = 0
local exhausted = false
while #out - 1 < limit and scanned < budget do
  local want = math.min(budget - scanned, math.max(limit - (#out - 1), 128))
  local ids = walk(KEYS[driver], last, driver_stop, want)
  if #ids == 0 then exhausted = true; break end
  local edge = ids[#ids]
  -- The other indexes' members over this chunk's span; an index denser there than the cap
  -- allows is probed instead.
  for i, span in pairs(spans) do
    local cap = math.floor(want * 2 * cards[i] / math.max(cards[driver], 1)) + 32
    local got = walk(KEYS[i], last, '[' .. edge, cap)
    span.set = nil
    if #got < cap then
      span.set = {}
      for _, m in ipairs(got) do span.set[m] = true end
    end
  end
  local used = 0
  for _, id in ipairs(ids) do
    scanned = scanned + 1
    used = used + 1
    last = id
    local match = true
    for i = 1, #KEYS do
      if i ~= driver then
        local set = spans[i] and spans[i].set
        if set then
          if not set[id] then match = false; break end
        elseif not redis.call('ZSCORE', KEYS[i], id) then
          match = false; break
        end
      end
    end
    if match then
      out[#out + 1] = id
      if #out - 1 >= limit then break end
    end
  end
  if #ids < want and used == #ids then exhausted = true; break end
end
if not exhausted and #walk(KEYS[driver], last, driver_stop, 1) == 0 then exhausted = true end
if not exhausted then out[1] = last end
return out
)lua");

// KEYS: entity keys. Returns their data, nil for one that does not exist.
const RedisScript kFetchScript(R"lua(
local out = {}
for i, k in ipairs(KEYS) do out[i] = redis.call('HGET', k, 'd') end
return out
)lua");

const char* ModeName(EntityStore::WriteMode mode) {
  switch (mode) {
    case EntityStore::WriteMode::kCreate: return "create";
    case EntityStore::WriteMode::kEnsure: return "ensure";
    case EntityStore::WriteMode::kCheck: return "check";
    case EntityStore::WriteMode::kUpdate: break;
  }
  return "update";
}

absl::Status Malformed(absl::string_view what) {
  return absl::InternalError(absl::StrCat("unexpected reply from the data store: ", what));
}

}  // namespace

EntityStore::EntityStore(RedisClient* redis, std::string service)
    : redis_(redis), service_(std::move(service)) {}

std::string EntityStore::EntityKey(absl::string_view congress, absl::string_view kind,
                                   absl::string_view id) const {
  return absl::StrCat(service_, ":{", congress, "}:", kind, ":", id);
}
std::string EntityStore::IndexKey(absl::string_view congress, absl::string_view index) const {
  return absl::StrCat(service_, ":{", congress, "}:ix:", index);
}
std::string EntityStore::FeedKey(absl::string_view congress) const {
  return absl::StrCat(service_, ":{", congress, "}:feed");
}
std::string EntityStore::RequestKey(absl::string_view congress, absl::string_view caller,
                                    absl::string_view request_id) const {
  return absl::StrCat(service_, ":{", congress, "}:req:", caller, ":", request_id);
}

void EntityStore::Get(absl::string_view congress, absl::string_view kind, absl::string_view id,
                      Callback<std::optional<Stored>> done, absl::Time deadline) {
  redis_->Command(
      {"HMGET", EntityKey(congress, kind, id), "v", "d", "ix"},
      [done = std::move(done)](absl::StatusOr<RedisValue> r) mutable {
        if (!r.ok()) return done(r.status());
        if (r->type != RedisValue::Type::kArray || r->elements.size() != 3) return done(Malformed("HMGET"));
        if (r->elements[0].is_nil()) return done(std::optional<Stored>());
        Stored s;
        if (!absl::SimpleAtoi(r->elements[0].str, &s.version)) return done(Malformed("version"));
        s.data = std::move(r->elements[1].str);
        s.indexes = absl::StrSplit(r->elements[2].str, '\n', absl::SkipEmpty());
        done(std::optional<Stored>(std::move(s)));
      },
      deadline);
}

void EntityStore::Put(Write w, Callback<Written> done, absl::Time deadline) {
  if (w.entities.empty()) return done(absl::InternalError("a write names no entity"));
  const bool has_request = !w.request_id.empty();
  std::vector<std::string> keys = {FeedKey(w.congress), has_request ? RequestKey(w.congress, w.caller, w.request_id)
                                                                    : FeedKey(w.congress)};
  std::vector<std::string> args = {has_request ? "1" : "0", std::move(w.fingerprint),
                                   std::to_string(kRequestTtlSeconds), std::to_string(w.entities.size())};
  absl::flat_hash_set<std::string> touched;
  for (const auto& e : w.entities) keys.push_back(EntityKey(w.congress, e.kind, e.id));
  for (auto& e : w.entities) {
    if (e.mode == WriteMode::kCheck) continue;
    for (auto& k : e.previous_index_keys) touched.insert(std::move(k));
    for (const auto& ix : e.indexes) touched.insert(IndexKey(w.congress, ix));
  }
  for (const auto& k : touched) keys.push_back(k);
  for (auto& e : w.entities) {
    std::vector<std::string> index_keys;
    index_keys.reserve(e.indexes.size());
    for (const auto& ix : e.indexes) index_keys.push_back(IndexKey(w.congress, ix));
    args.push_back(ModeName(e.mode));
    args.push_back(std::to_string(e.expected_version));
    args.push_back(std::move(e.data));
    args.push_back(std::move(e.event));
    args.push_back(e.id);
    args.push_back(absl::StrJoin(index_keys, "\n"));
  }
  redis_->Eval(kWriteScript, std::move(keys), std::move(args),
               [done = std::move(done)](absl::StatusOr<RedisValue> r) mutable {
                 if (!r.ok()) return done(r.status());
                 if (r->type != RedisValue::Type::kArray || r->elements.size() != 5) {
                   return done(Malformed("write script"));
                 }
                 Written out;
                 out.replayed = r->elements[0].str == "replay";
                 out.version = r->elements[1].integer;
                 out.data = std::move(r->elements[2].str);
                 out.cursor = std::move(r->elements[3].str);
                 for (char c : r->elements[4].str) out.applied.push_back(c == '1');
                 done(std::move(out));
               },
               deadline);
}

void EntityStore::FindReplay(absl::string_view congress, absl::string_view caller, absl::string_view request_id,
                             absl::string_view fingerprint, Callback<std::optional<std::string>> done,
                             absl::Time deadline) {
  redis_->Command({"HMGET", RequestKey(congress, caller, request_id), "f", "d"},
                  [fingerprint = std::string(fingerprint), done = std::move(done)](absl::StatusOr<RedisValue> r) mutable {
                    if (!r.ok()) return done(r.status());
                    if (r->type != RedisValue::Type::kArray || r->elements.size() != 2) {
                      return done(Malformed("HMGET"));
                    }
                    if (r->elements[0].is_nil()) return done(std::optional<std::string>());
                    if (r->elements[0].str != fingerprint) {
                      return done(MakeError(absl::StatusCode::kFailedPrecondition, "REQUEST_ID_REUSED",
                                            "request_id was already used for a different request; use a new request_id"));
                    }
                    done(std::optional<std::string>(std::move(r->elements[1].str)));
                  },
                  deadline);
}

void EntityStore::List(Query q, Callback<Page> done, absl::Time deadline) {
  std::vector<std::string> keys;
  keys.reserve(q.indexes.size());
  for (const auto& ix : q.indexes) keys.push_back(IndexKey(q.congress, ix));
  // Enough to fill most filtered pages; the cost of a page never depends on the total.
  const int budget = std::max(8 * q.page_size, 400);
  std::vector<std::string> args = {q.after, std::to_string(q.page_size), std::to_string(budget),
                                   q.descending ? "desc" : "asc", q.until};
  // First the ids (the walk over the indexes), then their entities, each script given the keys
  // it touches.
  redis_->Eval(
      kListScript, std::move(keys), std::move(args),
      [this, prefix = EntityKey(q.congress, q.kind, ""), deadline, done = std::move(done)](
          absl::StatusOr<RedisValue> r) mutable {
        if (!r.ok()) return done(r.status());
        if (r->type != RedisValue::Type::kArray || r->elements.empty()) return done(Malformed("list script"));
        auto page = std::make_shared<Page>();
        page->next_after = std::move(r->elements[0].str);
        if (r->elements.size() == 1) return done(std::move(*page));
        std::vector<std::string> entity_keys;
        entity_keys.reserve(r->elements.size() - 1);
        for (size_t i = 1; i < r->elements.size(); ++i) entity_keys.push_back(prefix + r->elements[i].str);
        redis_->Eval(
            kFetchScript, std::move(entity_keys), {},
            [page, done = std::move(done)](absl::StatusOr<RedisValue> f) mutable {
              if (!f.ok()) return done(f.status());
              if (f->type != RedisValue::Type::kArray) return done(Malformed("fetch script"));
              for (auto& e : f->elements) {
                // An id in an index whose entity is gone would be a bug in the write script;
                // skip it rather than fail the whole page.
                if (!e.is_nil()) page->data.push_back(std::move(e.str));
              }
              done(std::move(*page));
            },
            deadline);
      },
      deadline);
}

void EntityStore::ReadFeed(absl::string_view congress, absl::string_view after, int count,
                           Callback<std::vector<FeedEntry>> done, absl::Time deadline) {
  std::string start = after.empty() ? "-" : absl::StrCat("(", after);
  redis_->Command({"XRANGE", FeedKey(congress), start, "+", "COUNT", std::to_string(count)},
                  [done = std::move(done)](absl::StatusOr<RedisValue> r) mutable {
                    if (!r.ok()) return done(r.status());
                    std::vector<FeedEntry> out;
                    if (r->type != RedisValue::Type::kArray) return done(Malformed("XRANGE"));
                    for (auto& entry : r->elements) {
                      if (entry.elements.size() != 2 || entry.elements[1].elements.size() < 2) {
                        return done(Malformed("stream entry"));
                      }
                      out.push_back(FeedEntry{std::move(entry.elements[0].str),
                                              std::move(entry.elements[1].elements[1].str)});
                    }
                    done(std::move(out));
                  },
                  deadline);
}

std::string MakeChangeEvent(absl::string_view resource_name, renda::type::v1::ChangeType type,
                            const google::protobuf::Message& resource, absl::string_view serialized,
                            absl::string_view actor, absl::string_view request_id, absl::Time when) {
  renda::type::v1::ChangeEvent e;
  e.set_resource_name(std::string(resource_name));
  e.set_change_type(type);
  *e.mutable_change_time() = ToProtoTime(when);
  // The Any holds the bytes already serialized for the entity: no second serialization.
  e.mutable_resource()->set_type_url(absl::StrCat("type.googleapis.com/", resource.GetDescriptor()->full_name()));
  e.mutable_resource()->set_value(std::string(serialized));
  e.set_actor(std::string(actor));
  e.set_request_id(std::string(request_id));
  return e.SerializeAsString();
}

absl::StatusOr<renda::type::v1::ChangeEvent> ParseChangeEvent(const EntityStore::FeedEntry& entry) {
  renda::type::v1::ChangeEvent e;
  if (!e.ParseFromString(entry.event)) return Malformed("change event");
  e.set_cursor(entry.cursor);
  return e;
}

std::string Fingerprint(const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&out);
  }
  // The fingerprint is compared, not trusted; a short digest keeps the request record small.
  return HmacSha256("renda request fingerprint", bytes).substr(0, 16);
}

std::string NewTimeOrderedId(absl::Time now) {
  // 12 hex digits of milliseconds (good past year 10000) and 8 random hex digits.
  std::string rnd = RandomBytes(4);
  uint32_t r = 0;
  for (unsigned char c : rnd) r = (r << 8) | c;
  return absl::StrFormat("%012x%08x", absl::ToUnixMillis(now), r);
}

std::string TimeOrderedIdFloor(absl::Time t) {
  return absl::StrFormat("%012x%08x", std::max<int64_t>(0, absl::ToUnixMillis(t)), 0);
}

}  // namespace renda
