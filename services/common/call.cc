#include "services/common/call.h"

#include "services/common/rate_limit.h"

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "absl/synchronization/mutex.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/errors.h"
#include "absl/strings/str_format.h"
#include "services/common/grpc_status.h"

namespace renda {
namespace {

void AppendJsonString(std::string* out, absl::string_view s) {
  out->push_back('"');
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u < 0x20) {
      absl::StrAppendFormat(out, "\\u%04x", u);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

// Call log lines are gathered and written to stderr by one thread every 50 ms (or sooner when
// 64 KiB are waiting), so a busy server makes a few writes a second instead of one per call.
class LogWriter {
 public:
  static LogWriter& Get() {
    static LogWriter* writer = new LogWriter();  // lives until exit; flushed at exit
    return *writer;
  }
  void Append(const std::string& line) {
    bool flush_now;
    {
      absl::MutexLock lock(&mu_);
      buffer_ += line;
      flush_now = buffer_.size() >= 64 * 1024;
    }
    if (flush_now) Flush();
  }
  void Flush() {
    std::string out;
    {
      absl::MutexLock lock(&mu_);
      out.swap(buffer_);
    }
    if (!out.empty()) {
      absl::MutexLock lock(&write_mu_);
      fwrite(out.data(), 1, out.size(), stderr);
      fflush(stderr);
    }
  }

 private:
  LogWriter() {
    std::thread([this] {
      for (;;) {
        absl::SleepFor(absl::Milliseconds(50));
        Flush();
      }
    }).detach();
    std::atexit([] { LogWriter::Get().Flush(); });
  }
  absl::Mutex mu_;
  std::string buffer_ ABSL_GUARDED_BY(mu_);
  absl::Mutex write_mu_;
};

}  // namespace

void FlushCallLog() { LogWriter::Get().Flush(); }

void LogCall(absl::string_view service, absl::string_view method, const absl::Status& status,
             absl::Duration latency, absl::string_view request_id, absl::string_view subject) {
  std::string line = "{\"time\":";
  AppendJsonString(&line, absl::FormatTime(absl::RFC3339_full, absl::Now(), absl::UTCTimeZone()));
  line += ",\"service\":";
  AppendJsonString(&line, service);
  line += ",\"method\":";
  AppendJsonString(&line, method);
  line += ",\"code\":";
  AppendJsonString(&line, absl::StatusCodeToString(status.code()));
  absl::StrAppendFormat(&line, ",\"latency_ms\":%.3f", absl::ToDoubleMilliseconds(latency));
  line += ",\"request_id\":";
  AppendJsonString(&line, request_id.substr(0, 128));
  line += ",\"subject\":";
  AppendJsonString(&line, subject);
  if (!status.ok()) {
    line += ",\"message\":";
    AppendJsonString(&line, status.message().substr(0, 300));
  }
  line += "}\n";
  LogWriter::Get().Append(line);
}

absl::string_view AuthorizationOf(const grpc::CallbackServerContext* ctx) {
  const auto& md = ctx->client_metadata();
  auto it = md.find("authorization");
  if (it == md.end()) return {};
  return absl::string_view(it->second.data(), it->second.size());
}

namespace {
// The congress of a `congresses/{c}...` value ("" for anything else).
std::string CongressOfName(const std::string& value) {
  absl::string_view v = value;
  if (!absl::ConsumePrefix(&v, "congresses/")) return "";
  return std::string(v.substr(0, v.find('/')));
}

std::string CongressOfFields(const google::protobuf::Message& m) {
  const auto* d = m.GetDescriptor();
  const auto* r = m.GetReflection();
  for (const char* field : {"parent", "name", "congress"}) {
    const auto* f = d->FindFieldByName(field);
    if (f == nullptr || f->is_repeated() || f->type() != google::protobuf::FieldDescriptor::TYPE_STRING) continue;
    std::string congress = CongressOfName(r->GetString(m, f));
    if (!congress.empty()) return congress;
  }
  return "";
}
}  // namespace

std::string CongressNamedBy(const google::protobuf::Message& request) {
  std::string congress = CongressOfFields(request);
  if (!congress.empty()) return congress;
  const auto* d = request.GetDescriptor();
  const auto* r = request.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const auto* f = d->field(i);
    if (f->is_repeated() || f->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE || !r->HasField(request, f)) {
      continue;
    }
    congress = CongressOfFields(r->GetMessage(request, f));
    if (!congress.empty()) return congress;
  }
  return "";
}

Task<absl::Status> CheckRegistered(const Registry* registry, const Caller& caller,
                                   const google::protobuf::Message& request) {
  if (registry == nullptr) co_return absl::OkStatus();
  const std::string congress = CongressNamedBy(request);
  if (!congress.empty()) CO_RETURN_IF_ERROR(co_await registry->CheckCongress(congress));
  if (caller.anonymous) co_return absl::OkStatus();
  const std::string& own = caller.claims.congress;
  if (own.empty() || own == "*") co_return absl::OkStatus();
  if (own != congress) CO_RETURN_IF_ERROR(co_await registry->CheckCongress(own));
  if (caller.Has(Role::kHandlingUnit)) {
    auto unit = co_await registry->CheckUnit(own, caller.claims.unit_id, "unit_id");
    if (unit.code() == absl::StatusCode::kInvalidArgument) {
      const auto violations = FieldViolations(unit);
      co_return MakeError(absl::StatusCode::kPermissionDenied, "UNIT_NOT_REGISTERED",
                          absl::StrCat("your token acts for a handling unit: ",
                                       violations.empty() ? unit.message() : violations.front().description));
    }
    CO_RETURN_IF_ERROR(unit);
  }
  co_return absl::OkStatus();
}

absl::Time DeadlineOf(const grpc::CallbackServerContext* ctx) {
  const auto deadline = ctx->deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) return absl::InfiniteFuture();
  return absl::FromChrono(deadline);
}

std::string RequestIdOf(const grpc::CallbackServerContext* ctx, const google::protobuf::Message& request) {
  const auto* field = request.GetDescriptor()->FindFieldByName("request_id");
  if (field != nullptr && field->type() == google::protobuf::FieldDescriptor::TYPE_STRING &&
      !field->is_repeated()) {
    std::string id = request.GetReflection()->GetString(request, field);
    if (!id.empty()) return id;
  }
  const auto& md = ctx->client_metadata();
  auto it = md.find("x-request-id");
  if (it != md.end()) return std::string(it->second.data(), it->second.size());
  return "";
}

grpc::ServerUnaryReactor* CallRunner::Unary(grpc::CallbackServerContext* ctx, absl::string_view method,
                                            const google::protobuf::Message& request,
                                            absl::AnyInvocable<void(const Caller&, Finish)> handler) const {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  const absl::Time start = absl::Now();
  auto caller = auth_->Check(*table_, method, AuthorizationOf(ctx));
  std::string subject = caller.ok() ? caller->subject() : "";
  std::string request_id = RequestIdOf(ctx, request);
  if (caller.ok()) {
    caller->request_id = request_id;
    caller->client_key = ClientKeyOf(ctx);
    caller->authorization = std::string(AuthorizationOf(ctx));
  }
  Finish finish = [this, reactor, start, method = std::string(method), request_id = std::move(request_id),
                   subject](absl::Status status) {
    LogCall(service_, method, status, absl::Now() - start, request_id, subject);
    reactor->Finish(ToGrpcStatus(status));
  };
  if (!caller.ok()) {
    finish(caller.status());
  } else {
    handler(*caller, std::move(finish));
  }
  return reactor;
}

}  // namespace renda
