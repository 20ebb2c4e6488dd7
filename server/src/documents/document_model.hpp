// A document of a lead: its stored shape, the categories and statuses, and the checks on what
// a client may send. The file itself lives in the blob store's `documents` bucket under a key
// made of ids (DocumentKey), never of its name.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"
#include "common/problem.hpp"

namespace ccrm::documents {

inline constexpr const char* kDocumentsTable = "documents";
inline constexpr const char* kByLeadIndex = "byLead";  // leadId, createdAt
inline constexpr const char* kDocumentsBucket = "documents";
inline constexpr size_t kMaxFileNameChars = 1000;

// lor, policy, declarations_page, photo, estimate, proof_of_loss, correspondence, invoice,
// check, contract, other.
const std::vector<std::string>& Categories();
bool IsCategory(std::string_view category);

// The content types a document may turn out to be (sniffed from its bytes): PDF, JPEG, PNG,
// HEIC/HEIF, TIFF, Word, Excel, plain text, e-mail (EML).
bool IsAllowedContentType(std::string_view mime);
// What a file of that type may be shown inline in the browser (images the browser renders, PDF).
bool IsPreviewable(std::string_view mime);

// leads/<lead id>/<document id>
std::string DocumentKey(const std::string& lead_id, const std::string& document_id);
// The document id a key names, or nullopt.
std::optional<std::string> DocumentIdOfKey(std::string_view key);

// The body of POST /leads/{id}/documents, checked: fileName (1..1000 characters, anything
// else allowed: a name is data), contentType (type/subtype as the client claims it),
// sizeBytes (1..max_bytes), category. Throws ProblemException 400 naming each field at fault.
struct NewDocument {
  std::string file_name;
  std::string declared_type;
  int64_t size_bytes = 0;
  std::string category;
};
NewDocument ParseNewDocument(const Json& body, int64_t max_bytes);

// PATCH /documents/{id}: category and/or fileName; 400 naming what is wrong.
Json ParseDocumentPatch(const Json& body);

// The public form of a stored document (what the API answers).
Json PublicDocument(const Json& item);

// Content-Disposition for a download of `file_name` (RFC 6266, with RFC 5987's filename* for
// any character and an ASCII fallback with everything doubtful replaced by '_').
std::string ContentDisposition(std::string_view file_name, bool inline_view);

}  // namespace ccrm::documents
