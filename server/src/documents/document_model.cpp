#include "documents/document_model.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "common/ids.hpp"
#include "common/json_members.hpp"
#include "common/percent_encoding.hpp"
#include "common/utf8.hpp"

namespace ccrm::documents {
namespace {

const std::set<std::string, std::less<>>& AllowedTypes() {
  static const std::set<std::string, std::less<>> types = {
      "application/pdf",
      "image/jpeg",
      "image/png",
      "image/heic",
      "image/heif",
      "image/tiff",
      "application/msword",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.ms-excel",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "text/plain",
      "message/rfc822",
  };
  return types;
}

bool IsToken(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$&-^_.+").find(c) != std::string_view::npos;
  });
}

// type/subtype, optionally with parameters (which are kept as they are).
bool IsMediaType(std::string_view text) {
  if (text.size() > 255) return false;
  const std::string_view bare = text.substr(0, text.find(';'));
  const size_t slash = bare.find('/');
  if (slash == std::string_view::npos) return false;
  std::string_view subtype = bare.substr(slash + 1);
  while (!subtype.empty() && subtype.back() == ' ') subtype.remove_suffix(1);
  return IsToken(bare.substr(0, slash)) && IsToken(subtype) &&
         text.find_first_of("\r\n") == std::string_view::npos;
}

void CheckFileName(const Json& body, std::vector<FieldError>& errors, std::string& out) {
  const auto it = body.find("fileName");
  if (it == body.end() || !it->is_string()) {
    errors.push_back({"fileName", "is required (a string)"});
    return;
  }
  out = it->get<std::string>();
  const auto code_points = DecodeUtf8(out);
  if (out.empty() || !code_points) {
    errors.push_back({"fileName", "must not be empty"});
  } else if (code_points->size() > kMaxFileNameChars) {
    errors.push_back({"fileName", fmt::format("must be at most {} characters", kMaxFileNameChars)});
  }
}

void CheckCategory(const Json& body, std::vector<FieldError>& errors, std::string& out) {
  const auto it = body.find("category");
  if (it == body.end() || !it->is_string() || !IsCategory(it->get<std::string>())) {
    std::string list;
    for (const std::string& c : Categories()) list += (list.empty() ? "" : ", ") + c;
    errors.push_back({"category", "must be one of " + list});
    return;
  }
  out = it->get<std::string>();
}

}  // namespace

const std::vector<std::string>& Categories() {
  static const std::vector<std::string> categories = {
      "lor",   "policy",        "declarations_page", "photo",    "estimate", "proof_of_loss",
      "correspondence", "invoice", "check",          "contract", "other"};
  return categories;
}

bool IsCategory(std::string_view category) {
  const auto& all = Categories();
  return std::find(all.begin(), all.end(), category) != all.end();
}

bool IsAllowedContentType(std::string_view mime) { return AllowedTypes().contains(mime); }

bool IsPreviewable(std::string_view mime) {
  return mime == "application/pdf" || mime == "image/jpeg" || mime == "image/png";
}

std::string DocumentKey(const std::string& lead_id, const std::string& document_id) {
  return "leads/" + lead_id + "/" + document_id;
}

std::optional<std::string> DocumentIdOfKey(std::string_view key) {
  const size_t slash = key.rfind('/');
  if (!key.starts_with("leads/") || slash == std::string_view::npos) return std::nullopt;
  std::string id(key.substr(slash + 1));
  if (!IsValidId(id, "doc")) return std::nullopt;
  return id;
}

NewDocument ParseNewDocument(const Json& body, int64_t max_bytes) {
  if (!body.is_object()) throw ProblemException(Problem::BadRequest("The body must be a JSON object."));
  RequireKnownMembers(body, {"fileName", "contentType", "sizeBytes", "category"});
  NewDocument doc;
  std::vector<FieldError> errors;
  CheckFileName(body, errors, doc.file_name);
  const auto type = body.find("contentType");
  if (type == body.end() || !type->is_string() || !IsMediaType(type->get<std::string>())) {
    errors.push_back({"contentType", "is required: a media type such as application/pdf"});
  } else {
    doc.declared_type = type->get<std::string>();
  }
  const auto size = body.find("sizeBytes");
  if (size == body.end() || !size->is_number_integer() || size->get<int64_t>() < 1) {
    errors.push_back({"sizeBytes", "is required: the file's size in bytes (at least 1)"});
  } else if (size->get<int64_t>() > max_bytes) {
    errors.push_back({"sizeBytes", fmt::format("must be at most {} bytes", max_bytes)});
  } else {
    doc.size_bytes = size->get<int64_t>();
  }
  CheckCategory(body, errors, doc.category);
  if (!errors.empty()) throw ProblemException(Problem::Validation(std::move(errors)));
  return doc;
}

Json ParseDocumentPatch(const Json& body) {
  if (!body.is_object()) throw ProblemException(Problem::BadRequest("The body must be a JSON object."));
  RequireKnownMembers(body, {"fileName", "category"});
  std::vector<FieldError> errors;
  Json patch = Json::object();
  std::string value;
  if (body.contains("fileName")) {
    CheckFileName(body, errors, value);
    patch["fileName"] = value;
  }
  if (body.contains("category")) {
    CheckCategory(body, errors, value);
    patch["category"] = value;
  }
  if (patch.empty() && errors.empty()) {
    errors.push_back({"", "name fileName or category to change"});
  }
  if (!errors.empty()) throw ProblemException(Problem::Validation(std::move(errors)));
  return patch;
}

Json PublicDocument(const Json& item) {
  Json doc = item;
  doc.erase("objectKey");
  doc.erase("objectEtag");
  return doc;
}

std::string ContentDisposition(std::string_view file_name, bool inline_view) {
  std::string fallback;
  size_t pos = 0;
  while (pos < file_name.size()) {
    const size_t start = pos;
    const auto code_point = NextCodePoint(file_name, pos);
    if (!code_point) {
      ++pos;
      fallback += '_';
      continue;
    }
    const char32_t c = *code_point;
    const bool plain = pos - start == 1 && c >= 0x20 && c < 0x7f && c != '"' && c != '\\' &&
                       c != '/' && c != '%' && c != ';';
    fallback += plain ? static_cast<char>(c) : '_';
  }
  if (fallback.empty() || fallback.find_first_not_of("._ ") == std::string::npos) {
    fallback = "document";
  }
  return fmt::format("{}; filename=\"{}\"; filename*=UTF-8''{}",
                     inline_view ? "inline" : "attachment", fallback, PercentEncode(file_name));
}

}  // namespace ccrm::documents
