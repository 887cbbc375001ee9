#include "channels/ws/socket_endpoints.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>
#include <limits>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "app/wire_format.hpp"
#include "channels/http/client_address.hpp"
#include "channels/http/console_auth.hpp"
#include "channels/http/handler_support.hpp"
#include "channels/http/responses.hpp"
#include "channels/ws/resume_gate.hpp"
#include "channels/ws/socket_session.hpp"

namespace baton::channels::ws {
namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

constexpr std::uint16_t kSessionEndedCode = 4401;    // the console signs in again
constexpr std::uint16_t kServiceRestartCode = 1012;  // this node is stopping: reconnect (to another)

// Open widget sockets per visitor, so one token cannot hold thousands of connections.
class VisitorSocketCount {
 public:
  explicit VisitorSocketCount(int limit) : limit_(limit) {}

  // Releases its slot when destroyed.
  class Slot {
   public:
    Slot(VisitorSocketCount* owner, std::string key) : owner_(owner), key_(std::move(key)) {}
    Slot(Slot&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)), key_(std::move(other.key_)) {}
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    Slot& operator=(Slot&&) = delete;
    ~Slot() {
      if (owner_) owner_->release(key_);
    }

   private:
    VisitorSocketCount* owner_;
    std::string key_;
  };

  std::optional<Slot> open(const std::string& key) {
    std::lock_guard lock(mutex_);
    int& count = open_[key];
    if (count >= limit_) return std::nullopt;
    ++count;
    return Slot(this, key);
  }

 private:
  void release(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto found = open_.find(key);
    if (found != open_.end() && --found->second <= 0) open_.erase(found);
  }

  int limit_;
  std::mutex mutex_;
  std::unordered_map<std::string, int> open_;
};

// Messages a resuming socket sends before going live; a client missing more sees a seq gap and
// fetches the rest page by page.
constexpr int kMaxResumeMessages = 200;

asio::awaitable<void> refuse(beast::tcp_stream& stream, const core::Error& error) {
  auto response = http::error_response(error);
  response.keep_alive(false);
  response.prepare_payload();
  co_await beast::http::async_write(stream, response, asio::as_tuple(asio::use_awaitable));
}

// A page of another origin must not ride on the agent's cookie (cross-site WebSocket hijacking):
// the browser sends the cookie with any same-site upgrade, but always says whose page asked.
bool from_console_origin(const http::RequestContext& context) {
  return http::same_authority(context.header(beast::http::field::origin), context.header(beast::http::field::host));
}

asio::awaitable<void> serve_agent_socket(beast::tcp_stream& stream, http::Request& request,
                                         const http::RequestContext& context, app::Services& s, SocketMetrics metrics,
                                         std::shared_ptr<SocketRegistry> registry) {
  auto token = http::console_socket_token(context);
  if (token && token->by_cookie && !from_console_origin(context)) {
    const core::Error foreign{core::ErrorCode::forbidden, "this socket only opens from the console's own origin"};
    co_return co_await refuse(stream, foreign);
  }
  std::string presented = token ? token->value : std::string();  // named: see app/async.hpp on g++ 12
  auto principal = co_await s.auth.authenticate(std::move(presented));
  if (!principal) co_return co_await refuse(stream, principal.error());

  const core::Id agent_id = principal->agent.id;
  auto session = std::make_shared<SocketSession>(std::move(stream), metrics, std::move(registry));
  // Logout, a password change, disabling the user or expiry end the session: close at once.
  session->hold(s.bus.subscribe(bus::topics::session(principal->token_hash),
                                [weak = std::weak_ptr<SocketSession>(session)](const bus::Event&) {
                                  if (auto self = weak.lock()) self->close(kSessionEndedCode, "session ended");
                                }));
  // The popup goes only to the assistant's members who are available when it happens.
  session->hold(s.bus.subscribe(bus::topics::agents(), [weak = std::weak_ptr<SocketSession>(session), agent_id,
                                                        &presence = s.presence](const bus::Event& event) {
    if (event.type == "handoff.requested" &&
        (!presence.is_available(agent_id) || !presence.serves(agent_id, event.assistant_id))) {
      return;
    }
    if (auto self = weak.lock()) self->send(event.payload);
  }));
  // What only this agent hears: a conversation given to them.
  session->hold(s.bus.subscribe(bus::topics::agent(agent_id), session->forwarder()));
  if (!co_await session->accept(request)) co_return;
  s.presence.socket_opened(agent_id);
  session->start_reading([&presence = s.presence, agent_id] { presence.socket_closed(agent_id); });
}

