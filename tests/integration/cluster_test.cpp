// Several nodes on one PostgreSQL and one Redis (the test list of
// ../shared/design/several-nodes.md): every node serves everyone, nothing is lost or done twice
// when a node or Redis dies. Two `baton serve` processes (A and B; a third where a test needs
// one), a throwaway Redis per test, a fresh database on the shared throwaway PostgreSQL.
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "store/postgres/connection.hpp"
#include "store/postgres/migrate.hpp"
#include "support/fake_line.hpp"
#include "support/fake_receiver.hpp"
#include "support/postgres_server.hpp"
#include "support/redis_server.hpp"
#include "support/routing_checks.hpp"
#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

class Cluster : public ServerTest {
 protected:
  void SetUp() override {
    if (!PostgresServer::installed() || !RedisServer::installed()) {
      GTEST_SKIP() << "PostgreSQL or Redis is not installed (make deps installs them)";
    }
    redis_ = std::make_unique<RedisServer>();
    database_ = shared_postgres().create_database("cluster");
    ServerTest::SetUp();  // node A, which creates the schema and the demo admin
    b_ = std::make_unique<ServerProcess>(server_args());
    wait_until_joined(*server_);
    wait_until_joined(*b_);
  }

  // Nodes first, so that they do not log Redis going away.
  void TearDown() override {
    b_.reset();
    server_.reset();
  }

  std::vector<std::string> server_args() const override {
    auto args = ServerTest::server_args();
    args.insert(args.end(), {"--database", database_, "--redis", redis_->url(), "--presence-grace-seconds", "3",
                             "--lease-seconds", "3", "--webhook-allow-private"});
    return args;
  }

  ServerProcess& a() { return *server_; }
  ServerProcess& b() { return *b_; }
  // The helpers of ServerTest (REST and sockets) now talk to `node`.
  void on(ServerProcess& node) { http_ = std::make_unique<HttpClient>(node.port()); }

  // Subscribed to Redis: what another node publishes from now on reaches it live.
  static void wait_until_joined(ServerProcess& node) { ASSERT_TRUE(redis_is(node, "ok")) << "never reached Redis"; }

  // Whether the node's /healthz reports Redis as `state` within 10 s.
  static bool redis_is(ServerProcess& node, const std::string& state) {
    const HttpClient client(node.port());
    return eventually(
        [&] {
          const auto health = client.get("/healthz");
          return health.status == 200 && health.json().at("redis") == state.c_str();
        },
        std::chrono::seconds(10));
  }

  std::string live_conversation(const std::string& assistant, const std::string& agent, Visitor& visitor) {
    visitor = new_visitor(assistant);
    auto taken = http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agent);
    EXPECT_EQ(taken.status, 200) << taken.body;
    return visitor.conversation_id;
  }

  std::unique_ptr<RedisServer> redis_;
  std::string database_;
  std::unique_ptr<ServerProcess> b_;
};

std::function<bool(const json::object&)> message_text(const std::string& text) {
  return [text](const json::object& event) { return event.at("message").at("text") == json::value(text); };
}

// `args` with the customer's allowance (the generous one of ServerTest) changed.
std::vector<std::string> with_customer_allowance(std::vector<std::string> args, const std::string& burst,
                                                 const std::string& rate) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--customer-burst") args[i + 1] = burst;
    if (args[i] == "--customer-rate") args[i + 1] = rate;
  }
  return args;
}

json::object agent_send(const HttpClient& http, const std::string& conversation_id, const std::string& agent,
                        const std::string& text) {
  auto reply = http.post("/api/v1/conversations/" + conversation_id + "/messages", {{"text", text}}, agent);
  EXPECT_EQ(reply.status, 201) << reply.body;
  return reply.status == 201 ? reply.json().as_object() : json::object{};
}

TEST_F(Cluster, MessagesCrossNodesBothWays) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ann");
  Visitor visitor;
  live_conversation(assistant, agent, visitor);
  on(b());
  auto agent_on_b = agent_socket(agent);
  on(a());
  auto widget_on_a = widget_socket(visitor);

  send_customer(visitor, "the blender is broken");  // through A
  agent_on_b->wait_for("message.created", message_text("the blender is broken"));

  agent_send(HttpClient(b().port()), visitor.conversation_id, agent, "sorry, a new one is on its way");
  widget_on_a->wait_for("message.created", message_text("sorry, a new one is on its way"));
}

// Files live in the database: one sent through either node is served by the other.
TEST_F(Cluster, AFileSentThroughOneNodeIsServedByTheOther) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ann");
  Visitor visitor;
  live_conversation(assistant, agent, visitor);
  on(b());
  auto agent_on_b = agent_socket(agent);
  on(a());
  const std::string pdf = "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n";
  const auto sent = http_->request("POST", "/api/v1/widget/attachments?name=receipt.pdf", pdf, visitor.token);
  ASSERT_EQ(sent.status, 201) << sent.body;
  const auto created = agent_on_b->wait_for("message.created", [](const json::object& event) {
    return event.at("message").as_object().contains("attachment");
  });
  const auto url = str(created.at("message").at("attachment").at("url"));
  const auto served = HttpClient(b().port()).get(url, agent);
  ASSERT_EQ(served.status, 200);
  EXPECT_EQ(served.body, pdf);

  const auto reply =
      HttpClient(b().port())
          .request("POST", "/api/v1/conversations/" + visitor.conversation_id + "/attachments?name=a.pdf", pdf, agent);
  ASSERT_EQ(reply.status, 201) << reply.body;
  const auto reply_message = reply.json();
  const auto attachment_id = str(reply_message.at("attachment").at("id"));
  EXPECT_EQ(http_->get("/api/v1/widget/attachments/" + attachment_id, visitor.token).body, pdf) << "read through A";
}

