#include "leads/lead_validation.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ccrm::leads {
namespace {

Json RichLead() {
  return Json::parse(R"({
    "firstName": "  Maria ",
    "lastName": "Gonzalez-Núñez",
    "email": "Maria.G@Example.COM ",
    "phones": [
      {"number": "(555) 201-0100", "type": "home"},
      {"number": "+1 212 555 0123 x45", "e164": "+10000000000"}
    ],
    "preferredContact": "sms",
    "address": {"line1": "12 Palm Ct", "line2": "Unit 4", "city": "Tampa", "state": "FL",
                "postalCode": "33602", "country": "us"},
    "status": "qualified",
    "source": "door knock",
    "assignedTo": "usr_01HZX3",
    "tags": ["Roof", "hail-2025", "roof", " VIP "],
    "legalHold": true,
    "claim": {
      "carrier": "Acme Mutual", "policyNumber": "HO-123", "policyForm": "HO-3",
      "claimNumber": "CLM-9", "dateOfLoss": "2025-03-14", "dateReported": "2025-03-20",
      "lossType": "hail", "lossDescription": "Shingles lifted.\nInterior leak in den.",
      "deductibleCents": 250000, "paEstimateCents": 4800000, "carrierEstimateCents": 1200000,
      "settlementCents": 0, "feePercent": 33.33, "lorSignedAt": "2025-03-21T09:15:00-04:00",
      "adjuster": {"name": "Sam Lee", "phone": "555.201.0199", "email": "sam@carrier.example"}
    }
  })");
}

// field -> message of every error, in order, for compact assertions.
std::vector<std::pair<std::string, std::string>> Errors(Json lead) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& e : ValidateAndNormalizeLead(lead)) out.emplace_back(e.field, e.message);
  return out;
}

// The message for `field`, or "<none>".
std::string ErrorOn(const Json& lead, std::string_view field) {
  for (const auto& [f, m] : Errors(lead)) {
    if (f == field) return m;
  }
  return "<none>";
}

Json With(std::string_view pointer, Json value) {
  Json lead = RichLead();
  lead[Json::json_pointer(std::string(pointer))] = std::move(value);
  return lead;
}

Json Minimal() { return {{"firstName", "Ann"}, {"lastName", "Lee"}}; }

TEST(LeadValidationTest, RichLeadPassesAndIsNormalized) {
  Json lead = RichLead();
  const auto errors = ValidateAndNormalizeLead(lead);
  for (const auto& e : errors) ADD_FAILURE() << e.field << ": " << e.message;
  EXPECT_EQ(lead["firstName"], "Maria");
  EXPECT_EQ(lead["lastName"], "Gonzalez-Núñez");
  EXPECT_EQ(lead["email"], "Maria.G@example.com");
  EXPECT_EQ(lead["phones"][0], Json::parse(R"({"number": "(555) 201-0100", "type": "home",
                                                "e164": "+15552010100"})"));
  // The client's e164 is replaced; the extension stays in the number as entered.
  EXPECT_EQ(lead["phones"][1], Json::parse(R"({"number": "+1 212 555 0123 x45",
                                                "type": "mobile", "e164": "+12125550123"})"));
  EXPECT_EQ(lead["address"]["country"], "US");
  EXPECT_EQ(lead["tags"], Json::parse(R"(["Roof", "hail-2025", "VIP"])"));
  EXPECT_EQ(lead["claim"]["lorSignedAt"], "2025-03-21T13:15:00.000Z");
  EXPECT_EQ(lead["claim"]["feePercent"].dump(), "33.33");
  EXPECT_EQ(lead["claim"]["adjuster"]["phone"], "555.201.0199");
  EXPECT_EQ(lead["claim"]["adjuster"]["phoneE164"], "+15552010199");
  EXPECT_EQ(lead["claim"]["lossDescription"], "Shingles lifted.\nInterior leak in den.");
  // Validating the normalized document again changes nothing.
  Json again = lead;
  EXPECT_TRUE(ValidateAndNormalizeLead(again).empty());
  EXPECT_EQ(again, lead);
}

TEST(LeadValidationTest, MinimalLeadGetsDefaults) {
  Json lead = Minimal();
  EXPECT_TRUE(ValidateAndNormalizeLead(lead).empty());
  EXPECT_EQ(lead, Json::parse(R"({"firstName": "Ann", "lastName": "Lee", "status": "new",
                                  "legalHold": false})"));
}

