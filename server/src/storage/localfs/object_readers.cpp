#include "storage/localfs/object_readers.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <zstd.h>

namespace ccrm::storage::localfs {

void ReadExactly(int fd, char* out, size_t size, uint64_t offset, const std::string& what) {
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd, out + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw StorageError(fmt::format("read {}: {}", what, std::strerror(errno)));
    if (n == 0) throw BlobCorrupt(fmt::format("{} ends early", what));
    done += static_cast<size_t>(n);
  }
}

namespace {

constexpr uint64_t kReadBatchChunks = 16;  // 1 MiB of content per read at the default chunk size

void ReadSealedChunk(int fd, const SealedLayout& layout, ChunkCipher& cipher, uint64_t index,
                     uint64_t plain_size, bool last, std::string& sealed, std::string& plain,
                     const std::string& what) {
  sealed.resize(plain_size + kChunkOverhead);
  ReadExactly(fd, sealed.data(), sealed.size(), layout.ChunkOffset(index), what);
  if (!cipher.Open(index, last, sealed, plain)) {
    plain.clear();
    throw BlobCorrupt(fmt::format("chunk {} of {} fails its integrity check", index, what));
  }
}

// What both readers hold: the open file (closed with the reader), the object, the span asked
// for, the layout and the object's cipher.
class SealedFileReader : public BlobReader {
 public:
  SealedFileReader(int fd, BlobInfo info, ByteRange::Span span, SealedLayout layout,
                   std::unique_ptr<ChunkCipher> cipher)
      : fd_(fd),
        info_(std::move(info)),
        span_(span),
        layout_(layout),
        cipher_(std::move(cipher)),
        what_(fmt::format("object {}/{}", info_.bucket, info_.key)) {}
  ~SealedFileReader() override { ::close(fd_); }
  SealedFileReader(const SealedFileReader&) = delete;
  SealedFileReader& operator=(const SealedFileReader&) = delete;

  const BlobInfo& info() const override { return info_; }
  uint64_t first() const override { return span_.first; }
  uint64_t length() const override { return span_.length; }

 protected:
  const int fd_;
  const BlobInfo info_;
  const ByteRange::Span span_;
  const SealedLayout layout_;
  const std::unique_ptr<ChunkCipher> cipher_;
  const std::string what_;  // "object bucket/key", for messages
};

class LocalFsBlobReader final : public SealedFileReader {
 public:
  LocalFsBlobReader(int fd, BlobInfo info, ByteRange::Span span, SealedLayout layout,
                    std::unique_ptr<ChunkCipher> cipher)
      : SealedFileReader(fd, std::move(info), span, layout, std::move(cipher)),
        next_(span.first),
        last_chunk_(layout.ChunkCount(info_.size) - 1) {}

  // Up to kReadBatchChunks chunks per call, read with one pread and opened straight into
  // `chunk`: fewer, larger pieces for the response stream to carry.
  bool Read(std::string& chunk) override {
    chunk.clear();
    const uint64_t end = span_.first + span_.length;
    if (next_ >= end) return false;
    const uint64_t chunk_size = layout_.chunk_size;
    const uint64_t first = next_ / chunk_size;
    const uint64_t last = std::min((end - 1) / chunk_size, first + kReadBatchChunks - 1);
    auto plain_size = [&](uint64_t index) {
      return index == last_chunk_ ? info_.size - index * chunk_size : chunk_size;
    };
    const uint64_t file_from = layout_.ChunkOffset(first);
    const uint64_t file_to = layout_.ChunkOffset(last) + plain_size(last) + kChunkOverhead;
    sealed_.resize(file_to - file_from);
    ReadExactly(fd_, sealed_.data(), sealed_.size(), file_from, what_);
    chunk.resize((last - first) * chunk_size + plain_size(last));
    size_t in = 0, out = 0;
    for (uint64_t index = first; index <= last; ++index) {
      const size_t size = plain_size(index);
      const std::string_view sealed(sealed_.data() + in, size + kChunkOverhead);
      if (!cipher_->OpenInto(index, index == last_chunk_, sealed, chunk.data() + out)) {
        chunk.clear();
        throw BlobCorrupt(fmt::format("chunk {} of {} fails its integrity check", index, what_));
      }
      in += sealed.size();
      out += size;
    }
    const uint64_t start = first * chunk_size;
    const uint64_t to = std::min(end - start, uint64_t{chunk.size()});
    if (to < chunk.size()) chunk.resize(to);
    if (next_ > start) chunk.erase(0, next_ - start);
    next_ = start + to;
    return true;
  }

