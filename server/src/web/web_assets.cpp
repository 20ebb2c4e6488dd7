#include "web/web_assets.hpp"

#include <array>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

#include "crypto/digest.hpp"

namespace ccrm::web {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kTypes = {{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".webp", "image/webp"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},
}};

bool IsVariant(std::string_view path, std::string_view suffix) {
  return path.size() > suffix.size() && path.ends_with(suffix);
}

}  // namespace

std::string_view ContentTypeOf(std::string_view path) {
  for (const auto& [extension, type] : kTypes) {
    if (path.ends_with(extension)) return type;
  }
  return "application/octet-stream";
}

std::shared_ptr<const WebAssets> WebAssets::FromFiles(std::span<const EmbeddedFile> files) {
  auto assets = std::make_shared<WebAssets>();
  assets->Index(files);
  return assets;
}

std::shared_ptr<const WebAssets> WebAssets::Embedded() { return FromFiles(EmbeddedWebFiles()); }

std::shared_ptr<const WebAssets> WebAssets::LoadDirectory(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  if (!fs::is_regular_file(dir / "index.html")) {
    throw std::runtime_error("web directory " + dir.string() + " has no index.html");
  }
  auto assets = std::make_shared<WebAssets>();
  std::vector<EmbeddedFile> files;
  std::vector<std::string> paths;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in && !in.eof()) throw std::runtime_error("cannot read " + entry.path().string());
    assets->owned_.push_back(bytes.str());
    paths.push_back("/" + fs::relative(entry.path(), dir).generic_string());
  }
  // Views are taken once every path is in place: `paths` does not grow any more.
  for (size_t i = 0; i < paths.size(); ++i) files.push_back({paths[i], assets->owned_[i]});
  assets->Index(files);
  return assets;
}

void WebAssets::Index(std::span<const EmbeddedFile> files) {
  for (const EmbeddedFile& file : files) {
    if (IsVariant(file.path, ".gz") || IsVariant(file.path, ".br")) continue;
    Asset asset{.content_type = ContentTypeOf(file.path), .identity = file.bytes};
    asset.etag = "\"" + crypto::Sha256Hex(file.bytes).substr(0, 32) + "\"";
    assets_.emplace(std::string(file.path), std::move(asset));
  }
  for (const EmbeddedFile& file : files) {
    const bool gzip = IsVariant(file.path, ".gz");
    if (!gzip && !IsVariant(file.path, ".br")) continue;
    const auto it = assets_.find(file.path.substr(0, file.path.size() - 3));
    if (it == assets_.end()) continue;
    (gzip ? it->second.gzip : it->second.brotli) = file.bytes;
  }
  const auto index = assets_.find("/index.html");
  index_ = index == assets_.end() ? nullptr : &index->second;
}

const WebAssets::Asset* WebAssets::Find(std::string_view path) const {
  const auto it = assets_.find(path);
  return it == assets_.end() ? nullptr : &it->second;
}

std::string WebAssets::IndexWithNonce(std::string_view nonce) const {
  if (!index_) return {};
  const std::string_view page = index_->identity;
  std::string out;
  out.reserve(page.size() + 64);
  size_t from = 0;
  for (size_t at; (at = page.find(kNoncePlaceholder, from)) != std::string_view::npos;) {
    out.append(page.substr(from, at - from)).append(nonce);
    from = at + kNoncePlaceholder.size();
  }
  out.append(page.substr(from));
  return out;
}

}  // namespace ccrm::web
