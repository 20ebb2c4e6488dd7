#include "auth/challenge_session.hpp"

#include "common/base64.hpp"
#include "common/json.hpp"
#include "crypto/constant_time.hpp"
#include "crypto/digest.hpp"
#include "crypto/random.hpp"

namespace ccrm::auth {

ChallengeSessions::ChallengeSessions(ClockPtr clock)
    : clock_(std::move(clock)), key_(crypto::RandomBytes(32)) {}

std::string ChallengeSessions::Make(const std::string& user_id, const std::string& purpose,
                                    int64_t auth_time) const {
  const int64_t expires =
      clock_->NowMillis() + std::chrono::duration_cast<std::chrono::milliseconds>(kLifetime).count();
  const Json payload = {{"u", user_id}, {"p", purpose}, {"e", expires}, {"a", auth_time}};
  const std::string body = Base64UrlEncode(payload.dump());
  return body + "." + Base64UrlEncode(crypto::HmacSha256(key_, body));
}

std::optional<ChallengeSessions::Content> ChallengeSessions::Open(
    const std::string& session, const std::string& purpose) const {
  if (session.size() > 1024) return std::nullopt;
  const size_t dot = session.find('.');
  if (dot == std::string::npos) return std::nullopt;
  const std::string body = session.substr(0, dot);
  const auto mac = Base64UrlDecode(session.substr(dot + 1));
  if (!mac || !crypto::ConstantTimeEquals(*mac, crypto::HmacSha256(key_, body))) {
    return std::nullopt;
  }
  const auto text = Base64UrlDecode(body);
  if (!text) return std::nullopt;
  const Json payload = Json::parse(*text, nullptr, false);
  if (!payload.is_object() || payload.value("p", "") != purpose ||
      payload.value("e", int64_t{0}) <= clock_->NowMillis()) {
    return std::nullopt;
  }
  return Content{payload.value("u", ""), payload.value("a", int64_t{0})};
}

}  // namespace ccrm::auth
