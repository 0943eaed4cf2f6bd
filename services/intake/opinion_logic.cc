#include "services/intake/opinion_logic.h"
#include "services/common/time_util.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/common/crypto.h"
#include "services/common/text_index.h"

namespace renda::intake {
namespace {

using google::protobuf::Value;
using v1::OpinionState;

constexpr char kTextIndex[] = "opinions:text";

bool IsStaff(const Caller& c) { return c.Has(Role::kStaff) || c.Has(Role::kAdmin); }

absl::Status BadTaxonomy(absl::string_view where, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("opinion taxonomy: ", where, " ", what));
}

// The string member `key` of `object`; an error naming `where` when missing or not a string.
absl::StatusOr<std::string> StringMember(const google::protobuf::Struct& object, const std::string& key,
                                         absl::string_view where) {
  auto it = object.fields().find(key);
  if (it == object.fields().end() || it->second.kind_case() != Value::kStringValue) {
    return BadTaxonomy(absl::StrCat(where, ".", key), "must be a string");
  }
  return it->second.string_value();
}

absl::StatusOr<Category> ParseCategory(const Value& value, absl::string_view where) {
  if (value.kind_case() != Value::kStructValue) return BadTaxonomy(where, "must be an object");
  const google::protobuf::Struct& object = value.struct_value();
  Category category;
  auto id = StringMember(object, "id", where);
  if (!id.ok()) return id.status();
  if (!Validator().Id("", *id, true).ok()) {
    return BadTaxonomy(absl::StrCat(where, ".id"), "must be 1 to 63 characters of a-z, 0-9 and '-'");
  }
  category.id = *std::move(id);
  auto name = StringMember(object, "name", where);
  if (!name.ok()) return name.status();
  category.name = *std::move(name);
  auto keywords = object.fields().find("keywords");
  if (keywords == object.fields().end() || keywords->second.kind_case() != Value::kListValue) {
    return BadTaxonomy(absl::StrCat(where, ".keywords"), "must be a list");
  }
  const auto& list = keywords->second.list_value().values();
  for (int i = 0; i < list.size(); ++i) {
    if (list[i].kind_case() != Value::kStringValue || list[i].string_value().empty()) {
      return BadTaxonomy(absl::StrCat(where, ".keywords[", i, "]"), "must be a non-empty string");
    }
    category.keywords.push_back(list[i].string_value());
  }
  return category;
}

// Non-overlapping occurrences of `needle` (not empty) in `text`. Both are UTF-8, so a byte
// match always starts and ends on character boundaries.
int CountOccurrences(absl::string_view text, absl::string_view needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != absl::string_view::npos; at = text.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

bool Contains(absl::string_view text, const std::vector<std::string>& keywords) {
  for (const auto& k : keywords) {
    if (absl::StrContains(text, k)) return true;
  }
  return false;
}

void Push(Opinion& o, OpinionState to, absl::string_view action, std::string actor, std::string role,
          absl::Time now, absl::string_view note) {
  v1::Transition* t = o.add_history();
  t->set_from_state(o.state());
  t->set_to_state(to);
  t->set_action(std::string(action));
  t->set_actor(std::move(actor));
  t->set_actor_role(std::move(role));
  *t->mutable_time() = ToProtoTime(now);
  t->set_note(std::string(note));
  t->set_unit(o.handling_unit());
  o.set_state(to);
  *o.mutable_update_time() = ToProtoTime(now);
}

}  // namespace

absl::StatusOr<Taxonomy> ParseTaxonomy(absl::string_view json) {
  google::protobuf::Struct root;
  auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &root);
  if (!parsed.ok()) return BadTaxonomy("", absl::StrCat("is not a JSON object: ", parsed.ToString()));
  auto categories = root.fields().find("categories");
  if (categories == root.fields().end() || categories->second.kind_case() != Value::kListValue) {
    return BadTaxonomy("categories", "must be a list");
  }
  Taxonomy taxonomy;
  absl::flat_hash_set<std::string> seen;
  const auto& list = categories->second.list_value().values();
  for (int i = 0; i < list.size(); ++i) {
    const std::string where = absl::StrCat("categories[", i, "]");
    auto category = ParseCategory(list[i], where);
    if (!category.ok()) return category.status();
    if (!seen.insert(category->id).second) {
      return BadTaxonomy(absl::StrCat(where, ".id"), absl::StrCat("repeats the id '", category->id, "'"));
    }
    taxonomy.categories.push_back(*std::move(category));
  }
  auto grades = root.fields().find("grades");
  if (grades != root.fields().end()) {
    if (grades->second.kind_case() != Value::kListValue) return BadTaxonomy("grades", "must be a list");
    const auto& list = grades->second.list_value().values();
    for (int i = 0; i < list.size(); ++i) {
      const std::string where = absl::StrCat("grades[", i, "]");
      auto grade = ParseCategory(list[i], where);  // id, name and keywords, like a category
      if (!grade.ok()) return grade.status();
      GradeRule* rule = grade->id == "urgent"      ? &taxonomy.urgent
                        : grade->id == "important" ? &taxonomy.important
                        : grade->id == "normal"    ? &taxonomy.normal
                                                   : nullptr;
      if (rule == nullptr) return BadTaxonomy(absl::StrCat(where, ".id"), "must be urgent, important or normal");
      rule->keywords = std::move(grade->keywords);
      auto days = list[i].struct_value().fields().find("deadline_working_days");
      if (days != list[i].struct_value().fields().end()) {
        const double d = days->second.number_value();
        if (days->second.kind_case() != Value::kNumberValue || d < 1 || d > 60 || d != static_cast<int>(d)) {
          return BadTaxonomy(absl::StrCat(where, ".deadline_working_days"), "must be a whole number from 1 to 60");
        }
        rule->deadline_working_days = static_cast<int>(d);
      }
    }
  }
  return taxonomy;
}

