#include "leads/lead_csv.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace ccrm::leads {
namespace {

using Row = std::vector<std::string>;

const std::map<std::string, std::string, std::less<>> kIdsByUsername = {
    {"jsmith", "usr_01J8ZQ3K5N"}, {"mlopez", "usr_01J8ZQ9W2T"}};

std::optional<std::string> UsernameFor(std::string_view user_id) {
  for (const auto& [username, id] : kIdsByUsername) {
    if (id == user_id) return username;
  }
  return std::nullopt;
}

std::optional<std::string> UserIdFor(std::string_view username) {
  const auto it = kIdsByUsername.find(username);
  if (it == kIdsByUsername.end()) return std::nullopt;
  return it->second;
}

// Every field the CSV carries, plus the server-kept ones it does not (e164, createdBy,
// deadlines, version).
Json RichLead() {
  return Json::parse(R"({
    "id": "lead_01J8ZR0000",
    "firstName": "Ann",
    "lastName": "O'Neil, Jr.",
    "email": "ann@example.test",
    "phones": [{"number": "(555) 010-0199", "e164": "+15550100199", "type": "mobile"},
               {"number": "555.010.0200", "e164": "+15550100200", "type": "work"}],
    "preferredContact": "sms",
    "address": {"line1": "12 Elm St", "line2": "Apt \"B\"", "city": "Tampa", "state": "FL",
                "postalCode": "02134", "country": "US"},
    "status": "claim_filed",
    "source": "web",
    "assignedTo": "usr_01J8ZQ9W2T",
    "tags": ["roof", "priority high", "hoa"],
    "legalHold": true,
    "claim": {"carrier": "Acme Mutual", "policyNumber": "00123-45", "policyForm": "HO-3",
              "claimNumber": "CLM-9", "dateOfLoss": "2024-09-28", "dateReported": "2024-10-01",
              "lossType": "hurricane", "lossDescription": "Roof torn off;\nwater in attic",
              "deductibleCents": 250000, "paEstimateCents": 4812345,
              "carrierEstimateCents": 1200000, "settlementCents": 3900000, "feePercent": 12.5,
              "lorSignedAt": "2024-10-02T15:04:05.123Z",
              "adjuster": {"name": "Bob Ray", "phone": "555-010-0300", "email": "bob@acme.test"}},
    "deadlines": [{"id": "ddl_1", "kind": "follow_up", "dueAt": "2024-10-09T00:00:00.000Z"}],
    "createdAt": "2024-10-01T12:00:00.000Z",
    "createdBy": "usr_01J8ZQ3K5N",
    "updatedAt": "2024-10-03T08:30:00.250Z",
    "version": 7
  })");
}

const Row kRichRow = {"lead_01J8ZR0000",
                      "Ann",
                      "O'Neil, Jr.",
                      "ann@example.test",
                      "(555) 010-0199",
                      "mobile",
                      "555.010.0200",
                      "work",
                      "sms",
                      "12 Elm St",
                      "Apt \"B\"",
                      "Tampa",
                      "FL",
                      "02134",
                      "US",
                      "claim_filed",
                      "web",
                      "mlopez",
                      "roof;priority high;hoa",
                      "true",
                      "Acme Mutual",
                      "00123-45",
                      "HO-3",
                      "CLM-9",
                      "2024-09-28",
                      "2024-10-01",
                      "hurricane",
                      "Roof torn off;\nwater in attic",
                      "250000",
                      "4812345",
                      "1200000",
                      "3900000",
                      "12.5",
                      "2024-10-02T15:04:05.123Z",
                      "Bob Ray",
                      "555-010-0300",
                      "bob@acme.test",
                      "2024-10-01T12:00:00.000Z",
                      "2024-10-03T08:30:00.250Z"};

// What a client may write: the lead minus what the server keeps.
Json ClientWritable(Json lead) {
  for (const char* name : {"id", "createdAt", "createdBy", "updatedAt", "version", "deadlines"}) {
    lead.erase(name);
  }
  if (lead.contains("phones")) {
    for (Json& phone : lead["phones"]) phone.erase("e164");
  }
  return lead;
}

