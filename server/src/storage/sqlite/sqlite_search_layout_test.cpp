// The search.db layout over time: one written by an earlier binary with other FTS5 options
// (prefix indexes for one to three characters only) is rebuilt from its own text when the
// collection is declared again, and one whose docs table does not keep each document's length
// gets the column; same documents, same answers, the same scores.
#include <gtest/gtest.h>

#include <filesystem>

#include "common/scratch_dir.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_search_index.hpp"

namespace ccrm::storage::sqlite {
namespace {

class SqliteSearchLayoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (dir_ / "search.db").string();
  }

  SearchIndexPtr Open() {
    auto index = MakeSqliteSearchIndex(path_);
    index->EnsureCollection("leads", {{"name", 10.0}, {"address", 2.0}}, {"status"});
    return index;
  }
  std::string FtsSql() {
    Connection c(path_, SQLITE_OPEN_READONLY);
    Statement st = c.Prepare("SELECT sql FROM sqlite_schema WHERE name = 'c1_fts'");
    return st.Step() ? std::string(st.Text(0)) : "";
  }
  static std::vector<std::string> Ids(SearchIndex& index, const std::string& text) {
    std::vector<std::string> ids;
    for (const auto& hit : index.Search({.collection = "leads", .text = text}).hits) {
      ids.push_back(hit.id);
    }
    return ids;
  }

  const ccrm::testing::ScratchDir scratch_{"search-layout"};
  const std::filesystem::path& dir_ = scratch_.path();
  std::string path_;
};

TEST_F(SqliteSearchLayoutTest, AnIndexWithOlderPrefixOptionsIsRebuiltFromItsText) {
  {
    auto index = Open();
    index->Upsert("leads", {"lead_1", {{"name", "Ann Smithson"}, {"address", "Austin TX"}},
                            {{"status", "new"}}, {}});
    index->Upsert("leads", {"lead_2", {{"name", "Bo Smith"}, {"address", "Houston TX"}},
                            {{"status", "won"}}, {}});
  }
  ASSERT_NE(FtsSql().find("prefix = '1 2 3 4 5'"), std::string::npos);
  {  // What an earlier binary created: the same table with prefix='1 2 3'.
    Connection c(path_, SQLITE_OPEN_READWRITE);
    c.Exec(
        "BEGIN; CREATE VIRTUAL TABLE old_fts USING fts5(c0, c1, tokenize = 'unicode61 "
        "remove_diacritics 2', prefix = '1 2 3');"
        "INSERT INTO old_fts(rowid, c0, c1) SELECT rowid, c0, c1 FROM c1_fts;"
        "DROP TABLE c1_fts; ALTER TABLE old_fts RENAME TO c1_fts; COMMIT;");
  }
  ASSERT_NE(FtsSql().find("prefix = '1 2 3')"), std::string::npos);

  auto index = Open();
  EXPECT_NE(FtsSql().find("prefix = '1 2 3 4 5'"), std::string::npos);
  EXPECT_EQ(Ids(*index, "smith"), (std::vector<std::string>{"lead_2", "lead_1"}));
  EXPECT_EQ(Ids(*index, "austi"), (std::vector<std::string>{"lead_1"}));
  EXPECT_EQ(Ids(*index, "hous tx"), (std::vector<std::string>{"lead_2"}));
  const auto won = index->Search({.collection = "leads", .text = "s", .filters = {{"status", "won"}}});
  ASSERT_EQ(won.hits.size(), 1u);
  EXPECT_EQ(won.hits[0].id, "lead_2");
  // Written after the rebuild, found too.
  index->Upsert("leads", {"lead_3", {{"name", "Cy Smithers"}}, {{"status", "new"}}, {}});
  EXPECT_EQ(Ids(*index, "smithe"), (std::vector<std::string>{"lead_3"}));
}

// Scores of `text`, best first, as (id, score).
std::vector<std::pair<std::string, double>> Scores(SearchIndex& index, const std::string& text) {
  std::vector<std::pair<std::string, double>> scores;
  for (const auto& hit : index.Search({.collection = "leads", .text = text}).hits) {
    scores.emplace_back(hit.id, hit.score);
  }
  return scores;
}

void UpsertLengthyDocuments(SearchIndex& index) {
  index.Upsert("leads", {"lead_1", {{"name", "Ann Smith"}}, {{"status", "new"}}, {}});
  index.Upsert("leads",
               {"lead_2",
                {{"name", "Bo Smith"}, {"address", "12 Long Road, Upper Austin, TX 78701"}},
                {{"status", "new"}},
                {}});
  index.Upsert("leads", {"lead_3", {{"name", "Cy Smithers Smith"}, {"address", "Austin"}},
                         {{"status", "won"}}, {}});
  index.Upsert("leads", {"lead_4", {{"name", "Dee Jones"}, {"address", "Élan Smith Way"}},
                         {{"status", "won"}}, {}});
}

TEST_F(SqliteSearchLayoutTest, StoredLengthsRankExactlyAsFts5sOwnDocsize) {
  auto index = Open();
  UpsertLengthyDocuments(*index);
  const auto stored = Scores(*index, "smith");
  ASSERT_EQ(stored.size(), 4u);
  // bm25's length normalisation at work: the same name match, the shorter document first.
  EXPECT_EQ(stored[0].first, "lead_3");  // two matches in the name
  EXPECT_EQ(stored[1].first, "lead_1");
  EXPECT_EQ(stored[2].first, "lead_2");
  {
    Connection c(path_, SQLITE_OPEN_READWRITE);
    Statement lengths = c.Prepare("SELECT id, len FROM c1_docs ORDER BY id");
    std::vector<int64_t> seen;
    while (lengths.Step()) seen.push_back(lengths.Int(1));
    EXPECT_EQ(seen, (std::vector<int64_t>{2, 9, 4, 5}));  // tokens as FTS5 counts them
    c.Exec("UPDATE c1_docs SET len = NULL");  // as rows written before the column existed
  }
  EXPECT_EQ(Scores(*index, "smith"), stored);  // the same doubles, through FTS5's docsize
}

TEST_F(SqliteSearchLayoutTest, AnIndexWithoutStoredLengthsGetsTheColumn) {
  {
    auto index = Open();
    UpsertLengthyDocuments(*index);
  }
  std::vector<std::pair<std::string, double>> before;
  {
    auto index = Open();
    before = Scores(*index, "smi");
  }
  {  // What an earlier binary created: no len column.
    Connection c(path_, SQLITE_OPEN_READWRITE);
    c.Exec("ALTER TABLE c1_docs DROP COLUMN len");
  }
  auto index = Open();  // adds the column and fills it from the documents' text
  EXPECT_EQ(Scores(*index, "smi"), before);
  index->Upsert("leads", {"lead_5", {{"name", "Eve Smith"}}, {{"status", "new"}}, {}});
  Connection c(path_, SQLITE_OPEN_READONLY);
  Statement lengths = c.Prepare("SELECT count(*), count(len), sum(len) FROM c1_docs");
  ASSERT_TRUE(lengths.Step());
  EXPECT_EQ(lengths.Int(0), 5);
  EXPECT_EQ(lengths.Int(1), 5);
  EXPECT_EQ(lengths.Int(2), 2 + 9 + 4 + 5 + 2);
}

}  // namespace
}  // namespace ccrm::storage::sqlite
