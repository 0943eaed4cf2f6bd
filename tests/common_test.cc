// Unit tests of the shared runtime: tokens, the access check, page tokens, validation and the
// status converter. No Redis needed.
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/common/auth.h"
#include "services/common/errors.h"
#include "services/common/grpc_status.h"
#include "services/common/page_token.h"
#include "services/common/validation.h"

namespace renda {
namespace {

constexpr char kKey[] = "unit-test-key-0123456789";
const absl::Time kNow = absl::FromUnixSeconds(1790000000);

Claims StaffClaims() {
  Claims c;
  c.subject = "staff-1";
  c.roles = Roles{Role::kStaff};
  c.congress = "hz";
  c.issued_at = kNow;
  c.expiry = kNow + absl::Hours(1);
  return c;
}

TEST(Jwt, MintedTokenVerifiesWithItsClaims) {
  Claims c = StaffClaims();
  c.deputy_id = "d-1";
  auto got = VerifyToken(MintToken(c, kKey), kKey, kNow);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->subject, "staff-1");
  EXPECT_TRUE(got->roles.Has(Role::kStaff));
  EXPECT_FALSE(got->roles.Has(Role::kAdmin));
  EXPECT_EQ(got->congress, "hz");
  EXPECT_EQ(got->deputy_id, "d-1");
}

TEST(Jwt, ExpiredTokenIsUnauthenticated) {
  std::string token = MintToken(StaffClaims(), kKey);
  auto got = VerifyToken(token, kKey, kNow + absl::Hours(1));
  EXPECT_EQ(got.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ErrorReason(got.status()), "TOKEN_EXPIRED");
}

TEST(Jwt, TokenSignedWithAnotherKeyIsRefused) {
  auto got = VerifyToken(MintToken(StaffClaims(), "some-other-key-0123456"), kKey, kNow);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ErrorReason(got.status()), "TOKEN_SIGNATURE");
}

TEST(Jwt, AlteredClaimsAreRefused) {
  std::string token = MintToken(StaffClaims(), kKey);
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  std::string json;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(parts[1], &json));
  size_t pos = json.find("staff");
  ASSERT_NE(pos, std::string::npos);
  json.replace(pos, 5, "admin");
  parts[1] = absl::WebSafeBase64Escape(json);
  auto got = VerifyToken(absl::StrJoin(parts, "."), kKey, kNow);
  EXPECT_EQ(ErrorReason(got.status()), "TOKEN_SIGNATURE");
}

TEST(Jwt, UnsignedAlgorithmNoneIsRefused) {
  std::string token = MintToken(StaffClaims(), kKey);
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  parts[0] = absl::WebSafeBase64Escape(R"({"alg":"none","typ":"JWT"})");
  parts[2] = "";
  auto got = VerifyToken(absl::StrJoin(parts, "."), kKey, kNow);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ErrorReason(got.status()), "TOKEN_ALGORITHM");
}

TEST(Jwt, GarbageIsRefused) {
  EXPECT_EQ(VerifyToken("not-a-token", kKey, kNow).status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(VerifyToken("a.b.c", kKey, kNow).status().code(), absl::StatusCode::kUnauthenticated);
}

class AccessCheck : public ::testing::Test {
 protected:
  FakeClock clock_{kNow};
  Authenticator auth_{kKey, &clock_};
  AccessTable table_{{"Submit", kAnyone}, {"Create", Roles{Role::kStaff, Role::kAdmin}}};
  std::string Bearer(Role role) {
    Claims c = StaffClaims();
    c.roles = Roles{role};
    return "Bearer " + MintToken(c, kKey);
  }
};

TEST_F(AccessCheck, MissingTokenIsUnauthenticatedWhereOneIsNeeded) {
  auto got = auth_.Check(table_, "Create", "");
  EXPECT_EQ(got.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ErrorReason(got.status()), "TOKEN_MISSING");
}

TEST_F(AccessCheck, AnonymousCallerReachesPublicMethod) {
  auto got = auth_.Check(table_, "Submit", "");
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->anonymous);
}

