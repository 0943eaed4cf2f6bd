// rendactl changes list|watch: the change feed of any of the four services, each of which serves
// the one renda.feed.v1.ChangeFeedService.

#include <signal.h>

#include <cstdio>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "renda/feed/v1/feed.grpc.pb.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/enum_flags.h"
#include "tools/rendactl/output.h"

namespace rendactl {
namespace {

namespace feed = renda::feed::v1;

std::string ChangeTypeName(renda::type::v1::ChangeType type) {
  return EnumFlagName(renda::type::v1::ChangeType_descriptor(), type);
}

// Ctrl-C (and SIGTERM) during `changes watch`: instead of killing the process mid-line, cancel
// the stream so the command ends cleanly with exit code 0. Construct it before any gRPC thread
// exists, so that every thread inherits the blocked signals; one thread waits for them.
class StopOnSignal {
 public:
  static StopOnSignal* Install() {
    static StopOnSignal* instance = new StopOnSignal();  // lives as long as its thread
    return instance;
  }

  // The call to cancel when a signal arrives (nullptr for none); cancelled at once when one
  // already has.
  void Watch(grpc::ClientContext* context) {
    absl::MutexLock lock(&mu_);
    context_ = context;
    if (context_ != nullptr && stopped_.HasBeenNotified()) context_->TryCancel();
  }
  bool stopped() const { return stopped_.HasBeenNotified(); }
  // Sleeps for `duration` or until a signal; true when stopped.
  bool SleepFor(absl::Duration duration) { return stopped_.WaitForNotificationWithTimeout(duration); }

 private:
  StopOnSignal() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::thread([this, signals] {
      int signal = 0;
      sigwait(&signals, &signal);
      absl::MutexLock lock(&mu_);
      stopped_.Notify();
      if (context_ != nullptr) context_->TryCancel();
    }).detach();
  }

