#pragma once
// Substring search of text (Chinese above all, which has no spaces to split words at) through
// the store's secondary indexes: a text is listed under an index per pair of adjacent characters
// (and, when asked, per character). A query of two or more characters needs the entities in
// every index of its pairs — a superset of those containing it, since the pairs may lie apart —
// so the caller drops the false positives with ContainsText on the page it read.

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"

namespace renda {

// The code points of valid UTF-8 text, each as its UTF-8 bytes.
std::vector<std::string> Utf8Chars(absl::string_view text);

// The n-gram indexes of a text, added to `out` once each (`seen` holds those already added, so
// several fields of one entity share them): `<prefix>:2:<ab>` for every pair of adjacent
// characters and, with `unigrams`, `<prefix>:1:<a>` for every character. ASCII letters are
// lowercased; pairs across a line break or white space are skipped.
void AppendTextIndexes(absl::string_view prefix, absl::string_view text, bool unigrams,
                       absl::flat_hash_set<std::string>& seen, std::vector<std::string>& out);

// The indexes a query needs (every one must hold the entity): its pairs, or for a one-character
// query its character (only useful where texts were indexed with unigrams). Empty for a query
// with no character to search by.
std::vector<std::string> TextQueryIndexes(absl::string_view prefix, absl::string_view query);

// Whether `text` contains `query`, ignoring ASCII case (the check that drops false positives).
bool ContainsText(absl::string_view text, absl::string_view query);

}  // namespace renda
