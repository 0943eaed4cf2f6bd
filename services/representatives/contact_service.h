#pragma once
// The gRPC adapter of ContactService: each RPC hands the call to ContactCore.

#include "renda/representatives/v1/contacts.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/representatives/contact_core.h"
#include "services/representatives/representatives_store.h"

namespace renda::representatives {

class ContactService final : public v1::ContactService::CallbackService {
 public:
  explicit ContactService(const Runtime& runtime)
      : store_(runtime.redis), core_(runtime, &store_), runner_("contacts", &ContactAccess(), runtime.auth) {}

  RENDA_RPC(ContactCore, CreateLeader)
  RENDA_RPC(ContactCore, GetLeader)
  RENDA_RPC(ContactCore, ListLeaders)
  RENDA_RPC(ContactCore, GetContactQuotas)
  RENDA_RPC(ContactCore, UpdateContactQuotas)
  RENDA_RPC(ContactCore, CreateContactAssignment)
  RENDA_RPC(ContactCore, EndContactAssignment)
  RENDA_RPC(ContactCore, ListContactAssignments)
  RENDA_RPC(ContactCore, LogVisit)
  RENDA_RPC(ContactCore, ListVisits)
  RENDA_RPC(ContactCore, ListQuotaShortfalls)
  RENDA_RPC(ContactCore, ListUnvisitedDeputies)
  RENDA_RPC(ContactCore, GetContactCoverage)

 private:
  RepresentativesStore store_;
  ContactCore core_;
  CallRunner runner_;
};

}  // namespace renda::representatives