TEST_F(Cluster, TheHandoffPopupReachesAvailableAgentsOnEveryNodeAndNobodyElse) {
  const auto assistant = new_assistant(true);
  const auto on_a = new_agent("On A");
  const auto on_b = new_agent("On B");
  const auto away = new_agent("Away on B");
  set_presence(on_a, "online");
  auto socket_a = agent_socket(on_a);
  on(b());
  set_presence(on_b, "online");
  set_presence(away, "away");
  auto socket_b = agent_socket(on_b);
  auto socket_away = agent_socket(away);

  on(a());
  auto visitor = new_visitor(assistant);
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);
  auto for_this = [&](const json::object& event) {
    return event.at("conversation").at("id") == json::value(visitor.conversation_id);
  };
  socket_a->wait_for("handoff.requested", for_this);
  socket_b->wait_for("handoff.requested", for_this);

  // Events keep their order through Redis: had the away agent got the popup, it would come
  // before this later message.
  send_customer(visitor, "anyone there?");
  for (;;) {
    auto event = socket_away->next(std::chrono::seconds(10));
    ASSERT_TRUE(event) << "the later message never reached the away agent";
    ASSERT_NE(event->at("type"), "handoff.requested");
    if (event->at("type") == "message.created" && message_text("anyone there?")(*event)) break;
  }
}

// A waiting customer whose socket is on B hears their new place when an agent on A takes the
// one ahead, once (each node tells only its own sockets).
TEST_F(Cluster, AWaitingCustomerOnOneNodeHearsTheirPlaceChangeMadeOnTheOther) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ann");
  set_presence(agent, "online");
  auto console = agent_socket(agent);
  auto first = new_visitor(assistant);
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, first.token).status, 200);
  on(b());
  // B counts the agent (on A) as available: its request is a live one, ranked.
  ASSERT_TRUE(eventually(
      [&] { return http_->get("/api/v1/widget/assistants/" + assistant + "/config").json().at("agents_online") == 1; },
      std::chrono::seconds(10)));
  auto second = new_visitor(assistant);
  auto widget_on_b = widget_socket(second);
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, second.token).status, 200);
  auto place = [](int position) {
    return [position](const json::object& e) { return e.at("queue_position").as_int64() == position; };
  };
  widget_on_b->wait_for("queue.updated", place(2));
  on(a());
  ASSERT_EQ(http_->post("/api/v1/conversations/" + first.conversation_id + "/takeover", json::object{}, agent).status,
            200);
  widget_on_b->wait_for("queue.updated", place(1));
  while (auto frame = widget_on_b->next(std::chrono::milliseconds(300))) {
    EXPECT_NE(frame->at("type"), "queue.updated") << "told twice (by both nodes?)";
  }
}

TEST_F(Cluster, AutoModeOnTwoNodesFillsFiveAgentsToThreeAndServesTheRestInOrder) {
  RoutingTeam team{new_assistant(true), admin_token(), {}};
  std::vector<std::unique_ptr<SocketClient>> consoles;
  for (int i = 0; i < 5; ++i) {
    team.agent_tokens.push_back(new_agent("Agent " + std::to_string(i)));
    set_presence(team.agent_tokens.back(), "online");
    on(i % 2 ? b() : a());  // consoles on both nodes
    consoles.push_back(agent_socket(team.agent_tokens.back()));
  }
  on(a());
  set_auto_routing(*http_, team, 3);
  std::vector<Visitor> visitors;
  for (int i = 0; i < 50; ++i) visitors.push_back(new_visitor(team.assistant_id));
  // Both nodes see all five on duty before the burst, so that each runs passes.
  on(b());
  ASSERT_TRUE(eventually(
      [&] {
        return http_->get("/api/v1/widget/assistants/" + team.assistant_id + "/config").json().at("agents_online") == 5;
      },
      std::chrono::seconds(10)));
  on(a());
  const HttpClient node_a(a().port()), node_b(b().port());
  expect_capacity_respected_and_fifo({&node_a, &node_b}, team, visitors, 3);
}

TEST_F(Cluster, TwentyAgentsOnTwoNodesTakingOverGiveOneWinnerEachTime) {
  constexpr int kAgents = 20, kConversations = 100;
  const auto assistant = new_assistant(true);
  std::vector<std::string> agents;
  for (int i = 0; i < kAgents; ++i) agents.push_back(new_agent("Agent " + std::to_string(i)));
  std::vector<std::string> conversations;
  for (int i = 0; i < kConversations; ++i) conversations.push_back(new_visitor(assistant).conversation_id);

  const HttpClient clients[2] = {HttpClient(a().port()), HttpClient(b().port())};
  for (const auto& conversation_id : conversations) {
    std::vector<int> statuses(kAgents);
    run_together(kAgents, [&](int i) {
      statuses[i] = clients[i % 2]
                        .post("/api/v1/conversations/" + conversation_id + "/takeover", json::object{}, agents[i])
                        .status;
    });
    ASSERT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1) << conversation_id;
    ASSERT_EQ(std::count(statuses.begin(), statuses.end(), 409), kAgents - 1) << conversation_id;
    const auto winner = std::find(statuses.begin(), statuses.end(), 200) - statuses.begin();
    const auto held = conversation(conversation_id, agents[0]);
    auto me = http_->get("/api/v1/me", agents[winner]).json();
    ASSERT_EQ(held.at("assigned_agent_id"), me.at("id"));
  }
}

