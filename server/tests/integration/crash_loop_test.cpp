// Crash safety under load: concurrent writers (creates, merge patches with If-Match, notes,
// deadlines, imports, sign-ins) against the real binary, kill -9 at a random moment, restart on
// the same data, and check that
//  - every acknowledged write is there, with its activity entry and its audit record;
//  - a write whose reply never came is there whole or not at all (never half);
//  - `ccrm audit verify` passes;
//  - the search index agrees with the records.
// CCRM_CRASH_CYCLES sets the number of kill -9 cycles (default 4, about 20 s, for `make test`);
// `make crash-loop` runs 100 and prints the figures.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"
#include "identity_client.hpp"
#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

constexpr int kLeadWriters = 3;

int Cycles() {
  const char* value = std::getenv("CCRM_CRASH_CYCLES");
  return value && *value ? std::max(1, std::atoi(value)) : 4;
}

// One lead a writer made this cycle, and what it was told about it.
struct TrackedLead {
  std::string id;
  int64_t version = 0;                  // acknowledged
  std::string city;                     // acknowledged
  std::optional<std::string> pending_city;  // a patch whose reply never came
  int acked_writes = 0;                 // the create, patches, notes, deadlines acknowledged
  int pending_writes = 0;               // 0 or 1: the write in flight at the kill
  std::vector<std::string> notes;       // acknowledged note ids
  std::vector<std::string> deadlines;   // acknowledged deadline ids
};

// What one writer thread saw in one cycle.
struct WriterLedger {
  std::vector<TrackedLead> leads;
  int pending_creates = 0;
  int imported_rows = 0;  // acknowledged
  int pending_rows = 0;
  int acked = 0;          // every acknowledged write, for the figures
};

// Writes until the server stops answering. A reply that is not the expected success while the
// server is alive is a failure; no reply at all means the kill came, and the write is pending.
class Writer {
 public:
  Writer(uint16_t port, std::string token, int cycle, int number, unsigned seed)
      : port_(port), token_(std::move(token)), cycle_(cycle), number_(number), random_(seed) {}

  WriterLedger Run() {
    while (!dead_) Step();
    return std::move(ledger_);
  }

 private:
  void Step() {
    const int pick = std::uniform_int_distribution<int>(0, 99)(random_);
    if (ledger_.leads.empty() || pick < 20) return Create();
    TrackedLead& lead = ledger_.leads[std::uniform_int_distribution<size_t>(
        0, ledger_.leads.size() - 1)(random_)];
    if (pick < 60) return Patch(lead);
    if (pick < 78) return Note(lead);
    if (pick < 93) return Deadline(lead);
    if (number_ == 0) return Import();
    Patch(lead);
  }

  // The reply, or nullopt when none came (the server died).
  std::optional<HttpResponse> Call(const std::string& method, const std::string& target,
                                   const Json& body, const HeaderList& extra = {}) {
    try {
      return CallApi(port_, method, target, token_, body, extra);
    } catch (const std::exception&) {
      dead_ = true;
      return std::nullopt;
    }
  }

  bool Expect(const HttpResponse& reply, int status, const std::string& what) {
    if (reply.status == status) return true;
    ADD_FAILURE() << what << ": " << reply.status << " " << reply.body;
    dead_ = true;
    return false;
  }

  void Create() {
    const std::string n = std::to_string(counter_++);
    Json body = LeadBody("W" + std::to_string(number_) + "n" + n, CycleWord("zq"));
    body["tags"] = {"c" + std::to_string(cycle_)};
    body["address"] = {{"city", "start"}};
    const auto reply = Call("POST", "/api/v1/leads", body);
    if (!reply) return void(++ledger_.pending_creates);
    if (!Expect(*reply, 201, "create")) return;
    const Json lead = BodyOf(*reply);
    ledger_.leads.push_back({.id = lead.value("id", ""),
                             .version = lead.value("version", int64_t{0}),
                             .city = "start",
                             .acked_writes = 1});
    ++ledger_.acked;
  }

  void Patch(TrackedLead& lead) {
    const std::string city = "city" + std::to_string(counter_++);
    std::optional<HttpResponse> reply;
    try {
      reply = PatchLead(port_, token_, lead.id, {{"address", {{"city", city}}}},
                        "\"" + std::to_string(lead.version) + "\"");
    } catch (const std::exception&) {
      dead_ = true;
    }
    if (!reply) {
      lead.pending_city = city;
      ++lead.pending_writes;
      return;
    }
    if (!Expect(*reply, 200, "patch")) return;
    lead.version = BodyOf(*reply).value("version", int64_t{0});
    lead.city = city;
    ++lead.acked_writes;
    ++ledger_.acked;
  }

