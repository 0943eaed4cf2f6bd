// renda-voteload: one livelihood vote driven end to end through the supervision service's API,
// for bench/vote. As staff it creates a vote (13 candidates, 10 seats by default), fixes and
// opens it (the electorate is the deputies serving at that moment), then casts one ballot per
// deputy with --concurrency calls outstanding, each with the deputy's own token (claim
// deputy_id), closes the vote and checks that the published counts are exactly what it cast,
// then times VerifyTally on the closed vote and checks one receipt is counted. With --votes K it
// runs K such votes one after the other in the same load (each deputy once in each). With --echo_s it
// first measures the bare echo server with the same client, concurrency and connections, so the
// two rates compare like with like.
//
//   renda-voteload --target 127.0.0.1:50053 --echo 127.0.0.1:50060 --token_key KEY
//                  --deputies 2040 --skip_every 50 --ballots 2000 --concurrency 500
//
// Deputies are b-1 .. b-N as bench/renda-bulkload writes them (every --skip_every-th is not
// serving, so it is skipped). Deputy i marks candidate c with a chance that falls with c (a
// generator seeded by i, so a run is repeatable), at most `seats` marks. Besides the counts, the
// adopted set is checked against the default rule (more than half of the electorate, top seats). Prints one JSON line
// on stdout; exits 1 when a count differs from what was cast, a call failed or the ledger does not verify.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "renda/echo/v1/echo.grpc.pb.h"
#include "renda/supervision/v1/livelihood.grpc.pb.h"
#include "services/common/auth.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50053", "the supervision service, host:port");
ABSL_FLAG(std::string, echo, "", "the echo server, host:port; with --echo_s, measured first");
ABSL_FLAG(double, echo_s, 0, "seconds of echo measured (after one second of warmup); 0: none");
ABSL_FLAG(std::string, token_key, "dev-only-change-me", "the key the services verify tokens with");
ABSL_FLAG(std::string, congress, "hz", "congress id");
ABSL_FLAG(int, deputies, 2040, "deputies b-1 .. b-N in the representatives service");
ABSL_FLAG(int, skip_every, 50, "every k-th deputy is not serving (bench/renda-bulkload: 50); 0: none");
ABSL_FLAG(int, ballots, 0, "ballots to cast, from the first serving deputies; 0: every serving deputy");
ABSL_FLAG(int, candidates, 13, "candidates on the list");
ABSL_FLAG(int, seats, 10, "projects to adopt");
ABSL_FLAG(int, concurrency, 500, "ballots outstanding at once");
ABSL_FLAG(int, channels, 2, "connections");
ABSL_FLAG(int, votes, 1, "votes, cast one after the other (each deputy once in each); the first is verified");
ABSL_FLAG(int, verify_runs, 5, "VerifyTally calls timed");
ABSL_FLAG(std::string, title, "bench", "title of the vote (also in its request ids)");

namespace {

namespace v1 = renda::supervision::v1;
using Clock = std::chrono::steady_clock;

std::string Bearer(const renda::Claims& c, const std::string& key) {
  return absl::StrCat("Bearer ", renda::MintToken(c, key));
}

std::string StaffBearer(const std::string& congress, const std::string& key) {
  renda::Claims c;
  c.subject = "bench-staff";
  c.roles = renda::Roles{renda::Role::kStaff};
  c.congress = congress;
  c.issued_at = absl::Now();
  c.expiry = c.issued_at + absl::Hours(2);
  return Bearer(c, key);
}

std::string DeputyBearer(const std::string& congress, const std::string& deputy, const std::string& key) {
  renda::Claims c;
  c.subject = absl::StrCat("deputy:", deputy);
  c.roles = renda::Roles{renda::Role::kDeputy};
  c.congress = congress;
  c.deputy_id = deputy;
  c.issued_at = absl::Now();
  c.expiry = c.issued_at + absl::Hours(2);
  return Bearer(c, key);
}

std::vector<std::shared_ptr<grpc::Channel>> Channels(const std::string& target, int n) {
  std::vector<std::shared_ptr<grpc::Channel>> out;
  for (int i = 0; i < n; ++i) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // a connection of its own
    args.SetInt("renda.voteload.channel", i);
    out.push_back(grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args));
    out.back()->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10));
  }
  return out;
}

