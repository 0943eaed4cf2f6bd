// renda-opinionload: fills a Redis with a large congress's opinions for bench/scale-intake,
// written through the same store kit, rules and indexes as the intake service (entity, typed
// indexes, tracking code, change event), plus the text-search indexes its indexer would write,
// with the indexer's cursor set past them (so a service started afterwards does not redo them).
// Many writes in flight; a second run with the same flags changes nothing (kEnsure, ids fixed
// by number).
//
//   renda-opinionload --redis 127.0.0.1:6390 --congress hz --opinions 1000000
//                     --samples config/demo/sample-opinions.tsv
//
// Opinion i joins two sample texts (so texts differ), is in district i % 13 of the samples'
// districts, channel 1 + i % 6, grade 1 + i % 3, state 1 + i % 9 (every state of the loop), with
// the category the keyword rules give; receipt times spread over the year before now.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/notification.h"
#include "bench/in_flight.h"
#include "absl/time/clock.h"
#include "services/common/entity_ops.h"
#include "services/common/names.h"
#include "services/common/redis_client.h"
#include "services/common/store.h"
#include "services/common/time_util.h"
#include "services/intake/embedded_taxonomy.h"
#include "services/intake/opinion_logic.h"

ABSL_FLAG(std::string, redis, "127.0.0.1:6379", "Redis address host:port");
ABSL_FLAG(std::string, congress, "hz", "congress id");
ABSL_FLAG(int, opinions, 1000000, "number of opinions");
ABSL_FLAG(std::string, samples, "config/demo/sample-opinions.tsv", "sample opinions (category, district, text)");
ABSL_FLAG(int, in_flight, 64, "writes in flight at once");

namespace {

using renda::EntityStore;
using renda::intake::v1::Opinion;
namespace v1 = renda::intake::v1;

const renda::RedisScript kTextScript(R"lua(
for i = 1, #KEYS do redis.call('ZADD', KEYS[i], 0, ARGV[1]) end
return #KEYS
)lua");


}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Fills Redis with opinions for the intake scale benchmark.");
  absl::ParseCommandLine(argc, argv);
  std::ifstream in(absl::GetFlag(FLAGS_samples));
  std::vector<std::string> texts, districts;
  std::string line;
  for (bool header = true; std::getline(in, line); header = false) {
    std::vector<std::string> cols = absl::StrSplit(line, '\t');
    if (header || cols.size() < 3) continue;
    texts.push_back(cols[2]);
    if (std::find(districts.begin(), districts.end(), cols[1]) == districts.end()) districts.push_back(cols[1]);
  }
  if (texts.empty()) {
    std::fprintf(stderr, "renda-opinionload: no sample opinions in %s\n", absl::GetFlag(FLAGS_samples).c_str());
    return 2;
  }
  auto options = renda::ParseRedisAddress(absl::GetFlag(FLAGS_redis));
  if (!options.ok()) {
    std::fprintf(stderr, "renda-opinionload: %s\n", std::string(options.status().message()).c_str());
    return 2;
  }
  options->connections = 2;
  renda::RedisClient redis(*options);
  for (int i = 0; i < 500 && !redis.healthy(); ++i) absl::SleepFor(absl::Milliseconds(10));
  if (!redis.healthy()) {
    std::fprintf(stderr, "renda-opinionload: cannot reach Redis\n");
    return 1;
  }
  EntityStore store(&redis, "in");
  const std::string congress = absl::GetFlag(FLAGS_congress);
  const int n = absl::GetFlag(FLAGS_opinions);
  const renda::intake::Taxonomy& taxonomy = renda::intake::EmbeddedTaxonomy();
  renda::Caller loader;
  loader.anonymous = false;
  loader.claims.subject = "bulkload";
  loader.claims.roles = renda::Roles{renda::Role::kStaff};
  const absl::Time end = absl::Now();
  const absl::Duration step = absl::Hours(24 * 365) / n;
  renda::bench::InFlight inflight(absl::GetFlag(FLAGS_in_flight));
  const size_t t = texts.size();
  for (int i = 1; i <= n; ++i) {
    const absl::Time at = end - step * (n - i);
    const std::string id = absl::StrFormat("%012x%08x", absl::ToUnixMillis(at), i);
    Opinion input;
    input.set_title(absl::StrCat("市民意见", i % 1000));
    input.set_content(absl::StrCat(texts[i % t], texts[(i / t + 3 * i) % t]));
    input.set_channel(static_cast<v1::Channel>(1 + i % 6));
    input.set_district(districts[i % districts.size()]);
    Opinion o = renda::intake::NewOpinion(input, renda::ResourceNameOf(congress, "opinions", id), taxonomy,
                                          absl::StrFormat("B%015d", i), loader, at);
    o.set_state(static_cast<v1::OpinionState>(1 + i % 9));
    o.set_grade(static_cast<v1::Grade>(1 + i % 3));
    if (o.state() >= v1::OPINION_STATE_ASSIGNED && o.state() != v1::OPINION_STATE_REOPENED) {
      o.set_handling_unit(absl::StrCat("unit-", i % 40));
    }
    EntityStore::Write w;
    w.congress = congress;
    w.entities.push_back(renda::EntityWriteOf(o, "opinion", id, EntityStore::WriteMode::kEnsure, 0,
                                              renda::intake::OpinionIndexes(o), "bulkload", "", at));
    inflight.Acquire();
    store.Put(std::move(w), [&inflight](absl::StatusOr<EntityStore::Written> r) { inflight.Release(r.status()); });
    std::vector<std::string> keys;
    for (const auto& ix : renda::intake::OpinionTextIndexes(o)) keys.push_back(store.IndexKey(congress, ix));
    inflight.Acquire();
    redis.Eval(kTextScript, std::move(keys), {id},
               [&inflight](absl::StatusOr<renda::RedisValue> r) { inflight.Release(r.status()); });
    if (i % 100000 == 0) std::fprintf(stderr, "renda-opinionload: %d opinions\n", i);
  }
  if (absl::Status s = inflight.Drain(); !s.ok()) {
    std::fprintf(stderr, "renda-opinionload: a write failed: %s\n", s.ToString().c_str());
    return 1;
  }
  // The indexer's cursor past the loaded events: their text is indexed already.
  absl::Notification done;
  absl::Status status;
  redis.Command({"XREVRANGE", store.FeedKey(congress), "+", "-", "COUNT", "1"},
                [&](absl::StatusOr<renda::RedisValue> r) {
                  if (!r.ok() || r->elements.empty()) {
                    status = r.ok() ? absl::InternalError("empty feed") : r.status();
                    return done.Notify();
                  }
                  redis.Command({"SET", store.FeedKey(congress) + ":textindex", r->elements[0].elements[0].str},
                                [&](absl::StatusOr<renda::RedisValue> s) {
                                  status = s.status();
                                  done.Notify();
                                });
                });
  done.WaitForNotification();
  if (!status.ok()) {
    std::fprintf(stderr, "renda-opinionload: could not set the indexer's cursor: %s\n", status.ToString().c_str());
    return 1;
  }
  std::printf("loaded %d opinions into congress %s\n", n, congress.c_str());
  return 0;
}
