// A LINE user's whole journey against the fake LINE platform: the AI's answer by Reply with the
// Live Agent quick reply, handoff by button or phrase, an agent's messages pushed, Done and
// Reactivate, offline requests answered later, stickers and photos, redeliveries, retries,
// failures shown to agents, and an outbox that survives kill -9 while LINE is down.
#include <sqlite3.h>

#include <set>

#include "support/command.hpp"
#include "support/fake_line.hpp"
#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

constexpr const char* kSecret = "3a9c1e5b7d2f4a6c8e0b1d3f5a7c9e1b";
constexpr const char* kToken = "ChannelAccessToken0123456789abcdefghijklmnopqrstuvwxyz+/=";
constexpr const char* kShippingAnswer = "Orders ship within 24 hours from our Taipei warehouse.";

class LineFlow : public ServerTest {
 protected:
  std::vector<std::string> server_args() const override {
    auto args = ServerTest::server_args();
    for (const char* option : {"--line-api-base", "--line-data-api-base"}) {
      args.push_back(option);
      args.push_back(line_.api_base());
    }
    return args;
  }

  void TearDown() override {
    server_.reset();  // before the fake it calls: a server left talking to a closed fake stalls its exit
    for (const auto& problem : line_.problems()) ADD_FAILURE() << "LINE would refuse: " << problem;
  }

  std::string connected_assistant(bool live_agent_enabled) {
    const auto assistant = new_assistant(live_agent_enabled);
    add_knowledge(assistant, "How fast do you ship?", kShippingAnswer);
    auto reply = http_->request(
        "PUT", "/api/v1/assistants/" + assistant + "/channels/line",
        json::serialize(json::object{{"channel_secret", kSecret}, {"channel_access_token", kToken}}), admin_token());
    EXPECT_EQ(reply.status, 200) << reply.body;
    return assistant;
  }

  Reply post_events(const std::string& assistant, const std::vector<json::object>& events) {
    const auto body = line_.webhook_body(events);
    return http_->request("POST", "/webhooks/line/" + assistant, body, {}, {{"X-Line-Signature", line_.sign(body)}});
  }

  void deliver(const std::string& assistant, const std::vector<json::object>& events) {
    auto reply = post_events(assistant, events);
    ASSERT_EQ(reply.status, 200) << reply.body;
  }

  // The LINE user's texts, once `count` have arrived.
  std::vector<std::string> texts_once(const std::string& user, std::size_t count) {
    EXPECT_TRUE(line_.wait_for([&](const std::vector<LineCall>& calls) {
      return count_accepted_to(user, calls) >= count;
    })) << "LINE user got "
        << line_.texts_to(user).size() << " of " << count << " texts";
    return line_.texts_to(user);
  }

  // Text messages LINE accepted for `user` (the fake's lock is held while waiting: use `calls`).
  static std::size_t count_accepted_to(const std::string& user, const std::vector<LineCall>& calls) {
    std::size_t count = 0;
    for (const auto& call : calls) {
      if (call.status != 200 || !call.body.is_object()) continue;
      const auto& body = call.body.get_object();
      const bool to_user =
          (body.contains("to") && body.at("to") == user.c_str()) ||
          (body.contains("replyToken") && std::string(body.at("replyToken").as_string()).rfind(user, 0) == 0);
      if (to_user) count += body.at("messages").as_array().size();
    }
    return count;
  }

  json::object line_conversation(const std::string& assistant) {
    auto list = http_->get("/api/v1/conversations?assistant_id=" + assistant, admin_token()).json();
    const auto& conversations = list.at("conversations").as_array();
    EXPECT_EQ(conversations.size(), 1u);
    return conversations.empty() ? json::object{} : conversations.front().as_object();
  }

  struct LiveChat {
    std::unique_ptr<SocketClient> socket;  // the agent's
    std::string agent;
    std::string user;
    std::string conversation_id;
  };

  // A LINE user who tapped Live Agent (one notice: an agent was online) and an agent who took
  // over (the joined notice): two texts have reached the user.
  LiveChat live_chat(const std::string& user) {
    LiveChat chat;
    const auto assistant = connected_assistant(true);
    chat.agent = online_agent(chat.socket);
    chat.user = user;
    deliver(assistant, {line_.postback_event(user, "action=live_agent")});
    texts_once(user, 1);
    const auto id = str(line_conversation(assistant).at("id"));
    if (http_->post("/api/v1/conversations/" + id + "/takeover", json::object{}, chat.agent).status != 200) return chat;
    texts_once(user, 2);
    chat.conversation_id = id;
    return chat;
  }

  std::string online_agent(std::unique_ptr<SocketClient>& socket) {
    const auto agent = new_agent("Mei");
    socket = agent_socket(agent);
    set_presence(agent, "online");
    return agent;
  }

  FakeLine line_{kSecret, kToken};
};

std::function<bool(const json::object&)> sent_by(const std::string& sender) {
  return [sender](const json::object& message) { return message.at("sender") == sender.c_str(); };
}

