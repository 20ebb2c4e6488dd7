// Reading leads in bulk on the real binary: GET /api/v1/leads filters and sorts, cursor paging
// that stays exact while leads are added between pages, refused parameters, ranked full-text
// search (q) that never crosses the record-level rule, and the phone lookup of a screen pop.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

using Ids = std::vector<std::string>;
using IdSet = std::set<std::string>;

IdSet AsSet(const Ids& ids) { return {ids.begin(), ids.end()}; }

// The lead body of a named test lead.
Json Named(const std::string& first, const std::string& last, const std::string& assignee) {
  Json body = LeadBody(first, last);
  body["assignedTo"] = assignee;
  return body;
}

struct Fixture {
  LeadsWorld w;
  Json ana, bob, cal, dan;  // as created (dan then patched)
};

// Ana Smith (agent1, new, hail, roof, (512) 555-0134, CLM-77821, Lone Star Mutual, Austin),
// Bob Smithers (agent2, contacted, wind, roof+VIP), Cal Jones (agent1, qualified, hail, lives on
// Smith Road), Dan Oak (agent2, new, no claim; patched last).
Fixture MakeFixture() {
  Fixture f{.w = StartLeadsWorld()};
  const uint16_t port = f.w.port;
  const std::string manager = f.w.manager.token;
  Json ana = Named("Ana", "Smith", f.w.agent1.id);
  ana["phones"] = {{{"number", "(512) 555-0134"}}};
  ana["email"] = "ana@example.com";
  ana["tags"] = {"roof"};
  ana["address"] = {{"line1", "12 Elm Street"}, {"city", "Austin"}, {"state", "TX"}};
  ana["claim"] = {{"carrier", "Lone Star Mutual"}, {"claimNumber", "CLM-77821"},
                  {"policyNumber", "HO3-55120"}, {"lossType", "hail"}};
  f.ana = CreateLead(port, manager, ana);
  Json bob = Named("Bob", "Smithers", f.w.agent2.id);
  bob["status"] = "contacted";
  bob["tags"] = {"roof", "VIP"};  // the tag filter ignores case
  bob["phones"] = {{{"number", "(737) 555-0288"}}};
  bob["claim"] = {{"carrier", "Gulf Coast Casualty"}, {"lossType", "wind"}};
  f.bob = CreateLead(port, manager, bob);
  Json cal = Named("Cal", "Jones", f.w.agent1.id);
  cal["status"] = "qualified";
  cal["address"] = {{"line1", "40 Smith Road"}, {"city", "Round Rock"}, {"state", "TX"}};
  cal["claim"] = {{"lossType", "hail"}};
  f.cal = CreateLead(port, manager, cal);
  f.dan = CreateLead(port, manager, Named("Dan", "Oak", f.w.agent2.id));
  const auto patched = PatchLead(port, manager, f.dan.value("id", ""), {{"source", "walk-in"}});
  EXPECT_EQ(patched.status, 200) << patched.body;
  f.dan = BodyOf(patched);
  return f;
}

std::string Id(const Json& lead) { return lead.value("id", ""); }

// `ids` hold exactly `leads`, ordered by their `key` (a timestamp); when no two leads share a
// timestamp (ties may come in either order), exactly as `expected`.
void ExpectOrdered(const Ids& ids, const std::vector<const Json*>& leads, const std::string& key,
                   bool ascending, const Ids& expected) {
  std::map<std::string, std::string> at;
  std::set<std::string> distinct;
  for (const Json* lead : leads) {
    at[Id(*lead)] = lead->value(key, "");
    distinct.insert(lead->value(key, ""));
  }
  ASSERT_EQ(AsSet(ids), AsSet(expected)) << key;
  ASSERT_EQ(ids.size(), expected.size()) << key;
  for (size_t i = 1; i < ids.size(); ++i) {
    if (ascending) {
      EXPECT_LE(at[ids[i - 1]], at[ids[i]]) << key;
    } else {
      EXPECT_GE(at[ids[i - 1]], at[ids[i]]) << key;
    }
  }
  if (distinct.size() == leads.size()) {
    EXPECT_EQ(ids, expected) << key;
  }
}

