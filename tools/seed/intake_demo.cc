#include "tools/seed/intake_demo.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/time_util.h"
#include "renda/intake/v1/consultation.grpc.pb.h"
#include "renda/intake/v1/intake.grpc.pb.h"
#include "renda/intake/v1/observation.grpc.pb.h"
#include "renda/intake/v1/poll.grpc.pb.h"
#include "renda/intake/v1/proposal.grpc.pb.h"
#include "services/common/auth.h"
#include "services/common/grpc_status.h"
#include "services/common/time_util.h"

namespace renda::seed {
namespace {

namespace in = renda::intake::v1;

// Handling units of the demo city (市政府工作部门) the cases and proposals go to.
constexpr char kTransport[] = "hz-jtj";   // 杭州市交通运输局
constexpr char kHousing[] = "hz-zjj";     // 杭州市住房和城乡建设局
constexpr char kEcology[] = "hz-sthj";    // 杭州市生态环境局

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

// One step of a demo case. `action` is what the case's history records for it, so that a step
// already taken is recognized on the next run.
struct Step {
  std::string action;  // classify, accept, reject, assign, transfer, start, reply, feedback, merge, publish
  std::string a;       // category / note / unit / reply text / "satisfied" / the other case's key
  std::string b;       // grade for classify ("urgent", "important", "normal"); feedback note
};

struct DemoCase {
  std::string key;  // stable: request ids derive from it
  in::Channel channel;
  std::string district;
  std::string title;
  std::string content;
  std::string contact_name;
  std::string contact_phone;
  std::vector<Step> steps;
};

in::Grade GradeOf(const std::string& g) {
  if (g == "urgent") return in::GRADE_URGENT;
  if (g == "important") return in::GRADE_IMPORTANT;
  return in::GRADE_NORMAL;
}

std::vector<DemoCase> DemoCases() {
  const Step classify_traffic{"classify", "traffic", "important"};
  return {
      {"rejected", in::CHANNEL_HOTLINE, "hz-gongshu", "邻居借款不还请人大帮忙追讨",
       "我借给邻居三万元，约定半年归还，现已过去两年仍未归还，请人大出面帮我追讨这笔借款。", "", "",
       {{"reject", "属于个人之间的民事借贷纠纷，不在人大受理范围；已电话告知可向拱墅区人民法院起诉或申请人民调解。", ""}}},
      {"classified", in::CHANNEL_ONLINE, "hz-binjiang", "江南大道辅路夜间渣土车超速",
       "江南大道辅路每天夜里十一点以后渣土车车速很快，闯红灯现象多，附近小区居民过马路很危险，建议加装测速抓拍。",
       "", "", {{"classify", "traffic", "urgent"}}},
      {"accepted", in::CHANNEL_LIAISON_STATION, "hz-shangcheng", "湖滨街道老年食堂午餐供应不足",
       "湖滨街道老年食堂每天十一点半前午餐就已售完，很多行动不便的老人赶不上，建议增加供餐量并提供送餐上门。",
       "", "", {{"classify", "social", "normal"}, {"accept", "已受理，转相关部门研究办理", ""}}},
      {"assigned", in::CHANNEL_ONLINE, "hz-xihu", "文三路学院路口早高峰信号灯配时不合理",
       "文三路与学院路交叉口早高峰时段东西向绿灯时间过短，车辆排队经常超过三百米，建议优化信号灯配时。", "", "",
       {classify_traffic, {"accept", "", ""}, {"assign", kTransport, ""}}},
      {"in-progress", in::CHANNEL_LETTER, "hz-gongshu", "米市巷老旧小区加装电梯推进缓慢",
       "米市巷街道某老旧小区加装电梯方案已公示半年，因低层住户意见不一迟迟没有开工，希望住建部门协调推进。", "", "",
       {{"classify", "urban", "normal"}, {"accept", "", ""}, {"assign", kHousing, ""},
        {"start", "已联系街道和小区业委会，安排现场协调会", ""}}},
      {"replied", in::CHANNEL_ONLINE, "hz-yuhang", "余杭塘河沿岸夜间异味明显",
       "余杭塘河仓前段最近一个月夜间有明显异味，怀疑有企业偷排污水，请环保部门调查河道水质。", "", "",
       {{"classify", "environment", "important"}, {"accept", "", ""}, {"assign", kEcology, ""}, {"start", "", ""},
        {"reply",
         "经现场排查，异味来自上游一处雨污混接排口，已责令整改并完成封堵；近两周水质监测达标，我局将继续加强夜间巡查。",
         ""}}},
      {"closed", in::CHANNEL_HOTLINE, "hz-xihu", "翠苑街道学校门口接送车辆拥堵",
       "我叫王建国，电话13805710001，翠苑一小门口每天放学时接送车辆占满道路，建议设置临时停车区并安排交警疏导。",
       "王建国", "13805710001",
       {classify_traffic, {"accept", "", ""}, {"assign", kTransport, ""}, {"start", "", ""},
        {"reply",
         "经与交警部门和学校会商，已在学校西侧设置限时接送停车区，放学时段安排交警和志愿者疏导，拥堵明显缓解。", ""},
        {"feedback", "satisfied", "现在接孩子方便多了，谢谢。"},
        {"publish", "", ""}}},
      {"reopened", in::CHANNEL_VISIT, "hz-shangcheng", "清波街道施工噪声扰民",
       "清波街道某工地夜间十点后仍在施工，噪声很大，影响周边居民休息，多次向工地反映无果。", "", "",
       {{"classify", "urban", "important"}, {"accept", "", ""}, {"assign", kHousing, ""}, {"start", "", ""},
        {"reply", "已约谈施工单位，要求其严格遵守夜间施工许可规定。", ""},
        {"feedback", "not-satisfied", "约谈后第二天夜里仍在施工，问题没有解决。"}}},
      {"merge-target", in::CHANNEL_ONLINE, "hz-binjiang", "滨江区地铁站出口非机动车乱停放",
       "滨江区地铁站出口非机动车乱停放严重，占用盲道和人行道，早晚高峰行人通行困难，建议划定停放区域并加强管理。",
       "", "", {classify_traffic, {"accept", "", ""}, {"assign", kTransport, ""}}},
      {"merged", in::CHANNEL_ONLINE, "hz-binjiang", "滨江区地铁站出口非机动车停放混乱",
       "滨江区地铁站出口非机动车停放混乱，占用盲道和人行道，高峰时段行人通行困难，建议划定停放区域并加强管理。",
       "", "", {{"merge", "merge-target", ""}}},
      {"transferred", in::CHANNEL_LEGISLATIVE_CONTACT_POINT, "hz-xiaoshan", "萧山区安置房小区道路积水",
       "萧山区某安置房小区每逢大雨小区主干道积水没过脚踝，排水管网老化，建议尽快改造。", "", "",
       {{"classify", "urban", "important"}, {"accept", "", ""}, {"assign", kTransport, ""},
        {"transfer", kHousing, "小区内部排水管网改造属住建部门职责，转办"}}},
  };
}

class IntakeDemo {
 public:
  IntakeDemo(const std::shared_ptr<grpc::Channel>& channel, const IntakeDemoOptions& options)
      : o_(options), parent_(absl::StrCat("congresses/", options.congress)),
        intake_(in::IntakeService::NewStub(channel)), consult_(in::ConsultationService::NewStub(channel)),
        proposals_(in::ProposalService::NewStub(channel)), polls_(in::PollService::NewStub(channel)),
        observe_(in::ObservationService::NewStub(channel)) {}

