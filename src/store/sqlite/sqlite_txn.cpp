#include "store/sqlite/sqlite_txn.hpp"

#include <algorithm>

#include "core/names.hpp"
#include "core/time.hpp"
#include "store/sqlite/rows.hpp"

namespace baton::store::sqlite {
namespace {

constexpr std::string_view kAgentColumns = "id, email, name, role, presence, created_at, disabled";

core::Agent agent_from(const Statement& row, int first = 0) {
  core::Agent agent;
  agent.id = row.text(first);
  agent.email = row.text(first + 1);
  agent.name = row.text(first + 2);
  agent.role = must(core::parse_role(row.text(first + 3)), "role");
  agent.presence = must(core::parse_presence(row.text(first + 4)), "presence");
  agent.created_at = time_at(row, first + 5);
  agent.disabled = row.integer(first + 6) != 0;
  return agent;
}

constexpr std::string_view kAssistantColumns =
    "id, name, greeting, live_agent_enabled, offline_message, created_at, updated_at, llm_base_url, llm_model, "
    "llm_api_key_env";

core::Assistant assistant_from(const Statement& row) {
  core::Assistant assistant;
  assistant.id = row.text(0);
  assistant.name = row.text(1);
  assistant.greeting = row.text(2);
  assistant.live_agent_enabled = row.integer(3) != 0;
  assistant.offline_message = row.text(4);
  assistant.created_at = time_at(row, 5);
  assistant.updated_at = time_at(row, 6);
  assistant.llm = core::LlmSettings{row.text(7), row.text(8), row.text(9)};
  return assistant;
}

constexpr std::string_view kKnowledgeColumns = "id, assistant_id, question, answer, created_at, updated_at";

core::KnowledgeEntry knowledge_from(const Statement& row) {
  return core::KnowledgeEntry{row.text(0), row.text(1), row.text(2), row.text(3), time_at(row, 4), time_at(row, 5)};
}

constexpr std::string_view kMessageColumns =
    "m.id, m.conversation_id, m.seq, m.sender, m.agent_id, m.text, m.event, m.client_id, m.created_at, "
    "(SELECT name FROM agents WHERE agents.id = m.agent_id), m.knowledge_id, m.ai_fallback, "
    "a.id, a.kind, a.source_id, a.file_name, a.content_type, a.size, a.status, a.created_at, o.state, o.last_error";
// A message's attachment and, for a message to a LINE customer, how its delivery went.
constexpr std::string_view kMessageJoins =
    " LEFT JOIN attachments a ON a.message_id = m.id"
    " LEFT JOIN line_outbox o ON o.subject_id = m.id AND o.kind = 'message' ";

core::Attachment attachment_from(const Statement& row, int first) {
  core::Attachment attachment;
  attachment.id = row.text(first);
  attachment.kind = must(core::parse_attachment_kind(row.text(first + 1)), "attachment kind");
  attachment.source_id = row.text(first + 2);
  attachment.file_name = row.text(first + 3);
  attachment.content_type = row.text(first + 4);
  attachment.size = row.integer(first + 5);
  attachment.status = must(core::parse_attachment_status(row.text(first + 6)), "attachment status");
  attachment.created_at = time_at(row, first + 7);
  return attachment;
}

core::Message message_from(const Statement& row, int first = 0) {
  core::Message message;
  message.id = row.text(first);
  message.conversation_id = row.text(first + 1);
  message.seq = row.integer(first + 2);
  message.sender = must(core::parse_sender(row.text(first + 3)), "sender");
  message.agent_id = row.optional_text(first + 4);
  message.text = row.text(first + 5);
  message.event = must(core::parse_system_event(row.text(first + 6)), "event");
  message.client_id = row.optional_text(first + 7);
  message.created_at = time_at(row, first + 8);
  message.agent_name = row.optional_text(first + 9);
  message.knowledge_id = row.optional_text(first + 10);
  message.ai_fallback = row.integer(first + 11) != 0;
  if (row.optional_text(first + 12)) {
    message.attachment = attachment_from(row, first + 12);
    message.attachment->conversation_id = message.conversation_id;
    message.attachment->message_id = message.id;
  }
  if (auto state = row.optional_text(first + 20)) {
    message.delivery = core::Delivery{must(core::parse_delivery_state(*state), "delivery state"), row.text(first + 21)};
  }
  return message;
}

// The conversation with its last message (joined on seq = last_seq).
const std::string kConversationSelect =
    "SELECT c.id, c.assistant_id, c.channel, c.status, c.contact_id, c.contact_name, c.contact_detail, "
    "c.assigned_agent_id, c.handoff_requested_at, c.handoff_reason, c.offline_request, c.last_seq, "
    "c.created_at, c.updated_at, c.contact_picture_url, " +
    std::string(kMessageColumns) +
    " FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id AND m.seq = c.last_seq" +
    std::string(kMessageJoins);

core::Conversation conversation_from(const Statement& row) {
  core::Conversation conversation;
  conversation.id = row.text(0);
  conversation.assistant_id = row.text(1);
  conversation.channel = must(core::parse_channel(row.text(2)), "channel");
  conversation.status = must(core::parse_status(row.text(3)), "status");
  conversation.contact = core::Contact{row.text(4), row.text(5), row.optional_text(6)};
  conversation.assigned_agent_id = row.optional_text(7);
  conversation.handoff_requested_at = optional_time_at(row, 8);
  conversation.handoff_reason = must(core::parse_handoff_reason(row.text(9)), "handoff_reason");
  conversation.offline_request = row.integer(10) != 0;
  conversation.last_seq = row.integer(11);
  conversation.created_at = time_at(row, 12);
  conversation.updated_at = time_at(row, 13);
  conversation.contact.picture_url = row.optional_text(14);
  if (row.optional_text(15)) conversation.last_message = message_from(row, 15);
  return conversation;
}

std::string sql(std::string_view head, std::string_view columns, std::string_view tail) {
  return std::string(head) + std::string(columns) + std::string(tail);
}

}  // namespace

std::optional<core::Agent> SqliteReadTxn::agent(const core::Id& id) {
  auto row = db_.prepare(sql("SELECT ", kAgentColumns, " FROM agents WHERE id = ?"));
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return agent_from(row);
}

std::optional<AgentCredentials> SqliteReadTxn::agent_by_email(std::string_view email) {
  auto row = db_.prepare(sql("SELECT ", kAgentColumns, ", password_hash FROM agents WHERE email = ?"));
  row.bind(1, email);
  if (!row.step()) return std::nullopt;
  return AgentCredentials{agent_from(row), row.text(7)};
}

std::vector<core::Agent> SqliteReadTxn::agents() {
  auto row = db_.prepare(sql("SELECT ", kAgentColumns, " FROM agents ORDER BY created_at, id"));
  std::vector<core::Agent> agents;
  while (row.step()) agents.push_back(agent_from(row));
  return agents;
}

std::optional<Session> SqliteReadTxn::session(std::string_view token_hash) {
  auto row = db_.prepare("SELECT token_hash, agent_id, csrf_hash, expires_at FROM sessions WHERE token_hash = ?");
  row.bind(1, token_hash);
  if (!row.step()) return std::nullopt;
  return Session{row.text(0), row.text(1), row.text(2), time_at(row, 3)};
}

std::optional<core::Assistant> SqliteReadTxn::assistant(const core::Id& id) {
  auto row = db_.prepare(sql("SELECT ", kAssistantColumns, " FROM assistants WHERE id = ?"));
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return assistant_from(row);
}

std::vector<core::Assistant> SqliteReadTxn::assistants() {
  auto row = db_.prepare(sql("SELECT ", kAssistantColumns, " FROM assistants ORDER BY created_at, id"));
  std::vector<core::Assistant> assistants;
  while (row.step()) assistants.push_back(assistant_from(row));
  return assistants;
}

std::vector<core::KnowledgeEntry> SqliteReadTxn::knowledge(const core::Id& assistant_id) {
  auto row =
      db_.prepare(sql("SELECT ", kKnowledgeColumns, " FROM knowledge WHERE assistant_id = ? ORDER BY created_at, id"));
  row.bind(1, assistant_id);
  std::vector<core::KnowledgeEntry> entries;
  while (row.step()) entries.push_back(knowledge_from(row));
  return entries;
}

std::optional<core::KnowledgeEntry> SqliteReadTxn::knowledge_entry(const core::Id& assistant_id, const core::Id& id) {
  auto row = db_.prepare(sql("SELECT ", kKnowledgeColumns, " FROM knowledge WHERE assistant_id = ? AND id = ?"));
  row.bind(1, assistant_id).bind(2, id);
  if (!row.step()) return std::nullopt;
  return knowledge_from(row);
}

std::optional<core::Conversation> SqliteReadTxn::conversation(const core::Id& id) {
  auto row = db_.prepare(kConversationSelect + "WHERE c.id = ?");
  row.bind(1, id);
  if (!row.step()) return std::nullopt;
  return conversation_from(row);
}

int SqliteReadTxn::waiting_since(const core::Id& assistant_id, core::TimePoint requested_at) {
  // Times are stored in one fixed-width RFC 3339 form, so text order is time order.
  auto row = db_.prepare(
      "SELECT COUNT(*) FROM conversations WHERE assistant_id = ? AND status = 'waiting' "
      "AND handoff_requested_at <= ?");
  row.bind(1, assistant_id).bind(2, core::format_time(requested_at));
  row.step();
  return static_cast<int>(row.integer(0));
}

std::vector<core::Conversation> SqliteReadTxn::conversations(const ConversationFilter& filter) {
  std::string query = kConversationSelect + "WHERE 1 = 1";
  if (!filter.statuses.empty()) {
    query += " AND c.status IN (";
    for (std::size_t i = 0; i < filter.statuses.size(); ++i) query += i ? ", ?" : "?";
    query += ")";
  }
  if (filter.assistant_id) query += " AND c.assistant_id = ?";
  if (filter.before) query += " AND (c.updated_at < ? OR (c.updated_at = ? AND c.id < ?))";
  query += " ORDER BY c.updated_at DESC, c.id DESC LIMIT ?";
  auto row = db_.prepare(query);
  int index = 1;
  for (auto status : filter.statuses) row.bind(index++, core::name_of(status));
  if (filter.assistant_id) row.bind(index++, *filter.assistant_id);
  if (filter.before) {
    const std::string at = core::format_time(filter.before->updated_at);
    row.bind(index, at).bind(index + 1, at).bind(index + 2, filter.before->id);
    index += 3;
  }
  row.bind(index, static_cast<std::int64_t>(filter.limit));
  std::vector<core::Conversation> conversations;
  while (row.step()) conversations.push_back(conversation_from(row));
  return conversations;
}

std::vector<core::Message> SqliteReadTxn::messages(const core::Id& conversation_id, std::int64_t after_seq, int limit) {
  auto row = db_.prepare(sql("SELECT ", kMessageColumns,
                             " FROM messages m" + std::string(kMessageJoins) +
                                 "WHERE m.conversation_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?"));
  row.bind(1, conversation_id).bind(2, after_seq).bind(3, static_cast<std::int64_t>(limit));
  std::vector<core::Message> messages;
  while (row.step()) messages.push_back(message_from(row));
  return messages;
}

std::vector<core::Message> SqliteReadTxn::messages_before(const core::Id& conversation_id, std::int64_t before_seq,
                                                          int limit) {
  auto row = db_.prepare(sql("SELECT ", kMessageColumns,
                             " FROM messages m" + std::string(kMessageJoins) +
                                 "WHERE m.conversation_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?"));
  row.bind(1, conversation_id).bind(2, before_seq).bind(3, static_cast<std::int64_t>(limit));
  std::vector<core::Message> messages;
  while (row.step()) messages.push_back(message_from(row));
  std::reverse(messages.begin(), messages.end());
  return messages;
}

std::optional<core::Message> SqliteReadTxn::message_by_client_id(const core::Id& conversation_id,
                                                                 std::string_view client_id) {
  auto row = db_.prepare(
      sql("SELECT ", kMessageColumns,
          " FROM messages m" + std::string(kMessageJoins) + "WHERE m.conversation_id = ? AND m.client_id = ?"));
  row.bind(1, conversation_id).bind(2, client_id);
  if (!row.step()) return std::nullopt;
  return message_from(row);
}

std::optional<core::Message> SqliteReadTxn::message(const core::Id& message_id) {
  auto row =
      db_.prepare(sql("SELECT ", kMessageColumns, " FROM messages m" + std::string(kMessageJoins) + "WHERE m.id = ?"));
  row.bind(1, message_id);
  if (!row.step()) return std::nullopt;
  return message_from(row);
}

std::optional<Visitor> SqliteReadTxn::visitor(std::string_view token_hash) {
  auto row = db_.prepare("SELECT token_hash, conversation_id, assistant_id FROM visitors WHERE token_hash = ?");
  row.bind(1, token_hash);
  if (!row.step()) return std::nullopt;
  return Visitor{row.text(0), row.text(1), row.text(2)};
}

void SqliteWriteTxn::insert_agent(const core::Agent& agent, std::string_view password_hash) {
  db_.prepare(
         "INSERT INTO agents (id, email, name, role, presence, created_at, password_hash) "
         "VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, agent.id)
      .bind(2, agent.email)
      .bind(3, agent.name)
      .bind(4, core::name_of(agent.role))
      .bind(5, core::name_of(agent.presence))
      .bind(6, core::format_time(agent.created_at))
      .bind(7, password_hash)
      .run();
}

void SqliteWriteTxn::update_agent_presence(const core::Id& agent_id, core::Presence presence) {
  db_.prepare("UPDATE agents SET presence = ? WHERE id = ?").bind(1, core::name_of(presence)).bind(2, agent_id).run();
}

void SqliteWriteTxn::insert_session(const Session& session) {
  db_.prepare("INSERT INTO sessions (token_hash, agent_id, csrf_hash, expires_at) VALUES (?, ?, ?, ?)")
      .bind(1, session.token_hash)
      .bind(2, session.agent_id)
      .bind(3, session.csrf_hash)
      .bind(4, core::format_time(session.expires_at))
      .run();
}

void SqliteWriteTxn::delete_session(std::string_view token_hash) {
  db_.prepare("DELETE FROM sessions WHERE token_hash = ?").bind(1, token_hash).run();
}

void SqliteWriteTxn::update_agent(const core::Agent& agent) {
  db_.prepare("UPDATE agents SET name = ?, role = ?, disabled = ? WHERE id = ?")
      .bind(1, agent.name)
      .bind(2, core::name_of(agent.role))
      .bind(3, std::int64_t{agent.disabled})
      .bind(4, agent.id)
      .run();
}

void SqliteWriteTxn::update_agent_password(const core::Id& agent_id, std::string_view password_hash) {
  db_.prepare("UPDATE agents SET password_hash = ? WHERE id = ?").bind(1, password_hash).bind(2, agent_id).run();
}

void SqliteWriteTxn::extend_session(std::string_view token_hash, core::TimePoint expires_at) {
  db_.prepare("UPDATE sessions SET expires_at = ? WHERE token_hash = ?")
      .bind(1, core::format_time(expires_at))
      .bind(2, token_hash)
      .run();
}

std::vector<std::string> SqliteWriteTxn::delete_sessions_of(const core::Id& agent_id, std::string_view keep) {
  auto row = db_.prepare("DELETE FROM sessions WHERE agent_id = ? AND token_hash <> ? RETURNING token_hash");
  row.bind(1, agent_id).bind(2, keep);
  std::vector<std::string> deleted;
  while (row.step()) deleted.push_back(row.text(0));
  return deleted;
}

std::vector<std::string> SqliteWriteTxn::delete_expired_sessions(core::TimePoint now) {
  auto row = db_.prepare("DELETE FROM sessions WHERE expires_at <= ? RETURNING token_hash");
  row.bind(1, core::format_time(now));
  std::vector<std::string> deleted;
  while (row.step()) deleted.push_back(row.text(0));
  return deleted;
}

void SqliteWriteTxn::insert_assistant(const core::Assistant& a) {
  db_.prepare(
         "INSERT INTO assistants (id, name, greeting, live_agent_enabled, offline_message, created_at, "
         "updated_at, llm_base_url, llm_model, llm_api_key_env) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, a.id)
      .bind(2, a.name)
      .bind(3, a.greeting)
      .bind(4, std::int64_t{a.live_agent_enabled})
      .bind(5, a.offline_message)
      .bind(6, core::format_time(a.created_at))
      .bind(7, core::format_time(a.updated_at))
      .bind(8, a.llm.base_url)
      .bind(9, a.llm.model)
      .bind(10, a.llm.api_key_env)
      .run();
}

void SqliteWriteTxn::update_assistant(const core::Assistant& a) {
  db_.prepare(
         "UPDATE assistants SET name = ?, greeting = ?, live_agent_enabled = ?, offline_message = ?, "
         "updated_at = ?, llm_base_url = ?, llm_model = ?, llm_api_key_env = ? WHERE id = ?")
      .bind(1, a.name)
      .bind(2, a.greeting)
      .bind(3, std::int64_t{a.live_agent_enabled})
      .bind(4, a.offline_message)
      .bind(5, core::format_time(a.updated_at))
      .bind(6, a.llm.base_url)
      .bind(7, a.llm.model)
      .bind(8, a.llm.api_key_env)
      .bind(9, a.id)
      .run();
}

std::optional<core::LineChannel> SqliteReadTxn::line_channel(const core::Id& assistant_id) {
  auto row = db_.prepare(
      "SELECT assistant_id, channel_secret, channel_access_token, updated_at FROM line_channels WHERE assistant_id = "
      "?");
  row.bind(1, assistant_id);
  if (!row.step()) return std::nullopt;
  return core::LineChannel{row.text(0), row.text(1), row.text(2), time_at(row, 3)};
}

void SqliteWriteTxn::upsert_line_channel(const core::LineChannel& c) {
  db_.prepare(
         "INSERT INTO line_channels (assistant_id, channel_secret, channel_access_token, updated_at) "
         "VALUES (?, ?, ?, ?) ON CONFLICT (assistant_id) DO UPDATE SET channel_secret = excluded.channel_secret, "
         "channel_access_token = excluded.channel_access_token, updated_at = excluded.updated_at")
      .bind(1, c.assistant_id)
      .bind(2, c.channel_secret)
      .bind(3, c.channel_access_token)
      .bind(4, core::format_time(c.updated_at))
      .run();
}

void SqliteWriteTxn::insert_knowledge(const core::KnowledgeEntry& e) {
  db_.prepare(
         "INSERT INTO knowledge (id, assistant_id, question, answer, created_at, updated_at) "
         "VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, e.id)
      .bind(2, e.assistant_id)
      .bind(3, e.question)
      .bind(4, e.answer)
      .bind(5, core::format_time(e.created_at))
      .bind(6, core::format_time(e.updated_at))
      .run();
}

void SqliteWriteTxn::update_knowledge(const core::KnowledgeEntry& e) {
  db_.prepare("UPDATE knowledge SET question = ?, answer = ?, updated_at = ? WHERE assistant_id = ? AND id = ?")
      .bind(1, e.question)
      .bind(2, e.answer)
      .bind(3, core::format_time(e.updated_at))
      .bind(4, e.assistant_id)
      .bind(5, e.id)
      .run();
}

bool SqliteWriteTxn::delete_knowledge(const core::Id& assistant_id, const core::Id& id) {
  db_.prepare("DELETE FROM knowledge WHERE assistant_id = ? AND id = ?").bind(1, assistant_id).bind(2, id).run();
  return db_.changes() > 0;
}

void SqliteWriteTxn::insert_conversation(const core::Conversation& c) {
  db_.prepare(
         "INSERT INTO conversations (id, assistant_id, channel, status, contact_id, contact_name, "
         "contact_detail, assigned_agent_id, handoff_requested_at, handoff_reason, offline_request, "
         "last_seq, created_at, updated_at, contact_picture_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)")
      .bind(1, c.id)
      .bind(2, c.assistant_id)
      .bind(3, core::name_of(c.channel))
      .bind(4, core::name_of(c.status))
      .bind(5, c.contact.id)
      .bind(6, c.contact.name)
      .bind(7, c.contact.contact)
      .bind(8, c.assigned_agent_id)
      .bind(9, c.handoff_requested_at ? std::optional(core::format_time(*c.handoff_requested_at)) : std::nullopt)
      .bind(10, core::name_of(c.handoff_reason))
      .bind(11, std::int64_t{c.offline_request})
      .bind(12, core::format_time(c.created_at))
      .bind(13, core::format_time(c.updated_at))
      .bind(14, c.contact.picture_url)
      .run();
}

void SqliteWriteTxn::update_conversation(const core::Conversation& c) {
  db_.prepare(
         "UPDATE conversations SET status = ?, contact_name = ?, contact_detail = ?, assigned_agent_id = ?, "
         "handoff_requested_at = ?, handoff_reason = ?, offline_request = ?, updated_at = ?, "
         "contact_picture_url = ? WHERE id = ?")
      .bind(1, core::name_of(c.status))
      .bind(2, c.contact.name)
      .bind(3, c.contact.contact)
      .bind(4, c.assigned_agent_id)
      .bind(5, c.handoff_requested_at ? std::optional(core::format_time(*c.handoff_requested_at)) : std::nullopt)
      .bind(6, core::name_of(c.handoff_reason))
      .bind(7, std::int64_t{c.offline_request})
      .bind(8, core::format_time(c.updated_at))
      .bind(9, c.contact.picture_url)
      .bind(10, c.id)
      .run();
}

core::Message SqliteWriteTxn::append_message(core::Message message) {
  auto next = db_.prepare(
      "UPDATE conversations SET last_seq = last_seq + 1, updated_at = ? WHERE id = ? "
      "RETURNING last_seq");
  next.bind(1, core::format_time(message.created_at)).bind(2, message.conversation_id);
  if (!next.step()) throw StoreError("append_message: no conversation " + message.conversation_id);
  message.seq = next.integer(0);
  next.run();
  db_.prepare(
         "INSERT INTO messages (id, conversation_id, seq, sender, agent_id, text, event, client_id, "
         "created_at, knowledge_id, ai_fallback) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, message.id)
      .bind(2, message.conversation_id)
      .bind(3, message.seq)
      .bind(4, core::name_of(message.sender))
      .bind(5, message.agent_id)
      .bind(6, message.text)
      .bind(7, core::name_of(message.event))
      .bind(8, message.client_id)
      .bind(9, core::format_time(message.created_at))
      .bind(10, message.knowledge_id)
      .bind(11, static_cast<std::int64_t>(message.ai_fallback))
      .run();
  if (message.agent_id) {
    auto name = db_.prepare("SELECT name FROM agents WHERE id = ?");
    name.bind(1, *message.agent_id);
    if (name.step()) message.agent_name = name.text(0);
  }
  return message;
}

void SqliteWriteTxn::insert_visitor(const Visitor& visitor) {
  db_.prepare("INSERT INTO visitors (token_hash, conversation_id, assistant_id) VALUES (?, ?, ?)")
      .bind(1, visitor.token_hash)
      .bind(2, visitor.conversation_id)
      .bind(3, visitor.assistant_id)
      .run();
}

void SqliteWriteTxn::after_commit(std::function<void()> action) { after_commit_.push_back(std::move(action)); }

}  // namespace baton::store::sqlite
