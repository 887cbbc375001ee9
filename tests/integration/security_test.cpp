// The Security section of API.md against the real binary: sessions that end and close their
// sockets, account control, login throttling, the socket Origin check, public abuse limits,
// headers, and the data directory's permissions.
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <future>
#include <set>
#include <thread>

#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

constexpr auto kSocketClosesWithin = 1500ms;  // API.md: within a second (plus a margin for the test)

class Security : public ServerTest {
 protected:
  std::string agent_id_of(const std::string& token) { return str(http_->get("/api/v1/me", token).json().at("id")); }

  Reply patch_agent(const std::string& id, const json::object& changes) {
    return http_->request("PATCH", "/api/v1/agents/" + id, json::serialize(changes), admin_token());
  }

  Reply login_reply(const std::string& email, const std::string& password,
                    const std::map<std::string, std::string>& headers = {}) {
    return http_->request("POST", "/api/v1/auth/login",
                          json::serialize(json::object{{"email", email}, {"password", password}}), {}, headers);
  }

  std::string email_of(const std::string& token) { return str(http_->get("/api/v1/me", token).json().at("email")); }
};

TEST_F(Security, LogoutEndsTheSessionAndClosesItsSocketsAtOnce) {
  const auto token = new_agent("Mei");
  auto socket = agent_socket(token);
  EXPECT_EQ(http_->request("POST", "/api/v1/auth/logout", {}, token).status, 204);
  EXPECT_TRUE(socket->closed_by_server(kSocketClosesWithin));
  EXPECT_EQ(http_->get("/api/v1/me", token).status, 401);
}

TEST_F(Security, APasswordChangeEndsEveryOtherSessionButThisOne) {
  const auto here = new_agent("Mei");
  const auto email = email_of(here);
  const auto elsewhere = login(email, "correct horse");
  auto other_socket = agent_socket(elsewhere);
  auto wrong = http_->request("PUT", "/api/v1/me/password",
                              R"({"current_password":"not it at all","new_password":"lantern-river-93"})", here);
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(wrong.error_code(), "wrong_password");

  auto changed = http_->request("PUT", "/api/v1/me/password",
                                R"({"current_password":"correct horse","new_password":"lantern-river-93"})", here);
  ASSERT_EQ(changed.status, 204) << changed.body;
  EXPECT_TRUE(other_socket->closed_by_server(kSocketClosesWithin));
  EXPECT_EQ(http_->get("/api/v1/me", elsewhere).status, 401);
  EXPECT_EQ(http_->get("/api/v1/me", here).status, 200);
  EXPECT_EQ(login_reply(email, "correct horse").status, 401);
  EXPECT_EQ(login_reply(email, "lantern-river-93").status, 200);
}

TEST_F(Security, DisablingAUserEndsTheirSessionsAndSignInsUntilEnabledAgain) {
  const auto token = new_agent("Mei");
  const auto id = agent_id_of(token);
  const auto email = email_of(token);
  auto socket = agent_socket(token);

  auto disabled = patch_agent(id, {{"disabled", true}});
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(disabled.json().at("disabled"), true);
  EXPECT_TRUE(socket->closed_by_server(kSocketClosesWithin));
  EXPECT_EQ(http_->get("/api/v1/me", token).status, 401);
  auto refused = login_reply(email, "correct horse");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.error_code(), "account_disabled");

  ASSERT_EQ(patch_agent(id, {{"disabled", false}}).status, 200);
  EXPECT_EQ(login_reply(email, "correct horse").status, 200);
}

