// Every item a query matches, page after page: for maintenance work that walks a whole
// partition (resealing keys, copying files, sweeping), not for request paths.
#pragma once

#include <functional>

#include "storage/record_store.hpp"

namespace ccrm::storage {

// Calls `visit` with each item `request` matches, in its order, reading kMaxQueryLimit at a
// time from request.cursor on. `visit` may write the item back (keys do not move).
void ForEachItem(RecordStore& records, QueryRequest request,
                 const std::function<void(Json& item)>& visit);

}  // namespace ccrm::storage
