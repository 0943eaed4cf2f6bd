#pragma once
// The gRPC adapter of the "two contacts" system: leaders, quotas, assignments, visits and the
// coverage queries. Rules live in contact_logic.h.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "renda/representatives/v1/contacts.grpc.pb.h"
#include "renda/representatives/v1/representatives.pb.h"
#include "services/common/call.h"
#include "services/common/entity_ops.h"
#include "services/common/server.h"
#include "services/common/store.h"
#include "services/representatives/service_support.h"

namespace renda::representatives {

// Who may call each RPC.
const AccessTable& ContactAccess();

// Every entity of `kind` in all of `indexes`, read in pages of 200 (one bounded store call each);
// RESOURCE_EXHAUSTED when there are more than `cap`.
template <class T>
void ReadAllProtos(EntityStore* store, std::string congress, std::string kind, std::vector<std::string> indexes,
                   size_t cap, Callback<std::vector<T>> done) {
  EntityStore::Query q;
  q.congress = std::move(congress);
  q.indexes = std::move(indexes);
  q.kind = kind;
  q.page_size = 200;
  ReadPages<T>(
      store, std::move(q),
      [cap, kind](size_t read, bool) {
        if (read <= cap) return absl::OkStatus();
        return MakeError(absl::StatusCode::kResourceExhausted, "TOO_MANY_TO_COUNT",
                         absl::StrCat("more than ", cap, " ", kind, " entities to read; this query is meant for one "
                                      "municipal congress"));
      },
      std::move(done));
}

// Runs `attempt` again (up to `attempts` times in all) while it fails with ABORTED: for writes
// that read several entities and check their versions.
template <class T>
void RetryOnAborted(int attempts, std::shared_ptr<std::function<void(Callback<T>)>> attempt, Callback<T> done) {
  (*attempt)([attempts, attempt, done = std::move(done)](absl::StatusOr<T> r) mutable {
    if (!r.ok() && r.status().code() == absl::StatusCode::kAborted && attempts > 1) {
      return RetryOnAborted<T>(attempts - 1, attempt, std::move(done));
    }
    done(std::move(r));
  });
}

class ContactService final : public v1::ContactService::CallbackService {
 public:
  explicit ContactService(const Runtime& runtime);

  grpc::ServerUnaryReactor* CreateLeader(grpc::CallbackServerContext* ctx, const v1::CreateLeaderRequest* req,
                                         v1::CreateLeaderResponse* resp) override;
  grpc::ServerUnaryReactor* GetLeader(grpc::CallbackServerContext* ctx, const v1::GetLeaderRequest* req,
                                      v1::GetLeaderResponse* resp) override;
  grpc::ServerUnaryReactor* ListLeaders(grpc::CallbackServerContext* ctx, const v1::ListLeadersRequest* req,
                                        v1::ListLeadersResponse* resp) override;
  grpc::ServerUnaryReactor* GetContactQuotas(grpc::CallbackServerContext* ctx, const v1::GetContactQuotasRequest* req,
                                             v1::GetContactQuotasResponse* resp) override;
  grpc::ServerUnaryReactor* UpdateContactQuotas(grpc::CallbackServerContext* ctx,
                                                const v1::UpdateContactQuotasRequest* req,
                                                v1::UpdateContactQuotasResponse* resp) override;
  grpc::ServerUnaryReactor* CreateContactAssignment(grpc::CallbackServerContext* ctx,
                                                    const v1::CreateContactAssignmentRequest* req,
                                                    v1::CreateContactAssignmentResponse* resp) override;
  grpc::ServerUnaryReactor* EndContactAssignment(grpc::CallbackServerContext* ctx,
                                                 const v1::EndContactAssignmentRequest* req,
                                                 v1::EndContactAssignmentResponse* resp) override;
  grpc::ServerUnaryReactor* ListContactAssignments(grpc::CallbackServerContext* ctx,
                                                   const v1::ListContactAssignmentsRequest* req,
                                                   v1::ListContactAssignmentsResponse* resp) override;
  grpc::ServerUnaryReactor* LogVisit(grpc::CallbackServerContext* ctx, const v1::LogVisitRequest* req,
                                     v1::LogVisitResponse* resp) override;
  grpc::ServerUnaryReactor* ListVisits(grpc::CallbackServerContext* ctx, const v1::ListVisitsRequest* req,
                                       v1::ListVisitsResponse* resp) override;
  grpc::ServerUnaryReactor* ListQuotaShortfalls(grpc::CallbackServerContext* ctx,
                                                const v1::ListQuotaShortfallsRequest* req,
                                                v1::ListQuotaShortfallsResponse* resp) override;
  grpc::ServerUnaryReactor* ListUnvisitedDeputies(grpc::CallbackServerContext* ctx,
                                                  const v1::ListUnvisitedDeputiesRequest* req,
                                                  v1::ListUnvisitedDeputiesResponse* resp) override;
  grpc::ServerUnaryReactor* GetContactCoverage(grpc::CallbackServerContext* ctx,
                                               const v1::GetContactCoverageRequest* req,
                                               v1::GetContactCoverageResponse* resp) override;

 private:
  // The quotas in force and their version (0 for the defaults).
  void ReadQuotas(const std::string& congress, Callback<std::pair<v1::ContactQuotas, int64_t>> done);
  // The serving grassroots deputies and every assignment, for the coverage queries.
  void ReadCoverageInputs(const std::string& congress,
                          Callback<std::pair<std::vector<v1::Deputy>, std::vector<v1::ContactAssignment>>> done);

  Runtime runtime_;
  EntityStore store_;
  CallRunner runner_;
};

}  // namespace renda::representatives
