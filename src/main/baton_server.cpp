#include "main/baton_server.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <iostream>
#include <latch>
#include <thread>

#include "app/async.hpp"
#include "channels/http/api_routes.hpp"
#include "channels/http/metrics_routes.hpp"
#include "channels/http/responses.hpp"
#include "channels/http/server.hpp"
#include "channels/line/line_quota.hpp"
#include "channels/line/line_routes.hpp"
#include "channels/ws/socket_endpoints.hpp"
#include "channels/ws/socket_session.hpp"
#include "core/time.hpp"
#include "main/listen_address.hpp"
#include "main/open_store.hpp"
#include "main/web_files.hpp"
#include "net/address_policy.hpp"
#include "store/commit_and_wait.hpp"

namespace baton::main {
namespace asio = boost::asio;

namespace {

// Many idle widget sockets need many descriptors: take all the system allows (a privileged
// process may go past its hard limit, up to the kernel's nr_open).
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlimit wanted{1 << 20, 1 << 20};
  if (limit.rlim_max < wanted.rlim_max && setrlimit(RLIMIT_NOFILE, &wanted) == 0) return;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

std::optional<std::string> read_environment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  return value ? std::optional<std::string>(value) : std::nullopt;
}

ai::openai::LlmOptions llm_options(const ServerOptions& options) {
  ai::openai::LlmOptions llm;
  const auto silence = std::chrono::milliseconds(static_cast<long>(options.llm_timeout_seconds * 1000));
  llm.timeouts.connect = silence;
  llm.timeouts.idle = silence;
  llm.timeouts.total = std::max(silence * 4, std::chrono::milliseconds(60000));
  llm.attempts = options.llm_attempts;
  return llm;
}

// Ready means the store answers: a read that reaches the database (a PostgreSQL server may be
// away while this process runs on), off the network threads.
// Several nodes: Redis is reported, not required (a node serves on while it is away).
void add_system_routes(channels::http::Router& router, store::Store& store, asio::thread_pool& pool,
                       const ClusterNode* cluster) {
  router.add(boost::beast::http::verb::get, "/healthz", channels::http::Audience::anyone,
             [&store, &pool, cluster](channels::http::RequestContext&) -> asio::awaitable<channels::http::Response> {
               auto probe = [&store] {
                 try {
                   store.begin_read()->agent("");
                   return true;
                 } catch (const store::StoreError& error) {
                   spdlog::warn("event=healthz_store_unreachable error=\"{}\"", error.what());
                   return false;
                 }
               };
               const bool store_answers = co_await app::offload(pool, std::move(probe));
               boost::json::object health{{"status", store_answers ? "ok" : "unavailable"},
                                          {"store", store_answers ? "ok" : "unreachable"}};
               if (cluster) {
                 health["node"] = cluster->node_id();
                 health["redis"] = cluster->redis_connected() ? "ok" : "unreachable";
               }
               co_return channels::http::json_response(
                   store_answers ? boost::beast::http::status::ok : boost::beast::http::status::service_unavailable,
                   std::move(health));
             });
}

// Password hashing yields to everything else: on a small machine a login storm then takes its
// turn instead of the widget's (Linux nice is per thread). Each thread takes one task: the latch
// holds them until all are running.
void lower_priority(asio::thread_pool& pool, int threads) {
  // Shared: a thread may still be inside arrive_and_wait after the last arrival has let this
  // function return, so the latch must outlive the stack frame.
  auto all_running = std::make_shared<std::latch>(threads);
  for (int i = 0; i < threads; ++i) {
    asio::post(pool, [all_running] {
      setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
      all_running->arrive_and_wait();
    });
  }
  all_running->wait();
}

// Where a webhook may go: its URL resolves only to public addresses (unless allowed otherwise).
app::UrlCheck url_check(bool allow_private) {
  return [allow_private](const std::string& url) -> core::Result<void> {
    const auto resolved = net::resolve_allowed(url, allow_private);
    if (resolved.refused) return core::fail(core::ErrorCode::url_not_allowed, "url: " + resolved.error);
    if (!resolved.ok()) return core::fail(core::ErrorCode::invalid_field, "url: " + resolved.error);
    return {};
  };
}

app::AuthOptions auth_options(const ServerOptions& options) {
  app::AuthOptions auth;
  auth.session_idle = std::chrono::hours(options.session_idle_hours);
  return auth;
}

channels::http::ServerConfig server_config(const ServerOptions& options, std::size_t max_upload_bytes) {
  channels::http::ServerConfig config;
  config.limits.max_upload_body_bytes = max_upload_bytes;
  auto proxies = channels::http::TrustedProxies::parse(options.trusted_proxies);
  if (!proxies) throw std::runtime_error("--trusted-proxy takes CIDRs such as 10.0.0.0/8 or ::1/128");
  config.trusted_proxies = std::move(*proxies);
  return config;
}

// Runs `step` every `period` until the io_context stops; a failing step is logged, never fatal.
template <class Step>
asio::awaitable<void> every(std::chrono::milliseconds period, const char* name, Step step) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    timer.expires_after(period);
    auto [error] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (error) co_return;
    try {
      step();
    } catch (const std::exception& failure) {
      spdlog::error("event=periodic_failed task={} error=\"{}\"", name, failure.what());
    }
  }
}

