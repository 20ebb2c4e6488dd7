// The TOML configuration file (`--config`, CCRM_CONFIG) through LoadConfig: toml++ and our
// settings table, ranges and combinations.
// Invariants: a bad file is a ConfigError naming where or which setting, never another
// exception; an accepted configuration validates again unchanged and has a listening port.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include "app/config.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  // LoadConfig reads a file (toml++'s parse_file): one per process, rewritten for each input,
  // in memory (/dev/shm) where there is one: on disk the writes cost more than the parse.
  static const std::string path =
      std::string(access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") + "/ccrm-fuzz-config-" +
      std::to_string(getpid()) + ".toml";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  ccrm::app::Config config;
  try {
    config = ccrm::app::LoadConfig(path, {});
  } catch (const ccrm::app::ConfigError& error) {
    FUZZ_CHECK(std::string(error.what()).size() > 0, "a refusal says why");
    return 0;
  }
  FUZZ_CHECK(!config.host.empty(), "a host to listen on");
  ccrm::app::Config again = config;
  try {
    ccrm::app::Validate(again);
  } catch (const ccrm::app::ConfigError&) {
    FUZZ_CHECK(false, "an accepted configuration validates again");
  }
  return 0;
}
