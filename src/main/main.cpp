// The `baton` command: serve, admin create, --version.
#include <sodium.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <future>
#include <iostream>

#include "app/auth_service.hpp"
#include "app/password_policy.hpp"
#include "core/names.hpp"
#include "core/time.hpp"
#include "main/baton_server.hpp"
#include "main/line_commands.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

using baton::main::ServerOptions;

void add_serve_options(CLI::App& serve, ServerOptions& options) {
  serve.add_option("--listen", options.listen, "address to listen on, HOST:PORT (port 0 picks a free one)")
      ->envname("BATON_LISTEN")
      ->capture_default_str();
  serve.add_option("--data", options.data, "directory of the SQLite database (created if absent)")
      ->envname("BATON_DATA")
      ->capture_default_str();
  serve.add_flag("--demo", options.demo, "seed a demo admin and a shop assistant with the shop's FAQ")
      ->envname("BATON_DEMO");
  serve.add_option("--io-threads", options.io_threads, "network threads (0: one per core)")
      ->envname("BATON_IO_THREADS")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  serve.add_option("--blocking-threads", options.blocking_threads, "threads for store reads, the AI and hashing")
      ->envname("BATON_BLOCKING_THREADS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  serve
      .add_option("--presence-grace-seconds", options.presence_grace_seconds,
                  "how long an online agent whose console sockets all closed still counts as available")
      ->envname("BATON_PRESENCE_GRACE_SECONDS")
      ->check(CLI::Range(0, 86400))
      ->capture_default_str();
  serve
      .add_option("--customer-burst", options.customer_burst,
                  "messages one customer may send at once before 429 rate_limited")
      ->envname("BATON_CUSTOMER_BURST")
      ->check(CLI::Range(1.0, 1e9))
      ->capture_default_str();
  serve
      .add_option("--customer-rate", options.customer_rate, "messages per second one customer may send after the burst")
      ->envname("BATON_CUSTOMER_RATE")
      ->check(CLI::Range(0.01, 1e9))
      ->capture_default_str();
  serve
      .add_option("--llm-timeout-seconds", options.llm_timeout_seconds,
                  "an LLM endpoint silent this long (connecting, first word, between words) counts as failed")
      ->envname("BATON_LLM_TIMEOUT_SECONDS")
      ->check(CLI::Range(0.05, 600.0))
      ->capture_default_str();
  serve
      .add_option("--llm-attempts", options.llm_attempts,
                  "tries at an LLM endpoint (refused, 429, 5xx) before the built-in responder answers")
      ->envname("BATON_LLM_ATTEMPTS")
      ->check(CLI::Range(1, 5))
      ->capture_default_str();
  serve.add_option("--log-level", options.log_level, "trace, debug, info, warn, error or off")
      ->envname("BATON_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  serve
      .add_option("--session-idle-hours", options.session_idle_hours,
                  "a console session unused this long ends (its sockets close)")
      ->envname("BATON_SESSION_IDLE_HOURS")
      ->check(CLI::Range(1, 24 * 365))
      ->capture_default_str();
  serve
      .add_option("--trusted-proxy", options.trusted_proxies,
                  "a reverse proxy (CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeatable")
      ->envname("BATON_TRUSTED_PROXY")
      ->delimiter(',');
  serve
      .add_option("--hashing-threads", options.hashing_threads,
                  "threads for password hashing (argon2id, 64 MiB each), apart from everything else")
      ->envname("BATON_HASHING_THREADS")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  serve
      .add_option("--widget-session-rate", options.widget_session_rate,
                  "new widget sessions per client address per minute before 429")
      ->envname("BATON_WIDGET_SESSION_RATE")
      ->check(CLI::Range(1.0, 1e9))
      ->capture_default_str();
  serve.add_option("--handoff-rate", options.handoff_rate, "handoff requests per client address per minute")
      ->envname("BATON_HANDOFF_RATE")
      ->check(CLI::Range(1.0, 1e9))
      ->capture_default_str();
  serve
      .add_option("--offline-message-rate", options.offline_message_rate,
                  "offline messages per client address per minute")
      ->envname("BATON_OFFLINE_MESSAGE_RATE")
      ->check(CLI::Range(1.0, 1e9))
      ->capture_default_str();
  serve
      .add_option("--max-sockets-per-visitor", options.max_sockets_per_visitor,
                  "open widget sockets per visitor token before 429")
      ->envname("BATON_MAX_SOCKETS_PER_VISITOR")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  serve.add_option("--line-api-base", options.line_api_base, "LINE Messaging API base URL")
      ->envname("BATON_LINE_API_BASE")
      ->capture_default_str();
  serve.add_option("--line-data-api-base", options.line_data_api_base, "LINE data API base URL")
      ->envname("BATON_LINE_DATA_API_BASE")
      ->capture_default_str();
}

struct AdminCreateOptions {
  std::string data = "./data";
  std::string email;
  std::string password;
  std::string name;
  std::string role = "admin";
};

int admin_create(const AdminCreateOptions& options) {
  baton::store::sqlite::SqliteStore store(options.data);
  auto prepared = baton::app::AuthService::prepare_agent(
      {options.email, options.name.empty() ? options.email.substr(0, options.email.find('@')) : options.name,
       options.password, *baton::core::parse_role(options.role)},
      baton::core::now_ms());
  if (!prepared) {
    std::cerr << "baton: " << prepared.error().message << "\n";
    return 2;
  }
  std::promise<baton::core::Result<baton::core::Agent>> result;
  auto outcome = std::make_shared<std::optional<baton::core::Result<baton::core::Agent>>>();
  store.submit(baton::store::WriteJob{
      [&](baton::store::WriteTxn& txn) {
        *outcome = baton::app::AuthService::insert_agent(txn, prepared->first, prepared->second);
        return outcome->value().has_value();
      },
      [&](bool) {
        result.set_value(outcome->value_or(baton::core::fail(baton::core::ErrorCode::internal, "failed")));
      }});
  auto created = result.get_future().get();
  if (!created) {
    std::cerr << "baton: " << created.error().message << " (" << options.email << ")\n";
    return 1;
  }
  std::cout << "created " << baton::core::name_of(created->role) << " " << created->email << " (" << created->id
            << ")\n";
  return 0;
}

// A new password for a console user, from the machine itself (a forgotten admin password, the
// demo's published one); every session of that user ends.
int admin_set_password(const AdminCreateOptions& options) {
  auto password = baton::app::check_new_password(options.password, options.email, "");
  if (!password) {
    std::cerr << "baton: " << password.error().message << "\n";
    return 2;
  }
  const std::string hash = baton::app::AuthService::hash_password(*password);
  baton::store::sqlite::SqliteStore store(options.data);
  std::promise<baton::core::Result<baton::core::Agent>> result;
  auto outcome = std::make_shared<std::optional<baton::core::Result<baton::core::Agent>>>();
  store.submit(baton::store::WriteJob{
      [&](baton::store::WriteTxn& txn) {
        *outcome = baton::app::AuthService::set_password_by_email(txn, options.email, hash);
        return outcome->value().has_value();
      },
      [&](bool) {
        result.set_value(outcome->value_or(baton::core::fail(baton::core::ErrorCode::internal, "failed")));
      }});
  auto changed = result.get_future().get();
  if (!changed) {
    std::cerr << "baton: " << changed.error().message << " (" << options.email << ")\n";
    return 1;
  }
  std::cout << "new password set for " << changed->email << "; their sessions have ended\n";
  return 0;
}

int print_routes(const std::string& data) {
  ServerOptions options;
  options.data = data;
  options.blocking_threads = 1;
  baton::main::BatonApp baton(options);
  for (const auto& route : baton.router().routes()) {
    std::cout << boost::beast::http::to_string(route.method) << " " << route.pattern << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  umask(077);  // every file and folder Baton creates (the database, its journal) is the owner's only
  if (sodium_init() < 0) {
    std::cerr << "baton: libsodium could not start\n";
    return 1;
  }
  // Logs go to stderr; stdout carries only what a person or script reads (URLs, results).
  spdlog::set_default_logger(spdlog::stderr_logger_mt("baton"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);

  CLI::App app{"Baton: customer-support chat with an AI assistant and live-agent handoff"};
  app.set_version_flag("--version", std::string("baton ") + BATON_VERSION);
  app.require_subcommand(1);

  ServerOptions serve_options;
  auto* serve = app.add_subcommand("serve", "run the server (every option also reads BATON_<OPTION>)");
  add_serve_options(*serve, serve_options);

  AdminCreateOptions admin_options;
  auto* admin = app.add_subcommand("admin", "manage console users");
  admin->require_subcommand(1);
  auto* create = admin->add_subcommand("create", "create a console user and exit");
  create->add_option("--data", admin_options.data, "directory of the SQLite database")
      ->envname("BATON_DATA")
      ->capture_default_str();
  create->add_option("--email", admin_options.email, "sign-in e-mail")->required();
  create->add_option("--password", admin_options.password, "password, 10 to 200 characters, not guessable")->required();
  create->add_option("--name", admin_options.name, "display name (default: the e-mail's user part)");
  create->add_option("--role", admin_options.role, "admin or agent")
      ->check(CLI::IsMember({"admin", "agent"}))
      ->capture_default_str();

  auto* set_password =
      admin->add_subcommand("set-password", "give a console user a new password (ending their sessions) and exit");
  set_password->add_option("--data", admin_options.data, "directory of the SQLite database")
      ->envname("BATON_DATA")
      ->capture_default_str();
  set_password->add_option("--email", admin_options.email, "the user's sign-in e-mail")->required();
  set_password->add_option("--password", admin_options.password, "the new password, 10 to 200 characters")->required();

  baton::main::RichMenuOptions menu_options;
  auto* line = app.add_subcommand("line", "LINE Official Account set-up");
  line->require_subcommand(1);
  auto* richmenu = line->add_subcommand(
      "richmenu",
      "create the Live Agent rich menu for an assistant's LINE channel, upload its image, make it the default");
  richmenu->add_option("--assistant", menu_options.assistant_id, "the assistant connected to LINE")->required();
  richmenu->add_option("--image", menu_options.image_path,
                       "a 2500 x 843 PNG or JPEG, at most 1 MB (default: Baton's own)");
  richmenu->add_option("--data", menu_options.data, "directory of the SQLite database")
      ->envname("BATON_DATA")
      ->capture_default_str();
  richmenu->add_option("--line-api-base", menu_options.line_api_base, "LINE Messaging API base URL")
      ->envname("BATON_LINE_API_BASE")
      ->capture_default_str();
  richmenu->add_option("--line-data-api-base", menu_options.line_data_api_base, "LINE data API base URL")
      ->envname("BATON_LINE_DATA_API_BASE")
      ->capture_default_str();
  std::string image_out;
  auto* default_image =
      line->add_subcommand("default-image", "write Baton's rich-menu image (PNG), to start your own from");
  default_image->add_option("path", image_out, "where to write it")->required();

  std::string routes_data;
  auto* routes = app.add_subcommand("routes", "print every HTTP route the server registers and exit");
  routes->add_option("--data", routes_data, "scratch directory for the store the routes are built on")->required();
  routes->group("");  // for tests and docs, not for operators

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }

  try {
    if (serve->parsed()) {
      spdlog::set_level(spdlog::level::from_str(serve_options.log_level));
      baton::main::BatonApp baton(serve_options);
      return baton.serve();
    }
    if (create->parsed()) return admin_create(admin_options);
    if (set_password->parsed()) return admin_set_password(admin_options);
    if (routes->parsed()) return print_routes(routes_data);
    if (richmenu->parsed()) return baton::main::install_rich_menu(menu_options);
    if (default_image->parsed()) return baton::main::write_default_rich_menu_image(image_out);
  } catch (const std::exception& error) {
    std::cerr << "baton: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
