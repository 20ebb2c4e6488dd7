// The operations module: /healthz, /readyz, /metrics and /openapi.json.
#pragma once

#include "app/module.hpp"

namespace ccrm::app {

class OpsModule final : public Module {
 public:
  explicit OpsModule(const ModuleContext& context) : context_(context) {}
  std::string_view name() const override { return "ops"; }
  void Open() override {}
  void AddRoutes(gateway::Router& router) override;

 private:
  ModuleContext context_;
};

}  // namespace ccrm::app
