#pragma once
// Coroutines for the services: a handler reads top to bottom (validate → authorize → load →
// decide → write → answer) with `co_await` at each wait for Redis or another service, instead of
// a pyramid of callbacks.
//
//   Task<absl::StatusOr<v1::Deputy>> Core::Promote(const Caller& caller, std::string id) {
//     CO_ASSIGN_OR_RETURN(auto deputy, co_await deputies_.Get(congress, id));
//     CO_RETURN_IF_ERROR(CheckMayPromote(caller, deputy));
//     co_return co_await deputies_.Put(...);
//   }
//
// A Task is lazy: it starts when it is awaited (or handed to Start) and resumes its awaiter when
// it ends, on whatever thread finished its last wait (a Redis loop thread, say): nothing ever
// blocks a thread. Each Task has one awaiter. Coroutine parameters are copied into the frame, but
// what a reference parameter refers to must outlive the task: pass strings by value unless the
// caller awaits the task in the same expression.
//
// GCC 12 refuses a braced list inside a co_await expression ("array used as initializer"): build
// the vector (or message) in a variable first, then co_await. Nor does it get a conditional
// expression over tasks right (`c ? co_await a() : co_await b()` yields garbage, `co_await (c ?
// a() : b())` crashes): put the task in a variable first, or use an if.
//
// A chain of tasks started for one call shares a TaskScope (the call's deadline): every task
// awaited inherits its awaiter's scope, and waits on Redis end with DEADLINE_EXCEEDED when it
// passes.

#include <atomic>
#include <coroutine>
#include <exception>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace renda {

// What every task of one call shares.
struct TaskScope {
  absl::Time deadline = absl::InfiniteFuture();
};

template <class T>
class Task;

namespace task_internal {

struct PromiseBase {
  std::coroutine_handle<> continuation;
  const TaskScope* scope = nullptr;

  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> done) noexcept {
      std::coroutine_handle<> next = done.promise().continuation;
      return next ? next : std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };
  std::suspend_always initial_suspend() noexcept { return {}; }
  FinalAwaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { std::terminate(); }
};

template <class T>
struct Promise : PromiseBase {
  std::optional<T> value;
  Task<T> get_return_object() noexcept;
  template <class U>
  void return_value(U&& v) {
    value.emplace(std::forward<U>(v));
  }
};

// The scope of the coroutine `h` belongs to (nullptr for coroutines that are not tasks).
template <class P>
const TaskScope* ScopeOf(std::coroutine_handle<P> h) {
  if constexpr (requires { h.promise().scope; }) {
    return h.promise().scope;
  } else {
    return nullptr;
  }
}

// A coroutine nobody awaits: runs at once and frees itself at the end (used to start tasks).
struct Detached {
  struct promise_type {
    Detached get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
};

}  // namespace task_internal

template <class T>
class [[nodiscard]] Task {
 public:
  using promise_type = task_internal::Promise<T>;
  using Handle = std::coroutine_handle<promise_type>;

  Task() = default;
  explicit Task(Handle h) : h_(h) {}
  Task(Task&& other) noexcept : h_(std::exchange(other.h_, nullptr)) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      if (h_) h_.destroy();
      h_ = std::exchange(other.h_, nullptr);
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() {
    if (h_) h_.destroy();
  }

  // The scope of a task that starts a chain (the others inherit their awaiter's).
  void set_scope(const TaskScope* scope) { h_.promise().scope = scope; }

  bool await_ready() const noexcept { return false; }
  template <class P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> awaiter) noexcept {
    h_.promise().continuation = awaiter;
    if (h_.promise().scope == nullptr) h_.promise().scope = task_internal::ScopeOf(awaiter);
    return h_;
  }
  T await_resume() { return std::move(*h_.promise().value); }

 private:
  Handle h_;
};

template <class T>
Task<T> task_internal::Promise<T>::get_return_object() noexcept {
  return Task<T>(std::coroutine_handle<Promise<T>>::from_promise(*this));
}

namespace task_internal {
template <class T>
Detached Drive(Task<T> task, std::shared_ptr<const TaskScope> scope, absl::AnyInvocable<void(T)> done) {
  if (scope) task.set_scope(scope.get());
  done(co_await task);
}
}  // namespace task_internal

// Starts `task` now; `done` gets its result on the thread that finished it. `scope` (optional)
// is shared by every task the chain awaits.
template <class T>
void Start(Task<T> task, absl::AnyInvocable<void(T)> done, std::shared_ptr<const TaskScope> scope = nullptr) {
  task_internal::Drive<T>(std::move(task), std::move(scope), std::move(done));
}

