#include "documents_client.hpp"

#include "leads_client.hpp"

namespace ccrm::testing {

std::string PdfBytes(const std::string& text) {
  return "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n% " +
         text + "\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
}

std::string ExecutableBytes() {
  std::string exe = "MZ";
  exe.resize(0x3c, '\0');
  exe += std::string("\x40\x00\x00\x00", 4);
  exe.resize(0x40, '\0');
  exe += std::string("PE\0\0", 4);
  exe.resize(1024, '\x90');
  return exe;
}

std::pair<std::string, std::string> TargetOf(const std::string& url) {
  const size_t authority = url.find("://") + 3;
  const size_t path = url.find('/', authority);
  return {url.substr(path), url.substr(authority, path - authority)};
}

Created CreateDocument(uint16_t port, const std::string& token, const std::string& lead_id,
                       const std::string& name, const std::string& type, size_t size,
                       const std::string& category) {
  const HttpResponse r = CallApi(port, "POST", "/api/v1/leads/" + lead_id + "/documents", token,
                                 {{"fileName", name},
                                  {"contentType", type},
                                  {"sizeBytes", size},
                                  {"category", category}});
  EXPECT_EQ(r.status, 201) << r.body;
  const Json body = BodyOf(r);
  return {body["document"].value("id", ""), body["upload"]};
}

HttpResponse Upload(uint16_t port, const Json& upload, const std::string& bytes,
                    const std::string& type) {
  const auto [target, host] = TargetOf(upload.value("url", ""));
  return Request(port, "PUT", target, {{"Host", host}, {"Content-Type", type}}, bytes);
}

Json WaitForStatus(uint16_t port, const std::string& token, const std::string& id,
                   const std::string& not_status) {
  Json document;
  WaitFor(
      [&] {
        document = BodyOf(CallApi(port, "GET", "/api/v1/documents/" + id, token));
        return document.value("status", "") != not_status;
      },
      Seconds(10));
  return document;
}

HttpResponse Fetch(uint16_t port, const std::string& url, const HeaderList& extra) {
  const auto [target, host] = TargetOf(url);
  HeaderList headers = {{"Host", host}};
  headers.insert(headers.end(), extra.begin(), extra.end());
  return Request(port, "GET", target, headers);
}

}  // namespace ccrm::testing
