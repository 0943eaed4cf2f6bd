#include "tools/rendactl/rep_common.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "renda/representatives/v1/representatives.grpc.pb.h"
#include "tools/rendactl/commands.h"
#include "tools/rendactl/output.h"

namespace rendactl {
namespace {

namespace rep = renda::representatives::v1;

// Every deputy of `parent` whose full name is `display_name` (the name people know them by).
absl::StatusOr<std::vector<rep::Deputy>> FindByDisplayName(const Connection& connection, const std::string& parent,
                                                           const std::string& display_name) {
  auto stub = rep::RepresentativesService::NewStub(connection.channel());
  std::vector<rep::Deputy> found;
  std::string token;
  do {
    rep::ListDeputiesRequest request;
    request.set_parent(parent);
    request.set_page_size(500);
    request.set_page_token(token);
    request.set_display_name_contains(display_name);
    rep::ListDeputiesResponse response;
    absl::Status status =
        connection.Call([&](grpc::ClientContext* c) { return stub->ListDeputies(c, request, &response); });
    if (!status.ok()) return status;
    for (const rep::Deputy& d : response.deputies()) {
      if (d.display_name() == display_name) found.push_back(d);
    }
    if (!response.next_page_token().empty() && response.next_page_token() == token) break;
    token = response.next_page_token();
  } while (!token.empty());
  return found;
}

}  // namespace

absl::StatusOr<std::string> ResolveDeputyText(const Connection& connection, const Args& args, absl::string_view flag,
                                              const std::string& text) {
  if (IsId(text) || absl::StartsWith(text, "congresses/")) return ResourceFlag(args, flag, text, "deputies");
  absl::StatusOr<std::string> parent = CongressParent(args);
  if (!parent.ok()) return parent.status();
  absl::StatusOr<std::vector<rep::Deputy>> found = FindByDisplayName(connection, *parent, text);
  if (!found.ok()) return found.status();
  if (found->empty()) return absl::NotFoundError(absl::StrCat("no deputy named '", text, "' in ", *parent));
  if (found->size() > 1) {
    std::vector<std::string> ids;
    for (const rep::Deputy& d : *found) ids.push_back(IdOf(d.name()));
    return UsageError(absl::StrCat(found->size(), " deputies are named '", text, "' (", absl::StrJoin(ids, ", "),
                                   "); give the id"),
                      false);
  }
  return found->front().name();
}

}  // namespace rendactl
