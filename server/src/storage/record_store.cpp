#include "storage/record_store.hpp"

namespace ccrm::storage {

VersionedGet RecordStore::GetUnlessVersion(const std::string& table, const Key& key,
                                           int64_t known_version) {
  VersionedGet result;
  result.item = Get(table, key);
  if (!result.item) return result;
  const auto version = result.item->find("version");
  if (version != result.item->end() && version->is_number_integer() &&
      version->get<int64_t>() == known_version) {
    result.item.reset();
    result.status = VersionedGet::Status::kUnchanged;
  } else {
    result.status = VersionedGet::Status::kChanged;
  }
  return result;
}

WriteAction WriteAction::Put(std::string table, Json item, Condition c) {
  WriteAction a;
  a.kind = Kind::kPut;
  a.table = std::move(table);
  a.item = std::move(item);
  a.condition = c;
  return a;
}

WriteAction WriteAction::Delete(std::string table, Key key, Condition c) {
  WriteAction a;
  a.kind = Kind::kDelete;
  a.table = std::move(table);
  a.key = std::move(key);
  a.condition = c;
  return a;
}

WriteAction WriteAction::Check(std::string table, Key key, Condition c) {
  WriteAction a;
  a.kind = Kind::kCheck;
  a.table = std::move(table);
  a.key = std::move(key);
  a.condition = c;
  return a;
}

}  // namespace ccrm::storage
