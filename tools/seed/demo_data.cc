#include "tools/seed/demo_data.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/time_util.h"

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
    T item;
    item.id = *id;
    item.name = *display;
    out.push_back(std::move(item));
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
  bool grassroots;  // a front-line worker, farmer or grassroots professional (基层代表)
};

constexpr Profile kProfiles[] = {
    {"education", rep::SECTOR_PROFESSIONAL, "浙江大学教授", false},
    {"education", rep::SECTOR_PROFESSIONAL, "{d}实验小学校长", true},
    {"education", rep::SECTOR_PROFESSIONAL, "{d}教育发展研究中心教研员", false},
    {"health", rep::SECTOR_PROFESSIONAL, "{d}人民医院主任医师", false},
    {"health", rep::SECTOR_PROFESSIONAL, "{d}社区卫生服务中心全科医生", true},
    {"economy", rep::SECTOR_ENTERPRISE, "{d}一家民营制造企业董事长", false},
    {"economy", rep::SECTOR_ENTERPRISE, "{c}一家跨境电商企业总经理", false},
    {"economy", rep::SECTOR_WORKER, "{d}工业园区装配车间班组长", true},
    {"law", rep::SECTOR_PROFESSIONAL, "律师事务所合伙人、律师", false},
    {"law", rep::SECTOR_OFFICIAL, "{d}人民法院副院长", false},
    {"environment", rep::SECTOR_PROFESSIONAL, "{d}环境监测站高级工程师", false},
    {"environment", rep::SECTOR_WORKER, "{d}环境卫生管理所环卫工人", true},
    {"agriculture", rep::SECTOR_FARMER, "{d}家庭农场负责人", true},
    {"agriculture", rep::SECTOR_FARMER, "{d}茶叶专业合作社社长", true},
    {"agriculture", rep::SECTOR_OFFICIAL, "{d}农业农村局局长", false},
    {"social", rep::SECTOR_OTHER, "{d}社区居民委员会主任", true},
    {"social", rep::SECTOR_OFFICIAL, "{d}民政局局长", false},
    {"social", rep::SECTOR_WORKER, "{c}公共交通集团公交车驾驶员", true},
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
  // Each district's streets (optional): its liaison stations are named after them.
  const auto& district_list = Member(*city, "districts")->list_value().values();
  for (int i = 0; i < district_list.size(); ++i) {
    const Value* streets = Member(district_list[i].struct_value(), "streets");
    if (streets == nullptr) continue;
    auto list = StringList(district_list[i].struct_value(), "streets", city_path);
    if (!list.ok()) return list.status();
    data.districts[i].streets = *std::move(list);
  }
  auto committees = IdNameList<Committee>(*city, "special_committees", city_path);
  if (!committees.ok()) return committees.status();
  data.special_committees = *std::move(committees);
  auto standing = StringMember(congress->struct_value(), "standing_committee", "congress.", city_path);
  if (!standing.ok()) return standing.status();
  data.standing_committee_name = *standing;
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
    d.grassroots = profile.grassroots;
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

namespace {

// The 14th congress's first session, the day its bodies were elected.
constexpr int kFirstSession[3] = {2022, 1, 14};

google::protobuf::Timestamp TimestampInChina(int y, int m, int d, int hh, int mm) {
  const absl::Time t = absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), ChinaTime());
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

std::string DateId(const renda::type::v1::Date& d) {
  return absl::StrFormat("%04d%02d%02d", d.year(), d.month(), d.day());
}

// Builds names and records of one congress.
class DomainBuilder {
 public:
  DomainBuilder(const SourceData& source, const DataSet& data, const std::string& congress)
      : source_(source), data_(data), prefix_(absl::StrCat("congresses/", congress, "/")) {}

  absl::StatusOr<DomainSet> Build();

 private:
  std::string Deputy(const std::string& id) const { return absl::StrCat(prefix_, "deputies/", id); }
  std::string Org(const std::string& id) const { return absl::StrCat(prefix_, "organizations/", id); }

  void AddOrg(const std::string& id, rep::OrganizationClassification c, rep::OrganizationLevel level, int term,
              const std::string& parent, const std::string& display, const std::string& description) {
    SeedOrganization o;
    o.id = id;
    o.organization.set_display_name(display);
    o.organization.set_classification(c);
    o.organization.set_level(level);
    o.organization.set_term(term);
    if (!parent.empty()) o.organization.set_parent(Org(parent));
    *o.organization.mutable_founding_date() = MakeDate(kFirstSession[0], kFirstSession[1], kFirstSession[2]);
    o.organization.set_description(description);
    set_.organizations.push_back(std::move(o));
  }

  void AddMember(const std::string& org, const SeedDeputy& d, rep::MembershipRole role, const std::string& label,
                 renda::type::v1::Date start, const renda::type::v1::Date* end = nullptr,
                 const std::string& end_reason = "") {
    SeedMembership m;
    m.request_id = absl::StrCat("seed-membership-", org, "-", d.id, "-", DateId(start));
    m.membership.set_deputy(Deputy(d.id));
    m.membership.set_organization(Org(org));
    m.membership.set_role(role);
    m.membership.set_post_label(label);
    *m.membership.mutable_start_date() = start;
    if (end != nullptr) {
      *m.membership.mutable_end_date() = *end;
      m.membership.set_end_reason(end_reason);
    }
    set_.memberships.push_back(std::move(m));
  }

  void AddRecord(const SeedDeputy& d, rep::DutyRecordType type, renda::type::v1::Date date, const std::string& key,
                 const std::string& title, const std::string& detail,
                 rep::Attendance attendance = rep::ATTENDANCE_UNSPECIFIED, bool reported = false) {
    SeedRecord r;
    r.source_id = absl::StrCat("seed-", key, "-", DateId(date), "-", d.id);
    r.deputy_id = d.id;
    r.reported_by_deputy = reported;
    r.record.set_deputy(Deputy(d.id));
    r.record.set_type(type);
    *r.record.mutable_date() = date;
    r.record.set_title(title);
    r.record.set_detail(detail);
    r.record.set_attendance(attendance);
    set_.records.push_back(std::move(r));
  }

  const SourceData& source_;
  const DataSet& data_;
  std::string prefix_;
  DomainSet set_;
};

absl::StatusOr<DomainSet> DomainBuilder::Build() {
  absl::flat_hash_set<std::string> gone;
  for (const auto& c : data_.status_changes) gone.insert(c.deputy_id);
  std::vector<const SeedDeputy*> serving, grassroots, others;
  for (const auto& d : data_.deputies) {
    if (gone.contains(d.id)) continue;
    serving.push_back(&d);
    (d.grassroots ? grassroots : others).push_back(&d);
    if (d.grassroots) set_.grassroots.push_back(d.id);
  }
  if (others.size() < 22 || grassroots.size() < 19) {
    return absl::InvalidArgumentError(
        "the demo representatives domain needs at least 22 non-grassroots and 19 grassroots serving deputies "
        "(raise --deputy_count)");
  }
  const int term = source_.term;
  const std::string term_cn = ChineseNumber(term);
  const std::string city = source_.city_name;
  const auto elected = MakeDate(kFirstSession[0], kFirstSession[1], kFirstSession[2]);

  // Organizations: the congress, its standing committee and council of chairpersons, the
  // delegations, the professional groups, the special committees, the liaison stations.
  const std::string congress_org = absl::StrCat("congress-", term);
  const std::string committee_org = absl::StrCat("standing-committee-", term);
  const std::string council_org = absl::StrCat("council-of-chairpersons-", term);
  AddOrg(congress_org, rep::ORGANIZATION_CLASSIFICATION_CONGRESS, rep::ORGANIZATION_LEVEL_CITY, term, "",
         absl::StrCat(source_.congress_name, "（第", term_cn, "届）"),
         absl::StrCat(city, "的地方国家权力机关，第", term_cn, "届，任期五年。"));
  AddOrg(committee_org, rep::ORGANIZATION_CLASSIFICATION_STANDING_COMMITTEE, rep::ORGANIZATION_LEVEL_CITY, term,
         congress_org, source_.standing_committee_name,
         "人民代表大会闭会期间行使地方国家权力机关职权的常设机关。");
  AddOrg(council_org, rep::ORGANIZATION_CLASSIFICATION_COUNCIL_OF_CHAIRPERSONS, rep::ORGANIZATION_LEVEL_CITY, term,
         committee_org, absl::StrCat(city, "人大常委会主任会议"),
         "由常委会主任、副主任和秘书长组成，处理常委会的重要日常工作。");
  for (const auto& d : source_.districts) {
    AddOrg(d.id, rep::ORGANIZATION_CLASSIFICATION_DELEGATION, rep::ORGANIZATION_LEVEL_DISTRICT, term, congress_org,
           absl::StrCat(d.name, "代表团"), absl::StrCat(d.name, "选出的市人大代表组成的代表团。"));
  }
  const std::vector<std::pair<std::string, std::string>> groups = {
      {"agriculture", "农业农村"}, {"economy", "经济"},  {"education", "教育科技"}, {"environment", "生态环境"},
      {"health", "医疗卫生"},      {"law", "法制"},      {"social", "社会建设"}};
  for (const auto& [id, topic] : groups) {
    AddOrg(id, rep::ORGANIZATION_CLASSIFICATION_PROFESSIONAL_GROUP, rep::ORGANIZATION_LEVEL_CITY, term, committee_org,
           absl::StrCat(topic, "代表专业小组"), absl::StrCat("按专业组织代表参与", topic, "领域的调研、视察和立法征求意见。"));
  }
  for (const auto& c : source_.special_committees) {
    AddOrg(c.id, rep::ORGANIZATION_CLASSIFICATION_SPECIAL_COMMITTEE, rep::ORGANIZATION_LEVEL_CITY, term, congress_org,
           absl::StrCat(city, "人民代表大会", c.name), "在人民代表大会及其常委会领导下研究、审议和拟订有关议案。");
  }
  for (const auto& d : source_.districts) {
    for (int s = 0; s < 3; ++s) {
      const std::string street =
          s < static_cast<int>(d.streets.size()) ? d.streets[s] : absl::StrCat("第", ChineseNumber(s + 1), "片区");
      AddOrg(absl::StrCat(d.id, "-s", s + 1), rep::ORGANIZATION_CLASSIFICATION_LIAISON_STATION,
             rep::ORGANIZATION_LEVEL_TOWNSHIP, 0, "", absl::StrCat(d.name, street, "人大代表联络站"),
             "代表联系选民、接待群众的固定场所。");
    }
  }

  // Memberships. Leaders come from the non-grassroots deputies: others[0] chairs, 1-3 are vice
  // chairpersons, 4 the secretary-general, 5-6 full-time members, 7-12 members.
  const auto& o = others;
  AddMember(council_org, *o[0], rep::MEMBERSHIP_ROLE_CHAIRPERSON, "主任", elected);
  for (int i = 1; i <= 3; ++i) AddMember(council_org, *o[i], rep::MEMBERSHIP_ROLE_VICE_CHAIRPERSON, "副主任", elected);
  AddMember(council_org, *o[4], rep::MEMBERSHIP_ROLE_SECRETARY_GENERAL, "秘书长", elected);
  AddMember(committee_org, *o[0], rep::MEMBERSHIP_ROLE_CHAIRPERSON, "常委会主任", elected);
  for (int i = 1; i <= 3; ++i) {
    AddMember(committee_org, *o[i], rep::MEMBERSHIP_ROLE_VICE_CHAIRPERSON, "常委会副主任", elected);
  }
  AddMember(committee_org, *o[4], rep::MEMBERSHIP_ROLE_SECRETARY_GENERAL, "常委会秘书长", elected);
  for (int i = 5; i <= 6; ++i) AddMember(committee_org, *o[i], rep::MEMBERSHIP_ROLE_FULL_TIME_MEMBER, "专职委员", elected);
  for (int i = 7; i <= 12; ++i) AddMember(committee_org, *o[i], rep::MEMBERSHIP_ROLE_MEMBER, "常委会委员", elected);

  // Special committees; in the finance committee one member moved to the legal committee on
  // 2025-04-01 and another joined, so "who was in it on D" differs before and after.
  const auto moved_out = MakeDate(2025, 3, 31), moved_in = MakeDate(2025, 4, 1);
  AddMember("sc-legal", *o[1], rep::MEMBERSHIP_ROLE_CHAIRPERSON, "主任委员", elected);
  AddMember("sc-legal", *o[7], rep::MEMBERSHIP_ROLE_MEMBER, "委员", elected);
  AddMember("sc-legal", *o[8], rep::MEMBERSHIP_ROLE_MEMBER, "委员", elected);
  AddMember("sc-legal", *o[9], rep::MEMBERSHIP_ROLE_MEMBER, "委员", moved_in);
  AddMember("sc-finance", *o[2], rep::MEMBERSHIP_ROLE_CHAIRPERSON, "主任委员", elected);
  AddMember("sc-finance", *o[9], rep::MEMBERSHIP_ROLE_MEMBER, "委员", elected, &moved_out,
            "因工作需要调整到法制委员会任职");
  AddMember("sc-finance", *o[10], rep::MEMBERSHIP_ROLE_MEMBER, "委员", moved_in);
  AddMember("sc-finance", *o[11], rep::MEMBERSHIP_ROLE_MEMBER, "委员", elected);
  AddMember("sc-education", *o[3], rep::MEMBERSHIP_ROLE_CHAIRPERSON, "主任委员", elected);
  AddMember("sc-education", *o[12], rep::MEMBERSHIP_ROLE_MEMBER, "委员", elected);
  AddMember("sc-education", *o[13], rep::MEMBERSHIP_ROLE_MEMBER, "委员", elected);

  // Every serving deputy is in their delegation (the first two lead it) and professional group
  // (the first one convenes it).
  absl::flat_hash_map<std::string, int> in_delegation;
  absl::flat_hash_set<std::string> convened;
  for (const SeedDeputy* d : serving) {
    const int n = in_delegation[d->deputy.delegation()]++;
    AddMember(d->deputy.delegation(), *d,
              n == 0 ? rep::MEMBERSHIP_ROLE_CHAIRPERSON
                     : (n == 1 ? rep::MEMBERSHIP_ROLE_VICE_CHAIRPERSON : rep::MEMBERSHIP_ROLE_MEMBER),
              n == 0 ? "团长" : (n == 1 ? "副团长" : "代表团成员"), elected);
  }
  for (const SeedDeputy* d : serving) {
    const bool first = convened.insert(d->deputy.professional_group()).second;
    AddMember(d->deputy.professional_group(), *d, first ? rep::MEMBERSHIP_ROLE_CONVENER : rep::MEMBERSHIP_ROLE_MEMBER,
              first ? "专业小组召集人" : "专业小组成员", elected);
  }

  // Scoring rules: version 1 for 2025, version 2 from 2026 (more for receptions and visits, a
  // minimum score).
  {
    struct Points {
      rep::DutyRecordType type;
      int points, cap;
    };
    const std::vector<Points> v1 = {
        {rep::DUTY_RECORD_TYPE_SESSION_ATTENDANCE, 10, 0},  {rep::DUTY_RECORD_TYPE_STANDING_COMMITTEE_MEETING, 5, 20},
        {rep::DUTY_RECORD_TYPE_INSPECTION, 5, 20},          {rep::DUTY_RECORD_TYPE_RESEARCH, 5, 20},
        {rep::DUTY_RECORD_TYPE_THEMED_ACTIVITY, 3, 15},     {rep::DUTY_RECORD_TYPE_STATION_RECEPTION, 3, 12},
        {rep::DUTY_RECORD_TYPE_TRAINING, 2, 6},             {rep::DUTY_RECORD_TYPE_SUGGESTION_FILED, 3, 15},
        {rep::DUTY_RECORD_TYPE_BILL_FILED, 8, 16},          {rep::DUTY_RECORD_TYPE_CONTACT_VISIT_RECEIVED, 1, 4},
    };
    for (int version = 1; version <= 2; ++version) {
      SeedRules r;
      r.version = version;
      r.request_id = absl::StrCat("seed-scoring-rules-", version);
      r.rules.set_description(version == 1 ? "代表履职积分办法（2025年试行）：出席大会、视察调研、学习培训、提出建议等按次计分，设年度上限；未经批准缺席大会每次扣10分。"
                                           : "2026年修订：进站接待每次4分、年度上限16分，接受联系走访每次2分；年度积分低于8分的启动退出提醒。");
      for (const auto& p : v1) {
        auto* t = r.rules.add_type_rules();
        t->set_type(p.type);
        t->set_points(p.points);
        t->set_yearly_cap(p.cap);
        if (version == 2 && p.type == rep::DUTY_RECORD_TYPE_STATION_RECEPTION) {
          t->set_points(4);
          t->set_yearly_cap(16);
        }
        if (version == 2 && p.type == rep::DUTY_RECORD_TYPE_CONTACT_VISIT_RECEIVED) {
          t->set_points(2);
          t->set_yearly_cap(6);
        }
      }
      r.rules.set_absence_penalty(10);
      auto* x = r.rules.mutable_exit_thresholds();
      x->set_missed_sessions(2);
      x->set_inactive_months(12);
      if (version == 2) x->set_min_score(8);
      set_.rules.push_back(std::move(r));
    }
  }

  // Duty records of 2025 and 2026. One deputy missed both sessions without leave: the second
  // absence opens an exit case. A few had leave approved each year.
  const SeedDeputy& absentee = *o[20];
  const std::vector<const SeedDeputy*> excused_2025 = {o[15], grassroots[3], grassroots[10]};
  const std::vector<const SeedDeputy*> excused_2026 = {o[16], grassroots[5], grassroots[12]};
  const char* kTopics[] = {"加快城市轨道交通末端公交接驳", "推进老旧小区加装电梯", "加强中小学生近视防控",
                           "完善居家养老助餐服务",       "扶持茶叶产业品牌建设", "规范共享单车停放管理",
                           "提升基层卫生服务能力",       "加强钱塘江沿岸生态保护", "优化营商环境减少涉企检查"};
  for (int year : {2025, 2026}) {
    const auto session = year == 2025 ? MakeDate(2025, 1, 15) : MakeDate(2026, 1, 14);
    const std::string session_cn = ChineseNumber(year == 2025 ? 4 : 5);
    const std::string session_title = absl::StrCat("出席", city, "第", term_cn, "届人民代表大会第", session_cn, "次会议");
    const auto& excused = year == 2025 ? excused_2025 : excused_2026;
    for (size_t i = 0; i < serving.size(); ++i) {
      const SeedDeputy& d = *serving[i];
      const bool is_excused = std::find(excused.begin(), excused.end(), &d) != excused.end();
      const rep::Attendance a = &d == &absentee ? rep::ATTENDANCE_ABSENT
                                                : (is_excused ? rep::ATTENDANCE_EXCUSED : rep::ATTENDANCE_PRESENT);
      AddRecord(d, rep::DUTY_RECORD_TYPE_SESSION_ATTENDANCE, session, "session", session_title,
                a == rep::ATTENDANCE_ABSENT    ? "未请假，未出席会议"
                : a == rep::ATTENDANCE_EXCUSED ? "因病请假，经大会秘书处批准"
                                               : "全程出席会议，参加代表团审议",
                a);
      if (&d == &absentee) continue;
      AddRecord(d, rep::DUTY_RECORD_TYPE_TRAINING, year == 2025 ? MakeDate(2025, 7, 16) : MakeDate(2026, 7, 15),
                "training", absl::StrCat(year, "年市人大代表履职能力提升培训班"),
                "学习代表法、监督法和代表建议办理工作规定");
      if (i % 3 == (year == 2025 ? 0u : 1u) || is_excused) {
        AddRecord(d, rep::DUTY_RECORD_TYPE_SUGGESTION_FILED, session, "suggestion",
                  absl::StrCat("提出关于", kTopics[(i + year) % std::size(kTopics)], "的建议"),
                  "会议期间提出，已交有关部门办理");
      }
      if (i % 4 == (year == 2025 ? 0u : 1u)) {
        AddRecord(d, rep::DUTY_RECORD_TYPE_INSPECTION, year == 2025 ? MakeDate(2025, 5, 20) : MakeDate(2026, 5, 19),
                  "inspection", year == 2025 ? "视察钱塘江海塘安澜工程建设" : "视察杭州亚运场馆赛后利用情况",
                  "市人大常委会组织的代表集中视察");
      }
      if (i % 5 == (year == 2025 ? 2u : 3u) || is_excused) {
        AddRecord(d, rep::DUTY_RECORD_TYPE_RESEARCH, year == 2025 ? MakeDate(2025, 9, 10) : MakeDate(2026, 6, 17),
                  "research", year == 2025 ? "城镇老旧小区改造专题调研" : "居家社区养老服务体系建设专题调研",
                  "随市人大常委会调研组走访社区、召开座谈会");
      }
    }
  }
  // Reported by deputies themselves: PENDING in the staff queue.
  AddRecord(*grassroots[0], rep::DUTY_RECORD_TYPE_THEMED_ACTIVITY, MakeDate(2026, 10, 20), "reported",
            "参加“代表联络站开放日”主题活动", "在联络站向居民介绍代表工作，收集意见5条",
            rep::ATTENDANCE_UNSPECIFIED, true);
  AddRecord(*grassroots[1], rep::DUTY_RECORD_TYPE_STATION_RECEPTION, MakeDate(2026, 10, 22), "reported",
            "在村级联络点接待选民", "接待选民8人次，反映农田水利和道路养护问题", rep::ATTENDANCE_UNSPECIFIED, true);

  // Leaders of the two contacts and their assignments: not every grassroots deputy is covered,
  // and one leader has no assignment yet.
  struct LeaderRow {
    const SeedDeputy* deputy;
    rep::LeaderPost post;
    int assigned;
  };
  const std::vector<LeaderRow> leader_rows = {
      {o[0], rep::LEADER_POST_COUNCIL_OF_CHAIRPERSONS_MEMBER, 5}, {o[1], rep::LEADER_POST_COUNCIL_OF_CHAIRPERSONS_MEMBER, 4},
      {o[2], rep::LEADER_POST_COUNCIL_OF_CHAIRPERSONS_MEMBER, 3}, {o[3], rep::LEADER_POST_COUNCIL_OF_CHAIRPERSONS_MEMBER, 2},
      {o[4], rep::LEADER_POST_COUNCIL_OF_CHAIRPERSONS_MEMBER, 0}, {o[5], rep::LEADER_POST_FULL_TIME_COMMITTEE_MEMBER, 3},
      {o[6], rep::LEADER_POST_FULL_TIME_COMMITTEE_MEMBER, 1},
  };
  const renda::type::v1::Date visit_days_2026[] = {MakeDate(2026, 3, 12), MakeDate(2026, 4, 16), MakeDate(2026, 5, 14),
                                                   MakeDate(2026, 6, 11), MakeDate(2026, 7, 9),  MakeDate(2026, 8, 13),
                                                   MakeDate(2026, 9, 10), MakeDate(2026, 10, 15)};
  const renda::type::v1::Date visit_days_2025[] = {MakeDate(2025, 6, 12), MakeDate(2025, 9, 18), MakeDate(2025, 11, 13)};
  const char* kVisitNotes[] = {"到代表所在单位走访，了解履职情况和工作困难", "电话联系，听取对常委会工作的意见",
                               "召开基层代表座谈会，通报常委会年度监督工作"};
  const rep::VisitForm kForms[] = {rep::VISIT_FORM_VISIT, rep::VISIT_FORM_PHONE, rep::VISIT_FORM_FORUM};
  size_t next = 0;
  int a = 0;
  for (size_t l = 0; l < leader_rows.size(); ++l) {
    const auto& row = leader_rows[l];
    SeedLeader leader;
    leader.id = absl::StrFormat("leader-%02d", l + 1);
    leader.leader.set_display_name(row.deputy->deputy.display_name());
    leader.leader.set_post(row.post);
    leader.leader.set_subject(leader.id);  // the JWT subject of the leader's own account
    const std::string leader_name = absl::StrCat(prefix_, "leaders/", leader.id);
    set_.leaders.push_back(std::move(leader));
    for (int k = 0; k < row.assigned && next < grassroots.size(); ++k, ++a) {
      const SeedDeputy& d = *grassroots[next++];
      SeedAssignment s;
      s.request_id = absl::StrCat("seed-assignment-", set_.leaders.back().id, "-", d.id);
      s.assignment.set_leader(leader_name);
      s.assignment.set_deputy(Deputy(d.id));
      s.assignment.set_term(term);
      *s.assignment.mutable_start_date() = MakeDate(2025, 3, 3);
      set_.assignments.push_back(std::move(s));
      // Two of three assigned deputies were visited in 2026; some in 2025 too.
      std::vector<renda::type::v1::Date> days;
      if (a % 4 == 0) days.push_back(visit_days_2025[a % std::size(visit_days_2025)]);
      if (a % 3 != 2) days.push_back(visit_days_2026[a % std::size(visit_days_2026)]);
      for (const auto& day : days) {
        SeedVisit v;
        v.request_id = absl::StrCat("seed-visit-", set_.leaders.back().id, "-", d.id, "-", DateId(day));
        v.leader = leader_name;
        v.deputy = Deputy(d.id);
        *v.visit.mutable_date() = day;
        v.visit.set_form(kForms[(a + day.year()) % 3]);
        v.visit.set_notes(kVisitNotes[(a + day.year()) % 3]);
        v.visit.add_opinions(absl::StrCat("建议", kTopics[(a + 2) % std::size(kTopics)]));
        set_.visits.push_back(std::move(v));
      }
    }
  }

  // The menu-style work plan: two activities open for sign-up now (the services refuse sign-ups
  // outside the window, so these are in the future); the inspection is over-subscribed.
  {
    SeedActivity research;
    research.suffix = "property-regulation-research";
    auto& r = research.activity;
    r.set_category(rep::ACTIVITY_CATEGORY_RESEARCH);
    r.set_title(absl::StrCat("《", city, "物业管理条例》实施情况调研"));
    r.set_description("走访住宅小区和物业企业，听取业主委员会和社区意见，为条例修订提供依据。");
    *r.mutable_date() = MakeDate(2027, 1, 14);
    r.set_place(absl::StrCat(city, "西湖区翠苑街道"));
    r.set_capacity(20);
    *r.mutable_sign_up_open_time() = TimestampInChina(2026, 11, 2, 9, 0);
    *r.mutable_sign_up_close_time() = TimestampInChina(2027, 1, 12, 17, 0);
    for (int i = 0; i < 6; ++i) research.sign_ups.push_back(serving[3 + 5 * i]->id);
    set_.activities.push_back(std::move(research));

    SeedActivity inspection;
    inspection.suffix = "seawall-inspection";
    auto& s = inspection.activity;
    s.set_category(rep::ACTIVITY_CATEGORY_INSPECTION);
    s.set_title("钱塘江海塘安澜工程冬季运行视察");
    s.set_description("实地察看海塘加固段和防汛物资仓库，听取市林业水利局情况汇报。");
    *s.mutable_date() = MakeDate(2027, 1, 20);
    s.set_place(absl::StrCat(city, "钱塘区下沙街道"));
    s.set_capacity(8);
    *s.mutable_sign_up_open_time() = TimestampInChina(2026, 11, 9, 9, 0);
    *s.mutable_sign_up_close_time() = TimestampInChina(2027, 1, 18, 17, 0);
    for (int i = 0; i < 10; ++i) inspection.sign_ups.push_back(serving[1 + 4 * i]->id);
    set_.activities.push_back(std::move(inspection));
  }

  // Liaison stations: one per station id the deputies carry, with the serving deputies there.
  for (const auto& d : source_.districts) {
    for (int s = 0; s < 3; ++s) {
      SeedStation st;
      st.id = absl::StrCat(d.id, "-s", s + 1);
      const std::string street =
          s < static_cast<int>(d.streets.size()) ? d.streets[s] : absl::StrCat("第", ChineseNumber(s + 1), "片区");
      st.station.set_display_name(absl::StrCat(d.name, street, "人大代表联络站"));
      st.station.set_area(d.name);
      st.station.set_street(street);
      st.station.set_address(absl::StrCat(city, d.name, street, "社区服务中心二楼"));
      st.station.set_is_legislative_contact_point(d.id == "hz-xihu" && s == 0);
      st.station.set_open_hours(s == 0 ? "每月第一个周三 9:00-11:30" : "每月第三个周四 14:00-16:30");
      for (const SeedDeputy* dep : serving) {
        if (dep->deputy.liaison_station() == st.id) st.station.add_deputies(Deputy(dep->id));
      }
      set_.stations.push_back(std::move(st));
    }
  }
  // Reception days: planned ones (future dates) at three stations, two that took place.
  const std::vector<std::string> reception_stations = {"hz-xihu-s1", "hz-shangcheng-s1", "hz-binjiang-s1"};
  for (const auto& id : reception_stations) {
    const SeedStation* st = nullptr;
    for (const auto& s : set_.stations) {
      if (s.id == id) st = &s;
    }
    if (st == nullptr || st->station.deputies().empty()) continue;
    for (const auto& day : {MakeDate(2026, 12, 2), MakeDate(2027, 1, 6), MakeDate(2027, 2, 3)}) {
      SeedSchedule sc;
      sc.request_id = absl::StrCat("seed-reception-", id, "-", DateId(day));
      sc.schedule.set_station(absl::StrCat(prefix_, "stations/", id));
      *sc.schedule.mutable_date() = day;
      sc.schedule.add_deputies(st->station.deputies(0));
      sc.schedule.set_note(day.month() == 12 ? "主题：老旧小区改造和加装电梯" : "主题：听取对市人大常委会年度工作的意见");
      set_.schedules.push_back(std::move(sc));
    }
  }
  struct LogRow {
    const char* station;
    renda::type::v1::Date date;
    int received;
    std::vector<std::string> topics;
  };
  const std::vector<LogRow> logs = {
      {"hz-xihu-s1", MakeDate(2026, 9, 2), 14, {"北山街道停车难", "西湖景区周边交通管理", "《物业管理条例》修订意见"}},
      {"hz-shangcheng-s1", MakeDate(2026, 10, 14), 9, {"湖滨商圈夜间噪音", "老年食堂服务时间"}},
  };
  for (const auto& row : logs) {
    for (const auto& s : set_.stations) {
      if (s.id != row.station || s.station.deputies().empty()) continue;
      SeedReceptionLog l;
      l.request_id = absl::StrCat("seed-reception-log-", s.id, "-", DateId(row.date));
      l.log.set_station(absl::StrCat(prefix_, "stations/", s.id));
      *l.log.mutable_date() = row.date;
      for (int k = 0; k < std::min(2, s.station.deputies_size()); ++k) l.log.add_deputies_present(s.station.deputies(k));
      l.log.set_constituents_received(row.received);
      for (const auto& t : row.topics) l.log.add_topics(t);
      set_.reception_logs.push_back(std::move(l));
    }
  }
  set_.evaluation_year = 2026;
  return std::move(set_);
}

}  // namespace

absl::StatusOr<DomainSet> BuildDomainSet(const SourceData& source, const DataSet& data, const std::string& congress) {
  return DomainBuilder(source, data, congress).Build();
}

}  // namespace renda::seed
