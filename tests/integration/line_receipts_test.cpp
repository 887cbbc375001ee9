// Issue #16 on LINE, against the fake LINE platform and on both stores: read receipts
// (markAsRead once per batch of unread messages, only while an agent holds the chat), the
// month's message quota with Baton's own pushes, a push past the monthly limit failed with its
// reason (and the next free reply going through), first notices in the customer's language, and
// an agent's pictures and files sent through signed, expiring public links.
#include <fstream>
#include <iterator>

#include "support/fake_line.hpp"
#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

constexpr const char* kSecret = "5b7d2f4a6c8e0b1d3f5a7c9e1b3a9c1e";
constexpr const char* kToken = "ReceiptsAccessToken0123456789abcdefghijklmnopqrstuvwxyz+/=";
constexpr const char* kMarkAsRead = "/v2/bot/chat/markAsRead";
constexpr const char* kMonthlyLimitError =
    "LINE refused the push: You have reached your monthly limit. The customer's next message can be answered by a "
    "free reply.";

class LineReceipts : public EveryStoreTest {
 protected:
  std::vector<std::string> server_args() const override {
    auto args = EveryStoreTest::server_args();
    for (const char* option : {"--line-api-base", "--line-data-api-base"}) {
      args.push_back(option);
      args.push_back(line_.api_base());
    }
    return args;
  }

  void TearDown() override {
    server_.reset();  // before the fake it calls
    for (const auto& problem : line_.problems()) ADD_FAILURE() << "LINE would refuse: " << problem;
  }

  std::string connected_assistant() {
    const auto assistant = new_assistant(true);
    auto reply = http_->request(
        "PUT", "/api/v1/assistants/" + assistant + "/channels/line",
        json::serialize(json::object{{"channel_secret", kSecret}, {"channel_access_token", kToken}}), admin_token());
    EXPECT_EQ(reply.status, 200) << reply.body;
    return assistant;
  }

  void deliver(const std::string& assistant, const std::vector<json::object>& events) {
    const auto body = line_.webhook_body(events);
    auto reply =
        http_->request("POST", "/webhooks/line/" + assistant, body, {}, {{"X-Line-Signature", line_.sign(body)}});
    ASSERT_EQ(reply.status, 200) << reply.body;
  }

  // The texts LINE accepted for `user`, once `count` have arrived.
  std::vector<std::string> texts_once(const std::string& user, std::size_t count) {
    const bool arrived = line_.wait_for([&](const std::vector<LineCall>& calls) {
      std::size_t texts = 0;
      for (const auto& call : calls) {
        if (call.status != 200 || !call.body.is_object()) continue;
        const auto& body = call.body.get_object();
        const bool to_user =
            (body.contains("to") && body.at("to") == user.c_str()) ||
            (body.contains("replyToken") && std::string(body.at("replyToken").as_string()).rfind(user, 0) == 0);
        if (to_user) texts += body.at("messages").as_array().size();
      }
      return texts >= count;
    });
    EXPECT_TRUE(arrived) << "LINE user got " << line_.texts_to(user).size() << " of " << count << " texts";
    return line_.texts_to(user);
  }

  std::string conversation_of(const std::string& assistant) {
    auto list = http_->get("/api/v1/conversations?assistant_id=" + assistant, admin_token()).json();
    const auto& conversations = list.at("conversations").as_array();
    EXPECT_EQ(conversations.size(), 1u);
    return conversations.empty() ? std::string() : str(conversations.front().at("id"));
  }

  // "queued", "nothing_new" or "not_held": what reading the conversation did.
  std::string read(const std::string& conversation_id, const std::string& token) {
    auto reply = http_->post("/api/v1/conversations/" + conversation_id + "/read", json::object{}, token);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.status == 200 ? str(reply.json().at("read_receipt")) : std::string();
  }

  std::vector<std::string> read_tokens_sent() const {
    std::vector<std::string> tokens;
    for (const auto& call : line_.calls_to(kMarkAsRead)) {
      if (call.status == 200) tokens.emplace_back(call.body.at("markAsReadToken").as_string());
    }
    return tokens;
  }

  bool receipts_reach(std::size_t count) {
    return line_.wait_for([count](const std::vector<LineCall>& calls) {
      return static_cast<std::size_t>(std::count_if(calls.begin(), calls.end(), [](const LineCall& call) {
               return call.path == kMarkAsRead && call.status == 200;
             })) >= count;
    });
  }

  struct LiveChat {
    std::unique_ptr<SocketClient> socket;  // the agent's
    std::string agent;
    std::string assistant;
    std::string user;
    std::string conversation_id;
  };

