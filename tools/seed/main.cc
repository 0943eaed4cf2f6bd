// renda-seed: fills a running suite with the demo data set of a congress (by default hz, the
// Hangzhou Municipal People's Congress): deputies, two status changes, citizens' opinions and the
// supervision plan. Idempotent: what is already there is left alone and every write carries a
// fixed request id, so a second run changes nothing. scripts/up runs it.
//
// Every --flag falls back to the environment variable RENDA_<FLAG> (e.g. RENDA_TOKEN_KEY),
// as the services' flags do.

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "renda/intake/v1/intake.grpc.pb.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "renda/supervision/v1/supervision.grpc.pb.h"
#include "services/common/auth.h"
#include "services/common/grpc_status.h"
#include "services/common/health_client.h"
#include "tools/seed/demo_data.h"

ABSL_FLAG(std::string, representatives_addr, "127.0.0.1:50051", "the representatives service, host:port");
ABSL_FLAG(std::string, intake_addr, "127.0.0.1:50052", "the intake service, host:port");
ABSL_FLAG(std::string, supervision_addr, "127.0.0.1:50053", "the supervision service, host:port");
ABSL_FLAG(std::string, reporting_addr, "",
          "the reporting service, host:port; when set, --wait_s waits for it too (nothing is written to it)");
ABSL_FLAG(std::string, token_key, "dev-only-change-me",
          "HS256 key the services verify tokens with; the seeder signs its own staff token with it");
ABSL_FLAG(std::string, congress, "hz", "id of the congress to fill");
ABSL_FLAG(std::string, data_dir, "config/demo", "folder with names.json, hangzhou.json and sample-opinions.tsv");
ABSL_FLAG(int, deputy_count, 50, "how many deputies the demo congress has (3 to 9999)");
ABSL_FLAG(int, plan_year, 2026, "year of the supervision plan");
ABSL_FLAG(int, wait_s, 0, "wait up to this many seconds for the services to report SERVING (0: do not wait)");
ABSL_FLAG(int, timeout_ms, 10000, "deadline of each call");

namespace {

namespace rep = renda::representatives::v1;
namespace in = renda::intake::v1;
namespace sup = renda::supervision::v1;

constexpr const char* kFlagNames[] = {"representatives_addr", "intake_addr", "supervision_addr", "reporting_addr",
                                      "token_key", "congress", "data_dir", "deputy_count",
                                      "plan_year", "wait_s", "timeout_ms"};

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

[[noreturn]] void Fail(const std::string& message) {
  std::cerr << "renda-seed: " << message << "\n";
  std::exit(1);
}

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address) {
  grpc::ChannelArguments args;
  // Notice a server that comes up late without waiting out a long reconnect backoff.
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 500);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

// How many writes a kind of resource needed.
struct Tally {
  int created = 0;
  int already = 0;
};

class Seeder {
 public:
  Seeder(std::string congress, std::string token, absl::Duration timeout)
      : congress_(std::move(congress)), parent_(absl::StrCat("congresses/", congress_)),
        token_(std::move(token)), timeout_(timeout) {}

  void Connect(const std::string& representatives, const std::string& intake, const std::string& supervision) {
    rep_addr_ = representatives;
    intake_addr_ = intake;
    sup_addr_ = supervision;
    rep_ = rep::RepresentativesService::NewStub(MakeChannel(representatives));
    intake_ = in::IntakeService::NewStub(MakeChannel(intake));
    sup_ = sup::SupervisionService::NewStub(MakeChannel(supervision));
  }

  Tally Deputies(const std::vector<renda::seed::SeedDeputy>& deputies) {
    LoadDeputies();
    Tally t;
    for (const auto& d : deputies) {
      if (existing_.contains(d.id)) {
        ++t.already;
        continue;
      }
      rep::CreateDeputyRequest req;
      req.set_parent(parent_);
      *req.mutable_deputy() = d.deputy;
      req.set_deputy_id(d.id);
      req.set_request_id(d.request_id);
      rep::CreateDeputyResponse resp;
      auto ctx = Context(true);
      grpc::Status s = rep_->CreateDeputy(ctx.get(), req, &resp);
      if (s.error_code() == grpc::StatusCode::ALREADY_EXISTS) {  // someone else was quicker
        ++t.already;
        continue;
      }
      Check(s, absl::StrCat("CreateDeputy ", d.id), rep_addr_);
      existing_[d.id] = resp.deputy();
      ++t.created;
    }
    return t;
  }

