#include "tools/seed/playback.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "google/protobuf/text_format.h"
#include "services/common/auth.h"
#include "services/common/errors.h"
#include "services/common/time_util.h"
#include "tools/rendactl/descriptors.h"
#include "tools/rendactl/engine.h"

namespace renda::seed {
namespace {

namespace pb = google::protobuf;

absl::Status Bad(const std::string& where, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", why));
}

// The header words of an entry into its fields.
absl::Status ParseHeader(absl::string_view header, Entry* entry) {
  static constexpr std::pair<const char*, std::string Entry::*> kWords[] = {
      {"token", &Entry::token}, {"count", &Entry::count}, {"save", &Entry::save},
      {"exists", &Entry::exists}, {"when", &Entry::when}, {"skip", &Entry::skip}, {"per", &Entry::per}};
  std::vector<std::string> words = absl::StrSplit(header, ' ', absl::SkipWhitespace());
  if (words.empty()) return Bad(entry->where, "'##' names no method");
  entry->method = words[0];
  for (size_t i = 1; i < words.size(); ++i) {
    std::pair<std::string, std::string> kv = absl::StrSplit(words[i], absl::MaxSplits('=', 1));
    auto word = std::find_if(std::begin(kWords), std::end(kWords), [&](const auto& w) { return kv.first == w.first; });
    if (word == std::end(kWords)) return Bad(entry->where, absl::StrCat("unknown header word '", words[i], "'"));
    entry->*(word->second) = kv.second;
  }
  return absl::OkStatus();
}

std::string OneLine(const pb::Message& message) {
  pb::TextFormat::Printer printer;
  printer.SetSingleLineMode(true);
  printer.SetUseUtf8StringEscaping(true);
  std::string out;
  printer.PrintToString(message, &out);
  return std::string(absl::StripTrailingAsciiWhitespace(out));
}

// A singular field of `message` at the dotted `path`, as text (an enum by its value's name, a
// message in one-line text format); nullopt when there is no such field.
std::optional<std::string> Value(const pb::Message& message, absl::string_view path) {
  const pb::Message* m = &message;
  std::vector<absl::string_view> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const pb::FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(std::string(parts[i]));
    if (f == nullptr || f->is_repeated()) return std::nullopt;
    const pb::Reflection* r = m->GetReflection();
    if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      m = &r->GetMessage(*m, f);
      if (i + 1 == parts.size()) return OneLine(*m);
      continue;
    }
    if (i + 1 < parts.size()) return std::nullopt;
    switch (f->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_STRING: return r->GetString(*m, f);
      case pb::FieldDescriptor::CPPTYPE_INT32: return absl::StrCat(r->GetInt32(*m, f));
      case pb::FieldDescriptor::CPPTYPE_INT64: return absl::StrCat(r->GetInt64(*m, f));
      case pb::FieldDescriptor::CPPTYPE_BOOL: return r->GetBool(*m, f) ? "true" : "false";
      case pb::FieldDescriptor::CPPTYPE_ENUM: return r->GetEnum(*m, f)->name();
      default: return std::nullopt;
    }
  }
  return std::nullopt;
}

// `${today+7d}` as the fields of a Date, `${now-5m}` and `${today+14d 09:00}` as those of a
// Timestamp (China Standard Time); nullopt when `ref` is neither form.
std::optional<std::string> TimeText(absl::string_view ref, absl::Time now) {
  const bool today = absl::ConsumePrefix(&ref, "today");
  if (!today && !absl::ConsumePrefix(&ref, "now")) return std::nullopt;
  std::pair<absl::string_view, absl::string_view> offset_clock = absl::StrSplit(ref, absl::MaxSplits(' ', 1));
  absl::string_view offset = offset_clock.first, clock = offset_clock.second;
  absl::Duration shift;
  if (!offset.empty()) {
    const char sign = offset.front(), unit = offset.back();
    int n = 0;
    const absl::Duration units = unit == 'd' ? absl::Hours(24) : unit == 'h' ? absl::Hours(1) : absl::Minutes(1);
    if ((sign != '+' && sign != '-') || !absl::SimpleAtoi(offset.substr(1, offset.size() - 2), &n) ||
        (unit != 'd' && (today || (unit != 'h' && unit != 'm')))) {
      return std::nullopt;
    }
    shift = (sign == '-' ? -n : n) * units;
  }
  if (!today) {
    if (!clock.empty()) return std::nullopt;
    return absl::StrCat("seconds: ", absl::ToUnixSeconds(now + shift));
  }
  const absl::CivilDay day = absl::ToCivilDay(now + shift, ChinaTime());
  if (clock.empty()) return absl::StrFormat("year: %d month: %d day: %d", day.year(), day.month(), day.day());
  int hh = 0, mm = 0;
  if (clock.size() != 5 || clock[2] != ':' || !absl::SimpleAtoi(clock.substr(0, 2), &hh) ||
      !absl::SimpleAtoi(clock.substr(3), &mm)) {
    return std::nullopt;
  }
  const absl::Time at = absl::FromCivil(absl::CivilMinute(day.year(), day.month(), day.day(), hh, mm), ChinaTime());
  return absl::StrCat("seconds: ", absl::ToUnixSeconds(at));
}

