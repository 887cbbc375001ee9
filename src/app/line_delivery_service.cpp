#include "app/line_delivery_service.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <future>
#include <map>

#include "core/names.hpp"
#include "store/commit_and_wait.hpp"

namespace baton::app {
namespace {

constexpr int kMaxFollowers = 4;  // a reply holds 5 messages

double jitter() { return randombytes_uniform(1000) / 1000.0; }

}  // namespace

LineDeliveryService::LineDeliveryService(store::Store& store, EventPublisher& events, ClockFn clock,
                                         std::optional<std::chrono::seconds> lease)
    : store_(store), events_(events), clock_(std::move(clock)), lease_(lease) {}

bool LineDeliveryService::write(std::function<bool(store::WriteTxn&)> job) {
  return store::commit_and_wait(store_, std::move(job));
}

std::vector<LineWork> LineDeliveryService::due(int limit) {
  auto txn = store_.begin_read();
  std::vector<LineWork> work;
  std::vector<core::LineTask> orphans;
  // Per assistant, read once per batch: its access token and whether it offers live agents.
  std::map<core::Id, std::optional<std::pair<std::string, bool>>> accounts;
  for (auto& task : txn->due_line_tasks(clock_(), limit)) {
    auto [known, added] = accounts.try_emplace(task.assistant_id);
    if (added) {
      auto channel = txn->line_channel(task.assistant_id);
      auto assistant = txn->assistant(task.assistant_id);
      if (channel && assistant) known->second.emplace(channel->channel_access_token, assistant->live_agent_enabled);
    }
    if (!known->second) {
      orphans.push_back(std::move(task));
      continue;
    }
    LineWork item{std::move(task), known->second->first, known->second->second, {}, {}, {}, {}};
    if (item.task.kind == core::LineTaskKind::message && item.task.subject_id) {
      item.message = txn->message(*item.task.subject_id);
      if (auto contact = txn->line_contact_of(item.task.conversation_id)) item.language = contact->language;
      if (item.task.reply_token && core::reply_token_fresh(item.task.reply_token_at, clock_())) {
        for (auto& next : txn->pending_messages_after(item.task.conversation_id, item.task.id, kMaxFollowers)) {
          auto message = next.subject_id ? txn->message(*next.subject_id) : std::nullopt;
          if (next.reply_token || !message) break;  // a token of its own: it goes by itself
          item.followers.push_back(
              LineWork{std::move(next), item.access_token, item.live_agent_enabled, item.language, message, {}, {}});
        }
      }
    }
    if (item.task.kind == core::LineTaskKind::content && item.task.subject_id) {
      item.attachment = txn->attachment(*item.task.subject_id);
    }
    work.push_back(std::move(item));
  }
  txn.reset();
  for (const auto& task : orphans) {
    LineCallResult result;
    result.outcome = core::LineCallOutcome::failed;
    result.error = "the assistant is no longer connected to LINE";
    record(LineWork{task, {}, false, {}, {}, {}, {}}, result);
  }
  return work;
}

std::vector<LineWork> LineDeliveryService::claim(std::vector<LineWork> work) {
  if (work.empty() || !lease_) return work;
  std::vector<LineWork> taken;
  const auto now = clock_();
  const auto until = now + *lease_;
  // write() waits for the job: it may refer to this frame.
  const bool stored = write([&work, &taken, now, until](store::WriteTxn& txn) {
    taken.clear();  // a job may run again (a retried transaction)
    for (const auto& item : work) {
      if (!txn.claim_line_task(item.task.id, now, until)) continue;
      LineWork mine = item;
      mine.followers.clear();
      for (const auto& follower : item.followers) {
        if (!txn.claim_line_task(follower.task.id, now, until)) break;  // the rest go later, in order
        mine.followers.push_back(follower);
      }
      taken.push_back(std::move(mine));
    }
    return true;
  });
  if (!stored) return {};
  return taken;
}

void LineDeliveryService::release(const LineWork& work) {
  if (!lease_) return;
  const auto now = clock_();
  std::vector<std::int64_t> ids{work.task.id};
  for (const auto& follower : work.followers) ids.push_back(follower.task.id);
  write([ids, now](store::WriteTxn& txn) {
    for (auto id : ids) {
      if (auto task = txn.line_task(id); task && task->state == core::DeliveryState::pending) {
        task->next_attempt_at = now;
        txn.update_line_task(*task);
      }
    }
    return true;
  });
}

std::optional<core::TimePoint> LineDeliveryService::next_due_after(core::TimePoint now) {
  return store_.begin_read()->next_line_task_after(now);
}

std::optional<std::string> LineDeliveryService::access_token(const core::Id& assistant_id) {
  auto channel = store_.begin_read()->line_channel(assistant_id);
  if (!channel) return std::nullopt;
  return channel->channel_access_token;
}

void LineDeliveryService::forget_old_events() {
  const auto before = clock_() - core::kHandledLineEventsKept;
  write([before](store::WriteTxn& txn) {
    txn.forget_line_events_before(before);
    return true;
  });
}

void LineDeliveryService::record(const LineWork& work, const LineCallResult& result) {
  std::promise<bool> committed;
  auto durable = committed.get_future();
  record(work, result, [&committed](bool stored) { committed.set_value(stored); });
  durable.get();
}

void LineDeliveryService::record(const LineWork& work, const LineCallResult& result,
                                 std::function<void(bool durable)> done) {
  auto apply_outcome = [this, work, result](store::WriteTxn& txn) {
    apply(txn, work, result);
    // The followers that went in the same reply are delivered with it.
    if (result.outcome == core::LineCallOutcome::done) {
      for (std::size_t i = 0; i < std::min(result.followers_sent, work.followers.size()); ++i) {
        apply(txn, work.followers[i], LineCallResult{});
      }
    }
    return true;
  };
  auto report = [id = work.task.id, done = std::move(done)](bool durable) {
    if (!durable) spdlog::error("event=line_outbox_record_failed task={}", id);
    done(durable);
  };
  store_.submit(store::WriteJob{std::move(apply_outcome), std::move(report)});
}

void LineDeliveryService::apply(store::WriteTxn& txn, const LineWork& work, const LineCallResult& result) {
  const auto now = clock_();
  auto task = work.task;
  task.updated_at = now;
  task.last_error = result.error;
  switch (result.outcome) {
    case core::LineCallOutcome::done:
      task.state = core::DeliveryState::sent;
      task.reply_token.reset();
      txn.update_line_task(task);
      if (result.pushed) txn.count_line_push(task.assistant_id, core::quota_month(now));
      apply_success(txn, LineWork{task, {}, work.live_agent_enabled, {}, work.message, work.attachment, {}}, result);
      return;
    case core::LineCallOutcome::reply_refused:
      // The token expired or was used: push at once, with this task's own retry key.
      task.reply_token.reset();
      task.reply_token_at.reset();
      task.next_attempt_at = now;
      txn.update_line_task(task);
      return;
    case core::LineCallOutcome::retry:
      ++task.attempts;
      if (now - task.created_at < core::kGiveUpAfter) {
        task.next_attempt_at = now + core::line_retry_delay(task.attempts, jitter(), result.retry_after_seconds);
        txn.update_line_task(task);
        spdlog::warn("event=line_retry task={} subject={} attempt={} error=\"{}\"", task.id,
                     task.subject_id.value_or(""), task.attempts, result.error);
        return;
      }
      break;
    case core::LineCallOutcome::failed:
      ++task.attempts;
      break;
  }
  task.state = core::DeliveryState::failed;
  txn.update_line_task(task);
  spdlog::warn("event=line_failed task={} attempts={} error=\"{}\"", task.id, task.attempts, result.error);
  apply_failure(txn, LineWork{task, {}, work.live_agent_enabled, {}, work.message, work.attachment, {}});
}

void LineDeliveryService::apply_success(store::WriteTxn& txn, const LineWork& work, const LineCallResult& result) {
  const auto& task = work.task;
  switch (task.kind) {
    case core::LineTaskKind::message:
      if (auto message = txn.message(task.subject_id.value_or(""))) {
        txn.after_commit([this, message = *message] { events_.message_updated(message); });
      }
      return;
    case core::LineTaskKind::profile: {
      auto conversation = txn.conversation(task.conversation_id);
      if (!conversation || !result.display_name || result.display_name->empty()) return;
      conversation->contact.name = *result.display_name;
      conversation->contact.picture_url = result.picture_url;
      txn.update_conversation(*conversation);
      if (auto contact = txn.line_contact_of(task.conversation_id); contact && result.language) {
        contact->language = result.language;
        txn.upsert_line_contact(*contact);
      }
      // As stored, with its new version.
      auto updated = txn.conversation(task.conversation_id);
      if (updated) txn.after_commit([this, updated = *updated] { events_.conversation_updated(updated); });
      return;
    }
    case core::LineTaskKind::mark_read:
      return;  // nothing to show: the customer's phone says "Read"
    case core::LineTaskKind::content: {
      if (!work.attachment || !result.content) return;
      auto attachment = *work.attachment;
      attachment.status = core::AttachmentStatus::ready;
      attachment.content_type = result.content_type;
      attachment.size = static_cast<std::int64_t>(result.content->size());
      txn.update_attachment(attachment, result.content);
      if (auto message = txn.message(attachment.message_id)) {
        txn.after_commit([this, message = *message] { events_.message_updated(message); });
      }
      return;
    }
  }
}

void LineDeliveryService::apply_failure(store::WriteTxn& txn, const LineWork& work) {
  const auto& task = work.task;
  std::optional<core::Id> message_id;
  if (task.kind == core::LineTaskKind::message) message_id = task.subject_id;
  if (task.kind == core::LineTaskKind::content && work.attachment) {
    auto attachment = *work.attachment;
    attachment.status = core::AttachmentStatus::failed;
    txn.update_attachment(attachment, std::nullopt);
    message_id = attachment.message_id;
  }
  if (!message_id) return;
  if (auto message = txn.message(*message_id)) {
    txn.after_commit([this, message = *message] { events_.message_updated(message); });
  }
}

}  // namespace baton::app
