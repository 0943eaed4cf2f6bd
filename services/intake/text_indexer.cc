#include "services/intake/text_indexer.h"

#include <iostream>
#include <memory>

#include "absl/strings/str_cat.h"
#include "renda/intake/v1/intake.pb.h"
#include "services/intake/opinion_logic.h"

namespace renda::intake {
namespace {

// KEYS: the index sets, then the cursor key. ARGV: the opinion id, the event's cursor.
const RedisScript kIndexScript(R"lua(
for i = 1, #KEYS - 1 do redis.call('ZADD', KEYS[i], 0, ARGV[1]) end
redis.call('SET', KEYS[#KEYS], ARGV[2])
return #KEYS - 1
)lua");

constexpr int kBatch = 500;

// Runs one asynchronous Redis step and waits for its result (the indexer has its own thread).
template <class T, class Start>
absl::StatusOr<T> Wait(Start start) {
  auto result = std::make_shared<absl::StatusOr<T>>(absl::UnknownError("no answer"));
  auto done = std::make_shared<absl::Notification>();
  start([result, done](absl::StatusOr<T> r) {
    *result = std::move(r);
    done->Notify();
  });
  if (!done->WaitForNotificationWithTimeout(absl::Seconds(30))) {
    return absl::DeadlineExceededError("the data store did not answer the text indexer within 30 s");
  }
  return *result;
}

}  // namespace

TextIndexer::TextIndexer(RedisClient* redis, EntityStore* store, std::vector<std::string> congresses,
                         absl::Duration idle)
    : redis_(redis), store_(store), congresses_(std::move(congresses)), idle_(idle) {
  thread_ = std::thread([this] { Loop(); });
}

TextIndexer::~TextIndexer() {
  stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

absl::StatusOr<int> TextIndexer::CatchUp(const std::string& congress) {
  const std::string cursor_key = absl::StrCat(store_->FeedKey(congress), ":textindex");
  auto cursor = Wait<RedisValue>([&](auto done) { redis_->Command({"GET", cursor_key}, std::move(done)); });
  if (!cursor.ok()) return cursor.status();
  std::string after = cursor->is_nil() ? "" : cursor->str;
  int indexed = 0;
  while (!stop_.HasBeenNotified()) {
    auto entries = Wait<std::vector<EntityStore::FeedEntry>>(
        [&](auto done) { store_->ReadFeed(congress, after, kBatch, std::move(done)); });
    if (!entries.ok()) return entries.status();
    std::string saved = after;
    for (const auto& entry : *entries) {
      after = entry.cursor;
      auto event = ParseChangeEvent(entry);
      v1::Opinion opinion;
      if (!event.ok() || event->change_type() != renda::type::v1::CHANGE_TYPE_CREATED ||
          !event->resource().UnpackTo(&opinion)) {
        continue;
      }
      std::vector<std::string> keys;
      for (const std::string& ix : OpinionTextIndexes(opinion)) keys.push_back(store_->IndexKey(congress, ix));
      keys.push_back(cursor_key);
      const std::string id = opinion.name().substr(opinion.name().rfind('/') + 1);
      auto r = Wait<RedisValue>([&](auto done) {
        redis_->Eval(kIndexScript, std::move(keys), {id, after}, std::move(done));
      });
      if (!r.ok()) return r.status();
      ++indexed;
      saved = after;
    }
    if (saved != after) {
      // Only other events since the last opinion: the cursor moves past them.
      auto r = Wait<RedisValue>([&](auto done) { redis_->Command({"SET", cursor_key, after}, std::move(done)); });
      if (!r.ok()) return r.status();
    }
    if (static_cast<int>(entries->size()) < kBatch) break;
  }
  return indexed;
}

void TextIndexer::Loop() {
  do {
    for (const std::string& congress : congresses_) {
      auto r = CatchUp(congress);
      if (!r.ok() && !stop_.HasBeenNotified()) {
        std::cerr << "intake: text indexer of " << congress << ": " << r.status() << " (retrying)\n";
      }
    }
  } while (!stop_.WaitForNotificationWithTimeout(idle_));
}

}  // namespace renda::intake
