#include "crypto/aead.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <stdexcept>

#include "crypto/crypto_error.hpp"
#include "crypto/random.hpp"

namespace ccrm::crypto {
namespace {

const EVP_CIPHER* Aes256Gcm() {
  static const EVP_CIPHER* cipher = [] {
    EVP_CIPHER* fetched = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
    if (fetched == nullptr) detail::ThrowOpenSslError("EVP_CIPHER_fetch(AES-256-GCM)");
    return fetched;
  }();
  return cipher;
}

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* Bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

void CheckKey(std::string_view key) {
  if (key.size() != kAeadKeySize) {
    throw std::invalid_argument("AES-256-GCM needs a 32-byte key");
  }
}

// EVP's update functions take int lengths: feed larger inputs in slices.
constexpr size_t kSlice = size_t{1} << 30;

bool FeedAad(EVP_CIPHER_CTX* ctx, std::string_view aad) {
  for (size_t done = 0; done < aad.size(); done += kSlice) {
    int ignored = 0;
    const auto n = static_cast<int>(std::min(kSlice, aad.size() - done));
    if (EVP_CipherUpdate(ctx, nullptr, &ignored, Bytes(aad) + done, n) != 1) return false;
  }
  return true;
}

bool FeedData(EVP_CIPHER_CTX* ctx, std::string_view in, unsigned char* out, size_t& written) {
  written = 0;
  for (size_t done = 0; done < in.size(); done += kSlice) {
    int n = 0;
    const auto len = static_cast<int>(std::min(kSlice, in.size() - done));
    if (EVP_CipherUpdate(ctx, out + written, &n, Bytes(in) + done, len) != 1) return false;
    written += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

std::string Seal(std::string_view key, std::string_view plaintext, std::string_view aad) {
  CheckKey(key);
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) detail::ThrowOpenSslError("EVP_CIPHER_CTX_new");
  std::string out = RandomBytes(kAeadNonceSize);
  out.resize(kAeadNonceSize + plaintext.size() + kAeadTagSize);
  const std::string_view nonce(out.data(), kAeadNonceSize);
  if (EVP_EncryptInit_ex2(ctx.get(), Aes256Gcm(), Bytes(key), Bytes(nonce), nullptr) != 1 ||
      !FeedAad(ctx.get(), aad)) {
    detail::ThrowOpenSslError("AES-256-GCM seal init");
  }
  size_t written = 0;
  if (!FeedData(ctx.get(), plaintext, Bytes(out) + kAeadNonceSize, written)) {
    detail::ThrowOpenSslError("AES-256-GCM seal");
  }
  int tail = 0;
  if (EVP_EncryptFinal_ex(ctx.get(), Bytes(out) + kAeadNonceSize + written, &tail) != 1 ||
      written + static_cast<size_t>(tail) != plaintext.size() ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kAeadTagSize),
                          Bytes(out) + kAeadNonceSize + plaintext.size()) != 1) {
    detail::ThrowOpenSslError("AES-256-GCM seal final");
  }
  return out;
}

std::optional<std::string> Open(std::string_view key, std::string_view sealed,
                                std::string_view aad) {
  CheckKey(key);
  if (sealed.size() < kAeadOverhead) return std::nullopt;
  const std::string_view nonce = sealed.substr(0, kAeadNonceSize);
  const std::string_view ciphertext = sealed.substr(kAeadNonceSize, sealed.size() - kAeadOverhead);
  std::string tag(sealed.substr(sealed.size() - kAeadTagSize));

  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx) detail::ThrowOpenSslError("EVP_CIPHER_CTX_new");
  if (EVP_DecryptInit_ex2(ctx.get(), Aes256Gcm(), Bytes(key), Bytes(nonce), nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kAeadTagSize),
                          tag.data()) != 1 ||
      !FeedAad(ctx.get(), aad)) {
    detail::ThrowOpenSslError("AES-256-GCM open init");
  }
  std::string plaintext(ciphertext.size(), '\0');
  size_t written = 0;
  int tail = 0;
  const bool ok = FeedData(ctx.get(), ciphertext, Bytes(plaintext), written) &&
                  EVP_DecryptFinal_ex(ctx.get(), Bytes(plaintext) + written, &tail) == 1;
  if (!ok) {
    // The bytes decrypted so far are unauthenticated: wipe them rather than let them linger.
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    return std::nullopt;
  }
  return plaintext;
}

struct AeadKey::Contexts {
  CipherCtx seal{EVP_CIPHER_CTX_new()};
  CipherCtx open{EVP_CIPHER_CTX_new()};
};

AeadKey::AeadKey(std::string_view key) : contexts_(new Contexts) {
  CheckKey(key);
  if (!contexts_->seal || !contexts_->open ||
      EVP_EncryptInit_ex2(contexts_->seal.get(), Aes256Gcm(), Bytes(key), nullptr, nullptr) != 1 ||
      EVP_DecryptInit_ex2(contexts_->open.get(), Aes256Gcm(), Bytes(key), nullptr, nullptr) != 1) {
    delete contexts_;
    detail::ThrowOpenSslError("AES-256-GCM key");
  }
}

// Freeing the contexts cleanses the key schedule they hold.
AeadKey::~AeadKey() { delete contexts_; }

void AeadKey::SealAppend(std::string_view plaintext, std::string_view aad, std::string& out) {
  EVP_CIPHER_CTX* ctx = contexts_->seal.get();
  const size_t start = out.size();
  out.resize(start + kAeadNonceSize + plaintext.size() + kAeadTagSize);
  unsigned char* nonce = Bytes(out) + start;
  RandomFill(nonce, kAeadNonceSize);
  size_t written = 0;
  int tail = 0;
  if (EVP_EncryptInit_ex2(ctx, nullptr, nullptr, nonce, nullptr) != 1 || !FeedAad(ctx, aad) ||
      !FeedData(ctx, plaintext, nonce + kAeadNonceSize, written) ||
      EVP_EncryptFinal_ex(ctx, nonce + kAeadNonceSize + written, &tail) != 1 ||
      written + static_cast<size_t>(tail) != plaintext.size() ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, static_cast<int>(kAeadTagSize),
                          nonce + kAeadNonceSize + plaintext.size()) != 1) {
    out.resize(start);
    detail::ThrowOpenSslError("AES-256-GCM seal");
  }
}

bool AeadKey::OpenInto(std::string_view sealed, std::string_view aad, char* out) {
  if (sealed.size() < kAeadOverhead) return false;
  EVP_CIPHER_CTX* ctx = contexts_->open.get();
  const std::string_view ciphertext = sealed.substr(kAeadNonceSize, sealed.size() - kAeadOverhead);
  unsigned char tag[kAeadTagSize];
  std::copy_n(sealed.data() + sealed.size() - kAeadTagSize, kAeadTagSize, tag);
  auto* plain = reinterpret_cast<unsigned char*>(out);
  size_t written = 0;
  int tail = 0;
  const bool ok =
      EVP_DecryptInit_ex2(ctx, nullptr, nullptr, Bytes(sealed), nullptr) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, static_cast<int>(kAeadTagSize), tag) == 1 &&
      FeedAad(ctx, aad) && FeedData(ctx, ciphertext, plain, written) &&
      EVP_DecryptFinal_ex(ctx, plain + written, &tail) == 1;
  if (!ok) OPENSSL_cleanse(out, ciphertext.size());
  return ok;
}

}  // namespace ccrm::crypto
