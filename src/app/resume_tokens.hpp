// The e-mail follow-up's resume links (team operations §4.12): a token that names one web
// conversation (and so its visitor session), signed with HMAC-SHA256 under a key of the server's
// (kept in the store, shared by every node), good for 7 days. Presenting it to the widget's
// session endpoint gives a visitor token for that same conversation.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "app/async.hpp"
#include "app/conversation_service.hpp"
#include "core/types.hpp"

namespace baton::app {

inline constexpr auto kResumeTokenLifetime = std::chrono::hours(24 * 7);

// What a valid token names.
struct ResumeClaim {
  core::Id conversation_id;
  core::Id assistant_id;
  core::TimePoint expires_at;
};

// Signs and checks tokens with a given key: no store, no clock of its own (unit tested).
class ResumeTokenSigner {
 public:
  explicit ResumeTokenSigner(std::string key) : key_(std::move(key)) {}

  // base64url(conversation_id '|' assistant_id '|' expiry in Unix seconds) '.' base64url(HMAC).
  std::string sign(const ResumeClaim& claim) const;
  // The claim when the signature holds and `now` is before its expiry; nothing otherwise.
  std::optional<ResumeClaim> verify(std::string_view token, core::TimePoint now) const;

 private:
  std::string key_;
};

class ResumeService {
 public:
  ResumeService(store::Store& store, asio::thread_pool& pool, ClockFn clock);

  // Reads the server's key, making it on the first start (blocking: call at start-up).
  void load_key();
  // A link's token for the conversation, valid from now for 7 days.
  std::string issue(const core::Id& conversation_id, const core::Id& assistant_id) const;
  // The claim, or 401 unauthorized when the token is not one of ours or has expired.
  core::Result<ResumeClaim> check(std::string_view token) const;
  // A new visitor token for the conversation the token names (201 with its conversation_id),
  // 401 for a bad token, 404 when it names another assistant's conversation.
  asio::awaitable<core::Result<VisitorSession>> resume(core::Id assistant_id, std::string token);

 private:
  store::Store& store_;
  asio::thread_pool& pool_;
  ClockFn clock_;
  std::optional<ResumeTokenSigner> signer_;
};

}  // namespace baton::app
