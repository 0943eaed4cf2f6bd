#pragma once
// How rendactl shows results: aligned tables for people (CJK characters count as two columns,
// as terminals draw them), key/value listings for one resource, and JSON for scripts.

#include <cstddef>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"
#include "renda/type/v1/date.pb.h"

namespace rendactl {

// Columns a terminal needs for `text` (UTF-8): 2 for East Asian wide and full-width
// characters, 0 for combining marks, 1 otherwise (also for each byte of invalid UTF-8).
size_t DisplayWidth(absl::string_view text);
// `text` cut to at most `max_width` columns, ending in "…" when cut; newlines become spaces.
std::string Truncate(absl::string_view text, size_t max_width);

// A table printed with its columns aligned, two spaces apart.
class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  // Right-aligns a column (for counts).
  void AlignRight(size_t column) { right_.push_back(column); }
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  size_t size() const { return rows_.size(); }
  // Prints the header and the rows; no trailing blanks.
  void Print(std::FILE* out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<size_t> right_;
};

// One resource as `key  value` lines with the keys aligned; empty values are left out.
class Fields {
 public:
  void Add(absl::string_view key, absl::string_view value) { rows_.emplace_back(key, value); }
  void Print(std::FILE* out) const;

 private:
  std::vector<std::pair<std::string, std::string>> rows_;
};

// China Standard Time (UTC+8, the time zone the suite implies), "2026-03-01 09:30:00"; "" unset.
std::string FormatTimestamp(const google::protobuf::Timestamp& time);
// "2026-03-01"; "" when unset.
std::string FormatDate(const renda::type::v1::Date& date);

// Prints `message` as JSON on stdout: indented, or on one line (JSON Lines, for streams).
// INTERNAL when it cannot be (a packed Any of a type rendactl does not know).
absl::Status PrintJson(const google::protobuf::Message& message, bool one_line = false);

// The last segment of a resource name: "d-0001" for "congresses/hz/deputies/d-0001".
std::string IdOf(absl::string_view name);

}  // namespace rendactl
