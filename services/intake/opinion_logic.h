#pragma once
// Pure rules of opinion intake: what a valid submission is, the opinion as first stored, the
// keyword classifier, tracking codes, the indexes an opinion is listed under, what each caller
// may see. No gRPC, no Redis.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "renda/intake/v1/intake.pb.h"
#include "services/common/auth.h"
#include "services/common/validation.h"

namespace renda::intake {

using v1::Opinion;

// One opinion category of the taxonomy, with the keywords that suggest it.
struct Category {
  std::string id;    // e.g. "traffic"
  std::string name;  // e.g. "交通出行"
  std::vector<std::string> keywords;
};

// The opinion categories in file order (the order breaks ties between categories), and the
// keywords that suggest an urgency grade.
struct GradeRule {
  std::vector<std::string> keywords;
  int deadline_working_days = 0;  // 0: the service's default
};
struct Taxonomy {
  std::vector<Category> categories;
  GradeRule urgent;
  GradeRule important;
  GradeRule normal;
};

// Reads a taxonomy in the format of config/opinion-taxonomy.json: an object whose "categories"
// is a list of {"id", "name", "keywords": [...]} and whose optional "grades" is a list of
// {"id": urgent|important|normal, "name", "deadline_working_days", "keywords": [...]}; other
// members are ignored. INVALID_ARGUMENT naming the
// bad member otherwise.
absl::StatusOr<Taxonomy> ParseTaxonomy(absl::string_view json);

// The id of the category whose keywords occur most often in the title and the content together
// (every occurrence counts; ties go to the category earlier in the taxonomy); "" when none occurs.
std::string ClassifyOpinion(const Taxonomy& taxonomy, absl::string_view title, absl::string_view content);

// The grade the keyword rules suggest for a text: urgent when an urgent keyword occurs, else
// important when an important one does, else normal.
v1::Grade SuggestGrade(const Taxonomy& taxonomy, absl::string_view title, absl::string_view content);

// The label of the caller's strongest role for the history (`staff`, `handling_unit`, ...).
std::string ActorRole(const Caller& caller);

// Appends one step to the case's history (from its state to `to`) and sets state and update time.
void Transit(Opinion& o, v1::OpinionState to, absl::string_view action, const Caller& caller, absl::Time now,
             absl::string_view note);
// The same for the deadline sweep (actor `system`).
void TransitBySystem(Opinion& o, v1::OpinionState to, absl::string_view action, absl::Time now,
                     absl::string_view note);

// The characters of a tracking code: digits and capital letters without 0, O, 1 and I.
inline constexpr absl::string_view kTrackingCodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
// Characters in a tracking code (5 random bits each, 80 bits in all).
inline constexpr size_t kTrackingCodeLength = 16;
// A tracking code made from `random` (at least kTrackingCodeLength bytes; one byte a character).
std::string TrackingCodeFromBytes(absl::string_view random);
// A new tracking code from the system's CSPRNG.
std::string NewTrackingCode();

// Checks the fields a submitter may set (title, content, channel, district, submitter); field
// paths start with "opinion.".
void ValidateSubmittedOpinion(const Opinion& opinion, Validator& v);

// The opinion as first stored: the submitter's fields, RECEIVED, the suggested category and
// grade, the tracking code, the first history step and the times. Output-only fields of `input` are ignored.
Opinion NewOpinion(const Opinion& input, const std::string& name, const Taxonomy& taxonomy,
                   const std::string& tracking_code, const Caller& caller, absl::Time now);

// The index names an opinion is listed under, written with it: the typed filters, its tracking
// code, one per escalation level reached, the published lists, and its due day (below).
std::vector<std::string> OpinionIndexes(const Opinion& opinion);
// The day (China time) from which the deadline sweep has something to do with a case: for an
// assigned or in-progress case not yet referred to a leader, the day its deadline passes (the
// reminder, and the escalations after it); for a replied case, the day its feedback period ends.
// None for any other case. The sweep reads only the due-day indexes up to today.
std::optional<absl::CivilDay> DueDay(const Opinion& opinion);
std::string DueDayIndex(absl::CivilDay day);
// Its text-search indexes, one per pair of adjacent characters of title and text, written by
// the TextIndexer after the submission (text_indexer.h).
std::vector<std::string> OpinionTextIndexes(const Opinion& opinion);
// The text the search looks in: title and text.
std::string SearchableText(const Opinion& opinion);
// The index holding the case with this (normalized) tracking code.
std::string TrackingIndex(absl::string_view code);
// Checks the filters and the page size of a list request.
void ValidateListRequest(const v1::ListOpinionsRequest& request, Validator& v);
// The indexes a list request must match (all of them).
std::vector<std::string> ListIndexes(const v1::ListOpinionsRequest& request);
// A string that identifies the query of a list request, for page tokens.
std::string ListScope(const v1::ListOpinionsRequest& request);
// Whether a case the indexes found really matches (the text search's pairs may lie apart).
bool MatchesListRequest(const Opinion& opinion, const v1::ListOpinionsRequest& request);

// Removes what the caller may not see: the submitter's contact data and the tracking code are
// for staff and admin only.
void RedactForCaller(Opinion& opinion, const Caller& caller);

}  // namespace renda::intake
