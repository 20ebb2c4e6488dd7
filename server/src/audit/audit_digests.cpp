#include "audit/audit_digests.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <vector>

#include "audit/audit_record.hpp"
#include "common/durable_file.hpp"
#include "crypto/digest.hpp"
#include "crypto/random.hpp"

namespace ccrm::audit {
namespace {

namespace fs = std::filesystem;

// Where the last claimed digest ended, beside the chain head in audit_head.
constexpr const char* kDigestState = "digest";
constexpr const char* kFilePrefix = "ccrm-audit-digest-";

std::optional<std::string> ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// 2026-12-07T08:00:00.123Z → 20261207T080000Z, for file names that sort by time.
std::string CompactTime(const std::string& rfc3339) {
  std::string out;
  for (char c : rfc3339.substr(0, 19)) {
    if (c != '-' && c != ':') out += c;
  }
  return out + "Z";
}

std::optional<std::string> StringOf(const Json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<int64_t> IntegerOf(const Json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

}  // namespace

std::string PublicKeyFingerprint(const crypto::RsaKey& key) {
  return crypto::Sha256Hex(key.PublicDer());
}

AuditDigests::AuditDigests(storage::RecordStorePtr records, ClockPtr clock,
                           crypto::RsaKey signing_key, fs::path dir)
    : records_(std::move(records)),
      clock_(std::move(clock)),
      signing_key_(std::move(signing_key)),
      dir_(std::move(dir)) {
  if (!records_ || !clock_) throw std::invalid_argument("AuditDigests: records and clock required");
  if (!signing_key_.HasPrivate()) {
    throw std::invalid_argument("AuditDigests: the signing key needs its private part");
  }
  fs::create_directories(dir_);
  key_fingerprint_ = PublicKeyFingerprint(signing_key_);
}

std::string AuditDigests::PublishPublicKey() {
  const fs::path file = dir_ / kDigestPublicKeyFile;
  const std::string pem = signing_key_.PublicPem();
  if (ReadWholeFile(file) != pem) WriteFileDurably(file, pem, 0644);
  return key_fingerprint_;
}

std::optional<fs::path> AuditDigests::WriteDigest() {
  const auto head = records_->Get(kHeadTable, {kStream, ""});
  if (!head) return std::nullopt;
  const int64_t head_seq = head->value("seq", int64_t{0});
  const auto state = records_->Get(kHeadTable, {kDigestState, ""});
  const int64_t version = state ? state->value("version", int64_t{0}) : 0;
  const int64_t start = (state ? state->value("endSeq", int64_t{0}) : 0) + 1;
  if (head_seq < start) return std::nullopt;

  const auto first = records_->Get(kAuditTable, {kStream, PadSeq(start)});
  const auto last = records_->Get(kAuditTable, {kStream, PadSeq(head_seq)});
  if (!first || !last) {
    throw storage::StorageError("audit digest: records " + std::to_string(start) + ".." +
                                std::to_string(head_seq) + " are not all there");
  }
  const std::string now = FormatRfc3339Millis(clock_->Now());
  Json digest = {
      {"format", kDigestFormat},
      {"stream", kStream},
      {"startSeq", start},
      {"endSeq", head_seq},
      {"recordCount", head_seq - start + 1},
      {"startAt", first->value("at", std::string())},
      {"endAt", last->value("at", std::string())},
      {"endHash", last->value("hash", std::string())},
      {"digestAt", now},
      {"previousDigest", state ? Json(state->value("file", std::string())) : Json(nullptr)},
      {"previousDigestSha256",
       state ? Json(state->value("sha256", std::string())) : Json(nullptr)},
      {"publicKeySha256", key_fingerprint_},
      {"signatureAlgorithm", kDigestSignatureAlgorithm},
  };
  const std::string bytes = digest.dump(2) + "\n";
  // A random tail: two writers racing for one range must never share a file, since the loser
  // removes its own.
  const std::string name = std::string(kFilePrefix) + PadSeq(head_seq) + "-" + CompactTime(now) +
                           "-" + crypto::HexEncode(crypto::RandomBytes(4)) + ".json";
  const fs::path file = dir_ / name;
  const fs::path signature = dir_ / (name + ".sig");
  // The signature first: a crash between the two leaves a stray .sig, which nothing reads,
  // rather than a digest without one.
  WriteFileDurably(signature, signing_key_.SignRs256(bytes), 0644);
  WriteFileDurably(file, bytes, 0644);

  const Json claim = {{"stream", kDigestState},
                      {"endSeq", head_seq},
                      {"file", name},
                      {"sha256", crypto::Sha256Hex(bytes)},
                      {"version", version + 1}};
  const auto result = records_->TransactWrite({storage::WriteAction::Put(
      kHeadTable, claim,
      state ? storage::Condition::VersionEquals(version) : storage::Condition::NotExists())});
  if (!result.committed) {  // another server digested this range first
    std::error_code ignored;
    fs::remove(file, ignored);
    fs::remove(signature, ignored);
    return std::nullopt;
  }
  return file;
}

DigestVerifyResult VerifyDigests(storage::RecordStore& records, const fs::path& dir,
                                 const crypto::RsaKey& public_key) {
  struct Checked {
    int64_t start;
    int64_t end;
    std::string file;
  };
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(kFilePrefix) && name.ends_with(".json")) files.push_back(entry.path());
  }
  if (error) return {.ok = false, .reason = "cannot read " + dir.string() + ": " + error.message()};
  if (files.empty()) return {.ok = false, .reason = "no digest files in " + dir.string()};
  std::sort(files.begin(), files.end());

