// Stored audit records as `ccrm audit verify` reads them: bytes whoever can write the database
// controls. The input is one record or a JSON array of them; the first byte steers the choices
// below.
// Invariants:
//  - walking the records as stored gives a verdict (a defect or a step) for each, never an
//    exception;
//  - the same records re-linked as AuditLog writes them (unkeyed up to a point, keyed after it)
//    walk to the end, and the walk says where keying began;
//  - one member added to one record stops the walk exactly there; so does a wrong key at the
//    first keyed record;
//  - a record's link survives the store: serialized and parsed back, it hashes the same.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_chain_walk.hpp"
#include "audit/audit_record.hpp"
#include "common/json_parse.hpp"
#include "fuzz_check.hpp"

using namespace ccrm;
using namespace ccrm::audit;

namespace {

const std::string kKey(32, 'k');
const std::string kOtherKey(32, 'o');

std::string Link(const Json& record, bool keyed, const std::string& key) {
  return keyed ? RecordMac(record, key) : RecordHash(record);
}

// Walks `records` under `key` to the first defect, if any.
std::optional<ChainDefect> FirstDefect(const std::vector<Json>& records, const std::string& key) {
  ChainWalk walk(key);
  for (const Json& record : records) {
    if (auto defect = walk.Check(record)) return defect;
  }
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > 8192) return 0;
  const uint8_t steer = data[0];
  const auto parsed =
      TryParseOutsideJson(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  if (!parsed) return 0;
  std::vector<Json> stored;
  if (parsed->is_array()) {
    for (const Json& item : *parsed) stored.push_back(item);
  } else {
    stored.push_back(*parsed);
  }

  // As stored: a verdict for each record, never an exception.
  FirstDefect(stored, kKey);

  // Re-linked: objects only, seqs 1..n, keyed from `keyed_from` (n + 1 = never).
  std::vector<Json> chain;
  for (const Json& record : stored) {
    if (record.is_object()) chain.push_back(record);
  }
  if (chain.empty()) return 0;
  const size_t n = chain.size();
  const size_t keyed_from = steer % (n + 1);  // index of the first keyed record
  std::string prev = kGenesisHash;
  for (size_t i = 0; i < n; ++i) {
    Json& record = chain[i];
    record["seq"] = PadSeq(static_cast<int64_t>(i) + 1);
    record["prevHash"] = prev;
    const bool keyed = i >= keyed_from;
    if (keyed) {
      record["chain"] = kKeyedChain;
    } else {
      record.erase("chain");
    }
    record["hash"] = prev = Link(record, keyed, kKey);
    // The store keeps the text; what is read back must link the same.
    const Json reread = Json::parse(record.dump());
    FUZZ_CHECK(Link(reread, keyed, kKey) == prev, "a link survives serialization");
  }
  ChainWalk walk(kKey);
  for (const Json& record : chain) {
    const auto defect = walk.Check(record);
    FUZZ_CHECK(!defect, "a chain linked as AuditLog links it walks to the end");
  }
  FUZZ_CHECK(walk.checked() == static_cast<int64_t>(n), "every record checked");
  FUZZ_CHECK(walk.keyed_from() == (keyed_from < n ? static_cast<int64_t>(keyed_from) + 1 : 0),
             "the walk knows where keying began");

  // One member added to record k: the walk stops at k + 1.
  const size_t k = (steer / 7) % n;
  std::vector<Json> tampered = chain;
  tampered[k]["tampered"] = true;
  const auto defect = FirstDefect(tampered, kKey);
  FUZZ_CHECK(defect && defect->seq == static_cast<int64_t>(k) + 1,
             "a changed record is the one named");

  // Another key: the first keyed record is where it breaks.
  if (keyed_from < n) {
    const auto first = FirstDefect(chain, kOtherKey);
    FUZZ_CHECK(first && first->seq == static_cast<int64_t>(keyed_from) + 1,
               "a wrong key breaks at the first keyed record");
  }
  return 0;
}
