// The store kit against a real Redis: atomic versioned writes, idempotent retries, stale
// etags, index maintenance, bounded paging and outages.
#include <gtest/gtest.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/notification.h"
#include "renda/representatives/v1/representatives.pb.h"
#include "services/common/entity_ops.h"
#include "services/common/page_token.h"
#include "services/common/rate_limit.h"
#include "services/common/store.h"
#include "tests/support/redis_server.h"
#include "tests/support/storage.h"
#include "tests/support/wait.h"

namespace renda {
namespace {

using representatives::v1::Deputy;

// Runs an asynchronous store call and waits for its result.
template <class T, class F>
absl::StatusOr<T> Await(F&& start) {
  absl::Notification done;
  absl::StatusOr<T> result = absl::UnknownError("not finished");
  start([&](absl::StatusOr<T> r) {
    result = std::move(r);
    done.Notify();
  });
  done.WaitForNotificationWithTimeout(absl::Seconds(10));
  return result;
}

class StoreKit : public ::testing::Test {
 protected:
  void SetUp() override {
    client_ = testing::ConnectedClient(redis_);
    ASSERT_NE(client_, nullptr);
    store_ = std::make_unique<EntityStore>(client_.get(), "t");
  }

  PutSpec Spec(const std::string& id, bool create, int64_t version, std::vector<std::string> indexes,
               const std::string& request_id = "", const std::string& fingerprint = "") {
    return PutSpec{"hz", "deputy", id, create, version, std::move(indexes),
                   renda::type::v1::CHANGE_TYPE_CREATED, "tester", request_id, fingerprint, absl::Now(), {}};
  }
  absl::StatusOr<Deputy> Put(const PutSpec& spec, const std::string& display_name) {
    Deputy d;
    d.set_name("congresses/hz/deputies/" + spec.id);
    d.set_display_name(display_name);
    return Await<Deputy>([&](auto cb) { PutProto<Deputy>(store_.get(), spec, d, std::move(cb)); });
  }
  // The number of events in the feed of hz, read through the store's own feed reader.
  int64_t FeedLength() {
    int64_t n = 0;
    std::string after;
    for (;;) {
      auto page = Await<std::vector<EntityStore::FeedEntry>>(
          [&](auto cb) { store_->ReadFeed("hz", after, 1000, std::move(cb)); });
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok() || page->empty()) return n;
      n += static_cast<int64_t>(page->size());
      after = page->back().cursor;
    }
  }
  // Deputy `id` as the store reads it, with its version.
  absl::StatusOr<std::pair<Deputy, int64_t>> Get(const std::string& id) {
    return Await<std::pair<Deputy, int64_t>>([&](auto cb) {
      GetVersioned<Deputy>(store_.get(), "deputy", "deputy", "hz", id, id, std::move(cb));
    });
  }
  int64_t VersionOf(const std::string& id) {
    auto got = Get(id);
    EXPECT_TRUE(got.ok()) << id << ": " << got.status();
    return got.ok() ? got->second : 0;
  }
  // Pages through a list to its end: the names in the order listed (pages never over the size).
  std::vector<std::string> ListAll(std::vector<std::string> indexes, int page_size, bool descending) {
    PageTokenCodec codec("k-0123456789abcdef");
    std::vector<std::string> seen;
    std::string token;
    for (int pages = 0; pages < 200; ++pages) {
      ListSpec spec{"hz", "deputy", indexes, "q", token, page_size, descending};
      auto page = Await<ProtoPage<Deputy>>([&](auto cb) { ListProtos<Deputy>(store_.get(), codec, spec, std::move(cb)); });
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      EXPECT_LE(page->items.size(), static_cast<size_t>(page_size));
      for (const auto& d : page->items) seen.push_back(d.name());
      token = page->next_page_token;
      if (token.empty()) return seen;
    }
    ADD_FAILURE() << "the list did not end within 200 pages";
    return seen;
  }