  DigestVerifyResult result;
  const auto fail = [&](const fs::path& file, std::string reason) {
    result.ok = false;
    result.file = file.filename().string();
    result.reason = std::move(reason);
    return result;
  };
  std::vector<Checked> checked;
  for (const fs::path& file : files) {
    const auto bytes = ReadWholeFile(file);
    const auto signature = ReadWholeFile(file.string() + ".sig");
    if (!bytes) return fail(file, "unreadable");
    if (!signature) return fail(file, "its signature file (.sig) is missing");
    if (!public_key.VerifyRs256(*bytes, *signature)) {
      return fail(file, "signature does not verify with this public key");
    }
    Json digest;
    try {
      digest = Json::parse(*bytes);
    } catch (const Json::exception&) {
      return fail(file, "not a digest: not JSON");
    }
    const auto start = IntegerOf(digest, "startSeq");
    const auto end = IntegerOf(digest, "endSeq");
    const auto count = IntegerOf(digest, "recordCount");
    const auto end_hash = StringOf(digest, "endHash");
    const auto start_at = StringOf(digest, "startAt");
    const auto end_at = StringOf(digest, "endAt");
    if (StringOf(digest, "format") != kDigestFormat || !start || !end || !count || !end_hash ||
        !start_at || !end_at || *start < 1 || *end < *start || *count != *end - *start + 1) {
      return fail(file, "not a digest: a field is missing or inconsistent");
    }
    const auto first = records.Get(kAuditTable, {kStream, PadSeq(*start)});
    const auto last = records.Get(kAuditTable, {kStream, PadSeq(*end)});
    if (!first) return fail(file, "record " + std::to_string(*start) + " is missing");
    if (!last) return fail(file, "record " + std::to_string(*end) + " is missing");
    if (last->value("hash", std::string()) != *end_hash) {
      return fail(file, "record " + std::to_string(*end) + " does not match the digest (its link)");
    }
    if (last->value("at", std::string()) != *end_at ||
        first->value("at", std::string()) != *start_at) {
      return fail(file, "records " + std::to_string(*start) + ".." + std::to_string(*end) +
                            " do not match the digest (their times)");
    }
    // A digest names the one before it: if that file is here, it must be the one signed over.
    if (const auto previous = StringOf(digest, "previousDigest")) {
      if (previous->find('/') != std::string::npos) return fail(file, "not a digest: bad name");
      if (const auto previous_bytes = ReadWholeFile(dir / *previous)) {
        if (crypto::Sha256Hex(*previous_bytes) != StringOf(digest, "previousDigestSha256")) {
          return fail(file, "previous digest " + *previous + " differs from the one it names");
        }
      }
    }
    checked.push_back({*start, *end, file.filename().string()});
  }

  std::sort(checked.begin(), checked.end(),
            [](const Checked& a, const Checked& b) { return a.start < b.start; });
  int64_t covered = 0;
  for (const Checked& digest : checked) {
    if (digest.start > covered + 1) {
      return fail(dir / digest.file, "records " + std::to_string(covered + 1) + ".." +
                                         std::to_string(digest.start - 1) +
                                         " are covered by no digest (one was removed?)");
    }
    covered = std::max(covered, digest.end);
  }
  result.digests = static_cast<int>(checked.size());
  result.covered_to = covered;
  return result;
}

}  // namespace ccrm::audit
