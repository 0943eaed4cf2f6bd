#include "services/common/text_index.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace renda {
namespace {

// Characters no query pair can span: the store separates index names with line breaks, and
// white space separates words.
bool Breaks(absl::string_view c) { return c.size() == 1 && absl::ascii_isspace(static_cast<unsigned char>(c[0])); }

std::vector<std::string> NormalizedChars(absl::string_view text) {
  std::vector<std::string> chars = Utf8Chars(text);
  for (std::string& c : chars) {
    if (c.size() == 1) c[0] = absl::ascii_tolower(static_cast<unsigned char>(c[0]));
  }
  return chars;
}

}  // namespace

std::vector<std::string> Utf8Chars(absl::string_view text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    len = std::min(len, text.size() - i);
    out.emplace_back(text.substr(i, len));
    i += len;
  }
  return out;
}

void AppendTextIndexes(absl::string_view prefix, absl::string_view text, bool unigrams,
                       absl::flat_hash_set<std::string>& seen, std::vector<std::string>& out) {
  const std::vector<std::string> chars = NormalizedChars(text);
  for (size_t i = 0; i < chars.size(); ++i) {
    if (Breaks(chars[i])) continue;
    if (unigrams) {
      std::string ix = absl::StrCat(prefix, ":1:", chars[i]);
      if (seen.insert(ix).second) out.push_back(std::move(ix));
    }
    if (i + 1 < chars.size() && !Breaks(chars[i + 1])) {
      std::string ix = absl::StrCat(prefix, ":2:", chars[i], chars[i + 1]);
      if (seen.insert(ix).second) out.push_back(std::move(ix));
    }
  }
}

std::vector<std::string> TextQueryIndexes(absl::string_view prefix, absl::string_view query) {
  std::vector<std::string> out;
  std::vector<std::string> chars = NormalizedChars(query);
  chars.erase(std::remove_if(chars.begin(), chars.end(), [](const std::string& c) { return Breaks(c); }), chars.end());
  if (chars.size() == 1) {
    out.push_back(absl::StrCat(prefix, ":1:", chars[0]));
    return out;
  }
  // Pairs of the query as typed: a pair across a space in the query is not indexed.
  absl::flat_hash_set<std::string> seen;
  const std::vector<std::string> typed = NormalizedChars(query);
  for (size_t i = 0; i + 1 < typed.size(); ++i) {
    if (Breaks(typed[i]) || Breaks(typed[i + 1])) continue;
    std::string ix = absl::StrCat(prefix, ":2:", typed[i], typed[i + 1]);
    if (seen.insert(ix).second) out.push_back(std::move(ix));
  }
  return out;
}

bool ContainsText(absl::string_view text, absl::string_view query) {
  if (query.empty()) return true;
  std::string t = absl::AsciiStrToLower(text);
  std::string q = absl::AsciiStrToLower(query);
  return absl::StrContains(t, q);
}

}  // namespace renda