std::string ClassifyOpinion(const Taxonomy& taxonomy, absl::string_view title, absl::string_view content) {
  const Category* best = nullptr;
  int best_count = 0;
  for (const Category& category : taxonomy.categories) {
    int count = 0;
    // Title and content are searched apart, so no match spans the two.
    for (const std::string& keyword : category.keywords) {
      count += CountOccurrences(title, keyword) + CountOccurrences(content, keyword);
    }
    if (count > best_count) {
      best = &category;
      best_count = count;
    }
  }
  return best == nullptr ? "" : best->id;
}

v1::Grade SuggestGrade(const Taxonomy& taxonomy, absl::string_view title, absl::string_view content) {
  if (Contains(title, taxonomy.urgent.keywords) || Contains(content, taxonomy.urgent.keywords)) {
    return v1::GRADE_URGENT;
  }
  if (Contains(title, taxonomy.important.keywords) || Contains(content, taxonomy.important.keywords)) {
    return v1::GRADE_IMPORTANT;
  }
  return v1::GRADE_NORMAL;
}

std::string ActorRole(const Caller& caller) {
  for (Role r : {Role::kAdmin, Role::kStaff, Role::kLeader, Role::kHandlingUnit, Role::kService, Role::kDeputy,
                 Role::kCitizen}) {
    if (caller.Has(r)) return std::string(RoleName(r));
  }
  return "anonymous";
}

void Transit(Opinion& o, OpinionState to, absl::string_view action, const Caller& caller, absl::Time now,
             absl::string_view note) {
  Push(o, to, action, caller.subject(), ActorRole(caller), now, note);
}

void TransitBySystem(Opinion& o, OpinionState to, absl::string_view action, absl::Time now, absl::string_view note) {
  Push(o, to, action, "system", "system", now, note);
}

std::string TrackingCodeFromBytes(absl::string_view random) {
  static_assert(kTrackingCodeAlphabet.size() == 32, "one character per 5 bits, without bias");
  std::string code(kTrackingCodeLength, ' ');
  for (size_t i = 0; i < kTrackingCodeLength; ++i) {
    code[i] = kTrackingCodeAlphabet[static_cast<unsigned char>(random[i]) % kTrackingCodeAlphabet.size()];
  }
  return code;
}

