#pragma once
// The descriptors rendactl works from: the RPCs and messages of the generated pool (every
// renda proto is linked in), and their comments, read from the FileDescriptorSet with source
// info that the build compiles into the binary (descriptor_set.cc).

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace rendactl {

// The leading comment of a method, message, field or enum value in the protos, on one line;
// "" when it has none.
std::string CommentOf(const google::protobuf::MethodDescriptor* method);
std::string CommentOf(const google::protobuf::Descriptor* message);
std::string CommentOf(const google::protobuf::FieldDescriptor* field);
// The first sentence of a comment ("Full name in Chinese, e.g. 王建国."), without its full stop.
std::string FirstSentence(absl::string_view comment);

// The unary method "renda.representatives.v1.RepresentativesService/GetDeputy"; the package may
// be left out ("RepresentativesService/GetDeputy"), and a bare method name is looked up in every
// renda service when it is unique ("GetDeputy"). Usage errors say what exists.
absl::StatusOr<const google::protobuf::MethodDescriptor*> FindMethod(absl::string_view name);
// "representatives" for a method of renda.representatives.v1 (the service rpc.h connects to).
std::string ServiceOf(const google::protobuf::MethodDescriptor* method);

}  // namespace rendactl
