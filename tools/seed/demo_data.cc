#include "tools/seed/demo_data.h"

#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace renda::seed {
namespace {

namespace rep = renda::representatives::v1;
namespace in = renda::intake::v1;
namespace sup = renda::supervision::v1;
using google::protobuf::Struct;
using google::protobuf::Value;

// splitmix64: tiny, fully specified, so the same seed draws the same numbers everywhere
// (std::uniform_int_distribution is not specified that way).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // A number in [0, n); n > 0.
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }

 private:
  uint64_t state_;
};

// The fixed seed of the demo data set: change it and every generated deputy changes.
constexpr uint64_t kSeed = 20220114;

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

absl::Status Bad(const std::string& path, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", what));
}

absl::StatusOr<Struct> ReadJson(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  Struct root;
  auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(text->data(), text->size()), &root);
  if (!parsed.ok()) return Bad(path, absl::StrCat("not a JSON object: ", parsed.ToString()));
  return root;
}

const Value* Member(const Struct& s, const std::string& name) {
  auto it = s.fields().find(name);
  return it == s.fields().end() ? nullptr : &it->second;
}

absl::StatusOr<std::vector<std::string>> StringList(const Struct& s, const std::string& name,
                                                    const std::string& path) {
  const Value* v = Member(s, name);
  if (v == nullptr || v->kind_case() != Value::kListValue || v->list_value().values().empty()) {
    return Bad(path, absl::StrCat("\"", name, "\" must be a non-empty list of strings"));
  }
  std::vector<std::string> out;
  for (const Value& e : v->list_value().values()) {
    if (e.kind_case() != Value::kStringValue || e.string_value().empty()) {
      return Bad(path, absl::StrCat("\"", name, "\" must hold non-empty strings only"));
    }
    out.push_back(e.string_value());
  }
  return out;
}

absl::StatusOr<std::string> StringMember(const Struct& s, const std::string& name, const std::string& where,
                                         const std::string& path) {
  const Value* v = Member(s, name);
  if (v == nullptr || v->kind_case() != Value::kStringValue || v->string_value().empty()) {
    return Bad(path, absl::StrCat(where, "\"", name, "\" must be a non-empty string"));
  }
  return v->string_value();
}

// A list of {"id", "name", ...} objects.
template <class T>
absl::StatusOr<std::vector<T>> IdNameList(const Struct& root, const std::string& name, const std::string& path) {
  const Value* v = Member(root, name);
  if (v == nullptr || v->kind_case() != Value::kListValue || v->list_value().values().empty()) {
    return Bad(path, absl::StrCat("\"", name, "\" must be a non-empty list"));
  }
  std::vector<T> out;
  const auto& list = v->list_value().values();
  for (int i = 0; i < list.size(); ++i) {
    const std::string where = absl::StrCat(name, "[", i, "].");
    if (list[i].kind_case() != Value::kStructValue) return Bad(path, absl::StrCat(name, "[", i, "] must be an object"));
    auto id = StringMember(list[i].struct_value(), "id", where, path);
    if (!id.ok()) return id.status();
    auto display = StringMember(list[i].struct_value(), "name", where, path);
    if (!display.ok()) return display.status();
    out.push_back(T{*id, *display});
  }
  return out;
}

// 14 → 十四 (1 to 99).
std::string ChineseNumber(int n) {
  static const char* kDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n < 10) return kDigits[n];
  std::string out = n >= 20 ? std::string(kDigits[n / 10]) : "";
  out += "十";
  if (n % 10 != 0) out += kDigits[n % 10];
  return out;
}

// Given-name parts read as a woman's name; every other part is given to men. Parts not in the
// file are simply never drawn.
const absl::flat_hash_set<std::string>& FemaleGivenNames() {
  static const auto* names = new absl::flat_hash_set<std::string>{
      "芳", "娜", "敏", "静", "丽", "艳", "娟", "秀英", "霞", "桂英", "晓燕", "海燕", "红梅", "丹", "玲",
      "萍", "婷", "雪", "琳", "欣", "怡", "嘉怡", "子涵", "梓涵", "一诺", "雨桐", "佳琪", "晨"};
  return *names;
}

// Given-name parts that became popular only for children born after about 2005; deputies were
// born from 1960 to 1992, so they are left out.
const absl::flat_hash_set<std::string>& ChildrensGivenNames() {
  static const auto* names =
      new absl::flat_hash_set<std::string>{"子涵", "梓涵", "一诺", "浩然", "宇轩", "雨桐", "嘉怡"};
  return *names;
}

// A kind of deputy: the professional group, the sector and the post ({d}: the district's name,
// {c}: the city's name).
struct Profile {
  const char* group;
  rep::Sector sector;
  const char* occupation;
};

