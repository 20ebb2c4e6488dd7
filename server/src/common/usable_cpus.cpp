#include "common/usable_cpus.hpp"

#include <sched.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace ccrm {
namespace {

int AffinityCpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// The smallest CPU quota (cgroup v2 cpu.max) of this process's cgroup and its ancestors, from
// /proc/self/cgroup's "0::/path" line: a container's limit may sit on a parent.
std::optional<int> CgroupCpus() {
  std::ifstream cgroups("/proc/self/cgroup");
  std::string line;
  while (std::getline(cgroups, line)) {
    if (!line.starts_with("0::")) continue;
    std::optional<int> least;
    std::string path = line.substr(3);
    for (;;) {
      std::ifstream max("/sys/fs/cgroup" + path + "/cpu.max");
      if (max) {
        std::stringstream text;
        text << max.rdbuf();
        if (const auto granted = CpusOfCgroupMax(text.str())) {
          least = least ? std::min(*least, *granted) : *granted;
        }
      }
      const size_t slash = path.rfind('/');
      if (path.empty() || path == "/" || slash == std::string::npos) break;
      path.resize(slash);
    }
    return least;
  }
  return std::nullopt;
}

}  // namespace

std::optional<int> CpusOfCgroupMax(std::string_view cpu_max) {
  const size_t space = cpu_max.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const std::string_view quota_text = cpu_max.substr(0, space);
  std::string_view period_text = cpu_max.substr(space + 1);
  while (!period_text.empty() && (period_text.back() == '\n' || period_text.back() == ' ')) {
    period_text.remove_suffix(1);
  }
  long long quota = 0, period = 0;
  const auto q = std::from_chars(quota_text.data(), quota_text.data() + quota_text.size(), quota);
  const auto p =
      std::from_chars(period_text.data(), period_text.data() + period_text.size(), period);
  if (q.ec != std::errc() || q.ptr != quota_text.data() + quota_text.size() ||
      p.ec != std::errc() || p.ptr != period_text.data() + period_text.size() || quota <= 0 ||
      period <= 0) {
    return std::nullopt;
  }
  return static_cast<int>(std::max(1LL, (quota + period - 1) / period));
}

int UsableCpus() {
  int cpus = AffinityCpus();
  if (const auto granted = CgroupCpus()) cpus = std::min(cpus, *granted);
  return std::max(1, cpus);
}

}  // namespace ccrm
