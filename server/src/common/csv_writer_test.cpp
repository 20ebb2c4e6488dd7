#include "common/csv_writer.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "common/csv_reader.hpp"

namespace ccrm {
namespace {

using Fields = std::vector<std::string>;

std::string Write(std::initializer_list<std::string_view> fields, CsvWriterOptions options = {}) {
  std::string out;
  CsvWriter(out, options).WriteRecord(fields);
  return out;
}

// Would a spreadsheet treat the cell as a formula? The property NeutraliseCell must remove.
bool LooksLikeAFormula(std::string_view cell) {
  if (cell.empty()) return false;
  const char first = cell.front();
  if (first == '=' || first == '@' || first == '\t' || first == '\r') return true;
  if (first != '+' && first != '-') return false;
  return cell.find_first_not_of("0123456789 +-().") != std::string_view::npos;
}

TEST(CsvWriterTest, PlainFieldsAreNotQuotedAndRecordsEndInCrlf) {
  EXPECT_EQ(Write({"1", "Ann", "ann@example.com", "", "Zo\xC3\xAB"}),
            "1,Ann,ann@example.com,,Zo\xC3\xAB\r\n");
}

TEST(CsvWriterTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(Write({"a,b"}), "\"a,b\"\r\n");
  EXPECT_EQ(Write({"say \"hi\""}), "\"say \"\"hi\"\"\"\r\n");
  EXPECT_EQ(Write({"\""}), "\"\"\"\"\r\n");
  EXPECT_EQ(Write({"line1\r\nline2", "a\rb", "a\nb"}), "\"line1\r\nline2\",\"a\rb\",\"a\nb\"\r\n");
  EXPECT_EQ(Write({" lead", "trail ", "tab\t", "in side"}),
            "\" lead\",\"trail \",\"tab\t\",in side\r\n");
  EXPECT_EQ(Write({"it's"}), "it's\r\n");
  EXPECT_EQ(Write({"\xEF\xBB\xBFx", "y\xEF\xBB\xBF"}), "\"\xEF\xBB\xBFx\",y\xEF\xBB\xBF\r\n");
}

TEST(CsvWriterTest, ALoneEmptyFieldIsQuotedSoItIsNotAnEmptyLine) {
  EXPECT_EQ(Write({""}), "\"\"\r\n");
  EXPECT_EQ(Write({"", ""}), ",\r\n");
  std::string out;
  CsvWriter writer(out);
  writer.EndRecord();  // no fields: nothing to write
  EXPECT_EQ(out, "");
}

TEST(CsvWriterTest, AppendsSoTheCallerCanStream) {
  std::string out = "already there|";
  CsvWriter writer(out);
  writer.AddField("a");
  writer.AddField("b");
  writer.EndRecord();
  EXPECT_EQ(out, "already there|a,b\r\n");
  out.clear();  // sent
  const std::vector<std::string> owned = {"c", "d"};
  writer.WriteRecord(owned);
  const std::vector<std::string_view> views = {"e"};
  writer.WriteRecord(views);
  EXPECT_EQ(out, "c,d\r\ne\r\n");
}

TEST(CsvWriterTest, NeutralisesFormulas) {
  EXPECT_EQ(NeutraliseCell("=HYPERLINK(\"http://x\",\"y\")"), "'=HYPERLINK(\"http://x\",\"y\")");
  EXPECT_EQ(NeutraliseCell("@SUM(1)"), "'@SUM(1)");
  EXPECT_EQ(NeutraliseCell("\t=1"), "'\t=1");
  EXPECT_EQ(NeutraliseCell("\r=1"), "'\r=1");
  EXPECT_EQ(NeutraliseCell("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
  EXPECT_EQ(NeutraliseCell("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
  EXPECT_EQ(NeutraliseCell("'=x"), "''=x");
  EXPECT_EQ(NeutraliseCell("''=x"), "'''=x");
  // Numbers and phone numbers stay as they are.
  EXPECT_EQ(NeutraliseCell("+1 555-0100"), "+1 555-0100");
  EXPECT_EQ(NeutraliseCell("+44 (20) 7946.0958"), "+44 (20) 7946.0958");
  EXPECT_EQ(NeutraliseCell("-5"), "-5");
  EXPECT_EQ(NeutraliseCell("'-5"), "'-5");
  // Harmless text.
  for (const std::string_view text : {"", "'", "''", "Ann", "a=b", " =1", "it's", "5-3"}) {
    EXPECT_EQ(NeutraliseCell(text), text);
  }
}

TEST(CsvWriterTest, UnneutraliseUndoesExactlyOneGuard) {
  EXPECT_EQ(UnneutraliseCell("'=x"), "=x");
  EXPECT_EQ(UnneutraliseCell("''=x"), "'=x");
  EXPECT_EQ(UnneutraliseCell("'''=x"), "''=x");
  EXPECT_EQ(UnneutraliseCell("'\t=1"), "\t=1");
  EXPECT_EQ(UnneutraliseCell("'-a"), "-a");
  // Not a guard: left alone.
  for (const std::string_view text : {"", "'", "''", "'-5", "'+1 555-0100", "'abc", "=x", "it's"}) {
    EXPECT_EQ(UnneutraliseCell(text), text);
  }
}

TEST(CsvWriterTest, WriterNeutralisesUnlessToldNot) {
  EXPECT_EQ(Write({"=1+1", "+1 555-0100", "-x", "=a,b"}), "'=1+1,+1 555-0100,'-x,\"'=a,b\"\r\n");
  EXPECT_EQ(Write({"=1+1"}, CsvWriterOptions{.neutralise_formulas = false}), "=1+1\r\n");
}

// Every string over a hostile alphabet up to five characters long, then random longer ones:
// neutralising always leaves a cell a spreadsheet will not run, and always undoes exactly.
TEST(CsvWriterTest, NeutraliseRoundTripsForEveryString) {
  const std::string alphabet = "=+-@\t\r'1 (a\"";
  std::vector<std::string> cells = {""};
  for (size_t begin = 0, length = 1; length <= 5; ++length) {
    const size_t end = cells.size();
    for (size_t i = begin; i < end; ++i) {
      for (const char c : alphabet) cells.push_back(cells[i] + c);
    }
    begin = end;
  }
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> length(6, 40);
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  for (int i = 0; i < 20000; ++i) {
    std::string cell(length(rng), ' ');
    for (char& c : cell) c = alphabet[pick(rng)];
    cells.push_back(cell);
  }
  for (const std::string& cell : cells) {
    const std::string guarded = NeutraliseCell(cell);
    ASSERT_EQ(UnneutraliseCell(guarded), cell);
    ASSERT_FALSE(LooksLikeAFormula(guarded)) << guarded;
    ASSERT_EQ(guarded != cell, NeedsNeutralising(cell));
  }
}

// Random records full of quotes, separators, line breaks, formulas and multi-byte text survive
// write -> read (in random chunks) -> unneutralise unchanged.
TEST(CsvWriterTest, WriteThenReadRoundTripsRandomRecords) {
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           "0",
                                           "5",
                                           " ",
                                           "\t",
                                           ",",
                                           "\"",
                                           "'",
                                           "\r",
                                           "\n",
                                           "\r\n",
                                           "=",
                                           "+",
                                           "-",
                                           "@",
                                           "(",
                                           ")",
                                           ".",
                                           "\xC3\xA9",
                                           "\xE2\x82\xAC",
                                           "\xF0\x9F\x98\x80",
                                           "\xEF\xBB\xBF"};
  std::mt19937 rng(99);
  std::uniform_int_distribution<size_t> piece(0, pieces.size() - 1);
  std::uniform_int_distribution<size_t> field_length(0, 8);
  std::uniform_int_distribution<size_t> field_count(1, 6);

  std::vector<Fields> written;
  std::string csv;
  CsvWriter writer(csv);
  for (int r = 0; r < 3000; ++r) {
    Fields record(field_count(rng));
    for (std::string& field : record) {
      for (size_t n = field_length(rng); n > 0; --n) field += pieces[piece(rng)];
    }
    writer.WriteRecord(record);
    written.push_back(std::move(record));
  }

  std::vector<Fields> read;
  std::vector<std::string> errors;
  CsvReader reader(
      [&](const CsvRecord& record) {
        Fields fields;
        for (const std::string_view cell : record.fields) {
          fields.emplace_back(UnneutraliseCell(cell));
        }
        read.push_back(std::move(fields));
      },
      [&](const CsvError& error) { errors.push_back(error.ToString()); });
  std::uniform_int_distribution<size_t> chunk(1, 50);
  for (std::string_view rest = csv; !rest.empty();) {
    const size_t size = std::min(rest.size(), chunk(rng));
    reader.Feed(rest.substr(0, size));
    rest.remove_prefix(size);
  }
  reader.Finish();
  EXPECT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(read.size(), written.size());
  for (size_t i = 0; i < written.size(); ++i) ASSERT_EQ(read[i], written[i]) << "record " << i;
}

}  // namespace
}  // namespace ccrm
