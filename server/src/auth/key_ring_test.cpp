#include "auth/key_ring.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "auth/jwt.hpp"
#include "common/scratch_dir.hpp"
#include "crypto/random.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_record_store.hpp"

namespace ccrm::auth {
namespace {

namespace fs = std::filesystem;
using std::chrono::hours;
using std::chrono::seconds;
using std::chrono::system_clock;

class FakeClock final : public Clock {
 public:
  system_clock::time_point Now() const override {
    return system_clock::time_point(seconds(seconds_.load()));
  }
  void Advance(seconds d) { seconds_ += d.count(); }

 private:
  std::atomic<int64_t> seconds_{1'800'000'000};
};

constexpr seconds kLifetime = hours(1);

class KeyRingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::sqlite::SqliteOptions options;
    options.path = (dir_ / "records.db").string();
    options.synchronous = storage::sqlite::SqliteOptions::kNormal;
    db_ = storage::sqlite::SqliteDatabase::Open(options);
    store_ = storage::sqlite::MakeSqliteRecordStore(db_);
    clock_ = std::make_shared<FakeClock>();
    master_bytes_ = crypto::RandomBytes(crypto::MasterKey::kSize);
  }

  void TearDown() override {
    store_.reset();
    if (db_) db_->Close();
    db_.reset();
  }

  std::unique_ptr<KeyRing> NewRing(std::string_view master = {}) {
    return std::make_unique<KeyRing>(
        store_, crypto::MasterKey::FromBytes(master.empty() ? master_bytes_ : master), clock_, kLifetime);
  }

  std::unique_ptr<KeyRing> LoadedRing() {
    auto ring = NewRing();
    ring->Load();
    return ring;
  }

  std::vector<std::string> JwksKids(const KeyRing& ring) {
    std::vector<std::string> kids;
    const Json jwks = ring.Jwks();
    for (const auto& jwk : jwks["keys"]) kids.push_back(jwk["kid"].get<std::string>());
    return kids;
  }

  Json Row(const std::string& kid) { return *store_->Get(KeyRing::kTable, {kid, ""}); }