bool has_text(const std::vector<std::string>& texts, const std::string& part) {
  for (const auto& text : texts) {
    if (text.find(part) != std::string::npos) return true;
  }
  return false;
}

TEST_F(LineFlow, AQuestionGetsTheAiAnswerByReplyWithTheLiveAgentQuickReply) {
  const auto assistant = connected_assistant(true);
  auto socket = agent_socket(admin_token());
  const auto user = line_user_id(1);
  line_.set_profile(user, "陳小明", "https://profile.line-scdn.net/0h-fake");
  deliver(assistant, {line_.text_event(user, "How fast do you ship?")});

  ASSERT_TRUE(line_.wait_for([](const auto& calls) {
    return std::any_of(calls.begin(), calls.end(), [](const LineCall& c) { return c.path == "/v2/bot/message/reply"; });
  }));
  const auto reply = line_.calls_to("/v2/bot/message/reply").front();
  ASSERT_EQ(reply.status, 200);
  const auto& message = reply.body.at("messages").as_array().back().as_object();
  EXPECT_EQ(str(message.at("text")), kShippingAnswer);
  const auto& action = message.at("quickReply").at("items").as_array().front().at("action").as_object();
  EXPECT_EQ(str(action.at("type")), "postback");
  EXPECT_EQ(str(action.at("label")), "Live Agent");
  EXPECT_EQ(str(action.at("data")), "action=live_agent");
  // The loading animation went out before the answer (it would spin after it otherwise).
  const auto calls = line_.calls();
  auto loading = std::find_if(calls.begin(), calls.end(),
                              [](const LineCall& c) { return c.path == "/v2/bot/chat/loading/start"; });
  auto answer =
      std::find_if(calls.begin(), calls.end(), [](const LineCall& c) { return c.path == "/v2/bot/message/reply"; });
  EXPECT_TRUE(loading < answer) << "no loading animation before the AI's answer";
  EXPECT_TRUE(line_.calls_to("/v2/bot/message/push").empty()) << "a fresh reply token should have been used";

  // The console hears of both, in either order: the conversation named from the profile once
  // LINE gave it, and the answer marked as sent.
  bool named = false;
  bool sent = false;
  while (!named || !sent) {
    auto event = socket->next(std::chrono::seconds(5));
    ASSERT_TRUE(event) << "named " << named << ", sent " << sent;
    if (event->at("type") == "conversation.updated") {
      named = named || event->at("conversation").at("contact").at("name") == "陳小明";
    } else if (event->at("type") == "message.updated") {
      const auto& message = event->at("message");
      sent = sent || (message.at("sender") == "ai" && message.at("delivery").at("status") == "sent");
    }
  }
  const auto conversation = line_conversation(assistant);
  EXPECT_EQ(str(conversation.at("channel")), "line");
  EXPECT_EQ(str(conversation.at("contact").at("name")), "陳小明");
  EXPECT_EQ(str(conversation.at("contact").at("picture_url")), "https://profile.line-scdn.net/0h-fake");
  const auto history = messages(str(conversation.at("id")), admin_token());
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(str(history[1].at("sender")), "ai");
  EXPECT_EQ(str(history[1].at("delivery").at("status")), "sent");
}

TEST_F(LineFlow, RedeliveredEventsAreHandledOnce) {
  const auto assistant = connected_assistant(true);
  const auto user = line_user_id(2);
  auto event = line_.text_event(user, "How fast do you ship?");
  deliver(assistant, {event});
  event["deliveryContext"] = {{"isRedelivery", true}};
  deliver(assistant, {event});
  deliver(assistant, {event});
  texts_once(user, 1);
  const auto conversation = line_conversation(assistant);
  const auto history = messages(str(conversation.at("id")), admin_token());
  EXPECT_EQ(std::count_if(history.begin(), history.end(), sent_by("customer")), 1);
  EXPECT_EQ(std::count_if(history.begin(), history.end(), sent_by("ai")), 1);
}

TEST_F(LineFlow, ASignedEventOlderThanAWeekIsRefusedAsAReplay) {
  const auto assistant = connected_assistant(true);
  auto replayed = line_.text_event(line_user_id(3), "How fast do you ship?");
  const auto eight_days = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::hours(24 * 8));
  replayed["timestamp"] = replayed.at("timestamp").as_int64() - eight_days.count();
  deliver(assistant, {replayed});  // still 200: LINE must not redeliver it
  auto list = http_->get("/api/v1/conversations?assistant_id=" + assistant, admin_token()).json();
  EXPECT_TRUE(list.at("conversations").as_array().empty());

  // The same body a week less a minute after the event: handled.
  auto recent = line_.text_event(line_user_id(3), "How fast do you ship?");
  recent["timestamp"] = recent.at("timestamp").as_int64() - eight_days.count() + 24 * 3600 * 1000 + 60'000;
  deliver(assistant, {recent});
  texts_once(line_user_id(3), 1);
}