  void Note(TrackedLead& lead) {
    const auto reply = Call("POST", "/api/v1/leads/" + lead.id + "/notes",
                            {{"text", "note " + std::to_string(counter_++)}});
    if (!reply) return void(++lead.pending_writes);
    if (!Expect(*reply, 201, "note")) return;
    lead.notes.push_back(BodyOf(*reply).value("id", ""));
    ++lead.acked_writes;
    ++ledger_.acked;
    Refresh(lead);
  }

  // A note moves the lead's version (its activity summary changes) without returning the lead:
  // read it, so the next patch's If-Match is current.
  void Refresh(TrackedLead& lead) {
    const auto reply = Call("GET", "/api/v1/leads/" + lead.id, nullptr);
    if (!reply) return;
    if (!Expect(*reply, 200, "get")) return;
    lead.version = BodyOf(*reply).value("version", lead.version);
  }

  void Deadline(TrackedLead& lead) {
    const auto reply = Call("POST", "/api/v1/leads/" + lead.id + "/deadlines",
                            {{"kind", "follow_up"}, {"dueAt", TimeFromNow(std::chrono::hours(48))}});
    if (!reply) return void(++lead.pending_writes);
    if (!Expect(*reply, 201, "deadline")) return;
    // The reply is the lead; the new deadline is the one not seen before.
    const Json lead_now = BodyOf(*reply);
    for (const Json& deadline : lead_now.value("deadlines", Json::array())) {
      const std::string id = deadline.value("id", "");
      if (std::find(lead.deadlines.begin(), lead.deadlines.end(), id) == lead.deadlines.end()) {
        lead.deadlines.push_back(id);
      }
    }
    lead.version = lead_now.value("version", lead.version);
    ++lead.acked_writes;
    ++ledger_.acked;
  }

  void Import() {
    constexpr int kRows = 20;
    std::string csv = "firstName,lastName,tags\r\n";
    const std::string batch = std::to_string(counter_++);
    for (int i = 0; i < kRows; ++i) {
      csv += "Imp" + batch + "r" + std::to_string(i) + "," + CycleWord("zi") + ",i" +
             std::to_string(cycle_) + "\r\n";
    }
    std::optional<HttpResponse> reply;
    try {
      reply = Send(port_, BuildRequest("POST", "/api/v1/leads/import",
                                       {{"Authorization", "Bearer " + token_},
                                        {"Content-Type", "text/csv"}},
                                       csv));
    } catch (const std::exception&) {
      dead_ = true;
    }
    if (!reply) return void(ledger_.pending_rows += kRows);
    if (!Expect(*reply, 200, "import")) return;
    EXPECT_EQ(BodyOf(*reply).value("created", -1), kRows) << reply->body;
    ledger_.imported_rows += kRows;
    ++ledger_.acked;
  }

  std::string CycleWord(const char* prefix) const {
    return prefix + std::to_string(cycle_) + "k";
  }

  uint16_t port_;
  std::string token_;
  int cycle_;
  int number_;
  std::mt19937 random_;
  WriterLedger ledger_;
  int counter_ = 0;
  bool dead_ = false;
};

// Every item of a cursor-paginated list.
std::vector<Json> AllItems(uint16_t port, const std::string& token, const std::string& target) {
  std::vector<Json> items;
  std::string cursor;
  for (int page = 0; page < 500; ++page) {
    const std::string sep = target.find('?') == std::string::npos ? "?" : "&";
    const auto reply = GetWith(port, target + (cursor.empty() ? "" : sep + "cursor=" + UrlEncode(cursor)), token);
    EXPECT_EQ(reply.status, 200) << target << ": " << reply.body;
    if (reply.status != 200) break;
    const Json body = BodyOf(reply);
    for (const Json& item : body["items"]) items.push_back(item);
    if (!body["nextCursor"].is_string()) break;
    cursor = body["nextCursor"];
  }
  return items;
}

std::set<std::string> IdsOf(const std::vector<Json>& items) {
  std::set<std::string> ids;
  for (const Json& item : items) ids.insert(item.value("id", ""));
  return ids;
}

struct Figures {
  int cycles = 0;
  int64_t acknowledged = 0;
  int64_t pending = 0;
  int64_t pending_found = 0;  // writes in flight at a kill that turned out committed
  int64_t lost = 0;
};

