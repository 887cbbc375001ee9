// The Store interface's queries, written once for every SQL store: class templates over a
// connection type `Db` whose prepare() gives a statement with SQLite's shape (bind by `?` index,
// step, run, text/optional_text/integer/blob by column) and whose changes() counts the rows the
// last statement touched. SQLite's Connection is one such type; PostgreSQL's Session (which
// renumbers `?` as $n and reads its types back in SQLite's forms) is the other. Only row locks
// differ: `Db::row_lock(table)` is what a write transaction's reads add (nothing on SQLite, whose
// one writer holds the whole database; FOR NO KEY UPDATE on PostgreSQL).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

namespace baton::store::sql {

template <class Db>
class SqlReadTxn : public virtual ReadTxn {
 public:
  explicit SqlReadTxn(Db& db) : db_(db) {}

  std::optional<core::Agent> agent(const core::Id& id) override;
  std::optional<AgentCredentials> agent_by_email(std::string_view email) override;
  std::vector<core::Agent> agents() override;
  std::optional<Session> session(std::string_view token_hash) override;
  std::optional<core::Assistant> assistant(const core::Id& id) override;
  std::vector<core::Assistant> assistants() override;
  std::vector<core::KnowledgeEntry> knowledge(const core::Id& assistant_id) override;
  std::optional<core::KnowledgeEntry> knowledge_entry(const core::Id& assistant_id, const core::Id& id) override;
  std::optional<core::Conversation> conversation(const core::Id& id) override;
  std::optional<core::Conversation> conversation_head(const core::Id& id) override;
  std::vector<core::Conversation> conversations(const ConversationFilter& filter) override;
  int queue_position(const core::Id& assistant_id, core::TimePoint requested_at,
                     const core::Id& conversation_id) override;
  std::vector<core::Id> waiting_queue(const core::Id& assistant_id, int limit) override;
  std::vector<core::Id> assignment_queue(const core::Id& assistant_id, int limit) override;
  QueueSummary queue_summary(const core::Id& assistant_id) override;
  std::vector<OpenConversationCount> open_conversation_counts() override;
  OutboxBacklog line_outbox_backlog() override;
  OutboxBacklog webhook_outbox_backlog() override;
  std::vector<core::Conversation> live_conversations_of(const core::Id& agent_id) override;
  int live_count(const core::Id& agent_id) override;
  std::vector<std::pair<core::Id, int>> live_counts() override;
  LastSpoken last_spoken(const core::Id& conversation_id, const core::Id& agent_id) override;
  std::vector<core::Message> messages_before(const core::Id& conversation_id, std::int64_t before_seq,
                                             int limit) override;
  std::vector<core::Message> messages(const core::Id& conversation_id, std::int64_t after_seq, int limit) override;
  std::optional<core::Message> message_by_client_id(const core::Id& conversation_id,
                                                    std::string_view client_id) override;
  std::optional<Visitor> visitor(std::string_view token_hash) override;
  std::vector<AiJob> due_ai_jobs(core::TimePoint now, int limit) override;
  std::optional<core::Message> message(const core::Id& message_id) override;
  std::optional<core::LineChannel> line_channel(const core::Id& assistant_id) override;
  std::optional<core::LineContact> line_contact(const core::Id& assistant_id, std::string_view user_id) override;
  std::optional<core::LineContact> line_contact_of(const core::Id& conversation_id) override;
  std::optional<core::Id> line_conversation_of(const core::Id& assistant_id, std::string_view user_id) override;
  std::optional<core::LineTask> line_task(std::int64_t id) override;
  std::vector<core::LineTask> due_line_tasks(core::TimePoint now, int limit) override;
  std::optional<core::TimePoint> next_line_task_after(core::TimePoint now) override;
  std::int64_t line_pushes(const core::Id& assistant_id, std::string_view month) override;
  std::vector<core::LineTask> pending_messages_after(const core::Id& conversation_id, std::int64_t after_id,
                                                     int limit) override;
  std::optional<core::Attachment> attachment(const core::Id& id) override;
  std::optional<std::string> attachment_data(const core::Id& id, bool preview) override;
  std::vector<core::ConversationEvent> conversation_events(const core::Id& conversation_id, std::int64_t after_seq,
                                                           int limit) override;
  std::optional<core::ConversationEvent> last_conversation_event(const core::Id& conversation_id) override;
  std::vector<core::ConversationEvent> episode_events(const core::Id& conversation_id,
                                                      const core::Id& episode_id) override;
  std::vector<core::Note> notes(const core::Id& conversation_id, int limit) override;
  std::optional<core::Note> note(const core::Id& id) override;
  std::vector<core::Mention> mentions_of(const core::Id& agent_id, bool unread_only, int limit) override;
  std::optional<core::Mention> mention(const core::Id& id) override;
  std::vector<core::CannedReply> canned_replies(const std::optional<core::Id>& assistant_id) override;
  std::optional<core::CannedReply> canned_reply(const core::Id& id) override;
  std::optional<core::CannedReply> canned_reply_by_shortcut(const std::optional<core::Id>& assistant_id,
                                                            std::string_view shortcut) override;
  int canned_reply_count() override;
  std::vector<core::Label> labels() override;
  std::vector<core::Id> conversations_labelled(std::string_view name) override;
  std::optional<core::CsatSurvey> csat_survey(const core::Id& id) override;
  std::optional<core::CsatSurvey> csat_survey_of_episode(const core::Id& conversation_id,
                                                         const core::Id& episode_id) override;
  std::vector<core::ReportEvent> report_events(const ReportScope& scope) override;
  std::vector<core::ReportMessage> report_messages(const ReportScope& scope) override;
  std::vector<core::AvailabilitySample> availability_samples(const ReportScope& scope) override;
  std::optional<EmailRow> email(std::int64_t id) override;
  std::optional<EmailRow> pending_email(const core::Id& conversation_id) override;
  std::vector<EmailRow> due_emails(core::TimePoint now, int limit) override;
  std::optional<core::TimePoint> next_email_after(core::TimePoint now) override;
  EmailOutboxStats email_outbox_stats() override;
  std::optional<VisitorPresence> visitor_presence(const core::Id& conversation_id,
                                                  core::TimePoint fresh_after) override;
  std::optional<std::string> server_secret(std::string_view name) override;
  std::vector<core::Webhook> webhooks() override;
  std::vector<core::Webhook> enabled_webhooks() override;
  std::optional<core::Webhook> webhook(const core::Id& id) override;
  std::optional<core::WebhookDelivery> webhook_delivery(const core::Id& webhook_id,
                                                        const core::Id& delivery_id) override;
  std::vector<core::WebhookDelivery> webhook_deliveries(const core::Id& webhook_id,
                                                        std::optional<core::WebhookDeliveryStatus> status,
                                                        int limit) override;
  std::vector<core::WebhookDelivery> due_webhook_deliveries(const core::Id& webhook_id, core::TimePoint now,
                                                            int limit) override;
  std::optional<core::TimePoint> next_webhook_delivery_after(core::TimePoint now) override;