TEST_F(LineFlow, ABadSignatureIsRefusedAndNothingIsStored) {
  const auto assistant = connected_assistant(true);
  const auto body = line_.webhook_body({line_.text_event(line_user_id(3), "hello")});
  EXPECT_EQ(http_->request("POST", "/webhooks/line/" + assistant, body, {}, {{"X-Line-Signature", "bm9wZQ=="}}).status,
            401);
  EXPECT_EQ(http_->request("POST", "/webhooks/line/" + assistant, body).status, 401);
  auto list = http_->get("/api/v1/conversations?assistant_id=" + assistant, admin_token()).json();
  EXPECT_TRUE(list.at("conversations").as_array().empty());
  EXPECT_TRUE(line_.calls().empty());
}

// The chatwoot#306 regression test on LINE: a note's marker reaches neither LINE nor the outbox
// of calls to it, while the agent's next message does.
TEST_F(LineFlow, ANoteMarkerNeverReachesLineOrItsOutbox) {
  constexpr const char* kMarker = "MARKER-line-5d1e-INTERNAL";
  auto chat = live_chat(line_user_id(7));
  ASSERT_FALSE(chat.conversation_id.empty());
  const auto path = "/api/v1/conversations/" + chat.conversation_id;
  ASSERT_EQ(http_->post(path + "/notes", {{"text", std::string("refund approved ") + kMarker}}, chat.agent).status,
            201);
  ASSERT_EQ(http_->post(path + "/messages", {{"text", "Your refund is on its way."}}, chat.agent).status, 201);
  EXPECT_TRUE(has_text(texts_once(chat.user, 3), "Your refund is on its way."));

  for (const auto& call : line_.calls()) {
    EXPECT_EQ(json::serialize(call.body).find(kMarker), std::string::npos) << "a note reached LINE: " << call.path;
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2((server_->data_dir() / "baton.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* rows = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT * FROM line_outbox", -1, &rows, nullptr), SQLITE_OK);
  int scanned = 0;
  while (sqlite3_step(rows) == SQLITE_ROW) {
    ++scanned;
    for (int column = 0; column < sqlite3_column_count(rows); ++column) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(rows, column));
      const std::string value = text ? text : "";
      EXPECT_EQ(value.find(kMarker), std::string::npos) << "a note is in the LINE outbox";
    }
  }
  sqlite3_finalize(rows);
  sqlite3_close(db);
  EXPECT_GE(scanned, 3) << "the scan read the outbox";
}

TEST_F(LineFlow, LiveAgentButtonHandsOverAndTheAgentsWordsArePushed) {
  const auto assistant = connected_assistant(true);
  std::unique_ptr<SocketClient> socket;
  const auto agent = online_agent(socket);
  const auto user = line_user_id(4);
  deliver(assistant, {line_.text_event(user, "How fast do you ship?")});
  texts_once(user, 1);

  deliver(assistant, {line_.postback_event(user, "action=live_agent")});
  auto requested = socket->wait_for("handoff.requested");
  const auto conversation_id = str(requested.at("conversation").at("id"));
  EXPECT_EQ(str(requested.at("conversation").at("handoff_reason")), "button");
  EXPECT_TRUE(
      has_text(texts_once(user, 2), "Connecting you to a live agent, please wait. You are number 1 in the queue."));
  const auto reply = line_.calls_to("/v2/bot/message/reply");
  ASSERT_FALSE(reply.empty());
  EXPECT_NE(reply.back().body.at("messages").as_array().front().at("text").as_string().find("number 1 in the queue"),
            std::string::npos)
      << "the place goes with the free reply, not a push";

  ASSERT_EQ(http_->post("/api/v1/conversations/" + conversation_id + "/takeover", json::object{}, agent).status, 200);
  EXPECT_TRUE(has_text(texts_once(user, 3), "Mei has joined the conversation.")) << "the agent who joined, named";

  // The agent typing shows LINE's loading animation to the customer (at most one per 10 s).
  const auto loading_before = line_.calls_to("/v2/bot/chat/loading/start").size();
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(http_->post("/api/v1/conversations/" + conversation_id + "/typing", json::object{}, agent).status, 204);
  }
  ASSERT_TRUE(line_.wait_for([&](const std::vector<LineCall>& calls) {
    return std::count_if(calls.begin(), calls.end(), [](const LineCall& c) {
             return c.path == "/v2/bot/chat/loading/start";
           }) > static_cast<long>(loading_before);
  }));

  deliver(assistant, {line_.text_event(user, "My parcel is damaged")});
  socket->wait_for("message.created", message_from("customer"));
  ASSERT_EQ(http_
                ->post("/api/v1/conversations/" + conversation_id + "/messages",
                       {{"text", "Sorry! Sending a new one."}}, agent)
                .status,
            201);
  const auto texts = texts_once(user, 4);
  EXPECT_EQ(texts.back(), "Sorry! Sending a new one.");
  // The agent's words came as a reply to the customer's last message, with the agent's name.
  const auto calls = line_.calls();
  auto words = std::find_if(calls.begin(), calls.end(), [](const LineCall& call) {
    return call.body.is_object() && call.body.as_object().contains("messages") &&
           call.body.at("messages").as_array().front().at("text") == "Sorry! Sending a new one.";
  });
  ASSERT_NE(words, calls.end());
  EXPECT_EQ(words->path, "/v2/bot/message/reply");
  EXPECT_EQ(str(words->body.at("messages").as_array().front().at("sender").at("name")), "Mei");

  ASSERT_EQ(http_->post("/api/v1/conversations/" + conversation_id + "/done", json::object{}, agent).status, 200);
  EXPECT_TRUE(has_text(texts_once(user, 5), "completed this conversation"));
  ASSERT_EQ(http_->post("/api/v1/conversations/" + conversation_id + "/reactivate", json::object{}, agent).status, 200);
  EXPECT_TRUE(has_text(texts_once(user, 6), "reopened the conversation"));
  // Pushes carried retry keys (the fake checks that they are UUIDs).
  for (const auto& push : line_.calls_to("/v2/bot/message/push")) EXPECT_FALSE(push.retry_key.empty());
  EXPECT_FALSE(line_.calls_to("/v2/bot/message/push").empty());
}

