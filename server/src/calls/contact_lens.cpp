#include "calls/contact_lens.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <map>

#include "common/problem.hpp"

namespace ccrm::calls {
namespace {

[[noreturn]] void Refuse(std::string field, std::string message) {
  throw ProblemException(Problem::Validation({{std::move(field), std::move(message)}}));
}

const Json& Member(const Json& object, const char* key, Json::value_t type, const std::string& path,
                   bool required) {
  static const Json kNull;
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) {
    if (required) Refuse(path + key, "is missing");
    return kNull;
  }
  const bool matches = type == Json::value_t::number_float ? found->is_number()
                                                             : found->type() == type;
  if (!matches) Refuse(path + key, fmt::format("must be {}", Json(type).type_name()));
  return *found;
}

int64_t Millis(const Json& object, const char* key, const std::string& path) {
  const Json& value = Member(object, key, Json::value_t::number_float, path, false);
  if (value.is_null()) return 0;
  const double ms = value.get<double>();
  if (ms < 0 || ms > 7 * 24 * 3600 * 1000.0) Refuse(path + key, "must be 0 to a week of milliseconds");
  return static_cast<int64_t>(ms);
}

Json Spans(const Json& list, const std::string& path) {
  Json spans = Json::array();
  if (!list.is_array()) return spans;
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_object()) continue;
    const std::string at = fmt::format("{}[{}].", path, i);
    spans.push_back({{"beginMs", Millis(list[i], "BeginOffsetMillis", at)},
                     {"endMs", Millis(list[i], "EndOffsetMillis", at)}});
  }
  return spans;
}

std::string StringOr(const Json& object, const char* key, std::string fallback = "") {
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : fallback;
}

// The value at object.a.b.c, or null when any step is missing or not an object.
const Json& At(const Json& object, std::initializer_list<const char*> path) {
  static const Json kNull;
  const Json* at = &object;
  for (const char* key : path) {
    if (!at->is_object()) return kNull;
    const auto found = at->find(key);
    if (found == at->end()) return kNull;
    at = &*found;
  }
  return *at;
}

bool IsContactIdChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }

}  // namespace

std::optional<AnalysisFile> AnalysisOfKey(std::string_view key) {
  constexpr std::string_view kFolder = "Analysis/Voice/";
  const size_t folder = key.find(kFolder);
  if (folder == std::string_view::npos || (folder > 0 && key[folder - 1] != '/')) return std::nullopt;
  const std::string_view rest = key.substr(folder + kFolder.size());
  const bool redacted = rest.starts_with("Redacted/");
  const std::string_view name = key.substr(key.rfind('/') + 1);
  if (!name.ends_with(".json")) return std::nullopt;
  const std::string_view marker = redacted ? "_analysis_redacted_" : "_analysis_";
  const size_t at = name.find(marker);
  if (at == std::string_view::npos || at == 0 || at > 128) return std::nullopt;
  const std::string_view contact = name.substr(0, at);
  if (!std::all_of(contact.begin(), contact.end(), IsContactIdChar)) return std::nullopt;
  return AnalysisFile{.contact_id = std::string(contact), .redacted = redacted};
}

