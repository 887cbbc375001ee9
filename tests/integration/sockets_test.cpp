// Sockets: live presence counts, resuming with after_seq, slow clients dropped without
// stalling anyone else.
#include <sys/socket.h>

#include <map>
#include <thread>

#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

class Sockets : public ServerTest {
 protected:
  // A new visitor of a new assistant, whose conversation `agent` has taken over.
  Visitor taken_visitor(const std::string& agent) {
    auto visitor = new_visitor(new_assistant(true));
    auto taken = http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agent);
    EXPECT_EQ(taken.status, 200) << taken.body;
    return visitor;
  }
};

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
  const auto agent = new_agent("Pat");
  auto visitor = taken_visitor(agent);
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

// The seqs of the message.created frames `socket` gets until one with `last` (fails the test
// if it never comes).
std::vector<std::int64_t> seqs_until(SocketClient& socket, std::int64_t last) {
  std::vector<std::int64_t> seqs;
  while (seqs.empty() || seqs.back() < last) {
    auto frame = socket.wait_for("message.created");
    if (frame.empty()) break;
    seqs.push_back(frame.at("message").at("seq").as_int64());
  }
  return seqs;
}

TEST_F(Sockets, AWidgetSocketWithAfterSeqSendsWhatWasMissedThenGoesLive) {
  const auto agent = new_agent("Pat");
  auto visitor = taken_visitor(agent);
  const std::string path = "/api/v1/conversations/" + visitor.conversation_id + "/messages";
  const auto seen = http_->post(path, {{"text", "one"}}, agent).json().at("seq").as_int64();
  http_->post(path, {{"text", "two"}}, agent);
  http_->post(path, {{"text", "three"}}, agent);
  auto widget = widget_socket(visitor, seen);
  auto two = widget->wait_for("message.created");
  EXPECT_EQ(two.at("message").at("text"), "two");
  EXPECT_EQ(two.at("message").at("seq").as_int64(), seen + 1);
  EXPECT_EQ(widget->wait_for("message.created").at("message").at("text"), "three");
  const auto four = http_->post(path, {{"text", "four"}}, agent).json().at("seq").as_int64();
  EXPECT_EQ(seqs_until(*widget, four), std::vector<std::int64_t>{four}) << "live events follow, nothing twice";
  // Resuming past the end sends nothing but what comes next.
  auto caught_up = widget_socket(visitor, four);
  const auto five = http_->post(path, {{"text", "five"}}, agent).json().at("seq").as_int64();
  EXPECT_EQ(seqs_until(*caught_up, five), std::vector<std::int64_t>{five});
}

// Messages keep coming while sockets resume from the start: each socket gets every message
// once, in seq order, whether it came from the backlog or live.
TEST_F(Sockets, ResumingWhileMessagesArriveGivesEachMessageOnceInOrder) {
  const auto agent = new_agent("Pat");
  auto visitor = taken_visitor(agent);
  const std::string path = "/api/v1/conversations/" + visitor.conversation_id + "/messages";
  constexpr int kMessages = 60;
  std::int64_t last = 0;
  std::thread writer([&] {
    HttpClient client(http_->port());
    for (int i = 0; i < kMessages; ++i)
      last = client.post(path, {{"text", "m" + std::to_string(i)}}, agent).json().at("seq").as_int64();
  });
  std::vector<std::unique_ptr<SocketClient>> sockets;
  for (int i = 0; i < 5; ++i) sockets.push_back(widget_socket(visitor, 0));
  writer.join();
  for (auto& socket : sockets) {
    const auto seqs = seqs_until(*socket, last);
    ASSERT_EQ(seqs.size(), static_cast<std::size_t>(last)) << "a message missed or sent twice";
    for (std::size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], std::int64_t(i + 1));
  }
}

