#include "storage/blob_store.hpp"

#include <fmt/format.h>

#include "common/utf8.hpp"

namespace ccrm::storage {

BlobTooLarge::BlobTooLarge(uint64_t limit)
    : std::runtime_error(fmt::format("The object exceeds {} bytes.", limit)), limit_(limit) {}

BlobIncomplete::BlobIncomplete(uint64_t expected, uint64_t received)
    : std::runtime_error(fmt::format("The object was declared as {} bytes but {} arrived.",
                                     expected, received)),
      expected_(expected),
      received_(received) {}

BlobRangeNotSatisfiable::BlobRangeNotSatisfiable(uint64_t size)
    : std::runtime_error(fmt::format("The range is outside the object's {} bytes.", size)),
      size_(size) {}

ChunkSource ChunkSourceOf(std::string data) {
  auto done = std::make_shared<bool>(false);
  return [data = std::move(data), done](std::string& chunk) {
    chunk.clear();
    if (*done) return false;
    *done = true;
    chunk = data;
    return true;
  };
}

void CheckBlobKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxBlobKeyBytes) {
    throw BlobNameError(fmt::format("An object key is 1 to {} bytes.", kMaxBlobKeyBytes));
  }
  if (key.find('\0') != std::string_view::npos || !DecodeUtf8(key)) {
    throw BlobNameError("An object key is UTF-8 text without NUL.");
  }
}

}  // namespace ccrm::storage
