#include "services/intake/opinion_core.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/common/errors.h"
#include "services/common/names.h"
#include "services/common/time_util.h"
#include "services/common/validation.h"
#include "services/intake/disclosure.h"
#include "services/intake/embedded_taxonomy.h"

namespace renda::intake {
namespace {

constexpr char kLabel[] = "opinion";
constexpr char kCollection[] = "opinions";
const Roles kReaderRoles = {Role::kStaff, Role::kLeader, Role::kAdmin, Role::kService, Role::kHandlingUnit};
const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
const Roles kHandlerRoles = {Role::kHandlingUnit, Role::kStaff, Role::kAdmin};
constexpr int kMaxNote = 2000;
// How far back the deadline sweep reads the due-day indexes (a case is referred to a leader
// within weeks of its deadline, and leaves the index then).
constexpr int kSweepLookbackDays = 400;
constexpr char kBadTrackingCode[] = "must be the 16-character tracking code given at submission";

bool IsStaffCaller(const Caller& c) { return c.Has(Role::kStaff) || c.Has(Role::kAdmin); }

// A handling unit acts only on the cases it has; others' cases look absent to it.
bool UnitMayNotSee(const Caller& c, const Opinion& o) {
  if (!c.Has(Role::kHandlingUnit) || IsStaffCaller(c) || c.Has(Role::kLeader) || c.Has(Role::kService)) return false;
  return c.claims.unit_id.empty() || o.handling_unit() != c.claims.unit_id;
}

// The deadline sweep acts as this caller.
Caller SystemCaller() {
  Caller system;
  system.anonymous = false;
  system.claims.subject = "system";
  system.claims.roles = Roles{Role::kService};
  return system;
}

// The cases merged into a case follow its outcome (`next`): the writes of those that change,
// from the versions read.
std::vector<EntityStore::EntityWrite> FollowerWrites(const IntakeStore* store,
                                                     const std::vector<Versioned<Opinion>>& merged, const Opinion& next,
                                                     const WriteOrigin& origin) {
  std::vector<EntityStore::EntityWrite> out;
  for (const auto& m : merged) {
    std::optional<Opinion> followed = FollowMergeTarget(m.entity, next, origin.now);
    if (followed.has_value()) out.push_back(store->opinions.Changed(*followed, m, origin));
  }
  return out;
}

// The step the deadline sweep found due; ALREADY_EXISTS (NOTHING_DUE) when it is no longer (a
// sweep beside this one took it).
absl::StatusOr<Opinion> DueStep(const Opinion& current, absl::Time now, const WorkingCalendar& calendar,
                                const CasePolicy& policy) {
  std::optional<Opinion> next = ApplySweep(current, now, calendar, policy);
  if (!next.has_value()) return MakeError(absl::StatusCode::kAlreadyExists, "NOTHING_DUE", "nothing due");
  return *std::move(next);
}

// The case with its masked publication; INTERNAL when the masking left personal data in it
// (then nothing is published).
absl::StatusOr<Opinion> Published(const Opinion& o, const Caller& caller, absl::Time now) {
  if (auto s = CheckPublishable(o); !s.ok()) return s;
  Opinion next = o;
  *next.mutable_publication() = MakePublication(o, now);
  const MaskContext none;
  const v1::Publication& p = next.publication();
  for (const std::string* text : {&p.title(), &p.content(), &p.reply()}) {
    if (ContainsPersonalData(*text, none)) {
      return absl::InternalError("masking left personal data in the publication; not published");
    }
  }
  Transit(next, next.state(), "publish", caller, now, "");
  return next;
}

}  // namespace

const AccessTable& IntakeAccess() {
  static const AccessTable* table = new AccessTable{
      {"SubmitOpinion", kAnyone},
      {"LookupOpinion", kAnyone},
      {"GetOpinion", kReaderRoles},
      {"ListOpinions", kReaderRoles},
      {"ClassifyOpinion", kStaffRoles},
      {"ReviewOpinion", kStaffRoles},
      {"AssignOpinion", kStaffRoles},
      {"StartHandlingOpinion", kHandlerRoles},
      {"ReplyOpinion", kHandlerRoles},
      {"GiveOpinionFeedback", {Role::kCitizen, Role::kStaff, Role::kAdmin}},
      {"MergeOpinion", kStaffRoles},
      {"ListSimilarOpinions", kStaffRoles},
      {"SweepOpinionDeadlines", {Role::kStaff, Role::kAdmin, Role::kService}},
      {"PublishOpinion", kStaffRoles},
      {"ListPublishedOpinions", kSignedIn},
  };
  return *table;
}

std::string SweepSummary(const v1::SweepOpinionDeadlinesResponse& swept) {
  if (swept.escalated() + swept.closed_no_response() == 0) return "";
  return absl::StrCat(swept.escalated(), " escalated, ", swept.closed_no_response(), " closed without feedback");
}

OpinionCore::OpinionCore(const Runtime& runtime, const IntakeStore* store, const IntakeOptions& options)
    : runtime_(runtime),
      store_(store),
      options_(options),
      taxonomy_(EmbeddedTaxonomy()),
      calendar_(WorkingCalendar::Default()),
      limiter_(runtime.redis, "in") {
  // The taxonomy file's deadlines per grade, where it sets them, are the configuration.
  if (taxonomy_.urgent.deadline_working_days > 0) options_.cases.urgent_days = taxonomy_.urgent.deadline_working_days;
  if (taxonomy_.important.deadline_working_days > 0) {
    options_.cases.important_days = taxonomy_.important.deadline_working_days;
  }
  if (taxonomy_.normal.deadline_working_days > 0) options_.cases.normal_days = taxonomy_.normal.deadline_working_days;
}

Task<absl::StatusOr<Opinion>> OpinionCore::ChangeCase(const Caller& caller, const google::protobuf::Message& request,
                                                      std::string congress, std::string id, std::string etag,
                                                      Mutate mutate) {
  const WriteOrigin origin = OriginOf(caller, request, runtime_.clock->Now());
  co_return co_await RetryOnConflict(etag.empty() ? 3 : 1, [&]() -> Task<absl::StatusOr<Opinion>> {
    return ChangeCaseOnce(caller, congress, id, etag, origin, mutate);
  });
}

Task<absl::StatusOr<Opinion>> OpinionCore::ChangeCaseOnce(const Caller& caller, const std::string& congress,
                                                          const std::string& id, const std::string& etag,
                                                          const WriteOrigin& origin, const Mutate& mutate) {
  const std::string name = ResourceNameOf(congress, kCollection, id);
  CO_ASSIGN_OR_RETURN(auto current, co_await store_->opinions.Get(congress, id));
  if (UnitMayNotSee(caller, current)) co_return NotFound(kLabel, name);
  // A case with merged cases is their target; one of them changed in between refuses the write
  // (and ChangeCase reads again).
  CO_ASSIGN_OR_RETURN(auto merged, co_await store_->MergedInto(congress, current));
  co_return co_await store_->opinions.Update(
      congress, id, etag, origin,
      [&](const Opinion& cur) -> absl::StatusOr<Opinion> {
        if (UnitMayNotSee(caller, cur)) return NotFound(kLabel, name);
        return mutate(cur);
      },
      [&](const Opinion&, const Opinion& next) -> absl::StatusOr<std::vector<EntityStore::EntityWrite>> {
        return FollowerWrites(store_, merged, next, origin);
      },
      /*attempts=*/1);
}

template <class Response>
Task<absl::StatusOr<Response>> OpinionCore::AnswerChange(const Caller& caller, const google::protobuf::Message& request,
                                                         ResourceName name, std::string etag, Mutate mutate) {
  CO_ASSIGN_OR_RETURN(auto changed,
                      co_await ChangeCase(caller, request, name.congress, name.id, std::move(etag), std::move(mutate)));
  RedactForCaller(changed, caller);
  Response resp;
  *resp.mutable_opinion() = std::move(changed);
  co_return resp;
}

Task<absl::StatusOr<v1::SubmitOpinionResponse>> OpinionCore::SubmitOpinion(const Caller& caller,
                                                                           const v1::SubmitOpinionRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateSubmittedOpinion(req.opinion(), v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  CO_RETURN_IF_ERROR(co_await LimitAnonymous(&limiter_, caller, congress, "opinions", options_.anonymous));
  const absl::Time now = runtime_.clock->Now();
  Opinion opinion = NewOpinion(req.opinion(), ResourceNameOf(congress, kCollection, NewTimeOrderedId(now)), taxonomy_,
                               NewTrackingCode(), caller, now);
  // The submitter sees the stored opinion whole: it carries their tracking code.
  v1::SubmitOpinionResponse resp;
  CO_ASSIGN_OR_RETURN(*resp.mutable_opinion(),
                      co_await store_->opinions.Create(std::move(opinion), OriginOf(caller, req, now)));
  co_return resp;
}

Task<absl::StatusOr<v1::GetOpinionResponse>> OpinionCore::GetOpinion(const Caller& caller,
                                                                     const v1::GetOpinionRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kCollection, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  CO_ASSIGN_OR_RETURN(auto opinion, co_await store_->opinions.Get(name.congress, name.id));
  if (UnitMayNotSee(caller, opinion)) co_return NotFound(kLabel, req.name());
  RedactForCaller(opinion, caller);
  v1::GetOpinionResponse resp;
  *resp.mutable_opinion() = std::move(opinion);
  co_return resp;
}

Task<absl::StatusOr<v1::ListOpinionsResponse>> OpinionCore::ListOpinions(const Caller& caller,
                                                                         const v1::ListOpinionsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  ValidateListRequest(req, v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  v1::ListOpinionsRequest query = req;
  if (UnitMayNotSee(caller, Opinion())) {
    // A handling unit lists its own cases only.
    if (caller.claims.unit_id.empty() ||
        (!query.handling_unit().empty() && query.handling_unit() != caller.claims.unit_id)) {
      co_return MakeError(absl::StatusCode::kPermissionDenied, "OTHER_UNIT",
                          "a handling unit lists only its own cases; leave handling_unit empty or give your own");
    }
    query.set_handling_unit(caller.claims.unit_id);
  }
  ListQuery list{.congress = congress,
                 .indexes = ListIndexes(query),
                 .scope = ListScope(query),
                 .page_token = query.page_token(),
                 .page_size = query.page_size(),
                 .descending = true};
  if (query.has_create_time_from()) list.until = TimeOrderedIdFloor(FromProtoTime(query.create_time_from()));
  if (list.page_token.empty() && query.has_create_time_to()) {
    // The walk starts before the first id made at create_time_to: a time range over the ids.
    list.page_token =
        runtime_.page_tokens->Encode(list.scope, TimeOrderedIdFloor(FromProtoTime(query.create_time_to())));
  }
  co_return co_await store_->opinions.ListInto(*runtime_.page_tokens, std::move(list), &v1::ListOpinionsResponse::mutable_opinions,
                    [&caller, &query](Opinion& o) {
                      if (!MatchesListRequest(o, query)) return false;
                      RedactForCaller(o, caller);
                      return true;
                    });
}

Task<absl::StatusOr<v1::LookupOpinionResponse>> OpinionCore::LookupOpinion(const Caller& caller,
                                                                           const v1::LookupOpinionRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  const std::string code = NormalizeTrackingCode(req.tracking_code());
  if (code.empty()) v.Add("tracking_code", kBadTrackingCode);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  CO_RETURN_IF_ERROR(co_await LimitAnonymous(&limiter_, caller, congress, "tracking lookups", options_.anonymous));
  CO_ASSIGN_OR_RETURN(auto opinion, co_await store_->OpinionByTrackingCode(congress, code));
  v1::LookupOpinionResponse resp;
  *resp.mutable_opinion() = CitizenView(opinion);
  if (opinion.merged_into().empty()) co_return resp;
  CO_ASSIGN_OR_RETURN(auto target, co_await store_->opinions.Get(congress, SplitEntityName(opinion.merged_into()).id));
  Opinion view = CitizenView(std::move(target));
  view.clear_tracking_code();
  *resp.mutable_merged_into() = std::move(view);
  co_return resp;
}

Task<absl::StatusOr<v1::ClassifyOpinionResponse>> OpinionCore::ClassifyOpinion(const Caller& caller,
                                                                               const v1::ClassifyOpinionRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kCollection, v);
  v.Id("category", req.category(), true)
      .Enum("grade", req.grade(), v1::Grade_descriptor(), true)
      .Text("note", req.note(), kMaxNote, false)
      .RequestId("request_id", req.request_id());
  if (!req.category().empty() && std::none_of(taxonomy_.categories.begin(), taxonomy_.categories.end(),
                                              [&](const Category& c) { return c.id == req.category(); })) {
    v.Add("category", absl::StrCat("'", req.category(), "' is not a category of the taxonomy"));
  }
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  co_return co_await AnswerChange<v1::ClassifyOpinionResponse>(caller, req, name, req.etag(), [&](const Opinion& o) {
    return ApplyClassify(o, req.category(), req.grade(), req.note(), caller, now, calendar_, options_.cases);
  });
}

Task<absl::StatusOr<v1::ReviewOpinionResponse>> OpinionCore::ReviewOpinion(const Caller& caller,
                                                                           const v1::ReviewOpinionRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kCollection, v);
  v.Text("note", req.note(), kMaxNote, !req.accept()).RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  co_return co_await AnswerChange<v1::ReviewOpinionResponse>(caller, req, name, req.etag(), [&](const Opinion& o) {
    return ApplyReview(o, req.accept(), req.note(), caller, now);
  });
}

Task<absl::StatusOr<v1::AssignOpinionResponse>> OpinionCore::AssignOpinion(const Caller& caller,
                                                                           const v1::AssignOpinionRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kCollection, v);
  v.Id("handling_unit", req.handling_unit(), true)
      .Text("note", req.note(), kMaxNote, false)
      .RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  // Only to a registered unit that still takes work (a misspelled one would leave the case
  // overdue with nobody to see it).
  CO_RETURN_IF_ERROR(co_await runtime_.registry->CheckUnit(name.congress, req.handling_unit(), "handling_unit"));
  const absl::Time now = runtime_.clock->Now();
  co_return co_await AnswerChange<v1::AssignOpinionResponse>(caller, req, name, req.etag(), [&](const Opinion& o) {
    return ApplyAssign(o, req.handling_unit(), req.note(), caller, now, calendar_, options_.cases);
  });
}