  // A LINE user who tapped Live Agent and an agent (online) who took over: two texts reached them.
  LiveChat live_chat(int user_number) {
    LiveChat chat;
    chat.assistant = connected_assistant();
    chat.agent = new_agent("Mei");
    chat.socket = agent_socket(chat.agent);
    set_presence(chat.agent, "online");
    chat.user = line_user_id(user_number);
    deliver(chat.assistant, {line_.postback_event(chat.user, "action=live_agent")});
    texts_once(chat.user, 1);
    const auto id = conversation_of(chat.assistant);
    EXPECT_EQ(http_->post("/api/v1/conversations/" + id + "/takeover", json::object{}, chat.agent).status, 200);
    texts_once(chat.user, 2);
    chat.conversation_id = id;
    return chat;
  }

  // The customer writes; answers the event's markAsReadToken once the agent has seen the message.
  std::string customer_writes(const LiveChat& chat, const std::string& text) {
    auto event = line_.text_event(chat.user, text);
    const std::string token(event.at("message").at("markAsReadToken").as_string());
    deliver(chat.assistant, {event});
    chat.socket->wait_for("message.created",
                          [&](const json::object& e) { return str(e.at("message").at("text")) == text; });
    return token;
  }

  FakeLine line_{kSecret, kToken};
};

TEST_P(LineReceipts, ReadingALiveChatMarksTheNewestMessageReadOncePerBatch) {
  auto chat = live_chat(41);
  ASSERT_FALSE(chat.conversation_id.empty());
  customer_writes(chat, "My parcel is late");
  const auto newest = customer_writes(chat, "It was due on Monday");

  EXPECT_EQ(read(chat.conversation_id, chat.agent), "queued");
  EXPECT_EQ(read(chat.conversation_id, chat.agent), "nothing_new") << "the batch is marked read already";
  ASSERT_TRUE(receipts_reach(1));
  EXPECT_EQ(read_tokens_sent(), std::vector<std::string>{newest}) << "one call, with the newest message's token";

  // A new message starts a new batch: one more call, with its own token.
  const auto later = customer_writes(chat, "Any news?");
  EXPECT_EQ(read(chat.conversation_id, chat.agent), "queued");
  ASSERT_TRUE(receipts_reach(2));
  EXPECT_EQ(read_tokens_sent(), (std::vector<std::string>{newest, later}));
}

TEST_P(LineReceipts, NoReceiptWhileTheAiOrAnotherAgentHoldsTheChat) {
  const auto assistant = connected_assistant();
  const auto agent = new_agent("Mei");
  const auto other = new_agent("Kai");
  auto socket = agent_socket(agent);
  const auto user = line_user_id(42);
  auto event = line_.text_event(user, "Do you ship to Tainan?");
  const std::string token(event.at("message").at("markAsReadToken").as_string());
  deliver(assistant, {event});
  texts_once(user, 1);  // the AI answered
  const auto id = conversation_of(assistant);

  EXPECT_EQ(read(id, agent), "not_held") << "the AI holds the chat";
  EXPECT_TRUE(line_.calls_to(kMarkAsRead).empty());

  ASSERT_EQ(http_->post("/api/v1/conversations/" + id + "/takeover", json::object{}, agent).status, 200);
  EXPECT_EQ(read(id, other), "not_held") << "another agent holds it";
  EXPECT_TRUE(line_.calls_to(kMarkAsRead).empty());
  // The holder reads: the message that came while the AI held the chat is marked read now.
  EXPECT_EQ(read(id, agent), "queued");
  ASSERT_TRUE(receipts_reach(1));
  EXPECT_EQ(read_tokens_sent(), std::vector<std::string>{token});
}

TEST_P(LineReceipts, TheQuotaShowsLinesFiguresWithBatonsOwnPushesAndWarnsAtEightyPercent) {
  line_.set_quota("limited", 1000, 700);
  auto chat = live_chat(43);
  ASSERT_FALSE(chat.conversation_id.empty());
  ASSERT_EQ(
      http_->post("/api/v1/conversations/" + chat.conversation_id + "/messages", {{"text", "Checking now"}}, chat.agent)
          .status,
      201);
  texts_once(chat.user, 3);
  const auto pushes = static_cast<std::int64_t>(line_.calls_to("/v2/bot/message/push").size());
  ASSERT_GE(pushes, 2) << "the joined notice and the agent's words went by push";
  const auto quota_url = "/api/v1/assistants/" + chat.assistant + "/line/quota";
  // Baton counts a push once LINE's acceptance is stored: read until it shows.
  json::object quota;
  ASSERT_TRUE(eventually(
      [&] {
        quota = http_->get(quota_url, chat.agent).json().as_object();
        return quota.at("baton_pushes").as_int64() == pushes;
      },
      std::chrono::seconds(10)))
      << json::serialize(quota);
  EXPECT_EQ(str(quota.at("type")), "limited");
  EXPECT_EQ(quota.at("value").as_int64(), 1000);
  EXPECT_EQ(quota.at("total_usage").as_int64(), 700 + pushes);
  EXPECT_FALSE(quota.at("warning").as_bool());

  line_.set_quota("limited", 1000, 800);
  quota = http_->get(quota_url, admin_token()).json().as_object();
  EXPECT_EQ(quota.at("total_usage").as_int64(), 800);
  EXPECT_TRUE(quota.at("warning").as_bool()) << "80 % used";

  line_.set_quota("none", 0, 5000);
  quota = http_->get(quota_url, admin_token()).json().as_object();
  EXPECT_EQ(str(quota.at("type")), "none");
  EXPECT_FALSE(quota.contains("value"));
  EXPECT_FALSE(quota.at("warning").as_bool()) << "no limit, nothing to warn about";
  EXPECT_FALSE(line_.calls_to("/v2/bot/message/quota").empty());
  EXPECT_FALSE(line_.calls_to("/v2/bot/message/quota/consumption").empty());
}

