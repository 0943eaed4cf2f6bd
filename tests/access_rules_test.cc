// Every RPC of every service the suite's protos declare has a line in its service's access table
// (a missing line refuses everyone; a line naming no RPC is a rule for nothing). The protos are
// found on disk — every .proto under protos/renda — and parsed by protoc when the test runs, so a
// new .proto with a service fails this test until the service has an access table listed here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "services/common/auth.h"
#include "services/common/feed_service.h"
#include "services/intake/consultation_core.h"
#include "services/supervision/livelihood_core.h"
#include "services/intake/observation_core.h"
#include "services/intake/opinion_core.h"
#include "services/intake/poll_core.h"
#include "services/intake/proposal_core.h"
#include "services/reporting/reporting_core.h"
#include "services/representatives/contact_core.h"
#include "services/representatives/deputy_core.h"
#include "services/representatives/duty_core.h"
#include "services/representatives/evaluation_core.h"
#include "services/representatives/organization_core.h"
#include "services/representatives/plan_core.h"
#include "services/representatives/registry_core.h"
#include "services/representatives/station_core.h"
#include "services/supervision/obligation_core.h"
#include "services/supervision/problem_core.h"
#include "services/supervision/supervision_core.h"
#include "services/supervision/budget_core.h"
#include "services/supervision/research_core.h"
#include "services/supervision/satisfaction_core.h"

