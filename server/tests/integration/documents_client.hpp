// Documents over HTTP for integration tests: create a document, upload its bytes to the
// presigned URL, wait for the trigger's verdict, fetch a presigned URL.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "harness.hpp"
#include "identity_client.hpp"

namespace ccrm::testing {

// A small but real PDF: what libmagic calls application/pdf.
std::string PdfBytes(const std::string& text);
// A Windows executable's first bytes (MZ, PE): what no allow-list admits.
std::string ExecutableBytes();

// The path and query of an absolute URL, and its host (for the Host header it was signed for).
std::pair<std::string, std::string> TargetOf(const std::string& url);

struct Created {
  std::string id;
  Json upload;
};
// POST /leads/{id}/documents, expecting 201.
Created CreateDocument(uint16_t port, const std::string& token, const std::string& lead_id,
                       const std::string& name, const std::string& type, size_t size,
                       const std::string& category);
// PUT of `bytes` to the presigned upload URL.
HttpResponse Upload(uint16_t port, const Json& upload, const std::string& bytes,
                    const std::string& type);
// The document once its status is no longer `not_status` (10 s at most).
Json WaitForStatus(uint16_t port, const std::string& token, const std::string& id,
                   const std::string& not_status = "pending");
// GET of a presigned URL on this server.
HttpResponse Fetch(uint16_t port, const std::string& url, const HeaderList& extra = {});

}  // namespace ccrm::testing
