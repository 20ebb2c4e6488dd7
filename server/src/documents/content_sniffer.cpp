#include "documents/content_sniffer.hpp"

#include <magic.h>

#include <memory>
#include <stdexcept>

namespace ccrm::documents {
namespace {

struct MagicClose {
  void operator()(magic_t m) const { magic_close(m); }
};
using Magic = std::unique_ptr<std::remove_pointer_t<magic_t>, MagicClose>;

Magic OpenMagic() {
  // MAGIC_NO_CHECK_COMPRESS and _TAR: report the container as it is (a gzip is a gzip), never
  // decompress what a client sent; the rest are the checks that look at bytes only.
  Magic m(magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR |
                     MAGIC_NO_CHECK_ELF | MAGIC_ERROR));
  if (!m) throw std::runtime_error("libmagic: cannot open");
  if (magic_load(m.get(), nullptr) != 0) {
    throw std::runtime_error(std::string("libmagic: cannot load its database: ") +
                             magic_error(m.get()));
  }
  return m;
}

}  // namespace

std::string SniffContentType(std::string_view head) {
  thread_local Magic magic = OpenMagic();
  const char* type = magic_buffer(magic.get(), head.data(), head.size());
  if (type == nullptr) return "application/octet-stream";
  return type;
}

}  // namespace ccrm::documents
