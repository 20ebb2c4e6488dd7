// Changes to what a stored lead carries, applied once to the leads already stored. An index
// added to the leads table is backfilled by the store from the attributes items already have;
// when the index reads an attribute that is new (derived by LeadToItem), the stored leads must
// be given it. Each migration is recorded in kLeadMigrationsTable when done, so it runs once
// per store; it is idempotent, so two servers starting together on one store do no harm.
#pragma once

#include <functional>
#include <string>

#include "storage/record_store.hpp"

namespace ccrm::leads {

inline constexpr const char* kLeadMigrationsTable = "lead_migrations";

// Runs the migrations not yet recorded. `progress` hears "<name>: <n> leads" now and then.
void MigrateStoredLeads(storage::RecordStore& records,
                        const std::function<void(const std::string&)>& progress = {});

}  // namespace ccrm::leads