TEST(LeadValidationTest, NullAndBlankOptionalMembersAreRemoved) {
  Json lead = Minimal();
  lead["email"] = nullptr;
  lead["assignedTo"] = nullptr;
  lead["source"] = "   ";
  lead["status"] = nullptr;
  lead["legalHold"] = nullptr;
  lead["address"] = {{"city", ""}, {"line2", nullptr}};
  lead["claim"] = {{"carrier", ""}, {"dateOfLoss", ""}, {"adjuster", {{"phone", " "}}}};
  EXPECT_TRUE(ValidateAndNormalizeLead(lead).empty());
  EXPECT_EQ(lead, Json::parse(R"({"firstName": "Ann", "lastName": "Lee", "status": "new",
                                  "legalHold": false})"));
}

TEST(LeadValidationTest, ServerOwnedAndUnknownMembers) {
  Json lead = Minimal();
  lead["id"] = "lead_1";
  lead["version"] = 3;
  lead["deadlines"] = Json::array();
  lead["createdAt"] = "x";
  lead["favouriteColour"] = "blue";
  const auto errors = Errors(lead);
  EXPECT_EQ(ErrorOn(lead, "id"), "is read-only");
  EXPECT_EQ(ErrorOn(lead, "version"), "is read-only");
  EXPECT_EQ(ErrorOn(lead, "deadlines"), "is read-only");
  EXPECT_EQ(ErrorOn(lead, "createdAt"), "is read-only");
  EXPECT_EQ(ErrorOn(lead, "favouriteColour"), "is not a known field");
  EXPECT_EQ(errors.size(), 5u);

  StripServerOwnedLeadFields(lead);
  EXPECT_EQ(Errors(lead).size(), 1u);
  for (const auto field : kServerOwnedLeadFields) EXPECT_FALSE(lead.contains(field));
}

TEST(LeadValidationTest, UnknownNestedMembers) {
  EXPECT_EQ(ErrorOn(With("/address/zip", "1"), "address.zip"), "is not a known field");
  EXPECT_EQ(ErrorOn(With("/claim/foo", 1), "claim.foo"), "is not a known field");
  EXPECT_EQ(ErrorOn(With("/claim/adjuster/fax", "1"), "claim.adjuster.fax"),
            "is not a known field");
  EXPECT_EQ(ErrorOn(With("/phones/1/ext", "1"), "phones[1].ext"), "is not a known field");
}

TEST(LeadValidationTest, Names) {
  Json lead = RichLead();
  lead.erase("firstName");
  EXPECT_EQ(ErrorOn(lead, "firstName"), "is required");
  EXPECT_EQ(ErrorOn(With("/lastName", nullptr), "lastName"), "is required");
  EXPECT_EQ(ErrorOn(With("/firstName", "  "), "firstName"), "must not be empty");
  EXPECT_EQ(ErrorOn(With("/firstName", 7), "firstName"), "must be a string");
  EXPECT_EQ(ErrorOn(With("/firstName", std::string(101, 'a')), "firstName"),
            "must be at most 100 characters");
  EXPECT_EQ(ErrorOn(With("/firstName", std::string(100, 'a')), "firstName"), "<none>");
  // 100 characters in 200 bytes are fine: characters are counted, not bytes.
  std::string cyrillic;
  for (int i = 0; i < 100; ++i) cyrillic += "ж";
  EXPECT_EQ(ErrorOn(With("/firstName", cyrillic), "firstName"), "<none>");
  EXPECT_EQ(ErrorOn(With("/firstName", cyrillic + "ж"), "firstName"),
            "must be at most 100 characters");
  EXPECT_EQ(ErrorOn(With("/lastName", "Lee\tJr"), "lastName"),
            "must not contain control characters");
  EXPECT_EQ(ErrorOn(With("/lastName", "Lee\u0085"), "lastName"),
            "must not contain control characters");
  EXPECT_EQ(ErrorOn(With("/lastName", "Le\xc3"), "lastName"), "must be valid UTF-8 text");
  EXPECT_EQ(ErrorOn(With("/lastName", "\xed\xa0\x80"), "lastName"), "must be valid UTF-8 text");
}

