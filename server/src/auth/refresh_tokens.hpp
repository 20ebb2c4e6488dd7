// Refresh tokens in families (Cognito's origin_jti): random, stored as SHA-256, rotated on every
// use; presenting a used one revokes the family, since only a thief or a replay would do that.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "storage/record_store.hpp"

namespace ccrm::auth {

struct Family {
  std::string family;
  std::string user_id;
  bool revoked = false;
  int64_t created_at_ms = 0;
  int64_t auth_time = 0;  // Unix seconds of the sign-in that started it
  int64_t version = 0;
};

// A token to hand out and the writes that make it valid; the caller commits them together with
// its audit record.
struct IssuedRefresh {
  std::string token;
  std::string family;
  std::vector<storage::WriteAction> actions;
};

struct Rotation {
  enum class Outcome { kOk, kInvalid, kReused };
  Outcome outcome = Outcome::kInvalid;
  Family family;                    // kOk and kReused
  IssuedRefresh next;               // kOk: the successor and the writes (old one marked used)
  std::vector<storage::WriteAction> revoke;  // kReused: the writes revoking the family
};

class RefreshTokens {
 public:
  static constexpr const char* kTokensTable = "refresh_tokens";
  static constexpr const char* kFamiliesTable = "token_families";

  RefreshTokens(storage::RecordStorePtr records, ClockPtr clock, std::chrono::seconds lifetime);

  void EnsureTables();

  IssuedRefresh StartFamily(const std::string& user_id, int64_t auth_time);
  // Looks the token up and decides; writes nothing itself. A token of a revoked family, an
  // expired or unknown one is kInvalid.
  Rotation Rotate(const std::string& token);
  std::optional<Family> GetFamily(const std::string& family);
  // The family a token belongs to (used or not), for logout.
  std::optional<Family> FamilyOfToken(const std::string& token);
  storage::WriteAction Revoke(const Family& family) const;

 private:
  IssuedRefresh NewToken(const std::string& family, const std::string& user_id);

  storage::RecordStorePtr records_;
  ClockPtr clock_;
  std::chrono::seconds lifetime_;
};

}  // namespace ccrm::auth
