#pragma once
// Demo data as requests: files of protobuf text-format requests, one RPC per entry, played back
// through rendactl's descriptor engine (CallMethod). An entry is a header line and the request:
//
//   ## RegistryService/CreateCongress token=admin count=congresses:registered
//   congress_id: "hz"
//   congress { display_name: "杭州市人民代表大会" level: CONGRESS_LEVEL_CITY term: 14 }
//
// Header words after the method (FindMethod names: "CreateUnit", "RegistryService/CreateUnit"):
//   token=staff|admin|anonymous|deputy:ID|unit:ID  whose token the call carries (default staff;
//                                    admin is an admin of every congress, `*`)
//   count=WHAT:VERB                  the tally line the entry counts in ("deputies:created")
//   save=KEY                         later entries may use ${KEY.field.path} of its response
//   exists=LIST_METHOD:PATH          for kinds whose Create takes no client id: the entry is
//                                    "already there" when LIST_METHOD (under the request's
//                                    parent) returns an element whose field equals the
//                                    request's PATH (e.g. ListOpinions:opinion.content)
// `${congress}` is the congress being filled. Lines starting with '#' (but not '##') are
// comments. A Create with a client-chosen id answers ALREADY_EXISTS on a second run: that is the
// idempotency, and such an entry counts as "already there".

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
  std::string request = {};  // text format, before substitution
};

// The entries of every `*.txtpb` file in `dir`, in file-name order.
absl::StatusOr<std::vector<Entry>> ReadEntries(const std::string& dir);

struct PlaybackOptions {
  std::string congress;
  std::string token_key;                       // signs the tokens the entries ask for
  std::map<std::string, std::string> address;  // service ("representatives") → host:port
  absl::Duration timeout = absl::Seconds(10);
};

// One tally line: how many entries of a kind made something, found it there, or were skipped.
struct Tally {
  std::string what;
  std::string verb;
  int created = 0;
  int already = 0;
  int skipped = 0;
};

// Plays the entries in order; the tallies in the order their kinds first appear. A failed call
// stops the playback with the entry's place in the error — except UNIMPLEMENTED from the
// RegistryService, which the representatives binary does not serve yet: those entries are
// skipped with one warning on stderr, so that scripts/up keeps working meanwhile.
absl::StatusOr<std::vector<Tally>> Play(const std::vector<Entry>& entries, const PlaybackOptions& options);

}  // namespace renda::seed