TEST(LeadsListsIntegration, FiltersSortsAndRefusedParameters) {
  Fixture f = MakeFixture();
  const uint16_t port = f.w.port;
  const std::string m = f.w.manager.token;
  const std::string a = Id(f.ana), b = Id(f.bob), c = Id(f.cal), d = Id(f.dan);
  ASSERT_TRUE(!a.empty() && !b.empty() && !c.empty() && !d.empty());

  // Default order: most recently updated first.
  const std::vector<const Json*> leads = {&f.ana, &f.bob, &f.cal, &f.dan};
  ExpectOrdered(AllIds(port, m, "/api/v1/leads"), leads, "updatedAt", false, Ids{d, c, b, a});
  EXPECT_EQ(AsSet(AllIds(port, f.w.agent1.token, "/api/v1/leads")), (IdSet{a, c}));
  EXPECT_EQ(AsSet(AllIds(port, f.w.agent2.token, "/api/v1/leads")), (IdSet{b, d}));
  EXPECT_EQ(AllIds(port, m, "/api/v1/leads?status=qualified"), Ids{c});
  EXPECT_EQ(AsSet(AllIds(port, m, "/api/v1/leads?status=new")), (IdSet{a, d}));
  EXPECT_EQ(AsSet(AllIds(port, m, "/api/v1/leads?assignedTo=" + f.w.agent2.id)), (IdSet{b, d}));
  EXPECT_EQ(AsSet(AllIds(port, m, "/api/v1/leads?lossType=hail")), (IdSet{a, c}));
  EXPECT_EQ(AllIds(port, m, "/api/v1/leads?lossType=hail&status=new"), Ids{a});
  // An assignee and a status: served by byAssigneeStatusUpdated (an agent's board column).
  EXPECT_EQ(AllIds(port, f.w.agent1.token, "/api/v1/leads?status=qualified"), Ids{c});
  EXPECT_EQ(AllIds(port, f.w.agent1.token, "/api/v1/leads?status=new"), Ids{a});
  EXPECT_EQ(AllIds(port, m, "/api/v1/leads?status=new&assignedTo=" + f.w.agent2.id), Ids{d});
  EXPECT_EQ(AllIds(port, m, "/api/v1/leads?status=qualified&assignedTo=" + f.w.agent2.id), Ids{});
  EXPECT_EQ(AllIds(port, m, "/api/v1/leads?tag=vip"), Ids{b});
  EXPECT_EQ(AllIds(port, m, "/api/v1/leads?tag=Vip"), Ids{b});
  EXPECT_EQ(AsSet(AllIds(port, m, "/api/v1/leads?tag=roof")), (IdSet{a, b}));
  EXPECT_EQ(AllIds(port, m, "/api/v1/leads?tag=roof&assignedTo=" + f.w.agent1.id), Ids{a});
  EXPECT_EQ(AllIds(port, f.w.agent1.token, "/api/v1/leads?tag=vip"), Ids{});
  // An agent naming another agent gets nothing, not that agent's leads.
  EXPECT_EQ(AllIds(port, f.w.agent1.token, "/api/v1/leads?assignedTo=" + f.w.agent2.id), Ids{});

  // updatedSince: every lead updated at or after the instant, exactly (by the leads' own times).
  const std::string since = f.dan.value("updatedAt", "");
  IdSet expected;
  for (const Json* lead : {&f.ana, &f.bob, &f.cal, &f.dan}) {
    if (lead->value("updatedAt", "") >= since) expected.insert(Id(*lead));
  }
  EXPECT_TRUE(expected.contains(d));
  EXPECT_EQ(AsSet(AllIds(port, m, "/api/v1/leads?updatedSince=" + UrlEncode(since))), expected);
  EXPECT_EQ(AsSet(AllIds(port, m, "/api/v1/leads?sort=createdAt&updatedSince=" + UrlEncode(since))),
            expected);
  EXPECT_EQ(AsSet(AllIds(port, m, "/api/v1/leads?updatedSince=2000-01-01T00:00:00Z")),
            (IdSet{a, b, c, d}));
  EXPECT_EQ(AllIds(port, m, "/api/v1/leads?updatedSince=2200-01-01T00:00:00Z"), Ids{});

  // Creation order both ways, and update order.
  ExpectOrdered(AllIds(port, m, "/api/v1/leads?sort=createdAt"), leads, "createdAt", true,
                Ids{a, b, c, d});
  ExpectOrdered(AllIds(port, m, "/api/v1/leads?sort=-createdAt"), leads, "createdAt", false,
                Ids{d, c, b, a});
  ExpectOrdered(AllIds(port, m, "/api/v1/leads?sort=updatedAt"), leads, "updatedAt", true,
                Ids{a, b, c, d});
  ExpectOrdered(AllIds(port, m, "/api/v1/leads?sort=-updatedAt&limit=1"), leads, "updatedAt",
                false, Ids{d, c, b, a});

  // Refused parameters name themselves.
  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"status=open", "status"},
           {"status=NEW", "status"},
           {"sort=lastName", "sort"},
           {"sort=relevance", "sort"},
           {"q=smith&sort=createdAt", "sort"},
           {"limit=0", "limit"},
           {"limit=201", "limit"},
           {"limit=ten", "limit"},
           {"updatedSince=yesterday", "updatedSince"},
           {"cursor=bm90LWEtY3Vyc29y", "cursor"},
           {"q=" + std::string(201, 'q'), "q"},
       }) {
    const auto reply = GetWith(port, "/api/v1/leads?" + query, m);
    EXPECT_TRUE(IsProblem(reply, 400)) << query << " -> " << reply.body;
    EXPECT_EQ(ErrorFields(reply), std::set<std::string>{field}) << query << " -> " << reply.body;
  }
  EXPECT_EQ(GetWith(port, "/api/v1/leads?limit=200", m).status, 200);

  // A cursor is only good for the query that made it.
  const Json page = BodyOf(GetWith(port, "/api/v1/leads?limit=2", m));
  ASSERT_TRUE(page["nextCursor"].is_string()) << page;
  const std::string cursor = UrlEncode(page["nextCursor"].get<std::string>());
  EXPECT_EQ(GetWith(port, "/api/v1/leads?limit=2&cursor=" + cursor, m).status, 200);
  for (const char* other :
       {"/api/v1/leads?limit=2&status=new&cursor=", "/api/v1/leads?limit=2&sort=createdAt&cursor=",
        "/api/v1/leads?limit=2&q=smith&cursor=", "/api/v1/leads?tag=roof&cursor="}) {
    const auto reply = GetWith(port, std::string(other) + cursor, m);
    EXPECT_TRUE(IsProblem(reply, 400)) << other << " -> " << reply.body;
    EXPECT_EQ(ErrorFields(reply), std::set<std::string>{"cursor"}) << reply.body;
  }
}

