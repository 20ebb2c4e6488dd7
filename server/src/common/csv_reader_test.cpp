#include "common/csv_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace ccrm {
namespace {

using Fields = std::vector<std::string>;
using std::string_literals::operator""s;

// Everything a reader delivered, in order, as text: two chunkings of one input must give
// identical transcripts.
struct Transcript {
  std::vector<Fields> records;
  std::vector<CsvError> errors;
  std::vector<std::string> events;  // "record 2 line 3 [a|b]" / "error row 2 line 3 field 1: ..."
  size_t max_buffered = 0;
};

class Collector {
 public:
  explicit Collector(CsvLimits limits = {})
      : reader_([this](const CsvRecord& r) { OnRecord(r); },
                [this](const CsvError& e) { OnError(e); }, limits) {}

  void Feed(std::string_view chunk) {
    reader_.Feed(chunk);
    transcript_.max_buffered = std::max(transcript_.max_buffered, reader_.buffered_bytes());
  }
  Transcript Finish() {
    reader_.Finish();
    return transcript_;
  }

 private:
  void OnRecord(const CsvRecord& record) {
    Fields fields(record.fields.begin(), record.fields.end());
    std::string event =
        "record " + std::to_string(record.number) + " line " + std::to_string(record.line) + " [";
    for (size_t i = 0; i < fields.size(); ++i) event += (i ? "|" : "") + fields[i];
    transcript_.events.push_back(event + "]");
    transcript_.records.push_back(std::move(fields));
  }
  void OnError(const CsvError& error) {
    transcript_.events.push_back("error line " + std::to_string(error.line) + " " +
                                 error.ToString());
    transcript_.errors.push_back(error);
  }