LeadCsvHeader FullHeader() {
  return LeadCsvHeader::FromRow(Row(LeadCsvColumns().begin(), LeadCsvColumns().end()));
}

// Imports one typed cell under a header of just that column.
LeadCsvRecord ImportOne(const std::string& column, const std::string& cell) {
  return LeadFromCsvRow(LeadCsvHeader::FromRow({column}), {cell}, UserIdFor);
}

TEST(LeadCsvTest, ColumnsAreThoseOfTheProductInOrder) {
  const std::vector<std::string_view> expected = {"id",
                                                  "firstName",
                                                  "lastName",
                                                  "email",
                                                  "phone",
                                                  "phoneType",
                                                  "phone2",
                                                  "phone2Type",
                                                  "preferredContact",
                                                  "addressLine1",
                                                  "addressLine2",
                                                  "city",
                                                  "state",
                                                  "postalCode",
                                                  "country",
                                                  "status",
                                                  "source",
                                                  "assignedTo",
                                                  "tags",
                                                  "legalHold",
                                                  "carrier",
                                                  "policyNumber",
                                                  "policyForm",
                                                  "claimNumber",
                                                  "dateOfLoss",
                                                  "dateReported",
                                                  "lossType",
                                                  "lossDescription",
                                                  "deductibleCents",
                                                  "paEstimateCents",
                                                  "carrierEstimateCents",
                                                  "settlementCents",
                                                  "feePercent",
                                                  "lorSignedAt",
                                                  "adjusterName",
                                                  "adjusterPhone",
                                                  "adjusterEmail",
                                                  "createdAt",
                                                  "updatedAt"};
  EXPECT_EQ(LeadCsvColumns(), expected);
}

TEST(LeadCsvTest, ExportsAFullRow) { EXPECT_EQ(LeadToCsvRow(RichLead(), UsernameFor), kRichRow); }

TEST(LeadCsvTest, ImportsAFullRow) {
  const LeadCsvRecord record = LeadFromCsvRow(FullHeader(), kRichRow, UserIdFor);
  EXPECT_TRUE(record.errors.empty());
  EXPECT_EQ(record.fields, ClientWritable(RichLead())) << record.fields.dump(2);
  EXPECT_EQ(record.id, "lead_01J8ZR0000");
  EXPECT_EQ(record.created_at, "2024-10-01T12:00:00.000Z");
  // updatedAt is exported but not imported: it is the time of the import's write.
}

TEST(LeadCsvTest, RoundTripKeepsEveryClientField) {
  Json lead = RichLead();
  lead["claim"]["feePercent"] = 10;  // an integer percent stays an integer
  lead["legalHold"] = false;
  lead["phones"].erase(1);
  const LeadCsvRecord record =
      LeadFromCsvRow(FullHeader(), LeadToCsvRow(lead, UsernameFor), UserIdFor);
  EXPECT_TRUE(record.errors.empty());
  EXPECT_EQ(record.fields, ClientWritable(lead)) << record.fields.dump(2);
  EXPECT_EQ(record.fields["claim"]["feePercent"].dump(), "10");
  EXPECT_EQ(record.id, lead["id"].get<std::string>());
  EXPECT_EQ(record.created_at, lead["createdAt"].get<std::string>());
}

TEST(LeadCsvTest, RoundTripOfASparseLead) {
  const Json lead = Json::parse(R"({"id":"lead_2","firstName":"Zed","status":"new",
                                    "claim":{"settlementCents":0},"createdAt":"c","updatedAt":"u"})");
  const Row row = LeadToCsvRow(lead, UsernameFor);
  ASSERT_EQ(row.size(), LeadCsvColumns().size());
  const LeadCsvRecord record = LeadFromCsvRow(FullHeader(), row, UserIdFor);
  EXPECT_TRUE(record.errors.empty());
  EXPECT_EQ(record.fields, ClientWritable(lead));
  EXPECT_FALSE(record.fields.contains("address"));  // no empty objects for absent groups
  EXPECT_FALSE(record.fields.contains("phones"));
  EXPECT_FALSE(record.fields.contains("tags"));
}

