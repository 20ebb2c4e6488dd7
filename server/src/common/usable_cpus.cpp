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

// The cgroup v2 directory of this process, from /proc/self/cgroup's "0::/path" line.
std::optional<std::string> OwnCgroupCpuMax() {
  std::ifstream cgroups("/proc/self/cgroup");
  std::string line;
  while (std::getline(cgroups, line)) {
    if (!line.starts_with("0::")) continue;
    std::ifstream max("/sys/fs/cgroup" + line.substr(3) + "/cpu.max");
    std::stringstream text;
    text << max.rdbuf();
    if (max) return text.str();
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
  if (const auto cpu_max = OwnCgroupCpuMax()) {
    if (const auto granted = CpusOfCgroupMax(*cpu_max)) cpus = std::min(cpus, *granted);
  }
  return std::max(1, cpus);
}

}  // namespace ccrm
