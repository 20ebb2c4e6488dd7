#include "storage/record_store.hpp"

namespace ccrm::storage {

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