TEST_F(Cluster, SeqStaysGapFreeWithWritersOnBothNodes) {
  constexpr int kEach = 500;
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ann");
  Visitor visitor;
  live_conversation(assistant, agent, visitor);
  const HttpClient via_a(a().port()), via_b(b().port());
  std::thread customer([&] {
    for (int i = 0; i < kEach; ++i) {
      EXPECT_EQ(via_a.post("/api/v1/widget/messages", {{"text", "c" + std::to_string(i)}}, visitor.token).status, 201);
    }
  });
  std::thread helper([&] {
    for (int i = 0; i < kEach; ++i) agent_send(via_b, visitor.conversation_id, agent, "a" + std::to_string(i));
  });
  customer.join();
  helper.join();

  std::vector<json::object> all;
  for (std::int64_t after = 0;;) {
    auto page = messages(visitor.conversation_id, agent, after);
    if (page.empty()) break;
    after = page.back().at("seq").as_int64();
    all.insert(all.end(), page.begin(), page.end());
  }
  for (std::size_t i = 0; i < all.size(); ++i) ASSERT_EQ(all[i].at("seq").as_int64(), static_cast<std::int64_t>(i + 1));
  // Each message once, whichever node stored it.
  std::multiset<std::string> texts;
  for (const auto& message : all) texts.insert(std::string(message.at("text").as_string()));
  for (int i = 0; i < kEach; ++i) {
    ASSERT_EQ(texts.count("c" + std::to_string(i)), 1u) << i;
    ASSERT_EQ(texts.count("a" + std::to_string(i)), 1u) << i;
  }

  // A retry on the other node answers the message the first node stored.
  auto first = via_a.post("/api/v1/widget/messages", {{"text", "once"}, {"client_id", "retry-1"}}, visitor.token);
  auto again = via_b.post("/api/v1/widget/messages", {{"text", "once"}, {"client_id", "retry-1"}}, visitor.token);
  ASSERT_EQ(first.status, 201);
  ASSERT_EQ(again.status, 201);
  EXPECT_EQ(first.json().at("id"), again.json().at("id"));
  EXPECT_EQ(first.json().at("seq"), again.json().at("seq"));
}

TEST_F(Cluster, KillingANodeUnderLoadLosesNoAcknowledgedMessageAndItsClientsResumeOnTheOther) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ann");
  Visitor visitor;
  live_conversation(assistant, agent, visitor);
  on(b());
  auto widget_on_b = widget_socket(visitor);

  std::mutex mutex;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::thread sender([&, via_b = HttpClient(b().port())] {
    for (int i = 0; !stop; ++i) {
      const std::string text = "m" + std::to_string(i);
      Reply reply;
      try {
        reply = via_b.post("/api/v1/widget/messages", {{"text", text}, {"client_id", text}}, visitor.token);
      } catch (const std::exception&) {
        return;  // the node is gone
      }
      if (reply.status != 201) return;
      std::lock_guard lock(mutex);
      acknowledged.push_back(text);
    }
  });
  // Kill once the node is busy: 50 messages seen live on its widget socket.
  std::set<std::int64_t> seen_live;
  while (seen_live.size() < 50) {
    auto event = widget_on_b->wait_for("message.created");
    seen_live.insert(event.at("message").at("seq").as_int64());
  }
  b().kill_hard();
  stop = true;
  sender.join();
  while (auto event = widget_on_b->next(std::chrono::milliseconds(200))) {
    if (event->at("type") == "message.created") seen_live.insert(event->at("message").at("seq").as_int64());
  }

  // Every acknowledged message is stored, as the other node tells.
  on(a());
  std::set<std::string> stored;
  std::int64_t last = 0;
  for (const auto& message : messages(visitor.conversation_id, agent)) {
    stored.insert(std::string(message.at("text").as_string()));
    last = message.at("seq").as_int64();
  }
  for (const auto& text : acknowledged) EXPECT_TRUE(stored.contains(text)) << text << " was acknowledged, then lost";

  // The widget's socket resumes on A from the end of what it saw without a gap, and gets exactly
  // the rest: each message once, in order.
  std::int64_t unbroken = 0;
  while (seen_live.contains(unbroken + 1)) ++unbroken;
  auto widget_on_a = widget_socket(visitor, unbroken);
  std::vector<std::int64_t> resumed;
  while (unbroken + static_cast<std::int64_t>(resumed.size()) < last) {
    auto event = widget_on_a->wait_for("message.created");
    if (event.empty()) break;
    resumed.push_back(event.at("message").at("seq").as_int64());
  }
  ASSERT_EQ(static_cast<std::int64_t>(resumed.size()), last - unbroken);
  for (std::size_t i = 0; i < resumed.size(); ++i) EXPECT_EQ(resumed[i], unbroken + 1 + std::int64_t(i));
}

// The ids of the clients subscribed on Redis (one per node).
std::set<std::string> subscriber_ids(const RedisServer& redis) {
  std::set<std::string> ids;
  std::istringstream lines(redis.cli("CLIENT LIST TYPE pubsub"));
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("id=")) ids.insert(line.substr(3, line.find(' ') - 3));
  }
  return ids;
}