  std::vector<IntakeLine> Run() {
    std::vector<IntakeLine> lines;
    lines.push_back(Opinions());
    lines.back().what = "loop cases";
    lines.back().verb = "submitted";
    lines.push_back(steps_);
    std::vector<IntakeLine> c = Consultation();
    lines.insert(lines.end(), c.begin(), c.end());
    std::vector<IntakeLine> p = Proposals();
    lines.insert(lines.end(), p.begin(), p.end());
    std::vector<IntakeLine> q = Poll();
    lines.insert(lines.end(), q.begin(), q.end());
    std::vector<IntakeLine> m = Observation();
    lines.insert(lines.end(), m.begin(), m.end());
    return lines;
  }

 private:
  // ---- opinions ----
  IntakeLine Opinions() {
    IntakeLine t;
    steps_ = IntakeLine{.what = "loop steps", .verb = "taken", .created = 0, .already = 0, .skipped = 0};
    absl::flat_hash_map<std::string, in::Opinion> by_content;
    std::string token;
    do {
      in::ListOpinionsRequest req;
      req.set_parent(parent_);
      req.set_page_size(500);
      req.set_page_token(token);
      in::ListOpinionsResponse resp;
      auto ctx = Context(o_.staff_token);
      Check(intake_->ListOpinions(ctx.get(), req, &resp), "ListOpinions");
      for (const auto& op : resp.opinions()) by_content[op.content()] = op;
      token = resp.next_page_token();
    } while (!token.empty());

    absl::flat_hash_map<std::string, std::string> names;  // case key → opinion name
    for (const DemoCase& c : DemoCases()) {
      in::Opinion op;
      if (auto it = by_content.find(c.content); it != by_content.end()) {
        op = it->second;
        ++t.already;
      } else {
        in::SubmitOpinionRequest req;
        req.set_parent(parent_);
        req.set_request_id(absl::StrCat("seed-loop-", c.key));
        in::Opinion* in_op = req.mutable_opinion();
        in_op->set_title(c.title);
        in_op->set_content(c.content);
        in_op->set_channel(c.channel);
        in_op->set_district(c.district);
        if (!c.contact_name.empty()) {
          in_op->mutable_submitter()->set_display_name(c.contact_name);
          in_op->mutable_submitter()->set_phone(c.contact_phone);
        }
        in::SubmitOpinionResponse resp;
        // Entered by staff (anonymous submissions are rate limited per client address).
        auto ctx = Context(o_.staff_token);
        Check(intake_->SubmitOpinion(ctx.get(), req, &resp), absl::StrCat("SubmitOpinion ", c.key));
        op = resp.opinion();
        ++t.created;
      }
      names[c.key] = op.name();
      absl::flat_hash_map<std::string, int> seen;  // action → occurrences in this case's script
      for (size_t i = 0; i < c.steps.size(); ++i) {
        const Step& s = c.steps[i];
        const int occurrence = ++seen[s.action];
        if (Done(op, s.action, occurrence)) {
          ++steps_.already;
          continue;
        }
        op = Take(c, op, s, i, names);
        ++steps_.created;
      }
    }
    return t;
  }