// Stops `io` once every socket session has ended, or after a second at most.
asio::awaitable<void> stop_when_sockets_closed(asio::io_context& io) {
  asio::steady_timer timer(io);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (channels::ws::SocketSession::open_sessions() > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(10));
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  io.stop();
}

app::BuildInfo build_info(const ServerOptions& options) {
  return app::BuildInfo{BATON_VERSION, options.database.empty() ? "sqlite" : "postgresql",
                        options.redis.empty() ? "local" : "redis"};
}

// The metrics listener answers GET /metrics only: no sockets.
asio::awaitable<bool> no_sockets(boost::beast::tcp_stream&, channels::http::Request&,
                                 const channels::http::ClientInfo&) {
  co_return false;
}

}  // namespace

BatonApp::BatonApp(const ServerOptions& options)
    : options_(options),
      metrics_(build_info(options), options.metrics_per_assistant),
      store_(open_store(StoreLocation{options.data, options.database, options.database_writers})),
      demo_(options.demo ? std::optional(seed_demo(*store_)) : std::nullopt),
      responder_(builtin_, llm_options(options), read_environment),
      blocking_(static_cast<std::size_t>(options.blocking_threads)),
      hashing_(static_cast<std::size_t>(options.hashing_threads)),
      clock_([] { return core::now_ms(); }),
      local_bus_(options.redis.empty() ? std::make_shared<bus::LocalBus>() : nullptr),
      cluster_(options.redis.empty() ? nullptr
                                     : std::make_unique<ClusterNode>(options.redis, *store_, blocking_, clock_)),
      bus_(cluster_ ? cluster_->bus() : static_cast<bus::EventBus&>(*local_bus_)),
      events_(bus_),
      presence_(*store_, events_, clock_, std::chrono::seconds(options.presence_grace_seconds)),
      auth_(*store_, blocking_, hashing_, presence_, events_, clock_, auth_options(options)),
      assistants_(*store_, blocking_, responder_, presence_, clock_),
      line_outbox_(clock_),
      line_channel_delivery_(*store_, blocking_, line_outbox_, clock_),
      webhook_outbox_(clock_),
      steps_(events_, channel_deliveries_, clock_, &webhook_outbox_),
      ai_replies_(*store_, blocking_, events_, presence_, responder_, steps_, clock_,
                  std::chrono::seconds(options.lease_seconds)),
      conversations_(
          *store_, blocking_, events_, presence_, steps_, ai_replies_, channel_deliveries_, clock_,
          core::RatePolicy{options.customer_burst, options.customer_rate},
          app::PublicLimitOptions{options.widget_session_rate, options.handoff_rate, options.offline_message_rate}),
      playground_(*store_, blocking_, responder_),
      line_(*store_, blocking_, clock_),
      line_inbound_(*store_, steps_, ai_replies_, presence_, line_outbox_, clock_,
                    core::RatePolicy{options.customer_burst, options.customer_rate}),
      line_receipts_(*store_, line_outbox_),
      line_delivery_(*store_, events_, clock_,
                     options.redis.empty() ? std::nullopt : std::optional(std::chrono::seconds(options.lease_seconds))),
      line_worker_(line_delivery_, line_outbox_,
                   channels::line::LineApi({options.line_api_base, options.line_data_api_base, {}}), clock_),
      notes_(*store_, blocking_, events_, clock_),
      canned_replies_(*store_, blocking_, clock_),
      labels_(*store_, blocking_, events_, clock_),
      reports_(*store_, blocking_, presence_, clock_, options.timezone),
      webhooks_(*store_, blocking_, webhook_outbox_, url_check(options.webhook_allow_private), clock_),
      webhook_delivery_(
          *store_, clock_,
          options.redis.empty() ? std::nullopt : std::optional(std::chrono::seconds(options.lease_seconds))),
      webhook_worker_(webhook_delivery_, webhook_outbox_, clock_,
                      channels::webhook::WebhookWorkerOptions{options.webhook_allow_private}),
      services_{auth_,  assistants_,     conversations_, presence_, playground_, line_,   line_inbound_,
                notes_, canned_replies_, labels_,        webhooks_, bus_,        reports_},
      queue_watch_(*store_, blocking_, bus_, events_),
      assigner_(*store_, presence_, steps_, clock_),
      requeue_(*store_, presence_, steps_, clock_),
      metrics_scraper_(metrics_, *store_, presence_, blocking_, clock_) {
  channel_deliveries_.add(core::Channel::line, line_channel_delivery_);
  services_.line_receipts = &line_receipts_;
  line_.read_quota_with(channels::line::line_quota_reader(
      channels::line::LineApi({options.line_api_base, options.line_data_api_base, {}})));
  email_ = std::make_unique<EmailFollowup>(options, *store_, blocking_, events_, clock_);
  channel_deliveries_.add_followup(core::Channel::web, email_->outbox());
  services_.resume = &email_->resume();
  files_ = std::make_unique<FileSharing>(options, *store_, blocking_, conversations_, clock_);
  services_.attachments = &files_->attachments();
  line_worker_.link_files([links = &files_->links()](const core::Attachment& file, bool preview) {
    return links->url(file.id, preview ? app::FileVariant::preview : app::FileVariant::original);
  });
  // Sockets are recorded only where e-mails may follow (a write per open and close otherwise for nothing).
  if (email_->sending()) services_.visitor_presence = &email_->presence();
  if (cluster_) {
    conversations_.share_limits(cluster_.get());
    line_inbound_.share_limits(cluster_.get());
    static const auto kQueued = std::make_shared<const std::string>(R"({"type":"line.queued"})");
    line_outbox_.tell_other_nodes([this] {
      bus_.publish({bus::topics::line_outbox(), "line.queued", kQueued, {}, 0, 0, bus::Reach::others});
    });
    line_nudges_ = bus_.subscribe(bus::topics::line_outbox(), [this](const bus::Event&) { line_worker_.wake(); });
    static const auto kWebhookQueued = std::make_shared<const std::string>(R"({"type":"webhook.queued"})");
    webhook_outbox_.tell_other_nodes([this] {
      bus_.publish({bus::topics::webhook_outbox(), "webhook.queued", kWebhookQueued, {}, 0, 0, bus::Reach::others});
    });
    webhook_nudges_ =
        bus_.subscribe(bus::topics::webhook_outbox(), [this](const bus::Event&) { webhook_worker_.wake(); });
    assistants_.on_knowledge_changed([this](const core::Id& assistant_id) {
      bus_.publish({bus::topics::knowledge(),
                    "knowledge.changed",
                    std::make_shared<const std::string>(assistant_id),
                    {},
                    0,
                    0,
                    bus::Reach::others});
    });
    knowledge_changes_ = bus_.subscribe(bus::topics::knowledge(), [this](const bus::Event& event) {
      if (event.payload) assistants_.reload_changed_elsewhere(*event.payload);
    });
  }
  {
    auto txn = store_->begin_read();
    presence_.load(txn->agents(), txn->assistants());
  }
  // Auto mode: a pass whenever the queue or someone's room changes (team operations §4.1).
  steps_.on_queue_changed([this](const app::QueueChange& change) { assigner_.queue_changed(change); });
  presence_.on_agent_available([this](const core::Id&) { assigner_.kick_all(); });
  auth_.on_roster_changed([this] { reload_roster(true); });
  assistants_.on_roster_changed([this] { reload_roster(true); });
  roster_changes_ = bus_.subscribe(bus::topics::roster(), [this](const bus::Event&) { reload_roster(false); });
  assistants_.load_all_knowledge();
  lower_priority(hashing_, options.hashing_threads);
  add_system_routes(router_, *store_, blocking_, cluster_.get());
  channels::http::add_api_routes(router_, services_);
  channels::http::add_routes(router_, services_, channels::line::line_routes());
  channels::http::add_static_routes(router_, web_files(options.demo));
  count_into_metrics();
}

