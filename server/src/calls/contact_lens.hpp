// Contact Lens's post-call analysis of a voice contact, as Amazon Connect writes it to S3
// (`…/Analysis/Voice/YYYY/MM/DD/<contactId>_analysis_<time>.json`, and the PII-redacted copy
// under `…/Analysis/Voice/Redacted/…_analysis_redacted_<time>.json`), read into the transcript
// ccrm keeps beside the call and the summary the call itself carries.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/json.hpp"

namespace ccrm::calls {

// The largest analysis file ccrm reads (a long call's transcript is a few hundred kilobytes).
inline constexpr size_t kMaxAnalysisBytes = 16 * 1024 * 1024;

struct AnalysisFile {
  std::string contact_id;
  bool redacted = false;
};

// The contact an analysis file belongs to, from its key; nullopt for any other key (chat
// analyses, the redacted audio, anything not under Analysis/Voice/).
std::optional<AnalysisFile> AnalysisOfKey(std::string_view key);

// The transcript of one analysis file: {sourceKey, redacted, language, durationMs,
// turns: [{participant (AGENT | CUSTOMER | SYSTEM | …), content, beginMs, endMs, sentiment,
// redactions: [{beginMs, endMs}]}], sentiment: {AGENT: score, CUSTOMER: score},
// categories: [{name, points: [{beginMs, endMs}]}], summary}. ProblemException 400 naming the
// member at fault for a file that is not a Contact Lens analysis; unknown members ignored.
Json ParseContactLensAnalysis(const Json& file, const std::string& source_key, bool redacted);

// What the call carries of a transcript (no turns): redacted, language, sentiment,
// categories' names, turn count, summary, sourceKey.
Json AnalysisSummary(const Json& transcript);

// Whether the analysis `candidate` (a summary) should replace `current` (a summary, or null):
// the redacted copy beats the original; between two of one kind the later file (by key, which
// holds its time) wins. The same in every arrival order.
bool AnalysisSupersedes(const Json& candidate, const Json& current);

}  // namespace ccrm::calls