// Team operations §4.8 on LINE: the survey after Done comes with five quick-reply answers
// (checked against LINE's rules by the fake); a redelivered answer counts once, a second one not.
TEST_F(LineFlow, TheSurveyIsAnsweredByQuickReplyOnceEvenWhenRedelivered) {
  const auto assistant = connected_assistant(true);
  ASSERT_EQ(http_
                ->request("PATCH", "/api/v1/assistants/" + assistant,
                          json::serialize(json::object{{"csat_enabled", true}}), admin_token())
                .status,
            200);
  std::unique_ptr<SocketClient> socket;
  const auto agent = online_agent(socket);
  const auto user = line_user_id(31);
  deliver(assistant, {line_.postback_event(user, "action=live_agent")});
  const auto conversation_id = str(socket->wait_for("handoff.requested").at("conversation").at("id"));
  const auto path = "/api/v1/conversations/" + conversation_id;
  ASSERT_EQ(http_->post(path + "/takeover", json::object{}, agent).status, 200);
  ASSERT_EQ(http_->post(path + "/messages", {{"text", "All sorted!"}}, agent).status, 201);
  ASSERT_EQ(http_->post(path + "/done", json::object{}, agent).status, 200);

  // The survey is the last message of its request, with the five answers, best last.
  std::vector<std::string> answers;
  ASSERT_TRUE(line_.wait_for([&](const std::vector<LineCall>& calls) {
    for (const auto& call : calls) {
      if (call.status != 200 || !call.body.is_object() || !call.body.as_object().contains("messages")) continue;
      const auto& last = call.body.at("messages").as_array().back().as_object();
      if (!last.contains("quickReply")) continue;
      std::vector<std::string> data;
      for (const auto& item : last.at("quickReply").at("items").as_array()) {
        data.push_back(str(item.at("action").at("data")));
      }
      if (!data.empty() && data.front().rfind("action=csat&", 0) == 0) {
        answers = data;
        return true;
      }
    }
    return false;
  })) << "no survey with quick replies reached LINE";
  ASSERT_EQ(answers.size(), 5u);
  EXPECT_NE(answers.front().find("&score=5"), std::string::npos) << "best first";

  auto five = line_.postback_event(user, answers.front());
  deliver(assistant, {five});
  five["deliveryContext"] = {{"isRedelivery", true}};
  deliver(assistant, {five});
  socket->wait_for("csat.submitted", [](const json::object& e) { return e.at("score") == 5; });
  deliver(assistant, {line_.postback_event(user, answers.back())});  // a second answer: score 1
  deliver(assistant, {line_.postback_event(user, "action=csat&survey=csat_none&score=3")});
  deliver(assistant, {line_.postback_event(user, "action=csat&survey=x&score=9")});

  const auto history = messages(conversation_id, agent);
  const auto survey = std::find_if(history.begin(), history.end(), [](const json::object& m) {
    return m.contains("event") && m.at("event") == "csat_requested";
  });
  ASSERT_NE(survey, history.end());
  EXPECT_EQ(survey->at("csat").at("score"), 5);
  const auto log = http_->get(path + "/events?limit=200", agent).json();
  EXPECT_EQ(std::count_if(log.at("events").as_array().begin(), log.at("events").as_array().end(),
                          [](const json::value& e) { return e.at("type") == "csat_submitted"; }),
            1);
}

TEST_F(LineFlow, ATypedRequestForAPersonHandsOverWithoutTheAi) {
  const auto assistant = connected_assistant(true);
  std::unique_ptr<SocketClient> socket;
  online_agent(socket);
  const auto user = line_user_id(5);
  line_.set_profile(user, "王大明", "", "zh-TW");
  deliver(assistant, {line_.text_event(user, "我要找真人客服")});
  auto requested = socket->wait_for("handoff.requested");
  EXPECT_EQ(str(requested.at("conversation").at("handoff_reason")), "phrase");
  EXPECT_EQ(str(requested.at("conversation").at("channel")), "line");
  // The place in the queue, told once in the (free) handoff reply, in the customer's language.
  EXPECT_TRUE(has_text(texts_once(user, 1), "已為您轉接真人客服，請稍候。您目前排在第 1 位。"));
}

