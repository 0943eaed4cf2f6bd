// Organizations and memberships end to end: a real Redis, the representatives binary's services
// on port 0, real gRPC.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "renda/representatives/v1/organizations.grpc.pb.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/services.h"
#include "tests/support/representatives_fixture.h"

namespace renda {
namespace {

using namespace representatives::v1;  // NOLINT: test brevity
using renda::type::v1::Date;
using testing::ContextWith;
using testing::TokenFor;
using Names = std::vector<std::string>;

Date D(int y, int m, int d) { return testing::Day(y, m, d); }

Names Sorted(Names n) {
  std::sort(n.begin(), n.end());
  return n;
}

class OrganizationsTest : public testing::RepresentativesFixture {
 protected:
  void SetUp() override {
    StartServices(&representatives::MakeRepresentativesServices, RealClock::Get());
    orgs_ = OrganizationService::NewStub(channel_);
  }

  std::string AddDeputy(const std::string& id, const std::string& display_name) {
    CreateDeputyRequest req;
    req.set_parent("congresses/hz");
    req.set_deputy_id(id);
    req.mutable_deputy()->set_display_name(display_name);
    req.mutable_deputy()->set_term(16);
    req.mutable_deputy()->set_electoral_unit("西湖区");
    CreateDeputyResponse resp;
    grpc::Status s = deputies_->CreateDeputy(ContextWith(staff_).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.deputy().name();
  }

  void Resign(const std::string& deputy) {
    ChangeDeputyStatusRequest req;
    req.set_name(deputy);
    req.set_status(DEPUTY_STATUS_RESIGNED);
    *req.mutable_effective_date() = representatives::DateOf(absl::Now());
    req.set_reason("本人申请辞职");
    ChangeDeputyStatusResponse resp;
    grpc::Status s = deputies_->ChangeDeputyStatus(ContextWith(staff_).get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  static Organization Org(const std::string& display_name, OrganizationClassification c, int term = 16,
                          const std::string& parent = "") {
    Organization o;
    o.set_display_name(display_name);
    o.set_classification(c);
    o.set_level(ORGANIZATION_LEVEL_CITY);
    o.set_term(term);
    o.set_parent(parent);
    return o;
  }

  grpc::Status CreateOrg(const Organization& o, const std::string& id, Organization* out = nullptr,
                         const std::string& token = "") {
    CreateOrganizationRequest req;
    req.set_parent("congresses/hz");
    *req.mutable_organization() = o;
    req.set_organization_id(id);
    CreateOrganizationResponse resp;
    grpc::Status s = orgs_->CreateOrganization(ContextWith(token.empty() ? staff_ : token).get(), req, &resp);
    if (out) *out = resp.organization();
    return s;
  }

  static Membership Member(const std::string& deputy, const std::string& org, const Date& start,
                           MembershipRole role = MEMBERSHIP_ROLE_MEMBER) {
    Membership m;
    m.set_deputy(deputy);
    m.set_organization(org);
    m.set_role(role);
    m.set_post_label("委员");
    *m.mutable_start_date() = start;
    return m;
  }

  grpc::Status Join(const Membership& m, Membership* out = nullptr, const std::string& token = "") {
    CreateMembershipRequest req;
    req.set_parent("congresses/hz");
    *req.mutable_membership() = m;
    CreateMembershipResponse resp;
    grpc::Status s = orgs_->CreateMembership(ContextWith(token.empty() ? staff_ : token).get(), req, &resp);
    if (out) *out = resp.membership();
    return s;
  }

  grpc::Status End(const std::string& membership, const Date& end, Membership* out = nullptr,
                   const std::string& reason = "换届") {
    EndMembershipRequest req;
    req.set_name(membership);
    *req.mutable_end_date() = end;
    req.set_end_reason(reason);
    EndMembershipResponse resp;
    grpc::Status s = orgs_->EndMembership(ContextWith(staff_).get(), req, &resp);
    if (out) *out = resp.membership();
    return s;
  }

  // The deputies of every membership a ListMemberships request finds, page by page.
  Names Members(ListMembershipsRequest req, int page_size = 0) {
    req.set_parent("congresses/hz");
    req.set_page_size(page_size);
    Names out;
    for (int pages = 0; pages < 100; ++pages) {
      ListMembershipsResponse page;
      grpc::Status s = orgs_->ListMemberships(ContextWith(TokenFor(Role::kCitizen)).get(), req, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      for (const auto& m : page.memberships()) out.push_back(m.deputy());
      if (page.next_page_token().empty()) break;
      req.set_page_token(page.next_page_token());
    }
    return Sorted(out);
  }
  Names InOn(const std::string& org, const Date& day) {
    ListMembershipsRequest req;
    req.set_organization(org);
    *req.mutable_on_date() = day;
    return Members(req);
  }

  const std::string staff_ = TokenFor(Role::kStaff);
  std::unique_ptr<OrganizationService::Stub> orgs_;
};

TEST_F(OrganizationsTest, CreateGetListAndUpdateOrganizations) {
  Organization sc, fin, edu, old;
  ASSERT_TRUE(CreateOrg(Org("杭州市人大常委会", ORGANIZATION_CLASSIFICATION_STANDING_COMMITTEE), "sc16", &sc).ok());
  EXPECT_EQ(sc.name(), "congresses/hz/organizations/sc16");
  EXPECT_EQ(sc.etag(), "1");
  ASSERT_TRUE(CreateOrg(Org("财政经济委员会", ORGANIZATION_CLASSIFICATION_SPECIAL_COMMITTEE, 16, sc.name()), "fin", &fin).ok());
  ASSERT_TRUE(CreateOrg(Org("教育科学文化卫生委员会", ORGANIZATION_CLASSIFICATION_SPECIAL_COMMITTEE, 16, sc.name()), "edu", &edu).ok());
  ASSERT_TRUE(CreateOrg(Org("财政经济委员会", ORGANIZATION_CLASSIFICATION_SPECIAL_COMMITTEE, 15), "fin15", &old).ok());

  GetOrganizationRequest get;
  get.set_name(fin.name());
  GetOrganizationResponse got;
  ASSERT_TRUE(orgs_->GetOrganization(ContextWith(TokenFor(Role::kDeputy)).get(), get, &got).ok());
  EXPECT_EQ(got.organization().display_name(), "财政经济委员会");
  EXPECT_EQ(got.organization().parent(), sc.name());

  auto list = [&](std::function<void(ListOrganizationsRequest&)> filter) {
    ListOrganizationsRequest req;
    req.set_parent("congresses/hz");
    filter(req);
    ListOrganizationsResponse resp;
    grpc::Status s = orgs_->ListOrganizations(ContextWith(TokenFor(Role::kCitizen)).get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    Names ids;
    for (const auto& o : resp.organizations()) ids.push_back(o.name().substr(o.name().rfind('/') + 1));
    return Sorted(ids);
  };
  EXPECT_EQ(list([](auto&) {}), Sorted({"edu", "fin", "fin15", "sc16"}));
  EXPECT_EQ(list([](auto& r) { r.set_classification(ORGANIZATION_CLASSIFICATION_SPECIAL_COMMITTEE); }),
            Sorted({"edu", "fin", "fin15"}));
  EXPECT_EQ(list([](auto& r) { r.set_classification(ORGANIZATION_CLASSIFICATION_SPECIAL_COMMITTEE); r.set_term(16); }),
            Sorted({"edu", "fin"}));
  EXPECT_EQ(list([&](auto& r) { r.set_parent_organization(sc.name()); }), Sorted({"edu", "fin"}));
  EXPECT_EQ(list([](auto& r) { r.set_term(15); }), Names{"fin15"});

  // Update with the etag read; the stale etag is refused afterwards.
  UpdateOrganizationRequest update;
  *update.mutable_organization() = fin;
  update.mutable_organization()->set_display_name("财政经济工作委员会");
  *update.mutable_organization()->mutable_founding_date() = D(2022, 1, 10);
  update.mutable_update_mask()->add_paths("display_name");
  update.mutable_update_mask()->add_paths("founding_date");
  UpdateOrganizationResponse updated;
  grpc::Status s = orgs_->UpdateOrganization(ContextWith(staff_).get(), update, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.organization().display_name(), "财政经济工作委员会");
  EXPECT_EQ(updated.organization().etag(), "2");
  EXPECT_EQ(orgs_->UpdateOrganization(ContextWith(staff_).get(), update, &updated).error_code(),
            grpc::StatusCode::ABORTED);
}

TEST_F(OrganizationsTest, WhoWasInTheCommitteeOnADay) {
  const std::string a = AddDeputy("a", "王建国"), b = AddDeputy("b", "李秀英"), c = AddDeputy("c", "陈红");
  Organization x;
  ASSERT_TRUE(CreateOrg(Org("财政经济委员会", ORGANIZATION_CLASSIFICATION_SPECIAL_COMMITTEE), "x", &x).ok());

  Membership ma, mb, mc;
  ASSERT_TRUE(Join(Member(a, x.name(), D(2023, 1, 1), MEMBERSHIP_ROLE_CHAIRPERSON), &ma).ok());
  ASSERT_TRUE(Join(Member(b, x.name(), D(2023, 3, 1)), &mb).ok());
  ASSERT_TRUE(Join(Member(c, x.name(), D(2023, 7, 1)), &mc).ok());
  EXPECT_EQ(ma.role(), MEMBERSHIP_ROLE_CHAIRPERSON);
  EXPECT_FALSE(ma.has_end_date());
  Membership ended;
  ASSERT_TRUE(End(mb.name(), D(2023, 6, 30), &ended, "调任").ok());
  EXPECT_EQ(ended.end_date().day(), 30);
  EXPECT_EQ(ended.end_reason(), "调任");

  EXPECT_TRUE(InOn(x.name(), D(2022, 12, 31)).empty());
  EXPECT_EQ(InOn(x.name(), D(2023, 1, 1)), Names{a}) << "the start day counts";
  EXPECT_EQ(InOn(x.name(), D(2023, 2, 28)), Names{a});
  EXPECT_EQ(InOn(x.name(), D(2023, 3, 1)), Sorted({a, b}));
  EXPECT_EQ(InOn(x.name(), D(2023, 6, 30)), Sorted({a, b})) << "the end day counts";
  EXPECT_EQ(InOn(x.name(), D(2023, 7, 1)), Sorted({a, c}));
  EXPECT_EQ(InOn(x.name(), D(2030, 1, 1)), Sorted({a, c})) << "open memberships count forever";
  ListMembershipsRequest all;
  all.set_organization(x.name());
  EXPECT_EQ(Members(all), Sorted({a, b, c}));
  EXPECT_EQ(Members(all, 1), Sorted({a, b, c})) << "one per page, each once";

  // By deputy, across organizations.
  Organization g;
  ASSERT_TRUE(CreateOrg(Org("第三代表专业小组", ORGANIZATION_CLASSIFICATION_PROFESSIONAL_GROUP), "g3", &g).ok());
  ASSERT_TRUE(Join(Member(b, g.name(), D(2023, 7, 1), MEMBERSHIP_ROLE_CONVENER)).ok());
  ListMembershipsRequest of_b;
  of_b.set_deputy(b);
  ListMembershipsResponse page;
  of_b.set_parent("congresses/hz");
  ASSERT_TRUE(orgs_->ListMemberships(ContextWith(TokenFor(Role::kLeader)).get(), of_b, &page).ok());
  Names orgs_of_b;
  for (const auto& m : page.memberships()) orgs_of_b.push_back(m.organization());
  EXPECT_EQ(Sorted(orgs_of_b), Sorted({x.name(), g.name()}));
  *of_b.mutable_on_date() = D(2023, 5, 1);
  EXPECT_EQ(Members(of_b), Names{b});
  *of_b.mutable_on_date() = D(2023, 8, 1);
  ASSERT_TRUE(orgs_->ListMemberships(ContextWith(TokenFor(Role::kLeader)).get(), of_b, &page).ok());
  ASSERT_EQ(page.memberships_size(), 1);
  EXPECT_EQ(page.memberships(0).organization(), g.name());
}

TEST_F(OrganizationsTest, OverlappingMembershipsOfTheSameDeputyAreRefused) {
  const std::string a = AddDeputy("a", "王建国");
  Organization x, y;
  ASSERT_TRUE(CreateOrg(Org("常委会", ORGANIZATION_CLASSIFICATION_STANDING_COMMITTEE), "x", &x).ok());
  ASSERT_TRUE(CreateOrg(Org("西湖区代表团", ORGANIZATION_CLASSIFICATION_DELEGATION), "y", &y).ok());
  Membership first;
  ASSERT_TRUE(Join(Member(a, x.name(), D(2022, 1, 1)), &first).ok());
  const int64_t feed = FeedLength();
  grpc::Status s = Join(Member(a, x.name(), D(2024, 1, 1), MEMBERSHIP_ROLE_VICE_CHAIRPERSON));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS) << "the first is still open";
  EXPECT_NE(s.error_message().find(first.name()), std::string::npos) << s.error_message();
  s = Join(Member(a, x.name(), D(2021, 1, 1)));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS) << "an open-ended earlier one overlaps too";
  EXPECT_EQ(FeedLength(), feed);
  EXPECT_TRUE(Join(Member(a, y.name(), D(2024, 1, 1))).ok()) << "another organization is fine";

  // Promoted: the first ends the day before the new role starts.
  ASSERT_TRUE(End(first.name(), D(2023, 12, 31)).ok());
  EXPECT_EQ(Join(Member(a, x.name(), D(2023, 12, 31))).error_code(), grpc::StatusCode::ALREADY_EXISTS)
      << "the end day still counts";
  Membership second;
  ASSERT_TRUE(Join(Member(a, x.name(), D(2024, 1, 1), MEMBERSHIP_ROLE_VICE_CHAIRPERSON), &second).ok());
  EXPECT_NE(second.name(), first.name());
  // A closed earlier span that fits before the first is fine.
  Membership earlier = Member(a, x.name(), D(2019, 1, 1));
  *earlier.mutable_end_date() = D(2021, 12, 31);
  earlier.set_end_reason("上届");
  ASSERT_TRUE(Join(earlier).ok());
  ListMembershipsRequest pair;
  pair.set_organization(x.name());
  pair.set_deputy(a);
  EXPECT_EQ(Members(pair).size(), 3u);
  *pair.mutable_on_date() = D(2023, 6, 1);
  EXPECT_EQ(Members(pair), Names{a});
}

TEST_F(OrganizationsTest, RacingCreatesOfOverlappingMembershipsLeaveOne) {
  const std::string a = AddDeputy("a", "王建国");
  Organization x;
  ASSERT_TRUE(CreateOrg(Org("常委会", ORGANIZATION_CLASSIFICATION_STANDING_COMMITTEE), "x", &x).ok());
  std::atomic<int> ok{0}, exists{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      grpc::Status s = Join(Member(a, x.name(), D(2023, 1 + i, 1)));
      if (s.ok()) {
        ++ok;
      } else if (s.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
        ++exists;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(exists.load(), 5);
  EXPECT_EQ(other.load(), 0);
  ListMembershipsRequest pair;
  pair.set_organization(x.name());
  pair.set_deputy(a);
  EXPECT_EQ(Members(pair), Names{a}) << "one membership of a in x";
}

TEST_F(OrganizationsTest, DeputiesWhoStoppedServingGetNoNewMembershipsButOldOnesCanEnd) {
  const std::string a = AddDeputy("a", "王建国");
  Organization x;
  ASSERT_TRUE(CreateOrg(Org("常委会", ORGANIZATION_CLASSIFICATION_STANDING_COMMITTEE), "x", &x).ok());
  Organization y;
  ASSERT_TRUE(CreateOrg(Org("代表联络站", ORGANIZATION_CLASSIFICATION_LIAISON_STATION, 0), "y", &y).ok());
  Membership m;
  ASSERT_TRUE(Join(Member(a, x.name(), D(2023, 1, 1)), &m).ok());
  Resign(a);
  const int64_t feed = FeedLength();
  grpc::Status s = Join(Member(a, y.name(), D(2023, 1, 1)));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_EQ(FeedLength(), feed);
  // Resigning does not end memberships by itself: staff end them.
  EXPECT_EQ(InOn(x.name(), D(2030, 1, 1)), Names{a});
  Membership ended;
  ASSERT_TRUE(End(m.name(), representatives::DateOf(absl::Now()), &ended, "辞去代表职务").ok());
  EXPECT_TRUE(InOn(x.name(), D(2030, 1, 1)).empty());
  // Ending twice is refused.
  EXPECT_EQ(End(m.name(), D(2024, 1, 1)).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(OrganizationsTest, ADissolvedOrganizationTakesNoMembersAfterItsEnd) {
  const std::string a = AddDeputy("a", "王建国");
  Organization o = Org("临时调研组", ORGANIZATION_CLASSIFICATION_SPECIAL_COMMITTEE);
  *o.mutable_founding_date() = D(2022, 1, 1);
  *o.mutable_dissolution_date() = D(2022, 12, 31);
  Organization x;
  ASSERT_TRUE(CreateOrg(o, "tmp", &x).ok());
  EXPECT_EQ(Join(Member(a, x.name(), D(2023, 1, 1))).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(Join(Member(a, x.name(), D(2022, 12, 31))).ok());
}

// Every refusal of every RPC: its code, and nothing written.
TEST_F(OrganizationsTest, BadInputAndWrongRolesAreRefusedAndWriteNothing) {
  const std::string a = AddDeputy("a", "王建国");
  const std::string gone = AddDeputy("gone", "李秀英");
  Resign(gone);
  Organization x, child;
  ASSERT_TRUE(CreateOrg(Org("常委会", ORGANIZATION_CLASSIFICATION_STANDING_COMMITTEE), "x", &x).ok());
  Membership open;
  ASSERT_TRUE(Join(Member(a, x.name(), D(2023, 1, 1)), &open).ok());
  const int64_t feed_before = FeedLength();
  const std::string staff = staff_;
  const std::string deputy = TokenFor(Role::kDeputy), citizen = TokenFor(Role::kCitizen),
                    leader = TokenFor(Role::kLeader), other_congress = TokenFor(Role::kStaff, "sh");
  using Code = grpc::StatusCode;

  using Row = testing::RefusedCall;
  auto create_org = [&](std::function<void(CreateOrganizationRequest&)> mutate, std::string token) {
    return [this, mutate, token] {
      CreateOrganizationRequest req;
      req.set_parent("congresses/hz");
      *req.mutable_organization() = Org("财经委", ORGANIZATION_CLASSIFICATION_SPECIAL_COMMITTEE, 16, "congresses/hz/organizations/x");
      mutate(req);
      CreateOrganizationResponse resp;
      return orgs_->CreateOrganization(ContextWith(token).get(), req, &resp);
    };
  };
  auto update_org = [&](std::function<void(UpdateOrganizationRequest&)> mutate, std::string token) {
    return [this, x, mutate, token] {
      UpdateOrganizationRequest req;
      *req.mutable_organization() = x;
      req.mutable_organization()->set_display_name("新名称");
      req.mutable_update_mask()->add_paths("display_name");
      mutate(req);
      UpdateOrganizationResponse resp;
      return orgs_->UpdateOrganization(ContextWith(token).get(), req, &resp);
    };
  };
  auto join = [&](std::function<void(Membership&)> mutate, std::string token) {
    return [this, a, x, mutate, token] {
      Membership m = Member(a, x.name(), D(2030, 1, 1));
      m.set_organization(x.name());
      mutate(m);
      return Join(m, nullptr, token);
    };
  };
  auto end = [&](std::function<void(EndMembershipRequest&)> mutate, std::string token) {
    return [this, open, mutate, token] {
      EndMembershipRequest req;
      req.set_name(open.name());
      *req.mutable_end_date() = D(2023, 12, 31);
      req.set_end_reason("换届");
      mutate(req);
      EndMembershipResponse resp;
      return orgs_->EndMembership(ContextWith(token).get(), req, &resp);
    };
  };
  auto list_members = [&](std::function<void(ListMembershipsRequest&)> mutate, std::string token) {
    return [this, x, mutate, token] {
      ListMembershipsRequest req;
      req.set_parent("congresses/hz");
      req.set_organization(x.name());
      mutate(req);
      ListMembershipsResponse resp;
      return orgs_->ListMemberships(ContextWith(token).get(), req, &resp);
    };
  };
  auto get_org = [&](std::string name, std::string token) {
    return [this, name, token] {
      GetOrganizationRequest req;
      req.set_name(name);
      GetOrganizationResponse resp;
      return orgs_->GetOrganization(ContextWith(token).get(), req, &resp);
    };
  };
  auto list_orgs = [&](std::function<void(ListOrganizationsRequest&)> mutate, std::string token) {
    return [this, mutate, token] {
      ListOrganizationsRequest req;
      req.set_parent("congresses/hz");
      mutate(req);
      ListOrganizationsResponse resp;
      return orgs_->ListOrganizations(ContextWith(token).get(), req, &resp);
    };
  };
  auto none = [](auto&) {};

  const std::vector<Row> rows = {
      // CreateOrganization
      {"create org: deputy", create_org(none, deputy), Code::PERMISSION_DENIED},
      {"create org: leader", create_org(none, leader), Code::PERMISSION_DENIED},
      {"create org: other congress", create_org(none, other_congress), Code::PERMISSION_DENIED},
      {"create org: no token", create_org(none, ""), Code::UNAUTHENTICATED},
      {"create org: no name", create_org([](auto& r) { r.mutable_organization()->clear_display_name(); }, staff), Code::INVALID_ARGUMENT},
      {"create org: no classification", create_org([](auto& r) { r.mutable_organization()->clear_classification(); }, staff), Code::INVALID_ARGUMENT},
      {"create org: no level", create_org([](auto& r) { r.mutable_organization()->clear_level(); }, staff), Code::INVALID_ARGUMENT},
      {"create org: term 100", create_org([](auto& r) { r.mutable_organization()->set_term(100); }, staff), Code::INVALID_ARGUMENT},
      {"create org: dissolved before founded", create_org([](auto& r) {
         *r.mutable_organization()->mutable_founding_date() = D(2023, 1, 1);
         *r.mutable_organization()->mutable_dissolution_date() = D(2022, 1, 1);
       }, staff), Code::INVALID_ARGUMENT},
      {"create org: bad id", create_org([](auto& r) { r.set_organization_id("X Y"); }, staff), Code::INVALID_ARGUMENT},
      {"create org: existing id", create_org([](auto& r) { r.set_organization_id("x"); }, staff), Code::ALREADY_EXISTS},
      {"create org: bad parent", create_org([](auto& r) { r.mutable_organization()->set_parent("organizations/x"); }, staff), Code::INVALID_ARGUMENT},
      {"create org: parent in another congress", create_org([](auto& r) { r.mutable_organization()->set_parent("congresses/sz/organizations/x"); }, staff), Code::INVALID_ARGUMENT},
      {"create org: unknown parent", create_org([](auto& r) { r.mutable_organization()->set_parent("congresses/hz/organizations/nope"); }, staff), Code::NOT_FOUND},
      // GetOrganization / ListOrganizations
      {"get org: unknown", get_org("congresses/hz/organizations/nope", citizen), Code::NOT_FOUND},
      {"get org: bad name", get_org("congresses/hz/deputies/a", citizen), Code::INVALID_ARGUMENT},
      {"get org: anonymous", get_org(x.name(), ""), Code::UNAUTHENTICATED},
      {"list orgs: bad classification", list_orgs([](auto& r) { r.set_classification(static_cast<OrganizationClassification>(99)); }, citizen), Code::INVALID_ARGUMENT},
      {"list orgs: bad parent", list_orgs([](auto& r) { r.set_parent_organization("x"); }, citizen), Code::INVALID_ARGUMENT},
      {"list orgs: page size", list_orgs([](auto& r) { r.set_page_size(501); }, citizen), Code::INVALID_ARGUMENT},
      // UpdateOrganization
      {"update org: citizen", update_org(none, citizen), Code::PERMISSION_DENIED},
      {"update org: parent in mask", update_org([](auto& r) { r.mutable_update_mask()->add_paths("parent"); }, staff), Code::INVALID_ARGUMENT},
      {"update org: unknown path", update_org([](auto& r) { r.mutable_update_mask()->add_paths("color"); }, staff), Code::INVALID_ARGUMENT},
      {"update org: empty mask", update_org([](auto& r) { r.clear_update_mask(); }, staff), Code::INVALID_ARGUMENT},
      {"update org: dissolution before founding", update_org([](auto& r) {
         *r.mutable_organization()->mutable_founding_date() = D(2023, 1, 1);
         *r.mutable_organization()->mutable_dissolution_date() = D(2022, 1, 1);
         r.mutable_update_mask()->add_paths("founding_date");
         r.mutable_update_mask()->add_paths("dissolution_date");
       }, staff), Code::INVALID_ARGUMENT},
      {"update org: unknown", update_org([](auto& r) { r.mutable_organization()->set_name("congresses/hz/organizations/nope"); }, staff), Code::NOT_FOUND},
      {"update org: stale etag", update_org([](auto& r) { r.mutable_organization()->set_etag("9"); }, staff), Code::ABORTED},
      // CreateMembership
      {"join: deputy", join(none, deputy), Code::PERMISSION_DENIED},
      {"join: citizen", join(none, citizen), Code::PERMISSION_DENIED},
      {"join: leader", join(none, leader), Code::PERMISSION_DENIED},
      {"join: other congress", join(none, other_congress), Code::PERMISSION_DENIED},
      {"join: no role", join([](auto& m) { m.clear_role(); }, staff), Code::INVALID_ARGUMENT},
      {"join: no start", join([](auto& m) { m.clear_start_date(); }, staff), Code::INVALID_ARGUMENT},
      {"join: Feb 30", join([](auto& m) { *m.mutable_start_date() = D(2031, 2, 30); }, staff), Code::INVALID_ARGUMENT},
      {"join: end before start", join([](auto& m) { *m.mutable_end_date() = D(2029, 12, 31); m.set_end_reason("x"); }, staff), Code::INVALID_ARGUMENT},
      {"join: end without reason", join([](auto& m) { *m.mutable_end_date() = D(2031, 1, 1); }, staff), Code::INVALID_ARGUMENT},
      {"join: bad deputy name", join([](auto& m) { m.set_deputy("a"); }, staff), Code::INVALID_ARGUMENT},
      {"join: deputy of another congress", join([](auto& m) { m.set_deputy("congresses/sz/deputies/a"); }, staff), Code::INVALID_ARGUMENT},
      {"join: no organization", join([](auto& m) { m.clear_organization(); }, staff), Code::INVALID_ARGUMENT},
      {"join: unknown deputy", join([](auto& m) { m.set_deputy("congresses/hz/deputies/nobody"); }, staff), Code::NOT_FOUND},
      {"join: unknown organization", join([](auto& m) { m.set_organization("congresses/hz/organizations/nope"); }, staff), Code::NOT_FOUND},
      {"join: resigned deputy", join([](auto& m) { m.set_deputy("congresses/hz/deputies/gone"); }, staff), Code::FAILED_PRECONDITION},
      {"join: overlaps", join([](auto& m) { *m.mutable_start_date() = D(2023, 6, 1); }, staff), Code::ALREADY_EXISTS},
      // EndMembership
      {"end: deputy", end(none, deputy), Code::PERMISSION_DENIED},
      {"end: leader", end(none, leader), Code::PERMISSION_DENIED},
      {"end: no reason", end([](auto& r) { r.clear_end_reason(); }, staff), Code::INVALID_ARGUMENT},
      {"end: no date", end([](auto& r) { r.clear_end_date(); }, staff), Code::INVALID_ARGUMENT},
      {"end: before start", end([](auto& r) { *r.mutable_end_date() = D(2022, 12, 31); }, staff), Code::INVALID_ARGUMENT},
      {"end: bad name", end([](auto& r) { r.set_name("congresses/hz/organizations/x"); }, staff), Code::INVALID_ARGUMENT},
      {"end: unknown", end([](auto& r) { r.set_name("congresses/hz/memberships/nope"); }, staff), Code::NOT_FOUND},
      {"end: stale etag", end([](auto& r) { r.set_etag("5"); }, staff), Code::ABORTED},
      // ListMemberships
      {"list members: neither organization nor deputy", list_members([](auto& r) { r.clear_organization(); }, citizen), Code::INVALID_ARGUMENT},
      {"list members: bad date", list_members([](auto& r) { *r.mutable_on_date() = D(2023, 13, 1); }, citizen), Code::INVALID_ARGUMENT},
      {"list members: bad organization", list_members([](auto& r) { r.set_organization("x"); }, citizen), Code::INVALID_ARGUMENT},
      {"list members: forged token", list_members([](auto& r) { r.set_page_token("Zm9yZ2VkLXRva2VuLXRoYXQtaXMtbG9uZy1lbm91Z2g"); }, citizen), Code::INVALID_ARGUMENT},
      {"list members: anonymous", list_members(none, ""), Code::UNAUTHENTICATED},
  };
  testing::ExpectRefused(rows);
  EXPECT_EQ(FeedLength(), feed_before);
  ListOrganizationsRequest all_orgs;
  all_orgs.set_parent("congresses/hz");
  ListOrganizationsResponse orgs;
  ASSERT_TRUE(orgs_->ListOrganizations(ContextWith(staff).get(), all_orgs, &orgs).ok());
  EXPECT_EQ(orgs.organizations_size(), 1);
  ListMembershipsRequest all_of_x;
  all_of_x.set_organization(x.name());
  EXPECT_EQ(Members(all_of_x), Names{a}) << "one membership in x, whenever";
  GetOrganizationRequest get;
  get.set_name(x.name());
  GetOrganizationResponse got;
  ASSERT_TRUE(orgs_->GetOrganization(ContextWith(staff).get(), get, &got).ok());
  EXPECT_EQ(got.organization().etag(), "1");
  EXPECT_EQ(got.organization().display_name(), "常委会");
  ListMembershipsRequest of_x;
  of_x.set_organization(x.name());
  *of_x.mutable_on_date() = D(2099, 1, 1);
  EXPECT_EQ(Members(of_x), Names{a}) << "the open membership is still open";
}

}  // namespace
}  // namespace renda
