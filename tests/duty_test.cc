// Duty records end to end: a real Redis, the representatives services on port 0, real gRPC.
#include <gtest/gtest.h>

#include <functional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "renda/representatives/v1/duty.grpc.pb.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "services/common/auth.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_service.h"
#include "services/representatives/evaluation_service.h"
#include "services/representatives/representatives_service.h"
#include "tests/support/representatives_fixture.h"

namespace renda {
namespace {

using namespace representatives::v1;  // NOLINT: test brevity
using testing::ContextWith;
using testing::Day;
using testing::TokenFor;

ServiceFactory Services() {
  return testing::ServicesOf<representatives::RepresentativesService, representatives::DutyRecordService,
                             representatives::EvaluationService>();
}

// A day of last year: always in the past.
renda::type::v1::Date LastYear(int m, int d) { return Day(representatives::DateOf(absl::Now()).year() - 1, m, d); }

class DutyTest : public testing::RepresentativesFixture {
 protected:
  void SetUp() override {
    StartServices(Services(), RealClock::Get());
    duty_ = DutyRecordService::NewStub(channel_);
    for (const auto& [id, name] : std::vector<std::pair<std::string, std::string>>{{"wang", "王建国"}, {"li", "李秀英"}}) {
      CreateDeputyRequest req;
      req.set_parent("congresses/hz");
      req.set_deputy_id(id);
      req.mutable_deputy()->set_display_name(name);
      req.mutable_deputy()->set_term(14);
      req.mutable_deputy()->set_electoral_unit("西湖区");
      CreateDeputyResponse resp;
      ASSERT_TRUE(deputies_->CreateDeputy(ContextWith(staff_).get(), req, &resp).ok());
    }
  }

  static DutyRecord Record(const std::string& deputy, DutyRecordType type = DUTY_RECORD_TYPE_RESEARCH,
                           renda::type::v1::Date date = LastYear(5, 20)) {
    DutyRecord r;
    r.set_deputy("congresses/hz/deputies/" + deputy);
    r.set_type(type);
    *r.mutable_date() = date;
    r.set_title("关于老旧小区改造的专题调研");
    if (type == DUTY_RECORD_TYPE_SESSION_ATTENDANCE) r.set_attendance(ATTENDANCE_PRESENT);
    return r;
  }

  grpc::Status Create(const DutyRecord& r, const std::string& token, DutyRecord* out = nullptr,
                      const std::string& source_id = "", const std::string& request_id = "") {
    CreateDutyRecordRequest req;
    req.set_parent("congresses/hz");
    *req.mutable_duty_record() = r;
    req.set_source_id(source_id);
    req.set_request_id(request_id);
    CreateDutyRecordResponse resp;
    grpc::Status s = duty_->CreateDutyRecord(ContextWith(token).get(), req, &resp);
    if (out) *out = resp.duty_record();
    return s;
  }

  grpc::Status Get(const std::string& name, const std::string& token, DutyRecord* out = nullptr) {
    GetDutyRecordRequest req;
    req.set_name(name);
    GetDutyRecordResponse resp;
    grpc::Status s = duty_->GetDutyRecord(ContextWith(token).get(), req, &resp);
    if (out) *out = resp.duty_record();
    return s;
  }

  std::vector<DutyRecord> List(ListDutyRecordsRequest req, const std::string& token, grpc::Status* status = nullptr) {
    req.set_parent("congresses/hz");
    std::vector<DutyRecord> out;
    for (int pages = 0; pages < 50; ++pages) {
      ListDutyRecordsResponse resp;
      grpc::Status s = duty_->ListDutyRecords(ContextWith(token).get(), req, &resp);
      if (status) *status = s;
      if (!s.ok()) return out;
      for (const auto& r : resp.duty_records()) out.push_back(r);
      if (resp.next_page_token().empty()) break;
      req.set_page_token(resp.next_page_token());
    }
    return out;
  }