TEST_F(LineFlow, NoticesReachTheCustomerInTheirLanguage) {
  const auto assistant = connected_assistant(true);
  auto socket = agent_socket(admin_token());
  const auto taiwanese = line_user_id(15);
  const auto visitor = line_user_id(16);
  line_.set_profile(taiwanese, "張先生", "", "zh-TW");
  line_.set_profile(visitor, "Sam", "", "en-US");
  deliver(assistant, {line_.follow_event(taiwanese), line_.follow_event(visitor)});
  std::set<std::string> named;
  while (named.size() < 2) {  // both profiles stored
    auto event = socket->wait_for("conversation.updated", [](const json::object& e) {
      const auto name = str(e.at("conversation").at("contact").at("name"));
      return name == "張先生" || name == "Sam";
    });
    named.insert(str(event.at("conversation").at("contact").at("name")));
  }
  deliver(assistant,
          {line_.postback_event(taiwanese, "action=live_agent"), line_.postback_event(visitor, "action=live_agent")});
  // Nobody on duty: two notices each, in one language each.
  const auto chinese = texts_once(taiwanese, 2);
  const auto english = texts_once(visitor, 2);
  ASSERT_EQ(chinese.size(), 2u);
  ASSERT_EQ(english.size(), 2u);
  EXPECT_EQ(chinese[0], "已為您轉接真人客服，請稍候。");
  EXPECT_EQ(chinese[1], "目前沒有客服人員在線，請留下您的訊息，我們會盡快回覆。");
  EXPECT_EQ(english[0], "Connecting you to a live agent, please wait.");
  EXPECT_EQ(english[1], "No agent is available right now. Leave us a message and we will get back to you.");
  // History keeps one neutral text and the event each reader renders from, never "中文\nEnglish".
  auto list = http_->get("/api/v1/conversations?assistant_id=" + assistant, admin_token()).json();
  for (const auto& conversation : list.at("conversations").as_array()) {
    for (const auto& message : messages(str(conversation.at("id")), admin_token())) {
      if (str(message.at("sender")) != "system") continue;
      EXPECT_TRUE(message.contains("event"));
      EXPECT_EQ(str(message.at("text")).find('\n'), std::string::npos) << str(message.at("text"));
    }
  }
}

TEST_F(LineFlow, ATwoLineOfflineMessageReachesEveryContactAsWritten) {
  const auto assistant = connected_assistant(true);
  const std::string offline = "週末休息，週一回覆。\nClosed at weekends; we answer on Monday.";
  ASSERT_EQ(http_
                ->request("PATCH", "/api/v1/assistants/" + assistant,
                          json::serialize(json::object{{"offline_message", offline}}), admin_token())
                .status,
            200);
  const auto taiwanese = line_user_id(17);
  const auto unknown = line_user_id(18);
  line_.set_profile(taiwanese, "林小姐", "", "zh-TW");
  auto socket = agent_socket(admin_token());
  deliver(assistant, {line_.follow_event(taiwanese)});
  socket->wait_for("conversation.updated", [](const json::object& e) {
    return str(e.at("conversation").at("contact").at("name")) == "林小姐";  // the profile (and language) stored
  });
  deliver(assistant, {line_.postback_event(taiwanese, "action=live_agent")});
  const auto chinese = texts_once(taiwanese, 2);
  ASSERT_EQ(chinese.size(), 2u);
  EXPECT_EQ(chinese[0], "已為您轉接真人客服，請稍候。");
  EXPECT_EQ(chinese[1], offline) << "an admin's two lines are never cut to one language";
  line_.fail_next("/v2/bot/profile/", 1, 404);  // no profile, so no language: both
  deliver(assistant, {line_.postback_event(unknown, "action=live_agent")});
  const auto both = texts_once(unknown, 2);
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0], "已為您轉接真人客服，請稍候。\nConnecting you to a live agent, please wait.")
      << "language unknown: both, as before";
  EXPECT_EQ(both[1], offline);
}

TEST_F(LineFlow, ATwoLineGreetingReachesTheContactAsWritten) {
  const auto assistant = connected_assistant(true);
  const std::string greeting = "歡迎光臨！\nWelcome!";
  ASSERT_EQ(http_
                ->request("PATCH", "/api/v1/assistants/" + assistant,
                          json::serialize(json::object{{"greeting", greeting}}), admin_token())
                .status,
            200);
  const auto user = line_user_id(19);
  line_.set_profile(user, "Sam", "", "en-US");
  deliver(assistant, {line_.follow_event(user)});
  EXPECT_EQ(texts_once(user, 1).front(), greeting);
}

