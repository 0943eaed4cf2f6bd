#include "services/reporting/reporting_store.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/reporting/overview_logic.h"

namespace renda::reporting {
namespace {

std::string Key(const std::string& congress, absl::string_view what) {
  return absl::StrCat("rpt:{", congress, "}:", what);
}

// KEYS: counts, state, progress. ARGV: source, cursor, resource name, status, counted.
const RedisScript kApplyScript(R"lua(
local cur = redis.call('HGET', KEYS[3], ARGV[1])
if cur then
  local cm, cs = string.match(cur, '^(%d+)-(%d+)$')
  local em, es = string.match(ARGV[2], '^(%d+)-(%d+)$')
  cm, cs, em, es = tonumber(cm), tonumber(cs), tonumber(em), tonumber(es)
  if em < cm or (em == cm and es <= cs) then return 0 end
end
if ARGV[5] == '1' then
  local old = redis.call('HGET', KEYS[2], ARGV[3])
  if old ~= ARGV[4] then
    if old then
      if redis.call('HINCRBY', KEYS[1], old, -1) == 0 then redis.call('HDEL', KEYS[1], old) end
    end
    if ARGV[4] ~= '' then
      redis.call('HINCRBY', KEYS[1], ARGV[4], 1)
      redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
    else
      redis.call('HDEL', KEYS[2], ARGV[3])
    end
  end
end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[3], ARGV[1] .. ':applied', 1)
return 1
)lua");

// KEYS: counts of representatives, intake, supervision; progress. One consistent snapshot.
const RedisScript kCountsScript(R"lua(
return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]),
        redis.call('HGETALL', KEYS[3]), redis.call('HGETALL', KEYS[4])}
)lua");

const char* const kSources[] = {kRepresentatives, kIntake, kSupervision};

}  // namespace

void ReportingStore::LoadCursor(const std::string& congress, const std::string& source,
                                Callback<std::string> done) {
  redis_->Command({"HGET", Key(congress, "progress"), source},
                  [done = std::move(done)](absl::StatusOr<RedisValue> r) mutable {
                    if (!r.ok()) return done(r.status());
                    done(r->is_nil() ? std::string() : r->str);
                  });
}

void ReportingStore::Apply(const std::string& congress, const std::string& source,
                           const renda::type::v1::ChangeEvent& event, const std::string& status, bool counted,
                           Callback<bool> done) {
  redis_->Eval(kApplyScript,
               {Key(congress, absl::StrCat("counts:", source)), Key(congress, absl::StrCat("state:", source)),
                Key(congress, "progress")},
               {source, event.cursor(), event.resource_name(), status, counted ? "1" : "0"},
               [done = std::move(done)](absl::StatusOr<RedisValue> r) mutable {
                 if (!r.ok()) return done(r.status());
                 done(r->integer == 1);
               });
}

void ReportingStore::ReadCounts(const std::string& congress, Callback<Counts> done) {
  std::vector<std::string> keys;
  for (const char* s : kSources) keys.push_back(Key(congress, absl::StrCat("counts:", s)));
  keys.push_back(Key(congress, "progress"));
  redis_->Eval(kCountsScript, std::move(keys), {}, [done = std::move(done)](absl::StatusOr<RedisValue> r) mutable {
    if (!r.ok()) return done(r.status());
    if (r->elements.size() != 4) return done(absl::InternalError("unexpected reply reading the counts"));
    Counts c;
    for (int i = 0; i < 3; ++i) {
      auto& m = c.by_source[kSources[i]];
      const auto& kv = r->elements[i].elements;
      for (size_t j = 0; j + 1 < kv.size(); j += 2) {
        int64_t n = 0;
        (void)absl::SimpleAtoi(kv[j + 1].str, &n);
        if (n != 0) m[kv[j].str] = n;
      }
    }
    const auto& kv = r->elements[3].elements;
    for (size_t j = 0; j + 1 < kv.size(); j += 2) {
      const std::string& field = kv[j].str;
      if (absl::EndsWith(field, ":applied")) {
        int64_t n = 0;
        (void)absl::SimpleAtoi(kv[j + 1].str, &n);
        c.applied[field.substr(0, field.size() - 8)] = n;
      } else {
        c.cursors[field] = kv[j + 1].str;
      }
    }
    done(std::move(c));
  });
}

}  // namespace renda::reporting
