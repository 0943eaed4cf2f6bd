// Liaison stations end to end: a real Redis, the representatives services on port 0, real gRPC
// with real tokens; time from a fake clock.
#include <gtest/gtest.h>

#include <functional>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "renda/representatives/v1/duty.grpc.pb.h"
#include "renda/representatives/v1/duty_record.pb.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "renda/representatives/v1/stations.grpc.pb.h"
#include "services/representatives/services.h"
#include "tests/support/representatives_fixture.h"

namespace renda {
namespace {

using namespace representatives::v1;  // NOLINT: test brevity
using testing::ContextWith;
using testing::Day;
using testing::DeputyName;

class StationsTest : public testing::RepresentativesFixture {
 protected:
  void SetUp() override {
    StartServices();
    stations_ = StationService::NewStub(channel_);
    duty_ = DutyRecordService::NewStub(channel_);
    staff_ = Token(Role::kStaff);
  }

  void AddDeputy(const std::string& id, DeputyStatus status = DEPUTY_STATUS_SERVING) {
    CreateDeputyRequest req;
    req.set_parent("congresses/hz");
    req.set_deputy_id(id);
    req.mutable_deputy()->set_display_name(absl::StrCat("代表", id));
    req.mutable_deputy()->set_term(14);
    req.mutable_deputy()->set_electoral_unit("西湖区");
    req.mutable_deputy()->set_liaison_station("beishan");
    req.mutable_deputy()->set_status(status);
    CreateDeputyResponse resp;
    auto s = deputies_->CreateDeputy(ContextWith(staff_).get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  Station SampleStation(std::vector<std::string> deputy_ids) {
    Station s;
    s.set_display_name("北山街道代表联络站");
    s.set_area("西湖区");
    s.set_street("北山街道");
    s.set_address("杭州市西湖区北山路 1 号");
    s.set_is_legislative_contact_point(true);
    s.set_open_hours("每月第一个周三 9:00-11:30");
    for (const auto& id : deputy_ids) s.add_deputies(DeputyName(id));
    return s;
  }

  grpc::Status CreateStation(const Station& s, const std::string& id, CreateStationResponse* resp) {
    CreateStationRequest req;
    req.set_parent("congresses/hz");
    *req.mutable_station() = s;
    req.set_station_id(id);
    return stations_->CreateStation(ContextWith(staff_).get(), req, resp);
  }

  ReceptionLog SampleLog(std::vector<std::string> present) {
    ReceptionLog log;
    log.set_station("congresses/hz/stations/beishan");
    *log.mutable_date() = Day(2024, 5, 31);
    for (const auto& id : present) log.add_deputies_present(DeputyName(id));
    log.set_constituents_received(12);
    log.add_topics("停车难");
    log.add_opinions("congresses/hz/opinions/op-1");
    return log;
  }

  // How many reception logs and schedules hz has: those of every station.
  std::pair<int, int> LogsAndSchedules() {
    ListStationsRequest req;
    req.set_parent("congresses/hz");
    req.set_page_size(200);
    ListStationsResponse stations;
    auto s = stations_->ListStations(ContextWith(staff_).get(), req, &stations);
    EXPECT_TRUE(s.ok()) << s.error_message();
    int logs = 0, schedules = 0;
    for (const auto& station : stations.stations()) {
      ListReceptionLogsRequest ll;
      ll.set_station(station.name());
      ll.set_page_size(200);
      ListReceptionLogsResponse l;
      EXPECT_TRUE(stations_->ListReceptionLogs(ContextWith(staff_).get(), ll, &l).ok());
      logs += l.logs_size();
      ListReceptionScheduleRequest ls;
      ls.set_station(station.name());
      ls.set_page_size(200);
      ListReceptionScheduleResponse sc;
      EXPECT_TRUE(stations_->ListReceptionSchedule(ContextWith(staff_).get(), ls, &sc).ok());
      schedules += sc.schedules_size();
    }
    return {logs, schedules};
  }

  std::unique_ptr<StationService::Stub> stations_;
  std::unique_ptr<DutyRecordService::Stub> duty_;
  std::string staff_;
};

TEST_F(StationsTest, StationScheduleAndReceptionLogWithDutyRecords) {
  for (const char* id : {"s1", "s2", "s3", "s4"}) AddDeputy(id);
  CreateStationResponse created, other;
  ASSERT_TRUE(CreateStation(SampleStation({"s1", "s2", "s3"}), "beishan", &created).ok());
  EXPECT_EQ(created.station().name(), "congresses/hz/stations/beishan");
  EXPECT_EQ(created.station().etag(), "1");
  Station plain = SampleStation({});
  plain.set_is_legislative_contact_point(false);
  ASSERT_TRUE(CreateStation(plain, "lingyin", &other).ok());

  ListStationsRequest list;
  list.set_parent("congresses/hz");
  ListStationsResponse page;
  ASSERT_TRUE(stations_->ListStations(ContextWith(Token(Role::kCitizen)).get(), list, &page).ok());
  EXPECT_EQ(page.stations_size(), 2);
  list.set_legislative_contact_points_only(true);
  ASSERT_TRUE(stations_->ListStations(ContextWith(Token(Role::kCitizen)).get(), list, &page).ok());
  ASSERT_EQ(page.stations_size(), 1);
  EXPECT_EQ(page.stations(0).name(), "congresses/hz/stations/beishan");

  UpdateStationRequest update;
  *update.mutable_station() = created.station();
  update.mutable_station()->add_deputies(DeputyName("s4"));
  update.mutable_station()->set_open_hours("每周三 9:00-11:30");
  update.mutable_update_mask()->add_paths("deputies");
  update.mutable_update_mask()->add_paths("open_hours");
  UpdateStationResponse updated;
  auto s = stations_->UpdateStation(ContextWith(staff_).get(), update, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.station().deputies_size(), 4);
  EXPECT_EQ(updated.station().etag(), "2");
  EXPECT_EQ(stations_->UpdateStation(ContextWith(staff_).get(), update, &updated).error_code(),
            grpc::StatusCode::ABORTED)
      << "the etag read before the first update is stale";

  ScheduleReceptionRequest sched;
  sched.set_parent("congresses/hz");
  sched.mutable_schedule()->set_station(created.station().name());
  *sched.mutable_schedule()->mutable_date() = Day(2024, 6, 5);
  sched.mutable_schedule()->add_deputies(DeputyName("s1"));
  sched.mutable_schedule()->add_deputies(DeputyName("s4"));
  sched.mutable_schedule()->set_note("物业管理专题接待");
  ScheduleReceptionResponse scheduled;
  s = stations_->ScheduleReception(ContextWith(staff_).get(), sched, &scheduled);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(absl::StartsWith(scheduled.schedule().name(), "congresses/hz/receptionSchedules/20240605-"));
  ListReceptionScheduleRequest ls;
  ls.set_station(created.station().name());
  ListReceptionScheduleResponse schedule;
  ASSERT_TRUE(stations_->ListReceptionSchedule(ContextWith(Token(Role::kDeputy)).get(), ls, &schedule).ok());
  ASSERT_EQ(schedule.schedules_size(), 1);
  EXPECT_EQ(schedule.schedules(0).deputies_size(), 2);

  // The reception day: the log and one record per deputy present in one write.
  const int64_t feed = FeedLength();
  LogReceptionRequest log;
  log.set_parent("congresses/hz");
  *log.mutable_log() = SampleLog({"s1", "s2"});
  log.set_request_id("reception-0531");
  LogReceptionResponse logged;
  s = stations_->LogReception(ContextWith(staff_).get(), log, &logged);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(logged.duty_records_size(), 2);
  EXPECT_EQ(logged.log().logged_by(), "tester");
  EXPECT_EQ(FeedLength(), feed + 3);
  EXPECT_EQ(DutyRecordsOf(staff_, "s1", 2024).size(), 1u);
  EXPECT_EQ(DutyRecordsOf(staff_, "s2", 2024).size(), 1u);
  EXPECT_TRUE(DutyRecordsOf(staff_, "s3", 2024).empty());

  // A retry answers the same log and its records, and writes nothing.
  LogReceptionResponse again;
  ASSERT_TRUE(stations_->LogReception(ContextWith(staff_).get(), log, &again).ok());
  EXPECT_EQ(again.log().name(), logged.log().name());
  EXPECT_EQ(std::vector<std::string>(again.duty_records().begin(), again.duty_records().end()),
            std::vector<std::string>(logged.duty_records().begin(), logged.duty_records().end()));
  EXPECT_EQ(FeedLength(), feed + 3);

  const std::string log_id = logged.log().name().substr(logged.log().name().rfind('/') + 1);
  auto records = DutyRecordsInFeed(staff_);
  ASSERT_EQ(records.size(), 2u);
  for (const auto& r : records) {
    EXPECT_EQ(r.type(), DUTY_RECORD_TYPE_STATION_RECEPTION);
    EXPECT_EQ(r.related_resource(), logged.log().name());
    EXPECT_EQ(r.source_id(), absl::StrCat("receptionLogs/", log_id, "/", r.deputy().substr(r.deputy().rfind('/') + 1)));
    EXPECT_EQ(r.date().day(), 31);
  }

  ListReceptionLogsRequest ll;
  ll.set_station(created.station().name());
  ListReceptionLogsResponse logs;
  ASSERT_TRUE(stations_->ListReceptionLogs(ContextWith(Token(Role::kLeader)).get(), ll, &logs).ok());
  ASSERT_EQ(logs.logs_size(), 1);
  EXPECT_EQ(logs.logs(0).constituents_received(), 12);
  EXPECT_EQ(logs.logs(0).opinions(0), "congresses/hz/opinions/op-1");
}

// Every refusal: its code, and nothing written.
TEST_F(StationsTest, BadInputAndWrongRolesAreRefusedAndWriteNothing) {
  AddDeputy("s1");
  AddDeputy("s2");
  AddDeputy("gone", DEPUTY_STATUS_TERMINATED);
  CreateStationResponse created;
  ASSERT_TRUE(CreateStation(SampleStation({"s1", "gone"}), "beishan", &created).ok());
  const int64_t feed_before = FeedLength();

  using Case = testing::RefusedCall;
  auto create = [&](std::function<void(CreateStationRequest&)> mutate, const std::string& token) {
    return [=, this] {
      CreateStationRequest req;
      req.set_parent("congresses/hz");
      *req.mutable_station() = SampleStation({"s1"});
      mutate(req);
      CreateStationResponse resp;
      return stations_->CreateStation(ContextWith(token).get(), req, &resp);
    };
  };
  auto update = [&](std::function<void(UpdateStationRequest&)> mutate, const std::string& token) {
    return [=, this] {
      UpdateStationRequest req;
      *req.mutable_station() = created.station();
      req.mutable_update_mask()->add_paths("open_hours");
      mutate(req);
      UpdateStationResponse resp;
      return stations_->UpdateStation(ContextWith(token).get(), req, &resp);
    };
  };
  auto schedule = [&](std::function<void(ReceptionSchedule&)> mutate, const std::string& token) {
    return [=, this] {
      ScheduleReceptionRequest req;
      req.set_parent("congresses/hz");
      req.mutable_schedule()->set_station("congresses/hz/stations/beishan");
      *req.mutable_schedule()->mutable_date() = Day(2024, 6, 5);
      req.mutable_schedule()->add_deputies(DeputyName("s1"));
      mutate(*req.mutable_schedule());
      ScheduleReceptionResponse resp;
      return stations_->ScheduleReception(ContextWith(token).get(), req, &resp);
    };
  };
  auto log = [&](std::function<void(ReceptionLog&)> mutate, const std::string& token) {
    return [=, this] {
      LogReceptionRequest req;
      req.set_parent("congresses/hz");
      *req.mutable_log() = SampleLog({"s1"});
      mutate(*req.mutable_log());
      LogReceptionResponse resp;
      return stations_->LogReception(ContextWith(token).get(), req, &resp);
    };
  };
  const std::string deputy = Token(Role::kDeputy, "d", "s1");
  const std::string citizen = Token(Role::kCitizen);
  std::vector<Case> cases = {
      {"create: deputy role", create([](auto&) {}, deputy), grpc::StatusCode::PERMISSION_DENIED},
      {"create: no name", create([](auto& r) { r.mutable_station()->clear_display_name(); }, staff_),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"create: no address", create([](auto& r) { r.mutable_station()->clear_address(); }, staff_),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"create: malformed deputy", create([](auto& r) { r.mutable_station()->add_deputies("s2"); }, staff_),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"create: deputy twice", create([](auto& r) { r.mutable_station()->add_deputies(DeputyName("s1")); }, staff_),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"create: id taken", create([](auto& r) { r.set_station_id("beishan"); }, staff_),
       grpc::StatusCode::ALREADY_EXISTS},
      {"update: unknown field", update([](auto& r) { r.mutable_update_mask()->add_paths("name"); }, staff_),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"update: unknown station",
       update([](auto& r) { r.mutable_station()->set_name("congresses/hz/stations/none"); }, staff_),
       grpc::StatusCode::NOT_FOUND},
      {"update: leader role", update([](auto&) {}, Token(Role::kLeader)), grpc::StatusCode::PERMISSION_DENIED},
      {"schedule: in the past", schedule([](auto& s) { *s.mutable_date() = Day(2024, 5, 1); }, staff_),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"schedule: no deputies", schedule([](auto& s) { s.clear_deputies(); }, staff_),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"schedule: deputy not at the station", schedule([](auto& s) { s.add_deputies(DeputyName("s2")); }, staff_),
       grpc::StatusCode::FAILED_PRECONDITION},
      {"schedule: deputy not serving", schedule([](auto& s) { s.add_deputies(DeputyName("gone")); }, staff_),
       grpc::StatusCode::FAILED_PRECONDITION},
      {"schedule: unknown station",
       schedule([](auto& s) { s.set_station("congresses/hz/stations/none"); }, staff_), grpc::StatusCode::NOT_FOUND},
      {"schedule: deputy role", schedule([](auto&) {}, deputy), grpc::StatusCode::PERMISSION_DENIED},
      {"log: in the future", log([](auto& l) { *l.mutable_date() = Day(2024, 6, 2); }, staff_),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"log: malformed opinion", log([](auto& l) { l.add_opinions("congresses/hz/suggestions/x"); }, staff_),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"log: opinion of another congress", log([](auto& l) { l.add_opinions("congresses/nb/opinions/x"); }, staff_),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"log: negative count", log([](auto& l) { l.set_constituents_received(-1); }, staff_),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"log: nobody present", log([](auto& l) { l.clear_deputies_present(); }, staff_),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"log: deputy not serving", log([](auto& l) { l.add_deputies_present(DeputyName("gone")); }, staff_),
       grpc::StatusCode::FAILED_PRECONDITION},
      {"log: unknown deputy", log([](auto& l) { l.add_deputies_present(DeputyName("nobody")); }, staff_),
       grpc::StatusCode::NOT_FOUND},
      {"log: unknown station", log([](auto& l) { l.set_station("congresses/hz/stations/none"); }, staff_),
       grpc::StatusCode::NOT_FOUND},
      {"log: citizen", log([](auto&) {}, citizen), grpc::StatusCode::PERMISSION_DENIED},
      {"log: no token", log([](auto&) {}, ""), grpc::StatusCode::UNAUTHENTICATED},
  };
  testing::ExpectRefused(cases);
  EXPECT_EQ(FeedLength(), feed_before);
  EXPECT_EQ(LogsAndSchedules(), std::make_pair(0, 0)) << "no reception log, no schedule";
}

}  // namespace
}  // namespace renda
