#include "tools/seed/playback.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "google/protobuf/text_format.h"
#include "services/common/auth.h"
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
  std::vector<std::string> words = absl::StrSplit(header, ' ', absl::SkipWhitespace());
  if (words.empty()) return Bad(entry->where, "'##' names no method");
  entry->method = words[0];
  for (size_t i = 1; i < words.size(); ++i) {
    std::pair<std::string, std::string> kv = absl::StrSplit(words[i], absl::MaxSplits('=', 1));
    if (kv.first == "token") {
      entry->token = kv.second;
    } else if (kv.first == "count") {
      entry->count = kv.second;
    } else if (kv.first == "save") {
      entry->save = kv.second;
    } else if (kv.first == "exists") {
      entry->exists = kv.second;
    } else {
      return Bad(entry->where, absl::StrCat("unknown header word '", words[i], "'"));
    }
  }
  return absl::OkStatus();
}

// A string or number field of `message` at the dotted `path`, as text; nullopt when missing.
std::optional<std::string> Value(const pb::Message& message, absl::string_view path) {
  const pb::Message* m = &message;
  std::vector<absl::string_view> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const pb::FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(std::string(parts[i]));
    if (f == nullptr || f->is_repeated()) return std::nullopt;
    const pb::Reflection* r = m->GetReflection();
    if (i + 1 < parts.size()) {
      if (f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) return std::nullopt;
      m = &r->GetMessage(*m, f);
      continue;
    }
    switch (f->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_STRING: return r->GetString(*m, f);
      case pb::FieldDescriptor::CPPTYPE_INT32: return absl::StrCat(r->GetInt32(*m, f));
      case pb::FieldDescriptor::CPPTYPE_INT64: return absl::StrCat(r->GetInt64(*m, f));
      default: return std::nullopt;
    }
  }
  return std::nullopt;
}

