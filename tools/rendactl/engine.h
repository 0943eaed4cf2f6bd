#pragma once
// The descriptor engine: a command of rendactl is an RPC plus a line of aliases. Its flags are
// the request's fields (kebab-case; nested fields by their own name, or `--outer-inner` when two
// would clash, or the dotted path), typed by the descriptors — enums as in enum_flags.h, Date as
// YYYY-MM-DD, Timestamp as RFC 3339 or 'YYYY-MM-DD HH:MM' China time, FieldMask as a comma
// list, repeated fields as repeatable flags (comma lists too, but for text) — with help from the
// proto comments. The `update_mask` of an Update is built from the flags given, the positional
// argument becomes `name` or `parent` (an id with --congress, or a full resource name), `--all`
// follows page tokens, and the response prints as a table (columns per message: Columns) or
// as aligned fields, or as JSON. renda-seed calls RPCs through CallMethod too.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/rpc.h"

namespace rendactl {

// One command of the alias table.
//
// `positional` is "LABEL>field@ref" (e.g. "ID|NAME>deputy.name@deputy", "CODE>tracking_code");
// `rules` change the synthesized flags, each one of:
//   "field>flag"        the field's flag is --flag (field: its name, or its dotted path)
//   "field@ref"         the value is a resource: an id with --congress, or a full name; ref is a
//                       collection ("opinions", "consultations/{consultation}/comments": the id
//                       of --consultation first), "deputy" (ids, names and full names such as 王建国)
//                       or "congresses" (a congress: its id, or congresses/{id})
//   "!flag"             the flag is required
//   "!a|b"              exactly one of --a and --b; "!a/b" at least one
//   "flag?value"        the value when the flag is not given ("today" for dates)
//   "field=value"       the field always has this value
//   "flag:field=value"  --flag is a switch that sets the field to the value
//   "+flag"             --flag is an id the refs use, not a field (e.g. +consultation)
//   "-field"            no flag for the field
//   "flag*hook"         --flag is read by a hook (Hook) instead
struct RpcCommand {
  std::string path;     // "deputies list", or "overview"
  std::string rpc;      // "RepresentativesService/ListDeputies" (see FindMethod)
  std::string summary;  // one line for --help; the RPC's first comment sentence when empty
  std::string positional = {};
  std::vector<std::string> rules = {};
};

// A flag the descriptors cannot say how to read: --draft-file, --question, --choose ...
struct Hook {
  std::string name;  // as used in rules after '*'
  std::string value_name;
  std::string help;
  bool repeated = false;
  // Reads every value of the flag into the request; the field path names the flag in errors.
  std::function<absl::Status(const std::vector<std::string>& values, google::protobuf::Message* request)> apply;
  std::string field = {};
  // Instead of `apply`, for a flag read with the command's other flags and the server (a lookup):
  // called even when the flag is absent, after every other flag is in the request.
  std::function<absl::Status(const Connection& connection, const Args& args, google::protobuf::Message* request)>
      resolve = nullptr;
};

// How a response prints when the generic forms do not suit it.
using Printer = std::function<absl::Status(const google::protobuf::Message& response)>;

// The columns of a message in tables: "HEADER=path" joined by ',' — a trailing '>' aligns the
// column right, "~N" cuts it to N columns; resource names show as their last segment.
struct Columns {
  const char* message;  // full name, e.g. "renda.representatives.v1.Deputy"
  const char* columns;
};

// What the alias tables of aliases.cc register.
struct EngineTables {
  std::vector<RpcCommand> commands;
  std::vector<Hook> hooks;
  std::vector<Columns> columns;
  std::vector<std::pair<std::string, Printer>> printers;  // by method full name
};
const EngineTables& Tables();  // aliases.cc

// The commands of the alias table, ready for main.cc.
std::vector<Command> EngineCommands();

// One unary call of `method`; the response as a message of the generated pool.
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> CallMethod(const Connection& connection,
                                                                      const google::protobuf::MethodDescriptor* method,
                                                                      const google::protobuf::Message& request);
// A fresh request (or any message) of the generated pool.
std::unique_ptr<google::protobuf::Message> NewMessage(const google::protobuf::Descriptor* type);

// Printing, for printers: a message as aligned `key  value` lines (nested messages by path,
// repeated ones as tables) with long texts after them; a list as a table.
void PrintResource(const google::protobuf::Message& message);
void PrintTable(const google::protobuf::Descriptor* type,
                const std::vector<const google::protobuf::Message*>& rows);
// A time flag's text (RFC 3339, 'YYYY-MM-DD HH:MM' China time, a bare date, or "now").
absl::Status ParseTimeFlag(absl::string_view flag, absl::string_view text, google::protobuf::Timestamp* out);
// One field's value as a table cell / field value ("" when unset).
std::string FormatField(const google::protobuf::Message& message, absl::string_view path);

}  // namespace rendactl
