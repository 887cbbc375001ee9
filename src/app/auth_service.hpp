// Console users: argon2id passwords (hashed on a small pool of their own, so a login storm never
// slows anything else), login sessions (random bearer tokens stored hashed, with a CSRF token for
// cookie use) that end on logout, password change, disabling, or idleness, login throttling,
// and managing users.
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "app/async.hpp"
#include "app/event_publisher.hpp"
#include "app/presence_service.hpp"
#include "app/rate_limiter.hpp"
#include "app/wire_format.hpp"

namespace baton::app {

struct LoginResult {
  std::string token;
  std::string csrf_token;
  core::Agent agent;
};

// The console user behind a request.
struct Principal {
  core::Agent agent;
  std::string token_hash;
  std::string csrf_hash;
};

struct NewAgent {
  std::string email;
  std::string name;
  std::string password;
  core::Role role = core::Role::agent;
};

// What an admin changes about a user; absent fields stay as they are.
struct AgentChanges {
  std::optional<std::string> name;
  std::optional<core::Role> role;
  std::optional<std::string> password;
  std::optional<bool> disabled;
  std::optional<std::optional<int>> max_concurrent;    // set to nothing: the assistant's default
  std::optional<std::vector<core::Id>> assistant_ids;  // empty: every assistant
};

struct AuthOptions {
  std::chrono::hours session_idle{168};  // a session unused this long ends
  // Failed logins per account and per client address: 10 per 15 minutes.
  core::RatePolicy failed_logins{10, 10.0 / (15 * 60)};
  int max_queued_hashes = 16;  // logins waiting for the hashing pool past this get 429
};

class AuthService {
 public:
  AuthService(store::Store& store, asio::thread_pool& pool, asio::thread_pool& hashing, PresenceService& presence,
              EventPublisher& events, ClockFn clock, AuthOptions options = {});

  asio::awaitable<core::Result<LoginResult>> login(std::string email, std::string password, std::string client_address);
  asio::awaitable<core::Result<Principal>> authenticate(std::string token);
  asio::awaitable<void> logout(const Principal& principal);
  asio::awaitable<core::Result<core::Agent>> create_agent(const Principal& by, NewAgent agent);
  asio::awaitable<core::Result<std::vector<AgentView>>> list_agents();
  // Admins only. Disabling a user or setting their password ends all of their sessions.
  asio::awaitable<core::Result<core::Agent>> update_agent(const Principal& by, core::Id agent_id, AgentChanges changes);
  // Ends every other session of the user.
  asio::awaitable<core::Result<bool>> change_password(const Principal& principal, std::string current_password,
                                                      std::string new_password);
  // Ends sessions idle past their deadline (run periodically).
  void end_idle_sessions();

  // Validates and hashes a new agent (slow: argon2id); used by the API and by `baton admin create`.
  static core::Result<std::pair<core::Agent, std::string>> prepare_agent(NewAgent agent, core::TimePoint now);
  // An agent's membership, capacity or account changed (auto mode and other nodes hear of it).
  void on_roster_changed(std::function<void()> changed) { roster_changed_ = std::move(changed); }
  static std::string hash_password(std::string_view password);
  static bool verify_password(std::string_view hash, std::string_view password);
  // For `baton admin set-password`: the user with this e-mail gets a new password (already
  // checked and hashed) and every one of their sessions ends.
  static core::Result<core::Agent> set_password_by_email(store::WriteTxn& txn, std::string_view email,
                                                         const std::string& password_hash);
  // Inserts a prepared agent unless the e-mail is taken.
  static core::Result<core::Agent> insert_agent(store::WriteTxn& txn, const core::Agent& agent,
                                                const std::string& password_hash);

 private:
  core::Agent with_live_presence(core::Agent agent) const;
  // Runs slow password work on the hashing pool, or answers 429 when too much already waits.
  template <class Work>
  asio::awaitable<core::Result<std::invoke_result_t<Work&>>> hash_work(Work work);
  // Ends sessions inside `txn`; their sockets close once it commits.
  void end_sessions(store::WriteTxn& txn, const core::Id& agent_id, const std::string& keep);

  store::Store& store_;
  asio::thread_pool& pool_;
  asio::thread_pool& hashing_;
  PresenceService& presence_;
  EventPublisher& events_;
  ClockFn clock_;
  AuthOptions options_;
  RateLimiter account_failures_;
  RateLimiter address_failures_;
  std::atomic<int> queued_hashes_{0};
  std::function<void()> roster_changed_;
};

}  // namespace baton::app
