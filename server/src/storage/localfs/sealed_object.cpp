#include "storage/localfs/sealed_object.hpp"

#include <openssl/crypto.h>

#include <stdexcept>

#include "crypto/aead.hpp"

namespace ccrm::storage::localfs {
namespace {

void AppendBigEndian(std::string& out, uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

}  // namespace

uint64_t SealedLayout::ChunkCount(uint64_t size) const {
  return size == 0 ? 1 : (size + chunk_size - 1) / chunk_size;
}

uint64_t SealedLayout::FileSize(uint64_t size) const {
  return kSealedHeaderSize + ChunkCount(size) * kChunkOverhead + size;
}

uint64_t SealedLayout::ChunkOffset(uint64_t index) const {
  return kSealedHeaderSize + index * (uint64_t{chunk_size} + kChunkOverhead);
}

std::string SealedHeader(uint32_t chunk_size, std::string_view object_id) {
  if (object_id.size() != kObjectIdSize) throw std::invalid_argument("object id is 16 bytes");
  std::string header(kSealedMagic);
  AppendBigEndian(header, chunk_size, 4);
  header.append(object_id);
  return header;
}

std::optional<uint32_t> ReadSealedHeader(std::string_view header, std::string_view object_id) {
  if (header.size() != kSealedHeaderSize || header.substr(0, 8) != kSealedMagic ||
      header.substr(12) != object_id) {
    return std::nullopt;
  }
  uint32_t chunk_size = 0;
  for (size_t i = 8; i < 12; ++i) chunk_size = (chunk_size << 8) | static_cast<unsigned char>(header[i]);
  if (chunk_size == 0 || chunk_size > 16 * 1024 * 1024) return std::nullopt;
  return chunk_size;
}

ChunkCipher::ChunkCipher(std::string data_key, std::string object_id) : key_(data_key) {
  OPENSSL_cleanse(data_key.data(), data_key.size());
  aad_ = std::move(object_id);
  aad_.resize(aad_.size() + 9);
}

void ChunkCipher::SetAssociatedData(uint64_t index, bool last) {
  char* tail = aad_.data() + aad_.size() - 9;
  for (int i = 7; i >= 0; --i) {
    tail[i] = static_cast<char>(index & 0xff);
    index >>= 8;
  }
  tail[8] = last ? '\1' : '\0';
}

void ChunkCipher::Seal(uint64_t index, bool last, std::string_view plain, std::string& out) {
  SetAssociatedData(index, last);
  key_.SealAppend(plain, aad_, out);
}

bool ChunkCipher::OpenInto(uint64_t index, bool last, std::string_view sealed, char* plain) {
  SetAssociatedData(index, last);
  return key_.OpenInto(sealed, aad_, plain);
}

bool ChunkCipher::Open(uint64_t index, bool last, std::string_view sealed, std::string& plain) {
  if (sealed.size() < kChunkOverhead) return false;
  plain.resize(sealed.size() - kChunkOverhead);
  if (OpenInto(index, last, sealed, plain.data())) return true;
  plain.clear();
  return false;
}

}  // namespace ccrm::storage::localfs
