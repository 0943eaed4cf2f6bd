// The registry of congresses and units (RegistryService in the representatives service), and
// every service refusing what it does not know: a call naming an unregistered congress, a token
// for one, a handling unit that is not registered or no longer active.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "renda/intake/v1/intake.grpc.pb.h"
#include "renda/intake/v1/proposal.grpc.pb.h"
#include "renda/representatives/v1/registry.grpc.pb.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "services/common/errors.h"
#include "services/common/grpc_status.h"
#include "tests/support/intake_fixture.h"
#include "tests/support/storage.h"

namespace renda {
namespace {

namespace rv1 = representatives::v1;
namespace iv1 = intake::v1;
using grpc::StatusCode;

class RegistryTest : public testing::IntakeFixture {
 protected:
  void SetUp() override {
    StartServices();
    StartIntake();
    registry_ = rv1::RegistryService::NewStub(channel_);
    opinions_ = iv1::IntakeService::NewStub(intake_channel_);
  }

  // An admin token for `congress` ("*": every one).
  std::string Admin(const std::string& congress) { return Token(Role::kAdmin, "registrar", "", congress); }

  grpc::Status CreateCongress(const std::string& token, const std::string& id, rv1::CongressLevel level,
                              const std::string& parent, rv1::Congress* out = nullptr) {
    rv1::CreateCongressRequest req;
    req.set_congress_id(id);
    req.mutable_congress()->set_display_name(id + " 人民代表大会");
    req.mutable_congress()->set_level(level);
    req.mutable_congress()->set_parent(parent);
    req.mutable_congress()->set_term(3);
    rv1::CreateCongressResponse resp;
    grpc::Status s = registry_->CreateCongress(testing::ContextWith(token).get(), req, &resp);
    if (out != nullptr) *out = resp.congress();
    return s;
  }

  grpc::Status Submit(const std::string& congress, const std::string& token = "") {
    iv1::SubmitOpinionRequest req;
    req.set_parent("congresses/" + congress);
    req.mutable_opinion()->set_title("路灯不亮");
    req.mutable_opinion()->set_content("文三路的路灯坏了一个月");
    req.mutable_opinion()->set_channel(iv1::CHANNEL_ONLINE);
    iv1::SubmitOpinionResponse resp;
    return opinions_->SubmitOpinion(testing::ContextWith(token).get(), req, &resp);
  }

  grpc::Status ListOpinions(const std::string& token, const std::string& congress = "hz") {
    iv1::ListOpinionsRequest req;
    req.set_parent("congresses/" + congress);
    iv1::ListOpinionsResponse resp;
    return opinions_->ListOpinions(testing::ContextWith(token).get(), req, &resp);
  }

