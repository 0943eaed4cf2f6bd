#include "tests/support/wait.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/slice.h>

#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "google/protobuf/unknown_field_set.h"

namespace renda::testing {

bool WaitUntil(const std::function<bool()>& condition, absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  for (;;) {
    if (condition()) return true;
    if (absl::Now() >= give_up) return false;
    absl::SleepFor(absl::Milliseconds(10));
  }
}

bool WaitForRedisHealth(RedisClient& client, bool healthy, absl::Duration timeout) {
  absl::Mutex mu;
  // The listener only takes and releases `mu`: that makes the waiter look at healthy() again.
  client.SetHealthListener([&mu](bool) { absl::MutexLock lock(&mu); });
  bool reached = false;
  {
    absl::MutexLock lock(&mu);
    auto is = [&client, healthy] { return client.healthy() == healthy; };
    reached = mu.AwaitWithTimeout(absl::Condition(&is), timeout);
  }
  client.SetHealthListener(nullptr);  // returns once no call of the listener is under way
  return reached;
}

namespace {

// The status field of a grpc.health.v1.HealthCheckResponse (kUnknown when it has none).
ServingStatus StatusOf(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) return ServingStatus::kUnknown;
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  google::protobuf::UnknownFieldSet fields;
  if (!fields.ParseFromString(bytes)) return ServingStatus::kUnknown;
  ServingStatus status = ServingStatus::kUnknown;
  for (int i = 0; i < fields.field_count(); ++i) {
    const auto& f = fields.field(i);
    if (f.number() == 1 && f.type() == google::protobuf::UnknownField::TYPE_VARINT) {
      status = static_cast<ServingStatus>(f.varint());
    }
  }
  return status;
}

}  // namespace

bool WaitForServingStatus(const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
                          ServingStatus want, absl::Duration timeout) {
  // HealthCheckRequest { string service = 1; }, encoded by hand (no generated health code here).
  google::protobuf::UnknownFieldSet request_fields;
  if (!service.empty()) request_fields.AddLengthDelimited(1, service);
  std::string request;
  request_fields.SerializeToString(&request);
  grpc::Slice request_slice(request);
  const grpc::ByteBuffer request_buffer(&request_slice, 1);

  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  grpc::CompletionQueue cq;
  auto call = stub.PrepareCall(&context, "/grpc.health.v1.Health/Watch", &cq);
  // One operation at a time: start it, then wait for its completion.
  auto step = [&cq](auto start) {
    start(&cq);
    void* tag = nullptr;
    bool ok = false;
    return cq.Next(&tag, &ok) && ok;
  };
  bool reached = false;
  if (step([&](void* tag) { call->StartCall(tag); }) &&
      step([&](void* tag) { call->Write(request_buffer, tag); }) &&
      step([&](void* tag) { call->WritesDone(tag); })) {
    // The server sends the current status, then every change of it.
    grpc::ByteBuffer response;
    while (step([&](void* tag) { call->Read(&response, tag); })) {
      if (StatusOf(response) == want) {
        reached = true;
        break;
      }
    }
  }
  context.TryCancel();
  grpc::Status finished;
  step([&](void* tag) { call->Finish(&finished, tag); });
  cq.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (cq.Next(&tag, &ok)) {
  }
  return reached;
}

}  // namespace renda::testing