TEST(LeadCsvTest, AbsentFieldsExportAsEmptyCells) {
  const Row row = LeadToCsvRow(Json::object(), UsernameFor);
  EXPECT_EQ(row, Row(LeadCsvColumns().size(), ""));
}

TEST(LeadCsvTest, ExportFormatsFeePercentToTwoDecimals) {
  const std::pair<Json, std::string> cases[] = {
      {Json(12.500000001), "12.5"}, {Json(12.5), "12.5"},     {Json(10), "10"},
      {Json(10.0), "10"},           {Json(0.1 + 0.2), "0.3"}, {Json(33.333333), "33.33"},
      {Json(7.05), "7.05"},         {Json(0), "0"},           {Json(-2.5), "-2.5"},
      {Json(-0.25), "-0.25"},       {Json(99.999), "100"}};
  for (const auto& [percent, text] : cases) {
    Json lead;
    lead["claim"]["feePercent"] = percent;
    EXPECT_EQ(LeadToCsvRow(lead, UsernameFor)[32], text) << percent.dump();
  }
}

TEST(LeadCsvTest, ExportWritesMoneyAsIntegerText) {
  Json lead;
  lead["claim"]["deductibleCents"] = 150000.0;  // a float that holds an integer
  lead["claim"]["settlementCents"] = int64_t{9007199254740993};
  const Row row = LeadToCsvRow(lead, UsernameFor);
  EXPECT_EQ(row[28], "150000");
  EXPECT_EQ(row[31], "9007199254740993");
}

TEST(LeadCsvTest, ExportKeepsAnUnknownAssigneeAsItsId) {
  const Json lead = {{"assignedTo", "usr_gone"}};
  EXPECT_EQ(LeadToCsvRow(lead, UsernameFor)[17], "usr_gone");
  EXPECT_EQ(LeadToCsvRow(lead, nullptr)[17], "usr_gone");
  EXPECT_EQ(LeadToCsvRow({{"assignedTo", "usr_01J8ZQ3K5N"}}, UsernameFor)[17], "jsmith");
}

TEST(LeadCsvTest, ExportShowsValuesOfAnUnexpectedType) {
  // A number where text is expected still reaches the cell instead of vanishing.
  Json lead;
  lead["claim"]["policyNumber"] = 12345;
  lead["legalHold"] = "yes";
  const Row row = LeadToCsvRow(lead, UsernameFor);
  EXPECT_EQ(row[21], "12345");
  EXPECT_EQ(row[19], "yes");
}

TEST(LeadCsvTest, ExportToleratesAMisshapenLead) {
  const Json lead = Json::parse(R"({"claim":"not an object","address":null,"phones":{"a":1},
                                    "tags":"solo","firstName":"Ann"})");
  const Row row = LeadToCsvRow(lead, UsernameFor);
  EXPECT_EQ(row[1], "Ann");
  EXPECT_EQ(row[18], "solo");
  for (const size_t cell : {4, 5, 9, 20, 28, 32, 34}) EXPECT_EQ(row[cell], "") << cell;
}

TEST(LeadCsvTest, ExportsOnlyTheFirstTwoPhones) {
  const Json lead = Json::parse(
      R"({"phones":[{"number":"1"},{"number":"2","type":"home"},{"number":"3","type":"work"}]})");
  const Row row = LeadToCsvRow(lead, UsernameFor);
  EXPECT_EQ(Row(row.begin() + 4, row.begin() + 8), (Row{"1", "", "2", "home"}));
}