Task<absl::StatusOr<v1::StartHandlingOpinionResponse>> OpinionCore::StartHandlingOpinion(
    const Caller& caller, const v1::StartHandlingOpinionRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kCollection, v);
  v.Text("note", req.note(), kMaxNote, false).RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  co_return co_await AnswerChange<v1::StartHandlingOpinionResponse>(
      caller, req, name, "", [&](const Opinion& o) { return ApplyStartHandling(o, req.note(), caller, now); });
}

Task<absl::StatusOr<v1::ReplyOpinionResponse>> OpinionCore::ReplyOpinion(const Caller& caller,
                                                                         const v1::ReplyOpinionRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kCollection, v);
  v.Text("text", req.text(), 5000, true).RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  co_return co_await AnswerChange<v1::ReplyOpinionResponse>(
      caller, req, name, "", [&](const Opinion& o) { return ApplyReply(o, req.text(), caller, now, options_.cases); });
}

Task<absl::StatusOr<v1::GiveOpinionFeedbackResponse>> OpinionCore::GiveOpinionFeedback(
    const Caller& caller, const v1::GiveOpinionFeedbackRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  const std::string code = NormalizeTrackingCode(req.tracking_code());
  if (code.empty()) v.Add("tracking_code", kBadTrackingCode);
  v.Text("note", req.note(), kMaxNote, false).RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  CO_ASSIGN_OR_RETURN(auto found, co_await store_->OpinionByTrackingCode(congress, code));
  const absl::Time now = runtime_.clock->Now();
  CO_ASSIGN_OR_RETURN(
      auto changed,
      co_await ChangeCase(caller, req, congress, SplitEntityName(found.name()).id, "", [&](const Opinion& current) {
        return ApplyFeedback(current, req.satisfied(), req.note(), caller, now);
      }));
  // Answered as the tracking lookup answers.
  v1::GiveOpinionFeedbackResponse resp;
  *resp.mutable_opinion() = CitizenView(std::move(changed));
  co_return resp;
}

