#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdlib.h>

#include <boost/asio/ssl.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "gateway/server.hpp"
#include "gateway/test_client.hpp"

namespace ccrm::gateway {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using testing::Reply;
using testing::RunningServer;

// A throwaway self-signed certificate and key in a fresh directory, removed at the end.
class SelfSignedCert {
 public:
  SelfSignedCert() {
    char pattern[] = "/tmp/ccrm-tls-XXXXXX";
    if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    cert_ = dir_ + "/cert.pem";
    key_ = dir_ + "/key.pem";

    EVP_PKEY* key = EVP_RSA_gen(2048);
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509_sign(cert, key, EVP_sha256());
    FILE* f = std::fopen(cert_.c_str(), "w");
    PEM_write_X509(f, cert);
    std::fclose(f);
    f = std::fopen(key_.c_str(), "w");
    PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    X509_free(cert);
    EVP_PKEY_free(key);
  }
  ~SelfSignedCert() { std::filesystem::remove_all(dir_); }
  const std::string& cert() const { return cert_; }
  const std::string& key() const { return key_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_, cert_, key_;
};

class ServerTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto router = std::make_shared<Router>();
    router->Add("GET", "/hello", [](Request& r) {
      return Response::WithText(200, r.secure ? "secure hello" : "plain hello");
    }, {.access = Access::Public()});
    router->Add("GET", "/stream", [](Request&) {
      auto next = std::make_shared<int>(0);
      return Response::Streaming(200, "text/csv", [next](std::string& out) {
        out.append(10000, static_cast<char>('a' + (*next)++ % 26));
        return *next < 200;
      });
    }, {.access = Access::Public()});
    dispatcher_ = std::make_shared<Dispatcher>(router, DispatcherOptions{}, nullptr, nullptr);
    options_.port = 0;
    options_.io_threads = 1;
    options_.worker_threads = 1;
    options_.tls_cert_file = cert_.cert();
    options_.tls_key_file = cert_.key();
  }

  // One HTTPS exchange; `max_version` limits the client, to show old versions are refused.
  std::optional<Reply> Fetch(uint16_t port, int max_version = 0,
                             const std::string& target = "/hello") {
    asio::io_context io;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_verify_mode(ssl::verify_none);
    if (max_version) {
      SSL_CTX_set_min_proto_version(ctx.native_handle(), 0);
      SSL_CTX_set_max_proto_version(ctx.native_handle(), max_version);
      SSL_CTX_set_security_level(ctx.native_handle(), 0);
    }
    ssl::stream<asio::ip::tcp::socket> stream(io, ctx);
    stream.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
    boost::system::error_code ec;
    stream.handshake(ssl::stream_base::client, ec);
    if (ec) return std::nullopt;
    const std::string request =
        "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    asio::write(stream, asio::buffer(request), ec);
    if (ec) return std::nullopt;
    std::string buffer;
    for (;;) {
      char chunk[4096];
      const size_t n = stream.read_some(asio::buffer(chunk), ec);
      buffer.append(chunk, n);
      if (auto reply = testing::TakeReply(buffer, false)) return reply;
      if (ec) return std::nullopt;
    }
  }

  SelfSignedCert cert_;
  ServerOptions options_;
  std::shared_ptr<Dispatcher> dispatcher_;
};

TEST_F(ServerTlsTest, ServesHttpsWithHsts) {
  RunningServer server(options_, dispatcher_);
  EXPECT_TRUE(server.server().tls());
  auto reply = Fetch(server.port());
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "secure hello");
  EXPECT_EQ(reply->Header("Strict-Transport-Security"), "max-age=31536000; includeSubDomains");
}

TEST_F(ServerTlsTest, StreamsChunkedOverTls) {
  RunningServer server(options_, dispatcher_);
  auto reply = Fetch(server.port(), 0, "/stream");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->Header("Transfer-Encoding"), "chunked");
  EXPECT_EQ(reply->chunks, 200u);
  ASSERT_EQ(reply->body.size(), 2000000u);
  EXPECT_EQ(reply->body.substr(10000 * 27, 3), "bbb");
}

TEST_F(ServerTlsTest, RefusesTls11) {
  RunningServer server(options_, dispatcher_);
  EXPECT_FALSE(Fetch(server.port(), TLS1_1_VERSION));
  EXPECT_TRUE(Fetch(server.port()));  // and still serves modern clients
}

TEST_F(ServerTlsTest, BadFilesAreNamedInTheError) {
  options_.tls_cert_file = cert_.dir() + "/missing.pem";
  Server missing(options_, dispatcher_);
  try {
    missing.Start();
    FAIL() << "started without a certificate";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("missing.pem"), std::string::npos) << e.what();
  }
  options_.tls_cert_file = cert_.key();  // a key where the certificate should be
  Server wrong(options_, dispatcher_);
  EXPECT_THROW(wrong.Start(), std::runtime_error);
}

}  // namespace
}  // namespace ccrm::gateway