  static bool Done(const in::Opinion& op, const std::string& action, int occurrence) {
    if (action == "publish") return op.has_publication();
    int n = 0;
    for (const auto& h : op.history()) n += h.action() == action ? 1 : 0;
    return n >= occurrence;
  }

  in::Opinion Get(const std::string& name) {
    in::GetOpinionRequest req;
    req.set_name(name);
    in::GetOpinionResponse resp;
    auto ctx = Context(o_.staff_token);
    Check(intake_->GetOpinion(ctx.get(), req, &resp), absl::StrCat("GetOpinion ", name));
    return resp.opinion();
  }

  in::Opinion Take(const DemoCase& c, const in::Opinion& op, const Step& s, size_t index,
                   const absl::flat_hash_map<std::string, std::string>& names) {
    const std::string rid = absl::StrCat("seed-loop-", c.key, "-", index, "-", s.action);
    const std::string what = absl::StrCat(s.action, " ", c.key, " (", op.name(), ")");
    if (s.action == "classify") {
      in::ClassifyOpinionRequest req;
      req.set_name(op.name());
      req.set_category(s.a);
      req.set_grade(GradeOf(s.b));
      req.set_request_id(rid);
      in::ClassifyOpinionResponse resp;
      auto ctx = Context(o_.staff_token);
      Check(intake_->ClassifyOpinion(ctx.get(), req, &resp), what);
      return resp.opinion();
    }
    if (s.action == "accept" || s.action == "reject") {
      in::ReviewOpinionRequest req;
      req.set_name(op.name());
      req.set_accept(s.action == "accept");
      req.set_note(s.a);
      req.set_request_id(rid);
      in::ReviewOpinionResponse resp;
      auto ctx = Context(o_.staff_token);
      Check(intake_->ReviewOpinion(ctx.get(), req, &resp), what);
      return resp.opinion();
    }
    if (s.action == "assign" || s.action == "transfer") {
      in::AssignOpinionRequest req;
      req.set_name(op.name());
      req.set_handling_unit(s.a);
      req.set_note(s.b);
      req.set_request_id(rid);
      in::AssignOpinionResponse resp;
      auto ctx = Context(o_.staff_token);
      Check(intake_->AssignOpinion(ctx.get(), req, &resp), what);
      return resp.opinion();
    }
    if (s.action == "start") {
      in::StartHandlingOpinionRequest req;
      req.set_name(op.name());
      req.set_note(s.a);
      req.set_request_id(rid);
      in::StartHandlingOpinionResponse resp;
      auto ctx = Context(UnitToken(op.handling_unit()));  // the unit itself
      Check(intake_->StartHandlingOpinion(ctx.get(), req, &resp), what);
      return resp.opinion();
    }
    if (s.action == "reply") {
      in::ReplyOpinionRequest req;
      req.set_name(op.name());
      req.set_text(s.a);
      req.set_request_id(rid);
      in::ReplyOpinionResponse resp;
      auto ctx = Context(UnitToken(op.handling_unit()));
      Check(intake_->ReplyOpinion(ctx.get(), req, &resp), what);
      return resp.opinion();
    }
    if (s.action == "feedback") {
      in::GiveOpinionFeedbackRequest req;
      req.set_parent(parent_);
      req.set_tracking_code(Get(op.name()).tracking_code());  // staff see it, a unit does not
      req.set_satisfied(s.a == "satisfied");
      req.set_note(s.b);
      req.set_request_id(rid);
      in::GiveOpinionFeedbackResponse resp;
      auto ctx = Context(o_.staff_token);  // staff record feedback taken by telephone (回访)
      Check(intake_->GiveOpinionFeedback(ctx.get(), req, &resp), what);
      return Get(op.name());
    }
    if (s.action == "merge") {
      in::MergeOpinionRequest req;
      req.set_name(op.name());
      req.set_into(names.at(s.a));
      req.set_note("与同一问题的在办件合并办理");
      req.set_request_id(rid);
      in::MergeOpinionResponse resp;
      auto ctx = Context(o_.staff_token);
      Check(intake_->MergeOpinion(ctx.get(), req, &resp), what);
      return resp.opinion();
    }
    if (s.action == "publish") {
      in::PublishOpinionRequest req;
      req.set_name(op.name());
      req.set_request_id(rid);
      in::PublishOpinionResponse resp;
      auto ctx = Context(o_.staff_token);
      Check(intake_->PublishOpinion(ctx.get(), req, &resp), what);
      return resp.opinion();
    }
    Fail(absl::StrCat("unknown demo step ", s.action));
  }

