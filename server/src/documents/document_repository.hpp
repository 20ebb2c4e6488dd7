// The documents table: one item per document, by id, and by lead (newest first).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/json.hpp"
#include "storage/record_store.hpp"

namespace ccrm::documents {

class DocumentRepository {
 public:
  explicit DocumentRepository(storage::RecordStorePtr records);

  void EnsureTables();
  std::optional<Json> Get(const std::string& id) const;
  // The lead's documents, newest first (at most 1,000: a lead with more is not a lead).
  std::vector<Json> ListByLead(const std::string& lead_id) const;

  // The writes, for a transaction of the caller's: a new item (must not exist), an update
  // (conditional on the version it replaces), a delete (the same).
  static storage::WriteAction Create(const Json& item);
  static storage::WriteAction Update(const Json& item, int64_t previous_version);
  static storage::WriteAction Remove(const Json& item);
  // A check that the item is still at `version` (commits with an upload).
  static storage::WriteAction StillAt(const std::string& id, int64_t version);

 private:
  storage::RecordStorePtr records_;
};

}  // namespace ccrm::documents