Task<absl::StatusOr<v1::MergeOpinionResponse>> OpinionCore::MergeOpinion(const Caller& caller,
                                                                         const v1::MergeOpinionRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kCollection, v);
  const ResourceName into = ParseResourceName("into", req.into(), kCollection, v);
  v.Text("note", req.note(), kMaxNote, false).RequestId("request_id", req.request_id());
  if (!req.into().empty() && req.into() == req.name()) v.Add("into", "a case cannot be merged into itself");
  if (!into.congress.empty() && into.congress != name.congress) v.Add("into", "must be a case of the same congress");
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  // Both cases change in one atomic step: the target is read first and written guarded by the
  // version read (a target changed in between refuses the merge).
  CO_ASSIGN_OR_RETURN(auto target, co_await store_->opinions.Read(into.congress, into.id));
  const absl::Time now = runtime_.clock->Now();
  const WriteOrigin origin = OriginOf(caller, req, now);
  Opinion target_next;
  CO_ASSIGN_OR_RETURN(
      auto merged,
      co_await store_->opinions.Update(
          name.congress, name.id, "", origin,
          [&](const Opinion& current) -> absl::StatusOr<Opinion> {
            auto into_next = ApplyMergeInto(target.entity, current, caller, now, options_.cases);
            if (!into_next.ok()) return into_next.status();
            target_next = *std::move(into_next);
            return ApplyMergeFrom(current, target.entity, req.note(), caller, now);
          },
          [&](const Opinion&, const Opinion&) -> absl::StatusOr<std::vector<EntityStore::EntityWrite>> {
            return std::vector<EntityStore::EntityWrite>{store_->opinions.Changed(target_next, target, origin)};
          },
          /*attempts=*/1));
  v1::MergeOpinionResponse resp;
  RedactForCaller(merged, caller);
  *resp.mutable_opinion() = std::move(merged);
  // A replayed request answers the merged case only, as first stored.
  if (!target_next.name().empty()) {
    RedactForCaller(target_next, caller);
    *resp.mutable_into() = std::move(target_next);
  }
  co_return resp;
}

