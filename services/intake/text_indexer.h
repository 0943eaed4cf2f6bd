#pragma once
// The opinions' text-search index, kept off the submission path: the indexer follows the intake
// change feed of a congress and, for every opinion created, adds its id to the index of each
// pair of adjacent characters of its title and text (the store's ordinary index sets, so
// ListOpinions searches them like any filter). Title and text never change after submission, so
// an opinion is indexed once. The cursor is kept in Redis and moves in the same step as the index
// entries, so a restart resumes where it stopped and nothing is indexed twice or skipped. The
// intake service runs CatchUp in the background every IntakeOptions::text_index_idle, so a new
// opinion is searchable once the indexer has read it (normally within a fraction of a second).

#include <atomic>
#include <string>

#include "absl/status/statusor.h"
#include "services/common/task.h"
#include "services/intake/intake_store.h"

namespace renda::intake {

class TextIndexer {
 public:
  explicit TextIndexer(const IntakeStore* store) : store_(store) {}

  // Indexes whatever the feed of `congress` holds now; answers how many opinions it indexed, or
  // the error that stopped it. Ends early once `*stop` is set.
  Task<absl::StatusOr<int>> CatchUp(std::string congress, const std::atomic<bool>* stop = nullptr) const;

 private:
  const IntakeStore* store_;
};

}  // namespace renda::intake
