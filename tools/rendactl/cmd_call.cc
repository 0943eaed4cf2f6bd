// rendactl call: any RPC of the suite by its full name, with the request in protobuf text
// format — for the flows that have no command of their own, and for scripts.
//
//   rendactl call renda.representatives.v1.ContactService/GetContactCoverage
//       --request 'parent: "congresses/hz" year: 2026'

#include <cstdio>
#include <iostream>
#include <iterator>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/descriptors.h"
#include "tools/rendactl/engine.h"
#include "tools/rendactl/output.h"

namespace rendactl {
namespace {

namespace pb = google::protobuf;

// Collects the parser's first error, for a message a person can act on.
class FirstError : public pb::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (text.empty()) text = absl::StrCat("line ", line + 1, " column ", column + 1, ": ", message);
  }
  std::string text;
};

absl::Status RunCall(const Invocation& inv) {
  auto method = FindMethod(inv.args.positional().empty() ? "" : inv.args.positional()[0]);
  if (!method.ok()) return method.status();
  // renda.<service>.v1 → the service whose address --addr or RENDA_<SERVICE>_ADDR gives.
  const std::string service = ServiceOf(*method);
  if (FindService(service) == nullptr) {
    return UsageError(absl::StrCat((*method)->service()->full_name(), " is not served by a renda service"));
  }

  std::string text = inv.args.Get("request");
  if (text == "-") text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  std::unique_ptr<pb::Message> request = NewMessage((*method)->input_type());
  pb::TextFormat::Parser parser;
  FirstError errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(text, request.get())) {
    return UsageError(absl::StrCat("--request is not a valid ", (*method)->input_type()->full_name(), ": ",
                                   errors.text));
  }

  Connection connection(inv.global, service);
  absl::StatusOr<std::unique_ptr<pb::Message>> response = CallMethod(connection, *method, *request);
  if (!response.ok()) return response.status();
  if (inv.global.json) return PrintJson(**response);
  std::string printed;
  pb::TextFormat::Printer printer;
  printer.SetUseUtf8StringEscaping(true);
  printer.PrintToString(**response, &printed);
  std::fputs(printed.c_str(), stdout);
  return absl::OkStatus();
}

}  // namespace

std::vector<Command> CallCommands() {
  return {{
      .group = "call",
      .summary = "call any RPC by its full name with a request in protobuf text format",
      .positional = "SERVICE/METHOD",
      .positional_required = true,
      .flags = {{.name = "request", .value_name = "TEXT",
                 .help = "the request in protobuf text format, e.g. 'name: \"congresses/hz/deputies/d-0001\"'; "
                         "- reads it from stdin; empty: an empty request"}},
      .run = RunCall,
  }};
}

}  // namespace rendactl
