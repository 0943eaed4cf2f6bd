// renda-seed: fills a running suite with the demo data set of a congress (by default hz, the
// Hangzhou Municipal People's Congress): deputies, two status changes, citizens' opinions, the
// supervision plan, and the representatives domain (organizations and memberships, grassroots
// deputies, scoring rules, duty records, leaders with contact assignments and visits, the work
// plan, liaison stations with reception days, and the year's exit-rule check). Idempotent: what
// is already there is left alone (deterministic ids, source ids, or a look first) and every write
// carries a fixed request id, so a second run changes nothing. scripts/up runs it.
//
// Every --flag falls back to the environment variable RENDA_<FLAG> (e.g. RENDA_TOKEN_KEY),
// as the services' flags do.

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "renda/intake/v1/intake.grpc.pb.h"
#include "renda/representatives/v1/contacts.grpc.pb.h"
#include "renda/representatives/v1/duty.grpc.pb.h"
#include "renda/representatives/v1/evaluation.grpc.pb.h"
#include "renda/representatives/v1/organizations.grpc.pb.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "renda/representatives/v1/stations.grpc.pb.h"
#include "renda/representatives/v1/work_plan.grpc.pb.h"
#include "renda/supervision/v1/supervision.grpc.pb.h"
#include "services/common/auth.h"
#include "services/common/grpc_status.h"
#include "services/common/health_client.h"
#include "tools/seed/demo_data.h"
#include "tools/seed/intake_demo.h"
#include "tools/seed/playback.h"
#include "services/common/time_util.h"

ABSL_FLAG(std::string, representatives_addr, "127.0.0.1:50051", "the representatives service, host:port");
ABSL_FLAG(std::string, intake_addr, "127.0.0.1:50052", "the intake service, host:port");
ABSL_FLAG(std::string, supervision_addr, "127.0.0.1:50053", "the supervision service, host:port");
ABSL_FLAG(std::string, reporting_addr, "",
          "the reporting service, host:port; when set, --wait_s waits for it too (nothing is written to it)");
ABSL_FLAG(std::string, token_key, "dev-only-change-me",
          "HS256 key the services verify tokens with; the seeder signs its own staff token with it");
ABSL_FLAG(std::string, congress, "hz", "id of the congress to fill");
ABSL_FLAG(std::string, data_dir, "config/demo", "folder with names.json, hangzhou.json and sample-opinions.tsv");
ABSL_FLAG(int, deputy_count, 50, "how many deputies the demo congress has (3 to 9999)");
ABSL_FLAG(int, plan_year, 2026, "year of the supervision plan");
ABSL_FLAG(int, wait_s, 0, "wait up to this many seconds for the services to report SERVING (0: do not wait)");
ABSL_FLAG(int, timeout_ms, 10000, "deadline of each call");

namespace {

namespace rep = renda::representatives::v1;
namespace in = renda::intake::v1;
namespace sup = renda::supervision::v1;

constexpr const char* kFlagNames[] = {"representatives_addr", "intake_addr", "supervision_addr", "reporting_addr",
                                      "token_key", "congress", "data_dir", "deputy_count",
                                      "plan_year", "wait_s", "timeout_ms"};

// Environment fallbacks become the flags' defaults, so the command line still wins.
void ApplyEnvironment() {
  for (const char* name : kFlagNames) {
    std::string env = absl::StrCat("RENDA_", absl::AsciiStrToUpper(name));
    const char* value = std::getenv(env.c_str());
    if (value == nullptr) continue;
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    std::string error;
    if (flag == nullptr || !flag->ParseFrom(value, &error)) {
      std::cerr << "renda-seed: bad " << env << ": " << error << "\n";
      std::exit(2);
    }
  }
}

[[noreturn]] void Fail(const std::string& message) {
  std::cerr << "renda-seed: " << message << "\n";
  std::exit(1);
}

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address) {
  grpc::ChannelArguments args;
  // Notice a server that comes up late without waiting out a long reconnect backoff.
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 500);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

// How many writes a kind of resource needed.
struct Tally {
  int created = 0;
  int already = 0;
  int skipped = 0;  // could not be made any more (a fixed date that has passed, a closed sign-up window)
};

// yyyymmdd of a date.
std::string DateKey(const renda::type::v1::Date& d) {
  return absl::StrFormat("%04d%02d%02d", d.year(), d.month(), d.day());
}

class Seeder {
 public:
  Seeder(std::string congress, std::string token, std::string key, absl::Duration timeout)
      : congress_(std::move(congress)), parent_(absl::StrCat("congresses/", congress_)),
        token_(std::move(token)), key_(std::move(key)), timeout_(timeout) {}

