// renda-seed: fills a running suite with the demo data set of a congress (by default hz, the
// Hangzhou Municipal People's Congress) by playing back the request files of
// <data_dir>/requests (config/demo/requests: the registry, the deputies, the representatives
// domain, supervision and intake) through rendactl's descriptor engine (playback.h), and prints
// one tally line per kind. Idempotent: client-chosen ids (ALREADY_EXISTS), a look first for
// kinds the service names, and steps taken only in the state before them, so a second run
// makes nothing. scripts/up runs it.
//
// Every --flag falls back to the environment variable RENDA_<FLAG> (e.g. RENDA_TOKEN_KEY),
// as the services' flags do.

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/health_client.h"
#include "tools/seed/playback.h"

ABSL_FLAG(std::string, representatives_addr, "127.0.0.1:50051", "the representatives service, host:port");
ABSL_FLAG(std::string, intake_addr, "127.0.0.1:50052", "the intake service, host:port");
ABSL_FLAG(std::string, supervision_addr, "127.0.0.1:50053", "the supervision service, host:port");
ABSL_FLAG(std::string, reporting_addr, "",
          "the reporting service, host:port; when set, --wait_s waits for it too (nothing is written to it)");
ABSL_FLAG(std::string, token_key, "dev-only-change-me",
          "HS256 key the services verify tokens with; the seeder signs the tokens of its calls with it");
ABSL_FLAG(std::string, congress, "hz", "id of the congress to fill (the requests' ${congress})");
ABSL_FLAG(std::string, data_dir, "config/demo", "folder whose requests/*.txtpb are played, in file-name order");
ABSL_FLAG(int, wait_s, 0,
          "wait up to this many seconds for the services to report SERVING, and ask a call answered UNAVAILABLE "
          "again for as long (0: do not wait)");
ABSL_FLAG(int, timeout_ms, 10000, "deadline of each call");

namespace {

constexpr const char* kFlagNames[] = {"representatives_addr", "intake_addr", "supervision_addr", "reporting_addr",
                                      "token_key", "congress", "data_dir", "wait_s", "timeout_ms"};

// Environment fallbacks become the flags' defaults, so the command line still wins.
void ApplyEnvironment() {
  for (const char* name : kFlagNames) {
    std::string env = absl::StrCat("RENDA_", absl::AsciiStrToUpper(name));
    const char* value = std::getenv(env.c_str());
    if (value == nullptr) continue;
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    std::string error;
    if (flag == nullptr || !flag->ParseFrom(value, &error)) {
      std::cerr << "renda-seed: bad " << env << ": " << error << "\n";
      std::exit(2);
    }
  }
}

[[noreturn]] void Fail(std::string_view message) {
  std::cerr << "renda-seed: " << message << "\n";
  std::exit(1);
}

// Waits until every service reports SERVING, sharing one deadline.
void WaitForServices(const std::vector<std::pair<std::string, std::string>>& services, absl::Duration budget) {
  const absl::Time deadline = absl::Now() + budget;
  for (const auto& [name, address] : services) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 500);  // notice a server that comes up late
    absl::Status s = renda::WaitForServing(grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args),
                                           "", std::max(deadline - absl::Now(), absl::Seconds(1)));
    if (!s.ok()) {
      Fail(absl::StrCat(name, " at ", address, " is not SERVING after ", absl::FormatDuration(budget), ": ",
                        s.message()));
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Fills a running renda suite with demo data (idempotent). Every --flag falls back to $RENDA_<FLAG>.");
  ApplyEnvironment();
  absl::ParseCommandLine(argc, argv);

  const std::string congress = absl::GetFlag(FLAGS_congress);
  renda::seed::PlaybackOptions options;
  options.congress = congress;
  options.token_key = absl::GetFlag(FLAGS_token_key);
  options.timeout = absl::Milliseconds(absl::GetFlag(FLAGS_timeout_ms));
  options.retry_unavailable = absl::Seconds(absl::GetFlag(FLAGS_wait_s));
  options.address = {{"representatives", absl::GetFlag(FLAGS_representatives_addr)},
                     {"intake", absl::GetFlag(FLAGS_intake_addr)},
                     {"supervision", absl::GetFlag(FLAGS_supervision_addr)}};
  if (options.token_key.size() < 16) Fail("--token_key must be at least 16 characters (the services' key)");
  if (options.timeout <= absl::ZeroDuration()) Fail("--timeout_ms must be positive");

  const std::string dir = absl::StrCat(absl::GetFlag(FLAGS_data_dir), "/requests");
  absl::StatusOr<std::vector<renda::seed::Entry>> entries = renda::seed::ReadEntries(dir);
  if (!entries.ok()) Fail(absl::StrCat(entries.status().message(), " (set --data_dir to the demo data folder)"));

  if (absl::GetFlag(FLAGS_wait_s) > 0) {
    std::vector<std::pair<std::string, std::string>> services(options.address.begin(), options.address.end());
    if (!absl::GetFlag(FLAGS_reporting_addr).empty()) {
      services.emplace_back("reporting", absl::GetFlag(FLAGS_reporting_addr));
    }
    WaitForServices(services, absl::Seconds(absl::GetFlag(FLAGS_wait_s)));
  }

  absl::StatusOr<std::vector<renda::seed::Tally>> tallies = renda::seed::Play(*entries, options);
  if (!tallies.ok()) {
    std::string hint;
    if (absl::IsUnavailable(tallies.status()) || absl::IsDeadlineExceeded(tallies.status())) {
      hint = " (is the suite running? scripts/up starts it)";
    } else if (absl::IsUnauthenticated(tallies.status())) {
      hint = " (does --token_key match the services' key?)";
    }
    Fail(absl::StrCat(tallies.status().message(), hint));
  }
  std::cout << "renda-seed: congress " << congress << ", " << entries->size() << " requests of " << dir << "\n";
  for (const renda::seed::Tally& t : *tallies) {
    std::cout << absl::StrFormat("  %-16s %3d %s, %3d already there", t.what, t.created, t.verb, t.already);
    if (t.skipped > 0) std::cout << absl::StrFormat(", %d skipped (%s)", t.skipped, t.skipped_why);
    std::cout << "\n";
  }
  return 0;
}
