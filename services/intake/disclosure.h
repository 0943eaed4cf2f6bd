#pragma once
// Removing personal data from closed cases and their replies before public disclosure. Pure
// code: no gRPC, no Redis.
//
// Masking rules (each masked character, counted in Unicode code points, becomes one '*', so the
// text keeps its shape and stays valid UTF-8; invalid input bytes become U+FFFD):
//  - values known for the case (MaskContext): every occurrence is masked entirely. Known values
//    with 7+ digits (phones) also match when written with spaces, dashes or parentheses, and a
//    known landline also matches its local part without the area code;
//  - mobile numbers (1[3-9] + 9 digits, also 138-0000-1234 / 138 0000 1234): all 11 digits are
//    masked, separators kept (*** **** ****) — no prefix or suffix is kept;
//  - landlines (0571-87654321, (0571)87654321, 057187654321) and 7-12 digit numbers right after
//    电话/座机/手机/固话/联系方式/Tel (5-12 digits after QQ/微信): digits masked;
//  - resident ID numbers (18 = 17 digits + digit/X/x, 15 digits, as whole numbers): masked;
//  - e-mail addresses: everything but the '@' is masked;
//  - addresses after 住址/地址/家住/住在/现住: masked up to the last address word (市, 区, 路, 号,
//    栋, 室, 单元, ...) before the next punctuation; "住在这里" (no address word) stays;
//  - house numbers after 路/街/巷/弄/村/小区/大道/社区/花园/苑/...: the numerals of a chain like
//    100号3栋2单元501室 are masked, the unit words kept (文三路***号*栋*单元***室); such a chain
//    of two or more parts with 栋/幢/单元/室 is masked even without a street before it;
//  - a common surname followed by 先生/女士/老师/小姐/师傅: the surname is masked (王先生 →
//    *先生, 欧阳女士 → **女士); known names are masked entirely (王小明 → ***).
// Dates (2026年3月1日, 2026-03-01), amounts (3000元), article numbers (第12条) and short numbers
// such as the 12345 hotline are left alone.
//
// Masking is idempotent: MaskPersonalData(MaskPersonalData(t)) == MaskPersonalData(t), and the
// masked text never makes ContainsPersonalData true.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace renda::intake {

// Values known to be personal for one case, as stored (empty fields are ignored; values shorter
// than two characters are ignored so that a one-character name cannot mask the whole text).
struct MaskContext {
  std::string name;     // submitter's name, e.g. "王小明"
  std::string phone;    // e.g. "13800001234" or "0571-87654321"
  std::string address;  // e.g. "杭州市西湖区文三路100号"
  std::vector<std::string> other;  // ID number, e-mail, relatives' names, ...
};

// `text` with all personal data replaced by '*' as described above.
std::string MaskPersonalData(absl::string_view text, const MaskContext& known);

// Whether masking would hide anything in `text` (characters already '*' do not count). The
// disclosure path asserts this is false before publishing.
bool ContainsPersonalData(absl::string_view text, const MaskContext& known);

}  // namespace renda::intake