  // ---- consultation ----
  std::vector<IntakeLine> Consultation() {
    IntakeLine cons{.what = "consultations", .verb = "opened", .created = 0, .already = 0, .skipped = 0};
    IntakeLine comments{.what = "comments", .verb = "added", .created = 0, .already = 0, .skipped = 0};
    IntakeLine decisions{.what = "comment steps", .verb = "taken", .created = 0, .already = 0, .skipped = 0};
    const std::string id = "elevator-regulation-2026";
    const std::string name = absl::StrCat(parent_, "/consultations/", id);
    in::Consultation c;
    {
      in::GetConsultationRequest req;
      req.set_name(name);
      in::GetConsultationResponse resp;
      auto ctx = Context(o_.staff_token);
      grpc::Status s = consult_->GetConsultation(ctx.get(), req, &resp);
      if (s.ok()) {
        c = resp.consultation();
      } else if (s.error_code() != grpc::StatusCode::NOT_FOUND) {
        Check(s, "GetConsultation");
      }
    }
    if (c.name().empty()) {
      in::CreateConsultationRequest req;
      req.set_parent(parent_);
      req.set_consultation_id(id);
      req.set_request_id("seed-consultation-elevator");
      in::Consultation* n = req.mutable_consultation();
      n->set_kind(in::CONSULTATION_KIND_REGULATION_DRAFT);
      n->set_title("《杭州市既有住宅加装电梯管理条例（草案）》公开征求意见");
      n->set_description("市人大常委会法制工作委员会就条例草案向社会公开征求意见，欢迎市民通过网上、基层立法联系点、"
                         "座谈会和来信等方式提出意见建议。");
      n->mutable_draft()->set_change_note("常委会第一次审议稿");
      const std::vector<std::pair<std::string, std::string>> articles = {
          {"立法目的", "为了改善既有住宅居住条件，方便老年人、残疾人等群体出行，规范既有住宅加装电梯工作，根据有关法律、"
                       "法规，结合本市实际，制定本条例。"},
          {"适用范围", "本市行政区域内四层以上（含四层）、未设电梯的既有住宅加装电梯及其管理活动，适用本条例。"},
          {"政府职责", "市和区、县（市）人民政府应当加强对加装电梯工作的领导，建立协调机制，将所需经费纳入财政预算。"},
          {"业主决策", "加装电梯应当经本单元专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决，并经参与表决"
                       "专有部分面积四分之三以上且人数四分之三以上的业主同意。"},
          {"费用分摊", "加装电梯的建设和运行维护费用由业主根据楼层等因素协商分摊；低层业主可以不承担或者少承担费用。"},
          {"审批简化", "住房城乡建设部门应当实行加装电梯联合审查，一次性告知所需材料，自受理之日起二十个工作日内办结。"},
          {"矛盾调解", "街道办事处、乡镇人民政府应当组织人民调解委员会调解加装电梯过程中的纠纷。"},
      };
      for (size_t i = 0; i < articles.size(); ++i) {
        in::DraftArticle* a = n->mutable_draft()->add_articles();
        a->set_number(static_cast<int>(i) + 1);
        a->set_heading(articles[i].first);
        a->set_text(articles[i].second);
      }
      in::CreateConsultationResponse resp;
      auto ctx = Context(o_.staff_token);
      Check(consult_->CreateConsultation(ctx.get(), req, &resp), "CreateConsultation");
      c = resp.consultation();
    }
    if (c.state() == in::CONSULTATION_STATE_DRAFT) {
      in::OpenConsultationRequest req;
      req.set_name(name);
      *req.mutable_planned_close_time() = Ts(absl::Now() + absl::Hours(24 * 30));  // a month from now
      req.set_request_id("seed-consultation-elevator-open");
      in::OpenConsultationResponse resp;
      auto ctx = Context(o_.staff_token);
      Check(consult_->OpenConsultation(ctx.get(), req, &resp), "OpenConsultation");
      c = resp.consultation();
      ++cons.created;
    } else {
      ++cons.already;
    }

    struct DemoComment {
      std::string key;
      int article;
      in::CommentChannel channel;
      std::string contact_point;
      std::string author;
      std::string text;
      in::CommentDecision decision;  // unspecified: not decided yet
      std::string reason;            // decision reason
      bool hide;
    };
    const std::vector<DemoComment> demo = {
        {"c1", 4, in::COMMENT_CHANNEL_ONLINE, "", "", "表决比例要求过高，很多单元因为一两户反对就装不成，建议降低为三分之二同意。",
         in::COMMENT_DECISION_PARTLY_ADOPTED, "表决比例与民法典规定衔接，维持；增加调解前置程序。", false},
        {"c2", 5, in::COMMENT_CHANNEL_LEGISLATIVE_CONTACT_POINT, "hz-xihu-cuiyuan", "翠苑街道立法联系点",
         "建议明确一楼住户因采光、噪声受影响的补偿标准，避免各小区各自协商产生矛盾。", in::COMMENT_DECISION_ADOPTED,
         "已在第五条增加补偿指导标准的规定。", false},
        {"c3", 6, in::COMMENT_CHANNEL_SYMPOSIUM, "", "市住建系统座谈会",
         "联合审查二十个工作日偏长，建议缩短至十个工作日，并推行网上一次办结。", in::COMMENT_DECISION_UNSPECIFIED, "",
         false},
        {"c4", 0, in::COMMENT_CHANNEL_LETTER, "", "拱墅区居民来信",
         "整体赞成出台条例，希望同时规定电梯建成后的维保责任主体。", in::COMMENT_DECISION_NOT_ADOPTED,
         "维保责任已由特种设备安全法律法规规定，本条例不再重复。", false},
        {"c5", 3, in::COMMENT_CHANNEL_ONLINE, "", "", "政府应当给予财政补贴，建议写明每台电梯补贴不低于二十万元。",
         in::COMMENT_DECISION_UNSPECIFIED, "", false},
        {"c6", 0, in::COMMENT_CHANNEL_ONLINE, "", "", "广告：专业代办加装电梯审批，包过，联系微信 xxxx。",
         in::COMMENT_DECISION_UNSPECIFIED, "", true},
    };
    absl::flat_hash_map<std::string, in::ConsultationComment> by_text;
    std::string token;
    do {
      in::ListCommentsRequest req;
      req.set_parent(name);
      req.set_page_size(200);
      req.set_page_token(token);
      in::ListCommentsResponse resp;
      auto ctx = Context(o_.staff_token);
      Check(consult_->ListComments(ctx.get(), req, &resp), "ListComments");
      for (const auto& cm : resp.comments()) by_text[cm.text()] = cm;
      token = resp.next_page_token();
    } while (!token.empty());
    for (const DemoComment& d : demo) {
      in::ConsultationComment cm;
      if (auto it = by_text.find(d.text); it != by_text.end()) {
        cm = it->second;
        ++comments.already;
      } else if (c.state() != in::CONSULTATION_STATE_OPEN) {
        ++comments.skipped;
        continue;
      } else {
        in::AddCommentRequest req;
        req.set_parent(name);
        req.set_request_id(absl::StrCat("seed-comment-elevator-", d.key));
        in::ConsultationComment* n = req.mutable_comment();
        n->set_article_number(d.article);
        n->set_text(d.text);
        n->set_channel(d.channel);
        n->set_contact_point_id(d.contact_point);
        if (!d.author.empty()) n->mutable_commenter()->set_display_name(d.author);
        in::AddCommentResponse resp;
        // Online comments come from citizens; the other channels are entered by staff.
        auto ctx = Context(d.channel == in::COMMENT_CHANNEL_ONLINE ? "" : o_.staff_token);
        Check(consult_->AddComment(ctx.get(), req, &resp), absl::StrCat("AddComment ", d.key));
        cm = resp.comment();
        ++comments.created;
      }
      if (d.hide) {
        if (cm.hidden() || !cm.moderation_history().empty()) {
          ++decisions.already;
        } else {
          in::HideCommentRequest req;
          req.set_name(cm.name());
          req.set_reason("广告信息，与草案无关");
          req.set_request_id(absl::StrCat("seed-comment-elevator-", d.key, "-hide"));
          in::HideCommentResponse resp;
          auto ctx = Context(o_.staff_token);
          Check(consult_->HideComment(ctx.get(), req, &resp), absl::StrCat("HideComment ", d.key));
          ++decisions.created;
        }
      }
      if (d.decision != in::COMMENT_DECISION_UNSPECIFIED) {
        if (cm.decision() != in::COMMENT_DECISION_UNSPECIFIED) {
          ++decisions.already;
        } else {
          in::DecideCommentRequest req;
          req.set_name(cm.name());
          req.set_decision(d.decision);
          req.set_reason(d.reason);
          req.set_request_id(absl::StrCat("seed-comment-elevator-", d.key, "-decide"));
          in::DecideCommentResponse resp;
          auto ctx = Context(o_.staff_token);
          Check(consult_->DecideComment(ctx.get(), req, &resp), absl::StrCat("DecideComment ", d.key));
          ++decisions.created;
        }
      }
    }
    return {cons, comments, decisions};
  }

