#pragma once
// Reading Redis itself, for the few assertions whose point is storage and that no RPC can
// show: that a call naming an unregistered congress left no key at all (no counter, feed or
// index), that the change feed's stored entries hold no personal data (not merely that a reader
// gets them redacted), where a follower's cursor stands, when a rate-limit window's counter
// expires, and the store kit's own keys. Every other outcome a test asserts goes through the
// services' Get and List (and the change feed through ListChanges), as a user would see it.
// This is the one way tests read or touch keys; say at each use why the test looks at storage.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/support/redis_server.h"

namespace renda::testing {

class RawStorage {
 public:
  explicit RawStorage(const RedisServer& redis) : redis_(redis) {}

  // Every key matching the glob `pattern` (SCAN), in no particular order.
  std::vector<std::string> KeysMatching(const std::string& pattern) const {
    return Lines(redis_.Cli(absl::StrCat("--scan --pattern ", Quoted(pattern))));
  }
  // The string stored at `key` ("" when there is none).
  std::string Value(const std::string& key) const { return redis_.Cli(absl::StrCat("GET ", Quoted(key))); }
  // The milliseconds until `key` expires (-1: no expiry, -2: no such key).
  int64_t MillisToLive(const std::string& key) const {
    return std::stoll(redis_.Cli(absl::StrCat("PTTL ", Quoted(key))));
  }
  // Every field and value of every entry of the stream at `key`, as text.
  std::string StreamText(const std::string& key) const {
    return redis_.Cli(absl::StrCat("XRANGE ", Quoted(key), " - +"));
  }
  // Deletes `key`: for a test that makes a consumer start over (not for assertions).
  void Delete(const std::string& key) const { redis_.Cli(absl::StrCat("DEL ", Quoted(key))); }
  // The items of the list at `key`, in order; and the writes a test uses to tamper with a list
  // directly (a livelihood vote's ballot ledger), as someone with access to Redis could.
  std::vector<std::string> ListItems(const std::string& key) const {
    return Lines(redis_.Cli(absl::StrCat("LRANGE ", Quoted(key), " 0 -1")));
  }
  void SetListItem(const std::string& key, int index, const std::string& value) const {
    redis_.Cli(absl::StrCat("LSET ", Quoted(key), " ", index, " ", Quoted(value)));
  }
  void RemoveListItem(const std::string& key, const std::string& value) const {
    redis_.Cli(absl::StrCat("LREM ", Quoted(key), " 1 ", Quoted(value)));
  }
  void InsertListItemBefore(const std::string& key, const std::string& pivot, const std::string& value) const {
    redis_.Cli(absl::StrCat("LINSERT ", Quoted(key), " BEFORE ", Quoted(pivot), " ", Quoted(value)));
  }

 private:
  static std::string Quoted(const std::string& arg) { return absl::StrCat("'", arg, "'"); }
  static std::vector<std::string> Lines(const std::string& out) {
    if (out.empty()) return {};
    return absl::StrSplit(out, '\n', absl::SkipEmpty());
  }
  const RedisServer& redis_;
};

}  // namespace renda::testing