  void Connect(const std::string& representatives, const std::string& intake, const std::string& supervision) {
    rep_addr_ = representatives;
    intake_addr_ = intake;
    sup_addr_ = supervision;
    rep_ = rep::RepresentativesService::NewStub(MakeChannel(representatives));
    intake_ = in::IntakeService::NewStub(MakeChannel(intake));
    sup_ = sup::SupervisionService::NewStub(MakeChannel(supervision));
    auto rep_channel = MakeChannel(representatives);
    orgs_ = rep::OrganizationService::NewStub(rep_channel);
    duty_ = rep::DutyRecordService::NewStub(rep_channel);
    eval_ = rep::EvaluationService::NewStub(rep_channel);
    contacts_ = rep::ContactService::NewStub(rep_channel);
    plan_ = rep::WorkPlanService::NewStub(rep_channel);
    stations_ = rep::StationService::NewStub(rep_channel);
  }

  Tally Deputies(const std::vector<renda::seed::SeedDeputy>& deputies) {
    LoadDeputies();
    Tally t;
    for (const auto& d : deputies) {
      if (existing_.contains(d.id)) {
        ++t.already;
        continue;
      }
      rep::CreateDeputyRequest req;
      req.set_parent(parent_);
      *req.mutable_deputy() = d.deputy;
      req.set_deputy_id(d.id);
      req.set_request_id(d.request_id);
      rep::CreateDeputyResponse resp;
      auto ctx = Context(true);
      grpc::Status s = rep_->CreateDeputy(ctx.get(), req, &resp);
      if (s.error_code() == grpc::StatusCode::ALREADY_EXISTS) {  // someone else was quicker
        ++t.already;
        continue;
      }
      Check(s, absl::StrCat("CreateDeputy ", d.id), rep_addr_);
      existing_[d.id] = resp.deputy();
      ++t.created;
    }
    return t;
  }

  Tally StatusChanges(const std::vector<renda::seed::SeedStatusChange>& changes) {
    Tally t;
    for (const auto& c : changes) {
      auto it = existing_.find(c.deputy_id);
      if (it == existing_.end()) Fail(absl::StrCat("deputy ", c.deputy_id, " is missing; cannot change its status"));
      const rep::Deputy& current = it->second;
      bool done = current.status() == c.status;
      for (const auto& h : current.status_history()) done = done || (h.status() == c.status && h.reason() == c.reason);
      if (done) {
        ++t.already;
        continue;
      }
      rep::ChangeDeputyStatusRequest req;
      req.set_name(current.name());
      req.set_etag(current.etag());
      req.set_status(c.status);
      req.set_reason(c.reason);
      *req.mutable_effective_date() = c.effective_date;
      req.set_request_id(c.request_id);
      rep::ChangeDeputyStatusResponse resp;
      auto ctx = Context(true);
      Check(rep_->ChangeDeputyStatus(ctx.get(), req, &resp), absl::StrCat("ChangeDeputyStatus ", c.deputy_id),
            rep_addr_);
      it->second = resp.deputy();
      ++t.created;
    }
    return t;
  }

  Tally Opinions(const std::vector<renda::seed::SeedOpinion>& opinions) {
    // An opinion's id is made by the server, so one already there is recognized by its text.
    absl::flat_hash_set<std::string> seen;
    ForEachPage<in::ListOpinionsRequest, in::ListOpinionsResponse>(
        "ListOpinions", intake_addr_,
        [this](auto* ctx, const auto& req, auto* resp) { return intake_->ListOpinions(ctx, req, resp); },
        [&seen](const in::ListOpinionsResponse& resp) {
          for (const auto& o : resp.opinions()) seen.insert(o.content());
        });

    Tally t;
    for (const auto& o : opinions) {
      if (seen.contains(o.opinion.content())) {
        ++t.already;
        continue;
      }
      in::SubmitOpinionRequest req;
      req.set_parent(parent_);
      *req.mutable_opinion() = o.opinion;
      req.set_request_id(o.request_id);
      in::SubmitOpinionResponse resp;
      // Entered by staff: anonymous submissions are rate limited per client address (30 a
      // minute by default), which the demo set would exceed.
      auto ctx = Context(true);
      Check(intake_->SubmitOpinion(ctx.get(), req, &resp), absl::StrCat("SubmitOpinion ", o.request_id),
            intake_addr_);
      seen.insert(o.opinion.content());
      ++t.created;
    }
    return t;
  }

  Tally Items(const std::vector<renda::seed::SeedItem>& items) {
    // Ids are made by the server too: an item already there is recognized by year and title.
    absl::flat_hash_set<std::string> seen;
    ForEachPage<sup::ListSupervisionItemsRequest, sup::ListSupervisionItemsResponse>(
        "ListSupervisionItems", sup_addr_,
        [this](auto* ctx, const auto& req, auto* resp) { return sup_->ListSupervisionItems(ctx, req, resp); },
        [&seen](const sup::ListSupervisionItemsResponse& resp) {
          for (const auto& i : resp.supervision_items()) seen.insert(absl::StrCat(i.year(), "|", i.title()));
        });

    Tally t;
    for (const auto& i : items) {
      const std::string key = absl::StrCat(i.item.year(), "|", i.item.title());
      if (seen.contains(key)) {
        ++t.already;
        continue;
      }
      sup::CreateSupervisionItemRequest req;
      req.set_parent(parent_);
      *req.mutable_supervision_item() = i.item;
      req.set_request_id(i.request_id);
      sup::CreateSupervisionItemResponse resp;
      auto ctx = Context(true);
      Check(sup_->CreateSupervisionItem(ctx.get(), req, &resp), absl::StrCat("CreateSupervisionItem ", i.request_id),
            sup_addr_);
      seen.insert(key);
      ++t.created;
    }
    return t;
  }

