// Holding back the removal of the localfs store's object files across processes, for backups.
#pragma once

#include <filesystem>

namespace ccrm::storage::localfs {

// Holds back the removal of object files under `root` (of replaced and deleted objects, and
// the orphan sweep) while it lives, in every process: a backup takes it before it snapshots the
// catalog and keeps it until it has copied every file the snapshot names. Removals meanwhile
// are left to the sweep. flock(2) on <root>/removal.lock; the constructor waits for removals
// under way (each takes a moment).
class RemovalHold {
 public:
  static constexpr const char* kFileName = "removal.lock";

  explicit RemovalHold(const std::filesystem::path& root);
  ~RemovalHold();
  RemovalHold(const RemovalHold&) = delete;
  RemovalHold& operator=(const RemovalHold&) = delete;

  // What a removal takes: a descriptor holding a shared lock on <root>/removal.lock (close it
  // when done), or -1 while a RemovalHold is held (then leave the file to the sweep).
  static int TryShared(const std::filesystem::path& root);

 private:
  int fd_;
};

}  // namespace ccrm::storage::localfs
