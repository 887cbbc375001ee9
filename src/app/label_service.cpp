#include "app/label_service.hpp"

#include <algorithm>

namespace baton::app {
namespace {

core::Result<void> admins_only(const core::Actor& actor) {
  if (actor.role != core::Role::admin) return core::fail(core::ErrorCode::forbidden, "only an admin edits the labels");
  return {};
}

}  // namespace

asio::awaitable<core::Result<std::vector<core::Label>>> LabelService::list() {
  auto read_labels = [](store::ReadTxn& txn) -> core::Result<std::vector<core::Label>> { return txn.labels(); };
  co_return co_await read(store_, pool_, std::move(read_labels));
}

asio::awaitable<core::Result<core::Label>> LabelService::create(core::Actor admin, std::string raw_name,
                                                                std::string raw_color) {
  if (auto allowed = admins_only(admin); !allowed) co_return tl::unexpected(allowed.error());
  auto name = core::validate_label_name(raw_name);
  if (!name) co_return tl::unexpected(name.error());
  auto color = core::validate_label_color(raw_color);
  if (!color) co_return tl::unexpected(color.error());
  core::Label label{std::move(*name), std::move(*color), clock_()};
  auto apply = [label](store::WriteTxn& txn) -> core::Result<core::Label> {
    const auto catalog = txn.labels();
    if (std::any_of(catalog.begin(), catalog.end(), [&](const core::Label& l) { return l.name == label.name; })) {
      return core::fail(core::ErrorCode::already_exists, "a label named \"" + label.name + "\" already exists");
    }
    if (catalog.size() >= core::kMaxCatalogLabels) {
      return core::fail(core::ErrorCode::invalid_state, "the catalog already holds 500 labels");
    }
    txn.insert_label(label);
    return label;
  };
  co_return co_await commit<core::Label>(store_, std::move(apply));
}

asio::awaitable<core::Result<bool>> LabelService::remove(core::Actor admin, std::string raw_name) {
  if (auto allowed = admins_only(admin); !allowed) co_return tl::unexpected(allowed.error());
  auto name = core::validate_label_name(raw_name);
  if (!name) co_return core::fail(core::ErrorCode::not_found, "no such label");
  auto apply = [this, admin, name = std::move(*name)](store::WriteTxn& txn) -> core::Result<bool> {
    // No conversation takes the label from here on (an apply waits, then gets 400), so the
    // carriers read next are all of them; they are locked (in the global order) and rewritten.
    if (!txn.lock_label(name)) return core::fail(core::ErrorCode::not_found, "no such label");
    const auto carriers = txn.conversations_labelled(name);
    std::vector<store::LockKey> keys;
    for (const auto& id : carriers) keys.push_back({store::LockKey::Table::conversation, id});
    txn.lock_rows(std::move(keys));
    for (const auto& id : carriers) {
      auto conversation = txn.conversation(id);
      if (!conversation) continue;
      auto labels = conversation->labels;
      std::erase(labels, name);
      relabel(txn, *conversation, std::move(labels), admin);
    }
    if (!txn.delete_label(name)) return core::fail(core::ErrorCode::not_found, "no such label");
    return true;
  };
  co_return co_await commit<bool>(store_, std::move(apply));
}

asio::awaitable<core::Result<core::Conversation>> LabelService::apply(core::Actor agent, core::Id conversation_id,
                                                                      std::vector<std::string> requested) {
  auto apply = [this, agent, conversation_id,
                requested = std::move(requested)](store::WriteTxn& txn) -> core::Result<core::Conversation> {
    auto conversation = txn.conversation(conversation_id);
    if (!conversation) return core::fail(core::ErrorCode::not_found, "no such conversation");
    auto labels = core::labels_to_apply(requested, txn.labels());
    if (!labels) return tl::unexpected(labels.error());
    if (*labels == conversation->labels) return *conversation;
    return relabel(txn, *conversation, std::move(*labels), agent);
  };
  co_return co_await commit<core::Conversation>(store_, std::move(apply), store::conversation_lock(conversation_id));
}

core::Conversation LabelService::relabel(store::WriteTxn& txn, const core::Conversation& conversation,
                                         std::vector<std::string> labels, const core::Actor& actor) {
  txn.set_conversation_labels(conversation.id, labels);
  core::LogEvent changed{core::LogEventType::labels_changed, core::ActorType::agent};
  changed.actor_id = actor.agent_id;
  changed.labels = labels;
  const auto assistant = txn.assistant(conversation.assistant_id);
  log_.record(txn, conversation, changed, assistant ? assistant->business_hours : core::BusinessHours{});
  auto after = *txn.conversation(conversation.id);
  txn.after_commit([this, after] { events_.conversation_updated(after); });
  return after;
}

}  // namespace baton::app
