// rendactl as a user runs it: the real binary against real services (Redis on a free port, the
// representatives and intake services in-process on port 0), asserting on what the user sees —
// the output, the error lines and the exit code.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "renda/feed/v1/feed.grpc.pb.h"
#include "services/supervision/services.h"
#include "tests/support/intake_fixture.h"

namespace renda::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Quote(const std::string& arg) { return absl::StrCat("'", absl::StrReplaceAll(arg, {{"'", "'\\''"}}), "'"); }

// Runs `binary args...` (rendactl unless told) with a clean environment for its variables.
Result Rendactl(const std::vector<std::string>& args, const std::string& binary = RENDACTL_BIN) {
  // One file per test process: ctest runs the cases of this binary in parallel processes.
  const std::string err_path = absl::StrCat(::testing::TempDir(), "/rendactl-stderr-", getpid(), ".txt");
  std::vector<std::string> quoted;
  for (const std::string& a : args) quoted.push_back(Quote(a));
  const std::string command = absl::StrCat("env -u RENDA_TOKEN -u RENDA_REPRESENTATIVES_ADDR -u RENDA_INTAKE_ADDR ",
                                           "-u RENDA_SUPERVISION_ADDR -u RENDA_DATA_DIR ", binary, " ",
                                           absl::StrJoin(quoted, " "), " 2>", err_path);
  Result r;
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) r.out.append(buffer, n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_path);
  std::stringstream text;
  text << err.rdbuf();
  r.err = text.str();
  return r;
}

// The terminal column where `needle` starts in `line`: Chinese characters (three UTF-8 bytes
// here) are two columns wide, ASCII one.
size_t DisplayColumn(const std::string& line, const std::string& needle) {
  const size_t at = line.find(needle);
  EXPECT_NE(at, std::string::npos) << needle << " in " << line;
  size_t column = 0;
  for (size_t i = 0; i < at && i < line.size();) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    const size_t bytes = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    column += bytes == 3 ? 2 : 1;
    i += bytes;
  }
  return column;
}

class RendactlTest : public IntakeFixture {
 protected:
  // On the real clock's day, so that "today" means the same to rendactl and the services.
  RendactlTest() : IntakeFixture(absl::Now()) {}

  void SetUp() override {
    StartServices();
    intake::IntakeOptions options = TestOptions();
    options.representatives_addr = host_->address();  // the bill rule asks it
    options.anonymous.max_calls = 0;  // the seeder submits many public applications from one address
    StartIntake(options);
    staff_ = Token(Role::kStaff, "clerk");
  }

  // rendactl against the representatives service with a staff token.
  Result Rep(std::vector<std::string> args) {
    args.insert(args.end(), {"--addr", host_->address(), "--token", staff_});
    return Rendactl(args);
  }
  // rendactl against the intake service; `token` "" for none.
  Result Intake(std::vector<std::string> args, const std::string& token) {
    args.insert(args.end(), {"--addr", intake_host_->address()});
    if (!token.empty()) args.insert(args.end(), {"--token", token});
    return Rendactl(args);
  }

  std::string staff_;
};

