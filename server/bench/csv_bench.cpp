// Lead CSV import/export throughput: CsvReader and CsvWriter over 100,000 rows of 40 columns.
//
// The rows are generated in memory once per process from a fixed seed: the product's lead
// columns plus notes, with names, addresses, phones, dates and money as an export holds them,
// and some text that needs quoting (commas, quotes, line breaks) and neutralising (a leading
// '=' or '-'). Parse feeds the CSV in 64 KiB chunks, as a request body arrives, and reports
// MB/s and rows/s; Write streams the same rows out, handing off every 64 KiB. CCRM_BENCH_ROWS
// overrides the row count.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/csv_reader.hpp"
#include "common/csv_writer.hpp"
#include "leads/lead_csv.hpp"

namespace {

using ccrm::CsvReader;
using ccrm::CsvRecord;
using ccrm::CsvWriter;

constexpr size_t kColumns = 40;
constexpr size_t kChunk = 64 * 1024;


constexpr std::array kFirst = {"james", "mary",    "john",  "patricia", "robert", "jennifer",
                               "josé",  "maría",   "zoë",   "renée",    "andré",  "linda",
                               "david", "barbara", "susan", "michael"};
constexpr std::array kLast = {"smith",  "johnson", "garcia",   "nguyen", "o'brien",
                              "müller", "lee",     "martinez", "brown",  "davis"};
constexpr std::array kStreets = {"Main St", "Oak Ave", "Pine Rd", "Maple Dr", "Cedar Ln"};
constexpr std::array kCities = {"Tampa", "Miami", "Orlando", "Houston", "Austin", "Raleigh"};
constexpr std::array kStates = {"FL", "TX", "NC", "LA", "GA"};
constexpr std::array kStatuses = {"new", "contacted", "qualified", "signed", "closed"};
constexpr std::array kSources = {"web", "referral", "door-knock", "call-in"};
constexpr std::array kCarriers = {"State Farm", "Allstate", "Citizens", "USAA", "Progressive"};
constexpr std::array kLoss = {"wind", "hail", "water", "fire", "hurricane"};
constexpr std::array kNotes = {
    "",
    "",
    "Called twice, no answer",
    "Roof damage, north side; \"urgent\" per homeowner",
    "Prefers text after 5pm.\nSpouse is co-owner.",
    "=HYPERLINK(\"http://x\",\"y\")",
    "-see adjuster notes",
    "Tarp installed, interior ceiling stains in 2 rooms, mold suspected"};

// All rows' fields back to back in one arena, so the write benchmark reads fields the way an
// export reads them from records, without 4 million strings.
struct Corpus {
  std::string arena;
  std::vector<size_t> ends;  // kColumns per row
  size_t rows = 0;
  std::string csv;
};

template <typename Array>
const char* Pick(std::mt19937& rng, const Array& values) {
  return values[std::uniform_int_distribution<size_t>(0, values.size() - 1)(rng)];
}

std::string Digits(std::mt19937& rng, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += static_cast<char>('0' + rng() % 10);
  return out;
}

std::string Date(std::mt19937& rng) {
  return "2024-" + std::to_string(10 + rng() % 3) + "-" + std::to_string(10 + rng() % 18);
}

std::array<std::string, kColumns> Row(std::mt19937& rng, size_t i) {
  const std::string first = Pick(rng, kFirst);
  const std::string last = Pick(rng, kLast);
  const std::string stamp =
      Date(rng) + "T1" + Digits(rng, 1) + ":" + std::to_string(10 + rng() % 50) + ":00Z";
  return {"01J" + Digits(rng, 23),
          first,
          last,
          first + "." + last + std::to_string(i) + "@example.com",
          "+1 555-" + Digits(rng, 3) + "-" + Digits(rng, 4),
          "mobile",
          rng() % 3 == 0 ? "+1 (555) " + Digits(rng, 3) + "-" + Digits(rng, 4) : "",
          rng() % 3 == 0 ? "home" : "",
          "phone",
          Digits(rng, 4) + " " + Pick(rng, kStreets),
          rng() % 4 == 0 ? "Apt " + Digits(rng, 2) + ", rear" : "",
          Pick(rng, kCities),
          Pick(rng, kStates),
          Digits(rng, 5),
          "US",
          Pick(rng, kStatuses),
          Pick(rng, kSources),
          "agent" + Digits(rng, 2),
          "storm-2024;roof",
          rng() % 20 == 0 ? "true" : "false",
          Pick(rng, kCarriers),
          "HO-" + Digits(rng, 9),
          "HO-3",
          "CLM" + Digits(rng, 10),
          Date(rng),
          Date(rng),
          Pick(rng, kLoss),
          "Wind damage to roof, siding and fence after the storm of " + Date(rng),
          Digits(rng, 6),
          Digits(rng, 7),
          Digits(rng, 7),
          rng() % 2 == 0 ? Digits(rng, 7) : "",
          "10",
          rng() % 2 == 0 ? stamp : "",
          std::string(Pick(rng, kFirst)) + " " + Pick(rng, kLast),
          "+1 555-" + Digits(rng, 3) + "-" + Digits(rng, 4),
          "adjuster" + Digits(rng, 3) + "@carrier.example",
          stamp,
          stamp,
          Pick(rng, kNotes)};
}

const Corpus& GetCorpus() {
  static const Corpus corpus = [] {
    Corpus c;
    const char* rows_env = std::getenv("CCRM_BENCH_ROWS");
    c.rows = rows_env != nullptr ? std::strtoull(rows_env, nullptr, 10) : 100'000;
    std::mt19937 rng(2024);
    CsvWriter writer(c.csv);
    // The export's columns in order, and a free-text "notes" column: Row() makes kColumns cells.
    const auto& header = ccrm::leads::LeadCsvColumns();
    if (header.size() + 1 != kColumns) std::abort();
    for (std::string_view name : header) writer.AddField(name);
    writer.AddField("notes");
    writer.EndRecord();
    c.ends.reserve(c.rows * kColumns);
    for (size_t i = 0; i < c.rows; ++i) {
      const auto row = Row(rng, i);
      for (const std::string& field : row) {
        c.arena += field;
        c.ends.push_back(c.arena.size());
      }
      writer.WriteRecord(row);
    }
    return c;
  }();
  return corpus;
}

void BM_Parse(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  const std::string_view csv = corpus.csv;
  size_t rows = 0;
  size_t errors = 0;
  size_t field_bytes = 0;
  for (auto _ : state) {
    CsvReader reader(
        [&](const CsvRecord& record) {
          ++rows;
          for (const std::string_view field : record.fields) field_bytes += field.size();
        },
        [&](const auto&) { ++errors; });
    for (size_t at = 0; at < csv.size(); at += kChunk) reader.Feed(csv.substr(at, kChunk));
    reader.Finish();
  }
  benchmark::DoNotOptimize(field_bytes);
  if (errors != 0) state.SkipWithError("the generated CSV did not read back cleanly");
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * csv.size()));
  state.counters["rows_per_s"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
  state.counters["MB"] = static_cast<double>(csv.size()) / 1e6;
}
BENCHMARK(BM_Parse)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Write(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  std::string out;
  out.reserve(2 * kChunk);
  size_t written = 0;
  for (auto _ : state) {
    CsvWriter writer(out);
    size_t start = 0;
    const size_t* end = corpus.ends.data();
    for (size_t row = 0; row < corpus.rows; ++row) {
      for (size_t column = 0; column < kColumns; ++column, ++end) {
        writer.AddField(std::string_view(corpus.arena).substr(start, *end - start));
        start = *end;
      }
      writer.EndRecord();
      if (out.size() >= kChunk) {  // handed to the socket
        written += out.size();
        out.clear();
      }
    }
    written += out.size();
    out.clear();
  }
  state.SetBytesProcessed(static_cast<int64_t>(written));
  state.counters["rows_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * corpus.rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Write)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
