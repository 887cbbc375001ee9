// A widget socket opened with ?after_seq=N resumes where its client left off: it subscribes
// first, then sends the messages stored after N, then the live events that came meanwhile, and
// from then on live events, dropping any message whose seq it already sent. So a client that
// reconnects (to this node or another) gets every message once and in order, without asking.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "bus/event_bus.hpp"
#include "core/types.hpp"

namespace baton::channels::ws {

class SocketSession;

class ResumeGate : public std::enable_shared_from_this<ResumeGate> {
 public:
  // Events held while the backlog is read, at most; past that the socket is closed (the client
  // reconnects and resumes again) rather than hold a flood in memory.
  static constexpr std::size_t kMaxHeld = 256;

  ResumeGate(std::weak_ptr<SocketSession> session, std::int64_t after_seq)
      : session_(std::move(session)), sent_seq_(after_seq) {}

  // For the conversation's subscription: holds events until open(), then passes them on.
  bus::Handler handler();
  // Sends the backlog (messages after the resume point, in seq order) and what was held.
  void open(const std::vector<core::Message>& backlog);

 private:
  void pass(const bus::Event& event);  // under mutex_, once open

  std::weak_ptr<SocketSession> session_;
  std::mutex mutex_;
  bool open_ = false;
  std::vector<bus::Event> held_;
  std::int64_t sent_seq_;  // the highest message seq this socket has been sent
};

}  // namespace baton::channels::ws
