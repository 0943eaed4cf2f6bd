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
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "tools/rendactl/commands.h"
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

// "renda.representatives.v1.ContactService/GetContactCoverage" (a leading '/' and a '.' before
// the method are accepted too) → the method.
absl::StatusOr<const pb::MethodDescriptor*> FindMethod(absl::string_view full) {
  full = absl::StripPrefix(full, "/");
  std::vector<std::string> parts = absl::StrSplit(full, absl::MaxSplits('/', 1));
  if (parts.size() != 2) {
    const size_t dot = full.rfind('.');
    if (dot == absl::string_view::npos) parts = {std::string(full)};
    else parts = {std::string(full.substr(0, dot)), std::string(full.substr(dot + 1))};
  }
  const pb::ServiceDescriptor* service =
      parts.size() == 2 ? pb::DescriptorPool::generated_pool()->FindServiceByName(parts[0]) : nullptr;
  if (service == nullptr) {
    return UsageError(absl::StrCat("no service '", parts[0],
                                   "': give the full name, e.g. renda.representatives.v1.RepresentativesService/GetDeputy"));
  }
  const pb::MethodDescriptor* method = service->FindMethodByName(parts[1]);
  if (method == nullptr) {
    std::vector<std::string> names;
    for (int i = 0; i < service->method_count(); ++i) names.push_back(service->method(i)->name());
    return UsageError(absl::StrCat(service->full_name(), " has no method '", parts[1], "'; it has ",
                                   absl::StrJoin(names, ", ")));
  }
  if (method->client_streaming() || method->server_streaming()) {
    return UsageError(absl::StrCat(method->full_name(), " is a streaming RPC; `rendactl changes watch` follows feeds"));
  }
  return method;
}

absl::Status RunCall(const Invocation& inv) {
  auto method = FindMethod(inv.args.positional().empty() ? "" : inv.args.positional()[0]);
  if (!method.ok()) return method.status();
  // renda.<service>.v1 → the service whose address --addr or RENDA_<SERVICE>_ADDR gives.
  std::vector<std::string> package = absl::StrSplit((*method)->service()->file()->package(), '.');
  const std::string service = package.size() == 3 && package[0] == "renda" ? package[1] : "";
  if (FindService(service) == nullptr) {
    return UsageError(absl::StrCat((*method)->service()->full_name(), " is not served by a renda service"));
  }

  std::string text = inv.args.Get("request");
  if (text == "-") text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  pb::DynamicMessageFactory factory;
  std::unique_ptr<pb::Message> request(factory.GetPrototype((*method)->input_type())->New());
  pb::TextFormat::Parser parser;
  FirstError errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(text, request.get())) {
    return UsageError(absl::StrCat("--request is not a valid ", (*method)->input_type()->full_name(), ": ",
                                   errors.text));
  }

  Connection connection(inv.global, service);
  grpc::GenericStub stub(connection.channel());
  const std::string bytes = request->SerializeAsString();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer in(&slice, 1);
  grpc::ByteBuffer out;
  const std::string path = absl::StrCat("/", (*method)->service()->full_name(), "/", (*method)->name());
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
  std::unique_ptr<pb::Message> response(factory.GetPrototype((*method)->output_type())->New());
  std::vector<grpc::Slice> slices;
  if (!out.Dump(&slices).ok()) return absl::InternalError("the response could not be read");
  std::string received;
  for (const grpc::Slice& piece : slices) received.append(reinterpret_cast<const char*>(piece.begin()), piece.size());
  if (!response->ParseFromString(received)) {
    return absl::InternalError(absl::StrCat("the response is not a valid ", (*method)->output_type()->full_name()));
  }
  if (inv.global.json) return PrintJson(*response);
  std::string printed;
  pb::TextFormat::Printer printer;
  printer.SetUseUtf8StringEscaping(true);
  printer.PrintToString(*response, &printed);
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