  // Marks the deputies grassroots (UpdateDeputy, mask `grassroots`); one already marked is left alone.
  Tally Grassroots(const std::vector<std::string>& ids) {
    Tally t;
    for (const auto& id : ids) {
      auto it = existing_.find(id);
      if (it == existing_.end()) Fail(absl::StrCat("deputy ", id, " is missing; cannot mark it grassroots"));
      if (it->second.grassroots()) {
        ++t.already;
        continue;
      }
      rep::UpdateDeputyRequest req;
      req.mutable_deputy()->set_name(it->second.name());
      req.mutable_deputy()->set_etag(it->second.etag());
      req.mutable_deputy()->set_grassroots(true);
      req.mutable_update_mask()->add_paths("grassroots");
      req.set_request_id(absl::StrCat("seed-grassroots-", id));
      rep::UpdateDeputyResponse resp;
      auto ctx = Context(true);
      Check(rep_->UpdateDeputy(ctx.get(), req, &resp), absl::StrCat("UpdateDeputy ", id), rep_addr_);
      it->second = resp.deputy();
      ++t.created;
    }
    return t;
  }

  Tally Organizations(const std::vector<renda::seed::SeedOrganization>& orgs) {
    Tally t;
    for (const auto& o : orgs) {
      rep::CreateOrganizationRequest req;
      req.set_parent(parent_);
      *req.mutable_organization() = o.organization;
      req.set_organization_id(o.id);
      req.set_request_id(absl::StrCat("seed-organization-", o.id));
      rep::CreateOrganizationResponse resp;
      auto ctx = Context(true);
      grpc::Status s = orgs_->CreateOrganization(ctx.get(), req, &resp);
      Count(s, resp.organization().create_time(), t, absl::StrCat("CreateOrganization ", o.id));
    }
    return t;
  }

  Tally Memberships(const std::vector<renda::seed::SeedMembership>& memberships) {
    Tally t;
    for (const auto& m : memberships) {
      rep::CreateMembershipRequest req;
      req.set_parent(parent_);
      *req.mutable_membership() = m.membership;
      req.set_request_id(m.request_id);
      rep::CreateMembershipResponse resp;
      auto ctx = Context(true);
      grpc::Status s = orgs_->CreateMembership(ctx.get(), req, &resp);
      Count(s, resp.membership().create_time(), t, absl::StrCat("CreateMembership ", m.request_id));
    }
    return t;
  }

  // Versions are numbered by the service: a version the congress already has is "already there".
  Tally Rules(const std::vector<renda::seed::SeedRules>& rules) {
    rep::GetScoringRulesRequest get;
    get.set_parent(parent_);
    rep::GetScoringRulesResponse current;
    auto get_ctx = Context(true);
    grpc::Status s = eval_->GetScoringRules(get_ctx.get(), get, &current);
    int latest = 0;
    if (s.ok()) {
      latest = current.scoring_rules().version();
    } else if (s.error_code() != grpc::StatusCode::NOT_FOUND) {
      Check(s, "GetScoringRules", rep_addr_);
    }
    Tally t;
    for (const auto& r : rules) {
      if (r.version <= latest) {
        ++t.already;
        continue;
      }
      rep::CreateScoringRulesRequest req;
      req.set_parent(parent_);
      *req.mutable_scoring_rules() = r.rules;
      req.set_request_id(r.request_id);
      rep::CreateScoringRulesResponse resp;
      auto ctx = Context(true);
      Check(eval_->CreateScoringRules(ctx.get(), req, &resp), absl::StrCat("CreateScoringRules ", r.request_id),
            rep_addr_);
      latest = resp.scoring_rules().version();
      ++t.created;
    }
    return t;
  }

  // Records carry a source id: a second one with the same source id and date is ALREADY_EXISTS.
  Tally Records(const std::vector<renda::seed::SeedRecord>& records) {
    Tally t;
    for (const auto& r : records) {
      rep::CreateDutyRecordRequest req;
      req.set_parent(parent_);
      *req.mutable_duty_record() = r.record;
      req.set_source_id(r.source_id);
      req.set_request_id(r.source_id);
      rep::CreateDutyRecordResponse resp;
      auto ctx = r.reported_by_deputy ? Context(true, DeputyToken(r.deputy_id)) : Context(true);
      grpc::Status s = duty_->CreateDutyRecord(ctx.get(), req, &resp);
      Count(s, resp.duty_record().create_time(), t, absl::StrCat("CreateDutyRecord ", r.source_id));
    }
    return t;
  }

