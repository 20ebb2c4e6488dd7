// The master key file: created once with mode 0600, refused when anyone else may read it or
// when it is not a key.
#include "crypto/master_key.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/scratch_dir.hpp"
#include "crypto/random.hpp"

namespace ccrm::crypto {
namespace {

namespace fs = std::filesystem;

class MasterKeyTest : public ::testing::Test {
 protected:
  fs::path File() const { return dir_ / MasterKey::kFileName; }
  const ccrm::testing::ScratchDir scratch_{"master-key"};
  const fs::path dir_ = scratch_.path() / "data";  // not there yet: LoadOrCreate makes it
};

TEST_F(MasterKeyTest, CreatesAPrivateKeyFileOnceAndReloadsIt) {
  const mode_t old_umask = ::umask(0);  // even a permissive umask yields 0600
  const auto created = MasterKey::LoadOrCreate(dir_);
  ::umask(old_umask);
  struct stat info {};
  ASSERT_EQ(::stat(File().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  EXPECT_EQ(fs::file_size(File()), MasterKey::kSize);

  const auto loaded = MasterKey::LoadOrCreate(dir_);
  EXPECT_EQ(loaded.Open(created.Seal("secret", "aad"), "aad"), "secret");
  EXPECT_EQ(MasterKey::Load(File()).Open(created.Seal("x", "a"), "a"), "x");
  EXPECT_EQ(MasterKey::FromBytes(RandomBytes(32)).Open(created.Seal("x", "a"), "a"),
            std::nullopt);
  // No temporary file left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(MasterKeyTest, RefusesPermissionsWiderThan0600) {
  MasterKey::LoadOrCreate(dir_);
  for (const mode_t mode : {0644, 0640, 0604, 0700, 0666}) {
    fs::permissions(File(), static_cast<fs::perms>(mode));
    try {
      MasterKey::LoadOrCreate(dir_);
      FAIL() << "accepted mode " << std::oct << mode;
    } catch (const MasterKeyError& e) {
      EXPECT_NE(std::string(e.what()).find("chmod 600"), std::string::npos) << e.what();
    }
  }
  fs::permissions(File(), static_cast<fs::perms>(0400));
  EXPECT_NO_THROW(MasterKey::LoadOrCreate(dir_));
}

TEST_F(MasterKeyTest, RefusesAFileOfTheWrongSizeOrKind) {
  fs::create_directories(dir_);
  std::ofstream(File()) << "too short";
  fs::permissions(File(), static_cast<fs::perms>(0600));
  EXPECT_THROW(MasterKey::LoadOrCreate(dir_), MasterKeyError);
  fs::remove(File());
  fs::create_directory(File());
  fs::permissions(File(), static_cast<fs::perms>(0700));
  EXPECT_THROW(MasterKey::LoadOrCreate(dir_), MasterKeyError);
  EXPECT_THROW(MasterKey::Load(dir_ / "missing.key"), MasterKeyError);
  EXPECT_THROW(MasterKey::FromBytes("short"), std::invalid_argument);
}

TEST_F(MasterKeyTest, ANextKeyBlocksStartsUntilItIsPromoted) {
  const auto current = MasterKey::LoadOrCreate(dir_);
  const std::string sealed = current.Seal("data key", "blob-key:1");
  const auto next = MasterKey::LoadOrCreateNext(dir_);
  EXPECT_THROW(MasterKey::LoadOrCreate(dir_), MasterKeyError);  // half the values moved, maybe
  // A rotation resumed after a crash finds the same next key.
  EXPECT_EQ(MasterKey::LoadOrCreateNext(dir_).Open(next.Seal("x", "a"), "a"), "x");

  const auto resealed = next.Reseal(current, sealed, "blob-key:1");
  ASSERT_TRUE(resealed);
  EXPECT_EQ(next.Open(*resealed, "blob-key:1"), "data key");
  EXPECT_EQ(current.Open(*resealed, "blob-key:1"), std::nullopt);
  // Resealing again (a resumed run) leaves it as it is; another key's value or another AAD
  // opens under neither.
  EXPECT_EQ(next.Reseal(current, *resealed, "blob-key:1"), resealed);
  EXPECT_EQ(next.Reseal(current, sealed, "blob-key:2"), std::nullopt);
  EXPECT_EQ(next.Reseal(current, MasterKey::FromBytes(RandomBytes(32)).Seal("x", "a"), "a"),
            std::nullopt);

  MasterKey::PromoteNext(dir_);
  EXPECT_FALSE(fs::exists(dir_ / MasterKey::kNextFileName));
  EXPECT_EQ(MasterKey::LoadOrCreate(dir_).Open(*resealed, "blob-key:1"), "data key");
}

TEST(MasterKeyDerivation, OneKeyPerPurposeStableAcrossLoads) {
  const std::string bytes = RandomBytes(MasterKey::kSize);
  const auto key = MasterKey::FromBytes(bytes);
  const std::string audit = key.DeriveKey("audit chain");
  EXPECT_EQ(audit.size(), 32u);
  EXPECT_EQ(MasterKey::FromBytes(bytes).DeriveKey("audit chain"), audit);
  EXPECT_NE(key.DeriveKey("something else"), audit);
  EXPECT_NE(MasterKey::FromBytes(RandomBytes(32)).DeriveKey("audit chain"), audit);
  EXPECT_EQ(audit.find(bytes), std::string::npos);
  EXPECT_THROW(key.DeriveKey(""), std::invalid_argument);
}

}  // namespace
}  // namespace ccrm::crypto
