#include "tools/rendactl/rpc.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "services/common/errors.h"
#include "services/common/grpc_status.h"
#include "tools/rendactl/args.h"

namespace rendactl {
namespace {

constexpr ServiceInfo kServices[] = {
    {"representatives", "127.0.0.1:50051"},
    {"intake", "127.0.0.1:50052"},
    {"supervision", "127.0.0.1:50053"},
    {"reporting", "127.0.0.1:50054"},
};

std::string OneLine(absl::string_view text) {
  return absl::StrReplaceAll(absl::StripAsciiWhitespace(text), {{"\r\n", " "}, {"\n", " "}, {"\r", " "}});
}

}  // namespace

const ServiceInfo* FindService(absl::string_view name) {
  for (const ServiceInfo& service : kServices) {
    if (service.name == name) return &service;
  }
  return nullptr;
}

std::string ServiceNames() {
  return absl::StrJoin(kServices, ", ", [](std::string* out, const ServiceInfo& s) { absl::StrAppend(out, s.name); });
}

Connection::Connection(const GlobalOptions& options, absl::string_view service)
    : options_(options), service_(service), address_(options.addr) {
  if (address_.empty() && !service_.empty()) {
    std::string env = absl::StrCat("RENDA_", absl::AsciiStrToUpper(service_), "_ADDR");
    const char* from_env = std::getenv(env.c_str());
    if (from_env != nullptr && *from_env != '\0') {
      address_ = from_env;
    } else if (const ServiceInfo* info = FindService(service_)) {
      address_ = std::string(info->default_addr);
    }
  }
  grpc::ChannelArguments args;
  // A CLI run is short: retry a refused connection quickly (rendactl health --wait, watch).
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  args.SetString(GRPC_ARG_PRIMARY_USER_AGENT_STRING, "rendactl");
  channel_ = grpc::CreateCustomChannel(address_, grpc::InsecureChannelCredentials(), args);
}

Connection::Connection(const Connection& base, std::string token) : Connection(base) {
  options_.token = std::move(token);
}

std::string Connection::Describe() const {
  if (service_.empty()) return address_;
  return absl::StrCat("the ", service_, " service at ", address_);
}

void Connection::Prepare(grpc::ClientContext* context, bool streaming) const {
  if (!options_.token.empty()) {
    absl::string_view token = absl::StripAsciiWhitespace(options_.token);
    bool has_scheme = absl::StartsWithIgnoreCase(token, "Bearer ");
    context->AddMetadata("authorization", has_scheme ? std::string(token) : absl::StrCat("Bearer ", token));
  }
  if (!streaming) {
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(options_.timeout_ms));
  }
}

absl::Status Connection::Call(absl::FunctionRef<grpc::Status(grpc::ClientContext*)> rpc) const {
  grpc::ClientContext context;
  Prepare(&context);
  grpc::Status status = rpc(&context);
  return status.ok() ? absl::OkStatus() : Failure(status);
}

absl::Status Connection::Failure(const grpc::Status& grpc_status) const {
  absl::Status status = renda::FromGrpcStatus(grpc_status);
  // Every renda error carries an ErrorInfo; a status without one came from the client's own
  // transport, i.e. the server never answered.
  bool from_server = !renda::ErrorReason(status).empty();
  std::string message;
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
      if (!from_server) {
        message = absl::StrCat("cannot reach ", Describe(), " (", OneLine(status.message()), ")");
      }
      break;
    case absl::StatusCode::kDeadlineExceeded:
      if (!from_server) {
        message = absl::StrCat("no answer from ", Describe(), " within ", options_.timeout_ms,
                               " ms (raise --timeout_ms if it is just slow)");
      }
      break;
    case absl::StatusCode::kUnauthenticated:
      if (options_.token.empty()) {
        message = absl::StrCat(OneLine(status.message()),
                               " (pass --token or set RENDA_TOKEN; `rendactl token mint` makes one)");
      }
      break;
    default:
      break;
  }
  if (message.empty()) return status;
  absl::Status rewritten(status.code(), message);
  status.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) { rewritten.SetPayload(url, payload); });
  return rewritten;
}

int Report(const absl::Status& status, absl::string_view usage_line, const FieldFlags& field_flags) {
  if (status.ok()) return kExitOk;
  std::fflush(stdout);
  int exit_code = RequestedExitCode(status);
  if (IsPlainError(status)) {
    std::fprintf(stderr, "rendactl: %s\n", OneLine(status.message()).c_str());
    if (WantsUsage(status) && !usage_line.empty()) {
      std::fprintf(stderr, "usage: %s\n", std::string(usage_line).c_str());
    }
    return exit_code != 0 ? exit_code : kExitServerError;
  }
  std::vector<renda::FieldViolation> violations = renda::FieldViolations(status);
  std::string message = OneLine(status.message());
  // The suite's INVALID_ARGUMENT message is the violations joined by "; "; they follow one a
  // line, so say how many instead of repeating them.
  std::string joined = absl::StrJoin(violations, "; ", [](std::string* out, const renda::FieldViolation& v) {
    absl::StrAppend(out, v.field, ": ", v.description);
  });
  if (!violations.empty() && message == OneLine(joined)) {
    message = violations.size() == 1 ? "the request has 1 invalid field"
                                     : absl::StrCat("the request has ", violations.size(), " invalid fields");
  }
  std::fprintf(stderr, "rendactl: %s: %s\n", absl::StatusCodeToString(status.code()).c_str(), message.c_str());
  for (const renda::FieldViolation& v : violations) {
    std::string field = v.field;
    for (const auto& [path, flag] : field_flags) {
      if (path == v.field) field = absl::StrCat(v.field, " (", flag, ")");
    }
    std::fprintf(stderr, "  %s: %s\n", field.c_str(), OneLine(v.description).c_str());
  }
  if (exit_code != 0) return exit_code;
  if (status.code() == absl::StatusCode::kUnavailable || status.code() == absl::StatusCode::kDeadlineExceeded) {
    return kExitUnreachable;
  }
  return kExitServerError;
}

}  // namespace rendactl
