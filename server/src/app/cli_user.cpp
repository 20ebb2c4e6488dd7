#include "app/cli_user.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "app/application.hpp"
#include "audit/audit_log.hpp"

namespace ccrm::app {
namespace {

using Common = DataDirOptions;

auth::CallContext CliContext() {
  auth::CallContext ctx;
  ctx.actor = "system";
  ctx.request_id = "cli";
  return ctx;
}

// Runs `fn` with an opened application; problems (validation, not found) print and exit 1.
template <typename Fn>
int WithApp(const ConfigLoader& load, const Common& common, Fn fn) {
  Application app(load(common.config_file, common.data_dir));
  app.Open();
  try {
    return fn(app);
  } catch (const ProblemException& e) {
    std::cerr << "ccrm: " << e.problem().detail;
    for (const auto& error : e.problem().errors)
      std::cerr << " " << error.field << " " << error.message << ";";
    std::cerr << "\n";
    return 1;
  }
}

auth::User FindUser(Application& app, const std::string& username) {
  auto user = app.auth().users()->FindByUsername(username);
  if (!user) throw ProblemException(Problem::NotFound("No user named " + username + "."));
  return *user;
}

}  // namespace

void AddUserCommands(CLI::App& cli, int& exit_code, ConfigLoader load) {
  auto* user = cli.add_subcommand("user", "Manage users");
  user->require_subcommand(1);

  static Common common;
  static auth::NewUser request;
  static bool password_stdin = false;
  auto* add = user->add_subcommand("add", "Create a user");
  AddDataDirOptions(add, common);
  add->add_option("--username", request.username)->required();
  add->add_option("--email", request.email)->required();
  add->add_option("--group", request.groups, "admin, manager or agent (repeatable)")->required();
  add->add_flag("--password-stdin", password_stdin, "Read the password from stdin");
  add->add_flag("--temporary", request.temporary, "The password must be changed at first sign-in");
  add->callback([&exit_code, load] {
    exit_code = WithApp(load, common, [](Application& app) {
      if (password_stdin) {
        std::string line;
        std::getline(std::cin, line);
        request.password = line;
      }
      const auto created = app.auth().users()->Create(request, CliContext());
      std::cout << "created " << created.user.username << " " << created.user.id << "\n";
      if (created.temporary_password) {
        std::cout << "temporary password: " << *created.temporary_password << "\n";
      }
      return 0;
    });
  });

  auto* list = user->add_subcommand("list", "List users");
  AddDataDirOptions(list, common);
  list->callback([&exit_code, load] {
    exit_code = WithApp(load, common, [](Application& app) {
      std::string cursor;
      do {
        const auto page = app.auth().users()->List(200, cursor);
        for (const auto& item : page.items) {
          const auto u = auth::UserFromItem(item);
          std::string groups;
          for (const auto& g : u.groups) groups += (groups.empty() ? "" : ",") + g;
          std::cout << u.id << "\t" << u.username << "\t" << u.email << "\t" << groups << "\t"
                    << (u.enabled ? "enabled" : "disabled") << "\n";
        }
        cursor = page.next_cursor.value_or("");
      } while (!cursor.empty());
      return 0;
    });
  });

  static std::string username;
  auto* reset = user->add_subcommand("reset-password", "Set a new temporary password");
  AddDataDirOptions(reset, common);
  reset->add_option("username", username)->required();
  reset->callback([&exit_code, load] {
    exit_code = WithApp(load, common, [](Application& app) {
      const auto u = FindUser(app, username);
      std::cout << "temporary password: "
                << app.auth().users()->ResetPassword(u.id, CliContext()) << "\n";
      return 0;
    });
  });

  auto* disable = user->add_subcommand("disable", "Disable a user and revoke their sessions");
  AddDataDirOptions(disable, common);
  disable->add_option("username", username)->required();
  disable->callback([&exit_code, load] {
    exit_code = WithApp(load, common, [](Application& app) {
      const auto u = FindUser(app, username);
      app.auth().users()->Patch(u.id, {.enabled = false}, std::nullopt, CliContext());
      std::cout << "disabled " << u.username << "\n";
      return 0;
    });
  });
}

}  // namespace ccrm::app