constexpr Profile kProfiles[] = {
    {"education", rep::SECTOR_PROFESSIONAL, "浙江大学教授"},
    {"education", rep::SECTOR_PROFESSIONAL, "{d}实验小学校长"},
    {"education", rep::SECTOR_PROFESSIONAL, "{d}教育发展研究中心教研员"},
    {"health", rep::SECTOR_PROFESSIONAL, "{d}人民医院主任医师"},
    {"health", rep::SECTOR_PROFESSIONAL, "{d}社区卫生服务中心全科医生"},
    {"economy", rep::SECTOR_ENTERPRISE, "{d}一家民营制造企业董事长"},
    {"economy", rep::SECTOR_ENTERPRISE, "{c}一家跨境电商企业总经理"},
    {"economy", rep::SECTOR_WORKER, "{d}工业园区装配车间班组长"},
    {"law", rep::SECTOR_PROFESSIONAL, "律师事务所合伙人、律师"},
    {"law", rep::SECTOR_OFFICIAL, "{d}人民法院副院长"},
    {"environment", rep::SECTOR_PROFESSIONAL, "{d}环境监测站高级工程师"},
    {"environment", rep::SECTOR_WORKER, "{d}环境卫生管理所环卫工人"},
    {"agriculture", rep::SECTOR_FARMER, "{d}家庭农场负责人"},
    {"agriculture", rep::SECTOR_FARMER, "{d}茶叶专业合作社社长"},
    {"agriculture", rep::SECTOR_OFFICIAL, "{d}农业农村局局长"},
    {"social", rep::SECTOR_OTHER, "{d}社区居民委员会主任"},
    {"social", rep::SECTOR_OFFICIAL, "{d}民政局局长"},
    {"social", rep::SECTOR_WORKER, "{c}公共交通集团公交车驾驶员"},
};
constexpr size_t kProfileCount = sizeof(kProfiles) / sizeof(kProfiles[0]);

// Most of Zhejiang's ethnic minority people are She (畲族).
constexpr const char* kMinorities[] = {"畲族", "畲族", "回族", "满族"};

