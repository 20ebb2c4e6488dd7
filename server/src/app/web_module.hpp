// The web app's module: the SPA's files at "/" (embedded, or server.web_dir).
#pragma once

#include "app/module.hpp"

namespace ccrm::app {

class WebModule final : public Module {
 public:
  explicit WebModule(const ModuleContext& context) : context_(context) {}
  std::string_view name() const override { return "web"; }
  void Open() override {}
  void AddRoutes(gateway::Router& router) override;

 private:
  ModuleContext context_;
};

}  // namespace ccrm::app
