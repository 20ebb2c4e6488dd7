#include "storage/reseal.hpp"

#include <fmt/format.h>

#include "common/base64.hpp"

namespace ccrm::storage {

bool ResealField(Json& item, std::string_view field, std::string_view aad,
                 const crypto::MasterKey& from, const crypto::MasterKey& to, std::string_view what) {
  const Json::json_pointer pointer{std::string(field)};
  if (!item.contains(pointer)) return false;
  Json& value = item[pointer];
  if (!value.is_string() || value.get_ref<const std::string&>().empty()) return false;
  const std::optional<std::string> sealed = Base64UrlDecode(value.get_ref<const std::string&>());
  std::optional<std::string> resealed;
  if (sealed) resealed = to.Reseal(from, *sealed, aad);
  if (!resealed) {
    throw StorageError(fmt::format(
        "{} opens under neither the current master key nor the new one (altered, or sealed by "
        "another key); nothing after it was resealed",
        what));
  }
  if (*resealed == *sealed) return false;
  value = Base64UrlEncode(*resealed);
  return true;
}

void PutResealed(RecordStore& records, const std::string& table, Json item, std::string_view what) {
  Condition condition = Condition::Exists();
  if (const auto version = item.find("version");
      version != item.end() && version->is_number_integer()) {
    const int64_t read_at = version->get<int64_t>();
    condition = Condition::VersionEquals(read_at);
    item["version"] = read_at + 1;
  }
  if (records.Put(table, item, condition) != WriteStatus::kOk) {
    throw StorageError(fmt::format(
        "{} changed while it was resealed: stop every ccrm process on this data directory and "
        "run the rotation again",
        what));
  }
}

}  // namespace ccrm::storage
