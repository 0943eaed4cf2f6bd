#pragma once
// The gRPC adapter of ConsultationService: each RPC hands the call to ConsultationCore.

#include "renda/intake/v1/consultation.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/server.h"
#include "services/intake/consultation_core.h"
#include "services/intake/intake_store.h"
#include "services/intake/intake_options.h"

namespace renda::intake {

class ConsultationService final : public v1::ConsultationService::CallbackService {
 public:
  ConsultationService(const Runtime& runtime, const IntakeOptions& options)
      : store_(runtime.redis),
        core_(runtime, options.anonymous, &store_),
        runner_("consultation", &ConsultationAccess(), runtime.auth) {}

  RENDA_RPC(ConsultationCore, CreateConsultation)
  RENDA_RPC(ConsultationCore, GetConsultation)
  RENDA_RPC(ConsultationCore, ListConsultations)
  RENDA_RPC(ConsultationCore, ListDraftVersions)
  RENDA_RPC(ConsultationCore, ReviseDraft)
  RENDA_RPC(ConsultationCore, OpenConsultation)
  RENDA_RPC(ConsultationCore, CloseConsultation)
  RENDA_RPC(ConsultationCore, SummarizeConsultation)
  RENDA_RPC(ConsultationCore, AddComment)
  RENDA_RPC(ConsultationCore, GetComment)
  RENDA_RPC(ConsultationCore, ListComments)
  RENDA_RPC(ConsultationCore, HideComment)
  RENDA_RPC(ConsultationCore, RestoreComment)
  RENDA_RPC(ConsultationCore, DecideComment)
  RENDA_RPC(ConsultationCore, GetCommentStatistics)

 private:
  IntakeStore store_;
  ConsultationCore core_;
  CallRunner runner_;
};

}  // namespace renda::intake