TEST_F(LineFlow, WithNobodyOnDutyTheMessageIsAnsweredLaterByPush) {
  const auto assistant = connected_assistant(true);
  const auto user = line_user_id(6);
  deliver(assistant, {line_.postback_event(user, "action=live_agent")});
  EXPECT_TRUE(has_text(texts_once(user, 2), "No agent is available"));
  // Both notices went in the one free reply, not as a reply and a counted push.
  ASSERT_EQ(line_.calls_to("/v2/bot/message/reply").size(), 1u);
  EXPECT_EQ(line_.calls_to("/v2/bot/message/reply")[0].body.at("messages").as_array().size(), 2u);
  EXPECT_TRUE(line_.calls_to("/v2/bot/message/push").empty());
  deliver(assistant, {line_.text_event(user, "Please call me back about order 1234")});
  const auto conversation = line_conversation(assistant);
  EXPECT_TRUE(conversation.at("offline_request").as_bool());

  std::unique_ptr<SocketClient> socket;
  const auto agent = online_agent(socket);
  const auto id = str(conversation.at("id"));
  ASSERT_EQ(http_->post("/api/v1/conversations/" + id + "/takeover", json::object{}, agent).status, 200);
  ASSERT_EQ(
      http_->post("/api/v1/conversations/" + id + "/messages", {{"text", "Calling you now about 1234."}}, agent).status,
      201);
  const auto texts = texts_once(user, 4);
  EXPECT_EQ(texts.back(), "Calling you now about 1234.");
  EXPECT_FALSE(line_.calls_to("/v2/bot/message/push").empty()) << "the reply token was long used: a push";
}

TEST_F(LineFlow, StickersPhotosFilesAndPlacesReachTheAgentReadably) {
  const auto assistant = connected_assistant(true);
  auto socket = agent_socket(admin_token());
  const auto user = line_user_id(7);
  const std::string photo("\x89PNG\r\n\x1a\nfake-photo-bytes", 24);
  line_.set_content("700001", "image/png", photo);
  line_.set_content("700002", "application/pdf", "%PDF-1.4 receipt");
  deliver(assistant, {line_.sticker_event(user), line_.image_event(user, "700001"),
                      line_.file_event(user, "700002", "receipt.pdf", 16), line_.location_event(user)});
  // Each file is stored once LINE hands it over (in either order); the console hears of it.
  std::set<std::string> ready;
  while (ready.size() < 2) {
    auto event = socket->wait_for("message.updated", [](const json::object& e) {
      return e.at("message").as_object().contains("attachment") &&
             e.at("message").at("attachment").at("status") == "ready";
    });
    ready.insert(str(event.at("message").at("text")));
  }
  EXPECT_EQ(ready, (std::set<std::string>{"[Photo]", "[File: receipt.pdf (1 KB)]"}));
  const auto id = str(line_conversation(assistant).at("id"));
  const auto history = messages(id, admin_token());
  ASSERT_EQ(history.size(), 4u) << "the AI must not answer stickers or photos";
  EXPECT_EQ(str(history[0].at("text")), "[Sticker: happy, smile]");
  EXPECT_EQ(str(history[1].at("text")), "[Photo]");
  EXPECT_EQ(str(history[2].at("text")), "[File: receipt.pdf (1 KB)]");
  EXPECT_NE(str(history[3].at("text")).find("Taipei 101"), std::string::npos);
  EXPECT_NE(str(history[3].at("text")).find("25.03398, 121.56454"), std::string::npos);

  const auto photo_url = str(history[1].at("attachment").at("url"));
  auto fetched = http_->get(photo_url, admin_token());
  ASSERT_EQ(fetched.status, 200);
  EXPECT_EQ(fetched.body, photo);
  EXPECT_EQ(fetched.headers["content-type"], "image/png");
  auto file = http_->get(str(history[2].at("attachment").at("url")), admin_token());
  EXPECT_NE(file.headers["content-disposition"].find("attachment"), std::string::npos);
  EXPECT_EQ(http_->get(photo_url).status, 401) << "customer files are for signed-in agents only";
  EXPECT_TRUE(line_.calls_to("/v2/bot/message/reply").empty());
}

TEST_F(LineFlow, FollowGreetsAndAfterUnfollowNothingIsSent) {
  const auto assistant = connected_assistant(true);
  ASSERT_EQ(http_
                ->request("PATCH", "/api/v1/assistants/" + assistant,
                          json::serialize(json::object{{"greeting", "Welcome to SeaBreeze!"}}), admin_token())
                .status,
            200);
  const auto user = line_user_id(8);
  deliver(assistant, {line_.follow_event(user)});
  EXPECT_EQ(texts_once(user, 1).front(), "Welcome to SeaBreeze!");

  deliver(assistant, {line_.unfollow_event(user)});
  const auto id = str(line_conversation(assistant).at("id"));
  auto agent = new_agent("Lin");
  ASSERT_EQ(http_->post("/api/v1/conversations/" + id + "/takeover", json::object{}, agent).status, 200);
  auto history = messages(id, admin_token());
  EXPECT_TRUE(std::any_of(history.begin(), history.end(), [](const json::object& message) {
    return message.contains("event") && message.at("event") == "customer_unfollowed";
  }));
  const auto& joined = history.back();
  EXPECT_EQ(str(joined.at("delivery").at("status")), "failed");
  EXPECT_NE(str(joined.at("delivery").at("error")).find("blocked"), std::string::npos);
  EXPECT_EQ(count_accepted_to(user, line_.calls()), 1u);
}

