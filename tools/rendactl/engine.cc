#include "tools/rendactl/engine.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/timestamp.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "renda/type/v1/date.pb.h"
#include "services/common/time_util.h"
#include "tools/rendactl/descriptors.h"
#include "tools/rendactl/enum_flags.h"
#include "tools/rendactl/output.h"
#include "tools/rendactl/rep_common.h"

namespace rendactl {
namespace {

namespace pb = google::protobuf;
using pb::FieldDescriptor;

// ---- Reading values ----

bool IsType(const FieldDescriptor* f, const pb::Descriptor* type) {
  return f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && f->message_type()->full_name() == type->full_name();
}
bool IsDate(const FieldDescriptor* f) { return IsType(f, renda::type::v1::Date::descriptor()); }
bool IsTimestamp(const FieldDescriptor* f) { return IsType(f, pb::Timestamp::descriptor()); }
// Messages written as one value on the command line.
bool IsValueType(const FieldDescriptor* f) {
  return IsDate(f) || IsTimestamp(f) || IsType(f, pb::FieldMask::descriptor()) ||
         IsType(f, pb::Duration::descriptor());
}

std::string Kebab(absl::string_view name) { return absl::StrReplaceAll(name, {{"_", "-"}}); }

absl::Status BadValue(absl::string_view flag, absl::string_view want, absl::string_view got) {
  return UsageError(absl::StrCat(flag, ": want ", want, ", got '", got, "'"), false);
}

absl::Status ParseTimestamp(absl::string_view flag, absl::string_view text, pb::Timestamp* out) {
  absl::Time time = absl::Now();
  std::string error;
  if (text == "now" || absl::ParseTime(absl::RFC3339_full, text, &time, &error)) {
    out->set_seconds(absl::ToUnixSeconds(time));
    return absl::OkStatus();
  }
  absl::CivilMinute minute;  // 'YYYY-MM-DD HH:MM', 'YYYY-MM-DDTHH:MM' or a bare date, China time
  if (!absl::ParseLenientCivilTime(absl::StrReplaceAll(text, {{" ", "T"}}), &minute)) {
    return BadValue(flag, "a time: RFC 3339, 'YYYY-MM-DD HH:MM' (China time) or YYYY-MM-DD", text);
  }
  out->set_seconds(absl::ToUnixSeconds(absl::FromCivil(minute, renda::ChinaTime())));
  return absl::OkStatus();
}

// Sets one value of `field` in `message` from its command-line text.
absl::Status SetValue(pb::Message* message, const FieldDescriptor* field, absl::string_view flag,
                      const std::string& text) {
  const pb::Reflection* r = message->GetReflection();
  const bool rep = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      rep ? r->AddString(message, field, text) : r->SetString(message, field, text);
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64: {
      int64_t v = 0;
      if (!absl::SimpleAtoi(text, &v)) return BadValue(flag, "a whole number", text);
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_INT32) {
        rep ? r->AddInt32(message, field, static_cast<int32_t>(v)) : r->SetInt32(message, field, static_cast<int32_t>(v));
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_INT64) {
        rep ? r->AddInt64(message, field, v) : r->SetInt64(message, field, v);
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_UINT32) {
        rep ? r->AddUInt32(message, field, static_cast<uint32_t>(v))
            : r->SetUInt32(message, field, static_cast<uint32_t>(v));
      } else {
        rep ? r->AddUInt64(message, field, static_cast<uint64_t>(v))
            : r->SetUInt64(message, field, static_cast<uint64_t>(v));
      }
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      double v = 0;
      if (!absl::SimpleAtod(text, &v)) return BadValue(flag, "a number", text);
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE) {
        rep ? r->AddDouble(message, field, v) : r->SetDouble(message, field, v);
      } else {
        rep ? r->AddFloat(message, field, static_cast<float>(v)) : r->SetFloat(message, field, static_cast<float>(v));
      }
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool v = true;
      if (!absl::SimpleAtob(text, &v)) return BadValue(flag, "true or false", text);
      rep ? r->AddBool(message, field, v) : r->SetBool(message, field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      absl::StatusOr<int> v = ParseEnumFlag(absl::StripPrefix(flag, "--"), text, field->enum_type());
      if (!v.ok()) return v.status();
      rep ? r->AddEnumValue(message, field, *v) : r->SetEnumValue(message, field, *v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      pb::Message* value = rep ? r->AddMessage(message, field) : r->MutableMessage(message, field);
      if (IsDate(field)) {
        int y, m, d;
        const std::string day = text == "today" ? TodayInChina() : text;
        if (absl::Status s = ParseDateFlag(absl::StripPrefix(flag, "--"), day, &y, &m, &d); !s.ok()) return s;
        auto* date = static_cast<renda::type::v1::Date*>(value);
        date->set_year(y);
        date->set_month(m);
        date->set_day(d);
        return absl::OkStatus();
      }
      if (IsTimestamp(field)) {
        pb::Timestamp ts;
        if (absl::Status s = ParseTimestamp(flag, text, &ts); !s.ok()) return s;
        value->CopyFrom(ts);
        return absl::OkStatus();
      }
      if (IsType(field, pb::FieldMask::descriptor())) {
        pb::FieldMask mask;
        for (absl::string_view p : absl::StrSplit(text, ',', absl::SkipWhitespace())) mask.add_paths(std::string(p));
        value->CopyFrom(mask);
        return absl::OkStatus();
      }
      if (IsType(field, pb::Duration::descriptor())) {
        absl::Duration d;
        if (!absl::ParseDuration(text, &d)) return BadValue(flag, "a duration such as 90s or 12h", text);
        pb::Duration out;
        out.set_seconds(absl::ToInt64Seconds(d));
        value->CopyFrom(out);
        return absl::OkStatus();
      }
      if (!pb::TextFormat::ParseFromString(text, value)) {
        return BadValue(flag, absl::StrCat("a ", field->message_type()->name(), " in protobuf text format"), text);
      }
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

// The message that holds the last segment of `path` (made on the way), and that field.
std::pair<pb::Message*, const FieldDescriptor*> Walk(pb::Message* message, absl::string_view path) {
  std::vector<absl::string_view> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* f = message->GetDescriptor()->FindFieldByName(std::string(parts[i]));
    if (f == nullptr) return {nullptr, nullptr};
    if (i + 1 == parts.size()) return {message, f};
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || f->is_repeated()) return {nullptr, nullptr};
    message = message->GetReflection()->MutableMessage(message, f);
  }
  return {nullptr, nullptr};
}

const FieldDescriptor* FieldAt(const pb::Descriptor* type, absl::string_view path) {
  const FieldDescriptor* f = nullptr;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    if (type == nullptr) return nullptr;
    f = type->FindFieldByName(std::string(part));
    if (f == nullptr) return nullptr;
    type = f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE ? f->message_type() : nullptr;
  }
  return f;
}

// ---- Resources named on the command line ----

// `text` as a resource of `ref` (see RpcCommand); `flag` names it in messages ("" positional).
absl::StatusOr<std::string> ResolveRef(const Connection& connection, const Args& args, absl::string_view ref,
                                       absl::string_view flag, const std::string& text) {
  if (ref == "deputy") {
    if (connection.service() == "representatives") return ResolveDeputyText(connection, args, flag, text);
    // A name is looked up where the deputies are, wherever the command itself goes.
    GlobalOptions options = connection.options();
    options.addr.clear();
    return ResolveDeputyText(Connection(options, "representatives"), args, flag, text);
  }
  if (ref == "congresses") {
    const std::string id(absl::StripPrefix(text, "congresses/"));
    if (!IsId(id)) {
      return UsageError(absl::StrCat(flag.empty() ? "" : absl::StrCat("--", flag, ": "), "'", text,
                                     "' is not a congress id (a-z, 0-9 and '-', e.g. hz)"), false);
    }
    return absl::StrCat("congresses/", id);
  }
  int pad = 0;  // "#6": a number stands for the id of six digits
  if (size_t hash = ref.find('#'); hash != absl::string_view::npos) {
    (void)absl::SimpleAtoi(ref.substr(hash + 1), &pad);
    ref = ref.substr(0, hash);
  }
  int number = 0;
  const std::string id = pad > 0 && absl::SimpleAtoi(text, &number) ? absl::StrFormat("%0*d", pad, number) : text;
  const size_t open = ref.find("/{");
  if (open == absl::string_view::npos || absl::StartsWith(text, "congresses/")) {
    if (open == absl::string_view::npos) return ResourceFlag(args, flag, text, ref);
    if (!IsId(IdOf(text))) return UsageError(absl::StrCat("'", text, "' is not a resource name"), false);
    return text;
  }
  // "consultations/{consultation}/comments": the consultation of --consultation, then the id.
  const size_t close = ref.find("}/", open);
  const std::string outer(ref.substr(0, open));
  const std::string outer_flag(ref.substr(open + 2, close - open - 2));
  const std::string inner(ref.substr(close + 2));
  if (!args.Has(outer_flag)) {
    return UsageError(absl::StrCat("give the full name of the ", flag.empty() ? "argument" : flag, ", or --",
                                   outer_flag));
  }
  absl::StatusOr<std::string> parent = ResourceFlag(args, outer_flag, args.Get(outer_flag), outer);
  if (!parent.ok()) return parent.status();
  if (!IsId(id)) return UsageError(absl::StrCat(flag.empty() ? "" : absl::StrCat("--", flag, ": "), "'", text,
                                                "' is not an id (a-z, 0-9 and '-')"), false);
  return absl::StrCat(*parent, "/", inner, "/", id);
}

// ---- The flags of one command ----

struct EngineFlag {
  FlagSpec spec;
  std::string path = {};      // the field it sets; "" for a helper flag (+flag) or a hook
  std::string fixed = {};     // a switch that sets `path` to this value
  std::string fallback = {};  // used when the flag is not given
  std::string ref = {};       // see ResolveRef
  const Hook* hook = nullptr;
};

struct Plan {
  const RpcCommand* alias = nullptr;
  const pb::MethodDescriptor* method = nullptr;
  std::vector<EngineFlag> flags;
  std::vector<std::pair<std::string, std::string>> fixed;  // field = value, always
  std::string positional_label, positional_path, positional_ref;
  std::string resource;  // the request's resource field when it has an update_mask
  bool paged = false;
  bool positional_optional = false;
  std::vector<std::vector<std::string>> one_of;    // exactly one of these flags
  std::vector<std::vector<std::string>> any_of;    // at least one of these flags
  std::string selector_flag, selector_word;      // chosen among a path's plans by a flag or a word
};

std::string ValueName(const FieldDescriptor* f, absl::string_view flag, bool ref) {
  if (ref) return "ID";
  if (IsDate(f)) return "YYYY-MM-DD";
  if (IsTimestamp(f)) return "TIME";
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL: return "";
    case FieldDescriptor::CPPTYPE_ENUM: return std::string(1, absl::ascii_toupper(flag.empty() ? 'v' : flag[0]));
    case FieldDescriptor::CPPTYPE_STRING: return absl::EndsWith(f->name(), "_id") ? "ID" : "TEXT";
    case FieldDescriptor::CPPTYPE_MESSAGE: return "TEXT";
    default: return "N";
  }
}