TEST(LeadsListsIntegration, PagingVisitsEveryLeadOnceWhileLeadsAreAdded) {
  LeadsWorld w = StartLeadsWorld();
  const uint16_t port = w.port;
  IdSet originals;
  for (int i = 0; i < 9; ++i) {
    const std::string owner = i % 3 == 0 ? w.agent2.id : w.agent1.id;
    originals.insert(
        Id(CreateLead(port, w.manager.token, Named("Page" + std::to_string(i), "Lead", owner))));
  }
  ASSERT_EQ(originals.size(), 9u);

  // Walks `target` two at a time, creating a lead (for agent1) between pages.
  int added = 0;
  auto walk = [&](const std::string& token, const std::string& target) {
    Ids seen;
    std::string cursor;
    for (int pages = 0; pages < 50; ++pages) {
      const std::string url = target + (cursor.empty() ? "" : "&cursor=" + UrlEncode(cursor));
      const auto reply = GetWith(port, url, token);
      EXPECT_EQ(reply.status, 200) << url << " -> " << reply.body;
      const Json body = BodyOf(reply);
      EXPECT_LE(body["items"].size(), 2u);
      for (const Json& item : body["items"]) seen.push_back(Id(item));
      if (reply.status != 200 || body["nextCursor"].is_null()) return seen;
      cursor = body["nextCursor"].get<std::string>();
      CreateLead(port, w.manager.token,
                 Named("Added" + std::to_string(++added), "Lead", w.agent1.id));
    }
    ADD_FAILURE() << "too many pages";
    return seen;
  };
  auto check = [&](const Ids& seen, const IdSet& must, const std::string& what) {
    EXPECT_EQ(AsSet(seen).size(), seen.size()) << what << ": a lead came twice";
    for (const std::string& id : must) {
      EXPECT_EQ(std::count(seen.begin(), seen.end(), id), 1) << what << ": " << id;
    }
  };
  // Newest first: what is added lands before the cursor and is not seen.
  const Ids newest_first = walk(w.manager.token, "/api/v1/leads?limit=2");
  check(newest_first, originals, "-updatedAt");
  EXPECT_EQ(AsSet(newest_first), originals);
  // Oldest first: what is added lands after the cursor; all of it is seen, once.
  const IdSet before = AsSet(AllIds(port, w.manager.token, "/api/v1/leads"));
  const Ids oldest_first = walk(w.manager.token, "/api/v1/leads?limit=2&sort=createdAt");
  check(oldest_first, before, "createdAt");
  EXPECT_EQ(AsSet(oldest_first), AsSet(AllIds(port, w.manager.token, "/api/v1/leads")));
  // An agent's own list, filtered by status, pages the same way.
  IdSet agent1_leads;
  const Json own = BodyOf(GetWith(port, "/api/v1/leads?limit=200", w.agent1.token));
  for (const Json& lead : own["items"]) {
    agent1_leads.insert(Id(lead));
  }
  const Ids agent_pages = walk(w.agent1.token, "/api/v1/leads?limit=2&status=new");
  check(agent_pages, agent1_leads, "agent1 status=new");
  for (const std::string& id : agent_pages) {
    EXPECT_EQ(BodyOf(GetLead(port, w.manager.token, id))["assignedTo"], w.agent1.id);
  }
}

