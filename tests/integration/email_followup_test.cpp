// E-mail follow-up of offline web visitors (team operations §4.12) through the public API on
// each store, with a real SMTP server (python3-aiosmtpd) as the sink: one e-mail for a burst of
// agent answers to an absent visitor, none when they came back, none for a phone number, a note
// or an AI answer; the link resumes the same conversation; kill -9 loses nothing; SMTP 4xx is
// retried and 5xx ends failed with the server's text.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sqlite3.h>

#include <set>

#include "store/postgres/connection.hpp"
#include "support/scenario.hpp"
#include "support/smtp_sink.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

std::string base64url(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (unsigned char c : bytes) {
    bits = (bits << 8) | c;
    count += 8;
    while (count >= 6) out += kAlphabet[(bits >> (count -= 6)) & 63];
  }
  if (count > 0) out += kAlphabet[(bits << (6 - count)) & 63];
  return out;
}

// A resume token as the server would sign it (app/resume_tokens.cpp's format), with our own expiry.
std::string sign_token(const std::string& key, const std::string& conversation_id, const std::string& assistant_id,
                       std::int64_t expires_unix) {
  const std::string payload = conversation_id + "|" + assistant_id + "|" + std::to_string(expires_unix);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(payload.data()),
       payload.size(), mac, &length);
  return base64url(payload) + "." + base64url(std::string_view(reinterpret_cast<const char*>(mac), length));
}

// Short enough for a test, long enough for it to act before an e-mail falls due.
constexpr int kDelayMs = 2000;
constexpr auto kMailWait = std::chrono::seconds(20);

class EmailFollowup : public EveryStoreTest {
 protected:
  void SetUp() override {
    if (!SmtpSink::installed()) GTEST_SKIP() << "python3-aiosmtpd is not installed (make deps installs it)";
    sink_ = std::make_unique<SmtpSink>(std::string(BATON_SOURCE_DIR) + "/tests/integration/support/smtp_sink.py");
    EveryStoreTest::SetUp();
    assistant_ = new_assistant(true, "Shop");
    auto patched = http_->request("PATCH", "/api/v1/assistants/" + assistant_,
                                  json::serialize(json::object{{"email_followup", true}}), admin_token());
    ASSERT_EQ(patched.status, 200) << patched.body;
    agent_ = new_agent("Mei");
  }

  // The server first: it must never outlive the SMTP server it sends to.
  void TearDown() override { server_.reset(); }

  std::vector<std::string> server_args() const override {
    auto args = EveryStoreTest::server_args();
    args.insert(args.end(), {"--smtp-url", sink_->url(), "--mail-from", "support@shop.example", "--email-delay-ms",
                             std::to_string(kDelayMs), "--public-url", "https://chat.shop.example/"});
    return args;
  }

