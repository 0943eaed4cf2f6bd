#pragma once
// The opinions' text-search index, kept off the submission path: a background thread follows
// the intake change feed of each congress and, for every opinion created, adds its id to the
// index of each pair of adjacent characters of its title and text (the store's ordinary index
// sets, so ListOpinions searches them like any filter). Title and text never change after
// submission, so an opinion is indexed once. The cursor is kept in Redis and moves in the same
// step as the index entries, so a restart resumes where it stopped and nothing is indexed twice
// or skipped. A new opinion is searchable once the indexer has read it (normally within a
// fraction of a second).

#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "services/common/redis_client.h"
#include "services/common/store.h"

namespace renda::intake {

class TextIndexer {
 public:
  // Follows the feeds of `congresses` in `store`, looking for new events every `idle` when
  // there are none.
  TextIndexer(RedisClient* redis, EntityStore* store, std::vector<std::string> congresses, absl::Duration idle);
  ~TextIndexer();  // stops the thread

  // Indexes whatever the feed holds now for `congress`; returns how many opinions it indexed,
  // or the error that stopped it. (The thread calls it; tests may too.)
  absl::StatusOr<int> CatchUp(const std::string& congress);

 private:
  void Loop();

  RedisClient* redis_;
  EntityStore* store_;
  std::vector<std::string> congresses_;
  absl::Duration idle_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace renda::intake
