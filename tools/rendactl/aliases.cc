// The alias table of rendactl's descriptor engine (engine.h): which RPC each command calls, the
// few flags named otherwise than their field, the positional argument, the columns of each
// message in tables, and the flags the descriptors cannot read by themselves (hooks). A new RPC
// costs one line here.

#include <cstdio>
#include <fstream>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "renda/intake/v1/consultation.pb.h"
#include "renda/intake/v1/intake.pb.h"
#include "renda/intake/v1/observation.pb.h"
#include "renda/intake/v1/poll.pb.h"
#include "renda/reporting/v1/reporting.pb.h"
#include "renda/representatives/v1/contacts.pb.h"
#include "renda/representatives/v1/evaluation.pb.h"
#include "renda/representatives/v1/work_plan.pb.h"
#include "renda/supervision/v1/problems.pb.h"
#include "renda/supervision/v1/supervision.pb.h"
#include "services/common/time_util.h"
#include "tools/rendactl/engine.h"
#include "tools/rendactl/enum_flags.h"
#include "tools/rendactl/output.h"
#include "tools/rendactl/descriptors.h"
#include "tools/rendactl/rep_common.h"

namespace rendactl {
namespace {

namespace pb = google::protobuf;
namespace in = renda::intake::v1;
namespace rep = renda::representatives::v1;
namespace rpt = renda::reporting::v1;
namespace sup = renda::supervision::v1;

// The deputies' fields under their flag names (create and update).
#define DEPUTY_FLAGS "display_name>name", "professional_group>group", "liaison_station>station"

std::vector<RpcCommand> Commands() {
  return {
      // deputies (representatives service)
      {"deputies list", "RepresentativesService/ListDeputies", "list a congress's deputies in id order, filtered", "",
       {DEPUTY_FLAGS, "display_name_contains>name-contains"}},
      {"deputies get", "RepresentativesService/GetDeputy", "show one deputy, by id, resource name or full name (e.g. 王建国)",
       "ID|NAME>name@deputy"},
      {"deputies create", "RepresentativesService/CreateDeputy", "register a deputy (staff, admin)", "",
       {DEPUTY_FLAGS, "!name", "!term", "!electoral-unit"}},
      {"deputies update", "RepresentativesService/UpdateDeputy",
       "change the fields given as flags (the update mask is built from them)", "ID|NAME>deputy.name@deputy", {DEPUTY_FLAGS}},
      {"deputies status", "RepresentativesService/ChangeDeputyStatus",
       "record that a deputy stopped serving: resigned, removed, terminated, deceased (staff, admin)",
       "ID|NAME>name@deputy", {"!status", "!reason", "effective-date?today"}},

      // opinions (intake service)
      {"opinions submit", "SubmitOpinion", "submit a citizen's opinion; works without a token; prints the tracking code", "",
       {"display_name>contact-name", "phone>contact-phone", "email>contact-email", "!title", "!content", "channel?online"}},
      {"opinions get", "GetOpinion", "show one opinion (staff, leader, admin, service)", "ID>name@opinions"},
      {"opinions list", "ListOpinions", "list a congress's opinions, newest first, filtered", "",
       {"handling_unit>unit", "text_contains>text", "min_escalation_level>escalated-at-least"}},
      {"opinions lookup", "LookupOpinion", "follow a case by its tracking code; works without a token",
       "CODE>tracking_code"},
      {"opinions classify", "ClassifyOpinion", "confirm or change a case's category and set its grade (staff, admin)",
       "ID>name@opinions", {"!category", "!grade"}},
      {"opinions accept", "ReviewOpinion", "accept a received case for handling (staff, admin)", "ID>name@opinions",
       {"accept=true"}},
      {"opinions reject", "ReviewOpinion", "reject a received case, with the reason (staff, admin)", "ID>name@opinions",
       {"accept=false", "note>reason", "!reason"}},
      {"opinions assign", "AssignOpinion", "route a classified case to a handling unit, or transfer it (staff, admin)",
       "ID>name@opinions", {"handling_unit>unit", "!unit"}},
      {"opinions start", "StartHandlingOpinion", "mark an assigned case as being handled (handling_unit, staff, admin)",
       "ID>name@opinions"},
      {"opinions reply", "ReplyOpinion", "answer a case; the citizen then gives feedback (handling_unit, staff, admin)",
       "ID>name@opinions", {"!text"}},
      {"opinions feedback", "GiveOpinionFeedback",
       "the citizen's verdict on a reply, by tracking code: satisfied closes, not satisfied reopens", "CODE>tracking_code",
       {"not-satisfied:satisfied=false", "!satisfied|not-satisfied"}},
      {"opinions merge", "MergeOpinion", "merge a duplicate case into another open case (staff, admin)",
       "ID>name@opinions", {"into@opinions", "!into"}},
      {"opinions similar", "ListSimilarOpinions",
       "cases that look like duplicates of one case, most similar first (staff, admin)", "ID>name@opinions"},
      {"opinions sweep", "SweepOpinionDeadlines",
       "escalate overdue cases and close replies without feedback, now (staff, admin, service)"},
      {"opinions publish", "PublishOpinion",
       "publish a closed case and its reply with personal data masked (staff, admin)", "ID>name@opinions"},
      {"opinions published", "ListPublishedOpinions", "list published cases, newest first (any signed-in role)"},

      // consultations and their comments (intake service)
      {"consultations create", "CreateConsultation", "create a consultation (DRAFT) with its articles (staff)", "",
       {"planned_close_time>close-at", "change_note>note", "article*article", "draft-file*draft-file", "!kind", "!title"}},
      {"consultations get", "GetConsultation", "show a consultation with its draft (or --version N)",
       "ID>name@consultations"},
      {"consultations list", "ListConsultations", "list a congress's consultations, newest first"},
      {"consultations versions", "ListDraftVersions", "list the versions of a consultation's draft",
       "ID>parent@consultations"},
      {"consultations revise", "ReviseDraft", "make a new version of the draft (staff; DRAFT or OPEN)",
       "ID>name@consultations", {"change_note>note", "article*article", "draft-file*draft-file"}},
      {"consultations open", "OpenConsultation", "open a DRAFT consultation for comments (staff)",
       "ID>name@consultations", {"planned_close_time>close-at"}},
      {"consultations close", "CloseConsultation", "close an OPEN consultation (staff)", "ID>name@consultations"},
      {"consultations summarize", "SummarizeConsultation", "summarize a CLOSED consultation (staff)",
       "ID>name@consultations", {"!summary"}},
      {"consultations stats", "GetCommentStatistics", "comment counts per article, channel and decision",
       "ID>parent@consultations"},
      {"comments add", "AddComment",
       "comment on an article (--article N) or the whole draft; works without a token", "[CONSULTATION]>parent@consultations",
       {"parent>consultation", "parent@consultations", "article_number>article", "contact_point_id>contact-point",
        "display_name>contact-name", "!text", "channel?online"}},
      {"comments get", "GetComment", "show one comment", "COMMENT>name@consultations/{consultation}/comments",
       {"+consultation"}},
      {"comments list", "ListComments", "list a consultation's comments, filtered and searched", "",
       {"parent>consultation", "parent@consultations", "!consultation", "article_number>article",
        "whole-draft:article_number=-1", "hidden:visibility=COMMENT_VISIBILITY_HIDDEN",
        "visible:visibility=COMMENT_VISIBILITY_VISIBLE", "-visibility", "text_contains>search"}},
      {"comments hide", "HideComment", "hide a comment from the public (staff)",
       "COMMENT>name@consultations/{consultation}/comments", {"+consultation", "!reason"}},
      {"comments restore", "RestoreComment", "show a hidden comment again (staff)",
       "COMMENT>name@consultations/{consultation}/comments", {"+consultation"}},
      {"comments decide", "DecideComment", "record whether a comment was adopted, and why (staff)",
       "COMMENT>name@consultations/{consultation}/comments", {"+consultation", "!decision", "!reason"}},

      // deputies' bills and suggestions (intake service)
      {"proposals file", "FileProposal", "file a deputy's suggestion or bill (deputy as themself; staff name --filer)", "",
       {"kind?suggestion", "!title", "!content", "!category", "filer@deputy", "co_signers>co-signer", "co_signers@deputy"}},
      {"proposals get", "GetProposal", "show one proposal with its rounds and history", "ID>name@proposals"},
      {"proposals list", "ListProposals", "list proposals, newest first, filtered", "", {"deputy@deputy", "key_only>key"}},
      {"proposals assign", "AssignProposal", "assign to a lead unit and co-units (staff); due in 3 months",
       "ID>name@proposals", {"lead_unit>lead", "!lead", "co_units>co-unit"}},
      {"proposals extend", "ExtendProposalDeadline", "extend the deadline (staff), at most 6 months from the round's start",
       "ID>name@proposals", {"new_deadline>deadline", "!deadline", "!reason"}},
      {"proposals reply", "ReplyProposal", "the lead unit's reply", "ID>name@proposals", {"!category", "!text"}},
      {"proposals rate", "RateProposal", "the filing deputy's rating; not-satisfied sends it back to the unit",
       "ID>name@proposals", {"satisfaction>rating", "!rating"}},
      {"proposals key", "SetProposalKey", "flag as key for leaders' supervision (staff); --clear to unflag",
       "ID>name@proposals", {"key=true", "clear:key=false"}},

      // polls (intake service)
      {"polls create", "CreatePoll", "create a poll (DRAFT) with its questions and response window (staff)", "",
       {"question*question", "open_time>open", "close_time>close", "!title", "!question", "!open", "!close"}},
      {"polls get", "GetPoll", "show a poll and its questions", "ID>name@polls"},
      {"polls list", "ListPolls", "list polls (others than staff: open or closed ones)"},
      {"polls open", "OpenPoll", "open a draft poll for responses (staff)", "ID>name@polls"},
      {"polls close", "ClosePoll", "close an open poll; results become public (staff)", "ID>name@polls"},
      {"polls invitations", "IssuePollInvitations", "print invitation codes for anonymous respondents (staff)",
       "ID>poll@polls", {"first_number>first"}},
      {"polls respond", "SubmitPollResponse", "answer a poll once; without a token, give --invitation-code",
       "ID>poll@polls", {"choose*choose", "text*text"}},
      {"polls results", "GetPollResults", "exact counts per option (staff, leader, admin; everyone once closed)",
       "ID>poll@polls"},

      // observation of standing-committee meetings (intake service)
      {"observation meetings", "ListObservationMeetings",
       "meetings open to observers: `meetings create` (staff) or `meetings list`", "[ACTION]>"},
      {"observation meetings", "CreateObservationMeeting", "", "",
       {"?=create", "meeting_time>time", "application_deadline>deadline"}},
      {"observation apply", "SubmitObservationApplication",
       "apply to observe a meeting (no token needed); prints the tracking code", "",
       {"meeting@observationMeetings", "applicant_name>name", "!name", "!id-number", "!phone"}},
      {"observation approve", "ApproveObservationApplication",
       "approve one application (earliest pending only), or --in-order up to the seats (staff)",
       "[APPLICATION]>name@observationMeetings/{meeting}/applications#6", {"+meeting"}},
      {"observation approve", "ApproveObservationApplicationsInOrder", "", "[MEETING]>meeting@observationMeetings",
       {"?in-order", "meeting>meeting", "meeting@observationMeetings"}},
      {"observation decline", "DeclineObservationApplication", "decline a pending application with a reason (staff)",
       "APPLICATION>name@observationMeetings/{meeting}/applications#6", {"+meeting", "!reason"}},
      {"observation status", "LookupObservationApplication",
       "look an application up by its tracking code (no token needed)", "CODE>tracking_code"},
      {"observation cancel", "CancelObservationApplication",
       "cancel your application by its tracking code, freeing the seat", "CODE>tracking_code"},
      {"observation applications", "ListObservationApplications",
       "a meeting's applications in arrival order, by state (staff, leader, admin)", "[MEETING]>meeting@observationMeetings",
       {"meeting>meeting", "meeting@observationMeetings", "state?pending"}},

      // the registry: congresses and the units that handle their work (representatives service)
      {"congresses create", "CreateCongress", "register a congress (admin of every congress, or of its parent)", "",
       {"congress.parent@congresses", "!id", "!display-name", "!level", "!term"}},
      {"congresses get", "GetCongress", "show one congress (no token needed)", "ID>name@congresses"},
      {"congresses list", "ListCongresses", "list the registered congresses in id order (no token needed)", "",
       {"parent@congresses"}},
      {"congresses update", "UpdateCongress", "change a congress's display name or term (admin)",
       "ID>congress.name@congresses", {"-level", "-parent"}},
      {"units create", "CreateUnit", "register a unit that handles opinions, proposals and problems (staff, admin)", "",
       {"parent_unit@units", "-active", "!id", "!display-name", "!kind"}},
      {"units get", "GetUnit", "show one unit", "ID>name@units"},
      {"units list", "ListUnits", "list a congress's units in id order"},
      {"units update", "UpdateUnit", "change a unit's name, kind or parent unit, or (de)activate it (staff, admin)",
       "ID>unit.name@units", {"parent_unit@units", "-active", "activate:unit.active=true", "deactivate:unit.active=false"}},

      // organizations and memberships (representatives service)
      {"orgs list", "ListOrganizations", "list a congress's organizations in id order, filtered", "",
       {"parent_organization>parent", "parent_organization@organizations"}},
      {"orgs create", "CreateOrganization",
       "register an organization: delegation, committee, group, station... (staff, admin)", "",
       {"display_name>name", "founding_date>founded", "organization.parent@organizations", "-dissolution_date", "!name",
        "!classification", "!level"}},
      {"members list", "ListMemberships",
       "list the memberships of an organization and/or a deputy, optionally on one day", "",
       {"organization>org", "organization@organizations", "deputy@deputy", "on_date>on", "!org/deputy"}},
      {"members add", "CreateMembership", "record that a serving deputy holds a post in an organization (staff, admin)",
       "", {"organization>org", "organization@organizations", "deputy@deputy", "post_label>post", "start_date>start",
            "-end_date", "-end_reason", "!org", "!deputy", "!role", "start?today"}},
      {"members end", "EndMembership", "end an open membership on a day, with a reason (staff, admin)",
       "ID>name@memberships", {"end_reason>reason", "end_date>date", "!reason", "date?today"}},

      // duty records (representatives service)
      {"duty add", "CreateDutyRecord", "record a duty a deputy performed; confirmed as entered (staff, admin)", "",
       {"deputy@deputy", "!deputy", "!type", "!title", "date?today"}},
      {"duty get", "GetDutyRecord", "show one duty record", "ID>name@dutyRecords"},
      {"duty list", "ListDutyRecords", "list a deputy's duty records in date order, or the --pending review queue", "",
       {"deputy@deputy", "pending:state=DUTY_RECORD_STATE_PENDING", "!deputy/pending"}},
      {"duty confirm", "ConfirmDutyRecord", "confirm a pending record; from then on it counts in evaluation (staff, admin)",
       "ID>name@dutyRecords"},
      {"duty reject", "RejectDutyRecord", "reject a pending record with a note saying why (staff, admin)",
       "ID>name@dutyRecords", {"!note"}},

      // evaluation and the exit mechanism (representatives service)
      {"score", "GetDeputyScore", "a deputy's score for a year: the total and every confirmed record with its points",
       "DEPUTY>deputy@deputy", {"rules_version>rules", "!year"}},
      {"rank", "RankDeputies", "rank the deputies of a delegation and/or term by their score for a year", "",
       {"rules_version>rules", "!year", "!delegation/term"}},
      {"exit evaluate", "EvaluateExitRules",
       "check the exit rules for a page of serving deputies (--all: every one), opening cases (staff)", "",
       {"rules_version>rules", "!year"}},
      {"exit list", "ListExitCases", "list exit cases, optionally of one state and/or deputy", "", {"deputy@deputy"}},
      {"exit get", "GetExitCase", "show one exit case with its steps", "CASE>name@exitCases"},
      {"exit notify", "NotifyDeputy", "record that the deputy was told of the case (staff, admin)", "CASE>name@exitCases",
       {"!note"}},
      {"exit statement", "RecordStatement", "record the deputy's statement on the case", "CASE>name@exitCases",
       {"!statement"}},
      {"exit decide", "DecideExitCase",
       "decide the case; terminated also ends the deputy's term of office (staff, admin)", "CASE>name@exitCases",
       {"!decision", "!note"}},

      // the two contacts (representatives service)
      {"contacts coverage", "GetContactCoverage",
       "how many serving grassroots deputies are covered and visited in a year, with percentages", "", {"!year"}},
      {"contacts unvisited", "ListUnvisitedDeputies", "assigned grassroots deputies with no visit logged in a year", "",
       {"!year"}},
      {"contacts shortfalls", "ListQuotaShortfalls", "leaders with fewer assigned deputies than their quota"},
      {"contacts assignments", "ListContactAssignments", "list contact assignments, all or one leader's", "",
       {"leader@leaders"}},
      {"contacts assign", "CreateContactAssignment", "assign a grassroots deputy to a leader for a term (staff, admin)",
       "", {"leader@leaders", "deputy@deputy", "start_date>start", "-end_date", "-active", "!leader", "!deputy", "!term",
            "start?today"}},
      {"contacts visit", "LogVisit", "log a contact: --assignment, or --leader and --deputy of an active assignment", "",
       {"assignment*assignment", "-assignment", "+leader", "+deputy", "opinions>opinion", "!form", "date?today"}},
      {"leaders list", "ListLeaders", "list the leaders taking part in the two contacts"},
      {"leaders create", "CreateLeader", "register a leader taking part in the two contacts (staff, admin)", "",
       {"display_name>name", "!name", "!post", "!subject"}},

      // the work plan (representatives service)
      {"activities list", "ListActivities", "list the plan's activities in date order, filtered", "",
       {"month*month", "open_only>open"}},
      {"activities get", "GetActivity", "show one activity with its confirmed list and waitlist", "ID>name@activities"},
      {"activities create", "CreateActivity", "publish an activity of the plan (staff, admin)", "",
       {"sign_up_open_time>open-at", "open-at?now", "close-at*close-at", "-sign_up_close_time", "!title", "!category", "!date", "!place", "!capacity"}},
      {"activities signup", "SignUp", "sign a deputy up: CONFIRMED while there is room, else WAITLISTED #n",
       "ID>activity@activities", {"deputy@deputy", "!deputy"}},
      {"activities withdraw", "Withdraw", "withdraw a deputy's place; the first waitlisted deputy moves up",
       "ID>activity@activities", {"deputy@deputy", "!deputy"}},
      {"activities attend", "RecordAttendance", "record who attended; each gets one duty record (staff, admin)",
       "ID>activity@activities", {"attended>deputy", "attended@deputy", "!deputy"}},

      // liaison stations (representatives service)
      {"stations list", "ListStations", "list liaison stations in id order", "",
       {"legislative_contact_points_only>contact-points"}},
      {"stations get", "GetStation", "show one station with its deputies", "ID>name@stations"},
      {"stations create", "CreateStation", "create a liaison station (staff, admin)", "",
       {"display_name>name", "open_hours>hours", "is_legislative_contact_point>contact-point", "deputies>deputy",
        "deputies@deputy", "!name", "!area", "!address"}},
      {"stations schedule", "ScheduleReception", "schedule a reception day at a station (staff, admin)",
       "STATION>schedule.station@stations", {"deputies>deputy", "deputies@deputy", "!date", "!deputy"}},
      {"stations calendar", "ListReceptionSchedule", "list a station's scheduled reception days",
       "STATION>station@stations"},
      {"stations log", "LogReception",
       "log a reception day that took place; records a duty for each deputy present", "STATION>log.station@stations",
       {"deputies_present>deputy", "deputies_present@deputy", "constituents_received>received", "topics>topic",
        "opinions>opinion", "opinions@opinions", "!deputy", "date?today"}},
      {"stations logs", "ListReceptionLogs", "list a station's reception log", "STATION>station@stations"},

      // the reporting service
      {"report annual", "RenderAnnualDutyReport",
       "a deputy's annual duty report (履职报告) as Markdown, rendered by the reporting service", "DEPUTY>deputy@deputy",
       {"!year"}},
      {"overview", "GetOverview", "counts of a congress's deputies, opinions and supervision items (reporting)", "",
       {"congress@congress"}},

      // supervision items (supervision service)
      {"items create", "CreateSupervisionItem", "add an item to a congress's supervision plan (staff, admin)", "",
       {"responsible_body>body", "!title", "!area", "!form", "!year"}},
      {"items get", "GetSupervisionItem", "show one supervision item", "ID>name@supervisionItems"},
      {"items list", "ListSupervisionItems", "list a congress's supervision items in id order, filtered"},
      // (supervision: problem lists and rectification, reporting obligations)
      {"items advance", "AdvanceSupervisionItem",
       "move an item one step on: in-progress, reported (--report), reviewed (--note: the opinion), look-back, closed "
       "(staff, leader)",
       "ID>name@supervisionItems", {"target_state>to", "!to"}},
      {"items join", "AddItemParticipants", "add serving deputies to an item; each gets a duty record (staff, leader)",
       "ID>name@supervisionItems", {"deputies>deputy", "deputies@deputy", "!deputy"}},
      {"items sweep", "SweepSupervisionDeadlines", "escalate overdue problems and reporting obligations now (staff)"},
      {"problems issue", "IssueProblems", "issue a reviewed item's problem list; the item becomes rectifying (staff, leader)",
       "ITEM>parent@supervisionItems", {"problem*problem", "!problem"}},
      {"problems get", "GetProblem", "show one problem with its rectification and history", "ID>name@problems"},
      {"problems list", "ListProblems", "list problems in id order, filtered (a unit sees only its own)", "",
       {"item@supervisionItems", "responsible_unit>unit"}},
      {"problems submit", "SubmitRectification", "the responsible unit's rectification report with evidence",
       "ID>name@problems", {"evidence*evidence", "!report"}},
      {"problems accept", "ReviewRectification", "accept a submitted rectification; the look-back is due --look-back",
       "ID>name@problems", {"accept=true", "look_back_date>look-back", "!look-back", "-new_deadline"}},
      {"problems reject", "ReviewRectification", "reject a submitted rectification with a reason: back to the unit",
       "ID>name@problems", {"accept=false", "!reason", "new_deadline>deadline", "-look_back_date"}},
      {"problems confirm", "RecordLookBack", "the look-back found the rectification held: the problem closes",
       "ID>name@problems", {"confirmed=true", "-new_deadline"}},
      {"problems reopen", "RecordLookBack", "the look-back found it did not hold: back to the unit by --deadline",
       "ID>name@problems", {"confirmed=false", "new_deadline>deadline", "!deadline", "!note"}},
      {"obligations create", "CreateReportingObligation",
       "record a report a body owes on a resolution or before a major decision (staff, leader)", "",
       {"due_date>due", "!kind", "!title", "!body", "!due"}},
      {"obligations get", "GetReportingObligation", "show one reporting obligation", "ID>name@reportingObligations"},
      {"obligations list", "ListReportingObligations", "list reporting obligations, filtered (a unit sees its own)"},
      {"obligations submit", "SubmitObligationReport", "the body submits the report it owes",
       "ID>name@reportingObligations", {"attachments*evidence", "!report"}},

      // (supervision: satisfaction votes, budget review, research topics)
      {"satisfaction create", "CreateSatisfactionVote",
       "schedule a satisfaction vote of the standing committee on a body's report (staff, admin)", "",
       {"supervision_item>item", "supervision_item@supervisionItems", "report_title>report", "!title", "!item", "!body",
        "!report", "!open-time", "!close-time"}},
      {"satisfaction get", "GetSatisfactionVote", "show one satisfaction vote (its counts once closed)",
       "ID>name@satisfactionVotes"},
      {"satisfaction list", "ListSatisfactionVotes", "list satisfaction votes, optionally of one supervision item", "",
       {"supervision_item>item", "supervision_item@supervisionItems"}},
      {"satisfaction open", "OpenSatisfactionVote",
       "open a vote: the standing committee's members today become its electorate (staff, admin)",
       "ID>name@satisfactionVotes"},
      {"satisfaction vote", "CastSatisfactionBallot",
       "cast your secret ballot: satisfied, basically-satisfied or not-satisfied (members)",
       "ID>satisfaction_vote@satisfactionVotes", {"!choice"}},
      {"satisfaction close", "CloseSatisfactionVote", "close a vote and publish its counts and result (staff, admin)",
       "ID>name@satisfactionVotes"},
      {"satisfaction rerun", "RerunSatisfactionVote",
       "schedule the new vote after a failed one and the body's rectification (staff, admin)",
       "ID>name@satisfactionVotes",
       {"rectification_summary>rectification", "report_title>report", "!rectification", "!report", "!open-time",
        "!close-time"}},
      {"budget get", "GetBudgetDraft", "show a draft budget: its lines and their amounts at each stage",
       "ID>name@budgetDrafts"},
      {"budget list", "ListBudgetDrafts", "list draft budgets, optionally of one fiscal year", "",
       {"fiscal_year>year"}},
      {"budget open-stage", "OpenBudgetStage",
       "open the next review stage: thematic-review, preliminary-review, session-review (staff, admin)",
       "ID>name@budgetDrafts", {"!stage"}},
      {"budget close-stage", "CloseBudgetStage", "close the open review stage (staff, admin)", "ID>name@budgetDrafts"},
      {"budget opinion", "GiveBudgetOpinion",
       "give an opinion on a line (--line) or the whole draft while a stage is open (deputies)",
       "ID>budget_draft@budgetDrafts", {"line_id>line", "!text"}},
      {"budget answer", "AnswerBudgetOpinion", "answer a deputy's opinion (staff, the line's department)",
       "ID>name@budgetOpinions", {"!text"}},
      {"budget opinions", "ListBudgetOpinions", "list the opinions on a draft, filtered", "",
       {"budget_draft>draft", "budget_draft@budgetDrafts", "!draft", "deputy@deputy", "unanswered_only>unanswered"}},
      {"budget trace", "TraceBudgetOpinions",
       "what became of a deputy's opinions: answers and the line's amounts at each stage",
       "ID>budget_draft@budgetDrafts", {"deputy@deputy"}},
      {"research plans", "ListResearchPlans", "list the leaders' research plans of a year", "", {"!year"}},
      {"research get", "GetResearchTopic", "show a research topic with its days, reports and outcomes",
       "ID>name@researchTopics"},
      {"research list", "ListResearchTopics", "list research topics, filtered by year, leader or state"},
      {"research days", "LogResearchDays", "record days a leader spent researching a topic",
       "ID>research_topic@researchTopics", {"start_date>start", "!leader", "!days"}},
      {"research quota", "ListResearchQuotaShortfalls",
       "the leaders below the yearly research quota (60 days, 1 key topic led, 1 report); --include-met for all", "",
       {"!year"}},

      // (supervision: livelihood projects by deputy vote)
      {"livelihood create", "CreateLivelihoodVote",
       "start the year's vote on livelihood projects: --seats projects to adopt (staff, admin)", "",
       {"!title", "!year", "!seats"}},
      {"livelihood get", "GetLivelihoodVote", "show one vote: its candidates; counts and ledger head once closed",
       "ID>name@livelihoodVotes"},
      {"livelihood list", "ListLivelihoodVotes", "list livelihood votes, optionally of one year"},
      {"livelihood candidate", "AddLivelihoodCandidate",
       "add a candidate project while the vote gathers: --source citizens, deputies or department (staff, admin)",
       "ID>vote@livelihoodVotes", {"-candidate.id", "opinions>opinion", "opinions@opinions", "!title", "!source"}},
      {"livelihood fix", "FixLivelihoodCandidates",
       "fix the candidate list; there must be more candidates than seats (staff, admin)", "ID>name@livelihoodVotes"},
      {"livelihood open", "OpenLivelihoodVote",
       "open the ballot: the deputies serving now become its electorate (staff, admin)", "ID>name@livelihoodVotes"},
      {"livelihood vote", "CastBallot",
       "cast your secret ballot, --candidate once per project (at most seats); keep the receipt (deputies)",
       "ID>vote@livelihoodVotes", {"candidate_ids>candidate"}},
      {"livelihood close", "CloseLivelihoodVote",
       "close the ballot, count it and publish counts and ledger head; adopted candidates become projects "
       "(staff, admin)",
       "ID>name@livelihoodVotes"},
      {"livelihood verify", "VerifyTally",
       "check a closed vote's ledger and recount it; --receipt says whether your ballot is counted",
       "ID>name@livelihoodVotes"},
      {"livelihood projects", "ListLivelihoodProjects", "list livelihood projects, optionally of one year"},
      {"livelihood project", "GetLivelihoodProject",
       "show one project: milestones, progress, supervision group and ratings", "ID>name@livelihoodProjects"},
      {"livelihood milestone", "AddProjectMilestone", "add a milestone to a project (staff, admin)",
       "ID>project@livelihoodProjects", {"-milestone.id", "-milestone.complete_time", "!title", "due_date>due"}},
      {"livelihood progress", "ReportProjectProgress",
       "record a progress report, optionally completing a milestone (staff, admin)", "ID>project@livelihoodProjects",
       {"-report.reporter", "-report.report_time", "!text", "percent_complete>percent", "completes_milestone>milestone"}},
      {"livelihood group", "SetProjectSupervisionGroup",
       "set a project's deputy supervision group, --deputy once each (staff, admin)", "ID>project@livelihoodProjects",
       {"deputies>deputy", "deputies@deputy", "!deputy"}},
      {"livelihood rate", "RateLivelihoodProject", "your year-end rating of a project, --score 1 to 5 (deputies)",
       "ID>project@livelihoodProjects", {"!score"}},
  };
}

std::vector<Columns> ColumnTables() {
  return {
      {"renda.representatives.v1.Deputy",
       "ID=name,NAME=display_name,TERM=term>,STATUS=status,ELECTORAL UNIT=electoral_unit,DELEGATION=delegation,"
       "GROUP=professional_group,STATION=liaison_station,SECTOR=sector"},
      {"renda.representatives.v1.StatusChange",
       "EFFECTIVE=effective_date,STATUS=status,REASON=reason~40,BY=actor,RECORDED=record_time"},
      {"renda.intake.v1.Opinion",
       "ID=name,RECEIVED=create_time,STATE=state,CHANNEL=channel,DISTRICT=district,CATEGORY=category,GRADE=grade,"
       "UNIT=handling_unit,ESCALATION=escalation_level,TITLE=title~40"},
      {"renda.intake.v1.Transition", "TIME=time,ACTION=action,BY=actor,STATE=to_state,UNIT=unit,NOTE=note~50"},
      {"renda.intake.v1.SimilarOpinion",
       "ID=opinion.name,SIMILARITY=similarity>,RECEIVED=opinion.create_time,STATE=opinion.state,"
       "DISTRICT=opinion.district,TITLE=opinion.title~40"},
      {"renda.intake.v1.Publication",
       "ID=opinion,PUBLISHED=publish_time,CATEGORY=category,DISTRICT=district,TITLE=title~30,REPLY=reply~40"},
      {"renda.intake.v1.Consultation",
       "ID=name,KIND=kind,STATE=state,VERSION=draft_version_count>,CLOSES=planned_close_time,TITLE=title~40"},
      {"renda.intake.v1.DraftVersion", "VERSION=version,MADE=create_time,BY=author,ARTICLES=#articles>,CHANGE NOTE=change_note~50"},
      {"renda.intake.v1.DraftArticle", "ARTICLE=number>,HEADING=heading,TEXT=text~60"},
      {"renda.intake.v1.ConsultationComment",
       "ID=name,RECEIVED=create_time,ARTICLE=article_number>,CHANNEL=channel,HIDDEN=hidden,DECISION=decision,TEXT=text~40"},
      {"renda.intake.v1.Proposal",
       "ID=name,FILED=create_time,KIND=kind,STATE=state,FILER=filer,LEAD UNIT=lead_unit,KEY=key,TITLE=title~40"},
      {"renda.intake.v1.ProposalTransition", "TIME=time,ACTION=action,ACTOR=actor,STATE=to_state,NOTE=note~60"},
      {"renda.intake.v1.Poll", "ID=name,STATE=state,OPENS=open_time,CLOSES=close_time,QUESTIONS=#questions>,TITLE=title~40"},
      {"renda.intake.v1.PollQuestion", "ID=id,TYPE=type,REQUIRED=required,OPTIONS=#options>,TEXT=text~50"},
      {"renda.intake.v1.ObservationMeeting",
       "ID=name,TIME=meeting_time,DEADLINE=application_deadline,SEATS=seats>,TAKEN=approved_count>,"
       "APPLIED=applications_received>,TITLE=title~40"},
      {"renda.representatives.v1.Congress", "ID=name,LEVEL=level,TERM=term>,PARENT=parent,NAME=display_name"},
      {"renda.representatives.v1.Unit", "ID=name,KIND=kind,ACTIVE=active,PARENT=parent_unit,NAME=display_name~40"},
      {"renda.representatives.v1.Organization",
       "ID=name,CLASSIFICATION=classification,LEVEL=level,TERM=term>,PARENT=parent,FOUNDED=founding_date,"
       "NAME=display_name~40"},
      {"renda.representatives.v1.Membership",
       "ID=name,DEPUTY=deputy,ORGANIZATION=organization,ROLE=role,POST=post_label~24,START=start_date,END=end_date,"
       "END REASON=end_reason~30"},
      {"renda.representatives.v1.DutyRecord",
       "ID=name,DATE=date,DEPUTY=deputy,TYPE=type,ATTENDANCE=attendance,STATE=state,SOURCE=source,TITLE=title~40"},
      {"renda.representatives.v1.ScoreItem",
       "DATE=date,RECORD=record,TYPE=type,POINTS=points>,CAPPED=capped,TITLE=title~30,REASON=reason~60"},
      {"renda.representatives.v1.TypeSubtotal", "TYPE=type,RECORDS=records>,POINTS=points>,CAPPED=capped"},
      {"renda.representatives.v1.RankedDeputy", "RANK=rank>,ID=deputy,NAME=display_name,STATUS=status,SCORE=score>"},
      {"renda.representatives.v1.ExitCase",
       "ID=name,DEPUTY=deputy,YEAR=year,GROUND=ground,STATE=state,DECISION=decision,DETAIL=detail~50"},
      {"renda.representatives.v1.ExitCaseStep", "TIME=time,STATE=state,BY=actor,NOTE=note~50"},
      {"renda.representatives.v1.UnvisitedDeputy", "DEPUTY=deputy,NAME=display_name,LEADERS=leaders"},
      {"renda.representatives.v1.QuotaShortfall",
       "LEADER=leader,NAME=display_name,POST=post,QUOTA=quota>,ASSIGNED=assigned>,MISSING=missing>"},
      {"renda.representatives.v1.ContactAssignment",
       "ID=name,LEADER=leader,DEPUTY=deputy,TERM=term>,START=start_date,END=end_date,VISITS=visit_count>,"
       "VISITED IN=visited_years"},
      {"renda.representatives.v1.Leader",
       "ID=name,NAME=display_name,POST=post,SUBJECT=subject,CONTACTS=#contacted_deputies>,DEPUTIES=contacted_deputies~40"},
      {"renda.representatives.v1.Activity",
       "ID=name,DATE=date,CATEGORY=category,STATE=state,CAPACITY=capacity>,CONFIRMED=#confirmed>,WAITING=#waitlist>,"
       "SIGN-UP CLOSES=sign_up_close_time,TITLE=title~40"},
      {"renda.representatives.v1.Station",
       "ID=name,NAME=display_name~30,AREA=area,STREET=street,CONTACT POINT=is_legislative_contact_point,"
       "DEPUTIES=#deputies>"},
      {"renda.representatives.v1.ReceptionSchedule", "ID=name,DATE=date,DEPUTIES=deputies,NOTE=note~40"},
      {"renda.representatives.v1.ReceptionLog",
       "ID=name,DATE=date,RECEIVED=constituents_received>,PRESENT=deputies_present,TOPICS=topics~40,"
       "OPINIONS=#opinions>"},
      {"renda.reporting.v1.SourceProgress", "SOURCE FEED=source,EVENTS APPLIED=events_applied>,CURSOR=cursor"},
      {"renda.supervision.v1.SupervisionItem",
       "ID=name,YEAR=year,STATE=state,AREA=area,FORM=form,TITLE=title~40,RESPONSIBLE BODY=responsible_body~24"},
      // (supervision: problem lists and rectification, reporting obligations)
      {"renda.supervision.v1.Problem",
       "ID=name,STATE=state,UNIT=responsible_unit,SEVERITY=severity,DEADLINE=deadline,LEVEL=escalation_level>,"
       "REPORTS=submissions>,LOOK-BACK=look_back_date,TITLE=title~40"},
      {"renda.supervision.v1.ReportingObligation",
       "ID=name,STATE=state,KIND=kind,BODY=body,DUE=due_date,LEVEL=escalation_level>,LATE=submitted_late,TITLE=title~40"},
      // (supervision: satisfaction votes, budget review, research topics)
      {"renda.supervision.v1.SatisfactionVote",
       "ID=name,STATE=state,OPENS=open_time,CLOSES=close_time,VOTED=voted_count>,RESULT=result,BODY=body~20,"
       "TITLE=title~40"},
      {"renda.supervision.v1.BudgetDraft",
       "ID=name,YEAR=fiscal_year>,STATE=state,STAGE=stage,OPEN=stage_open,LINES=#lines>,TOTAL FEN=total_fen>,"
       "TITLE=title~40"},
      {"renda.supervision.v1.BudgetLine",
       "LINE=line_id,DEPARTMENT=department,ITEM=item~30,AMOUNT FEN=amount_fen>,NOTE=revision_note~30"},
      {"renda.supervision.v1.BudgetOpinion",
       "ID=name,GIVEN=create_time,STAGE=stage,LINE=line_id,DEPUTY=deputy,TEXT=text~40,ANSWER=answer.text~40"},
      {"renda.supervision.v1.BudgetOpinionTrace",
       "OPINION=opinion.name,LINE=opinion.line_id,ITEM=item~20,NOW FEN=amount_fen>,TEXT=opinion.text~30,"
       "ANSWER=opinion.answer.text~30"},
      {"renda.supervision.v1.ResearchPlan", "ID=name,YEAR=year>,LEADER=leader,NAME=display_name,POST=post"},
      {"renda.supervision.v1.ResearchTopic",
       "ID=name,YEAR=year>,KEY=key_topic,LEAD=lead,STATE=state,REPORTS=#reports>,OUTCOMES=#outcomes>,TITLE=title~40"},
      {"renda.supervision.v1.ResearchQuotaStanding",
       "LEADER=leader,NAME=display_name,DAYS=days>,KEY TOPICS=key_topics_led>,REPORTS=reports>,MEETS=meets_quota,"
       "MISSING=shortfalls~50"},
      // (supervision: livelihood projects by deputy vote)
      {"renda.supervision.v1.LivelihoodVote",
       "ID=name,YEAR=year>,STATE=state,SEATS=seats>,CANDIDATES=#candidates>,ELECTORATE=electorate_size>,"
       "BALLOTS=ballots_cast>,RUN-OFF=runoff,TITLE=title~40"},
      {"renda.supervision.v1.LivelihoodCandidate",
       "ID=id,SOURCE=source,PROPOSER=proposer~16,DEPARTMENT=department~16,COST YUAN=estimated_cost_yuan>,"
       "OPINIONS=#opinions>,TITLE=title~40"},
      {"renda.supervision.v1.CandidateResult",
       "CANDIDATE=candidate_id,VOTES=votes>,PASSED=passed_threshold,OUTCOME=outcome"},
      {"renda.supervision.v1.LivelihoodProject",
       "ID=name,YEAR=year>,VOTES=votes>,DONE %=percent_complete>,MILESTONES=#milestones>,GROUP=#supervision_group>,"
       "RATINGS=rating_count>,TITLE=candidate.title~40"},
      {"renda.supervision.v1.ProjectMilestone", "ID=id,DUE=due_date,DONE=complete_time,TITLE=title~50"},
      {"renda.supervision.v1.LedgerIssue", "KIND=kind,POSITION=position>,COUNT=count>,DETAIL=detail~60"},
      {"renda.intake.v1.ObservationApplication",
       "NUMBER=name,RECEIVED=create_time,STATE=state,APPLICANT=applicant_name,PHONE=phone,REASON=reason~30"},
  };
}

// ---- Hooks: flags the descriptors cannot read by themselves ----

// A new element of the repeated field of `type` somewhere in `message` (e.g. the articles of a
// create or of a revise).
pb::Message* AddOf(pb::Message* message, const pb::Descriptor* type, int depth = 0) {
  const pb::Descriptor* d = message->GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const pb::FieldDescriptor* f = d->field(i);
    if (f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (f->is_repeated() && f->message_type() == type) return message->GetReflection()->AddMessage(message, f);
    if (!f->is_repeated() && depth < 2 && f->message_type()->file()->package() == type->file()->package()) {
      pb::Message* inner = message->GetReflection()->MutableMessage(message, f);
      if (pb::Message* found = AddOf(inner, type, depth + 1)) return found;
      if (inner->ByteSizeLong() == 0) message->GetReflection()->ClearField(message, f);
    }
  }
  return nullptr;
}

template <typename T>
T* AddTo(pb::Message* request) {
  return static_cast<T*>(AddOf(request, T::descriptor()));
}

// --article N=TEXT: one article.
absl::Status Articles(const std::vector<std::string>& values, pb::Message* request) {
  for (const std::string& a : values) {
    std::pair<std::string, std::string> parts = absl::StrSplit(a, absl::MaxSplits('=', 1));
    int number = 0;
    if (!absl::SimpleAtoi(parts.first, &number) || parts.second.empty()) {
      return UsageError(absl::StrCat("--article: want N=TEXT, got '", a, "'"), false);
    }
    auto* article = AddTo<in::DraftArticle>(request);
    article->set_number(number);
    article->set_text(parts.second);
  }
  return absl::OkStatus();
}

// --draft-file PATH: a line "## N heading" starts article N; the lines after it are its text.
absl::Status DraftFile(const std::vector<std::string>& values, pb::Message* request) {
  std::ifstream file(values.back());
  if (!file) return UsageError(absl::StrCat("--draft-file: cannot read '", values.back(), "'"), false);
  std::string line;
  in::DraftArticle* current = nullptr;
  while (std::getline(file, line)) {
    absl::string_view l = absl::StripTrailingAsciiWhitespace(line);
    if (absl::ConsumePrefix(&l, "## ")) {
      std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(l, absl::MaxSplits(' ', 1));
      int number = 0;
      if (!absl::SimpleAtoi(parts.first, &number)) {
        return UsageError(absl::StrCat("--draft-file: '## ", l, "' does not start with an article number"), false);
      }
      current = AddTo<in::DraftArticle>(request);
      current->set_number(number);
      current->set_heading(std::string(absl::StripAsciiWhitespace(parts.second)));
    } else if (current != nullptr && !l.empty()) {
      if (!current->text().empty()) current->mutable_text()->append("\n");
      current->mutable_text()->append(l.data(), l.size());
    }
  }
  return absl::OkStatus();
}

// --question 'ID|single|TEXT|a=选项一,b=选项二[|required]': types single, multiple (|max=N for
// at most N options) and text (|max=N characters).
absl::Status Questions(const std::vector<std::string>& values, pb::Message* request) {
  for (const std::string& spec : values) {
    std::vector<std::string> parts = absl::StrSplit(spec, '|');
    auto bad = [&](absl::string_view why) {
      return UsageError(absl::StrCat("--question '", spec, "': ", why,
                                     " (format: ID|single|multiple|text|TEXT[|a=OPTION,b=OPTION][|max=N][|required])"),
                        false);
    };
    if (parts.size() < 3) return bad("needs at least an id, a type and the text");
    auto* q = AddTo<in::PollQuestion>(request);
    q->set_id(parts[0]);
    if (parts[1] == "single") {
      q->set_type(in::QUESTION_TYPE_SINGLE_CHOICE);
    } else if (parts[1] == "multiple") {
      q->set_type(in::QUESTION_TYPE_MULTIPLE_CHOICE);
    } else if (parts[1] == "text") {
      q->set_type(in::QUESTION_TYPE_FREE_TEXT);
    } else {
      return bad("the type is single, multiple or text");
    }
    q->set_text(parts[2]);
    for (size_t i = 3; i < parts.size(); ++i) {
      const std::string& p = parts[i];
      int n = 0;
      if (p == "required") {
        q->set_required(true);
      } else if (absl::StartsWith(p, "max=")) {
        if (!absl::SimpleAtoi(p.substr(4), &n)) return bad("max= takes a number");
        q->type() == in::QUESTION_TYPE_FREE_TEXT ? q->set_max_length(n) : q->set_max_selections(n);
      } else {
        for (absl::string_view option : absl::StrSplit(p, ',')) {
          std::pair<std::string, std::string> kv = absl::StrSplit(option, absl::MaxSplits('=', 1));
          if (kv.second.empty()) return bad("options are ID=TEXT, separated by commas");
          in::PollOption* o = q->add_options();
          o->set_id(kv.first);
          o->set_text(kv.second);
        }
      }
    }
  }
  return absl::OkStatus();
}

// --choose Q=OPT[,OPT] and --text Q=TEXT: the answers of a poll response.
absl::Status Answers(const std::vector<std::string>& values, pb::Message* request, bool choices) {
  for (const std::string& value : values) {
    std::pair<std::string, std::string> kv = absl::StrSplit(value, absl::MaxSplits('=', 1));
    if (kv.second.empty()) {
      return UsageError(absl::StrCat(choices ? "--choose '" : "--text '", value, "': expected QUESTION=",
                                     choices ? "OPTION[,OPTION]" : "TEXT"),
                        false);
    }
    auto* a = AddTo<in::PollAnswer>(request);
    a->set_question_id(kv.first);
    if (!choices) a->set_text(kv.second);
    if (choices) {
      for (absl::string_view o : absl::StrSplit(kv.second, ',')) a->add_option_ids(std::string(o));
    }
  }
  return absl::OkStatus();
}

// --month YYYY-MM: the month as the number yyyymm.
absl::Status Month(const std::vector<std::string>& values, pb::Message* request) {
  absl::CivilMonth month;
  if (!absl::ParseCivilTime(values.back(), &month)) {
    return UsageError(absl::StrCat("--month: want YYYY-MM, got '", values.back(), "'"), false);
  }
  static_cast<rep::ListActivitiesRequest*>(request)->set_month(static_cast<int>(month.year()) * 100 + month.month());
  return absl::OkStatus();
}

// --close-at: sign-ups close then, by default at the end of the day before the activity.
absl::Status SignUpClose(const Connection&, const Args& args, pb::Message* request) {
  rep::Activity* a = static_cast<rep::CreateActivityRequest*>(request)->mutable_activity();
  if (args.Has("close-at")) return ParseTimeFlag("--close-at", args.Get("close-at"), a->mutable_sign_up_close_time());
  const absl::CivilDay day(a->date().year(), a->date().month(), a->date().day());
  a->mutable_sign_up_close_time()->set_seconds(absl::ToUnixSeconds(absl::FromCivil(day, renda::ChinaTime())) - 1);
  return absl::OkStatus();
}

// --assignment, or the active assignment of --leader for --deputy.
absl::Status VisitAssignment(const Connection& connection, const Args& args, pb::Message* request) {
  rep::Visit* visit = static_cast<rep::LogVisitRequest*>(request)->mutable_visit();
  if (args.Has("assignment") == (args.Has("leader") || args.Has("deputy")) ||
      (!args.Has("assignment") && !(args.Has("leader") && args.Has("deputy")))) {
    return UsageError("give --assignment A, or --leader L with --deputy D");
  }
  if (args.Has("assignment")) {
    absl::StatusOr<std::string> name = ResourceFlag(args, "assignment", args.Get("assignment"), "contactAssignments");
    if (!name.ok()) return name.status();
    visit->set_assignment(*name);
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> leader = ResourceFlag(args, "leader", args.Get("leader"), "leaders");
  if (!leader.ok()) return leader.status();
  absl::StatusOr<std::string> deputy = ResolveDeputyText(connection, args, "deputy", args.Get("deputy"));
  if (!deputy.ok()) return deputy.status();
  absl::StatusOr<const pb::MethodDescriptor*> list = FindMethod("ContactService/ListContactAssignments");
  if (!list.ok()) return list.status();
  rep::ListContactAssignmentsRequest query;
  query.set_parent(static_cast<rep::LogVisitRequest*>(request)->parent());
  query.set_leader(*leader);
  query.set_page_size(200);
  do {
    absl::StatusOr<std::unique_ptr<pb::Message>> page = CallMethod(connection, *list, query);
    if (!page.ok()) return page.status();
    rep::ListContactAssignmentsResponse assignments;
    assignments.CopyFrom(**page);
    for (const rep::ContactAssignment& a : assignments.assignments()) {
      if (a.active() && a.deputy() == *deputy) {
        visit->set_assignment(a.name());
        return absl::OkStatus();
      }
    }
    if (assignments.next_page_token() == query.page_token()) break;
    query.set_page_token(assignments.next_page_token());
  } while (!query.page_token().empty());
  return absl::NotFoundError(absl::StrCat(IdOf(*leader), " has no active assignment for ", IdOf(*deputy)));
}

// --problem UNIT|SEVERITY|YYYY-MM-DD|TITLE[|OPINION,...]: one problem of a problem list.
absl::Status Problems(const std::vector<std::string>& values, pb::Message* request) {
  for (const std::string& spec : values) {
    std::vector<std::string> parts = absl::StrSplit(spec, absl::MaxSplits('|', 4));
    if (parts.size() < 4) return UsageError(absl::StrCat("--problem: want UNIT|SEVERITY|YYYY-MM-DD|TITLE, got '", spec, "'"), false);
    auto* p = AddTo<sup::Problem>(request);
    p->set_responsible_unit(parts[0]);
    auto severity = ParseEnumFlag("--problem", parts[1], sup::ProblemSeverity_descriptor());
    if (!severity.ok()) return severity.status();
    p->set_severity(static_cast<sup::ProblemSeverity>(*severity));
    int y = 0, m = 0, d = 0;
    if (auto s = ParseDateFlag("--problem", parts[2], &y, &m, &d); !s.ok()) return s;
    p->mutable_deadline()->set_year(y);
    p->mutable_deadline()->set_month(m);
    p->mutable_deadline()->set_day(d);
    p->set_title(parts[3]);
    if (parts.size() == 5) {
      for (absl::string_view o : absl::StrSplit(parts[4], ',', absl::SkipEmpty())) p->add_opinions(std::string(o));
    }
  }
  return absl::OkStatus();
}

// --evidence TITLE[=URI]: one piece of evidence (or attachment).
absl::Status EvidenceFlags(const std::vector<std::string>& values, pb::Message* request) {
  for (const std::string& e : values) {
    std::pair<std::string, std::string> parts = absl::StrSplit(e, absl::MaxSplits('=', 1));
    auto* evidence = AddTo<sup::Evidence>(request);
    evidence->set_title(parts.first);
    evidence->set_uri(parts.second);
  }
  return absl::OkStatus();
}

std::vector<Hook> HookTable() {
  return {
      {"article", "N=TEXT", "article N with its text (repeatable, in order)", true, Articles, "articles"},
      {"draft-file", "PATH", "the articles from a file: a line '## N heading' starts article N, the lines after are its text",
       false, DraftFile, "articles"},
      {"question", "SPEC", "ID|single|multiple|text|TEXT[|a=OPTION,b=OPTION][|max=N][|required], in order", true,
       Questions, "poll.questions"},
      {"choose", "Q=OPT[,OPT]", "options chosen for a question", true,
       [](const auto& v, pb::Message* r) { return Answers(v, r, true); }, "answers"},
      {"text", "Q=TEXT", "a free-text answer", true, [](const auto& v, pb::Message* r) { return Answers(v, r, false); },
       "answers"},
      {"month", "YYYY-MM", "only activities in this month", false, Month, "month"},
      {"close-at", "TIME", "sign-ups close ('YYYY-MM-DD HH:MM' China time; default the end of the day before the activity)",
       false, nullptr, "activity.sign_up_close_time", SignUpClose},
      {"assignment", "A", "the assignment (id or resource name)", false, nullptr, "visit.assignment", VisitAssignment},
      {"problem", "SPEC", "UNIT|SEVERITY|YYYY-MM-DD|TITLE[|OPINION,...]: one problem", true, Problems,
       "problems"},
      {"evidence", "TITLE[=URI]", "a piece of evidence", true, EvidenceFlags, "evidence"},
  };
}

// ---- Printers: responses that read better in words ----

absl::Status PrintMerge(const pb::Message& m) {
  const auto& r = static_cast<const in::MergeOpinionResponse&>(m);
  std::printf("%s merged into %s (%s, %d case(s) merged into it)\n", IdOf(r.opinion().name()).c_str(),
              IdOf(r.into().name()).c_str(), EnumFlagName(in::OpinionState_descriptor(), r.into().state()).c_str(),
              r.into().merged_from_size());
  return absl::OkStatus();
}

absl::Status PrintSweep(const pb::Message& m) {
  const auto& r = static_cast<const in::SweepOpinionDeadlinesResponse&>(m);
  std::printf("escalated %d case(s); closed %d case(s) without feedback\n", r.escalated(), r.closed_no_response());
  return absl::OkStatus();
}

absl::Status PrintLookup(const pb::Message& m) {
  const auto& r = static_cast<const in::LookupOpinionResponse&>(m);
  PrintResource(r.opinion());
  if (r.has_merged_into()) {
    std::printf("\nThis case was merged into another one, which stands as follows:\n\n");
    PrintResource(r.merged_into());
  }
  return absl::OkStatus();
}

absl::Status PrintPollResults(const pb::Message& m) {
  const in::PollResults& r = static_cast<const in::GetPollResultsResponse&>(m).results();
  std::printf("%s  %s  %lld responses\n", r.poll().c_str(), EnumFlagName(in::PollState_descriptor(), r.state()).c_str(),
              static_cast<long long>(r.response_count()));
  for (const auto& q : r.questions()) {
    std::printf("\n[%s] %s — answered by %lld\n", q.question_id().c_str(), q.text().c_str(),
                static_cast<long long>(q.answered_count()));
    if (q.options_size() == 0) continue;
    Table table({"OPTION", "COUNT", "%", "TEXT"});
    table.AlignRight(1);
    table.AlignRight(2);
    for (const auto& o : q.options()) {
      const double pct = r.response_count() == 0 ? 0 : 100.0 * static_cast<double>(o.count()) / r.response_count();
      table.AddRow({o.option_id(), std::to_string(o.count()), absl::StrFormat("%.1f", pct), Truncate(o.text(), 40)});
    }
    table.Print(stdout);
  }
  return absl::OkStatus();
}

absl::Status PrintApprovedInOrder(const pb::Message& m) {
  const auto& r = static_cast<const in::ApproveObservationApplicationsInOrderResponse&>(m);
  for (const std::string& n : r.approval().approved()) std::printf("approved %s\n", n.c_str());
  std::printf("%d approved; %d seats left\n", r.approval().approved_size(), r.approval().seats_left());
  return absl::OkStatus();
}

template <typename T>
std::vector<const pb::Message*> Rows(const pb::RepeatedPtrField<T>& items) {
  std::vector<const pb::Message*> rows;
  for (const T& item : items) rows.push_back(&item);
  return rows;
}

absl::Status PrintEvaluation(const pb::Message& m) {
  const auto& r = static_cast<const rep::EvaluateExitRulesResponse&>(m);
  std::printf("checked %d deputies; opened %d cases\n", r.deputies_checked(), r.opened_size());
  if (r.opened_size() > 0) PrintTable(rep::ExitCase::descriptor(), Rows(r.opened()));
  PrintMoreHint(r.next_page_token());
  return absl::OkStatus();
}

absl::Status PrintCoverage(const pb::Message& m) {
  const auto& r = static_cast<const rep::GetContactCoverageResponse&>(m);
  Fields fields;
  fields.Add("year", absl::StrCat(r.year()));
  fields.Add("grassroots deputies", absl::StrCat(r.grassroots_deputies()));
  fields.Add("covered", absl::StrFormat("%d of %d (%.1f%%)", r.covered_deputies(), r.grassroots_deputies(),
                                        r.covered_percent()));
  fields.Add("visited", absl::StrFormat("%d of %d (%.1f%%)", r.visited_deputies(), r.grassroots_deputies(),
                                        r.visited_percent()));
  fields.Add("full coverage", r.full_coverage() ? "yes" : "no");
  fields.Print(stdout);
  return absl::OkStatus();
}

std::string Ids(const pb::RepeatedPtrField<std::string>& names) {
  return absl::StrJoin(names, ", ", [](std::string* out, const std::string& name) { out->append(IdOf(name)); });
}

absl::Status PrintSignUp(const pb::Message& m) {
  const auto& r = static_cast<const rep::SignUpResponse&>(m);
  if (r.status() == rep::SIGN_UP_STATUS_WAITLISTED) {
    std::printf("WAITLISTED #%d\n", r.waitlist_position());
  } else {
    std::printf("CONFIRMED (%d of %d places taken)\n", r.activity().confirmed_size(), r.activity().capacity());
  }
  return absl::OkStatus();
}

absl::Status PrintWithdraw(const pb::Message& m) {
  const auto& r = static_cast<const rep::WithdrawResponse&>(m);
  std::printf("WITHDRAWN\n");
  if (!r.promoted().empty()) std::printf("%s moved up from the waitlist\n", IdOf(r.promoted()).c_str());
  return absl::OkStatus();
}

absl::Status PrintAttendance(const pb::Message& m) {
  const auto& r = static_cast<const rep::RecordAttendanceResponse&>(m);
  std::printf("attended: %s\n%d duty records made\n", Ids(r.activity().attended()).c_str(), r.duty_records_size());
  for (const std::string& record : r.duty_records()) std::printf("  %s\n", IdOf(record).c_str());
  return absl::OkStatus();
}

absl::Status PrintReport(const pb::Message& m) {
  const std::string& markdown = static_cast<const rpt::RenderAnnualDutyReportResponse&>(m).markdown();
  std::fwrite(markdown.data(), 1, markdown.size(), stdout);
  if (!markdown.empty() && markdown.back() != '\n') std::fputc('\n', stdout);
  return absl::OkStatus();
}

// One count table of the overview: every value of `type` in declaration order (0 when absent),
// then any key the enum does not know, then the total.
void PrintCounts(absl::string_view title, const pb::Map<std::string, int64_t>& counts, const pb::EnumDescriptor* type) {
  Table table({std::string(title), "COUNT"});
  table.AlignRight(1);
  int64_t total = 0;
  for (int i = 0; i < type->value_count(); ++i) {
    const pb::EnumValueDescriptor* value = type->value(i);
    if (value->number() == 0 && !counts.contains(value->name())) continue;
    auto it = counts.find(value->name());
    const int64_t count = it == counts.end() ? 0 : it->second;
    total += count;
    table.AddRow({EnumFlagName(value), absl::StrCat(count)});
  }
  std::map<std::string, int64_t> others(counts.begin(), counts.end());  // sorted, for a stable output
  for (const auto& [key, count] : others) {
    if (type->FindValueByName(key) != nullptr) continue;
    total += count;
    table.AddRow({key, absl::StrCat(count)});
  }
  table.AddRow({"total", absl::StrCat(total)});
  table.Print(stdout);
}

absl::Status PrintOverview(const pb::Message& m) {
  const rpt::Overview& overview = static_cast<const rpt::GetOverviewResponse&>(m).overview();
  std::printf("%s", overview.congress().c_str());
  if (overview.has_read_time()) std::printf(" (as of %s)", FormatTimestamp(overview.read_time()).c_str());
  std::printf("\n\n");
  PrintCounts("DEPUTIES BY STATUS", overview.deputies_by_status(), rep::DeputyStatus_descriptor());
  std::printf("\n");
  PrintCounts("OPINIONS BY STATE", overview.opinions_by_state(), in::OpinionState_descriptor());
  std::printf("\n");
  PrintCounts("SUPERVISION ITEMS BY STATE", overview.supervision_items_by_state(),
              renda::supervision::v1::SupervisionItemState_descriptor());
  if (overview.sources_size() > 0) {
    std::printf("\n");
    PrintTable(rpt::SourceProgress::descriptor(), Rows(overview.sources()));
  }
  return absl::OkStatus();
}

}  // namespace

const EngineTables& Tables() {
  static const EngineTables* tables = new EngineTables{
      .commands = Commands(),
      .hooks = HookTable(),
      .columns = ColumnTables(),
      .printers = {{"renda.intake.v1.IntakeService.MergeOpinion", PrintMerge},
                   {"renda.intake.v1.IntakeService.SweepOpinionDeadlines", PrintSweep},
                   {"renda.intake.v1.IntakeService.LookupOpinion", PrintLookup},
                   {"renda.intake.v1.PollService.GetPollResults", PrintPollResults},
                   {"renda.intake.v1.ObservationService.ApproveObservationApplicationsInOrder", PrintApprovedInOrder},
                   {"renda.representatives.v1.EvaluationService.EvaluateExitRules", PrintEvaluation},
                   {"renda.representatives.v1.ContactService.GetContactCoverage", PrintCoverage},
                   {"renda.representatives.v1.WorkPlanService.SignUp", PrintSignUp},
                   {"renda.representatives.v1.WorkPlanService.Withdraw", PrintWithdraw},
                   {"renda.representatives.v1.WorkPlanService.RecordAttendance", PrintAttendance},
                   {"renda.reporting.v1.ReportingService.RenderAnnualDutyReport", PrintReport},
                   {"renda.reporting.v1.ReportingService.GetOverview", PrintOverview}},
  };
  return *tables;
}

}  // namespace rendactl
