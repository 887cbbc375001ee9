#include "app/canned_reply_service.hpp"

#include <spdlog/spdlog.h>

#include "app/ids.hpp"

namespace baton::app {

core::Result<CannedReplyInput> CannedReplyService::validate(const CannedReplyInput& input) {
  auto shortcut = core::validate_shortcut(input.shortcut);
  if (!shortcut) return tl::unexpected(shortcut.error());
  auto text = core::validate_canned_text(input.text);
  if (!text) return tl::unexpected(text.error());
  return CannedReplyInput{input.assistant_id, std::move(*shortcut), std::move(*text)};
}

std::optional<core::Error> CannedReplyService::conflict(store::WriteTxn& txn, const core::CannedReply& reply) {
  if (reply.assistant_id && !txn.assistant(*reply.assistant_id)) {
    return core::Error{core::ErrorCode::invalid_field, "assistant_id: no such assistant"};
  }
  auto taken = txn.canned_reply_by_shortcut(reply.assistant_id, reply.shortcut);
  if (taken && taken->id != reply.id) {
    return core::Error{core::ErrorCode::already_exists,
                       "a canned reply with the shortcut /" + taken->shortcut + " already exists here"};
  }
  return std::nullopt;
}

asio::awaitable<core::Result<std::vector<CannedReplyView>>> CannedReplyService::search(core::Actor agent,
                                                                                       CannedReplyQuery query) {
  auto find = [query, agent](store::ReadTxn& txn) -> core::Result<std::vector<CannedReplyView>> {
    auto assistant_id = query.assistant_id;
    std::optional<core::TemplateValues> values;
    if (query.conversation_id) {
      auto conversation = txn.conversation(*query.conversation_id);
      if (!conversation) return core::fail(core::ErrorCode::not_found, "no such conversation");
      auto assistant = txn.assistant(conversation->assistant_id);
      auto me = txn.agent(agent.agent_id);
      assistant_id = conversation->assistant_id;
      values = core::TemplateValues{conversation->contact.name, me ? me->name : "", assistant ? assistant->name : ""};
    } else if (assistant_id && !txn.assistant(*assistant_id)) {
      return core::fail(core::ErrorCode::not_found, "no such assistant");
    }
    auto found = core::search_canned_replies(txn.canned_replies(assistant_id), query.q);
    if (found.size() > static_cast<std::size_t>(query.limit)) found.resize(static_cast<std::size_t>(query.limit));
    std::vector<CannedReplyView> views;
    views.reserve(found.size());
    for (auto& reply : found) {
      std::optional<std::string> rendered;
      if (values) rendered = core::render_canned_text(reply.text, *values);
      views.push_back(CannedReplyView{std::move(reply), std::move(rendered)});
    }
    return views;
  };
  co_return co_await read(store_, pool_, std::move(find));
}

asio::awaitable<core::Result<core::CannedReply>> CannedReplyService::create(core::Actor agent, CannedReplyInput input) {
  auto valid = validate(input);
  if (!valid) co_return tl::unexpected(valid.error());
  core::CannedReply reply;
  reply.id = new_id("cr");
  reply.assistant_id = valid->assistant_id;
  reply.shortcut = std::move(valid->shortcut);
  reply.text = std::move(valid->text);
  reply.created_by = agent.agent_id;
  reply.updated_by = agent.agent_id;
  reply.created_at = reply.updated_at = clock_();
  auto apply = [reply](store::WriteTxn& txn) -> core::Result<core::CannedReply> {
    if (auto error = conflict(txn, reply)) return tl::unexpected(*error);
    if (txn.canned_reply_count() >= kMaxCannedReplies) {
      return core::fail(core::ErrorCode::invalid_state, "there are already 2000 canned replies; delete some first");
    }
    txn.insert_canned_reply(reply);
    txn.after_commit([reply] {
      spdlog::info("event=canned_reply_created id={} shortcut={} by={}", reply.id, reply.shortcut, *reply.created_by);
    });
    return reply;
  };
  co_return co_await commit<core::CannedReply>(store_, std::move(apply));
}

asio::awaitable<core::Result<core::CannedReply>> CannedReplyService::update(core::Actor agent, core::Id id,
                                                                            CannedReplyInput input) {
  auto valid = validate(input);
  if (!valid) co_return tl::unexpected(valid.error());
  auto apply = [this, agent, id, valid = std::move(*valid)](store::WriteTxn& txn) -> core::Result<core::CannedReply> {
    auto reply = txn.canned_reply(id);
    if (!reply) return core::fail(core::ErrorCode::not_found, "no such canned reply");
    reply->assistant_id = valid.assistant_id;
    reply->shortcut = valid.shortcut;
    reply->text = valid.text;
    reply->updated_by = agent.agent_id;
    reply->updated_at = clock_();
    if (auto error = conflict(txn, *reply)) return tl::unexpected(*error);
    txn.update_canned_reply(*reply);
    txn.after_commit([id, agent] { spdlog::info("event=canned_reply_updated id={} by={}", id, agent.agent_id); });
    return *reply;
  };
  co_return co_await commit<core::CannedReply>(store_, std::move(apply));
}

asio::awaitable<core::Result<bool>> CannedReplyService::remove(core::Actor agent, core::Id id) {
  auto apply = [id, agent](store::WriteTxn& txn) -> core::Result<bool> {
    const auto reply = txn.canned_reply(id);
    if (!reply || !txn.delete_canned_reply(id)) return core::fail(core::ErrorCode::not_found, "no such canned reply");
    txn.after_commit([reply = *reply, agent] {
      spdlog::info("event=canned_reply_deleted id={} shortcut={} by={}", reply.id, reply.shortcut, agent.agent_id);
    });
    return true;
  };
  co_return co_await commit<bool>(store_, std::move(apply));
}

}  // namespace baton::app