  const std::string staff_ = TokenFor(Role::kStaff);
  std::unique_ptr<DutyRecordService::Stub> duty_;
};

TEST_F(DutyTest, StaffEnterConfirmedRecordsAndTheSameSourceIdNeverMakesASecond) {
  DutyRecord first;
  grpc::Status s = Create(Record("wang"), staff_, &first, "sheet-2025-17");
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(first.state(), DUTY_RECORD_STATE_CONFIRMED);
  EXPECT_EQ(first.source(), DUTY_RECORD_SOURCE_STAFF_ENTERED);
  EXPECT_EQ(first.source_id(), "sheet-2025-17");
  EXPECT_EQ(first.recorded_by(), "tester");
  EXPECT_EQ(first.etag(), "1");
  EXPECT_TRUE(absl::StartsWith(first.name(), absl::StrFormat("congresses/hz/dutyRecords/%04d0520-",
                                                             LastYear(5, 20).year())))
      << first.name();
  const int64_t feed = FeedLength();

  // The same source id again, even from another caller with other words: refused, naming the first.
  DutyRecord again = Record("wang");
  again.set_title("重复导入");
  s = Create(again, TokenFor(Role::kAdmin), nullptr, "sheet-2025-17");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_NE(s.error_message().find(first.name()), std::string::npos) << s.error_message();
  EXPECT_EQ(FeedLength(), feed);

  // A retried request (same request id) answers the first result and writes nothing.
  DutyRecord a, b;
  ASSERT_TRUE(Create(Record("wang", DUTY_RECORD_TYPE_TRAINING), staff_, &a, "", "req-1").ok());
  ASSERT_TRUE(Create(Record("wang", DUTY_RECORD_TYPE_TRAINING), staff_, &b, "", "req-1").ok());
  EXPECT_EQ(a.name(), b.name());
  EXPECT_EQ(FeedLength(), feed + 1);
  // Without source or request id every call is a new record.
  ASSERT_TRUE(Create(Record("wang", DUTY_RECORD_TYPE_TRAINING), staff_, &b).ok());
  EXPECT_NE(a.name(), b.name());

  ListDutyRecordsRequest list;
  list.set_deputy("congresses/hz/deputies/wang");
  EXPECT_EQ(List(list, staff_).size(), 3u);
  list.set_type(DUTY_RECORD_TYPE_TRAINING);
  EXPECT_EQ(List(list, staff_).size(), 2u);
  list.set_year(LastYear(1, 1).year() - 1);
  EXPECT_EQ(List(list, staff_).size(), 0u);
}

TEST_F(DutyTest, DeputyReportsOwnRecordStaffConfirmOrRejectIt) {
  const std::string wang = testing::DeputyTokenFor("wang");
  DutyRecord reported;
  grpc::Status s = Create(Record("wang", DUTY_RECORD_TYPE_STATION_RECEPTION), wang, &reported, "wang-note-1");
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(reported.state(), DUTY_RECORD_STATE_PENDING);
  EXPECT_EQ(reported.source(), DUTY_RECORD_SOURCE_DEPUTY_REPORTED);
  EXPECT_EQ(reported.recorded_by(), "user-wang");
  DutyRecord other;
  ASSERT_TRUE(Create(Record("wang", DUTY_RECORD_TYPE_INSPECTION), wang, &other).ok());

  // Staff see both in the pending queue.
  ListDutyRecordsRequest pending;
  pending.set_state(DUTY_RECORD_STATE_PENDING);
  EXPECT_EQ(List(pending, staff_).size(), 2u);

  ConfirmDutyRecordRequest confirm;
  confirm.set_name(reported.name());
  ConfirmDutyRecordResponse confirmed;
  s = duty_->ConfirmDutyRecord(ContextWith(staff_).get(), confirm, &confirmed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(confirmed.duty_record().state(), DUTY_RECORD_STATE_CONFIRMED);
  EXPECT_EQ(confirmed.duty_record().reviewed_by(), "tester");
  EXPECT_EQ(confirmed.duty_record().etag(), "2");
  // Only pending records can be confirmed or rejected.
  s = duty_->ConfirmDutyRecord(ContextWith(staff_).get(), confirm, &confirmed);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  RejectDutyRecordRequest reject;
  reject.set_name(reported.name());
  reject.set_note("no evidence");
  RejectDutyRecordResponse rejected;
  EXPECT_EQ(duty_->RejectDutyRecord(ContextWith(staff_).get(), reject, &rejected).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  reject.set_name(other.name());
  reject.set_note("视察名单中没有该代表");
  ASSERT_TRUE(duty_->RejectDutyRecord(ContextWith(staff_).get(), reject, &rejected).ok());
  EXPECT_EQ(rejected.duty_record().state(), DUTY_RECORD_STATE_REJECTED);
  EXPECT_EQ(rejected.duty_record().review_note(), "视察名单中没有该代表");

  // The queue is empty; the deputy sees both outcomes.
  EXPECT_EQ(List(pending, staff_).size(), 0u);
  ListDutyRecordsRequest own;
  own.set_deputy("congresses/hz/deputies/wang");
  auto mine = List(own, wang);
  ASSERT_EQ(mine.size(), 2u);
  own.set_state(DUTY_RECORD_STATE_CONFIRMED);
  mine = List(own, wang);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].name(), reported.name());
}

TEST_F(DutyTest, ADeputySeesOnlyTheirOwnRecords) {
  DutyRecord wangs;
  ASSERT_TRUE(Create(Record("wang"), staff_, &wangs).ok());
  const std::string li = testing::DeputyTokenFor("li");
  EXPECT_EQ(Get(wangs.name(), li).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get(wangs.name(), TokenFor(Role::kDeputy)).error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << "a deputy token without deputy_id sees nobody's records";
  EXPECT_TRUE(Get(wangs.name(), testing::DeputyTokenFor("wang")).ok());
  EXPECT_TRUE(Get(wangs.name(), TokenFor(Role::kLeader)).ok());
  EXPECT_TRUE(Get(wangs.name(), TokenFor(Role::kService)).ok());
  EXPECT_EQ(Get(wangs.name(), TokenFor(Role::kCitizen)).error_code(), grpc::StatusCode::PERMISSION_DENIED);

  const int64_t feed = FeedLength();
  EXPECT_EQ(Create(Record("wang"), li).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(FeedLength(), feed);

  grpc::Status s;
  ListDutyRecordsRequest list;
  list.set_deputy("congresses/hz/deputies/wang");
  List(list, li, &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ListDutyRecordsRequest queue;
  queue.set_state(DUTY_RECORD_STATE_PENDING);
  List(queue, li, &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(DutyTest, ANonServingDeputyGetsNoNewRecords) {
  ChangeDeputyStatusRequest change;
  change.set_name("congresses/hz/deputies/li");
  change.set_status(DEPUTY_STATUS_RESIGNED);
  *change.mutable_effective_date() = representatives::DateOf(absl::Now());
  change.set_reason("常委会接受辞职");
  ChangeDeputyStatusResponse changed;
  grpc::Status s = deputies_->ChangeDeputyStatus(ContextWith(staff_).get(), change, &changed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const int64_t feed = FeedLength();
  s = Create(Record("li"), staff_);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("no longer serving"), std::string::npos) << s.error_message();
  EXPECT_EQ(Create(Record("nobody"), staff_).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(FeedLength(), feed);
}

// Every refusal, per RPC: its code, and nothing written.
TEST_F(DutyTest, BadInputAndWrongRolesAreRefusedAndWriteNothing) {
  DutyRecord seeded, pending;
  ASSERT_TRUE(Create(Record("wang"), staff_, &seeded, "seed").ok());
  ASSERT_TRUE(Create(Record("wang"), testing::DeputyTokenFor("wang"), &pending).ok());
  const int64_t feed = FeedLength();
  DutyRecord seeded_before;
  ASSERT_TRUE(Get(seeded.name(), staff_, &seeded_before).ok());
  ASSERT_EQ(seeded_before.etag(), "1");

  using Code = grpc::StatusCode;
  struct CreateCase {
    std::string what;
    std::function<void(CreateDutyRecordRequest&)> mutate;
    std::string token;
    Code want;
  };
  const renda::type::v1::Date tomorrow = representatives::DateOf(absl::Now() + absl::Hours(48));
  std::vector<CreateCase> creates = {
      {"no title", [](auto& r) { r.mutable_duty_record()->clear_title(); }, staff_, Code::INVALID_ARGUMENT},
      {"title too long", [](auto& r) { r.mutable_duty_record()->set_title(std::string(201, 'x')); }, staff_,
       Code::INVALID_ARGUMENT},
      {"no type", [](auto& r) { r.mutable_duty_record()->clear_type(); }, staff_, Code::INVALID_ARGUMENT},
      {"unknown type", [](auto& r) { r.mutable_duty_record()->set_type(static_cast<DutyRecordType>(99)); }, staff_,
       Code::INVALID_ARGUMENT},
      {"no date", [](auto& r) { r.mutable_duty_record()->clear_date(); }, staff_, Code::INVALID_ARGUMENT},
      {"impossible date", [](auto& r) { *r.mutable_duty_record()->mutable_date() = Day(2025, 2, 30); }, staff_,
       Code::INVALID_ARGUMENT},
      {"future date", [&](auto& r) { *r.mutable_duty_record()->mutable_date() = tomorrow; }, staff_,
       Code::INVALID_ARGUMENT},
      {"session without attendance",
       [](auto& r) {
         r.mutable_duty_record()->set_type(DUTY_RECORD_TYPE_SESSION_ATTENDANCE);
         r.mutable_duty_record()->clear_attendance();
       },
       staff_, Code::INVALID_ARGUMENT},
      {"attendance on research", [](auto& r) { r.mutable_duty_record()->set_attendance(ATTENDANCE_ABSENT); }, staff_,
       Code::INVALID_ARGUMENT},
      {"deputy of another congress", [](auto& r) { r.mutable_duty_record()->set_deputy("congresses/sh/deputies/wang"); },
       staff_, Code::INVALID_ARGUMENT},
      {"bad deputy name", [](auto& r) { r.mutable_duty_record()->set_deputy("wang"); }, staff_, Code::INVALID_ARGUMENT},
      {"bad source id", [](auto& r) { r.set_source_id(std::string(129, 'x')); }, staff_, Code::INVALID_ARGUMENT},
      {"bad parent", [](auto& r) { r.set_parent("hz"); }, staff_, Code::INVALID_ARGUMENT},
      {"taken source id", [](auto& r) { r.set_source_id("seed"); }, staff_, Code::ALREADY_EXISTS},
      {"unknown deputy", [](auto& r) { r.mutable_duty_record()->set_deputy("congresses/hz/deputies/nobody"); }, staff_,
       Code::NOT_FOUND},
      {"no token", [](auto&) {}, "", Code::UNAUTHENTICATED},
      {"citizen", [](auto&) {}, TokenFor(Role::kCitizen), Code::PERMISSION_DENIED},
      {"leader", [](auto&) {}, TokenFor(Role::kLeader), Code::PERMISSION_DENIED},
      {"another deputy", [](auto&) {}, testing::DeputyTokenFor("li"), Code::PERMISSION_DENIED},
      {"other congress", [](auto&) {}, TokenFor(Role::kStaff, "sh"), Code::PERMISSION_DENIED},
  };
  for (const auto& c : creates) {
    CreateDutyRecordRequest req;
    req.set_parent("congresses/hz");
    *req.mutable_duty_record() = Record("wang");
    *req.mutable_duty_record()->mutable_date() = seeded.date();
    c.mutate(req);
    CreateDutyRecordResponse resp;
    grpc::Status s = duty_->CreateDutyRecord(ContextWith(c.token).get(), req, &resp);
    EXPECT_EQ(s.error_code(), c.want) << c.what << ": " << s.error_message();
    EXPECT_FALSE(s.error_message().empty()) << c.what;
  }

  struct NameCase {
    std::string what;
    std::string name;
    std::string note;
    std::string token;
    Code want;
  };
  const std::vector<NameCase> reviews = {
      {"bad name", "dutyRecords/x", "n", staff_, Code::INVALID_ARGUMENT},
      {"unknown record", "congresses/hz/dutyRecords/20250101-abc", "n", staff_, Code::NOT_FOUND},
      {"deputy reviewing own", pending.name(), "n", testing::DeputyTokenFor("wang"), Code::PERMISSION_DENIED},
      {"leader", pending.name(), "n", TokenFor(Role::kLeader), Code::PERMISSION_DENIED},
      {"other congress", pending.name(), "n", TokenFor(Role::kStaff, "sh"), Code::PERMISSION_DENIED},
      {"confirmed already", seeded.name(), "n", staff_, Code::FAILED_PRECONDITION},
  };
  for (const auto& c : reviews) {
    ConfirmDutyRecordRequest confirm;
    confirm.set_name(c.name);
    ConfirmDutyRecordResponse confirmed;
    EXPECT_EQ(duty_->ConfirmDutyRecord(ContextWith(c.token).get(), confirm, &confirmed).error_code(), c.want)
        << "confirm: " << c.what;
    RejectDutyRecordRequest reject;
    reject.set_name(c.name);
    reject.set_note(c.note);
    RejectDutyRecordResponse rejected;
    EXPECT_EQ(duty_->RejectDutyRecord(ContextWith(c.token).get(), reject, &rejected).error_code(), c.want)
        << "reject: " << c.what;
  }
  {
    RejectDutyRecordRequest reject;
    reject.set_name(pending.name());
    RejectDutyRecordResponse rejected;
    EXPECT_EQ(duty_->RejectDutyRecord(ContextWith(staff_).get(), reject, &rejected).error_code(),
              Code::INVALID_ARGUMENT)
        << "a rejection needs a note";
    ConfirmDutyRecordRequest confirm;
    confirm.set_name(pending.name());
    confirm.set_etag("7");
    ConfirmDutyRecordResponse confirmed;
    EXPECT_EQ(duty_->ConfirmDutyRecord(ContextWith(staff_).get(), confirm, &confirmed).error_code(), Code::ABORTED)
        << "stale etag";
  }

  // Reads.
  EXPECT_EQ(Get("congresses/hz/dutyRecords/Bad Id", staff_).error_code(), Code::INVALID_ARGUMENT);
  EXPECT_EQ(Get("congresses/hz/dutyRecords/20250101-abc", staff_).error_code(), Code::NOT_FOUND);
  EXPECT_EQ(Get(seeded.name(), TokenFor(Role::kStaff, "sh")).error_code(), Code::PERMISSION_DENIED);
  struct ListCase {
    std::string what;
    std::function<void(ListDutyRecordsRequest&)> mutate;
    Code want;
  };
  const std::vector<ListCase> lists = {
      {"neither deputy nor pending", [](auto&) {}, Code::INVALID_ARGUMENT},
      {"year without deputy",
       [](auto& r) {
         r.set_state(DUTY_RECORD_STATE_PENDING);
         r.set_year(2025);
       },
       Code::INVALID_ARGUMENT},
      {"bad year",
       [](auto& r) {
         r.set_deputy("congresses/hz/deputies/wang");
         r.set_year(12);
       },
       Code::INVALID_ARGUMENT},
      {"page size too big",
       [](auto& r) {
         r.set_deputy("congresses/hz/deputies/wang");
         r.set_page_size(501);
       },
       Code::INVALID_ARGUMENT},
      {"forged page token",
       [](auto& r) {
         r.set_deputy("congresses/hz/deputies/wang");
         r.set_page_token("Zm9yZ2VkLXRva2VuLXRoYXQtaXMtbG9uZy1lbm91Z2g");
       },
       Code::INVALID_ARGUMENT},
      {"deputy of another congress", [](auto& r) { r.set_deputy("congresses/sh/deputies/wang"); },
       Code::INVALID_ARGUMENT},
  };
  for (const auto& c : lists) {
    ListDutyRecordsRequest req;
    c.mutate(req);
    grpc::Status s;
    List(req, staff_, &s);
    EXPECT_EQ(s.error_code(), c.want) << c.what << ": " << s.error_message();
  }

  EXPECT_EQ(FeedLength(), feed);
  DutyRecord pending_after;
  ASSERT_TRUE(Get(pending.name(), staff_, &pending_after).ok());
  EXPECT_EQ(pending_after.etag(), "1");
  EXPECT_EQ(pending_after.state(), pending.state());
  ListDutyRecordsRequest of_wang;
  of_wang.set_deputy("congresses/hz/deputies/wang");
  EXPECT_EQ(List(of_wang, staff_).size(), 2u);
}

}  // namespace
}  // namespace renda
