// SearchIndex (SQLite FTS5) at 1,000,000 lead-like documents: prefix search latency, p50/p99.
//
// The corpus is built once per process (or reused from CCRM_BENCH_DIR when a previous run left
// a complete one there), through UpsertBatch. Each benchmark runs a fixed number of searches
// over a rotating set of inputs and reports p50/p99/mean latency and the average hit count as
// counters; Index reports build time and size on disk. CCRM_BENCH_DOCS overrides the count.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "storage/sqlite/sqlite_search_index.hpp"

namespace {

using ccrm::storage::SearchDocument;
using ccrm::storage::SearchIndexPtr;
using ccrm::storage::SearchQuery;
using Clock = std::chrono::steady_clock;

constexpr const char* kCollection = "leads";
constexpr size_t kBatch = 5000;
constexpr int kIterations = 300;

constexpr std::array kFirst = {
    "james",   "mary",      "john",    "patricia", "robert",      "jennifer", "michael", "linda",
    "william", "elizabeth", "david",   "barbara",  "richard",     "susan",    "joseph",  "jessica",
    "thomas",  "sarah",     "charles", "karen",    "christopher", "nancy",    "daniel",  "lisa",
    "matthew", "betty",     "anthony", "margaret", "mark",        "sandra",   "donald",  "ashley",
    "steven",  "kimberly",  "paul",    "emily",    "andrew",      "donna",    "joshua",  "michelle",
    "kenneth", "dorothy",   "kevin",   "carol",    "brian",       "amanda",   "george",  "melissa",
    "edward",  "deborah",   "josé",    "maría",    "zoë",         "renée",    "andré"};
constexpr std::array kLast = {
    "smith",    "johnson",   "williams",   "brown",     "jones",    "garcia",   "miller",
    "davis",    "rodriguez", "martinez",   "hernandez", "lopez",    "gonzalez", "wilson",
    "anderson", "thomas",    "taylor",     "moore",     "jackson",  "martin",   "lee",
    "perez",    "thompson",  "white",      "harris",    "sanchez",  "clark",    "ramirez",
    "lewis",    "robinson",  "walker",     "young",     "allen",    "king",     "wright",
    "scott",    "torres",    "nguyen",     "hill",      "flores",   "green",    "adams",
    "nelson",   "baker",     "hall",       "rivera",    "campbell", "mitchell", "carter",
    "roberts",  "gómez",     "phillips",   "evans",     "turner",   "díaz",     "parker",
    "cruz",     "edwards",   "collins",    "reyes",     "stewart",  "morris",   "morales",
    "murphy",   "cook",      "rogers",     "gutierrez", "ortiz",    "morgan",   "cooper",
    "peterson", "bailey",    "reed",       "kelly",     "howard",   "ramos",    "kim",
    "cox",      "ward",      "richardson", "watson",    "brooks",   "chavez",   "wood",
    "james",    "bennett",   "gray",       "mendoza",   "ruiz",     "hughes",   "price",
    "alvarez",  "castillo",  "sanders",    "patel",     "myers",    "long",     "ross",
    "foster",   "jiménez"};
constexpr std::array kStreets = {"oak",        "maple",  "pine",  "cedar",  "elm",
                                 "washington", "lake",   "hill",  "park",   "main",
                                 "sunset",     "harbor", "bay",   "palm",   "magnolia",
                                 "cypress",    "ocean",  "river", "forest", "meadow"};
constexpr std::array kSuffixes = {"st", "ave", "blvd", "dr", "ln", "ct", "way", "rd"};
constexpr std::array kCities = {
    "tampa fl",     "miami fl",        "orlando fl",        "houston tx", "dallas tx",
    "austin tx",    "new orleans la",  "baton rouge la",    "mobile al",  "charleston sc",
    "savannah ga",  "jacksonville fl", "corpus christi tx", "naples fl",  "pensacola fl",
    "galveston tx", "biloxi ms",       "wilmington nc"};
constexpr std::array kCarriers = {
    "state farm",  "allstate",       "citizens property", "universal property",
    "progressive", "liberty mutual", "nationwide",        "travelers",
    "usaa",        "farmers",        "heritage",          "american integrity",
    "tower hill",  "security first", "people's trust"};
constexpr std::array kDomains = {"gmail.com", "yahoo.com",   "outlook.com", "icloud.com",
                                 "aol.com",   "hotmail.com", "comcast.net"};
constexpr std::array kStatuses = {
    "new",        "contacted",   "qualified",   "inspection_scheduled",
    "lor_signed", "claim_filed", "negotiating", "settled",
    "lost",       "new"};

template <typename List>
const char* Pick(std::mt19937_64& rng, const List& list) {
  return list[rng() % list.size()];
}

std::string Digits(std::mt19937_64& rng, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += static_cast<char>('0' + rng() % 10);
  return out;
}

SearchDocument MakeLead(size_t n) {
  std::mt19937_64 rng(n * 0x9E3779B97F4A7C15ULL + 17);
  SearchDocument doc;
  char id[32];
  std::snprintf(id, sizeof id, "lead_%010zu", n);  // sorts like a ULID: newest largest
  doc.id = id;
  const std::string first = Pick(rng, kFirst);
  const std::string last = Pick(rng, kLast);
  doc.text["name"] = first + " " + last;
  doc.text["email"] = first + "." + last + std::to_string(rng() % 1000) + "@" + Pick(rng, kDomains);
  // The leads module indexes each phone in the forms people type.
  const std::string area = std::to_string(200 + rng() % 40 * 17);
  const std::string exchange = std::to_string(200 + rng() % 800);
  const std::string line = Digits(rng, 4);
  doc.text["phone"] = area + " " + exchange + " " + line + " " + area + exchange + line + " 1" +
                      area + exchange + line;
  doc.text["address"] = std::to_string(1 + rng() % 9999) + " " + Pick(rng, kStreets) + " " +
                        Pick(rng, kSuffixes) + " " + Pick(rng, kCities) + " " +
                        std::to_string(30000 + rng() % 50000);
  doc.text["claim"] =
      std::string(Pick(rng, kCarriers)) + " HO" + Digits(rng, 8) + " CLM-" + Digits(rng, 6);
  doc.filters["status"] = Pick(rng, kStatuses);
  doc.filters["assignedTo"] = "usr_" + std::to_string(rng() % 50);
  if (rng() % 10 == 0) doc.tags.push_back("vip");
  if (rng() % 4 == 0) doc.tags.push_back("hail");
  return doc;
}

struct Corpus {
  std::filesystem::path dir;
  SearchIndexPtr index;
  size_t docs = 0;
  double build_seconds = 0;  // 0 when reused
};

size_t DocCount() {
  const char* env = std::getenv("CCRM_BENCH_DOCS");
  return env ? static_cast<size_t>(std::stoull(env)) : 1000000;
}

Corpus& TheCorpus() {
  static Corpus corpus = [] {
    Corpus c;
    c.docs = DocCount();
    if (const char* env = std::getenv("CCRM_BENCH_DIR")) {
      c.dir = std::filesystem::path(env) / "search";
    } else {
      std::string pattern =
          (std::filesystem::temp_directory_path() / "ccrm-search-bench-XXXXXX").string();
      if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
      c.dir = pattern;
    }
    const auto marker = c.dir / ("complete-" + std::to_string(c.docs));
    const bool reuse = std::filesystem::exists(marker);
    if (!reuse) std::filesystem::remove_all(c.dir);
    c.index = ccrm::storage::sqlite::MakeSqliteSearchIndex((c.dir / "search.db").string());
    c.index->EnsureCollection(
        kCollection,
        {{"name", 4.0}, {"email", 2.0}, {"phone", 2.0}, {"address", 1.0}, {"claim", 1.5}},
        {"status", "assignedTo"});
    if (reuse) return c;
    const auto start = Clock::now();
    std::vector<SearchDocument> batch;
    batch.reserve(kBatch);
    for (size_t n = 1; n <= c.docs; ++n) {
      batch.push_back(MakeLead(n));
      if (batch.size() == kBatch || n == c.docs) {
        c.index->UpsertBatch(kCollection, batch);
        batch.clear();
      }
      if (n % 100000 == 0) std::fprintf(stderr, "indexed %zu\n", n);
    }
    c.build_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::ofstream(marker) << c.build_seconds << "\n";
    return c;
  }();
  return corpus;
}

double DiskMegabytes(const std::filesystem::path& dir) {
  double bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) bytes += static_cast<double>(entry.file_size());
  }
  return bytes / (1024.0 * 1024.0);
}