TEST(LeadCsvTest, HeaderMatchesNamesIgnoringCaseAndSpaces) {
  const LeadCsvHeader header =
      LeadCsvHeader::FromRow({"\xEF\xBB\xBF"
                              "EMAIL",
                              " firstname ", "LegalHold", "phone2TYPE"});
  EXPECT_TRUE(header.ok());
  EXPECT_TRUE(header.unknown_columns().empty());
  EXPECT_EQ(header.size(), 4u);
  EXPECT_EQ(header.CellIndex("email"), 0u);
  EXPECT_EQ(header.CellIndex("firstName"), 1u);
  EXPECT_EQ(header.CellIndex("legalHold"), 2u);
  EXPECT_EQ(header.CellIndex("phone2Type"), 3u);
  EXPECT_EQ(header.CellIndex("FIRSTNAME"), 1u);
  EXPECT_EQ(header.CellIndex("lastName"), std::nullopt);
  EXPECT_EQ(header.CellIndex("nonsense"), std::nullopt);
  EXPECT_EQ(header.CellIndexOfColumn(3), 0u);  // LeadCsvColumns()[3] is email
  EXPECT_EQ(header.CellIndexOfColumn(2), std::nullopt);
  EXPECT_EQ(header.CellIndexOfColumn(LeadCsvColumns().size()), std::nullopt);
}

TEST(LeadCsvTest, ImportsASubsetInAnyOrder) {
  const LeadCsvHeader header =
      LeadCsvHeader::FromRow({"settlementCents", "TAGS", "lastname", "assignedto", "City"});
  const LeadCsvRecord record =
      LeadFromCsvRow(header, {"100", "a;b", "Doe", "jsmith", "Miami"}, UserIdFor);
  EXPECT_TRUE(record.errors.empty());
  EXPECT_EQ(record.fields, Json::parse(R"({"claim":{"settlementCents":100},"tags":["a","b"],
                                           "lastName":"Doe","assignedTo":"usr_01J8ZQ3K5N",
                                           "address":{"city":"Miami"}})"));
  EXPECT_EQ(record.id, std::nullopt);
  EXPECT_EQ(record.created_at, std::nullopt);
}

TEST(LeadCsvTest, DuplicateColumnsAreAnError) {
  const LeadCsvHeader header =
      LeadCsvHeader::FromRow({"email", "Email", "city", "EMAIL", "city", "status"});
  EXPECT_FALSE(header.ok());
  ASSERT_EQ(header.errors().size(), 2u);  // once per column, however many times repeated
  EXPECT_EQ(header.errors()[0].field, "email");
  EXPECT_EQ(header.errors()[1].field, "city");
  EXPECT_FALSE(header.errors()[0].message.empty());
}

TEST(LeadCsvTest, UnknownColumnsAreReportedAndIgnored) {
  const LeadCsvHeader header = LeadCsvHeader::FromRow({"Notes ", "email", "", "e164"});
  EXPECT_TRUE(header.ok());
  ASSERT_EQ(header.unknown_columns().size(), 3u);
  EXPECT_EQ(header.unknown_columns()[0].index, 0u);
  EXPECT_EQ(header.unknown_columns()[0].name, "Notes");
  EXPECT_EQ(header.unknown_columns()[1].index, 2u);
  EXPECT_EQ(header.unknown_columns()[1].name, "");
  EXPECT_EQ(header.unknown_columns()[2].name, "e164");
  const LeadCsvRecord record = LeadFromCsvRow(header, {"x", "a@b.test", "y", "+1555"}, UserIdFor);
  EXPECT_TRUE(record.errors.empty());
  EXPECT_EQ(record.fields, Json::parse(R"({"email":"a@b.test"})"));
}