// A widget socket on B that never reads: B drops it, its other sockets keep getting everything,
// and B's Redis subscription keeps up the whole time (Redis would cut a subscriber that fell
// 4 MB behind; the messages below are about 18 MB).
TEST_F(Cluster, AStuckSocketIsDroppedByItsNodeWhoseRedisSubscriptionKeepsUp) {
  ASSERT_NE(redis_->cli("CONFIG SET client-output-buffer-limit \"pubsub 4mb 2mb 5\"").find("OK"), std::string::npos);
  const auto subscribers = subscriber_ids(*redis_);
  ASSERT_EQ(subscribers.size(), 2u);
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ann");
  Visitor visitor;
  live_conversation(assistant, agent, visitor);
  auto healthy_on_b = std::make_unique<SocketClient>(b().port(), "/api/v1/agent/ws", agent);
  auto stuck_on_b = std::make_unique<SocketClient>(b().port(), "/api/v1/widget/ws?token=" + visitor.token, "", 4096);
  std::string text;
  for (int i = 0; i < 3900; ++i) text += "字";  // ~12 KB frames
  constexpr int kMessages = 1500;               // more than a socket's queue and the buffers hold
  for (int sent = 0; sent < kMessages; ++sent) {
    auto reply = http_->post("/api/v1/conversations/" + visitor.conversation_id + "/messages", {{"text", text}}, agent);
    ASSERT_EQ(reply.status, 201);
    if (sent % 100 == 99) {
      const auto seq = reply.json().at("seq").as_int64();
      healthy_on_b->wait_for("message.created",
                             [seq](const json::object& e) { return e.at("message").at("seq").as_int64() == seq; });
    }
  }
  EXPECT_TRUE(stuck_on_b->closed_by_server(std::chrono::seconds(20)));
  EXPECT_EQ(subscriber_ids(*redis_), subscribers) << "a node's subscription was cut and made again";
}

TEST_F(Cluster, AMessageCommittedByANodeThatDiedBeforePublishingStillReachesTheAgent) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ann");
  Visitor visitor;
  live_conversation(assistant, agent, visitor);
  auto agent_on_a = agent_socket(agent);
  ServerProcess dying(server_args(), {{"BATON_TEST_EXIT_BEFORE_PUBLISH", "1"}});
  wait_until_joined(dying);

  bool answered = false;
  try {
    answered =
        HttpClient(dying.port()).post("/api/v1/widget/messages", {{"text", "are you there?"}}, visitor.token).status ==
        201;
  } catch (const std::exception&) {
    // The connection ended without an answer: the node died, as it was to.
  }
  EXPECT_FALSE(answered) << "the node was to die before answering";
  EXPECT_EQ(dying.terminate(std::chrono::seconds(5)).code, 75) << "it died by the fault, after the commit";
  // Stored, never published: A's catch-up sweep finds it (every 2 s).
  auto event = agent_on_a->wait_for("message.created", message_text("are you there?"), std::chrono::seconds(10));
  EXPECT_EQ(event.at("message").at("sender"), "customer");
}

TEST_F(Cluster, AnAiAnswerWhoseNodeDiedIsGivenByAnother) {
  const auto assistant = new_assistant(true);
  add_knowledge(assistant, "Do you ship to Malaysia?", "Yes, within 5 days.");
  auto visitor = new_visitor(assistant);
  auto widget_on_a = widget_socket(visitor);
  ServerProcess dying(server_args(), {{"BATON_TEST_EXIT_BEFORE_AI_ANSWER", "1"}});
  wait_until_joined(dying);
  try {
    HttpClient(dying.port()).post("/api/v1/widget/messages", {{"text", "do you ship to malaysia?"}}, visitor.token);
  } catch (const std::exception&) {
    // It died after storing the message (and its AI job), before answering.
  }
  EXPECT_EQ(dying.terminate(std::chrono::seconds(5)).code, 75) << "it died by the fault, before the AI answered";
  // The message is stored; A takes the job once its lease (3 s here) has ended.
  auto answer = widget_on_a->wait_for("message.created", message_from("ai"), std::chrono::seconds(15));
  EXPECT_EQ(answer.at("message").at("text"), "Yes, within 5 days.");
  EXPECT_EQ(visitor_messages(visitor).size(), 2u) << "the question and one answer";
}

int agents_online(const json::object& event) { return static_cast<int>(event.at("agents_online").as_int64()); }

TEST_F(Cluster, PresenceIsSharedCountsAnAgentOnceAndForgetsADeadNode) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ann");
  auto visitor = new_visitor(assistant);
  auto widget_on_a = widget_socket(visitor);
  on(b());
  set_presence(agent, "online");
  auto agent_on_b = agent_socket(agent);
  widget_on_a->wait_for(
      "presence.updated", [](const json::object& e) { return agents_online(e) == 1; }, std::chrono::seconds(10));

  // The same agent on A too: still one.
  on(a());
  {
    auto agent_on_a = agent_socket(agent);
    const auto config = http_->get("/api/v1/widget/assistants/" + assistant + "/config").json();
    EXPECT_EQ(config.at("agents_online"), 1);
  }
  // B dies with the agent's socket: once the grace (3 s here) has passed without its heartbeat
  // (and A's own closed socket is as old), the agent no longer counts.
  b().kill_hard();
  widget_on_a->wait_for(
      "presence.updated", [](const json::object& e) { return agents_online(e) == 0; }, std::chrono::seconds(15));
}