TEST_F(RendactlTest, DeputiesCreateGetListUpdate) {
  Result created = Rep({"deputies", "create", "--congress", "hz", "--id", "wang-jianguo", "--name", "王建国", "--term",
                        "14", "--electoral-unit", "西湖区", "--delegation", "hz-xihu", "--sector", "professional",
                        "--gender", "male"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_THAT(created.out, HasSubstr("congresses/hz/deputies/wang-jianguo"));
  EXPECT_THAT(created.out, HasSubstr("王建国"));
  EXPECT_THAT(created.out, HasSubstr("professional"));

  Result json = Rep({"--json", "deputies", "create", "--congress", "hz", "--id", "li-na", "--name", "李娜", "--term",
                     "14", "--electoral-unit", "上城区", "--delegation", "hz-shangcheng", "--birth-date", "1980-05-04"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr("\"displayName\": \"李娜\""));
  EXPECT_THAT(json.out, HasSubstr("\"birthDate\""));

  // By id, by full name and by resource name.
  for (const char* who : {"wang-jianguo", "王建国", "congresses/hz/deputies/wang-jianguo"}) {
    Result got = Rep({"deputies", "get", "--congress", "hz", std::string(who)});
    ASSERT_EQ(got.exit_code, 0) << who << ": " << got.err;
    EXPECT_THAT(got.out, HasSubstr("西湖区")) << who;
  }

  // The table: a header, one row per deputy, columns aligned with Chinese text two wide.
  Result list = Rep({"deputies", "list", "--congress", "hz"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  std::vector<std::string> lines = absl::StrSplit(list.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u) << list.out;
  EXPECT_TRUE(absl::StartsWith(lines[0], "ID ")) << lines[0];
  EXPECT_THAT(lines[0], HasSubstr("ELECTORAL UNIT"));
  // TERM is right-aligned: "14" ends where the header does, after names two columns a character.
  const size_t term_end = DisplayColumn(lines[0], "TERM") + 4;
  EXPECT_EQ(DisplayColumn(lines[1], " 14 ") + 3, term_end) << list.out;
  EXPECT_EQ(DisplayColumn(lines[2], " 14 ") + 3, term_end) << list.out;
  EXPECT_THAT(list.out, HasSubstr("li-na"));
  EXPECT_THAT(list.out, HasSubstr("wang-jianguo"));

  // Filters are flags named as today (--delegation), and --all merges the pages into one JSON.
  Result xihu = Rep({"deputies", "list", "--congress", "hz", "--delegation", "hz-xihu"});
  EXPECT_THAT(xihu.out, HasSubstr("wang-jianguo"));
  EXPECT_THAT(xihu.out, Not(HasSubstr("li-na")));
  Result one_page = Rep({"deputies", "list", "--congress", "hz", "--page-size", "1"});
  EXPECT_THAT(one_page.err, HasSubstr("(more: add --page-token"));
  Result all = Rep({"--json", "deputies", "list", "--congress", "hz", "--page-size", "1", "--all"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_THAT(all.out, HasSubstr("wang-jianguo"));
  EXPECT_THAT(all.out, HasSubstr("li-na"));
  EXPECT_THAT(all.out, Not(HasSubstr("nextPageToken")));

  // An update changes exactly the flags given.
  Result updated = Rep({"deputies", "update", "--congress", "hz", "wang-jianguo", "--delegation", "hz-binjiang",
                        "--occupation", "浙江大学教授"});
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  EXPECT_THAT(updated.out, HasSubstr("hz-binjiang"));
  EXPECT_THAT(updated.out, HasSubstr("浙江大学教授"));
  EXPECT_THAT(updated.out, HasSubstr("西湖区"));  // untouched
  Result nothing = Rep({"deputies", "update", "--congress", "hz", "wang-jianguo"});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_THAT(nothing.err, HasSubstr("nothing to update"));

  Result status = Rep({"deputies", "status", "--congress", "hz", "王建国", "--status", "resigned", "--reason",
                       "因工作调动辞职"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_THAT(status.out, HasSubstr("resigned"));
}

TEST_F(RendactlTest, ErrorsNameTheFlagAndExitCodesSayWhy) {
  Result bad = Rep({"deputies", "create", "--congress", "hz", "--name", "王建国", "--term", "0", "--electoral-unit",
                    "西湖区"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("rendactl: INVALID_ARGUMENT: "));
  EXPECT_THAT(bad.err, HasSubstr("  deputy.term (--term): "));

  Result missing = Rep({"deputies", "create", "--congress", "hz", "--term", "14"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("missing --name"));
  EXPECT_THAT(missing.err, HasSubstr("usage: rendactl deputies create"));

  Result unknown = Rep({"deputies", "list", "--congress", "hz", "--colour", "red"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("unknown flag --colour"));

  Result enum_value = Rep({"deputies", "list", "--congress", "hz", "--status", "sleeping"});
  EXPECT_EQ(enum_value.exit_code, 2);
  EXPECT_THAT(enum_value.err, HasSubstr("valid: serving, resigned"));

  Result not_found = Rep({"deputies", "get", "--congress", "hz", "nobody"});
  EXPECT_EQ(not_found.exit_code, 1);
  EXPECT_THAT(not_found.err, HasSubstr("rendactl: NOT_FOUND: "));

  Result unreachable = Rendactl({"deputies", "list", "--congress", "hz", "--addr", "127.0.0.1:1", "--timeout_ms", "2000"});
  EXPECT_EQ(unreachable.exit_code, 3);
  EXPECT_THAT(unreachable.err, HasSubstr("127.0.0.1:1"));

  Result help = Rendactl({"deputies", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* flag : {"--name-contains", "--grassroots", "--electoral-unit", "--effective-date", "--group",
                           "--station", "--birth-date"}) {
    EXPECT_THAT(help.out, HasSubstr(flag));
  }
}

TEST_F(RendactlTest, OpinionSubmittedAnonymouslyIsFollowedAndListed) {
  Result submitted = Intake({"opinions", "submit", "--congress", "hz", "--title", "公交站台破损", "--content",
                             "文一路公交站台的雨棚破了，下雨天无处躲雨。", "--district", "hz-xihu", "--json"},
                            "");
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  const size_t at = submitted.out.find("\"trackingCode\": \"");
  ASSERT_NE(at, std::string::npos) << submitted.out;
  const std::string code = submitted.out.substr(at + 17, submitted.out.find('"', at + 17) - at - 17);

  Result looked_up = Intake({"opinions", "lookup", "--congress", "hz", code}, "");
  ASSERT_EQ(looked_up.exit_code, 0) << looked_up.err;
  EXPECT_THAT(looked_up.out, HasSubstr("公交站台破损"));
  EXPECT_THAT(looked_up.out, HasSubstr("received"));

  Result listed = Intake({"opinions", "list", "--congress", "hz", "--state", "received"}, staff_);
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("公交站台破损"));
  EXPECT_THAT(listed.out, HasSubstr("online"));  // --channel defaults to online

  Result anonymous_list = Intake({"opinions", "list", "--congress", "hz"}, "");
  EXPECT_EQ(anonymous_list.exit_code, 1);
  EXPECT_THAT(anonymous_list.err, HasSubstr("UNAUTHENTICATED"));
  EXPECT_THAT(anonymous_list.err, HasSubstr("rendactl token mint"));

  Result feedback = Intake({"opinions", "feedback", "--congress", "hz", code}, "");
  EXPECT_EQ(feedback.exit_code, 2);
  EXPECT_THAT(feedback.err, HasSubstr("exactly one of --satisfied and --not-satisfied"));
}

// One command of each group the alias table took over from hand-written code.
TEST_F(RendactlTest, RepresentativesGroupsGoThroughTheEngine) {
  ASSERT_EQ(Rep({"deputies", "create", "--congress", "hz", "--id", "d-0001", "--name", "王建国", "--term", "14",
                 "--electoral-unit", "西湖区", "--delegation", "hz-xihu"}).exit_code, 0);

  Result org = Rep({"orgs", "create", "--congress", "hz", "--id", "sc-finance", "--name", "财政经济委员会",
                    "--classification", "special-committee", "--level", "city", "--term", "14", "--founded",
                    "2022-01-10"});
  ASSERT_EQ(org.exit_code, 0) << org.err;
  EXPECT_THAT(org.out, HasSubstr("congresses/hz/organizations/sc-finance"));
  EXPECT_THAT(Rep({"orgs", "list", "--congress", "hz"}).out, HasSubstr("财政经济委员会"));

  Result member = Rep({"members", "add", "--congress", "hz", "--org", "sc-finance", "--deputy", "王建国", "--role",
                       "member", "--start", "2024-01-01"});
  ASSERT_EQ(member.exit_code, 0) << member.err;
  Result members = Rep({"members", "list", "--congress", "hz", "--org", "sc-finance", "--on", "2024-06-01"});
  ASSERT_EQ(members.exit_code, 0) << members.err;
  EXPECT_THAT(members.out, HasSubstr("d-0001"));
  Result neither = Rep({"members", "list", "--congress", "hz"});
  EXPECT_EQ(neither.exit_code, 2);
  EXPECT_THAT(neither.err, HasSubstr("--org, --deputy"));

  Result record = Rep({"duty", "add", "--congress", "hz", "--deputy", "d-0001", "--type", "inspection", "--title",
                       "视察城市河道治理"});
  ASSERT_EQ(record.exit_code, 0) << record.err;
  Result records = Rep({"duty", "list", "--congress", "hz", "--deputy", "王建国"});
  EXPECT_THAT(records.out, HasSubstr("视察城市河道治理"));
  EXPECT_THAT(records.out, HasSubstr("confirmed"));

  Result cases = Rep({"exit", "list", "--congress", "hz"});
  ASSERT_EQ(cases.exit_code, 0) << cases.err;
  EXPECT_THAT(cases.out, HasSubstr("no exit cases"));

  Result leader = Rep({"leaders", "create", "--congress", "hz", "--id", "zhang-ming", "--name", "张明", "--post",
                       "council-of-chairpersons-member", "--subject", "user-zhang-ming"});
  ASSERT_EQ(leader.exit_code, 0) << leader.err;
  Result shortfalls = Rep({"contacts", "shortfalls", "--congress", "hz"});
  ASSERT_EQ(shortfalls.exit_code, 0) << shortfalls.err;
  EXPECT_THAT(shortfalls.out, HasSubstr("张明"));

  // Dates by the services' clock (the fixture's fake one), not the machine's.
  const std::string day = absl::FormatTime("%Y-%m-%d", clock_.Now() + absl::Hours(24 * 10), absl::FixedTimeZone(8 * 3600));
  const std::string opens = absl::FormatTime("%Y-%m-%d %H:%M", clock_.Now() - absl::Hours(1), absl::FixedTimeZone(8 * 3600));
  Result activity = Rep({"activities", "create", "--congress", "hz", "--id", "river", "--title", "河道治理调研",
                         "--category", "research", "--date", day, "--place", "西湖区", "--capacity", "1",
                         "--open-at", opens});
  ASSERT_EQ(activity.exit_code, 0) << activity.err;
  const std::string activity_id = absl::StrCat(absl::StrReplaceAll(day, {{"-", ""}}), "-river");
  Result signup = Rep({"activities", "signup", "--congress", "hz", activity_id, "--deputy", "王建国"});
  ASSERT_EQ(signup.exit_code, 0) << signup.err;
  EXPECT_THAT(signup.out, HasSubstr("CONFIRMED (1 of 1 places taken)"));

  Result station = Rep({"stations", "create", "--congress", "hz", "--id", "hz-xihu-s1", "--name", "北山街道代表联络站",
                        "--area", "西湖区", "--address", "北山路1号", "--deputy", "王建国", "--contact-point"});
  ASSERT_EQ(station.exit_code, 0) << station.err;
  Result got = Rep({"stations", "get", "--congress", "hz", "hz-xihu-s1"});
  EXPECT_THAT(got.out, HasSubstr("d-0001"));  // the station's deputy, shortened to its id in tables
}

// The groups of the supervision and reporting services, and the registry's: their flags come
// from the protos (the services are not in this fixture).
TEST_F(RendactlTest, SupervisionReportingAndRegistryFlags) {
  Result items = Rendactl({"items", "create", "--help"});
  EXPECT_THAT(items.out, HasSubstr("--body TEXT"));
  EXPECT_THAT(items.out, HasSubstr("special-work-report"));
  Result missing = Rendactl({"items", "create", "--congress", "hz", "--title", "预算执行"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("missing --area"));
  EXPECT_EQ(Rendactl({"report", "annual", "--congress", "hz", "d-0001"}).exit_code, 2);  // --year
  EXPECT_THAT(Rendactl({"overview", "--help"}).out, HasSubstr("--congress C"));

  Result congresses = Rendactl({"congresses", "--help"});
  EXPECT_THAT(congresses.out, HasSubstr("rendactl congresses create --id"));
  EXPECT_THAT(congresses.out, HasSubstr("--display-name TEXT"));
  EXPECT_THAT(congresses.out, HasSubstr("city, district, township"));
  Result units = Rendactl({"units", "--help"});
  EXPECT_THAT(units.out, HasSubstr("government-department"));
  EXPECT_THAT(units.out, HasSubstr("--deactivate"));
}

// The tally lines of a renda-seed run ("  deputies          50 created,   0 already there"):
// kind → {made, already there}.
std::map<std::string, std::pair<int, int>> SeedTallies(const std::string& out) {
  std::map<std::string, std::pair<int, int>> tallies;
  for (absl::string_view line : absl::StrSplit(out, '\n')) {
    std::vector<std::string> parts = absl::StrSplit(line, ", ");
    if (parts.size() < 2 || !absl::EndsWith(parts[1], " already there")) continue;
    std::vector<std::string> made = absl::StrSplit(parts[0], ' ', absl::SkipWhitespace());
    std::vector<std::string> there = absl::StrSplit(parts[1], ' ', absl::SkipWhitespace());
    std::pair<int, int> counts;
    if (made.size() < 3 || !absl::SimpleAtoi(made[made.size() - 2], &counts.first) ||
        !absl::SimpleAtoi(there[0], &counts.second)) {
      ADD_FAILURE() << "not a tally line: " << line;
      continue;
    }
    tallies[absl::StrJoin(made.begin(), made.end() - 2, " ")] = counts;
  }
  return tallies;
}

// renda-seed twice on fresh services: the second run makes nothing (no change event in any
// service's feed, the same supervision plan) and says so: every kind made none, and found there
// what the first run made.
TEST_F(RendactlTest, SeederSecondRunChangesNothing) {
  supervision::SupervisionOptions peers;
  peers.representatives_addr = host_->address();
  peers.intake_addr = intake_host_->address();
  std::unique_ptr<ServiceHost> supervision = StartHost(
      redis_.address(), [peers](const Runtime& rt) { return supervision::MakeSupervisionServices(rt, peers); },
      RealClock::Get());
  ASSERT_TRUE(WaitServing(*supervision));
  auto supervision_feed = renda::feed::v1::ChangeFeedService::NewStub(ChannelTo(*supervision));
  auto supervision_events = [&] { return AllChanges(*supervision_feed, TokenFor(Role::kService)).size(); };
  const std::vector<std::string> args = {
      "--token_key", kTestTokenKey, "--data_dir", RENDA_DEMO_DIR, "--representatives_addr", host_->address(),
      "--intake_addr", intake_host_->address(), "--supervision_addr", supervision->address()};
  const std::vector<std::string> items = {"--json", "items", "list", "--congress", "hz", "--year", "2026",
                                          "--addr", supervision->address(), "--token", staff_};
  Result first = Rendactl(args, RENDA_SEED_BIN);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("deputies          50 created"));
  EXPECT_THAT(first.out, HasSubstr("loop steps        37 taken"));
  const int64_t representatives_events = RepresentativesFixture::FeedLength(), intake_events = FeedLength();
  const size_t supervision_count = supervision_events();
  EXPECT_GT(supervision_count, 0u);
  const std::string plan = Rendactl(items).out;
  EXPECT_THAT(plan, HasSubstr("固体废物污染环境防治法"));

  Result second = Rendactl(args, RENDA_SEED_BIN);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(RepresentativesFixture::FeedLength(), representatives_events) << "the second run wrote something";
  EXPECT_EQ(FeedLength(), intake_events) << "the second run wrote something";
  EXPECT_EQ(supervision_events(), supervision_count) << "the second run wrote something";
  EXPECT_EQ(Rendactl(items).out, plan);
  const std::map<std::string, std::pair<int, int>> made = SeedTallies(first.out), again = SeedTallies(second.out);
  EXPECT_GE(made.size(), 30u) << first.out;
  for (const auto& [kind, counts] : made) {
    auto it = again.find(kind);
    ASSERT_NE(it, again.end()) << kind << " is missing from the second run's tallies:\n" << second.out;
    EXPECT_EQ(it->second.first, 0) << "the second run made " << kind;
    // The exit-rule check counts the cases it opens, not those it finds open.
    if (kind == "exit cases") continue;
    EXPECT_EQ(it->second.second, counts.first + counts.second) << kind << ": not all there the second time";
  }
}

}  // namespace
}  // namespace renda::testing
