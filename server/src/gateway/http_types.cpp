#include "gateway/http_types.hpp"

#include <algorithm>
#include <strings.h>

#include "common/ascii.hpp"
#include "common/json_parse.hpp"

namespace ccrm::gateway {
namespace {

// Line and column of a byte offset, for "malformed JSON at line 3, column 7".
std::pair<size_t, size_t> LineColumn(std::string_view text, size_t offset) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

}  // namespace

void Headers::Add(std::string name, std::string value) {
  entries_.emplace_back(std::move(name), std::move(value));
}

void Headers::Set(std::string name, std::string value) {
  Remove(name);
  Add(std::move(name), std::move(value));
}

const std::string* Headers::Find(std::string_view name) const {
  for (const auto& [n, v] : entries_) {
    if (IEquals(n, name)) return &v;
  }
  return nullptr;
}

void Headers::Remove(std::string_view name) {
  std::erase_if(entries_, [&](const auto& e) { return IEquals(e.first, name); });
}

std::string_view Request::PathParam(std::string_view name) const {
  auto it = path_params.find(name);
  return it == path_params.end() ? std::string_view{} : std::string_view{it->second};
}

namespace {

class StringBodyReader final : public BodyReader {
 public:
  explicit StringBodyReader(std::string body) : body_(std::move(body)) {}
  bool Read(std::string& chunk) override {
    chunk.clear();
    if (done_) return false;
    done_ = true;
    chunk.swap(body_);
    return !chunk.empty();
  }

 private:
  std::string body_;
  bool done_ = false;
};

}  // namespace

std::shared_ptr<BodyReader> ReadFromString(std::string body) {
  return std::make_shared<StringBodyReader>(std::move(body));
}

std::optional<std::string> Request::Query(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    const size_t eq = pair.find('=');
    auto key = PercentDecode(pair.substr(0, eq), true);
    if (!key || *key != name) continue;
    if (eq == std::string_view::npos) return std::string{};
    auto value = PercentDecode(pair.substr(eq + 1), true);
    if (!value) {
      throw ProblemException(Problem::BadRequest(
          "Query parameter is not valid percent-encoding.",
          {{std::string(name), "bad percent-encoding"}}));
    }
    return value;
  }
  return std::nullopt;
}

Json Request::JsonBody() const {
  if (const auto* type = Header("Content-Type")) {
    const std::string_view t(*type);
    const bool json = t.starts_with("application/json") ||
                      (t.find("+json") != std::string_view::npos);
    if (!json) {
      throw ProblemException(Problem{.status = 415, .title = "Unsupported Media Type",
                                     .detail = "The body must be application/json."});
    }
  }
  if (body.empty()) {
    throw ProblemException(Problem::BadRequest("The request body is empty; JSON was expected.",
                                               {{"body", "required"}}));
  }
  try {
    return ParseOutsideJson(body);
  } catch (const JsonTooDeep& e) {
    throw ProblemException(Problem::BadRequest(
        "The body nests objects and arrays deeper than " + std::to_string(e.max_depth()) +
            " levels.",
        {{"body", "nested too deeply"}}));
  } catch (const Json::parse_error& e) {
    throw ProblemException(MalformedJsonProblem(body, e));
  } catch (const Json::exception&) {
    // out_of_range 406: a number beyond a double. Its message quotes the whole number.
    throw ProblemException(Problem::BadRequest("A number in the body is too large for JSON.",
                                               {{"body", "number out of range"}}));
  }
}

Problem MalformedJsonProblem(std::string_view text, const Json::parse_error& error) {
  const auto [line, column] = LineColumn(text, error.byte == 0 ? 0 : error.byte - 1);
  std::string detail = "Malformed JSON at line " + std::to_string(line) + ", column " +
                       std::to_string(column) + " (byte " + std::to_string(error.byte) + ").";
  Problem p = Problem::BadRequest(detail, {{"body", "malformed JSON"}});
  p.extra["line"] = line;
  p.extra["column"] = column;
  return p;
}

Response Response::WithJson(int status, const Json& body) {
  Response r;
  r.status = status;
  r.headers.Add("Content-Type", "application/json");
  r.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return r;
}

Response Response::WithProblem(const Problem& problem) {
  Response r;
  r.status = problem.status;
  r.headers.Add("Content-Type", "application/problem+json");
  r.body = problem.ToJson().dump(-1, ' ', false, Json::error_handler_t::replace);
  // Every 429, whoever raises it, says when to come back.
  if (const auto after = problem.extra.find("retryAfter");
      problem.status == 429 && after != problem.extra.end() && after->is_number_integer()) {
    r.headers.Add("Retry-After", std::to_string(after->get<int64_t>()));
  }
  return r;
}

Response Response::WithText(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.headers.Add("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

Response Response::Streaming(int status, std::string content_type, Producer producer) {
  Response r;
  r.status = status;
  r.headers.Add("Content-Type", std::move(content_type));
  r.stream = std::move(producer);
  return r;
}

Response Response::NoContent() {
  Response r;
  r.status = 204;
  return r;
}

}  // namespace ccrm::gateway
