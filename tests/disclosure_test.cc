// Unit tests of masking personal data before closed cases are disclosed. Pure code: no gRPC,
// no Redis.
#include "services/intake/disclosure.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace renda::intake {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Number of code points if `s` is valid UTF-8 (shortest forms, no surrogates), -1 otherwise.
long CodePoints(const std::string& s) {
  long n = 0;
  for (size_t i = 0; i < s.size(); ++n) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return -1;
    unsigned cp = len == 1 ? b : b & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c >> 6) != 2) return -1;
      cp = (cp << 6) | (c & 0x3F);
    }
    const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
    i += len;
  }
  return n;
}

struct Case {
  std::string label;
  std::string text;
  MaskContext known;
  std::vector<std::string> secrets;  // must not survive masking
  std::vector<std::string> kept;     // ordinary text that must survive
};

std::vector<Case> Cases() {
  MaskContext wang;
  wang.name = "王小明";
  wang.phone = "13800001234";
  wang.address = "杭州市西湖区文三路100号";
  MaskContext landline;
  landline.phone = "0571-87654321";
  return {
      {"mobile plain",
       "本人于2026年3月1日反映小区噪音问题，联系电话13912345678，请尽快处理。",
       {},
       {"13912345678", "912345678"},
       {"2026年3月1日", "联系电话", "噪音问题"}},
      {"mobile with dashes and spaces",
       "手机138-0000-1234或者139 1111 2222均可联系，涉及金额3000元。",
       {},
       {"138-0000-1234", "139 1111 2222", "0000", "1111", "2222", "1234"},
       {"3000元"}},
      {"mobile with +86 and full-width digits",
       "请回电+86 15057112345，或１３６１２３４５６７８。",
       {},
       {"15057112345", "１３６１２３４５６７８"},
       {"请回电"}},
      {"landlines",
       "座机0571-87654321，单位电话(0571)88776655，另有010 12345678和057186001234。",
       {},
       {"87654321", "88776655", "12345678", "057186001234", "0571"},
       {"座机", "单位电话"}},
      {"local landline after marker",
       "我家座机：86001122，办公电话是 8765432，市民热线12345已受理。",
       {},
       {"86001122", "8765432"},
       {"12345已受理", "市民热线"}},
      {"resident ID numbers",
       "身份证号33010619900101123X，我母亲的身份证号是330106199001011234，旧证330106900101123。",
       {},
       {"33010619900101123X", "330106199001011234", "330106900101123", "19900101"},
       {"身份证号", "我母亲"}},
      {"ID with lowercase x",
       "证件号码11010519491231002x。",
       {},
       {"11010519491231002x", "1101051949"},
       {"证件号码"}},
      {"emails",
       "邮箱zhang.san@163.com，另一个是 Li_Si+gov@mail.hz.gov.cn. 请回复。",
       {},
       {"zhang.san", "163.com", "Li_Si", "mail.hz.gov.cn", "hz.gov"},
       {"邮箱", "请回复"}},
      {"address after marker",
       "家庭住址：浙江省杭州市西湖区文三路100号3栋2单元501室，希望领导重视。",
       {},
       {"浙江省", "杭州市", "文三路", "100号", "501室"},
       {"家庭住址", "希望领导重视"}},
      {"house number chains without marker",
       "我们是人民路88号的住户，楼下是幸福小区5栋1单元102室和3-2-501室，依据第12条。",
       {},
       {"88号", "5栋", "1单元", "102室", "501室", "3-2"},
       {"人民路", "幸福小区", "第12条"}},
      {"address with lane and village",
       "家住长乐路123弄45号，老家在张家村3组18号。",
       {},
       {"长乐路", "123弄", "45号", "18号"},
       {"老家在"}},
      {"surnames with titles",
       "王先生和欧阳女士反映，由李老师负责联系，赵师傅已到场。",
       {},
       {"王先生", "欧阳女士", "李老师", "赵师傅", "欧阳"},
       {"先生", "女士", "老师", "师傅", "反映"}},
      {"known name, phone and address",
       "王小明（电话138 0000 1234）称，其住所杭州市西湖区文三路100号附近路灯损坏。",
       wang,
       {"王小明", "138 0000 1234", "文三路100号", "杭州市西湖区"},
       {"附近路灯损坏"}},
      {"known landline by its local part",
       "请拨打87654321与当事人联系。",
       landline,
       {"87654321"},
       {"请拨打", "与当事人联系"}},
      {"mixed reply",
       "经核实，李女士（身份证330106199203154321，手机15900001111，邮箱li@qq.com）"
       "反映的住在阳光花园6幢的噪音问题已于2026年4月2日处理，罚款500元。",
       {},
       {"330106199203154321", "15900001111", "li@qq.com", "李女士", "阳光花园6幢"},
       {"2026年4月2日", "500元", "噪音问题"}},
  };
}

