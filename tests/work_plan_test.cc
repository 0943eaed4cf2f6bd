// The menu-style work plan end to end: a real Redis, the representatives services on port 0,
// real gRPC with real tokens; time from a fake clock.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/time_util.h"
#include "renda/representatives/v1/duty.grpc.pb.h"
#include "renda/representatives/v1/duty_record.pb.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "renda/representatives/v1/work_plan.grpc.pb.h"
#include "services/representatives/services.h"
#include "tests/support/representatives_fixture.h"

namespace renda {
namespace {

using namespace representatives::v1;  // NOLINT: test brevity
using google::protobuf::util::TimeUtil;
using testing::ContextWith;
using testing::Day;
using testing::DeputyName;

const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);

google::protobuf::Timestamp At(absl::Time t) { return TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(t)); }

class WorkPlanTest : public testing::RepresentativesFixture {
 protected:
  WorkPlanTest() : RepresentativesFixture(absl::FromCivil(absl::CivilSecond(2024, 6, 1, 10, 0, 0), kChina)) {}

  void SetUp() override {
    StartServices();
    plan_ = WorkPlanService::NewStub(channel_);
  }

  std::string Staff() { return Token(Role::kStaff); }
  std::string DeputyToken(const std::string& id) { return Token(Role::kDeputy, "user-" + id, id); }

