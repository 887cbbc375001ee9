#include "app/assistant_service.hpp"

#include <spdlog/spdlog.h>

#include "app/ids.hpp"
#include "core/conversation_rules.hpp"
#include "core/csat.hpp"
#include "core/fields.hpp"
#include "core/limits.hpp"
#include "core/text.hpp"

namespace baton::app {
namespace {

// Applies the given fields to an assistant; nothing changes when any field is invalid.
core::Result<core::Assistant> apply_fields(core::Assistant assistant, const AssistantFields& fields) {
  if (fields.name) {
    auto name = core::validate_short_text("name", *fields.name, core::kMaxNameChars);
    if (!name) return tl::unexpected(name.error());
    assistant.name = *name;
  }
  if (fields.greeting) {
    auto greeting = core::validate_optional_text("greeting", *fields.greeting, core::kMaxGreetingChars);
    if (!greeting) return tl::unexpected(greeting.error());
    assistant.greeting = *greeting;
  }
  if (fields.offline_message) {
    auto offline = core::validate_optional_text("offline_message", *fields.offline_message, core::kMaxGreetingChars);
    if (!offline) return tl::unexpected(offline.error());
    assistant.offline_message = *offline;
  }
  if (fields.live_agent_enabled) assistant.live_agent_enabled = *fields.live_agent_enabled;
  if (fields.llm_base_url) assistant.llm.base_url = *fields.llm_base_url;
  if (fields.llm_model) assistant.llm.model = *fields.llm_model;
  if (fields.llm_api_key_env) assistant.llm.api_key_env = *fields.llm_api_key_env;
  if (fields.routing_mode) assistant.routing.mode = *fields.routing_mode;
  if (fields.default_capacity) assistant.routing.default_capacity = *fields.default_capacity;
  if (fields.requeue_after_s) assistant.routing.requeue_after_s = *fields.requeue_after_s;
  if (fields.route_after_hours) assistant.routing.route_after_hours = *fields.route_after_hours;
  if (fields.business_hours) assistant.business_hours = *fields.business_hours;
  if (fields.csat_enabled) assistant.csat.enabled = *fields.csat_enabled;
  if (fields.csat_question) {
    auto question = core::validate_csat_question(*fields.csat_question);
    if (!question) return tl::unexpected(question.error());
    assistant.csat.question = *question;
  }
  if (fields.email_followup) assistant.email_followup = *fields.email_followup;
  if (fields.email_followup_delay_s) assistant.email_followup_delay_s = *fields.email_followup_delay_s;
  auto llm = core::validate_llm_settings(assistant.llm);
  if (!llm) return tl::unexpected(llm.error());
  assistant.llm = std::move(*llm);
  return assistant;
}

core::Error forbidden_to_change() { return core::Error{core::ErrorCode::forbidden, "only admins change assistants"}; }

core::Error no_assistant() { return core::Error{core::ErrorCode::not_found, "no such assistant"}; }

}  // namespace

AssistantService::AssistantService(store::Store& store, asio::thread_pool& pool, ai::Responder& responder,
                                   PresenceService& presence, ClockFn clock)
    : store_(store),
      pool_(pool),
      knowledge_strand_(asio::make_strand(pool)),
      responder_(responder),
      presence_(presence),
      clock_(std::move(clock)) {}

core::Result<core::Assistant> AssistantService::insert_assistant(store::WriteTxn& txn, AssistantFields fields,
                                                                 core::TimePoint now) {
  if (!fields.name) return core::fail(core::ErrorCode::invalid_field, "name is required");
  core::Assistant blank;
  blank.id = new_id("asst");
  blank.created_at = blank.updated_at = now;
  auto assistant = apply_fields(std::move(blank), fields);
  if (!assistant) return assistant;
  txn.insert_assistant(*assistant);
  return assistant;
}

core::Result<core::KnowledgeEntry> AssistantService::insert_knowledge(store::WriteTxn& txn,
                                                                      const core::Id& assistant_id,
                                                                      std::string question, std::string answer,
                                                                      core::TimePoint now) {
  auto valid = core::validate_knowledge(question, answer);
  if (!valid) return tl::unexpected(valid.error());
  if (!txn.assistant(assistant_id)) return tl::unexpected(no_assistant());
  core::KnowledgeEntry entry{new_id("kn"), assistant_id, valid->first, valid->second, now, now};
  txn.insert_knowledge(entry);
  return entry;
}

asio::awaitable<void> AssistantService::reload_knowledge(core::Id assistant_id) {
  // Reads what is committed now, on one strand: reloads never overtake each other, and the
  // caller answers only once the AI knows the change.
  auto reload = [this, assistant_id] { return load_from_store(assistant_id); };
  co_await offload(knowledge_strand_, std::move(reload));
  if (tell_) tell_(assistant_id);
}

bool AssistantService::load_from_store(const core::Id& assistant_id) {
  auto txn = store_.begin_read();
  if (!txn->assistant(assistant_id)) return false;
  responder_.load_knowledge(assistant_id, txn->knowledge(assistant_id));
  return true;
}

void AssistantService::reload_changed_elsewhere(const core::Id& assistant_id) {
  asio::post(knowledge_strand_, [this, assistant_id] {
    try {
      // An assistant created on another node is new here too: presence counts for it.
      load_from_store(assistant_id);
    } catch (const std::exception& error) {
      spdlog::warn("event=knowledge_reload_failed assistant={} error=\"{}\"", assistant_id, error.what());
    } catch (...) {
      spdlog::warn("event=knowledge_reload_failed assistant={} error=unknown", assistant_id);
    }
  });
}

asio::awaitable<core::Result<core::Assistant>> AssistantService::create(const Principal& by, AssistantFields fields) {
  if (!core::may_manage_assistants(by.agent.role)) co_return tl::unexpected(forbidden_to_change());
  auto apply = [fields = std::move(fields), now = clock_()](store::WriteTxn& txn) {
    return insert_assistant(txn, fields, now);
  };
  auto created = co_await commit<core::Assistant>(store_, std::move(apply));
  if (created) {
    presence_.update_assistant(*created);
    responder_.load_knowledge(created->id, {});
    if (tell_) tell_(created->id);
    if (roster_changed_) roster_changed_();
  }
  co_return created;
}

asio::awaitable<core::Result<core::Assistant>> AssistantService::update(const Principal& by, core::Id id,
                                                                        AssistantFields fields) {
  if (!core::may_manage_assistants(by.agent.role)) co_return tl::unexpected(forbidden_to_change());
  auto apply = [id, fields = std::move(fields), now = clock_()](store::WriteTxn& txn) -> core::Result<core::Assistant> {
    auto current = txn.assistant(id);
    if (!current) return tl::unexpected(no_assistant());
    auto next = apply_fields(*current, fields);
    if (!next) return next;
    next->updated_at = now;
    txn.update_assistant(*next);
    return next;
  };
  auto updated = co_await commit<core::Assistant>(store_, std::move(apply));
  if (updated) {
    presence_.update_assistant(*updated);
    if (roster_changed_) roster_changed_();
  }
  co_return updated;
}

asio::awaitable<core::Result<core::Assistant>> AssistantService::get(core::Id id) {
  auto query = [id](store::ReadTxn& txn) { return txn.assistant(id); };
  auto found = co_await read(store_, pool_, std::move(query));
  if (!found) co_return tl::unexpected(no_assistant());
  co_return *found;
}

asio::awaitable<core::Result<WidgetConfig>> AssistantService::widget_config(core::Id id) {
  auto assistant = co_await get(std::move(id));
  if (!assistant) co_return tl::unexpected(assistant.error());
  const int on_duty = presence_.on_duty(assistant->id);
  auto hours = core::hours_status(assistant->business_hours, clock_());
  co_return WidgetConfig{std::move(*assistant), on_duty, hours};
}

asio::awaitable<core::Result<core::HoursStatus>> AssistantService::hours_status(core::Id id, core::TimePoint at) {
  auto assistant = co_await get(std::move(id));
  if (!assistant) co_return tl::unexpected(assistant.error());
  co_return core::hours_status(assistant->business_hours, at);
}

asio::awaitable<std::vector<core::Assistant>> AssistantService::list() {
  co_return co_await read(store_, pool_, [](store::ReadTxn& txn) { return txn.assistants(); });
}

asio::awaitable<core::Result<core::KnowledgeEntry>> AssistantService::add_knowledge(core::Id assistant_id,
                                                                                    std::string question,
                                                                                    std::string answer) {
  auto apply = [assistant_id, question = std::move(question), answer = std::move(answer),
                now = clock_()](store::WriteTxn& txn) -> core::Result<core::KnowledgeEntry> {
    return insert_knowledge(txn, assistant_id, question, answer, now);
  };
  auto added = co_await commit<core::KnowledgeEntry>(store_, std::move(apply));
  if (added) co_await reload_knowledge(assistant_id);
  co_return added;
}

asio::awaitable<core::Result<core::KnowledgeEntry>> AssistantService::update_knowledge(core::Id assistant_id,
                                                                                       core::Id id,
                                                                                       std::string question,
                                                                                       std::string answer) {
  auto apply = [assistant_id, id, question = std::move(question), answer = std::move(answer),
                now = clock_()](store::WriteTxn& txn) -> core::Result<core::KnowledgeEntry> {
    auto valid = core::validate_knowledge(question, answer);
    if (!valid) return tl::unexpected(valid.error());
    auto entry = txn.knowledge_entry(assistant_id, id);
    if (!entry) return core::fail(core::ErrorCode::not_found, "no such knowledge entry");
    entry->question = valid->first;
    entry->answer = valid->second;
    entry->updated_at = now;
    txn.update_knowledge(*entry);
    return *entry;
  };
  auto updated = co_await commit<core::KnowledgeEntry>(store_, std::move(apply));
  if (updated) co_await reload_knowledge(assistant_id);
  co_return updated;
}

asio::awaitable<core::Result<bool>> AssistantService::delete_knowledge(core::Id assistant_id, core::Id id) {
  auto apply = [assistant_id, id](store::WriteTxn& txn) -> core::Result<bool> {
    if (!txn.delete_knowledge(assistant_id, id)) {
      return core::fail(core::ErrorCode::not_found, "no such knowledge entry");
    }
    return true;
  };
  auto deleted = co_await commit<bool>(store_, std::move(apply));
  if (deleted) co_await reload_knowledge(assistant_id);
  co_return deleted;
}

asio::awaitable<core::Result<std::vector<core::KnowledgeEntry>>> AssistantService::list_knowledge(
    core::Id assistant_id) {
  auto query = [assistant_id](store::ReadTxn& txn) {
    return txn.assistant(assistant_id) ? std::optional(txn.knowledge(assistant_id)) : std::nullopt;
  };
  auto entries = co_await read(store_, pool_, std::move(query));
  if (!entries) co_return tl::unexpected(no_assistant());
  co_return std::move(*entries);
}

asio::awaitable<core::Result<int>> AssistantService::import_knowledge(core::Id assistant_id,
                                                                      std::vector<KnowledgeText> entries,
                                                                      bool replace) {
  if (entries.empty()) co_return core::fail(core::ErrorCode::invalid_field, "nothing to import");
  if (entries.size() > core::kMaxImportEntries) {
    co_return core::fail(core::ErrorCode::invalid_field,
                         "at most " + std::to_string(core::kMaxImportEntries) + " entries per import");
  }
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto valid = core::validate_knowledge(entries[i].question, entries[i].answer);
    if (!valid)
      co_return core::fail(valid.error().code, "entry " + std::to_string(i + 1) + ": " + valid.error().message);
  }
  auto apply = [assistant_id, entries = std::move(entries), replace,
                now = clock_()](store::WriteTxn& txn) -> core::Result<int> {
    if (!txn.assistant(assistant_id)) return tl::unexpected(no_assistant());
    if (replace) {
      for (const auto& old : txn.knowledge(assistant_id)) txn.delete_knowledge(assistant_id, old.id);
    }
    for (const auto& entry : entries) {
      auto added = insert_knowledge(txn, assistant_id, entry.question, entry.answer, now);
      if (!added) return tl::unexpected(added.error());
    }
    return static_cast<int>(entries.size());
  };
  auto imported = co_await commit<int>(store_, std::move(apply));
  if (imported) co_await reload_knowledge(assistant_id);
  co_return imported;
}

void AssistantService::load_all_knowledge() {
  auto txn = store_.begin_read();
  for (const auto& assistant : txn->assistants()) {
    responder_.load_knowledge(assistant.id, txn->knowledge(assistant.id));
  }
}

}  // namespace baton::app
