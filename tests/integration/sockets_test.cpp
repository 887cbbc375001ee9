// Sockets: live presence counts, resuming with after_seq, slow clients dropped without
// stalling anyone else.
#include <sys/socket.h>

#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

class Sockets : public ServerTest {};

TEST_F(Sockets, WidgetSeesTheAvailableAgentCountLive) {
  const auto assistant = new_assistant(true);
  auto visitor = new_visitor(assistant);
  auto widget = widget_socket(visitor);
  auto first = widget->wait_for("presence.updated");
  EXPECT_EQ(first.at("agents_online").as_int64(), 0);

  const auto agent = new_agent("Lin");
  set_presence(agent, "online");
  {
    auto console = agent_socket(agent);
    auto up = widget->wait_for("presence.updated");
    EXPECT_EQ(up.at("agents_online").as_int64(), 1);
    EXPECT_EQ(http_->get("/api/v1/widget/assistants/" + assistant + "/config").json().at("agents_online").as_int64(),
              1);
    set_presence(agent, "away");
    EXPECT_EQ(widget->wait_for("presence.updated").at("agents_online").as_int64(), 0);
    set_presence(agent, "online");
    EXPECT_EQ(widget->wait_for("presence.updated").at("agents_online").as_int64(), 1);
  }
  // The socket closed: the agent still counts during the grace period (60 s by default).
  EXPECT_EQ(http_->get("/api/v1/widget/assistants/" + assistant + "/config").json().at("agents_online").as_int64(), 1);
}

class ShortGrace : public ServerTest {
 protected:
  std::vector<std::string> server_args() const override { return {"--demo", "--presence-grace-seconds", "1"}; }
};

TEST_F(ShortGrace, AnAgentWhoseSocketsAreGoneStopsCountingAfterTheGrace) {
  const auto assistant = new_assistant(true);
  auto visitor = new_visitor(assistant);
  auto widget = widget_socket(visitor);
  widget->wait_for("presence.updated");
  const auto agent = new_agent("Max");
  set_presence(agent, "online");
  auto console = agent_socket(agent);
  EXPECT_EQ(widget->wait_for("presence.updated").at("agents_online").as_int64(), 1);
  console.reset();
  EXPECT_EQ(widget->wait_for("presence.updated", {}, std::chrono::seconds(5)).at("agents_online").as_int64(), 0);
  // And the popup no longer goes to that agent; the customer is told nobody is on duty.
  auto handoff = http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).json();
  EXPECT_TRUE(handoff.at("offline_request").as_bool());
}

TEST_F(Sockets, APopupGoesOnlyToAvailableAgents) {
  const auto assistant = new_assistant(true);
  const auto online = new_agent("Nia");
  const auto away = new_agent("Oz");
  set_presence(online, "online");
  set_presence(away, "away");
  auto online_socket = agent_socket(online);
  auto away_socket = agent_socket(away);
  auto visitor = new_visitor(assistant);
  http_->post("/api/v1/widget/handoff", json::object{}, visitor.token);
  online_socket->wait_for("handoff.requested");
  // A later event marks the end: a socket gets its events in order, so any popup for the away
  // agent would have come before the marker.
  auto marker = new_visitor(assistant);
  send_customer(marker, "marker");
  for (;;) {
    auto event = away_socket->next();
    ASSERT_TRUE(event) << "the marker never came";
    EXPECT_NE(event->at("type").as_string(), "handoff.requested");
    if (event->at("type") == "message.created" && event->at("message").at("text") == "marker") break;
  }
}

TEST_F(Sockets, AClientResumesWithAfterSeqAndMissesNothing) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Pat");
  auto visitor = new_visitor(assistant);
  http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agent);
  std::int64_t last_seen = 0;
  {
    auto widget = widget_socket(visitor);
    http_->post("/api/v1/conversations/" + visitor.conversation_id + "/messages", {{"text", "one"}}, agent);
    last_seen = widget->wait_for("message.created", message_from("agent")).at("message").at("seq").as_int64();
  }
  // Offline for a while: two more messages.
  http_->post("/api/v1/conversations/" + visitor.conversation_id + "/messages", {{"text", "two"}}, agent);
  http_->post("/api/v1/conversations/" + visitor.conversation_id + "/messages", {{"text", "three"}}, agent);
  auto widget = widget_socket(visitor);
  const auto missed = visitor_messages(visitor, last_seen);
  ASSERT_EQ(missed.size(), 2u);
  EXPECT_EQ(missed[0].at("text"), "two");
  EXPECT_EQ(missed[1].at("text"), "three");
  EXPECT_EQ(missed[0].at("seq").as_int64(), last_seen + 1);
  // And live events continue on the new socket.
  http_->post("/api/v1/conversations/" + visitor.conversation_id + "/messages", {{"text", "four"}}, agent);
  EXPECT_EQ(widget->wait_for("message.created", message_from("agent")).at("message").at("text"), "four");
}

TEST_F(Sockets, AStuckClientIsDroppedAndOthersKeepReceiving) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Quinn");
  auto visitor = new_visitor(assistant);
  http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agent);
  auto healthy = agent_socket(agent);
  // A widget that never reads, with a tiny receive buffer: it falls behind at once.
  auto stuck = std::make_unique<SocketClient>(server_->port(), "/api/v1/widget/ws?token=" + visitor.token, "", 4096);
  std::string text;
  for (int i = 0; i < 3900; ++i) text += "字";  // ~12 KB frames fill buffers quickly
  constexpr int kMessages = 1500;               // bounded: more than the queue limit and the buffers hold
  for (int sent = 0; sent < kMessages; ++sent) {
    auto reply = http_->post("/api/v1/conversations/" + visitor.conversation_id + "/messages", {{"text", text}}, agent);
    ASSERT_EQ(reply.status, 201);
    if (sent % 100 == 99) {
      // The healthy socket keeps getting every message while the stuck one lags.
      auto seq = reply.json().at("seq").as_int64();
      healthy->wait_for("message.created",
                        [seq](const json::object& e) { return e.at("message").at("seq").as_int64() == seq; });
    }
  }
  EXPECT_TRUE(stuck->closed_by_server(std::chrono::seconds(20)));
}

}  // namespace
}  // namespace baton::testing

namespace baton::testing {
namespace {

TEST_F(Sockets, ACustomerCannotFloodAgentsWithTypingEvents) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ivy");
  auto socket = agent_socket(agent);
  const auto visitor = new_visitor(assistant);
  for (int i = 0; i < 30; ++i) {
    EXPECT_EQ(http_->request("POST", "/api/v1/widget/typing", "{}", visitor.token).status, 204);
  }
  // A marker after the burst: every typing event the server let through arrives before it.
  send_customer(visitor, "marker");
  int typing = 0;
  for (;;) {
    auto event = socket->next(std::chrono::seconds(5));
    ASSERT_TRUE(event) << "the marker never came";
    if (event->at("type") == "typing") ++typing;
    if (event->at("type") == "message.created" && event->at("message").at("text") == "marker") break;
  }
  EXPECT_GE(typing, 1);
  EXPECT_LE(typing, 5) << "30 typing posts in a burst should pass the limiter 3 times, a few more with refills";
}

}  // namespace
}  // namespace baton::testing
