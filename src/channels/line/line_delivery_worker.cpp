#include "channels/line/line_delivery_worker.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>
#include <charconv>

#include "channels/line/line_messages.hpp"
#include "core/limits.hpp"

namespace baton::channels::line {
namespace json = boost::json;
namespace {

using core::LineCallOutcome;

constexpr int kDueBatch = 64;
constexpr std::chrono::seconds kIdleWait{30};
constexpr std::chrono::hours kForgetEventsEvery{1};
constexpr int kLoadingSeconds = 20;  // the AI rarely takes longer; the answer ends it anyway

// The "message" of LINE's error body, if it has one (at most 200 bytes).
std::string line_message(const net::HttpOutcome& outcome) {
  boost::system::error_code error;
  auto body = json::parse(outcome.body, error);
  if (error || !body.is_object()) return {};
  const auto* message = body.get_object().if_contains("message");
  if (!message || !message->is_string()) return {};
  return std::string(message->get_string().subview().substr(0, 200));
}

// What LINE said was wrong (its error body's "message"), for the log and the console.
std::string line_error(const net::HttpOutcome& outcome) {
  if (outcome.status == 0) return "LINE unreachable: " + outcome.error;
  std::string why = "LINE answered " + std::to_string(outcome.status);
  if (auto message = line_message(outcome); !message.empty()) why += ": " + message;
  return why;
}

std::optional<int> retry_after(const std::string& header) {
  int seconds = 0;
  const auto* end = header.data() + header.size();
  if (header.empty() || std::from_chars(header.data(), end, seconds).ptr != end) return std::nullopt;
  return seconds;
}

app::LineCallResult result_of(core::LineTaskKind kind, bool used_reply_token, const net::HttpOutcome& outcome) {
  app::LineCallResult result;
  result.outcome = core::classify_line_call(kind, used_reply_token, outcome.status);
  if (!outcome.error.empty() && outcome.status != 0) result.outcome = LineCallOutcome::retry;  // cut off mid-answer
  if (result.outcome != LineCallOutcome::done) result.error = line_error(outcome);
  result.retry_after_seconds = retry_after(outcome.retry_after);
  result.cancelled = outcome.cancelled;
  return result;
}

app::LineCallResult failed(std::string why) {
  app::LineCallResult result;
  result.outcome = LineCallOutcome::failed;
  result.error = std::move(why);
  return result;
}

}  // namespace

LineDeliveryWorker::LineDeliveryWorker(app::LineDeliveryService& service, app::LineOutbox& outbox, LineApi api,
                                       app::ClockFn clock, std::size_t senders)
    : service_(service),
      outbox_(outbox),
      api_(api.cancelled_by(calls_)),
      clock_(std::move(clock)),
      senders_count_(senders) {}

LineDeliveryWorker::~LineDeliveryWorker() { stop(); }

void LineDeliveryWorker::start() {
  senders_ = std::make_unique<boost::asio::thread_pool>(senders_count_);
  outbox_.on_queued([this] { wake(); });
  outbox_.on_loading([this](app::LoadingRequest request) {
    {
      std::lock_guard lock(mutex_);
      loading_requests_.push_back(std::move(request));
      woken_ = true;
    }
    changed_.notify_all();
  });
  dispatcher_ = std::thread([this] { dispatch_loop(); });
}

void LineDeliveryWorker::stop() {
  if (!dispatcher_.joinable()) return;
  outbox_.on_queued(nullptr);
  outbox_.on_loading(nullptr);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  // The outbox is durable: a call cut short is simply made again at the next start.
  calls_.cancel();
  dispatcher_.join();
  senders_->join();
  // The last outcomes are being committed; their callbacks touch this object.
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return in_flight_.empty(); });
}

void LineDeliveryWorker::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  changed_.notify_all();
}

