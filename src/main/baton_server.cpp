#include "main/baton_server.hpp"

#include <sys/resource.h>

#include <iostream>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "ai/builtin/builtin_responder.hpp"
#include "app/services.hpp"
#include "bus/local_bus.hpp"
#include "channels/http/api_routes.hpp"
#include "channels/http/responses.hpp"
#include "channels/http/server.hpp"
#include "channels/ws/socket_endpoints.hpp"
#include "core/time.hpp"
#include "main/demo_seed.hpp"
#include "main/listen_address.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace baton::main {
namespace asio = boost::asio;

namespace {

// Many idle widget sockets need many descriptors: take all the system allows.
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

void add_system_routes(channels::http::Router& router) {
  router.add(boost::beast::http::verb::get, "/healthz",
             [](channels::http::RequestContext&) -> asio::awaitable<channels::http::Response> {
               co_return channels::http::json_response(boost::beast::http::status::ok, {{"status", "ok"}});
             });
}

// Once a second: agents whose grace period ran out stop counting as available.
asio::awaitable<void> presence_ticker(app::PresenceService& presence) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    timer.expires_after(std::chrono::seconds(1));
    auto [error] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (error) co_return;
    presence.tick();
  }
}

}  // namespace

int run_server(const ServerOptions& options) {
  const auto endpoint = parse_listen_address(options.listen);
  raise_open_file_limit();

  store::sqlite::SqliteStore store(options.data);
  std::optional<DemoLogin> demo;
  if (options.demo) demo = seed_demo(store);

  auto bus = std::make_shared<bus::LocalBus>();
  ai::builtin::BuiltinResponder responder;
  asio::thread_pool blocking(static_cast<std::size_t>(options.blocking_threads));
  app::ClockFn clock = [] { return core::now_ms(); };
  app::EventPublisher events(*bus);
  app::PresenceService presence(store, events, clock);
  app::AuthService auth(store, blocking, presence, clock);
  app::AssistantService assistants(store, blocking, responder, presence, clock);
  app::ConversationService conversations(store, blocking, events, presence, responder, clock);
  {
    auto txn = store.begin_read();
    std::vector<core::Id> assistant_ids;
    for (const auto& assistant : txn->assistants()) assistant_ids.push_back(assistant.id);
    presence.load(txn->agents(), assistant_ids);
  }
  assistants.load_all_knowledge();
  app::Services services{auth, assistants, conversations, presence, *bus};

  channels::http::Router router;
  add_system_routes(router);
  channels::http::add_api_routes(router, services);

  const int io_threads = options.io_threads > 0 ? options.io_threads
                                                : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  asio::io_context io(io_threads);
  channels::http::HttpServer server(io, endpoint, router, channels::ws::socket_endpoints(services));
  server.start();
  asio::co_spawn(io, presence_ticker(presence), asio::detached);

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int signal) {
    spdlog::info("event=stopping signal={}", signal);
    server.stop();
    io.stop();
  });

  const auto bound = server.local_endpoint();
  const std::string base = "http://" + bound.address().to_string() + ":" + std::to_string(bound.port());
  std::cout << "baton " << BATON_VERSION << " listening on " << base << "\n";
  std::cout << "  console:   " << base << "/\n";
  if (demo) {
    std::cout << "  demo shop: " << base << "/demo\n";
    std::cout << "  login:     " << demo->email << " / " << demo->password << "\n";
    std::cout << "  assistant: " << demo->assistant_id << "\n";
  }
  std::cout << std::flush;
  spdlog::info("event=ready listen={} data={} io_threads={}", base, options.data, io_threads);

  std::vector<std::thread> threads;
  for (int i = 1; i < io_threads; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& thread : threads) thread.join();
  blocking.join();
  return 0;
}

}  // namespace baton::main
