// Console users: argon2id passwords, login sessions (random bearer tokens stored hashed, with a
// CSRF token for cookie use), and creating agents.
#pragma once

#include <optional>
#include <string>

#include "app/async.hpp"
#include "app/presence_service.hpp"

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

class AuthService {
 public:
  AuthService(store::Store& store, asio::thread_pool& pool, PresenceService& presence, ClockFn clock);

  asio::awaitable<core::Result<LoginResult>> login(std::string email, std::string password);
  asio::awaitable<core::Result<Principal>> authenticate(std::string token);
  asio::awaitable<void> logout(const Principal& principal);
  asio::awaitable<core::Result<core::Agent>> create_agent(const Principal& by, NewAgent agent);
  asio::awaitable<core::Result<std::vector<core::Agent>>> list_agents();

  // Validates and hashes a new agent (slow: argon2id); used by the API and by `baton admin create`.
  static core::Result<std::pair<core::Agent, std::string>> prepare_agent(NewAgent agent, core::TimePoint now);
  static std::string hash_password(std::string_view password);
  static bool verify_password(std::string_view hash, std::string_view password);
  // Inserts a prepared agent unless the e-mail is taken.
  static core::Result<core::Agent> insert_agent(store::WriteTxn& txn, const core::Agent& agent,
                                                const std::string& password_hash);

 private:
  core::Agent with_live_presence(core::Agent agent) const;

  store::Store& store_;
  asio::thread_pool& pool_;
  PresenceService& presence_;
  ClockFn clock_;
};

}  // namespace baton::app