  testing::RedisServer redis_;
  std::unique_ptr<RedisClient> client_;
  std::unique_ptr<EntityStore> store_;
};

TEST_F(StoreKit, CreateStoresVersionOneAndOneFeedEvent) {
  auto d = Put(Spec("d1", true, 0, {"all"}), "王一");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->etag(), "1");
  EXPECT_EQ(FeedLength(), 1);
  EXPECT_EQ(ListAll({"all"}, 10, false), std::vector<std::string>{"congresses/hz/deputies/d1"});
}

TEST_F(StoreKit, CreatingAnExistingIdIsAlreadyExistsAndWritesNothing) {
  ASSERT_TRUE(Put(Spec("d1", true, 0, {"all"}), "王一").ok());
  auto again = Put(Spec("d1", true, 0, {"all"}), "李二");
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(FeedLength(), 1);
  auto got = Await<Deputy>([&](auto cb) {
    GetProto<Deputy>(store_.get(), "deputy", "deputy", "hz", "d1", "d1", std::move(cb));
  });
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->display_name(), "王一");
}

TEST_F(StoreKit, RetryWithTheSameRequestIdReturnsTheFirstResultAndWritesNothing) {
  auto first = Put(Spec("d1", true, 0, {"all"}, "req-1", "fp"), "王一");
  ASSERT_TRUE(first.ok());
  // The retry even names another id (as a client that generates ids would): still the first.
  auto retry = Put(Spec("d2", true, 0, {"all"}, "req-1", "fp"), "王一");
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->name(), first->name());
  EXPECT_EQ(FeedLength(), 1);
  EXPECT_EQ(Get("d2").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreKit, RequestIdReusedForADifferentRequestIsRefused) {
  ASSERT_TRUE(Put(Spec("d1", true, 0, {"all"}, "req-1", "fp-a"), "王一").ok());
  auto other = Put(Spec("d2", true, 0, {"all"}, "req-1", "fp-b"), "李二");
  EXPECT_EQ(other.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(FeedLength(), 1);
  // A checked entity at its version lets the write through, and is not written itself.
  PutSpec checked = Spec("d2", true, 0, {"all"});
  checked.also.push_back(CheckOnly("deputy", "d1", 1));
  ASSERT_TRUE(Put(checked, "李二").ok());
  EXPECT_EQ(VersionOf("d1"), 1);
  EXPECT_EQ(FeedLength(), 2);
}

TEST_F(StoreKit, StaleVersionIsAbortedAndWritesNothing) {
  ASSERT_TRUE(Put(Spec("d1", true, 0, {"all"}), "王一").ok());
  ASSERT_TRUE(Put(Spec("d1", false, 1, {"all"}), "王一一").ok());
  auto stale = Put(Spec("d1", false, 1, {"all"}), "王冲突");
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(FeedLength(), 2);
}

TEST_F(StoreKit, UpdatingAMissingEntityIsNotFound) {
  EXPECT_EQ(Put(Spec("nobody", false, 1, {"all"}), "x").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(FeedLength(), 0);
}

Deputy Named(const std::string& id) {
  Deputy d;
  d.set_name("congresses/hz/deputies/" + id);
  return d;
}

TEST_F(StoreKit, OneWriteCarriesSeveralEntitiesAndEnsuredOnesAreWrittenOnce) {
  using Mode = EntityStore::WriteMode;
  PutSpec spec = Spec("visit1", true, 0, {"visits"});
  Deputy record = Named("rec-from-visit1");
  spec.also.push_back(EntityWriteOf(record, "deputy", "rec-from-visit1", Mode::kEnsure, 0, {"records"}, "tester",
                                    "", absl::Now()));
  ASSERT_TRUE(Put(spec, "走访").ok());
  EXPECT_EQ(ListAll({"records"}, 10, false), std::vector<std::string>{"congresses/hz/deputies/rec-from-visit1"});
  EXPECT_EQ(FeedLength(), 2);
  // The same derived record from a second source write: the record is left as it was.
  PutSpec again = Spec("visit2", true, 0, {"visits"});
  again.also = spec.also;
  ASSERT_TRUE(Put(again, "走访").ok());
  EXPECT_EQ(VersionOf("rec-from-visit1"), 1);
  EXPECT_EQ(FeedLength(), 3);
}

TEST_F(StoreKit, ARefusedEntityInAWriteLeavesEveryEntityUnwritten) {
  ASSERT_TRUE(Put(Spec("d1", true, 0, {"all"}), "王一").ok());
  PutSpec spec = Spec("d2", true, 0, {"all"});
  Deputy stale = Named("d1");
  spec.also.push_back(EntityWriteOf(stale, "deputy", "d1", EntityStore::WriteMode::kUpdate, 7, {"all"}, "tester", "",
                                    absl::Now()));
  EXPECT_EQ(Put(spec, "李二").status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(Get("d2").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ListAll({"all"}, 10, false), std::vector<std::string>{"congresses/hz/deputies/d1"});
  EXPECT_EQ(FeedLength(), 1);
}

absl::Status Limited(RateLimiter& limiter, const std::string& key, const RateLimit& limit) {
  absl::Notification done;
  absl::Status result = absl::UnknownError("not finished");
  limiter.Check("hz", "opinions", key, limit, [&](absl::Status s) {
    result = std::move(s);
    done.Notify();
  });
  done.WaitForNotificationWithTimeout(absl::Seconds(10));
  return result;
}

TEST_F(StoreKit, RateLimitRefusesCallsOverTheWindowsLimitPerKeyAndSaysWhenToRetry) {
  RateLimiter limiter(client_.get(), "t");
  const RateLimit three_a_minute{3, absl::Minutes(1)};
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(Limited(limiter, "10.0.0.1", three_a_minute).ok()) << i;
  absl::Status refused = Limited(limiter, "10.0.0.1", three_a_minute);
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ErrorReason(refused), "RATE_LIMITED");
  EXPECT_GT(RetryDelayOf(refused), absl::Seconds(50));
  EXPECT_LE(RetryDelayOf(refused), absl::Minutes(1));
  // Another client is counted apart; the window's counter expires with the window. The limiter
  // has no read API and its windows run on Redis's own clock, so this looks at the counters.
  const testing::RawStorage storage(redis_);
  EXPECT_TRUE(Limited(limiter, "10.0.0.2", three_a_minute).ok());
  const int64_t ttl = storage.MillisToLive("t:{hz}:rl:opinions:10.0.0.1");
  EXPECT_GT(ttl, 50000) << ttl;
  // A short window lets the client in again once it has passed (when Redis expires its counter).
  const RateLimit one_per_second{1, absl::Seconds(1)};
  ASSERT_TRUE(Limited(limiter, "10.0.0.3", one_per_second).ok());
  EXPECT_EQ(Limited(limiter, "10.0.0.3", one_per_second).code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(testing::WaitUntil([&] { return storage.KeysMatching("t:{hz}:rl:opinions:10.0.0.3").empty(); },
                                 absl::Seconds(5)))
      << "the window's counter expires with the window";
  EXPECT_TRUE(Limited(limiter, "10.0.0.3", one_per_second).ok());
  // No limit configured: nothing counted.
  EXPECT_TRUE(Limited(limiter, "10.0.0.4", RateLimit{}).ok());
  EXPECT_TRUE(storage.KeysMatching("t:{hz}:rl:opinions:10.0.0.4").empty());
}

TEST_F(StoreKit, IndexesFollowTheEntity) {
  ASSERT_TRUE(Put(Spec("d1", true, 0, {"all", "group:a"}), "王一").ok());
  ASSERT_TRUE(Put(Spec("d1", false, 1, {"all", "group:b"}), "王一").ok());
  EXPECT_TRUE(ListAll({"group:a"}, 10, false).empty());
  EXPECT_EQ(ListAll({"group:b"}, 10, false), std::vector<std::string>{"congresses/hz/deputies/d1"});
}

TEST_F(StoreKit, ListPagesThroughEverythingOnceInOrderWithFilters) {
  for (int i = 0; i < 120; ++i) {
    std::vector<std::string> ix = {"all", i % 3 == 0 ? "group:a" : "group:b"};
    if (i % 2 == 0) ix.push_back("even");
    ASSERT_TRUE(Put(Spec(absl::StrFormat("d%03d", i), true, 0, ix), "代表").ok());
  }
  std::vector<std::string> want;
  for (int i = 0; i < 120; i += 6) want.push_back(absl::StrFormat("congresses/hz/deputies/d%03d", i));
  EXPECT_EQ(ListAll({"group:a", "even"}, 7, false), want);
}

// Several filters of different sizes, one of them crowded into a stretch of ids: the list must
// find exactly the entities in all of them, in order both ways, whichever way it matches them
// (a range read of the other index over the stretch walked, or a probe per id).
TEST_F(StoreKit, ListWithSeveralFiltersFindsExactlyTheIntersectionBothWays) {
  const int n = 3000;
  std::vector<std::string> want;
  for (int i = 0; i < n; ++i) {
    std::vector<std::string> ix = {"all"};
    if (i % 11 == 0) ix.push_back("rare");
    if (i % 3 == 0) ix.push_back("third");
    if (i % 2 == 0) ix.push_back("half");
    if (i >= 2000 && i < 2600) ix.push_back("burst");
    const std::string id = absl::StrFormat("d-%05d", i);
    if (ix.size() == 5) want.push_back("congresses/hz/deputies/" + id);
    ASSERT_TRUE(Put(Spec(id, true, 0, ix), "代表").ok());
  }
  ASSERT_EQ(want.size(), 9u);  // multiples of 66 from 2046 to 2574
  EXPECT_EQ(ListAll({"half", "burst", "rare", "third"}, 4, false), want);
  std::reverse(want.begin(), want.end());
  EXPECT_EQ(ListAll({"half", "burst", "rare", "third"}, 4, true), want);
}

TEST_F(StoreKit, RedisDownFailsFastWithUnavailableThenRecovers) {
  ASSERT_TRUE(Put(Spec("d1", true, 0, {"all"}), "王一").ok());
  redis_.Kill();
  testing::WaitForRedisHealth(*client_, false, absl::Seconds(2));  // the connection drops at once
  EXPECT_FALSE(client_->healthy());
  auto down = Put(Spec("d2", true, 0, {"all"}), "李二");
  EXPECT_EQ(down.status().code(), absl::StatusCode::kUnavailable);
  redis_.Start();
  testing::WaitForRedisHealth(*client_, true, absl::Seconds(5));  // reconnects on its backoff
  ASSERT_TRUE(client_->healthy());
  // The acknowledged write survived the crash (AOF), and scripts load again after the restart.
  auto again = Put(Spec("d1", false, 1, {"all"}), "王一改");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->etag(), "2");
}

TEST_F(StoreKit, RedisThatStopsAnsweringTurnsUnhealthyAndBackWhenItAnswers) {
  ASSERT_TRUE(client_->healthy());
  redis_.Pause();
  const bool unhealthy = testing::WaitForRedisHealth(*client_, false, absl::Seconds(5));
  redis_.Resume();
  EXPECT_TRUE(unhealthy) << "three missed pings mark the connection unhealthy";
  EXPECT_TRUE(testing::WaitForRedisHealth(*client_, true, absl::Seconds(5)));
  EXPECT_TRUE(Put(Spec("d9", true, 0, {"all"}), "王九").ok());
}

}  // namespace
}  // namespace renda