std::string NewTrackingCode() { return TrackingCodeFromBytes(RandomBytes(kTrackingCodeLength)); }

void ValidateSubmittedOpinion(const Opinion& o, Validator& v) {
  v.Text("opinion.title", o.title(), 100, true)
      .Text("opinion.content", o.content(), 5000, true)
      .Enum("opinion.channel", o.channel(), v1::Channel_descriptor(), true)
      .Id("opinion.district", o.district(), false)
      .Text("opinion.submitter.display_name", o.submitter().display_name(), 64, false)
      .Text("opinion.submitter.phone", o.submitter().phone(), 32, false)
      .Text("opinion.submitter.email", o.submitter().email(), 128, false);
}

Opinion NewOpinion(const Opinion& input, const std::string& name, const Taxonomy& taxonomy,
                   const std::string& tracking_code, const Caller& caller, absl::Time now) {
  Opinion o;
  o.set_name(name);
  o.set_title(input.title());
  o.set_content(input.content());
  o.set_channel(input.channel());
  o.set_district(input.district());
  o.set_category(ClassifyOpinion(taxonomy, input.title(), input.content()));
  o.set_grade(SuggestGrade(taxonomy, input.title(), input.content()));
  if (input.has_submitter()) *o.mutable_submitter() = input.submitter();
  o.set_tracking_code(tracking_code);
  *o.mutable_create_time() = ToProtoTime(now);
  Transit(o, v1::OPINION_STATE_RECEIVED, "submit", caller, now, v1::Channel_Name(input.channel()));
  return o;
}

std::vector<std::string> OpinionIndexes(const Opinion& o) {
  std::vector<std::string> out = {"opinions"};
  out.push_back(absl::StrCat("opinions:state:", static_cast<int>(o.state())));
  out.push_back(absl::StrCat("opinions:channel:", static_cast<int>(o.channel())));
  if (!o.district().empty()) out.push_back(absl::StrCat("opinions:district:", o.district()));
  if (!o.category().empty()) out.push_back(absl::StrCat("opinions:category:", o.category()));
  if (o.grade() != v1::GRADE_UNSPECIFIED) out.push_back(absl::StrCat("opinions:grade:", static_cast<int>(o.grade())));
  if (!o.handling_unit().empty()) out.push_back(absl::StrCat("opinions:unit:", o.handling_unit()));
  if (!o.tracking_code().empty()) out.push_back(absl::StrCat("opinions:track:", o.tracking_code()));
  for (int level = 1; level <= o.escalation_level(); ++level) out.push_back(absl::StrCat("opinions:esc:", level));
  if (auto day = DueDay(o)) out.push_back(DueDayIndex(*day));
  if (o.has_publication()) {
    out.push_back("published");
    if (!o.category().empty()) out.push_back(absl::StrCat("published:category:", o.category()));
  }
  return out;
}

std::optional<absl::CivilDay> DueDay(const Opinion& o) {
  if (o.state() == v1::OPINION_STATE_REPLIED && o.has_feedback_due_time()) {
    return absl::ToCivilDay(FromProtoTime(o.feedback_due_time()), ChinaTime());
  }
  if ((o.state() == v1::OPINION_STATE_ASSIGNED || o.state() == v1::OPINION_STATE_IN_PROGRESS) && o.has_deadline() &&
      o.escalation_level() < v1::ESCALATION_LEVEL_LEADER) {
    return absl::ToCivilDay(FromProtoTime(o.deadline()), ChinaTime());
  }
  return std::nullopt;
}

std::string DueDayIndex(absl::CivilDay day) {
  return absl::StrFormat("opinions:due:%04d%02d%02d", day.year(), day.month(), day.day());
}

std::vector<std::string> OpinionTextIndexes(const Opinion& o) {
  std::vector<std::string> out;
  absl::flat_hash_set<std::string> seen;
  AppendTextIndexes(kTextIndex, SearchableText(o), /*unigrams=*/false, seen, out);
  return out;
}

std::string SearchableText(const Opinion& o) { return absl::StrCat(o.title(), "\n", o.content()); }

