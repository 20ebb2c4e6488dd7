// RFC 9457 problem details: the one shape of every error the server answers.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "common/json.hpp"

namespace ccrm {

struct FieldError {
  std::string field;    // JSON pointer-ish path of the field at fault, e.g. "address.city"
  std::string message;  // what is wrong with it, for a person
};

struct Problem {
  int status = 500;
  std::string title;
  std::string detail;
  std::string type = "about:blank";  // a URI; about:blank means "the status says it all"
  std::vector<FieldError> errors;
  Json extra = Json::object();  // extension members, e.g. {"retryAfter": 3}

  Json ToJson() const;

  static Problem BadRequest(std::string detail, std::vector<FieldError> errors = {});
  static Problem Validation(std::vector<FieldError> errors);
  static Problem NotFound(std::string detail = "The resource does not exist.");
  static Problem Conflict(std::string detail);
  static Problem PreconditionFailed(std::string detail);
  static Problem Internal();
  // 429 with `retryAfter` (seconds, at least 1); the reply also carries Retry-After.
  static Problem TooManyRequests(int retry_after_seconds, std::string detail = {});
};

// Thrown by handlers and services; the gateway turns it into a problem reply.
class ProblemException : public std::runtime_error {
 public:
  explicit ProblemException(Problem problem)
      : std::runtime_error(problem.detail), problem_(std::move(problem)) {}
  const Problem& problem() const { return problem_; }

 private:
  Problem problem_;
};

// The standard reason phrase of an HTTP status, used as a problem's title.
const char* StatusTitle(int status);

}  // namespace ccrm