// Fields a client does not set: output only, or no longer read.
bool OutputOnly(const FieldDescriptor* f) {
  const std::string comment = CommentOf(f);
  return f->options().deprecated() || absl::StrContains(comment, "No longer accepted") ||
         (f->name() != "etag" && absl::StrContains(comment, "Output only"));
}

// The leaves of `type` that flags may set, shallow ones first, as dotted paths.
void Leaves(const pb::Descriptor* type, const std::string& prefix, int depth, std::vector<std::string>* out,
            std::vector<std::pair<std::string, const pb::Descriptor*>>* nested) {
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* f = type->field(i);
    if (OutputOnly(f) || (prefix.empty() && f->name() == "update_mask")) continue;
    const std::string path = prefix.empty() ? f->name() : absl::StrCat(prefix, ".", f->name());
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !IsValueType(f)) {
      if (!f->is_repeated() && depth < 3) nested->emplace_back(path, f->message_type());
      continue;
    }
    out->push_back(path);
  }
}

const Hook* FindHook(absl::string_view name) {
  for (const Hook& hook : Tables().hooks) {
    if (hook.name == name) return &hook;
  }
  return nullptr;
}

Plan MakePlan(const RpcCommand& alias) {
  Plan plan;
  plan.alias = &alias;
  absl::StatusOr<const pb::MethodDescriptor*> method = FindMethod(alias.rpc);
  if (!method.ok()) {
    std::fprintf(stderr, "rendactl: the alias table names %s: %s\n", alias.rpc.c_str(),
                 std::string(method.status().message()).c_str());
    std::abort();
  }
  plan.method = *method;
  const pb::Descriptor* request = plan.method->input_type();
  plan.paged = request->FindFieldByName("page_token") != nullptr &&
               plan.method->output_type()->FindFieldByName("next_page_token") != nullptr;
  if (const FieldDescriptor* mask = request->FindFieldByName("update_mask"); mask != nullptr) {
    for (int i = 0; i < request->field_count(); ++i) {
      const FieldDescriptor* f = request->field(i);
      if (f != mask && f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !IsValueType(f)) plan.resource = f->name();
    }
  }

  // The rules, by kind.
  std::map<std::string, std::string> renames, refs, fallbacks;
  std::vector<std::string> hidden, required;
  for (const std::string& rule : alias.rules) {
    absl::string_view r = rule;
    if (absl::ConsumePrefix(&r, "?=")) {
      plan.selector_word = std::string(r);
    } else if (absl::ConsumePrefix(&r, "?")) {
      plan.selector_flag = std::string(r);
      plan.flags.push_back({.spec = {.name = plan.selector_flag}});
    } else if (absl::ConsumePrefix(&r, "!") && absl::StrContains(r, '|')) {
      plan.one_of.push_back(absl::StrSplit(r, '|'));
    } else if (r != rule && absl::StrContains(r, '/')) {
      plan.any_of.push_back(absl::StrSplit(r, '/'));
    } else if (r != rule) {
      required.emplace_back(r);
    } else if (absl::ConsumePrefix(&r, "-")) {
      hidden.emplace_back(r);
    } else if (absl::ConsumePrefix(&r, "+")) {
      EngineFlag helper;
      helper.spec = {.name = std::string(r), .value_name = "ID",
                     .help = absl::StrCat("the ", Kebab(r), " (an id with --congress, or its full name)")};
      plan.flags.push_back(std::move(helper));
    } else if (size_t star = r.find('*'); star != absl::string_view::npos) {
      const Hook* hook = FindHook(r.substr(star + 1));
      EngineFlag flag;
      flag.spec = {.name = std::string(r.substr(0, star)), .value_name = hook->value_name, .help = hook->help,
                   .repeated = hook->repeated};
      flag.hook = hook;
      plan.flags.push_back(std::move(flag));
    } else if (size_t colon = r.find(':'); colon != absl::string_view::npos) {
      std::pair<std::string, std::string> kv = absl::StrSplit(r.substr(colon + 1), absl::MaxSplits('=', 1));
      EngineFlag flag;
      flag.spec = {.name = std::string(r.substr(0, colon)), .help = absl::StrCat("sets ", kv.first, " to ", kv.second)};
      flag.path = kv.first;
      flag.fixed = kv.second;
      plan.flags.push_back(std::move(flag));
    } else if (size_t gt = r.find('>'); gt != absl::string_view::npos) {
      renames[std::string(r.substr(0, gt))] = std::string(r.substr(gt + 1));
    } else if (size_t at = r.find('@'); at != absl::string_view::npos) {
      refs[std::string(r.substr(0, at))] = std::string(r.substr(at + 1));
    } else if (size_t q = r.find('?'); q != absl::string_view::npos) {
      fallbacks[std::string(r.substr(0, q))] = std::string(r.substr(q + 1));
    } else if (size_t eq = r.find('='); eq != absl::string_view::npos) {
      plan.fixed.emplace_back(std::string(r.substr(0, eq)), std::string(r.substr(eq + 1)));
    }
  }
  auto lookup = [](const std::map<std::string, std::string>& m, const std::string& path) -> const std::string* {
    if (auto it = m.find(path); it != m.end()) return &it->second;
    const size_t dot = path.rfind('.');
    if (dot == std::string::npos) return nullptr;
    auto it = m.find(path.substr(dot + 1));
    return it == m.end() ? nullptr : &it->second;
  };
  auto is_hidden = [&](const std::string& path) {
    for (const std::string& h : hidden) {
      if (h == path || absl::EndsWith(path, absl::StrCat(".", h))) return true;
    }
    return false;
  };

  if (!alias.positional.empty()) {
    std::pair<std::string, std::string> label_rest = absl::StrSplit(alias.positional, absl::MaxSplits('>', 1));
    std::pair<std::string, std::string> path_ref = absl::StrSplit(label_rest.second, absl::MaxSplits('@', 1));
    plan.positional_label = label_rest.first;
    if (absl::StartsWith(plan.positional_label, "[")) {
      plan.positional_optional = true;
      plan.positional_label = plan.positional_label.substr(1, plan.positional_label.size() - 2);
    }
    plan.positional_path = path_ref.first;
    plan.positional_ref = path_ref.second;
  }

  // Every leaf field, shallow ones first.
  std::vector<std::string> paths;
  std::vector<std::pair<std::string, const pb::Descriptor*>> queue;
  Leaves(request, "", 0, &paths, &queue);
  for (size_t i = 0; i < queue.size(); ++i) {
    const int depth = 1 + static_cast<int>(std::count(queue[i].first.begin(), queue[i].first.end(), '.'));
    const std::string prefix = queue[i].first;
    const pb::Descriptor* nested_type = queue[i].second;
    Leaves(nested_type, prefix, depth, &paths, &queue);
  }
  std::vector<std::string> taken;
  for (const EngineFlag& f : plan.flags) taken.push_back(f.spec.name);
  const bool has_congress_parent = request->FindFieldByName("parent") != nullptr && lookup(refs, "parent") == nullptr;
  for (const std::string& path : paths) {
    // The argument's field has no flag, unless the table names one (--consultation or CONSULTATION).
    if ((path == plan.positional_path && lookup(renames, path) == nullptr) || is_hidden(path)) continue;
    // A resource's etag is read only by updates (a create has none to compare with).
    if (absl::EndsWith(path, ".etag") && (plan.resource.empty() || request->FindFieldByName("etag") != nullptr)) continue;
    bool fixed = false;
    for (const auto& [p, v] : plan.fixed) fixed = fixed || p == path;
    if (fixed) continue;
    const FieldDescriptor* field = FieldAt(request, path);
    const std::string leaf = field->name();
    std::string name;
    if (const std::string* renamed = lookup(renames, path)) {
      name = *renamed;
    } else if (path == "parent" && has_congress_parent) {
      name = "congress";
    } else if (path.find('.') == std::string::npos && absl::EndsWith(leaf, "_id") &&
               FieldAt(request, absl::StripSuffix(leaf, "_id")) != nullptr &&
               FieldAt(request, absl::StripSuffix(leaf, "_id"))->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      name = "id";  // AIP-133: the client-chosen id of the resource created
    } else {
      name = Kebab(leaf);
    }
    if (std::find(taken.begin(), taken.end(), name) != taken.end()) {
      // A clash: the nested one is --outer-inner.
      std::vector<std::string> parts = absl::StrSplit(path, '.');
      name = parts.size() >= 2 ? Kebab(absl::StrCat(parts[parts.size() - 2], "-", leaf)) : Kebab(path);
      if (std::find(taken.begin(), taken.end(), name) != taken.end()) continue;
    }
    taken.push_back(name);
    EngineFlag flag;
    flag.path = path;
    if (path == "parent" && has_congress_parent) flag.ref = "congress";
    if (const std::string* ref = lookup(refs, path)) flag.ref = *ref;
    const std::string comment = CommentOf(field);
    flag.spec.name = name;
    flag.spec.value_name = ValueName(field, name, !flag.ref.empty() && flag.ref != "congress");
    if (flag.ref == "congress") flag.spec.value_name = "C";
    flag.spec.help = path == "parent" && flag.ref == "congress" ? "the congress (tenant) id, e.g. hz"
                                                                : FirstSentence(comment);
    if (flag.spec.help.empty()) flag.spec.help = Kebab(leaf);
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
      flag.spec.enum_type = field->enum_type();
      absl::StrAppend(&flag.spec.help, ":");
    }
    flag.spec.repeated = field->is_repeated();
    if (path.find('.') != std::string::npos) flag.spec.aliases.push_back(Kebab(path));
    plan.flags.push_back(std::move(flag));
  }
  for (EngineFlag& flag : plan.flags) {
    if (auto it = fallbacks.find(flag.spec.name); it != fallbacks.end()) {
      flag.fallback = it->second;
      absl::StrAppend(&flag.spec.help, flag.spec.enum_type != nullptr ? " (default " : " (default ",
                      it->second == "today" ? "today, China time" : it->second, ")");
    }
    flag.spec.required = std::find(required.begin(), required.end(), flag.spec.name) != required.end();
  }
  // --congress: the parent, or what ids are completed with.
  bool has_congress = false;
  for (const EngineFlag& f : plan.flags) has_congress = has_congress || f.spec.name == "congress";
  if (!has_congress) {
    EngineFlag congress;
    congress.spec = CongressFlag(false);
    plan.flags.insert(plan.flags.begin(), std::move(congress));
  } else {
    for (EngineFlag& f : plan.flags) {
      if (f.spec.name == "congress" && f.ref == "congress") f.spec.required = plan.positional_ref.empty() ||
                                                                               plan.positional_path != "name";
    }
  }
  for (EngineFlag& f : plan.flags) {
    if (f.spec.name == "congress" && !f.spec.required) f.spec = CongressFlag(false);
  }
  if (plan.paged) plan.flags.push_back({.spec = {.name = "all", .help = "follow next_page_token and show every page"}});
  return plan;
}

