#include "app/auth_service.hpp"

#include <sodium.h>

#include <unordered_map>

#include "app/ids.hpp"
#include "app/password_policy.hpp"
#include "core/conversation_rules.hpp"
#include "core/fields.hpp"
#include "core/limits.hpp"
#include "core/text.hpp"

namespace baton::app {
namespace {

// A session's idle deadline moves forward at most this often (one write per session per period).
constexpr auto kExtendEvery = std::chrono::minutes(10);

// A hash of a password nobody has, checked when the e-mail is unknown so that both answers
// take as long (no e-mail probing by timing).
const std::string& decoy_hash() {
  static const std::string hash = AuthService::hash_password("decoy password that matches nothing");
  return hash;
}

core::Error wrong_credentials() { return {core::ErrorCode::unauthorized, "wrong e-mail or password"}; }

struct SessionFound {
  Principal principal;
  core::TimePoint expires_at;
};

}  // namespace

AuthService::AuthService(store::Store& store, asio::thread_pool& pool, asio::thread_pool& hashing,
                         PresenceService& presence, EventPublisher& events, ClockFn clock, AuthOptions options)
    : store_(store),
      pool_(pool),
      hashing_(hashing),
      presence_(presence),
      events_(events),
      clock_(std::move(clock)),
      options_(options),
      account_failures_(options.failed_logins, clock_),
      address_failures_(options.failed_logins, clock_) {}

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
  auto password = check_new_password(input.password, *email, *name);
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

core::Result<core::Agent> AuthService::set_password_by_email(store::WriteTxn& txn, std::string_view email,
                                                             const std::string& password_hash) {
  auto found = txn.agent_by_email(core::normalize_email(email));
  if (!found) return core::fail(core::ErrorCode::not_found, "no user has this e-mail");
  txn.update_agent_password(found->agent.id, password_hash);
  txn.delete_sessions_of(found->agent.id, "");
  return found->agent;
}

core::Agent AuthService::with_live_presence(core::Agent agent) const {
  agent.presence = presence_.presence_of(agent.id);
  return agent;
}

template <class Work>
asio::awaitable<core::Result<std::invoke_result_t<Work&>>> AuthService::hash_work(Work work) {
  if (queued_hashes_.fetch_add(1) >= options_.max_queued_hashes) {
    --queued_hashes_;
    co_return core::too_many("too many sign-ins at once; try again in a moment", 1);
  }
  struct Release {
    std::atomic<int>& count;
    ~Release() { --count; }
  } release{queued_hashes_};
  co_return co_await offload(hashing_, std::move(work));
}

void AuthService::end_sessions(store::WriteTxn& txn, const core::Id& agent_id, const std::string& keep) {
  auto ended = txn.delete_sessions_of(agent_id, keep);
  if (ended.empty()) return;
  txn.after_commit([this, ended = std::move(ended)] {
    for (const auto& hash : ended) events_.session_ended(hash);
  });
}

asio::awaitable<core::Result<LoginResult>> AuthService::login(std::string email, std::string password,
                                                              std::string client_address) {
  const std::string key = core::normalize_email(email);
  // Refused before any hashing, so a guessing run costs us nothing.
  const int wait = std::max(account_failures_.wait_before(key), address_failures_.wait_before(client_address));
  if (wait > 0) co_return core::too_many("too many failed sign-ins; try again later", wait);

  auto query = [key](store::ReadTxn& txn) { return txn.agent_by_email(key); };
  auto credentials = co_await read(store_, pool_, std::move(query));
  auto verify = [&credentials, &password] {
    return verify_password(credentials ? credentials->password_hash : decoy_hash(), password);
  };
  auto matches = co_await hash_work(std::move(verify));
  if (!matches) co_return tl::unexpected(matches.error());
  if (!credentials || !*matches) {
    account_failures_.charge(key);
    address_failures_.charge(client_address);
    co_return tl::unexpected(wrong_credentials());
  }
  if (credentials->agent.disabled) {
    co_return core::fail(core::ErrorCode::account_disabled, "this account is disabled; ask an admin");
  }

  LoginResult result{new_token(), new_token(), with_live_presence(credentials->agent)};
  store::Session session{hash_token(result.token), result.agent.id, hash_token(result.csrf_token),
                         clock_() + options_.session_idle};
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
  auto query = [token_hash](store::ReadTxn& txn) -> std::optional<SessionFound> {
    auto session = txn.session(token_hash);
    if (!session) return std::nullopt;
    auto agent = txn.agent(session->agent_id);
    if (!agent) return std::nullopt;
    return SessionFound{Principal{*agent, session->token_hash, session->csrf_hash}, session->expires_at};
  };
  auto found = co_await read(store_, pool_, std::move(query));
  const auto now = clock_();
  if (!found || found->expires_at <= now || found->principal.agent.disabled) {
    co_return core::fail(core::ErrorCode::unauthorized, "the session is unknown or has ended");
  }
  if (found->expires_at - now < options_.session_idle - kExtendEvery) {
    // In use: move the idle deadline. Nobody waits for it; a lost extension costs nothing.
    store_.submit(store::WriteJob{[token_hash, until = now + options_.session_idle](store::WriteTxn& txn) {
                                    txn.extend_session(token_hash, until);
                                    return true;
                                  },
                                  [](bool) {}});
  }
  found->principal.agent = with_live_presence(found->principal.agent);
  co_return found->principal;
}

asio::awaitable<void> AuthService::logout(const Principal& principal) {
  auto apply = [this, hash = principal.token_hash](store::WriteTxn& txn) -> core::Result<bool> {
    txn.delete_session(hash);
    txn.after_commit([this, hash] { events_.session_ended(hash); });
    return true;
  };
  co_await commit<bool>(store_, std::move(apply));
}

void AuthService::end_idle_sessions() {
  store_.submit(store::WriteJob{[this, now = clock_()](store::WriteTxn& txn) {
                                  auto ended = txn.delete_expired_sessions(now);
                                  if (!ended.empty()) {
                                    txn.after_commit([this, ended = std::move(ended)] {
                                      for (const auto& hash : ended) events_.session_ended(hash);
                                    });
                                  }
                                  return true;
                                },
                                [](bool) {}});
}

asio::awaitable<core::Result<core::Agent>> AuthService::create_agent(const Principal& by, NewAgent input) {
  if (!core::may_manage_agents(by.agent.role)) {
    co_return core::fail(core::ErrorCode::forbidden, "only admins create agents");
  }
  auto prepare = [this, &input] { return prepare_agent(std::move(input), clock_()); };
  auto prepared = co_await hash_work(std::move(prepare));
  if (!prepared) co_return tl::unexpected(prepared.error());
  if (!*prepared) co_return tl::unexpected(prepared->error());
  auto apply = [prepared = std::move(**prepared)](store::WriteTxn& txn) {
    return insert_agent(txn, prepared.first, prepared.second);
  };
  co_return co_await commit<core::Agent>(store_, std::move(apply));
}

asio::awaitable<core::Result<std::vector<AgentView>>> AuthService::list_agents() {
  auto query = [](store::ReadTxn& txn) {
    std::unordered_map<core::Id, int> live;
    for (const auto& [agent_id, count] : txn.live_counts()) live[agent_id] = count;
    std::vector<AgentView> views;
    for (auto& agent : txn.agents()) {
      const int live_count = live[agent.id];
      views.push_back(AgentView{std::move(agent), live_count, false});
    }
    return views;
  };
  auto views = co_await read(store_, pool_, std::move(query));
  for (auto& view : views) {
    view.agent = with_live_presence(view.agent);
    view.available = presence_.is_available(view.agent.id);
  }
  co_return views;
}

asio::awaitable<core::Result<core::Agent>> AuthService::update_agent(const Principal& by, core::Id agent_id,
                                                                     AgentChanges changes) {
  if (!core::may_manage_agents(by.agent.role)) {
    co_return core::fail(core::ErrorCode::forbidden, "only admins change users");
  }
  if (changes.name) {
    auto name = core::validate_short_text("name", *changes.name, core::kMaxNameChars);
    if (!name) co_return tl::unexpected(name.error());
    changes.name = *name;
  }
  auto query = [agent_id](store::ReadTxn& txn) { return txn.agent(agent_id); };
  auto target = co_await read(store_, pool_, std::move(query));
  if (!target) co_return core::fail(core::ErrorCode::not_found, "no such user");

  std::optional<std::string> password_hash;
  if (changes.password) {
    auto check_and_hash = [&changes, &target]() -> core::Result<std::string> {
      auto password = check_new_password(*changes.password, target->email, target->name);
      if (!password) return tl::unexpected(password.error());
      return hash_password(*password);
    };
    auto hashed = co_await hash_work(std::move(check_and_hash));
    if (!hashed) co_return tl::unexpected(hashed.error());
    if (!*hashed) co_return tl::unexpected(hashed->error());
    password_hash = std::move(**hashed);
  }

  auto apply = [this, agent_id, changes, password_hash](store::WriteTxn& txn) -> core::Result<core::Agent> {
    auto current = txn.agent(agent_id);
    if (!current) return core::fail(core::ErrorCode::not_found, "no such user");
    core::Agent updated = *current;
    if (changes.name) updated.name = *changes.name;
    if (changes.role) updated.role = *changes.role;
    if (changes.disabled) updated.disabled = *changes.disabled;
    if (changes.max_concurrent) updated.max_concurrent = *changes.max_concurrent;
    if (changes.assistant_ids) {
      for (const auto& id : *changes.assistant_ids) {
        if (!txn.assistant(id)) return core::fail(core::ErrorCode::invalid_field, "no assistant " + id);
      }
      updated.assistant_ids = *changes.assistant_ids;
    }
    const auto enabled_admin = [](const core::Agent& agent) {
      return agent.role == core::Role::admin && !agent.disabled;
    };
    if (enabled_admin(*current) && !enabled_admin(updated)) {
      const auto agents = txn.agents();
      if (std::count_if(agents.begin(), agents.end(), enabled_admin) <= 1) {
        return core::fail(core::ErrorCode::last_admin, "the last enabled admin cannot be disabled or demoted");
      }
    }
    txn.update_agent(updated);
    if (password_hash) txn.update_agent_password(agent_id, *password_hash);
    if (password_hash || (updated.disabled && !current->disabled)) end_sessions(txn, agent_id, "");
    return updated;
  };
  auto updated = co_await commit<core::Agent>(store_, std::move(apply));
  if (!updated) co_return updated;
  if (updated->disabled) (void)co_await presence_.set_presence(agent_id, core::Presence::offline);
  presence_.update_agent(*updated);
  if (roster_changed_) roster_changed_();
  co_return with_live_presence(*updated);
}

asio::awaitable<core::Result<bool>> AuthService::change_password(const Principal& principal,
                                                                 std::string current_password,
                                                                 std::string new_password) {
  const std::string key = principal.agent.email;
  const int wait = account_failures_.wait_before(key);
  if (wait > 0) co_return core::too_many("too many wrong passwords; try again later", wait);
  auto query = [key](store::ReadTxn& txn) { return txn.agent_by_email(key); };
  auto credentials = co_await read(store_, pool_, std::move(query));
  if (!credentials) co_return core::fail(core::ErrorCode::unauthorized, "the session is unknown or has ended");

  auto verify_and_hash = [&]() -> core::Result<std::string> {
    if (!verify_password(credentials->password_hash, current_password)) {
      return core::fail(core::ErrorCode::wrong_password, "the current password is wrong");
    }
    auto password = check_new_password(new_password, principal.agent.email, principal.agent.name);
    if (!password) return tl::unexpected(password.error());
    return hash_password(*password);
  };
  auto hashed = co_await hash_work(std::move(verify_and_hash));
  if (!hashed) co_return tl::unexpected(hashed.error());
  if (!*hashed) {
    if (hashed->error().code == core::ErrorCode::wrong_password) account_failures_.charge(key);
    co_return tl::unexpected(hashed->error());
  }
  auto apply = [this, agent_id = principal.agent.id, keep = principal.token_hash,
                hash = std::move(**hashed)](store::WriteTxn& txn) -> core::Result<bool> {
    txn.update_agent_password(agent_id, hash);
    end_sessions(txn, agent_id, keep);
    return true;
  };
  co_return co_await commit<bool>(store_, std::move(apply));
}

}  // namespace baton::app