namespace renda {
namespace {

namespace fs = std::filesystem;
using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptorSet;

// The access table of every service, by full name. A service added to a proto needs a line here.
const std::map<std::string, const AccessTable*>& Tables() {
  static const auto* tables = new std::map<std::string, const AccessTable*>{
      {"renda.representatives.v1.RepresentativesService", &representatives::RepresentativesAccess()},
      {"renda.representatives.v1.OrganizationService", &representatives::OrganizationAccess()},
      {"renda.representatives.v1.DutyRecordService", &representatives::DutyRecordAccess()},
      {"renda.representatives.v1.EvaluationService", &representatives::EvaluationAccess()},
      {"renda.representatives.v1.ContactService", &representatives::ContactAccess()},
      {"renda.representatives.v1.WorkPlanService", &representatives::WorkPlanAccess()},
      {"renda.representatives.v1.StationService", &representatives::StationAccess()},
      {"renda.representatives.v1.RegistryService", &representatives::RegistryAccess()},
      {"renda.intake.v1.IntakeService", &intake::IntakeAccess()},
      {"renda.intake.v1.ConsultationService", &intake::ConsultationAccess()},
      {"renda.intake.v1.ProposalService", &intake::ProposalAccess()},
      {"renda.intake.v1.PollService", &intake::PollAccess()},
      {"renda.intake.v1.ObservationService", &intake::ObservationAccess()},
      {"renda.supervision.v1.SupervisionService", &supervision::SupervisionAccess()},
      {"renda.supervision.v1.ProblemService", &supervision::ProblemAccess()},
      {"renda.supervision.v1.ObligationService", &supervision::ObligationAccess()},
      {"renda.supervision.v1.SatisfactionService", &supervision::SatisfactionAccess()},
      {"renda.supervision.v1.BudgetService", &supervision::BudgetAccess()},
      {"renda.supervision.v1.ResearchService", &supervision::ResearchAccess()},
      {"renda.supervision.v1.LivelihoodService", &supervision::LivelihoodAccess()},
      {"renda.reporting.v1.ReportingService", &reporting::ReportingAccess()},
      {"renda.feed.v1.ChangeFeedService", &FeedAccess()},
  };
  return *tables;
}

// The services that have no access table on purpose, and why.
const std::map<std::string, std::string>& WithoutTable() {
  static const auto* exempt = new std::map<std::string, std::string>{
      {"renda.echo.v1.EchoService",
       "the benchmarks' bare baseline (bench/echo_server.cc): it answers without authentication or storage "
       "and no renda binary serves it"},
  };
  return *exempt;
}

// Every .proto under `root`/renda, relative to `root` (as imports name them), sorted.
std::vector<std::string> ProtoFilesUnder(const std::string& root) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(root) / "renda")) {
    if (entry.is_regular_file() && entry.path().extension() == ".proto") {
      out.push_back(fs::relative(entry.path(), root).generic_string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Parses `files` with protoc (imports from `roots` and the suite's import directories) into
// `pool`; an error says what protoc said.
absl::Status ParseWithProtoc(const std::vector<std::string>& roots, const std::vector<std::string>& files,
                             DescriptorPool* pool) {
  const std::string base = absl::StrCat(::testing::TempDir(), "/access-rules-", getpid());
  const std::string set_path = base + ".pb", err_path = base + ".err";
  std::string cmd = absl::StrCat("'", RENDA_PROTOC, "' --include_imports --descriptor_set_out='", set_path, "'");
  std::vector<std::string> includes = roots;
  for (absl::string_view dir : absl::StrSplit(RENDA_PROTO_IMPORT_DIRS, ':', absl::SkipEmpty())) {
    includes.emplace_back(dir);
  }
  for (const auto& dir : includes) absl::StrAppend(&cmd, " '-I", dir, "'");
  for (const auto& f : files) absl::StrAppend(&cmd, " '", f, "'");
  absl::StrAppend(&cmd, " 2>'", err_path, "'");
  const int rc = std::system(cmd.c_str());
  std::stringstream err;
  err << std::ifstream(err_path).rdbuf();
  FileDescriptorSet set;
  std::ifstream in(set_path, std::ios::binary);
  const bool parsed = rc == 0 && set.ParseFromIstream(&in);
  std::remove(set_path.c_str());
  std::remove(err_path.c_str());
  if (!parsed) return absl::InternalError(absl::StrCat("protoc failed (", rc, "): ", err.str()));
  for (const auto& file : set.file()) {  // --include_imports lists every import before its users
    if (pool->BuildFile(file) == nullptr) return absl::InternalError("cannot build " + file.name());
  }
  return absl::OkStatus();
}

// What is wrong with the access tables, measured against every .proto under each of `roots`:
// each line one service without a table, one RPC without a rule, one rule naming no RPC, or a
// table (or exemption) naming a service no proto declares. Empty when all is well.
std::vector<std::string> AccessRuleGaps(const std::vector<std::string>& roots) {
  std::vector<std::string> files;
  for (const auto& root : roots) {
    auto under = ProtoFilesUnder(root);
    files.insert(files.end(), under.begin(), under.end());
  }
  if (files.empty()) return {"no .proto files found under " + absl::StrJoin(roots, ", ")};
  DescriptorPool pool;
  if (absl::Status parsed = ParseWithProtoc(roots, files, &pool); !parsed.ok()) {
    return {std::string(parsed.message())};
  }
  std::vector<std::string> gaps;
  std::set<std::string> declared;
  for (const auto& name : files) {
    const auto* file = pool.FindFileByName(name);
    if (file == nullptr) {
      gaps.push_back(name + " was not parsed");
      continue;
    }
    for (int s = 0; s < file->service_count(); ++s) {
      const auto* service = file->service(s);
      declared.insert(service->full_name());
      if (WithoutTable().contains(service->full_name())) {
        if (Tables().contains(service->full_name())) gaps.push_back(service->full_name() + " is listed as exempt and has a table");
        continue;
      }
      auto it = Tables().find(service->full_name());
      if (it == Tables().end()) {
        gaps.push_back(absl::StrCat(service->full_name(), " (", name, ") has no access table"));
        continue;
      }
      const AccessTable& table = *it->second;
      for (int m = 0; m < service->method_count(); ++m) {
        if (!table.contains(service->method(m)->name())) {
          gaps.push_back(absl::StrCat(service->full_name(), "/", service->method(m)->name(), " has no rule"));
        }
      }
      for (const auto& [method, roles] : table) {
        if (service->FindMethodByName(method) == nullptr) {
          gaps.push_back(absl::StrCat(service->full_name(), ": the rule of ", method, " names no RPC"));
        }
      }
    }
  }
  for (const auto& [name, table] : Tables()) {
    if (!declared.contains(name)) gaps.push_back(name + " has a table but no proto declares it");
  }
  for (const auto& [name, why] : WithoutTable()) {
    if (!declared.contains(name)) gaps.push_back(name + " is exempt but no proto declares it");
  }
  return gaps;
}

TEST(AccessTables, EveryRpcOfEveryServiceHasARule) {
  EXPECT_THAT(AccessRuleGaps({RENDA_PROTO_DIR}), ::testing::IsEmpty());
  // The compiled-in services are the ones on disk (a stale build would check old tables).
  for (const auto& [name, table] : Tables()) {
    const auto* service = DescriptorPool::generated_pool()->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name << " is not linked into this test";
    EXPECT_EQ(table->size(), static_cast<size_t>(service->method_count())) << name;
  }
}

// The check itself: a new proto file declaring a service nobody wrote rules for is caught.
TEST(AccessTables, AProtoWithAServiceAndNoTableIsCaught) {
  const fs::path extra = fs::path(::testing::TempDir()) / absl::StrCat("access-rules-extra-", getpid());
  fs::create_directories(extra / "renda/extra/v1");
  std::ofstream(extra / "renda/extra/v1/extra.proto") << R"proto(
syntax = "proto3";
package renda.extra.v1;
import "renda/type/v1/date.proto";
service ExtraService {
  rpc Ping(renda.type.v1.Date) returns (renda.type.v1.Date);
}
)proto";
  const auto gaps = AccessRuleGaps({RENDA_PROTO_DIR, extra.string()});
  fs::remove_all(extra);
  EXPECT_THAT(gaps, ::testing::ElementsAre("renda.extra.v1.ExtraService (renda/extra/v1/extra.proto) has no access table"));
}

}  // namespace
}  // namespace renda
