#pragma once
// The demo data set of renda-seed, built from the files in config/demo/ without any I/O besides
// reading them: deputies (names drawn with a fixed seed, so every run builds the same ones),
// their status changes, citizens' opinions and the supervision plan. No gRPC here.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "renda/intake/v1/intake.pb.h"
#include "renda/representatives/v1/representatives.pb.h"
#include "renda/supervision/v1/supervision.pb.h"
#include "renda/type/v1/date.pb.h"

namespace renda::seed {

// One district of the city: its delegation id (e.g. `hz-xihu`) and its name (西湖区).
struct District {
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
  std::vector<District> districts;
  std::vector<OverseenBody> overseen_bodies;
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

// A short title for an opinion text: its first clause, cut to at most `max_chars` characters
// (an ellipsis marks a cut). Counts UTF-8 characters, never splits one.
std::string TitleOf(absl::string_view text, size_t max_chars = 24);

}  // namespace renda::seed