class Player {
 public:
  explicit Player(const PlaybackOptions& options) : o_(options) {}

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
    absl::StatusOr<std::string> text = Substitute(entry);
    if (!text.ok()) return text.status();
    std::unique_ptr<pb::Message> request = rendactl::NewMessage((*method)->input_type());
    if (!pb::TextFormat::ParseFromString(*text, request.get())) {
      return Bad(entry.where, absl::StrCat("not a ", (*method)->input_type()->full_name(), " in text format"));
    }
    absl::StatusOr<rendactl::Connection> connection = ConnectionFor(entry, *method);
    if (!connection.ok()) return connection.status();
    Tally& tally = TallyOf(entry);
    if (!entry.exists.empty()) {
      absl::StatusOr<bool> there = Exists(entry, *connection, *request);
      if (!there.ok()) return there.status();
      if (*there) {
        ++tally.already;
        return absl::OkStatus();
      }
    }
    absl::StatusOr<std::unique_ptr<pb::Message>> response = rendactl::CallMethod(*connection, *method, *request);
    if (response.ok()) {
      ++tally.created;
      if (!entry.save.empty()) saved_[entry.save] = *std::move(response);
      return absl::OkStatus();
    }
    const absl::Status& s = response.status();
    if (s.code() == absl::StatusCode::kAlreadyExists) {
      ++tally.already;
      return absl::OkStatus();
    }
    if (s.code() == absl::StatusCode::kUnimplemented && (*method)->service()->name() == "RegistryService") {
      if (!warned_registry_) {
        std::cerr << "renda-seed: warning: the RegistryService is not served yet (UNIMPLEMENTED): the congress and "
                     "its units are not registered\n";
        warned_registry_ = true;
      }
      ++tally.skipped;
      return absl::OkStatus();
    }
    return absl::Status(s.code(), absl::StrCat(entry.where, ": ", entry.method, ": ", s.message()));
  }

  // ${congress} and ${KEY.path} in the request text.
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

  absl::StatusOr<rendactl::Connection> ConnectionFor(const Entry& entry, const pb::MethodDescriptor* method) {
    const std::string service = rendactl::ServiceOf(method);
    auto it = connections_.find(service);
    if (it == connections_.end()) {
      rendactl::GlobalOptions options;
      options.timeout_ms = static_cast<int>(absl::ToInt64Milliseconds(o_.timeout));
      if (auto addr = o_.address.find(service); addr != o_.address.end()) options.addr = addr->second;
      it = connections_.emplace(service, rendactl::Connection(options, service)).first;
    }
    absl::StatusOr<std::string> token = Token(entry);
    if (!token.ok()) return token.status();
    return rendactl::Connection(it->second, *token);
  }

  absl::StatusOr<std::string> Token(const Entry& entry) const {
    std::pair<std::string, std::string> role_id = absl::StrSplit(entry.token, absl::MaxSplits(':', 1));
    Claims claims;
    claims.congress = o_.congress;
    claims.issued_at = absl::Now();
    claims.expiry = claims.issued_at + absl::Hours(1);
    if (role_id.first == "anonymous") return std::string();
    if (role_id.first == "staff") {
      claims.subject = "renda-seed";
      claims.roles = Roles{Role::kStaff};
    } else if (role_id.first == "admin") {
      claims.subject = "renda-seed";
      claims.roles = Roles{Role::kAdmin};
      claims.congress = "*";
    } else if (role_id.first == "deputy" && !role_id.second.empty()) {
      claims.subject = absl::StrCat("deputy-", role_id.second);
      claims.roles = Roles{Role::kDeputy};
      claims.deputy_id = role_id.second;
    } else if (role_id.first == "unit" && !role_id.second.empty()) {
      claims.subject = absl::StrCat("unit-", role_id.second);
      claims.roles = Roles{Role::kHandlingUnit};
      claims.unit_id = role_id.second;
    } else {
      return Bad(entry.where, absl::StrCat("token=", entry.token, ": want staff, admin, anonymous, deputy:ID or unit:ID"));
    }
    return MintToken(claims, o_.token_key);
  }

  // exists=ListOpinions:opinion.content — whether a listed element has the request's value.
  absl::StatusOr<bool> Exists(const Entry& entry, const rendactl::Connection& connection, const pb::Message& request) {
    std::pair<std::string, std::string> list_path = absl::StrSplit(entry.exists, absl::MaxSplits(':', 1));
    absl::StatusOr<const pb::MethodDescriptor*> list = rendactl::FindMethod(list_path.first);
    if (!list.ok()) return Bad(entry.where, list.status().message());
    std::optional<std::string> wanted = Value(request, list_path.second);
    const size_t dot = list_path.second.find('.');
    if (!wanted.has_value() || dot == std::string::npos) {
      return Bad(entry.where, absl::StrCat("exists=: the request has no field ", list_path.second));
    }
    const std::string element_path = list_path.second.substr(dot + 1);
    std::unique_ptr<pb::Message> query = rendactl::NewMessage((*list)->input_type());
    const pb::Descriptor* type = query->GetDescriptor();
    const pb::Reflection* r = query->GetReflection();
    if (std::optional<std::string> parent = Value(request, "parent"); parent.has_value()) {
      r->SetString(query.get(), type->FindFieldByName("parent"), *parent);
    }
    if (const pb::FieldDescriptor* size = type->FindFieldByName("page_size")) r->SetInt32(query.get(), size, 200);
    const pb::FieldDescriptor* token_field = type->FindFieldByName("page_token");
    for (std::string token;;) {
      if (token_field != nullptr) r->SetString(query.get(), token_field, token);
      absl::StatusOr<std::unique_ptr<pb::Message>> page = rendactl::CallMethod(connection, *list, *query);
      if (!page.ok()) return absl::Status(page.status().code(), absl::StrCat(entry.where, ": ", page.status().message()));
      const pb::Message& p = **page;
      const pb::Descriptor* ptype = p.GetDescriptor();
      for (int i = 0; i < ptype->field_count(); ++i) {
        const pb::FieldDescriptor* f = ptype->field(i);
        if (!f->is_repeated() || f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
        for (int k = 0; k < p.GetReflection()->FieldSize(p, f); ++k) {
          if (Value(p.GetReflection()->GetRepeatedMessage(p, f, k), element_path) == wanted) return true;
        }
      }
      const pb::FieldDescriptor* next = ptype->FindFieldByName("next_page_token");
      const std::string next_token = next == nullptr ? "" : p.GetReflection()->GetString(p, next);
      if (next_token.empty() || next_token == token) return false;
      token = next_token;
    }
  }

  Tally& TallyOf(const Entry& entry) {
    std::pair<std::string, std::string> what_verb = absl::StrSplit(entry.count, absl::MaxSplits(':', 1));
    if (what_verb.first.empty()) what_verb = {entry.method, "made"};
    for (Tally& t : tallies_) {
      if (t.what == what_verb.first) return t;
    }
    tallies_.push_back({.what = what_verb.first, .verb = what_verb.second.empty() ? "made" : what_verb.second});
    return tallies_.back();
  }

  PlaybackOptions o_;
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