TEST_F(Security, AnAdminsNewPasswordForAUserEndsAllTheirSessions) {
  const auto token = new_agent("Mei");
  const auto id = agent_id_of(token);
  auto socket = agent_socket(token);
  auto weak = patch_agent(id, {{"password", "password1234"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(weak.error_code(), "weak_password");
  EXPECT_EQ(http_->get("/api/v1/me", token).status, 200) << "a refused change ends nothing";

  ASSERT_EQ(patch_agent(id, {{"password", "copper-kettle-57"}}).status, 200);
  EXPECT_TRUE(socket->closed_by_server(kSocketClosesWithin));
  EXPECT_EQ(http_->get("/api/v1/me", token).status, 401);
}

TEST_F(Security, OnlyAdminsChangeUsersAndTheLastAdminStays) {
  const auto agent = new_agent("Mei");
  const auto admin_id = agent_id_of(admin_token());
  auto by_agent = http_->request("PATCH", "/api/v1/agents/" + admin_id, R"({"disabled":true})", agent);
  EXPECT_EQ(by_agent.status, 403);
  EXPECT_EQ(patch_agent("agent_nobody", {{"name", "X"}}).status, 404);

  auto disable_last = patch_agent(admin_id, {{"disabled", true}});
  EXPECT_EQ(disable_last.status, 409);
  EXPECT_EQ(disable_last.error_code(), "last_admin");
  auto demote_last = patch_agent(admin_id, {{"role", "agent"}});
  EXPECT_EQ(demote_last.status, 409);
  EXPECT_EQ(demote_last.error_code(), "last_admin");

  // With a second admin, the first may step down.
  ASSERT_EQ(patch_agent(agent_id_of(agent), {{"role", "admin"}}).status, 200);
  auto demoted = patch_agent(admin_id, {{"role", "agent"}});
  EXPECT_EQ(demoted.status, 200) << demoted.body;
}

TEST_F(Security, WeakPasswordsAreRefusedWithAReason) {
  for (const char* password : {"short", "            ", "1234567890", "password1234", "qwertyuiop", "aaaaaaaaaaaa"}) {
    auto reply = http_->post("/api/v1/agents", {{"email", "new@shop.test"}, {"name", "New"}, {"password", password}},
                             admin_token());
    EXPECT_EQ(reply.status, 400) << password;
    EXPECT_EQ(reply.error_code(), "weak_password") << password << " " << reply.body;
  }
  auto good = http_->post("/api/v1/agents",
                          {{"email", "new@shop.test"}, {"name", "New"}, {"password", "tea-garden-42"}}, admin_token());
  EXPECT_EQ(good.status, 201) << good.body;
}

TEST_F(Security, TheEleventhWrongPasswordIn15MinutesGets429BeforeAnyHashing) {
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(login_reply("admin@demo.baton", "wrong guess " + std::to_string(i)).status, 401);
  auto eleventh = login_reply("admin@demo.baton", "wrong guess 10");
  EXPECT_EQ(eleventh.status, 429);
  EXPECT_EQ(eleventh.error_code(), "rate_limited");
  ASSERT_TRUE(eleventh.headers.count("retry-after"));
  EXPECT_GT(std::stoi(eleventh.headers.at("retry-after")), 0);
  // The right password waits too: the account is being guessed at.
  EXPECT_EQ(login_reply("admin@demo.baton", "baton-demo").status, 429);
}

TEST_F(Security, LoginTakesJsonOnly) {
  auto reply = login_reply("admin@demo.baton", "baton-demo", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(reply.status, 415);
  EXPECT_EQ(reply.error_code(), "unsupported_media_type");
  EXPECT_EQ(login_reply("admin@demo.baton", "baton-demo", {{"Content-Type", "application/json; charset=utf-8"}}).status,
            200);
}

TEST_F(Security, ACookieSocketOpensOnlyFromTheConsolesOwnOrigin) {
  const auto token = admin_token();
  const std::string cookie = "baton_session=" + token;
  EXPECT_EQ(
      upgrade_status(server_->port(), "/api/v1/agent/ws", {{"Cookie", cookie}, {"Origin", "https://evil.example"}}),
      403);
  EXPECT_EQ(upgrade_status(server_->port(), "/api/v1/agent/ws", {{"Cookie", cookie}}), 403) << "no Origin at all";
  EXPECT_EQ(upgrade_status(server_->port(), "/api/v1/agent/ws", {{"Cookie", cookie}, {"Origin", "http://127.0.0.1"}}),
            101);
  // Scripts use the Bearer header and need no Origin.
  EXPECT_EQ(upgrade_status(server_->port(), "/api/v1/agent/ws", {{"Authorization", "Bearer " + token}}), 101);
}

TEST_F(Security, AVisitorTokenOpensAtMostTenSockets) {
  const auto visitor = new_visitor("asst_demo");
  std::vector<std::unique_ptr<SocketClient>> open;
  for (int i = 0; i < 10; ++i) open.push_back(widget_socket(visitor));
  EXPECT_EQ(refused_upgrade_status(server_->port(), "/api/v1/widget/ws?token=" + visitor.token), 429);
  open.pop_back();
  // A closed socket gives its place back once the server has seen the close: each refused
  // attempt is a full round trip, so a bounded number of them waits for it without sleeping.
  bool reopened = false;
  for (int attempt = 0; attempt < 500 && !reopened; ++attempt) {
    reopened = upgrade_status(server_->port(), "/api/v1/widget/ws?token=" + visitor.token, {}) == 101;
  }
  EXPECT_TRUE(reopened);
}

TEST_F(Security, EveryAnswerSaysNosniffAndTheConsoleMayNotBeFramedOrRunForeignScript) {
  auto console = http_->get("/");
  EXPECT_EQ(console.headers["x-content-type-options"], "nosniff");
  EXPECT_NE(console.headers["content-security-policy"].find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(console.headers["content-security-policy"].find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(console.headers["referrer-policy"], "no-referrer");
  EXPECT_NE(http_->get("/demo").headers["content-security-policy"].find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(http_->get("/api/v1/me").headers["x-content-type-options"], "nosniff");
  EXPECT_EQ(http_->get("/api/v1/nothing-here").headers["x-content-type-options"], "nosniff");
}

TEST_F(Security, CookiesAreNotSecureOverPlainHttpNorOnAnUntrustedForwardedProto) {
  auto reply = login_reply("admin@demo.baton", "baton-demo", {{"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.headers["set-cookie"].find("Secure"), std::string::npos) << reply.headers["set-cookie"];
}

TEST_F(Security, OnlyAdminsReplaceTheWholeKnowledgeBase) {
  const auto agent = new_agent("Mei");
  auto replaced = http_->request("POST", "/api/v1/assistants/asst_demo/knowledge/import?mode=replace",
                                 R"([{"question":"q1 test","answer":"a1"}])", agent);
  EXPECT_EQ(replaced.status, 403);
  auto appended = http_->request("POST", "/api/v1/assistants/asst_demo/knowledge/import?mode=append",
                                 R"([{"question":"Do you ship to Japan?","answer":"Yes, in 5 days."}])", agent);
  EXPECT_EQ(appended.status, 200) << appended.body;
}

TEST_F(Security, OnlyTheHolderOfALiveConversationShowsTyping) {
  const auto assistant = new_assistant(true);
  const auto visitor = new_visitor(assistant);
  send_customer(visitor, "hello");
  const auto holder = new_agent("Mei");
  const auto other = new_agent("Yu");
  const std::string typing = "/api/v1/conversations/" + visitor.conversation_id + "/typing";
  EXPECT_EQ(http_->post(typing, json::object{}, other).status, 409) << "nobody holds it yet";
  ASSERT_EQ(
      http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, holder).status,
      200);
  EXPECT_EQ(http_->post(typing, json::object{}, other).status, 409);
  EXPECT_EQ(http_->post(typing, json::object{}, holder).status, 204);
}

TEST_F(Security, TheDataDirectoryAndDatabaseAreTheOwnersOnly) {
  struct stat info {};
  ASSERT_EQ(::stat(server_->data_dir().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat((server_->data_dir() / "baton.db").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

// Many clients sign in at once (argon2id, 64 MiB and ~0.1 s each); the widget must not notice.
TEST_F(Security, ALoginStormLeavesPublicEndpointsFast) {
  std::atomic<bool> storming{true};
  std::vector<std::thread> clients;
  for (int i = 0; i < 16; ++i) {
    clients.emplace_back([this, &storming] {
      HttpClient client(server_->port());
      const std::string body = R"({"email":"admin@demo.baton","password":"baton-demo"})";
      while (storming) client.request("POST", "/api/v1/auth/login", body);
    });
  }
  std::vector<double> latencies;
  for (int i = 0; i < 40; ++i) {
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(http_->get("/api/v1/widget/assistants/asst_demo/config").status, 200);
    latencies.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  storming = false;
  for (auto& client : clients) client.join();
  std::sort(latencies.begin(), latencies.end());
  // Unprotected, the median was about 900 ms (security review, finding 6).
  EXPECT_LT(latencies[latencies.size() / 2], 100.0);
  EXPECT_LT(latencies[latencies.size() * 9 / 10], 300.0);
}

// Public limits, small enough to reach in a test.
class PublicLimits : public ServerTest {
 protected:
  std::vector<std::string> server_args() const override {
    return {"--demo", "--customer-burst", "100000", "--customer-rate", "100000", "--trusted-proxy", "127.0.0.1/32"};
  }

  Reply new_session(const std::string& forwarded_for = {}) {
    std::map<std::string, std::string> headers;
    if (!forwarded_for.empty()) headers["X-Forwarded-For"] = forwarded_for;
    return http_->request("POST", "/api/v1/widget/assistants/asst_demo/sessions", "{}", {}, headers);
  }
};

TEST_F(PublicLimits, TwoHundredSessionsFromOneAddressMeet429WhileOthersGoOn) {
  int created = 0;
  int limited = 0;
  Reply last;
  for (int i = 0; i < 200; ++i) {
    auto reply = new_session("203.0.113.7");
    if (reply.status == 201) ++created;
    if (reply.status == 429) {
      ++limited;
      last = reply;
    }
  }
  EXPECT_EQ(created, 30);
  EXPECT_EQ(limited, 170);
  EXPECT_TRUE(last.headers.count("retry-after"));
  EXPECT_EQ(new_session("198.51.100.20").status, 201) << "another client is not held back";
}

TEST_F(PublicLimits, ComingBackWithAValidTokenIsNotANewSession) {
  auto first = new_session("203.0.113.8");
  ASSERT_EQ(first.status, 201);
  const auto token = str(first.json().at("visitor_token"));
  for (int i = 0; i < 40; ++i) {
    auto again = http_->request("POST", "/api/v1/widget/assistants/asst_demo/sessions",
                                json::serialize(json::object{{"visitor_token", token}}), {},
                                {{"X-Forwarded-For", "203.0.113.8"}});
    ASSERT_EQ(again.status, 201) << i;
  }
}

TEST_F(PublicLimits, AForwardedForFromAnUntrustedPeerIsIgnored) {
  ServerProcess plain({"--demo"});  // no trusted proxy: every request is 127.0.0.1's
  HttpClient client(plain.port());
  int created = 0;
  for (int i = 0; i < 31; ++i) {
    const std::map<std::string, std::string> headers{{"X-Forwarded-For", "192.0.2." + std::to_string(i)}};
    created += client.request("POST", "/api/v1/widget/assistants/asst_demo/sessions", "{}", {}, headers).status == 201;
  }
  EXPECT_EQ(created, 30);
}

TEST_F(PublicLimits, HandoffsAndOfflineMessagesPerAddressAreLimited) {
  const auto assistant = new_assistant(true);
  int handoffs = 0;
  for (int i = 0; i < 12; ++i) {
    const auto visitor = new_visitor(assistant);
    handoffs += http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status == 200;
  }
  EXPECT_EQ(handoffs, 10);
  int offline = 0;
  for (int i = 0; i < 7; ++i) {
    const auto visitor = new_visitor(assistant);
    offline += http_
                   ->post("/api/v1/widget/offline_message",
                          {{"name", "Ming"}, {"contact", "ming@example.com"}, {"text", "call me"}}, visitor.token)
                   .status == 201;
  }
  EXPECT_EQ(offline, 5);
}

// Sessions idle past their deadline end (the review's reproduction: expires_at set in the past).
TEST(SessionExpiry, AnIdleSessionEndsEvenForItsBearerToken) {
  auto server = std::make_unique<ServerProcess>(std::vector<std::string>{"--demo"});
  HttpClient http(server->port());
  auto login = http.post("/api/v1/auth/login", {{"email", "admin@demo.baton"}, {"password", "baton-demo"}});
  const auto token = str(login.json().at("token"));
  ASSERT_EQ(http.get("/api/v1/me", token).status, 200);
  const auto data = server->data_dir();
  server->stop();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((data / "baton.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  server->kill_and_restart();
  HttpClient again(server->port());
  EXPECT_EQ(again.get("/api/v1/me", token).status, 401);
}

TEST_F(Security, TheConversationListPagesWithACursorAndHistoryReadsFromTheNewestBack) {
  const auto assistant = new_assistant(false);
  std::vector<std::string> made;
  for (int i = 0; i < 5; ++i) made.push_back(new_visitor(assistant).conversation_id);
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    const std::string target = "/api/v1/conversations?assistant_id=" + assistant + "&limit=2" +
                               (cursor.empty() ? std::string() : "&before=" + cursor);
    auto page = http_->get(target, admin_token());
    ASSERT_EQ(page.status, 200) << page.body;
    const auto body = page.json();
    for (const auto& row : body.at("conversations").as_array()) seen.insert(str(row.at("id")));
    const auto& next = body.at("next_cursor");
    cursor = next.is_null() ? std::string() : str(next);
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), made.size());
  EXPECT_EQ(http_->get("/api/v1/conversations?before=nonsense", admin_token()).status, 400);

  const auto visitor = new_visitor(assistant);
  for (int i = 0; i < 4; ++i) send_customer(visitor, "message " + std::to_string(i));
  const auto all = messages(visitor.conversation_id, admin_token());
  ASSERT_GE(all.size(), 4u);
  const auto last_seq = all.back().at("seq").as_int64();
  auto newest = http_->get("/api/v1/conversations/" + visitor.conversation_id +
                               "/messages?limit=2&before_seq=" + std::to_string(last_seq + 1),
                           admin_token());
  ASSERT_EQ(newest.status, 200) << newest.body;
  const auto body = newest.json();
  const auto& page = body.at("messages").as_array();
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].at("seq").as_int64(), last_seq - 1);
  EXPECT_EQ(page[1].at("seq").as_int64(), last_seq);
}

}  // namespace
}  // namespace baton::testing