TEST_P(LineReceipts, TheQuotaOfAnAssistantWithoutLineOrUnknownIsRefused) {
  const auto unconnected = new_assistant(true);
  EXPECT_EQ(http_->get("/api/v1/assistants/" + unconnected + "/line/quota", admin_token()).status, 409);
  EXPECT_EQ(http_->get("/api/v1/assistants/asst_nope/line/quota", admin_token()).status, 404);
  EXPECT_EQ(http_->get("/api/v1/assistants/" + unconnected + "/line/quota").status, 401);
  const auto assistant = connected_assistant();
  line_.fail_next("/v2/bot/message/quota", 1, 500);
  EXPECT_EQ(http_->get("/api/v1/assistants/" + assistant + "/line/quota", admin_token()).status, 503);
}

TEST_P(LineReceipts, APushPastTheMonthlyLimitFailsWithItsReasonAndTheNextReplyGoes) {
  auto chat = live_chat(44);
  ASSERT_FALSE(chat.conversation_id.empty());
  line_.set_monthly_limit_reached(true);
  ASSERT_EQ(http_
                ->post("/api/v1/conversations/" + chat.conversation_id + "/messages", {{"text", "Your refund is done"}},
                       chat.agent)
                .status,
            201);
  auto updated = chat.socket->wait_for(
      "message.updated", [](const json::object& e) { return e.at("message").at("text") == "Your refund is done"; },
      std::chrono::seconds(10));
  EXPECT_EQ(str(updated.at("message").at("delivery").at("status")), "failed");
  EXPECT_EQ(str(updated.at("message").at("delivery").at("error")), kMonthlyLimitError);
  // The history shows the same reason.
  bool shown = false;
  for (const auto& message : messages(chat.conversation_id, chat.agent)) {
    if (str(message.at("text")) != "Your refund is done") continue;
    shown = str(message.at("delivery").at("error")) == kMonthlyLimitError;
  }
  EXPECT_TRUE(shown);

  // The customer writes again: the agent's next words go by the free reply.
  customer_writes(chat, "Did you get my refund?");
  ASSERT_EQ(http_
                ->post("/api/v1/conversations/" + chat.conversation_id + "/messages",
                       {{"text", "Yes, it is on its way"}}, chat.agent)
                .status,
            201);
  auto delivered = chat.socket->wait_for(
      "message.updated", [](const json::object& e) { return e.at("message").at("text") == "Yes, it is on its way"; },
      std::chrono::seconds(10));
  EXPECT_EQ(str(delivered.at("message").at("delivery").at("status")), "sent");
  const auto texts = line_.texts_to(chat.user);
  EXPECT_EQ(texts.back(), "Yes, it is on its way");
  int refused = 0;
  for (const auto& push : line_.calls_to("/v2/bot/message/push")) refused += push.status == 429 ? 1 : 0;
  EXPECT_EQ(refused, 1) << "the refused push is not retried";
}

TEST_P(LineReceipts, TheFirstNoticeIsInTheLanguageOfTheProfile) {
  const auto assistant = connected_assistant();  // nobody on duty
  const auto user = line_user_id(45);
  line_.set_profile(user, "張先生", "", "zh-TW");
  deliver(assistant, {line_.text_event(user, "我要找真人客服")});
  const auto texts = texts_once(user, 2);
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_EQ(texts[0].find("Connecting"), std::string::npos) << texts[0];
  EXPECT_NE(texts[0].find("已為您轉接真人客服"), std::string::npos) << texts[0];
  EXPECT_EQ(texts[1], "目前沒有客服人員在線，請留下您的訊息，我們會盡快回覆。");
}