void BatonApp::count_into_metrics() {
  assigner_.on_skip([this](app::AssignmentSkip why) { metrics_.assignment_skipped(why); });
  ai_replies_.on_answer_committed([this](const ai::Reply& reply) {
    const auto outcome = reply.kind == ai::ReplyKind::answer     ? app::AiOutcome::answered
                         : reply.kind == ai::ReplyKind::fallback ? app::AiOutcome::fallback
                                                                 : app::AiOutcome::handoff;
    metrics_.ai_answer(reply.by_llm ? app::AiBackend::llm : app::AiBackend::builtin, outcome);
  });
  responder_.observe_calls(
      {[this](std::chrono::duration<double> took) { metrics_.llm_request(took); },
       [this](ai::openai::LlmFailure kind) { metrics_.llm_error(static_cast<app::LlmErrorKind>(kind)); }});
  line_worker_.count_into(metrics_);
  webhook_worker_.count_into(metrics_);
  webhook_delivery_.observe_attempts([this](core::WebhookDeliveryStatus status) {
    metrics_.outbox_attempt(app::OutboxSink::webhook, status == core::WebhookDeliveryStatus::ok ? app::OutboxOutcome::ok
                                                      : status == core::WebhookDeliveryStatus::failed
                                                          ? app::OutboxOutcome::failed
                                                          : app::OutboxOutcome::retry);
  });
  metrics_scraper_.add_outbox(app::OutboxSink::webhook,
                              [](store::ReadTxn& txn) { return txn.webhook_outbox_backlog(); });
  email_->delivery().observe_attempts([this](core::SmtpOutcome outcome) {
    metrics_.outbox_attempt(app::OutboxSink::email, outcome == core::SmtpOutcome::sent     ? app::OutboxOutcome::ok
                                                    : outcome == core::SmtpOutcome::failed ? app::OutboxOutcome::failed
                                                                                           : app::OutboxOutcome::retry);
  });
  metrics_scraper_.add_outbox(app::OutboxSink::email, [](store::ReadTxn& txn) {
    const auto stats = txn.email_outbox_stats();
    return store::OutboxBacklog{stats.pending, stats.oldest_created_at};
  });
  store_->observe_commits(
      [this](std::chrono::duration<double> took, std::size_t jobs) { metrics_.store_commit(took, jobs); });
  steps_.on_event_committed([this](const app::CommittedEvent& event) { metrics_.event_committed(event); });
  steps_.on_message_committed([this](const core::Message& message, core::Channel channel) {
    metrics_.message_committed(message.sender, channel);
  });
  if (!options_.metrics_token.empty()) {
    channels::http::add_metrics_route(router_, metrics_scraper_, options_.metrics_token);
  }
  channels::http::add_metrics_route(metrics_router_, metrics_scraper_, std::nullopt);
  // Last: the HTTP series are one per route, so every route must be in.
  http_metrics_ = std::make_unique<channels::http::HttpMetrics>(router_);
  router_.observe(http_metrics_.get());
  metrics_.registry().add(*http_metrics_);
}

