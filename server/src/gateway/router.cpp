#include "gateway/router.hpp"

#include <stdexcept>

namespace ccrm::gateway {

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> param;  // a {name} segment
  std::string param_name;
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

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

void Router::Add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  if (pattern.empty() || pattern[0] != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  }
  Node* node = root_.get();
  for (auto segment : SplitPath(pattern)) {
    if (IsParam(segment)) {
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
      Route{std::move(method), std::move(pattern), std::move(handler), options});
  node->methods[route->method] = route.get();
  routes_.push_back(std::move(route));
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch match;
  if (path.empty() || path[0] != '/') return match;
  const auto segments = SplitPath(path);

  // Depth-first: literals before the parameter, backtracking when a branch dead-ends, so
  // "/leads/lookup" beats "/leads/{id}" and "/leads/x/notes" still reaches "{id}/notes".
  std::vector<std::pair<std::string_view, std::string_view>> bound;
  std::function<const Node*(const Node*, size_t)> walk = [&](const Node* node,
                                                             size_t i) -> const Node* {
    if (i == segments.size()) return node->methods.empty() ? nullptr : node;
    const auto segment = segments[i];
    if (auto it = node->literals.find(segment); it != node->literals.end()) {
      if (const Node* found = walk(it->second.get(), i + 1)) return found;
    }
    if (node->param && !segment.empty()) {
      bound.emplace_back(node->param_name, segment);
      if (const Node* found = walk(node->param.get(), i + 1)) return found;
      bound.pop_back();
    }
    return nullptr;
  };

  const Node* node = walk(root_.get(), 0);
  if (!node) return match;
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

}  // namespace ccrm::gateway
