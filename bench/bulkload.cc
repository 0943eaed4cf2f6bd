// renda-bulkload: fills a Redis with a large congress for the scale benchmarks — deputies and
// their duty records, written through the same store kit, rules and indexes as the services
// (entity, indexes, change event), many records per atomic write, many writes in flight. It
// writes nothing the services would not; a second run with the same flags changes nothing
// (every entity is written with kEnsure).
//
//   renda-bulkload --redis 127.0.0.1:6390 --congress hz --deputies 100000 --records_per_deputy 20
//
// Deputy ids are b-1 .. b-N (so a load generator can address any of them by number); deputy i
// is in delegation dlg-(i % 20), group grp-(i % 12), station st-(i % 200), with term 14 and
// status serving except every 50th (resigned). Records are spread over the year before
// --year and --year itself, most in --year, with every record type.
#include <atomic>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "bench/in_flight.h"
#include "absl/time/clock.h"
#include "services/common/entity_ops.h"
#include "services/common/names.h"
#include "services/common/redis_client.h"
#include "services/common/store.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_records.h"

ABSL_FLAG(std::string, redis, "127.0.0.1:6379", "Redis address host:port");
ABSL_FLAG(std::string, congress, "hz", "congress id");
ABSL_FLAG(int, deputies, 100000, "number of deputies (b-1 .. b-N)");
ABSL_FLAG(int, records_per_deputy, 20, "duty records per deputy");
ABSL_FLAG(int, year, 2026, "the year most records fall in");
ABSL_FLAG(int, in_flight, 64, "writes in flight at once");

namespace {

using renda::EntityStore;
using renda::representatives::v1::Deputy;
using renda::representatives::v1::DutyRecord;
namespace v1 = renda::representatives::v1;

constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
                                     "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋"};
constexpr const char* kGiven[] = {"建国", "秀英", "志强", "丽华", "海燕", "伟", "敏", "静", "磊", "洋",
                                  "晓东", "红梅", "卫东", "玉兰", "国庆", "春梅", "明", "婷", "杰", "芳",
                                  "文斌", "雪梅", "立新", "桂英", "永红", "浩然", "子涵", "欣怡", "思远"};


Deputy MakeDeputy(int i, const std::string& congress, const renda::Caller& loader, absl::Time now) {
  Deputy in;
  in.set_display_name(absl::StrCat(kSurnames[i % std::size(kSurnames)],
                                   kGiven[(i / std::size(kSurnames)) % std::size(kGiven)]));
  in.set_gender(i % 2 ? v1::GENDER_MALE : v1::GENDER_FEMALE);
  in.set_term(14);
  in.set_electoral_unit("西湖区");
  in.set_delegation(absl::StrCat("dlg-", i % 20));
  in.set_professional_group(absl::StrCat("grp-", i % 12));
  in.set_liaison_station(absl::StrCat("st-", i % 200));
  in.set_sector(static_cast<v1::Sector>(1 + i % 7));
  in.set_occupation("职工");
  in.set_phone("13800000000");
  if (i % 50 == 0) in.set_status(v1::DEPUTY_STATUS_RESIGNED);
  return renda::representatives::NewDeputy(in, renda::ResourceNameOf(congress, "deputies", absl::StrCat("b-", i)),
                                           loader, now);
}

DutyRecord MakeRecord(int deputy, int k, const std::string& congress, int year) {
  DutyRecord r;
  r.set_deputy(renda::ResourceNameOf(congress, "deputies", absl::StrCat("b-", deputy)));
  r.set_type(static_cast<v1::DutyRecordType>(1 + (deputy + k) % 10));
  // Seven in ten records in `year`, the rest in the year before.
  r.mutable_date()->set_year(k % 10 < 7 ? year : year - 1);
  r.mutable_date()->set_month(1 + (deputy + 3 * k) % 12);
  r.mutable_date()->set_day(1 + (deputy + 7 * k) % 28);
  r.set_title("参加代表活动");
  if (r.type() == v1::DUTY_RECORD_TYPE_SESSION_ATTENDANCE) {
    r.set_attendance(k % 9 == 0 ? v1::ATTENDANCE_EXCUSED : v1::ATTENDANCE_PRESENT);
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Fills Redis with deputies and duty records for the scale benchmarks.");
  absl::ParseCommandLine(argc, argv);
  auto options = renda::ParseRedisAddress(absl::GetFlag(FLAGS_redis));
  if (!options.ok()) {
    std::fprintf(stderr, "renda-bulkload: %s\n", std::string(options.status().message()).c_str());
    return 2;
  }
  options->connections = 2;
  renda::RedisClient redis(*options);
  for (int i = 0; i < 500 && !redis.healthy(); ++i) absl::SleepFor(absl::Milliseconds(10));
  if (!redis.healthy()) {
    std::fprintf(stderr, "renda-bulkload: cannot reach Redis at %s\n", absl::GetFlag(FLAGS_redis).c_str());
    return 1;
  }
  EntityStore store(&redis, "rep");
  const std::string congress = absl::GetFlag(FLAGS_congress);
  const int n = absl::GetFlag(FLAGS_deputies);
  const int per = absl::GetFlag(FLAGS_records_per_deputy);
  const int year = absl::GetFlag(FLAGS_year);
  renda::Caller loader;
  loader.anonymous = false;
  loader.claims.subject = "bulkload";
  const absl::Time now = absl::Now();
  renda::bench::InFlight inflight(absl::GetFlag(FLAGS_in_flight));

  // One write per deputy: the deputy, then (in a second write, so a deputy's write stays small)
  // its records.
  for (int i = 1; i <= n; ++i) {
    Deputy d = MakeDeputy(i, congress, loader, now);
    const std::string id = absl::StrCat("b-", i);
    EntityStore::Write w;
    w.congress = congress;
    w.entities.push_back(renda::EntityWriteOf(d, renda::representatives::kDeputyKind, id,
                                              EntityStore::WriteMode::kEnsure, 0,
                                              renda::representatives::DeputyIndexes(d), "bulkload", "", now));
    inflight.Acquire();
    store.Put(std::move(w), [&inflight](absl::StatusOr<EntityStore::Written> r) { inflight.Release(r.status()); });
    if (per > 0) {
      EntityStore::Write records;
      records.congress = congress;
      for (int k = 0; k < per; ++k) {
        records.entities.push_back(renda::representatives::EventDutyRecordWrite(
            congress, MakeRecord(i, k, congress, year), absl::StrCat("bulkload/", id, "/", k), "", "bulkload", "",
            now));
      }
      inflight.Acquire();
      store.Put(std::move(records),
                [&inflight](absl::StatusOr<EntityStore::Written> r) { inflight.Release(r.status()); });
    }
    if (i % 10000 == 0) std::fprintf(stderr, "renda-bulkload: %d deputies\n", i);
  }
  if (absl::Status s = inflight.Drain(); !s.ok()) {
    std::fprintf(stderr, "renda-bulkload: a write failed: %s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("loaded %d deputies and %lld duty records into congress %s\n", n,
              static_cast<long long>(n) * per, congress.c_str());
  return 0;
}
