// Users in the record store: the users table, its unique username/email guards, and the audit
// record of every write in the same transaction.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "auth/user.hpp"
#include "auth/user_cache.hpp"
#include "crypto/master_key.hpp"
#include "storage/record_store.hpp"

namespace ccrm::auth {

enum class UserWrite { kOk, kConflict, kTaken };

class UserRepository {
 public:
  static constexpr const char* kUsersTable = "users";
  static constexpr const char* kUniqueTable = "unique_keys";

  UserRepository(storage::RecordStorePtr records, std::shared_ptr<audit::AuditLog> audit);

  void EnsureTables();
  // Reseals every user's TOTP secrets (enrolled and pending) from `from` to `to`, with the
  // servers stopped (`ccrm keys rotate-master`); returns how many users changed.
  static size_t ResealTotpSecrets(storage::RecordStore& records, const crypto::MasterKey& from,
                                  const crypto::MasterKey& to);

  // Read from storage: for read-modify-write (the version must be the stored one).
  std::optional<User> Get(const std::string& id);
  // From UserCache (this process's writes show at once, other processes' within a second):
  // for the reads on every request (authorizer, GET /users/me, assignee names). nullptr when
  // unknown.
  std::shared_ptr<const CachedUser> GetCached(const std::string& id) { return cache_.Get(id); }
  bool IsCached(const std::string& id) { return cache_.Contains(id); }
  std::optional<User> FindByUsername(const std::string& username);
  bool IsEmpty();
  // Users ordered by username.
  storage::QueryResult List(int limit, const std::string& cursor);
  // An enabled admin other than `except_id` (read from storage), if there is one: what must
  // remain when an admin is demoted or disabled.
  std::optional<User> AnotherEnabledAdmin(const std::string& except_id);

  // Writes the user (version 1) with its guards and the audit record. kTaken when the username
  // or email is in use.
  UserWrite Create(User& user, const audit::AuditEvent& event);
  // Writes `after` if the stored version is still before.version (then after.version is
  // before.version + 1), moving the email guard when the email changed, plus `extra` actions,
  // all with the audit record. kConflict when someone else wrote first; kTaken for an email in use.
  UserWrite Update(const User& before, User& after, const audit::AuditEvent& event,
                   std::vector<storage::WriteAction> extra = {});
  // The audit record with `actions` (none: sign-in failures and the like); false when one of
  // the actions' conditions failed and nothing was written.
  bool Audit(const audit::AuditEvent& event, std::vector<storage::WriteAction> actions = {});

 private:
  storage::RecordStorePtr records_;
  std::shared_ptr<audit::AuditLog> audit_;
  UserCache cache_;
};

}  // namespace ccrm::auth
