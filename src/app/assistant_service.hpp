// Assistants (admins change them, any agent reads them) and their knowledge (any agent teaches);
// every knowledge change reaches the AI at once.
#pragma once

#include <boost/asio/strand.hpp>
#include <optional>
#include <string>

#include "ai/responder.hpp"
#include "app/async.hpp"
#include "app/auth_service.hpp"
#include "core/business_hours.hpp"

namespace baton::app {

// The fields a create or a PATCH may set; absent ones stay as they are (or default).
struct AssistantFields {
  std::optional<std::string> name;
  std::optional<std::string> greeting;
  std::optional<bool> live_agent_enabled;
  std::optional<std::string> offline_message;
  std::optional<std::string> llm_base_url;
  std::optional<std::string> llm_model;
  std::optional<std::string> llm_api_key_env;
  // Routing (team operations §4.1, §4.2, §4.9).
  std::optional<core::RoutingMode> routing_mode;
  std::optional<std::optional<int>> default_capacity;  // set to nothing: no default
  std::optional<int> requeue_after_s;
  std::optional<bool> route_after_hours;
  std::optional<core::BusinessHours> business_hours;  // already validated
  // Satisfaction surveys (§4.8).
  std::optional<bool> csat_enabled;
  std::optional<std::string> csat_question;
  // E-mail follow-up (team operations §4.12); the delay already within its bounds.
  std::optional<bool> email_followup;
  std::optional<int> email_followup_delay_s;
};

struct KnowledgeText {
  std::string question;
  std::string answer;
};

// What the widget needs to show before a conversation starts.
struct WidgetConfig {
  core::Assistant assistant;
  int agents_online = 0;
  core::HoursStatus hours;  // open_now, next_open_at
};

class AssistantService {
 public:
  AssistantService(store::Store& store, asio::thread_pool& pool, ai::Responder& responder, PresenceService& presence,
                   ClockFn clock);

  asio::awaitable<core::Result<core::Assistant>> create(const Principal& by, AssistantFields fields);
  asio::awaitable<core::Result<core::Assistant>> update(const Principal& by, core::Id id, AssistantFields fields);
  asio::awaitable<core::Result<core::Assistant>> get(core::Id id);
  asio::awaitable<core::Result<WidgetConfig>> widget_config(core::Id id);
  // Whether the assistant's team is open at `at`, and its next opening and closing.
  asio::awaitable<core::Result<core::HoursStatus>> hours_status(core::Id id, core::TimePoint at);
  asio::awaitable<std::vector<core::Assistant>> list();

  asio::awaitable<core::Result<core::KnowledgeEntry>> add_knowledge(core::Id assistant_id, std::string question,
                                                                    std::string answer);
  asio::awaitable<core::Result<core::KnowledgeEntry>> update_knowledge(core::Id assistant_id, core::Id id,
                                                                       std::string question, std::string answer);
  asio::awaitable<core::Result<bool>> delete_knowledge(core::Id assistant_id, core::Id id);
  asio::awaitable<core::Result<std::vector<core::KnowledgeEntry>>> list_knowledge(core::Id assistant_id);
  // Many entries at once, all or nothing (a bad one is named by its 1-based place and nothing
  // is stored); `replace` deletes the assistant's current knowledge first. Answers how many.
  asio::awaitable<core::Result<int>> import_knowledge(core::Id assistant_id, std::vector<KnowledgeText> entries,
                                                      bool replace);

  // Used by `--demo` and tests: creates an assistant with knowledge in one write.
  static core::Result<core::Assistant> insert_assistant(store::WriteTxn& txn, AssistantFields fields,
                                                        core::TimePoint now);
  static core::Result<core::KnowledgeEntry> insert_knowledge(store::WriteTxn& txn, const core::Id& assistant_id,
                                                             std::string question, std::string answer,
                                                             core::TimePoint now);

  // Loads every assistant's knowledge into the responder (at start).
  void load_all_knowledge();

  // Several nodes. Told of each assistant whose knowledge this node changed (or that it
  // created), to tell the others; set before serving.
  void on_knowledge_changed(std::function<void(const core::Id&)> tell) { tell_ = std::move(tell); }
  // Routing settings or business hours changed (other nodes reload their roster).
  void on_roster_changed(std::function<void()> changed) { roster_changed_ = std::move(changed); }
  // Another node changed an assistant's knowledge: read it again (in the background, in order
  // with this node's own reloads).
  void reload_changed_elsewhere(const core::Id& assistant_id);

 private:
  // Hands the assistant's knowledge, as committed, to the responder.
  asio::awaitable<void> reload_knowledge(core::Id assistant_id);
  // The same, on the knowledge strand; false when there is no such assistant.
  bool load_from_store(const core::Id& assistant_id);

  store::Store& store_;
  asio::thread_pool& pool_;
  asio::strand<asio::thread_pool::executor_type> knowledge_strand_;
  ai::Responder& responder_;
  PresenceService& presence_;
  ClockFn clock_;
  std::function<void(const core::Id&)> tell_;
  std::function<void()> roster_changed_;
};

}  // namespace baton::app
