// Who may change what on a lead, on the real binary: the pipeline (forward by anyone, back only
// by managers and admins, lost from anywhere, reopening at contacted, the claim-document stage
// gate), reassignment and legal hold (managers and admins only), soft delete and admin restore,
// and the audit records those changes leave.
#include <gtest/gtest.h>

#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

HttpResponse SetStatus(uint16_t port, const std::string& token, const std::string& id,
                       const std::string& status) {
  return PatchLead(port, token, id, {{"status", status}});
}

// A 409 whose errors name the status.
::testing::AssertionResult IsStatusConflict(const HttpResponse& reply) {
  if (!IsProblem(reply, 409)) {
    return ::testing::AssertionFailure() << reply.status << " " << reply.body;
  }
  if (ErrorFields(reply) != std::set<std::string>{"status"}) {
    return ::testing::AssertionFailure() << "errors do not name status: " << reply.body;
  }
  return ::testing::AssertionSuccess();
}

bool ListHas(uint16_t port, const std::string& token, const std::string& target,
             const std::string& id) {
  const auto ids = AllIds(port, token, target);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST(LeadsAccessIntegration, PipelineMovesAndTheStageGate) {
  LeadsWorld w = StartLeadsWorld();
  const uint16_t port = w.port;
  const std::string id = CreateLead(port, w.agent1.token, LeadBody("Pia", "Pipeline")).value("id", "");
  ASSERT_FALSE(id.empty());

  // Forward several stages at once, by the agent.
  const auto forward = SetStatus(port, w.agent1.token, id, "inspection_scheduled");
  ASSERT_EQ(forward.status, 200) << forward.body;
  EXPECT_EQ(BodyOf(forward)["status"], "inspection_scheduled");
  // Back: refused for the agent (409 naming status, nothing written), fine for a manager.
  const auto back = SetStatus(port, w.agent1.token, id, "contacted");
  EXPECT_TRUE(IsStatusConflict(back));
  EXPECT_EQ(BodyOf(GetLead(port, w.agent1.token, id))["status"], "inspection_scheduled");
  EXPECT_EQ(GetLead(port, w.agent1.token, id).HeaderOr("ETag"), "\"2\"");
  const auto managed_back = SetStatus(port, w.manager.token, id, "contacted");
  ASSERT_EQ(managed_back.status, 200) << managed_back.body;
  EXPECT_EQ(BodyOf(managed_back)["status"], "contacted");
  // The same status again is no change at all.
  const auto same = SetStatus(port, w.agent1.token, id, "contacted");
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(same.HeaderOr("ETag"), managed_back.HeaderOr("ETag"));
  // An unknown status is a validation error.
  const auto unknown = SetStatus(port, w.agent1.token, id, "Contacted");
  EXPECT_TRUE(IsProblem(unknown, 400)) << unknown.body;
  EXPECT_EQ(ErrorFields(unknown), std::set<std::string>{"status"}) << unknown.body;

  // Lost from any stage, by the agent; from lost only to contacted (even for a manager).
  ASSERT_EQ(SetStatus(port, w.agent1.token, id, "lost").status, 200);
  EXPECT_TRUE(IsStatusConflict(SetStatus(port, w.agent1.token, id, "qualified")));
  EXPECT_TRUE(IsStatusConflict(SetStatus(port, w.manager.token, id, "qualified")));
  EXPECT_TRUE(IsStatusConflict(SetStatus(port, w.manager.token, id, "new")));
  const auto reopened = SetStatus(port, w.agent1.token, id, "contacted");
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(BodyOf(reopened)["status"], "contacted");
  ASSERT_EQ(SetStatus(port, w.agent1.token, id, "lor_signed").status, 200);
  ASSERT_EQ(SetStatus(port, w.agent1.token, id, "lost").status, 200);  // from late stages too
  ASSERT_EQ(SetStatus(port, w.agent1.token, id, "contacted").status, 200);
  ASSERT_EQ(SetStatus(port, w.agent1.token, id, "lor_signed").status, 200);

  // The stage gate: no claim documents yet, so claim_filed and later are refused for everyone,
  // naming what is missing.
  for (const char* gated : {"claim_filed", "negotiating", "settled"}) {
    for (const std::string& token : {w.agent1.token, w.admin}) {
      const auto refused = SetStatus(port, token, id, gated);
      EXPECT_TRUE(IsStatusConflict(refused)) << gated;
      EXPECT_EQ(BodyOf(refused)["missingDocuments"],
                Json({"lor", "policy or declarations_page"}))
          << refused.body;
    }
  }
  EXPECT_EQ(BodyOf(GetLead(port, w.agent1.token, id))["status"], "lor_signed");
  // A lead cannot be created past the gate either.
  Json filed = LeadBody("Fay", "Filed");
  filed["status"] = "claim_filed";
  const auto created_filed = PostJson(port, "/api/v1/leads", filed, w.manager.token);
  EXPECT_TRUE(IsProblem(created_filed, 409)) << created_filed.body;
  EXPECT_EQ(BodyOf(created_filed)["missingDocuments"], Json({"lor", "policy or declarations_page"}))
      << created_filed.body;
  // …while creating at an earlier stage is fine.
  filed["status"] = "qualified";
  EXPECT_EQ(CreateLead(port, w.agent1.token, filed)["status"], "qualified");
}

TEST(LeadsAccessIntegration, ReassignmentAndLegalHoldAreForSupervisors) {
  LeadsWorld w = StartLeadsWorld();
  const uint16_t port = w.port;
  const std::string id = CreateLead(port, w.agent1.token, LeadBody("Reid", "Assign")).value("id", "");
  ASSERT_FALSE(id.empty());

  // An agent neither gives a lead away nor takes one.
  const auto give = PatchLead(port, w.agent1.token, id, {{"assignedTo", w.agent2.id}});
  EXPECT_TRUE(IsProblem(give, 403)) << give.body;
  const auto drop = PatchLead(port, w.agent1.token, id, {{"assignedTo", nullptr}});
  EXPECT_TRUE(IsProblem(drop, 403)) << drop.body;
  EXPECT_EQ(BodyOf(GetLead(port, w.agent1.token, id))["assignedTo"], w.agent1.id);
  EXPECT_TRUE(ListHas(port, w.agent1.token, "/api/v1/leads", id));
  EXPECT_FALSE(ListHas(port, w.agent2.token, "/api/v1/leads", id));

  // A manager cannot reassign to someone who is not an enabled user.
  const auto nobody =
      PatchLead(port, w.manager.token, id, {{"assignedTo", "usr_00000000000000000000000000"}});
  EXPECT_TRUE(IsProblem(nobody, 400)) << nobody.body;
  EXPECT_EQ(ErrorFields(nobody), std::set<std::string>{"assignedTo"}) << nobody.body;

  // A manager reassigns: the lead leaves agent1's view and enters agent2's.
  const auto moved = PatchLead(port, w.manager.token, id, {{"assignedTo", w.agent2.id}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(BodyOf(moved)["assignedTo"], w.agent2.id);
  EXPECT_TRUE(IsProblem(GetLead(port, w.agent1.token, id), 404));
  EXPECT_TRUE(IsProblem(PatchLead(port, w.agent1.token, id, {{"lastName", "Mine"}}), 404));
  EXPECT_FALSE(ListHas(port, w.agent1.token, "/api/v1/leads", id));
  EXPECT_FALSE(ListHas(port, w.agent1.token, "/api/v1/leads?q=reid", id));
  EXPECT_EQ(GetLead(port, w.agent2.token, id).status, 200);
  EXPECT_TRUE(ListHas(port, w.agent2.token, "/api/v1/leads", id));
  EXPECT_TRUE(ListHas(port, w.agent2.token, "/api/v1/leads?q=reid", id));
  EXPECT_TRUE(ListHas(port, w.manager.token, "/api/v1/leads?assignedTo=" + w.agent2.id, id));
  EXPECT_FALSE(ListHas(port, w.manager.token, "/api/v1/leads?assignedTo=" + w.agent1.id, id));

  // Legal hold: agents may not set it, managers may; while it is set nobody deletes the lead.
  const auto agent_hold = PatchLead(port, w.agent2.token, id, {{"legalHold", true}});
  EXPECT_TRUE(IsProblem(agent_hold, 403)) << agent_hold.body;
  EXPECT_EQ(BodyOf(GetLead(port, w.agent2.token, id))["legalHold"], false);
  const auto held = PatchLead(port, w.manager.token, id, {{"legalHold", true}});
  ASSERT_EQ(held.status, 200) << held.body;
  EXPECT_EQ(BodyOf(held)["legalHold"], true);
  // An agent's other edits on a held lead still work (the hold is not theirs to lift).
  EXPECT_EQ(PatchLead(port, w.agent2.token, id, {{"source", "held"}}).status, 200);
  EXPECT_TRUE(IsProblem(PatchLead(port, w.agent2.token, id, {{"legalHold", false}}), 403));
  for (const std::string& token : {w.agent2.token, w.manager.token, w.admin}) {
    const auto blocked = CallApi(port, "DELETE", "/api/v1/leads/" + id, token);
    EXPECT_TRUE(IsProblem(blocked, 409)) << blocked.body;
  }
  EXPECT_EQ(GetLead(port, w.agent2.token, id).status, 200);
  const auto lifted = PatchLead(port, w.admin, id, {{"legalHold", false}});
  ASSERT_EQ(lifted.status, 200) << lifted.body;
  EXPECT_EQ(BodyOf(lifted)["legalHold"], false);
}

TEST(LeadsAccessIntegration, SoftDeleteAdminRestoreAndTheAuditTrail) {
  LeadsWorld w = StartLeadsWorld();
  const uint16_t port = w.port;
  const std::string id = CreateLead(port, w.agent1.token,
                                    {{"firstName", "Dee"},
                                     {"lastName", "Leted"},
                                     {"phones", {{{"number", "512-555-0177"}}}}})
                             .value("id", "");
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(PatchLead(port, w.agent1.token, id, {{"lastName", "Deleted"}}).status, 200);

  // A stale If-Match on DELETE is refused like on PATCH.
  const auto stale = CallApi(port, "DELETE", "/api/v1/leads/" + id, w.agent1.token, nullptr,
                             {{"If-Match", "\"1\""}});
  EXPECT_TRUE(IsProblem(stale, 412)) << stale.body;
  EXPECT_TRUE(IsProblem(CallApi(port, "DELETE", "/api/v1/leads/" + id, w.agent2.token), 404));

  const auto deleted = CallApi(port, "DELETE", "/api/v1/leads/" + id, w.agent1.token, nullptr,
                               {{"If-Match", "\"2\""}});
  ASSERT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_TRUE(deleted.body.empty());
  EXPECT_TRUE(IsProblem(GetLead(port, w.agent1.token, id), 404));
  EXPECT_TRUE(IsProblem(GetLead(port, w.manager.token, id), 404));
  EXPECT_TRUE(IsProblem(PatchLead(port, w.manager.token, id, {{"lastName", "Back"}}), 404));
  EXPECT_TRUE(IsProblem(CallApi(port, "DELETE", "/api/v1/leads/" + id, w.manager.token), 404));
  const auto admin_view = GetLead(port, w.admin, id);
  ASSERT_EQ(admin_view.status, 200) << admin_view.body;
  EXPECT_TRUE(BodyOf(admin_view).contains("deletedAt")) << admin_view.body;
  EXPECT_EQ(admin_view.HeaderOr("ETag"), "\"3\"");
  // Gone from lists, search and the phone lookup.
  EXPECT_FALSE(ListHas(port, w.manager.token, "/api/v1/leads", id));
  EXPECT_FALSE(ListHas(port, w.admin, "/api/v1/leads", id));
  EXPECT_FALSE(ListHas(port, w.manager.token, "/api/v1/leads?q=deleted", id));
  EXPECT_EQ(BodyOf(GetWith(port, "/api/v1/leads/lookup?phone=5125550177", w.manager.token))["items"],
            Json::array());
  // Its timeline, notes and deadlines are hidden with it, from admins too (the audit trail
  // keeps the history).
  for (const std::string& token : {w.manager.token, w.admin}) {
    EXPECT_TRUE(IsProblem(GetWith(port, "/api/v1/leads/" + id + "/activity", token), 404));
    EXPECT_TRUE(IsProblem(PostJson(port, "/api/v1/leads/" + id + "/notes", {{"text", "x"}}, token),
                          404));
    EXPECT_TRUE(IsProblem(PostJson(port, "/api/v1/leads/" + id + "/deadlines",
                                   {{"kind", "follow_up"}, {"dueAt", "2030-01-01T00:00:00Z"}},
                                   token),
                          404));
  }

  // Restore is an admin route: a manager (and the agent) get 404.
  for (const std::string& token : {w.manager.token, w.agent1.token}) {
    const auto refused = PostJson(port, "/api/v1/leads/" + id + "/restore", Json::object(), token);
    EXPECT_TRUE(IsProblem(refused, 404)) << refused.body;
  }
  const auto restored = PostJson(port, "/api/v1/leads/" + id + "/restore", Json::object(), w.admin);
  ASSERT_EQ(restored.status, 200) << restored.body;
  EXPECT_FALSE(BodyOf(restored).contains("deletedAt")) << restored.body;
  EXPECT_EQ(restored.HeaderOr("ETag"), "\"4\"");
  EXPECT_EQ(BodyOf(restored)["assignedTo"], w.agent1.id);
  // Restoring a live lead is a conflict.
  EXPECT_TRUE(
      IsProblem(PostJson(port, "/api/v1/leads/" + id + "/restore", Json::object(), w.admin), 409));
  EXPECT_EQ(GetLead(port, w.agent1.token, id).status, 200);
  EXPECT_TRUE(ListHas(port, w.agent1.token, "/api/v1/leads", id));
  EXPECT_TRUE(ListHas(port, w.manager.token, "/api/v1/leads", id));
  EXPECT_TRUE(ListHas(port, w.manager.token, "/api/v1/leads?q=deleted", id));
  EXPECT_EQ(PageIds(GetWith(port, "/api/v1/leads/lookup?phone=5125550177", w.agent1.token)),
            std::vector<std::string>{id});

  // The audit trail of the lead (admin only).
  EXPECT_TRUE(IsProblem(
      GetWith(port, "/api/v1/audit?entity=lead&entityId=" + id, w.manager.token), 404));
  const auto audit = GetWith(port, "/api/v1/audit?entity=lead&entityId=" + id, w.admin);
  ASSERT_EQ(audit.status, 200) << audit.body;
  std::map<std::string, Json> by_action;
  const Json records = BodyOf(audit);
  for (const Json& record : records["items"]) {
    EXPECT_EQ(record["entity"], "lead") << record;
    EXPECT_EQ(record["entityId"], id) << record;
    by_action[record.value("action", "")] = record;
  }
  for (const char* action : {"lead.create", "lead.update", "lead.delete", "lead.restore"}) {
    ASSERT_TRUE(by_action.contains(action)) << action << " missing: " << audit.body;
  }
  EXPECT_EQ(by_action["lead.create"]["actor"], w.agent1.id);
  EXPECT_EQ(by_action["lead.create"]["changes"]["firstName"]["new"], "Dee") << audit.body;
  const Json update = by_action["lead.update"];
  EXPECT_EQ(update["actor"], w.agent1.id);
  EXPECT_EQ(update["changes"]["lastName"], Json({{"old", "Leted"}, {"new", "Deleted"}}))
      << update;
  EXPECT_FALSE(update["changes"].contains("version")) << update;  // bookkeeping left out
  EXPECT_EQ(by_action["lead.delete"]["actor"], w.agent1.id);
  EXPECT_TRUE(by_action["lead.delete"]["changes"].contains("deletedAt")) << audit.body;
  EXPECT_EQ(by_action["lead.restore"]["actor"], w.admin_id);
}

// "Only managers and admins set or lift a legal hold": creating a lead already under hold is
// setting it, so an agent may not do that either (they could not delete the lead afterwards).
TEST(LeadsAccessIntegration, AnAgentCannotCreateALeadUnderLegalHold) {
  LeadsWorld w = StartLeadsWorld();
  const uint16_t port = w.port;
  Json held = LeadBody("Hal", "Held");
  held["legalHold"] = true;
  const auto by_agent = PostJson(port, "/api/v1/leads", held, w.agent1.token);
  EXPECT_TRUE(IsProblem(by_agent, 403))
      << "BUG: an agent created a lead under legal hold: " << by_agent.status << " "
      << by_agent.body;
  const Json by_manager = CreateLead(port, w.manager.token, held);
  EXPECT_EQ(by_manager["legalHold"], true);
}

}  // namespace
}  // namespace ccrm::testing
