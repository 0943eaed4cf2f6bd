#pragma once
// Demo data as requests: files of protobuf text-format requests, one RPC per entry, played back
// through rendactl's descriptor engine (CallMethod). An entry is a header line and the request:
//
//   ## RegistryService/CreateCongress token=admin count=congresses:registered
//   congress_id: "hz"
//   congress { display_name: "杭州市人民代表大会" level: CONGRESS_LEVEL_CITY term: 14 }
//
// Header words after the method (FindMethod names: "CreateUnit", "RegistryService/CreateUnit"):
//   token=staff|admin|anonymous|deputy:ID|unit:ID|citizen:SUBJECT
//                                    whose token the call carries (default staff; admin is an
//                                    admin of every congress, `*`)
//   count=WHAT:VERB                  the tally line the entry counts in ("duty_records:recorded";
//                                    `_` prints as a space). An entry without count= is not
//                                    tallied: a read whose answer a later entry needs (save=);
//                                    such an entry answering NOT_FOUND saves an empty answer
//   save=KEY                         later entries may use ${KEY.field.path} of its response; a
//                                    later save=KEY updates it, keeping what the new response
//                                    leaves empty (a handling unit is not shown a tracking code)
//   exists=LIST_METHOD:PATH[,PATH]   for kinds whose Create takes no client id: the entry is
//                                    "already there" when LIST_METHOD (every page, staff token)
//                                    returns an element whose fields equal the request's PATHs
//                                    (e.g. ListOpinions:opinion.content); the list request gets
//                                    the request's parent and those of its string fields named
//                                    like a PATH's last part (the station of
//                                    ListReceptionSchedule). With save=, the element found is
//                                    saved as the response's field of its type
//   when=KEY.PATH=VALUE              play only while the saved response's field is VALUE (an
//                                    enum value's name, true/false, empty for unset), otherwise
//                                    the step was taken: "already there"; skipped when nothing
//                                    was saved as KEY. Steps of a case: when=case.opinion.state=
//                                    OPINION_STATE_ACCEPTED
//   skip=REASON[,REASON]             a refusal with one of these ErrorInfo reasons (a window
//                                    that has closed: SIGN_UP_CLOSED) counts as skipped
//   per=FIELD                        counts one per element of the response's repeated FIELD,
//                                    not one per call (EvaluateExitRules: the cases it opened)
// Substitutions in the request: `${congress}` is the congress being filled; ${KEY.path} (above);
// `${today}`, `${today+7d}`, `${today-1d}` are a day in China Standard Time as the fields of a
// Date (`date { ${today+7d} }`); `${now}`, `${now+21d}`, `${now-5m}` (d, h, m) and
// `${today+14d 09:00}` (that day at 09:00 China time) are the fields of a Timestamp
// (`close_time { ${now+21d} }`), for what must lie ahead whenever the seeder runs.
// Lines starting with '#' (but not '##') are comments. A Create with a client-chosen id answers
// ALREADY_EXISTS on a second run: that is the idempotency, and such an entry counts as "already
// there". Entries carry no request_id: a replayed one would answer OK and count as made.

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace renda::seed {

struct Entry {
  std::string where;  // "file.txtpb:12", for messages
  std::string method = {};
  std::string token = "staff";
  std::string count = {};
  std::string save = {};
  std::string exists = {};
  std::string when = {};
  std::string skip = {};
  std::string per = {};
  std::string request = {};  // text format, before substitution
};

// The entries of every `*.txtpb` file in `dir`, in file-name order.
absl::StatusOr<std::vector<Entry>> ReadEntries(const std::string& dir);

struct PlaybackOptions {
  std::string congress;
  std::string token_key;                       // signs the tokens the entries ask for
  std::map<std::string, std::string> address;  // service ("representatives") → host:port
  absl::Duration timeout = absl::Seconds(10);
  // How long a call answered UNAVAILABLE is asked again (a service that reports SERVING may
  // still be connecting to another: intake to the registry); zero: not at all.
  absl::Duration retry_unavailable = absl::ZeroDuration();
};

// One tally line: how many entries of a kind made something, found it there, or were skipped.
struct Tally {
  std::string what;
  std::string verb;
  int created = 0;
  int already = 0;
  int skipped = 0;
  std::string skipped_why = {};  // the reasons, "SIGN_UP_CLOSED"
};

// Plays the entries in order; the tallies in the order their kinds first appear. A failed call
// stops the playback with the entry's place in the error — except UNIMPLEMENTED from the
// RegistryService, which the representatives binary does not serve yet: those entries are
// skipped with one warning on stderr, so that scripts/up keeps working meanwhile.
absl::StatusOr<std::vector<Tally>> Play(const std::vector<Entry>& entries, const PlaybackOptions& options);

}  // namespace renda::seed