// Checks one lead against what its writer was told; returns the acknowledged writes missing.
int CheckLead(uint16_t port, const std::string& token, const TrackedLead& lead, Figures& figures) {
  SCOPED_TRACE("lead " + lead.id);
  const auto reply = GetLead(port, token, lead.id);
  if (reply.status != 200) {
    ADD_FAILURE() << "an acknowledged lead is gone: " << reply.status << " " << reply.body;
    return lead.acked_writes;
  }
  int lost = 0;
  const Json stored = BodyOf(reply);
  const int64_t version = stored.value("version", int64_t{0});
  const std::string city = stored["address"].value("city", "");
  // The acknowledged state, or that plus the write in flight (a patch shows in the city).
  const bool as_acked = version >= lead.version && city == lead.city;
  const bool pending_committed =
      lead.pending_city && version > lead.version && city == *lead.pending_city;
  if (!as_acked && !pending_committed) {
    ADD_FAILURE() << "version " << version << " city " << city << "; acknowledged " << lead.version
                  << " " << lead.city << (lead.pending_city ? ", pending " + *lead.pending_city : "");
    ++lost;
  }
  std::set<std::string> deadlines;
  for (const Json& d : stored.value("deadlines", Json::array())) deadlines.insert(d.value("id", ""));
  for (const auto& id : lead.deadlines) {
    if (!deadlines.contains(id)) {
      ADD_FAILURE() << "acknowledged deadline " << id << " is gone";
      ++lost;
    }
  }
  const auto activity = AllItems(port, token, "/api/v1/leads/" + lead.id + "/activity?limit=100");
  const auto activity_ids = IdsOf(activity);
  for (const auto& id : lead.notes) {
    if (!activity_ids.contains(id)) {
      ADD_FAILURE() << "acknowledged note " << id << " is gone";
      ++lost;
    }
  }
  // Every write leaves one activity entry and one audit record, in its own transaction: as
  // many as were acknowledged, plus the one in flight if it committed.
  const int low = lead.acked_writes;
  const int high = lead.acked_writes + lead.pending_writes;
  const int entries = static_cast<int>(activity.size());
  EXPECT_TRUE(entries >= low && entries <= high)
      << entries << " activity entries for " << low << ".." << high << " writes";
  const auto audit = AllItems(port, token, "/api/v1/audit?entity=lead&entityId=" + lead.id + "&limit=100");
  const int records = static_cast<int>(audit.size());
  EXPECT_TRUE(records >= low && records <= high)
      << records << " audit records for " << low << ".." << high << " writes";
  EXPECT_EQ(records, entries) << "an activity entry without its audit record, or the reverse";
  if (entries > low) figures.pending_found += entries - low;
  return lost;
}

// The ids the search index returns for `q` equal the ids the records hold under `tag`.
void ExpectSearchAgrees(uint16_t port, const std::string& token, const std::string& q,
                        const std::string& tag) {
  const auto records = IdsOf(AllItems(port, token, "/api/v1/leads?limit=200&tag=" + tag));
  std::set<std::string> searched;
  const bool agree = WaitFor(
      [&] {
        searched = IdsOf(AllItems(port, token, "/api/v1/leads?limit=200&q=" + q));
        return searched == records;
      },
      Seconds(10));
  EXPECT_TRUE(agree) << "search for " << q << " finds " << searched.size() << ", records hold "
                     << records.size() << " under tag " << tag;
}

