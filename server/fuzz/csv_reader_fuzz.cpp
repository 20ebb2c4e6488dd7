// The CSV reader of lead import, fed the input in chunks of varying sizes.
// Invariants: every record reaches exactly one handler, numbered in order; a good record is
// valid UTF-8 within the limits; and written back by CsvWriter (verbatim, no formula
// neutralising) then read again, it gives the same cells — whatever the chunking.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "common/utf8.hpp"
#include "fuzz_check.hpp"
#include "common/csv_reader.hpp"
#include "common/csv_writer.hpp"

using ccrm::CsvError;
using ccrm::CsvLimits;
using ccrm::CsvReader;
using ccrm::CsvRecord;
using ccrm::CsvWriter;

namespace {

using Rows = std::vector<std::vector<std::string>>;

struct Outcome {
  Rows good;
  int64_t delivered = 0;
};

Outcome Read(std::string_view input, size_t chunk, const CsvLimits& limits) {
  Outcome outcome;
  int64_t last_number = 0;
  CsvReader reader(
      [&](const CsvRecord& record) {
        FUZZ_CHECK(record.number > last_number, "records are numbered in input order");
        last_number = record.number;
        FUZZ_CHECK(record.fields.size() <= limits.max_fields, "a record within max_fields");
        std::vector<std::string> cells;
        for (std::string_view field : record.fields) {
          FUZZ_CHECK(field.size() <= limits.max_field_bytes, "a field within max_field_bytes");
          FUZZ_CHECK(ccrm::DecodeUtf8(field).has_value(), "a good field is valid UTF-8");
          FUZZ_CHECK(field.find('\0') == std::string_view::npos, "no NUL in a good field");
          cells.emplace_back(field);
        }
        outcome.good.push_back(std::move(cells));
        ++outcome.delivered;
      },
      [&](const CsvError& error) {
        FUZZ_CHECK(error.row > last_number, "errors are numbered in input order too");
        last_number = error.row;
        FUZZ_CHECK(!error.message.empty(), "an error says what is wrong");
        ++outcome.delivered;
      },
      limits);
  for (size_t at = 0; at < input.size(); at += chunk) reader.Feed(input.substr(at, chunk));
  reader.Finish();
  reader.Finish();  // idempotent
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  // The first byte picks the chunk size, so a chunk boundary lands everywhere in time.
  const size_t chunk = 1 + data[0] % 17;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const CsvLimits limits{.max_field_bytes = 128, .max_fields = 16, .max_record_bytes = 768};

  const Outcome whole = Read(input, input.size() + 1, limits);
  const Outcome chunked = Read(input, chunk, limits);
  FUZZ_CHECK(whole.good == chunked.good, "the chunking does not change the records");
  FUZZ_CHECK(whole.delivered == chunked.delivered, "nor how many records and errors there are");

  // Written back and read again: the same cells.
  std::string written;
  CsvWriter writer(written, {.neutralise_formulas = false});
  for (const auto& row : whole.good) writer.WriteRecord(std::span<const std::string>(row));
  const CsvLimits roomy{.max_field_bytes = 4096, .max_fields = 64, .max_record_bytes = 1 << 20};
  const Outcome again = Read(written, written.size() + 1, roomy);
  // A row of one empty cell is written as "" (an empty line would be skipped as no record).
  const Rows& expected = whole.good;
  if (again.good != expected) {
    std::fprintf(stderr, "written: [%s]\n", written.c_str());
    for (const Rows* rows : {static_cast<const Rows*>(&expected), &again.good}) {
      std::fprintf(stderr, "%s:\n", rows == &expected ? "expected" : "read again");
      for (const auto& row : *rows) {
        std::fprintf(stderr, " ");
        for (const auto& cell : row) std::fprintf(stderr, " [%s]", cell.c_str());
        std::fprintf(stderr, "\n");
      }
    }
  }
  FUZZ_CHECK(again.good == expected, "written and read again, the cells are the same");
  FUZZ_CHECK(again.delivered == static_cast<int64_t>(expected.size()), "and nothing is refused");
  return 0;
}