  Tally StatusChanges(const std::vector<renda::seed::SeedStatusChange>& changes) {
    Tally t;
    for (const auto& c : changes) {
      auto it = existing_.find(c.deputy_id);
      if (it == existing_.end()) Fail(absl::StrCat("deputy ", c.deputy_id, " is missing; cannot change its status"));
      const rep::Deputy& current = it->second;
      bool done = current.status() == c.status;
      for (const auto& h : current.status_history()) done = done || (h.status() == c.status && h.reason() == c.reason);
      if (done) {
        ++t.already;
        continue;
      }
      rep::ChangeDeputyStatusRequest req;
      req.set_name(current.name());
      req.set_etag(current.etag());
      req.set_status(c.status);
      req.set_reason(c.reason);
      *req.mutable_effective_date() = c.effective_date;
      req.set_request_id(c.request_id);
      rep::ChangeDeputyStatusResponse resp;
      auto ctx = Context(true);
      Check(rep_->ChangeDeputyStatus(ctx.get(), req, &resp), absl::StrCat("ChangeDeputyStatus ", c.deputy_id),
            rep_addr_);
      it->second = resp.deputy();
      ++t.created;
    }
    return t;
  }

  Tally Opinions(const std::vector<renda::seed::SeedOpinion>& opinions) {
    // An opinion's id is made by the server, so one already there is recognized by its text.
    absl::flat_hash_set<std::string> seen;
    ForEachPage<in::ListOpinionsRequest, in::ListOpinionsResponse>(
        "ListOpinions", intake_addr_,
        [this](auto* ctx, const auto& req, auto* resp) { return intake_->ListOpinions(ctx, req, resp); },
        [&seen](const in::ListOpinionsResponse& resp) {
          for (const auto& o : resp.opinions()) seen.insert(o.content());
        });

    Tally t;
    for (const auto& o : opinions) {
      if (seen.contains(o.opinion.content())) {
        ++t.already;
        continue;
      }
      in::SubmitOpinionRequest req;
      req.set_parent(parent_);
      *req.mutable_opinion() = o.opinion;
      req.set_request_id(o.request_id);
      in::SubmitOpinionResponse resp;
      auto ctx = Context(false);  // citizens submit anonymously
      Check(intake_->SubmitOpinion(ctx.get(), req, &resp), absl::StrCat("SubmitOpinion ", o.request_id),
            intake_addr_);
      seen.insert(o.opinion.content());
      ++t.created;
    }
    return t;
  }

  Tally Items(const std::vector<renda::seed::SeedItem>& items) {
    // Ids are made by the server too: an item already there is recognized by year and title.
    absl::flat_hash_set<std::string> seen;
    ForEachPage<sup::ListSupervisionItemsRequest, sup::ListSupervisionItemsResponse>(
        "ListSupervisionItems", sup_addr_,
        [this](auto* ctx, const auto& req, auto* resp) { return sup_->ListSupervisionItems(ctx, req, resp); },
        [&seen](const sup::ListSupervisionItemsResponse& resp) {
          for (const auto& i : resp.supervision_items()) seen.insert(absl::StrCat(i.year(), "|", i.title()));
        });

    Tally t;
    for (const auto& i : items) {
      const std::string key = absl::StrCat(i.item.year(), "|", i.item.title());
      if (seen.contains(key)) {
        ++t.already;
        continue;
      }
      sup::CreateSupervisionItemRequest req;
      req.set_parent(parent_);
      *req.mutable_supervision_item() = i.item;
      req.set_request_id(i.request_id);
      sup::CreateSupervisionItemResponse resp;
      auto ctx = Context(true);
      Check(sup_->CreateSupervisionItem(ctx.get(), req, &resp), absl::StrCat("CreateSupervisionItem ", i.request_id),
            sup_addr_);
      seen.insert(key);
      ++t.created;
    }
    return t;
  }

 private:
  std::unique_ptr<grpc::ClientContext> Context(bool with_token) const {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
    if (with_token) ctx->AddMetadata("authorization", absl::StrCat("Bearer ", token_));
    return ctx;
  }

  // Exits with one line naming the call, the address and the error.
  static void Check(const grpc::Status& s, const std::string& what, const std::string& address) {
    if (s.ok()) return;
    absl::Status status = renda::FromGrpcStatus(s);
    std::string hint;
    if (status.code() == absl::StatusCode::kUnavailable || status.code() == absl::StatusCode::kDeadlineExceeded) {
      hint = " (is the suite running? scripts/up starts it)";
    } else if (status.code() == absl::StatusCode::kUnauthenticated) {
      hint = " (does --token_key match the services' key?)";
    }
    Fail(absl::StrCat(what, " at ", address, ": ", absl::StatusCodeToString(status.code()), ": ", status.message(),
                      hint));
  }

  // Reads every page of a list: `call` sends one request, `on_page` takes each response.
  template <class Request, class Response, class Call, class OnPage>
  void ForEachPage(const char* what, const std::string& address, Call call, OnPage on_page) {
    std::string page_token;
    do {
      Request req;
      req.set_parent(parent_);
      req.set_page_size(500);
      req.set_page_token(page_token);
      Response resp;
      auto ctx = Context(true);
      Check(call(ctx.get(), req, &resp), what, address);
      on_page(resp);
      page_token = resp.next_page_token();
    } while (!page_token.empty());
  }