  Tally Leaders(const std::vector<renda::seed::SeedLeader>& leaders) {
    Tally t;
    for (const auto& l : leaders) {
      rep::CreateLeaderRequest req;
      req.set_parent(parent_);
      *req.mutable_leader() = l.leader;
      req.set_leader_id(l.id);
      req.set_request_id(absl::StrCat("seed-leader-", l.id));
      rep::CreateLeaderResponse resp;
      auto ctx = Context(true);
      grpc::Status s = contacts_->CreateLeader(ctx.get(), req, &resp);
      Count(s, resp.leader().create_time(), t, absl::StrCat("CreateLeader ", l.id));
    }
    return t;
  }

  Tally Assignments(const std::vector<renda::seed::SeedAssignment>& assignments) {
    LoadAssignments();
    Tally t;
    for (const auto& a : assignments) {
      const std::string key = absl::StrCat(a.assignment.leader(), "|", a.assignment.deputy());
      if (assignments_.contains(key)) {
        ++t.already;
        continue;
      }
      rep::CreateContactAssignmentRequest req;
      req.set_parent(parent_);
      *req.mutable_assignment() = a.assignment;
      req.set_request_id(a.request_id);
      rep::CreateContactAssignmentResponse resp;
      auto ctx = Context(true);
      grpc::Status s = contacts_->CreateContactAssignment(ctx.get(), req, &resp);
      Count(s, resp.assignment().create_time(), t, absl::StrCat("CreateContactAssignment ", a.request_id));
      if (s.ok()) assignments_[key] = resp.assignment().name();
    }
    LoadAssignments();  // names of any that were made meanwhile
    return t;
  }

  // Visits get ids from the service: one already logged is recognized by its assignment and date.
  Tally Visits(const std::vector<renda::seed::SeedVisit>& visits) {
    absl::flat_hash_map<std::string, absl::flat_hash_set<std::string>> logged;  // assignment → dates
    Tally t;
    for (const auto& v : visits) {
      auto it = assignments_.find(absl::StrCat(v.leader, "|", v.deputy));
      if (it == assignments_.end()) Fail(absl::StrCat("no assignment of ", v.deputy, " to ", v.leader));
      const std::string& assignment = it->second;
      if (!logged.contains(assignment)) {
        auto& dates = logged[assignment];
        std::string page_token;
        do {
          rep::ListVisitsRequest req;
          req.set_parent(parent_);
          req.set_assignment(assignment);
          req.set_page_size(200);
          req.set_page_token(page_token);
          rep::ListVisitsResponse resp;
          auto ctx = Context(true);
          Check(contacts_->ListVisits(ctx.get(), req, &resp), "ListVisits", rep_addr_);
          for (const auto& x : resp.visits()) dates.insert(DateKey(x.date()));
          page_token = resp.next_page_token();
        } while (!page_token.empty());
      }
      if (logged[assignment].contains(DateKey(v.visit.date()))) {
        ++t.already;
        continue;
      }
      rep::LogVisitRequest req;
      req.set_parent(parent_);
      *req.mutable_visit() = v.visit;
      req.mutable_visit()->set_assignment(assignment);
      req.set_request_id(v.request_id);
      rep::LogVisitResponse resp;
      auto ctx = Context(true);
      grpc::Status s = contacts_->LogVisit(ctx.get(), req, &resp);
      Count(s, resp.visit().create_time(), t, absl::StrCat("LogVisit ", v.request_id));
      logged[assignment].insert(DateKey(v.visit.date()));
    }
    return t;
  }