// Awaits an operation that reports once through a callback: `start(callback, scope)` begins it
// (scope may be null) and the callback may be called from any thread, also before `start`
// returns. co_await yields the value the callback was given.
template <class T, class StartFn>
class CallbackAwaiter {
 public:
  explicit CallbackAwaiter(StartFn start) : start_(std::move(start)) {}
  bool await_ready() const noexcept { return false; }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) {
    handle_ = h;
    start_([this](T v) {
      result_.emplace(std::move(v));
      // Second to arrive resumes: await_suspend has already chosen to suspend.
      if (arrived_.exchange(true, std::memory_order_acq_rel)) handle_.resume();
    }, task_internal::ScopeOf(h));
    // First to arrive suspends; when the callback came first, go on without suspending.
    return !arrived_.exchange(true, std::memory_order_acq_rel);
  }
  T await_resume() { return std::move(*result_); }

 private:
  StartFn start_;
  std::coroutine_handle<> handle_;
  std::optional<T> result_;
  std::atomic<bool> arrived_{false};
};

// co_await Await<T>([&](absl::AnyInvocable<void(T)> done, const TaskScope* scope) { ... });
template <class T, class StartFn>
CallbackAwaiter<T, StartFn> Await(StartFn start) {
  return CallbackAwaiter<T, StartFn>(std::move(start));
}

// Runs every task at once and yields their results in order once all have ended.
template <class T>
Task<std::vector<T>> WhenAll(std::vector<Task<T>> tasks) {
  struct Join {
    std::vector<std::optional<T>> results;
    std::atomic<size_t> left{0};
    absl::AnyInvocable<void(bool)> done;
  };
  if (tasks.empty()) co_return std::vector<T>{};
  auto join = std::make_shared<Join>();
  join->results.resize(tasks.size());
  join->left = tasks.size();
  co_await Await<bool>([&](absl::AnyInvocable<void(bool)> done, const TaskScope* scope) {
    join->done = std::move(done);
    // The children share the awaiter's scope, which outlives them (it awaits them all).
    std::shared_ptr<const TaskScope> shared(scope, [](const TaskScope*) {});
    for (size_t i = 0; i < tasks.size(); ++i) {
      Start<T>(std::move(tasks[i]),
               [join, i](T v) {
                 join->results[i].emplace(std::move(v));
                 if (join->left.fetch_sub(1, std::memory_order_acq_rel) == 1) join->done(true);
               },
               scope != nullptr ? shared : nullptr);
    }
  });
  std::vector<T> out;
  out.reserve(join->results.size());
  for (auto& r : join->results) out.push_back(std::move(*r));
  co_return out;
}

// The first error of results (OK when every one succeeded).
template <class T>
absl::Status FirstError(const std::vector<absl::StatusOr<T>>& results) {
  for (const auto& r : results) {
    if (!r.ok()) return r.status();
  }
  return absl::OkStatus();
}

namespace task_internal {
inline const absl::Status& StatusOf(const absl::Status& s) { return s; }
template <class T>
const absl::Status& StatusOf(const absl::StatusOr<T>& s) {
  return s.status();
}
}  // namespace task_internal

// Read-modify-write with optimistic concurrency: runs `attempt` (a function returning a Task of
// absl::StatusOr or absl::Status) again while it fails with ABORTED — someone else wrote what it
// read in between — at most `attempts` times in all. Pass 1 when the client named the version it
// expects (an etag): then a conflict is the client's to resolve.
template <class F>
auto RetryOnConflict(int attempts, F attempt) -> decltype(attempt()) {
  for (int i = 1;; ++i) {
    auto result = co_await attempt();
    if (result.ok() || task_internal::StatusOf(result).code() != absl::StatusCode::kAborted || i >= attempts) {
      co_return result;
    }
  }
}

}  // namespace renda

#define RENDA_CO_CONCAT_INNER(a, b) a##b
#define RENDA_CO_CONCAT(a, b) RENDA_CO_CONCAT_INNER(a, b)

// In a coroutine returning Task<absl::Status> or Task<absl::StatusOr<T>>: ends it with the
// error of `expr` (an absl::Status or absl::StatusOr) when there is one.
#define CO_RETURN_IF_ERROR(expr)                                                            \
  do {                                                                                      \
    if (auto&& renda_co_status = (expr); !renda_co_status.ok()) {                           \
      co_return ::renda::task_internal::StatusOf(renda_co_status);                          \
    }                                                                                       \
  } while (0)

// CO_ASSIGN_OR_RETURN(auto x, co_await ...): the value of an absl::StatusOr, or ends the
// coroutine with its error.
#define CO_ASSIGN_OR_RETURN(lhs, expr) \
  RENDA_CO_ASSIGN_OR_RETURN_IMPL(RENDA_CO_CONCAT(renda_co_result_, __LINE__), lhs, expr)
#define RENDA_CO_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) co_return std::move(tmp).status();    \
  lhs = *std::move(tmp)
