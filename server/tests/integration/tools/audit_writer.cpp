// audit_writer DATA_DIR N [ACTION]: appends N records to the data dir's audit trail exactly as
// the server does (through Application), so `ccrm audit verify` has a chain to check before
// any HTTP route writes one.
#include <cstdio>
#include <exception>
#include <string>

#include "app/application.hpp"
#include "app/config.hpp"
#include "audit/audit_log.hpp"

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::fprintf(stderr, "usage: audit_writer DATA_DIR N [ACTION]\n");
    return 2;
  }
  try {
    const std::string action = argc == 4 ? argv[3] : "probe.write";
    const long count = std::stol(argv[2]);
    ccrm::app::Application app(
        ccrm::app::LoadConfig("", {{"CCRM_STORAGE_DATA_DIR", std::string(argv[1])}}));
    app.Open();
    for (long i = 0; i < count; ++i) {
      ccrm::audit::AuditEvent event;
      event.actor = "system";
      event.action = action;
      event.entity = "probe";
      event.entity_id = "probe_" + std::to_string(i);
      event.changes = {{"n", {{"old", nullptr}, {"new", i}}}};
      if (!app.audit()->Append(event).committed) {
        std::fprintf(stderr, "audit_writer: append %ld not committed\n", i);
        return 1;
      }
    }
    std::printf("appended %ld\n", count);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "audit_writer: %s\n", e.what());
    return 1;
  }
}