void BatonApp::reload_roster(bool tell_others) {
  static const auto kChanged = std::make_shared<const std::string>(R"({"type":"roster.changed"})");
  if (tell_others) bus_.publish({bus::topics::roster(), "roster.changed", kChanged, {}, 0, 0, bus::Reach::others});
  asio::post(blocking_, [this] {
    try {
      auto txn = store_->begin_read();
      presence_.reload_roster(txn->agents(), txn->assistants());
      assigner_.kick_all();  // a capacity, a membership or the mode changed
    } catch (const std::exception& error) {
      spdlog::warn("event=roster_reload_failed error=\"{}\"", error.what());
    }
  });
}

void BatonApp::sweep_requeues() {
  // Without Redis the other nodes' agents look gone (their heartbeats stop arriving): requeuing
  // their conversations would be wrong, so the sweep waits for the bus.
  if (cluster_ && !cluster_->redis_connected()) return;
  if (sweeping_.exchange(true)) return;
  asio::post(blocking_, [this] {
    try {
      requeue_.sweep();
    } catch (const std::exception& error) {
      spdlog::warn("event=requeue_sweep_failed error=\"{}\"", error.what());
    }
    sweeping_ = false;
  });
}

void BatonApp::resume_ai_answers() {
  if (resuming_ai_.exchange(true)) return;  // one pass at a time
  asio::post(blocking_, [this] {
    try {
      ai_replies_.resume_due();
    } catch (const std::exception& error) {
      spdlog::warn("event=ai_jobs_resume_failed error=\"{}\"", error.what());
    }
    resuming_ai_ = false;
  });
}

