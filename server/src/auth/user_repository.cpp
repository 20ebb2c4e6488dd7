#include "auth/user_repository.hpp"

#include "auth/credentials.hpp"
#include "storage/query_all.hpp"
#include "storage/reseal.hpp"

namespace ccrm::auth {
namespace {

std::string UsernameGuard(const std::string& username) { return "username#" + username; }
std::string EmailGuard(const std::string& email) { return "email#" + NormalizeEmail(email); }

storage::WriteAction PutGuard(const std::string& key, const std::string& user_id) {
  return storage::WriteAction::Put(UserRepository::kUniqueTable,
                                   Json{{"key", key}, {"userId", user_id}},
                                   storage::Condition::NotExists());
}

}  // namespace

UserRepository::UserRepository(storage::RecordStorePtr records,
                               std::shared_ptr<audit::AuditLog> audit)
    : records_(std::move(records)),
      audit_(std::move(audit)),
      cache_([this](const std::string& id) { return Get(id); }) {}

void UserRepository::EnsureTables() {
  records_->EnsureTable({kUsersTable,
                         "id",
                         "",
                         {{"byUsername", "usernameKey", ""},
                          {"byEmail", "emailKey", ""},
                          {"byList", "kind", "usernameKey"}}});
  records_->EnsureTable({kUniqueTable, "key", "", {}});
}

size_t UserRepository::ResealTotpSecrets(storage::RecordStore& records,
                                         const crypto::MasterKey& from,
                                         const crypto::MasterKey& to) {
  size_t resealed = 0;
  storage::ForEachItem(
      records, {.table = kUsersTable, .index = "byList", .partition = "user"}, [&](Json& item) {
        const std::string id = item.value("id", "");
        const std::string aad = Credentials::TotpSealedFor(id);
        const std::string what = "the TOTP secret of user " + id;
        // Both run: || would skip the second when the first changed.
        const bool enrolled = storage::ResealField(item, "/mfa/secret", aad, from, to, what);
        const bool pending = storage::ResealField(item, "/mfa/pendingSecret", aad, from, to, what);
        if (enrolled || pending) {
          storage::PutResealed(records, kUsersTable, std::move(item), "user " + id);
          ++resealed;
        }
      });
  return resealed;
}

std::optional<User> UserRepository::Get(const std::string& id) {
  if (id.empty()) return std::nullopt;
  auto item = records_->Get(kUsersTable, {id, ""});
  if (!item) return std::nullopt;
  return UserFromItem(*item);
}

std::optional<User> UserRepository::FindByUsername(const std::string& username) {
  storage::QueryRequest q;
  q.table = kUsersTable;
  q.index = "byUsername";
  q.partition = NormalizeUsername(username);
  q.limit = 1;
  if (q.partition.empty()) return std::nullopt;
  auto page = records_->Query(q);
  if (page.items.empty()) return std::nullopt;
  return UserFromItem(page.items.front());
}

bool UserRepository::IsEmpty() { return List(1, "").items.empty(); }

storage::QueryResult UserRepository::List(int limit, const std::string& cursor) {
  storage::QueryRequest q;
  q.table = kUsersTable;
  q.index = "byList";
  q.partition = "user";
  q.limit = limit;
  q.cursor = cursor;
  return records_->Query(q);
}

std::optional<User> UserRepository::AnotherEnabledAdmin(const std::string& except_id) {
  // An office has tens of users, not thousands: a scan of the list index is cheap, and this
  // runs only when an admin loses the role.
  std::string cursor;
  do {
    storage::QueryResult page = List(1000, cursor);
    for (const Json& item : page.items) {
      User user = UserFromItem(item);
      if (user.id != except_id && user.enabled && user.InGroup("admin")) return user;
    }
    cursor = page.next_cursor.value_or("");
  } while (!cursor.empty());
  return std::nullopt;
}

UserWrite UserRepository::Create(User& user, const audit::AuditEvent& event) {
  user.version = 1;
  std::vector<storage::WriteAction> actions = {
      storage::WriteAction::Put(kUsersTable, UserToItem(user), storage::Condition::NotExists()),
      PutGuard(UsernameGuard(user.username), user.id),
  };
  // Only an external user may have no email (its issuer's access tokens may not carry one).
  if (!user.email.empty()) actions.push_back(PutGuard(EmailGuard(user.email), user.id));
  const auto result = audit_->Append(event, std::move(actions));
  cache_.Forget(user.id);  // an unknown id may be cached as unknown
  return result.committed ? UserWrite::kOk : UserWrite::kTaken;
}

UserWrite UserRepository::Update(const User& before, User& after, const audit::AuditEvent& event,
                                 std::vector<storage::WriteAction> extra) {
  after.version = before.version + 1;
  std::vector<storage::WriteAction> actions = {storage::WriteAction::Put(
      kUsersTable, UserToItem(after), storage::Condition::VersionEquals(before.version))};
  const bool email_moved = NormalizeEmail(before.email) != NormalizeEmail(after.email);
  if (email_moved) {
    if (!after.email.empty()) actions.push_back(PutGuard(EmailGuard(after.email), after.id));
    if (!before.email.empty()) {
      actions.push_back(storage::WriteAction::Delete(kUniqueTable, {EmailGuard(before.email), ""}));
    }
  }
  for (auto& action : extra) actions.push_back(std::move(action));
  const auto result = audit_->Append(event, std::move(actions));
  cache_.Forget(after.id);
  if (result.committed) return UserWrite::kOk;
  after.version = before.version;
  return email_moved && result.failed_action == 1 ? UserWrite::kTaken : UserWrite::kConflict;
}

bool UserRepository::Audit(const audit::AuditEvent& event,
                           std::vector<storage::WriteAction> actions) {
  return audit_->Append(event, std::move(actions)).committed;
}

}  // namespace ccrm::auth
