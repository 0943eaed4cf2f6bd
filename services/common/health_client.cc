#include "services/common/health_client.h"

#include <grpcpp/client_context.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/slice.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "services/common/grpc_status.h"

namespace renda {
namespace {

constexpr char kCheckMethod[] = "/grpc.health.v1.Health/Check";

// Protobuf wire types used below.
constexpr uint32_t kVarint = 0;
constexpr uint32_t kFixed64 = 1;
constexpr uint32_t kLengthDelimited = 2;
constexpr uint32_t kFixed32 = 5;

constexpr uint32_t Tag(uint32_t field, uint32_t wire_type) { return (field << 3) | wire_type; }

// HealthCheckRequest { string service = 1; }. An empty service is the default value and is
// left out, as protobuf itself would.
std::string EncodeRequest(absl::string_view service) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream raw(&out);
    google::protobuf::io::CodedOutputStream coded(&raw);
    if (!service.empty()) {
      coded.WriteTag(Tag(1, kLengthDelimited));
      coded.WriteVarint32(static_cast<uint32_t>(service.size()));
      coded.WriteRaw(service.data(), static_cast<int>(service.size()));
    }
  }  // the coded stream trims `out` to what was written when it goes
  return out;
}

// HealthCheckResponse { ServingStatus status = 1; }. Unknown fields are skipped, as a newer
// server may send some; the last `status` wins, as in protobuf.
absl::StatusOr<ServingStatus> DecodeResponse(const std::string& bytes) {
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  uint64_t status = 0;
  bool ok = true;
  while (ok) {
    uint32_t tag = in.ReadTag();
    if (tag == 0) break;  // the end, or a malformed tag (told apart below)
    uint64_t u64 = 0;
    uint32_t u32 = 0;
    switch (tag & 7) {
      case kVarint:
        ok = in.ReadVarint64(&u64);
        if ((tag >> 3) == 1) status = u64;
        break;
      case kFixed64:
        ok = in.ReadLittleEndian64(&u64);
        break;
      case kLengthDelimited:
        ok = in.ReadVarint32(&u32) && in.Skip(static_cast<int>(u32));
        break;
      case kFixed32:
        ok = in.ReadLittleEndian32(&u32);
        break;
      default:  // groups are not used by this message
        ok = false;
    }
  }
  if (!ok || in.CurrentPosition() != static_cast<int>(bytes.size())) {
    return absl::InternalError("malformed grpc.health.v1.HealthCheckResponse");
  }
  if (status > static_cast<uint64_t>(ServingStatus::kServiceUnknown)) return ServingStatus::kUnknown;
  return static_cast<ServingStatus>(status);
}

std::string Describe(absl::string_view service) {
  return service.empty() ? std::string("the server") : absl::StrCat("service '", service, "'");
}

}  // namespace

absl::string_view ServingStatusName(ServingStatus status) {
  switch (status) {
    case ServingStatus::kServing:
      return "SERVING";
    case ServingStatus::kNotServing:
      return "NOT_SERVING";
    case ServingStatus::kServiceUnknown:
      return "SERVICE_UNKNOWN";
    case ServingStatus::kUnknown:
      break;
  }
  return "UNKNOWN";
}

absl::StatusOr<ServingStatus> CheckServingStatus(const std::shared_ptr<grpc::Channel>& channel,
                                                 absl::string_view service, absl::Duration timeout) {
  std::string request_bytes = EncodeRequest(service);
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;

  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  grpc::GenericStub stub(channel);
  grpc::Status call_status;
  absl::Notification done;
  stub.UnaryCall(&context, kCheckMethod, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status status) {
                   call_status = std::move(status);
                   done.Notify();
                 });
  done.WaitForNotification();
  if (!call_status.ok()) return FromGrpcStatus(call_status);

  std::vector<grpc::Slice> slices;
  if (!response.Dump(&slices).ok()) {
    return absl::InternalError("could not read the grpc.health.v1.HealthCheckResponse");
  }
  std::string bytes;
  for (const grpc::Slice& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return DecodeResponse(bytes);
}

absl::StatusOr<bool> CheckHealth(const std::shared_ptr<grpc::Channel>& channel,
                                 absl::string_view service, absl::Duration timeout) {
  absl::StatusOr<ServingStatus> status = CheckServingStatus(channel, service, timeout);
  if (!status.ok()) return status.status();
  return *status == ServingStatus::kServing;
}

absl::Status WaitForServing(const std::shared_ptr<grpc::Channel>& channel, absl::string_view service,
                            absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  absl::Duration pause = absl::Milliseconds(50);
  std::string last = "no answer";
  for (;;) {
    absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) break;
    absl::StatusOr<ServingStatus> status = CheckServingStatus(channel, service, left);
    if (status.ok()) {
      if (*status == ServingStatus::kServing) return absl::OkStatus();
      last = std::string(ServingStatusName(*status));
    } else if (status.status().code() == absl::StatusCode::kUnimplemented) {
      return absl::UnimplementedError("the server does not implement grpc.health.v1.Health");
    } else {
      last = absl::StrCat(absl::StatusCodeToString(status.status().code()), ": ",
                          status.status().message());
    }
    left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) break;
    absl::SleepFor(std::min(pause, left));
    pause = std::min(pause * 2, absl::Seconds(1));
  }
  return absl::DeadlineExceededError(absl::StrCat(Describe(service), " was not SERVING within ",
                                                  absl::FormatDuration(timeout), " (last: ", last, ")"));
}

}  // namespace renda
