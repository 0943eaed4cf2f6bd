// Citizens' applications to observe meetings end to end against a real Redis: first come,
// first served within the seats (also under concurrent approvals), out-of-order approvals,
// cancellations that free a seat, lookups by tracking code, who sees personal data, the
// deadline, the anonymous rate limit, and refused calls that write nothing.
#include <gtest/gtest.h>

#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "services/common/grpc_status.h"
#include "services/common/rate_limit.h"
#include "services/intake/observation_service.h"
#include "services/common/time_util.h"
#include "tests/support/intake_fixture.h"
#include "tests/support/storage.h"

namespace renda {
namespace {

using namespace intake::v1;  // NOLINT: test brevity
using testing::CallAs;
using testing::ContextWith;
using testing::Named;
using testing::RefusedCall;
using Stub = ObservationService::Stub;

// The intake services on a fake clock that starts 2024-06-01 10:00 China Standard Time.
class ObservationTest : public testing::IntakeFixture {
 protected:
  void SetUp() override {
    StartIntake();
    stub_ = ObservationService::NewStub(intake_channel_);
  }

  // Minted at each use: tokens live an hour of the fake clock.
  std::string Staff() { return Token(Role::kStaff); }

  // A meeting in ten days, applications taken for a week.
  ObservationMeeting CreateMeeting(const std::string& id, int seats) {
    CreateObservationMeetingRequest req;
    req.set_parent("congresses/hz");
    req.set_meeting_id(id);
    ObservationMeeting* m = req.mutable_meeting();
    m->set_title("市人大常委会第二十次会议");
    m->set_place("市民中心人大会议室");
    m->set_seats(seats);
    *m->mutable_meeting_time() = ToProtoTime(clock_.Now() + absl::Hours(24 * 10));
    *m->mutable_application_deadline() = ToProtoTime(clock_.Now() + absl::Hours(24 * 7));
    CreateObservationMeetingResponse resp;
    grpc::Status s = stub_->CreateObservationMeeting(ContextWith(Staff()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.meeting();
  }

  static std::string IdNumber(int i) { return absl::StrFormat("33010619900101%04d", i); }

  SubmitObservationApplicationRequest ApplicationRequest(const std::string& meeting, int i) {
    SubmitObservationApplicationRequest req;
    req.set_meeting(meeting);
    ObservationApplication* a = req.mutable_application();
    a->set_applicant_name("市民" + std::to_string(i));
    a->set_id_number(IdNumber(i));
    a->set_phone(absl::StrFormat("1390000%04d", i));
    a->set_reason("想了解地方立法过程");
    return req;
  }

  ObservationApplication Apply(const std::string& meeting, int i, const std::string& token = "") {
    SubmitObservationApplicationResponse resp;
    grpc::Status s = stub_->SubmitObservationApplication(
        ContextWith(token.empty() ? Token(Role::kCitizen, "citizen-" + std::to_string(i)) : token).get(),
        ApplicationRequest(meeting, i), &resp);
    EXPECT_TRUE(s.ok()) << i << ": " << s.error_message();
    return resp.application();
  }

  grpc::Status ApproveInOrder(const std::string& meeting, ObservationApproval* out = nullptr) {
    ApproveObservationApplicationsInOrderRequest req;
    req.set_meeting(meeting);
    ApproveObservationApplicationsInOrderResponse resp;
    grpc::Status s = stub_->ApproveObservationApplicationsInOrder(ContextWith(Staff()).get(), req, &resp);
    if (out != nullptr) *out = resp.approval();
    return s;
  }

  std::vector<ObservationApplication> List(const std::string& meeting, ObservationApplicationState state,
                                           const std::string& token = "") {
    std::vector<ObservationApplication> out;
    ListObservationApplicationsRequest req;
    req.set_meeting(meeting);
    req.set_state(state);
    req.set_page_size(2);
    for (int page = 0; page < 100; ++page) {
      ListObservationApplicationsResponse resp;
      grpc::Status s = stub_->ListObservationApplications(ContextWith(token.empty() ? Staff() : token).get(), req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      for (const auto& a : resp.applications()) out.push_back(a);
      if (resp.next_page_token().empty()) break;
      req.set_page_token(resp.next_page_token());
    }
    return out;
  }

  ObservationMeeting GetMeeting(const std::string& name) {
    GetObservationMeetingRequest req;
    req.set_name(name);
    GetObservationMeetingResponse resp;
    EXPECT_TRUE(stub_->GetObservationMeeting(ContextWith(Staff()).get(), req, &resp).ok());
    return resp.meeting();
  }

  grpc::Status Lookup(const std::string& code, ObservationApplication* out, const std::string& token = "") {
    LookupObservationApplicationRequest req;
    req.set_parent("congresses/hz");
    req.set_tracking_code(code);
    LookupObservationApplicationResponse resp;
    grpc::Status s = stub_->LookupObservationApplication(ContextWith(token).get(), req, &resp);
    *out = resp.application();
    return s;
  }

  grpc::Status Cancel(const std::string& code, const std::string& token = "") {
    CancelObservationApplicationRequest req;
    req.set_parent("congresses/hz");
    req.set_tracking_code(code);
    CancelObservationApplicationResponse resp;
    return stub_->CancelObservationApplication(ContextWith(token).get(), req, &resp);
  }

  static std::vector<std::string> Names(const std::vector<ObservationApplication>& apps) {
    std::vector<std::string> out;
    for (const auto& a : apps) out.push_back(a.name());
    return out;
  }

  std::unique_ptr<ObservationService::Stub> stub_;
};

TEST_F(ObservationTest, ApproveInOrderSeatsTheFirstFiveByArrivalAndCancellingFreesASeat) {
  const ObservationMeeting meeting = CreateMeeting("sc-20", 5);
  std::vector<ObservationApplication> apps;
  for (int i = 1; i <= 8; ++i) apps.push_back(Apply(meeting.name(), i));
  EXPECT_EQ(apps[0].name(), "congresses/hz/observationMeetings/sc-20/applications/000001");
  EXPECT_EQ(apps[7].name(), "congresses/hz/observationMeetings/sc-20/applications/000008");
  EXPECT_EQ(GetMeeting(meeting.name()).applications_received(), 8);

  ObservationApproval approval;
  ASSERT_TRUE(ApproveInOrder(meeting.name(), &approval).ok());
  EXPECT_EQ(std::vector<std::string>(approval.approved().begin(), approval.approved().end()),
            Names({apps.begin(), apps.begin() + 5}));
  EXPECT_EQ(approval.seats_left(), 0);
  EXPECT_EQ(Names(List(meeting.name(), OBSERVATION_APPLICATION_STATE_APPROVED)), Names({apps.begin(), apps.begin() + 5}));
  EXPECT_EQ(Names(List(meeting.name(), OBSERVATION_APPLICATION_STATE_PENDING)), Names({apps.begin() + 5, apps.end()}));
  EXPECT_EQ(GetMeeting(meeting.name()).approved_count(), 5);

  // No seat beyond five, whether in order or one by one.
  grpc::Status full = ApproveInOrder(meeting.name());
  EXPECT_EQ(full.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << full.error_message();
  ApproveObservationApplicationRequest one;
  one.set_name(apps[5].name());
  ApproveObservationApplicationResponse approved;
  EXPECT_EQ(stub_->ApproveObservationApplication(ContextWith(Staff()).get(), one, &approved).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // The applicant follows their application with the code.
  ObservationApplication seen;
  ASSERT_TRUE(Lookup(apps[1].tracking_code(), &seen).ok());
  EXPECT_EQ(seen.state(), OBSERVATION_APPLICATION_STATE_APPROVED);
  EXPECT_EQ(seen.meeting_title(), "市人大常委会第二十次会议");
  EXPECT_EQ(seen.id_number(), "") << "a lookup by code shows no personal data";

  // Applicant 2 cancels: the seat goes to the next in line (applicant 6).
  ASSERT_TRUE(Cancel(apps[1].tracking_code()).ok());
  EXPECT_EQ(GetMeeting(meeting.name()).approved_count(), 4);
  ASSERT_TRUE(Lookup(apps[1].tracking_code(), &seen).ok());
  EXPECT_EQ(seen.state(), OBSERVATION_APPLICATION_STATE_CANCELLED);
  // (Signed in: three anonymous code calls are this test's whole anonymous allowance.)
  EXPECT_EQ(Cancel(apps[1].tracking_code(), Token(Role::kCitizen)).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(ApproveInOrder(meeting.name(), &approval).ok());
  ASSERT_EQ(approval.approved_size(), 1);
  EXPECT_EQ(approval.approved(0), apps[5].name());
  EXPECT_EQ(GetMeeting(meeting.name()).approved_count(), 5);
}

TEST_F(ObservationTest, ApprovingOutOfOrderIsRefusedUnlessEarlierOnesWereDeclined) {
  const ObservationMeeting meeting = CreateMeeting("sc-21", 2);
  const ObservationApplication a1 = Apply(meeting.name(), 1), a2 = Apply(meeting.name(), 2);
  Apply(meeting.name(), 3);

  ApproveObservationApplicationRequest req;
  req.set_name(a2.name());
  ApproveObservationApplicationResponse resp;
  grpc::Status s = stub_->ApproveObservationApplication(ContextWith(Staff()).get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), a1.name())) << s.error_message();

  DeclineObservationApplicationRequest decline;
  decline.set_name(a1.name());
  decline.set_reason("身份信息无法核实");
  DeclineObservationApplicationResponse declined;
  ASSERT_TRUE(stub_->DeclineObservationApplication(ContextWith(Staff()).get(), decline, &declined).ok());
  EXPECT_EQ(declined.application().state(), OBSERVATION_APPLICATION_STATE_DECLINED);

  s = stub_->ApproveObservationApplication(ContextWith(Staff()).get(), req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.application().state(), OBSERVATION_APPLICATION_STATE_APPROVED);

  ObservationApplication seen;
  ASSERT_TRUE(Lookup(a1.tracking_code(), &seen).ok());
  EXPECT_EQ(seen.state(), OBSERVATION_APPLICATION_STATE_DECLINED);
  EXPECT_EQ(seen.decline_reason(), "身份信息无法核实");
  req.set_name(a1.name());
  EXPECT_EQ(stub_->ApproveObservationApplication(ContextWith(Staff()).get(), req, &resp).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(ObservationTest, ConcurrentApprovalsNeverExceedTheSeats) {
  const ObservationMeeting meeting = CreateMeeting("sc-22", 5);
  std::vector<ObservationApplication> apps;
  for (int i = 1; i <= 12; ++i) apps.push_back(Apply(meeting.name(), i));

  constexpr int kStaff = 8;
  std::vector<grpc::Status> statuses(kStaff);
  std::vector<ObservationApproval> approvals(kStaff);
  std::vector<std::thread> threads;
  for (int i = 0; i < kStaff; ++i) {
    threads.emplace_back([&, i] { statuses[i] = ApproveInOrder(meeting.name(), &approvals[i]); });
  }
  for (auto& t : threads) t.join();
  std::vector<std::string> approved;
  for (int i = 0; i < kStaff; ++i) {
    if (statuses[i].ok()) {
      for (const auto& n : approvals[i].approved()) approved.push_back(n);
    } else {
      EXPECT_EQ(statuses[i].error_code(), grpc::StatusCode::FAILED_PRECONDITION) << statuses[i].error_message();
    }
  }
  std::sort(approved.begin(), approved.end());
  EXPECT_EQ(approved, Names({apps.begin(), apps.begin() + 5})) << "each of the first five approved exactly once";
  EXPECT_EQ(GetMeeting(meeting.name()).approved_count(), 5);
  EXPECT_EQ(List(meeting.name(), OBSERVATION_APPLICATION_STATE_APPROVED).size(), 5u);
  EXPECT_EQ(List(meeting.name(), OBSERVATION_APPLICATION_STATE_PENDING).size(), 7u);
}

TEST_F(ObservationTest, PersonalDataIsForStaffAndAdminOnly) {
  const ObservationMeeting meeting = CreateMeeting("sc-23", 3);
  SubmitObservationApplicationResponse submitted;
  ASSERT_TRUE(stub_->SubmitObservationApplication(ContextWith("").get(), ApplicationRequest(meeting.name(), 1), &submitted).ok());
  const ObservationApplication& mine = submitted.application();
  EXPECT_EQ(mine.id_number(), IdNumber(1)) << "the applicant sees what they sent";
  EXPECT_EQ(mine.tracking_code().size(), 16u);
  EXPECT_EQ(mine.state(), OBSERVATION_APPLICATION_STATE_PENDING);

  GetObservationApplicationRequest get;
  get.set_name(mine.name());
  GetObservationApplicationResponse got;
  for (Role role : {Role::kStaff, Role::kAdmin}) {
    ASSERT_TRUE(stub_->GetObservationApplication(ContextWith(Token(role)).get(), get, &got).ok());
    EXPECT_EQ(got.application().id_number(), IdNumber(1));
    EXPECT_EQ(got.application().phone(), "13900000001");
    EXPECT_EQ(got.application().applicant_name(), "市民1");
    EXPECT_EQ(got.application().tracking_code(), mine.tracking_code());
  }
  ASSERT_TRUE(stub_->GetObservationApplication(ContextWith(Token(Role::kLeader)).get(), get, &got).ok());
  EXPECT_EQ(got.application().id_number(), "");
  EXPECT_EQ(got.application().phone(), "");
  EXPECT_EQ(got.application().applicant_name(), "");
  EXPECT_EQ(got.application().tracking_code(), "");
  EXPECT_EQ(got.application().reason(), "想了解地方立法过程");
  auto listed = List(meeting.name(), OBSERVATION_APPLICATION_STATE_PENDING, Token(Role::kLeader));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id_number(), "");
  EXPECT_EQ(List(meeting.name(), OBSERVATION_APPLICATION_STATE_PENDING)[0].id_number(), IdNumber(1));

  ObservationApplication seen;
  ASSERT_TRUE(Lookup(absl::AsciiStrToLower(mine.tracking_code()), &seen).ok());
  EXPECT_EQ(seen.name(), mine.name());
  EXPECT_EQ(seen.phone(), "");
  EXPECT_EQ(seen.applicant_name(), "");

  // The change feed carries no personal data at all: not in what is stored, which is more than
  // every reader getting it redacted, so this reads the stored stream itself.
  const std::string feed = testing::RawStorage(redis_).StreamText("in:{hz}:feed");
  ASSERT_FALSE(feed.empty()) << "the feed holds the application's events";
  EXPECT_FALSE(absl::StrContains(feed, IdNumber(1)));
  EXPECT_FALSE(absl::StrContains(feed, "13900000001"));
  EXPECT_FALSE(absl::StrContains(feed, mine.tracking_code()));
}

TEST_F(ObservationTest, OneApplicationPerIdNumberAndNoneAfterTheDeadline) {
  const ObservationMeeting meeting = CreateMeeting("sc-24", 3);
  SubmitObservationApplicationRequest req = ApplicationRequest(meeting.name(), 1);
  req.set_request_id("apply-1");
  SubmitObservationApplicationResponse first, retry, again;
  const std::string citizen = Token(Role::kCitizen, "c-1");
  ASSERT_TRUE(stub_->SubmitObservationApplication(ContextWith(citizen).get(), req, &first).ok());
  ASSERT_TRUE(stub_->SubmitObservationApplication(ContextWith(citizen).get(), req, &retry).ok());
  EXPECT_EQ(retry.application().name(), first.application().name()) << "a retry answers the first result";
  EXPECT_EQ(retry.application().tracking_code(), first.application().tracking_code());

  SubmitObservationApplicationRequest other = ApplicationRequest(meeting.name(), 1);
  other.mutable_application()->set_applicant_name("另一个名字");
  grpc::Status dup = stub_->SubmitObservationApplication(ContextWith(Token(Role::kCitizen, "c-2")).get(), other, &again);
  EXPECT_EQ(dup.error_code(), grpc::StatusCode::ALREADY_EXISTS) << dup.error_message();
  EXPECT_EQ(GetMeeting(meeting.name()).applications_received(), 1);

  clock_.Advance(absl::Hours(24 * 7));
  grpc::Status late = stub_->SubmitObservationApplication(ContextWith(Token(Role::kCitizen, "c-1")).get(), ApplicationRequest(meeting.name(), 2), &again);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(late.error_message(), "closed at 2024-06-08 10:00")) << late.error_message();
}

TEST_F(ObservationTest, AnonymousApplicationsAndLookupsAreRateLimited) {
  const ObservationMeeting meeting = CreateMeeting("sc-25", 3);
  std::vector<ObservationApplication> apps;
  for (int i = 1; i <= 3; ++i) {
    SubmitObservationApplicationResponse resp;
    grpc::Status s = stub_->SubmitObservationApplication(ContextWith("").get(), ApplicationRequest(meeting.name(), i), &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    apps.push_back(resp.application());
  }
  const int64_t feed = FeedLength();
  SubmitObservationApplicationResponse resp;
  grpc::Status s = stub_->SubmitObservationApplication(ContextWith("").get(), ApplicationRequest(meeting.name(), 4), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  EXPECT_GT(RetryDelayOf(FromGrpcStatus(s)), absl::ZeroDuration());
  EXPECT_EQ(FeedLength(), feed);

  ObservationApplication seen;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Lookup(apps[i].tracking_code(), &seen).ok());
  s = Lookup(apps[0].tracking_code(), &seen);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  EXPECT_GT(RetryDelayOf(FromGrpcStatus(s)), absl::ZeroDuration());
  // Signed-in callers are not limited.
  EXPECT_TRUE(Lookup(apps[0].tracking_code(), &seen, Token(Role::kCitizen)).ok());
}

TEST_F(ObservationTest, RefusedCallsWriteNothing) {
  const ObservationMeeting meeting = CreateMeeting("sc-26", 1);
  const ObservationApplication a1 = Apply(meeting.name(), 1);
  const ObservationApplication a2 = Apply(meeting.name(), 2);
  ASSERT_TRUE(ApproveInOrder(meeting.name()).ok());  // a1 takes the only seat
  const std::string citizen = Token(Role::kCitizen, "c-x"), leader = Token(Role::kLeader);
  const int64_t feed = FeedLength();

  auto create = [&](const std::string& token, std::function<void(CreateObservationMeetingRequest&)> change) {
    CreateObservationMeetingRequest req;
    req.set_parent("congresses/hz");
    req.set_meeting_id("sc-99");
    ObservationMeeting* m = req.mutable_meeting();
    m->set_title("会议");
    m->set_place("会议室");
    m->set_seats(10);
    *m->mutable_meeting_time() = ToProtoTime(clock_.Now() + absl::Hours(48));
    *m->mutable_application_deadline() = ToProtoTime(clock_.Now() + absl::Hours(24));
    change(req);
    return CallAs(token, stub_.get(), &Stub::CreateObservationMeeting, req);
  };
  auto apply = [&](const std::string& token, std::function<void(SubmitObservationApplicationRequest&)> change) {
    return CallAs(token, stub_.get(), &Stub::SubmitObservationApplication,
                  testing::Changed(ApplicationRequest(meeting.name(), 50), change));
  };
  auto approve = [&](const std::string& token, const std::string& name) {
    return CallAs(token, stub_.get(), &Stub::ApproveObservationApplication,
                  Named<ApproveObservationApplicationRequest>(name));
  };
  auto in_order = [&](const std::string& token, const std::string& name) {
    ApproveObservationApplicationsInOrderRequest req;
    req.set_meeting(name);
    return CallAs(token, stub_.get(), &Stub::ApproveObservationApplicationsInOrder, req);
  };
  auto decline = [&](const std::string& token, const std::string& name, const std::string& reason) {
    auto req = Named<DeclineObservationApplicationRequest>(name);
    req.set_reason(reason);
    return CallAs(token, stub_.get(), &Stub::DeclineObservationApplication, req);
  };
  auto cancel = [&](const std::string& code) { return [=, this] { return Cancel(code, Token(Role::kCitizen)); }; };
  auto get = [&](const std::string& token, const std::string& name) {
    return CallAs(token, stub_.get(), &Stub::GetObservationApplication, Named<GetObservationApplicationRequest>(name));
  };
  auto list = [&](const std::string& token, const std::string& name) {
    ListObservationApplicationsRequest req;
    req.set_meeting(name);
    return CallAs(token, stub_.get(), &Stub::ListObservationApplications, req);
  };
  auto lookup = [&](const std::string& code) {
    return [=, this] {
      ObservationApplication ignored;
      return Lookup(code, &ignored, Token(Role::kCitizen));
    };
  };
  auto meetings = [&](const std::string& token) {
    ListObservationMeetingsRequest req;
    req.set_parent("congresses/hz");
    return CallAs(token, stub_.get(), &Stub::ListObservationMeetings, req);
  };
  const std::string missing_app = "congresses/hz/observationMeetings/sc-26/applications/000099";
  using C = grpc::StatusCode;
  const std::vector<RefusedCall> calls = {
      {"citizen publishes a meeting", create(citizen, [](auto&) {}), C::PERMISSION_DENIED},
      {"anonymous publishes a meeting", create("", [](auto&) {}), C::UNAUTHENTICATED},
      {"staff of another congress", create(Token(Role::kStaff, "x", "", "sh"), [](auto&) {}), C::PERMISSION_DENIED},
      {"no seats", create(Staff(), [](auto& r) { r.mutable_meeting()->set_seats(0); }), C::INVALID_ARGUMENT},
      {"deadline after the meeting",
       create(Staff(), [this](auto& r) { *r.mutable_meeting()->mutable_application_deadline() = ToProtoTime(clock_.Now() + absl::Hours(72)); }),
       C::INVALID_ARGUMENT},
      {"no title", create(Staff(), [](auto& r) { r.mutable_meeting()->set_title(""); }), C::INVALID_ARGUMENT},
      {"meeting id taken", create(Staff(), [](auto& r) { r.set_meeting_id("sc-26"); }), C::ALREADY_EXISTS},
      {"anonymous lists meetings", meetings(""), C::UNAUTHENTICATED},
      {"bad ID number", apply(citizen, [](auto& r) { r.mutable_application()->set_id_number("12345"); }), C::INVALID_ARGUMENT},
      {"bad phone", apply(citizen, [](auto& r) { r.mutable_application()->set_phone("call me"); }), C::INVALID_ARGUMENT},
      {"no name", apply(citizen, [](auto& r) { r.mutable_application()->set_applicant_name(""); }), C::INVALID_ARGUMENT},
      {"over-long reason", apply(citizen, [](auto& r) { r.mutable_application()->set_reason(std::string(1001, 'x')); }),
       C::INVALID_ARGUMENT},
      {"missing meeting", apply(citizen, [](auto& r) { r.set_meeting("congresses/hz/observationMeetings/nope"); }),
       C::NOT_FOUND},
      {"same ID number again", apply(citizen, [](auto& r) { r.mutable_application()->set_id_number(IdNumber(1)); }),
       C::ALREADY_EXISTS},
      {"citizen approves", approve(citizen, a2.name()), C::PERMISSION_DENIED},
      {"leader approves", approve(leader, a2.name()), C::PERMISSION_DENIED},
      {"approve beyond the seats", approve(Staff(), a2.name()), C::FAILED_PRECONDITION},
      {"approve an approved one", approve(Staff(), a1.name()), C::FAILED_PRECONDITION},
      {"approve a missing one", approve(Staff(), missing_app), C::NOT_FOUND},
      {"approve a malformed name", approve(Staff(), "congresses/hz/observationMeetings/sc-26/applications/1"),
       C::INVALID_ARGUMENT},
      {"approve in order with no seat", in_order(Staff(), meeting.name()), C::FAILED_PRECONDITION},
      {"citizen approves in order", in_order(citizen, meeting.name()), C::PERMISSION_DENIED},
      {"approve in order, missing meeting", in_order(Staff(), "congresses/hz/observationMeetings/nope"), C::NOT_FOUND},
      {"decline without a reason", decline(Staff(), a2.name(), ""), C::INVALID_ARGUMENT},
      {"decline an approved one", decline(Staff(), a1.name(), "名额已满"), C::FAILED_PRECONDITION},
      {"citizen declines", decline(citizen, a2.name(), "不行"), C::PERMISSION_DENIED},
      {"cancel with a malformed code", cancel("abc"), C::INVALID_ARGUMENT},
      {"cancel with an unknown code", cancel("ABCDEFGHJKLMNPQR"), C::NOT_FOUND},
      {"citizen reads an application", get(citizen, a1.name()), C::PERMISSION_DENIED},
      {"anonymous reads an application", get("", a1.name()), C::UNAUTHENTICATED},
      {"read a missing application", get(Staff(), missing_app), C::NOT_FOUND},
      {"citizen lists applications", list(citizen, meeting.name()), C::PERMISSION_DENIED},
      {"list a missing meeting", list(Staff(), "congresses/hz/observationMeetings/nope"), C::NOT_FOUND},
      {"lookup with an unknown code", lookup("ABCDEFGHJKLMNPQR"), C::NOT_FOUND},
      {"lookup with a malformed code", lookup("0000"), C::INVALID_ARGUMENT},
  };
  ExpectRefusedWritingNothing(calls);

  // After the meeting has begun, an approved applicant can no longer cancel.
  clock_.Advance(absl::Hours(24 * 11));
  EXPECT_EQ(cancel(a1.tracking_code())().error_code(), C::FAILED_PRECONDITION);
  EXPECT_EQ(FeedLength(), feed);
}

}  // namespace
}  // namespace renda
