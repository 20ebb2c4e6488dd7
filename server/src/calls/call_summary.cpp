// GET /calls/summary: the dashboard's calls per day and dispositions of the week, counted over
// the calls the caller may see.
#include <fmt/format.h>

#include <map>

#include "calls/call_effects.hpp"
#include "calls/call_model.hpp"
#include "calls/call_service.hpp"

namespace ccrm::calls {
namespace {

// Calls a summary counts at most: past this a day's figures say so (`truncated`) rather than
// the request scanning without bound.
constexpr int kMaxSummarized = 100'000;

// "2026-12-01" of a time seen `offset_minutes` east of UTC.
std::string LocalDate(std::chrono::system_clock::time_point t, int offset_minutes) {
  const auto local = std::chrono::floor<std::chrono::days>(t + std::chrono::minutes(offset_minutes));
  const std::chrono::year_month_day ymd{local};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

// A call someone spoke on: connected to an agent, or logged by hand with a disposition that
// says the customer answered.
bool Answered(const Json& call) {
  if (call.contains("connectedAt")) return true;
  if (Str(call, "source") != "manual") return false;
  const std::string disposition = Str(call, "disposition");
  return disposition != "no_answer" && disposition != "voicemail";
}

}  // namespace

Json CallService::Summary(int days, int offset_minutes, const leads::LeadCaller& caller) const {
  const auto now = clock_->Now();
  const std::string today = LocalDate(now, offset_minutes);
  // Every day of the window, oldest first, zero until counted.
  std::map<std::string, Json> per_day;
  for (int i = days - 1; i >= 0; --i) {
    per_day[LocalDate(now - std::chrono::days(i), offset_minutes)] =
        Json{{"inbound", 0}, {"outbound", 0}, {"answered", 0}, {"inboundAnswered", 0}, {"abandoned", 0}};
  }
  const std::string first_day = per_day.begin()->first;
  const std::string week_start = LocalDate(now - std::chrono::days(6), offset_minutes);
  Json dispositions = Json::object();
  for (const std::string& name : Dispositions()) dispositions[name] = 0;
  int week_without = 0;
  // From a day before the window's first local midnight in UTC terms: each call's local date
  // decides.
  const std::string from = FormatRfc3339Millis(now - std::chrono::days(days + 1));
  std::map<std::string, bool> lead_visible;  // for agents: one lookup per lead
  const auto sees = [&](const Json& call) {
    const std::string lead_id = Str(call, "leadId");
    if (lead_id.empty()) return Sees(call, caller);
    const auto known = lead_visible.find(lead_id);
    if (known != lead_visible.end()) return known->second || Str(call, "agentId") == caller.principal.id;
    const bool visible = Sees(call, caller);
    if (Str(call, "agentId") != caller.principal.id) lead_visible[lead_id] = visible;
    return visible;
  };
  int counted = 0;
  bool truncated = false;
  std::string cursor;
  do {
    storage::QueryResult page = repository_->ListStarted("", from, cursor, 1000);
    for (const Json& call : page.items) {
      if (++counted > kMaxSummarized) {
        truncated = true;
        break;
      }
      const auto started = ParseRfc3339(Str(call, "startedAt"));
      if (!started) continue;
      const std::string date = LocalDate(*started, offset_minutes);
      const auto day = per_day.find(date);
      if (day == per_day.end() || !sees(call)) continue;
      const bool inbound = Str(call, "direction") == "inbound";
      Json& counts = day->second;
      counts[inbound ? "inbound" : "outbound"] = counts[inbound ? "inbound" : "outbound"].get<int>() + 1;
      if (Answered(call)) {
        counts["answered"] = counts["answered"].get<int>() + 1;
        if (inbound) counts["inboundAnswered"] = counts["inboundAnswered"].get<int>() + 1;
      } else if (inbound && Str(call, "source") == "connect" && call.contains("endedAt")) {
        counts["abandoned"] = counts["abandoned"].get<int>() + 1;  // hung up before an agent
      }
      if (date >= week_start) {
        const std::string disposition = Str(call, "disposition");
        if (disposition.empty()) {
          ++week_without;
        } else if (dispositions.contains(disposition)) {
          dispositions[disposition] = dispositions[disposition].get<int>() + 1;
        }
      }
    }
    cursor = page.next_cursor.value_or("");
  } while (!cursor.empty() && !truncated);

  Json day_list = Json::array();
  for (auto& [date, counts] : per_day) {
    counts["date"] = date;
    day_list.push_back(std::move(counts));
  }
  return {{"scope", Oversees(caller) ? "all" : "mine"},
          {"today", today},
          {"days", std::move(day_list)},
          {"weekStart", week_start},
          {"dispositions", std::move(dispositions)},
          {"withoutDisposition", week_without},
          {"truncated", truncated},
          {"firstDay", first_day}};
}

}  // namespace ccrm::calls