asio::awaitable<void> serve_widget_socket(beast::tcp_stream& stream, http::Request& request,
                                          const http::RequestContext& context, app::Services& s,
                                          // Kept with the socket (HeldSlot below): at shutdown the
                                          // handler that holds it may go before the sockets do.
                                          std::shared_ptr<VisitorSocketCount> open_sockets, SocketMetrics metrics,
                                          std::shared_ptr<SocketRegistry> registry) {
  auto token = context.query("token");
  if (!token) {
    const core::Error missing{core::ErrorCode::unauthorized, "pass ?token=VISITOR_TOKEN"};
    co_return co_await refuse(stream, missing);
  }
  auto visitor = co_await s.conversations.identify_visitor(*token);
  if (!visitor) co_return co_await refuse(stream, visitor.error());
  auto slot = open_sockets->open(visitor->conversation_id);
  if (!slot) {
    const core::Error too_many{core::ErrorCode::rate_limited, "too many open sockets for this visitor", 10};
    co_return co_await refuse(stream, too_many);
  }

  std::optional<std::int64_t> after_seq;
  if (context.query("after_seq")) {
    auto given = http::integer_query(context, "after_seq", 0, 0, std::numeric_limits<std::int64_t>::max());
    if (!given) co_return co_await refuse(stream, given.error());
    after_seq = *given;
  }

  auto session = std::make_shared<SocketSession>(std::move(stream), metrics, std::move(registry));
  std::shared_ptr<ResumeGate> gate;
  if (after_seq) {
    gate = std::make_shared<ResumeGate>(session, *after_seq);
    session->hold(s.bus.subscribe(bus::topics::conversation(visitor->conversation_id), gate->handler()));
  } else {
    session->hold(s.bus.subscribe(bus::topics::conversation(visitor->conversation_id), session->forwarder()));
  }
  session->hold(s.bus.subscribe(bus::topics::presence(visitor->assistant_id), session->forwarder()));
  // The count as it is now, so the widget never shows a stale number.
  session->send(app::event_frame(boost::json::object{{"type", "presence.updated"},
                                                     {"assistant_id", visitor->assistant_id},
                                                     {"agents_online", s.presence.on_duty(visitor->assistant_id)}}));
  // Subscribed before this read: whatever is stored after it arrives live (and is held).
  auto resume = co_await s.conversations.widget_resume(*visitor, after_seq, kMaxResumeMessages);
  if (gate) {
    // A failed read sends nothing: the client's gap repair fetches what this could not.
    gate->open(resume ? resume->backlog : std::vector<core::Message>{});
  }
  // A waiting customer's place as it is now: a reconnect never shows a stale one.
  if (resume && resume->queue_position) {
    session->send(app::queue_position_frame(visitor->conversation_id, *resume->queue_position));
  }
  // Where the visitor is, for the e-mail follow-up on any node (app/visitor_presence.hpp); the
  // widget says its language (zh-TW or en) for the e-mail.
  std::optional<std::string> language;
  if (auto lang = context.query("lang"); lang && (*lang == "en" || *lang == "zh-TW")) language = std::string(*lang);
  if (!co_await session->accept(request)) co_return;
  std::string presence_id;
  if (s.visitor_presence) presence_id = s.visitor_presence->socket_opened(visitor->conversation_id, language);
  // The slot is given back, and the visitor's presence ended, when the socket closes.
  struct HeldSlot {
    std::shared_ptr<VisitorSocketCount> count;  // declared first: outlives the slot it counts
    VisitorSocketCount::Slot slot;
  };
  auto held_slot = std::make_shared<HeldSlot>(HeldSlot{std::move(open_sockets), std::move(*slot)});
  // The resume gate's subscription only has a weak hold on it: the socket keeps it.
  session->start_reading([visitor_presence = s.visitor_presence, presence_id = std::move(presence_id),
                          held_slot = std::move(held_slot), gate = std::move(gate)] {
    if (visitor_presence) visitor_presence->socket_closed(presence_id);
  });
}

}  // namespace

http::UpgradeHandler socket_endpoints(app::Services& services, const SocketOptions& options) {
  auto visitor_sockets = std::make_shared<VisitorSocketCount>(options.max_sockets_per_visitor);
  // A draining node closes every socket so that its client reconnects elsewhere at once.
  auto registry = std::make_shared<SocketRegistry>();
  auto on_drain = std::make_shared<bus::Subscription>(services.bus.subscribe(
      bus::topics::node(), [weak = std::weak_ptr<SocketRegistry>(registry)](const bus::Event& event) {
        if (event.type != "node.draining") return;
        if (auto sockets = weak.lock()) sockets->close_all(kServiceRestartCode, "service restart");
      }));
  return [&services, visitor_sockets, registry, on_drain, agent_metrics = options.agent_metrics,
          widget_metrics = options.widget_metrics](beast::tcp_stream& stream, http::Request& request,
                                                   const http::ClientInfo& client) -> asio::awaitable<bool> {
    auto url = boost::urls::parse_origin_form(request.target());
    if (!url) co_return false;
    http::RequestContext context{request, *url, {}, client};
    const std::string path = url->path();
    if (path == "/api/v1/agent/ws") {
      co_await serve_agent_socket(stream, request, context, services, agent_metrics, registry);
      co_return true;
    }
    if (path == "/api/v1/widget/ws") {
      co_await serve_widget_socket(stream, request, context, services, visitor_sockets, widget_metrics, registry);
      co_return true;
    }
    co_return false;
  };
}

}  // namespace baton::channels::ws
