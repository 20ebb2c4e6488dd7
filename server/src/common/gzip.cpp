#include "common/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <vector>

namespace ccrm {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // 15: the largest window; +16: gzip framing only
constexpr size_t kStep = 64 * 1024;

struct InflateEnd {
  void operator()(z_stream* stream) const { inflateEnd(stream); }
};

}  // namespace

std::optional<std::string> Gunzip(std::string_view compressed, size_t max_bytes,
                                  GunzipError& error) {
  error = GunzipError::kNone;
  z_stream stream{};
  if (inflateInit2(&stream, kGzipWindowBits) != Z_OK) throw std::bad_alloc();
  const std::unique_ptr<z_stream, InflateEnd> end(&stream);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  if (compressed.size() > stream.avail_in) {  // over 4 GiB: no body of ours is
    error = GunzipError::kTooLarge;
    return std::nullopt;
  }
  std::string out;
  char buffer[kStep];
  for (;;) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = static_cast<uInt>(sizeof buffer);
    const int status = inflate(&stream, Z_NO_FLUSH);
    const size_t produced = sizeof buffer - stream.avail_out;
    if (produced > max_bytes - std::min(out.size(), max_bytes)) {
      error = GunzipError::kTooLarge;
      return std::nullopt;
    }
    out.append(buffer, produced);
    if (status == Z_STREAM_END) {
      if (stream.avail_in == 0) break;
      // Another member follows (concatenated gzip files are one stream to gunzip).
      if (inflateReset(&stream) != Z_OK) throw std::bad_alloc();
      continue;
    }
    if (status == Z_MEM_ERROR) throw std::bad_alloc();
    // Z_BUF_ERROR with input left cannot happen (the output had room); without: ended early.
    if (status != Z_OK) {
      error = GunzipError::kCorrupt;
      return std::nullopt;
    }
  }
  if (out.size() > max_bytes) {
    error = GunzipError::kTooLarge;
    return std::nullopt;
  }
  return out;
}

std::string Gzip(std::string_view bytes) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::bad_alloc();
  }
  std::vector<unsigned char> out(deflateBound(&stream, static_cast<uLong>(bytes.size())) + 32);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = out.data();
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&stream, Z_FINISH);
  const size_t produced = stream.total_out;
  deflateEnd(&stream);
  if (status != Z_STREAM_END) throw std::runtime_error("gzip: deflate did not finish");
  return std::string(reinterpret_cast<const char*>(out.data()), produced);
}

}  // namespace ccrm
