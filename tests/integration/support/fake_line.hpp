// A stand-in for LINE's platform on 127.0.0.1. As the Messaging API (and its data API) it
// checks every request Baton makes against rules written from the official spec
// (../shared/specs/line/messaging-api.yml and LINE's documented limits): the access token,
// headers, fields, types and limits, reply tokens (issued by this fake, used once, fresh) and
// retry keys (a key already accepted gets 409). It records what it got and can be told to fail.
// As the webhook sender it signs events with the channel secret and posts them to Baton.
#pragma once

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/loopback_server.hpp"

namespace baton::testing {

struct LineCall {
  std::string method;
  std::string path;  // e.g. /v2/bot/message/push
  std::string retry_key;
  std::string content_type;
  boost::json::value body;  // parsed JSON, or null
  std::size_t body_bytes = 0;
  int status = 0;  // what the fake answered
  std::chrono::steady_clock::time_point received_at;
};

// The rules a call must follow; each broken rule is one line. Exposed for a unit test of the
// fake itself.
std::vector<std::string> line_call_problems(const std::string& method, const std::string& path,
                                            const std::map<std::string, std::string>& headers, const std::string& body,
                                            const std::string& expected_token);

class FakeLine {
 public:
  FakeLine(std::string channel_secret, std::string access_token);
  ~FakeLine();

  std::string api_base() const { return "http://127.0.0.1:" + std::to_string(server_.port()); }
  unsigned short port() const { return server_.port(); }

  // Failures: the next `count` calls whose path starts with `path_prefix` get `status`.
  void fail_next(const std::string& path_prefix, int count, int status);
  // While down, every call gets 503.
  void set_down(bool down);
  // While stalled, a call whose path starts with `path_prefix` is read and never answered: its
  // connection stays open, silent (it is not among calls()).
  void set_stalled(bool stalled, const std::string& path_prefix = "/");
  // While set, a call whose path starts with `path_prefix` is carried out (and recorded among
  // calls(): a push's retry key is then taken) but its answer never leaves: the caller cannot
  // know it went through, as when its process dies mid-call.
  void set_answers_lost(bool lost, const std::string& path_prefix = "/");
  // Waits until `count` calls have been held unanswered so far.
  bool wait_for_stalled(int count, std::chrono::milliseconds timeout = std::chrono::seconds(15)) const;
  // Every reply token issued so far stops working (as when they are over a minute old).
  void expire_reply_tokens();
  // Unset users are "Customer xxxx", language en.
  void set_profile(const std::string& user_id, const std::string& display_name, const std::string& picture_url,
                   const std::string& language = "en");
  void set_content(const std::string& message_id, const std::string& content_type, const std::string& bytes);
  // Profile answers come this late (0: at once), as from a slow LINE.
  void set_profile_delay(std::chrono::milliseconds delay);
  // This month's quota (type "none" or "limited" with `value`) and the usage LINE reports:
  // `usage` plus every push accepted since.
  void set_quota(const std::string& type, std::int64_t value, std::int64_t usage);
  // While set, every push gets LINE's 429 "You have reached your monthly limit." (replies go).
  void set_monthly_limit_reached(bool reached);

  std::vector<LineCall> calls() const;
  std::vector<LineCall> calls_to(const std::string& path_prefix) const;
  std::vector<std::string> problems() const;
  // Waits (on the calls as they arrive, no polling) until `ready` holds for the calls so far.
  bool wait_for(const std::function<bool(const std::vector<LineCall>&)>& ready,
                std::chrono::milliseconds timeout = std::chrono::seconds(15)) const;
  // The messages a user got (reply or push, accepted ones only), in order; their texts alone.
  std::vector<boost::json::object> messages_to(const std::string& user_id) const;
  std::vector<std::string> texts_to(const std::string& user_id) const;

  // Webhook events, as LINE builds them (each with a new webhookEventId and, where LINE gives
  // one, a new reply token that this fake will accept once).
  // Message events carry a markAsReadToken (message.markAsReadToken) this fake accepts for
  // POST /v2/bot/chat/markAsRead.
  boost::json::object text_event(const std::string& user_id, const std::string& text);
  boost::json::object follow_event(const std::string& user_id);
  boost::json::object unfollow_event(const std::string& user_id);
  boost::json::object postback_event(const std::string& user_id, const std::string& data);
  boost::json::object image_event(const std::string& user_id, const std::string& message_id);
  boost::json::object sticker_event(const std::string& user_id);
  boost::json::object file_event(const std::string& user_id, const std::string& message_id, const std::string& name,
                                 int size);
  boost::json::object location_event(const std::string& user_id);
  // The body LINE would post for these events, and its X-Line-Signature.
  std::string webhook_body(const std::vector<boost::json::object>& events) const;
  std::string sign(const std::string& body) const;

  struct State;

 private:
  // `n` gets the event's number (unique in this fake).
  boost::json::object base_event(const std::string& type, const std::string& user_id, bool with_reply_token, int& n);
  // A markAsReadToken for event `n`, accepted from then on.
  std::string read_token(int n);

  std::string secret_;
  std::shared_ptr<State> state_;
  LoopbackServer server_;  // after state_: its connections use it
  std::atomic<int> event_counter_ = 0;
};

// X-Line-Signature as LINE's platform computes it: base64 HMAC-SHA256 of the body with the
// channel secret (written apart from Baton's own check).
std::string line_signature(const std::string& secret, const std::string& body);

// A LINE user id as LINE issues them: "U" and 32 hex digits.
std::string line_user_id(int n);

}  // namespace baton::testing