// Keeps `from` in `into`: fields `from` leaves empty keep their value. Responses of two methods
// share their resource field (both have `opinion`), which is merged alone.
void Merge(pb::Message& into, const pb::Message& from) {
  if (into.GetDescriptor() == from.GetDescriptor()) {
    into.MergeFrom(from);
    return;
  }
  std::vector<const pb::FieldDescriptor*> fields;
  from.GetReflection()->ListFields(from, &fields);
  for (const pb::FieldDescriptor* f : fields) {
    const pb::FieldDescriptor* g = into.GetDescriptor()->FindFieldByName(f->name());
    if (g == nullptr || g->is_repeated() || f->is_repeated() || g->message_type() == nullptr ||
        g->message_type() != f->message_type()) {
      continue;
    }
    into.GetReflection()->MutableMessage(&into, g)->MergeFrom(from.GetReflection()->GetMessage(from, f));
  }
}

class Player {
 public:
  explicit Player(const PlaybackOptions& options) : o_(options), now_(absl::Now()) {}

  absl::StatusOr<std::vector<Tally>> Run(const std::vector<Entry>& entries) {
    for (const Entry& entry : entries) {
      if (absl::Status s = Play(entry); !s.ok()) return s;
    }
    return tallies_;
  }

 private:
  absl::Status Play(const Entry& entry) {
    absl::StatusOr<const pb::MethodDescriptor*> method = rendactl::FindMethod(entry.method);
    if (!method.ok()) return Bad(entry.where, method.status().message());
    Tally not_counted;
    Tally& tally = entry.count.empty() ? not_counted : TallyOf(entry);
    if (!entry.when.empty()) {
      absl::StatusOr<std::optional<bool>> go = When(entry);
      if (!go.ok()) return go.status();
      if (!go->has_value()) return Skip(tally, absl::StrCat(entry.when.substr(0, entry.when.find('.')), " not made"));
      if (!**go) {
        ++tally.already;
        return absl::OkStatus();
      }
    }
    absl::StatusOr<std::string> text = Substitute(entry);
    if (!text.ok()) return text.status();
    std::unique_ptr<pb::Message> request = rendactl::NewMessage((*method)->input_type());
    if (!pb::TextFormat::ParseFromString(*text, request.get())) {
      return Bad(entry.where, absl::StrCat("not a ", (*method)->input_type()->full_name(), " in text format"));
    }
    absl::StatusOr<rendactl::Connection> connection = ConnectionFor(*method, entry.token, entry.where);
    if (!connection.ok()) return connection.status();
    if (!entry.exists.empty()) {
      absl::StatusOr<std::unique_ptr<pb::Message>> there = Exists(entry, *method, *request);
      if (!there.ok()) return there.status();
      if (*there != nullptr) {
        ++tally.already;
        Save(entry, *std::move(there));
        return absl::OkStatus();
      }
    }
    absl::StatusOr<std::unique_ptr<pb::Message>> response = Call(*connection, *method, *request);
    if (response.ok()) {
      tally.created += entry.per.empty() ? 1 : Count(**response, entry.per);
      Save(entry, *std::move(response));
      return absl::OkStatus();
    }
    const absl::Status& s = response.status();
    const std::string reason = ErrorReason(s);
    if (s.code() == absl::StatusCode::kAlreadyExists) {
      ++tally.already;
      return absl::OkStatus();
    }
    if (!reason.empty() && absl::c_linear_search(absl::StrSplit(entry.skip, ','), reason)) return Skip(tally, reason);
    if (s.code() == absl::StatusCode::kNotFound && entry.count.empty()) {
      Save(entry, rendactl::NewMessage((*method)->output_type()));
      return absl::OkStatus();
    }
    if (s.code() == absl::StatusCode::kUnimplemented && (*method)->service()->name() == "RegistryService") {
      if (!warned_registry_) {
        std::cerr << "renda-seed: warning: the RegistryService is not served yet (UNIMPLEMENTED): the congress and "
                     "its units are not registered\n";
        warned_registry_ = true;
      }
      return Skip(tally, "RegistryService not served yet");
    }
    return absl::Status(s.code(), absl::StrCat(entry.where, ": ", entry.method, ": ", s.message()));
  }