  absl::Mutex mu_;
  grpc::ClientContext* context_ ABSL_GUARDED_BY(mu_) = nullptr;
  absl::Notification stopped_;
};

absl::StatusOr<std::string> FeedService(const Args& args) {
  std::string service = args.Get("service");
  if (FindService(service) == nullptr) {
    return UsageError(absl::StrCat("--service: unknown service '", service, "' (valid: ", ServiceNames(), ")"), false);
  }
  return service;
}

absl::Status ListChanges(const Invocation& inv, const std::string& service) {
  feed::ListChangesRequest request;
  absl::StatusOr<std::string> parent = CongressParent(inv.args);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  request.set_after_cursor(inv.args.Get("after"));
  absl::StatusOr<int> page_size = inv.args.GetInt("page-size", 0);
  if (!page_size.ok()) return page_size.status();
  request.set_page_size(*page_size);

  Connection connection(inv.global, service);
  auto stub = feed::ChangeFeedService::NewStub(connection.channel());
  feed::ListChangesResponse response;
  absl::Status s = connection.Call([&](grpc::ClientContext* c) { return stub->ListChanges(c, request, &response); });
  if (!s.ok()) return s;
  if (inv.global.json) return PrintJson(response);
  if (response.events_size() == 0) {
    std::printf("no changes after %s\n", request.after_cursor().empty() ? "the start" : request.after_cursor().c_str());
    return absl::OkStatus();
  }
  Table table({"CURSOR", "TIME", "CHANGE", "RESOURCE", "BY", "REQUEST ID"});
  for (const renda::type::v1::ChangeEvent& event : response.events()) {
    table.AddRow({event.cursor(), FormatTimestamp(event.change_time()), ChangeTypeName(event.change_type()),
                  event.resource_name(), event.actor(), event.request_id()});
  }
  table.Print(stdout);
  std::fflush(stdout);
  std::fprintf(stderr, "(next: --after %s)\n", response.next_cursor().c_str());
  return absl::OkStatus();
}

absl::Status PrintEvent(const renda::type::v1::ChangeEvent& event, bool json) {
  if (json) return PrintJson(event, /*one_line=*/true);
  std::string actor = event.actor().empty() ? "" : absl::StrCat("  by ", event.actor());
  std::printf("%s  %-7s  %s%s  [%s]\n", FormatTimestamp(event.change_time()).c_str(),
              ChangeTypeName(event.change_type()).c_str(), event.resource_name().c_str(), actor.c_str(),
              event.cursor().c_str());
  std::fflush(stdout);
  return absl::OkStatus();
}

absl::Status WatchChanges(const Invocation& inv, const std::string& service) {
  absl::StatusOr<std::string> parent = CongressParent(inv.args);
  if (!parent.ok()) return parent.status();
  StopOnSignal* stop = StopOnSignal::Install();  // before the channel starts gRPC's threads

  Connection connection(inv.global, service);
  auto stub = feed::ChangeFeedService::NewStub(connection.channel());
  // An address where nothing answers is an error (exit 3); once connected, a lost stream is
  // resumed from the last cursor, waiting for the server to come back.
  if (!connection.channel()->WaitForConnected(std::chrono::system_clock::now() +
                                              std::chrono::milliseconds(inv.global.timeout_ms))) {
    return connection.Failure(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                           absl::StrCat("no connection within ", inv.global.timeout_ms, " ms")));
  }
  std::string cursor = inv.args.Get("after");
  absl::Duration pause = absl::Seconds(1);
  while (!stop->stopped()) {
    grpc::ClientContext context;
    connection.Prepare(&context, /*streaming=*/true);
    context.set_wait_for_ready(true);
    feed::WatchChangesRequest request;
    request.set_parent(*parent);
    request.set_after_cursor(cursor);
    stop->Watch(&context);
    auto reader = stub->WatchChanges(&context, request);
    feed::WatchChangesResponse response;
    absl::Status printed;
    while (printed.ok() && reader->Read(&response)) {
      printed = PrintEvent(response.event(), inv.global.json);
      cursor = response.event().cursor();
      pause = absl::Seconds(1);
    }
    if (!printed.ok()) context.TryCancel();
    grpc::Status status = reader->Finish();
    stop->Watch(nullptr);
    if (!printed.ok()) return printed;
    if (stop->stopped()) break;
    if (!status.ok() && status.error_code() != grpc::StatusCode::UNAVAILABLE) return connection.Failure(status);
    std::fprintf(stderr, "rendactl: the stream from %s ended (%s); resuming after %s in %s\n",
                 connection.address().c_str(), status.ok() ? "closed by the server" : status.error_message().c_str(),
                 cursor.empty() ? "the start" : cursor.c_str(), absl::FormatDuration(pause).c_str());
    if (stop->SleepFor(pause)) break;
    pause = std::min(pause * 2, absl::Seconds(30));
  }
  return absl::OkStatus();
}

absl::Status RunList(const Invocation& inv) {
  absl::StatusOr<std::string> service = FeedService(inv.args);
  if (!service.ok()) return service.status();
  return ListChanges(inv, *service);
}
absl::Status RunWatch(const Invocation& inv) {
  absl::StatusOr<std::string> service = FeedService(inv.args);
  if (!service.ok()) return service.status();
  return WatchChanges(inv, *service);
}

FlagSpec ServiceFlag() {
  return {.name = "service", .value_name = "SVC",
          .help = absl::StrCat("whose feed: ", ServiceNames(), " (also picks the default --addr)"), .required = true};
}

}  // namespace

std::vector<Command> ChangeCommands() {
  const FieldFlags field_flags = {{"parent", "--congress"}, {"after_cursor", "--after"}, {"page_size", "--page-size"}};
  return {
      {
          .group = "changes",
          .verb = "list",
          .summary = "read a service's change feed of one congress after a cursor (staff, admin, service)",
          .flags =
              {
                  ServiceFlag(),
                  CongressFlag(),
                  {.name = "after", .value_name = "CURSOR", .help = "events after this cursor (default: from the start)"},
                  {.name = "page-size", .value_name = "N", .help = "at most N events (server default when 0)"},
              },
          .field_flags = field_flags,
          .run = RunList,
      },
      {
          .group = "changes",
          .verb = "watch",
          .summary = "print a service's change events as they happen, until Ctrl-C; resumes after a lost stream",
          .flags =
              {
                  ServiceFlag(),
                  CongressFlag(),
                  {.name = "after", .value_name = "CURSOR", .help = "start after this cursor (default: from the start)"},
              },
          .field_flags = field_flags,
          .run = RunWatch,
      },
  };
}

}  // namespace rendactl
