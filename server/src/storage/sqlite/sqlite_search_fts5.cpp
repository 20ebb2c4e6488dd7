#include "storage/sqlite/sqlite_search_fts5.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>

#include "storage/sqlite/sqlite_connection.hpp"

namespace ccrm::storage::sqlite {
namespace {

// FTS5's own bm25 constants, so page one of a scan ranks exactly as bm25() would.
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

fts5_api* FtsApi(sqlite3* db) {
  fts5_api* api = nullptr;
  Statement statement(db, "SELECT fts5(?1)");
  Check(db, sqlite3_bind_pointer(statement.raw(), 1, &api, "fts5_api_ptr", nullptr),
        "bind fts5_api_ptr");
  statement.Step();
  if (api == nullptr || api->iVersion < 2) throw StorageError("SQLite lacks FTS5");
  return api;
}

std::vector<std::string> SplitSpaces(std::string_view text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) parts.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

void AppendNumber(std::string& out, double value) {
  char buffer[32];
  // %.17g round-trips a double exactly, so a score recomputed on a later page from the
  // decoded stats is bit-identical to the one the cursor was cut at.
  const int n = std::snprintf(buffer, sizeof buffer, "%.17g", value);
  out.append(buffer, static_cast<size_t>(n));
}

std::optional<std::vector<double>> ParseNumbers(std::string_view text) {
  std::vector<double> numbers;
  const std::string copy(text);  // strtod needs a terminator
  const char* p = copy.c_str();
  const char* end = p + copy.size();
  while (p < end) {
    char* next = nullptr;
    const double value = std::strtod(p, &next);
    if (next == p || !std::isfinite(value)) return std::nullopt;
    numbers.push_back(value);
    p = next;
    if (p < end && *p != ' ') return std::nullopt;
    if (p < end) ++p;
  }
  return numbers;
}

struct RankAux {
  RankStats stats;
  std::vector<double> weights;
  std::vector<double> frequency;  // scratch, one per term
};

void DeleteRankAux(void* p) { delete static_cast<RankAux*>(p); }

void Rank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
          sqlite3_value** argv) {
  try {
    auto* aux = static_cast<RankAux*>(api->xGetAuxdata(fts, 0));
    if (aux == nullptr) {
      // Parsed once per query, not per row: FTS5 keeps the aux data for the whole MATCH.
      const auto* text =
          reinterpret_cast<const char*>(argc > 0 ? sqlite3_value_text(argv[0]) : nullptr);
      auto stats = DecodeRankStats(text ? std::string_view(text) : std::string_view());
      if (!stats || stats->idf.size() != static_cast<size_t>(api->xPhraseCount(fts))) {
        sqlite3_result_error(ctx, "ccrm_rank: stats do not fit the query", -1);
        return;
      }
      auto owned = std::make_unique<RankAux>();
      owned->stats = std::move(*stats);
      for (int i = 2; i < argc; ++i) owned->weights.push_back(sqlite3_value_double(argv[i]));
      owned->frequency.resize(owned->stats.idf.size());
      aux = owned.release();
      const int rc = api->xSetAuxdata(fts, aux, DeleteRankAux);  // frees aux itself on error
      if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
      }
    }
    std::fill(aux->frequency.begin(), aux->frequency.end(), 0.0);
    int instances = 0;
    int rc = api->xInstCount(fts, &instances);
    for (int i = 0; rc == SQLITE_OK && i < instances; ++i) {
      int phrase = 0, column = 0, offset = 0;
      rc = api->xInst(fts, i, &phrase, &column, &offset);
      if (rc != SQLITE_OK) break;
      const double weight =
          static_cast<size_t>(column) < aux->weights.size() ? aux->weights[column] : 1.0;
      aux->frequency[static_cast<size_t>(phrase)] += weight;
    }
    int length = 0;
    if (argc > 1 && sqlite3_value_type(argv[1]) == SQLITE_INTEGER) {
      length = sqlite3_value_int(argv[1]);
    } else if (rc == SQLITE_OK) {
      rc = api->xColumnSize(fts, -1, &length);
    }
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
    const double norm = kK1 * (1 - kB + kB * length / aux->stats.avg_length);
    double score = 0;
    for (size_t p = 0; p < aux->frequency.size(); ++p) {
      const double f = aux->frequency[p];
      score += aux->stats.idf[p] * (f * (kK1 + 1)) / (f + norm);
    }
    sqlite3_result_double(ctx, score);
  } catch (...) {
    sqlite3_result_error_nomem(ctx);
  }
}

struct Counter {
  int64_t count = 0;
  int64_t cap = 0;
};

int CountRow(const Fts5ExtensionApi*, Fts5Context*, void* user) {
  auto* counter = static_cast<Counter*>(user);
  return ++counter->count >= counter->cap ? SQLITE_DONE : SQLITE_OK;
}