  // One call; UNAVAILABLE (the service could not reach another yet, e.g. intake the registry
  // right after the suite started) is asked again until options.retry_unavailable has passed.
  absl::StatusOr<std::unique_ptr<pb::Message>> Call(const rendactl::Connection& connection,
                                                    const pb::MethodDescriptor* method, const pb::Message& request) {
    const absl::Time give_up = absl::Now() + o_.retry_unavailable;
    for (;;) {
      absl::StatusOr<std::unique_ptr<pb::Message>> response = rendactl::CallMethod(connection, method, request);
      if (response.ok() || !absl::IsUnavailable(response.status()) || absl::Now() >= give_up) return response;
      absl::SleepFor(absl::Milliseconds(250));
    }
  }

  // per=FIELD: the elements of the response's repeated FIELD.
  static int Count(const pb::Message& response, const std::string& field) {
    const pb::FieldDescriptor* f = response.GetDescriptor()->FindFieldByName(field);
    return f != nullptr && f->is_repeated() ? response.GetReflection()->FieldSize(response, f) : 0;
  }

  static absl::Status Skip(Tally& tally, absl::string_view why) {
    ++tally.skipped;
    if (!absl::StrContains(tally.skipped_why, why)) {
      tally.skipped_why = tally.skipped_why.empty() ? std::string(why) : absl::StrCat(tally.skipped_why, ", ", why);
    }
    return absl::OkStatus();
  }

  void Save(const Entry& entry, std::unique_ptr<pb::Message> response) {
    if (entry.save.empty()) return;
    std::unique_ptr<pb::Message>& slot = saved_[entry.save];
    if (slot == nullptr) {
      slot = std::move(response);
    } else {
      Merge(*slot, *response);
    }
  }

  // when=KEY.PATH=VALUE: whether the saved field is VALUE; nullopt when nothing is saved as KEY.
  absl::StatusOr<std::optional<bool>> When(const Entry& entry) const {
    std::pair<std::string, std::string> ref_value = absl::StrSplit(entry.when, absl::MaxSplits('=', 1));
    std::pair<std::string, std::string> key_path = absl::StrSplit(ref_value.first, absl::MaxSplits('.', 1));
    auto it = saved_.find(key_path.first);
    if (it == saved_.end()) return std::optional<bool>();
    std::optional<std::string> value = Value(*it->second, key_path.second);
    if (!value.has_value()) return Bad(entry.where, absl::StrCat("when=", entry.when, ": no such field"));
    return std::optional<bool>(*value == ref_value.second);
  }

  // ${congress}, ${KEY.path} and the relative times in the request text.
  absl::StatusOr<std::string> Substitute(const Entry& entry) const {
    std::string out;
    absl::string_view rest = entry.request;
    for (size_t open; (open = rest.find("${")) != absl::string_view::npos;) {
      const size_t close = rest.find('}', open);
      if (close == absl::string_view::npos) return Bad(entry.where, "'${' without '}'");
      absl::StrAppend(&out, rest.substr(0, open));
      const std::string ref(rest.substr(open + 2, close - open - 2));
      rest.remove_prefix(close + 1);
      if (ref == "congress") {
        out.append(o_.congress);
        continue;
      }
      if (std::optional<std::string> time = TimeText(ref, now_)) {
        out.append(*time);
        continue;
      }
      std::pair<std::string, std::string> key_path = absl::StrSplit(ref, absl::MaxSplits('.', 1));
      auto it = saved_.find(key_path.first);
      if (it == saved_.end()) {
        return Bad(entry.where, absl::StrCat("${", ref, "}: no earlier entry saved '", key_path.first,
                                             "' (or it was already there: use a client id or exists=)"));
      }
      std::optional<std::string> value = Value(*it->second, key_path.second);
      if (!value.has_value()) return Bad(entry.where, absl::StrCat("${", ref, "}: no such field"));
      out.append(*value);
    }
    absl::StrAppend(&out, rest);
    return out;
  }