TEST(LeadValidationTest, Email) {
  for (const char* bad : {"maria", "maria@", "@example.com", "maria@example", "ma ria@example.com",
                          "maria@@example.com", "a@b@example.com", "maria@.example.com",
                          "maria@example..com", "maria@example.com.", ".maria@example.com"}) {
    EXPECT_EQ(ErrorOn(With("/email", bad), "email"),
              "must be an email address such as name@example.com")
        << bad;
  }
  EXPECT_EQ(ErrorOn(With("/email", std::string(250, 'a') + "@x.io"), "email"),
            "must be at most 254 characters");
  EXPECT_EQ(ErrorOn(With("/email", std::string(65, 'a') + "@x.io"), "email"),
            "must be an email address such as name@example.com");
  EXPECT_EQ(ErrorOn(With("/email", true), "email"), "must be a string");
  for (const char* good : {"a@b.co", "first.last+tag@sub.example.org", "jörg@müller.de"}) {
    EXPECT_EQ(ErrorOn(With("/email", good), "email"), "<none>") << good;
  }
}

TEST(LeadValidationTest, Phones) {
  EXPECT_EQ(ErrorOn(With("/phones", "555"), "phones"), "must be an array");
  EXPECT_EQ(ErrorOn(With("/phones/0", "555 201 0100"), "phones[0]"), "must be an object");
  EXPECT_EQ(ErrorOn(With("/phones/1", Json::object()), "phones[1].number"), "is required");
  EXPECT_EQ(ErrorOn(With("/phones/1/number", "call me"), "phones[1].number"),
            "is not a phone number");
  EXPECT_EQ(ErrorOn(With("/phones/1/number", 5552010100), "phones[1].number"), "must be a string");
  EXPECT_EQ(ErrorOn(With("/phones/1/number", std::string(41, '5')), "phones[1].number"),
            "must be at most 40 characters");
  EXPECT_EQ(ErrorOn(With("/phones/1/type", "fax"), "phones[1].type"),
            "must be one of mobile, home, work");
  EXPECT_EQ(ErrorOn(With("/phones/1/number", "+1 555 201 0100"), "phones[1].number"),
            "is the same number as phones[0]");
  Json six = Json::array();
  for (int i = 0; i < 6; ++i) six.push_back({{"number", "555 201 010" + std::to_string(i)}});
  EXPECT_EQ(ErrorOn(With("/phones", six), "phones"), "must have at most 5 phone numbers");

  // A refused number leaves no stale e164 behind.
  Json lead = With("/phones/1/number", "nope");
  ValidateAndNormalizeLead(lead);
  EXPECT_FALSE(lead["phones"][1].contains("e164"));
}

TEST(LeadValidationTest, PhoneRegionComesFromTheOptions) {
  Json lead = Minimal();
  lead["phones"] = {{{"number", "020 7946 0958"}}};
  lead["address"] = {{"country", "US"}};  // not used for phones
  EXPECT_TRUE(ValidateAndNormalizeLead(lead, {.default_region = "GB"}).empty());
  EXPECT_EQ(lead["phones"][0]["e164"], "+442079460958");
  Json us = Minimal();
  us["phones"] = {{{"number", "020 7946 0958"}}};
  us["address"] = {{"country", "GB"}};
  ASSERT_EQ(ValidateAndNormalizeLead(us).size(), 1u);
}

TEST(LeadValidationTest, ContactStatusSourceAssignee) {
  EXPECT_EQ(ErrorOn(With("/preferredContact", "fax"), "preferredContact"),
            "must be one of phone, email, sms");
  EXPECT_EQ(ErrorOn(With("/status", "won"), "status"),
            "must be one of new, contacted, qualified, inspection_scheduled, lor_signed, "
            "claim_filed, negotiating, settled, lost");
  EXPECT_EQ(ErrorOn(With("/status", "NEW"), "status").substr(0, 11), "must be one");
  EXPECT_EQ(ErrorOn(With("/source", std::string(101, 's')), "source"),
            "must be at most 100 characters");
  for (const char* bad : {"bob", "usr_", "usr_ab cd", "lead_123", "USR_1"}) {
    EXPECT_EQ(ErrorOn(With("/assignedTo", bad), "assignedTo"), "must be a user id (usr_...)")
        << bad;
  }
  EXPECT_EQ(ErrorOn(With("/assignedTo", 12), "assignedTo"), "must be a string");
  EXPECT_EQ(ErrorOn(With("/legalHold", "yes"), "legalHold"), "must be true or false");
}