TEST_F(Cluster, RedisKilledAndRestartedLosesNothingAndNeedsNoNodeRestart) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ann");
  Visitor visitor;
  live_conversation(assistant, agent, visitor);
  auto agent_on_a = agent_socket(agent);
  on(b());
  auto widget_on_b = widget_socket(visitor);

  redis_->kill_hard();
  for (int i = 0; i < 5; ++i) send_customer(visitor, "while redis was away " + std::to_string(i));  // via B
  agent_send(HttpClient(a().port()), visitor.conversation_id, agent, "answered while redis was away");

  redis_->start();
  wait_until_joined(a());
  wait_until_joined(b());
  // What was published while Redis was away arrives by the sweep; what comes now, live.
  for (int i = 0; i < 5; ++i) {
    agent_on_a->wait_for("message.created", message_text("while redis was away " + std::to_string(i)),
                         std::chrono::seconds(10));
  }
  widget_on_b->wait_for("message.created", message_text("answered while redis was away"), std::chrono::seconds(10));
  send_customer(visitor, "and now?");
  agent_on_a->wait_for("message.created", message_text("and now?"));
}

TEST_F(Cluster, ThreeNodesStartingTogetherOnAnEmptyDatabaseApplyTheSchemaOnce) {
  const std::string fresh = shared_postgres().create_database("race");
  auto args = ServerTest::server_args();
  args.insert(args.end(), {"--database", fresh, "--redis", redis_->url()});
  std::vector<std::unique_ptr<ServerProcess>> nodes(3);
  run_together(3, [&](int i) {
    try {
      nodes[i] = std::make_unique<ServerProcess>(args);
    } catch (const std::exception& error) {
      ADD_FAILURE() << "node " << i << " did not start: " << error.what();
    }
  });
  store::postgres::Connection database(fresh);
  EXPECT_EQ(database.query("SELECT COUNT(*) FROM schema_migrations").integer(0, 0),
            static_cast<std::int64_t>(store::postgres::schema_migrations().size()))
      << "each migration applied once";
  for (auto& node : nodes) {
    ASSERT_TRUE(node);
    EXPECT_EQ(HttpClient(node->port()).get("/healthz").status, 200);
    // Each serves the one demo admin.
    EXPECT_EQ(HttpClient(node->port())
                  .post("/api/v1/auth/login", {{"email", "admin@demo.baton"}, {"password", "baton-demo"}})
                  .status,
              200);
  }
}

TEST_F(Cluster, SigtermClosesSocketsWith1012AndTheClientsCarryOnAtTheOtherNode) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ann");
  Visitor visitor;
  live_conversation(assistant, agent, visitor);
  on(b());
  auto widget_on_b = widget_socket(visitor);
  auto agent_on_b = agent_socket(agent);
  // The clients read while the node drains, as a browser does (and so answer its close).
  bool widget_closed = false, agent_closed = false;
  std::thread widget_reader([&] { widget_closed = widget_on_b->closed_by_server(std::chrono::seconds(10)); });
  std::thread agent_reader([&] { agent_closed = agent_on_b->closed_by_server(std::chrono::seconds(10)); });
  const auto exit = b().terminate(std::chrono::seconds(5));
  widget_reader.join();
  agent_reader.join();
  EXPECT_TRUE(exit.in_time);
  EXPECT_EQ(exit.code, 0);
  ASSERT_TRUE(widget_closed);
  EXPECT_EQ(widget_on_b->close_code(), 1012);
  ASSERT_TRUE(agent_closed);
  EXPECT_EQ(agent_on_b->close_code(), 1012);

  on(a());
  auto widget_on_a = widget_socket(visitor);
  agent_send(HttpClient(a().port()), visitor.conversation_id, agent, "still here");
  widget_on_a->wait_for("message.created", message_text("still here"));
}

// B's answer to `question` for `assistant`, once it is `expected` (the change travels through
// Redis: a few milliseconds), or the last one after 5 s.
std::string answer_once(const HttpClient& node, const std::string& token, const std::string& assistant,
                        const std::string& question, const std::string& expected) {
  std::string text;
  eventually(
      [&] {
        auto asked = node.post("/api/v1/assistants/" + assistant + "/playground", {{"text", question}}, token);
        text = asked.status == 200 ? std::string(asked.json().at("text").as_string()) : asked.body;
        return text == expected;
      },
      std::chrono::seconds(5));
  return text;
}

TEST_F(Cluster, KnowledgeTaughtOnOneNodeIsUsedByTheOthersAI) {
  const auto assistant = new_assistant(true);  // created on A
  add_knowledge(assistant, "How long is the warranty?", "Two years on every blender.");
  const HttpClient via_b(b().port());
  EXPECT_EQ(answer_once(via_b, admin_token(), assistant, "how long is the warranty", "Two years on every blender."),
            "Two years on every blender.");

  // Changed while Redis is away: read again when it is back.
  redis_->kill_hard();
  auto list = http_->get("/api/v1/assistants/" + assistant + "/knowledge", admin_token()).json();
  const std::string entry(list.at("knowledge").at(0).at("id").as_string());
  auto changed = http_->request("PUT", "/api/v1/assistants/" + assistant + "/knowledge/" + entry,
                                json::serialize(json::object{{"question", "How long is the warranty?"},
                                                             {"answer", "Three years since January."}}),
                                admin_token());
  ASSERT_EQ(changed.status, 200) << changed.body;
  redis_->start();
  wait_until_joined(b());
  EXPECT_EQ(answer_once(via_b, admin_token(), assistant, "how long is the warranty", "Three years since January."),
            "Three years since January.");
}