Task<absl::StatusOr<v1::ListSimilarOpinionsResponse>> OpinionCore::ListSimilarOpinions(
    const Caller& caller, const v1::ListSimilarOpinionsRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kCollection, v);
  v.Range("window_days", req.window_days(), 1, 365, true);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  CO_ASSIGN_OR_RETURN(auto self, co_await store_->opinions.Get(name.congress, name.id));
  const absl::Duration window = absl::Hours(24) * (req.window_days() == 0 ? 30 : req.window_days());
  CO_ASSIGN_OR_RETURN(auto near, co_await store_->OpinionsNear(self, window));
  const std::string text = SearchableText(self);
  std::vector<v1::SimilarOpinion> found;
  for (auto& other : near) {
    if (other.name() == self.name() || other.state() == v1::OPINION_STATE_REJECTED) continue;
    const double similarity = TextSimilarity(text, SearchableText(other));
    if (similarity < 0.5) continue;
    v1::SimilarOpinion s;
    RedactForCaller(other, caller);
    *s.mutable_opinion() = std::move(other);
    s.set_similarity(similarity);
    found.push_back(std::move(s));
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.similarity() > b.similarity(); });
  if (found.size() > 20) found.resize(20);
  v1::ListSimilarOpinionsResponse resp;
  for (auto& s : found) *resp.add_similar() = std::move(s);
  co_return resp;
}