  // Publishes the activities, then signs their deputies up in order (those already on the
  // confirmed list or the waitlist are left alone).
  Tally Activities(const std::vector<renda::seed::SeedActivity>& activities, Tally* sign_ups) {
    Tally t;
    for (const auto& a : activities) {
      const std::string id = absl::StrCat(DateKey(a.activity.date()), "-", a.suffix);
      rep::CreateActivityRequest req;
      req.set_parent(parent_);
      *req.mutable_activity() = a.activity;
      req.set_activity_id(a.suffix);
      req.set_request_id(absl::StrCat("seed-activity-", id));
      rep::CreateActivityResponse resp;
      auto ctx = Context(true);
      grpc::Status s = plan_->CreateActivity(ctx.get(), req, &resp);
      Count(s, resp.activity().create_time(), t, absl::StrCat("CreateActivity ", id));

      rep::GetActivityRequest get;
      get.set_name(absl::StrCat(parent_, "/activities/", id));
      rep::GetActivityResponse current;
      auto get_ctx = Context(true);
      Check(plan_->GetActivity(get_ctx.get(), get, &current), absl::StrCat("GetActivity ", id), rep_addr_);
      absl::flat_hash_set<std::string> signed_up(current.activity().confirmed().begin(),
                                                 current.activity().confirmed().end());
      signed_up.insert(current.activity().waitlist().begin(), current.activity().waitlist().end());
      for (const auto& deputy_id : a.sign_ups) {
        const std::string deputy = absl::StrCat(parent_, "/deputies/", deputy_id);
        if (signed_up.contains(deputy)) {
          ++sign_ups->already;
          continue;
        }
        rep::SignUpRequest up;
        up.set_activity(get.name());
        up.set_deputy(deputy);
        up.set_request_id(absl::StrCat("seed-sign-up-", id, "-", deputy_id));
        rep::SignUpResponse up_resp;
        auto up_ctx = Context(true);
        grpc::Status us = plan_->SignUp(up_ctx.get(), up, &up_resp);
        if (us.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
          ++sign_ups->already;
        } else if (us.error_code() == grpc::StatusCode::FAILED_PRECONDITION &&
                   absl::StrContains(us.error_message(), "not open now")) {
          ++sign_ups->skipped;  // the window of this fixed date has closed
        } else {
          Check(us, absl::StrCat("SignUp ", deputy_id, " for ", id), rep_addr_);
          ++sign_ups->created;
        }
      }
    }
    return t;
  }

  Tally Stations(const std::vector<renda::seed::SeedStation>& stations) {
    Tally t;
    for (const auto& st : stations) {
      rep::CreateStationRequest req;
      req.set_parent(parent_);
      *req.mutable_station() = st.station;
      req.set_station_id(st.id);
      req.set_request_id(absl::StrCat("seed-station-", st.id));
      rep::CreateStationResponse resp;
      auto ctx = Context(true);
      grpc::Status s = stations_->CreateStation(ctx.get(), req, &resp);
      Count(s, resp.station().create_time(), t, absl::StrCat("CreateStation ", st.id));
    }
    return t;
  }

  // Reception days must not be in the past: a fixed date that has passed is skipped.
  Tally Schedules(const std::vector<renda::seed::SeedSchedule>& schedules) {
    const absl::CivilDay today = absl::ToCivilDay(absl::Now(), renda::ChinaTime());
    absl::flat_hash_map<std::string, absl::flat_hash_set<std::string>> planned;  // station → dates
    Tally t;
    for (const auto& sc : schedules) {
      const auto& d = sc.schedule.date();
      if (absl::CivilDay(d.year(), d.month(), d.day()) < today) {
        ++t.skipped;
        continue;
      }
      const std::string& station = sc.schedule.station();
      if (!planned.contains(station)) {
        auto& dates = planned[station];
        std::string page_token;
        do {
          rep::ListReceptionScheduleRequest req;
          req.set_station(station);
          req.set_page_size(200);
          req.set_page_token(page_token);
          rep::ListReceptionScheduleResponse resp;
          auto ctx = Context(true);
          Check(stations_->ListReceptionSchedule(ctx.get(), req, &resp), "ListReceptionSchedule", rep_addr_);
          for (const auto& x : resp.schedules()) dates.insert(DateKey(x.date()));
          page_token = resp.next_page_token();
        } while (!page_token.empty());
      }
      if (planned[station].contains(DateKey(d))) {
        ++t.already;
        continue;
      }
      rep::ScheduleReceptionRequest req;
      req.set_parent(parent_);
      *req.mutable_schedule() = sc.schedule;
      req.set_request_id(sc.request_id);
      rep::ScheduleReceptionResponse resp;
      auto ctx = Context(true);
      grpc::Status s = stations_->ScheduleReception(ctx.get(), req, &resp);
      Count(s, resp.schedule().create_time(), t, absl::StrCat("ScheduleReception ", sc.request_id));
      planned[station].insert(DateKey(d));
    }
    return t;
  }

  Tally ReceptionLogs(const std::vector<renda::seed::SeedReceptionLog>& logs) {
    absl::flat_hash_map<std::string, absl::flat_hash_set<std::string>> held;  // station → dates
    Tally t;
    for (const auto& l : logs) {
      const std::string& station = l.log.station();
      if (!held.contains(station)) {
        auto& dates = held[station];
        std::string page_token;
        do {
          rep::ListReceptionLogsRequest req;
          req.set_station(station);
          req.set_page_size(200);
          req.set_page_token(page_token);
          rep::ListReceptionLogsResponse resp;
          auto ctx = Context(true);
          Check(stations_->ListReceptionLogs(ctx.get(), req, &resp), "ListReceptionLogs", rep_addr_);
          for (const auto& x : resp.logs()) dates.insert(DateKey(x.date()));
          page_token = resp.next_page_token();
        } while (!page_token.empty());
      }
      if (held[station].contains(DateKey(l.log.date()))) {
        ++t.already;
        continue;
      }
      rep::LogReceptionRequest req;
      req.set_parent(parent_);
      *req.mutable_log() = l.log;
      req.set_request_id(l.request_id);
      rep::LogReceptionResponse resp;
      auto ctx = Context(true);
      grpc::Status s = stations_->LogReception(ctx.get(), req, &resp);
      Count(s, resp.log().create_time(), t, absl::StrCat("LogReception ", l.request_id));
      held[station].insert(DateKey(l.log.date()));
    }
    return t;
  }