TEST_F(LineFlow, APushThatFailsTwiceIsRetriedWithTheSameRetryKey) {
  auto chat = live_chat(line_user_id(9));
  ASSERT_FALSE(chat.conversation_id.empty());
  const auto& [socket, agent, user, id] = chat;

  line_.fail_next("/v2/bot/message/push", 1, 429);  // LINE's rate limit
  line_.fail_next("/v2/bot/message/push", 1, 500);
  auto sent = http_->post("/api/v1/conversations/" + id + "/messages", {{"text", "Third time lucky"}}, agent);
  ASSERT_EQ(sent.status, 201);
  EXPECT_EQ(str(sent.json().at("delivery").at("status")), "pending");
  EXPECT_EQ(texts_once(user, 3).back(), "Third time lucky");
  std::vector<std::string> keys;
  for (const auto& push : line_.calls_to("/v2/bot/message/push")) {
    if (push.body.at("messages").as_array().front().at("text") == "Third time lucky") keys.push_back(push.retry_key);
  }
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[0], keys[1]);
  EXPECT_EQ(keys[1], keys[2]);
  auto updated = socket->wait_for(
      "message.updated",
      [](const json::object& e) {
        return e.at("message").at("text") == "Third time lucky" &&
               e.at("message").at("delivery").at("status") == "sent";
      },
      std::chrono::seconds(10));
  EXPECT_EQ(str(updated.at("message").at("sender")), "agent");
}

TEST_F(LineFlow, AReplyTokenLineNoLongerTakesTurnsIntoAPush) {
  const auto assistant = connected_assistant(true);
  const auto user = line_user_id(14);
  const auto event = line_.text_event(user, "How fast do you ship?");
  line_.expire_reply_tokens();  // as if the AI took longer than LINE keeps a reply token
  deliver(assistant, {event});
  EXPECT_EQ(texts_once(user, 1).front(), kShippingAnswer);
  const auto replies = line_.calls_to("/v2/bot/message/reply");
  const auto pushes = line_.calls_to("/v2/bot/message/push");
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_EQ(pushes[0].status, 200);
  for (const auto& reply : replies) EXPECT_EQ(reply.status, 400);
}

TEST_F(LineFlow, ARefusedMessageIsShownAsFailedToTheAgent) {
  auto chat = live_chat(line_user_id(10));
  ASSERT_FALSE(chat.conversation_id.empty());
  const auto& [socket, agent, user, id] = chat;
  line_.fail_next("/v2/bot/message/push", 1, 403);
  ASSERT_EQ(http_->post("/api/v1/conversations/" + id + "/messages", {{"text", "Never arrives"}}, agent).status, 201);
  auto updated = socket->wait_for(
      "message.updated", [](const json::object& e) { return e.at("message").at("text") == "Never arrives"; },
      std::chrono::seconds(10));
  EXPECT_EQ(str(updated.at("message").at("delivery").at("status")), "failed");
  EXPECT_NE(str(updated.at("message").at("delivery").at("error")).find("403"), std::string::npos);
  EXPECT_EQ(line_.calls_to("/v2/bot/message/push").size(), 2u) << "a 4xx is not retried";
}

TEST_F(LineFlow, LongAnswersAreSplitWithinLinesLimits) {
  const auto assistant = connected_assistant(false);
  std::string answer;
  for (int i = 0; i < 3000; ++i) answer += "😀";  // 6,000 UTF-16 units: more than one LINE text
  add_knowledge(assistant, "Show me the emoji wall", answer);
  const auto user = line_user_id(11);
  deliver(assistant, {line_.text_event(user, "Show me the emoji wall")});
  const auto texts = texts_once(user, 2);
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_EQ(texts[0] + texts[1], answer);
  const auto reply = line_.calls_to("/v2/bot/message/reply").front();
  EXPECT_FALSE(reply.body.at("messages").as_array().back().as_object().contains("quickReply"))
      << "no Live Agent button when the setting is off";
}

TEST_F(LineFlow, TheOutboxSurvivesKill9WhileLineIsDown) {
  auto chat = live_chat(line_user_id(12));
  ASSERT_FALSE(chat.conversation_id.empty());
  const auto& [socket, agent, user, id] = chat;

  line_.set_down(true);
  ASSERT_EQ(http_->post("/api/v1/conversations/" + id + "/messages", {{"text", "Kept through a crash"}}, agent).status,
            201);
  ASSERT_TRUE(line_.wait_for([](const auto& calls) { return calls.back().status == 503; }));
  chat.socket.reset();  // the server goes away under it
  server_->kill_and_restart();
  http_ = std::make_unique<HttpClient>(server_->port());
  line_.set_down(false);
  const auto texts = texts_once(user, 3);
  EXPECT_EQ(texts.back(), "Kept through a crash");
  std::set<std::string> keys;
  for (const auto& push : line_.calls_to("/v2/bot/message/push")) {
    if (push.body.at("messages").as_array().front().at("text") == "Kept through a crash") keys.insert(push.retry_key);
  }
  EXPECT_EQ(keys.size(), 1u) << "every try of one message carries the same retry key";
  EXPECT_EQ(std::count(texts.begin(), texts.end(), "Kept through a crash"), 1);
}