// ---- Running ----

absl::Status Fill(const Plan& plan, const Connection& connection, const Args& args, pb::Message* request,
                  std::vector<std::string>* given) {
  for (const auto& [path, value] : plan.fixed) {
    auto [holder, field] = Walk(request, path);
    if (absl::Status s = SetValue(holder, field, path, value); !s.ok()) return s;
  }
  for (const std::vector<std::string>& group : plan.one_of) {
    int given_count = 0;
    for (const std::string& flag : group) given_count += args.Has(flag) ? 1 : 0;
    if (given_count != 1) return UsageError(absl::StrCat("give exactly one of --", absl::StrJoin(group, " and --")));
  }
  for (const std::vector<std::string>& group : plan.any_of) {
    bool any = false;
    for (const std::string& flag : group) any = any || args.Has(flag);
    if (!any) return UsageError(absl::StrCat("give --", absl::StrJoin(group, ", --"), " or more of them"));
  }
  if (!plan.positional_path.empty() && !args.positional().empty()) {
    std::string value = args.positional().front();
    if (!plan.positional_ref.empty()) {
      absl::StatusOr<std::string> name = ResolveRef(connection, args, plan.positional_ref, "", value);
      if (!name.ok()) return name.status();
      value = *name;
    }
    auto [holder, field] = Walk(request, plan.positional_path);
    if (absl::Status s = SetValue(holder, field, plan.positional_label, value); !s.ok()) return s;
  }
  for (const EngineFlag& flag : plan.flags) {
    const std::string dashed = absl::StrCat("--", flag.spec.name);
    if (flag.hook != nullptr) {
      if (flag.hook->resolve != nullptr || !args.Has(flag.spec.name)) continue;
      if (absl::Status s = flag.hook->apply(args.GetAll(flag.spec.name), request); !s.ok()) return s;
      if (!flag.hook->field.empty()) given->push_back(flag.hook->field);
      continue;
    }
    if (flag.path.empty() || flag.spec.name == "all") continue;
    std::vector<std::string> values;
    if (args.Has(flag.spec.name)) {
      values = flag.fixed.empty() ? args.GetAll(flag.spec.name) : std::vector<std::string>{flag.fixed};
    } else if (!flag.fallback.empty()) {
      values = {flag.fallback};
    } else {
      continue;
    }
    auto [holder, field] = Walk(request, flag.path);
    if (field->is_repeated() && field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
      std::vector<std::string> split;
      for (const std::string& v : values) {
        for (absl::string_view part : absl::StrSplit(v, ',', absl::SkipWhitespace())) split.emplace_back(part);
      }
      values = std::move(split);
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_BOOL && flag.fixed.empty() && args.Has(flag.spec.name)) {
      values = {"true"};
    }
    for (std::string value : values) {
      if (flag.ref == "congress") {
        absl::StatusOr<std::string> parent = CongressParent(args);
        if (!parent.ok()) return parent.status();
        value = *parent;
      } else if (!flag.ref.empty() && !value.empty()) {
        absl::StatusOr<std::string> name = ResolveRef(connection, args, flag.ref, flag.spec.name, value);
        if (!name.ok()) return name.status();
        value = *name;
      }
      if (absl::Status s = SetValue(holder, field, dashed, value); !s.ok()) return s;
    }
    if (args.Has(flag.spec.name)) given->push_back(flag.path);
  }
  for (const EngineFlag& flag : plan.flags) {
    if (flag.hook == nullptr || flag.hook->resolve == nullptr) continue;
    if (absl::Status s = flag.hook->resolve(connection, args, request); !s.ok()) return s;
  }
  if (!plan.resource.empty()) {
    auto [holder, mask_field] = Walk(request, "update_mask");
    auto* mask = static_cast<pb::FieldMask*>(holder->GetReflection()->MutableMessage(holder, mask_field));
    const std::string prefix = absl::StrCat(plan.resource, ".");
    for (const std::string& path : *given) {
      if (absl::StartsWith(path, prefix) && !absl::EndsWith(path, ".etag")) {
        std::string relative = path.substr(prefix.size());
        // Date and Timestamp leaves are whole fields of the resource.
        mask->add_paths(relative);
      }
    }
    if (mask->paths().empty()) {
      return UsageError("nothing to update: give the flags of the fields to change");
    }
  }
  return absl::OkStatus();
}

