// Documents end to end over HTTP against the real binary: a document is created, its bytes go
// straight to the presigned upload URL, the trigger makes it available (type sniffed, SHA-256
// recorded) or rejects it (an executable called .pdf), downloads are presigned and audited,
// hostile file names stay data, the stage gate opens with the lor and policy, the timeline
// shows it all, legal hold blocks deleting, and another agent sees none of it.
#include <gtest/gtest.h>

#include "crypto/digest.hpp"
#include "documents_client.hpp"
#include "harness.hpp"
#include "identity_client.hpp"
#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

TEST(DocumentsTest, UploadTriggerDownloadGateTimelineAndIsolation) {
  LeadsWorld world = StartLeadsWorld();
  const uint16_t port = world.port;
  const std::string& agent = world.agent1.token;
  const std::string& other = world.agent2.token;
  const Json lead = CreateLead(port, agent, LeadBody("Dora", "Documents"));
  const std::string lead_id = lead.value("id", "");

  // A letter of representation: created pending, uploaded straight to its URL, made available.
  const std::string lor = PdfBytes("letter of representation");
  const Created created = CreateDocument(port, agent, lead_id, "LOR – signed.pdf",
                                         "application/pdf", lor.size(), "lor");
  EXPECT_EQ(created.upload.value("method", ""), "PUT");
  EXPECT_NE(created.upload.value("url", "").find("/s3/documents/leads/" + lead_id + "/"),
            std::string::npos);
  EXPECT_EQ(created.upload.value("url", "").find("LOR"), std::string::npos);  // names are data
  EXPECT_EQ(BodyOf(CallApi(port, "GET", "/api/v1/documents/" + created.id, agent))["status"],
            "pending");
  // The URL binds the declared size and type: anything else is refused, nothing stored.
  EXPECT_EQ(Upload(port, created.upload, lor + "x", "application/pdf").status, 403);
  EXPECT_EQ(Upload(port, created.upload, lor, "text/plain").status, 403);
  const HttpResponse put = Upload(port, created.upload, lor, "application/pdf");
  ASSERT_EQ(put.status, 200) << put.body;
  const Json available = WaitForStatus(port, agent, created.id);
  EXPECT_EQ(available["status"], "available") << available.dump();
  EXPECT_EQ(available["contentType"], "application/pdf");
  EXPECT_EQ(available["sha256"], crypto::Sha256Hex(lor));
  EXPECT_EQ(available["sizeBytes"], lor.size());
  EXPECT_EQ(available["uploadedBy"], world.agent1.id);
  EXPECT_FALSE(available.contains("objectKey"));
  // Once available, the upload URL is spent.
  EXPECT_EQ(Upload(port, created.upload, lor, "application/pdf").status, 403);

  // Download: a presigned URL, the bytes, the name safely in Content-Disposition; audited.
  const HttpResponse link = CallApi(port, "GET", "/api/v1/documents/" + created.id + "/download", agent);
  ASSERT_EQ(link.status, 200) << link.body;
  const HttpResponse file = Fetch(port, BodyOf(link).value("url", ""));
  ASSERT_EQ(file.status, 200) << file.body;
  EXPECT_EQ(file.body, lor);
  EXPECT_EQ(file.HeaderOr("Content-Type"), "application/pdf");
  EXPECT_EQ(file.HeaderOr("Content-Disposition"),
            "attachment; filename=\"LOR _ signed.pdf\"; filename*=UTF-8''LOR%20%E2%80%93%20signed.pdf");
  const HttpResponse part = Fetch(port, BodyOf(link).value("url", ""), {{"Range", "bytes=0-7"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, "%PDF-1.4");
  const HttpResponse preview =
      CallApi(port, "GET", "/api/v1/documents/" + created.id + "/download?disposition=inline", agent);
  EXPECT_TRUE(Fetch(port, BodyOf(preview).value("url", "")).HeaderOr("Content-Disposition").starts_with("inline;"));
  const HttpResponse audit = CallApi(port, "GET", "/api/v1/audit?entity=document&entityId=" + created.id,
                                     world.admin);
  ASSERT_EQ(audit.status, 200) << audit.body;
  int urls = 0;
  const Json records = BodyOf(audit);
  for (const Json& record : records["items"]) urls += record["action"] == "document.download_url";
  EXPECT_EQ(urls, 2) << audit.body;

  // The stage gate: claim_filed needs the lor (there) and a policy or declarations page.
  const HttpResponse gated = PatchLead(port, agent, lead_id, {{"status", "claim_filed"}});
  EXPECT_EQ(gated.status, 409) << gated.body;
  EXPECT_NE(gated.body.find("policy or declarations_page"), std::string::npos) << gated.body;
  EXPECT_EQ(gated.body.find("missing: a lor"), std::string::npos) << gated.body;

  // An executable called policy.pdf: rejected, its bytes not kept, no download.
  const std::string exe = ExecutableBytes();
  const Created fake = CreateDocument(port, agent, lead_id, "policy.pdf", "application/pdf",
                                      exe.size(), "policy");
  ASSERT_EQ(Upload(port, fake.upload, exe, "application/pdf").status, 200);
  const Json rejected = WaitForStatus(port, agent, fake.id);
  EXPECT_EQ(rejected["status"], "rejected");
  EXPECT_NE(rejected.value("rejectionReason", "").find("type not allowed"), std::string::npos)
      << rejected.dump();
  EXPECT_EQ(CallApi(port, "GET", "/api/v1/documents/" + fake.id + "/download", agent).status, 409);
  EXPECT_EQ(PatchLead(port, agent, lead_id, {{"status", "claim_filed"}}).status, 409);

  // A hostile name is stored as given and shown safely.
  const std::string hostile = std::string("../../etc/passwd\r\nX-Evil: 1\0 ", 29) + std::string(900, 'n');
  const std::string policy = PdfBytes("policy");
  const Created named = CreateDocument(port, agent, lead_id, hostile, "application/pdf",
                                       policy.size(), "policy");
  ASSERT_EQ(Upload(port, named.upload, policy, "application/pdf").status, 200);
  EXPECT_EQ(WaitForStatus(port, agent, named.id)["fileName"], hostile);
  const HttpResponse named_file = Fetch(
      port, BodyOf(CallApi(port, "GET", "/api/v1/documents/" + named.id + "/download", agent))
                .value("url", ""));
  EXPECT_EQ(named_file.status, 200);
  EXPECT_EQ(named_file.HeaderOr("X-Evil"), "");
  EXPECT_EQ(named_file.HeaderOr("Content-Disposition").find("../"), std::string::npos);
  std::string too_long(1001, 'x');
  EXPECT_EQ(CallApi(port, "POST", "/api/v1/leads/" + lead_id + "/documents", agent,
                    {{"fileName", too_long}, {"contentType", "application/pdf"}, {"sizeBytes", 1},
                     {"category", "other"}})
                .status,
            400);

  // Now the gate opens, and the timeline tells the story.
  const HttpResponse filed = PatchLead(port, agent, lead_id, {{"status", "claim_filed"}});
  EXPECT_EQ(filed.status, 200) << filed.body;
  const Json activity = BodyOf(CallApi(port, "GET", "/api/v1/leads/" + lead_id + "/activity", agent));
  int available_entries = 0, rejected_entries = 0;
  for (const Json& entry : activity["items"]) {
    if (entry["type"] != "document") continue;
    available_entries += entry["event"] == "available";
    rejected_entries += entry["event"] == "rejected";
  }
  EXPECT_EQ(available_entries, 2) << activity.dump();
  EXPECT_EQ(rejected_entries, 1);

  // Rename and recategorise.
  const HttpResponse renamed = CallApi(port, "PATCH", "/api/v1/documents/" + created.id, agent,
                                       {{"fileName", "LOR (final).pdf"}});
  EXPECT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(BodyOf(renamed)["fileName"], "LOR (final).pdf");
  EXPECT_EQ(CallApi(port, "PATCH", "/api/v1/documents/" + created.id, agent, {{"category", "nope"}}).status, 400);

  // Another agent: nothing of it exists.
  for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/v1/documents/" + created.id},
           {"GET", "/api/v1/documents/" + created.id + "/download"},
           {"POST", "/api/v1/documents/" + created.id + "/complete"},
           {"DELETE", "/api/v1/documents/" + created.id},
           {"GET", "/api/v1/leads/" + lead_id + "/documents"}}) {
    EXPECT_TRUE(IsProblem(CallApi(port, method, target, other), 404)) << method << " " << target;
  }
  EXPECT_TRUE(IsProblem(CallApi(port, "PATCH", "/api/v1/documents/" + created.id, other,
                                {{"fileName", "mine.pdf"}}),
                        404));
  EXPECT_TRUE(IsProblem(CallApi(port, "POST", "/api/v1/leads/" + lead_id + "/documents", other,
                                {{"fileName", "x.pdf"}, {"contentType", "application/pdf"},
                                 {"sizeBytes", 5}, {"category", "other"}}),
                        404));
  // The manager sees the lead's documents.
  EXPECT_EQ(BodyOf(CallApi(port, "GET", "/api/v1/leads/" + lead_id + "/documents", world.manager.token))["items"].size(), 3u);

  // Legal hold blocks deleting; without it the document and its object go.
  ASSERT_EQ(PatchLead(port, world.manager.token, lead_id, {{"legalHold", true}}).status, 200);
  EXPECT_EQ(CallApi(port, "DELETE", "/api/v1/documents/" + created.id, agent).status, 409);
  ASSERT_EQ(PatchLead(port, world.manager.token, lead_id, {{"legalHold", false}}).status, 200);
  const std::string old_url =
      BodyOf(CallApi(port, "GET", "/api/v1/documents/" + created.id + "/download", agent)).value("url", "");
  EXPECT_EQ(CallApi(port, "DELETE", "/api/v1/documents/" + created.id, agent).status, 204);
  EXPECT_EQ(CallApi(port, "GET", "/api/v1/documents/" + created.id, agent).status, 404);
  EXPECT_TRUE(WaitFor([&] { return Fetch(port, old_url).status == 404; }, Seconds(10)));
}

