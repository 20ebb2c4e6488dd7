// store_writer DATA_DIR TAG: writes items TAG-0, TAG-1, ... into the data dir's RecordStore from
// 4 threads as fast as it can, printing each id only after its Put returned, until killed. The
// kill -9 durability test checks that every id it printed survived.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store_probe.hpp"

namespace {

constexpr int kThreads = 4;
// A bound in case nobody kills us (the test died): a stray writer must not fill the disk.
constexpr auto kMaxRunTime = std::chrono::seconds(120);

std::mutex print_mutex;

// One write(2) per line, so an id is either wholly in the output or not at all, and nothing
// sits in a stdio buffer that kill -9 would discard.
void PrintLine(const std::string& line) {
  std::lock_guard lock(print_mutex);
  const std::string text = line + "\n";
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, text.data() + done, text.size() - done);
    if (n <= 0) std::_Exit(3);
    done += static_cast<size_t>(n);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: store_writer DATA_DIR TAG\n");
    return 2;
  }
  const std::string data_dir = argv[1];
  const std::string tag = argv[2];
  try {
    auto probe = ccrm::testing::OpenProbeStore(data_dir);
    const std::string payload(200, 'p');
    std::atomic<long> next{0};
    std::atomic<bool> failed{false};
    const auto deadline = std::chrono::steady_clock::now() + kMaxRunTime;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        try {
          while (!failed && std::chrono::steady_clock::now() < deadline) {
            const long n = next++;
            const std::string id = ccrm::testing::ProbeId(tag, n);
            probe.store->Put(ccrm::testing::kProbeTable,
                             {{"id", id}, {"n", n}, {"payload", payload}});
            PrintLine(id);
          }
        } catch (const std::exception& e) {
          std::fprintf(stderr, "store_writer: %s\n", e.what());
          failed = true;
        }
      });
    }
    for (auto& t : threads) t.join();
    probe.db->Close();
    return failed ? 1 : 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "store_writer: %s\n", e.what());
    return 1;
  }
}
