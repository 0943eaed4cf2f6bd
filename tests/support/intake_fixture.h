#pragma once
// What the intake integration tests share, on top of the representatives fixture (a real Redis,
// a fake clock, tokens minted at its time, the table of refused calls): the intake services
// (intake::MakeIntakeServices) on their own host on port 0, tokens of handling units, the length
// and last cursor of intake's change feed, a refused-call table that also asserts nothing was written, and
// one-line calls for those tables.

#include <gtest/gtest.h>
#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "services/common/auth.h"
#include "services/intake/intake_service.h"
#include "services/intake/services.h"
#include "tests/support/representatives_fixture.h"
#include "tests/support/suite.h"

namespace renda::testing {

// A call of the RPC `rpc` on `stub` with `req` as the holder of `token` (anonymous when empty);
// the response is dropped: for tables of refused calls.
template <class Stub, class Req, class Resp>
std::function<grpc::Status()> CallAs(const std::string& token, Stub* stub,
                                     grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Req&, Resp*), Req req) {
  return [=] {
    Resp resp;
    return (stub->*rpc)(ContextWith(token).get(), req, &resp);
  };
}

// A request of type `Req` naming the resource `name`.
template <class Req>
Req Named(const std::string& name) {
  Req req;
  req.set_name(name);
  return req;
}

// `req` after `change`.
template <class Req, class Change>
Req Changed(Req req, const Change& change) {
  change(req);
  return req;
}

class IntakeFixture : public RepresentativesFixture {
 protected:
  explicit IntakeFixture(absl::Time start = DefaultStart()) : RepresentativesFixture(start) {}

  // Intake's options in tests: three anonymous calls a minute per bucket, no background sweep.
  static intake::IntakeOptions TestOptions() {
    intake::IntakeOptions options;
    options.anonymous = {3, absl::Minutes(1)};
    return options;
  }

  // Starts every intake service on intake_host_ (on the fixture's clock) and waits until they
  // serve; intake_channel_ reaches them.
  void StartIntake(const intake::IntakeOptions& options = TestOptions()) {
    intake_host_ = StartHost(
        redis_.address(),
        [this, options](const Runtime& rt) {
          auto services = intake::MakeIntakeServices(rt, options);
          for (const auto& s : services) {
            if (auto* opinions = dynamic_cast<intake::IntakeService*>(s.get())) opinions_service_ = opinions;
          }
          return services;
        },
        &clock_);
    ASSERT_TRUE(WaitServing(*intake_host_));
    intake_channel_ = ChannelTo(*intake_host_);
    intake_feed_ = renda::feed::v1::ChangeFeedService::NewStub(intake_channel_);
  }

  // A handling unit's token (claim unit_id), minted at the fake clock's time.
  std::string UnitToken(const std::string& unit, const std::string& subject = "") {
    Claims c;
    c.subject = subject.empty() ? "unit-user-" + unit : subject;
    c.roles = Roles{Role::kHandlingUnit};
    c.congress = "hz";
    c.unit_id = unit;
    c.issued_at = clock_.Now();
    c.expiry = clock_.Now() + absl::Hours(1);
    return MintToken(c, kTestTokenKey);
  }

  // The number of events in intake's change feed of hz, as its readers see it (ListChanges);
  // hides the representatives' feed of the base fixture.
  int64_t FeedLength() { return static_cast<int64_t>(AllChanges(*intake_feed_, ServiceTokenAt(clock_)).size()); }
  // The cursor of the last event in intake's change feed of hz, for a follower's drain hook.
  std::string LastIntakeCursor() { return LastChangeCursor(*intake_feed_, ServiceTokenAt(clock_)); }

  // Each call is refused with its code and a message (naming `mentions`, where the row has one),
  // and none of them writes anything to intake's change feed.
  template <class Calls>
  void ExpectRefusedWritingNothing(const Calls& calls) {
    const int64_t before = FeedLength();
    for (const auto& c : calls) {
      grpc::Status s = c.call();
      EXPECT_EQ(s.error_code(), c.want) << c.what << ": " << s.error_message();
      EXPECT_FALSE(s.error_message().empty()) << c.what;
      if constexpr (requires { c.mentions; }) {
        EXPECT_TRUE(absl::StrContains(s.error_message(), c.mentions)) << c.what << ": " << s.error_message();
      }
    }
    EXPECT_EQ(FeedLength(), before) << "a refused call writes nothing";
  }

  // Declared after the base's members, so this host stops before the clock and Redis go.
  std::unique_ptr<ServiceHost> intake_host_;
  // The opinions' service on intake_host_: its background work's drain hooks (indexing(),
  // sweeping(): WaitRounds).
  const intake::IntakeService* opinions_service_ = nullptr;
  std::shared_ptr<grpc::Channel> intake_channel_;
  std::unique_ptr<renda::feed::v1::ChangeFeedService::Stub> intake_feed_;
};

}  // namespace renda::testing
