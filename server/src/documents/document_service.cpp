#include "documents/document_service.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/clock.hpp"
#include "common/ids.hpp"
#include "documents/content_sniffer.hpp"
#include "documents/document_model.hpp"

namespace ccrm::documents {
namespace {

using leads::LeadCaller;

[[noreturn]] void Fail(Problem problem) { throw ProblemException(std::move(problem)); }

// The document was no longer what a change expected (processed, deleted meanwhile).
struct Superseded {};

// The trigger acts for nobody in particular, and must see every lead.
LeadCaller SystemCaller() { return leads::SystemCaller("documents"); }

std::string Rfc3339(std::chrono::system_clock::time_point t) { return FormatRfc3339Millis(t); }

// The entry's actor is who made the change (the trigger is "system"); uploadedBy says whose
// upload it was, which the timeline shows for "added" and "rejected".
Json TimelineEntry(const Json& document, std::string_view event) {
  return {{"type", "document"},
          {"event", event},
          {"documentId", document.at("id")},
          {"fileName", document.value("fileName", "")},
          {"category", document.value("category", "")},
          {"uploadedBy", document.value("uploadedBy", "")}};
}

}  // namespace

DocumentService::DocumentService(std::shared_ptr<DocumentRepository> repository,
                                 std::shared_ptr<leads::LeadService> leads,
                                 storage::BlobStorePtr blobs, std::shared_ptr<queue::JobQueue> jobs,
                                 std::shared_ptr<audit::AuditLog> audit, DocumentOptions options,
                                 ClockPtr clock)
    : repository_(std::move(repository)),
      leads_(std::move(leads)),
      blobs_(std::move(blobs)),
      jobs_(std::move(jobs)),
      audit_(std::move(audit)),
      options_(options),
      clock_(std::move(clock)) {}

Json DocumentService::VisibleDocument(const std::string& id, const LeadCaller& caller) const {
  if (!IsValidId(id, "doc")) Fail(Problem::NotFound());
  std::optional<Json> document = repository_->Get(id);
  if (!document) Fail(Problem::NotFound());
  // The lead's rule is the document's: 404 for whoever may not see the lead.
  leads_->VisibleLead(document->value("leadId", ""), caller, /*include_deleted=*/true);
  return std::move(*document);
}

Json DocumentService::Create(const std::string& lead_id, const Json& body,
                             const LeadCaller& caller) {
  leads_->VisibleLead(lead_id, caller, /*include_deleted=*/false);
  const NewDocument input = ParseNewDocument(body, options_.max_bytes);
  const auto now = clock_->Now();
  const std::string id = NewId("doc");
  const std::string key = DocumentKey(lead_id, id);
  Json document = {{"id", id},
                   {"leadId", lead_id},
                   {"fileName", input.file_name},
                   {"declaredContentType", input.declared_type},
                   {"contentType", nullptr},
                   {"category", input.category},
                   {"sizeBytes", input.size_bytes},
                   {"sha256", nullptr},
                   {"status", "pending"},
                   {"uploadedBy", caller.principal.id},
                   {"createdAt", Rfc3339(now)},
                   {"updatedAt", Rfc3339(now)},
                   {"version", 1},
                   {"objectKey", key}};
  // The URL binds the declared type and size: the browser must send exactly those.
  storage::PresignOptions presign{.method = "PUT",
                                  .expires_seconds = options_.upload_url_seconds,
                                  .signed_headers = {{"content-type", input.declared_type},
                                                     {"content-length", std::to_string(input.size_bytes)}},
                                  .query = {}};
  const std::string url = blobs_->Presign(kDocumentsBucket, key, presign);
  audit::AuditEvent event = leads::LeadService::EventFor(caller, "document.create", lead_id);
  event.entity = "document";
  event.entity_id = id;
  event.changes = {{"fileName", {{"new", input.file_name}}},
                   {"category", {{"new", input.category}}},
                   {"sizeBytes", {{"new", input.size_bytes}}}};
  if (!audit_->Append(event, {DocumentRepository::Create(document)}).committed) {
    throw std::runtime_error("document id collision");  // a fresh ULID: cannot happen
  }
  return {{"document", PublicDocument(document)},
          {"upload",
           {{"method", "PUT"},
            {"url", url},
            {"headers", {{"Content-Type", input.declared_type}}},
            {"expiresAt", Rfc3339(now + std::chrono::seconds(options_.upload_url_seconds))}}}};
}

Json DocumentService::List(const std::string& lead_id, const LeadCaller& caller) const {
  leads_->VisibleLead(lead_id, caller, /*include_deleted=*/true);
  Json items = Json::array();
  for (const Json& item : repository_->ListByLead(lead_id)) items.push_back(PublicDocument(item));
  return {{"items", std::move(items)}};
}

Json DocumentService::Get(const std::string& id, const LeadCaller& caller) const {
  return PublicDocument(VisibleDocument(id, caller));
}

Json DocumentService::Patch(const std::string& id, const Json& body,
                            std::optional<int64_t> if_match, const LeadCaller& caller) {
  const Json patch = ParseDocumentPatch(body);
  const Json seen = VisibleDocument(id, caller);
  if (if_match && *if_match != seen.value("version", int64_t{0})) {
    Fail(Problem::PreconditionFailed(fmt::format(
        "The document changed since version {}; it is now at version {}.", *if_match,
        seen.value("version", int64_t{0}))));
  }
  Json updated;
  Json changes = Json::object();
  leads::LeadService::LinkedChange change{
      .action = "document.update",
      .entity = "document",
      .entity_id = id,
      .entry = Json::object(),
      .changes = Json::object(),
      .prepare = [&](const Json&) {
        std::optional<Json> current = repository_->Get(id);
        if (!current) Fail(Problem::NotFound());
        const int64_t version = current->value("version", int64_t{0});
        if (if_match && *if_match != version) {
          Fail(Problem::PreconditionFailed("The document changed while this request was applied."));
        }
        updated = *current;
        for (const auto& [field, value] : patch.items()) {
          if (updated[field] != value) changes[field] = {{"old", updated[field]}, {"new", value}};
          updated[field] = value;
        }
        updated["updatedAt"] = Rfc3339(clock_->Now());
        updated["version"] = version + 1;
        return std::vector<storage::WriteAction>{DocumentRepository::Update(updated, version)};
      }};
  // The entry names what it was called before the change, and the change itself.
  change.entry = TimelineEntry(seen, "updated");
  change.entry["changes"] = Json::object();
  for (const auto& [field, value] : patch.items()) {
    if (seen.value(field, Json()) != value) change.entry["changes"][field] = {{"old", seen[field]}, {"new", value}};
  }
  if (change.entry["changes"].empty()) return PublicDocument(seen);
  change.changes = change.entry["changes"];
  leads_->CommitLinked(seen.value("leadId", ""), change, caller);
  return PublicDocument(updated);
}

void DocumentService::Delete(const std::string& id, std::optional<int64_t> if_match,
                             const LeadCaller& caller) {
  const Json seen = VisibleDocument(id, caller);
  if (if_match && *if_match != seen.value("version", int64_t{0})) {
    Fail(Problem::PreconditionFailed("The document changed since that version."));
  }
  leads::LeadService::LinkedChange change{
      .action = "document.delete",
      .entity = "document",
      .entity_id = id,
      .entry = TimelineEntry(seen, "deleted"),
      .changes = {{"status", {{"old", seen.value("status", "")}, {"new", "deleted"}}}},
      .prepare = [&](const Json& lead) {
        if (lead.value("legalHold", false)) {
          Fail(Problem::Conflict("The lead is under legal hold: its documents cannot be deleted."));
        }
        std::optional<Json> current = repository_->Get(id);
        if (!current) Fail(Problem::NotFound());
        if (if_match && *if_match != current->value("version", int64_t{0})) {
          Fail(Problem::PreconditionFailed("The document changed while this request was applied."));
        }
        // The object goes by a job committed with the record: never left behind, never early.
        return std::vector<storage::WriteAction>{
            DocumentRepository::Remove(*current),
            jobs_->Enqueue(kDeleteObjectJob, {{"key", current->value("objectKey", "")}})};
      }};
  leads_->CommitLinked(seen.value("leadId", ""), change, caller);
  jobs_->NotifyCommitted();
}

Json DocumentService::Download(const std::string& id, bool inline_view, const LeadCaller& caller) {
  const Json document = VisibleDocument(id, caller);
  const std::string status = document.value("status", "");
  if (status != "available") {
    Fail(Problem::Conflict(fmt::format("The document is {}: there is nothing to download.", status)));
  }
  const std::string type = document.value("contentType", "application/octet-stream");
  const bool as_inline = inline_view && IsPreviewable(type);
  const auto now = clock_->Now();
  storage::PresignOptions presign{
      .method = "GET",
      .expires_seconds = options_.download_url_seconds,
      .signed_headers = {},
      .query = {{"response-content-disposition",
                 ContentDisposition(document.value("fileName", ""), as_inline)},
                {"response-content-type", type}}};
  const std::string url = blobs_->Presign(kDocumentsBucket, document.value("objectKey", ""), presign);
  audit::AuditEvent event =
      leads::LeadService::EventFor(caller, "document.download_url", document.value("leadId", ""));
  event.entity = "document";
  event.entity_id = id;
  event.changes = {{"disposition", {{"new", as_inline ? "inline" : "attachment"}}}};
  if (!audit_->Append(event).committed) {
    throw storage::StorageError("audit: the record of a download URL was not written");
  }
  return {{"url", url},
          {"expiresAt", Rfc3339(now + std::chrono::seconds(options_.download_url_seconds))}};
}

Json DocumentService::Complete(const std::string& id, const LeadCaller& caller) {
  VisibleDocument(id, caller);
  std::optional<Json> processed = Process(id, caller);
  if (!processed) Fail(Problem::Conflict("Nothing has been uploaded for this document yet."));
  return PublicDocument(*processed);
}

std::string DocumentService::CheckObject(const Json& document,
                                         const storage::BlobInfo& object) const {
  const auto declared = static_cast<uint64_t>(document.value("sizeBytes", int64_t{0}));
  if (object.size != declared) {
    return fmt::format("size mismatch: {} bytes were declared, {} arrived", declared, object.size);
  }
  if (object.size > static_cast<uint64_t>(options_.max_bytes)) {
    return fmt::format("too large: at most {} bytes", options_.max_bytes);
  }
  return "";
}

std::optional<Json> DocumentService::Process(const std::string& id, const LeadCaller& caller) {
  std::optional<Json> document = repository_->Get(id);
  if (!document) return std::nullopt;
  if (document->value("status", "") != "pending") return document;
  const std::string key = document->value("objectKey", "");
  const std::optional<storage::BlobInfo> object = blobs_->Head(kDocumentsBucket, key);
  if (!object) return std::nullopt;

  std::string reason = CheckObject(*document, *object);
  std::string type;
  if (reason.empty()) {
    std::string head;
    if (object->size > 0) {
      auto reader = blobs_->Get(kDocumentsBucket, key, storage::ByteRange::FromTo(0, kSniffBytes - 1));
      if (!reader) return std::nullopt;
      std::string chunk;
      while (reader->Read(chunk)) head += chunk;
    }
    type = SniffContentType(head);
    if (!IsAllowedContentType(type)) reason = "type not allowed: " + type;
  }
  const bool available = reason.empty();
  Json updated;
  leads::LeadService::LinkedChange change{
      .action = available ? "document.available" : "document.rejected",
      .entity = "document",
      .entity_id = id,
      .entry = TimelineEntry(*document, available ? "available" : "rejected"),
      .changes = Json::object(),
      .prepare = [&](const Json&) {
        std::optional<Json> current = repository_->Get(id);
        if (!current || current->value("status", "") != "pending") throw Superseded{};
        const int64_t version = current->value("version", int64_t{0});
        updated = *current;
        updated["status"] = available ? "available" : "rejected";
        updated["contentType"] = type.empty() ? Json(nullptr) : Json(type);
        updated["sha256"] = object->sha256;
        if (available) {
          updated["sizeBytes"] = object->size;
        } else {
          updated["rejectionReason"] = reason;
        }
        updated["objectEtag"] = object->etag;
        updated["updatedAt"] = Rfc3339(clock_->Now());
        updated["version"] = version + 1;
        return std::vector<storage::WriteAction>{DocumentRepository::Update(updated, version)};
      }};
  if (!available) change.entry["reason"] = reason;
  change.changes = {{"status", {{"old", "pending"}, {"new", available ? "available" : "rejected"}}}};
  try {
    leads_->CommitLinked(document->value("leadId", ""), change, caller);
  } catch (const Superseded&) {
    return repository_->Get(id);
  }
  // What was refused is not kept where a URL could reach it.
  if (!available) blobs_->Delete(kDocumentsBucket, key);
  return updated;
}

std::set<std::string> DocumentService::AvailableCategories(const std::string& lead_id) const {
  std::set<std::string> categories;
  for (const Json& item : repository_->ListByLead(lead_id)) {
    if (item.value("status", "") == "available") categories.insert(item.value("category", ""));
  }
  return categories;
}

blobs::Admission DocumentService::AdmitUpload(const std::string& key) const {
  const std::optional<std::string> id = DocumentIdOfKey(key);
  std::optional<Json> document;
  if (id) document = repository_->Get(*id);
  if (!document || document->value("objectKey", "") != key ||
      document->value("status", "") != "pending") {
    return {.allowed = false, .reason = "No document is waiting for this upload.", .checks = {}};
  }
  return {.allowed = true,
          .reason = "",
          .checks = {DocumentRepository::StillAt(*id, document->value("version", int64_t{0}))}};
}

blobs::ExpiryOutcome DocumentService::ExpireObject(const storage::BlobInfo& object,
                                                  bool dry_run) {
  const std::optional<std::string> id = DocumentIdOfKey(object.key);
  if (!id) return blobs::ExpiryOutcome::kNotMine;
  const std::optional<Json> document = repository_->Get(*id);
  if (!document || document->value("objectKey", "") != object.key) {
    return blobs::ExpiryOutcome::kNotMine;
  }
  const std::string lead_id = document->value("leadId", "");
  if (dry_run) {
    try {
      const Json lead = leads_->VisibleLead(lead_id, SystemCaller(), /*include_deleted=*/true);
      return lead.value("legalHold", false) ? blobs::ExpiryOutcome::kHeld
                                            : blobs::ExpiryOutcome::kExpired;
    } catch (const ProblemException&) {
      return blobs::ExpiryOutcome::kNotMine;  // its lead is gone (purged)
    }
  }
  struct Held {};
  leads::LeadService::LinkedChange change{
      .action = "document.expire",
      .entity = "document",
      .entity_id = *id,
      .entry = TimelineEntry(*document, "expired"),
      .changes = {{"status", {{"old", document->value("status", "")}, {"new", "expired"}}}},
      .prepare = [&](const Json& lead) {
        // Checked in the transaction: a hold set a moment ago wins.
        if (lead.value("legalHold", false)) throw Held{};
        std::optional<Json> current = repository_->Get(*id);
        if (!current) throw Superseded{};
        return std::vector<storage::WriteAction>{
            DocumentRepository::Remove(*current),
            jobs_->Enqueue(kDeleteObjectJob, {{"key", object.key}})};
      }};
  try {
    leads_->CommitLinked(lead_id, change, SystemCaller());
    jobs_->NotifyCommitted();
  } catch (const Held&) {
    return blobs::ExpiryOutcome::kHeld;
  } catch (const Superseded&) {
    // Deleted meanwhile: its object is already on its way out.
  } catch (const ProblemException& e) {
    if (e.problem().status != 404) throw;
    return blobs::ExpiryOutcome::kNotMine;  // its lead is gone (purged)
  }
  return blobs::ExpiryOutcome::kExpired;
}

void DocumentService::RegisterJobs(queue::JobDispatcher& dispatcher) {
  dispatcher.Register(kObjectCreatedJob, [this](const queue::Job& job) {
    const std::optional<std::string> id = DocumentIdOfKey(job.payload.value("key", ""));
    if (!id) return;  // not a document's key: nothing to do
    Process(*id, SystemCaller());
  });
  dispatcher.Register(kDeleteObjectJob, [this](const queue::Job& job) {
    blobs_->Delete(kDocumentsBucket, job.payload.value("key", ""));
  });
}

}  // namespace ccrm::documents
