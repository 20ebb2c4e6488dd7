// The BlobStore contract fixture: one value-parameterized suite every backend must pass.
//
// A backend joins with one line in blob_store_contract_test.cpp:
//   INSTANTIATE_TEST_SUITE_P(S3, BlobStoreContract,
//                            ::testing::Values(BlobStoreBackend{"s3", MakeS3}),
//                            BlobStoreBackendName);
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <ostream>
#include <random>
#include <string>

#include "storage/blob_store.hpp"
#include "storage/record_store.hpp"

namespace ccrm::storage::contract {

struct BlobStoreBackend {
  std::string name;
  // Opens a store with the buckets "documents" and "recordings" whose data (and the record
  // store it commits writes with, returned in `records`) lives under `dir`. Called again with
  // the same `dir` to reopen: the objects must still be there.
  std::function<BlobStorePtr(const std::string& dir, RecordStorePtr& records)> make;
};

inline void PrintTo(const BlobStoreBackend& backend, std::ostream* os) { *os << backend.name; }

inline std::string BlobStoreBackendName(const ::testing::TestParamInfo<BlobStoreBackend>& info) {
  return info.param.name;
}

// Bytes that differ at every offset, so a misplaced range or chunk shows.
inline std::string Pattern(size_t size, unsigned seed = 1) {
  std::string s(size, '\0');
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < size; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    s[i] = static_cast<char>(x & 0xff);
  }
  return s;
}

// A source that yields `data` in pieces of `piece` bytes.
inline ChunkSource Pieces(const std::string& data, size_t piece = 10000) {
  auto at = std::make_shared<size_t>(0);
  return [&data, piece, at](std::string& chunk) {
    chunk.clear();
    if (*at >= data.size()) return false;
    chunk = data.substr(*at, piece);
    *at += chunk.size();
    return true;
  };
}

// Everything a reader yields.
inline std::string ReadAll(BlobReader& reader) {
  std::string all, chunk;
  while (reader.Read(chunk)) all += chunk;
  return all;
}

class BlobStoreContract : public ::testing::TestWithParam<BlobStoreBackend> {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = (std::filesystem::temp_directory_path() /
            ("ccrm-blob-contract-" + std::to_string(rd()) + std::to_string(rd())))
               .string();
    std::filesystem::create_directories(dir_);
    store_ = GetParam().make(dir_, records_);
  }

  void TearDown() override {
    store_.reset();
    records_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void Reopen() {
    store_.reset();
    records_.reset();
    store_ = GetParam().make(dir_, records_);
  }

  BlobInfo PutString(const std::string& key, const std::string& data,
                     const std::string& bucket = "documents") {
    PutBlobOptions options;
    options.content_type = "application/pdf";
    return store_->Put(bucket, key, Pieces(data), options);
  }

  std::string GetString(const std::string& key, const std::optional<ByteRange>& range = {},
                        const std::string& bucket = "documents") {
    auto reader = store_->Get(bucket, key, range);
    if (!reader) return "<missing>";
    return ReadAll(*reader);
  }

  std::string dir_;
  BlobStorePtr store_;
  RecordStorePtr records_;
};

}  // namespace ccrm::storage::contract
