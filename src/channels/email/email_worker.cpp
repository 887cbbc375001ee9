#include "channels/email/email_worker.hpp"

#include <spdlog/spdlog.h>

namespace baton::channels::email {
namespace {

constexpr int kDueBatch = 16;
// Another node may queue an e-mail this one should send if that node dies: look at least this often.
constexpr std::chrono::seconds kIdleWait{5};

}  // namespace

EmailWorker::EmailWorker(app::EmailDeliveryService& service, app::EmailOutbox& outbox, SmtpSender sender,
                         app::ClockFn clock)
    : service_(service), outbox_(outbox), sender_(std::move(sender)), clock_(std::move(clock)) {}

EmailWorker::~EmailWorker() { stop(); }

void EmailWorker::start() {
  outbox_.on_queued([this] { wake(); });
  thread_ = std::thread([this] { run(); });
}

void EmailWorker::stop() {
  if (!thread_.joinable()) return;
  outbox_.on_queued(nullptr);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void EmailWorker::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  changed_.notify_all();
}

void EmailWorker::run() {
  while (!stopping_) {
    {
      std::lock_guard lock(mutex_);
      woken_ = false;  // a wake while we work brings us round again
    }
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(kIdleWait);
    try {
      const bool more = send_due();
      const auto now = clock_();
      if (more) {
        wait = std::chrono::milliseconds(0);
      } else if (const auto next = service_.next_due_after(now)) {
        wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(*next - now));
      }
    } catch (const std::exception& error) {
      // The store is away (a PostgreSQL restart): look again soon.
      spdlog::error("event=email_outbox_failed error=\"{}\"", error.what());
      wait = std::chrono::milliseconds(1000);
    }
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::max(wait, std::chrono::milliseconds(1)),
                      [this] { return woken_ || stopping_.load(); });
  }
}

bool EmailWorker::send_due() {
  const auto due = service_.due(kDueBatch);
  for (const auto& row : due) {
    if (stopping_) return false;
    auto work = service_.take(row);
    if (!work) continue;  // another node's, or the visitor came back
    bool cancelled = false;
    const auto message = core::render_mail(work->mail);
    auto result = sender_.send(work->row.to_address, message, stopping_, cancelled);
    if (cancelled) return false;  // stopping: the claim runs out and the e-mail is sent after the restart
    service_.record(*work, result);
  }
  return due.size() == static_cast<std::size_t>(kDueBatch);  // more may be due
}

}  // namespace baton::channels::email