  absl::StatusOr<rendactl::Connection> ConnectionFor(const pb::MethodDescriptor* method, const std::string& who,
                                                     const std::string& where) {
    const std::string service = rendactl::ServiceOf(method);
    auto it = connections_.find(service);
    if (it == connections_.end()) {
      rendactl::GlobalOptions options;
      options.timeout_ms = static_cast<int>(absl::ToInt64Milliseconds(o_.timeout));
      if (auto addr = o_.address.find(service); addr != o_.address.end()) options.addr = addr->second;
      it = connections_.emplace(service, rendactl::Connection(options, service)).first;
    }
    absl::StatusOr<std::string> token = Token(who, where);
    if (!token.ok()) return token.status();
    return rendactl::Connection(it->second, *token);
  }

  absl::StatusOr<std::string> Token(const std::string& who, const std::string& where) const {
    std::pair<std::string, std::string> role_id = absl::StrSplit(who, absl::MaxSplits(':', 1));
    const std::string& role = role_id.first;
    const std::string& id = role_id.second;
    Claims claims;
    claims.congress = o_.congress;
    claims.issued_at = absl::Now();
    claims.expiry = claims.issued_at + absl::Hours(1);
    claims.subject = "renda-seed";
    if (role == "anonymous") return std::string();
    if (role == "staff") {
      claims.roles = Roles{Role::kStaff};
    } else if (role == "admin") {
      claims.roles = Roles{Role::kAdmin};
      claims.congress = "*";
    } else if (role == "deputy" && !id.empty()) {
      claims.subject = absl::StrCat("deputy-", id);
      claims.roles = Roles{Role::kDeputy};
      claims.deputy_id = id;
    } else if (role == "unit" && !id.empty()) {
      claims.subject = absl::StrCat("unit-", id);
      claims.roles = Roles{Role::kHandlingUnit};
      claims.unit_id = id;
    } else if (role == "citizen" && !id.empty()) {
      claims.subject = id;
      claims.roles = Roles{Role::kCitizen};
    } else {
      return Bad(where,
                 absl::StrCat("token=", who, ": want staff, admin, anonymous, deputy:ID, unit:ID or citizen:ID"));
    }
    return MintToken(claims, o_.token_key);
  }

  // exists=ListOpinions:opinion.content — the listed element with the request's values (wrapped
  // as the method's response would carry it), or nullptr when there is none.
  absl::StatusOr<std::unique_ptr<pb::Message>> Exists(const Entry& entry, const pb::MethodDescriptor* method,
                                                      const pb::Message& request) {
    std::pair<std::string, std::string> list_paths = absl::StrSplit(entry.exists, absl::MaxSplits(':', 1));
    absl::StatusOr<const pb::MethodDescriptor*> list = rendactl::FindMethod(list_paths.first);
    if (!list.ok()) return Bad(entry.where, list.status().message());
    std::unique_ptr<pb::Message> query = rendactl::NewMessage((*list)->input_type());
    const pb::Descriptor* type = query->GetDescriptor();
    const pb::Reflection* r = query->GetReflection();
    std::vector<std::pair<std::string, std::string>> wanted;  // element path → value
    for (absl::string_view path : absl::StrSplit(list_paths.second, ',')) {
      std::optional<std::string> value = Value(request, path);
      const size_t dot = path.find('.');
      if (!value.has_value() || dot == absl::string_view::npos) {
        return Bad(entry.where, absl::StrCat("exists=: the request has no field ", path));
      }
      wanted.emplace_back(std::string(path.substr(dot + 1)), *value);
      const pb::FieldDescriptor* filter = type->FindFieldByName(std::string(path.substr(path.rfind('.') + 1)));
      if (filter != nullptr && filter->type() == pb::FieldDescriptor::TYPE_STRING) {
        r->SetString(query.get(), filter, *value);
      }
    }
    for (int i = 0; i < type->field_count(); ++i) {
      const pb::FieldDescriptor* f = type->field(i);
      std::optional<std::string> value = Value(request, f->name());
      if (f->type() == pb::FieldDescriptor::TYPE_STRING && value.has_value() && !value->empty()) {
        r->SetString(query.get(), f, *value);
      }
    }
    if (const pb::FieldDescriptor* size = type->FindFieldByName("page_size")) r->SetInt32(query.get(), size, 100);
    absl::StatusOr<rendactl::Connection> staff = ConnectionFor(*list, "staff", entry.where);
    if (!staff.ok()) return staff.status();
    const pb::FieldDescriptor* token_field = type->FindFieldByName("page_token");
    for (std::string token;;) {
      if (token_field != nullptr) r->SetString(query.get(), token_field, token);
      absl::StatusOr<std::unique_ptr<pb::Message>> page = Call(*staff, *list, *query);
      if (!page.ok()) {
        return absl::Status(page.status().code(), absl::StrCat(entry.where, ": ", page.status().message()));
      }
      const pb::Message& p = **page;
      const pb::Descriptor* ptype = p.GetDescriptor();
      for (int i = 0; i < ptype->field_count(); ++i) {
        const pb::FieldDescriptor* f = ptype->field(i);
        if (!f->is_repeated() || f->message_type() == nullptr) continue;
        for (int k = 0; k < p.GetReflection()->FieldSize(p, f); ++k) {
          const pb::Message& element = p.GetReflection()->GetRepeatedMessage(p, f, k);
          auto matches = [&](const auto& w) { return Value(element, w.first) == w.second; };
          if (std::all_of(wanted.begin(), wanted.end(), matches)) return Wrap(method, element);
        }
      }
      const pb::FieldDescriptor* next = ptype->FindFieldByName("next_page_token");
      const std::string next_token = next == nullptr ? "" : p.GetReflection()->GetString(p, next);
      if (next_token.empty() || next_token == token) return nullptr;
      token = next_token;
    }
  }

