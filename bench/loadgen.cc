// renda-loadgen: a closed-loop load generator for any unary RPC of the suite.
//
//   renda-loadgen --target 127.0.0.1:PORT
//       --method /renda.representatives.v1.RepresentativesService/GetDeputy
//       --request 'name: "congresses/hz/deputies/bench-1"' [--token JWT] [--json]
//
// The request type is looked up from --method in the generated descriptor pool (every proto of
// renda_protos is linked in whole), --request is parsed as protobuf text format and serialized
// once. A `{{seq}}` in --request is replaced by a number unique to each call (1, 2, 3, ...), and
// the request is then rendered and serialized per call.
//
// --concurrency calls are kept outstanding over --channels channels (each its own TCP
// connection), driven by one CompletionQueue per thread through grpc::GenericStub, so requests and
// responses travel as raw bytes and cost the client no parsing. Calls completing during the first
// --warmup_s seconds are not counted; the next --duration_s seconds are. With --calls N the run
// instead stops after N successful calls (no warmup; --duration_s still caps it).
//
// Exit status: 0 when every counted call succeeded, 1 when a call failed or the target could not
// be reached, 2 for a usage error.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"

ABSL_FLAG(std::string, target, "", "Server address, host:port.");
ABSL_FLAG(std::string, method, "",
          "Full method path, e.g. /renda.representatives.v1.RepresentativesService/GetDeputy.");
ABSL_FLAG(std::string, request, "",
          "Request in protobuf text format; `{{seq}}` is replaced by a number unique per call.");
ABSL_FLAG(int, concurrency, 32, "Calls kept outstanding.");
ABSL_FLAG(double, duration_s, 10, "Seconds measured (after the warmup); caps a --calls run.");
ABSL_FLAG(double, warmup_s, 2, "Seconds of load before measuring.");
ABSL_FLAG(int, channels, 2, "Channels (TCP connections) the calls are spread over.");
ABSL_FLAG(int, threads, 0, "Client threads; 0 means min(channels, cores).");
ABSL_FLAG(std::string, token, "", "Bearer token sent as `authorization: Bearer ...`; empty: none.");
ABSL_FLAG(int64_t, calls, 0, "Stop after this many successful calls; 0: run for --duration_s.");
ABSL_FLAG(int64_t, max_failures, 0, "Stop after this many failed calls; 0: never.");
ABSL_FLAG(int, deadline_ms, 10000, "Deadline of each call in milliseconds; 0: none.");
ABSL_FLAG(double, connect_timeout_s, 5, "Seconds to wait for every channel to connect.");
ABSL_FLAG(int64_t, print_responses, 0,
          "Print the first N successful responses (text format) on stderr.");
ABSL_FLAG(int64_t, seq_cycle, 0,
          "When N > 0, {{seq}} takes the values 1..N in turn, and the N requests are rendered once "
          "before the run (no parsing per call): e.g. reads spread over N stored entities.");
ABSL_FLAG(bool, json, false, "Print the result as one JSON line instead of text.");

namespace {

namespace pb = google::protobuf;
using Clock = std::chrono::steady_clock;

constexpr char kProgram[] = "renda-loadgen";
constexpr char kSeqPlaceholder[] = "{{seq}}";

[[noreturn]] void Fail(int status, const std::string& message) {
  std::fprintf(stderr, "%s: %s\n", kProgram, message.c_str());
  std::exit(status);
}

const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    case grpc::StatusCode::UNKNOWN: return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED: return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL: return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS: return "DATA_LOSS";
    default: return "UNRECOGNIZED";
  }
}

