// The SearchIndex contract (matching, ranking, filters, writes, hostile input, isolation; paging
// is in search_index_contract_paging_test.cpp), and its run against the SQLite FTS5 backend.
#include "search_index_contract.hpp"

#include <algorithm>
#include <stdexcept>

#include "storage/sqlite/sqlite_search_index.hpp"

namespace ccrm::storage::contract {
namespace {

using Strings = std::vector<std::string>;
using StringSet = std::set<std::string>;

TEST_P(SearchIndexContract, PrefixOfAWordMatchesButTheMiddleDoesNot) {
  Put(Lead(Id(1), "Alice Smith"));
  Put(Lead(Id(2), "Bob Smithers"));
  Put(Lead(Id(3), "Carol Jones"));
  EXPECT_EQ(IdSet(Find("smi")), (StringSet{Id(1), Id(2)}));
  EXPECT_EQ(IdSet(Find("SMITH")), (StringSet{Id(1), Id(2)}));
  EXPECT_EQ(IdSet(Find("smithe")), (StringSet{Id(2)}));
  EXPECT_TRUE(Ids(Find("mith")).empty());
  EXPECT_EQ(IdSet(Find("s")), (StringSet{Id(1), Id(2)}));
}

TEST_P(SearchIndexContract, DiacriticsAndCaseFoldBothWays) {
  Put(Lead(Id(1), "José Álvarez"));
  Put(Lead(Id(2), "Jose Alvarez"));
  Put(Lead(Id(3), "Zoë Müller"));
  EXPECT_EQ(IdSet(Find("jose")), (StringSet{Id(1), Id(2)}));
  EXPECT_EQ(IdSet(Find("JOSÉ")), (StringSet{Id(1), Id(2)}));
  EXPECT_EQ(IdSet(Find("alv")), (StringSet{Id(1), Id(2)}));
  EXPECT_EQ(IdSet(Find("zoe mull")), (StringSet{Id(3)}));
}

TEST_P(SearchIndexContract, EveryWordMustMatchSomeField) {
  auto a = Lead(Id(1), "Alice Smith");
  a.text["phone"] = "555-123-4567";
  auto b = Lead(Id(2), "Bob Smith");
  b.text["phone"] = "555-987-6543";
  Put(a);
  Put(b);
  EXPECT_EQ(Ids(Find("555 12")), (Strings{Id(1)}));
  EXPECT_EQ(IdSet(Find("555")), (StringSet{Id(1), Id(2)}));
  EXPECT_EQ(Ids(Find("smith 98")), (Strings{Id(2)}));
  EXPECT_TRUE(Ids(Find("alice 98")).empty());
}

TEST_P(SearchIndexContract, PhoneDigitsMatchInEveryIndexedForm) {
  auto doc = Lead(Id(1), "Dana Reyes");
  doc.text["phone"] = "555 123 4567 5551234567 15551234567";
  Put(doc);
  Put(Lead(Id(2), "Other Person"));
  for (const char* typed : {"555 12", "5551234", "1555123", "(555) 123-45", "+1 555 123 4567",
                            "123 4567", "555.123.4567"}) {
    EXPECT_EQ(Ids(Find(typed)), (Strings{Id(1)})) << typed;
  }
  EXPECT_TRUE(Ids(Find("5559")).empty());
}

TEST_P(SearchIndexContract, OtherFieldsAreSearchedToo) {
  SearchDocument doc = Lead(Id(1), "Erin Walsh");
  doc.text["email"] = "erin.walsh@example.com";
  doc.text["address"] = "12 Harbor Lane, Tampa FL 33602";
  doc.text["claim"] = "State Farm HO-3 CLM-7781-22 POL88123";
  Put(doc);
  for (const char* typed : {"example", "harb", "tampa 336", "state far", "clm 7781", "pol881"}) {
    EXPECT_EQ(Ids(Find(typed)), (Strings{Id(1)})) << typed;
  }
}

TEST_P(SearchIndexContract, AHeavierFieldRanksFirst) {
  auto in_name = Lead(Id(1), "Parker Lewis");
  in_name.text["notes"] = "called twice about roof";
  auto in_notes = Lead(Id(2), "Lewis Quinn");
  in_notes.text["notes"] = "called parker about roof";
  Put(in_notes);
  Put(in_name);
  const SearchResult result = Find("parker");
  EXPECT_EQ(Ids(result), (Strings{Id(1), Id(2)}));
  ASSERT_EQ(result.hits.size(), 2u);
  EXPECT_GT(result.hits[0].score, result.hits[1].score);
}

TEST_P(SearchIndexContract, MoreMatchesRankFirst) {
  auto once = Lead(Id(1), "Morgan Lee");
  once.text["notes"] = "hail damage to roof only";
  auto thrice = Lead(Id(2), "Morgan Lee");
  thrice.text["notes"] = "hail hail hail everywhere";
  Put(once);
  Put(thrice);
  EXPECT_EQ(Ids(Find("hail")), (Strings{Id(2), Id(1)}));
}

TEST_P(SearchIndexContract, TiesAreBrokenById) {
  for (int i = 1; i <= 5; ++i) Put(Lead(Id(i), "Same Name"));
  // Equal scores: newest (largest ULID) first, as in listings.
  EXPECT_EQ(Ids(Find("same")), (Strings{Id(5), Id(4), Id(3), Id(2), Id(1)}));
}

TEST_P(SearchIndexContract, ScoresNeverIncreaseDownTheList) {
  for (int i = 1; i <= 30; ++i) {
    auto doc = Lead(Id(i), "Taylor " + std::string(static_cast<size_t>(i % 4), 'x'));
    doc.text["notes"] = std::string(i % 3 == 0 ? "taylor taylor" : "other") + " note";
    Put(doc);
  }
  const SearchResult result = Find("taylor", 200);
  ASSERT_EQ(result.hits.size(), 30u);
  for (size_t i = 1; i < result.hits.size(); ++i) {
    EXPECT_GE(result.hits[i - 1].score, result.hits[i].score);
  }
}

TEST_P(SearchIndexContract, FiltersMustAllEqualAndTheTagMustBeCarried) {
  Put(Lead(Id(1), "Kim Ford", "new", "usr_a", {"vip", "hail"}));
  Put(Lead(Id(2), "Kim Fox", "new", "usr_b", {"vip"}));
  Put(Lead(Id(3), "Kim Fry", "contacted", "usr_a", {"hail"}));
  SearchQuery query;
  query.collection = kLeads;
  query.text = "kim";
  query.filters = {{"status", "new"}};
  EXPECT_EQ(IdSet(index_->Search(query)), (StringSet{Id(1), Id(2)}));
  query.filters = {{"status", "new"}, {"assignedTo", "usr_a"}};
  EXPECT_EQ(Ids(index_->Search(query)), (Strings{Id(1)}));
  query.filters = {};
  query.tag = "hail";
  EXPECT_EQ(IdSet(index_->Search(query)), (StringSet{Id(1), Id(3)}));
  query.filters = {{"assignedTo", "usr_b"}};
  EXPECT_TRUE(Ids(index_->Search(query)).empty());
  query.tag = "missing";
  query.filters = {};
  EXPECT_TRUE(Ids(index_->Search(query)).empty());
}

TEST_P(SearchIndexContract, BlankTextListsTheFilteredDocumentsNewestFirst) {
  for (int i = 1; i <= 25; ++i) {
    Put(Lead(Id(i), "Person " + std::to_string(i), i % 2 ? "new" : "lost", "usr_a",
             i % 5 == 0 ? std::vector<std::string>{"five"} : std::vector<std::string>{}));
  }
  SearchQuery query;
  query.collection = kLeads;
  query.text = "  ";
  query.filters = {{"status", "new"}};
  query.limit = 4;
  const auto ids = AllPages(query);
  std::vector<std::string> expected;
  for (int i = 25; i >= 1; --i) {
    if (i % 2) expected.push_back(Id(i));
  }
  EXPECT_EQ(ids, expected);
  query.filters = {};
  query.tag = "five";
  EXPECT_EQ(AllPages(query), (std::vector<std::string>{Id(25), Id(20), Id(15), Id(10), Id(5)}));
  query.tag = "";
  query.text = "";
  EXPECT_EQ(AllPages(query).size(), 25u);
}

TEST_P(SearchIndexContract, UpsertReplacesTextFiltersAndTags) {
  Put(Lead(Id(1), "Quinn Archer", "new", "usr_a", {"old"}));
  Put(Lead(Id(1), "Riley Baker", "contacted", "usr_b", {"new"}));
  EXPECT_TRUE(Ids(Find("quinn")).empty());
  EXPECT_TRUE(Ids(Find("archer")).empty());
  EXPECT_EQ(Ids(Find("riley bak")), (Strings{Id(1)}));
  SearchQuery query;
  query.collection = kLeads;
  query.filters = {{"status", "new"}};
  EXPECT_TRUE(Ids(index_->Search(query)).empty());
  query.filters = {{"status", "contacted"}};
  EXPECT_EQ(Ids(index_->Search(query)), (Strings{Id(1)}));
  query.filters = {};
  query.tag = "old";
  EXPECT_TRUE(Ids(index_->Search(query)).empty());
  query.tag = "new";
  EXPECT_EQ(Ids(index_->Search(query)), (Strings{Id(1)}));
  // The same document again is harmless.
  Put(Lead(Id(1), "Riley Baker", "contacted", "usr_b", {"new"}));
  EXPECT_EQ(Ids(Find("riley")), (Strings{Id(1)}));
}

TEST_P(SearchIndexContract, RemoveForgetsTheDocument) {
  Put(Lead(Id(1), "Sam Carter", "new", "usr_a", {"vip"}));
  Put(Lead(Id(2), "Sam Cole"));
  index_->Remove(kLeads, Id(1));
  index_->Remove(kLeads, "lead_never_indexed");
  EXPECT_EQ(Ids(Find("sam")), (Strings{Id(2)}));
  SearchQuery query;
  query.collection = kLeads;
  query.tag = "vip";
  EXPECT_TRUE(Ids(index_->Search(query)).empty());
  Put(Lead(Id(1), "Sam Carter"));
  EXPECT_EQ(IdSet(Find("sam")), (StringSet{Id(1), Id(2)}));
}

TEST_P(SearchIndexContract, UpsertBatchIndexesEveryDocument) {
  std::vector<SearchDocument> docs;
  for (int i = 1; i <= 300; ++i) docs.push_back(Lead(Id(i), "Batch Member" + std::to_string(i)));
  docs.push_back(Lead(Id(7), "Batch Replaced"));  // later wins
  index_->UpsertBatch(kLeads, docs);
  SearchQuery query;
  query.collection = kLeads;
  query.text = "batch";
  query.limit = 200;
  EXPECT_EQ(AllPages(query).size(), 300u);
  EXPECT_EQ(Ids(Find("replaced")), (Strings{Id(7)}));
  // Equal scores (same length, one match each): by id, newest first.
  EXPECT_EQ(Ids(Find("member7")), (Strings{Id(79), Id(78), Id(77), Id(76), Id(75), Id(74), Id(73),
                                           Id(72), Id(71), Id(70)}));
}

TEST_P(SearchIndexContract, HostileInputIsNeverSyntaxAndNeverThrows) {
  Put(Lead(Id(1), "Smith Jones"));
  Put(Lead(Id(2), "Near Orwell"));
  Put(Lead(Id(3), "Dana Quote"));
  Put(Lead(Id(4), "Name Field"));
  const std::string ten_kb = [] {
    std::string text;
    while (text.size() < 10 * 1024) text += "zq\"*(NEAR OR -x:y) ";
    return text;
  }();
  const std::vector<std::string> hostile = {"\"",
                                            "\"\"",
                                            "\"smith",
                                            "smi\"th",
                                            "*",
                                            "**",
                                            "smith*",
                                            "*smith",
                                            "NEAR(smith jones)",
                                            "NEAR",
                                            "smith OR jones",
                                            "OR",
                                            "AND",
                                            "NOT",
                                            "smith NOT jones",
                                            "-smith",
                                            "- -",
                                            "c0:smith",
                                            "name:smith",
                                            "{c0 c1}:smith",
                                            "^smith",
                                            "smith +",
                                            "(",
                                            ")",
                                            "()",
                                            ":",
                                            "'",
                                            "';DROP TABLE c1_docs;--",
                                            "\\",
                                            "%",
                                            "_",
                                            "日本語",
                                            "🙂",
                                            "ש\u05b8לוֹם",
                                            "e\u0301",
                                            std::string("smi\0th", 6),
                                            "\xff\xfe\xc3",
                                            ten_kb};
  for (const std::string& text : hostile) {
    SearchResult result;
    EXPECT_NO_THROW(result = Find(text)) << text.substr(0, 40);
    EXPECT_LT(result.hits.size(), 4u) << "matched everything: " << text.substr(0, 40);
  }
  // Operators are plain words, and punctuation around a word changes nothing.
  EXPECT_EQ(Ids(Find("-smith")), (Strings{Id(1)}));
  EXPECT_EQ(Ids(Find("\"smith\"")), (Strings{Id(1)}));
  EXPECT_EQ(Ids(Find("smith*")), (Strings{Id(1)}));
  EXPECT_EQ(Ids(Find("near or")), (Strings{Id(2)}));
  EXPECT_TRUE(Ids(Find("smith OR dana")).empty());
  EXPECT_EQ(Ids(Find("name:field")), (Strings{Id(4)}));
  EXPECT_TRUE(Ids(Find("\"")).empty());
  // Hostile filter values and tags are values, not SQL.
  SearchQuery query;
  query.collection = kLeads;
  query.filters = {{"status", "new' OR '1'='1"}};
  query.tag = "x' OR 1=1 --";
  EXPECT_TRUE(Ids(index_->Search(query)).empty());
}

TEST_P(SearchIndexContract, BadArgumentsAreInvalidArgument) {
  Put(Lead(Id(1), "Val Idate"));
  SearchQuery query;
  query.collection = kLeads;
  query.text = "val";
  for (int limit : {0, -1, 201}) {
    query.limit = limit;
    EXPECT_THROW(index_->Search(query), std::invalid_argument) << limit;
  }
  for (int limit : {1, 200}) {
    query.limit = limit;
    EXPECT_NO_THROW(index_->Search(query)) << limit;
  }
  query.limit = 10;
  for (const char* cursor : {"!!!", "bm90IGpzb24", "e30", "eyJ2IjoxfQ"}) {
    query.cursor = cursor;
    EXPECT_THROW(index_->Search(query), std::invalid_argument) << cursor;
  }
  query.cursor = "";
  query.filters = {{"nope", "x"}};
  EXPECT_THROW(index_->Search(query), std::invalid_argument);
  query.filters = {};
  query.collection = "nope";
  EXPECT_THROW(index_->Search(query), std::invalid_argument);
  SearchDocument bad = Lead(Id(2), "Bad Field");
  bad.text["undeclared"] = "x";
  EXPECT_THROW(Put(bad), std::invalid_argument);
  EXPECT_THROW(index_->Upsert("nope", Lead(Id(3), "x")), std::invalid_argument);
  EXPECT_THROW(Put(Lead("", "No Id")), std::invalid_argument);
}

TEST_P(SearchIndexContract, ACursorBelongsToItsQuery) {
  for (int i = 1; i <= 5; ++i) Put(Lead(Id(i), "Cursor Owner"));
  SearchQuery query;
  query.collection = kLeads;
  query.text = "cursor";
  query.limit = 2;
  const SearchResult first = index_->Search(query);
  ASSERT_TRUE(first.next_cursor);
  query.cursor = *first.next_cursor;
  query.text = "owner";
  EXPECT_THROW(index_->Search(query), std::invalid_argument);
  query.text = "cursor";
  query.limit = 3;  // a page size may change mid-scan
  EXPECT_EQ(Ids(index_->Search(query)), (Strings{Id(3), Id(2), Id(1)}));
}

TEST_P(SearchIndexContract, CollectionsAreIsolated) {
  index_->EnsureCollection("calls", {{"notes", 1.0}}, {"status"});
  Put(Lead(Id(1), "Shared Word"));
  SearchDocument call;
  call.id = Id(1);
  call.text["notes"] = "another shared word";
  call.filters["status"] = "new";
  index_->Upsert("calls", call);
  EXPECT_TRUE(Ids(Find("another")).empty());
  SearchQuery query;
  query.collection = "calls";
  query.text = "another";
  EXPECT_EQ(Ids(index_->Search(query)), (Strings{Id(1)}));
  index_->Remove(kLeads, Id(1));
  query.text = "shared";
  EXPECT_EQ(Ids(index_->Search(query)), (Strings{Id(1)}));
  EXPECT_TRUE(Ids(Find("shared")).empty());
}

TEST_P(SearchIndexContract, RedeclaringTheSameCollectionKeepsItsDocuments) {
  Put(Lead(Id(1), "Kept Around"));
  DeclareLeads();
  EXPECT_EQ(Ids(Find("kept")), (Strings{Id(1)}));
  index_->EnsureCollection(kLeads,
                           {{"name", 1.0},
                            {"email", 2.0},
                            {"phone", 2.0},
                            {"address", 1.0},
                            {"claim", 1.5},
                            {"notes", 0.5}},
                           {"assignedTo", "status"});
  EXPECT_EQ(Ids(Find("kept")), (Strings{Id(1)}));
}

TEST_P(SearchIndexContract, DocumentsSurviveReopening) {
  Put(Lead(Id(1), "Persist Ence", "new", "usr_a", {"vip"}));
  Put(Lead(Id(2), "Gone Soon"));
  index_->Remove(kLeads, Id(2));
  Reopen();
  EXPECT_EQ(Ids(Find("persist")), (Strings{Id(1)}));
  EXPECT_TRUE(Ids(Find("gone")).empty());
  DeclareLeads();
  SearchQuery query;
  query.collection = kLeads;
  query.tag = "vip";
  query.filters = {{"status", "new"}};
  EXPECT_EQ(Ids(index_->Search(query)), (Strings{Id(1)}));
  Put(Lead(Id(3), "Persist After"));
  EXPECT_EQ(IdSet(Find("persist")), (StringSet{Id(1), Id(3)}));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, SearchIndexContract,
                         testing::Values(SearchIndexBackend{"sqlite",
                                                            [](const std::string& dir) {
                                                              return sqlite::MakeSqliteSearchIndex(
                                                                  dir + "/search.db");
                                                            }}),
                         SearchIndexBackendName);

}  // namespace
}  // namespace ccrm::storage::contract
