// The harness's parser of the Prometheus text exposition format.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "harness.hpp"

namespace ccrm::testing {

namespace {

bool IsNameStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}
bool IsNameChar(char c) { return IsNameStart(c) || std::isdigit(static_cast<unsigned char>(c)); }

std::optional<double> ParseValue(std::string_view text) {
  if (text == "+Inf" || text == "Inf") return HUGE_VAL;
  if (text == "-Inf") return -HUGE_VAL;
  if (text == "NaN") return std::nan("");
  if (text.empty()) return std::nullopt;
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

std::optional<MetricSample> ParseSampleLine(std::string_view line) {
  MetricSample sample;
  size_t i = 0;
  if (line.empty() || !IsNameStart(line[0])) return std::nullopt;
  while (i < line.size() && IsNameChar(line[i])) ++i;
  sample.name = std::string(line.substr(0, i));
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (true) {
      if (i < line.size() && line[i] == '}') {
        ++i;
        break;
      }
      const size_t name_start = i;
      if (i >= line.size() ||
          !(std::isalpha(static_cast<unsigned char>(line[i])) || line[i] == '_')) {
        return std::nullopt;
      }
      while (i < line.size() &&
             (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '_'))
        ++i;
      const std::string label(line.substr(name_start, i - name_start));
      if (i + 1 >= line.size() || line[i] != '=' || line[i + 1] != '"') return std::nullopt;
      i += 2;
      std::string value;
      while (true) {
        if (i >= line.size()) return std::nullopt;
        const char c = line[i++];
        if (c == '"') break;
        if (c == '\\') {
          if (i >= line.size()) return std::nullopt;
          const char e = line[i++];
          if (e == 'n') {
            value += '\n';
          } else if (e == '\\' || e == '"') {
            value += e;
          } else {
            return std::nullopt;
          }
        } else {
          value += c;
        }
      }
      if (!sample.labels.emplace(label, value).second) return std::nullopt;  // duplicate label
      if (i < line.size() && line[i] == ',')
        ++i;
      else if (i >= line.size() || line[i] != '}')
        return std::nullopt;
    }
  }
  if (i >= line.size() || line[i] != ' ') return std::nullopt;
  while (i < line.size() && line[i] == ' ') ++i;
  std::string_view rest = line.substr(i);
  const size_t space = rest.find(' ');
  const auto value = ParseValue(rest.substr(0, space));
  if (!value) return std::nullopt;
  if (space != std::string_view::npos) {
    // An optional integer timestamp in milliseconds.
    const std::string_view ts = rest.substr(space + 1);
    if (ts.empty() || !std::all_of(ts.begin(), ts.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c)) || c == '-';
        })) {
      return std::nullopt;
    }
  }
  sample.value = *value;
  return sample;
}

}  // namespace

std::optional<std::vector<MetricSample>> ParseMetrics(std::string_view text,
                                                      std::string* bad_line) {
  std::vector<MetricSample> samples;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    auto sample = ParseSampleLine(line);
    if (!sample) {
      if (bad_line) *bad_line = std::string(line);
      return std::nullopt;
    }
    samples.push_back(std::move(*sample));
  }
  return samples;
}

double SumMetric(const std::vector<MetricSample>& samples, std::string_view name,
                 const std::map<std::string, std::string>& labels) {
  double sum = 0;
  for (const auto& s : samples) {
    if (s.name != name) continue;
    const bool match = std::all_of(labels.begin(), labels.end(), [&](const auto& kv) {
      const auto it = s.labels.find(kv.first);
      return it != s.labels.end() && it->second == kv.second;
    });
    if (match) sum += s.value;
  }
  return sum;
}

}  // namespace ccrm::testing