const char* StateName(grpc_connectivity_state state) {
  switch (state) {
    case GRPC_CHANNEL_IDLE: return "IDLE";
    case GRPC_CHANNEL_CONNECTING: return "CONNECTING";
    case GRPC_CHANNEL_READY: return "READY";
    case GRPC_CHANNEL_TRANSIENT_FAILURE: return "TRANSIENT_FAILURE";
    case GRPC_CHANNEL_SHUTDOWN: return "SHUTDOWN";
  }
  return "UNKNOWN";
}

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (const unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          out += escaped;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

// Keeps the first text-format error as one line.
class FirstError : public pb::io::ErrorCollector {
 public:
  void AddError(int line, pb::io::ColumnNumber column, const std::string& message) override {
    if (text_.empty()) {
      text_ = "line " + std::to_string(line + 1) + " column " + std::to_string(column + 1) + ": " +
              message;
    }
  }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// --request, split at the placeholders, and its message type.
class RequestTemplate {
 public:
  RequestTemplate(const pb::Descriptor* type, const std::string& text) : type_(type) {
    const std::string placeholder = kSeqPlaceholder;
    std::string::size_type from = 0;
    for (;;) {
      const std::string::size_type at = text.find(placeholder, from);
      if (at == std::string::npos) break;
      pieces_.push_back(text.substr(from, at - from));
      from = at + placeholder.size();
    }
    pieces_.push_back(text.substr(from));
  }

  bool per_call() const { return pieces_.size() > 1; }
  const pb::Descriptor* type() const { return type_; }

  // The text with every placeholder replaced by `seq`.
  void Render(uint64_t seq, std::string* out) const {
    const std::string number = std::to_string(seq);
    out->assign(pieces_[0]);
    for (std::size_t i = 1; i < pieces_.size(); ++i) {
      out->append(number);
      out->append(pieces_[i]);
    }
  }

  // Parses the rendered text into `message` (of type()); false with `error` set on failure.
  bool Parse(uint64_t seq, pb::Message* message, std::string* scratch, std::string* error) const {
    Render(seq, scratch);
    FirstError errors;
    pb::TextFormat::Parser parser;
    parser.RecordErrorsTo(&errors);
    message->Clear();
    if (parser.ParseFromString(*scratch, message)) return true;
    *error = errors.text().empty() ? "cannot parse" : errors.text();
    return false;
  }

 private:
  const pb::Descriptor* type_;
  std::vector<std::string> pieces_;
};

grpc::ByteBuffer ToByteBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

struct Options {
  std::string target;
  std::string method;
  std::string authorization;  // full metadata value, empty for none
  int concurrency = 0;
  int channels = 0;
  int threads = 0;
  double duration_s = 0;
  double warmup_s = 0;
  int64_t calls = 0;
  int64_t max_failures = 0;
  int deadline_ms = 0;
  int64_t print_responses = 0;
};

// What every worker thread shares.
struct Shared {
  const Options* options = nullptr;
  const RequestTemplate* request = nullptr;
  grpc::ByteBuffer fixed_request;  // used when the request has no placeholder
  std::vector<grpc::ByteBuffer> cycle;  // --seq_cycle: the requests for {{seq}} = 1..N
  const pb::Message* response_prototype = nullptr;
  Clock::time_point start;
  Clock::time_point measure_begin;  // calls completing in [measure_begin, measure_end) count
  Clock::time_point measure_end;
  std::atomic<bool> stop{false};
  std::atomic<int64_t> budget{0};  // --calls mode: successful calls still to start
  std::atomic<int64_t> failures{0};
  std::atomic<uint64_t> seq{0};
  std::atomic<int64_t> responses_printed{0};
};

// One outstanding call slot; it is restarted as soon as its call completes.
struct Call {
  grpc::GenericStub* stub = nullptr;
  std::unique_ptr<grpc::ClientContext> context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
  grpc::Status status;
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> reader;
  Clock::time_point start;
};

struct Stats {
  std::vector<int64_t> latencies_ns;  // of the counted successful calls
  int64_t ok = 0;
  int64_t failed = 0;
  int64_t uncounted_failed = 0;  // failed outside the measured window
  bool has_error = false;
  Clock::time_point first_error_time;
  grpc::StatusCode first_error_code = grpc::StatusCode::OK;
  std::string first_error_message;
  Clock::time_point last_counted;
};

class Worker {
 public:
  explicit Worker(Shared* shared) : shared_(shared) {
    if (shared_->request->per_call()) {
      scratch_message_.reset(
          pb::MessageFactory::generated_factory()->GetPrototype(shared_->request->type())->New());
    }
    stats_.latencies_ns.reserve(1 << 16);
  }

  void AddCall(grpc::GenericStub* stub) {
    calls_.push_back(std::make_unique<Call>());
    calls_.back()->stub = stub;
  }

  void Run() {
    int active = 0;
    for (auto& call : calls_) {
      if (!MayStart(Clock::now())) break;
      Start(call.get());
      ++active;
    }
    void* tag = nullptr;
    bool ok = false;
    while (active > 0 && cq_.Next(&tag, &ok)) {
      --active;
      Call* call = static_cast<Call*>(tag);
      const Clock::time_point now = Clock::now();
      Complete(call, now);
      if (MayStart(now)) {
        Start(call);
        ++active;
      }
    }
    cq_.Shutdown();
    while (cq_.Next(&tag, &ok)) {
    }
  }

  const Stats& stats() const { return stats_; }

 private:
  bool MayStart(Clock::time_point now) {
    if (shared_->stop.load(std::memory_order_relaxed) || now >= shared_->measure_end) return false;
    if (shared_->options->calls == 0) return true;
    int64_t left = shared_->budget.load(std::memory_order_relaxed);
    while (left > 0) {
      if (shared_->budget.compare_exchange_weak(left, left - 1)) return true;
    }
    return false;
  }

  void Start(Call* call) {
    const Options& options = *shared_->options;
    call->context = std::make_unique<grpc::ClientContext>();
    if (!options.authorization.empty()) {
      call->context->AddMetadata("authorization", options.authorization);
    }
    if (options.deadline_ms > 0) {
      call->context->set_deadline(std::chrono::system_clock::now() +
                                  std::chrono::milliseconds(options.deadline_ms));
    }
    if (!shared_->cycle.empty()) {
      const uint64_t seq = shared_->seq.fetch_add(1, std::memory_order_relaxed);
      call->request = shared_->cycle[seq % shared_->cycle.size()];
    } else if (shared_->request->per_call()) {
      const uint64_t seq = shared_->seq.fetch_add(1, std::memory_order_relaxed) + 1;
      std::string error;
      if (!shared_->request->Parse(seq, scratch_message_.get(), &scratch_text_, &error)) {
        // Other threads are running: leave without running destructors under them.
        std::fprintf(stderr, "%s: --request with {{seq}}=%llu: %s\n", kProgram,
                     static_cast<unsigned long long>(seq), error.c_str());
        std::_Exit(2);
      }
      scratch_message_->SerializeToString(&scratch_bytes_);
      call->request = ToByteBuffer(scratch_bytes_);
    } else {
      call->request = shared_->fixed_request;  // shares the slices, copies no bytes
    }
    call->response.Clear();
    call->status = grpc::Status();
    call->start = Clock::now();
    call->reader = call->stub->PrepareUnaryCall(call->context.get(), options.method, call->request,
                                                &cq_);
    call->reader->StartCall();
    call->reader->Finish(&call->response, &call->status, call);
  }

  void Complete(Call* call, Clock::time_point now) {
    const bool counted = now >= shared_->measure_begin && now < shared_->measure_end;
    if (call->status.ok()) {
      if (counted) {
        ++stats_.ok;
        stats_.latencies_ns.push_back(
            std::chrono::duration_cast<std::chrono::nanoseconds>(now - call->start).count());
        stats_.last_counted = now;
      }
      if (shared_->options->print_responses > 0) PrintResponse(call->response);
      return;
    }
    if (counted) {
      ++stats_.failed;
      stats_.last_counted = now;
    } else {
      ++stats_.uncounted_failed;
    }
    if (!stats_.has_error) {
      stats_.has_error = true;
      stats_.first_error_time = now;
      stats_.first_error_code = call->status.error_code();
      stats_.first_error_message = call->status.error_message();
    }
    if (shared_->options->calls > 0) shared_->budget.fetch_add(1);  // try again
    const int64_t failures = shared_->failures.fetch_add(1) + 1;
    if (shared_->options->max_failures > 0 && failures >= shared_->options->max_failures) {
      shared_->stop.store(true);
    }
  }

  void PrintResponse(const grpc::ByteBuffer& response) {
    const int64_t number = shared_->responses_printed.fetch_add(1) + 1;
    if (number > shared_->options->print_responses) return;
    std::vector<grpc::Slice> slices;
    std::string bytes;
    if (response.Dump(&slices).ok()) {
      for (const grpc::Slice& slice : slices) {
        bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
      }
    }
    std::unique_ptr<pb::Message> message(shared_->response_prototype->New());
    std::string text;
    if (message->ParseFromString(bytes)) {
      pb::TextFormat::Printer printer;
      printer.SetSingleLineMode(true);
      printer.SetUseUtf8StringEscaping(true);
      printer.PrintToString(*message, &text);
    } else {
      text = "(" + std::to_string(bytes.size()) + " bytes that do not parse as " +
             message->GetDescriptor()->full_name() + ")";
    }
    std::fprintf(stderr, "%s: response %lld: %s\n", kProgram, static_cast<long long>(number),
                 text.c_str());
  }

  Shared* shared_;
  grpc::CompletionQueue cq_;
  std::vector<std::unique_ptr<Call>> calls_;
  std::unique_ptr<pb::Message> scratch_message_;
  std::string scratch_text_;
  std::string scratch_bytes_;
  Stats stats_;
};

// "/pkg.Service/Method" -> its descriptor; exits with status 2 and one line when there is none.
const pb::MethodDescriptor* FindMethod(const std::string& path) {
  const std::string::size_type slash = path.find('/', 1);
  if (path.size() < 4 || path[0] != '/' || slash == std::string::npos ||
      slash == path.size() - 1 || path.find('/', slash + 1) != std::string::npos) {
    Fail(2, "--method '" + path + "' is not of the form /package.Service/Method");
  }
  const std::string service_name = path.substr(1, slash - 1);
  const std::string method_name = path.substr(slash + 1);
  const pb::DescriptorPool* pool = pb::DescriptorPool::generated_pool();
  const pb::MethodDescriptor* method = pool->FindMethodByName(service_name + "." + method_name);
  if (method == nullptr) {
    const pb::ServiceDescriptor* service = pool->FindServiceByName(service_name);
    if (service == nullptr) {
      Fail(2, "--method '" + path + "': no service " + service_name + " in the linked protos");
    }
    std::string known;
    for (int i = 0; i < service->method_count(); ++i) {
      known += (i == 0 ? "" : ", ") + service->method(i)->name();
    }
    Fail(2, "--method '" + path + "': " + service_name + " has no method " + method_name +
                " (it has " + known + ")");
  }
  if (method->client_streaming() || method->server_streaming()) {
    Fail(2, "--method '" + path + "' is a streaming method; only unary methods are supported");
  }
  return method;
}

// Why calls on a channel in TRANSIENT_FAILURE fail, in gRPC's words. The probe does not wait for
// the channel to be ready, so it fails without being sent; should the channel have recovered in
// the meantime, the server answers UNIMPLEMENTED to a method that no service has.
std::string ConnectError(grpc::GenericStub* stub) {
  grpc::CompletionQueue cq;
  grpc::ClientContext context;
  context.set_wait_for_ready(false);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  grpc::ByteBuffer request = ToByteBuffer("");
  grpc::ByteBuffer response;
  grpc::Status status;
  auto reader = stub->PrepareUnaryCall(&context, "/renda.loadgen.v1.Probe/Probe", request, &cq);
  reader->StartCall();
  reader->Finish(&response, &status, &cq);
  void* tag = nullptr;
  bool ok = false;
  cq.Next(&tag, &ok);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  if (status.error_code() == grpc::StatusCode::UNIMPLEMENTED) return "";
  return std::string(CodeName(status.error_code())) + ": " + status.error_message();
}

// Waits until `channel` is READY; exits with status 1 and one line when it cannot be. A failed
// connection attempt ends the wait at once: bench/run starts the load only after the server
// printed its address, so a refused connection will not heal by waiting.
void Connect(grpc::Channel* channel, grpc::GenericStub* stub, const std::string& target,
             std::chrono::system_clock::time_point deadline, double timeout_s) {
  for (;;) {
    const grpc_connectivity_state state = channel->GetState(/*try_to_connect=*/true);
    if (state == GRPC_CHANNEL_READY) return;
    if (state == GRPC_CHANNEL_TRANSIENT_FAILURE) {
      const std::string error = ConnectError(stub);
      if (!error.empty()) Fail(1, "cannot reach " + target + ": " + error);
    }
    if (!channel->WaitForStateChange(state, deadline)) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%g", timeout_s);
      Fail(1, "cannot reach " + target + ": not connected within " + seconds + " s (channel " +
                  StateName(channel->GetState(false)) + ")");
    }
  }
}

double Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  // Nearest rank: the smallest value with at least p% of the values at or below it.
  std::size_t rank = static_cast<std::size_t>(std::ceil(p / 100.0 * sorted.size()));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1] / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Closed-loop load generator for any unary renda RPC.\n"
      "  renda-loadgen --target HOST:PORT --method /pkg.Service/Method --request 'TEXT'");
  const std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() > 1) Fail(2, std::string("unexpected argument '") + positional[1] + "'");

  Options options;
  options.target = absl::GetFlag(FLAGS_target);
  options.method = absl::GetFlag(FLAGS_method);
  options.concurrency = absl::GetFlag(FLAGS_concurrency);
  options.channels = absl::GetFlag(FLAGS_channels);
  options.threads = absl::GetFlag(FLAGS_threads);
  options.duration_s = absl::GetFlag(FLAGS_duration_s);
  options.warmup_s = absl::GetFlag(FLAGS_warmup_s);
  options.calls = absl::GetFlag(FLAGS_calls);
  options.max_failures = absl::GetFlag(FLAGS_max_failures);
  options.deadline_ms = absl::GetFlag(FLAGS_deadline_ms);
  options.print_responses = absl::GetFlag(FLAGS_print_responses);
  const std::string token = absl::GetFlag(FLAGS_token);
  if (!token.empty()) options.authorization = "Bearer " + token;
  const double connect_timeout_s = absl::GetFlag(FLAGS_connect_timeout_s);
  const bool json = absl::GetFlag(FLAGS_json);

  if (options.target.empty()) Fail(2, "--target is required");
  if (options.method.empty()) Fail(2, "--method is required");
  if (options.concurrency < 1) Fail(2, "--concurrency must be at least 1");
  if (options.channels < 1) Fail(2, "--channels must be at least 1");
  if (options.threads < 0) Fail(2, "--threads must not be negative");
  if (!(options.duration_s > 0)) Fail(2, "--duration_s must be positive");
  if (!(options.warmup_s >= 0)) Fail(2, "--warmup_s must not be negative");
  if (options.calls < 0) Fail(2, "--calls must not be negative");
  if (options.max_failures < 0) Fail(2, "--max_failures must not be negative");
  if (options.deadline_ms < 0) Fail(2, "--deadline_ms must not be negative");
  if (options.print_responses < 0) Fail(2, "--print_responses must not be negative");
  if (!(connect_timeout_s > 0)) Fail(2, "--connect_timeout_s must be positive");
  if (options.calls > 0) options.warmup_s = 0;
  if (options.threads == 0) {
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    options.threads = std::min(options.channels, cores);
  }
  options.threads = std::min(options.threads, options.concurrency);

  const pb::MethodDescriptor* method = FindMethod(options.method);
  const RequestTemplate request(method->input_type(), absl::GetFlag(FLAGS_request));

  Shared shared;
  shared.options = &options;
  shared.request = &request;
  shared.response_prototype =
      pb::MessageFactory::generated_factory()->GetPrototype(method->output_type());
  shared.budget.store(options.calls);
  {
    // Parse once up front, so a bad --request is reported before any call is made.
    std::unique_ptr<pb::Message> message(
        pb::MessageFactory::generated_factory()->GetPrototype(method->input_type())->New());
    std::string scratch;
    std::string error;
    if (!request.Parse(1, message.get(), &scratch, &error)) {
      Fail(2, "--request is not a valid " + method->input_type()->full_name() + ": " + error);
    }
    if (!request.per_call()) shared.fixed_request = ToByteBuffer(message->SerializeAsString());
    const int64_t cycle = absl::GetFlag(FLAGS_seq_cycle);
    if (cycle > 0 && request.per_call()) {
      shared.cycle.reserve(cycle);
      for (int64_t seq = 1; seq <= cycle; ++seq) {
        if (!request.Parse(seq, message.get(), &scratch, &error)) {
          Fail(2, "--request with {{seq}}=" + std::to_string(seq) + ": " + error);
        }
        shared.cycle.push_back(ToByteBuffer(message->SerializeAsString()));
      }
    }
  }

  // Separate channels get separate connections: no global subchannel sharing, distinct args.
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs;
  for (int i = 0; i < options.channels; ++i) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt("renda.loadgen.channel", i);
    channels.push_back(
        grpc::CreateCustomChannel(options.target, grpc::InsecureChannelCredentials(), args));
    stubs.push_back(std::make_unique<grpc::GenericStub>(channels.back()));
  }
  const auto connect_deadline =
      std::chrono::system_clock::now() +
      std::chrono::microseconds(static_cast<int64_t>(connect_timeout_s * 1e6));
  for (int i = 0; i < options.channels; ++i) {
    Connect(channels[i].get(), stubs[i].get(), options.target, connect_deadline,
            connect_timeout_s);
  }

  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < options.threads; ++i) workers.push_back(std::make_unique<Worker>(&shared));
  for (int i = 0; i < options.concurrency; ++i) {
    workers[i % options.threads]->AddCall(stubs[i % options.channels].get());
  }

  auto seconds = [](double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
  };
  shared.start = Clock::now();
  shared.measure_begin = shared.start + seconds(options.warmup_s);
  shared.measure_end = shared.measure_begin + seconds(options.duration_s);

  std::vector<std::thread> threads;
  for (auto& worker : workers) threads.emplace_back([&worker] { worker->Run(); });
  for (auto& thread : threads) thread.join();

  // Merge.
  std::vector<int64_t> latencies;
  int64_t ok = 0;
  int64_t failed = 0;
  int64_t uncounted_failed = 0;
  const Stats* first_error = nullptr;
  Clock::time_point last_counted = shared.measure_begin;
  for (const auto& worker : workers) {
    const Stats& stats = worker->stats();
    latencies.insert(latencies.end(), stats.latencies_ns.begin(), stats.latencies_ns.end());
    ok += stats.ok;
    failed += stats.failed;
    uncounted_failed += stats.uncounted_failed;
    last_counted = std::max(last_counted, stats.last_counted);
    if (stats.has_error &&
        (first_error == nullptr || stats.first_error_time < first_error->first_error_time)) {
      first_error = &stats;
    }
  }
  std::sort(latencies.begin(), latencies.end());

  // A time-bound run is measured over its window; a --calls run (or one stopped early) until its
  // last counted call.
  double measured_s = options.duration_s;
  if (options.calls > 0 || shared.stop.load()) {
    measured_s = std::chrono::duration<double>(last_counted - shared.measure_begin).count();
  }
  const double rate = measured_s > 0 ? ok / measured_s : 0;
  double mean_ms = 0;
  for (const int64_t ns : latencies) mean_ms += ns / 1e6;
  if (!latencies.empty()) mean_ms /= latencies.size();
  const double p50 = Percentile(latencies, 50);
  const double p95 = Percentile(latencies, 95);
  const double p99 = Percentile(latencies, 99);
  const double max_ms = latencies.empty() ? 0 : latencies.back() / 1e6;
  const std::string error_code = first_error ? CodeName(first_error->first_error_code) : "";
  const std::string error_message = first_error ? first_error->first_error_message : "";

  if (json) {
    // Strings first, numbers last: a plain text match on `"key":` finds the numbers reliably.
    std::printf(
        "{\"method\":%s,\"target\":%s,\"first_error_code\":%s,\"first_error_message\":%s,"
        "\"concurrency\":%d,\"channels\":%d,\"threads\":%d,\"warmup_s\":%.3f,"
        "\"duration_s\":%.3f,\"calls_ok\":%lld,\"calls_failed\":%lld,\"uncounted_failed\":%lld,"
        "\"calls_per_s\":%.1f,\"mean_ms\":%.3f,\"p50_ms\":%.3f,\"p95_ms\":%.3f,"
        "\"p99_ms\":%.3f,\"max_ms\":%.3f}\n",
        JsonString(options.method).c_str(), JsonString(options.target).c_str(),
        JsonString(error_code).c_str(), JsonString(error_message).c_str(), options.concurrency,
        options.channels, options.threads, options.warmup_s, measured_s,
        static_cast<long long>(ok), static_cast<long long>(failed),
        static_cast<long long>(uncounted_failed), rate, mean_ms, p50, p95, p99, max_ms);
  } else {
    std::printf("method        %s\n", options.method.c_str());
    std::printf("target        %s (%d channels, %d threads, concurrency %d)\n",
                options.target.c_str(), options.channels, options.threads, options.concurrency);
    std::printf("measured      %.2f s after %.2f s warmup\n", measured_s, options.warmup_s);
    std::printf("calls ok      %lld\n", static_cast<long long>(ok));
    std::printf("calls failed  %lld", static_cast<long long>(failed));
    if (first_error != nullptr) {
      std::printf(" (first: %s%s%s)", error_code.c_str(), error_message.empty() ? "" : ": ",
                  error_message.c_str());
    }
    if (uncounted_failed > 0) {
      std::printf(" (+%lld in warmup or drain, not counted)",
                  static_cast<long long>(uncounted_failed));
    }
    std::printf("\n");
    std::printf("throughput    %.1f calls/s\n", rate);
    std::printf("latency ms    p50 %.3f  p95 %.3f  p99 %.3f  (mean %.3f, max %.3f)\n", p50, p95,
                p99, mean_ms, max_ms);
  }
  std::fflush(stdout);

  const bool complete = options.calls > 0 ? ok >= options.calls : ok > 0;
  return (failed == 0 && uncounted_failed == 0 && complete) ? 0 : 1;
}