TEST(LeadsListsIntegration, SearchIsRankedPrefixMatchingAndRespectsTheRecordRule) {
  Fixture f = MakeFixture();
  const uint16_t port = f.w.port;
  const std::string m = f.w.manager.token;
  const std::string a = Id(f.ana), b = Id(f.bob), c = Id(f.cal), d = Id(f.dan);
  auto search = [&](const std::string& token, const std::string& q) {
    return AllIds(port, token, "/api/v1/leads?q=" + UrlEncode(q));
  };

  // Prefixes as one types: "smi" finds Smith, Smithers and Smith Road.
  EXPECT_EQ(AsSet(search(m, "smi")), (IdSet{a, b, c}));
  // Ranked: a name match before an address match.
  const Ids smith = search(m, "smith");
  const auto pos = [&](const Ids& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) - ids.begin();
  };
  ASSERT_TRUE(AsSet(smith).contains(a) && AsSet(smith).contains(c)) << ::testing::PrintToString(smith);
  EXPECT_LT(pos(smith, a), pos(smith, c));
  // Phone digits in groups, the claim and policy numbers, the carrier, the city, the email.
  EXPECT_EQ(search(m, "555 01"), Ids{a});
  EXPECT_EQ(search(m, "5125550134"), Ids{a});
  EXPECT_EQ(search(m, "CLM-77821"), Ids{a});
  EXPECT_EQ(search(m, "HO3-55120"), Ids{a});
  EXPECT_EQ(search(m, "lone star"), Ids{a});
  EXPECT_EQ(search(m, "gulf coast"), Ids{b});
  EXPECT_EQ(search(m, "austin"), Ids{a});
  EXPECT_EQ(search(m, "round rock"), Ids{c});
  EXPECT_EQ(search(m, "ana@example.com"), Ids{a});
  EXPECT_EQ(search(m, "oak"), Ids{d});
  EXPECT_EQ(search(m, "zzzz"), Ids{});
  // Digit groups are one phone number as it is typed: the phones that start so, whatever the
  // punctuation (or a group of one that starts so: Fay's line number 5550 for "555 0"); when
  // none does, the groups are words ("12 512": Ana's house number and area code; "555 01"
  // above). Fay's (314) 512-5550 holds a "512" group and a "555…" group, but is no number that
  // starts 512 555.
  Json fay = Named("Fay", "Stone", f.w.agent1.id);
  fay["phones"] = {{{"number", "(314) 512-5550"}}};
  const std::string fay_id = Id(CreateLead(port, m, fay));
  EXPECT_EQ(search(m, "512 555"), Ids{a});
  EXPECT_EQ(search(m, "314 512"), Ids{fay_id});
  EXPECT_EQ(search(m, "555 0"), Ids{fay_id});
  EXPECT_EQ(search(m, "(737) 555-02"), Ids{b});
  EXPECT_EQ(search(m, "+1 512 555 0134"), Ids{a});
  EXPECT_EQ(search(m, "12 512"), Ids{a});
  EXPECT_EQ(search(f.w.agent2.token, "512 555"), Ids{});
  // Both kinds page with their own cursors, and one's cursor is refused by the other query.
  Json eve = Named("Eve", "Stone", f.w.agent1.id);
  eve["phones"] = {{{"number", "512-555-0199"}}};
  const std::string e = Id(CreateLead(port, m, eve));
  EXPECT_EQ(AsSet(AllIds(port, m, "/api/v1/leads?limit=1&q=512%20555")), (IdSet{a, e}));
  EXPECT_EQ(AllIds(port, m, "/api/v1/leads?limit=1&q=512%20555").size(), 2u);
  EXPECT_EQ(AsSet(AllIds(port, m, "/api/v1/leads?limit=1&q=555%2001")), (IdSet{a, e}));
  const Json phone_page = BodyOf(GetWith(port, "/api/v1/leads?limit=1&q=512%20555", m));
  ASSERT_TRUE(phone_page["nextCursor"].is_string());
  EXPECT_EQ(GetWith(port,
                    "/api/v1/leads?limit=1&q=555%2001&cursor=" +
                        phone_page["nextCursor"].get<std::string>(),
                    m)
                .status,
            400);
  ASSERT_EQ(CallApi(port, "DELETE", "/api/v1/leads/" + e, m).status, 204);
  ASSERT_EQ(CallApi(port, "DELETE", "/api/v1/leads/" + fay_id, m).status, 204);
  // Filters combine with q.
  EXPECT_EQ(AllIds(port, m, "/api/v1/leads?q=smi&status=contacted"), Ids{b});
  EXPECT_EQ(AsSet(AllIds(port, m, "/api/v1/leads?q=smi&lossType=hail")), (IdSet{a, c}));
  EXPECT_EQ(AllIds(port, m, "/api/v1/leads?q=smi&tag=vip"), Ids{b});
  EXPECT_EQ(AllIds(port, m, "/api/v1/leads?q=smi&tag=VIP"), Ids{b});
  EXPECT_EQ(AsSet(AllIds(port, m, "/api/v1/leads?q=smi&assignedTo=" + f.w.agent1.id)), (IdSet{a, c}));
  EXPECT_EQ(GetWith(port, "/api/v1/leads?q=smith&sort=relevance", m).status, 200);
  // Paged two at a time: the same hits, each once.
  EXPECT_EQ(AsSet(AllIds(port, m, "/api/v1/leads?limit=2&q=smi")), (IdSet{a, b, c}));
  EXPECT_EQ(AllIds(port, m, "/api/v1/leads?limit=2&q=smi").size(), 3u);

  // An agent's search never shows another agent's lead, whatever the text.
  EXPECT_EQ(AsSet(search(f.w.agent1.token, "smi")), (IdSet{a, c}));
  EXPECT_EQ(search(f.w.agent2.token, "smith"), Ids{b});
  EXPECT_EQ(search(f.w.agent2.token, "555 01"), Ids{});
  EXPECT_EQ(search(f.w.agent2.token, "lone star"), Ids{});
  EXPECT_EQ(search(f.w.agent1.token, "smithers"), Ids{});
  EXPECT_EQ(AllIds(port, f.w.agent2.token, "/api/v1/leads?q=smi&assignedTo=" + f.w.agent1.id),
            Ids{});

  // The index follows changes: a renamed lead is found by its new name only.
  ASSERT_EQ(PatchLead(port, m, d, {{"lastName", "Birch"}}).status, 200);
  EXPECT_EQ(search(m, "birch"), Ids{d});
  EXPECT_EQ(search(m, "oak"), Ids{});
  // Reassigned: found by the new agent, no longer by the old one.
  ASSERT_EQ(PatchLead(port, m, a, {{"assignedTo", f.w.agent2.id}}).status, 200);
  EXPECT_EQ(search(f.w.agent1.token, "lone star"), Ids{});
  EXPECT_EQ(search(f.w.agent2.token, "lone star"), Ids{a});
}