TEST(DisclosureTest, CaseTableMasksEveryPersonalValue) {
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.label);
    EXPECT_TRUE(ContainsPersonalData(c.text, c.known)) << c.text;
    const std::string masked = MaskPersonalData(c.text, c.known);
    EXPECT_FALSE(ContainsPersonalData(masked, c.known)) << masked;
    for (const std::string& s : c.secrets) EXPECT_THAT(masked, Not(HasSubstr(s)));
    for (const std::string& k : c.kept) EXPECT_THAT(masked, HasSubstr(k));
    // Readable: valid UTF-8, one character for one character.
    EXPECT_EQ(CodePoints(masked), CodePoints(c.text)) << masked;
    // Idempotent.
    EXPECT_EQ(MaskPersonalData(masked, c.known), masked);
  }
}

TEST(DisclosureTest, OrdinaryNumbersAreLeftAlone) {
  const std::vector<std::string> texts = {
      "2026年3月1日至2026-03-15期间，补贴3000元，依据《条例》第12条第3款。",
      "共有1200户居民，涉及资金1,234,567.89元，增长12.5%。",
      "市民热线12345于2026年3月1日10:30受理，编号A2026030100012。",
      "会议室在3楼，请到2号会议室。道路全长138公里。",
      "我住在这里很多年了，一位女士和各位老师都知道。",
      "",
  };
  for (const std::string& t : texts) {
    EXPECT_FALSE(ContainsPersonalData(t, {})) << t;
    EXPECT_EQ(MaskPersonalData(t, {}), t);
  }
}

TEST(DisclosureTest, MaskingShapesAreAsDocumented) {
  EXPECT_EQ(MaskPersonalData("电话138-0000-1234。", {}), "电话***-****-****。");
  EXPECT_EQ(MaskPersonalData("13800001234", {}), "***********");
  EXPECT_EQ(MaskPersonalData("座机(0571)87654321", {}), "座机(****)********");
  EXPECT_EQ(MaskPersonalData("证号33010619900101123X", {}), "证号******************");
  EXPECT_EQ(MaskPersonalData("邮箱a.b@qq.com", {}), "邮箱***@******");
  EXPECT_EQ(MaskPersonalData("文三路100号3栋2单元501室", {}), "文三路***号*栋*单元***室");
  EXPECT_EQ(MaskPersonalData("王先生、欧阳女士", {}), "*先生、**女士");
  EXPECT_EQ(MaskPersonalData("住址：西湖区某街道附近。", {}), "住址：******附近。");
  MaskContext known;
  known.name = "王小明";
  EXPECT_EQ(MaskPersonalData("王小明来信", known), "***来信");
}

TEST(DisclosureTest, KnownValuesAreMaskedWhereverTheyAppear) {
  MaskContext known;
  known.name = "司马相如";
  known.other = {"Sima@Example.org", "阿牛"};
  const std::string text = "司马相如说阿牛和SIMA@EXAMPLE.ORG都可以转告。";
  EXPECT_TRUE(ContainsPersonalData(text, known));
  // Without the context the nickname is ordinary text: the context does the masking.
  EXPECT_THAT(MaskPersonalData(text, {}), HasSubstr("阿牛"));
  const std::string masked = MaskPersonalData(text, known);
  EXPECT_EQ(masked.find("司马相如"), std::string::npos) << masked;
  EXPECT_EQ(masked.find("阿牛"), std::string::npos) << masked;
  EXPECT_EQ(masked.find("SIMA"), std::string::npos) << masked;
  EXPECT_THAT(masked, HasSubstr("都可以转告"));
  // A one-character known value does not mask every occurrence of that character.
  MaskContext short_name;
  short_name.name = "王";
  EXPECT_EQ(MaskPersonalData("王府井大街", short_name), "王府井大街");
}

TEST(DisclosureTest, InvalidUtf8BecomesValidWithoutCuttingCharacters) {
  const std::string text = std::string("电话13912345678\xE4\xB8") + "\xFF" + "结束";
  ASSERT_EQ(CodePoints(text), -1);
  const std::string masked = MaskPersonalData(text, {});
  EXPECT_GT(CodePoints(masked), 0) << masked;
  EXPECT_THAT(masked, HasSubstr("电话***********"));
  EXPECT_THAT(masked, HasSubstr("结束"));
  EXPECT_THAT(masked, HasSubstr("\xEF\xBF\xBD"));  // U+FFFD
  EXPECT_THAT(masked, Not(HasSubstr("13912345678")));
  // Stray bytes alone are not personal data.
  EXPECT_FALSE(ContainsPersonalData("\xFF\xFE", {}));
  // A four-byte character next to a phone survives whole.
  const std::string emoji = "\xF0\x9F\x98\x8A";
  EXPECT_EQ(MaskPersonalData(emoji + "13912345678" + emoji, {}), emoji + "***********" + emoji);
}

TEST(DisclosureTest, BoundariesDoNotMaskPartsOfLongerNumbers) {
  // 19 digits is neither a phone nor an ID; 11 digits inside it must not be taken as a phone.
  EXPECT_EQ(MaskPersonalData("流水号1391234567812345678", {}), "流水号1391234567812345678");
  // An ID starting with 13 is masked as an ID, not as a phone with leftovers.
  EXPECT_EQ(MaskPersonalData("130102199001011234", {}), "******************");
}

}  // namespace
}  // namespace renda::intake