  // ---- proposals ----
  std::vector<IntakeLine> Proposals() {
    IntakeLine filed{.what = "proposals", .verb = "filed", .created = 0, .already = 0, .skipped = 0};
    IntakeLine steps{.what = "proposal steps", .verb = "taken", .created = 0, .already = 0, .skipped = 0};
    const std::vector<std::string>& d = o_.serving_deputies;
    if (d.size() < 11) {
      filed.skipped = 3;
      return {filed, steps};
    }
    auto deputy = [&](size_t i) { return absl::StrCat(parent_, "/deputies/", d[i]); };
    struct DemoProposal {
      std::string key;
      in::ProposalKind kind;
      std::string title, category, content;
      size_t filer;
      std::vector<size_t> co;
      std::string lead;      // assign to this unit when set
      std::string reply;     // the lead unit replies (category A) when set
    };
    std::vector<size_t> ten;
    for (size_t i = 1; i <= 10; ++i) ten.push_back(i);
    const std::vector<DemoProposal> demo = {
        {"suggestion-bus", in::PROPOSAL_KIND_SUGGESTION, "关于优化城郊公交线网的建议", "交通出行",
         "城郊结合部公交线路少、班次间隔长，群众出行不便。建议结合地铁站点优化接驳线路，高峰时段加密班次。", 2, {3},
         kTransport,
         "我局已对城郊接驳线路开展评估，新开和调整接驳线路六条，高峰时段班次间隔缩短至十分钟以内。"},
        {"suggestion-school", in::PROPOSAL_KIND_SUGGESTION, "关于增加新建小区配套学位供给的建议", "教育",
         "部分新建小区入住率高但配套学校尚未建成，适龄儿童入学困难。建议加快配套学校建设，并统筹周边学位。", 4, {},
         "", ""},
        {"bill-elevator", in::PROPOSAL_KIND_BILL, "关于制定《杭州市既有住宅加装电梯管理条例》的议案", "城乡建设",
         "本市老旧小区老年人口比例高，加装电梯需求迫切，但表决难、审批繁、费用分摊争议多。建议制定地方性法规，"
         "明确决策程序、费用分摊、审批流程和矛盾调解机制。",
         0, ten, "", ""},
    };
    absl::flat_hash_map<std::string, in::Proposal> by_title;
    std::string token;
    do {
      in::ListProposalsRequest req;
      req.set_parent(parent_);
      req.set_page_size(200);
      req.set_page_token(token);
      in::ListProposalsResponse resp;
      auto ctx = Context(o_.staff_token);
      Check(proposals_->ListProposals(ctx.get(), req, &resp), "ListProposals");
      for (const auto& p : resp.proposals()) by_title[p.title()] = p;
      token = resp.next_page_token();
    } while (!token.empty());
    for (const DemoProposal& dp : demo) {
      in::Proposal p;
      if (auto it = by_title.find(dp.title); it != by_title.end()) {
        p = it->second;
        ++filed.already;
      } else {
        in::FileProposalRequest req;
        req.set_parent(parent_);
        req.set_request_id(absl::StrCat("seed-proposal-", dp.key));
        in::Proposal* n = req.mutable_proposal();
        n->set_kind(dp.kind);
        n->set_title(dp.title);
        n->set_category(dp.category);
        n->set_content(dp.content);
        n->set_filer(deputy(dp.filer));
        for (size_t i : dp.co) n->add_co_signers(deputy(i));
        in::FileProposalResponse resp;
        auto ctx = Context(o_.staff_token);  // staff enter it on the deputies' behalf
        Check(proposals_->FileProposal(ctx.get(), req, &resp), absl::StrCat("FileProposal ", dp.key));
        p = resp.proposal();
        ++filed.created;
      }
      if (!dp.lead.empty()) {
        if (!p.lead_unit().empty()) {
          ++steps.already;
        } else {
          in::AssignProposalRequest req;
          req.set_name(p.name());
          req.set_lead_unit(dp.lead);
          req.set_request_id(absl::StrCat("seed-proposal-", dp.key, "-assign"));
          in::AssignProposalResponse resp;
          auto ctx = Context(o_.staff_token);
          Check(proposals_->AssignProposal(ctx.get(), req, &resp), absl::StrCat("AssignProposal ", dp.key));
          p = resp.proposal();
          ++steps.created;
        }
      }
      if (!dp.reply.empty()) {
        if (p.state() != in::PROPOSAL_STATE_ASSIGNED) {
          ++steps.already;
        } else {
          in::ReplyProposalRequest req;
          req.set_name(p.name());
          req.set_category(in::REPLY_CATEGORY_A);
          req.set_text(dp.reply);
          req.set_request_id(absl::StrCat("seed-proposal-", dp.key, "-reply"));
          in::ReplyProposalResponse resp;
          auto ctx = Context(UnitToken(dp.lead));
          Check(proposals_->ReplyProposal(ctx.get(), req, &resp), absl::StrCat("ReplyProposal ", dp.key));
          ++steps.created;
        }
      }
    }
    return {filed, steps};
  }

