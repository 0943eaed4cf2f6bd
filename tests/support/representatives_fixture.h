#pragma once
// What the representatives integration tests share: a fixture that starts a real Redis and the
// representatives services on port 0 (on a fake clock unless told otherwise), with a deputies
// stub, tokens minted at the clock's time and the length of the change feed (read through
// ListChanges); dates, deputy
// names, and a table of calls that must be refused.

#include <gtest/gtest.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "renda/feed/v1/feed.grpc.pb.h"
#include "renda/representatives/v1/duty.grpc.pb.h"
#include "renda/representatives/v1/duty_record.pb.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "services/common/auth.h"
#include "services/common/clock.h"
#include "services/common/feed_service.h"
#include "services/common/server.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/representatives_store.h"
#include "services/representatives/services.h"
#include "tests/support/redis_server.h"
#include "tests/support/suite.h"

namespace renda::testing {

// The resource name of deputy `id` in congress hz.
inline std::string DeputyName(const std::string& id) { return "congresses/hz/deputies/" + id; }

// A call that must be refused with `want` (and an error message).
struct RefusedCall {
  std::string what;
  std::function<grpc::Status()> call;
  grpc::StatusCode want;
};

template <class Calls>
void ExpectRefused(const Calls& calls) {
  for (const RefusedCall& c : calls) {
    grpc::Status s = c.call();
    EXPECT_EQ(s.error_code(), c.want) << c.what << ": " << s.error_message();
    EXPECT_FALSE(s.error_message().empty()) << c.what;
  }
}

class RepresentativesFixture : public ::testing::Test {
 protected:
  // 2024-06-01 10:00 China Standard Time.
  static absl::Time DefaultStart() {
    return absl::FromCivil(absl::CivilSecond(2024, 6, 1, 10, 0, 0), absl::FixedTimeZone(8 * 3600));
  }

  explicit RepresentativesFixture(absl::Time start = DefaultStart()) : clock_(start) {}

  // Starts `factory`'s services against `clock` (the fixture's fake clock unless given), waits
  // until they serve, and makes the deputies stub; channel_ reaches them.
  void StartServices(ServiceFactory factory = &representatives::MakeRepresentativesServices,
                     const Clock* clock = nullptr) {
    ServerOptions options;
    options.registry_factory = &representatives::MakeLocalRegistry;
    // A test serving some of the services still serves the binary's change feed.
    ServiceFactory with_feed = [factory](const Runtime& rt) {
      auto services = factory(rt);
      const bool has_feed = std::any_of(services.begin(), services.end(), [](const auto& s) {
        return dynamic_cast<ChangeFeedService*>(s.get()) != nullptr;
      });
      if (!has_feed) {
        services.push_back(std::make_unique<ChangeFeedService>(
            rt, "rep", "representatives-feed", RedactEventsWith(&representatives::RedactForCaller)));
      }
      return services;
    };
    host_clock_ = clock == nullptr ? &clock_ : clock;
    host_ = StartHost(redis_.address(), with_feed, host_clock_, options);
    ASSERT_TRUE(WaitServing(*host_));
    channel_ = ChannelTo(*host_);
    deputies_ = representatives::v1::RepresentativesService::NewStub(channel_);
    feed_ = renda::feed::v1::ChangeFeedService::NewStub(channel_);
  }

  // A token minted at the fake clock's time (the server checks expiry against it).
  std::string Token(Role role, const std::string& subject = "tester", const std::string& deputy_id = "",
                    const std::string& congress = "hz") {
    Claims c;
    c.subject = subject;
    c.roles = Roles{role};
    c.congress = congress;
    c.deputy_id = deputy_id;
    if (role == Role::kHandlingUnit) c.unit_id = "hz-jtj";  // a handling unit's token names its unit
    c.issued_at = clock_.Now();
    c.expiry = clock_.Now() + absl::Hours(1);
    return MintToken(c, kTestTokenKey);
  }

  // A service's token minted at the clock of the host it is for (the fixture's fake clock
  // unless a test started its services on another): what reads the change feed.
  static std::string ServiceTokenAt(const Clock& clock, const std::string& subject = "feed-reader") {
    Claims c;
    c.subject = subject;
    c.roles = Roles{Role::kService};
    c.congress = "hz";
    c.issued_at = clock.Now();
    c.expiry = clock.Now() + absl::Hours(1);
    return MintToken(c, kTestTokenKey);
  }

  // The number of events in the representatives' change feed of hz, as its readers see it
  // (ListChanges): every write shows up there, so an unchanged length means nothing was written.
  int64_t FeedLength() { return static_cast<int64_t>(AllChanges(*feed_, ServiceTokenAt(*host_clock_)).size()); }

  // The duty records in the change feed, as a consumer of the feed sees them.
  std::vector<representatives::v1::DutyRecord> DutyRecordsInFeed(const std::string& token) {
    renda::feed::v1::ListChangesRequest req;
    req.set_parent("congresses/hz");
    req.set_page_size(1000);
    renda::feed::v1::ListChangesResponse resp;
    EXPECT_TRUE(feed_->ListChanges(ContextWith(token).get(), req, &resp).ok());
    std::vector<representatives::v1::DutyRecord> out;
    for (const auto& e : resp.events()) {
      if (!absl::StrContains(e.resource_name(), "/dutyRecords/")) continue;
      representatives::v1::DutyRecord r;
      EXPECT_TRUE(e.resource().UnpackTo(&r));
      out.push_back(r);
    }
    return out;
  }

  // Deputy `deputy`'s duty records dated in `year`, as staff (token `staff`) list them.
  std::vector<representatives::v1::DutyRecord> DutyRecordsOf(const std::string& staff, const std::string& deputy,
                                                              int year) {
    auto duty = representatives::v1::DutyRecordService::NewStub(channel_);
    representatives::v1::ListDutyRecordsRequest req;
    req.set_parent("congresses/hz");
    req.set_deputy(DeputyName(deputy));
    req.set_year(year);
    req.set_page_size(500);
    representatives::v1::ListDutyRecordsResponse resp;
    auto s = duty->ListDutyRecords(ContextWith(staff).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {resp.duty_records().begin(), resp.duty_records().end()};
  }

  // Declared in this order so the host stops before the clock and Redis go.
  RedisServer redis_;
  FakeClock clock_;
  const Clock* host_clock_ = &clock_;  // the clock host_ runs on
  std::unique_ptr<ServiceHost> host_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<representatives::v1::RepresentativesService::Stub> deputies_;
  std::unique_ptr<renda::feed::v1::ChangeFeedService::Stub> feed_;
};

}  // namespace renda::testing