void Report(benchmark::State& state, std::vector<double>& millis, double hits) {
  std::sort(millis.begin(), millis.end());
  const auto at = [&](double q) {
    return millis[std::min(millis.size() - 1, static_cast<size_t>(q * millis.size()))];
  };
  double sum = 0;
  for (double m : millis) sum += m;
  state.counters["p50_ms"] = at(0.50);
  state.counters["p99_ms"] = at(0.99);
  state.counters["max_ms"] = millis.back();
  state.counters["mean_ms"] = sum / static_cast<double>(millis.size());
  state.counters["hits"] = hits / static_cast<double>(millis.size());
}

void RunQueries(benchmark::State& state, const std::vector<std::string>& inputs, bool filtered) {
  Corpus& corpus = TheCorpus();
  std::vector<double> millis;
  double hits = 0;
  size_t i = 0;
  for (auto _ : state) {
    SearchQuery query;
    query.collection = kCollection;
    query.text = inputs[i % inputs.size()];
    query.limit = 50;
    if (filtered) query.filters = {{"status", kStatuses[i % 9]}};
    ++i;
    const auto start = Clock::now();
    const auto result = corpus.index->Search(query);
    millis.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    hits += static_cast<double>(result.hits.size());
    benchmark::DoNotOptimize(result);
  }
  Report(state, millis, hits);
}

const std::vector<std::string> kOneChar = {"s", "m", "j", "k", "2", "w", "r", "a", "d", "5"};
const std::vector<std::string> kThreeChars = {"smi", "joh", "mar", "gar", "wil",
                                              "ram", "jos", "tay", "oce", "bro"};
