#include "services/intake/disclosure.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/ascii.h"

namespace renda::intake {
namespace {

using Text = std::u32string;
using Word = std::u32string_view;

constexpr char32_t kMask = U'*';
constexpr char32_t kReplacement = 0xFFFD;

// ---- UTF-8 ----------------------------------------------------------------------------------

Text Decode(absl::string_view s) {
  Text out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (b < 0x80) {
      out.push_back(b);
      ++i;
      continue;
    } else if ((b & 0xE0) == 0xC0) {
      len = 2, cp = b & 0x1F, min = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3, cp = b & 0x0F, min = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4, cp = b & 0x07, min = 0x10000;
    }
    bool ok = len != 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (c & 0x3F);
    }
    if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (ok) {
      out.push_back(cp);
      i += len;
    } else {
      out.push_back(kReplacement);  // one invalid byte
      ++i;
    }
  }
  return out;
}

std::string Encode(const Text& t) {
  std::string out;
  out.reserve(t.size() * 3);
  for (char32_t c : t) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

// ---- character classes ----------------------------------------------------------------------

bool IsDigit(char32_t c) { return (c >= U'0' && c <= U'9') || (c >= 0xFF10 && c <= 0xFF19); }
int DigitValue(char32_t c) { return c >= 0xFF10 ? static_cast<int>(c - 0xFF10) : static_cast<int>(c - U'0'); }
bool IsAsciiAlpha(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }
bool IsAsciiAlnum(char32_t c) { return IsAsciiAlpha(c) || (c >= U'0' && c <= U'9'); }
bool IsDash(char32_t c) { return c == U'-' || c == 0xFF0D; }
// Separators allowed between the digit groups of one phone number.
bool IsPhoneSep(char32_t c) { return c == U' ' || c == 0x3000 || IsDash(c); }
bool IsParen(char32_t c) { return c == U'(' || c == U')' || c == 0xFF08 || c == 0xFF09; }
bool IsOpenParen(char32_t c) { return c == U'(' || c == 0xFF08; }
bool IsCloseParen(char32_t c) { return c == U')' || c == 0xFF09; }
bool IsChineseNumeral(char32_t c) { return Word(U"零〇一二两三四五六七八九十百").find(c) != Word::npos; }
bool IsNumeral(char32_t c) { return IsDigit(c) || IsChineseNumeral(c); }
bool IsEmailLocal(char32_t c) { return IsAsciiAlnum(c) || Word(U"._%+_-").find(c) != Word::npos; }
bool IsEmailDomain(char32_t c) { return IsAsciiAlnum(c) || c == U'.' || c == U'-'; }
// Ends an address after 住址 and the like.
bool IsClauseEnd(char32_t c) {
  return Word(U"，,。.；;！!？?、\n\r\t）)】]“”\"'：:").find(c) != Word::npos;
}

bool At(const Text& t, size_t i, Word w) { return i + w.size() <= t.size() && Word(t).substr(i, w.size()) == w; }

bool DigitAt(const Text& t, size_t i) { return i < t.size() && IsDigit(t[i]); }
bool DigitBefore(const Text& t, size_t i) { return i > 0 && IsDigit(t[i - 1]); }

// ---- matching helpers -----------------------------------------------------------------------

// Collects exactly `want` digits from `i` (a digit), allowing one separator accepted by `sep`
// between two digits. Returns the positions, or empty if the text runs out of digits first.
// `*end` is the index after the last digit.
template <typename Sep>
std::vector<size_t> CollectDigits(const Text& t, size_t i, size_t want, Sep sep, size_t* end) {
  std::vector<size_t> pos;
  size_t k = i;
  while (pos.size() < want) {
    if (DigitAt(t, k)) {
      pos.push_back(k++);
    } else if (!pos.empty() && k < t.size() && sep(t[k]) && DigitAt(t, k + 1)) {
      ++k;
    } else {
      return {};
    }
  }
  *end = k;
  return pos;
}

size_t DigitRun(const Text& t, size_t i) {
  size_t k = i;
  while (DigitAt(t, k)) ++k;
  return k - i;
}

void MarkRange(std::vector<bool>& m, size_t from, size_t to) {
  for (size_t k = from; k < to && k < m.size(); ++k) m[k] = true;
}
void MarkPositions(std::vector<bool>& m, const std::vector<size_t>& pos) {
  for (size_t p : pos) m[p] = true;
}

// ---- known values ---------------------------------------------------------------------------

struct KnownValue {
  Text text;                        // matched as a substring (ASCII case-insensitive)
  std::vector<std::string> digits;  // digit strings matched across separators
};

char32_t Fold(char32_t c) { return (c >= U'A' && c <= U'Z') ? c - U'A' + U'a' : c; }

std::vector<KnownValue> Prepare(const MaskContext& known) {
  std::vector<std::string> raw = {known.name, known.phone, known.address};
  raw.insert(raw.end(), known.other.begin(), known.other.end());
  std::vector<KnownValue> out;
  for (const std::string& r : raw) {
    Text t = Decode(absl::StripAsciiWhitespace(r));
    if (t.size() < 2) continue;
    KnownValue v;
    for (char32_t& c : t) c = Fold(c);
    std::string d;
    bool numeric = true;
    for (char32_t c : t) {
      if (IsDigit(c)) {
        d.push_back(static_cast<char>('0' + DigitValue(c)));
      } else if (!IsPhoneSep(c) && !IsParen(c) && c != U'+') {
        numeric = false;
      }
    }
    if (numeric && d.size() >= 7) {
      if (d.size() == 13 && d.compare(0, 2, "86") == 0) d.erase(0, 2);  // +86 mobile
      v.digits.push_back(d);
      if (d[0] == '0' && d.size() >= 10) {  // landline: also its local part
        if (d.size() <= 11) v.digits.push_back(d.substr(3));
        if (d.size() >= 11) v.digits.push_back(d.substr(4));
      }
    }
    v.text = std::move(t);
    out.push_back(std::move(v));
  }
  return out;
}

void MarkKnown(const Text& t, const std::vector<KnownValue>& known, std::vector<bool>& m) {
  for (const KnownValue& v : known) {
    for (size_t i = 0; i + v.text.size() <= t.size(); ++i) {
      bool eq = true;
      for (size_t k = 0; eq && k < v.text.size(); ++k) eq = Fold(t[i + k]) == v.text[k];
      if (eq) MarkRange(m, i, i + v.text.size());
    }
    for (const std::string& d : v.digits) {
      for (size_t i = 0; i < t.size(); ++i) {
        if (!IsDigit(t[i]) || DigitBefore(t, i)) continue;
        size_t end = 0;
        auto sep = [](char32_t c) { return IsPhoneSep(c) || IsParen(c); };
        std::vector<size_t> pos = CollectDigits(t, i, d.size(), sep, &end);
        if (pos.empty() || DigitAt(t, end)) continue;
        bool eq = true;
        for (size_t k = 0; eq && k < pos.size(); ++k) eq = DigitValue(t[pos[k]]) == d[k] - '0';
        if (eq) MarkPositions(m, pos);
      }
    }
  }
}

// ---- numbers: IDs, mobiles, landlines ------------------------------------------------------

void MarkNumbers(const Text& t, std::vector<bool>& m) {
  for (size_t i = 0; i < t.size(); ++i) {
    if (IsOpenParen(t[i]) && i + 1 < t.size() && DigitValue(t[i + 1]) == 0 && IsDigit(t[i + 1])) {
      // (0571)87654321
      size_t area = DigitRun(t, i + 1);
      size_t k = i + 1 + area;
      if ((area == 3 || area == 4) && k < t.size() && IsCloseParen(t[k])) {
        size_t local = k + 1;
        if (local < t.size() && IsPhoneSep(t[local])) ++local;
        size_t run = DigitRun(t, local);
        if (run == 7 || run == 8) {
          MarkRange(m, i + 1, k);
          MarkRange(m, local, local + run);
        }
      }
      continue;
    }
    if (!IsDigit(t[i]) || DigitBefore(t, i)) continue;
    const size_t run = DigitRun(t, i);
    const size_t after = i + run;
    // Resident ID numbers: 18 (17 digits + digit or X) or 15 digits, as whole numbers.
    if (run == 17 && after < t.size() && (t[after] == U'X' || t[after] == U'x') &&
        (after + 1 >= t.size() || !IsAsciiAlnum(t[after + 1])) &&
        (i == 0 || !IsAsciiAlpha(t[i - 1]))) {
      MarkRange(m, i, after + 1);
      continue;
    }
    if ((run == 18 || run == 15) && (after >= t.size() || !IsAsciiAlpha(t[after]))) {
      MarkRange(m, i, after);
      continue;
    }
    // Mobile numbers, optionally grouped with spaces or dashes.
    if (DigitValue(t[i]) == 1 && i + 1 < t.size()) {
      size_t end = 0;
      std::vector<size_t> pos = CollectDigits(t, i, 11, IsPhoneSep, &end);
      if (!pos.empty() && !DigitAt(t, end)) {
        int second = DigitValue(t[pos[1]]);
        if (second >= 3 && second <= 9) {
          MarkPositions(m, pos);
          continue;
        }
      }
    }
    // Landlines with the area code: 057187654321, 0571-87654321, 010 12345678.
    if (DigitValue(t[i]) == 0) {
      if (run == 11 || run == 12) {
        MarkRange(m, i, after);
        continue;
      }
      if ((run == 3 || run == 4) && after + 1 < t.size() && IsPhoneSep(t[after])) {
        size_t local = DigitRun(t, after + 1);
        if (local == 7 || local == 8) {
          MarkRange(m, i, after + 1 + local);
          continue;
        }
      }
    }
  }
}

// Numbers right after words that announce a phone or account: 电话：87654321, QQ 12345678.
void MarkAfterMarkers(const Text& t, std::vector<bool>& m) {
  struct Marker {
    Word word;
    size_t min_digits;
  };
  static constexpr Marker kMarkers[] = {
      {U"电话", 7}, {U"座机", 7}, {U"手机", 7}, {U"固话", 7}, {U"联系方式", 7},
      {U"tel", 7},  {U"Tel", 7},  {U"TEL", 7},  {U"QQ", 5},   {U"qq", 5},
      {U"微信", 5},
  };
  static constexpr Word kSkippable = U"：: \u3000是为号码(（+-－";
  for (const Marker& mk : kMarkers) {
    for (size_t i = 0; i < t.size(); ++i) {
      if (!At(t, i, mk.word)) continue;
      size_t k = i + mk.word.size();
      for (size_t skipped = 0; skipped < 6 && k < t.size() && kSkippable.find(t[k]) != Word::npos;
           ++skipped) {
        ++k;
      }
      if (!DigitAt(t, k)) continue;
      std::vector<size_t> pos;
      while (true) {
        if (DigitAt(t, k)) {
          pos.push_back(k++);
        } else if (k < t.size() && (IsPhoneSep(t[k]) || IsParen(t[k])) && DigitAt(t, k + 1)) {
          ++k;
        } else {
          break;
        }
      }
      if (pos.size() >= mk.min_digits && pos.size() <= 12) MarkPositions(m, pos);
    }
  }
}

// ---- e-mail ---------------------------------------------------------------------------------

void MarkEmails(const Text& t, std::vector<bool>& m) {
  for (size_t at = 0; at < t.size(); ++at) {
    if (t[at] != U'@') continue;
    size_t start = at;
    while (start > 0 && IsEmailLocal(t[start - 1])) --start;
    size_t end = at + 1;
    while (end < t.size() && IsEmailDomain(t[end])) ++end;
    while (end > at + 1 && (t[end - 1] == U'.' || t[end - 1] == U'-')) --end;
    if (start == at) continue;
    size_t last_dot = Word::npos;
    for (size_t k = at + 1; k < end; ++k)
      if (t[k] == U'.') last_dot = k;
    if (last_dot == Word::npos || last_dot == at + 1 || end - last_dot < 3) continue;
    bool tld_alpha = true;
    for (size_t k = last_dot + 1; k < end; ++k) tld_alpha = tld_alpha && IsAsciiAlpha(t[k]);
    if (!tld_alpha) continue;
    MarkRange(m, start, at);
    MarkRange(m, at + 1, end);
  }
}

// ---- addresses ------------------------------------------------------------------------------

// Length of a unit word at `i` (号楼, 栋, 单元, ...), 0 if none. `*strong` tells whether it is one
// of the units that make a house number by themselves.
size_t UnitAt(const Text& t, size_t i, bool* strong, bool* room_like) {
  struct Unit {
    Word word;
    bool strong;     // 号, 室, 单元, 栋, 幢, 弄, ...
    bool room_like;  // 栋, 幢, 单元, 室: a chain of them is an address even without a street
  };
  static constexpr Unit kUnits[] = {
      {U"号楼", true, true}, {U"号院", true, false}, {U"单元", true, true}, {U"号", true, false},
      {U"室", true, true},   {U"栋", true, true},    {U"幢", true, true},   {U"弄", true, false},
      {U"楼", false, false}, {U"层", false, false},  {U"组", false, false},  {U"座", false, false}, {U"排", false, false},
  };
  for (const Unit& u : kUnits) {
    if (At(t, i, u.word)) {
      *strong = u.strong;
      *room_like = u.room_like;
      return u.word.size();
    }
  }
  return 0;
}

// Parses a chain like 100号3栋2单元501室 or 3-2-501室 at `i`, marking its numerals when it is a
// house number. `after_street`: preceded by 路/街/小区/...
void MarkHouseNumberChain(const Text& t, size_t i, bool after_street, std::vector<bool>& m) {
  std::vector<size_t> numerals;
  size_t k = i;
  size_t parts = 0;
  bool strong = false;
  bool room_like = false;
  while (true) {
    const size_t s = k;
    while (k < t.size() && IsNumeral(t[k])) ++k;
    if (k == s) break;
    for (size_t p = s; p < k; ++p) numerals.push_back(p);
    ++parts;
    bool unit_strong = false;
    bool unit_room = false;
    const size_t unit = UnitAt(t, k, &unit_strong, &unit_room);
    k += unit;
    strong = strong || unit_strong;
    room_like = room_like || unit_room;
    if (k + 1 < t.size() && IsDash(t[k]) && IsNumeral(t[k + 1])) {
      ++k;
      continue;
    }
    if (unit == 0) break;
  }
  if ((after_street && strong) || (room_like && parts >= 2)) MarkPositions(m, numerals);
}

void MarkHouseNumbers(const Text& t, std::vector<bool>& m) {
  static constexpr Word kStreets[] = {U"路", U"街", U"巷", U"弄",   U"村",   U"小区", U"大道",
                                      U"社区", U"花园", U"公寓", U"大厦", U"苑", U"园",  U"里"};
  for (size_t i = 0; i < t.size(); ++i) {
    for (Word s : kStreets) {
      if (At(t, i, s) && i + s.size() < t.size() && IsNumeral(t[i + s.size()])) {
        MarkHouseNumberChain(t, i + s.size(), /*after_street=*/true, m);
      }
    }
    if (IsNumeral(t[i]) && (i == 0 || !IsNumeral(t[i - 1]))) {
      MarkHouseNumberChain(t, i, /*after_street=*/false, m);
    }
  }
}

// 住址：杭州市西湖区文三路100号 — masked up to the last address word before the clause ends.
void MarkAddressesAfterMarkers(const Text& t, std::vector<bool>& m) {
  static constexpr Word kMarkers[] = {U"住址", U"地址", U"家住", U"住在", U"现住", U"居住于"};
  static constexpr Word kSkippable = U"：: \u3000是在为于";
  static constexpr Word kAddressChars = U"省市区县镇乡街路巷弄村组号栋幢室楼苑园院庄屯座层";
  constexpr size_t kMaxLength = 60;
  for (Word marker : kMarkers) {
    for (size_t i = 0; i < t.size(); ++i) {
      if (!At(t, i, marker)) continue;
      size_t start = i + marker.size();
      for (size_t skipped = 0; skipped < 3 && start < t.size() &&
                               kSkippable.find(t[start]) != Word::npos;
           ++skipped) {
        ++start;
      }
      size_t end = start;  // after the last address word
      for (size_t k = start; k < t.size() && k < start + kMaxLength && !IsClauseEnd(t[k]); ++k) {
        if (kAddressChars.find(t[k]) != Word::npos) end = k + 1;
        if (At(t, k, U"单元") || At(t, k, U"街道")) end = k + 2;
      }
      MarkRange(m, start, end);
    }
  }
}

// ---- names ----------------------------------------------------------------------------------

void MarkSurnamesWithTitles(const Text& t, std::vector<bool>& m) {
  static constexpr Word kTitles[] = {U"先生", U"女士", U"老师", U"小姐", U"师傅"};
  static constexpr Word kCompound[] = {U"欧阳", U"司马", U"诸葛", U"上官", U"东方", U"皇甫",
                                       U"令狐", U"慕容", U"尉迟", U"公孙", U"长孙", U"宇文",
                                       U"司徒", U"夏侯", U"端木", U"轩辕", U"澹台", U"南宫"};
  // Common single-character surnames; words that are mostly not surnames before a title (和, 时,
  // 全, 应, 师, 路) are left out.
  static constexpr Word kSingle =
      U"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
      U"程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎"
      U"贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧"
      U"耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍华"
      U"喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿"
      U"桂佟臧闵苟邬边卞姬仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";
  for (Word title : kTitles) {
    for (size_t i = 1; i < t.size(); ++i) {
      if (!At(t, i, title)) continue;
      bool compound = false;
      if (i >= 2) {
        for (Word c : kCompound) compound = compound || At(t, i - 2, c);
      }
      if (compound) {
        MarkRange(m, i - 2, i);
      } else if (kSingle.find(t[i - 1]) != Word::npos) {
        m[i - 1] = true;
      }
    }
  }
}

// ---- driver ---------------------------------------------------------------------------------

// Masks `t` in place until nothing more is found (masking can expose a new boundary, so one pass
// is not always enough). Returns whether anything was masked.
bool MaskInPlace(Text& t, const MaskContext& known) {
  const std::vector<KnownValue> values = Prepare(known);
  bool masked = false;
  while (true) {
    std::vector<bool> m(t.size(), false);
    MarkKnown(t, values, m);
    MarkNumbers(t, m);
    MarkAfterMarkers(t, m);
    MarkEmails(t, m);
    MarkAddressesAfterMarkers(t, m);
    MarkHouseNumbers(t, m);
    MarkSurnamesWithTitles(t, m);
    bool changed = false;
    for (size_t i = 0; i < t.size(); ++i) {
      if (m[i] && t[i] != kMask) {
        t[i] = kMask;
        changed = true;
      }
    }
    if (!changed) return masked;
    masked = true;
  }
}

}  // namespace

std::string MaskPersonalData(absl::string_view text, const MaskContext& known) {
  Text t = Decode(text);
  MaskInPlace(t, known);
  return Encode(t);
}

bool ContainsPersonalData(absl::string_view text, const MaskContext& known) {
  Text t = Decode(text);
  return MaskInPlace(t, known);
}

}  // namespace renda::intake