void LineDeliveryWorker::dispatch_loop() {
  auto next_forget = std::chrono::steady_clock::now();
  for (;;) {
    if (std::chrono::steady_clock::now() >= next_forget) {
      service_.forget_old_events();
      next_forget = std::chrono::steady_clock::now() + kForgetEventsEvery;
    }
    std::vector<app::LineWork> due;
    {
      // Loading animations first: a message read below waits for the one before it.
      std::unique_lock lock(mutex_);
      // Cleared before reading: a wake that comes while we read brings us round again.
      woken_ = false;
      dispatch_loading(lock);
      finished_during_read_.clear();
    }
    try {
      due = service_.due(kDueBatch);
    } catch (const std::exception& error) {
      spdlog::error("event=line_outbox_read_failed error=\"{}\"", error.what());
    }
    std::vector<app::LineWork> ready;
    {
      std::unique_lock lock(mutex_);
      for (auto& work : due) {
        // A task that finished after the read began was read as still pending: not again.
        if (finished_during_read_.contains(work.task.id)) continue;
        if (work.task.kind == core::LineTaskKind::message && loading_in_flight_.contains(work.task.conversation_id))
          continue;
        if (in_flight_.contains(work.task.id)) continue;
        ready.push_back(std::move(work));
      }
    }
    // Only what this node claims: the other nodes read the same outbox.
    try {
      ready = service_.claim(std::move(ready));
    } catch (const std::exception& error) {
      spdlog::error("event=line_outbox_claim_failed error=\"{}\"", error.what());
      ready.clear();
    }
    {
      std::unique_lock lock(mutex_);
      for (auto& work : ready) {
        in_flight_.insert(work.task.id);
        boost::asio::post(*senders_, [this, work = std::move(work)] { perform(work); });
      }
    }
    // Sleep until something is queued or finishes, or the next retry falls due.
    const auto now = clock_();
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(kIdleWait);
    try {
      const auto next = service_.next_due_after(now);
      if (next) wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(*next - now));
    } catch (const std::exception& error) {
      // The store is away (a PostgreSQL server restarting): look again soon, not in kIdleWait.
      spdlog::error("event=line_outbox_read_failed error=\"{}\"", error.what());
      wait = std::chrono::milliseconds(1000);
    }
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::max(wait, std::chrono::milliseconds(1)), [this] { return woken_ || stopping_; });
    if (stopping_) return;
  }
}

void LineDeliveryWorker::dispatch_loading(std::unique_lock<std::mutex>&) {
  for (auto& request : std::exchange(loading_requests_, {})) {
    if (clock_() - request.at > core::kLoadingWorthShowing) continue;
    loading_in_flight_.insert(request.conversation_id);
    boost::asio::post(*senders_, [this, request = std::move(request)] { show_loading(request); });
  }
}

void LineDeliveryWorker::show_loading(const app::LoadingRequest& request) {
  try {
    if (auto token = service_.access_token(request.assistant_id)) {
      const auto outcome = api_.start_loading(*token, request.user_id, kLoadingSeconds);
      // Best effort: a lost animation is not worth a retry.
      if (!outcome.ok()) spdlog::debug("event=line_loading_failed error=\"{}\"", line_error(outcome));
    }
  } catch (const std::exception& error) {
    spdlog::warn("event=line_loading_failed error=\"{}\"", error.what());
  }
  {
    std::lock_guard lock(mutex_);
    loading_in_flight_.erase(loading_in_flight_.find(request.conversation_id));
    woken_ = true;
  }
  changed_.notify_all();
}

void LineDeliveryWorker::perform(const app::LineWork& work) {
  app::LineCallResult result;
  try {
    result = carry_out(work);
  } catch (const std::exception& error) {
    result.outcome = LineCallOutcome::retry;
    result.error = std::string("internal error: ") + error.what();
  }
  if (result.cancelled) {
    // Stopping: not a try that failed, so no attempt is counted; the task is given back so that
    // another node sends it at once.
    spdlog::info("event=line_call_cancelled task={}", work.task.id);
    try {
      service_.release(work);
    } catch (const std::exception& error) {
      spdlog::warn("event=line_release_failed task={} error=\"{}\"", work.task.id, error.what());
    }
    {
      std::lock_guard lock(mutex_);
      in_flight_.erase(work.task.id);
    }
    changed_.notify_all();
    return;
  }
  if (metrics_) {
    const auto outcome = result.outcome == LineCallOutcome::done     ? app::OutboxOutcome::ok
                         : result.outcome == LineCallOutcome::failed ? app::OutboxOutcome::failed
                                                                     : app::OutboxOutcome::retry;
    metrics_->outbox_attempt(app::OutboxSink::line, outcome);
  }
  // The sender is free for the next call while the outcome is committed; the task counts as
  // finished (and may be read again) only once it is.
  service_.record(work, result, [this, id = work.task.id](bool) {
    {
      std::lock_guard lock(mutex_);
      in_flight_.erase(id);
      finished_during_read_.insert(id);
      woken_ = true;
    }
    changed_.notify_all();
  });
}