TEST(LeadsListsIntegration, PhoneLookupMatchesAnyFormatWithinTheRecordRule) {
  Fixture f = MakeFixture();
  const uint16_t port = f.w.port;
  const std::string a = Id(f.ana);
  auto lookup = [&](const std::string& token, const std::string& phone) {
    return GetWith(port, "/api/v1/leads/lookup?phone=" + UrlEncode(phone), token);
  };
  for (const char* format :
       {"+1 512-555-0134", "5125550134", "(512) 555-0134", "+15125550134", "1 (512) 555 0134",
        "512.555.0134"}) {
    for (const std::string& token : {f.w.manager.token, f.w.agent1.token, f.w.admin}) {
      const auto reply = lookup(token, format);
      ASSERT_EQ(reply.status, 200) << format << " -> " << reply.body;
      EXPECT_EQ(PageIds(reply), Ids{a}) << format;
      EXPECT_EQ(BodyOf(reply)["items"][0]["firstName"], "Ana");
    }
    // Agent 2 does not find agent 1's lead.
    const auto hidden = lookup(f.w.agent2.token, format);
    ASSERT_EQ(hidden.status, 200) << hidden.body;
    EXPECT_EQ(BodyOf(hidden)["items"], Json::array()) << format;
  }
  EXPECT_EQ(PageIds(lookup(f.w.agent2.token, "737-555-0288")), Ids{Id(f.bob)});
  EXPECT_EQ(PageIds(lookup(f.w.manager.token, "512-555-0199")), Ids{});
  // A second lead with the same number: both found.
  Json twin = Named("Twin", "Smith", f.w.agent1.id);
  twin["phones"] = {{{"number", "+1 (512) 555-0134"}, {"type", "home"}}};
  const std::string twin_id = Id(CreateLead(port, f.w.manager.token, twin));
  EXPECT_EQ(AsSet(PageIds(lookup(f.w.agent1.token, "5125550134"))), (IdSet{a, twin_id}));
  // A number changed away is no longer found under the old one.
  ASSERT_EQ(PatchLead(port, f.w.manager.token, twin_id, {{"phones", {{{"number", "512-555-0100"}}}}})
                .status,
            200);
  EXPECT_EQ(PageIds(lookup(f.w.agent1.token, "5125550134")), Ids{a});
  EXPECT_EQ(PageIds(lookup(f.w.agent1.token, "5125550100")), Ids{twin_id});

  for (const char* bad : {"hello", "12", "+1 512 555 01345678901"}) {
    const auto reply = lookup(f.w.agent1.token, bad);
    EXPECT_TRUE(IsProblem(reply, 400)) << bad << " -> " << reply.body;
    EXPECT_EQ(ErrorFields(reply), std::set<std::string>{"phone"}) << bad << " -> " << reply.body;
  }
  for (const std::string target : {"/api/v1/leads/lookup", "/api/v1/leads/lookup?phone="}) {
    const auto missing = GetWith(port, target, f.w.agent1.token);
    EXPECT_TRUE(IsProblem(missing, 400)) << target << " -> " << missing.body;
    EXPECT_EQ(ErrorFields(missing), std::set<std::string>{"phone"}) << missing.body;
  }
}

}  // namespace
}  // namespace ccrm::testing
