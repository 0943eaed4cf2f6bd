// The supervision service end to end: plan items created by staff, read by everyone signed in.
#include <gtest/gtest.h>

#include "renda/feed/v1/feed.grpc.pb.h"
#include "services/supervision/supervision_service.h"
#include "tests/support/redis_server.h"
#include "tests/support/suite.h"

namespace renda {
namespace {

using namespace supervision::v1;  // NOLINT: test brevity
using testing::ContextWith;
using testing::TokenFor;

class SupervisionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    host_ = testing::StartHost(redis_.address(), &supervision::MakeSupervisionServices);
    ASSERT_TRUE(testing::WaitServing(*host_));
    stub_ = SupervisionService::NewStub(testing::ChannelTo(*host_));
    feed_ = renda::feed::v1::ChangeFeedService::NewStub(testing::ChannelTo(*host_));
  }

  CreateSupervisionItemRequest Request(int year, SupervisionArea area) {
    CreateSupervisionItemRequest req;
    req.set_parent("congresses/hz");
    auto* item = req.mutable_supervision_item();
    item->set_title("关于2025年度市级预算执行和其他财政收支的审计工作报告");
    item->set_area(area);
    item->set_form(SUPERVISION_FORM_SPECIAL_WORK_REPORT);
    item->set_year(year);
    item->set_responsible_body("杭州市人民政府");
    return req;
  }

  // The number of events in supervision's change feed of hz, as its readers see it.
  int64_t FeedLength() { return static_cast<int64_t>(testing::AllChanges(*feed_, TokenFor(Role::kService)).size()); }

  testing::RedisServer redis_;
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<renda::feed::v1::ChangeFeedService::Stub> feed_;
  std::unique_ptr<SupervisionService::Stub> stub_;
};

TEST_F(SupervisionTest, StaffPlanAnItemAndDeputiesReadIt) {
  CreateSupervisionItemResponse created;
  ASSERT_TRUE(stub_->CreateSupervisionItem(ContextWith(TokenFor(Role::kStaff)).get(),
                                           Request(2026, SUPERVISION_AREA_FINANCE), &created).ok());
  EXPECT_EQ(created.supervision_item().state(), SUPERVISION_ITEM_STATE_PLANNED);
  ASSERT_TRUE(stub_->CreateSupervisionItem(ContextWith(TokenFor(Role::kStaff)).get(),
                                           Request(2025, SUPERVISION_AREA_ENVIRONMENT), &created).ok());

  GetSupervisionItemRequest get;
  get.set_name(created.supervision_item().name());
  GetSupervisionItemResponse got;
  ASSERT_TRUE(stub_->GetSupervisionItem(ContextWith(TokenFor(Role::kDeputy)).get(), get, &got).ok());
  EXPECT_EQ(got.supervision_item().year(), 2025);

  ListSupervisionItemsRequest list;
  list.set_parent("congresses/hz");
  list.set_year(2026);
  ListSupervisionItemsResponse page;
  ASSERT_TRUE(stub_->ListSupervisionItems(ContextWith(TokenFor(Role::kDeputy)).get(), list, &page).ok());
  ASSERT_EQ(page.supervision_items_size(), 1);
  EXPECT_EQ(page.supervision_items(0).area(), SUPERVISION_AREA_FINANCE);
}

TEST_F(SupervisionTest, RefusalsHaveTheirCodeAndWriteNothing) {
  CreateSupervisionItemResponse resp;
  EXPECT_EQ(stub_->CreateSupervisionItem(ContextWith(TokenFor(Role::kDeputy)).get(),
                                         Request(2026, SUPERVISION_AREA_FINANCE), &resp).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(stub_->CreateSupervisionItem(ContextWith("").get(), Request(2026, SUPERVISION_AREA_FINANCE), &resp)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(stub_->CreateSupervisionItem(ContextWith(TokenFor(Role::kStaff)).get(),
                                         Request(1999, SUPERVISION_AREA_FINANCE), &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(stub_->CreateSupervisionItem(ContextWith(TokenFor(Role::kStaff)).get(),
                                         Request(2026, static_cast<SupervisionArea>(77)), &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  auto no_title = Request(2026, SUPERVISION_AREA_FINANCE);
  no_title.mutable_supervision_item()->clear_title();
  grpc::Status s = stub_->CreateSupervisionItem(ContextWith(TokenFor(Role::kStaff)).get(), no_title, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("supervision_item.title"), std::string::npos) << s.error_message();
  EXPECT_EQ(FeedLength(), 0) << "a refused call writes nothing";

  GetSupervisionItemRequest get;
  get.set_name("congresses/hz/supervisionItems/none");
  GetSupervisionItemResponse got;
  s = stub_->GetSupervisionItem(ContextWith(TokenFor(Role::kStaff)).get(), get, &got);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  get.set_name("congresses/hz/items/none");
  EXPECT_EQ(stub_->GetSupervisionItem(ContextWith(TokenFor(Role::kStaff)).get(), get, &got).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace renda