  void AddDeputy(const std::string& id, DeputyStatus status = DEPUTY_STATUS_SERVING) {
    CreateDeputyRequest req;
    req.set_parent("congresses/hz");
    req.set_deputy_id(id);
    req.mutable_deputy()->set_display_name(absl::StrCat("代表", id));
    req.mutable_deputy()->set_term(14);
    req.mutable_deputy()->set_electoral_unit("上城区");
    req.mutable_deputy()->set_status(status);
    CreateDeputyResponse resp;
    auto s = deputies_->CreateDeputy(ContextWith(Staff()).get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // An activity on `date` whose window opened an hour ago and closes at the start of `date`.
  Activity NewActivity(ActivityCategory category, int capacity, renda::type::v1::Date date) {
    Activity a;
    a.set_category(category);
    a.set_title("《物业管理条例》修订调研");
    a.set_place("市人大常委会 3 号会议室");
    a.set_capacity(capacity);
    *a.mutable_date() = date;
    *a.mutable_sign_up_open_time() = At(clock_.Now() - absl::Hours(1));
    *a.mutable_sign_up_close_time() =
        At(absl::FromCivil(absl::CivilDay(date.year(), date.month(), date.day()), kChina));
    return a;
  }

  std::string Publish(const Activity& a, const std::string& id = "") {
    CreateActivityRequest req;
    req.set_parent("congresses/hz");
    *req.mutable_activity() = a;
    req.set_activity_id(id);
    CreateActivityResponse resp;
    auto s = plan_->CreateActivity(ContextWith(Staff()).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.activity().name();
  }

  grpc::Status SignUp(const std::string& activity, const std::string& deputy, SignUpResponse* resp,
                      const std::string& token = "") {
    SignUpRequest req;
    req.set_activity(activity);
    req.set_deputy(DeputyName(deputy));
    return plan_->SignUp(ContextWith(token.empty() ? DeputyToken(deputy) : token).get(), req, resp);
  }

  grpc::Status Withdraw(const std::string& activity, const std::string& deputy, WithdrawResponse* resp,
                        const std::string& token = "") {
    WithdrawRequest req;
    req.set_activity(activity);
    req.set_deputy(DeputyName(deputy));
    return plan_->Withdraw(ContextWith(token.empty() ? DeputyToken(deputy) : token).get(), req, resp);
  }

  Activity Get(const std::string& name) {
    GetActivityRequest req;
    req.set_name(name);
    GetActivityResponse resp;
    EXPECT_TRUE(plan_->GetActivity(ContextWith(Token(Role::kCitizen)).get(), req, &resp).ok());
    return resp.activity();
  }

  grpc::Status Attend(const std::string& activity, const std::vector<std::string>& ids,
                      RecordAttendanceResponse* resp, const std::string& token = "") {
    RecordAttendanceRequest req;
    req.set_activity(activity);
    for (const auto& id : ids) req.add_attended(DeputyName(id));
    return plan_->RecordAttendance(ContextWith(token.empty() ? Staff() : token).get(), req, resp);
  }

  std::unique_ptr<WorkPlanService::Stub> plan_;
};

TEST_F(WorkPlanTest, FortyConcurrentSignUpsForTenPlacesNeverOverbookAndTheWaitlistMovesUpInOrder) {
  constexpr int kDeputies = 40, kCapacity = 10;
  for (int i = 0; i < kDeputies; ++i) AddDeputy(absl::StrCat("d", i));
  const std::string activity = Publish(NewActivity(ACTIVITY_CATEGORY_RESEARCH, kCapacity, Day(2024, 6, 10)));

  std::mutex mu;
  std::vector<SignUpResponse> answers;
  std::vector<std::string> errors;
  std::vector<std::thread> threads;
  for (int i = 0; i < kDeputies; ++i) {
    threads.emplace_back([&, i] {
      SignUpResponse resp;
      grpc::Status s = SignUp(activity, absl::StrCat("d", i), &resp);
      std::lock_guard<std::mutex> lock(mu);
      if (s.ok()) {
        answers.push_back(resp);
      } else {
        errors.push_back(absl::StrCat(s.error_code(), " ", s.error_message()));
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_TRUE(errors.empty()) << absl::StrJoin(errors, "; ");
  ASSERT_EQ(answers.size(), static_cast<size_t>(kDeputies));
  int confirmed = 0;
  std::set<int> positions;
  for (const auto& a : answers) {
    if (a.status() == SIGN_UP_STATUS_CONFIRMED) {
      ++confirmed;
      EXPECT_EQ(a.waitlist_position(), 0);
    } else {
      EXPECT_EQ(a.status(), SIGN_UP_STATUS_WAITLISTED);
      positions.insert(a.waitlist_position());
    }
  }
  EXPECT_EQ(confirmed, kCapacity);
  ASSERT_EQ(positions.size(), static_cast<size_t>(kDeputies - kCapacity)) << "every waitlist position is distinct";
  EXPECT_EQ(*positions.begin(), 1);
  EXPECT_EQ(*positions.rbegin(), kDeputies - kCapacity);

  Activity a = Get(activity);
  ASSERT_EQ(a.confirmed_size(), kCapacity);
  ASSERT_EQ(a.waitlist_size(), kDeputies - kCapacity);
  std::set<std::string> everyone(a.confirmed().begin(), a.confirmed().end());
  everyone.insert(a.waitlist().begin(), a.waitlist().end());
  EXPECT_EQ(everyone.size(), static_cast<size_t>(kDeputies)) << "nobody twice, nobody lost";
  for (const auto& ans : answers) {
    // What each deputy was told matches where they stand.
    if (ans.status() != SIGN_UP_STATUS_WAITLISTED) continue;
    const std::string who = a.waitlist(ans.waitlist_position() - 1);
    EXPECT_TRUE(std::any_of(ans.activity().waitlist().begin(), ans.activity().waitlist().end(),
                            [&](const std::string& w) { return w == who; }));
  }

  // Three confirmed deputies withdraw: the first three in line move up, in order.
  const std::vector<std::string> line(a.waitlist().begin(), a.waitlist().end());
  for (int i = 0; i < 3; ++i) {
    const std::string leaving = a.confirmed(i);
    WithdrawResponse w;
    auto s = Withdraw(activity, leaving.substr(leaving.rfind('/') + 1), &w);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(w.promoted(), line[i]);
    EXPECT_EQ(w.activity().confirmed_size(), kCapacity);
  }
  // A waitlisted deputy withdraws (staff act for them): nobody is promoted, the line closes up.
  WithdrawResponse w;
  const std::string waiting = line[5];
  ASSERT_TRUE(Withdraw(activity, waiting.substr(waiting.rfind('/') + 1), &w, Staff()).ok());
  EXPECT_EQ(w.promoted(), "");
  Activity after = Get(activity);
  EXPECT_EQ(after.confirmed_size(), kCapacity);
  std::vector<std::string> want_line(line.begin() + 3, line.end());
  want_line.erase(std::find(want_line.begin(), want_line.end(), waiting));
  EXPECT_EQ(std::vector<std::string>(after.waitlist().begin(), after.waitlist().end()), want_line);

  // The deputy next in line sees their position in their own list.
  const std::string next_id = want_line[0].substr(want_line[0].rfind('/') + 1);
  ListDeputySignUpsRequest mine;
  mine.set_deputy(want_line[0]);
  ListDeputySignUpsResponse list;
  ASSERT_TRUE(plan_->ListDeputySignUps(ContextWith(DeputyToken(next_id)).get(), mine, &list).ok());
  ASSERT_EQ(list.sign_ups_size(), 1);
  EXPECT_EQ(list.sign_ups(0).status(), SIGN_UP_STATUS_WAITLISTED);
  EXPECT_EQ(list.sign_ups(0).waitlist_position(), 1);
}

TEST_F(WorkPlanTest, AttendanceMakesOneDutyRecordPerDeputyOfTheCategorysType) {
  for (const char* id : {"a", "b", "c"}) AddDeputy(id);
  const std::string research = Publish(NewActivity(ACTIVITY_CATEGORY_RESEARCH, 5, Day(2024, 6, 10)), "research");
  const std::string legislation =
      Publish(NewActivity(ACTIVITY_CATEGORY_LEGISLATION, 5, Day(2024, 6, 10)), "legislation");
  EXPECT_EQ(research, "congresses/hz/activities/20240610-research");
  SignUpResponse r;
  for (const char* id : {"a", "b", "c"}) ASSERT_TRUE(SignUp(research, id, &r).ok());
  ASSERT_TRUE(SignUp(legislation, "a", &r).ok());

  clock_.Set(absl::FromCivil(absl::CivilSecond(2024, 6, 10, 18, 0, 0), kChina));
  RecordAttendanceResponse att;
  auto s = Attend(research, {"a", "b"}, &att);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(att.duty_records_size(), 2);
  EXPECT_EQ(att.activity().state(), ACTIVITY_STATE_HELD);
  EXPECT_EQ(att.activity().attended_size(), 2);

  // Recorded again with one more: only the new deputy gets a record.
  const int64_t feed = FeedLength();
  ASSERT_TRUE(Attend(research, {"a", "b", "c"}, &att).ok());
  EXPECT_EQ(att.duty_records_size(), 1);
  EXPECT_EQ(FeedLength(), feed + 2) << "the activity and c's record; nothing for a and b";
  ASSERT_TRUE(Attend(legislation, {"a"}, &att).ok());

  auto records = DutyRecordsInFeed(Staff());
  ASSERT_EQ(records.size(), 4u);
  int research_records = 0, themed = 0;
  for (const auto& rec : records) {
    EXPECT_EQ(rec.state(), DUTY_RECORD_STATE_CONFIRMED);
    EXPECT_EQ(rec.source(), DUTY_RECORD_SOURCE_EVENT);
    EXPECT_EQ(rec.date().day(), 10);
    if (rec.type() == DUTY_RECORD_TYPE_RESEARCH) {
      ++research_records;
      EXPECT_EQ(rec.related_resource(), research);
      EXPECT_TRUE(absl::StartsWith(rec.source_id(), "activities/20240610-research/attendance/"));
    }
    if (rec.type() == DUTY_RECORD_TYPE_THEMED_ACTIVITY) ++themed;
  }
  EXPECT_EQ(research_records, 3);
  EXPECT_EQ(themed, 1);
  ListDutyRecordsRequest of_a;
  of_a.set_parent("congresses/hz");
  of_a.set_deputy(DeputyName("a"));
  of_a.set_year(2024);
  ListDutyRecordsResponse a_records;
  ASSERT_TRUE(DutyRecordService::NewStub(channel_)->ListDutyRecords(ContextWith(Staff()).get(), of_a, &a_records).ok());
  EXPECT_EQ(a_records.duty_records_size(), 2) << "a's research and themed activity";
}

TEST_F(WorkPlanTest, ListsFilterByCategoryMonthAndOpenWindow) {
  Publish(NewActivity(ACTIVITY_CATEGORY_RESEARCH, 5, Day(2024, 6, 10)), "r1");
  Publish(NewActivity(ACTIVITY_CATEGORY_INSPECTION, 5, Day(2024, 6, 5)), "i1");
  Activity later = NewActivity(ACTIVITY_CATEGORY_LEGISLATION, 5, Day(2024, 7, 3));
  *later.mutable_sign_up_open_time() = At(clock_.Now() + absl::Hours(48));  // not open yet
  Publish(later, "l1");

  auto list = [&](std::function<void(ListActivitiesRequest&)> mutate) {
    ListActivitiesRequest req;
    req.set_parent("congresses/hz");
    mutate(req);
    ListActivitiesResponse resp;
    EXPECT_TRUE(plan_->ListActivities(ContextWith(DeputyToken("x")).get(), req, &resp).ok());
    std::vector<std::string> ids;
    for (const auto& a : resp.activities()) ids.push_back(a.name().substr(a.name().rfind('/') + 1));
    return ids;
  };
  EXPECT_EQ(list([](auto&) {}), (std::vector<std::string>{"20240605-i1", "20240610-r1", "20240703-l1"}));
  EXPECT_EQ(list([](auto& r) { r.set_category(ACTIVITY_CATEGORY_INSPECTION); }),
            (std::vector<std::string>{"20240605-i1"}));
  EXPECT_EQ(list([](auto& r) { r.set_month(202407); }), (std::vector<std::string>{"20240703-l1"}));
  EXPECT_EQ(list([](auto& r) { r.set_open_only(true); }), (std::vector<std::string>{"20240605-i1", "20240610-r1"}));
}

// Every refusal: its code, and nothing written.
TEST_F(WorkPlanTest, BadInputAndWrongRolesAreRefusedAndWriteNothing) {
  AddDeputy("a");
  AddDeputy("b");
  AddDeputy("gone", DEPUTY_STATUS_RESIGNED);
  const std::string open = Publish(NewActivity(ACTIVITY_CATEGORY_INSPECTION, 1, Day(2024, 6, 10)), "open");
  Activity closed_a = NewActivity(ACTIVITY_CATEGORY_INSPECTION, 5, Day(2024, 6, 10));
  *closed_a.mutable_sign_up_open_time() = At(clock_.Now() - absl::Hours(72));
  *closed_a.mutable_sign_up_close_time() = At(clock_.Now() - absl::Hours(1));
  const std::string closed = Publish(closed_a, "closed");
  Activity future_a = NewActivity(ACTIVITY_CATEGORY_INSPECTION, 5, Day(2024, 6, 10));
  *future_a.mutable_sign_up_open_time() = At(clock_.Now() + absl::Hours(1));
  const std::string not_yet = Publish(future_a, "not-yet");
  SignUpResponse r;
  ASSERT_TRUE(SignUp(open, "a", &r).ok());
  ASSERT_TRUE(SignUp(open, "b", &r).ok());  // waitlisted: capacity 1
  const int64_t feed_before = FeedLength();

  using Case = testing::RefusedCall;
  auto create = [&](std::function<void(Activity&)> mutate, const std::string& token) {
    return [=, this] {
      CreateActivityRequest req;
      req.set_parent("congresses/hz");
      *req.mutable_activity() = NewActivity(ACTIVITY_CATEGORY_RESEARCH, 5, Day(2024, 6, 20));
      mutate(*req.mutable_activity());
      CreateActivityResponse resp;
      return plan_->CreateActivity(ContextWith(token).get(), req, &resp);
    };
  };
  auto sign_up = [&](const std::string& activity, const std::string& deputy, const std::string& token) {
    return [=, this] {
      SignUpResponse resp;
      return SignUp(activity, deputy, &resp, token);
    };
  };
  auto withdraw = [&](const std::string& activity, const std::string& deputy, const std::string& token) {
    return [=, this] {
      WithdrawResponse resp;
      return Withdraw(activity, deputy, &resp, token);
    };
  };
  auto attend = [&](const std::string& activity, std::vector<std::string> ids, const std::string& token) {
    return [=, this] {
      RecordAttendanceResponse resp;
      return Attend(activity, ids, &resp, token);
    };
  };
  const std::string staff = Staff();
  const std::string dep_a = DeputyToken("a");
  const std::string dep_b = DeputyToken("b");
  std::vector<Case> cases = {
      {"create: deputy role", create([](auto&) {}, dep_a), grpc::StatusCode::PERMISSION_DENIED},
      {"create: closes before it opens",
       create([&](auto& a) { *a.mutable_sign_up_close_time() = At(clock_.Now() - absl::Hours(2)); }, staff),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"create: closes after the activity starts",
       create([&](auto& a) { *a.mutable_sign_up_close_time() = At(clock_.Now() + absl::Hours(24 * 30)); }, staff),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"create: capacity 0", create([](auto& a) { a.set_capacity(0); }, staff), grpc::StatusCode::INVALID_ARGUMENT},
      {"create: no category", create([](auto& a) { a.clear_category(); }, staff), grpc::StatusCode::INVALID_ARGUMENT},
      {"create: no title", create([](auto& a) { a.clear_title(); }, staff), grpc::StatusCode::INVALID_ARGUMENT},
      {"create: bad date", create([](auto& a) { *a.mutable_date() = Day(2024, 13, 1); }, staff),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"sign up: for someone else", sign_up(open, "b", dep_a), grpc::StatusCode::PERMISSION_DENIED},
      {"sign up: citizen", sign_up(open, "a", Token(Role::kCitizen)), grpc::StatusCode::PERMISSION_DENIED},
      {"sign up: twice (confirmed)", sign_up(open, "a", dep_a), grpc::StatusCode::ALREADY_EXISTS},
      {"sign up: twice (waitlisted)", sign_up(open, "b", dep_b), grpc::StatusCode::ALREADY_EXISTS},
      {"sign up: after the window", sign_up(closed, "a", dep_a), grpc::StatusCode::FAILED_PRECONDITION},
      {"sign up: before the window", sign_up(not_yet, "a", dep_a), grpc::StatusCode::FAILED_PRECONDITION},
      {"sign up: deputy not serving", sign_up(open, "gone", staff), grpc::StatusCode::FAILED_PRECONDITION},
      {"sign up: unknown activity", sign_up("congresses/hz/activities/20240101-none", "a", dep_a),
       grpc::StatusCode::NOT_FOUND},
      {"sign up: unknown deputy", sign_up(open, "nobody", staff), grpc::StatusCode::NOT_FOUND},
      {"sign up: malformed activity", sign_up("activities/x", "a", dep_a), grpc::StatusCode::INVALID_ARGUMENT},
      {"withdraw: not signed up", withdraw(closed, "a", dep_a), grpc::StatusCode::NOT_FOUND},
      {"withdraw: someone else", withdraw(open, "a", dep_b), grpc::StatusCode::PERMISSION_DENIED},
      {"attend: before the day", attend(open, {"a"}, staff), grpc::StatusCode::FAILED_PRECONDITION},
      {"attend: deputy role", attend(open, {"a"}, dep_a), grpc::StatusCode::PERMISSION_DENIED},
      {"attend: nobody", attend(open, {}, staff), grpc::StatusCode::INVALID_ARGUMENT},
      {"attend: twice in one list", attend(open, {"a", "a"}, staff), grpc::StatusCode::INVALID_ARGUMENT},
      {"attend: unknown activity", attend("congresses/hz/activities/20240101-none", {"a"}, staff),
       grpc::StatusCode::NOT_FOUND},
  };
  testing::ExpectRefused(cases);
  // On the day: a waitlisted deputy cannot be recorded, nobody can withdraw any more.
  clock_.Set(absl::FromCivil(absl::CivilSecond(2024, 6, 10, 9, 0, 0), kChina));
  RecordAttendanceResponse att;
  EXPECT_EQ(Attend(open, {"b"}, &att).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  WithdrawResponse w;
  EXPECT_EQ(Withdraw(open, "a", &w).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  ListDeputySignUpsRequest mine;
  mine.set_deputy(DeputyName("a"));
  ListDeputySignUpsResponse list;
  EXPECT_EQ(plan_->ListDeputySignUps(ContextWith(DeputyToken("b")).get(), mine, &list).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  EXPECT_EQ(FeedLength(), feed_before);
  Activity a = Get(open);
  EXPECT_EQ(a.confirmed_size(), 1);
  EXPECT_EQ(a.waitlist_size(), 1);
  EXPECT_EQ(a.attended_size(), 0);
}

}  // namespace
}  // namespace renda
