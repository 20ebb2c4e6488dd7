#include "storage/sqlite/sqlite_query_plan.hpp"

#include <stdexcept>

#include "common/base64.hpp"
#include "common/json_parse.hpp"

namespace ccrm::storage::sqlite {
namespace {

using Op = SortKeyCondition::Op;

struct Bound {
  std::string value;
  bool inclusive;
};

std::vector<std::string> DecodeCursor(const std::string& cursor, const std::string& partition,
                                      size_t key_columns) {
  const auto bad = [] { return std::invalid_argument("malformed cursor"); };
  const auto bytes = Base64UrlDecode(cursor);
  if (!bytes) throw bad();
  const Json json = TryParseOutsideJson(*bytes).value_or(Json());
  if (!json.is_array() || json.size() != key_columns + 1) throw bad();
  for (const auto& v : json) {
    if (!v.is_string()) throw bad();
  }
  // A cursor of another partition would silently skip or repeat items: refuse it.
  if (json[0].get_ref<const std::string&>() != partition) throw bad();
  std::vector<std::string> keys;
  for (size_t i = 1; i < json.size(); ++i) keys.push_back(json[i].get<std::string>());
  return keys;
}

// `value` lies past `bound` on the bound's own side, so every row beyond `value` also
// satisfies the bound. `above` = the bound is a lower bound.
bool Implies(const std::string& value, const Bound& bound, bool above) {
  if (value == bound.value) return bound.inclusive;
  return above ? value > bound.value : value < bound.value;
}

}  // namespace

std::optional<std::string> PrefixUpperBound(std::string prefix) {
  // Incrementing the last byte is only right after dropping trailing 0xFF bytes, which cannot
  // be incremented; "\xF4\x8F\xBF\xBF" (U+10FFFF) becomes "\xF4\x8F\xBF\xC0", not valid
  // UTF-8 but a correct bound for a bytewise comparison.
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (prefix.empty()) return std::nullopt;
  prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  return prefix;
}

std::string EncodeCursor(const std::string& partition, const std::vector<std::string>& keys) {
  Json json = Json::array({partition});
  for (const auto& k : keys) json.push_back(k);
  return Base64UrlEncode(json.dump());
}

QueryPlan PlanQuery(const TableInfo& info, const QueryRequest& request) {
  if (request.limit < 1 || request.limit > RecordStore::kMaxQueryLimit) {
    throw std::invalid_argument("limit must be between 1 and " +
                                std::to_string(RecordStore::kMaxQueryLimit));
  }
  if (request.partition.empty()) throw std::invalid_argument("the partition value is required");

  std::string partition_column = "pk";
  std::string sort_column;  // empty: nothing to put a sort-key condition on
  std::vector<std::string> order;
  if (request.index.empty()) {
    order = {"sk"};
    if (info.has_sort_key()) sort_column = "sk";
  } else {
    const int i = info.FindIndex(request.index);
    if (i < 0) {
      throw std::invalid_argument("table '" + info.name() + "' has no index '" + request.index +
                                  "'");
    }
    const auto at = static_cast<size_t>(i);
    partition_column = info.IndexPkColumn(at);
    if (!info.schema().indexes[at].sort_key.empty()) {
      sort_column = info.IndexSkColumn(at);
      order.push_back(sort_column);
    }
    order.push_back("pk");
    order.push_back("sk");
  }

  std::optional<Bound> lo;
  std::optional<Bound> hi;
  const auto& s = request.sort;
  if (s.op != Op::kAny && sort_column.empty()) {
    throw std::invalid_argument("a sort-key condition needs a sort key");
  }
  switch (s.op) {
    case Op::kAny: break;
    case Op::kEq: lo = hi = Bound{s.value, true}; break;
    case Op::kLt: hi = Bound{s.value, false}; break;
    case Op::kLe: hi = Bound{s.value, true}; break;
    case Op::kGt: lo = Bound{s.value, false}; break;
    case Op::kGe: lo = Bound{s.value, true}; break;
    case Op::kBetween:
      if (s.value > s.value2) throw std::invalid_argument("BETWEEN bounds are reversed");
      lo = Bound{s.value, true};
      hi = Bound{s.value2, true};
      break;
    case Op::kBeginsWith:
      lo = Bound{s.value, true};
      if (auto upper = PrefixUpperBound(s.value)) hi = Bound{std::move(*upper), false};
      break;
  }

  QueryPlan plan;
  plan.key_columns = order.size();
  plan.params.push_back(request.partition);
  std::string where = partition_column + "=?1";
  const auto param = [&plan](std::string value) {
    plan.params.push_back(std::move(value));
    // Appended rather than `"?" + std::to_string(...)`, which trips a g++ 12 -O3 false
    // positive (-Wstringop-overflow).
    std::string placeholder = "?";
    placeholder += std::to_string(plan.params.size());
    return placeholder;
  };

  if (!request.cursor.empty()) {
    auto keys = DecodeCursor(request.cursor, request.partition, order.size());
    // Exactly one of the cursor and the seek-side bound is kept: whichever implies the other.
    // Given both, SQLite seeks on the bound and filters the cursor row by row, which makes
    // deep pages of a range query linear.
    auto& seek_bound = request.forward ? lo : hi;
    if (!seek_bound || Implies(keys[0], *seek_bound, request.forward)) {
      seek_bound.reset();
      std::string lhs;
      std::string rhs;
      for (size_t i = 0; i < order.size(); ++i) {
        lhs += (i ? ", " : "") + order[i];
        rhs += (i ? ", " : "") + param(keys[i]);
      }
      where += " AND (" + lhs + ")" + (request.forward ? " > (" : " < (") + rhs + ")";
    }
  }
  if (lo) where += " AND " + sort_column + (lo->inclusive ? " >= " : " > ") + param(lo->value);
  if (hi) where += " AND " + sort_column + (hi->inclusive ? " <= " : " < ") + param(hi->value);

  std::string columns;
  std::string order_by;
  for (size_t i = 0; i < order.size(); ++i) {
    columns += ", " + order[i];
    order_by += (i ? ", " : "") + order[i] + (request.forward ? " ASC" : " DESC");
  }
  plan.table = info.sql_table();
  plan.where = where;
  plan.limit_param = static_cast<int>(plan.params.size()) + 1;
  plan.sql = "SELECT data" + columns + " FROM " + info.sql_table() + " WHERE " + where +
             " ORDER BY " + order_by + " LIMIT ?" + std::to_string(plan.limit_param);
  return plan;
}

}  // namespace ccrm::storage::sqlite
