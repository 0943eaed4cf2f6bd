#include "services/intake/observation_service.h"

#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/crypto.h"
#include "services/common/entity_ops.h"
#include "services/common/names.h"
#include "services/common/time_util.h"
#include "services/common/validation.h"
#include "services/intake/observation_logic.h"
#include "services/intake/opinion_logic.h"
#include "services/intake/poll_service.h"

namespace renda::intake {
namespace {

using v1::ObservationApplication;
using v1::ObservationApproval;
using v1::ObservationMeeting;

const Roles kStaffRoles = {Role::kStaff, Role::kAdmin};
const Roles kReaderRoles = {Role::kStaff, Role::kLeader, Role::kAdmin};
// Staff approving and citizens applying at once all update the meeting; each retry re-reads it.
constexpr int kMeetingAttempts = 30;

// The write of an application: stored whole, but its change event carries it without personal
// data and code, so the feed never holds them.
EntityStore::EntityWrite ApplicationWrite(ObservationApplication& a, const std::string& meeting_id, int number,
                                          EntityStore::WriteMode mode, int64_t version, const std::string& actor,
                                          const std::string& request_id, absl::Time now) {
  EntityStore::EntityWrite w = EntityWriteOf(a, kApplicationKind, ApplicationId(meeting_id, number), mode, version,
                                             ApplicationIndexes(meeting_id, a), actor, request_id, now);
  ObservationApplication event = a;
  RedactApplication(event);
  w.event = MakeChangeEvent(a.name(),
                            mode == EntityStore::WriteMode::kUpdate ? renda::type::v1::CHANGE_TYPE_UPDATED
                                                                    : renda::type::v1::CHANGE_TYPE_CREATED,
                            event, event.SerializeAsString(), actor, request_id, now);
  return w;
}

// The version an entity read from a list has (its etag).
int64_t VersionOf(const ObservationApplication& a) {
  int64_t v = 0;
  return absl::SimpleAtoi(a.etag(), &v) ? v : 0;
}

absl::Status AlreadyApplied() {
  return MakeError(absl::StatusCode::kAlreadyExists, "ALREADY_APPLIED",
                   "an application with this ID number to this meeting already exists; look it up with its "
                   "tracking code");
}

// Finishes with the application the write stored, redacted for `caller` (or wholly, when
// `caller` is null).
Callback<std::string> FinishApplication(ObservationApplication* out, const Caller* caller, Finish finish) {
  std::optional<Caller> who;
  if (caller != nullptr) who = *caller;
  return FinishWithStored<ObservationApplication>(out, std::move(finish), [who](ObservationApplication& a) {
    if (who.has_value()) {
      RedactApplicationForCaller(a, *who);
    } else {
      RedactApplication(a);
    }
  });
}

}  // namespace

const AccessTable& ObservationAccess() {
  static const AccessTable* table = new AccessTable{
      {"CreateObservationMeeting", kStaffRoles},
      {"GetObservationMeeting", kSignedIn},
      {"ListObservationMeetings", kSignedIn},
      {"SubmitObservationApplication", kAnyone},
      {"GetObservationApplication", kReaderRoles},
      {"LookupObservationApplication", kAnyone},
      {"ListObservationApplications", kReaderRoles},
      {"ApproveObservationApplicationsInOrder", kStaffRoles},
      {"ApproveObservationApplication", kStaffRoles},
      {"DeclineObservationApplication", kStaffRoles},
      {"CancelObservationApplication", kAnyone},
  };
  return *table;
}

ObservationService::ObservationService(const Runtime& runtime, const IntakeOptions& options)
    : runtime_(runtime),
      options_(options),
      store_(runtime.redis, "in"),
      limiter_(runtime.redis, "in"),
      runner_("observation", &ObservationAccess(), runtime.auth),
      key_(HmacSha256(runtime.options.token_key, "renda observation applicants")) {}

grpc::ServerUnaryReactor* ObservationService::CreateObservationMeeting(
    grpc::CallbackServerContext* ctx, const v1::CreateObservationMeetingRequest* req,
    v1::CreateObservationMeetingResponse* resp) {
  return runner_.Unary(ctx, "CreateObservationMeeting", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    ValidateMeetingFields(req->meeting(), v);
    if (!req->meeting_id().empty()) {
      v.Id("meeting_id", req->meeting_id(), false);
      if (req->meeting_id().size() > 50) v.Add("meeting_id", "must be at most 50 characters");
    }
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    const absl::Time now = runtime_.clock->Now();
    const std::string id = req->meeting_id().empty() ? NewTimeOrderedId(now) : req->meeting_id();
    ObservationMeeting meeting = NewMeeting(req->meeting(), ResourceNameOf(congress, kMeetingCollection, id), caller, now);
    PutSpec spec = CreateSpec(congress, kMeetingKind, id, MeetingIndexes(), caller.subject(), *req, req->request_id(), now);
    PutProto<ObservationMeeting>(&store_, spec, std::move(meeting), FinishWith(resp->mutable_meeting(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* ObservationService::GetObservationMeeting(grpc::CallbackServerContext* ctx,
                                                                    const v1::GetObservationMeetingRequest* req,
                                                                    v1::GetObservationMeetingResponse* resp) {
  return runner_.Unary(ctx, "GetObservationMeeting", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName name = ParseResourceName("name", req->name(), kMeetingCollection, v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetProto<ObservationMeeting>(&store_, "observation meeting", kMeetingKind, name.congress, name.id, req->name(),
                                 FinishWith(resp->mutable_meeting(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* ObservationService::ListObservationMeetings(grpc::CallbackServerContext* ctx,
                                                                      const v1::ListObservationMeetingsRequest* req,
                                                                      v1::ListObservationMeetingsResponse* resp) {
  return runner_.Unary(ctx, "ListObservationMeetings", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    v.PageSize("page_size", req->page_size(), 200);
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    ListSpec spec{congress, kMeetingKind, MeetingIndexes(), absl::StrCat("ListObservationMeetings|", req->parent()),
                  req->page_token(), req->page_size(), false};
    ListProtos<ObservationMeeting>(
        &store_, *runtime_.page_tokens, std::move(spec),
        FinishPage<ObservationMeeting>(resp->mutable_meetings(), resp->mutable_next_page_token(), std::move(finish)));
  });
}

grpc::ServerUnaryReactor* ObservationService::SubmitObservationApplication(
    grpc::CallbackServerContext* ctx, const v1::SubmitObservationApplicationRequest* req,
    v1::SubmitObservationApplicationResponse* resp) {
  const std::string client = ClientKeyOf(ctx);
  return runner_.Unary(ctx, "SubmitObservationApplication", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName meeting = ParseResourceName("meeting", req->meeting(), kMeetingCollection, v);
    ValidateApplicationFields(req->application(), v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, meeting.congress); !s.ok()) return finish(s);
    LimitAnonymous(&limiter_, caller, client, meeting.congress, "observation applications", options_.anonymous,
                   [this, req, resp, caller, meeting, finish = std::move(finish)](absl::Status allowed) mutable {
      if (!allowed.ok()) return finish(allowed);
      const std::string key_id = ApplicantKeyId(key_, meeting.id, req->application().id_number());
      WriteBuilder build = [this, req, caller, meeting, key_id](Callback<EntityStore::Write> done) {
        GetVersioned<ObservationMeeting>(
            &store_, "observation meeting", kMeetingKind, meeting.congress, meeting.id, req->meeting(),
            [this, req, caller, meeting, key_id, done = std::move(done)](
                absl::StatusOr<std::pair<ObservationMeeting, int64_t>> current) mutable {
              if (!current.ok()) return done(current.status());
              const absl::Time now = runtime_.clock->Now();
              auto next = ApplyNewApplication(current->first, now);
              if (!next.ok()) return done(next.status());
              store_.Get(meeting.congress, kApplicantKeyKind, key_id,
                         [req, caller, meeting, key_id, now, next = *std::move(next), version = current->second,
                          done = std::move(done)](absl::StatusOr<std::optional<EntityStore::Stored>> existing) mutable {
                           if (!existing.ok()) return done(existing.status());
                           if (existing->has_value()) return done(AlreadyApplied());
                           const int number = next.applications_received();
                           ObservationApplication a =
                               NewApplication(req->application(), ApplicationNameOf(meeting.congress, meeting.id, number),
                                              next, NewTrackingCode(), now);
                           v1::ObservationApplicantKey record;
                           record.set_name(absl::StrCat(req->meeting(), "/applicantKeys/",
                                                        key_id.substr(meeting.id.size() + 1)));
                           record.set_application(a.name());
                           EntityStore::Write w;
                           w.entities.push_back(ApplicationWrite(a, meeting.id, number, EntityStore::WriteMode::kCreate,
                                                                 0, caller.subject(), req->request_id(), now));
                           w.entities.push_back(EntityWriteOf(next, kMeetingKind, meeting.id,
                                                              EntityStore::WriteMode::kUpdate, version, MeetingIndexes(),
                                                              caller.subject(), req->request_id(), now));
                           w.entities.push_back(EntityWriteOf(record, kApplicantKeyKind, key_id,
                                                              EntityStore::WriteMode::kCreate, 0, {}, caller.subject(),
                                                              req->request_id(), now));
                           done(std::move(w));
                         });
            });
      };
      WriteWithRetries(&store_, meeting.congress, caller.subject(), req->request_id(), Fingerprint(*req),
                       kMeetingAttempts, std::move(build),
                       [resp, finish = std::move(finish)](absl::StatusOr<std::string> data) mutable {
                         if (!data.ok()) {
                           // The same ID number applying twice at the same instant.
                           if (data.status().code() == absl::StatusCode::kAlreadyExists) return finish(AlreadyApplied());
                           return finish(data.status());
                         }
                         // The applicant sees what they sent, with the tracking code.
                         FinishWithStored<ObservationApplication>(resp->mutable_application(),
                                                                  std::move(finish))(std::move(data));
                       });
    });
  });
}

grpc::ServerUnaryReactor* ObservationService::GetObservationApplication(
    grpc::CallbackServerContext* ctx, const v1::GetObservationApplicationRequest* req,
    v1::GetObservationApplicationResponse* resp) {
  return runner_.Unary(ctx, "GetObservationApplication", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ApplicationName name = ParseApplicationName("name", req->name(), v);
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    GetProto<ObservationApplication>(
        &store_, "observation application", kApplicationKind, name.congress, ApplicationId(name.meeting_id, name.number),
        req->name(),
        FinishWith<ObservationApplication>(resp->mutable_application(), std::move(finish),
                                           [caller](ObservationApplication& a) { RedactApplicationForCaller(a, caller); }));
  });
}

void ObservationService::FindByCode(const std::string& congress, const std::string& code,
                                    Callback<ObservationApplication> done) {
  ListSpec spec{congress, kApplicationKind, {TrackingCodeIndex(code)}, "FindByCode", "", 1, false};
  ListProtos<ObservationApplication>(&store_, *runtime_.page_tokens, std::move(spec),
                                     [done = std::move(done)](
                                         absl::StatusOr<ProtoPage<ObservationApplication>> page) mutable {
                                       if (!page.ok()) return done(page.status());
                                       if (page->items.empty()) {
                                         return done(MakeError(absl::StatusCode::kNotFound, "APPLICATION_NOT_FOUND",
                                                               "no observation application has this tracking code; "
                                                               "check the code you were given"));
                                       }
                                       done(std::move(page->items.front()));
                                     });
}

grpc::ServerUnaryReactor* ObservationService::LookupObservationApplication(
    grpc::CallbackServerContext* ctx, const v1::LookupObservationApplicationRequest* req,
    v1::LookupObservationApplicationResponse* resp) {
  const std::string client = ClientKeyOf(ctx);
  return runner_.Unary(ctx, "LookupObservationApplication", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    const std::string code = absl::AsciiStrToUpper(req->tracking_code());
    if (!LooksLikeTrackingCode(code)) v.Add("tracking_code", "must be the 16-character code given when applying");
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    LimitAnonymous(&limiter_, caller, client, congress, "tracking lookups", options_.anonymous,
                   [this, resp, congress, code, finish = std::move(finish)](absl::Status allowed) mutable {
                     if (!allowed.ok()) return finish(allowed);
                     FindByCode(congress, code, FinishWith<ObservationApplication>(
                                                    resp->mutable_application(), std::move(finish),
                                                    [](ObservationApplication& a) { RedactApplication(a); }));
                   });
  });
}

grpc::ServerUnaryReactor* ObservationService::ListObservationApplications(
    grpc::CallbackServerContext* ctx, const v1::ListObservationApplicationsRequest* req,
    v1::ListObservationApplicationsResponse* resp) {
  return runner_.Unary(ctx, "ListObservationApplications", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ResourceName meeting = ParseResourceName("meeting", req->meeting(), kMeetingCollection, v);
    v.Enum("state", req->state(), v1::ObservationApplicationState_descriptor(), false)
        .PageSize("page_size", req->page_size(), 500);
    if (auto s = CheckRequest(v, caller, meeting.congress); !s.ok()) return finish(s);
    const auto state = req->state() == v1::OBSERVATION_APPLICATION_STATE_UNSPECIFIED
                           ? v1::OBSERVATION_APPLICATION_STATE_PENDING
                           : req->state();
    GetProto<ObservationMeeting>(
        &store_, "observation meeting", kMeetingKind, meeting.congress, meeting.id, req->meeting(),
        [this, req, resp, caller, meeting, state, finish = std::move(finish)](
            absl::StatusOr<ObservationMeeting> found) mutable {
          if (!found.ok()) return finish(found.status());
          ListSpec spec{meeting.congress, kApplicationKind, {ApplicationStateIndex(meeting.id, state)},
                        absl::StrCat("ListObservationApplications|", req->meeting(), "|", static_cast<int>(state)),
                        req->page_token(), req->page_size(), false};
          ListProtos<ObservationApplication>(
              &store_, *runtime_.page_tokens, std::move(spec),
              FinishPage<ObservationApplication>(resp->mutable_applications(), resp->mutable_next_page_token(),
                                                 std::move(finish), [caller](ObservationApplication& a) {
                                                   RedactApplicationForCaller(a, caller);
                                                   return true;
                                                 }));
        });
  });
}

grpc::ServerUnaryReactor* ObservationService::ApproveObservationApplicationsInOrder(
    grpc::CallbackServerContext* ctx, const v1::ApproveObservationApplicationsInOrderRequest* req,
    v1::ApproveObservationApplicationsInOrderResponse* resp) {
  return runner_.Unary(ctx, "ApproveObservationApplicationsInOrder", *req, [=, this](const Caller& caller,
                                                                                   Finish finish) {
    Validator v;
    const ResourceName meeting = ParseResourceName("meeting", req->meeting(), kMeetingCollection, v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, meeting.congress); !s.ok()) return finish(s);
    // What the last attempt decided, for the answer when nothing was pending (nothing written).
    auto outcome = std::make_shared<ObservationApproval>();
    WriteBuilder build = [this, req, caller, meeting, outcome](Callback<EntityStore::Write> done) {
      GetVersioned<ObservationMeeting>(
          &store_, "observation meeting", kMeetingKind, meeting.congress, meeting.id, req->meeting(),
          [this, req, caller, meeting, outcome, done = std::move(done)](
              absl::StatusOr<std::pair<ObservationMeeting, int64_t>> current) mutable {
            if (!current.ok()) return done(current.status());
            const int want = std::min(500, std::max(1, SeatsLeft(current->first)));
            ListSpec spec{meeting.congress, kApplicationKind,
                          {ApplicationStateIndex(meeting.id, v1::OBSERVATION_APPLICATION_STATE_PENDING)},
                          "ApproveInOrder", "", want, false};
            ListProtos<ObservationApplication>(
                &store_, *runtime_.page_tokens, std::move(spec),
                [this, req, caller, meeting, outcome, current = *std::move(current), done = std::move(done)](
                    absl::StatusOr<ProtoPage<ObservationApplication>> pending) mutable {
                  if (!pending.ok()) return done(pending.status());
                  const absl::Time now = runtime_.clock->Now();
                  auto decided = ApplyApproveInOrder(current.first, pending->items, now);
                  if (!decided.ok()) return done(decided.status());
                  auto& [next, approved] = *decided;
                  outcome->Clear();
                  outcome->set_seats_left(SeatsLeft(next));
                  outcome->set_approved_by(caller.subject());
                  *outcome->mutable_create_time() = ToProtoTime(now);
                  EntityStore::Write w;
                  if (approved.empty()) return done(std::move(w));  // nothing pending: nothing to write
                  const std::string id = NewTimeOrderedId(now);
                  outcome->set_name(absl::StrCat(req->meeting(), "/approvals/", id));
                  for (const auto& a : approved) outcome->add_approved(a.name());
                  w.entities.push_back(EntityWriteOf(*outcome, kApprovalKind, absl::StrCat(meeting.id, ".", id),
                                                     EntityStore::WriteMode::kCreate, 0, {}, caller.subject(),
                                                     req->request_id(), now));
                  w.entities.push_back(EntityWriteOf(next, kMeetingKind, meeting.id, EntityStore::WriteMode::kUpdate,
                                                     current.second, MeetingIndexes(), caller.subject(),
                                                     req->request_id(), now));
                  for (auto& a : approved) {
                    Validator ignored;
                    const ApplicationName n = ParseApplicationName("", a.name(), ignored);
                    const int64_t version = VersionOf(a);
                    w.entities.push_back(ApplicationWrite(a, meeting.id, n.number, EntityStore::WriteMode::kUpdate,
                                                          version, caller.subject(), req->request_id(), now));
                  }
                  done(std::move(w));
                });
          });
    };
    WriteWithRetries(&store_, meeting.congress, caller.subject(), req->request_id(), Fingerprint(*req),
                     kMeetingAttempts, std::move(build),
                     [resp, outcome, finish = std::move(finish)](absl::StatusOr<std::string> data) mutable {
                       if (!data.ok()) return finish(data.status());
                       if (data->empty()) {
                         *resp->mutable_approval() = *outcome;
                         return finish(absl::OkStatus());
                       }
                       FinishWithStored<ObservationApproval>(resp->mutable_approval(), std::move(finish))(
                           std::move(data));
                     });
  });
}

grpc::ServerUnaryReactor* ObservationService::ApproveObservationApplication(
    grpc::CallbackServerContext* ctx, const v1::ApproveObservationApplicationRequest* req,
    v1::ApproveObservationApplicationResponse* resp) {
  return runner_.Unary(ctx, "ApproveObservationApplication", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ApplicationName name = ParseApplicationName("name", req->name(), v);
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    const std::string meeting_name = ResourceNameOf(name.congress, kMeetingCollection, name.meeting_id);
    WriteBuilder build = [this, req, caller, name, meeting_name](Callback<EntityStore::Write> done) {
      GetVersioned<ObservationApplication>(
          &store_, "observation application", kApplicationKind, name.congress,
          ApplicationId(name.meeting_id, name.number), req->name(),
          [this, req, caller, name, meeting_name, done = std::move(done)](
              absl::StatusOr<std::pair<ObservationApplication, int64_t>> app) mutable {
            if (!app.ok()) return done(app.status());
            GetVersioned<ObservationMeeting>(
                &store_, "observation meeting", kMeetingKind, name.congress, name.meeting_id, meeting_name,
                [this, req, caller, name, app = *std::move(app), done = std::move(done)](
                    absl::StatusOr<std::pair<ObservationMeeting, int64_t>> meeting) mutable {
                  if (!meeting.ok()) return done(meeting.status());
                  ListSpec spec{name.congress, kApplicationKind,
                                {ApplicationStateIndex(name.meeting_id, v1::OBSERVATION_APPLICATION_STATE_PENDING)},
                                "EarliestPending", "", 1, false};
                  ListProtos<ObservationApplication>(
                      &store_, *runtime_.page_tokens, std::move(spec),
                      [this, req, caller, name, app = std::move(app), meeting = *std::move(meeting),
                       done = std::move(done)](absl::StatusOr<ProtoPage<ObservationApplication>> earliest) mutable {
                        if (!earliest.ok()) return done(earliest.status());
                        const std::string first = earliest->items.empty() ? "" : earliest->items.front().name();
                        const absl::Time now = runtime_.clock->Now();
                        auto decided = ApplyApprove(meeting.first, app.first, first, now);
                        if (!decided.ok()) return done(decided.status());
                        auto& [next_meeting, next_app] = *decided;
                        EntityStore::Write w;
                        w.entities.push_back(ApplicationWrite(next_app, name.meeting_id, name.number,
                                                              EntityStore::WriteMode::kUpdate, app.second,
                                                              caller.subject(), req->request_id(), now));
                        w.entities.push_back(EntityWriteOf(next_meeting, kMeetingKind, name.meeting_id,
                                                           EntityStore::WriteMode::kUpdate, meeting.second,
                                                           MeetingIndexes(), caller.subject(), req->request_id(), now));
                        done(std::move(w));
                      });
                });
          });
    };
    WriteWithRetries(&store_, name.congress, caller.subject(), req->request_id(), Fingerprint(*req), kMeetingAttempts,
                     std::move(build), FinishApplication(resp->mutable_application(), &caller, std::move(finish)));
  });
}

grpc::ServerUnaryReactor* ObservationService::DeclineObservationApplication(
    grpc::CallbackServerContext* ctx, const v1::DeclineObservationApplicationRequest* req,
    v1::DeclineObservationApplicationResponse* resp) {
  return runner_.Unary(ctx, "DeclineObservationApplication", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const ApplicationName name = ParseApplicationName("name", req->name(), v);
    v.Text("reason", req->reason(), 500, true).RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, name.congress); !s.ok()) return finish(s);
    WriteBuilder build = [this, req, caller, name](Callback<EntityStore::Write> done) {
      GetVersioned<ObservationApplication>(
          &store_, "observation application", kApplicationKind, name.congress,
          ApplicationId(name.meeting_id, name.number), req->name(),
          [this, req, caller, name, done = std::move(done)](
              absl::StatusOr<std::pair<ObservationApplication, int64_t>> app) mutable {
            if (!app.ok()) return done(app.status());
            const absl::Time now = runtime_.clock->Now();
            auto next = ApplyDecline(app->first, req->reason(), now);
            if (!next.ok()) return done(next.status());
            EntityStore::Write w;
            w.entities.push_back(ApplicationWrite(*next, name.meeting_id, name.number, EntityStore::WriteMode::kUpdate,
                                                  app->second, caller.subject(), req->request_id(), now));
            done(std::move(w));
          });
    };
    WriteWithRetries(&store_, name.congress, caller.subject(), req->request_id(), Fingerprint(*req), kMeetingAttempts,
                     std::move(build), FinishApplication(resp->mutable_application(), &caller, std::move(finish)));
  });
}

grpc::ServerUnaryReactor* ObservationService::CancelObservationApplication(
    grpc::CallbackServerContext* ctx, const v1::CancelObservationApplicationRequest* req,
    v1::CancelObservationApplicationResponse* resp) {
  const std::string client = ClientKeyOf(ctx);
  return runner_.Unary(ctx, "CancelObservationApplication", *req, [=, this](const Caller& caller, Finish finish) {
    Validator v;
    const std::string congress = ParseCongressName("parent", req->parent(), v);
    const std::string code = absl::AsciiStrToUpper(req->tracking_code());
    if (!LooksLikeTrackingCode(code)) v.Add("tracking_code", "must be the 16-character code given when applying");
    v.RequestId("request_id", req->request_id());
    if (auto s = CheckRequest(v, caller, congress); !s.ok()) return finish(s);
    LimitAnonymous(&limiter_, caller, client, congress, "tracking lookups", options_.anonymous,
                   [this, req, resp, caller, congress, code, finish = std::move(finish)](absl::Status allowed) mutable {
      if (!allowed.ok()) return finish(allowed);
      FindByCode(congress, code, [this, req, resp, caller, congress, finish = std::move(finish)](
                                     absl::StatusOr<ObservationApplication> found) mutable {
        if (!found.ok()) return finish(found.status());
        Validator ignored;
        const ApplicationName name = ParseApplicationName("", found->name(), ignored);
        const std::string meeting_name = ResourceNameOf(congress, kMeetingCollection, name.meeting_id);
        WriteBuilder build = [this, req, caller, name, meeting_name](Callback<EntityStore::Write> done) {
          GetVersioned<ObservationApplication>(
              &store_, "observation application", kApplicationKind, name.congress,
              ApplicationId(name.meeting_id, name.number), ApplicationNameOf(name.congress, name.meeting_id, name.number),
              [this, req, caller, name, meeting_name, done = std::move(done)](
                  absl::StatusOr<std::pair<ObservationApplication, int64_t>> app) mutable {
                if (!app.ok()) return done(app.status());
                GetVersioned<ObservationMeeting>(
                    &store_, "observation meeting", kMeetingKind, name.congress, name.meeting_id, meeting_name,
                    [this, req, caller, name, app = *std::move(app), done = std::move(done)](
                        absl::StatusOr<std::pair<ObservationMeeting, int64_t>> meeting) mutable {
                      if (!meeting.ok()) return done(meeting.status());
                      const absl::Time now = runtime_.clock->Now();
                      const bool was_approved = app.first.state() == v1::OBSERVATION_APPLICATION_STATE_APPROVED;
                      auto decided = ApplyCancel(meeting->first, app.first, now);
                      if (!decided.ok()) return done(decided.status());
                      auto& [next_meeting, next_app] = *decided;
                      EntityStore::Write w;
                      w.entities.push_back(ApplicationWrite(next_app, name.meeting_id, name.number,
                                                            EntityStore::WriteMode::kUpdate, app.second,
                                                            caller.subject(), req->request_id(), now));
                      // The freed seat is given back in the same write.
                      if (was_approved) {
                        w.entities.push_back(EntityWriteOf(next_meeting, kMeetingKind, name.meeting_id,
                                                           EntityStore::WriteMode::kUpdate, meeting->second,
                                                           MeetingIndexes(), caller.subject(), req->request_id(), now));
                      }
                      done(std::move(w));
                    });
              });
        };
        WriteWithRetries(&store_, congress, caller.subject(), req->request_id(), Fingerprint(*req), kMeetingAttempts,
                         std::move(build), FinishApplication(resp->mutable_application(), nullptr, std::move(finish)));
      });
    });
  });
}

}  // namespace renda::intake