Task<absl::StatusOr<v1::SweepOpinionDeadlinesResponse>> OpinionCore::SweepOpinionDeadlines(
    const Caller& caller, const v1::SweepOpinionDeadlinesRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  co_return co_await Sweep(congress);
}

Task<absl::StatusOr<v1::SweepOpinionDeadlinesResponse>> OpinionCore::Sweep(std::string congress,
                                                                           const std::atomic<bool>* stop) {
  const Caller system = SystemCaller();
  v1::SweepOpinionDeadlinesRequest request;
  request.set_parent(CongressName(congress));
  v1::SweepOpinionDeadlinesResponse result;
  // Only the cases with something due today or earlier: the due-day indexes of the last
  // kSweepLookbackDays days, oldest first, page by page, one case at a time.
  const absl::CivilDay today = absl::ToCivilDay(runtime_.clock->Now(), ChinaTime());
  for (absl::CivilDay day = today - kSweepLookbackDays; day <= today; ++day) {
    std::string after;
    do {
      CO_ASSIGN_OR_RETURN(auto page, co_await store_->OpinionsDueOn(congress, day, after));
      for (const Opinion& o : page.items) {
        if (stop != nullptr && stop->load()) co_return result;
        const absl::Time now = runtime_.clock->Now();
        if (!ApplySweep(o, now, calendar_, options_.cases).has_value()) continue;
        auto swept = co_await ChangeCase(
            system, request, congress, SplitEntityName(o.name()).id, "",
            [&](const Opinion& current) { return DueStep(current, now, calendar_, options_.cases); });
        if (swept.ok()) {
          if (o.state() == v1::OPINION_STATE_REPLIED) {
            result.set_closed_no_response(result.closed_no_response() + 1);
          } else {
            result.set_escalated(result.escalated() + 1);
          }
        } else if (swept.status().code() == absl::StatusCode::kUnavailable) {
          co_return swept.status();
        }
      }
      after = std::move(page.next_page_token);
    } while (!after.empty());
  }
  co_return result;
}