  // ---- poll ----
  std::vector<IntakeLine> Poll() {
    IntakeLine polls{.what = "polls", .verb = "opened", .created = 0, .already = 0, .skipped = 0};
    IntakeLine responses{.what = "poll responses", .verb = "given", .created = 0, .already = 0, .skipped = 0};
    const std::string id = "elevator-survey-2026";
    const std::string name = absl::StrCat(parent_, "/polls/", id);
    in::Poll poll;
    {
      in::GetPollRequest req;
      req.set_name(name);
      in::GetPollResponse resp;
      auto ctx = Context(o_.staff_token);
      grpc::Status s = polls_->GetPoll(ctx.get(), req, &resp);
      if (s.ok()) {
        poll = resp.poll();
      } else if (s.error_code() != grpc::StatusCode::NOT_FOUND) {
        Check(s, "GetPoll");
      }
    }
    if (poll.name().empty()) {
      in::CreatePollRequest req;
      req.set_parent(parent_);
      req.set_poll_id(id);
      req.set_request_id("seed-poll-elevator");
      in::Poll* n = req.mutable_poll();
      n->set_title("既有住宅加装电梯市民意愿调查");
      n->set_description("为条例草案审议收集市民意见，约需两分钟。");
      *n->mutable_open_time() = Ts(absl::Now() - absl::Minutes(5));
      *n->mutable_close_time() = Ts(absl::Now() + absl::Hours(24 * 21));  // three weeks from now
      in::PollQuestion* q1 = n->add_questions();
      q1->set_id("support");
      q1->set_text("您是否支持所在单元加装电梯？");
      q1->set_type(in::QUESTION_TYPE_SINGLE_CHOICE);
      q1->set_required(true);
      for (auto [oid, text] : std::vector<std::pair<const char*, const char*>>{
               {"yes", "支持"}, {"no", "不支持"}, {"unsure", "看费用再定"}}) {
        in::PollOption* o = q1->add_options();
        o->set_id(oid);
        o->set_text(text);
      }
      in::PollQuestion* q2 = n->add_questions();
      q2->set_id("concerns");
      q2->set_text("您最关心哪些问题？（可多选）");
      q2->set_type(in::QUESTION_TYPE_MULTIPLE_CHOICE);
      for (auto [oid, text] : std::vector<std::pair<const char*, const char*>>{
               {"cost", "费用分摊"}, {"light", "采光和噪声"}, {"approval", "审批手续"}, {"maintenance", "后期维保"}}) {
        in::PollOption* o = q2->add_options();
        o->set_id(oid);
        o->set_text(text);
      }
      in::PollQuestion* q3 = n->add_questions();
      q3->set_id("comment");
      q3->set_text("其他意见建议");
      q3->set_type(in::QUESTION_TYPE_FREE_TEXT);
      in::CreatePollResponse resp;
      auto ctx = Context(o_.staff_token);
      Check(polls_->CreatePoll(ctx.get(), req, &resp), "CreatePoll");
      poll = resp.poll();
    }
    if (poll.state() == in::POLL_STATE_DRAFT) {
      in::OpenPollRequest req;
      req.set_name(name);
      req.set_request_id("seed-poll-elevator-open");
      in::OpenPollResponse resp;
      auto ctx = Context(o_.staff_token);
      grpc::Status s = polls_->OpenPoll(ctx.get(), req, &resp);
      if (s.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
        ++polls.skipped;  // its window has passed
        return {polls, responses};
      }
      Check(s, "OpenPoll");
      poll = resp.poll();
      ++polls.created;
    } else {
      ++polls.already;
    }
    struct Answer {
      const char* support;
      std::vector<std::string> concerns;
      const char* comment;
    };
    const std::vector<Answer> answers = {
        {"yes", {"cost", "approval"}, "希望审批再快一些"},
        {"yes", {"cost"}, ""},
        {"unsure", {"cost", "maintenance"}, "维保费用谁来出要说清楚"},
        {"no", {"light"}, "一楼采光会受影响"},
        {"yes", {"approval", "maintenance"}, ""},
        {"yes", {"cost", "light"}, ""},
    };
    for (size_t i = 0; i < answers.size(); ++i) {
      if (poll.state() != in::POLL_STATE_OPEN) {
        ++responses.skipped;
        continue;
      }
      in::SubmitPollResponseRequest req;
      req.set_poll(name);
      req.set_request_id(absl::StrCat("seed-poll-elevator-response-", i + 1));
      in::PollAnswer* a = req.add_answers();
      a->set_question_id("support");
      a->add_option_ids(answers[i].support);
      in::PollAnswer* b = req.add_answers();
      b->set_question_id("concerns");
      for (const auto& c : answers[i].concerns) b->add_option_ids(c);
      if (*answers[i].comment != '\0') {
        in::PollAnswer* c = req.add_answers();
        c->set_question_id("comment");
        c->set_text(answers[i].comment);
      }
      in::SubmitPollResponseResponse resp;
      // Each respondent is a signed-in citizen, counted once by their subject.
      auto ctx = Context(CitizenToken(absl::StrCat("seed-citizen-", i + 1)));
      grpc::Status s = polls_->SubmitPollResponse(ctx.get(), req, &resp);
      if (s.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
        ++responses.already;
        continue;
      }
      Check(s, "SubmitPollResponse");
      if (renda::FromProtoTime(resp.response().create_time()) < start_) {
        ++responses.already;  // replayed from an earlier run
      } else {
        ++responses.created;
      }
    }
    return {polls, responses};
  }

