// The coroutine runtime: tasks, callbacks awaited from any thread, WhenAll, RetryOnConflict,
// the error macros, and the call's deadline reaching Redis.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "absl/synchronization/notification.h"
#include "renda/representatives/v1/representatives.pb.h"
#include "services/common/entities.h"
#include "services/common/errors.h"
#include "services/common/redis_client.h"
#include "services/common/task.h"
#include "tests/support/redis_server.h"

namespace renda {
namespace {

// Runs a task to its end from the test thread and returns its result.
template <class T>
T RunToEnd(Task<T> task, std::shared_ptr<const TaskScope> scope = nullptr) {
  absl::Notification done;
  std::optional<T> result;
  Start<T>(std::move(task), [&](T v) {
    result.emplace(std::move(v));
    done.Notify();
  }, std::move(scope));
  EXPECT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  return std::move(*result);
}

// A value handed over by another thread after `delay`.
Task<absl::StatusOr<int>> Later(int value, absl::Duration delay) {
  co_return co_await Await<absl::StatusOr<int>>([=](absl::AnyInvocable<void(absl::StatusOr<int>)> done,
                                                    const TaskScope*) {
    std::thread([value, delay, done = std::move(done)]() mutable {
      absl::SleepFor(delay);
      done(value);
    }).detach();
  });
}

// A value handed over before the start function returns.
Task<absl::StatusOr<int>> AtOnce(int value) {
  co_return co_await Await<absl::StatusOr<int>>(
      [=](absl::AnyInvocable<void(absl::StatusOr<int>)> done, const TaskScope*) { done(value); });
}

Task<absl::StatusOr<int>> Fails(absl::StatusCode code) { co_return absl::Status(code, "failed on purpose"); }

Task<absl::StatusOr<int>> Sum(bool fail_second) {
  CO_ASSIGN_OR_RETURN(int a, co_await Later(20, absl::Milliseconds(5)));
  Task<absl::StatusOr<int>> second = fail_second ? Fails(absl::StatusCode::kNotFound) : AtOnce(22);
  CO_ASSIGN_OR_RETURN(int b, co_await std::move(second));
  co_return a + b;
}

Task<absl::Status> CheckPositive(int n) {
  CO_RETURN_IF_ERROR(n > 0 ? absl::OkStatus() : absl::InvalidArgumentError("not positive"));
  CO_RETURN_IF_ERROR(co_await AtOnce(n));
  co_return absl::OkStatus();
}

TEST(Task, ChainsValuesAndStopsAtTheFirstError) {
  EXPECT_EQ(*RunToEnd(Sum(false)), 42);
  absl::StatusOr<int> failed = RunToEnd(Sum(true));
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(RunToEnd(CheckPositive(3)).ok());
  EXPECT_EQ(RunToEnd(CheckPositive(-1)).code(), absl::StatusCode::kInvalidArgument);
}

TEST(Task, ManyCallbacksFromOtherThreadsAndInline) {
  // Thousands of awaits where the callback races the suspension: every result arrives once.
  std::atomic<int> total{0};
  absl::Notification all;
  constexpr int kTasks = 2000;
  std::atomic<int> left{kTasks};
  for (int i = 0; i < kTasks; ++i) {
    Start<absl::StatusOr<int>>(i % 2 == 0 ? Later(i, absl::ZeroDuration()) : AtOnce(i), [&](absl::StatusOr<int> v) {
      total += *v;
      if (--left == 0) all.Notify();
    });
  }
  ASSERT_TRUE(all.WaitForNotificationWithTimeout(absl::Seconds(20)));
  EXPECT_EQ(total.load(), kTasks * (kTasks - 1) / 2);
}

TEST(Task, WhenAllKeepsTheOrderOfItsTasks) {
  std::vector<Task<absl::StatusOr<int>>> tasks;
  tasks.push_back(Later(1, absl::Milliseconds(30)));
  tasks.push_back(AtOnce(2));
  tasks.push_back(Later(3, absl::Milliseconds(1)));
  tasks.push_back(Fails(absl::StatusCode::kUnavailable));
  auto results = RunToEnd(WhenAll(std::move(tasks)));
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(*results[0], 1);
  EXPECT_EQ(*results[1], 2);
  EXPECT_EQ(*results[2], 3);
  EXPECT_EQ(results[3].status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(FirstError(results).code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(RunToEnd(WhenAll(std::vector<Task<absl::StatusOr<int>>>{})).empty());
}

// Fails with `code` the first `failures` times it runs.
struct Flaky {
  int failures;
  absl::StatusCode code;
  int runs = 0;
  Task<absl::StatusOr<int>> operator()() {
    ++runs;
    if (runs <= failures) return Fails(code);
    return AtOnce(runs);
  }
};

Task<absl::StatusOr<int>> Retrying(Flaky* flaky, int attempts) {
  co_return co_await RetryOnConflict(attempts, [flaky] { return (*flaky)(); });
}

TEST(Task, RetryOnConflictRetriesOnlyAbortedAndOnlyAsOftenAsAllowed) {
  Flaky twice{2, absl::StatusCode::kAborted};
  EXPECT_EQ(*RunToEnd(Retrying(&twice, 3)), 3);
  EXPECT_EQ(twice.runs, 3);

  Flaky always{100, absl::StatusCode::kAborted};
  EXPECT_EQ(RunToEnd(Retrying(&always, 3)).status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(always.runs, 3);

  Flaky missing{100, absl::StatusCode::kNotFound};
  EXPECT_EQ(RunToEnd(Retrying(&missing, 3)).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.runs, 1);

  Flaky once{1, absl::StatusCode::kAborted};  // an etag given: a conflict is the client's
  EXPECT_EQ(RunToEnd(Retrying(&once, 1)).status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(once.runs, 1);
}

class WithRedis : public ::testing::Test {
 protected:
  void SetUp() override {
    client_ = testing::ConnectedClient(redis_);
    ASSERT_NE(client_, nullptr);
  }
  static std::shared_ptr<const TaskScope> Within(absl::Duration d) {
    return std::make_shared<TaskScope>(TaskScope{absl::Now() + d});
  }
  testing::RedisServer redis_;
  std::unique_ptr<RedisClient> client_;
};

Task<absl::StatusOr<RedisValue>> SetThenGet(RedisClient* redis, std::string value) {
  std::vector<std::string> set = {"SET", "k", value}, get = {"GET", "k"};
  CO_RETURN_IF_ERROR(co_await redis->Run(std::move(set)));
  co_return co_await redis->Run(std::move(get));
}

TEST_F(WithRedis, TheCallsDeadlineBoundsEveryWaitOnRedis) {
  auto got = RunToEnd(SetThenGet(client_.get(), "one"), Within(absl::Seconds(5)));
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->str, "one");

  // A Redis that answers nothing: the wait ends at the deadline, not when Redis comes back.
  redis_.Pause();
  const absl::Time start = absl::Now();
  auto late = RunToEnd(SetThenGet(client_.get(), "two"), Within(absl::Milliseconds(300)));
  const absl::Duration waited = absl::Now() - start;
  redis_.Resume();
  EXPECT_EQ(late.status().code(), absl::StatusCode::kDeadlineExceeded) << late.status();
  EXPECT_LT(waited, absl::Seconds(3));

  // A deadline already passed sends nothing.
  auto gone = RunToEnd(SetThenGet(client_.get(), "three"), Within(-absl::Seconds(1)));
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kDeadlineExceeded);
  auto now = RunToEnd(SetThenGet(client_.get(), "four"), Within(absl::Seconds(5)));
  ASSERT_TRUE(now.ok()) << now.status();
  EXPECT_EQ(now->str, "four");
}

TEST_F(WithRedis, AStaleVersionIsRefusedWithTheSameReasonWhicheverLayerFindsIt) {
  using representatives::v1::Deputy;
  EntityStore store(client_.get(), "t");
  Entities<Deputy> deputies(&store, EntityKind<Deputy>{"deputy", "deputies", "deputy",
                                                       [](const Deputy& d) {
                                                         return std::vector<std::string>{"all", "name:" + d.display_name()};
                                                       }});
  const WriteOrigin origin{"tester", "", "", absl::Now()};
  Deputy d;
  d.set_name("congresses/hz/deputies/d1");
  d.set_display_name("a");
  ASSERT_TRUE(RunToEnd(deputies.Create(d, origin)).ok());
  auto first = RunToEnd(deputies.Read("hz", "d1"));
  ASSERT_TRUE(first.ok());
  // Someone else changes it after our read.
  auto changed = RunToEnd(deputies.Update("hz", "d1", "", origin, [](const Deputy& cur) -> absl::StatusOr<Deputy> {
    Deputy next = cur;
    next.set_display_name("b");
    return next;
  }));
  ASSERT_TRUE(changed.ok()) << changed.status();
  // Our write, based on the old version, is refused by the write script...
  Deputy stale = first->entity;
  stale.set_display_name("c");
  auto script_refusal = RunToEnd(CommitWrites(&store, "hz", origin, {deputies.Changed(stale, *first, origin)}));
  EXPECT_EQ(script_refusal.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ErrorReason(script_refusal.status()), "ETAG_MISMATCH");
  // ...and a client's stale etag by the C++ check: the same code and reason.
  auto etag_refusal = RunToEnd(deputies.Update("hz", "d1", "1", origin, [](const Deputy& cur) { return cur; }));
  EXPECT_EQ(etag_refusal.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ErrorReason(etag_refusal.status()), "ETAG_MISMATCH");
  // The indexes followed the change that won.
  auto now = RunToEnd(deputies.Get("hz", "d1"));
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->display_name(), "b");
  PageTokenCodec tokens("test-page-token-key");
  auto by_a = RunToEnd(deputies.List(tokens, ListQuery{.congress = "hz", .indexes = {"name:a"}, .scope = "test"}));
  auto by_b = RunToEnd(deputies.List(tokens, ListQuery{.congress = "hz", .indexes = {"name:b"}, .scope = "test"}));
  ASSERT_TRUE(by_a.ok() && by_b.ok());
  EXPECT_TRUE(by_a->items.empty());
  ASSERT_EQ(by_b->items.size(), 1u);
  EXPECT_EQ(by_b->items[0].display_name(), "b");
  // A taken id.
  auto again = RunToEnd(deputies.Create(d, origin));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ErrorReason(again.status()), "ALREADY_EXISTS");
}

}  // namespace
}  // namespace renda
