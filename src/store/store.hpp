// The storage interface: reads in a consistent snapshot, writes as jobs that a single writer
// commits in groups. Nothing here is specific to SQLite, so a PostgreSQL store can pass the same
// conformance tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/types.hpp"
#include "store/email_txn.hpp"
#include "store/line_txn.hpp"
#include "store/metrics_txn.hpp"
#include "store/report_txn.hpp"
#include "store/team_txn.hpp"
#include "store/webhook_txn.hpp"

namespace baton::store {

// A storage failure that is not the caller's fault (disk full, corrupt file, lost server).
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct AgentCredentials {
  core::Agent agent;
  std::string password_hash;
};

struct Session {
  std::string token_hash;
  core::Id agent_id;
  std::string csrf_hash;
  core::TimePoint expires_at;  // the idle deadline, moved forward as the session is used
};

// The seq of the customer's last message and of the agent's last message in a conversation.
struct LastSpoken {
  std::optional<std::int64_t> customer_seq;
  std::optional<std::int64_t> agent_seq;
};

// An assistant's waiting conversations at a glance: how many, and the request time of the first
// in assignment order (the oldest live request, else the oldest left message).
struct QueueSummary {
  int waiting = 0;
  std::optional<core::TimePoint> oldest_waiting_since;
  bool operator==(const QueueSummary&) const = default;
};

struct Visitor {
  std::string token_hash;
  core::Id conversation_id;
  core::Id assistant_id;
};

// A place in the activity order (newest first): conversations after it are older.
struct ConversationCursor {
  core::TimePoint updated_at;
  core::Id id;
};

struct ConversationFilter {
  std::vector<core::Status> statuses;  // empty: any status
  std::optional<core::Id> assistant_id;
  int limit = 200;
  std::optional<ConversationCursor> before;      // only conversations older than this
  std::optional<core::TimePoint> updated_after;  // only conversations changed since (the catch-up sweep)
  std::optional<std::string> label;              // only conversations carrying this label
};

// A customer message the AI is to answer (durable work: see ai_jobs in the migrations).
struct AiJob {
  core::Id message_id;
  core::Id conversation_id;
  core::Id assistant_id;
  core::TimePoint due_at;  // until then the node that took it holds it
  core::TimePoint created_at;
};

// A row a write job will lock. Stores that commit several jobs in one transaction lock the
// declared rows of all of them first, in one order (agents, then conversations, each by id: the
// order every write takes them in), so that two such groups never wait on each other in a circle.
struct LockKey {
  enum class Table { agent, conversation };  // declared in the global lock order
  Table table;
  core::Id id;
  auto operator<=>(const LockKey&) const = default;
};

// What every store reads; LINE's own tables are in store/line_txn.hpp, the agents' tools' in
// store/team_txn.hpp, the reports' in store/report_txn.hpp, outgoing webhooks' in store/webhook_txn.hpp.
class ReadTxn : public virtual LineReadTxn,
                public virtual TeamReadTxn,
                public virtual MetricsReadTxn,
                public virtual ReportReadTxn,
                public virtual EmailReadTxn,
                public virtual WebhookReadTxn {
 public:
  virtual std::optional<core::Agent> agent(const core::Id& id) = 0;
  virtual std::optional<AgentCredentials> agent_by_email(std::string_view email) = 0;
  virtual std::vector<core::Agent> agents() = 0;
  virtual std::optional<Session> session(std::string_view token_hash) = 0;

  virtual std::optional<core::Assistant> assistant(const core::Id& id) = 0;
  virtual std::vector<core::Assistant> assistants() = 0;
  virtual std::vector<core::KnowledgeEntry> knowledge(const core::Id& assistant_id) = 0;
  virtual std::optional<core::KnowledgeEntry> knowledge_entry(const core::Id& assistant_id, const core::Id& id) = 0;

  virtual std::optional<core::Conversation> conversation(const core::Id& id) = 0;
  // The same without its last message (no joins): for reads that need only the conversation's
  // own state, many at once (widget sockets reconnecting after a deploy) or on the writer's hot
  // path (a customer's message). In a write it locks the row, as conversation() does.
  virtual std::optional<core::Conversation> conversation_head(const core::Id& id) = 0;
  // Newest activity first.
  virtual std::vector<core::Conversation> conversations(const ConversationFilter& filter) = 0;
  // The assistant's queue: its live requests (a left message is not ranked), first come first
  // (ties on time by id). The 1-based place of the request made at `requested_at` by
  // `conversation_id`; the conversations in queue order, at most `limit`.
  virtual int queue_position(const core::Id& assistant_id, core::TimePoint requested_at,
                             const core::Id& conversation_id) = 0;
  virtual std::vector<core::Id> waiting_queue(const core::Id& assistant_id, int limit) = 0;
  // Routing: the waiting conversations in assignment order (live requests first, then left
  // messages, each first come first); each agent's live conversations and their count.
  virtual std::vector<core::Id> assignment_queue(const core::Id& assistant_id, int limit) = 0;
  virtual QueueSummary queue_summary(const core::Id& assistant_id) = 0;
  virtual std::vector<core::Conversation> live_conversations_of(const core::Id& agent_id) = 0;
  virtual int live_count(const core::Id& agent_id) = 0;
  virtual std::vector<std::pair<core::Id, int>> live_counts() = 0;
  virtual LastSpoken last_spoken(const core::Id& conversation_id, const core::Id& agent_id) = 0;
  // In seq order, seq > after_seq, at most limit.
  virtual std::vector<core::Message> messages(const core::Id& conversation_id, std::int64_t after_seq, int limit) = 0;
  // The last `limit` messages with seq < before_seq, in seq order (a page from the newest back).
  virtual std::vector<core::Message> messages_before(const core::Id& conversation_id, std::int64_t before_seq,
                                                     int limit) = 0;
  virtual std::optional<core::Message> message_by_client_id(const core::Id& conversation_id,
                                                            std::string_view client_id) = 0;
  virtual std::optional<Visitor> visitor(std::string_view token_hash) = 0;
  virtual std::optional<core::Message> message(const core::Id& message_id) = 0;

  // Files in messages; their bytes only from attachment_data (the file, or with `preview` the
  // image's preview), and only while the attachment is ready.
  virtual std::optional<core::Attachment> attachment(const core::Id& id) = 0;
  virtual std::optional<std::string> attachment_data(const core::Id& id, bool preview = false) = 0;

  // AI answers still to give, due at `now` (nobody holds them), oldest first.
  virtual std::vector<AiJob> due_ai_jobs(core::TimePoint now, int limit) = 0;

  // The conversation event log: seq > after_seq in seq order, at most limit; the latest event;
  // one episode's events in seq order.
  virtual std::vector<core::ConversationEvent> conversation_events(const core::Id& conversation_id,
                                                                   std::int64_t after_seq, int limit) = 0;
  virtual std::optional<core::ConversationEvent> last_conversation_event(const core::Id& conversation_id) = 0;
  virtual std::vector<core::ConversationEvent> episode_events(const core::Id& conversation_id,
                                                              const core::Id& episode_id) = 0;
};

class WriteTxn : public virtual ReadTxn,
                 public virtual LineWriteTxn,
                 public virtual TeamWriteTxn,
                 public virtual ReportWriteTxn,
                 public virtual EmailWriteTxn,
                 public virtual WebhookWriteTxn {
 public:
  virtual void insert_agent(const core::Agent& agent, std::string_view password_hash) = 0;
  virtual void update_agent_presence(const core::Id& agent_id, core::Presence presence) = 0;
  // Name, role, disabled, max_concurrent and assistant_ids.
  virtual void update_agent(const core::Agent& agent) = 0;
  virtual void mark_assigned(const core::Id& agent_id, core::TimePoint at) = 0;
  virtual void update_agent_password(const core::Id& agent_id, std::string_view password_hash) = 0;
  virtual void insert_session(const Session& session) = 0;
  virtual void delete_session(std::string_view token_hash) = 0;
  virtual void extend_session(std::string_view token_hash, core::TimePoint expires_at) = 0;
  // Deletes the agent's sessions but `keep` (empty: all); returns the token hashes deleted.
  virtual std::vector<std::string> delete_sessions_of(const core::Id& agent_id, std::string_view keep) = 0;
  // Deletes sessions idle past their deadline; returns their token hashes.
  virtual std::vector<std::string> delete_expired_sessions(core::TimePoint now) = 0;

  virtual void insert_assistant(const core::Assistant& assistant) = 0;
  virtual void update_assistant(const core::Assistant& assistant) = 0;
  virtual void insert_knowledge(const core::KnowledgeEntry& entry) = 0;
  virtual void update_knowledge(const core::KnowledgeEntry& entry) = 0;
  virtual bool delete_knowledge(const core::Id& assistant_id, const core::Id& id) = 0;

  // Inserts the conversation and its contact.
  virtual void insert_conversation(const core::Conversation& conversation) = 0;
  // Stores status, assignment, handoff fields and updated_at.
  virtual void update_conversation(const core::Conversation& conversation) = 0;
  // Gives the message the conversation's next seq (no gaps) and returns it as stored.
  virtual core::Message append_message(core::Message message) = 0;
  virtual void insert_visitor(const Visitor& visitor) = 0;

  virtual void insert_attachment(const core::Attachment& attachment) = 0;
  // Stores status, content_type, size and, when given, the data.
  virtual void update_attachment(const core::Attachment& attachment, const std::optional<std::string>& data) = 0;
  // Keeps a ready attachment's bytes and its preview's (empty: none).
  virtual void store_attachment_data(const core::Id& id, const std::string& data, const std::string& preview) = 0;
  // Drops the bytes of up to `limit` ready files stored before `before`, marking them expired;
  // the attachments it expired.
  virtual std::vector<core::Attachment> expire_attachments(core::TimePoint before, int limit) = 0;

  // The AI's work (held by the writer until `job.due_at`); taking a due one for this node until
  // `until` (false: another took it first, or it is gone); and its end.
  virtual void insert_ai_job(const AiJob& job) = 0;
  virtual bool claim_ai_job(const core::Id& message_id, core::TimePoint now, core::TimePoint until) = 0;
  // False when it was already gone (another node stored the answer first).
  virtual bool finish_ai_job(const core::Id& message_id) = 0;

  // Stores the event at its `seq`, the one after last_conversation_event's (read with the
  // conversation locked, as every write of a conversation is): no gaps. A seq already taken is
  // refused (StoreError; on PostgreSQL a unique violation, which reruns the job).
  virtual void append_conversation_event(const core::ConversationEvent& event) = 0;

  // Locks rows the job decided on as it ran (in the global order; see LockKey), and the
  // assistant's assignment passes across nodes (nothing to do where one writer commits all).
  virtual void lock_rows(std::vector<LockKey> keys) = 0;
  virtual void lock_routing(const core::Id& assistant_id) = 0;

  // Runs after this job's changes are durable, in commit order (events are published here).
  virtual void after_commit(std::function<void()> action) = 0;
};

// What a job on one conversation declares.
inline std::vector<LockKey> conversation_lock(const core::Id& conversation_id) {
  return {LockKey{LockKey::Table::conversation, conversation_id}};
}

// What a job that may give a conversation to an agent declares: the agent's row first, so that
// two jobs counting that agent's load take turns.
inline std::vector<LockKey> assignment_lock(const core::Id& agent_id, const core::Id& conversation_id) {
  return {LockKey{LockKey::Table::agent, agent_id}, LockKey{LockKey::Table::conversation, conversation_id}};
}

struct WriteJob {
  // Runs inside the group transaction; answers true to keep its changes, false to undo them.
  std::function<bool(WriteTxn&)> apply;
  // Called once: durable is true only when apply kept its changes and they are committed.
  std::function<void(bool durable)> done;
  // Every row apply locks, when known; a job that declares none is committed on its own by a
  // store whose groups need them (PostgreSQL).
  std::vector<LockKey> locks;
};

// Told of each committed transaction of write jobs: from its BEGIN to its COMMIT, and how many
// jobs it held (/metrics: baton_store_commit_seconds, baton_store_commit_batch_size).
using CommitObserver = std::function<void(std::chrono::duration<double> took, std::size_t jobs)>;

class Store {
 public:
  virtual ~Store() = default;
  // Set before serving (called on the store's threads, so it must be thread-safe).
  void observe_commits(CommitObserver observer) { commit_observer_ = std::move(observer); }
  // Queues a write; returns at once. `done` runs on one of the store's own threads.
  virtual void submit(WriteJob job) = 0;
  // A read snapshot; blocks briefly for I/O, so call it off the network threads.
  virtual std::unique_ptr<ReadTxn> begin_read() = 0;

 protected:
  void committed(std::chrono::steady_clock::time_point began, std::size_t jobs) const {
    if (commit_observer_) commit_observer_(std::chrono::steady_clock::now() - began, jobs);
  }

 private:
  CommitObserver commit_observer_;
};

}  // namespace baton::store
