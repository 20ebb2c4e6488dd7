#include "storage/query_all.hpp"

namespace ccrm::storage {

void ForEachItem(RecordStore& records, QueryRequest request,
                 const std::function<void(Json& item)>& visit) {
  request.limit = RecordStore::kMaxQueryLimit;
  for (;;) {
    QueryResult page = records.Query(request);
    for (Json& item : page.items) visit(item);
    if (!page.next_cursor || page.next_cursor->empty()) return;
    request.cursor = std::move(*page.next_cursor);
  }
}

}  // namespace ccrm::storage