renda::type::v1::Date MakeDate(int y, int m, int d) {
  renda::type::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

const OverseenBody* FindBody(const SourceData& source, absl::string_view id) {
  for (const auto& b : source.overseen_bodies) {
    if (b.id == id) return &b;
  }
  return nullptr;
}

std::vector<SeedItem> PlanItems(int year, const std::string& gov, const std::string& court) {
  struct Row {
    sup::SupervisionArea area;
    sup::SupervisionForm form;
    const std::string* body;
    std::string title;
    std::string description;
  };
  const std::string last = absl::StrCat(year - 1);
  const std::vector<Row> rows = {
      {sup::SUPERVISION_AREA_FINANCE, sup::SUPERVISION_FORM_SPECIAL_WORK_REPORT, &gov,
       absl::StrCat("听取和审议", gov, "关于", last, "年度市级预算执行和其他财政收支的审计工作报告"),
       "审查审计查出问题的整改情况，重点关注专项资金使用绩效和政府债务管理。"},
      {sup::SUPERVISION_AREA_ENVIRONMENT, sup::SUPERVISION_FORM_LAW_ENFORCEMENT_INSPECTION, &gov,
       absl::StrCat("对", gov, "贯彻实施《中华人民共和国固体废物污染环境防治法》情况开展执法检查"),
       "检查生活垃圾分类、建筑垃圾消纳和危险废物监管情况，督促落实属地责任。"},
      {sup::SUPERVISION_AREA_LIVELIHOOD, sup::SUPERVISION_FORM_SPECIAL_INQUIRY, &gov,
       absl::StrCat("就居家社区养老服务体系建设情况对", gov, "开展专题询问"),
       "围绕助餐服务、家庭养老床位和养老护理员队伍建设，询问有关部门负责人。"},
      {sup::SUPERVISION_AREA_PLANNING, sup::SUPERVISION_FORM_FOLLOW_UP, &gov,
       absl::StrCat("对", gov, "城镇老旧小区改造和城市更新工作开展跟踪监督"),
       "跟踪加装电梯、管网改造和停车设施建设进度，听取居民意见。"},
      {sup::SUPERVISION_AREA_JUDICIAL, sup::SUPERVISION_FORM_SATISFACTION_EVALUATION, &court,
       absl::StrCat("听取和审议", court, "关于涉企案件审判工作情况的报告并开展满意度测评"),
       "了解涉企纠纷审判质效和执行难问题的解决情况，服务法治化营商环境建设。"},
      {sup::SUPERVISION_AREA_LAW_BASED_GOVERNMENT, sup::SUPERVISION_FORM_WORK_APPRAISAL, &gov,
       absl::StrCat("对", gov, "行政执法工作开展工作评议"),
       "评议行政执法规范化、行政复议和行政应诉工作，推动严格规范公正文明执法。"},
  };
  std::vector<SeedItem> out;
  for (size_t i = 0; i < rows.size(); ++i) {
    SeedItem s;
    s.request_id = absl::StrFormat("seed-item-%d-%02d", year, i + 1);
    s.item.set_title(rows[i].title);
    s.item.set_description(rows[i].description);
    s.item.set_area(rows[i].area);
    s.item.set_form(rows[i].form);
    s.item.set_year(year);
    s.item.set_responsible_body(*rows[i].body);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

absl::StatusOr<SourceData> LoadSourceData(const std::string& dir) {
  SourceData data;
  const std::string names_path = absl::StrCat(dir, "/names.json");
  auto names = ReadJson(names_path);
  if (!names.ok()) return names.status();
  auto surnames = StringList(*names, "surnames", names_path);
  if (!surnames.ok()) return surnames.status();
  auto given = StringList(*names, "given", names_path);
  if (!given.ok()) return given.status();
  data.surnames = *std::move(surnames);
  data.given_names = *std::move(given);

  const std::string city_path = absl::StrCat(dir, "/hangzhou.json");
  auto city = ReadJson(city_path);
  if (!city.ok()) return city.status();
  const Value* c = Member(*city, "city");
  const Value* congress = Member(*city, "congress");
  if (c == nullptr || c->kind_case() != Value::kStructValue) return Bad(city_path, "\"city\" must be an object");
  if (congress == nullptr || congress->kind_case() != Value::kStructValue) {
    return Bad(city_path, "\"congress\" must be an object");
  }
  auto city_name = StringMember(c->struct_value(), "name", "city.", city_path);
  if (!city_name.ok()) return city_name.status();
  auto congress_name = StringMember(congress->struct_value(), "name", "congress.", city_path);
  if (!congress_name.ok()) return congress_name.status();
  const Value* term = Member(congress->struct_value(), "term");
  if (term == nullptr || term->kind_case() != Value::kNumberValue || term->number_value() < 1 ||
      term->number_value() > 99) {
    return Bad(city_path, "\"congress.term\" must be a number from 1 to 99");
  }
  data.city_name = *city_name;
  data.congress_name = *congress_name;
  data.term = static_cast<int>(term->number_value());
  auto districts = IdNameList<District>(*city, "districts", city_path);
  if (!districts.ok()) return districts.status();
  data.districts = *std::move(districts);
  auto bodies = IdNameList<OverseenBody>(*city, "overseen_bodies", city_path);
  if (!bodies.ok()) return bodies.status();
  data.overseen_bodies = *std::move(bodies);

  const std::string tsv_path = absl::StrCat(dir, "/sample-opinions.tsv");
  auto tsv = ReadFile(tsv_path);
  if (!tsv.ok()) return tsv.status();
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(*tsv, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || (line_no == 1 && absl::StartsWith(line, "category\t"))) continue;
    std::vector<std::string> fields = absl::StrSplit(line, '\t');
    if (fields.size() != 3 || fields[2].empty()) {
      return Bad(tsv_path, absl::StrCat("line ", line_no, " must be category<TAB>district<TAB>text"));
    }
    data.opinions.push_back({fields[0], fields[1], fields[2]});
  }
  if (data.opinions.empty()) return Bad(tsv_path, "holds no opinions");
  return data;
}

std::string TitleOf(absl::string_view text, size_t max_chars) {
  // The first clause: up to the first comma, full stop, semicolon, question or exclamation mark.
  static const char* kStops[] = {",", ".", ";", "?", "!", "，", "。", "；", "？", "！", "、"};
  size_t end = text.size();
  for (const char* stop : kStops) {
    size_t at = text.find(stop);
    if (at != absl::string_view::npos && at > 0 && at < end) end = at;
  }
  absl::string_view clause = text.substr(0, end);
  // Cut on a character boundary: UTF-8 continuation bytes are 10xxxxxx.
  size_t chars = 0, cut = clause.size();
  for (size_t i = 0; i < clause.size(); ++i) {
    if ((static_cast<unsigned char>(clause[i]) & 0xC0) == 0x80) continue;
    if (chars == max_chars - 1) cut = i;
    ++chars;
  }
  if (chars <= max_chars) return std::string(clause);
  return absl::StrCat(clause.substr(0, cut), "…");
}

absl::StatusOr<DataSet> BuildDataSet(const SourceData& source, int deputy_count, int plan_year) {
  if (deputy_count < 3 || deputy_count > 9999) {
    return absl::InvalidArgumentError("the number of deputies must be between 3 and 9999");
  }
  const OverseenBody* gov = FindBody(source, "gov");
  const OverseenBody* court = FindBody(source, "court");
  if (gov == nullptr || court == nullptr) {
    return absl::InvalidArgumentError("hangzhou.json: overseen_bodies must include the ids \"gov\" and \"court\"");
  }
  DataSet set;
  Rng rng(kSeed);

  std::vector<std::string> female, male;
  for (const auto& g : source.given_names) {
    if (ChildrensGivenNames().contains(g)) continue;
    (FemaleGivenNames().contains(g) ? female : male).push_back(g);
  }
  if (female.empty()) female = source.given_names;
  if (male.empty()) male = source.given_names;

  // Profiles are dealt in shuffled rounds, so every group has deputies.
  std::vector<size_t> deck;
  absl::flat_hash_set<std::string> used_names;
  const size_t districts = source.districts.size();
  for (int i = 0; i < deputy_count; ++i) {
    if (deck.empty()) {
      for (size_t p = 0; p < kProfileCount; ++p) deck.push_back(p);
      for (size_t p = deck.size() - 1; p > 0; --p) std::swap(deck[p], deck[rng.Below(p + 1)]);
    }
    const Profile& profile = kProfiles[deck.back()];
    deck.pop_back();
    const District& district = source.districts[i % districts];
    const size_t in_district = i / districts;

    const bool is_female = rng.Below(100) < 35;
    const auto& given = is_female ? female : male;
    std::string name;
    for (int attempt = 0; attempt < 1000; ++attempt) {
      name = absl::StrCat(source.surnames[rng.Below(source.surnames.size())], given[rng.Below(given.size())]);
      if (used_names.insert(name).second) break;
    }

    SeedDeputy d;
    d.id = absl::StrFormat("d-%04d", i + 1);
    d.request_id = absl::StrFormat("seed-deputy-%04d", i + 1);
    rep::Deputy& p = d.deputy;
    p.set_display_name(name);
    p.set_gender(is_female ? rep::GENDER_FEMALE : rep::GENDER_MALE);
    p.set_ethnicity(rng.Below(100) < 94 ? "汉族" : kMinorities[rng.Below(std::size(kMinorities))]);
    *p.mutable_birth_date() = MakeDate(1960 + static_cast<int>(rng.Below(33)), 1 + static_cast<int>(rng.Below(12)),
                                       1 + static_cast<int>(rng.Below(28)));
    p.set_term(source.term);
    p.set_electoral_unit(district.name);
    p.set_delegation(district.id);
    p.set_professional_group(profile.group);
    p.set_liaison_station(absl::StrCat(district.id, "-s", in_district % 3 + 1));
    p.set_sector(profile.sector);
    p.set_occupation(absl::StrReplaceAll(profile.occupation, {{"{d}", district.name}, {"{c}", source.city_name}}));
    p.set_phone(absl::StrFormat("1380000%04d", i + 1));  // obviously not a real number
    set.deputies.push_back(std::move(d));
  }

  const std::string term = ChineseNumber(source.term);
  const SeedDeputy& resigned = set.deputies[deputy_count / 3];
  const SeedDeputy& terminated = set.deputies[2 * deputy_count / 3];
  set.status_changes.push_back(
      {resigned.id, absl::StrCat(resigned.request_id, "-resigned"), rep::DEPUTY_STATUS_RESIGNED,
       absl::StrCat("因工作调动，本人书面提出辞去", source.city_name, "第", term,
                    "届人民代表大会代表职务，经市人大常委会会议表决接受其辞职"),
       MakeDate(2025, 6, 27)});
  set.status_changes.push_back(
      {terminated.id, absl::StrCat(terminated.request_id, "-terminated"), rep::DEPUTY_STATUS_TERMINATED,
       absl::StrCat("因调离本行政区域，其", source.city_name, "第", term, "届人民代表大会代表资格依法终止"),
       MakeDate(2025, 10, 30)});

  // Channels in rotation; most opinions come in online.
  constexpr in::Channel kChannels[] = {
      in::CHANNEL_ONLINE, in::CHANNEL_HOTLINE,   in::CHANNEL_LIAISON_STATION, in::CHANNEL_ONLINE,
      in::CHANNEL_LETTER, in::CHANNEL_VISIT,     in::CHANNEL_ONLINE,          in::CHANNEL_LEGISLATIVE_CONTACT_POINT,
  };
  for (size_t i = 0; i < source.opinions.size(); ++i) {
    const auto& row = source.opinions[i];
    SeedOpinion o;
    o.request_id = absl::StrFormat("seed-opinion-%04d", i + 1);
    o.opinion.set_title(TitleOf(row.text));
    o.opinion.set_content(row.text);
    o.opinion.set_channel(kChannels[i % std::size(kChannels)]);
    o.opinion.set_district(row.district);
    set.opinions.push_back(std::move(o));
  }

  set.items = PlanItems(plan_year, gov->name, court->name);
  return set;
}

}  // namespace renda::seed
