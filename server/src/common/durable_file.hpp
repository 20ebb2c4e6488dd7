// Files that must be whole after a crash (keys, audit digests): written to a temporary file,
// synced, and renamed or linked into place, then the directory synced.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string_view>

namespace ccrm {

// Writes every byte, retrying short writes and EINTR. Throws std::system_error naming `path`.
void WriteAll(int fd, std::string_view bytes, const std::filesystem::path& path);
// fsync of a directory, so a rename or link in it survives a crash. Best effort: a directory
// that cannot be opened is left alone.
void SyncDirectory(const std::filesystem::path& dir);
// Replaces `path` with `bytes` (mode `mode`, whatever the umask): readers see the old file or
// the new one, never a part; once it returns, the new file survives a crash. Throws
// std::system_error naming the path.
void WriteFileDurably(const std::filesystem::path& path, std::string_view bytes,
                      mode_t mode = 0644);

}  // namespace ccrm
