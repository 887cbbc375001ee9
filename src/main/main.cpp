// The `baton` command: serve, admin create, --version.
#include <sodium.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "app/auth_service.hpp"
#include "app/password_policy.hpp"
#include "core/names.hpp"
#include "core/report_time.hpp"
#include "core/time.hpp"
#include "main/baton_server.hpp"
#include "main/line_commands.hpp"
#include "main/migrate_command.hpp"
#include "main/open_store.hpp"
#include "store/commit_and_wait.hpp"

namespace {

using baton::main::ServerOptions;

// Every serve option also reads BATON_<OPTION> (API.md), named after its flag:
// --session-idle-hours reads BATON_SESSION_IDLE_HOURS.
std::string environment_name(std::string_view flag) {
  std::string name = "BATON_";
  for (char c : flag.substr(2)) name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

template <class T>
CLI::Option* serve_option(CLI::App& serve, const std::string& flag, T& value, const std::string& help) {
  return serve.add_option(flag, value, help)->envname(environment_name(flag))->capture_default_str();
}

CLI::Option* serve_flag(CLI::App& serve, const std::string& flag, bool& value, const std::string& help) {
  return serve.add_flag(flag, value, help)->envname(environment_name(flag));
}

void add_serve_options(CLI::App& serve, ServerOptions& options) {
  serve_option(serve, "--listen", options.listen, "address to listen on, HOST:PORT (port 0 picks a free one)");
  serve_option(serve, "--data", options.data, "directory of the SQLite database (created if absent)");
  serve_option(serve, "--database", options.database,
               "PostgreSQL URL, postgresql://USER@HOST:PORT/DB: the store instead of SQLite (several nodes share it)");
  serve_option(serve, "--database-writers", options.database_writers,
               "PostgreSQL: concurrent write transactions (a connection each)")
      ->check(CLI::Range(1, 64));
  serve_option(serve, "--redis", options.redis,
               "Redis URL, redis://HOST:PORT: carries events and presence between the nodes on one --database");
  serve_flag(serve, "--demo", options.demo, "seed a demo admin and a shop assistant with the shop's FAQ");
  serve_option(serve, "--io-threads", options.io_threads, "network threads (0: one per core)")
      ->check(CLI::Range(0, 256));
  serve_option(serve, "--blocking-threads", options.blocking_threads, "threads for store reads and the AI")
      ->check(CLI::Range(1, 256));
  serve_option(serve, "--presence-grace-seconds", options.presence_grace_seconds,
               "how long an online agent whose console sockets all closed still counts as available")
      ->check(CLI::Range(0, 86400));
  serve_option(serve, "--customer-burst", options.customer_burst,
               "messages one customer may send at once before 429 rate_limited")
      ->check(CLI::Range(1.0, 1e9));
  serve_option(serve, "--customer-rate", options.customer_rate,
               "messages per second one customer may send after the burst")
      ->check(CLI::Range(0.01, 1e9));
  serve_option(serve, "--llm-timeout-seconds", options.llm_timeout_seconds,
               "an LLM endpoint silent this long (connecting, first word, between words) counts as failed")
      ->check(CLI::Range(0.05, 600.0));
  serve_option(serve, "--llm-attempts", options.llm_attempts,
               "tries at an LLM endpoint (refused, 429, 5xx) before the built-in responder answers")
      ->check(CLI::Range(1, 5));
  serve_option(serve, "--lease-seconds", options.lease_seconds,
               "how long work a node has taken (a LINE outbox task, an AI answer) stays its own: one that dies "
               "midway lets another node (or itself, restarted) do it after this")
      ->check(CLI::Range(1, 3600));
  serve_option(serve, "--timezone", options.timezone,
               "the IANA time zone reports use by default (an assistant's business-hours zone comes first)")
      ->check(CLI::Validator(
          [](std::string& name) {
            return baton::core::is_known_timezone(name) ? std::string() : "not an IANA time zone: " + name;
          },
          "IANA zone"));
  serve_option(serve, "--log-level", options.log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  serve_option(serve, "--session-idle-hours", options.session_idle_hours,
               "a console session unused this long ends (its sockets close)")
      ->check(CLI::Range(1, 24 * 365));
  serve_option(serve, "--trusted-proxy", options.trusted_proxies,
               "a reverse proxy (CIDR) whose X-Forwarded-For and X-Forwarded-Proto are believed; repeatable")
      ->delimiter(',');
  serve_option(serve, "--hashing-threads", options.hashing_threads,
               "threads for password hashing (argon2id, 64 MiB each), apart from everything else")
      ->check(CLI::Range(1, 16));
  serve_option(serve, "--widget-session-rate", options.widget_session_rate,
               "new widget sessions per client address per minute before 429")
      ->check(CLI::Range(1.0, 1e9));
  serve_option(serve, "--handoff-rate", options.handoff_rate, "handoff requests per client address per minute")
      ->check(CLI::Range(1.0, 1e9));
  serve_option(serve, "--offline-message-rate", options.offline_message_rate,
               "offline messages per client address per minute")
      ->check(CLI::Range(1.0, 1e9));
  serve_option(serve, "--max-sockets-per-visitor", options.max_sockets_per_visitor,
               "open widget sockets per visitor token before 429")
      ->check(CLI::Range(1, 10000));
  serve_option(serve, "--metrics-listen", options.metrics_listen,
               "serve Prometheus metrics at http://HOST:PORT/metrics, without sign-in (off when empty; "
               "bind it where only Prometheus reaches, e.g. 127.0.0.1:9464)");
  serve_option(serve, "--metrics-token", options.metrics_token,
               "also serve GET /metrics on --listen, to callers sending Authorization: Bearer TOKEN (off when empty)");
  serve_flag(serve, "--metrics-per-assistant", options.metrics_per_assistant,
             "label the queue and conversation gauges with the assistant's id (for installs with few assistants)");
  serve_flag(serve, "--webhook-allow-private", options.webhook_allow_private,
             "let webhooks go to loopback, private and link-local addresses (refused otherwise: 400 url_not_allowed)");
  serve_option(serve, "--line-api-base", options.line_api_base, "LINE Messaging API base URL");
  serve_option(serve, "--line-data-api-base", options.line_data_api_base, "LINE data API base URL");
  serve_option(serve, "--smtp-url", options.smtp_url,
               "SMTP server for the e-mail follow-up of offline visitors, smtp://USER:PASS@HOST:PORT (STARTTLS "
               "when offered) or smtps://…; empty: no e-mail");
  serve_option(serve, "--mail-from", options.mail_from, "the follow-up e-mails' sender address (with --smtp-url)");
  serve_option(serve, "--public-url", options.public_url,
               "this server's address as visitors reach it, https://HOST (the e-mails' links); default: the "
               "listening address");
  serve_option(serve, "--max-image-mb", options.max_image_mb,
               "the largest picture customers and agents may send, in MB (LINE takes up to 10)")
      ->check(CLI::Range(0.001, 10.0));
  serve_option(serve, "--max-file-mb", options.max_file_mb,
               "the largest other file (PDF, video, voice, document) that may be sent, in MB")
      ->check(CLI::Range(0.001, 100.0));
  serve_option(serve, "--file-retention-days", options.file_retention_days,
               "files in messages older than this are dropped and show as expired (0: kept for ever)")
      ->check(CLI::Range(0.0, 36500.0));
  serve_option(serve, "--file-link-days", options.file_link_days,
               "how long the public links LINE fetches agents' pictures from stay valid, in days")
      ->check(CLI::Range(0.00001, 365.0));
  serve_option(serve, "--clamav-socket", options.clamav_socket,
               "scan every uploaded file with clamd on this UNIX socket and refuse what it finds (off when empty)");
  serve_option(serve, "--email-delay-ms", options.email_delay_ms,
               "tests only: every assistant's e-mail follow-up delay, in milliseconds (0: the assistant's own)")
      ->check(CLI::Range(0, 86400000))
      ->group("");
}

struct AdminCreateOptions {
  baton::main::StoreLocation store;
  std::string email;
  std::string password;
  std::string name;
  std::string role = "admin";
};

int admin_create(const AdminCreateOptions& options) {
  auto store = baton::main::open_store(options.store);
  auto prepared = baton::app::AuthService::prepare_agent(
      {options.email, options.name.empty() ? options.email.substr(0, options.email.find('@')) : options.name,
       options.password, *baton::core::parse_role(options.role)},
      baton::core::now_ms());
  if (!prepared) {
    std::cerr << "baton: " << prepared.error().message << "\n";
    return 2;
  }
  auto apply = [&](baton::store::WriteTxn& txn) {
    return baton::app::AuthService::insert_agent(txn, prepared->first, prepared->second);
  };
  auto created = baton::store::commit_and_wait<baton::core::Agent>(*store, apply);
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
  auto store = baton::main::open_store(options.store);
  auto apply = [&](baton::store::WriteTxn& txn) {
    return baton::app::AuthService::set_password_by_email(txn, options.email, hash);
  };
  auto changed = baton::store::commit_and_wait<baton::core::Agent>(*store, apply);
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
    std::cout << boost::beast::http::to_string(route.method) << " " << route.pattern << " "
              << baton::channels::http::name_of(route.audience) << "\n";
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
  create->add_option("--data", admin_options.store.data, "directory of the SQLite database")
      ->envname("BATON_DATA")
      ->capture_default_str();
  create->add_option("--database", admin_options.store.database, "PostgreSQL URL (instead of --data)")
      ->envname("BATON_DATABASE");
  create->add_option("--email", admin_options.email, "sign-in e-mail")->required();
  create->add_option("--password", admin_options.password, "password, 10 to 200 characters, not guessable")->required();
  create->add_option("--name", admin_options.name, "display name (default: the e-mail's user part)");
  create->add_option("--role", admin_options.role, "admin or agent")
      ->check(CLI::IsMember({"admin", "agent"}))
      ->capture_default_str();

  auto* set_password =
      admin->add_subcommand("set-password", "give a console user a new password (ending their sessions) and exit");
  set_password->add_option("--data", admin_options.store.data, "directory of the SQLite database")
      ->envname("BATON_DATA")
      ->capture_default_str();
  set_password->add_option("--database", admin_options.store.database, "PostgreSQL URL (instead of --data)")
      ->envname("BATON_DATABASE");
  set_password->add_option("--email", admin_options.email, "the user's sign-in e-mail")->required();
  set_password->add_option("--password", admin_options.password, "the new password, 10 to 200 characters")->required();

  // --lang and --link, which both rich-menu commands take.
  const auto add_look_options = [](CLI::App* command, baton::main::MenuLook& look) {
    command->add_option("--lang", look.language, "the words on Baton's image: zh-TW, en or both")
        ->check(CLI::IsMember({"zh-TW", "en", "both"}))
        ->capture_default_str();
    command->add_option("--link", look.shop_link,
                        "the shop's https URL: the menu's right half opens it (\"前往商店 / Visit shop\")");
  };
  baton::main::RichMenuOptions menu_options;
  auto* line = app.add_subcommand("line", "LINE Official Account set-up");
  line->require_subcommand(1);
  auto* richmenu = line->add_subcommand(
      "richmenu",
      "create the Live Agent rich menu for an assistant's LINE channel, upload its image, make it the default");
  richmenu->alias("rich-menu");
  richmenu->add_option("--assistant", menu_options.assistant_id, "the assistant connected to LINE")->required();
  richmenu->add_option("--image", menu_options.image_path,
                       "a 2500 x 843 PNG or JPEG, at most 1 MB (default: Baton's own)");
  richmenu->add_option("--data", menu_options.store.data, "directory of the SQLite database")
      ->envname("BATON_DATA")
      ->capture_default_str();
  richmenu->add_option("--database", menu_options.store.database, "PostgreSQL URL (instead of --data)")
      ->envname("BATON_DATABASE");
  richmenu->add_option("--line-api-base", menu_options.line_api_base, "LINE Messaging API base URL")
      ->envname("BATON_LINE_API_BASE")
      ->capture_default_str();
  richmenu->add_option("--line-data-api-base", menu_options.line_data_api_base, "LINE data API base URL")
      ->envname("BATON_LINE_DATA_API_BASE")
      ->capture_default_str();
  add_look_options(richmenu, menu_options.look);
  std::string image_out;
  baton::main::MenuLook image_look;
  auto* default_image =
      line->add_subcommand("default-image", "write Baton's rich-menu image (PNG), to start your own from");
  default_image->add_option("path", image_out, "where to write it")->required();
  add_look_options(default_image, image_look);

  baton::main::MigrateOptions migrate_options;
  auto* migrate = app.add_subcommand(
      "migrate", "copy a one-machine install (SQLite under --data) into an empty PostgreSQL database and exit");
  migrate->add_option("--data", migrate_options.data, "directory of the SQLite database")
      ->envname("BATON_DATA")
      ->capture_default_str();
  migrate->add_option("--database", migrate_options.database, "PostgreSQL URL, postgresql://USER@HOST:PORT/DB")
      ->envname("BATON_DATABASE")
      ->required();

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
    if (migrate->parsed()) return baton::main::migrate_to_postgres(migrate_options);
    if (richmenu->parsed()) return baton::main::install_rich_menu(menu_options);
    if (default_image->parsed()) return baton::main::write_default_rich_menu_image(image_out, image_look);
  } catch (const std::exception& error) {
    std::cerr << "baton: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
