// Serves the web app at "/": hashed assets cached for a year, index.html with a fresh CSP
// nonce and never cached, brotli or gzip as the client accepts, ETag/304, and index.html for
// every other path outside the API's own (history-API routing in the browser).
#pragma once

#include <memory>

#include "gateway/http_types.hpp"
#include "gateway/router.hpp"
#include "web/web_assets.hpp"

namespace ccrm::web {

// Installs the router's fallback for GET and HEAD. Paths under /api/, /.well-known/ and the
// operations endpoints keep their own 404 problem.
void AddWebRoutes(gateway::Router& router, std::shared_ptr<const WebAssets> assets);

// The reply to one GET or HEAD of a web path (for AddWebRoutes and tests).
gateway::Response ServeWeb(const WebAssets& assets, const gateway::Request& request);

// The Content-Security-Policy of the app's pages with `nonce` for the style elements that
// MUI (emotion) inserts; scripts only from our origin, no inline script at all.
std::string AppContentSecurityPolicy(std::string_view nonce);

}  // namespace ccrm::web