TEST_P(LineReceipts, WhenTheProfileIsLateTheFirstNoticeGoesInBothLanguages) {
  const auto assistant = connected_assistant();
  const auto user = line_user_id(46);
  line_.set_profile(user, "張先生", "", "zh-TW");
  line_.set_profile_delay(std::chrono::seconds(4));  // past Baton's 2 s wait
  deliver(assistant, {line_.text_event(user, "我要找真人客服")});
  const auto texts = texts_once(user, 2);
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_NE(texts[0].find("已為您轉接真人客服"), std::string::npos) << texts[0];
  EXPECT_NE(texts[0].find("Connecting you to a live agent"), std::string::npos) << texts[0];
  // Sent before the profile came, with its reply token still fresh.
  EXPECT_EQ(line_.calls_to("/v2/bot/message/push").size(), 0u);
}

TEST_P(LineReceipts, WhenTheProfileCannotBeHadTheFirstNoticeGoesInBothLanguagesAtOnce) {
  const auto assistant = connected_assistant();
  const auto user = line_user_id(47);
  line_.fail_next("/v2/bot/profile/", 1, 404);
  deliver(assistant, {line_.text_event(user, "talk to a human")});
  const auto texts = texts_once(user, 2);
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_NE(texts[0].find("已為您轉接真人客服"), std::string::npos) << texts[0];
  EXPECT_NE(texts[0].find("Connecting you to a live agent"), std::string::npos) << texts[0];
}

BATON_ON_EVERY_STORE(LineReceipts);

// An agent's files on LINE: a picture goes as an image message whose two links (under
// --public-url, signed, one file and one variant each) serve the right bytes and type, and stop
// answering when they expire; any other file goes as its name and a link.
class LinePictures : public LineReceipts {
 protected:
  static constexpr const char* kPublicUrl = "https://files.example.com";
  std::vector<std::string> server_args() const override {
    auto args = LineReceipts::server_args();
    args.insert(args.end(), {"--public-url", std::string(kPublicUrl) + "/", "--file-link-days", "0.0001"});  // 8.6 s
    return args;
  }
  // The path of one of our public links (the test reaches the server on loopback).
  static std::string path_of(const std::string& url) {
    EXPECT_EQ(url.rfind(std::string(kPublicUrl) + "/files/", 0), 0u) << url;
    return url.substr(std::string(kPublicUrl).size());
  }
};

TEST_P(LinePictures, AnAgentsPictureGoesAsAnImageMessageWhoseLinksServeItUntilTheyExpire) {
  auto chat = live_chat(7);
  std::ifstream file(std::string(BATON_SOURCE_DIR) + "/testdata/line/default_rich_menu.png", std::ios::binary);
  const std::string png((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const auto path = "/api/v1/conversations/" + chat.conversation_id + "/attachments";
  const auto sent = http_->request("POST", path + "?name=manual.png", png, chat.agent);
  ASSERT_EQ(sent.status, 201) << sent.body;
  const auto sent_message = sent.json();
  const auto stored = http_->get(str(sent_message.at("attachment").at("url")), chat.agent);
  ASSERT_EQ(stored.status, 200);

  json::object image;
  ASSERT_TRUE(eventually(
      [&] {
        for (const auto& message : line_.messages_to(chat.user)) {
          if (message.at("type") == "image") image = message;
        }
        return !image.empty();
      },
      std::chrono::seconds(15)));
  const auto original = http_->get(path_of(str(image.at("originalContentUrl"))));
  ASSERT_EQ(original.status, 200);
  EXPECT_EQ(original.headers.at("content-type"), "image/png");
  EXPECT_EQ(original.body, stored.body);
  const auto preview = http_->get(path_of(str(image.at("previewImageUrl"))));
  ASSERT_EQ(preview.status, 200);
  EXPECT_TRUE(preview.headers.at("content-type") == "image/png" || preview.headers.at("content-type") == "image/jpeg");
  EXPECT_LE(preview.body.size(), 1'000'000u) << "LINE's preview limit";
  EXPECT_LT(preview.body.size(), original.body.size());
  auto forged = path_of(str(image.at("originalContentUrl")));
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(http_->get(forged).status, 404) << "a changed token reads nothing";

  const auto pdf = http_->request("POST", path + "?name=guide.pdf", "%PDF-1.4\n%%EOF\n", chat.agent);
  ASSERT_EQ(pdf.status, 201) << pdf.body;
  ASSERT_TRUE(eventually(
      [&] {
        for (const auto& text : line_.texts_to(chat.user)) {
          if (text.find("guide.pdf") != std::string::npos &&
              text.find(std::string(kPublicUrl) + "/files/") != std::string::npos) {
            return true;
          }
        }
        return false;
      },
      std::chrono::seconds(15)));

  EXPECT_TRUE(eventually([&] { return http_->get(path_of(str(image.at("originalContentUrl")))).status == 404; },
                         std::chrono::seconds(30)))
      << "the link stops answering once it expires";
}

BATON_ON_EVERY_STORE(LinePictures);

}  // namespace
}  // namespace baton::testing