  // A visitor whose widget said `lang` on its socket (then left), who left a message with
  // `contact`, and whose conversation the agent took.
  Visitor absent_visitor(const std::string& contact, const std::string& lang = "zh-TW") {
    auto visitor = new_visitor(assistant_);
    {
      SocketClient socket(http_->port(), "/api/v1/widget/ws?token=" + visitor.token + "&lang=" + lang);
      socket.wait_for("presence.updated");
    }
    auto left = http_->post("/api/v1/widget/offline_message",
                            {{"name", "Lin"}, {"contact", contact}, {"text", "Where is my parcel?"}}, visitor.token);
    EXPECT_EQ(left.status, 201) << left.body;
    auto taken = http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agent_);
    EXPECT_EQ(taken.status, 200) << taken.body;
    return visitor;
  }

  void agent_says(const Visitor& visitor, const std::string& text) {
    auto sent = http_->post("/api/v1/conversations/" + visitor.conversation_id + "/messages", {{"text", text}}, agent_);
    ASSERT_EQ(sent.status, 201) << sent.body;
  }

  // The e-mail delivery of the conversation's agent messages, as the console reads them.
  std::vector<json::object> agent_deliveries(const Visitor& visitor) {
    std::vector<json::object> deliveries;
    for (const auto& message : messages(visitor.conversation_id, agent_)) {
      if (message.at("sender") != "agent") continue;
      const auto* delivery = message.if_contains("delivery");
      deliveries.push_back(delivery ? delivery->as_object() : json::object{});
    }
    return deliveries;
  }

  bool all_delivered(const Visitor& visitor, const std::string& status) {
    const auto deliveries = agent_deliveries(visitor);
    if (deliveries.empty()) return false;
    for (const auto& delivery : deliveries) {
      if (!delivery.contains("status") || delivery.at("status") != status.c_str()) return false;
    }
    return true;
  }

  // The resume links' key, read from the store the server uses.
  std::string link_key() {
    const auto args = server_args();
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] != "--database") continue;
      store::postgres::Connection db(args[i + 1]);
      return db.query("SELECT value FROM server_secrets WHERE name = 'resume_link_key'").text(0, 0);
    }
    sqlite3* db = nullptr;
    std::string key;
    if (sqlite3_open_v2((server_->data_dir() / "baton.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* statement = nullptr;
      sqlite3_prepare_v2(db, "SELECT value FROM server_secrets WHERE name = 'resume_link_key'", -1, &statement,
                         nullptr);
      if (statement && sqlite3_step(statement) == SQLITE_ROW) {
        key = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
      }
      sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return key;
  }

  // The resume link's token in an e-mail's text.
  static std::string link_token(const json::object& mail) {
    const std::string text(mail.at("text").as_string());
    const std::string prefix = "https://chat.shop.example/r/";
    const auto at = text.find(prefix);
    if (at == std::string::npos) return {};
    const auto start = at + prefix.size();
    return text.substr(start, text.find_first_of(" \r\n", start) - start);
  }

  std::unique_ptr<SmtpSink> sink_;
  std::string assistant_;
  std::string agent_;
};
BATON_ON_EVERY_STORE(EmailFollowup);

TEST_P(EmailFollowup, TwoQuickAnswersToAnAbsentVisitorMakeOneEmailInTheirLanguage) {
  const auto assistant = http_->get("/api/v1/assistants/" + assistant_, admin_token()).json();
  EXPECT_EQ(assistant.at("email_followup"), true);
  EXPECT_EQ(assistant.at("email_followup_delay_s"), 120);
  const auto visitor = absent_visitor("lin@example.com", "en");
  agent_says(visitor, "Your parcel ships tomorrow.");
  agent_says(visitor, "Anything else?");

  auto mails = sink_->wait_for(1, kMailWait);
  ASSERT_EQ(mails.size(), 1u);
  const auto& mail = mails[0];
  EXPECT_EQ(mail.at("rcpt_tos").at(0), "lin@example.com");
  EXPECT_EQ(mail.at("mail_from"), "support@shop.example");
  EXPECT_EQ(mail.at("subject"), "Shop: you have a reply");
  EXPECT_EQ(mail.at("content_type"), "text/plain");
  EXPECT_EQ(mail.at("charset"), "utf-8");
  const std::string text(mail.at("text").as_string());
  EXPECT_NE(text.find("Your parcel ships tomorrow."), std::string::npos) << text;
  EXPECT_NE(text.find("Anything else?"), std::string::npos) << text;
  EXPECT_NE(text.find("Mei:"), std::string::npos) << text;
  EXPECT_FALSE(link_token(mail).empty()) << text;
  const auto headers = mail.at("headers").as_object();
  for (const char* header : {"From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"}) {
    EXPECT_TRUE(headers.contains(header)) << header;
  }

  // Both messages show the e-mail's delivery, and no second e-mail follows.
  EXPECT_TRUE(eventually([&] { return all_delivered(visitor, "sent"); }, std::chrono::seconds(5)));
  EXPECT_EQ(agent_deliveries(visitor).at(0).at("channel"), "email");
  EXPECT_EQ(sink_->messages().size(), 1u);
}

TEST_P(EmailFollowup, TheEmailIsInChineseByDefault) {
  const auto visitor = absent_visitor("lin@example.com", "zh-TW");
  agent_says(visitor, "您的包裹明天出貨。");
  auto mails = sink_->wait_for(1, kMailWait);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].at("subject"), "Shop：您有新的回覆");
  EXPECT_NE(std::string(mails[0].at("text").as_string()).find("您的包裹明天出貨。"), std::string::npos);
  EXPECT_NE(sink_->raw(0).find("Subject: =?UTF-8?B?"), std::string::npos) << "RFC 2047";
}

