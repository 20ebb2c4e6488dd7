#include "documents/document_repository.hpp"

#include "documents/document_model.hpp"

namespace ccrm::documents {

using storage::Condition;
using storage::WriteAction;

DocumentRepository::DocumentRepository(storage::RecordStorePtr records)
    : records_(std::move(records)) {}

void DocumentRepository::EnsureTables() {
  records_->EnsureTable({.name = kDocumentsTable,
                         .partition_key = "id",
                         .sort_key = "",
                         .indexes = {{kByLeadIndex, "leadId", "createdAt"}}});
}

std::optional<Json> DocumentRepository::Get(const std::string& id) const {
  return records_->Get(kDocumentsTable, {id, ""});
}

std::vector<Json> DocumentRepository::ListByLead(const std::string& lead_id) const {
  storage::QueryRequest query{.table = kDocumentsTable, .index = kByLeadIndex, .partition = lead_id};
  query.forward = false;
  query.limit = storage::RecordStore::kMaxQueryLimit;
  return records_->Query(query).items;
}

WriteAction DocumentRepository::Create(const Json& item) {
  return WriteAction::Put(kDocumentsTable, item, Condition::NotExists());
}

WriteAction DocumentRepository::Update(const Json& item, int64_t previous_version) {
  return WriteAction::Put(kDocumentsTable, item, Condition::VersionEquals(previous_version));
}

WriteAction DocumentRepository::Remove(const Json& item) {
  return WriteAction::Delete(kDocumentsTable, {item.at("id").get<std::string>(), ""},
                             Condition::VersionEquals(item.value("version", int64_t{0})));
}

WriteAction DocumentRepository::StillAt(const std::string& id, int64_t version) {
  return WriteAction::Check(kDocumentsTable, {id, ""}, Condition::VersionEquals(version));
}

}  // namespace ccrm::documents
