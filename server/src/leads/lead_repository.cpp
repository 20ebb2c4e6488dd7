#include "leads/lead_repository.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_set>

#include "common/ids.hpp"
#include "common/phone_number.hpp"
#include "common/utf8.hpp"
#include "leads/lead_data_migrations.hpp"
#include "leads/lead_tables.hpp"

namespace ccrm::leads {
namespace {

using storage::Condition;
using storage::WriteAction;

bool IsLive(const Json& lead) { return !lead.contains("deletedAt"); }

// The deadline rows a lead should have: its open deadlines while it is live.
std::map<std::string, Json> DeadlineRowsOf(const Json& lead) {
  std::map<std::string, Json> rows;
  if (!IsLive(lead)) return rows;
  const auto deadlines = lead.find("deadlines");
  if (deadlines == lead.end() || !deadlines->is_array()) return rows;
  for (const Json& d : *deadlines) {
    if (d.contains("doneAt") && !d["doneAt"].is_null()) continue;
    Json row = {{"id", d.value("id", "")},
                {"leadId", lead.value("id", "")},
                {"kind", d.value("kind", "")},
                {"dueAt", d.value("dueAt", "")},
                {"_open", "1"}};
    if (d.contains("note")) row["note"] = d["note"];
    if (const auto a = lead.find("assignedTo"); a != lead.end() && a->is_string()) {
      row["_assignee"] = *a;
    }
    rows.emplace(row["id"].get<std::string>(), std::move(row));
  }
  return rows;
}

std::set<std::string> LiveContactKeys(const Json& lead) {
  if (!IsLive(lead)) return {};
  const auto keys = ContactKeysOf(lead);
  return {keys.begin(), keys.end()};
}

void AddText(std::map<std::string, std::string>& text, const std::string& field,
             const std::string& value) {
  if (value.empty()) return;
  std::string& slot = text[field];
  if (!slot.empty()) slot += ' ';
  slot += value;
}

std::string StringAt(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "+15552010100" -> "15552010100 5552010100 555 201 0100", plus the digit groups as entered.
std::string PhoneTokens(const Json& phone) {
  std::string out;
  const std::string e164 = StringAt(phone, "e164");
  const std::string digits = PhoneDigits(e164);
  if (!digits.empty()) out += digits;
  if (digits.size() == 11 && digits[0] == '1') {  // NANP: national number and its 3-3-4 groups
    const std::string national = digits.substr(1);
    out += ' ' + national + ' ' + national.substr(0, 3) + ' ' + national.substr(3, 3) + ' ' +
           national.substr(6);
  }
  // The groups as the person typed them ("020 7946 0958"), unless already there: a token
  // repeated in a document finds nothing more and costs the index a position in each of its
  // prefix indexes.
  std::string group;
  const auto has_token = [&](const std::string& token) {
    for (size_t at = out.find(token); at != std::string::npos; at = out.find(token, at + 1)) {
      const size_t end = at + token.size();
      if ((at == 0 || out[at - 1] == ' ') && (end == out.size() || out[end] == ' ')) return true;
    }
    return false;
  };
  for (const char c : StringAt(phone, "number") + ' ') {
    if (c >= '0' && c <= '9') {
      group += c;
    } else if (!group.empty()) {
      if (!has_token(group)) out += ' ' + group;
      group.clear();
    }
  }
  return out;
}

}  // namespace

LeadSearchEntry LeadSearchEntryOf(const Json& lead) {
  LeadSearchEntry entry{.id = lead.at("id").get<std::string>(),
                        .version = lead.value("version", int64_t{0}),
                        .document = std::nullopt};
  if (IsLive(lead)) entry.document = LeadSearchDocument(lead);
  return entry;
}

storage::SearchDocument LeadSearchDocument(const Json& lead) {
  storage::SearchDocument doc;
  doc.id = StringAt(lead, "id");
  AddText(doc.text, "name", StringAt(lead, "firstName"));
  AddText(doc.text, "name", StringAt(lead, "lastName"));
  AddText(doc.text, "email", StringAt(lead, "email"));
  if (const auto phones = lead.find("phones"); phones != lead.end() && phones->is_array()) {
    for (const Json& phone : *phones) AddText(doc.text, "phone", PhoneTokens(phone));
  }
  if (const auto a = lead.find("address"); a != lead.end() && a->is_object()) {
    for (const char* key : {"line1", "line2", "city", "state", "postalCode"}) {
      AddText(doc.text, "address", StringAt(*a, key));
    }
  }
  if (const auto c = lead.find("claim"); c != lead.end() && c->is_object()) {
    AddText(doc.text, "claim", StringAt(*c, "carrier"));
    AddText(doc.text, "claim", StringAt(*c, "claimNumber"));
    AddText(doc.text, "claim", StringAt(*c, "policyNumber"));
    doc.filters["lossType"] = StringAt(*c, "lossType");
  } else {
    doc.filters["lossType"] = "";
  }
  doc.filters["status"] = StringAt(lead, "status");
  doc.filters["assignedTo"] = StringAt(lead, "assignedTo");
  if (const auto tags = lead.find("tags"); tags != lead.end() && tags->is_array()) {
    for (const Json& tag : *tags) {
      // Lower-cased: tags are unique regardless of case, and the tag filter ignores it.
      if (tag.is_string()) doc.tags.push_back(AsciiLower(tag.get<std::string>()));
    }
  }
  return doc;
}

LeadRepository::LeadRepository(storage::RecordStorePtr records, storage::SearchIndexPtr search,
                               std::shared_ptr<audit::AuditLog> audit,
                               std::shared_ptr<queue::JobQueue> jobs, ClockPtr clock)
    : outbox_(std::move(jobs)),
      records_(std::move(records)),
      search_(std::move(search)),
      audit_(std::move(audit)),
      clock_(std::move(clock)) {
  if (!records_ || !search_ || !audit_ || !clock_) {
    throw std::invalid_argument("LeadRepository: records, search, audit and clock are required");
  }
}

void LeadRepository::EnsureTables() {
  for (const auto& schema : LeadTableSchemas()) records_->EnsureTable(schema);
  MigrateStoredLeads(*records_, [](const std::string& done) {
    spdlog::info("migrating stored leads: {}", done);
  });
  search_->EnsureCollection(
      kLeadSearchCollection,
      {{"name", 10.0}, {"email", 6.0}, {"phone", 6.0}, {"claim", 4.0}, {"address", 2.0}},
      {"status", "assignedTo", "lossType"});
  ReplayLegacyOutbox();
}

void LeadRepository::RegisterSearchJobs(queue::JobDispatcher& dispatcher) {
  dispatcher.Register(kSearchIndexJob, [this](const queue::Job& job) { RunSearchJob(job); });
}

void LeadRepository::RunSearchJob(const queue::Job& job) {
  if (outbox_.ForgetDone(job.id)) return;  // indexed here at commit; only the row was left
  IndexStoredLeads(LeadSearchOutbox::LeadIdsOf(job.payload));
}

void LeadRepository::IndexStoredLeads(const std::vector<std::string>& ids) {
  std::vector<Json> leads;
  for (const std::string& id : ids) {
    if (auto lead = Get(id)) {
      leads.push_back(std::move(*lead));
    } else {
      search_->Remove(kLeadSearchCollection, id);
    }
  }
  IndexLeads(leads);
}

std::optional<Json> LeadRepository::Get(const std::string& id) const {
  auto item = records_->Get(kLeadsTable, {id, ""});
  if (!item) return std::nullopt;
  return LeadFromItem(std::move(*item));
}

LeadSnapshotPtr LeadRepository::Snapshot(const std::string& id) const {
  const storage::Key key{id, ""};
  // Read before the store is: while the store's mark stays this one, nothing was committed
  // since, so what the read finds stays current (a GET of a kept lead then costs no read).
  const std::optional<storage::CommitMark> mark = records_->CurrentCommitMark();
  std::optional<Json> item;
  std::optional<storage::CommitMark> checked_at;
  if (LeadSnapshotPtr cached = snapshots_.Find(id, &checked_at)) {
    if (mark && checked_at == mark) return cached;
    auto got = records_->GetUnlessVersion(kLeadsTable, key, cached->version);
    switch (got.status) {
      case storage::VersionedGet::Status::kUnchanged:
        if (mark) snapshots_.Keep(id, cached, mark);
        return cached;
      case storage::VersionedGet::Status::kMissing:
        snapshots_.Forget(id);
        return nullptr;
      case storage::VersionedGet::Status::kChanged:
        item = std::move(got.item);
        break;
    }
  } else {
    item = records_->Get(kLeadsTable, key);
    if (!item) return nullptr;
  }
  LeadSnapshotPtr snapshot = MakeLeadSnapshot(LeadFromItem(std::move(*item)));
  snapshots_.Keep(id, snapshot, mark);
  return snapshot;
}

int LeadRepository::ActionsFor(const LeadChange& change) {
  int count = 1 + static_cast<int>(change.activity.size() + change.with.size());
  const Json empty = Json::object();
  const Json& before = change.before ? *change.before : empty;
  std::set<std::string> keys = LiveContactKeys(before);
  for (const auto& key : LiveContactKeys(change.after)) keys.insert(key);
  count += static_cast<int>(keys.size());  // an upper bound: unchanged keys need nothing
  auto rows = DeadlineRowsOf(before);
  for (auto& [id, row] : DeadlineRowsOf(change.after)) rows.emplace(id, row);
  count += static_cast<int>(rows.size());
  return count;
}

void LeadRepository::AddActions(const LeadChange& change, const std::string& actor,
                                const std::string& now,
                                std::vector<storage::WriteAction>& actions) const {
  const Json& after = change.after;
  const std::string lead_id = after.at("id").get<std::string>();
  const int64_t old_version = change.before ? change.before->value("version", int64_t{0}) : 0;
  // Every write moves the version on: the ETag, If-Match and the snapshot cache rely on it.
  if (after.value("version", int64_t{0}) != old_version + 1) {
    throw std::logic_error("LeadRepository: a change must advance the lead's version by one");
  }
  const Condition condition =
      change.before ? Condition::VersionEquals(old_version) : Condition::NotExists();
  actions.push_back(WriteAction::Put(kLeadsTable, LeadToItem(after), condition));

  const Json empty = Json::object();
  const Json& before = change.before ? *change.before : empty;
  const auto old_keys = LiveContactKeys(before);
  const auto new_keys = LiveContactKeys(after);
  for (const auto& key : old_keys) {
    if (!new_keys.contains(key)) {
      actions.push_back(WriteAction::Delete(kContactsTable, {key, lead_id}));
    }
  }
  for (const auto& key : new_keys) {
    if (!old_keys.contains(key)) {
      actions.push_back(WriteAction::Put(kContactsTable, {{"key", key}, {"leadId", lead_id}}));
    }
  }

  const auto old_rows = DeadlineRowsOf(before);
  const auto new_rows = DeadlineRowsOf(after);
  for (const auto& [id, row] : old_rows) {
    if (!new_rows.contains(id)) actions.push_back(WriteAction::Delete(kDeadlinesTable, {id, ""}));
  }
  for (const auto& [id, row] : new_rows) {
    const auto old = old_rows.find(id);
    if (old == old_rows.end() || old->second != row) {
      actions.push_back(WriteAction::Put(kDeadlinesTable, row));
    }
  }

  for (const Json& entry : change.activity) {
    Json item = entry;
    item["leadId"] = lead_id;
    if (!item.contains("id")) item["id"] = NewId("act");
    if (!item.contains("at")) item["at"] = now;
    item["actor"] = actor;
    actions.push_back(WriteAction::Put(kActivityTable, std::move(item)));
  }
  actions.insert(actions.end(), change.with.begin(), change.with.end());
}

void LeadRepository::Audit(const audit::AuditEvent& event) {
  if (!audit_->Append(event).committed) {
    throw storage::StorageError("audit: the record of " + event.action + " was not written");
  }
}

bool LeadRepository::Commit(const std::vector<LeadChange>& changes,
                            const audit::AuditEvent& event) {
  std::optional<std::string> outbox_id = CommitUnindexed(changes, event);
  if (!outbox_id) return false;
  CommittedLeads committed{.outbox_id = std::move(*outbox_id), .entries = {}};
  for (const LeadChange& change : changes) {
    committed.entries.push_back(LeadSearchEntryOf(change.after));
  }
  IndexCommitted({std::move(committed)});
  return true;
}

std::optional<std::string> LeadRepository::CommitUnindexed(const std::vector<LeadChange>& changes,
                                                           const audit::AuditEvent& event) {
  if (changes.empty()) return std::string();
  const std::string now = FormatRfc3339Millis(clock_->Now());
  std::vector<storage::WriteAction> actions;
  std::vector<size_t> lead_action;  // index of each change's lead Put
  Json outbox_ids = Json::array();
  for (const LeadChange& change : changes) {
    lead_action.push_back(actions.size());
    AddActions(change, event.actor, now, actions);
    outbox_ids.push_back(change.after.at("id"));
  }
  std::string outbox_id;
  actions.push_back(outbox_.EnqueueFor(std::move(outbox_ids), &outbox_id));
  const auto max_actions = static_cast<size_t>(audit_->MaxCallerActions());
  if (actions.size() > max_actions) {
    throw std::invalid_argument("LeadRepository: " + std::to_string(actions.size()) +
                                " actions do not fit one transaction");
  }
  // Outbox jobs of earlier commits, done with.
  std::vector<std::string> deleting = outbox_.TakeDone(actions, max_actions);
  const auto give_back = [&] { outbox_.GiveBack(std::move(deleting)); };
  storage::TransactResult result;
  try {
    result = audit_->Append(event, std::move(actions));
  } catch (...) {
    give_back();
    write_generation_.fetch_add(1, std::memory_order_acq_rel);  // it may have committed
    throw;
  }
  write_generation_.fetch_add(1, std::memory_order_acq_rel);
  if (!result.committed) {
    give_back();
    return std::nullopt;
  }
  return outbox_id;
}

void LeadRepository::IndexCommitted(std::vector<CommittedLeads> batches) noexcept {
  try {
    std::vector<LeadSearchEntry> entries;
    for (CommittedLeads& batch : batches) {
      for (LeadSearchEntry& entry : batch.entries) entries.push_back(std::move(entry));
    }
    IndexEntries(std::move(entries), StoredCheck::kCheck);
    // Their jobs go with the next commit's transaction instead of costing one of their own.
    std::vector<std::string> done;
    for (CommittedLeads& batch : batches) done.push_back(std::move(batch.outbox_id));
    outbox_.MarkDone(std::move(done));
  } catch (const std::exception& e) {
    // The outbox jobs stay; the queue indexes these leads once they are due.
    spdlog::warn("search index update failed ({}); left to the outbox's jobs", e.what());
  }
}

void LeadRepository::IndexLeads(const std::vector<Json>& leads) {
  std::vector<LeadSearchEntry> entries;
  entries.reserve(leads.size());
  for (const Json& lead : leads) entries.push_back(LeadSearchEntryOf(lead));
  IndexEntries(std::move(entries), StoredCheck::kSkip);  // just read from the store
}

// One indexed read of an integer: an entry whose lead has moved on (or is gone) is made again
// from the stored lead; the id stays as it is (IndexEntries' `seen` views it).
void LeadRepository::RefreshFromStore(LeadSearchEntry& entry) const {
  storage::VersionedGet stored =
      records_->GetUnlessVersion(kLeadsTable, {entry.id, ""}, entry.version);
  if (stored.status == storage::VersionedGet::Status::kChanged) {
    LeadSearchEntry fresh = LeadSearchEntryOf(LeadFromItem(std::move(*stored.item)));
    entry.version = fresh.version;
    entry.document = std::move(fresh.document);
  } else if (stored.status == storage::VersionedGet::Status::kMissing) {
    entry.document.reset();
  }
}

void LeadRepository::IndexEntries(std::vector<LeadSearchEntry> entries, StoredCheck check) {
  // Only a lead's last entry counts when several commits are indexed together.
  std::unordered_set<std::string_view> seen;
  std::vector<storage::SearchDocument> docs;
  docs.reserve(entries.size());
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    if (!seen.insert(it->id).second) continue;
    if (check == StoredCheck::kCheck) RefreshFromStore(*it);
    if (it->document) {
      docs.push_back(std::move(*it->document));
    } else {
      search_->Remove(kLeadSearchCollection, it->id);
    }
  }
  if (!docs.empty()) search_->UpsertBatch(kLeadSearchCollection, docs);
}

void LeadRepository::ReplayLegacyOutbox() {
  storage::QueryRequest request;
  request.table = kSearchOutboxTable;
  request.partition = kOutboxStream;
  request.limit = 100;
  size_t replayed = 0;
  for (;;) {
    // Always the first page: every row read is deleted before the next query.
    const storage::QueryResult page = records_->Query(request);
    if (page.items.empty()) break;
    for (const Json& row : page.items) {
      const std::vector<std::string> ids = LeadSearchOutbox::LeadIdsOf(row);
      IndexStoredLeads(ids);
      records_->Delete(kSearchOutboxTable, {kOutboxStream, row.value("id", "")});
      replayed += ids.size();
    }
  }
  if (replayed > 0) spdlog::info("search index: {} leads re-indexed from the old outbox", replayed);
}

LeadRepository::ReindexReport LeadRepository::ReindexAll() {
  ReindexReport report;
  std::unordered_set<std::string> live;
  storage::QueryRequest request;
  request.table = kLeadsTable;
  request.index = "byLiveCreated";  // sparse: exactly the live leads
  request.partition = "1";
  request.limit = 500;
  for (;;) {
    storage::QueryResult page = records_->Query(request);
    std::vector<Json> leads;
    leads.reserve(page.items.size());
    for (Json& item : page.items) {
      Json lead = LeadFromItem(std::move(item));
      live.insert(lead.value("id", ""));
      leads.push_back(std::move(lead));
    }
    IndexLeads(leads);
    report.indexed += static_cast<int64_t>(leads.size());
    if (!page.next_cursor) break;
    request.cursor = *page.next_cursor;
  }
  // Then what the index holds beyond them (listed first, removed after: the listing's cursor
  // stays valid only while nothing is removed under it).
  storage::SearchQuery listing;
  listing.collection = kLeadSearchCollection;
  listing.limit = 200;
  std::vector<std::string> stale;
  for (;;) {
    const storage::SearchResult result = search_->Search(listing);
    for (const storage::SearchHit& hit : result.hits) {
      if (!live.contains(hit.id)) stale.push_back(hit.id);
    }
    if (!result.next_cursor) break;
    listing.cursor = *result.next_cursor;
  }
  for (const std::string& id : stale) search_->Remove(kLeadSearchCollection, id);
  report.removed = static_cast<int64_t>(stale.size());
  return report;
}

std::vector<std::string> LeadRepository::LeadIdsByContact(const std::string& key, int limit) const {
  storage::QueryRequest request;
  request.table = kContactsTable;
  request.partition = key;
  request.limit = std::clamp(limit, 1, storage::RecordStore::kMaxQueryLimit);
  std::vector<std::string> ids;
  for (const Json& item : records_->Query(request).items) {
    ids.push_back(item.value("leadId", ""));
  }
  return ids;
}

storage::QueryResult LeadRepository::Query(const storage::QueryRequest& request) const {
  return records_->Query(request);
}

int64_t LeadRepository::Count(const storage::QueryRequest& request) const {
  return records_->Count(request);
}

}  // namespace ccrm::leads
