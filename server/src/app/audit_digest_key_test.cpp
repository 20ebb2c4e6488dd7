// The digest signing key: created once, sealed in the store, the same for every later load,
// and useless without its master key.
#include "app/audit_digest_key.hpp"

#include <gtest/gtest.h>

#include "audit/audit_log.hpp"
#include "audit/audit_record.hpp"
#include "common/scratch_dir.hpp"
#include "crypto/random.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_record_store.hpp"

namespace ccrm::app {
namespace {

class AuditDigestKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::sqlite::SqliteOptions options;
    options.path = (scratch_.path() / "records.db").string();
    options.synchronous = storage::sqlite::SqliteOptions::kNormal;
    db_ = storage::sqlite::SqliteDatabase::Open(options);
    store_ = storage::sqlite::MakeSqliteRecordStore(db_);
    audit::AuditLog(store_, SystemClock(), std::string(32, 'k')).EnsureTables();
  }
  void TearDown() override {
    store_.reset();
    db_->Close();
  }

  const testing::ScratchDir scratch_{"digest-key-test"};
  std::shared_ptr<storage::sqlite::SqliteDatabase> db_;
  storage::RecordStorePtr store_;
  const std::string master_bytes_ = crypto::RandomBytes(crypto::MasterKey::kSize);
};

TEST_F(AuditDigestKeyTest, CreatedOnceThenLoaded) {
  const auto master = crypto::MasterKey::FromBytes(master_bytes_);
  const crypto::RsaKey created = LoadOrCreateDigestKey(*store_, master);
  EXPECT_TRUE(created.HasPrivate());
  const crypto::RsaKey loaded = LoadOrCreateDigestKey(*store_, master);
  EXPECT_EQ(loaded.PublicPem(), created.PublicPem());
  EXPECT_TRUE(loaded.VerifyRs256("x", created.SignRs256("x")));
  // Sealed: the private key is nowhere in the stored item.
  const auto item = store_->Get(audit::kHeadTable, {"digest-key", ""});
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->dump().find("PRIVATE KEY"), std::string::npos);
}

TEST_F(AuditDigestKeyTest, AnotherMasterKeyCannotOpenIt) {
  LoadOrCreateDigestKey(*store_, crypto::MasterKey::FromBytes(master_bytes_));
  EXPECT_THROW(LoadOrCreateDigestKey(*store_, crypto::MasterKey::FromBytes(crypto::RandomBytes(32))),
               crypto::MasterKeyError);
}

}  // namespace
}  // namespace ccrm::app