TEST(LeadValidationTest, Address) {
  EXPECT_EQ(ErrorOn(With("/address", "12 Palm Ct"), "address"), "must be an object");
  EXPECT_EQ(ErrorOn(With("/address/line1", std::string(201, 'x')), "address.line1"),
            "must be at most 200 characters");
  EXPECT_EQ(ErrorOn(With("/address/line2", std::string(201, 'x')), "address.line2"),
            "must be at most 200 characters");
  EXPECT_EQ(ErrorOn(With("/address/city", std::string(101, 'x')), "address.city"),
            "must be at most 100 characters");
  EXPECT_EQ(ErrorOn(With("/address/state", std::string(101, 'x')), "address.state"),
            "must be at most 100 characters");
  EXPECT_EQ(ErrorOn(With("/address/postalCode", std::string(21, '1')), "address.postalCode"),
            "must be at most 20 characters");
  EXPECT_EQ(ErrorOn(With("/address/postalCode", 33602), "address.postalCode"), "must be a string");
  for (const char* bad : {"USA", "XX", "U1", "u", "ÜS"}) {
    EXPECT_EQ(ErrorOn(With("/address/country", bad), "address.country"),
              "must be a 2-letter ISO 3166 country code such as US")
        << bad;
  }
  for (const char* good : {"gb", "De", "AQ", "ZW"}) {
    EXPECT_EQ(ErrorOn(With("/address/country", good), "address.country"), "<none>") << good;
  }
}

TEST(LeadValidationTest, Tags) {
  EXPECT_EQ(ErrorOn(With("/tags", "roof"), "tags"), "must be an array");
  EXPECT_EQ(ErrorOn(With("/tags/3", 4), "tags[3]"), "must be a string");
  EXPECT_EQ(ErrorOn(With("/tags/3", " "), "tags[3]"), "must not be empty");
  EXPECT_EQ(ErrorOn(With("/tags/3", std::string(41, 't')), "tags[3]"),
            "must be at most 40 characters");
  EXPECT_EQ(ErrorOn(With("/tags/3", "a;b"), "tags[3]"), "must not contain ';'");
  Json many = Json::array();
  for (int i = 0; i < 21; ++i) many.push_back("t" + std::to_string(i));
  EXPECT_EQ(ErrorOn(With("/tags", many), "tags"), "must have at most 20 tags");
  // Counted after duplicates are removed.
  many[20] = "T0";
  Json lead = With("/tags", many);
  EXPECT_TRUE(ValidateAndNormalizeLead(lead).empty());
  EXPECT_EQ(lead["tags"].size(), 20u);
  // A huge list is refused without an error per item.
  Json huge = Json::array();
  for (int i = 0; i < 5000; ++i) huge.push_back(i);
  EXPECT_EQ(Errors(With("/tags", huge)).size(), 1u);
}