// Latencies and outcomes of a run of calls.
struct Stats {
  absl::Mutex mu;
  std::vector<double> latencies_ms;
  int64_t ok = 0, failed = 0;
  std::string first_error;
  void Add(double ms, const grpc::Status& s) {
    absl::MutexLock l(&mu);
    if (s.ok()) {
      ++ok;
      latencies_ms.push_back(ms);
    } else {
      if (failed++ == 0) {
        first_error = absl::StrCat(s.error_code(), ": ", s.error_message());
        std::replace(first_error.begin(), first_error.end(), '"', '\'');  // it goes into JSON
      }
    }
  }
  double Percentile(double p) {
    absl::MutexLock l(&mu);
    if (latencies_ms.empty()) return 0;
    std::sort(latencies_ms.begin(), latencies_ms.end());
    size_t i = std::min(latencies_ms.size() - 1, static_cast<size_t>(p * latencies_ms.size()));
    return latencies_ms[i];
  }
};

// Runs `lanes` chains of calls: each lane starts the next call when its last one ends, until
// `more()` answers -1. `more()` hands out tickets (the ballot's number); `start(lane, ticket,
// done)` issues one call and calls done(status, counted) at its end.
template <typename Start, typename More>
void RunLanes(int lanes, Stats& stats, Start start, More more) {
  std::atomic<int> running{lanes};
  absl::Notification all_done;
  struct Lane {
    std::function<void()> next;
  };
  std::vector<Lane> state(lanes);
  for (int l = 0; l < lanes; ++l) {
    state[l].next = [&, l] {
      const int ticket = more();
      if (ticket < 0) {
        if (--running == 0) all_done.Notify();
        return;
      }
      const auto t0 = Clock::now();
      start(l, ticket, [&, l, t0](const grpc::Status& s, bool count) {
        if (count) stats.Add(std::chrono::duration<double, std::milli>(Clock::now() - t0).count(), s);
        state[l].next();
      });
    };
  }
  for (int l = 0; l < lanes; ++l) state[l].next();
  all_done.WaitForNotification();
}

