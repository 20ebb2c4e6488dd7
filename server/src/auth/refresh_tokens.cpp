#include "auth/refresh_tokens.hpp"

#include "common/ids.hpp"
#include "crypto/digest.hpp"
#include "crypto/random.hpp"

namespace ccrm::auth {
namespace {

Family FamilyFromItem(const Json& item) {
  Family f;
  f.family = item.value("family", "");
  f.user_id = item.value("userId", "");
  f.revoked = item.value("revoked", false);
  f.created_at_ms = item.value("createdAtMs", int64_t{0});
  f.auth_time = item.value("authTime", int64_t{0});
  f.version = item.value("version", int64_t{0});
  return f;
}

Json FamilyToItem(const Family& f) {
  return {{"family", f.family},       {"userId", f.user_id},
          {"revoked", f.revoked},     {"createdAtMs", f.created_at_ms},
          {"authTime", f.auth_time},  {"version", f.version}};
}

// Our tokens are 43 base64url characters; anything much longer is not worth hashing.
constexpr size_t kMaxTokenLength = 256;

}  // namespace

RefreshTokens::RefreshTokens(storage::RecordStorePtr records, ClockPtr clock,
                             std::chrono::seconds lifetime)
    : records_(std::move(records)), clock_(std::move(clock)), lifetime_(lifetime) {}

void RefreshTokens::EnsureTables() {
  records_->EnsureTable({kTokensTable, "tokenHash", "", {}});
  records_->EnsureTable({kFamiliesTable, "family", "", {{"byUser", "userId", ""}}});
}

IssuedRefresh RefreshTokens::NewToken(const std::string& family, const std::string& user_id) {
  IssuedRefresh issued;
  issued.token = crypto::RandomToken(32);
  issued.family = family;
  const int64_t now = clock_->NowMillis();
  issued.actions.push_back(storage::WriteAction::Put(
      kTokensTable,
      {{"tokenHash", crypto::Sha256Hex(issued.token)},
       {"family", family},
       {"userId", user_id},
       {"expiresAtMs", now + std::chrono::duration_cast<std::chrono::milliseconds>(lifetime_).count()},
       {"usedAtMs", 0},
       {"version", 1}},
      storage::Condition::NotExists()));
  return issued;
}

IssuedRefresh RefreshTokens::StartFamily(const std::string& user_id, int64_t auth_time) {
  Family f;
  f.family = NewId("fam");
  f.user_id = user_id;
  f.created_at_ms = clock_->NowMillis();
  f.auth_time = auth_time;
  f.version = 1;
  IssuedRefresh issued = NewToken(f.family, user_id);
  issued.actions.push_back(storage::WriteAction::Put(kFamiliesTable, FamilyToItem(f),
                                                     storage::Condition::NotExists()));
  return issued;
}

std::optional<Family> RefreshTokens::GetFamily(const std::string& family) {
  if (family.empty()) return std::nullopt;
  auto item = records_->Get(kFamiliesTable, {family, ""});
  if (!item) return std::nullopt;
  return FamilyFromItem(*item);
}

std::optional<Family> RefreshTokens::FamilyOfToken(const std::string& token) {
  if (token.empty() || token.size() > kMaxTokenLength) return std::nullopt;
  auto item = records_->Get(kTokensTable, {crypto::Sha256Hex(token), ""});
  if (!item) return std::nullopt;
  return GetFamily(item->value("family", ""));
}

Rotation RefreshTokens::Rotate(const std::string& token) {
  Rotation rotation;
  if (token.empty() || token.size() > kMaxTokenLength) return rotation;
  // Looked up by its hash: a stolen table reveals no usable token, and the lookup by an
  // unpredictable 256-bit value needs no constant-time comparison.
  auto item = records_->Get(kTokensTable, {crypto::Sha256Hex(token), ""});
  if (!item) return rotation;
  auto family = GetFamily(item->value("family", ""));
  if (!family || family->revoked) return rotation;
  rotation.family = *family;
  if (item->value("usedAtMs", int64_t{0}) != 0) {
    rotation.outcome = Rotation::Outcome::kReused;
    rotation.revoke.push_back(Revoke(*family));
    return rotation;
  }
  const int64_t now = clock_->NowMillis();
  if (item->value("expiresAtMs", int64_t{0}) <= now) return rotation;
  Json used = *item;
  used["usedAtMs"] = now;
  const int64_t version = item->value("version", int64_t{1});
  used["version"] = version + 1;
  rotation.outcome = Rotation::Outcome::kOk;
  rotation.next = NewToken(family->family, family->user_id);
  // Two concurrent uses of one token: only one write passes this condition.
  rotation.next.actions.push_back(storage::WriteAction::Put(
      kTokensTable, used, storage::Condition::VersionEquals(version)));
  // Fails the rotation if the family was revoked since it was read.
  rotation.next.actions.push_back(storage::WriteAction::Check(
      kFamiliesTable, {family->family, ""}, storage::Condition::VersionEquals(family->version)));
  return rotation;
}

storage::WriteAction RefreshTokens::Revoke(const Family& family) const {
  Family revoked = family;
  revoked.revoked = true;
  revoked.version = family.version + 1;
  return storage::WriteAction::Put(kFamiliesTable, FamilyToItem(revoked));
}

}  // namespace ccrm::auth