TEST_P(EmailFollowup, AVisitorWhoCameBackGetsNoEmail) {
  const auto back = absent_visitor("back@example.com");
  agent_says(back, "Are you there?");
  // The visitor returns before the delay ends: their widget reconnects and is sent the answer.
  SocketClient socket(http_->port(), "/api/v1/widget/ws?token=" + back.token + "&after_seq=0");
  socket.wait_for("message.created", message_from("agent"));
  // A later e-mail to someone else: once it arrives, the first one's due time has passed.
  const auto away = absent_visitor("away@example.com");
  agent_says(away, "Your refund is done.");

  auto mails = sink_->wait_for(1, kMailWait);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].at("rcpt_tos").at(0), "away@example.com");
  EXPECT_TRUE(eventually([&] { return all_delivered(away, "sent"); }, std::chrono::seconds(5)));
  EXPECT_EQ(sink_->messages().size(), 1u);
  EXPECT_TRUE(agent_deliveries(back).at(0).empty()) << "no e-mail, no delivery";
}

TEST_P(EmailFollowup, APhoneNumberANoteAndAnAiAnswerGetNoEmail) {
  const auto phone = absent_visitor("+886 912 345 678");
  agent_says(phone, "We will call you.");
  // An e-mail contact whose conversation gets a note, then (after Done) an AI answer.
  const auto quiet = absent_visitor("quiet@example.com");
  const auto path = "/api/v1/conversations/" + quiet.conversation_id;
  ASSERT_EQ(http_->post(path + "/notes", {{"text", "internal: VIP customer"}}, agent_).status, 201);
  ASSERT_EQ(http_->post(path + "/done", json::object{}, agent_).status, 200);
  send_customer(quiet, "hello again");
  EXPECT_TRUE(eventually(
      [&] {
        for (const auto& message : messages(quiet.conversation_id, agent_)) {
          if (message.at("sender") == "ai") return true;
        }
        return false;
      },
      std::chrono::seconds(10)));
  // The control: an e-mail due after all of the above.
  const auto control = absent_visitor("control@example.com");
  agent_says(control, "This one is e-mailed.");

  auto mails = sink_->wait_for(1, kMailWait);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].at("rcpt_tos").at(0), "control@example.com");
  EXPECT_TRUE(eventually([&] { return all_delivered(control, "sent"); }, std::chrono::seconds(5)));
  EXPECT_EQ(sink_->messages().size(), 1u);
  EXPECT_EQ(std::string(mails[0].at("text").as_string()).find("VIP"), std::string::npos);
}

TEST_P(EmailFollowup, TheLinkResumesTheSameConversationAndATamperedOneIsRefused) {
  const auto visitor = absent_visitor("lin@example.com");
  agent_says(visitor, "Here is your answer.");
  auto mails = sink_->wait_for(1, kMailWait);
  ASSERT_EQ(mails.size(), 1u);
  const auto token = link_token(mails[0]);
  ASSERT_FALSE(token.empty());

  auto page = http_->get("/r/" + token);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("/widget.js"), std::string::npos);
  EXPECT_NE(page.body.find("data-resume-token=\"" + token + "\""), std::string::npos);

  const auto sessions = "/api/v1/widget/assistants/" + assistant_ + "/sessions";
  auto resumed = http_->post(sessions, {{"resume_token", token}});
  ASSERT_EQ(resumed.status, 201) << resumed.body;
  const auto body = resumed.json();
  EXPECT_EQ(str(body.at("conversation_id")), visitor.conversation_id);
  const Visitor again{str(body.at("visitor_token")), str(body.at("conversation_id"))};
  bool answer_there = false;
  for (const auto& message : visitor_messages(again)) answer_there |= message.at("text") == "Here is your answer.";
  EXPECT_TRUE(answer_there) << "the history is there";

  std::string tampered = token;
  tampered[tampered.size() / 3] = tampered[tampered.size() / 3] == 'A' ? 'B' : 'A';
  auto refused = http_->post(sessions, {{"resume_token", tampered}});
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.error_code(), "unauthorized");
  EXPECT_EQ(http_->get("/r/" + tampered).status, 401);
  auto other_assistant =
      http_->post("/api/v1/widget/assistants/" + new_assistant(true) + "/sessions", {{"resume_token", token}});
  EXPECT_EQ(other_assistant.status, 404) << "a link resumes its own assistant's chat only";
}

