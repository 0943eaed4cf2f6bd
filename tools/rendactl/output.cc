#include "tools/rendactl/output.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/time_util.h"

namespace rendactl {
namespace {

// Decodes the code point at text[*i] and advances *i; an invalid byte decodes as itself.
uint32_t NextCodePoint(absl::string_view text, size_t* i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(*i);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length <= 1 || *i + length > text.size()) {
    ++*i;
    return lead;
  }
  uint32_t cp = lead & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) {
    if ((byte(*i + k) & 0xC0) != 0x80) {
      ++*i;
      return lead;
    }
    cp = (cp << 6) | (byte(*i + k) & 0x3F);
  }
  *i += length;
  return cp;
}

int CodePointWidth(uint32_t cp) {
  // Combining marks, zero-width spaces and joiners, variation selectors.
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0xFE00 && cp <= 0xFE0F)) {
    return 0;
  }
  // East Asian Wide (W) and Fullwidth (F) blocks: Hangul Jamo, CJK radicals to Yi (less U+303F),
  // Hangul syllables, CJK compatibility ideographs, vertical and compatibility forms, full-width
  // forms, common emoji, and the supplementary ideographic planes.
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE10 && cp <= 0xFE19) ||
      (cp >= 0xFE30 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
      (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x1F900 && cp <= 0x1F9FF) ||
      (cp >= 0x20000 && cp <= 0x3FFFD)) {
    return 2;
  }
  return 1;
}

void AppendPadded(std::string* line, const std::string& text, size_t width, bool right) {
  std::string pad(width - std::min(width, DisplayWidth(text)), ' ');
  if (right) line->append(pad);
  line->append(text);
  if (!right) line->append(pad);
}

// Writes `line` without trailing blanks (an empty last column would leave some).
void PrintLine(std::FILE* out, std::string line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
  line.push_back('\n');
  std::fputs(line.c_str(), out);
}

}  // namespace

size_t DisplayWidth(absl::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) width += CodePointWidth(NextCodePoint(text, &i));
  return width;
}

std::string Truncate(absl::string_view text, size_t max_width) {
  if (max_width == 0) return "";
  std::string out;
  size_t width = 0;
  size_t kept_bytes = 0;  // bytes of `out` that fit with room for the ellipsis
  bool cut = false;
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    uint32_t cp = NextCodePoint(text, &i);
    size_t w = CodePointWidth(cp);
    if (width + w > max_width) {
      cut = true;
      break;
    }
    if (cp == '\n' || cp == '\r' || cp == '\t') {
      out.push_back(' ');
    } else {
      out.append(text.data() + start, i - start);
    }
    width += w;
    if (width <= max_width - 1) kept_bytes = out.size();
  }
  if (!cut) return out;
  out.resize(kept_bytes);
  return absl::StrCat(out, "…");
}

void Table::Print(std::FILE* out) const {
  std::vector<size_t> widths(headers_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) widths[c] = std::max(widths[c], DisplayWidth(row[c]));
  };
  measure(headers_);
  for (const auto& row : rows_) measure(row);
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t c = 0; c < widths.size(); ++c) {
      const std::string& cell = c < row.size() ? row[c] : std::string();
      bool right = std::find(right_.begin(), right_.end(), c) != right_.end();
      if (c > 0) line.append("  ");
      AppendPadded(&line, cell, widths[c], right);
    }
    PrintLine(out, std::move(line));
  };
  print_row(headers_);
  for (const auto& row : rows_) print_row(row);
}

void Fields::Print(std::FILE* out) const {
  size_t width = 0;
  for (const auto& [key, value] : rows_) {
    if (!value.empty()) width = std::max(width, DisplayWidth(key));
  }
  for (const auto& [key, value] : rows_) {
    if (value.empty()) continue;
    std::string line;
    AppendPadded(&line, key, width, false);
    PrintLine(out, absl::StrCat(line, "  ", value));
  }
}

std::string FormatTimestamp(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M:%S", absl::FromUnixSeconds(time.seconds()), renda::ChinaTime());
}

std::string FormatDate(const renda::type::v1::Date& date) {
  if (date.year() == 0) return "";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year(), date.month(), date.day());
  return buffer;
}

absl::Status PrintJson(const google::protobuf::Message& message, bool one_line) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = !one_line;
  std::string json;
  if (auto status = google::protobuf::util::MessageToJsonString(message, &json, options); !status.ok()) {
    return absl::InternalError(absl::StrCat("cannot print the response as JSON: ", status.ToString()));
  }
  std::fputs(json.c_str(), stdout);
  if (json.empty() || json.back() != '\n') std::fputc('\n', stdout);
  std::fflush(stdout);
  return absl::OkStatus();
}

std::string IdOf(absl::string_view name) {
  size_t slash = name.rfind('/');
  return std::string(slash == absl::string_view::npos ? name : name.substr(slash + 1));
}

}  // namespace rendactl
