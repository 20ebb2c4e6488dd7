#include "calls/call_repository.hpp"

#include "calls/call_model.hpp"

namespace ccrm::calls {
namespace {

// The index attributes every stored call carries.
Json& Indexed(Json& item) {
  item["listKind"] = "call";
  item["startedKey"] = StartedKey(item);
  return item;
}

}  // namespace

CallRepository::CallRepository(storage::RecordStorePtr records) : records_(std::move(records)) {}

void CallRepository::EnsureTables() {
  records_->EnsureTable({.name = kCallsTable,
                         .partition_key = "id",
                         .sort_key = "",
                         .indexes = {{kByLeadIndex, "leadId", "startedKey"},
                                     {kByStartedIndex, "listKind", "startedKey"}}});
  records_->EnsureTable({.name = kContactsTable, .partition_key = "contactId"});
  records_->EnsureTable({.name = kTranscriptsTable, .partition_key = "callId"});
  records_->EnsureTable({.name = kDeliveriesTable, .partition_key = "requestId"});
}

std::optional<Json> CallRepository::Transcript(const std::string& call_id) const {
  std::optional<Json> item = records_->Get(kTranscriptsTable, {call_id, ""});
  if (item) item->erase("callId");
  return item;
}

storage::WriteAction CallRepository::PutTranscript(const std::string& call_id, Json transcript) {
  transcript["callId"] = call_id;
  return storage::WriteAction::Put(kTranscriptsTable, std::move(transcript));
}

storage::WriteAction CallRepository::RemoveTranscript(const std::string& call_id) {
  return storage::WriteAction::Delete(kTranscriptsTable, {call_id, ""});
}

bool CallRepository::DeliveryTaken(const std::string& request_id) const {
  return records_->Get(kDeliveriesTable, {request_id, ""}).has_value();
}

void CallRepository::TakeDelivery(const std::string& request_id, const std::string& at) {
  records_->Put(kDeliveriesTable, {{"requestId", request_id}, {"takenAt", at}});
}

std::optional<std::string> CallRepository::CallOfContact(const std::string& contact_id) const {
  const std::optional<Json> item = records_->Get(kContactsTable, {contact_id, ""});
  if (!item) return std::nullopt;
  return item->value("callId", "");
}

storage::WriteAction CallRepository::ClaimContact(const std::string& contact_id,
                                                  const std::string& call_id) {
  return storage::WriteAction::Put(kContactsTable, {{"contactId", contact_id}, {"callId", call_id}},
                                   storage::Condition::NotExists());
}

std::optional<Json> CallRepository::Get(const std::string& id) const {
  if (id.empty()) return std::nullopt;
  return records_->Get(kCallsTable, {id, ""});
}

std::vector<Json> CallRepository::ListByLead(const std::string& lead_id) const {
  storage::QueryRequest query{.table = kCallsTable, .index = kByLeadIndex, .partition = lead_id};
  query.forward = false;
  query.limit = storage::RecordStore::kMaxQueryLimit;
  return records_->Query(query).items;
}

storage::QueryResult CallRepository::ListStarted(const std::string& to_key, const std::string& from,
                                                 const std::string& cursor, int limit) const {
  storage::QueryRequest query{.table = kCallsTable, .index = kByStartedIndex, .partition = "call"};
  query.forward = false;
  query.limit = limit;
  query.cursor = cursor;
  // "~" sorts after every id character: a bound on the time alone.
  if (!from.empty() && !to_key.empty()) {
    query.sort = {.op = storage::SortKeyCondition::Op::kBetween, .value = from, .value2 = to_key};
  } else if (!from.empty()) {
    query.sort = {.op = storage::SortKeyCondition::Op::kGe, .value = from};
  } else if (!to_key.empty()) {
    query.sort = {.op = storage::SortKeyCondition::Op::kLe, .value = to_key};
  }
  return records_->Query(query);
}

storage::WriteAction CallRepository::Create(Json item) {
  return storage::WriteAction::Put(kCallsTable, Indexed(item), storage::Condition::NotExists());
}

storage::WriteAction CallRepository::Update(Json item, int64_t previous_version) {
  return storage::WriteAction::Put(kCallsTable, Indexed(item),
                                   storage::Condition::VersionEquals(previous_version));
}

}  // namespace ccrm::calls