// The first repeated message field of a list response.
const FieldDescriptor* ListField(const pb::Descriptor* response) {
  for (int i = 0; i < response->field_count(); ++i) {
    const FieldDescriptor* f = response->field(i);
    if (f->is_repeated() && f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !f->is_map()) return f;
  }
  return nullptr;
}

absl::Status PrintResponse(const Plan& plan, const pb::Message& response) {
  for (const auto& [method, printer] : Tables().printers) {
    if (method == plan.method->full_name()) return printer(response);
  }
  const pb::Descriptor* type = response.GetDescriptor();
  const FieldDescriptor* list = ListField(type);
  std::vector<const FieldDescriptor*> set;
  response.GetReflection()->ListFields(response, &set);
  const bool only_list = list != nullptr && (set.empty() || (set.size() == 1 && set[0] == list));
  if ((plan.paged || only_list) && list != nullptr) {
    const pb::Reflection* r = response.GetReflection();
    const int n = r->FieldSize(response, list);
    if (n == 0) {
      std::printf("no %s\n", absl::StrReplaceAll(list->name(), {{"_", " "}}).c_str());
    } else {
      std::vector<const pb::Message*> rows;
      for (int i = 0; i < n; ++i) rows.push_back(&r->GetRepeatedMessage(response, list, i));
      PrintTable(list->message_type(), rows);
    }
    if (plan.paged) PrintMoreHint(r->GetString(response, type->FindFieldByName("next_page_token")));
    return absl::OkStatus();
  }
  // A response holding one resource prints that resource.
  if (set.size() == 1 && set[0]->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !set[0]->is_repeated()) {
    PrintResource(response.GetReflection()->GetMessage(response, set[0]));
    return absl::OkStatus();
  }
  PrintResource(response);
  return absl::OkStatus();
}