  // Runs the exit rules for `year` over every serving deputy: "opened" are the cases this run
  // opened, "already there" the cases of the year that existed before (or were opened by a
  // record write, like a second missed session).
  Tally ExitCases(int year) {
    Tally t;
    std::string page_token;
    do {
      rep::EvaluateExitRulesRequest req;
      req.set_parent(parent_);
      req.set_year(year);
      req.set_page_size(50);
      req.set_page_token(page_token);
      rep::EvaluateExitRulesResponse resp;
      auto ctx = Context(true);
      Check(eval_->EvaluateExitRules(ctx.get(), req, &resp), "EvaluateExitRules", rep_addr_);
      t.created += resp.opened_size();
      page_token = resp.next_page_token();
    } while (!page_token.empty());
    int total = 0;
    ForEachPage<rep::ListExitCasesRequest, rep::ListExitCasesResponse>(
        "ListExitCases", rep_addr_,
        [this](auto* ctx, const auto& req, auto* resp) { return eval_->ListExitCases(ctx, req, resp); },
        [&total, year](const rep::ListExitCasesResponse& resp) {
          for (const auto& c : resp.exit_cases()) total += c.year() == year ? 1 : 0;
        },
        200);
    t.already = std::max(0, total - t.created);
    return t;
  }

  // Ids of the deputies the representatives service has as serving, in id order.
  std::vector<std::string> ServingDeputies() {
    LoadDeputies();
    std::vector<std::string> ids;
    for (const auto& [id, d] : existing_) {
      if (d.status() == rep::DEPUTY_STATUS_SERVING) ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

 private:
  std::unique_ptr<grpc::ClientContext> Context(bool with_token, const std::string& token = "") const {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
    if (with_token) ctx->AddMetadata("authorization", absl::StrCat("Bearer ", token.empty() ? token_ : token));
    return ctx;
  }

  // Counts one create call: ALREADY_EXISTS, or a request id replayed from an earlier run (the
  // resource was made before this run started), is "already there"; any other error ends the run.
  void Count(const grpc::Status& s, const google::protobuf::Timestamp& create_time, Tally& t, const std::string& what) {
    if (s.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
      ++t.already;
      return;
    }
    Check(s, what, rep_addr_);
    if (renda::FromProtoTime(create_time) < start_) {
      ++t.already;
    } else {
      ++t.created;
    }
  }

  // A token of a deputy, to report a duty record as the deputy does.
  std::string DeputyToken(const std::string& deputy_id) const {
    renda::Claims claims;
    claims.subject = absl::StrCat("deputy-", deputy_id);
    claims.roles = renda::Roles{renda::Role::kDeputy};
    claims.congress = congress_;
    claims.deputy_id = deputy_id;
    claims.issued_at = absl::Now();
    claims.expiry = claims.issued_at + absl::Hours(1);
    return renda::MintToken(claims, key_);
  }

  // Every contact assignment of the congress, by "leader|deputy".
  void LoadAssignments() {
    ForEachPage<rep::ListContactAssignmentsRequest, rep::ListContactAssignmentsResponse>(
        "ListContactAssignments", rep_addr_,
        [this](auto* ctx, const auto& req, auto* resp) { return contacts_->ListContactAssignments(ctx, req, resp); },
        [this](const rep::ListContactAssignmentsResponse& resp) {
          for (const auto& a : resp.assignments()) assignments_[absl::StrCat(a.leader(), "|", a.deputy())] = a.name();
        },
        200);
  }

  // Exits with one line naming the call, the address and the error.
  static void Check(const grpc::Status& s, const std::string& what, const std::string& address) {
    if (s.ok()) return;
    absl::Status status = renda::FromGrpcStatus(s);
    std::string hint;
    if (status.code() == absl::StatusCode::kUnavailable || status.code() == absl::StatusCode::kDeadlineExceeded) {
      hint = " (is the suite running? scripts/up starts it)";
    } else if (status.code() == absl::StatusCode::kUnauthenticated) {
      hint = " (does --token_key match the services' key?)";
    }
    Fail(absl::StrCat(what, " at ", address, ": ", absl::StatusCodeToString(status.code()), ": ", status.message(),
                      hint));
  }

  // Reads every page of a list: `call` sends one request, `on_page` takes each response.
  template <class Request, class Response, class Call, class OnPage>
  void ForEachPage(const char* what, const std::string& address, Call call, OnPage on_page, int page_size = 500) {
    std::string page_token;
    do {
      Request req;
      req.set_parent(parent_);
      req.set_page_size(page_size);
      req.set_page_token(page_token);
      Response resp;
      auto ctx = Context(true);
      Check(call(ctx.get(), req, &resp), what, address);
      on_page(resp);
      page_token = resp.next_page_token();
    } while (!page_token.empty());
  }

  void LoadDeputies() {
    ForEachPage<rep::ListDeputiesRequest, rep::ListDeputiesResponse>(
        "ListDeputies", rep_addr_,
        [this](auto* ctx, const auto& req, auto* resp) { return rep_->ListDeputies(ctx, req, resp); },
        [this](const rep::ListDeputiesResponse& resp) {
          for (const auto& d : resp.deputies()) existing_[d.name().substr(d.name().rfind('/') + 1)] = d;
        });
  }

  std::string congress_;
  std::string parent_;
  std::string token_;
  std::string key_;
  absl::Duration timeout_;
  absl::Time start_ = absl::Now();
  std::string rep_addr_, intake_addr_, sup_addr_;
  std::unique_ptr<rep::RepresentativesService::Stub> rep_;
  std::unique_ptr<in::IntakeService::Stub> intake_;
  std::unique_ptr<sup::SupervisionService::Stub> sup_;
  std::unique_ptr<rep::OrganizationService::Stub> orgs_;
  std::unique_ptr<rep::DutyRecordService::Stub> duty_;
  std::unique_ptr<rep::EvaluationService::Stub> eval_;
  std::unique_ptr<rep::ContactService::Stub> contacts_;
  std::unique_ptr<rep::WorkPlanService::Stub> plan_;
  std::unique_ptr<rep::StationService::Stub> stations_;
  absl::flat_hash_map<std::string, std::string> assignments_;  // "leader|deputy" → assignment name
  absl::flat_hash_map<std::string, rep::Deputy> existing_;  // deputy id → deputy
};

// Waits until every service reports SERVING, sharing one deadline.
void WaitForServices(const std::vector<std::pair<std::string, std::string>>& services, absl::Duration budget) {
  const absl::Time deadline = absl::Now() + budget;
  for (const auto& [name, address] : services) {
    absl::Status s = renda::WaitForServing(MakeChannel(address), "", std::max(deadline - absl::Now(), absl::Seconds(1)));
    if (!s.ok()) {
      Fail(absl::StrCat(name, " at ", address, " is not SERVING after ", absl::FormatDuration(budget), ": ",
                        s.message()));
    }
  }
}

void PrintTally(const char* what, const Tally& t, const char* verb,
                const char* skipped_why = "fixed date passed or sign-up closed") {
  std::cout << absl::StrFormat("  %-16s %3d %s, %3d already there", what, t.created, verb, t.already);
  if (t.skipped > 0) std::cout << absl::StrFormat(", %d skipped (%s)", t.skipped, skipped_why);
  std::cout << "\n";
}

// The demo data that is already data: the request files of `<data_dir>/requests`, played back
// through rendactl's engine (tools/seed/playback.h).
std::vector<renda::seed::Tally> PlayRequests(const std::string& congress, const std::string& key) {
  const std::string dir = absl::StrCat(absl::GetFlag(FLAGS_data_dir), "/requests");
  absl::StatusOr<std::vector<renda::seed::Entry>> entries = renda::seed::ReadEntries(dir);
  if (!entries.ok()) Fail(std::string(entries.status().message()));
  renda::seed::PlaybackOptions options;
  options.congress = congress;
  options.token_key = key;
  options.address = {{"representatives", absl::GetFlag(FLAGS_representatives_addr)},
                     {"intake", absl::GetFlag(FLAGS_intake_addr)},
                     {"supervision", absl::GetFlag(FLAGS_supervision_addr)}};
  options.timeout = absl::Milliseconds(absl::GetFlag(FLAGS_timeout_ms));
  absl::StatusOr<std::vector<renda::seed::Tally>> tallies = renda::seed::Play(*entries, options);
  if (!tallies.ok()) Fail(std::string(tallies.status().message()));
  return *std::move(tallies);
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Fills a running renda suite with demo data (idempotent). Every --flag falls back to $RENDA_<FLAG>.");
  ApplyEnvironment();
  absl::ParseCommandLine(argc, argv);

  const std::string congress = absl::GetFlag(FLAGS_congress);
  const std::string key = absl::GetFlag(FLAGS_token_key);
  if (key.size() < 16) Fail("--token_key must be at least 16 characters (the services' key)");
  if (absl::GetFlag(FLAGS_timeout_ms) <= 0) Fail("--timeout_ms must be positive");

  auto source = renda::seed::LoadSourceData(absl::GetFlag(FLAGS_data_dir));
  if (!source.ok()) Fail(absl::StrCat(source.status().message(), " (set --data_dir to the demo data folder)"));
  auto data = renda::seed::BuildDataSet(*source, absl::GetFlag(FLAGS_deputy_count), absl::GetFlag(FLAGS_plan_year));
  if (!data.ok()) Fail(std::string(data.status().message()));

  if (absl::GetFlag(FLAGS_wait_s) > 0) {
    std::vector<std::pair<std::string, std::string>> services = {
        {"representatives", absl::GetFlag(FLAGS_representatives_addr)},
        {"intake", absl::GetFlag(FLAGS_intake_addr)},
        {"supervision", absl::GetFlag(FLAGS_supervision_addr)},
    };
    if (!absl::GetFlag(FLAGS_reporting_addr).empty()) {
      services.emplace_back("reporting", absl::GetFlag(FLAGS_reporting_addr));
    }
    WaitForServices(services, absl::Seconds(absl::GetFlag(FLAGS_wait_s)));
  }

  renda::Claims claims;
  claims.subject = "renda-seed";
  claims.roles = renda::Roles{renda::Role::kStaff};
  claims.congress = congress;
  claims.issued_at = absl::Now();
  claims.expiry = claims.issued_at + absl::Hours(1);

  auto domain = renda::seed::BuildDomainSet(*source, *data, congress);
  if (!domain.ok()) Fail(std::string(domain.status().message()));

  // The registry first: every other write names the congress and its units.
  const std::vector<renda::seed::Tally> played = PlayRequests(congress, key);
  Seeder seeder(congress, renda::MintToken(claims, key), key, absl::Milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
  seeder.Connect(absl::GetFlag(FLAGS_representatives_addr), absl::GetFlag(FLAGS_intake_addr),
                 absl::GetFlag(FLAGS_supervision_addr));
  const Tally deputies = seeder.Deputies(data->deputies);
  const Tally changes = seeder.StatusChanges(data->status_changes);
  const Tally opinions = seeder.Opinions(data->opinions);
  const Tally items = seeder.Items(data->items);
  const Tally grassroots = seeder.Grassroots(domain->grassroots);
  const Tally organizations = seeder.Organizations(domain->organizations);
  const Tally memberships = seeder.Memberships(domain->memberships);
  const Tally rules = seeder.Rules(domain->rules);
  const Tally records = seeder.Records(domain->records);
  const Tally leaders = seeder.Leaders(domain->leaders);
  const Tally assignments = seeder.Assignments(domain->assignments);
  const Tally visits = seeder.Visits(domain->visits);
  Tally sign_ups;
  const Tally activities = seeder.Activities(domain->activities, &sign_ups);
  const Tally stations = seeder.Stations(domain->stations);
  const Tally schedules = seeder.Schedules(domain->schedules);
  const Tally logs = seeder.ReceptionLogs(domain->reception_logs);
  const Tally exit_cases = seeder.ExitCases(domain->evaluation_year);
  // The intake domain last: bills name serving deputies, which the intake service checks.
  renda::seed::IntakeDemoOptions intake_options;
  intake_options.congress = congress;
  intake_options.address = absl::GetFlag(FLAGS_intake_addr);
  intake_options.token_key = key;
  intake_options.staff_token = renda::MintToken(claims, key);
  intake_options.timeout = absl::Milliseconds(absl::GetFlag(FLAGS_timeout_ms));
  intake_options.serving_deputies = seeder.ServingDeputies();
  const std::vector<renda::seed::IntakeLine> intake =
      renda::seed::SeedIntakeDemo(MakeChannel(absl::GetFlag(FLAGS_intake_addr)), intake_options);

  std::cout << "renda-seed: congress " << congress << " (" << source->congress_name << ", term " << source->term
            << ")\n";
  for (const renda::seed::Tally& t : played) {
    PrintTally(t.what.c_str(), Tally{.created = t.created, .already = t.already, .skipped = t.skipped}, t.verb.c_str(),
               "RegistryService not served yet");
  }
  PrintTally("deputies", deputies, "created");
  PrintTally("status changes", changes, "made");
  PrintTally("opinions", opinions, "submitted");
  PrintTally("supervision", items, "created");
  PrintTally("grassroots", grassroots, "marked");
  PrintTally("organizations", organizations, "created");
  PrintTally("memberships", memberships, "created");
  PrintTally("scoring rules", rules, "created");
  PrintTally("duty records", records, "recorded");
  PrintTally("leaders", leaders, "created");
  PrintTally("assignments", assignments, "made");
  PrintTally("visits", visits, "logged");
  PrintTally("activities", activities, "published");
  PrintTally("sign-ups", sign_ups, "made");
  PrintTally("stations", stations, "created");
  PrintTally("reception days", schedules, "scheduled");
  PrintTally("reception logs", logs, "logged");
  PrintTally("exit cases", exit_cases, "opened");
  for (const renda::seed::IntakeLine& line : intake) {
    PrintTally(line.what.c_str(), Tally{.created = line.created, .already = line.already, .skipped = line.skipped},
               line.verb.c_str());
  }
  return 0;
}
