// Who is calling, as the authorizer established it: what the gateway carries on a request and
// every module's access checks read. Empty for anonymous requests.
#pragma once

#include <string>
#include <vector>

namespace ccrm {

struct Principal {
  std::string id;                    // usr_… or key_…
  std::string name;                  // username or key name, for logs
  std::vector<std::string> groups;   // admin | manager | agent, or key scopes
  bool is_api_key = false;
  bool authenticated() const { return !id.empty(); }
};

}  // namespace ccrm