// The counts of a page (EvaluateExitRules' deputies_checked) add up over the pages: the page
// gets the sum so far, which MergeFrom then keeps.
void AddCounts(const pb::Message& merged, pb::Message* page) {
  const pb::Reflection* r = page->GetReflection();
  std::vector<const FieldDescriptor*> set;
  r->ListFields(*page, &set);
  for (const FieldDescriptor* f : set) {
    if (f->is_repeated()) continue;
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_INT32) r->SetInt32(page, f, r->GetInt32(*page, f) + r->GetInt32(merged, f));
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_INT64) r->SetInt64(page, f, r->GetInt64(*page, f) + r->GetInt64(merged, f));
  }
}

absl::Status Run(const Plan& plan, const Invocation& inv) {
  Connection connection(inv.global, ServiceOf(plan.method));
  std::unique_ptr<pb::Message> request = NewMessage(plan.method->input_type());
  std::vector<std::string> given;
  if (absl::Status s = Fill(plan, connection, inv.args, request.get(), &given); !s.ok()) return s;
  std::unique_ptr<pb::Message> merged;
  const FieldDescriptor* token_field = plan.method->input_type()->FindFieldByName("page_token");
  for (std::string token = inv.args.Get("page-token");;) {
    if (plan.paged) request->GetReflection()->SetString(request.get(), token_field, token);
    absl::StatusOr<std::unique_ptr<pb::Message>> page = CallMethod(connection, plan.method, *request);
    if (!page.ok()) return page.status();
    if (!plan.paged) {
      merged = *std::move(page);
      break;
    }
    const FieldDescriptor* next_field = (*page)->GetDescriptor()->FindFieldByName("next_page_token");
    const std::string next = (*page)->GetReflection()->GetString(**page, next_field);
    if (merged == nullptr) {
      merged = *std::move(page);
    } else {
      AddCounts(*merged, page->get());
      merged->MergeFrom(**page);
    }
    merged->GetReflection()->SetString(merged.get(), next_field, next);
    if (!inv.args.Has("all") || next.empty()) break;
    if (next == token) return absl::InternalError("the server returned the same page token twice");
    token = next;
  }
  if (inv.global.json) return PrintJson(*merged);
  return PrintResponse(plan, *merged);
}

