#include "app/cli_apikey.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "app/application.hpp"
#include "auth/api_key_service.hpp"
#include "common/problem.hpp"

namespace ccrm::app {
namespace {

struct ApiKeyOptions : DataDirOptions {
  std::string name;
  std::vector<std::string> scopes;
  std::string id;
};

// The CLI acts as "system" in the audit trail: whoever runs it has the data dir already.
const auth::ApiKeyActor kCliActor{.actor = "system", .request_id = "cli", .ip = ""};

int Create(Application& app, const ApiKeyOptions& options) {
  try {
    const auth::CreatedApiKey created =
        app.auth().api_keys()->Create(options.name, options.scopes, kCliActor);
    std::cout << "created API key " << created.key.id << " (" << created.key.name << ")\n"
              << "secret (shown once; store it now, it cannot be shown again):\n"
              << created.secret << "\n";
    return 0;
  } catch (const ProblemException& e) {
    std::cerr << "ccrm: cannot create the key:";
    for (const auto& error : e.problem().errors) {
      std::cerr << " " << error.field << " " << error.message << ";";
    }
    std::cerr << "\n";
    return 2;
  }
}

int List(Application& app) {
  std::string cursor;
  size_t count = 0;
  do {
    const auth::ApiKeyPage page = app.auth().api_keys()->List(200, cursor);
    for (const auth::ApiKey& key : page.items) {
      std::string scopes;
      for (const auto& s : key.scopes) scopes += (scopes.empty() ? "" : ",") + s;
      std::cout << key.id << "\t" << key.name << "\t" << scopes << "\tcreated " << key.created_at
                << "\tlast used " << key.last_used_at.value_or("never")
                << (key.revoked_at ? "\trevoked " + *key.revoked_at : std::string()) << "\n";
      ++count;
    }
    cursor = page.next_cursor.value_or("");
  } while (!cursor.empty());
  if (count == 0) std::cout << "no API keys\n";
  return 0;
}

int Revoke(Application& app, const ApiKeyOptions& options) {
  if (!app.auth().api_keys()->Revoke(options.id, kCliActor)) {
    std::cerr << "ccrm: no API key " << options.id << "\n";
    return 1;
  }
  std::cout << "revoked API key " << options.id << "\n";
  return 0;
}

}  // namespace

void AddApiKeyCommands(CLI::App& cli, int& exit_code, ConfigLoader load) {
  auto* apikey = cli.add_subcommand("apikey", "Manage API keys for machine clients");
  apikey->require_subcommand(1);
  // Shared by the callbacks, which CLI11 keeps for as long as `cli` lives.
  auto options = std::make_shared<ApiKeyOptions>();
  auto shared_load = std::make_shared<ConfigLoader>(std::move(load));
  const auto common = [&](CLI::App* command) {
    AddDataDirOptions(command, *options);
  };
  const auto run = [options, shared_load, &exit_code](auto action) {
    return [options, shared_load, &exit_code, action] {
      Application app((*shared_load)(options->config_file, options->data_dir));
      app.Open();
      exit_code = action(app, *options);
    };
  };

  std::string scope_help = "Scope (repeatable): one of";
  for (const auto& scope : auth::KnownApiKeyScopes()) scope_help += " " + scope;
  auto* create = apikey->add_subcommand("create", "Create a key and print its secret once");
  common(create);
  create->add_option("-n,--name", options->name, "What the key is for")->required();
  create->add_option("-s,--scope", options->scopes, scope_help)->required();
  create->callback(run([](Application& app, const ApiKeyOptions& o) { return Create(app, o); }));

  auto* list = apikey->add_subcommand("list", "List the keys (never their secrets)");
  common(list);
  list->callback(run([](Application& app, const ApiKeyOptions&) { return List(app); }));

  auto* revoke = apikey->add_subcommand("revoke", "Revoke a key: it stops working at once");
  common(revoke);
  revoke->add_option("id", options->id, "The key's id (key_…)")->required();
  revoke->callback(run([](Application& app, const ApiKeyOptions& o) { return Revoke(app, o); }));
}

}  // namespace ccrm::app