BatonApp::~BatonApp() {
  assigner_.stop();   // waits for a running pass: none starts after it
  responder_.stop();  // an answer still streaming must not hold up the join below
  hashing_.join();
  blocking_.join();
}

int BatonApp::serve() {
  const auto endpoint = parse_listen_address(options_.listen);
  raise_open_file_limit();
  const int io_threads = options_.io_threads > 0 ? options_.io_threads
                                                 : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  asio::io_context io(io_threads);
  channels::ws::SocketOptions socket_options;
  socket_options.max_sockets_per_visitor = options_.max_sockets_per_visitor;
  socket_options.agent_metrics = {&metrics_.ws_connections(app::SocketKind::agent),
                                  &metrics_.ws_dropped_slow_clients(app::SocketKind::agent)};
  socket_options.widget_metrics = {&metrics_.ws_connections(app::SocketKind::widget),
                                   &metrics_.ws_dropped_slow_clients(app::SocketKind::widget)};
  channels::http::HttpServer server(io, endpoint, router_, channels::ws::socket_endpoints(services_, socket_options),
                                    server_config(options_, files_->max_upload_bytes()));
  server.start();
  {
    const auto bound = server.local_endpoint();
    files_->start(io, "http://" + bound.address().to_string() + ":" + std::to_string(bound.port()));
  }
  std::optional<channels::http::HttpServer> metrics_server;
  if (!options_.metrics_listen.empty()) {
    metrics_server.emplace(io, parse_listen_address(options_.metrics_listen), metrics_router_, no_sockets);
    metrics_server->start();
  }
  // Agents whose grace period ran out stop counting as available; idle sessions end.
  asio::co_spawn(io, every(std::chrono::seconds(1), "presence", [this] { presence_.tick(); }), asio::detached);
  // Conversations whose agent went away return to the queue (team operations §4.2).
  asio::co_spawn(io, every(std::chrono::seconds(1), "requeue", [this] { sweep_requeues(); }), asio::detached);
  assigner_.kick_all();  // whatever waited while no node ran
  asio::co_spawn(io, every(std::chrono::seconds(60), "sessions", [this] { auth_.end_idle_sessions(); }),
                 asio::detached);
  // Presence history for the reports' available time and utilization (team operations §4.10).
  asio::co_spawn(io, every(core::kAvailabilitySamplePeriod, "availability", [this] { reports_.sample_availability(); }),
                 asio::detached);
  // AI answers whose node died first (this one, before a restart; another, in a cluster).
  asio::co_spawn(io, every(std::chrono::seconds(2), "ai_jobs", [this] { resume_ai_answers(); }), asio::detached);
  line_worker_.start();     // also resumes what a previous run left in the outbox
  webhook_worker_.start();  // the same for webhooks
  // Knowledge changed while Redis was away: read every assistant's again, in order with the
  // reloads that come through the bus.
  auto reload_all_knowledge = [this] {
    for (const auto& assistant : store_->begin_read()->assistants()) assistants_.reload_changed_elsewhere(assistant.id);
    reload_roster(false);  // routing settings and business hours changed meanwhile, too
  };
  if (cluster_) cluster_->start(io, presence_, reload_all_knowledge);

  // Drain: accept no more, close every socket with 1012 (its client reconnects, to another node
  // behind the load balancer), give the closes a moment to go out, then stop. Queued store jobs
  // are finished when the store closes.
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int signal) {
    spdlog::info("event=stopping signal={} open_sockets={}", signal, channels::ws::SocketSession::open_sessions());
    server.stop();
    if (metrics_server) metrics_server->stop();
    static const auto kDraining = std::make_shared<const std::string>(R"({"type":"node.draining"})");
    bus_.publish({bus::topics::node(), "node.draining", kDraining, {}, 0, 0, bus::Reach::node});
    asio::co_spawn(io, stop_when_sockets_closed(io), asio::detached);
  });

  const auto bound = server.local_endpoint();
  const std::string base = "http://" + bound.address().to_string() + ":" + std::to_string(bound.port());
  std::cout << "baton " << BATON_VERSION << " listening on " << base << "\n";
  std::cout << "  console:   " << base << "/\n";
  std::cout << "  api:       " << base << "/api/v1  (docs/openapi.yaml)\n";
  if (metrics_server) {
    const auto metrics_bound = metrics_server->local_endpoint();
    std::cout << "  metrics:   http://" << metrics_bound.address().to_string() << ":" << metrics_bound.port()
              << "/metrics\n";
  }
  if (demo_) {
    std::cout << "  login:     " << demo_->email << " / " << demo_->password << "\n";
    std::cout << "  demo shop: " << base << "/demo\n";
    std::cout << "  assistant: " << demo_->assistant_id << "\n";
  }
  std::cout << std::flush;
  email_->start(base);  // also sends what a previous run left due
  // Visitors still on a socket here are seen now, for every node's e-mail worker.
  asio::co_spawn(io,
                 every(std::chrono::duration_cast<std::chrono::milliseconds>(app::kVisitorSeenEvery),
                       "visitor_presence", [this] { email_->presence().refresh(); }),
                 asio::detached);
  spdlog::info("event=ready listen={} data={} io_threads={}", base,
               describe(StoreLocation{options_.data, options_.database}), io_threads);

  std::vector<std::thread> threads;
  for (int i = 1; i < io_threads; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& thread : threads) thread.join();
  // Outside peers cannot hold up the exit: the LLM answers being streamed on the blocking pool
  // (joined by ~BatonApp) and LINE calls in flight are cancelled.
  responder_.stop();
  line_worker_.stop();
  email_->stop();
  webhook_worker_.stop();
  return 0;
}

}  // namespace baton::main
