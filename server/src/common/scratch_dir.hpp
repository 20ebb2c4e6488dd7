// For unit tests: a fresh, uniquely named directory under the system's temporary directory,
// removed with everything in it when the object goes (unless CCRM_KEEP_TEST_DIRS is set, which
// helps when a failing test's files need a look). The integration harness has its own TempDir.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace ccrm::testing {

class ScratchDir {
 public:
  // `label` names the test in the directory name ("ccrm-<label>-<pid>-<n>").
  explicit ScratchDir(std::string_view label = "test") {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("ccrm-" + std::string(label) + "-" + std::to_string(::getpid()) + "-" +
             std::to_string(counter++));
    std::filesystem::remove_all(path_);  // a leftover of an earlier process with this pid
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    if (std::getenv("CCRM_KEEP_TEST_DIRS") != nullptr) return;
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // path() / name, as a string (database files, config files).
  std::string File(std::string_view name) const { return (path_ / name).string(); }
  // Writes `content` to path() / name and returns that path.
  std::filesystem::path Write(std::string_view name, std::string_view content) const {
    std::filesystem::path file = path_ / name;
    std::ofstream(file, std::ios::binary) << content;
    return file;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace ccrm::testing