// ---- Printing ----

std::string Cell(const pb::Message& message, const FieldDescriptor* f, int index) {
  const pb::Reflection* r = message.GetReflection();
  const bool rep = f->is_repeated();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string s = rep ? r->GetRepeatedString(message, f, index) : r->GetString(message, f);
      return absl::StartsWith(s, "congresses/") && f->name() != "name" ? IdOf(s) : s;
    }
    case FieldDescriptor::CPPTYPE_INT32: {
      const int v = rep ? r->GetRepeatedInt32(message, f, index) : r->GetInt32(message, f);
      return v == 0 && !rep ? "" : absl::StrCat(v);
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      const int64_t v = rep ? r->GetRepeatedInt64(message, f, index) : r->GetInt64(message, f);
      return v == 0 && !rep ? "" : absl::StrCat(v);
    }
    case FieldDescriptor::CPPTYPE_UINT32: return absl::StrCat(rep ? r->GetRepeatedUInt32(message, f, index) : r->GetUInt32(message, f));
    case FieldDescriptor::CPPTYPE_UINT64: return absl::StrCat(rep ? r->GetRepeatedUInt64(message, f, index) : r->GetUInt64(message, f));
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      const double v = rep ? r->GetRepeatedDouble(message, f, index) : r->GetDouble(message, f);
      return v == 0 && !rep ? "" : absl::StrFormat("%.2f", v);
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      const double v = rep ? r->GetRepeatedFloat(message, f, index) : r->GetFloat(message, f);
      return v == 0 && !rep ? "" : absl::StrFormat("%.2f", v);
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      const bool v = rep ? r->GetRepeatedBool(message, f, index) : r->GetBool(message, f);
      return v ? "yes" : "";
    }
    case FieldDescriptor::CPPTYPE_ENUM:
      return EnumFlagName(f->enum_type(), rep ? r->GetRepeatedEnumValue(message, f, index) : r->GetEnumValue(message, f));
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const pb::Message& m = rep ? r->GetRepeatedMessage(message, f, index) : r->GetMessage(message, f);
      if (IsDate(f)) return FormatDate(static_cast<const renda::type::v1::Date&>(m));
      if (IsTimestamp(f)) {
        pb::Timestamp ts;
        ts.CopyFrom(m);
        return FormatTimestamp(ts);
      }
      std::string text;
      pb::TextFormat::Printer printer;
      printer.SetSingleLineMode(true);
      printer.SetUseUtf8StringEscaping(true);
      printer.PrintToString(m, &text);
      return std::string(absl::StripTrailingAsciiWhitespace(text));
    }
  }
  return "";
}

