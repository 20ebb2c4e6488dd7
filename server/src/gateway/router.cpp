#include "gateway/router.hpp"

#include <algorithm>
#include <stdexcept>

namespace ccrm::gateway {

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> param;  // a {name} segment
  std::string param_name;
  std::unique_ptr<Node> rest;  // a final {name+} segment: the rest of the path, slashes and all
  std::string rest_name;
  std::map<std::string, const Route*, std::less<>> methods;
};

namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 1;  // paths begin with '/'
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    const size_t end = slash == std::string_view::npos ? path.size() : slash;
    segments.push_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

bool IsParam(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool IsGreedy(std::string_view segment) {
  return IsParam(segment) && segment.size() > 3 && segment[segment.size() - 2] == '+';
}

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

void Router::Add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  if (pattern.empty() || pattern[0] != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  }
  Node* node = root_.get();
  const std::vector<std::string_view> segments = SplitPath(pattern);
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string_view segment = segments[i];
    if (IsGreedy(segment)) {
      if (i + 1 != segments.size()) {
        throw std::invalid_argument("a {name+} segment must come last: " + pattern);
      }
      const std::string name(segment.substr(1, segment.size() - 3));
      if (!node->rest) {
        node->rest = std::make_unique<Node>();
        node->rest_name = name;
      } else if (node->rest_name != name) {
        throw std::invalid_argument("conflicting parameter names at the same place: " + pattern);
      }
      node = node->rest.get();
    } else if (IsParam(segment)) {
      const std::string name(segment.substr(1, segment.size() - 2));
      if (!node->param) {
        node->param = std::make_unique<Node>();
        node->param_name = name;
      } else if (node->param_name != name) {
        throw std::invalid_argument("conflicting parameter names at the same place: " + pattern);
      }
      node = node->param.get();
    } else {
      if (segment.find_first_of("{}") != std::string_view::npos) {
        throw std::invalid_argument("malformed route segment in " + pattern);
      }
      auto& child = node->literals[std::string(segment)];
      if (!child) child = std::make_unique<Node>();
      node = child.get();
    }
  }
  if (node->methods.contains(method)) {
    throw std::invalid_argument("duplicate route " + method + " " + pattern);
  }
  auto route = std::make_unique<Route>(
      Route{std::move(method), std::move(pattern), std::move(handler), options, routes_.size()});
  node->methods[route->method] = route.get();
  largest_body_limit_ = std::max(largest_body_limit_, route->options.max_body_bytes);
  routes_.push_back(std::move(route));
}

void Router::SetFallback(std::string pattern, Handler handler, RouteOptions options,
                         std::vector<std::string> reserved) {
  if (fallback_) throw std::invalid_argument("a fallback route is already set");
  auto route = std::make_unique<Route>(
      Route{"GET", std::move(pattern), std::move(handler), std::move(options), routes_.size()});
  fallback_ = route.get();
  fallback_reserved_ = std::move(reserved);
  routes_.push_back(std::move(route));
}

bool Router::FallbackServes(std::string_view method, std::string_view path) const {
  if (!fallback_ || (method != "GET" && method != "HEAD")) return false;
  return std::none_of(fallback_reserved_.begin(), fallback_reserved_.end(),
                      [&](const std::string& prefix) { return path.starts_with(prefix); });
}

// Depth-first: literals before the parameter before a greedy {name+}, backtracking when a
// branch dead-ends, so "/leads/lookup" beats "/leads/{id}" and "/leads/x/notes" still reaches
// "{id}/notes"; "/s3/b/a/b/c" reaches "/s3/{bucket}/{key+}" with key "a/b/c".
// Segments are cut from the path as the walk goes: nothing is allocated unless a parameter
// is bound.
const Router::Node* Router::Walk(const Node* node, std::string_view path, size_t start,
                                 Bindings& bound) {
  if (start == std::string_view::npos) return node->methods.empty() ? nullptr : node;
  const size_t slash = path.find('/', start);
  const std::string_view segment =
      path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
  const size_t next = slash == std::string_view::npos ? std::string_view::npos : slash + 1;
  if (auto it = node->literals.find(segment); it != node->literals.end()) {
    if (const Node* found = Walk(it->second.get(), path, next, bound)) return found;
  }
  if (node->param && !segment.empty()) {
    bound.emplace_back(node->param_name, segment);
    if (const Node* found = Walk(node->param.get(), path, next, bound)) return found;
    bound.pop_back();
  }
  if (node->rest && start < path.size() && !node->rest->methods.empty()) {
    bound.emplace_back(node->rest_name, path.substr(start));
    return node->rest.get();
  }
  return nullptr;
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch match;
  if (path.empty() || path[0] != '/') return match;
  Bindings bound;
  const Node* node = Walk(root_.get(), path, 1, bound);
  if (!node) {
    if (FallbackServes(method, path)) {
      match.outcome = RouteMatch::Outcome::kFound;
      match.route = fallback_;
      match.pattern = &fallback_->pattern;
    }
    return match;
  }
  // Every route of a node has the same pattern: parameter names must agree (see Add).
  match.pattern = &node->methods.begin()->second->pattern;
  auto it = node->methods.find(method);
  if (it == node->methods.end() && method == "HEAD") it = node->methods.find("GET");
  if (it == node->methods.end()) {
    match.outcome = RouteMatch::Outcome::kMethodNotAllowed;
    for (const auto& [m, r] : node->methods) {
      if (!match.allow.empty()) match.allow += ", ";
      match.allow += m;
      if (m == "GET" && !node->methods.contains("HEAD")) match.allow += ", HEAD";
    }
    return match;
  }
  match.outcome = RouteMatch::Outcome::kFound;
  match.route = it->second;
  for (const auto& [name, value] : bound) match.params.emplace(name, value);
  return match;
}

size_t Router::BodyLimit(std::string_view method, std::string_view path) const {
  if (largest_body_limit_ == 0 || path.empty() || path[0] != '/') return 0;
  Bindings bound;
  const Node* node = Walk(root_.get(), path, 1, bound);
  if (!node) return 0;
  const auto it = node->methods.find(method);
  return it == node->methods.end() ? 0 : it->second->options.max_body_bytes;
}

}  // namespace ccrm::gateway