  // A response of `method` carrying `element` in its field of that type.
  static std::unique_ptr<pb::Message> Wrap(const pb::MethodDescriptor* method, const pb::Message& element) {
    std::unique_ptr<pb::Message> response = rendactl::NewMessage(method->output_type());
    const pb::Descriptor* type = response->GetDescriptor();
    for (int i = 0; i < type->field_count(); ++i) {
      if (type->field(i)->message_type() == element.GetDescriptor() && !type->field(i)->is_repeated()) {
        response->GetReflection()->MutableMessage(response.get(), type->field(i))->CopyFrom(element);
        break;
      }
    }
    return response;
  }

  Tally& TallyOf(const Entry& entry) {
    std::pair<std::string, std::string> what_verb = absl::StrSplit(entry.count, absl::MaxSplits(':', 1));
    std::replace(what_verb.first.begin(), what_verb.first.end(), '_', ' ');
    for (Tally& t : tallies_) {
      if (t.what == what_verb.first) return t;
    }
    tallies_.push_back({.what = what_verb.first, .verb = what_verb.second.empty() ? "made" : what_verb.second});
    return tallies_.back();
  }

  PlaybackOptions o_;
  absl::Time now_;  // one "now" for the whole playback
  std::map<std::string, rendactl::Connection> connections_;
  std::map<std::string, std::unique_ptr<pb::Message>> saved_;
  std::vector<Tally> tallies_;
  bool warned_registry_ = false;
};

}  // namespace

absl::StatusOr<std::vector<Entry>> ReadEntries(const std::string& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& file : std::filesystem::directory_iterator(dir, error)) {
    if (file.path().extension() == ".txtpb") files.push_back(file.path());
  }
  if (error) return absl::NotFoundError(absl::StrCat("cannot read ", dir, ": ", error.message()));
  std::sort(files.begin(), files.end());
  std::vector<Entry> entries;
  for (const std::filesystem::path& path : files) {
    std::ifstream in(path);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      absl::string_view l = absl::StripAsciiWhitespace(line);
      if (absl::ConsumePrefix(&l, "##")) {
        Entry entry;
        entry.where = absl::StrCat(path.filename().string(), ":", number);
        entries.push_back(std::move(entry));
        if (absl::Status s = ParseHeader(l, &entries.back()); !s.ok()) return s;
      } else if (l.empty() || absl::StartsWith(l, "#")) {
        continue;
      } else if (entries.empty() || entries.back().where.rfind(path.filename().string(), 0) != 0) {
        return Bad(absl::StrCat(path.filename().string(), ":", number), "a request before the first '##' header");
      } else {
        absl::StrAppend(&entries.back().request, line, "\n");
      }
    }
  }
  return entries;
}

absl::StatusOr<std::vector<Tally>> Play(const std::vector<Entry>& entries, const PlaybackOptions& options) {
  return Player(options).Run(entries);
}

}  // namespace renda::seed