  std::unique_ptr<rv1::RegistryService::Stub> registry_;
  std::unique_ptr<iv1::IntakeService::Stub> opinions_;
};

TEST_F(RegistryTest, CongressesAreRegisteredByLevelUnderTheirParent) {
  rv1::Congress xihu;
  ASSERT_TRUE(CreateCongress(Admin("*"), "hz-xihu", rv1::CONGRESS_LEVEL_DISTRICT, "congresses/hz", &xihu).ok());
  EXPECT_EQ(xihu.name(), "congresses/hz-xihu");
  EXPECT_EQ(xihu.etag(), "1");
  // The city's admin registers the townships of its districts' too, a district's admin its own.
  EXPECT_TRUE(CreateCongress(Admin("hz-xihu"), "xihu-sandun", rv1::CONGRESS_LEVEL_TOWNSHIP, "congresses/hz-xihu").ok());

  const std::vector<std::pair<std::string, StatusCode>> refusals = {
      {"again", CreateCongress(Admin("*"), "hz-xihu", rv1::CONGRESS_LEVEL_DISTRICT, "congresses/hz").error_code()},
      {"a city by a city's admin",
       CreateCongress(Admin("hz"), "nb", rv1::CONGRESS_LEVEL_CITY, "").error_code()},
      {"a district by another city's admin",
       CreateCongress(Admin("sh"), "hz-gongshu", rv1::CONGRESS_LEVEL_DISTRICT, "congresses/hz").error_code()},
      {"a district without parent", CreateCongress(Admin("*"), "hz-a", rv1::CONGRESS_LEVEL_DISTRICT, "").error_code()},
      {"a township under a city",
       CreateCongress(Admin("*"), "hz-b", rv1::CONGRESS_LEVEL_TOWNSHIP, "congresses/hz").error_code()},
      {"under an unregistered parent",
       CreateCongress(Admin("*"), "nowhere-a", rv1::CONGRESS_LEVEL_DISTRICT, "congresses/nowhere").error_code()},
      {"a bad id", CreateCongress(Admin("*"), "Bad Id", rv1::CONGRESS_LEVEL_CITY, "").error_code()},
      {"by staff", CreateCongress(Token(Role::kStaff, "s", "", "*"), "nb", rv1::CONGRESS_LEVEL_CITY, "").error_code()},
  };
  const std::vector<StatusCode> want = {StatusCode::ALREADY_EXISTS,   StatusCode::PERMISSION_DENIED,
                                        StatusCode::PERMISSION_DENIED, StatusCode::INVALID_ARGUMENT,
                                        StatusCode::INVALID_ARGUMENT, StatusCode::NOT_FOUND,
                                        StatusCode::INVALID_ARGUMENT, StatusCode::PERMISSION_DENIED};
  for (size_t i = 0; i < refusals.size(); ++i) EXPECT_EQ(refusals[i].second, want[i]) << refusals[i].first;

  // Anyone reads the registry, without a token.
  rv1::ListCongressesRequest under_hz;
  under_hz.set_parent("congresses/hz");
  rv1::ListCongressesResponse listed;
  ASSERT_TRUE(registry_->ListCongresses(testing::ContextWith("").get(), under_hz, &listed).ok());
  ASSERT_EQ(listed.congresses_size(), 1);
  EXPECT_EQ(listed.congresses(0).name(), "congresses/hz-xihu");
  rv1::ListCongressesResponse all;
  ASSERT_TRUE(registry_->ListCongresses(testing::ContextWith("").get(), {}, &all).ok());
  std::vector<std::string> names;
  for (const auto& c : all.congresses()) names.push_back(c.name());
  EXPECT_EQ(names, (std::vector<std::string>{"congresses/hz", "congresses/hz-xihu", "congresses/sh",
                                             "congresses/xihu-sandun"}));
  rv1::GetCongressRequest get;
  get.set_name("congresses/nowhere");
  rv1::GetCongressResponse got;
  grpc::Status missing = registry_->GetCongress(testing::ContextWith("").get(), get, &got);
  EXPECT_EQ(missing.error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(ErrorReason(FromGrpcStatus(missing)), "CONGRESS_NOT_FOUND");
}

TEST_F(RegistryTest, ACallNamingAnUnregisteredCongressIsNotFoundAndWritesNothing) {
  // Anonymous, the public submission: refused before the rate limit counts anything.
  grpc::Status anonymous = Submit("nowhere");
  EXPECT_EQ(anonymous.error_code(), StatusCode::NOT_FOUND) << anonymous.error_message();
  EXPECT_EQ(ErrorReason(FromGrpcStatus(anonymous)), "CONGRESS_NOT_FOUND");
  EXPECT_NE(anonymous.error_message().find("nowhere"), std::string::npos);
  // A token for the unregistered congress, in its own congress and in a registered one.
  EXPECT_EQ(ListOpinions(Token(Role::kStaff, "s", "", "nowhere"), "nowhere").error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(ListOpinions(Token(Role::kStaff, "s", "", "nowhere"), "hz").error_code(), StatusCode::NOT_FOUND);
  // The representatives service refuses the same way.
  rv1::GetDeputyRequest deputy;
  deputy.set_name("congresses/nowhere/deputies/d-1");
  rv1::GetDeputyResponse got;
  EXPECT_EQ(deputies_->GetDeputy(testing::ContextWith(Token(Role::kStaff, "s", "", "*")).get(), deputy, &got)
                .error_code(),
            StatusCode::NOT_FOUND);
  // Not one key of the phantom congress exists in either service (a rate-limit counter, a feed,
  // an index): the check is the point of this assertion, so it reads Redis itself.
  EXPECT_THAT(testing::RawStorage(redis_).KeysMatching("*{nowhere}*"), ::testing::IsEmpty());

  // A congress registered now is served at once.
  ASSERT_TRUE(CreateCongress(Admin("*"), "nb", rv1::CONGRESS_LEVEL_CITY, "").ok());
  EXPECT_TRUE(Submit("nb").ok());
  EXPECT_TRUE(ListOpinions(Token(Role::kStaff, "s", "", "nb"), "nb").ok());
}

TEST_F(RegistryTest, AHandlingUnitsTokenMustNameARegisteredActiveUnit) {
  EXPECT_TRUE(ListOpinions(UnitToken("hz-jtj")).ok());
  grpc::Status unknown = ListOpinions(UnitToken("hz-nosuch"));
  EXPECT_EQ(unknown.error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_NE(unknown.error_message().find("hz-nosuch"), std::string::npos) << unknown.error_message();

  // Deactivated, the unit's token no longer works (within the registry cache's few seconds;
  // this unit was never asked for before, so at once).
  rv1::CreateUnitRequest create;
  create.set_parent("congresses/hz");
  create.set_unit_id("hz-old");
  create.mutable_unit()->set_display_name("杭州市旧局");
  create.mutable_unit()->set_kind(rv1::UNIT_KIND_GOVERNMENT_DEPARTMENT);
  rv1::CreateUnitResponse created;
  ASSERT_TRUE(registry_->CreateUnit(testing::ContextWith(Token(Role::kStaff)).get(), create, &created).ok());
  EXPECT_TRUE(created.unit().active());
  rv1::UpdateUnitRequest off;
  *off.mutable_unit() = created.unit();
  off.mutable_unit()->set_active(false);
  off.mutable_update_mask()->add_paths("active");
  rv1::UpdateUnitResponse updated;
  ASSERT_TRUE(registry_->UpdateUnit(testing::ContextWith(Token(Role::kStaff)).get(), off, &updated).ok());
  EXPECT_FALSE(updated.unit().active());
  EXPECT_EQ(ListOpinions(UnitToken("hz-old")).error_code(), StatusCode::PERMISSION_DENIED);

  // Only active units are listed unless asked.
  rv1::ListUnitsRequest list;
  list.set_parent("congresses/hz");
  rv1::ListUnitsResponse active;
  ASSERT_TRUE(registry_->ListUnits(testing::ContextWith("").get(), list, &active).ok());
  list.set_include_inactive(true);
  rv1::ListUnitsResponse every;
  ASSERT_TRUE(registry_->ListUnits(testing::ContextWith("").get(), list, &every).ok());
  EXPECT_EQ(every.units_size(), active.units_size() + 1);
  for (const auto& u : active.units()) EXPECT_NE(u.name(), "congresses/hz/units/hz-old");
}

TEST_F(RegistryTest, WorkGoesOnlyToRegisteredActiveUnits) {
  iv1::SubmitOpinionRequest submit;
  submit.set_parent("congresses/hz");
  submit.mutable_opinion()->set_title("公交站台破损");
  submit.mutable_opinion()->set_content("文一路公交站台的顶棚破了");
  submit.mutable_opinion()->set_channel(iv1::CHANNEL_HOTLINE);
  iv1::SubmitOpinionResponse submitted;
  ASSERT_TRUE(opinions_->SubmitOpinion(testing::ContextWith(Token(Role::kStaff)).get(), submit, &submitted).ok());
  const int64_t feed = FeedLength();

  auto assign = [&](const std::string& unit) {
    iv1::AssignOpinionRequest req;
    req.set_name(submitted.opinion().name());
    req.set_handling_unit(unit);
    iv1::AssignOpinionResponse resp;
    return FromGrpcStatus(opinions_->AssignOpinion(testing::ContextWith(Token(Role::kStaff)).get(), req, &resp));
  };
  const absl::Status misspelled = assign("hz-jtjj");
  EXPECT_EQ(misspelled.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(FieldViolations(misspelled).size(), 1u);
  EXPECT_EQ(FieldViolations(misspelled)[0].field, "handling_unit");
  EXPECT_NE(FieldViolations(misspelled)[0].description.find("hz-jtjj"), std::string::npos);

  rv1::CreateUnitRequest create;
  create.set_parent("congresses/hz");
  create.set_unit_id("hz-closed");
  create.mutable_unit()->set_display_name("杭州市已撤销局");
  create.mutable_unit()->set_kind(rv1::UNIT_KIND_GOVERNMENT_DEPARTMENT);
  rv1::CreateUnitResponse created;
  ASSERT_TRUE(registry_->CreateUnit(testing::ContextWith(Token(Role::kStaff)).get(), create, &created).ok());
  rv1::UpdateUnitRequest off;
  *off.mutable_unit() = created.unit();
  off.mutable_unit()->set_active(false);
  off.mutable_update_mask()->add_paths("active");
  rv1::UpdateUnitResponse updated;
  ASSERT_TRUE(registry_->UpdateUnit(testing::ContextWith(Token(Role::kStaff)).get(), off, &updated).ok());
  const absl::Status inactive = assign("hz-closed");
  EXPECT_EQ(inactive.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(inactive.message().find("no longer active"), std::string::npos) << inactive.message();
  EXPECT_EQ(FeedLength(), feed) << "a refused assignment writes nothing";

  // A proposal's lead and co-handling units likewise (checked before the proposal is read).
  auto proposals = iv1::ProposalService::NewStub(intake_channel_);
  iv1::AssignProposalRequest to_proposal;
  to_proposal.set_name("congresses/hz/proposals/p-1");
  to_proposal.set_lead_unit("hz-jtj");
  to_proposal.add_co_units("hz-nosuch");
  iv1::AssignProposalResponse assigned;
  const absl::Status co_unit =
      FromGrpcStatus(proposals->AssignProposal(testing::ContextWith(Token(Role::kStaff)).get(), to_proposal, &assigned));
  EXPECT_EQ(co_unit.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(FieldViolations(co_unit).size(), 1u);
  EXPECT_EQ(FieldViolations(co_unit)[0].field, "co_units[0]");
}

}  // namespace
}  // namespace renda