const std::vector<std::string> kFiveChars = {"smith", "johns", "marti", "garci", "wilso",
                                             "ramir", "maria", "taylo", "ocean", "brown"};
const std::vector<std::string> kTwoTokens = {"mary smi",  "john gar",  "jose rami", "linda wil",
                                             "david bro", "state far", "tampa oak", "maria lop",
                                             "karen tay", "kevin jon"};

void BM_Prefix1(benchmark::State& s) { RunQueries(s, kOneChar, false); }
void BM_Prefix1Filtered(benchmark::State& s) { RunQueries(s, kOneChar, true); }
void BM_Prefix3(benchmark::State& s) { RunQueries(s, kThreeChars, false); }
void BM_Prefix3Filtered(benchmark::State& s) { RunQueries(s, kThreeChars, true); }
void BM_Prefix5(benchmark::State& s) { RunQueries(s, kFiveChars, false); }
void BM_Prefix5Filtered(benchmark::State& s) { RunQueries(s, kFiveChars, true); }
void BM_TwoTokens(benchmark::State& s) { RunQueries(s, kTwoTokens, false); }
void BM_TwoTokensFiltered(benchmark::State& s) { RunQueries(s, kTwoTokens, true); }

// A phone typed as digits, and a page two of a three-letter query (frozen-stats path).
void BM_PhoneDigits(benchmark::State& state) {
  std::vector<std::string> inputs;
  for (size_t n = 1; n <= 10; ++n) {
    const std::string phone = MakeLead(n * 7919).text.at("phone");
    inputs.push_back(phone.substr(0, 7));  // "AAA PPP"
  }
  RunQueries(state, inputs, false);
}

void BM_Prefix3Page2(benchmark::State& state) {
  Corpus& corpus = TheCorpus();
  std::vector<std::string> cursors;
  for (const std::string& text : kThreeChars) {
    SearchQuery query;
    query.collection = kCollection;
    query.text = text;
    cursors.push_back(corpus.index->Search(query).next_cursor.value_or(""));
  }
  std::vector<double> millis;
  double hits = 0;
  size_t i = 0;
  for (auto _ : state) {
    SearchQuery query;
    query.collection = kCollection;
    query.text = kThreeChars[i % kThreeChars.size()];
    query.cursor = cursors[i % cursors.size()];
    ++i;
    const auto start = Clock::now();
    const auto result = corpus.index->Search(query);
    millis.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    hits += static_cast<double>(result.hits.size());
  }
  Report(state, millis, hits);
}

// One document rewritten at a time (a lead edit), on the full index.
void BM_UpsertOne(benchmark::State& state) {
  Corpus& corpus = TheCorpus();
  std::vector<double> millis;
  size_t i = 0;
  for (auto _ : state) {
    SearchDocument doc = MakeLead(1 + (i * 104729) % corpus.docs);
    doc.text["name"] += " edited" + std::to_string(i++);
    const auto start = Clock::now();
    corpus.index->Upsert(kCollection, doc);
    millis.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  Report(state, millis, 0);
}

// Two-word searches while another thread keeps writing batches of 100 new documents: the
// readers have their own connections, so they should not queue behind the writer.
void BM_TwoTokensWhileWriting(benchmark::State& state) {
  Corpus& corpus = TheCorpus();
  std::atomic<bool> stop{false};
  std::atomic<size_t> written{0};
  std::thread writer([&] {
    size_t n = corpus.docs + 1;
    while (!stop) {
      std::vector<SearchDocument> batch;
      for (int i = 0; i < 100; ++i) batch.push_back(MakeLead(n++));
      corpus.index->UpsertBatch(kCollection, batch);
      written += batch.size();
    }
  });
  RunQueries(state, kTwoTokens, false);
  stop = true;
  writer.join();
  state.counters["written"] = static_cast<double>(written);
}

void BM_Index(benchmark::State& state) {
  Corpus& corpus = TheCorpus();
  for (auto _ : state) benchmark::DoNotOptimize(corpus.docs);
  state.counters["docs"] = static_cast<double>(corpus.docs);
  state.counters["build_s"] = corpus.build_seconds;
  state.counters["docs_per_s"] =
      corpus.build_seconds > 0 ? static_cast<double>(corpus.docs) / corpus.build_seconds : 0;
  state.counters["disk_MB"] = DiskMegabytes(corpus.dir);
}

}  // namespace

BENCHMARK(BM_Index)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Prefix1)->Iterations(kIterations)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Prefix1Filtered)->Iterations(kIterations)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Prefix3)->Iterations(kIterations)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Prefix3Filtered)->Iterations(kIterations)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Prefix5)->Iterations(kIterations)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Prefix5Filtered)->Iterations(kIterations)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TwoTokens)->Iterations(kIterations)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TwoTokensFiltered)->Iterations(kIterations)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PhoneDigits)->Iterations(kIterations)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Prefix3Page2)->Iterations(kIterations)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_UpsertOne)->Iterations(200)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TwoTokensWhileWriting)->Iterations(kIterations)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
