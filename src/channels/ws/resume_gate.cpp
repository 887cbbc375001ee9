#include "channels/ws/resume_gate.hpp"

#include "app/wire_format.hpp"
#include "channels/ws/socket_session.hpp"

namespace baton::channels::ws {
namespace {

constexpr std::uint16_t kTryAgainCode = 1013;

}  // namespace

bus::Handler ResumeGate::handler() {
  return [weak = weak_from_this()](const bus::Event& event) {
    auto self = weak.lock();
    if (!self) return;
    std::lock_guard lock(self->mutex_);
    if (self->open_) {
      self->pass(event);
    } else if (self->held_.size() < kMaxHeld) {
      self->held_.push_back(event);
    } else if (auto session = self->session_.lock()) {
      session->close(kTryAgainCode, "too many events while resuming");
    }
  };
}

void ResumeGate::open(const std::vector<core::Message>& backlog) {
  std::lock_guard lock(mutex_);
  auto session = session_.lock();
  if (!session) return;
  for (const auto& message : backlog) {
    if (message.seq <= sent_seq_) continue;
    session->send(app::event_frame("message.created", "message", app::to_customer_json(message)));
    sent_seq_ = message.seq;
  }
  for (const auto& event : held_) pass(event);
  held_.clear();
  open_ = true;
}

void ResumeGate::pass(const bus::Event& event) {
  if (event.type == "message.created" && event.seq > 0) {
    if (event.seq <= sent_seq_) return;  // the backlog had it
    sent_seq_ = event.seq;
  }
  if (auto session = session_.lock()) session->send(event.payload);
}

}  // namespace baton::channels::ws