app::LineCallResult LineDeliveryWorker::carry_out(const app::LineWork& work) const {
  const auto& task = work.task;
  switch (task.kind) {
    case core::LineTaskKind::message:
      return send_message(work);
    case core::LineTaskKind::profile: {
      const auto outcome = api_.profile(work.access_token, task.user_id);
      auto result = result_of(task.kind, false, outcome);
      if (result.outcome != LineCallOutcome::done) return result;
      boost::system::error_code error;
      auto body = json::parse(outcome.body, error);
      const auto* profile = error ? nullptr : body.if_object();
      const auto* name = profile ? profile->if_contains("displayName") : nullptr;
      if (!name || !name->is_string()) return failed("LINE sent a profile without displayName");
      result.display_name = first_code_points(name->get_string(), core::kMaxNameChars);
      if (const auto* language = profile->if_contains("language");
          language && language->is_string() && language->get_string().size() <= 35) {
        result.language = std::string(language->get_string());
      }
      if (const auto* picture = profile->if_contains("pictureUrl");
          picture && picture->is_string() && picture->get_string().starts_with("https://")) {
        result.picture_url = std::string(picture->get_string());
      }
      return result;
    }
    case core::LineTaskKind::mark_read: {
      if (!task.read_token) return failed("the read receipt has no token");
      const auto outcome = api_.mark_as_read(work.access_token, *task.read_token);
      count_call(app::LineApiCall::mark_read, outcome);
      return result_of(task.kind, false, outcome);
    }
    case core::LineTaskKind::content: {
      if (!work.attachment) return failed("the attachment is gone");
      const auto outcome = api_.content(work.access_token, work.attachment->source_id);
      count_call(app::LineApiCall::content, outcome);
      if (outcome.status == 202) {  // a video or audio still being prepared
        app::LineCallResult preparing;
        preparing.outcome = LineCallOutcome::retry;
        preparing.error = "LINE is still preparing the file";
        preparing.retry_after_seconds = 5;
        return preparing;
      }
      auto result = result_of(task.kind, false, outcome);
      if (result.outcome != LineCallOutcome::done) return result;
      result.content = outcome.body;
      result.content_type = outcome.content_type.empty() ? "application/octet-stream" : outcome.content_type;
      return result;
    }
  }
  return failed("unknown task");
}

void LineDeliveryWorker::count_call(app::LineApiCall api, const net::HttpOutcome& outcome) const {
  if (metrics_ && !outcome.cancelled) metrics_->line_api_call(api, outcome.ok());
}

app::LineCallResult LineDeliveryWorker::send_message(const app::LineWork& work) const {
  const auto& task = work.task;
  if (!work.message) return failed("the message is gone");
  auto messages = line_messages_for(*work.message, work.live_agent_enabled, work.language, file_urls_);
  const bool reply = task.reply_token && core::reply_token_fresh(task.reply_token_at, clock_());
  // The messages queued after this one ride along in the reply while there is room.
  std::size_t followers = 0;
  for (const auto& follower : reply ? work.followers : std::vector<app::LineWork>{}) {
    const auto more = line_messages_for(*follower.message, follower.live_agent_enabled, follower.language, file_urls_);
    if (messages.size() + more.size() > kMaxMessagesPerRequest) break;
    for (const auto& message : more) messages.push_back(message);
    ++followers;
  }
  const auto outcome = reply ? api_.reply(work.access_token, *task.reply_token, messages)
                             : api_.push(work.access_token, task.user_id, messages, task.retry_key);
  count_call(reply ? app::LineApiCall::reply : app::LineApiCall::push, outcome);
  // A stale reply token is not tried: the push goes at once. A refused one turns into a push too
  // (classify_line_call), with the task's own retry key.
  auto result = result_of(task.kind, reply, outcome);
  result.followers_sent = followers;
  result.pushed = !reply && result.outcome == LineCallOutcome::done;
  // Past the month's limit no retry helps: failed at once, with a reason the agent can act on
  // (the customer's next message brings a reply token, and a reply is free).
  if (!reply && core::monthly_limit_reached(outcome.status, line_message(outcome))) {
    result.outcome = LineCallOutcome::failed;
    result.error = std::string(core::kMonthlyLimitError);
    result.retry_after_seconds.reset();
  }
  spdlog::debug("event=line_send task={} via={} messages={} status={}", task.id, reply ? "reply" : "push",
                messages.size(), outcome.status);
  return result;
}

}  // namespace baton::channels::line
