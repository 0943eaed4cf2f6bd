#pragma once
// SupervisionService's core: the items of each congress's annual supervision plan, their
// lifecycle and participating deputies, and the sweep of overdue problems and reporting
// obligations (on demand and in the background). No gRPC here.

#include <atomic>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "renda/supervision/v1/supervision.pb.h"
#include "services/common/auth.h"
#include "services/common/server.h"
#include "services/common/task.h"
#include "services/supervision/peers.h"
#include "services/supervision/supervision_logic.h"
#include "services/supervision/supervision_store.h"

namespace renda::supervision {

// Who may call each RPC.
const AccessTable& SupervisionAccess();

// What a sweep did, for the log ("" when nothing was due).
std::string SweepSummary(const v1::SweepSupervisionDeadlinesResponse& swept);

// The deputies named, each checked with the representatives service: INVALID_ARGUMENT naming
// `field`[i] for one it does not know, FAILED_PRECONDITION (DEPUTY_NOT_SERVING) for one who no
// longer serves; their names and display names otherwise.
Task<absl::StatusOr<std::vector<NewParticipant>>> CheckParticipants(const Peers* peers, std::string congress,
                                                                    std::vector<std::string> deputies,
                                                                    std::string field);

class SupervisionCore {
 public:
  SupervisionCore(const Runtime& runtime, const SupervisionStore* store, const Peers* peers)
      : runtime_(runtime), store_(store), peers_(peers) {}

  Task<absl::StatusOr<v1::CreateSupervisionItemResponse>> CreateSupervisionItem(
      const Caller& caller, const v1::CreateSupervisionItemRequest& req);
  Task<absl::StatusOr<v1::GetSupervisionItemResponse>> GetSupervisionItem(const Caller& caller,
                                                                          const v1::GetSupervisionItemRequest& req);
  Task<absl::StatusOr<v1::ListSupervisionItemsResponse>> ListSupervisionItems(
      const Caller& caller, const v1::ListSupervisionItemsRequest& req);
  Task<absl::StatusOr<v1::AdvanceSupervisionItemResponse>> AdvanceSupervisionItem(
      const Caller& caller, const v1::AdvanceSupervisionItemRequest& req);
  Task<absl::StatusOr<v1::AddItemParticipantsResponse>> AddItemParticipants(const Caller& caller,
                                                                            const v1::AddItemParticipantsRequest& req);
  Task<absl::StatusOr<v1::SweepSupervisionDeadlinesResponse>> SweepSupervisionDeadlines(
      const Caller& caller, const v1::SweepSupervisionDeadlinesRequest& req);

  // Sweeps the deadlines of one congress as of the clock's now (the RPC, and the background
  // sweep every SupervisionOptions::sweep_interval): each problem under rectification and each
  // obligation still owed whose delay calls for a higher escalation level is escalated, one
  // versioned write each (two sweeps at once never escalate twice). Ends early once `*stop` is set.
  Task<absl::StatusOr<v1::SweepSupervisionDeadlinesResponse>> Sweep(std::string congress,
                                                                    const std::atomic<bool>* stop = nullptr);

 private:
  Runtime runtime_;
  const SupervisionStore* store_;
  const Peers* peers_;
};

}  // namespace renda::supervision
