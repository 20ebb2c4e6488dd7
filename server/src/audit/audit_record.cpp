#include "audit/audit_record.hpp"

#include <limits>
#include <stdexcept>

#include "crypto/digest.hpp"

namespace ccrm::audit {

storage::TableSchema AuditTableSchema() {
  return {kAuditTable,
          "stream",
          "seq",
          {{kByEntityIndex, "entityKey", "seq"}, {kByActorIndex, "actor", "seq"}}};
}

storage::TableSchema HeadTableSchema() { return {kHeadTable, "stream", "", {}}; }

std::string PadSeq(int64_t seq) {
  if (seq < 0) throw std::invalid_argument("audit: negative seq");
  std::string digits = std::to_string(seq);
  return std::string(20 - digits.size(), '0') + digits;
}

std::optional<int64_t> ParseSeq(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const int digit = c - '0';
    if (value > (std::numeric_limits<int64_t>::max() - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  if (value < 1) return std::nullopt;
  return value;
}

const std::string* StringAttribute(const Json& item, const char* name) {
  if (!item.is_object()) return nullptr;
  const auto it = item.find(name);
  return it != item.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

std::string EntityKey(std::string_view entity, std::string_view entity_id) {
  std::string key(entity);
  key += '#';
  key += entity_id;
  return key;
}

namespace {

std::string CanonicalForm(const Json& record) {
  if (!record.is_object()) throw std::invalid_argument("audit: a record is a JSON object");
  Json canonical = record;
  canonical.erase("hash");
  return canonical.dump();
}

void RequireChainKey(std::string_view chain_key) {
  if (chain_key.size() != kChainKeySize) {
    throw std::invalid_argument("audit: the chain key is 32 bytes");
  }
}

}  // namespace

std::string RecordHash(const Json& record) { return crypto::Sha256Hex(CanonicalForm(record)); }

std::string RecordMac(const Json& record, std::string_view chain_key) {
  RequireChainKey(chain_key);
  return crypto::HexEncode(crypto::HmacSha256(chain_key, CanonicalForm(record)));
}

bool IsKeyedRecord(const Json& record) {
  if (!record.is_object()) throw std::invalid_argument("audit: a record is a JSON object");
  const auto chain = record.find("chain");
  if (chain == record.end()) return false;
  if (!chain->is_string() || chain->get_ref<const std::string&>() != kKeyedChain) {
    throw std::invalid_argument("audit: unknown chain kind");
  }
  return true;
}

std::string HeadMac(int64_t seq, std::string_view hash, int64_t keyed_from,
                    std::string_view chain_key) {
  RequireChainKey(chain_key);
  std::string message = "ccrm audit head\n";
  message += std::to_string(seq);
  message += '\n';
  message += hash;
  message += '\n';
  message += std::to_string(keyed_from);
  return crypto::HexEncode(crypto::HmacSha256(chain_key, message));
}

}  // namespace ccrm::audit