  void LoadDeputies() {
    ForEachPage<rep::ListDeputiesRequest, rep::ListDeputiesResponse>(
        "ListDeputies", rep_addr_,
        [this](auto* ctx, const auto& req, auto* resp) { return rep_->ListDeputies(ctx, req, resp); },
        [this](const rep::ListDeputiesResponse& resp) {
          for (const auto& d : resp.deputies()) existing_[d.name().substr(d.name().rfind('/') + 1)] = d;
        });
  }

  std::string congress_;
  std::string parent_;
  std::string token_;
  absl::Duration timeout_;
  std::string rep_addr_, intake_addr_, sup_addr_;
  std::unique_ptr<rep::RepresentativesService::Stub> rep_;
  std::unique_ptr<in::IntakeService::Stub> intake_;
  std::unique_ptr<sup::SupervisionService::Stub> sup_;
  absl::flat_hash_map<std::string, rep::Deputy> existing_;  // deputy id → deputy
};

// Waits until every service reports SERVING, sharing one deadline.
void WaitForServices(const std::vector<std::pair<std::string, std::string>>& services, absl::Duration budget) {
  const absl::Time deadline = absl::Now() + budget;
  for (const auto& [name, address] : services) {
    absl::Status s = renda::WaitForServing(MakeChannel(address), "", std::max(deadline - absl::Now(), absl::Seconds(1)));
    if (!s.ok()) {
      Fail(absl::StrCat(name, " at ", address, " is not SERVING after ", absl::FormatDuration(budget), ": ",
                        s.message()));
    }
  }
}

void PrintTally(const char* what, const Tally& t, const char* verb) {
  std::cout << absl::StrFormat("  %-16s %3d %s, %3d already there\n", what, t.created, verb, t.already);
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Fills a running renda suite with demo data (idempotent). Every --flag falls back to $RENDA_<FLAG>.");
  ApplyEnvironment();
  absl::ParseCommandLine(argc, argv);

  const std::string congress = absl::GetFlag(FLAGS_congress);
  const std::string key = absl::GetFlag(FLAGS_token_key);
  if (key.size() < 16) Fail("--token_key must be at least 16 characters (the services' key)");
  if (absl::GetFlag(FLAGS_timeout_ms) <= 0) Fail("--timeout_ms must be positive");

  auto source = renda::seed::LoadSourceData(absl::GetFlag(FLAGS_data_dir));
  if (!source.ok()) Fail(absl::StrCat(source.status().message(), " (set --data_dir to the demo data folder)"));
  auto data = renda::seed::BuildDataSet(*source, absl::GetFlag(FLAGS_deputy_count), absl::GetFlag(FLAGS_plan_year));
  if (!data.ok()) Fail(std::string(data.status().message()));

  if (absl::GetFlag(FLAGS_wait_s) > 0) {
    std::vector<std::pair<std::string, std::string>> services = {
        {"representatives", absl::GetFlag(FLAGS_representatives_addr)},
        {"intake", absl::GetFlag(FLAGS_intake_addr)},
        {"supervision", absl::GetFlag(FLAGS_supervision_addr)},
    };
    if (!absl::GetFlag(FLAGS_reporting_addr).empty()) {
      services.emplace_back("reporting", absl::GetFlag(FLAGS_reporting_addr));
    }
    WaitForServices(services, absl::Seconds(absl::GetFlag(FLAGS_wait_s)));
  }

  renda::Claims claims;
  claims.subject = "renda-seed";
  claims.roles = renda::Roles{renda::Role::kStaff};
  claims.congress = congress;
  claims.issued_at = absl::Now();
  claims.expiry = claims.issued_at + absl::Hours(1);

  Seeder seeder(congress, renda::MintToken(claims, key), absl::Milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
  seeder.Connect(absl::GetFlag(FLAGS_representatives_addr), absl::GetFlag(FLAGS_intake_addr),
                 absl::GetFlag(FLAGS_supervision_addr));
  const Tally deputies = seeder.Deputies(data->deputies);
  const Tally changes = seeder.StatusChanges(data->status_changes);
  const Tally opinions = seeder.Opinions(data->opinions);
  const Tally items = seeder.Items(data->items);

  std::cout << "renda-seed: congress " << congress << " (" << source->congress_name << ", term " << source->term
            << ")\n";
  PrintTally("deputies", deputies, "created");
  PrintTally("status changes", changes, "made");
  PrintTally("opinions", opinions, "submitted");
  PrintTally("supervision", items, "created");
  return 0;
}