Json ParseContactLensAnalysis(const Json& file, const std::string& source_key, bool redacted) {
  if (!file.is_object()) Refuse("analysis", "must be a Contact Lens analysis object");
  const std::string channel = StringOr(file, "Channel", "VOICE");
  if (channel != "VOICE") Refuse("Channel", "must be VOICE");
  // Who is who: turns name a participant id; the file lists each id's role.
  std::map<std::string, std::string> roles;
  const Json& participants = Member(file, "Participants", Json::value_t::array, "", false);
  for (size_t i = 0; i < participants.size(); ++i) {
    const Json& p = participants[i];
    if (!p.is_object()) Refuse(fmt::format("Participants[{}]", i), "must be an object");
    roles[StringOr(p, "ParticipantId")] = StringOr(p, "ParticipantRole", "UNKNOWN");
  }
  const Json& transcript = Member(file, "Transcript", Json::value_t::array, "", true);
  Json turns = Json::array();
  for (size_t i = 0; i < transcript.size(); ++i) {
    const Json& turn = transcript[i];
    const std::string at = fmt::format("Transcript[{}].", i);
    if (!turn.is_object()) Refuse(fmt::format("Transcript[{}]", i), "must be an object");
    const Json& content = Member(turn, "Content", Json::value_t::string, at, true);
    const std::string participant = StringOr(turn, "ParticipantId");
    const auto role = roles.find(participant);
    Json entry{{"participant", role != roles.end() ? role->second : participant},
               {"content", content},
               {"beginMs", Millis(turn, "BeginOffsetMillis", at)},
               {"endMs", Millis(turn, "EndOffsetMillis", at)}};
    if (const std::string sentiment = StringOr(turn, "Sentiment"); !sentiment.empty()) {
      entry["sentiment"] = sentiment;
    }
    if (const auto redaction = turn.find("Redaction"); redaction != turn.end() && redaction->is_object()) {
      const Json spans = Spans(At(*redaction, {"RedactedTimestamps"}), at + "Redaction.RedactedTimestamps");
      if (!spans.empty()) entry["redactions"] = spans;
    }
    turns.push_back(std::move(entry));
  }
  const bool redacted_output = At(file, {"ContentMetadata", "Output"}) == "Redacted";
  Json doc{{"sourceKey", source_key}, {"redacted", redacted || redacted_output}, {"turns", std::move(turns)},
           {"language", StringOr(file, "LanguageCode")}, {"sentiment", Json::object()},
           {"categories", Json::array()}};
  const Json& traits = Member(file, "ConversationCharacteristics", Json::value_t::object, "", false);
  if (traits.is_object()) {
    doc["durationMs"] = Millis(traits, "TotalConversationDurationMillis", "ConversationCharacteristics.");
    if (const Json& overall = At(traits, {"Sentiment", "OverallSentiment"}); overall.is_object()) {
      for (const auto& [role, score] : overall.items()) {
        if (score.is_number()) doc["sentiment"][role] = score;
      }
    }
    const Json& summary = At(traits, {"ContactSummary", "PostContactSummary", "Content"});
    if (summary.is_string()) doc["summary"] = summary;
  }
  const Json& categories = Member(file, "Categories", Json::value_t::object, "", false);
  if (categories.is_object()) {
    const Json& matched = Member(categories, "MatchedCategories", Json::value_t::array, "Categories.", false);
    for (const Json& name : matched) {
      if (!name.is_string()) Refuse("Categories.MatchedCategories", "must be strings");
      const std::string& text = name.get_ref<const std::string&>();
      const Json& details = At(categories, {"MatchedDetails", text.c_str(), "PointsOfInterest"});
      doc["categories"].push_back(
          {{"name", name}, {"points", Spans(details, "Categories.MatchedDetails." + text)}});
    }
  }
  return doc;
}

Json AnalysisSummary(const Json& transcript) {
  Json categories = Json::array();
  for (const Json& category : transcript.at("categories")) categories.push_back(category.at("name"));
  Json summary{{"sourceKey", transcript.at("sourceKey")},
               {"redacted", transcript.at("redacted")},
               {"language", transcript.at("language")},
               {"sentiment", transcript.at("sentiment")},
               {"categories", std::move(categories)},
               {"turns", transcript.at("turns").size()}};
  if (transcript.contains("summary")) summary["summary"] = transcript["summary"];
  return summary;
}

bool AnalysisSupersedes(const Json& candidate, const Json& current) {
  if (!current.is_object()) return true;
  const bool candidate_redacted = candidate.value("redacted", false);
  const bool current_redacted = current.value("redacted", false);
  if (candidate_redacted != current_redacted) return candidate_redacted;
  return candidate.value("sourceKey", "") > current.value("sourceKey", "");
}

}  // namespace ccrm::calls
