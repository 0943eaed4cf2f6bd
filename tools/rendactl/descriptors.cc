#include "tools/rendactl/descriptors.h"

#include <memory>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.pb.h"
#include "tools/rendactl/args.h"

namespace rendactl {

absl::string_view EmbeddedDescriptorSet();  // descriptor_set.cc

namespace {

namespace pb = google::protobuf;

// The protos again, as protoc read them: the same names as the generated pool, with comments.
const pb::FileDescriptorSet& DescriptorSet() {
  static const pb::FileDescriptorSet* set = [] {
    auto* parsed = new pb::FileDescriptorSet();
    const absl::string_view bytes = EmbeddedDescriptorSet();
    if (!parsed->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) parsed->Clear();
    return parsed;
  }();
  return *set;
}

const pb::DescriptorPool& CommentPool() {
  static const pb::DescriptorPool* pool = [] {
    auto* built = new pb::DescriptorPool();
    for (const pb::FileDescriptorProto& file : DescriptorSet().file()) built->BuildFile(file);  // imports first
    return built;
  }();
  return *pool;
}

template <typename D>
std::string Leading(const D* found) {
  pb::SourceLocation location;
  if (found == nullptr || !found->GetSourceLocation(&location)) return "";
  std::vector<absl::string_view> lines = absl::StrSplit(location.leading_comments, '\n', absl::SkipWhitespace());
  for (absl::string_view& line : lines) line = absl::StripAsciiWhitespace(line);
  return absl::StrJoin(lines, " ");
}

const std::vector<std::string>& RendaPackages() {
  static const auto* packages = new std::vector<std::string>{"renda.representatives.v1", "renda.intake.v1",
                                                             "renda.supervision.v1", "renda.reporting.v1"};
  return *packages;
}

// The full names of the services of the renda packages.
std::vector<std::string> ServiceNamesInSet() {
  std::vector<std::string> names;
  for (const std::string& package : RendaPackages()) {
    for (const pb::FileDescriptorProto& file : DescriptorSet().file()) {
      if (file.package() != package) continue;
      for (const auto& service : file.service()) names.push_back(absl::StrCat(package, ".", service.name()));
    }
  }
  return names;
}

}  // namespace

std::string CommentOf(const pb::MethodDescriptor* method) {
  return Leading(CommentPool().FindMethodByName(method->full_name()));
}
std::string CommentOf(const pb::Descriptor* message) {
  return Leading(CommentPool().FindMessageTypeByName(message->full_name()));
}
std::string CommentOf(const pb::FieldDescriptor* field) {
  return Leading(CommentPool().FindFieldByName(field->full_name()));
}

std::string FirstSentence(absl::string_view comment) {
  // A full stop followed by a blank ends it ("e.g. 王建国." has none inside).
  for (size_t i = 0; i + 1 < comment.size(); ++i) {
    if (comment[i] == '.' && comment[i + 1] == ' ' && (i < 3 || comment.substr(i - 3, 4) != "e.g.") &&
        (i < 3 || comment.substr(i - 3, 4) != "i.e.")) {
      return std::string(comment.substr(0, i));
    }
  }
  return std::string(absl::StripSuffix(comment, "."));
}

absl::StatusOr<const pb::MethodDescriptor*> FindMethod(absl::string_view full) {
  const pb::DescriptorPool* pool = pb::DescriptorPool::generated_pool();
  full = absl::StripPrefix(full, "/");
  std::vector<std::string> parts = absl::StrSplit(full, absl::MaxSplits('/', 1));
  if (parts.size() != 2) {
    const size_t dot = full.rfind('.');
    if (dot != absl::string_view::npos) parts = {std::string(full.substr(0, dot)), std::string(full.substr(dot + 1))};
  }
  const pb::MethodDescriptor* method = nullptr;
  if (parts.size() == 1) {  // a bare method name: unique among the renda services
    int found = 0;
    for (const std::string& name : ServiceNamesInSet()) {
      const pb::ServiceDescriptor* s = pool->FindServiceByName(name);
      if (s != nullptr && s->FindMethodByName(parts[0]) != nullptr) {
        method = s->FindMethodByName(parts[0]);
        ++found;
      }
    }
    if (found != 1) {
      return UsageError(absl::StrCat("'", parts[0], "' is ", found == 0 ? "no" : "more than one",
                                     " renda method; give SERVICE/METHOD"));
    }
  } else {
    const pb::ServiceDescriptor* service = pool->FindServiceByName(parts[0]);
    for (size_t i = 0; service == nullptr && i < RendaPackages().size(); ++i) {
      service = pool->FindServiceByName(absl::StrCat(RendaPackages()[i], ".", parts[0]));
    }
    if (service == nullptr) {
      return UsageError(absl::StrCat(
          "no service '", parts[0], "': give the full name, e.g. renda.representatives.v1.RepresentativesService/GetDeputy"));
    }
    method = service->FindMethodByName(parts[1]);
    if (method == nullptr) {
      std::vector<std::string> names;
      for (int i = 0; i < service->method_count(); ++i) names.push_back(service->method(i)->name());
      return UsageError(absl::StrCat(service->full_name(), " has no method '", parts[1], "'; it has ",
                                     absl::StrJoin(names, ", ")));
    }
  }
  if (method->client_streaming() || method->server_streaming()) {
    return UsageError(absl::StrCat(method->full_name(), " is a streaming RPC; `rendactl changes watch` follows feeds"));
  }
  return method;
}

std::string ServiceOf(const pb::MethodDescriptor* method) {
  std::vector<std::string> package = absl::StrSplit(method->service()->file()->package(), '.');
  return package.size() == 3 && package[0] == "renda" ? package[1] : "";
}

}  // namespace rendactl