Task<absl::StatusOr<v1::PublishOpinionResponse>> OpinionCore::PublishOpinion(const Caller& caller,
                                                                             const v1::PublishOpinionRequest& req) {
  Validator v;
  const ResourceName name = ParseResourceName("name", req.name(), kCollection, v);
  v.RequestId("request_id", req.request_id());
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, name.congress));
  const absl::Time now = runtime_.clock->Now();
  co_return co_await AnswerChange<v1::PublishOpinionResponse>(
      caller, req, name, "", [&](const Opinion& o) { return Published(o, caller, now); });
}

Task<absl::StatusOr<v1::ListPublishedOpinionsResponse>> OpinionCore::ListPublishedOpinions(
    const Caller& caller, const v1::ListPublishedOpinionsRequest& req) {
  Validator v;
  const std::string congress = ParseCongressName("parent", req.parent(), v);
  v.PageSize("page_size", req.page_size(), 200).Id("category", req.category(), false);
  CO_RETURN_IF_ERROR(CheckRequest(v, caller, congress));
  CO_ASSIGN_OR_RETURN(auto page, co_await store_->PublishedOpinions(*runtime_.page_tokens, congress, req.category(),
                                                                    req.page_token(), req.page_size()));
  v1::ListPublishedOpinionsResponse resp;
  for (auto& o : page.items) *resp.add_publications() = o.publication();
  resp.set_next_page_token(page.next_page_token);
  co_return resp;
}

}  // namespace renda::intake
