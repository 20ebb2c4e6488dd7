// Internal to the listener: Beast's HTTP/1 request parser, writing straight into a Request.
#pragma once

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include <cstdint>
#include <string>

#include "gateway/http_types.hpp"

namespace ccrm::gateway {

// Beast's own parser<> fills a basic_fields container that would then be copied, field by
// field, into the Request; this one hands the method, target, fields and body over as they
// are parsed. Framing (Content-Length, chunked, keep-alive, limits) stays Beast's.
class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  explicit RequestParser(Request& out) : out_(out) {}

  unsigned version() const { return version_; }

 private:
  void on_request_impl(boost::beast::http::verb, string_view method, string_view target,
                       int version, error_code&) override {
    out_.method.assign(method.data(), method.size());
    out_.target.assign(target.data(), target.size());
    version_ = static_cast<unsigned>(version);
  }
  void on_response_impl(int, string_view, int, error_code&) override {}
  void on_field_impl(boost::beast::http::field, string_view name, string_view value,
                     error_code&) override {
    out_.headers.Add(std::string(name.data(), name.size()), std::string(value.data(), value.size()));
  }
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code& ec) override {
    // The parser has already refused a length over body_limit.
    if (length) {
      if (*length > out_.body.max_size()) {
        ec = boost::beast::http::error::buffer_overflow;
        return;
      }
      out_.body.reserve(static_cast<size_t>(*length));
    }
  }
  size_t on_body_impl(string_view body, error_code&) override {
    out_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override {
    out_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_finish_impl(error_code&) override {}

  Request& out_;
  unsigned version_ = 11;
};

}  // namespace ccrm::gateway
