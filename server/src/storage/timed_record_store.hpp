// A RecordStore decorator that times every call and reports it to an observer (the app
// feeds /metrics with it), so backends stay free of metrics code.
#pragma once

#include <chrono>
#include <functional>
#include <string_view>

#include "storage/record_store.hpp"

namespace ccrm::storage {

using StorageObserver = std::function<void(std::string_view operation, std::chrono::nanoseconds)>;

RecordStorePtr MakeTimedRecordStore(RecordStorePtr inner, StorageObserver observer);

}  // namespace ccrm::storage