TEST_F(AccessCheck, WrongRoleIsPermissionDenied) {
  auto got = auth_.Check(table_, "Create", Bearer(Role::kCitizen));
  EXPECT_EQ(got.status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(AccessCheck, AllowedRolePasses) {
  auto got = auth_.Check(table_, "Create", Bearer(Role::kAdmin));
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->Has(Role::kAdmin));
}

TEST_F(AccessCheck, MethodMissingFromTheTableIsRefusedToEveryone) {
  EXPECT_EQ(auth_.Check(table_, "Delete", Bearer(Role::kAdmin)).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(AccessCheck, TokenExpiresWithTheClock) {
  std::string bearer = Bearer(Role::kStaff);
  EXPECT_TRUE(auth_.Check(table_, "Create", bearer).ok());
  clock_.Advance(absl::Hours(2));
  EXPECT_EQ(auth_.Check(table_, "Create", bearer).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(AccessCheck, CallerOfAnotherCongressIsDenied) {
  auto caller = auth_.Check(table_, "Create", Bearer(Role::kStaff));
  ASSERT_TRUE(caller.ok());
  EXPECT_TRUE(CheckCongress(*caller, "hz").ok());
  EXPECT_EQ(CheckCongress(*caller, "hz-xihu").code(), absl::StatusCode::kPermissionDenied);
}

TEST(PageToken, RoundTripsThePosition) {
  PageTokenCodec codec(kKey);
  auto got = codec.Decode("scope", codec.Encode("scope", "d-0042"));
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, "d-0042");
}

TEST(PageToken, AlteredTokenIsInvalidArgument) {
  PageTokenCodec codec(kKey);
  std::string token = codec.Encode("scope", "d-0042");
  std::string raw;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(token, &raw));
  raw.back() = '9';  // move the position
  auto got = codec.Decode("scope", absl::WebSafeBase64Escape(raw));
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(FieldViolations(got.status()).size(), 1u);
  EXPECT_EQ(FieldViolations(got.status())[0].field, "page_token");
}

TEST(PageToken, TokenOfAnotherQueryIsRefused) {
  PageTokenCodec codec(kKey);
  EXPECT_EQ(codec.Decode("other", codec.Encode("scope", "x")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PageToken, ForgedTokensAreRefused) {
  PageTokenCodec codec(kKey);
  PageTokenCodec other("another-key-0123456789");
  EXPECT_FALSE(codec.Decode("scope", other.Encode("scope", "x")).ok());
  EXPECT_FALSE(codec.Decode("scope", "%%%").ok());
  EXPECT_FALSE(codec.Decode("scope", "").ok());
  EXPECT_FALSE(codec.Decode("scope", "AAAA").ok());
}

TEST(Validation, AcceptsChineseTextAndCountsCharactersNotBytes) {
  Validator v;
  v.Text("name", "王建国", 3, true);
  EXPECT_TRUE(v.ok());
  v.Text("name", "王建国人", 3, true);
  EXPECT_FALSE(v.ok());
}

TEST(Validation, RefusesInvalidUtf8) {
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xe7\x8e"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_TRUE(IsValidUtf8("杭州 Hangzhou 🚇"));
}

TEST(Validation, ListsEveryViolationWithItsField) {
  Validator v;
  v.Text("a", "", 10, true).Id("b", "Bad_Id", true).PageSize("page_size", -1, 500).RequestId("request_id", "has space");
  absl::Status s = v.status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  auto fv = FieldViolations(s);
  ASSERT_EQ(fv.size(), 4u);
  EXPECT_EQ(fv[0].field, "a");
  EXPECT_EQ(fv[1].field, "b");
  EXPECT_EQ(fv[2].field, "page_size");
  EXPECT_EQ(fv[3].field, "request_id");
}

TEST(StatusConverter, CarriesFieldViolationsAndReasonAsDetails) {
  grpc::Status g = ToGrpcStatus(InvalidRequest({{"deputy.term", "must be between 1 and 99"}}));
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(g.error_details()));
  bool saw_bad_request = false, saw_info = false;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad;
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&bad)) {
      saw_bad_request = true;
      ASSERT_EQ(bad.field_violations_size(), 1);
      EXPECT_EQ(bad.field_violations(0).field(), "deputy.term");
    } else if (any.UnpackTo(&info)) {
      saw_info = true;
      EXPECT_EQ(info.reason(), "INVALID_REQUEST");
    }
  }
  EXPECT_TRUE(saw_bad_request);
  EXPECT_TRUE(saw_info);
}

TEST(StatusConverter, ErrorsWithoutReasonGetTheCodeName) {
  grpc::Status g = ToGrpcStatus(absl::UnavailableError("down"));
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(g.error_details()));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "UNAVAILABLE");
  EXPECT_EQ(FromGrpcStatus(g).code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace renda
