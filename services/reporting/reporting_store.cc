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

// KEYS: counts, state, progress, cursor. ARGV: source, cursor, resource name, status, counted.
const RedisScript kApplyScript(R"lua(
local cur = redis.call('GET', KEYS[4])
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
redis.call('SET', KEYS[4], ARGV[2])
redis.call('HINCRBY', KEYS[3], ARGV[1] .. ':applied', 1)
return 1
)lua");

// KEYS: counts of representatives, intake, supervision; progress; their cursors. One consistent
// snapshot.
const RedisScript kCountsScript(R"lua(
return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]),
        redis.call('HGETALL', KEYS[3]), redis.call('HGETALL', KEYS[4]),
        {redis.call('GET', KEYS[5]) or '', redis.call('GET', KEYS[6]) or '', redis.call('GET', KEYS[7]) or ''}}
)lua");

const char* const kSources[] = {kRepresentatives, kIntake, kSupervision};

}  // namespace

Task<absl::StatusOr<std::string>> ReportingStore::LoadCursor(std::string congress, std::string source) const {
  co_return co_await cursors_.Load(std::move(congress), std::move(source));
}

Task<absl::StatusOr<bool>> ReportingStore::Apply(std::string congress, std::string source,
                                                 renda::type::v1::ChangeEvent event, std::string status,
                                                 bool counted) const {
  std::vector<std::string> keys = {Key(congress, absl::StrCat("counts:", source)),
                                   Key(congress, absl::StrCat("state:", source)), Key(congress, "progress"),
                                   cursors_.Key(congress, source)};
  std::vector<std::string> args = {source, event.cursor(), event.resource_name(), status, counted ? "1" : "0"};
  CO_ASSIGN_OR_RETURN(auto applied, co_await redis_->RunScript(kApplyScript, std::move(keys), std::move(args)));
  co_return applied.integer == 1;
}

Task<absl::StatusOr<Counts>> ReportingStore::ReadCounts(std::string congress) const {
  std::vector<std::string> keys;
  for (const char* s : kSources) keys.push_back(Key(congress, absl::StrCat("counts:", s)));
  keys.push_back(Key(congress, "progress"));
  for (const char* s : kSources) keys.push_back(cursors_.Key(congress, s));
  std::vector<std::string> none;
  CO_ASSIGN_OR_RETURN(auto r, co_await redis_->RunScript(kCountsScript, std::move(keys), std::move(none)));
  if (r.elements.size() != 5 || r.elements[4].elements.size() != 3) {
    co_return absl::InternalError("unexpected reply reading the counts");
  }
  Counts c;
  for (int i = 0; i < 3; ++i) {
    auto& m = c.by_source[kSources[i]];
    const auto& kv = r.elements[i].elements;
    for (size_t j = 0; j + 1 < kv.size(); j += 2) {
      int64_t n = 0;
      (void)absl::SimpleAtoi(kv[j + 1].str, &n);
      if (n != 0) m[kv[j].str] = n;
    }
    c.cursors[kSources[i]] = r.elements[4].elements[i].str;
  }
  const auto& kv = r.elements[3].elements;
  for (size_t j = 0; j + 1 < kv.size(); j += 2) {
    const std::string& field = kv[j].str;
    if (absl::EndsWith(field, ":applied")) {
      int64_t n = 0;
      (void)absl::SimpleAtoi(kv[j + 1].str, &n);
      c.applied[field.substr(0, field.size() - 8)] = n;
    }
  }
  co_return c;
}

}  // namespace renda::reporting