// NOTIFY inside a message's transaction would serialise every commit on PostgreSQL's global
// notify lock (about 340 commits/s on this machine instead of 3,400): the nodes talk through
// Redis only. Every statement of a fresh database's sessions is logged while two nodes work.
TEST_F(Cluster, NoStatementNotifiesWhileTwoNodesWork) {
  const std::string url = shared_postgres().create_database("logged");
  const std::string name = url.substr(url.rfind('/') + 1);
  {
    store::postgres::Connection admin(shared_postgres().url("postgres"));
    admin.exec("ALTER DATABASE " + name + " SET log_statement = 'all'");
  }
  auto args = ServerTest::server_args();
  args.insert(args.end(), {"--database", url, "--redis", redis_->url()});
  ServerProcess first(args), second(args);
  wait_until_joined(first);
  wait_until_joined(second);
  on(first);             // the helpers talk to these two nodes now
  admin_token_.clear();  // the demo admin of this database
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ann");
  set_presence(agent, "online");
  auto visitor = new_visitor(assistant);
  send_customer(visitor, "hello");
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);
  on(second);
  ASSERT_EQ(http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agent).status,
            200);
  agent_send(*http_, visitor.conversation_id, agent, "hi from the other node");

  std::ifstream log(shared_postgres().log_file());
  std::string line;
  int message_inserts = 0;
  while (std::getline(log, line)) {
    std::string upper = line;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    EXPECT_EQ(upper.find("NOTIFY"), std::string::npos) << line;
    message_inserts += upper.find("INSERT INTO MESSAGES") != std::string::npos ? 1 : 0;
  }
  EXPECT_GE(message_inserts, 3) << "the log holds the statements (so the absence means something)";
}

TEST_F(Cluster, HealthReportsRedisWithoutFailingWhileItIsAway) {
  auto health = HttpClient(a().port()).get("/healthz");
  ASSERT_EQ(health.status, 200);
  EXPECT_EQ(health.json().at("redis"), "ok");
  redis_->kill_hard();
  ASSERT_TRUE(redis_is(a(), "unreachable")) << "with status 200: the store still answers, the node serves on";
  health = HttpClient(a().port()).get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json().at("redis"), "unreachable");
  EXPECT_EQ(health.json().at("store"), "ok");
}

// Limits counted in Redis: a customer's allowance of 6 messages at once, hardly refilled.
class ClusterLimits : public Cluster {
 protected:
  std::vector<std::string> server_args() const override {
    return with_customer_allowance(Cluster::server_args(), "6", "0.01");
  }

  int accepted_alternating(const Visitor& visitor, int tries) {
    const HttpClient clients[2] = {HttpClient(a().port()), HttpClient(b().port())};
    int accepted = 0;
    for (int i = 0; i < tries; ++i) {
      const auto reply =
          clients[i % 2].post("/api/v1/widget/messages", {{"text", "try " + std::to_string(i)}}, visitor.token);
      EXPECT_TRUE(reply.status == 201 || reply.status == 429) << reply.body;
      accepted += reply.status == 201 ? 1 : 0;
    }
    return accepted;
  }
};

TEST_F(ClusterLimits, ACustomerAlternatingNodesGetsTheAllowanceOnceAndEachNodeCountsAloneWhileRedisIsAway) {
  const auto assistant = new_assistant(false);
  EXPECT_EQ(accepted_alternating(new_visitor(assistant), 12), 6) << "not 6 per node";

  redis_->kill_hard();
  for (auto* node : {&a(), &b()}) ASSERT_TRUE(redis_is(*node, "unreachable"));
  EXPECT_EQ(accepted_alternating(new_visitor(assistant), 14), 12) << "each node's own allowance while Redis is away";
}

// LINE across nodes: one outbox in PostgreSQL, read by every node, each task claimed by one.
class ClusterLine : public Cluster {
 protected:
  static constexpr const char* kSecret = "3a9c1e5b7d2f4a6c8e0b1d3f5a7c9e1b";
  static constexpr const char* kToken = "ChannelAccessToken0123456789abcdefghijklmnopqrstuvwxyz+/=";

  std::vector<std::string> server_args() const override {
    auto args = Cluster::server_args();
    args.insert(args.end(), {"--line-api-base", line_.api_base(), "--line-data-api-base", line_.api_base()});
    return args;
  }

  void TearDown() override {
    Cluster::TearDown();
    for (const auto& problem : line_.problems()) ADD_FAILURE() << "LINE would refuse: " << problem;
  }

  // The pushes of `text` among `calls` (inside a wait_for, whose calls are passed in: the
  // fake's lock is held).
  static std::vector<LineCall> pushes_of(const std::vector<LineCall>& calls, const std::string& text) {
    std::vector<LineCall> found;
    for (const auto& call : calls) {
      if (call.path == "/v2/bot/message/push" && call.body.is_object() &&
          call.body.at("messages").as_array().front().at("text") == text.c_str()) {
        found.push_back(call);
      }
    }
    return found;
  }

  // How many texts starting with `prefix` LINE accepted for `user`.
  static std::size_t accepted_for(const std::vector<LineCall>& calls, const std::string& user,
                                  const std::string& prefix) {
    std::size_t accepted = 0;
    for (const auto& call : calls) {
      if (call.status != 200 || !call.body.is_object() || !call.body.as_object().contains("to") ||
          call.body.at("to") != user.c_str()) {
        continue;
      }
      for (const auto& message : call.body.at("messages").as_array()) {
        accepted += message.at("text").as_string().starts_with(prefix) ? 1 : 0;
      }
    }
    return accepted;
  }

