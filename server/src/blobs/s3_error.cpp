#include "blobs/s3_error.hpp"

#include <fmt/format.h>

namespace ccrm::blobs {
namespace {

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 has no place for other control characters, even escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace

gateway::Response S3Error(int status, std::string_view code, std::string_view message,
                          std::string_view resource, std::string_view request_id) {
  gateway::Response response;
  response.status = status;
  response.headers.Set("Content-Type", "application/xml");
  response.body = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message>"
      "<Resource>{}</Resource><RequestId>{}</RequestId></Error>",
      XmlEscape(code), XmlEscape(message), XmlEscape(resource), XmlEscape(request_id));
  return response;
}

}  // namespace ccrm::blobs