// A group commit's events reach an agent's socket together, gathered into one write: each is
// still a whole frame of its own, and each conversation's come in order, none missed.
TEST_F(Sockets, ABurstOfMessagesReachesTheAgentAsWholeFramesInOrder) {
  const auto agent = new_agent("Pat");
  auto console = agent_socket(agent);
  constexpr int kCustomers = 6;
  constexpr int kEach = 40;
  std::vector<Visitor> visitors;
  for (int i = 0; i < kCustomers; ++i) visitors.push_back(taken_visitor(agent));
  std::vector<std::thread> writers;
  for (const auto& visitor : visitors) {
    writers.emplace_back([this, token = visitor.token] {
      HttpClient client(http_->port());
      for (int i = 0; i < kEach; ++i)
        client.post("/api/v1/widget/messages", {{"text", "m" + std::to_string(i)}}, token);
    });
  }
  for (auto& writer : writers) writer.join();
  std::map<std::string, std::vector<std::string>> texts;  // by conversation, as received
  for (int received = 0; received < kCustomers * kEach; ++received) {
    auto frame = console->wait_for("message.created", message_from("customer"));
    ASSERT_FALSE(frame.empty()) << "only " << received << " messages arrived";
    const auto& message = frame.at("message").as_object();
    texts[std::string(message.at("conversation_id").as_string())].push_back(
        std::string(message.at("text").as_string()));
  }
  ASSERT_EQ(texts.size(), static_cast<std::size_t>(kCustomers));
  for (const auto& [conversation, received] : texts) {
    ASSERT_EQ(received.size(), static_cast<std::size_t>(kEach)) << conversation;
    for (int i = 0; i < kEach; ++i) EXPECT_EQ(received[i], "m" + std::to_string(i)) << conversation;
  }
}

TEST_F(Sockets, AWidgetSocketRefusesAMalformedAfterSeq) {
  auto visitor = new_visitor(new_assistant(true));
  for (const std::string bad : {"abc", "-1", "1e3", "", "99999999999999999999"}) {
    EXPECT_EQ(refused_upgrade_status(http_->port(), "/api/v1/widget/ws?token=" + visitor.token + "&after_seq=" + bad),
              400)
        << bad;
  }
}

// queue.updated (team operations §4.3): each waiting customer hears their place when it changes;
// the one taken hears nothing more of it; a left message is not ranked; a reload agrees.
TEST_F(Sockets, WaitingCustomersHearTheirPlaceWhenItChanges) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Rin");
  set_presence(agent, "online");
  auto console = agent_socket(agent);  // available: the requests below are live ones
  auto place = [](int position) {
    return [position](const json::object& e) { return e.at("queue_position").as_int64() == position; };
  };
  std::vector<Visitor> visitors;
  std::vector<std::unique_ptr<SocketClient>> widgets;
  for (int i = 0; i < 3; ++i) {
    visitors.push_back(new_visitor(assistant));
    widgets.push_back(widget_socket(visitors.back()));
    auto asked = http_->post("/api/v1/widget/handoff", json::object{}, visitors.back().token);
    ASSERT_EQ(asked.status, 200) << asked.body;
    EXPECT_EQ(asked.json().at("queue_position").as_int64(), i + 1);
    auto told = widgets.back()->wait_for("queue.updated", place(i + 1));
    EXPECT_EQ(told.at("conversation_id"), json::value(visitors.back().conversation_id));
    EXPECT_TRUE(told.at("estimated_wait_seconds").is_null());
  }
  // A message left while others wait is not ranked, and moves nobody.
  auto leaving = new_visitor(assistant);
  ASSERT_EQ(http_
                ->post("/api/v1/widget/offline_message",
                       {{"name", "Mei"}, {"contact", "mei@example.com"}, {"text", "Call me"}}, leaving.token)
                .status,
            201);
  EXPECT_TRUE(http_->get("/api/v1/widget/conversation", leaving.token).json().at("queue_position").is_null());

  ASSERT_EQ(
      http_->post("/api/v1/conversations/" + visitors[0].conversation_id + "/takeover", json::object{}, agent).status,
      200);
  widgets[1]->wait_for("queue.updated", place(1));
  widgets[2]->wait_for("queue.updated", place(2));
  EXPECT_EQ(http_->get("/api/v1/widget/conversation", visitors[2].token).json().at("queue_position").as_int64(), 2)
      << "a reload shows the place the socket told";
  auto reconnected = widget_socket(visitors[2]);
  EXPECT_EQ(reconnected->wait_for("queue.updated").at("queue_position").as_int64(), 2) << "told again on reconnect";
  widgets[0]->wait_for("conversation.updated");
  while (auto frame = widgets[0]->next(std::chrono::milliseconds(300))) {
    EXPECT_NE(frame->at("type"), "queue.updated") << "the customer taken was told a place";
  }
}

TEST_F(Sockets, AStuckClientIsDroppedAndOthersKeepReceiving) {
  const auto agent = new_agent("Quinn");
  auto visitor = taken_visitor(agent);
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
