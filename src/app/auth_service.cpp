#include "app/auth_service.hpp"

#include <sodium.h>

#include "app/ids.hpp"
#include "core/conversation_rules.hpp"
#include "core/fields.hpp"
#include "core/limits.hpp"
#include "core/text.hpp"

namespace baton::app {
namespace {

constexpr auto kSessionLifetime = std::chrono::hours(24 * 30);

// A hash of a password nobody has, checked when the e-mail is unknown so that both answers
// take as long (no e-mail probing by timing).
const std::string& decoy_hash() {
  static const std::string hash = AuthService::hash_password("decoy password that matches nothing");
  return hash;
}

}  // namespace

AuthService::AuthService(store::Store& store, asio::thread_pool& pool, PresenceService& presence, ClockFn clock)
    : store_(store), pool_(pool), presence_(presence), clock_(std::move(clock)) {}

std::string AuthService::hash_password(std::string_view password) {
  std::string hash(crypto_pwhash_STRBYTES, '\0');
  if (crypto_pwhash_str(hash.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  hash.resize(hash.find('\0'));
  return hash;
}

bool AuthService::verify_password(std::string_view hash, std::string_view password) {
  const std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

core::Result<std::pair<core::Agent, std::string>> AuthService::prepare_agent(NewAgent input, core::TimePoint now) {
  auto email = core::validate_email(input.email);
  if (!email) return tl::unexpected(email.error());
  auto name = core::validate_short_text("name", input.name, core::kMaxNameChars);
  if (!name) return tl::unexpected(name.error());
  auto password = core::validate_password(input.password);
  if (!password) return tl::unexpected(password.error());
  core::Agent agent{new_id("agent"), *email, *name, input.role, core::Presence::offline, now};
  return std::pair{std::move(agent), hash_password(*password)};
}

core::Result<core::Agent> AuthService::insert_agent(store::WriteTxn& txn, const core::Agent& agent,
                                                    const std::string& password_hash) {
  if (txn.agent_by_email(agent.email)) {
    return core::fail(core::ErrorCode::already_exists, "an agent with this e-mail already exists");
  }
  txn.insert_agent(agent, password_hash);
  return agent;
}

core::Agent AuthService::with_live_presence(core::Agent agent) const {
  agent.presence = presence_.presence_of(agent.id);
  return agent;
}

asio::awaitable<core::Result<LoginResult>> AuthService::login(std::string email, std::string password) {
  const std::string key = core::normalize_email(email);
  auto query = [key](store::ReadTxn& txn) { return txn.agent_by_email(key); };
  auto credentials = co_await read(store_, pool_, std::move(query));
  const bool matches = co_await offload(
      pool_, [&] { return verify_password(credentials ? credentials->password_hash : decoy_hash(), password); });
  if (!credentials || !matches) co_return core::fail(core::ErrorCode::unauthorized, "wrong e-mail or password");

  LoginResult result{new_token(), new_token(), with_live_presence(credentials->agent)};
  store::Session session{hash_token(result.token), result.agent.id, hash_token(result.csrf_token),
                         clock_() + kSessionLifetime};
  auto apply = [session](store::WriteTxn& txn) -> core::Result<bool> {
    txn.insert_session(session);
    return true;
  };
  auto stored = co_await commit<bool>(store_, std::move(apply));
  if (!stored) co_return tl::unexpected(stored.error());
  co_return result;
}

asio::awaitable<core::Result<Principal>> AuthService::authenticate(std::string token) {
  if (token.empty()) co_return core::fail(core::ErrorCode::unauthorized, "sign in first");
  const std::string token_hash = hash_token(token);
  auto query = [token_hash](store::ReadTxn& txn) -> std::optional<Principal> {
    auto session = txn.session(token_hash);
    if (!session) return std::nullopt;
    auto agent = txn.agent(session->agent_id);
    if (!agent) return std::nullopt;
    return Principal{*agent, session->token_hash, session->csrf_hash};
  };
  auto found = co_await read(store_, pool_, std::move(query));
  if (!found) co_return core::fail(core::ErrorCode::unauthorized, "the session is unknown or has ended");
  found->agent = with_live_presence(found->agent);
  co_return *found;
}

asio::awaitable<void> AuthService::logout(const Principal& principal) {
  auto apply = [hash = principal.token_hash](store::WriteTxn& txn) -> core::Result<bool> {
    txn.delete_session(hash);
    return true;
  };
  co_await commit<bool>(store_, std::move(apply));
}

asio::awaitable<core::Result<core::Agent>> AuthService::create_agent(const Principal& by, NewAgent input) {
  if (!core::may_manage_agents(by.agent.role)) {
    co_return core::fail(core::ErrorCode::forbidden, "only admins create agents");
  }
  auto prepared = co_await offload(pool_, [&] { return prepare_agent(std::move(input), clock_()); });
  if (!prepared) co_return tl::unexpected(prepared.error());
  auto apply = [prepared = std::move(*prepared)](store::WriteTxn& txn) {
    return insert_agent(txn, prepared.first, prepared.second);
  };
  co_return co_await commit<core::Agent>(store_, std::move(apply));
}

asio::awaitable<core::Result<std::vector<core::Agent>>> AuthService::list_agents() {
  auto agents = co_await read(store_, pool_, [](store::ReadTxn& txn) { return txn.agents(); });
  for (auto& agent : agents) agent = with_live_presence(agent);
  co_return agents;
}

}  // namespace baton::app