TEST(LeadValidationTest, ClaimTextAndDates) {
  EXPECT_EQ(ErrorOn(With("/claim", Json::array()), "claim"), "must be an object");
  EXPECT_EQ(ErrorOn(With("/claim/carrier", std::string(201, 'c')), "claim.carrier"),
            "must be at most 200 characters");
  for (const char* key : {"policyNumber", "policyForm", "claimNumber"}) {
    EXPECT_EQ(ErrorOn(With(std::string("/claim/") + key, std::string(101, 'p')),
                      std::string("claim.") + key),
              "must be at most 100 characters");
  }
  for (const char* bad : {"2025-02-30", "2025-2-3", "2025-06-01T00:00:00Z", "03/14/2025",
                          "2023-02-29", "2025-13-01", "0000-01-01", "2025-04-31"}) {
    EXPECT_EQ(ErrorOn(With("/claim/dateOfLoss", bad), "claim.dateOfLoss"),
              "must be a real calendar date as YYYY-MM-DD")
        << bad;
  }
  EXPECT_EQ(ErrorOn(With("/claim/dateOfLoss", "2024-02-29"), "claim.dateOfLoss"), "<none>");
  EXPECT_EQ(ErrorOn(With("/claim/dateReported", 20250320), "claim.dateReported"),
            "must be a string");
  EXPECT_EQ(ErrorOn(With("/claim/dateReported", "2025-03-13"), "claim.dateReported"),
            "must not be before dateOfLoss");
  EXPECT_EQ(ErrorOn(With("/claim/dateReported", "2025-03-14"), "claim.dateReported"), "<none>");
  EXPECT_EQ(ErrorOn(With("/claim/lossType", "earthquake"), "claim.lossType"),
            "must be one of wind, hail, water, fire, flood, hurricane, mold, theft, vandalism, "
            "other");
  EXPECT_EQ(
      ErrorOn(With("/claim/lossDescription", std::string(10'001, 'd')), "claim.lossDescription"),
      "must be at most 10000 characters");
  EXPECT_EQ(ErrorOn(With("/claim/lossDescription", "a\x01"), "claim.lossDescription"),
            "must not contain control characters");
  for (const char* bad :
       {"yesterday", "2025-03-21", "2025-03-21T09:15:00", "2025-02-30T00:00:00Z"}) {
    EXPECT_EQ(ErrorOn(With("/claim/lorSignedAt", bad), "claim.lorSignedAt"),
              "must be an RFC 3339 date-time such as 2025-06-01T14:30:00Z")
        << bad;
  }
}

TEST(LeadValidationTest, MoneyIsIntegerCents) {
  for (const char* key :
       {"deductibleCents", "paEstimateCents", "carrierEstimateCents", "settlementCents"}) {
    const std::string pointer = std::string("/claim/") + key;
    const std::string field = std::string("claim.") + key;
    EXPECT_EQ(ErrorOn(With(pointer, Json::parse("12.0")), field),
              "must be an integer number of cents");
    EXPECT_EQ(ErrorOn(With(pointer, Json::parse("1e3")), field),
              "must be an integer number of cents");
    EXPECT_EQ(ErrorOn(With(pointer, "1200"), field), "must be an integer number of cents");
    EXPECT_EQ(ErrorOn(With(pointer, true), field), "must be an integer number of cents");
    EXPECT_EQ(ErrorOn(With(pointer, -1), field), "must not be negative");
    EXPECT_EQ(ErrorOn(With(pointer, Json::parse("9007199254740992")), field),
              "must be at most 9007199254740991");
    EXPECT_EQ(ErrorOn(With(pointer, Json::parse("18446744073709551615")), field),
              "must be at most 9007199254740991");
    EXPECT_EQ(ErrorOn(With(pointer, Json::parse("9007199254740991")), field), "<none>");
    EXPECT_EQ(ErrorOn(With(pointer, 0), field), "<none>");
  }
}

TEST(LeadValidationTest, FeePercent) {
  for (const char* good : {"0", "100", "12.5", "33.33", "0.29", "99.99", "12.0", "1e1"}) {
    EXPECT_EQ(ErrorOn(With("/claim/feePercent", Json::parse(good)), "claim.feePercent"), "<none>")
        << good;
  }
  for (const char* bad : {"33.333", "0.001", "12.3400001"}) {
    EXPECT_EQ(ErrorOn(With("/claim/feePercent", Json::parse(bad)), "claim.feePercent"),
              "must have at most two decimals")
        << bad;
  }
  for (const char* bad : {"-1", "100.01", "1e300"}) {
    EXPECT_EQ(ErrorOn(With("/claim/feePercent", Json::parse(bad)), "claim.feePercent"),
              "must be between 0 and 100")
        << bad;
  }
  EXPECT_EQ(ErrorOn(With("/claim/feePercent", "10"), "claim.feePercent"), "must be a number");
  Json lead = With("/claim/feePercent", 12.0);
  ValidateAndNormalizeLead(lead);
  EXPECT_EQ(lead["claim"]["feePercent"].dump(), "12");
  lead = With("/claim/feePercent", 0.29);
  ValidateAndNormalizeLead(lead);
  EXPECT_EQ(lead["claim"]["feePercent"].dump(), "0.29");
}

TEST(LeadValidationTest, Adjuster) {
  EXPECT_EQ(ErrorOn(With("/claim/adjuster", "Sam"), "claim.adjuster"), "must be an object");
  EXPECT_EQ(ErrorOn(With("/claim/adjuster/name", std::string(101, 'n')), "claim.adjuster.name"),
            "must be at most 100 characters");
  EXPECT_EQ(ErrorOn(With("/claim/adjuster/phone", "ask the office"), "claim.adjuster.phone"),
            "is not a phone number");
  EXPECT_EQ(ErrorOn(With("/claim/adjuster/email", "sam at carrier"), "claim.adjuster.email"),
            "must be an email address such as name@example.com");
  // A client's phoneE164 is replaced by the computed one, and removed with the phone.
  Json lead = With("/claim/adjuster/phoneE164", "+19999999999");
  EXPECT_TRUE(ValidateAndNormalizeLead(lead).empty());
  EXPECT_EQ(lead["claim"]["adjuster"]["phoneE164"], "+15552010199");
  lead = With("/claim/adjuster/phone", nullptr);
  lead["claim"]["adjuster"]["phoneE164"] = "+15552010199";
  EXPECT_TRUE(ValidateAndNormalizeLead(lead).empty());
  EXPECT_FALSE(lead["claim"]["adjuster"].contains("phoneE164"));
}

TEST(LeadValidationTest, ReportsEveryErrorAtOnce) {
  Json lead = RichLead();
  lead.erase("lastName");
  lead["email"] = "nope";
  lead["phones"][1]["number"] = "x";
  lead["address"]["country"] = "Narnia";
  lead["tags"][3] = "";
  lead["claim"]["feePercent"] = 33.333;
  lead["claim"]["adjuster"]["email"] = "nope";
  lead["claim"]["dateOfLoss"] = "2025-02-30";
  lead["version"] = 2;
  const auto errors = Errors(lead);
  std::vector<std::string> fields;
  for (const auto& [field, message] : errors) fields.push_back(field);
  EXPECT_EQ(fields, (std::vector<std::string>{"version", "lastName", "email", "phones[1].number",
                                              "address.country", "tags[3]", "claim.dateOfLoss",
                                              "claim.feePercent", "claim.adjuster.email"}));
}

// A JSON value nested `depth` arrays deep, parsed (not built by copying, which recurses).
Json DeeplyNested(int depth) {
  return Json::parse(std::string(depth, '[') + std::string(depth, ']'));
}

TEST(LeadValidationTest, HostileInputNeverThrows) {
  const std::vector<Json> odd_values = {nullptr,
                                        true,
                                        -1,
                                        1.5,
                                        "",
                                        std::string(1 << 20, 'x'),
                                        Json::array(),
                                        Json::object(),
                                        Json::parse("[1,{}]"),
                                        "\xff\xfe"};
  const std::vector<std::string> pointers = {"",
                                             "/firstName",
                                             "/lastName",
                                             "/email",
                                             "/phones",
                                             "/phones/0",
                                             "/phones/0/number",
                                             "/phones/0/type",
                                             "/phones/0/e164",
                                             "/preferredContact",
                                             "/address",
                                             "/address/country",
                                             "/address/city",
                                             "/status",
                                             "/source",
                                             "/assignedTo",
                                             "/tags",
                                             "/tags/0",
                                             "/legalHold",
                                             "/claim",
                                             "/claim/dateOfLoss",
                                             "/claim/dateReported",
                                             "/claim/lossType",
                                             "/claim/deductibleCents",
                                             "/claim/feePercent",
                                             "/claim/lorSignedAt",
                                             "/claim/adjuster",
                                             "/claim/adjuster/phone",
                                             "/claim/adjuster/email",
                                             "/claim/lossDescription"};
  for (const auto& pointer : pointers) {
    for (const auto& value : odd_values) {
      Json lead = pointer.empty() ? value : With(pointer, value);
      std::vector<FieldError> errors;
      ASSERT_NO_THROW(errors = ValidateAndNormalizeLead(lead))
          << pointer << " = " << value.type_name();
      // Whatever came back can be sent to the client.
      ASSERT_NO_THROW(Problem::Validation(errors).ToJson().dump()) << pointer;
    }
  }
}

TEST(LeadValidationTest, DeepNestingHugeStringsAndOddKeys) {
  Json lead = RichLead();
  lead["claim"]["adjuster"] = DeeplyNested(20'000);
  lead["address"]["\xff\x01weird"] = DeeplyNested(20'000);
  lead[std::string(100'000, 'k')] = 1;
  lead["lastName"] = std::string(50'000'000, 'z');
  std::vector<FieldError> errors;
  ASSERT_NO_THROW(errors = ValidateAndNormalizeLead(lead));
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].field, std::string(64, 'k') + "...");
  EXPECT_EQ(errors[1].field, "lastName");
  EXPECT_EQ(errors[2].field, "address.??weird");
  EXPECT_EQ(errors[3].field, "claim.adjuster");
  EXPECT_NO_THROW(Problem::Validation(errors).ToJson().dump());
}

TEST(LeadValidationTest, ErrorsAreCapped) {
  Json lead = Minimal();
  Json address = Json::object();
  for (int i = 0; i < 1000; ++i) address["k" + std::to_string(i)] = i;
  lead["address"] = std::move(address);
  const auto errors = ValidateAndNormalizeLead(lead);
  ASSERT_EQ(errors.size(), 101u);
  EXPECT_EQ(errors.back().message, "900 more errors were not listed");
}

}  // namespace
}  // namespace ccrm::leads