  // A LINE user of their own assistant who wrote, and `agent` holding the conversation: its id.
  std::string connected_assistant(bool live_agent_enabled = true) {
    const auto assistant = new_assistant(live_agent_enabled);
    auto connected = http_->request(
        "PUT", "/api/v1/assistants/" + assistant + "/channels/line",
        json::serialize(json::object{{"channel_secret", kSecret}, {"channel_access_token", kToken}}), admin_token());
    EXPECT_EQ(connected.status, 200) << connected.body;
    return assistant;
  }

  Reply post_webhook(const HttpClient& node, const std::string& assistant, const std::string& body) {
    return node.request("POST", "/webhooks/line/" + assistant, body, {}, {{"X-Line-Signature", line_.sign(body)}});
  }

  json::array conversations_of(const std::string& assistant) {
    auto list = http_->get("/api/v1/conversations?assistant_id=" + assistant, admin_token()).json();
    return list.at("conversations").as_array();
  }

  std::string live_line_chat(const std::string& user, const std::string& agent) {
    const auto assistant = connected_assistant();
    const auto delivered = post_webhook(*http_, assistant, line_.webhook_body({line_.text_event(user, "hello")}));
    EXPECT_EQ(delivered.status, 200) << delivered.body;
    const auto conversations = conversations_of(assistant);
    if (conversations.size() != 1) {
      ADD_FAILURE() << "expected the user's one conversation";
      return {};
    }
    const std::string id(conversations.front().at("id").as_string());
    EXPECT_EQ(http_->post("/api/v1/conversations/" + id + "/takeover", json::object{}, agent).status, 200);
    // Nothing of this chat is still on its way to LINE (the AI's answer, the agent-joined
    // notice: by reply or push).
    auto all_sent = [&] {
      for (const auto& message : messages(id, admin_token())) {
        const auto* delivery = message.if_contains("delivery");
        if (delivery && delivery->is_object() && delivery->as_object().at("status") != "sent") return false;
      }
      return true;
    };
    EXPECT_TRUE(eventually(all_sent, std::chrono::seconds(15))) << "the chat's messages never all reached LINE";
    return id;
  }

  FakeLine line_{kSecret, kToken};
};

TEST_F(ClusterLine, EachMessageGoesToLineOnceAndInOrderWhicheverNodeItWasWrittenOn) {
  constexpr int kUsers = 3, kEach = 6;
  const auto agent = new_agent("Mei");
  std::vector<std::string> users, conversations;
  for (int u = 0; u < kUsers; ++u) {
    users.push_back(line_user_id(300 + u));
    conversations.push_back(live_line_chat(users.back(), agent));
  }
  const HttpClient clients[2] = {HttpClient(a().port()), HttpClient(b().port())};
  for (int i = 0; i < kEach; ++i) {
    for (int u = 0; u < kUsers; ++u) {
      agent_send(clients[(i + u) % 2], conversations[u], agent, "u" + std::to_string(u) + "-" + std::to_string(i));
    }
  }
  for (int u = 0; u < kUsers; ++u) {
    const std::string prefix = "u" + std::to_string(u) + "-";
    EXPECT_TRUE(line_.wait_for(
        [&](const std::vector<LineCall>& calls) { return accepted_for(calls, users[u], prefix) >= kEach; },
        std::chrono::seconds(20)));
    std::vector<std::string> ours, expected;
    for (const auto& text : line_.texts_to(users[u])) {
      if (text.starts_with(prefix)) ours.push_back(text);
    }
    for (int i = 0; i < kEach; ++i) expected.push_back(prefix + std::to_string(i));
    EXPECT_EQ(ours, expected) << "each once, in the order written";
  }
}

TEST_F(ClusterLine, ANodeKilledMidSendIsCoveredByTheOtherAndLinesRefusalOfTheRepeatCountsAsSent) {
  const auto agent = new_agent("Mei");
  const auto user = line_user_id(310);
  const auto conversation_id = live_line_chat(user, agent);
  on(b());
  auto agent_on_b = agent_socket(agent);
  const std::string text = "kept through a node's death";

  // The push goes through at LINE, but the node never hears so: it dies first.
  line_.set_answers_lost(true, "/v2/bot/message/push");
  agent_send(HttpClient(a().port()), conversation_id, agent, text);
  ASSERT_TRUE(line_.wait_for([&](const std::vector<LineCall>& calls) { return !pushes_of(calls, text).empty(); }));
  a().kill_hard();
  line_.set_answers_lost(false);

  // B takes the task when A's lease (3 s here) ends, pushes again with the same retry key, and
  // LINE's 409 counts as delivered.
  agent_on_b->wait_for(
      "message.updated",
      [&](const json::object& event) {
        const auto& message = event.at("message").as_object();
        const auto* delivery = message.if_contains("delivery");
        const auto* state = delivery && delivery->is_object() ? delivery->as_object().if_contains("status") : nullptr;
        const auto* written = message.if_contains("text");
        return written && *written == text.c_str() && state && *state == "sent";
      },
      std::chrono::seconds(30));
  const auto pushes = pushes_of(line_.calls(), text);
  ASSERT_EQ(pushes.size(), 2u);
  EXPECT_EQ(pushes[0].status, 200);
  EXPECT_EQ(pushes[1].status, 409);
  EXPECT_EQ(pushes[0].retry_key, pushes[1].retry_key);
  const auto texts = line_.texts_to(user);
  EXPECT_EQ(std::count(texts.begin(), texts.end(), text), 1);
}

