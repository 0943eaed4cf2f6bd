#include "tools/rendactl/enum_flags.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "tools/rendactl/args.h"

namespace rendactl {
namespace {

// The prefix every value name of `type` shares: "DEPUTY_STATUS_" from DEPUTY_STATUS_UNSPECIFIED
// (buf STANDARD makes every enum start with one), else the enum name in UPPER_SNAKE_CASE.
std::string ValuePrefix(const google::protobuf::EnumDescriptor* type) {
  const google::protobuf::EnumValueDescriptor* zero = type->FindValueByNumber(0);
  constexpr absl::string_view kUnspecified = "UNSPECIFIED";
  if (zero != nullptr && absl::EndsWith(zero->name(), kUnspecified)) {
    return zero->name().substr(0, zero->name().size() - kUnspecified.size());
  }
  std::string prefix;
  for (char c : type->name()) {
    if (absl::ascii_isupper(static_cast<unsigned char>(c)) && !prefix.empty()) prefix.push_back('_');
    prefix.push_back(absl::ascii_toupper(static_cast<unsigned char>(c)));
  }
  return absl::StrCat(prefix, "_");
}

std::string Normalize(absl::string_view text) {
  return absl::StrReplaceAll(absl::AsciiStrToLower(text), {{"_", "-"}});
}

}  // namespace

std::string EnumFlagName(const google::protobuf::EnumValueDescriptor* value) {
  absl::string_view name = value->name();
  std::string prefix = ValuePrefix(value->type());
  if (absl::StartsWith(name, prefix) && name.size() > prefix.size()) name.remove_prefix(prefix.size());
  return Normalize(name);
}

std::string EnumFlagName(const google::protobuf::EnumDescriptor* type, int number) {
  if (number == 0) return "";
  const google::protobuf::EnumValueDescriptor* value = type->FindValueByNumber(number);
  return value == nullptr ? absl::StrCat(number) : EnumFlagName(value);
}

std::vector<std::string> EnumFlagNames(const google::protobuf::EnumDescriptor* type) {
  std::vector<std::string> names;
  for (int i = 0; i < type->value_count(); ++i) {
    if (type->value(i)->number() != 0) names.push_back(EnumFlagName(type->value(i)));
  }
  return names;
}

absl::StatusOr<int> ParseEnumFlag(absl::string_view flag, absl::string_view text,
                                  const google::protobuf::EnumDescriptor* type) {
  std::string wanted = Normalize(text);
  for (int i = 0; i < type->value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor* value = type->value(i);
    if (value->number() == 0) continue;
    if (EnumFlagName(value) == wanted || Normalize(value->name()) == wanted) return value->number();
  }
  return UsageError(absl::StrCat("--", flag, ": unknown value '", text, "' (valid: ",
                                 absl::StrJoin(EnumFlagNames(type), ", "), ")"),
                    /*show_usage=*/false);
}

std::string EnumKeyToFlagName(const google::protobuf::EnumDescriptor* type, absl::string_view key) {
  const google::protobuf::EnumValueDescriptor* value = type->FindValueByName(std::string(key));
  return value == nullptr ? std::string(key) : EnumFlagName(value);
}

}  // namespace rendactl
