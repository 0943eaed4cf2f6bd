#include "services/representatives/intake_follower.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "renda/intake/v1/intake.grpc.pb.h"
#include "services/common/time_util.h"
#include "services/representatives/deputy_logic.h"
#include "services/representatives/duty_records.h"
#include "services/representatives/plan_logic.h"

namespace renda::representatives {
namespace {

using renda::intake::v1::Proposal;

// Who the records made here were recorded by.
constexpr char kRecorder[] = "intake";

const char* SatisfactionWords(renda::intake::v1::Satisfaction s) {
  switch (s) {
    case renda::intake::v1::SATISFACTION_SATISFIED: return "满意";
    case renda::intake::v1::SATISFACTION_BASICALLY_SATISFIED: return "基本满意";
    case renda::intake::v1::SATISFACTION_NOT_SATISFIED: return "不满意";
    default: return "未评价";
  }
}

const char* CategoryLetter(renda::intake::v1::ReplyCategory c) {
  switch (c) {
    case renda::intake::v1::REPLY_CATEGORY_A: return "A";
    case renda::intake::v1::REPLY_CATEGORY_B: return "B";
    case renda::intake::v1::REPLY_CATEGORY_C: return "C";
    default: return "?";
  }
}

bool IsBill(const Proposal& p) { return p.kind() == renda::intake::v1::PROPOSAL_KIND_BILL; }

}  // namespace

std::string FilingSourceId(const Proposal& p) { return p.name(); }

std::string CoSignerSourceId(const Proposal& p, const std::string& deputy) {
  return absl::StrCat(p.name(), "#co-signer:", deputy);
}

v1::DutyRecord FilingRecord(const Proposal& p) {
  v1::DutyRecord r;
  r.set_deputy(p.filer());
  r.set_type(IsBill(p) ? v1::DUTY_RECORD_TYPE_BILL_FILED : v1::DUTY_RECORD_TYPE_SUGGESTION_FILED);
  *r.mutable_date() = DateOf(FromProtoTime(p.create_time()));
  r.set_title(absl::StrCat(IsBill(p) ? (p.delegation().empty() ? "领衔提出议案：" : "代表团提出议案：") : "提出建议：",
                           p.title()));
  // The ratings come as lines after the first, in round order: the history only grows, so the
  // detail of a later state extends the detail of an earlier one.
  std::string detail = absl::StrCat("类别：", p.category());
  if (p.co_signers_size() > 0) absl::StrAppend(&detail, "；联名代表 ", p.co_signers_size(), " 人");
  for (const auto& round : p.rounds()) {
    if (round.rating().satisfaction() == renda::intake::v1::SATISFACTION_UNSPECIFIED) continue;
    absl::StrAppend(&detail, "\n第", round.round(), "轮办理：", CategoryLetter(round.reply().category()), "类答复（",
                    round.reply().unit(), "），代表评价：", SatisfactionWords(round.rating().satisfaction()));
  }
  r.set_detail(detail);
  return r;
}

v1::DutyRecord CoSignerRecord(const Proposal& p, const std::string& deputy) {
  v1::DutyRecord r;
  r.set_deputy(deputy);
  r.set_type(v1::DUTY_RECORD_TYPE_BILL_FILED);
  *r.mutable_date() = DateOf(FromProtoTime(p.create_time()));
  r.set_title(absl::StrCat("联名提出议案：", p.title()));
  r.set_detail(absl::StrCat("类别：", p.category(), "；领衔代表 ", p.filer()));
  return r;
}

Task<absl::Status> ProposalDutyRecords(const RepresentativesStore& store, absl::Time now, std::string congress,
                                       renda::type::v1::ChangeEvent event) {
  if (!event.resource().Is<Proposal>() || event.change_type() == renda::type::v1::CHANGE_TYPE_DELETED) {
    co_return absl::OkStatus();
  }
  Proposal p;
  if (!event.resource().UnpackTo(&p)) co_return absl::DataLossError("a proposal in intake's feed could not be read");
  // Not a deputy of this congress (cannot happen for a proposal intake accepted): skip it.
  if (DeputyIdOf(congress, p.filer()).empty()) co_return absl::OkStatus();

  const WriteOrigin origin{kRecorder, "", "", now};
  const v1::DutyRecord filing = FilingRecord(p);
  CO_ASSIGN_OR_RETURN(auto current,
                      co_await store.duty_records.Find(congress, DutyRecordId(filing.date(), FilingSourceId(p))));
  std::vector<EntityStore::EntityWrite> writes;
  if (!current.has_value()) {
    writes.push_back(store.EventDutyRecord(congress, filing, FilingSourceId(p), p.name(), origin));
  } else if (filing.detail().size() > current->entity.detail().size() &&
             absl::StartsWith(filing.detail(), current->entity.detail())) {
    // Only a longer history is noted: an event replayed from before a rating never takes the
    // rating back.
    v1::DutyRecord next = current->entity;
    next.set_detail(filing.detail());
    *next.mutable_update_time() = ToProtoTime(origin.now);
    writes.push_back(store.duty_records.Changed(next, *current, origin));
  }
  if (IsBill(p)) {
    for (const auto& deputy : p.co_signers()) {
      if (DeputyIdOf(congress, deputy).empty()) continue;
      writes.push_back(
          store.EventDutyRecord(congress, CoSignerRecord(p, deputy), CoSignerSourceId(p, deputy), p.name(), origin));
    }
  }
  if (writes.empty()) co_return absl::OkStatus();
  auto committed = co_await CommitWrites(store.duty_records.store(), congress, origin, std::move(writes));
  co_return committed.status();
}

absl::StatusOr<std::unique_ptr<DutyFeedFollowers>> StartIntakeFollowers(const ServerOptions& server,
                                                                        const IntakeFollowOptions& options,
                                                                        const Clock* clock) {
  return DutyFeedFollowers::Start(server, "intake", options.intake_addr, &ProposalDutyRecords, clock);
}

}  // namespace renda::representatives