std::string Joined(const pb::Message& message, const FieldDescriptor* f) {
  if (!f->is_repeated()) return Cell(message, f, 0);
  std::vector<std::string> parts;
  for (int i = 0; i < message.GetReflection()->FieldSize(message, f); ++i) parts.push_back(Cell(message, f, i));
  return absl::StrJoin(parts, ", ");
}

struct Column {
  std::string header, path;
  bool right = false;
  size_t cut = 0;
};

std::vector<Column> ColumnsOf(const pb::Descriptor* type) {
  std::vector<Column> out;
  for (const Columns& c : Tables().columns) {
    if (type->full_name() != c.message) continue;
    for (absl::string_view spec : absl::StrSplit(c.columns, ',')) {
      std::pair<std::string, std::string> hp = absl::StrSplit(spec, absl::MaxSplits('=', 1));
      Column col{.header = hp.first, .path = hp.second};
      if (absl::EndsWith(col.path, ">")) {
        col.right = true;
        col.path.pop_back();
      }
      if (size_t tilde = col.path.find('~'); tilde != std::string::npos) {
        (void)absl::SimpleAtoi(col.path.substr(tilde + 1), &col.cut);
        col.path.resize(tilde);
      }
      out.push_back(std::move(col));
    }
    return out;
  }
  // No table of its own: its id and its short fields.
  for (int i = 0; i < type->field_count() && out.size() < 8; ++i) {
    const FieldDescriptor* f = type->field(i);
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !IsValueType(f)) continue;
    if (f->name() == "etag" || (f->is_repeated() && f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE)) continue;
    out.push_back({.header = f->name() == "name" ? "ID" : absl::AsciiStrToUpper(absl::StrReplaceAll(f->name(), {{"_", " "}})),
                   .path = f->name(), .cut = 40});
  }
  return out;
}

bool LongText(const std::string& value) { return value.find('\n') != std::string::npos || DisplayWidth(value) > 100; }

void AddFields(const pb::Message& message, const std::string& prefix, Fields* fields,
               std::vector<std::pair<std::string, std::string>>* texts,
               std::vector<std::pair<std::string, const pb::Message*>>* tables) {
  std::vector<const FieldDescriptor*> set;
  message.GetReflection()->ListFields(message, &set);
  for (const FieldDescriptor* f : set) {
    const std::string key = absl::StrCat(prefix, absl::StrReplaceAll(f->name(), {{"_", " "}}));
    if (f->is_map()) continue;
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !IsValueType(f)) {
      if (f->is_repeated()) {
        tables->emplace_back(key, &message);
        continue;
      }
      AddFields(message.GetReflection()->GetMessage(message, f), absl::StrCat(key, " "), fields, texts, tables);
      continue;
    }
    std::string value = Joined(message, f);
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_STRING && !f->is_repeated() && LongText(value)) {
      texts->emplace_back(key, value);
      continue;
    }
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_STRING && !f->is_repeated()) {
      value = message.GetReflection()->GetString(message, f);  // full names in the key/value form
    }
    fields->Add(key, value);
  }
}

const FieldDescriptor* RepeatedByKey(const pb::Message& message, const std::string& key) {
  const pb::Descriptor* type = message.GetDescriptor();
  for (int i = 0; i < type->field_count(); ++i) {
    if (absl::EndsWith(key, absl::StrReplaceAll(type->field(i)->name(), {{"_", " "}})) && type->field(i)->is_repeated()) {
      return type->field(i);
    }
  }
  return nullptr;
}

}  // namespace

// ---- Public ----

std::unique_ptr<pb::Message> NewMessage(const pb::Descriptor* type) {
  const pb::Message* prototype = pb::MessageFactory::generated_factory()->GetPrototype(type);
  return std::unique_ptr<pb::Message>(prototype->New());
}

absl::StatusOr<std::unique_ptr<pb::Message>> CallMethod(const Connection& connection, const pb::MethodDescriptor* method,
                                                        const pb::Message& request) {
  grpc::GenericStub stub(connection.channel());
  const std::string bytes = request.SerializeAsString();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer in(&slice, 1);
  grpc::ByteBuffer out;
  const std::string path = absl::StrCat("/", method->service()->full_name(), "/", method->name());
  absl::Status s = connection.Call([&](grpc::ClientContext* c) {
    grpc::CompletionQueue cq;
    auto call = stub.PrepareUnaryCall(c, path, in, &cq);
    call->StartCall();
    grpc::Status status;
    call->Finish(&out, &status, reinterpret_cast<void*>(1));
    void* tag = nullptr;
    bool ok = false;
    cq.Next(&tag, &ok);
    cq.Shutdown();
    while (cq.Next(&tag, &ok)) {
    }
    return status;
  });
  if (!s.ok()) return s;
  std::unique_ptr<pb::Message> response = NewMessage(method->output_type());
  std::vector<grpc::Slice> slices;
  if (!out.Dump(&slices).ok()) return absl::InternalError("the response could not be read");
  std::string received;
  for (const grpc::Slice& piece : slices) received.append(reinterpret_cast<const char*>(piece.begin()), piece.size());
  if (!response->ParseFromString(received)) {
    return absl::InternalError(absl::StrCat("the response is not a valid ", method->output_type()->full_name()));
  }
  return response;
}

