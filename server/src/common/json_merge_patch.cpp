#include "common/json_merge_patch.hpp"

#include <utility>

namespace ccrm {

Json ApplyMergePatch(const Json& target, const Json& patch) {
  if (!patch.is_object()) return patch;
  Json result = target;
  MergePatchInPlace(result, patch);
  return result;
}

void MergePatchInPlace(Json& target, const Json& patch) {
  if (!patch.is_object()) {
    target = patch;
    return;
  }
  if (!target.is_object()) target = Json::object();
  for (const auto& [name, value] : patch.items()) {
    if (value.is_null()) {
      target.erase(name);
      continue;
    }
    // operator[] on a missing member inserts null, which the recursion turns into {} for an
    // object value or replaces for anything else: a null from the patch never survives.
    MergePatchInPlace(target[name], value);
  }
}

void RemoveNulls(Json& document) {
  if (document.is_object()) {
    for (auto it = document.begin(); it != document.end();) {
      if (it->is_null()) {
        it = document.erase(it);
      } else {
        RemoveNulls(*it);
        ++it;
      }
    }
  } else if (document.is_array()) {
    for (Json& element : document) RemoveNulls(element);
  }
}

}  // namespace ccrm