TEST(CrashLoop, AcknowledgedWritesSurviveKill9UnderConcurrentLoad) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  const auto options = [&] {
    return WithAdminPassword(ServerProcess::Options{
        .env = {{"CCRM_THROTTLE_ENABLED", "false"}, {"CCRM_AUDIT_DIGEST_INTERVAL_SECONDS", "0"}},
        .data_dir = data});
  };
  std::string admin;
  TestUser signer;
  {
    ServerProcess server(options());
    admin = AccessToken(server.port(), "admin", kAdminPassword);
    signer = CreateUser(server.port(), admin, "crash.signer", "agent");
    server.Signal(SIGTERM);
    ASSERT_EQ(server.WaitExit(Seconds(20)), std::optional<int>(0)) << server.Stderr();
  }

  Figures figures;
  int64_t logins_acked = 1;  // CreateUser signed the signer in once
  int64_t logins_pending = 0;
  std::mt19937 random(std::random_device{}());
  const int cycles = Cycles();
  for (int cycle = 1; cycle <= cycles; ++cycle) {
    SCOPED_TRACE("cycle " + std::to_string(cycle));
    auto server = std::make_unique<ServerProcess>(options());
    const uint16_t port = server->port();
    std::vector<WriterLedger> ledgers(kLeadWriters);
    std::vector<std::thread> threads;
    for (int w = 0; w < kLeadWriters; ++w) {
      threads.emplace_back([&, w, seed = static_cast<unsigned>(random())] {
        ledgers[w] = Writer(port, admin, cycle, w, seed).Run();
      });
    }
    std::atomic<int> cycle_logins = 0;
    std::atomic<int> cycle_login_pending = 0;
    threads.emplace_back([&] {
      for (;;) {
        try {
          const auto reply = PostJson(port, "/api/v1/auth/login",
                                      {{"username", signer.username}, {"password", signer.password}});
          if (reply.status != 200) {
            ADD_FAILURE() << "sign-in: " << reply.status << " " << reply.body;
            return;
          }
          ++cycle_logins;
        } catch (const std::exception&) {
          ++cycle_login_pending;
          return;
        }
      }
    });
    // Kill -9 somewhere in the first two seconds of load.
    SleepFor(Seconds(std::uniform_real_distribution<double>(0.2, 2.0)(random)));
    server->Kill9();
    for (auto& thread : threads) thread.join();
    server.reset();
    logins_acked += cycle_logins;
    logins_pending += cycle_login_pending;

    ServerProcess after(options());
    const uint16_t p = after.port();
    int acked = 0;
    int pending = 0;
    int creates_acked = 0;
    int creates_pending = 0;
    int rows_acked = 0;
    int rows_pending = 0;
    for (const WriterLedger& ledger : ledgers) {
      acked += ledger.acked;
      creates_pending += ledger.pending_creates;
      rows_acked += ledger.imported_rows;
      rows_pending += ledger.pending_rows;
      pending += ledger.pending_creates + (ledger.pending_rows > 0);
      for (const TrackedLead& lead : ledger.leads) {
        ++creates_acked;
        pending += lead.pending_writes;
        figures.lost += CheckLead(p, admin, lead, figures);
      }
    }
    const std::string c = std::to_string(cycle);
    const auto tagged = AllItems(p, admin, "/api/v1/leads?limit=200&tag=c" + c);
    EXPECT_GE(static_cast<int>(tagged.size()), creates_acked);
    EXPECT_LE(static_cast<int>(tagged.size()), creates_acked + creates_pending);
    const auto imported = AllItems(p, admin, "/api/v1/leads?limit=200&tag=i" + c);
    EXPECT_TRUE(static_cast<int>(imported.size()) == rows_acked ||
                static_cast<int>(imported.size()) == rows_acked + rows_pending)
        << imported.size() << " imported leads; acknowledged " << rows_acked << ", pending "
        << rows_pending << " (an import batch is all or nothing)";
    if (static_cast<int>(imported.size()) < rows_acked) ++figures.lost;
    ExpectSearchAgrees(p, admin, "zq" + c + "k", "c" + c);
    ExpectSearchAgrees(p, admin, "zi" + c + "k", "i" + c);

    const auto logins = AllItems(
        p, admin, "/api/v1/audit?limit=100&action=auth.login&actor=" + signer.id);
    EXPECT_GE(static_cast<int64_t>(logins.size()), logins_acked);
    EXPECT_LE(static_cast<int64_t>(logins.size()), logins_acked + logins_pending);

    const auto verify = RunCommand({RequiredEnvPath("CCRM_BINARY"), "audit", "verify",
                                    "--data-dir", data},
                                   {}, Seconds(120));
    EXPECT_EQ(verify.exit_status, 0) << verify.out << verify.err;

    figures.cycles = cycle;
    figures.acknowledged += acked + cycle_logins;
    figures.pending += pending + cycle_login_pending;
    after.Signal(SIGTERM);
    ASSERT_EQ(after.WaitExit(Seconds(20)), std::optional<int>(0)) << after.Stderr();
    if (::testing::Test::HasFailure()) break;
  }
  std::cout << "[ crash loop ] " << figures.cycles << " kill -9 cycles, " << figures.acknowledged
            << " writes acknowledged, " << figures.lost << " lost; " << figures.pending
            << " in flight at a kill, of which " << figures.pending_found
            << " lead writes were found committed (whole)\n";
  EXPECT_EQ(figures.lost, 0);
}

}  // namespace
}  // namespace ccrm::testing
