#include "app/web_module.hpp"

#include "web/web_routes.hpp"

namespace ccrm::app {

void WebModule::AddRoutes(gateway::Router& router) {
  const std::string& dir = context_.config->server.web_dir;
  web::AddWebRoutes(router, dir.empty() ? web::WebAssets::Embedded()
                                        : web::WebAssets::LoadDirectory(dir));
}

}  // namespace ccrm::app
