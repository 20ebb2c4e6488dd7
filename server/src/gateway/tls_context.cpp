#include "gateway/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace ccrm::gateway {
namespace {

namespace ssl = boost::asio::ssl;

// Forward secrecy and AEAD only for TLS 1.2 (Mozilla's "intermediate"); TLS 1.3 suites are
// OpenSSL's defaults, all of which qualify.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

std::string OpenSslError() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown error";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

void RequireReadable(const std::string& setting, const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw std::runtime_error(setting + ": cannot read " + path + ": " + std::strerror(errno));
  }
}

}  // namespace

std::unique_ptr<ssl::context> MakeTlsContext(const std::string& cert_file,
                                             const std::string& key_file) {
  if (cert_file.empty() || key_file.empty()) {
    throw std::runtime_error("tls.cert and tls.key must be set together");
  }
  RequireReadable("tls.cert", cert_file);
  RequireReadable("tls.key", key_file);

  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = context->native_handle();
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                       ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
    throw std::runtime_error("TLS: cannot configure protocol versions: " + OpenSslError());
  }
  // Renegotiation is an old amplification vector; TLS 1.3 has none anyway.
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);

  if (SSL_CTX_use_certificate_chain_file(native, cert_file.c_str()) != 1) {
    throw std::runtime_error("tls.cert: " + cert_file +
                             " is not a PEM certificate chain: " + OpenSslError());
  }
  if (SSL_CTX_use_PrivateKey_file(native, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    throw std::runtime_error("tls.key: " + key_file + " is not a PEM private key: " +
                             OpenSslError());
  }
  if (SSL_CTX_check_private_key(native) != 1) {
    throw std::runtime_error("tls.key: " + key_file + " does not belong to the certificate in " +
                             cert_file);
  }
  return context;
}

}  // namespace ccrm::gateway