 protected:
  // What a read adds to lock the rows it reads: only inside a write transaction.
  std::string row_lock(std::string_view table) const { return locking_ ? Db::row_lock(table) : std::string(); }

  Db& db_;
  bool locking_ = false;
};

template <class Db>
class SqlWriteTxn final : public SqlReadTxn<Db>, public WriteTxn {
 public:
  explicit SqlWriteTxn(Db& db) : SqlReadTxn<Db>(db) { this->locking_ = true; }

  void insert_agent(const core::Agent& agent, std::string_view password_hash) override;
  void update_agent_presence(const core::Id& agent_id, core::Presence presence) override;
  void update_agent(const core::Agent& agent) override;
  void mark_assigned(const core::Id& agent_id, core::TimePoint at) override;
  void update_agent_password(const core::Id& agent_id, std::string_view password_hash) override;
  void insert_session(const Session& session) override;
  void delete_session(std::string_view token_hash) override;
  void extend_session(std::string_view token_hash, core::TimePoint expires_at) override;
  std::vector<std::string> delete_sessions_of(const core::Id& agent_id, std::string_view keep) override;
  std::vector<std::string> delete_expired_sessions(core::TimePoint now) override;
  void insert_assistant(const core::Assistant& assistant) override;
  void update_assistant(const core::Assistant& assistant) override;
  void update_csat_settings(const core::Assistant& assistant);
  void upsert_line_channel(const core::LineChannel& channel) override;
  void insert_knowledge(const core::KnowledgeEntry& entry) override;
  void update_knowledge(const core::KnowledgeEntry& entry) override;
  bool delete_knowledge(const core::Id& assistant_id, const core::Id& id) override;
  void insert_conversation(const core::Conversation& conversation) override;
  void update_conversation(const core::Conversation& conversation) override;
  core::Message append_message(core::Message message) override;
  void insert_visitor(const Visitor& visitor) override;
  bool insert_line_event(std::string_view webhook_event_id, const core::Id& assistant_id,
                         core::TimePoint received_at) override;
  void forget_line_events_before(core::TimePoint before) override;
  void upsert_line_contact(const core::LineContact& contact) override;
  void insert_line_contact(const core::LineContact& contact) override;
  core::LineTask insert_line_task(core::LineTask task) override;
  void update_line_task(const core::LineTask& task) override;
  bool claim_line_task(std::int64_t id, core::TimePoint now, core::TimePoint until) override;
  void count_line_push(const core::Id& assistant_id, std::string_view month) override;
  void insert_ai_job(const AiJob& job) override;
  bool claim_ai_job(const core::Id& message_id, core::TimePoint now, core::TimePoint until) override;
  bool finish_ai_job(const core::Id& message_id) override;
  void append_conversation_event(const core::ConversationEvent& event) override;
  void record_availability(const std::vector<core::AvailabilitySample>& samples) override;
  void insert_attachment(const core::Attachment& attachment) override;
  void update_attachment(const core::Attachment& attachment, const std::optional<std::string>& data) override;
  void store_attachment_data(const core::Id& id, const std::string& data, const std::string& preview) override;
  std::vector<core::Attachment> expire_attachments(core::TimePoint before, int limit) override;
  void insert_note(const core::Note& note, const std::vector<core::Id>& mention_ids) override;
  bool mark_mention_read(const core::Id& agent_id, const core::Id& mention_id, core::TimePoint at) override;
  void insert_canned_reply(const core::CannedReply& reply) override;
  void update_canned_reply(const core::CannedReply& reply) override;
  bool delete_canned_reply(const core::Id& id) override;
  void insert_label(const core::Label& label) override;
  bool lock_label(std::string_view name) override;
  bool delete_label(std::string_view name) override;
  void set_conversation_labels(const core::Id& conversation_id, const std::vector<std::string>& labels) override;
  void insert_csat_survey(const core::CsatSurvey& survey) override;
  bool rate_csat_survey(const core::CsatSurvey& rated) override;
  EmailRow insert_email(EmailRow row) override;
  void update_email(const EmailRow& row) override;
  bool claim_email(std::int64_t id, core::TimePoint now, core::TimePoint until) override;
  void visitor_socket_opened(const std::string& socket_id, const core::Id& conversation_id, core::TimePoint at,
                             const std::optional<std::string>& language) override;
  void visitor_socket_closed(const std::string& socket_id, const core::Id& conversation_id, core::TimePoint at,
                             const std::optional<std::string>& language) override;
  void visitor_sockets_seen(const std::vector<std::string>& socket_ids, core::TimePoint at) override;
  void insert_server_secret(std::string_view name, std::string_view value) override;
  void insert_webhook(const core::Webhook& webhook) override;
  void update_webhook(const core::Webhook& webhook) override;
  bool delete_webhook(const core::Id& id) override;
  void insert_webhook_delivery(const core::WebhookDelivery& delivery) override;
  void update_webhook_delivery(const core::WebhookDelivery& delivery) override;
  bool claim_webhook_delivery(const core::Id& id, core::TimePoint now, core::TimePoint until) override;
  void forget_webhook_deliveries_before(core::TimePoint before) override;
  void lock_rows(std::vector<LockKey> keys) override;
  void lock_routing(const core::Id& assistant_id) override;
  void after_commit(std::function<void()> action) override;

  // The writer takes the actions of each job after the group commits.
  std::vector<std::function<void()>> take_after_commit() { return std::move(after_commit_); }

 private:
  std::vector<std::function<void()>> after_commit_;
};

}  // namespace baton::store::sql
