// Reading the localfs store's object files: the standard tier's (chunks opened as they are
// read, ranges touching only their chunks) and the cold tier's (zstd-compressed before it was
// sealed: decompressed from the start), and the compressor the cold tier is written with.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "storage/blob_store.hpp"
#include "storage/byte_range.hpp"
#include "storage/localfs/sealed_object.hpp"

namespace ccrm::storage::localfs {

// pread until `size` bytes are in `out`; BlobCorrupt when the file ends first, StorageError on
// an I/O error. `what` names the object in messages.
void ReadExactly(int fd, char* out, size_t size, uint64_t offset, const std::string& what);

// Readers of an open object file `fd` (they close it), whose header was checked: `span` of the
// content of `info`; any chunk failing its tag is BlobCorrupt, never wrong bytes.
std::unique_ptr<BlobReader> MakeStandardReader(int fd, BlobInfo info, ByteRange::Span span,
                                               SealedLayout layout,
                                               std::unique_ptr<ChunkCipher> cipher);
// `stored_size`: the compressed length the chunks hold.
std::unique_ptr<BlobReader> MakeColdReader(int fd, BlobInfo info, ByteRange::Span span,
                                           SealedLayout layout, std::unique_ptr<ChunkCipher> cipher,
                                           uint64_t stored_size);

// `plain` zstd-compressed, as a source of its own.
ChunkSource ZstdCompressed(ChunkSource plain);

}  // namespace ccrm::storage::localfs
