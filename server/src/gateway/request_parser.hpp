// Internal to the listener: Beast's HTTP/1 request parser, writing straight into a Request.
#pragma once

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include <strings.h>

#include <cstdint>
#include <string>
#include <string_view>

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
  // Why a head that Beast would take is refused (RFC 9112 framing rules Beast leaves to the
  // server), or null. The parse then fails with bad_transfer_encoding or bad_value.
  const char* framing_fault() const { return framing_fault_; }
  // From now on the body goes to `sink` (appended) instead of the Request: a streamed body,
  // which the listener hands on piece by piece.
  void StreamBodyTo(std::string* sink) { sink_ = sink; }

 private:
  void on_request_impl(boost::beast::http::verb, string_view method, string_view target,
                       int version, error_code&) override {
    out_.method.assign(method.data(), method.size());
    out_.target.assign(target.data(), target.size());
    version_ = static_cast<unsigned>(version);
  }
  void on_response_impl(int, string_view, int, error_code&) override {}
  void on_field_impl(boost::beast::http::field code, string_view name, string_view value,
                     error_code&) override {
    using boost::beast::http::field;
    // Fields after a chunked body (a trailer) are dropped, not merged into the head: RFC 9110
    // §6.5.1 forbids merging unknown trailer fields, and merged they would slip a second Host,
    // an Authorization or an X-Forwarded-For past the checks of the head (found by fuzzing).
    if (is_header_done()) return;
    if (code == field::host) ++hosts_;
    if (code == field::transfer_encoding) {
      // Several Transfer-Encoding lines are one list (RFC 9110 §5.3).
      ++transfer_encodings_;
      if (!coding_list_.empty()) coding_list_.push_back(',');
      coding_list_.append(value.data(), value.size());
    }
    if (code == field::content_length) has_content_length_ = true;
    out_.headers.Add(std::string(name.data(), name.size()), std::string(value.data(), value.size()));
  }
  // Beast frames a body only when the last coding is chunked and reads anything else as no
  // body at all, so the bytes of `Transfer-Encoding: gzip` would become the next request
  // (smuggling). A coding we cannot undo, chunked applied twice or beside another coding, a
  // length beside a coding, a coding in HTTP/1.0 (RFC 9112 §6.1, §6.3), and a missing or
  // repeated Host (§3.2) are all refused: 400 and the connection closes.
  void on_header_impl(error_code& ec) override {
    using boost::beast::http::error;
    if (transfer_encodings_ > 0) {
      if (version_ < 11) {
        return Refuse(ec, error::bad_transfer_encoding,
                      "Transfer-Encoding is not allowed in an HTTP/1.0 request.");
      }
      if (!IsExactlyChunked(coding_list_)) {
        return Refuse(ec, error::bad_transfer_encoding,
                      "The only Transfer-Encoding accepted is a single chunked.");
      }
      if (has_content_length_) {
        return Refuse(ec, error::bad_transfer_encoding,
                      "A request may not carry both Transfer-Encoding and Content-Length.");
      }
    }
    if (hosts_ > 1) return Refuse(ec, error::bad_value, "The request has more than one Host.");
    if (hosts_ == 0 && version_ >= 11) {
      return Refuse(ec, error::bad_value, "An HTTP/1.1 request must carry a Host header.");
    }
  }
  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code& ec) override {
    // The parser has already refused a length over body_limit.
    if (length && !sink_) {
      if (*length > out_.body.max_size()) {
        ec = boost::beast::http::error::buffer_overflow;
        return;
      }
      out_.body.reserve(static_cast<size_t>(*length));
    }
  }
  size_t on_body_impl(string_view body, error_code&) override {
    (sink_ ? *sink_ : out_.body).append(body.data(), body.size());
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override {
    (sink_ ? *sink_ : out_.body).append(body.data(), body.size());
    return body.size();
  }
  void on_finish_impl(error_code&) override {}

  void Refuse(error_code& ec, boost::beast::http::error code, const char* why) {
    framing_fault_ = why;
    ec = code;
  }

  // "chunked" alone, whatever the case, with optional whitespace around it.
  static bool IsExactlyChunked(std::string_view list) {
    while (!list.empty() && (list.front() == ' ' || list.front() == '\t')) list.remove_prefix(1);
    while (!list.empty() && (list.back() == ' ' || list.back() == '\t')) list.remove_suffix(1);
    return list.size() == 7 && strncasecmp(list.data(), "chunked", 7) == 0;
  }

  Request& out_;
  std::string* sink_ = nullptr;
  unsigned version_ = 11;
  int hosts_ = 0;
  int transfer_encodings_ = 0;
  bool has_content_length_ = false;
  std::string coding_list_;
  const char* framing_fault_ = nullptr;
};

}  // namespace ccrm::gateway
