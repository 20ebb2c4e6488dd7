// A CSV import file as the importer maps it: the header row, then each row to a lead
// (LeadFromCsvRow), then lead validation.
// Invariants: mapping never throws; a cell in error is never also a field; and a row that
// becomes a valid lead survives the export round trip: LeadToCsvRow, then LeadFromCsvRow under
// the export's own header, then validation gives the same lead.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "common/csv_reader.hpp"
#include "leads/lead_csv.hpp"
#include "leads/lead_validation.hpp"

using namespace ccrm::leads;
using ccrm::CsvError;
using ccrm::CsvReader;
using ccrm::CsvRecord;

namespace {

std::optional<std::string> UserIdFor(std::string_view username) {
  if (username == "agent.ann") return "usr_01m8d6gbck2tj2y13kbfjtvk1a";
  return std::nullopt;
}
std::optional<std::string> UsernameFor(std::string_view id) {
  if (id == "usr_01m8d6gbck2tj2y13kbfjtvk1a") return "agent.ann";
  return std::nullopt;
}

const LeadCsvHeader& ExportHeader() {
  static const LeadCsvHeader header = [] {
    std::vector<std::string> names;
    for (std::string_view name : LeadCsvColumns()) names.emplace_back(name);
    return LeadCsvHeader::FromRow(names);
  }();
  return header;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 8192) return 0;
  std::vector<std::vector<std::string>> rows;
  CsvReader reader(
      [&](const CsvRecord& record) {
        rows.emplace_back(record.fields.begin(), record.fields.end());
      },
      [](const CsvError&) {});
  reader.Feed(std::string_view(reinterpret_cast<const char*>(data), size));
  reader.Finish();
  if (rows.empty()) return 0;
  const LeadCsvHeader header = LeadCsvHeader::FromRow(rows[0]);
  if (!header.ok()) return 0;

  for (size_t i = 1; i < rows.size() && i < 20; ++i) {
    LeadCsvRecord record = LeadFromCsvRow(header, rows[i], UserIdFor);
    for (const auto& error : record.errors) {
      FUZZ_CHECK(!error.message.empty(), "a cell error says why");
    }
    if (!record.errors.empty()) continue;
    ccrm::Json lead = record.fields;
    if (!ValidateAndNormalizeLead(lead).empty()) continue;

    const std::vector<std::string> exported = LeadToCsvRow(lead, UsernameFor);
    LeadCsvRecord back = LeadFromCsvRow(ExportHeader(), exported, UserIdFor);
    if (!back.errors.empty()) {
      std::fprintf(stderr, "lead %s: %s: %s\n", lead.dump().c_str(), back.errors[0].field.c_str(),
                   back.errors[0].message.c_str());
    }
    FUZZ_CHECK(back.errors.empty(), "an exported valid lead imports without cell errors");
    ccrm::Json again = back.fields;
    const auto errors = ValidateAndNormalizeLead(again);
    if (!errors.empty() || again != lead) {
      std::fprintf(stderr, "lead:  %s\nagain: %s\n", lead.dump().c_str(), again.dump().c_str());
    }
    FUZZ_CHECK(errors.empty(), "and is valid again");
    FUZZ_CHECK(again == lead, "and is the same lead");
  }
  return 0;
}
