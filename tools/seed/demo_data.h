#pragma once
// The demo data set of renda-seed, built from the files in config/demo/ without any I/O besides
// reading them: deputies (names drawn with a fixed seed, so every run builds the same ones),
// their status changes, citizens' opinions and the supervision plan. No gRPC here.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "renda/intake/v1/intake.pb.h"
#include "renda/representatives/v1/contacts.pb.h"
#include "renda/representatives/v1/duty_record.pb.h"
#include "renda/representatives/v1/evaluation.pb.h"
#include "renda/representatives/v1/organizations.pb.h"
#include "renda/representatives/v1/representatives.pb.h"
#include "renda/representatives/v1/stations.pb.h"
#include "renda/representatives/v1/work_plan.pb.h"
#include "renda/supervision/v1/supervision.pb.h"
#include "renda/type/v1/date.pb.h"

namespace renda::seed {

// One district of the city: its delegation id (e.g. `hz-xihu`) and its name (西湖区).
struct District {
  std::string id;
  std::string name;
  std::vector<std::string> streets;  // its streets (街道) or towns; the liaison stations are there
};

// A special committee of the congress (id `sc-finance`, 财政经济委员会).
struct Committee {
  std::string id;
  std::string name;
};

// An overseen body of the city (e.g. id `gov`, 杭州市人民政府).
struct OverseenBody {
  std::string id;
  std::string name;
};

// What config/demo/ holds.
struct SourceData {
  std::vector<std::string> surnames;
  std::vector<std::string> given_names;
  std::string city_name;      // 杭州市
  std::string congress_name;  // 杭州市人民代表大会
  int term = 0;               // 14
  std::string standing_committee_name;  // 杭州市人民代表大会常务委员会
  std::vector<District> districts;
  std::vector<OverseenBody> overseen_bodies;
  std::vector<Committee> special_committees;
  struct OpinionRow {
    std::string category;  // the category the sample was written for (not sent: intake infers it)
    std::string district;
    std::string text;
  };
  std::vector<OpinionRow> opinions;
};

// Reads names.json, hangzhou.json and sample-opinions.tsv from `dir`. The error names the file
// and what is wrong with it.
absl::StatusOr<SourceData> LoadSourceData(const std::string& dir);

struct SeedDeputy {
  std::string id;          // d-0001
  std::string request_id;  // seed-deputy-0001
  representatives::v1::Deputy deputy;
  bool grassroots = false;  // set afterwards with UpdateDeputy (mask `grassroots`), not on create
};

struct SeedStatusChange {
  std::string deputy_id;
  std::string request_id;
  representatives::v1::DeputyStatus status;
  std::string reason;
  renda::type::v1::Date effective_date;
};

struct SeedOpinion {
  std::string request_id;  // seed-opinion-0001
  intake::v1::Opinion opinion;
};

struct SeedItem {
  std::string request_id;  // seed-item-01
  supervision::v1::SupervisionItem item;
};

struct DataSet {
  std::vector<SeedDeputy> deputies;
  std::vector<SeedStatusChange> status_changes;
  std::vector<SeedOpinion> opinions;
  std::vector<SeedItem> items;
};

// Builds the data set: `deputy_count` deputies, two status changes, one opinion per sample row,
// six supervision items for `plan_year`. The same inputs always give the same data set.
absl::StatusOr<DataSet> BuildDataSet(const SourceData& source, int deputy_count, int plan_year);

// The representatives domain of the demo congress, built on the deputies of a DataSet. Names are
// full resource names in `congresses/{congress}`; every write has a fixed request id, and every
// date is a fixed one (past dates, except reception days and sign-up windows, which the services
// want in the future).
struct SeedOrganization {
  std::string id;
  representatives::v1::Organization organization;
};
struct SeedMembership {
  std::string request_id;
  representatives::v1::Membership membership;
};
struct SeedRules {
  int version = 0;  // the version this becomes (rules are versioned by the service: 1, 2, ...)
  std::string request_id;
  representatives::v1::ScoringRules rules;
};
struct SeedRecord {
  std::string source_id;  // what makes it unique (ALREADY_EXISTS on a second run)
  std::string deputy_id;
  bool reported_by_deputy = false;  // sent with the deputy's own token: stays PENDING for staff
  representatives::v1::DutyRecord record;
};
struct SeedLeader {
  std::string id;
  representatives::v1::Leader leader;
};
struct SeedAssignment {
  std::string request_id;
  representatives::v1::ContactAssignment assignment;
};
struct SeedVisit {
  std::string request_id;
  std::string leader;  // the assignment is looked up by leader and deputy
  std::string deputy;
  representatives::v1::Visit visit;
};
struct SeedActivity {
  std::string suffix;  // the id is yyyymmdd-<suffix>
  representatives::v1::Activity activity;
  std::vector<std::string> sign_ups;  // deputies, in sign-up order
};
struct SeedStation {
  std::string id;
  representatives::v1::Station station;
};
struct SeedSchedule {
  std::string request_id;
  representatives::v1::ReceptionSchedule schedule;
};
struct SeedReceptionLog {
  std::string request_id;
  representatives::v1::ReceptionLog log;
};

struct DomainSet {
  std::vector<std::string> grassroots;  // deputy ids to mark grassroots
  std::vector<SeedOrganization> organizations;
  std::vector<SeedMembership> memberships;
  std::vector<SeedRules> rules;
  std::vector<SeedRecord> records;
  std::vector<SeedLeader> leaders;
  std::vector<SeedAssignment> assignments;
  std::vector<SeedVisit> visits;
  std::vector<SeedActivity> activities;
  std::vector<SeedStation> stations;
  std::vector<SeedSchedule> schedules;
  std::vector<SeedReceptionLog> reception_logs;
  int evaluation_year = 0;  // the year EvaluateExitRules checks
};

// Builds the representatives domain for `congress` from the data set's serving deputies. The
// same inputs always give the same set.
absl::StatusOr<DomainSet> BuildDomainSet(const SourceData& source, const DataSet& data, const std::string& congress);

// A short title for an opinion text: its first clause, cut to at most `max_chars` characters
// (an ellipsis marks a cut). Counts UTF-8 characters, never splits one.
std::string TitleOf(absl::string_view text, size_t max_chars = 24);

}  // namespace renda::seed