TEST_P(EmailFollowup, AnExpiredLinkIsRefusedAndAFreshOneOfTheSameKeyWorks) {
  const auto visitor = absent_visitor("lin@example.com");
  const auto key = link_key();
  ASSERT_FALSE(key.empty());
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  const auto sessions = "/api/v1/widget/assistants/" + assistant_ + "/sessions";
  const auto expired = sign_token(key, visitor.conversation_id, assistant_, now - 1);
  auto refused = http_->post(sessions, {{"resume_token", expired}});
  EXPECT_EQ(refused.status, 401) << refused.body;
  EXPECT_EQ(refused.error_code(), "unauthorized");
  EXPECT_EQ(http_->get("/r/" + expired).status, 401);
  // The same key and conversation, not yet expired: the signature is what the server makes.
  const auto fresh = sign_token(key, visitor.conversation_id, assistant_, now + 3600);
  auto resumed = http_->post(sessions, {{"resume_token", fresh}});
  ASSERT_EQ(resumed.status, 201) << resumed.body;
  EXPECT_EQ(str(resumed.json().at("conversation_id")), visitor.conversation_id);
}

TEST_P(EmailFollowup, AnEmailQueuedBeforeAKillIsSentAfterTheRestart) {
  const auto visitor = absent_visitor("lin@example.com");
  agent_says(visitor, "Sent before the crash.");
  server_->kill_and_restart();
  EXPECT_EQ(sink_->messages().size(), 0u) << "killed before it fell due";
  http_ = std::make_unique<HttpClient>(server_->port());

  auto mails = sink_->wait_for(1, kMailWait);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(std::string(mails[0].at("text").as_string()).find("Sent before the crash."), std::string::npos);
  EXPECT_TRUE(eventually([&] { return all_delivered(visitor, "sent"); }, std::chrono::seconds(5)));
}

TEST_P(EmailFollowup, Smtp4xxIsRetriedAnd5xxEndsFailedWithTheServersText) {
  sink_->answer_next("451 4.3.0 Try again later");
  const auto retried = absent_visitor("lin@example.com");
  agent_says(retried, "Second time lucky.");
  auto mails = sink_->wait_for(1, kMailWait);
  ASSERT_EQ(mails.size(), 1u) << "accepted on the retry";
  EXPECT_TRUE(eventually([&] { return all_delivered(retried, "sent"); }, std::chrono::seconds(5)));

  sink_->answer_next("550 5.1.1 No such mailbox here");
  const auto refused = absent_visitor("nobody@example.com");
  agent_says(refused, "Never arrives.");
  EXPECT_TRUE(eventually([&] { return all_delivered(refused, "failed"); }, kMailWait));
  const auto delivery = agent_deliveries(refused).at(0);
  EXPECT_EQ(delivery.at("channel"), "email");
  EXPECT_NE(std::string(delivery.at("error").as_string()).find("No such mailbox here"), std::string::npos)
      << json::serialize(delivery);
  EXPECT_EQ(sink_->messages().size(), 1u) << "the refused one was not retried into the sink";
}

TEST_P(EmailFollowup, TheDelaySettingIsBounded) {
  const auto target = "/api/v1/assistants/" + assistant_;
  auto set =
      http_->request("PATCH", target, R"({"email_followup_delay_s": 600, "email_followup": false})", admin_token());
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json().at("email_followup_delay_s"), 600);
  EXPECT_EQ(set.json().at("email_followup"), false);
  for (const char* body :
       {R"({"email_followup_delay_s": 5})", R"({"email_followup_delay_s": 86401})", R"({"email_followup": "yes"})"}) {
    auto refused = http_->request("PATCH", target, body, admin_token());
    EXPECT_EQ(refused.status, 400) << body;
    EXPECT_EQ(refused.error_code(), "invalid_field") << body;
  }
}

}  // namespace
}  // namespace baton::testing