void Stats(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int argc,
           sqlite3_value** argv) {
  try {
    const int64_t cap = argc > 0 ? sqlite3_value_int64(argv[0]) : INT64_MAX;
    sqlite3_int64 rows = 0, tokens = 0;
    int rc = api->xRowCount(fts, &rows);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
    std::string out = std::to_string(rows) + ' ' + std::to_string(tokens);
    for (int p = 0; rc == SQLITE_OK && p < api->xPhraseCount(fts); ++p) {
      Counter counter{0, cap > 0 ? cap : 1};
      rc = api->xQueryPhrase(fts, p, &counter, CountRow);
      out += ' ' + std::to_string(counter.count);
    }
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(ctx, rc);
      return;
    }
    sqlite3_result_text(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
  } catch (...) {
    sqlite3_result_error_nomem(ctx);
  }
}

}  // namespace

std::string EncodeRankStats(const RankStats& stats) {
  std::string out;
  AppendNumber(out, stats.avg_length);
  for (double idf : stats.idf) {
    out += ' ';
    AppendNumber(out, idf);
  }
  return out;
}

std::optional<RankStats> DecodeRankStats(std::string_view text) {
  auto numbers = ParseNumbers(text);
  if (!numbers || numbers->empty() || (*numbers)[0] <= 0) return std::nullopt;
  RankStats stats;
  stats.avg_length = (*numbers)[0];
  stats.idf.assign(numbers->begin() + 1, numbers->end());
  return stats;
}

std::optional<TermCounts> DecodeTermCounts(std::string_view text) {
  TermCounts counts;
  size_t index = 0;
  for (const std::string& part : SplitSpaces(text)) {
    int64_t value = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc() || end != part.data() + part.size()) return std::nullopt;
    if (index == 0) {
      counts.rows = value;
    } else if (index == 1) {
      counts.tokens = value;
    } else {
      counts.documents.push_back(value);
    }
    ++index;
  }
  if (index < 2) return std::nullopt;
  return counts;
}

double InverseDocumentFrequency(int64_t rows, int64_t documents) {
  const double idf = std::log((static_cast<double>(rows) - static_cast<double>(documents) + 0.5) /
                              (static_cast<double>(documents) + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}

void RegisterRankFunctions(sqlite3* db) {
  fts5_api* api = FtsApi(db);
  Check(db, api->xCreateFunction(api, "ccrm_rank", nullptr, Rank, nullptr), "ccrm_rank");
  Check(db, api->xCreateFunction(api, "ccrm_rank_stats", nullptr, Stats, nullptr),
        "ccrm_rank_stats");
}

QueryTokenizer::QueryTokenizer(sqlite3* db) {
  fts5_api* api = FtsApi(db);
  const std::vector<std::string> words = SplitSpaces(kSearchTokenizer);
  void* context = nullptr;
  Check(db, api->xFindTokenizer(api, words.front().c_str(), &context, &methods_), "find tokenizer");
  std::vector<const char*> args;
  for (size_t i = 1; i < words.size(); ++i) args.push_back(words[i].c_str());
  const int rc = methods_.xCreate(context, args.data(), static_cast<int>(args.size()), &tokenizer_);
  if (rc != SQLITE_OK) throw StorageError("create tokenizer: " + std::string(sqlite3_errstr(rc)));
}

QueryTokenizer::~QueryTokenizer() {
  if (tokenizer_ != nullptr) methods_.xDelete(tokenizer_);
}

void QueryTokenizer::Run(std::string_view text, int flags, void* user,
                         TokenCallback on_token) const {
  if (text.size() > static_cast<size_t>(INT_MAX)) text = text.substr(0, INT_MAX);
  const int rc = methods_.xTokenize(tokenizer_, user, flags, text.data(),
                                    static_cast<int>(text.size()), on_token);
  if (rc != SQLITE_OK) throw StorageError("tokenize: " + std::string(sqlite3_errstr(rc)));
}

int64_t QueryTokenizer::CountDocumentTokens(std::string_view text) const {
  int64_t count = 0;
  Run(text, FTS5_TOKENIZE_DOCUMENT, &count, [](void* user, int flags, const char*, int, int, int) {
    if ((flags & FTS5_TOKEN_COLOCATED) == 0) ++*static_cast<int64_t*>(user);  // as FTS5 counts
    return SQLITE_OK;
  });
  return count;
}

std::vector<std::string> QueryTokenizer::Tokenize(std::string_view text) const {
  std::vector<std::string> tokens;
  Run(text, FTS5_TOKENIZE_QUERY, &tokens, [](void* user, int, const char* token, int size, int,
                                             int) {
    try {
      static_cast<std::vector<std::string>*>(user)->emplace_back(token, static_cast<size_t>(size));
      return SQLITE_OK;
    } catch (const std::bad_alloc&) {
      return SQLITE_NOMEM;
    }
  });
  return tokens;
}

}  // namespace ccrm::storage::sqlite
