// Wires the concrete pieces (SQLite store, local bus, built-in AI, services, HTTP server) in one
// place, and runs them until SIGINT or SIGTERM.
#pragma once

#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <optional>

#include "ai/builtin/builtin_responder.hpp"
#include "ai/openai/openai_responder.hpp"
#include "app/assigner.hpp"
#include "app/line_channel_delivery.hpp"
#include "app/metrics/baton_metrics.hpp"
#include "app/metrics/metrics_scraper.hpp"
#include "app/queue_watch.hpp"
#include "app/requeue_sweep.hpp"
#include "app/services.hpp"
#include "bus/local_bus.hpp"
#include "channels/http/http_metrics.hpp"
#include "channels/http/router.hpp"
#include "channels/line/line_delivery_worker.hpp"
#include "channels/webhook/webhook_worker.hpp"
#include "main/cluster_node.hpp"
#include "main/demo_seed.hpp"
#include "main/email_followup.hpp"
#include "main/file_sharing.hpp"
#include "main/server_options.hpp"
#include "store/store.hpp"

namespace baton::main {

class BatonApp {
 public:
  // Opens the store (seeding the demo when asked) and builds every service and route.
  explicit BatonApp(const ServerOptions& options);
  ~BatonApp();

  const channels::http::Router& router() const { return router_; }
  // The e-mail follow-up, for its metrics hooks (delivery().outbox_stats(), attempt_counts()).
  EmailFollowup& email_followup() { return *email_; }
  // Serves until SIGINT or SIGTERM; prints the URLs on stdout once listening.
  int serve();

 private:
  void resume_ai_answers();

  ServerOptions options_;
  app::BatonMetrics metrics_;            // /metrics: declared before anything that counts
  std::unique_ptr<store::Store> store_;  // SQLite, or PostgreSQL with --database
  std::optional<DemoLogin> demo_;
  ai::builtin::BuiltinResponder builtin_;
  ai::openai::OpenAiResponder responder_;  // the LLM where an assistant has one, else builtin_
  boost::asio::thread_pool blocking_;
  boost::asio::thread_pool hashing_;  // argon2id only: a login storm waits here, nobody else does
  app::ClockFn clock_;
  std::shared_ptr<bus::LocalBus> local_bus_;  // one node
  std::unique_ptr<ClusterNode> cluster_;      // several nodes (--redis): the Redis bus and the rest
  bus::EventBus& bus_;
  app::EventPublisher events_;
  app::PresenceService presence_;
  app::AuthService auth_;
  app::AssistantService assistants_;
  app::LineOutbox line_outbox_;
  app::LineChannelDelivery line_channel_delivery_;
  app::ChannelDeliveries channel_deliveries_;  // LINE's, added in the constructor
  app::WebhookOutbox webhook_outbox_;          // before steps_, which tells it
  app::ConversationSteps steps_;
  app::AiReplies ai_replies_;
  app::ConversationService conversations_;
  app::PlaygroundService playground_;
  app::LineChannelService line_;
  app::LineInboundService line_inbound_;
  app::LineReadReceipts line_receipts_;
  app::LineDeliveryService line_delivery_;
  channels::line::LineDeliveryWorker line_worker_;
  app::NoteService notes_;
  app::CannedReplyService canned_replies_;
  app::LabelService labels_;
  app::ReportService reports_;
  app::WebhookService webhooks_;
  app::WebhookDeliveryService webhook_delivery_;
  channels::webhook::WebhookWorker webhook_worker_;
  app::Services services_;
  app::QueueWatch queue_watch_;
  app::Assigner assigner_;                 // auto mode's passes
  app::RequeueSweep requeue_;              // conversations whose agent went away
  std::atomic<bool> sweeping_ = false;     // one requeue sweep at a time
  bus::Subscription roster_changes_;       // several nodes: another node changed who serves whom
  bus::Subscription line_nudges_;          // several nodes: another node queued LINE work
  bus::Subscription webhook_nudges_;       // several nodes: another node queued webhook deliveries
  bus::Subscription knowledge_changes_;    // several nodes: another node changed an assistant's knowledge
  std::atomic<bool> resuming_ai_ = false;  // one pass over the due AI jobs at a time
  // Reads agents and assistants again for presence and routing, here and (told) on other nodes.
  void reload_roster(bool tell_others);
  void sweep_requeues();
  void count_into_metrics();
  std::unique_ptr<EmailFollowup> email_;  // e-mail follow-up of offline visitors (§4.12)
  std::unique_ptr<FileSharing> files_;    // pictures and files in messages (issue 16)
  channels::http::Router router_;
  app::MetricsScraper metrics_scraper_;
  channels::http::Router metrics_router_;  // --metrics-listen: GET /metrics only
  std::unique_ptr<channels::http::HttpMetrics> http_metrics_;
};

}  // namespace baton::main