TEST(DocumentsTest, UploadsGoOnlyToDocumentsWaitingForThem) {
  LeadsWorld world = StartLeadsWorld();
  const uint16_t port = world.port;
  const Json lead = CreateLead(port, world.agent1.token, LeadBody("Una", "Waiting"));
  const std::string lead_id = lead.value("id", "");
  const std::string bytes = PdfBytes("x");
  const Created created = CreateDocument(port, world.agent1.token, lead_id, "a.pdf",
                                         "application/pdf", bytes.size(), "photo");
  // Deleted before its upload: the URL no longer stores anything.
  ASSERT_EQ(CallApi(port, "DELETE", "/api/v1/documents/" + created.id, world.agent1.token).status, 204);
  const HttpResponse late = Upload(port, created.upload, bytes, "application/pdf");
  EXPECT_EQ(late.status, 403) << late.body;
  EXPECT_NE(late.body.find("<Code>AccessDenied</Code>"), std::string::npos);
  // Completing what was never uploaded: 409.
  const Created empty = CreateDocument(port, world.agent1.token, lead_id, "b.pdf",
                                       "application/pdf", bytes.size(), "photo");
  EXPECT_EQ(CallApi(port, "POST", "/api/v1/documents/" + empty.id + "/complete", world.agent1.token).status,
            409);
  // Limits on what is declared.
  EXPECT_EQ(CallApi(port, "POST", "/api/v1/leads/" + lead_id + "/documents", world.agent1.token,
                    {{"fileName", "huge.pdf"}, {"contentType", "application/pdf"},
                     {"sizeBytes", int64_t{200} * 1024 * 1024}, {"category", "photo"}})
                .status,
            400);
  const HttpResponse bad = CallApi(port, "POST", "/api/v1/leads/" + lead_id + "/documents",
                                   world.agent1.token,
                                   {{"fileName", ""}, {"contentType", "pdf"}, {"sizeBytes", 0},
                                    {"category", "selfie"}});
  EXPECT_EQ(ErrorFields(bad), (std::set<std::string>{"fileName", "contentType", "sizeBytes", "category"}));
}

}  // namespace
}  // namespace ccrm::testing