TEST(LeadCsvTest, EmptyAndMissingCellsAreAbsent) {
  const LeadCsvRecord blank =
      LeadFromCsvRow(FullHeader(), Row(LeadCsvColumns().size(), "  "), UserIdFor);
  EXPECT_TRUE(blank.errors.empty());
  EXPECT_EQ(blank.fields, Json::object());
  EXPECT_EQ(blank.id, std::nullopt);
  // A short row: cells past its end count as empty; cells past the header are ignored.
  const LeadCsvRecord shorter = LeadFromCsvRow(FullHeader(), {"lead_9", "Ann"}, UserIdFor);
  EXPECT_TRUE(shorter.errors.empty());
  EXPECT_EQ(shorter.fields, Json::parse(R"({"firstName":"Ann"})"));
  EXPECT_EQ(shorter.id, "lead_9");
  const LeadCsvRecord longer =
      LeadFromCsvRow(LeadCsvHeader::FromRow({"city"}), {"Tampa", "extra"}, UserIdFor);
  EXPECT_EQ(longer.fields, Json::parse(R"({"address":{"city":"Tampa"}})"));
}

TEST(LeadCsvTest, TextStaysTextVerbatim) {
  const LeadCsvHeader header =
      LeadCsvHeader::FromRow({"postalCode", "policyNumber", "firstName", "status"});
  const LeadCsvRecord record =
      LeadFromCsvRow(header, {"02134", "12345", " Ann ", "NEW"}, UserIdFor);
  EXPECT_TRUE(record.errors.empty());
  EXPECT_EQ(record.fields, Json::parse(R"({"address":{"postalCode":"02134"},
                                           "claim":{"policyNumber":"12345"},
                                           "firstName":" Ann ","status":"NEW"})"));
}

TEST(LeadCsvTest, ImportsBooleansInEveryAcceptedSpelling) {
  for (const char* yes : {"true", "TRUE", "True", "yes", "YES", "1", " true "}) {
    const LeadCsvRecord record = ImportOne("legalHold", yes);
    EXPECT_TRUE(record.errors.empty()) << yes;
    EXPECT_EQ(record.fields, Json::parse(R"({"legalHold":true})")) << yes;
  }
  for (const char* no : {"false", "False", "no", "No", "0", "\tfalse"}) {
    const LeadCsvRecord record = ImportOne("legalHold", no);
    EXPECT_TRUE(record.errors.empty()) << no;
    EXPECT_EQ(record.fields, Json::parse(R"({"legalHold":false})")) << no;
  }
}

TEST(LeadCsvTest, ImportsNumbers) {
  EXPECT_EQ(ImportOne("deductibleCents", " 250000 ").fields,
            Json::parse(R"({"claim":{"deductibleCents":250000}})"));
  EXPECT_EQ(ImportOne("carrierEstimateCents", "-5").fields,  // the validator judges the sign
            Json::parse(R"({"claim":{"carrierEstimateCents":-5}})"));
  EXPECT_EQ(ImportOne("feePercent", "12.5").fields,
            Json::parse(R"({"claim":{"feePercent":12.5}})"));
  const Json ten = ImportOne("feePercent", "10").fields["claim"]["feePercent"];
  EXPECT_TRUE(ten.is_number_integer());
  EXPECT_EQ(ten, 10);
}

TEST(LeadCsvTest, SplitsTags) {
  EXPECT_EQ(ImportOne("tags", " roof ; hail;;priority high ;").fields,
            Json::parse(R"({"tags":["roof","hail","priority high"]})"));
  EXPECT_EQ(ImportOne("tags", "solo").fields, Json::parse(R"({"tags":["solo"]})"));
  const LeadCsvRecord nothing = ImportOne("tags", " ; ;; ");
  EXPECT_TRUE(nothing.errors.empty());
  EXPECT_EQ(nothing.fields, Json::object());
}

TEST(LeadCsvTest, BuildsPhonesFromBothPairs) {
  const LeadCsvHeader header =
      LeadCsvHeader::FromRow({"phone", "phoneType", "phone2", "phone2Type"});
  EXPECT_EQ(LeadFromCsvRow(header, {"555-1", "", "555-2", "home"}, UserIdFor).fields,
            Json::parse(R"({"phones":[{"number":"555-1"},{"number":"555-2","type":"home"}]})"));
  // A second phone alone is the lead's only phone.
  EXPECT_EQ(LeadFromCsvRow(header, {"", "", "555-2", "work"}, UserIdFor).fields,
            Json::parse(R"({"phones":[{"number":"555-2","type":"work"}]})"));
}