TEST_F(LineFlow, TheRichMenuCommandInstallsALiveAgentMenuWithBatonsOwnImage) {
  const auto assistant = connected_assistant(true);
  const std::string common = " --assistant " + assistant + " --data " + server_->data_dir().string() +
                             " --line-api-base " + line_.api_base() + " --line-data-api-base " + line_.api_base();
  const auto installed = run_baton("line richmenu" + common);
  ASSERT_EQ(installed.exit_code, 0) << installed.output;
  const auto created = line_.calls_to("/v2/bot/richmenu");
  ASSERT_EQ(created.size(), 2u);  // the menu, then its image (the fake checks its size against the menu's)
  const auto& area = created[0].body.at("areas").as_array().front();
  EXPECT_EQ(str(area.at("action").at("data")), "action=live_agent");
  EXPECT_EQ(created[1].content_type, "image/png");
  EXPECT_LE(created[1].body_bytes, 1u << 20);
  EXPECT_EQ(line_.calls_to("/v2/bot/user/all/richmenu/").size(), 1u);
  EXPECT_EQ(line_.calls_to("/v2/bot/user/all/richmenu/")[0].status, 200);

  // What LINE sends when the area is tapped hands the customer over.
  const auto user = line_user_id(13);
  line_.set_profile(user, "林小姐", "", "zh-TW");
  deliver(assistant, {line_.postback_event(user, str(area.at("action").at("data")))});
  EXPECT_TRUE(has_text(texts_once(user, 2), "已為您轉接真人客服"));

  const auto not_image = run_baton("line richmenu" + common + " --image " + BATON_SOURCE_DIR + "/README.md");
  EXPECT_EQ(not_image.exit_code, 2);
  EXPECT_NE(not_image.output.find("PNG or a JPEG"), std::string::npos) << not_image.output;
  const auto unknown = run_baton("line richmenu --assistant asst_nope --data " + server_->data_dir().string());
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("not connected to LINE"), std::string::npos) << unknown.output;
}

TEST_F(LineFlow, TheRichMenuCommandWithAShopLinkAddsAnAreaThatOpensTheShop) {
  const auto assistant = connected_assistant(true);
  const std::string common = " --assistant " + assistant + " --data " + server_->data_dir().string() +
                             " --line-api-base " + line_.api_base() + " --line-data-api-base " + line_.api_base();
  const auto installed = run_baton("line rich-menu" + common + " --lang en --link https://shop.example.com/tw");
  ASSERT_EQ(installed.exit_code, 0) << installed.output;
  const auto created = line_.calls_to("/v2/bot/richmenu");
  ASSERT_EQ(created.size(), 2u);  // the menu (the fake checks the uri action), then its image
  EXPECT_EQ(created[0].status, 200);
  EXPECT_EQ(created[1].status, 200);
  const auto& areas = created[0].body.at("areas").as_array();
  ASSERT_EQ(areas.size(), 2u);
  EXPECT_EQ(str(areas[0].at("action").at("data")), "action=live_agent");
  EXPECT_EQ(str(areas[1].at("action").at("uri")), "https://shop.example.com/tw");

  const auto plain_http = run_baton("line rich-menu" + common + " --link http://shop.example.com");
  EXPECT_EQ(plain_http.exit_code, 2);
  EXPECT_NE(plain_http.output.find("must start with https://"), std::string::npos) << plain_http.output;
  EXPECT_EQ(line_.calls_to("/v2/bot/richmenu").size(), 2u) << "a refused link reaches no LINE call";
}

// A customer who floods the chat: everything is kept, but only what is within their rate sets
// the AI off (LINE cannot be answered 429).
class LineFlowTightRate : public LineFlow {
 protected:
  std::vector<std::string> server_args() const override {
    return {"--demo",
            "--customer-burst",
            "2",
            "--customer-rate",
            "0.01",
            "--line-api-base",
            line_.api_base(),
            "--line-data-api-base",
            line_.api_base()};
  }
};

TEST_F(LineFlowTightRate, AFloodIsKeptButAnsweredOnlyWithinTheRate) {
  const auto assistant = connected_assistant(false);
  const auto user = line_user_id(17);
  std::vector<json::object> flood;
  for (int i = 0; i < 6; ++i) flood.push_back(line_.text_event(user, "How fast do you ship?"));
  deliver(assistant, flood);
  texts_once(user, 2);
  const auto id = str(line_conversation(assistant).at("id"));
  // Once an agent holds the conversation the AI stores nothing more: the count below is final.
  const auto agent = new_agent("Kai");
  ASSERT_EQ(http_->post("/api/v1/conversations/" + id + "/takeover", json::object{}, agent).status, 200);
  const auto history = messages(id, admin_token());
  EXPECT_EQ(std::count_if(history.begin(), history.end(), sent_by("customer")), 6);
  EXPECT_EQ(std::count_if(history.begin(), history.end(), sent_by("ai")), 2);
}

}  // namespace
}  // namespace baton::testing