std::string TrackingIndex(absl::string_view code) { return absl::StrCat("opinions:track:", code); }

void ValidateListRequest(const v1::ListOpinionsRequest& r, Validator& v) {
  v.PageSize("page_size", r.page_size(), 500)
      .Enum("state", r.state(), v1::OpinionState_descriptor(), false)
      .Enum("channel", r.channel(), v1::Channel_descriptor(), false)
      .Id("district", r.district(), false)
      .Id("category", r.category(), false)
      .Enum("grade", r.grade(), v1::Grade_descriptor(), false)
      .Id("handling_unit", r.handling_unit(), false)
      .Enum("min_escalation_level", r.min_escalation_level(), v1::EscalationLevel_descriptor(), false)
      .Text("text_contains", r.text_contains(), 50, false);
  if (!r.text_contains().empty() && IsValidUtf8(r.text_contains()) &&
      (TextQueryIndexes(kTextIndex, r.text_contains()).empty() ||
       absl::StartsWith(TextQueryIndexes(kTextIndex, r.text_contains())[0], absl::StrCat(kTextIndex, ":1:")))) {
    v.Add("text_contains", "must have at least two adjacent characters to search for");
  }
  if (r.has_create_time_from() && r.has_create_time_to() &&
      !(r.create_time_from().seconds() < r.create_time_to().seconds() ||
        (r.create_time_from().seconds() == r.create_time_to().seconds() &&
         r.create_time_from().nanos() < r.create_time_to().nanos()))) {
    v.Add("create_time_to", "must be after create_time_from");
  }
}

std::vector<std::string> ListIndexes(const v1::ListOpinionsRequest& r) {
  std::vector<std::string> out;
  if (r.state() != v1::OPINION_STATE_UNSPECIFIED) out.push_back(absl::StrCat("opinions:state:", static_cast<int>(r.state())));
  if (r.channel() != v1::CHANNEL_UNSPECIFIED) out.push_back(absl::StrCat("opinions:channel:", static_cast<int>(r.channel())));
  if (!r.district().empty()) out.push_back(absl::StrCat("opinions:district:", r.district()));
  if (!r.category().empty()) out.push_back(absl::StrCat("opinions:category:", r.category()));
  if (r.grade() != v1::GRADE_UNSPECIFIED) out.push_back(absl::StrCat("opinions:grade:", static_cast<int>(r.grade())));
  if (!r.handling_unit().empty()) out.push_back(absl::StrCat("opinions:unit:", r.handling_unit()));
  if (r.min_escalation_level() != v1::ESCALATION_LEVEL_UNSPECIFIED) {
    out.push_back(absl::StrCat("opinions:esc:", static_cast<int>(r.min_escalation_level())));
  }
  if (!r.text_contains().empty()) {
    for (auto& ix : TextQueryIndexes(kTextIndex, r.text_contains())) out.push_back(std::move(ix));
  }
  // With a filter, the "all" index adds nothing; the filters alone decide.
  if (out.empty()) out.push_back("opinions");
  return out;
}

std::string ListScope(const v1::ListOpinionsRequest& r) {
  return absl::StrCat("ListOpinions|", r.parent(), "|", absl::StrJoin(ListIndexes(r), "|"), "|q=", r.text_contains(),
                      "|from=", r.create_time_from().seconds(), ".", r.create_time_from().nanos(),
                      "|to=", r.create_time_to().seconds(), ".", r.create_time_to().nanos());
}

bool MatchesListRequest(const Opinion& o, const v1::ListOpinionsRequest& r) {
  return r.text_contains().empty() || ContainsText(SearchableText(o), r.text_contains());
}

void RedactForCaller(Opinion& o, const Caller& caller) {
  if (IsStaff(caller)) return;
  if (!caller.Has(Role::kLeader) && !caller.Has(Role::kService)) {
    // Handling units see who acted as roles only (staff names are internal).
    for (auto& t : *o.mutable_history()) t.clear_actor();
  }
  o.clear_submitter();
  o.clear_tracking_code();
}

}  // namespace renda::intake