  Transcript transcript_;
  CsvReader reader_;
};

Transcript ReadWhole(std::string_view input, CsvLimits limits = {}) {
  Collector collector(limits);
  collector.Feed(input);
  return collector.Finish();
}

Transcript ReadInChunks(std::string_view input, const std::vector<size_t>& sizes,
                        CsvLimits limits = {}) {
  Collector collector(limits);
  size_t i = 0;
  while (!input.empty()) {
    const size_t size = std::min(input.size(), sizes[i++ % sizes.size()]);
    collector.Feed(input.substr(0, size));
    input.remove_prefix(size);
  }
  return collector.Finish();
}

Transcript ReadByteByByte(std::string_view input, CsvLimits limits = {}) {
  return ReadInChunks(input, {1}, limits);
}

std::vector<size_t> RandomChunkSizes(std::mt19937& rng) {
  std::uniform_int_distribution<size_t> size(0, 9);  // empty chunks too
  std::vector<size_t> sizes(37);
  for (size_t& s : sizes) s = size(rng);
  sizes.push_back(1);  // progress even if every other draw was 0
  return sizes;
}

// Whole, byte by byte and many random chunkings must all read alike.
void ExpectChunkingInvariant(std::string_view input, CsvLimits limits = {}) {
  const Transcript whole = ReadWhole(input, limits);
  EXPECT_EQ(ReadByteByByte(input, limits).events, whole.events) << "byte by byte";
  std::mt19937 rng(1234);
  for (int round = 0; round < 20; ++round) {
    EXPECT_EQ(ReadInChunks(input, RandomChunkSizes(rng), limits).events, whole.events)
        << "round " << round;
  }
}

TEST(CsvReaderTest, ReadsSimpleRecords) {
  const Transcript t = ReadWhole("id,firstName,email\r\n1,Ann,ann@example.com\r\n");
  EXPECT_EQ(t.records,
            (std::vector<Fields>{{"id", "firstName", "email"}, {"1", "Ann", "ann@example.com"}}));
  EXPECT_TRUE(t.errors.empty());
  EXPECT_EQ(t.events[1], "record 2 line 2 [1|Ann|ann@example.com]");
}

TEST(CsvReaderTest, QuotedFieldsHoldCommasLineBreaksAndDoubledQuotes) {
  const std::string input =
      "\"a,b\",\"c\r\nd\",\"e\"\"f\",\"g\nh\",\"i\rj\",\"\"\"\",\"\"\n"
      "next,row\n";
  const Transcript t = ReadWhole(input);
  ASSERT_EQ(t.records.size(), 2u);
  EXPECT_EQ(t.records[0], (Fields{"a,b", "c\r\nd", "e\"f", "g\nh", "i\rj", "\"", ""}));
  // The first record spans lines 1-4 (CRLF, LF and a lone CR are one line break each).
  EXPECT_EQ(t.events[1], "record 2 line 5 [next|row]");
  ExpectChunkingInvariant(input);
}

TEST(CsvReaderTest, RecordsEndInCrlfLfOrALoneCr) {
  const Transcript t = ReadWhole("a,1\r\nb,2\nc,3\rd,4");
  EXPECT_EQ(t.events, (std::vector<std::string>{"record 1 line 1 [a|1]", "record 2 line 2 [b|2]",
                                                "record 3 line 3 [c|3]", "record 4 line 4 [d|4]"}));
  ExpectChunkingInvariant("a,1\r\nb,2\nc,3\rd,4");
}

TEST(CsvReaderTest, LastRecordWithOrWithoutALineEnd) {
  for (const std::string ending : {"", "\n", "\r\n", "\r"}) {
    const Transcript t = ReadWhole("a,b\nc,\"d\"" + ending);
    EXPECT_EQ(t.records, (std::vector<Fields>{{"a", "b"}, {"c", "d"}})) << ending.size();
    EXPECT_TRUE(t.errors.empty());
  }
  EXPECT_EQ(ReadWhole("a,").records, (std::vector<Fields>{{"a", ""}}));
  EXPECT_EQ(ReadWhole("a,\"\"").records, (std::vector<Fields>{{"a", ""}}));
}

TEST(CsvReaderTest, EmptyLinesAreSkippedButALineOfCommasIsARecord) {
  const std::string input = "\r\na\n\n\r\n\r,,\n\"\"\n\nb";
  const Transcript t = ReadWhole(input);
  EXPECT_EQ(t.events, (std::vector<std::string>{"record 1 line 2 [a]", "record 2 line 6 [||]",
                                                "record 3 line 7 []", "record 4 line 9 [b]"}));
  EXPECT_EQ(t.records[2], Fields{""});
  ExpectChunkingInvariant(input);
  EXPECT_TRUE(ReadWhole("").events.empty());
  EXPECT_TRUE(ReadWhole("\r\n\n\r").events.empty());
}

TEST(CsvReaderTest, DropsAByteOrderMarkAtTheStartOnly) {
  const std::string input = "\xEF\xBB\xBFid,name\r\n1,\xEF\xBB\xBFx\r\n";
  const Transcript t = ReadWhole(input);
  EXPECT_EQ(t.records, (std::vector<Fields>{{"id", "name"}, {"1", "\xEF\xBB\xBFx"}}));
  ExpectChunkingInvariant(input);
  EXPECT_TRUE(ReadWhole("\xEF\xBB\xBF").events.empty());
  EXPECT_EQ(ReadByteByByte("\xEF\xBB\xBF\"q\"").records, (std::vector<Fields>{{"q"}}));
}

TEST(CsvReaderTest, APartialByteOrderMarkIsData) {
  // Held back while it might still be a BOM, then read as the text it is (invalid UTF-8 here).
  for (const std::string input : {"\xEF\xBBx,y\n", "\xEF,y\n", "\xEF\xBB"}) {
    const Transcript t = ReadWhole(input);
    ASSERT_EQ(t.errors.size(), 1u) << input;
    EXPECT_EQ(t.errors[0].ToString(),
              "row 1, field 1: not valid UTF-8 (save the file as UTF-8 CSV)");
    EXPECT_EQ(ReadByteByByte(input).events, t.events);
  }
  EXPECT_EQ(ReadWhole("\xEF\xBB\xBF\xEF\xBB\xBF").records, (std::vector<Fields>{{"\xEF\xBB\xBF"}}));
}

TEST(CsvReaderTest, AcceptsMultiByteUtf8SplitAnywhere) {
  const std::string input =
      "Jos\xC3\xA9,Zo\xC3\xAB,\xE2\x82\xAC"
      "5,\xF0\x9F\x98\x80\n";  // é ë € 😀
  const Transcript t = ReadWhole(input);
  EXPECT_TRUE(t.errors.empty());
  EXPECT_EQ(t.records[0][3], "\xF0\x9F\x98\x80");
  ExpectChunkingInvariant(input);
}

TEST(CsvReaderTest, RefusesInvalidUtf8PerRecord) {
  for (const std::string& bad : {
           std::string("\xC3\x28"),          // a lead byte without its trail
           std::string("\xC0\xAF"),          // overlong '/'
           std::string("\xE0\x80\xAF"),      // overlong, three bytes
           std::string("\xED\xA0\x80"),      // a UTF-16 surrogate
           std::string("\xF4\x90\x80\x80"),  // past U+10FFFF
           std::string("\xE2\x82"),          // cut short by the field's end
           std::string("\x80"),              // a stray trail byte
           std::string("\xFF"),
       }) {
    const Transcript t = ReadWhole("ok\na," + bad + ",c\nok2\n");
    ASSERT_EQ(t.errors.size(), 1u);
    EXPECT_EQ(t.errors[0].row, 2);
    EXPECT_EQ(t.errors[0].field, 2);
    EXPECT_EQ(t.errors[0].message, "not valid UTF-8 (save the file as UTF-8 CSV)");
    EXPECT_EQ(t.records, (std::vector<Fields>{{"ok"}, {"ok2"}}));
  }
}

TEST(CsvReaderTest, ASequenceSplitByAFieldBoundaryIsInvalid) {
  // Back to back, "\xC3" and "\xA9" would make a valid "é"; split by a comma they are not.
  for (const std::string input : {"ok,a\xC3,\xA9"
                                  "b\n",
                                  "ok,\xE2\x82,\xAC\n", "ok,\xE2,\x82\xAC\n"}) {
    const Transcript t = ReadWhole(input);
    ASSERT_EQ(t.errors.size(), 1u) << input;
    EXPECT_EQ(t.errors[0].field, 2) << input;
    EXPECT_TRUE(t.records.empty());
  }
  EXPECT_EQ(ReadWhole("\xC3\xA9,\xC3\xA9\n").records,
            (std::vector<Fields>{{"\xC3\xA9", "\xC3\xA9"}}));
}

TEST(CsvReaderTest, RefusesNulBytes) {
  const std::string input = "a,b\0c\n\"\0\"\nok\n"s;
  const Transcript t = ReadWhole(input);
  ASSERT_EQ(t.errors.size(), 2u);
  EXPECT_EQ(t.errors[0].ToString(), "row 1, field 2: contains a NUL byte (is this a binary file?)");
  EXPECT_EQ(t.errors[1].row, 2);
  EXPECT_EQ(t.records, (std::vector<Fields>{{"ok"}}));
  ExpectChunkingInvariant(input);
}

TEST(CsvReaderTest, UnclosedQuoteAtTheEndIsAnErrorForItsRecord) {
  const std::string input = "a,b\nc,\"d\ne,f\ng,h\n";
  const Transcript t = ReadWhole(input);
  EXPECT_EQ(t.records, (std::vector<Fields>{{"a", "b"}}));
  ASSERT_EQ(t.errors.size(), 1u);
  EXPECT_EQ(t.errors[0].ToString(), "row 2, field 2: unclosed quote (opened on line 2)");
  EXPECT_EQ(t.errors[0].line, 2);
  ExpectChunkingInvariant(input);
  EXPECT_EQ(ReadWhole("\"").errors.at(0).ToString(),
            "row 1, field 1: unclosed quote (opened on line 1)");
}

TEST(CsvReaderTest, AQuoteInsideAnUnquotedFieldSpoilsOnlyItsRecord) {
  const std::string input = "a,b\"c,d\ne,f\n x \"y\",z\n";
  const Transcript t = ReadWhole(input);
  EXPECT_EQ(t.records, (std::vector<Fields>{{"e", "f"}}));
  ASSERT_EQ(t.errors.size(), 2u);
  EXPECT_EQ(t.errors[0].ToString(),
            "row 1, field 2: a quote inside an unquoted field (quote the whole field and double "
            "the quotes in it)");
  EXPECT_EQ(t.errors[1].row, 3);
  EXPECT_EQ(t.errors[1].field, 1);
  ExpectChunkingInvariant(input);
}

TEST(CsvReaderTest, TextAfterAClosingQuoteSpoilsOnlyItsRecord) {
  const std::string input = "\"ab\"c,d\ne,\"f\" \nnext\n";
  const Transcript t = ReadWhole(input);
  EXPECT_EQ(t.records, (std::vector<Fields>{{"next"}}));
  ASSERT_EQ(t.errors.size(), 2u);
  EXPECT_EQ(t.errors[0].ToString(), "row 1, field 1: text after the closing quote of a field");
  EXPECT_EQ(t.errors[1].ToString(), "row 2, field 2: text after the closing quote of a field");
  ExpectChunkingInvariant(input);
}

TEST(CsvReaderTest, ABadRecordEndsAtItsRealEndEvenAcrossQuotedLineBreaks) {
  // The stray quote spoils record 1, but its later quoted field still holds a line break, so
  // "line" is not mistaken for a record.
  const std::string input = "x\"y,\"multi\nline\"\nnext,row\n";
  const Transcript t = ReadWhole(input);
  EXPECT_EQ(t.events, (std::vector<std::string>{
                          "error line 1 row 1, field 1: a quote inside an unquoted field (quote "
                          "the whole field and double the quotes in it)",
                          "record 2 line 3 [next|row]"}));
  ExpectChunkingInvariant(input);
}

TEST(CsvReaderTest, AFieldPastTheLimitIsAnErrorAndIsNotBuffered) {
  const std::string big(1024 * 1024, 'x');
  for (const std::string& input : {"a," + big + ",b\nnext\n", "a,\"" + big + "\",b\nnext\n"}) {
    const Transcript t = ReadInChunks(input, {4096});
    ASSERT_EQ(t.errors.size(), 1u);
    EXPECT_EQ(t.errors[0].ToString(), "row 1, field 2: longer than 65536 bytes");
    EXPECT_EQ(t.records, (std::vector<Fields>{{"next"}}));
    EXPECT_LE(t.max_buffered, 2 * 65536u);
  }
}

TEST(CsvReaderTest, AnUnclosedQuoteThatSwallowsTheRestIsReportedAsSuch) {
  std::string input = "id,notes\n1,\"oops\n";
  for (int i = 2; i < 20000; ++i) input += std::to_string(i) + ",a plain note\n";
  const Transcript t = ReadInChunks(input, {65536});
  ASSERT_EQ(t.errors.size(), 1u);
  EXPECT_EQ(t.errors[0].ToString(), "row 2, field 2: unclosed quote (opened on line 2)");
  EXPECT_LE(t.max_buffered, 2 * 65536u);
}

TEST(CsvReaderTest, FieldLimitIsConfigurable) {
  const CsvLimits limits{.max_field_bytes = 3};
  const Transcript t = ReadWhole("abc,\"d\"\"e\"\nabcd\n\"abcd\"\n", limits);
  EXPECT_EQ(t.records, (std::vector<Fields>{{"abc", "d\"e"}}));
  ASSERT_EQ(t.errors.size(), 2u);
  EXPECT_EQ(t.errors[1].ToString(), "row 3, field 1: longer than 3 bytes");
}

TEST(CsvReaderTest, TooManyFieldsIsAnError) {
  std::string wide;
  for (int i = 0; i < 10000; ++i) wide += (i ? "," : "") + std::to_string(i);
  std::string exactly;
  for (int i = 0; i < 200; ++i) exactly += (i ? ",x" : "x");
  const Transcript t = ReadWhole(wide + "\n" + exactly + "\nok\n");
  ASSERT_EQ(t.errors.size(), 1u);
  EXPECT_EQ(t.errors[0].ToString(), "row 1: more than 200 fields");
  ASSERT_EQ(t.records.size(), 2u);
  EXPECT_EQ(t.records[0].size(), 200u);
  EXPECT_EQ(t.records[1], Fields{"ok"});

  const Transcript few = ReadWhole("a,b,c\na,b\n", CsvLimits{.max_fields = 2});
  EXPECT_EQ(few.errors.at(0).ToString(), "row 1: more than 2 fields");
  EXPECT_EQ(few.records, (std::vector<Fields>{{"a", "b"}}));
}

TEST(CsvReaderTest, RecordLimitCapsManyLongFields) {
  const std::string field(60000, 'y');
  std::string input;
  for (int i = 0; i < 100; ++i) input += field + ",";
  input += "z\nok\n";
  const Transcript t = ReadInChunks(input, {8192});
  ASSERT_EQ(t.errors.size(), 1u);
  EXPECT_EQ(t.errors[0].ToString(), "row 1: the record is longer than 1048576 bytes");
  EXPECT_EQ(t.records, (std::vector<Fields>{{"ok"}}));
  EXPECT_LE(t.max_buffered, 2 * 1024 * 1024u);
}

TEST(CsvReaderTest, NumbersCountBadRecordsAndLinesCountEverything) {
  const Transcript t = ReadWhole("h\n\n\"a\nb\"\nbad\"\n\r\nlast\n");
  EXPECT_EQ(t.events,
            (std::vector<std::string>{"record 1 line 1 [h]", "record 2 line 3 [a\nb]",
                                      "error line 5 row 3, field 1: a quote inside an unquoted "
                                      "field (quote the whole field and double the quotes in it)",
                                      "record 4 line 7 [last]"}));
}

TEST(CsvReaderTest, HostileInputsReadAlikeInAnyChunking) {
  const std::vector<std::string> inputs = {"\"",
                                           "\"\"\"",
                                           "\"a\"\"",
                                           ",\"",
                                           "\r\r\n\n\r",
                                           "a\"\"b",
                                           "\"a\"\"\"b",
                                           "\"\"\"\"\"\r\n\"",
                                           "\xEF\xBB\xBF\r\n\xEF",
                                           "a,\"b\r\"\r\n\"c\"\"\rd\",e\r",
                                           "\x00\x01\xFE\xFF\"\x00,\n"s};
  for (const std::string& input : inputs) ExpectChunkingInvariant(input);
}

TEST(CsvReaderTest, BinaryGarbageNeverCrashesAndReadsAlikeInAnyChunking) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> pick(0, 9);
  for (int round = 0; round < 30; ++round) {
    std::string input(4000, '\0');
    // Mostly random bytes, with CSV's own bytes often enough to drive every state.
    for (char& c : input) {
      const int p = pick(rng);
      c = p < 5 ? static_cast<char>(byte(rng)) : ",\"\r\na"[p - 5];
    }
    const Transcript whole = ReadWhole(input, CsvLimits{.max_field_bytes = 100, .max_fields = 20});
    EXPECT_EQ(ReadInChunks(input, RandomChunkSizes(rng),
                           CsvLimits{.max_field_bytes = 100, .max_fields = 20})
                  .events,
              whole.events);
  }
}

TEST(CsvReaderTest, FeedAfterFinishThrowsAndFinishIsIdempotent) {
  int records = 0;
  CsvReader reader([&](const CsvRecord&) { ++records; }, [](const CsvError&) {});
  reader.Feed("a");
  reader.Finish();
  reader.Finish();
  EXPECT_EQ(records, 1);
  EXPECT_EQ(reader.records(), 1);
  EXPECT_THROW(reader.Feed("b"), std::logic_error);
}

TEST(CsvReaderTest, AThrowingHandlerLeavesTheReaderUsable) {
  std::vector<std::string> seen;
  CsvReader reader(
      [&](const CsvRecord& r) {
        seen.emplace_back(r.fields[0]);
        if (seen.size() == 1) throw std::runtime_error("stop");
      },
      [](const CsvError&) {});
  EXPECT_THROW(reader.Feed("a\nb\n"), std::runtime_error);
  reader.Feed("c\n");
  reader.Finish();
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "c"}));
}

}  // namespace
}  // namespace ccrm