 private:
  uint64_t next_;
  uint64_t last_chunk_;
  std::string sealed_;
};

// Reads an object of the cold tier: its sealed chunks hold the zstd-compressed content, so a
// read decompresses from the start and hands out the span asked for (a range costs what lies
// before it: cold reads are for the rare look at an old file).
class ColdBlobReader final : public SealedFileReader {
 public:
  ColdBlobReader(int fd, BlobInfo info, ByteRange::Span span, SealedLayout layout,
                 std::unique_ptr<ChunkCipher> cipher, uint64_t stored_size)
      : SealedFileReader(fd, std::move(info), span, layout, std::move(cipher)),
        stored_size_(stored_size),
        last_chunk_(layout.ChunkCount(stored_size) - 1),
        stream_(ZSTD_createDStream()) {
    if (stream_ == nullptr) throw StorageError("zstd: out of memory");
  }
  ~ColdBlobReader() override { ZSTD_freeDStream(stream_); }

  bool Read(std::string& chunk) override {
    chunk.clear();
    const uint64_t end = span_.first + span_.length;
    while (produced_ < end) {
      if (input_.pos == input_.size) {
        if (next_index_ > last_chunk_) throw BlobCorrupt(what_ + " ends before its content does");
        const uint64_t start = next_index_ * layout_.chunk_size;
        const uint64_t plain_size = next_index_ == last_chunk_ ? stored_size_ - start
                                                               : uint64_t{layout_.chunk_size};
        ReadSealedChunk(fd_, layout_, *cipher_, next_index_, plain_size,
                        next_index_ == last_chunk_, sealed_, compressed_, what_);
        ++next_index_;
        input_ = {compressed_.data(), compressed_.size(), 0};
      }
      output_.resize(ZSTD_DStreamOutSize());
      ZSTD_outBuffer out{output_.data(), output_.size(), 0};
      const size_t rc = ZSTD_decompressStream(stream_, &out, &input_);
      if (ZSTD_isError(rc)) {
        throw BlobCorrupt(fmt::format("{} does not decompress: {}", what_, ZSTD_getErrorName(rc)));
      }
      // This output is content [produced_, produced_ + out.pos): keep what overlaps the span.
      const uint64_t from = std::max(produced_, span_.first);
      const uint64_t to = std::min(produced_ + out.pos, end);
      if (to > from) chunk.append(output_.data() + (from - produced_), to - from);
      produced_ += out.pos;
      if (!chunk.empty()) return true;
    }
    return false;
  }

 private:
  uint64_t stored_size_;
  uint64_t last_chunk_;
  ZSTD_DStream* stream_;
  uint64_t next_index_ = 0;
  uint64_t produced_ = 0;
  std::string sealed_, compressed_, output_;
  ZSTD_inBuffer input_{nullptr, 0, 0};
};

// `plain` zstd-compressed, as a source of its own (level 3: zstd's default, ~300 MB/s a core).
}  // namespace

std::unique_ptr<BlobReader> MakeStandardReader(int fd, BlobInfo info, ByteRange::Span span,
                                               SealedLayout layout,
                                               std::unique_ptr<ChunkCipher> cipher) {
  return std::make_unique<LocalFsBlobReader>(fd, std::move(info), span, layout, std::move(cipher));
}

std::unique_ptr<BlobReader> MakeColdReader(int fd, BlobInfo info, ByteRange::Span span,
                                           SealedLayout layout, std::unique_ptr<ChunkCipher> cipher,
                                           uint64_t stored_size) {
  return std::make_unique<ColdBlobReader>(fd, std::move(info), span, layout, std::move(cipher),
                                          stored_size);
}

ChunkSource ZstdCompressed(ChunkSource plain) {
  struct State {
    ZSTD_CCtx* context = ZSTD_createCCtx();
    ~State() { ZSTD_freeCCtx(context); }
    ChunkSource plain;
    std::string input;
    bool ended = false;
  };
  auto state = std::make_shared<State>();
  if (state->context == nullptr) throw StorageError("zstd: out of memory");
  ZSTD_CCtx_setParameter(state->context, ZSTD_c_compressionLevel, 3);
  state->plain = std::move(plain);
  return [state](std::string& chunk) {
    chunk.clear();
    if (state->ended) return false;
    while (chunk.empty()) {
      const bool more = state->plain(state->input);
      ZSTD_inBuffer in{state->input.data(), state->input.size(), 0};
      const ZSTD_EndDirective mode = more ? ZSTD_e_continue : ZSTD_e_end;
      size_t remaining = 0;
      do {
        const size_t offset = chunk.size();
        chunk.resize(offset + ZSTD_CStreamOutSize());
        ZSTD_outBuffer out{chunk.data() + offset, ZSTD_CStreamOutSize(), 0};
        remaining = ZSTD_compressStream2(state->context, &out, &in, mode);
        if (ZSTD_isError(remaining)) {
          throw StorageError(fmt::format("zstd: {}", ZSTD_getErrorName(remaining)));
        }
        chunk.resize(offset + out.pos);
      } while (in.pos < in.size || (mode == ZSTD_e_end && remaining != 0));
      if (!more) {
        state->ended = true;
        return true;  // the frame's end (never empty)
      }
    }
    return true;
  };
}

}  // namespace ccrm::storage::localfs