TEST_F(ClusterLine, AWebhookRedeliveredToBothNodesAtOnceIsStoredOnceAndANewUsersFirstEventsMakeOneConversation) {
  const auto assistant = connected_assistant();
  const HttpClient clients[2] = {HttpClient(a().port()), HttpClient(b().port())};
  auto at_once = [&](const std::string& body_a, const std::string& body_b) {
    int statuses[2] = {0, 0};
    const std::string bodies[2] = {body_a, body_b};
    run_together(2, [&](int i) { statuses[i] = post_webhook(clients[i], assistant, bodies[i]).status; });
    EXPECT_EQ(statuses[0], 200);
    EXPECT_EQ(statuses[1], 200);
  };
  auto customer_texts = [&](const std::string& conversation_id) {
    std::vector<std::string> texts;
    for (const auto& message : messages(conversation_id, admin_token())) {
      if (message.at("sender") == "customer") texts.emplace_back(message.at("text").as_string());
    }
    std::sort(texts.begin(), texts.end());
    return texts;
  };

  // The same event (one webhookEventId), delivered to A and to B at the same moment.
  const auto user = line_user_id(320);
  const auto redelivered = line_.webhook_body({line_.text_event(user, "is my order late?")});
  at_once(redelivered, redelivered);
  auto conversations = conversations_of(assistant);
  ASSERT_EQ(conversations.size(), 1u);
  EXPECT_EQ(customer_texts(std::string(conversations.front().at("id").as_string())),
            std::vector<std::string>{"is my order late?"});

  // A new user's first two events, one to each node at once: one contact, one conversation.
  const auto newcomer = line_user_id(321);
  at_once(line_.webhook_body({line_.text_event(newcomer, "first")}),
          line_.webhook_body({line_.text_event(newcomer, "second")}));
  conversations = conversations_of(assistant);
  ASSERT_EQ(conversations.size(), 2u);
  std::vector<std::string> both;
  for (const auto& conversation : conversations) {
    auto texts = customer_texts(std::string(conversation.at("id").as_string()));
    if (texts.size() == 2) both = texts;
  }
  EXPECT_EQ(both, (std::vector<std::string>{"first", "second"}));
}

// A LINE customer's allowance (6 texts at once, hardly refilled) counted once for the cluster.
class ClusterLineLimits : public ClusterLine {
 protected:
  std::vector<std::string> server_args() const override {
    return with_customer_allowance(ClusterLine::server_args(), "6", "0.01");
  }
};

TEST_F(ClusterLineLimits, ALineCustomerWritingThroughBothNodesGetsTheAllowanceOnce) {
  const auto assistant = connected_assistant(false);  // no handoff after fallbacks: the AI answers each
  const auto user = line_user_id(330);
  const HttpClient clients[2] = {HttpClient(a().port()), HttpClient(b().port())};
  for (int i = 0; i < 12; ++i) {
    const auto body = line_.webhook_body({line_.text_event(user, "question " + std::to_string(i))});
    ASSERT_EQ(post_webhook(clients[i % 2], assistant, body).status, 200) << "LINE is never told 429";
  }
  const auto conversations = conversations_of(assistant);
  ASSERT_EQ(conversations.size(), 1u);
  const std::string id(conversations.front().at("id").as_string());
  // Every text is kept for the agents; only the first six set the AI off. Its answers come
  // after the webhooks' answers, so: six of them, and no seventh within the next two seconds
  // (the built-in AI answers in milliseconds).
  auto count = [&](const std::string& sender) {
    int n = 0;
    for (const auto& message : messages(id, admin_token())) n += message.at("sender") == sender.c_str() ? 1 : 0;
    return n;
  };
  EXPECT_EQ(count("customer"), 12);
  EXPECT_TRUE(eventually([&] { return count("ai") >= 6; }, std::chrono::seconds(15))) << "the allowance was answered";
  EXPECT_FALSE(eventually([&] { return count("ai") > 6; }, std::chrono::seconds(2))) << "not six per node";
}

// Both nodes read the one webhook outbox: each delivery is claimed, and so sent, by one of them.
TEST_F(Cluster, EachWebhookDeliveryIsSentOnceByOneNode) {
  FakeReceiver receiver;
  auto created =
      http_->post("/api/v1/webhooks", {{"url", receiver.url()}, {"events", {"message.created"}}}, admin_token());
  ASSERT_EQ(created.status, 201) << created.body;
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Kim");
  auto visitor = new_visitor(assistant);
  ASSERT_EQ(http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agent).status,
            200);
  for (int i = 0; i < 40; ++i) {
    on(i % 2 ? b() : a());
    send_customer(visitor, "message " + std::to_string(i));
  }
  const std::size_t expected = 41;  // and the takeover's notice
  ASSERT_TRUE(receiver.wait_for(expected, std::chrono::seconds(20))) << receiver.received().size();
  const auto delivered = [&] {
    auto reply = http_->get("/api/v1/webhooks/" + str(created.json().at("id")) + "/deliveries?status=ok&limit=500",
                            admin_token());
    return reply.json().at("deliveries").as_array().size();
  };
  ASSERT_TRUE(eventually([&] { return delivered() == expected; }, std::chrono::seconds(10)));
  std::set<std::string> ids;
  for (const auto& delivery : receiver.received()) ids.insert(delivery.id);
  EXPECT_EQ(ids.size(), expected);
  EXPECT_EQ(receiver.received().size(), expected) << "none sent twice";
}

}  // namespace
}  // namespace baton::testing