  const ccrm::testing::ScratchDir scratch_{"keyring"};  // first: removed after the database
  const fs::path& dir_ = scratch_.path();
  std::shared_ptr<storage::sqlite::SqliteDatabase> db_;
  storage::RecordStorePtr store_;
  std::shared_ptr<FakeClock> clock_;
  std::string master_bytes_;
};

TEST_F(KeyRingTest, FirstStartCreatesOneKey) {
  const auto ring = LoadedRing();
  const auto active = ring->Active();
  EXPECT_TRUE(active.kid.starts_with("sig_"));
  ASSERT_TRUE(active.key);
  EXPECT_TRUE(active.key->HasPrivate());
  EXPECT_EQ(JwksKids(*ring), std::vector<std::string>{active.kid});
  const Json jwk = ring->Jwks()["keys"][0];
  EXPECT_EQ(jwk["alg"], "RS256");
  EXPECT_FALSE(jwk.contains("d"));  // public parts only
  EXPECT_EQ(ring->Find(active.kid), active.key);
  EXPECT_EQ(ring->Find("sig_unknown"), nullptr);
  EXPECT_EQ(ring->Find("@ring"), nullptr);

  // The private key is stored sealed, never in the clear.
  const Json row = Row(active.kid);
  EXPECT_EQ(row.dump().find("PRIVATE KEY"), std::string::npos);
  EXPECT_TRUE(row.contains("sealedPrivateKey"));
  EXPECT_EQ(row["publicJwk"], jwk);
}

TEST_F(KeyRingTest, ASecondLoadFindsTheSameKey) {
  const auto first = LoadedRing();
  const auto second = LoadedRing();
  EXPECT_EQ(second->Active().kid, first->Active().kid);
  const std::string token = SignJwt(first->Active().kid, {{"a", 1}}, *first->Active().key);
  const auto key = second->Find(first->Active().kid);
  ASSERT_TRUE(key);
  const auto signature = first->Active().key->SignRs256("data");
  EXPECT_TRUE(key->VerifyRs256("data", signature));
}

TEST_F(KeyRingTest, RotationPublishesTheOldKeyUntilItsTokensExpire) {
  const auto ring = LoadedRing();
  const std::string old_kid = ring->Active().kid;
  const std::string new_kid = ring->Rotate();
  EXPECT_NE(new_kid, old_kid);
  EXPECT_EQ(ring->Active().kid, new_kid);
  EXPECT_EQ(JwksKids(*ring), (std::vector<std::string>{new_kid, old_kid}));
  EXPECT_TRUE(ring->Find(old_kid));

  clock_->Advance(kLifetime + KeyRing::kPublishMargin - seconds(1));
  EXPECT_TRUE(ring->Find(old_kid));
  EXPECT_EQ(JwksKids(*ring), (std::vector<std::string>{new_kid, old_kid}));
  clock_->Advance(seconds(2));
  EXPECT_EQ(ring->Find(old_kid), nullptr);
  EXPECT_EQ(JwksKids(*ring), std::vector<std::string>{new_kid});
  EXPECT_TRUE(ring->Find(new_kid));

  // The next rotation deletes the expired key's row.
  const std::string third = ring->Rotate();
  EXPECT_EQ(JwksKids(*ring), (std::vector<std::string>{third, new_kid}));
  EXPECT_EQ(store_->Get(KeyRing::kTable, {old_kid, ""}), std::nullopt);
}

TEST_F(KeyRingTest, PicksUpARotationMadeByAnotherProcess) {
  const auto server = LoadedRing();
  const auto cli = LoadedRing();
  const std::string old_kid = server->Active().kid;
  const std::string new_kid = cli->Rotate();

  EXPECT_EQ(server->Find(new_kid), nullptr);  // Find never touches storage
  server->Reload();
  EXPECT_TRUE(server->Find(new_kid));
  EXPECT_TRUE(server->Find(old_kid));

  // Without an explicit Reload, signing switches once the snapshot is older than a minute.
  const auto other_server = LoadedRing();
  const std::string newest = cli->Rotate();
  EXPECT_EQ(other_server->Active().kid, new_kid);
  clock_->Advance(KeyRing::kMaxSnapshotAge);
  EXPECT_EQ(other_server->Active().kid, newest);
}

TEST_F(KeyRingTest, ConcurrentRotationsBothTakeEffect) {
  const auto a = LoadedRing();
  const auto b = LoadedRing();
  const std::string first = a->Active().kid;
  std::string kid_a;
  std::string kid_b;
  std::thread ta([&] { kid_a = a->Rotate(); });
  std::thread tb([&] { kid_b = b->Rotate(); });
  ta.join();
  tb.join();
  a->Reload();
  const auto kids = JwksKids(*a);
  ASSERT_EQ(kids.size(), 3u);
  EXPECT_TRUE(kids[0] == kid_a || kids[0] == kid_b);
  EXPECT_EQ(kids[2], first);
  EXPECT_TRUE(a->Find(kid_a) && a->Find(kid_b) && a->Find(first));
}

TEST_F(KeyRingTest, ConcurrentFirstStartsAgreeOnOneKey) {
  const auto a = NewRing();
  const auto b = NewRing();
  std::thread ta([&] { a->Load(); });
  std::thread tb([&] { b->Load(); });
  ta.join();
  tb.join();
  EXPECT_EQ(a->Active().kid, b->Active().kid);
  EXPECT_EQ(JwksKids(*a).size(), 1u);
}

TEST_F(KeyRingTest, ReadersRunDuringRotation) {
  const auto ring = LoadedRing();
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 2; ++i) {
    readers.emplace_back([&] {
      while (!stop) {
        const auto active = ring->Active();
        const auto found = ring->Find(active.kid);
        if (!found || !active.key->VerifyRs256("m", found->SignRs256("m"))) ++failures;
      }
    });
  }
  for (int i = 0; i < 2; ++i) ring->Rotate();
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST_F(KeyRingTest, AWrongMasterKeyFailsLoudly) {
  LoadedRing();
  auto ring = NewRing(crypto::RandomBytes(crypto::MasterKey::kSize));
  try {
    ring->Load();
    FAIL() << "loaded keys under the wrong master key";
  } catch (const KeyRingError& e) {
    EXPECT_NE(std::string(e.what()).find("master.key"), std::string::npos) << e.what();
  }
}

TEST_F(KeyRingTest, ATamperedSealedKeyFailsLoudly) {
  const std::string kid = LoadedRing()->Active().kid;
  Json row = Row(kid);
  std::string sealed = row["sealedPrivateKey"];
  sealed[20] = sealed[20] == 'A' ? 'B' : 'A';
  row["sealedPrivateKey"] = sealed;
  store_->Put(KeyRing::kTable, row);
  EXPECT_THROW(NewRing()->Load(), KeyRingError);
}

TEST_F(KeyRingTest, ASealedKeyMovedToAnotherKidDoesNotOpen) {
  const auto ring = LoadedRing();
  const std::string old_kid = ring->Active().kid;
  const std::string new_kid = ring->Rotate();
  Json new_row = Row(new_kid);
  new_row["sealedPrivateKey"] = Row(old_kid)["sealedPrivateKey"];
  store_->Put(KeyRing::kTable, new_row);
  EXPECT_THROW(ring->Reload(), KeyRingError);
  // The snapshot in use survives the failed reload.
  EXPECT_EQ(ring->Active().kid, new_kid);
}

TEST_F(KeyRingTest, RefusesUseBeforeLoad) {
  const auto ring = NewRing();
  EXPECT_THROW(ring->Active(), std::logic_error);
  EXPECT_THROW(ring->Find("x"), std::logic_error);
  EXPECT_THROW(ring->Rotate(), std::logic_error);
}

}  // namespace
}  // namespace ccrm::auth
