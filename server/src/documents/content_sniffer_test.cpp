#include "documents/content_sniffer.hpp"

#include <gtest/gtest.h>

#include "documents/document_model.hpp"

namespace ccrm::documents {
namespace {

TEST(ContentSnifferTest, TellsFilesByTheirBytesNotTheirNames) {
  EXPECT_EQ(SniffContentType("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
            "application/pdf");
  EXPECT_EQ(SniffContentType(std::string("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01", 16) +
                             std::string(64, '\0')),
            "image/jpeg");
  EXPECT_EQ(SniffContentType(std::string("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01"
                                         "\x00\x00\x00\x01\x08\x02\x00\x00\x00", 29)),
            "image/png");
  EXPECT_EQ(SniffContentType("Dear adjuster,\nplease find the estimate attached.\n"), "text/plain");
  // A Windows executable, whatever it is called.
  std::string exe = "MZ";
  exe.resize(128, '\0');
  exe[0x3c] = '\x40';
  exe += "PE";
  exe.resize(512, '\0');
  const std::string type = SniffContentType(exe);
  EXPECT_FALSE(IsAllowedContentType(type)) << type;
  EXPECT_EQ(SniffContentType(std::string(100, '\0')), "application/octet-stream");
}

TEST(DocumentModelTest, ContentDispositionKeepsAnyNameSafe) {
  EXPECT_EQ(ContentDisposition("policy.pdf", false),
            "attachment; filename=\"policy.pdf\"; filename*=UTF-8''policy.pdf");
  EXPECT_EQ(ContentDisposition("Déclaration \"final\".pdf", true),
            "inline; filename=\"D_claration _final_.pdf\"; "
            "filename*=UTF-8''D%C3%A9claration%20%22final%22.pdf");
  const std::string hostile = std::string("../../etc/passwd\r\nSet-Cookie: x=1\0.pdf", 38);
  const std::string header = ContentDisposition(hostile, false);
  EXPECT_EQ(header.find('\r'), std::string::npos);
  EXPECT_EQ(header.find('\n'), std::string::npos);
  EXPECT_EQ(header.find('\0'), std::string::npos);
  EXPECT_EQ(header.find("../"), std::string::npos);
  EXPECT_NE(ContentDisposition("...", false).find("filename=\"document\""), std::string::npos);
}

TEST(DocumentModelTest, KeysAreMadeOfIdsOnly) {
  EXPECT_EQ(DocumentKey("lead_1", "doc_2"), "leads/lead_1/doc_2");
  EXPECT_FALSE(DocumentIdOfKey("leads/lead_1/../x"));
  EXPECT_FALSE(DocumentIdOfKey("other/doc_01JD7Q8Z3M4N5P6R7S8T9V0W1X"));
}

}  // namespace
}  // namespace ccrm::documents
