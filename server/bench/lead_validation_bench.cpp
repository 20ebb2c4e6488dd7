// Lead validation cost: a whole rich lead (every section, two phones and an adjuster phone, so
// three libphonenumber parses) per create or patch, and one phone normalization on its own.
// Each iteration validates a fresh copy, as a request would; the copy is timed separately so
// the difference is the validator's own cost.
#include <benchmark/benchmark.h>

#include <string>

#include "common/json.hpp"
#include "common/phone_number.hpp"
#include "leads/lead_validation.hpp"

namespace {

using ccrm::Json;

const Json& RichLead() {
  static const Json lead = Json::parse(R"({
    "firstName": "  Maria ", "lastName": "Gonzalez-Núñez", "email": "Maria.G@Example.COM",
    "phones": [{"number": "(555) 201-0100", "type": "home"}, {"number": "+1 212 555 0123 x45"}],
    "preferredContact": "sms",
    "address": {"line1": "12 Palm Ct", "line2": "Unit 4", "city": "Tampa", "state": "FL",
                "postalCode": "33602", "country": "us"},
    "status": "qualified", "source": "door knock", "assignedTo": "usr_01HZX3",
    "tags": ["Roof", "hail-2025", "roof", "VIP"], "legalHold": false,
    "claim": {
      "carrier": "Acme Mutual", "policyNumber": "HO-123", "policyForm": "HO-3",
      "claimNumber": "CLM-9", "dateOfLoss": "2025-03-14", "dateReported": "2025-03-20",
      "lossType": "hail", "lossDescription": "Shingles lifted by hail.\nInterior leak in den.",
      "deductibleCents": 250000, "paEstimateCents": 4800000, "carrierEstimateCents": 1200000,
      "settlementCents": 0, "feePercent": 33.33, "lorSignedAt": "2025-03-21T09:15:00-04:00",
      "adjuster": {"name": "Sam Lee", "phone": "555.201.0199", "email": "sam@carrier.example"}
    }
  })");
  return lead;
}

void BM_CopyRichLead(benchmark::State& state) {
  for (auto _ : state) {
    Json lead = RichLead();
    benchmark::DoNotOptimize(lead);
  }
}
BENCHMARK(BM_CopyRichLead)->Unit(benchmark::kMicrosecond);

void BM_ValidateRichLead(benchmark::State& state) {
  const ccrm::leads::LeadValidationOptions options;
  for (auto _ : state) {
    Json lead = RichLead();
    auto errors = ccrm::leads::ValidateAndNormalizeLead(lead, options);
    if (!errors.empty()) state.SkipWithError("the rich lead was refused");
    benchmark::DoNotOptimize(errors);
  }
}
BENCHMARK(BM_ValidateRichLead)->Unit(benchmark::kMicrosecond);

void BM_NormalizeToE164(benchmark::State& state) {
  const char* inputs[] = {"(555) 201-0100", "+44 20 7946 0958", "555.201.0199 x12",
                          "1-212-555-0123"};
  size_t i = 0;
  for (auto _ : state) {
    auto e164 = ccrm::NormalizeToE164(inputs[i++ % 4], "US");
    benchmark::DoNotOptimize(e164);
  }
}
BENCHMARK(BM_NormalizeToE164)->Unit(benchmark::kMicrosecond);

void BM_NormalizeToE164Refused(benchmark::State& state) {
  for (auto _ : state) {
    auto e164 = ccrm::NormalizeToE164("call after 5pm", "US");
    benchmark::DoNotOptimize(e164);
  }
}
BENCHMARK(BM_NormalizeToE164Refused)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
