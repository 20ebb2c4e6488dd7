// The web app's files as the server answers them: by URL path, each with its precompressed
// variants and a strong validator, all in memory, so no request ever reaches the file system.
#pragma once

#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "web/embedded_files.hpp"

namespace ccrm::web {

class WebAssets {
 public:
  struct Asset {
    std::string_view content_type;
    std::string_view identity;
    std::string_view gzip;    // empty when the build made none
    std::string_view brotli;  // empty when the build made none
    std::string etag;         // of the identity bytes, quoted; variants add "-gz" / "-br"
  };

  // The marker index.html carries where the per-response CSP nonce goes.
  static constexpr std::string_view kNoncePlaceholder = "__CCRM_CSP_NONCE__";

  // Files named by URL path; "<path>.gz" and "<path>.br" become variants of "<path>". The
  // bytes must outlive the set (the binary's data).
  static std::shared_ptr<const WebAssets> FromFiles(std::span<const EmbeddedFile> files);
  // The bundle compiled into this binary (empty in a build without it).
  static std::shared_ptr<const WebAssets> Embedded();
  // Every regular file under `dir`, read now (for development with --web-dir). Throws
  // std::runtime_error when `dir` has no index.html.
  static std::shared_ptr<const WebAssets> LoadDirectory(const std::filesystem::path& dir);

  const Asset* Find(std::string_view path) const;
  bool HasIndex() const { return index_ != nullptr; }
  // index.html with `nonce` in place of every placeholder.
  std::string IndexWithNonce(std::string_view nonce) const;
  size_t size() const { return assets_.size(); }

 private:
  void Index(std::span<const EmbeddedFile> files);

  std::map<std::string, Asset, std::less<>> assets_;
  const Asset* index_ = nullptr;
  std::deque<std::string> owned_;  // LoadDirectory's bytes; a deque never moves its elements
};

// Content-Type for a file name by its extension; application/octet-stream when unknown.
std::string_view ContentTypeOf(std::string_view path);

}  // namespace ccrm::web
