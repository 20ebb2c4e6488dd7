// The web app's built files compiled into the binary (scripts/embed-web.py writes the table).
#pragma once

#include <span>
#include <string_view>

namespace ccrm::web {

struct EmbeddedFile {
  std::string_view path;   // URL path: "/index.html", "/assets/index-1a2b3c.js.br"
  std::string_view bytes;  // in the binary's read-only data
};

// Empty in a build without the web app (CCRM_WEB=OFF).
std::span<const EmbeddedFile> EmbeddedWebFiles();

}  // namespace ccrm::web
