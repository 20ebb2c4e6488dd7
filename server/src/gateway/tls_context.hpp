// Internal to the listener: the TLS server context (TLS 1.2+, certificate chain and key).
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

namespace ccrm::gateway {

// Throws std::runtime_error naming the file and the reason when a PEM file cannot be read or
// the key does not belong to the certificate.
std::unique_ptr<boost::asio::ssl::context> MakeTlsContext(const std::string& cert_file,
                                                          const std::string& key_file);

}  // namespace ccrm::gateway
