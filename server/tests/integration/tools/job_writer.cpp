// job_writer DATA_DIR KIND N: enqueues N jobs of KIND in the data dir's durable queue and runs
// one round of its dispatcher, exactly as the server would (through Application); prints each
// job id on a line. With a KIND no handler knows and queue.max_attempts = 1 in the
// environment, the jobs land in dead letters: what the dead-letter tests start from.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "app/application.hpp"
#include "app/config.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: job_writer DATA_DIR KIND N\n");
    return 2;
  }
  try {
    const char* attempts = std::getenv("CCRM_QUEUE_MAX_ATTEMPTS");
    ccrm::app::Application app(ccrm::app::LoadConfig(
        "", {{"CCRM_STORAGE_DATA_DIR", std::string(argv[1])},
             {"CCRM_QUEUE_MAX_ATTEMPTS", attempts != nullptr ? attempts : "8"}}));
    app.Open();
    const long count = std::stol(argv[3]);
    for (long i = 0; i < count; ++i) {
      std::string id;
      const auto action = app.queue().queue()->Enqueue(argv[2], {{"n", i}}, {}, &id);
      if (!app.records()->TransactWrite({action}).committed) {
        std::fprintf(stderr, "job_writer: job %ld not committed\n", i);
        return 1;
      }
      std::printf("%s\n", id.c_str());
    }
    app.queue().dispatcher()->RunDue();
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "job_writer: %s\n", e.what());
    return 1;
  }
}