void ExpectOneError(const LeadCsvRecord& record, const std::string& field, const char* cell) {
  ASSERT_EQ(record.errors.size(), 1u) << field << " <- '" << cell << "'";
  EXPECT_EQ(record.errors[0].field, field) << cell;
  EXPECT_FALSE(record.errors[0].message.empty());
  EXPECT_EQ(record.fields, Json::object()) << field << " <- '" << cell << "'";
}

TEST(LeadCsvTest, RefusesCentsThatAreNotWholeNumbers) {
  for (const char* cell :
       {"12.50", "1,000", "$5", "abc", "1e3", "+5", "5 0", "0x10", "12-", "99999999999999999999"}) {
    for (const char* column :
         {"deductibleCents", "paEstimateCents", "carrierEstimateCents", "settlementCents"}) {
      ExpectOneError(ImportOne(column, cell), column, cell);
    }
  }
}

TEST(LeadCsvTest, RefusesAFeePercentThatIsNotANumber) {
  for (const char* cell : {"abc", "12%", "12,5", "nan", "inf", "-inf", "1.2.3", "ten"}) {
    ExpectOneError(ImportOne("feePercent", cell), "feePercent", cell);
  }
}

TEST(LeadCsvTest, RefusesABadBoolean) {
  for (const char* cell : {"maybe", "2", "y", "n", "on", "t", "truee"}) {
    ExpectOneError(ImportOne("legalHold", cell), "legalHold", cell);
  }
}

TEST(LeadCsvTest, RefusesAnUnknownUsername) {
  ExpectOneError(ImportOne("assignedTo", "nobody"), "assignedTo", "nobody");
  // A user id is not a username.
  ExpectOneError(ImportOne("assignedTo", "usr_01J8ZQ3K5N"), "assignedTo", "usr_01J8ZQ3K5N");
  // Without a directory no username resolves.
  const LeadCsvRecord record =
      LeadFromCsvRow(LeadCsvHeader::FromRow({"assignedTo"}), {"jsmith"}, nullptr);
  ExpectOneError(record, "assignedTo", "jsmith");
  EXPECT_NE(ImportOne("assignedTo", "nobody").errors[0].message.find("nobody"), std::string::npos);
  // The lookup gets the trimmed name.
  EXPECT_EQ(ImportOne("assignedTo", " jsmith ").fields["assignedTo"], "usr_01J8ZQ3K5N");
}

TEST(LeadCsvTest, RefusesAPhoneTypeWithoutAPhone) {
  const LeadCsvHeader header = LeadCsvHeader::FromRow({"phoneType", "phone2Type", "phone2"});
  const LeadCsvRecord record = LeadFromCsvRow(header, {"mobile", "home", ""}, UserIdFor);
  ASSERT_EQ(record.errors.size(), 2u);
  EXPECT_EQ(record.errors[0].field, "phoneType");
  EXPECT_EQ(record.errors[1].field, "phone2Type");
  EXPECT_EQ(record.fields, Json::object());
}

TEST(LeadCsvTest, ReportsEveryBadCellOfARowAndKeepsTheRest) {
  const LeadCsvHeader header =
      LeadCsvHeader::FromRow({"firstName", "legalHold", "settlementCents", "assignedTo", "city"});
  const LeadCsvRecord record =
      LeadFromCsvRow(header, {"Ann", "perhaps", "1.5", "ghost", "Tampa"}, UserIdFor);
  ASSERT_EQ(record.errors.size(), 3u);
  EXPECT_EQ(record.errors[0].field, "assignedTo");  // in LeadCsvColumns() order
  EXPECT_EQ(record.errors[1].field, "legalHold");
  EXPECT_EQ(record.errors[2].field, "settlementCents");
  EXPECT_EQ(record.fields, Json::parse(R"({"firstName":"Ann","address":{"city":"Tampa"}})"));
}

}  // namespace
}  // namespace ccrm::leads