[[noreturn]] void Fail(const std::string& what, const grpc::Status& s) {
  std::fprintf(stderr, "renda-voteload: %s: %d %s\n", what.c_str(), s.error_code(), s.error_message().c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Casts a livelihood vote's ballots through the supervision service.");
  absl::ParseCommandLine(argc, argv);
  const std::string key = absl::GetFlag(FLAGS_token_key);
  const std::string congress = absl::GetFlag(FLAGS_congress);
  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  const int n_channels = std::max(1, absl::GetFlag(FLAGS_channels));
  const int n_candidates = absl::GetFlag(FLAGS_candidates);
  const int seats = absl::GetFlag(FLAGS_seats);
  const std::string title = absl::GetFlag(FLAGS_title);
  std::string json;

  // --- echo baseline, same client shape ---
  if (absl::GetFlag(FLAGS_echo_s) > 0 && !absl::GetFlag(FLAGS_echo).empty()) {
    auto channels = Channels(absl::GetFlag(FLAGS_echo), n_channels);
    std::vector<std::unique_ptr<renda::echo::v1::EchoService::Stub>> stubs;
    for (auto& c : channels) stubs.push_back(renda::echo::v1::EchoService::NewStub(c));
    Stats stats;
    const auto begin = Clock::now();
    const auto measure_from = begin + std::chrono::seconds(1);
    const auto end = measure_from + std::chrono::microseconds(static_cast<int64_t>(absl::GetFlag(FLAGS_echo_s) * 1e6));
    RunLanes(
        concurrency, stats,
        [&](int lane, int, auto done) {
          struct Call {
            grpc::ClientContext ctx;
            renda::echo::v1::EchoRequest req;
            renda::echo::v1::EchoResponse resp;
          };
          auto* call = new Call;
          call->req.set_payload(absl::StrCat("congresses/", congress, "/livelihoodVotes/x"));
          const bool count = Clock::now() >= measure_from;
          stubs[lane % stubs.size()]->async()->Echo(&call->ctx, &call->req, &call->resp,
                                                    [call, done, count](grpc::Status s) {
                                                      delete call;
                                                      done(s, count);
                                                    });
        },
        [&] { return Clock::now() < end ? 0 : -1; });
    const double seconds = std::chrono::duration<double>(Clock::now() - measure_from).count();
    absl::StrAppendFormat(&json,
                          "\"echo_calls\":%d,\"echo_calls_per_s\":%.1f,\"echo_p50_ms\":%.2f,\"echo_p99_ms\":%.2f,",
                          stats.ok, stats.ok / seconds, stats.Percentile(0.5), stats.Percentile(0.99));
  }

  auto channels = Channels(absl::GetFlag(FLAGS_target), n_channels);
  std::vector<std::unique_ptr<v1::LivelihoodService::Stub>> stubs;
  for (auto& c : channels) stubs.push_back(v1::LivelihoodService::NewStub(c));
  auto& staff = *stubs[0];
  const std::string staff_bearer = StaffBearer(congress, key);
  auto staff_ctx = [&](grpc::ClientContext& ctx) {
    ctx.AddMetadata("authorization", staff_bearer);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  };

  // --- the votes: each created with its candidates, fixed and opened ---
  const int n_votes = std::max(1, absl::GetFlag(FLAGS_votes));
  std::vector<v1::LivelihoodVote> votes(n_votes);
  std::vector<std::vector<std::string>> ids(n_votes);
  double open_ms = 0;
  for (int k = 0; k < n_votes; ++k) {
    const std::string tag = absl::StrCat("voteload-", title, "-", k);
    v1::LivelihoodVote& vote = votes[k];
    {
      grpc::ClientContext ctx;
      staff_ctx(ctx);
      v1::CreateLivelihoodVoteRequest req;
      v1::CreateLivelihoodVoteResponse resp;
      req.set_parent(absl::StrCat("congresses/", congress));
      req.set_request_id(absl::StrCat(tag, "-create"));
      req.mutable_livelihood_vote()->set_title(absl::StrCat("民生实事项目票决（", title, " ", k + 1, "）"));
      req.mutable_livelihood_vote()->set_year(2027);
      req.mutable_livelihood_vote()->set_seats(seats);
      if (auto s = staff.CreateLivelihoodVote(&ctx, req, &resp); !s.ok()) Fail("CreateLivelihoodVote", s);
      vote = resp.livelihood_vote();
    }
    for (int c = 0; c < n_candidates; ++c) {
      grpc::ClientContext ctx;
      staff_ctx(ctx);
      v1::AddLivelihoodCandidateRequest req;
      v1::AddLivelihoodCandidateResponse resp;
      req.set_vote(vote.name());
      req.set_request_id(absl::StrCat(tag, "-candidate-", c));
      req.mutable_candidate()->set_title(absl::StrCat("候选项目", c + 1));
      req.mutable_candidate()->set_source(v1::CANDIDATE_SOURCE_DEPARTMENT);
      req.mutable_candidate()->set_department("市发展改革委");
      if (auto s = staff.AddLivelihoodCandidate(&ctx, req, &resp); !s.ok()) Fail("AddLivelihoodCandidate", s);
      vote = resp.livelihood_vote();
    }
    {
      grpc::ClientContext ctx;
      staff_ctx(ctx);
      v1::FixLivelihoodCandidatesRequest req;
      v1::FixLivelihoodCandidatesResponse resp;
      req.set_name(vote.name());
      req.set_request_id(absl::StrCat(tag, "-fix"));
      if (auto s = staff.FixLivelihoodCandidates(&ctx, req, &resp); !s.ok()) Fail("FixLivelihoodCandidates", s);
    }
    const auto open_t0 = Clock::now();
    {
      grpc::ClientContext ctx;
      staff_ctx(ctx);
      v1::OpenLivelihoodVoteRequest req;
      v1::OpenLivelihoodVoteResponse resp;
      req.set_name(vote.name());
      req.set_request_id(absl::StrCat(tag, "-open"));
      if (auto s = staff.OpenLivelihoodVote(&ctx, req, &resp); !s.ok()) Fail("OpenLivelihoodVote", s);
      vote = resp.livelihood_vote();
    }
    open_ms = std::max(open_ms, std::chrono::duration<double, std::milli>(Clock::now() - open_t0).count());
    for (const auto& c : vote.candidates()) ids[k].push_back(c.id());
    if (static_cast<int>(ids[k].size()) != n_candidates) {
      std::fprintf(stderr, "renda-voteload: %s has %zu candidates, not %d\n", vote.name().c_str(), ids[k].size(),
                   n_candidates);
      return 1;
    }
  }

  // --- the ballots: voters, their marks and tokens, all made before the clock starts ---
  const int skip = absl::GetFlag(FLAGS_skip_every);
  std::vector<std::string> voters;
  for (int i = 1; i <= absl::GetFlag(FLAGS_deputies); ++i) {
    if (skip > 0 && i % skip == 0) continue;
    voters.push_back(absl::StrCat("b-", i));
  }
  if (int b = absl::GetFlag(FLAGS_ballots); b > 0 && b < static_cast<int>(voters.size())) voters.resize(b);
  const int n = static_cast<int>(voters.size());
  std::vector<std::vector<int>> marks(n);
  std::vector<std::string> bearers(n);
  for (int i = 0; i < n; ++i) {
    std::mt19937_64 rng(1000003 + i);
    std::uniform_real_distribution<double> u(0, 1);
    for (int c = 0; c < n_candidates; ++c) {
      if (u(rng) < 0.92 - 0.035 * c) marks[i].push_back(c);
    }
    if (static_cast<int>(marks[i].size()) > seats) marks[i].resize(seats);  // keeps the lower ones
    bearers[i] = DeputyBearer(congress, voters[i], key);
  }

  // Ballot t is deputy t % n in vote t / n: the votes one after the other, so at almost every
  // moment all ballots in flight go down the same vote's chain (the case of a real session).
  std::vector<std::vector<int64_t>> cast(n_votes, std::vector<int64_t>(n_candidates, 0));
  std::vector<int64_t> cast_ballots(n_votes, 0);
  std::vector<std::string> receipts(n_votes);
  absl::Mutex cast_mu;
  std::atomic<int> next{0};
  const int total = n * n_votes;
  Stats stats;
  const auto begin = Clock::now();
  RunLanes(
      concurrency, stats,
      [&](int lane, int t, auto done) {
        const int k = t / n, i = t % n;
        struct Call {
          grpc::ClientContext ctx;
          v1::CastBallotRequest req;
          v1::CastBallotResponse resp;
        };
        auto* call = new Call;
        call->ctx.AddMetadata("authorization", bearers[i]);
        call->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        call->req.set_vote(votes[k].name());
        call->req.set_request_id(absl::StrCat("voteload-", title, "-", k, "-ballot-", i));
        for (int c : marks[i]) call->req.add_candidate_ids(ids[k][c]);
        stubs[lane % stubs.size()]->async()->CastBallot(&call->ctx, &call->req, &call->resp,
                                                        [&, call, done, i, k](grpc::Status s) {
                                                          if (s.ok()) {
                                                            absl::MutexLock l(&cast_mu);
                                                            for (int c : marks[i]) ++cast[k][c];
                                                            ++cast_ballots[k];
                                                            if (receipts[k].empty()) receipts[k] = call->resp.receipt();
                                                          }
                                                          delete call;
                                                          done(s, true);
                                                        });
      },
      [&] {
        const int t = next++;
        return t < total ? t : -1;
      });
  const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();

  // --- close each vote and compare its counts and adopted set with what was cast ---
  int mismatches = 0, adopted = 0;
  std::string counts;
  for (int k = 0; k < n_votes; ++k) {
    v1::LivelihoodVote& vote = votes[k];
    {
      grpc::ClientContext ctx;
      staff_ctx(ctx);
      v1::CloseLivelihoodVoteRequest req;
      v1::CloseLivelihoodVoteResponse resp;
      req.set_name(vote.name());
      req.set_request_id(absl::StrCat("voteload-", title, "-", k, "-close"));
      if (auto s = staff.CloseLivelihoodVote(&ctx, req, &resp); !s.ok()) Fail("CloseLivelihoodVote", s);
      vote = resp.livelihood_vote();
    }
    std::vector<int64_t> published(n_candidates, -1);
    std::vector<bool> published_adopted(n_candidates, false);
    for (const auto& r : vote.results()) {
      auto it = std::find(ids[k].begin(), ids[k].end(), r.candidate_id());
      if (it == ids[k].end()) continue;
      published[it - ids[k].begin()] = r.votes();
      published_adopted[it - ids[k].begin()] = r.outcome() == v1::CANDIDATE_OUTCOME_ADOPTED;
    }
    for (int c = 0; c < n_candidates; ++c) {
      if (published[c] != cast[k][c]) {
        ++mismatches;
        std::fprintf(stderr, "renda-voteload: %s candidate %s: published %lld votes, cast %lld\n", vote.name().c_str(),
                     ids[k][c].c_str(), static_cast<long long>(published[c]), static_cast<long long>(cast[k][c]));
      }
    }
    if (vote.ballots_cast() != cast_ballots[k]) {
      ++mismatches;
      std::fprintf(stderr, "renda-voteload: %s: %lld ballots published, %lld cast\n", vote.name().c_str(),
                   static_cast<long long>(vote.ballots_cast()), static_cast<long long>(cast_ballots[k]));
    }
    // The default rule: more than half of the whole electorate, then the top `seats` by votes. A
    // tie at the cut goes to a run-off, which this check leaves alone.
    std::vector<int> order;
    for (int c = 0; c < n_candidates; ++c) {
      if (2 * cast[k][c] > vote.electorate_size()) order.push_back(c);
    }
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return cast[k][a] > cast[k][b]; });
    const bool tie = static_cast<int>(order.size()) > seats && cast[k][order[seats - 1]] == cast[k][order[seats]];
    if (static_cast<int>(order.size()) > seats) order.resize(seats);
    if (!tie) {
      for (int c = 0; c < n_candidates; ++c) {
        const bool expected = std::find(order.begin(), order.end(), c) != order.end();
        if (expected != published_adopted[c]) {
          ++mismatches;
          std::fprintf(stderr, "renda-voteload: %s candidate %s: adopted %d, expected %d\n", vote.name().c_str(),
                       ids[k][c].c_str(), static_cast<int>(published_adopted[c]), static_cast<int>(expected));
        }
      }
    }
    if (k == 0) {
      adopted = vote.projects_size();
      for (int c = 0; c < n_candidates; ++c) absl::StrAppend(&counts, c ? "," : "", cast[0][c]);
    }
  }

  // --- verify the first closed vote's ledger, timed ---
  std::vector<double> verify_ms;
  bool intact = true, receipt_counted = !receipts[0].empty();
  int64_t ledger_length = 0;
  for (int r = 0; r < std::max(1, absl::GetFlag(FLAGS_verify_runs)); ++r) {
    grpc::ClientContext ctx;
    staff_ctx(ctx);
    v1::VerifyTallyRequest req;
    v1::VerifyTallyResponse resp;
    req.set_name(votes[0].name());
    if (r == 0) req.set_receipt(receipts[0]);
    const auto t0 = Clock::now();
    if (auto s = staff.VerifyTally(&ctx, req, &resp); !s.ok()) Fail("VerifyTally", s);
    verify_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    intact = intact && resp.intact() && resp.recount_matches();
    ledger_length = resp.ledger_length();
    if (r == 0) receipt_counted = resp.receipt_status() == v1::RECEIPT_STATUS_COUNTED;
  }
  std::sort(verify_ms.begin(), verify_ms.end());
  if (ledger_length != cast_ballots[0]) intact = false;

  absl::StrAppendFormat(
      &json,
      "\"votes\":%d,\"electorate\":%lld,\"ballots\":%lld,\"ballots_per_vote\":%lld,\"calls_failed\":%lld,"
      "\"first_error\":\"%s\",\"seconds\":%.3f,\"calls_per_s\":%.1f,\"p50_ms\":%.2f,\"p95_ms\":%.2f,\"p99_ms\":%.2f,"
      "\"open_ms\":%.1f,\"adopted\":%d,\"counts\":\"%s\",\"mismatches\":%d,\"verify_ms_median\":%.1f,"
      "\"verify_ms_max\":%.1f,\"verify_runs\":%zu,\"ledger_length\":%lld,\"intact\":%s,\"receipt_counted\":%s",
      n_votes, static_cast<long long>(votes[0].electorate_size()), static_cast<long long>(stats.ok),
      static_cast<long long>(cast_ballots[0]), static_cast<long long>(stats.failed), stats.first_error, seconds,
      stats.ok / seconds, stats.Percentile(0.5), stats.Percentile(0.95), stats.Percentile(0.99), open_ms, adopted,
      counts, mismatches, verify_ms[verify_ms.size() / 2], verify_ms.back(), verify_ms.size(),
      static_cast<long long>(ledger_length), intact ? "true" : "false", receipt_counted ? "true" : "false");
  std::printf("{%s}\n", json.c_str());
  if (!stats.first_error.empty()) std::fprintf(stderr, "renda-voteload: first failure %s\n", stats.first_error.c_str());
  return (mismatches == 0 && stats.failed == 0 && intact && receipt_counted) ? 0 : 1;
}
