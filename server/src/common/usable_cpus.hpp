// How many CPUs this process may really use: the CPUs its affinity allows (taskset, cpusets),
// fewer when a cgroup v2 CPU quota (a container's --cpus, systemd's CPUQuota=) grants less.
// std::thread::hardware_concurrency() counts the machine's CPUs, which is how a server pinned
// to one core ended up running eight CPU-bound handler threads on it (issue 16).
#pragma once

#include <optional>
#include <string_view>

namespace ccrm {

// At least 1.
int UsableCpus();

// The CPUs a cgroup v2 `cpu.max` ("150000 100000": quota and period in µs) grants, rounded up;
// nullopt for "max …" (no quota) or text that is not a quota.
std::optional<int> CpusOfCgroupMax(std::string_view cpu_max);

}  // namespace ccrm