absl::Status ParseTimeFlag(absl::string_view flag, absl::string_view text, pb::Timestamp* out) {
  return ParseTimestamp(flag, text, out);
}

std::string FormatField(const pb::Message& message, absl::string_view path) {
  const bool count = absl::ConsumePrefix(&path, "#");
  const pb::Message* m = &message;
  std::vector<absl::string_view> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(std::string(parts[i]));
    if (f == nullptr) return "";
    if (i + 1 == parts.size()) {
      return count ? absl::StrCat(m->GetReflection()->FieldSize(*m, f)) : Joined(*m, f);
    }
    if (f->is_repeated() || f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return "";
    m = &m->GetReflection()->GetMessage(*m, f);
  }
  return "";
}

void PrintTable(const pb::Descriptor* type, const std::vector<const pb::Message*>& rows) {
  std::vector<Column> columns = ColumnsOf(type);
  std::vector<std::string> headers;
  for (const Column& c : columns) headers.push_back(c.header);
  Table table(headers);
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].right) table.AlignRight(i);
  }
  for (const pb::Message* row : rows) {
    std::vector<std::string> cells;
    for (const Column& c : columns) {
      std::string value = FormatField(*row, c.path);
      if (c.path == "name" || absl::EndsWith(c.path, ".name")) value = IdOf(value);
      cells.push_back(c.cut > 0 ? Truncate(value, c.cut) : value);
    }
    table.AddRow(std::move(cells));
  }
  table.Print(stdout);
}

void PrintResource(const pb::Message& message) {
  Fields fields;
  std::vector<std::pair<std::string, std::string>> texts;
  std::vector<std::pair<std::string, const pb::Message*>> tables;
  AddFields(message, "", &fields, &texts, &tables);
  fields.Print(stdout);
  for (const auto& [key, text] : texts) std::printf("\n%s:\n%s\n", key.c_str(), text.c_str());
  for (const auto& [key, holder] : tables) {
    const FieldDescriptor* f = RepeatedByKey(*holder, key);
    if (f == nullptr) continue;
    std::vector<const pb::Message*> rows;
    for (int i = 0; i < holder->GetReflection()->FieldSize(*holder, f); ++i) {
      rows.push_back(&holder->GetReflection()->GetRepeatedMessage(*holder, f, i));
    }
    std::printf("\n%s:\n", key.c_str());
    PrintTable(f->message_type(), rows);
  }
}

std::vector<Command> EngineCommands() {
  std::vector<Command> out;
  std::vector<std::vector<std::shared_ptr<Plan>>> variants;  // per command: its plans, the default first
  for (const RpcCommand& alias : Tables().commands) {
    auto plan = std::make_shared<Plan>(MakePlan(alias));
    std::vector<std::string> words = absl::StrSplit(alias.path, ' ');
    Command* command = nullptr;
    for (size_t i = 0; i < out.size(); ++i) {
      if (out[i].Path() == alias.path) {
        command = &out[i];
        variants[i].push_back(plan);
      }
    }
    if (command == nullptr) {
      out.emplace_back();
      variants.push_back({plan});
      command = &out.back();
      command->group = words[0];
      command->verb = words.size() > 1 ? words[1] : "";
      command->service = ServiceOf(plan->method);
      command->summary = alias.summary.empty() ? FirstSentence(CommentOf(plan->method)) : alias.summary;
      command->positional = plan->positional_label;
      command->positional_required = !plan->positional_label.empty() && !plan->positional_optional;
    }
    for (const EngineFlag& f : plan->flags) {
      bool known = false;
      for (const FlagSpec& existing : command->flags) known = known || existing.name == f.spec.name;
      if (!known) command->flags.push_back(f.spec);
      if (!f.path.empty()) command->field_flags.emplace_back(f.path, absl::StrCat("--", f.spec.name));
      if (f.hook != nullptr && !f.hook->field.empty()) {
        command->field_flags.emplace_back(f.hook->field, absl::StrCat("--", f.spec.name));
      }
    }
    if (!plan->positional_path.empty()) command->field_flags.emplace_back(plan->positional_path, plan->positional_label);
  }
  for (size_t i = 0; i < out.size(); ++i) {
    out[i].run = [plans = variants[i]](const Invocation& inv) {
      for (size_t k = plans.size(); k-- > 1;) {
        const Plan& p = *plans[k];
        if (!p.selector_flag.empty() && inv.args.Has(p.selector_flag)) return Run(p, inv);
        if (!p.selector_word.empty() && !inv.args.positional().empty() &&
            inv.args.positional().front() == p.selector_word) {
          Invocation rest{inv.command, inv.global, inv.args.WithoutPositional()};
          return Run(p, rest);
        }
      }
      return Run(*plans.front(), inv);
    };
  }
  return out;
}

}  // namespace rendactl