  // ---- observation ----
  std::vector<IntakeLine> Observation() {
    IntakeLine meetings{.what = "meetings", .verb = "published", .created = 0, .already = 0, .skipped = 0};
    IntakeLine apps{.what = "applications", .verb = "received", .created = 0, .already = 0, .skipped = 0};
    IntakeLine steps{.what = "app decisions", .verb = "made", .created = 0, .already = 0, .skipped = 0};
    const std::string id = "sc-session-elevator";
    const std::string name = absl::StrCat(parent_, "/observationMeetings/", id);
    in::ObservationMeeting meeting;
    {
      in::GetObservationMeetingRequest req;
      req.set_name(name);
      in::GetObservationMeetingResponse resp;
      auto ctx = Context(o_.staff_token);
      grpc::Status s = observe_->GetObservationMeeting(ctx.get(), req, &resp);
      if (s.ok()) {
        meeting = resp.meeting();
        ++meetings.already;
      } else if (s.error_code() != grpc::StatusCode::NOT_FOUND) {
        Check(s, "GetObservationMeeting");
      }
    }
    if (meeting.name().empty()) {
      in::CreateObservationMeetingRequest req;
      req.set_parent(parent_);
      req.set_meeting_id(id);
      req.set_request_id("seed-meeting-elevator");
      in::ObservationMeeting* n = req.mutable_meeting();
      n->set_title("市人大常委会会议（审议既有住宅加装电梯管理条例草案）");
      n->set_place("杭州市人大常委会会议中心第一会议室");
      n->set_seats(3);
      // Two weeks from now at 09:00 China Standard Time; applications close three days before.
      const absl::CivilDay day = absl::ToCivilDay(absl::Now() + absl::Hours(24 * 14), ChinaTime());
      const absl::Time at = absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), 9, 0, 0), ChinaTime());
      *n->mutable_meeting_time() = Ts(at);
      *n->mutable_application_deadline() = Ts(at - absl::Hours(24 * 3));
      in::CreateObservationMeetingResponse resp;
      auto ctx = Context(o_.staff_token);
      Check(observe_->CreateObservationMeeting(ctx.get(), req, &resp), "CreateObservationMeeting");
      meeting = resp.meeting();
      ++meetings.created;
    }
    struct Applicant {
      const char* name;
      const char* id_number;
      const char* phone;
      const char* reason;
    };
    const std::vector<Applicant> demo = {
        {"陈晓梅", "330106198503120027", "13905710021", "小区正在筹备加装电梯，想了解立法考虑"},
        {"刘志强", "330105197811230016", "13905710022", "退休教师，关注地方立法"},
        {"赵丽华", "330104199002150043", "13905710023", "法学专业学生，学习人大审议程序"},
        {"孙宏伟", "330110198807070039", "13905710024", "一楼住户，关心补偿规定"},
    };
    std::vector<in::ObservationApplication> received;
    for (size_t i = 0; i < demo.size(); ++i) {
      in::SubmitObservationApplicationRequest req;
      req.set_meeting(name);
      req.set_request_id(absl::StrCat("seed-meeting-elevator-application-", i + 1));
      in::ObservationApplication* a = req.mutable_application();
      a->set_applicant_name(demo[i].name);
      a->set_id_number(demo[i].id_number);
      a->set_phone(demo[i].phone);
      a->set_reason(demo[i].reason);
      in::SubmitObservationApplicationResponse resp;
      auto ctx = Context("");  // citizens apply without an account
      grpc::Status s = observe_->SubmitObservationApplication(ctx.get(), req, &resp);
      if (s.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
        ++apps.already;
      } else if (s.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
        ++apps.skipped;  // applications have closed
      } else {
        Check(s, "SubmitObservationApplication");
        if (renda::FromProtoTime(resp.application().create_time()) < start_) {
          ++apps.already;
        } else {
          ++apps.created;
        }
      }
    }
    // Staff approve the first two in order and decline the third; the fourth stays pending.
    std::vector<in::ObservationApplication> all;
    for (in::ObservationApplicationState st :
         {in::OBSERVATION_APPLICATION_STATE_PENDING, in::OBSERVATION_APPLICATION_STATE_APPROVED,
          in::OBSERVATION_APPLICATION_STATE_DECLINED, in::OBSERVATION_APPLICATION_STATE_CANCELLED}) {
      in::ListObservationApplicationsRequest req;
      req.set_meeting(name);
      req.set_state(st);
      req.set_page_size(500);
      in::ListObservationApplicationsResponse resp;
      auto ctx = Context(o_.staff_token);
      Check(observe_->ListObservationApplications(ctx.get(), req, &resp), "ListObservationApplications");
      for (const auto& a : resp.applications()) all.push_back(a);
    }
    std::sort(all.begin(), all.end(), [](const auto& x, const auto& y) { return x.name() < y.name(); });
    for (size_t i = 0; i < all.size() && i < 3; ++i) {
      const in::ObservationApplication& a = all[i];
      if (a.state() != in::OBSERVATION_APPLICATION_STATE_PENDING) {
        ++steps.already;
        continue;
      }
      auto ctx = Context(o_.staff_token);
      if (i < 2) {
        in::ApproveObservationApplicationRequest req;
        req.set_name(a.name());
        req.set_request_id(absl::StrCat("seed-meeting-elevator-approve-", i + 1));
        in::ApproveObservationApplicationResponse resp;
        Check(observe_->ApproveObservationApplication(ctx.get(), req, &resp), "ApproveObservationApplication");
      } else {
        in::DeclineObservationApplicationRequest req;
        req.set_name(a.name());
        req.set_reason("本次旁听名额优先安排与议题直接相关的申请人，欢迎报名下次会议。");
        req.set_request_id(absl::StrCat("seed-meeting-elevator-decline-", i + 1));
        in::DeclineObservationApplicationResponse resp;
        Check(observe_->DeclineObservationApplication(ctx.get(), req, &resp), "DeclineObservationApplication");
      }
      ++steps.created;
    }
    return {meetings, apps, steps};
  }

  // ---- helpers ----
  std::unique_ptr<grpc::ClientContext> Context(const std::string& token) const {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(absl::ToChronoTime(absl::Now() + o_.timeout));
    if (!token.empty()) ctx->AddMetadata("authorization", absl::StrCat("Bearer ", token));
    return ctx;
  }

  std::string Mint(const std::string& subject, renda::Role role, const std::string& unit) const {
    renda::Claims claims;
    claims.subject = subject;
    claims.roles = renda::Roles{role};
    claims.congress = o_.congress;
    claims.unit_id = unit;
    claims.issued_at = absl::Now();
    claims.expiry = claims.issued_at + absl::Hours(1);
    return renda::MintToken(claims, o_.token_key);
  }
  std::string UnitToken(const std::string& unit) const {
    return Mint(absl::StrCat("unit-", unit), renda::Role::kHandlingUnit, unit);
  }
  std::string CitizenToken(const std::string& subject) const { return Mint(subject, renda::Role::kCitizen, ""); }

  [[noreturn]] static void Fail(const std::string& message) {
    std::cerr << "renda-seed: " << message << "\n";
    std::exit(1);
  }
  void Check(const grpc::Status& s, const std::string& what) const {
    if (s.ok()) return;
    absl::Status status = renda::FromGrpcStatus(s);
    Fail(absl::StrCat(what, " at ", o_.address, ": ", absl::StatusCodeToString(status.code()), ": ",
                      status.message()));
  }

  IntakeDemoOptions o_;
  std::string parent_;
  absl::Time start_ = absl::Now();
  IntakeLine steps_;
  std::unique_ptr<in::IntakeService::Stub> intake_;
  std::unique_ptr<in::ConsultationService::Stub> consult_;
  std::unique_ptr<in::ProposalService::Stub> proposals_;
  std::unique_ptr<in::PollService::Stub> polls_;
  std::unique_ptr<in::ObservationService::Stub> observe_;
};

}  // namespace

std::vector<IntakeLine> SeedIntakeDemo(const std::shared_ptr<grpc::Channel>& intake, const IntakeDemoOptions& options) {
  return IntakeDemo(intake, options).Run();
}

}  // namespace renda::seed
