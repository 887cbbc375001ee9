// Outgoing webhooks against the real binary (team operations §4.11): signed deliveries of the
// subscribed events only, retries that keep their webhook-id, final failures, 410 turning an
// endpoint off, the SSRF guard, nothing lost to kill -9, and a slow receiver that never slows
// the widget.
#include <algorithm>
#include <set>

#include "support/fake_receiver.hpp"
#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

struct CreatedWebhook {
  std::string id;
  std::string secret;
};

class Webhooks : public ServerTest {
 protected:
  std::vector<std::string> server_args() const override {
    auto args = ServerTest::server_args();
    args.push_back("--webhook-allow-private");  // the receiver is on 127.0.0.1
    return args;
  }

  CreatedWebhook create_webhook(const std::string& url, json::array events, json::object extra = {}) {
    extra["url"] = url;
    extra["events"] = std::move(events);
    auto reply = http_->post("/api/v1/webhooks", extra, admin_token());
    EXPECT_EQ(reply.status, 201) << reply.body;
    if (reply.status != 201) return {};
    return {str(reply.json().at("id")), str(reply.json().at("secret"))};
  }

  std::vector<json::object> deliveries(const std::string& webhook_id, const std::string& query = "") {
    auto reply = http_->get("/api/v1/webhooks/" + webhook_id + "/deliveries?limit=500" + query, admin_token());
    EXPECT_EQ(reply.status, 200) << reply.body;
    std::vector<json::object> out;
    const auto body = reply.json();  // named: a range-for over a temporary's part would dangle
    for (const auto& item : body.at("deliveries").as_array()) out.push_back(item.as_object());
    return out;
  }

  json::object webhook(const std::string& id) {
    return http_->get("/api/v1/webhooks/" + id, admin_token()).json().as_object();
  }

  // A visitor of a new assistant in a live conversation (the AI silent), and the agent's token.
  std::pair<Visitor, std::string> live_conversation() {
    const auto assistant = new_assistant(true);
    const auto agent = new_agent("Kim");
    auto visitor = new_visitor(assistant);
    EXPECT_EQ(
        http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agent).status,
        200);
    return {visitor, agent};
  }
};

TEST_F(Webhooks, ARetriedDeliveryKeepsItsIdWithANewTimestampAndSignature) {
  FakeReceiver receiver;
  receiver.script({{503}}, {200});
  auto [visitor, agent] = live_conversation();
  const auto hook = create_webhook(receiver.url(), {"message.created"});
  send_customer(visitor, "Is my parcel on its way?");

  ASSERT_TRUE(receiver.wait_for(2, 15s)) << "a 503 is retried after about 5 s";
  const auto got = receiver.received();
  ASSERT_GE(got.size(), 2u);
  EXPECT_EQ(got[0].id, got[1].id);
  EXPECT_EQ(got[0].raw_body, got[1].raw_body);
  EXPECT_NE(got[0].timestamp, got[1].timestamp);
  EXPECT_NE(got[0].signature, got[1].signature);
  EXPECT_TRUE(got[0].signed_with(hook.secret));
  EXPECT_TRUE(got[1].signed_with(hook.secret));
  EXPECT_GE(got[1].at - got[0].at, 4s) << "the first retry waits 5 s (±20 %)";
  EXPECT_EQ(str(got[0].body.at("id")), got[0].id);

  ASSERT_TRUE(eventually([&] { return deliveries(hook.id, "&status=ok").size() == 1; }, 5s));
  const auto done = deliveries(hook.id, "&status=ok").at(0);
  EXPECT_EQ(done.at("attempts"), 2);
  EXPECT_EQ(done.at("last_status_code"), 200);
  EXPECT_TRUE(done.at("next_attempt_at").is_null());
  EXPECT_TRUE(webhook(hook.id).at("failing_since").is_null()) << "a success forgets the failure";
}

TEST_F(Webhooks, A400IsFinalAfterOneAttempt) {
  FakeReceiver receiver;
  receiver.script({}, {400});
  auto [visitor, agent] = live_conversation();
  const auto hook = create_webhook(receiver.url(), {"message.created"});
  send_customer(visitor, "hello");

  ASSERT_TRUE(eventually([&] { return deliveries(hook.id, "&status=failed").size() == 1; }, 5s));
  const auto failed = deliveries(hook.id, "&status=failed").at(0);
  EXPECT_EQ(failed.at("attempts"), 1);
  EXPECT_EQ(failed.at("last_status_code"), 400);
  EXPECT_TRUE(failed.at("next_attempt_at").is_null()) << "nothing more is scheduled";
  EXPECT_EQ(receiver.received().size(), 1u);
  const auto endpoint = webhook(hook.id);
  EXPECT_TRUE(endpoint.at("enabled").as_bool()) << "one failure does not turn an endpoint off";
  EXPECT_FALSE(endpoint.at("failing_since").is_null());

  // Sent again by hand: one more try, with the same webhook-id.
  receiver.script({}, {204});
  const auto retried = http_->post("/api/v1/webhooks/" + hook.id + "/deliveries/" + str(failed.at("id")) + "/retry",
                                   json::object{}, admin_token());
  ASSERT_EQ(retried.status, 202) << retried.body;
  ASSERT_TRUE(receiver.wait_for(2, 5s));
  EXPECT_EQ(receiver.received().at(1).id, receiver.received().at(0).id);
  ASSERT_TRUE(eventually([&] { return deliveries(hook.id, "&status=ok").size() == 1; }, 5s));
}

TEST_F(Webhooks, A410TurnsTheEndpointOff) {
  FakeReceiver receiver;
  receiver.script({}, {410});
  const auto hook = create_webhook(receiver.url(), {"*"});
  const auto ping = http_->post("/api/v1/webhooks/" + hook.id + "/test", json::object{}, admin_token());
  ASSERT_EQ(ping.status, 202) << ping.body;
  EXPECT_EQ(ping.json().at("event_type"), "ping");

  ASSERT_TRUE(eventually([&] { return !webhook(hook.id).at("enabled").as_bool(); }, 5s));
  EXPECT_EQ(webhook(hook.id).at("disabled_reason"), "gone");
  ASSERT_FALSE(receiver.received().empty());
  EXPECT_EQ(receiver.received().front().type(), "ping");
  // Off: nothing more is queued for it, and a test says why not.
  auto [visitor, agent] = live_conversation();
  send_customer(visitor, "anyone there?");
  EXPECT_EQ(deliveries(hook.id).size(), 1u);
  EXPECT_EQ(http_->post("/api/v1/webhooks/" + hook.id + "/test", json::object{}, admin_token()).status, 409);
  // Turned back on by an admin.
  auto enabled = http_->request("PATCH", "/api/v1/webhooks/" + hook.id, R"({"enabled":true})", admin_token());
  ASSERT_EQ(enabled.status, 200) << enabled.body;
  EXPECT_TRUE(enabled.json().at("disabled_reason").is_null());
}

TEST_F(Webhooks, OnlySubscribedTypesArriveWithTheAgentAndTheConversationOfTheEvent) {
  FakeReceiver handoffs;
  FakeReceiver everything;
  const auto narrow = create_webhook(handoffs.url(), {"conversation.handoff_requested", "conversation.done"});
  create_webhook(everything.url(), {"*"});
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Kim");
  set_presence(agent, "online");
  auto socket = agent_socket(agent);
  auto visitor = new_visitor(assistant);
  send_customer(visitor, "hello");
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);
  ASSERT_EQ(http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agent).status,
            200);
  ASSERT_EQ(http_->post("/api/v1/conversations/" + visitor.conversation_id + "/done", json::object{}, agent).status,
            200);

  // Everything, to know when all has gone out: the done event comes last.
  ASSERT_TRUE(eventually(
      [&] {
        const auto all = everything.received();
        return std::any_of(all.begin(), all.end(), [](const auto& d) { return d.type() == "conversation.done"; });
      },
      10s));
  std::set<std::string> all_types;
  for (const auto& delivery : everything.received()) all_types.insert(delivery.type());
  for (const char* type : {"conversation.created", "message.created", "conversation.handoff_requested",
                           "conversation.assigned", "conversation.done"}) {
    EXPECT_TRUE(all_types.contains(type)) << type;
  }
  ASSERT_TRUE(handoffs.wait_for(2, 5s));
  std::multiset<std::string> narrow_types;
  for (const auto& delivery : handoffs.received()) narrow_types.insert(delivery.type());
  EXPECT_EQ(narrow_types, (std::multiset<std::string>{"conversation.handoff_requested", "conversation.done"}));
  EXPECT_EQ(deliveries(narrow.id).size(), 2u);

  for (const auto& delivery : everything.received()) {
    const auto& data = delivery.body.at("data").as_object();
    if (delivery.type() == "conversation.assigned") {
      EXPECT_EQ(data.at("agent").at("name"), "Kim");
      EXPECT_EQ(data.at("assigned_by"), "claim");
      EXPECT_EQ(data.at("conversation").at("status"), "live");
    }
    if (delivery.type() == "conversation.done") {
      EXPECT_EQ(data.at("agent").at("name"), "Kim");
      EXPECT_EQ(data.at("conversation").at("status"), "done");
      EXPECT_GT(data.at("seq").as_int64(), 1);
    }
  }
}

TEST_F(Webhooks, TheApiIsForAdminsAndChecksWhatItIsGiven) {
  FakeReceiver receiver;
  const auto agent = new_agent("Kim");
  EXPECT_EQ(http_->get("/api/v1/webhooks", agent).status, 403);
  EXPECT_EQ(http_->post("/api/v1/webhooks", {{"url", receiver.url()}, {"events", {"*"}}}, agent).status, 403);
  const auto bad = [&](json::object body) { return http_->post("/api/v1/webhooks", body, admin_token()).error_code(); };
  EXPECT_EQ(bad({{"url", "ftp://example.com/"}, {"events", {"*"}}}), "invalid_field");
  EXPECT_EQ(bad({{"url", receiver.url()}, {"events", json::array{}}}), "invalid_field");
  EXPECT_EQ(bad({{"url", receiver.url()}, {"events", {"note.created"}}}), "invalid_field");
  EXPECT_EQ(bad({{"url", receiver.url()}}), "invalid_field");
  EXPECT_EQ(bad({{"url", receiver.url()}, {"events", {"*"}}, {"timeout_seconds", 31}}), "invalid_field");
  EXPECT_EQ(bad({{"url", receiver.url()}, {"events", {"*"}}, {"assistant_id", "asst_nope"}}), "invalid_field");

  const auto hook = create_webhook(receiver.url(), {"*"}, {{"description", "CRM"}, {"timeout_seconds", 10}});
  auto list = http_->get("/api/v1/webhooks", admin_token());
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json().at("webhooks").as_array().size(), 1u);
  const auto listed = list.json().at("webhooks").at(0);
  EXPECT_EQ(listed.at("description"), "CRM");
  EXPECT_EQ(listed.at("timeout_seconds"), 10);
  EXPECT_FALSE(listed.as_object().contains("secret"));
  EXPECT_EQ(http_->get("/api/v1/webhooks/" + hook.id + "/deliveries?status=sent", admin_token()).status, 400);
  EXPECT_EQ(http_->request("DELETE", "/api/v1/webhooks/" + hook.id, {}, admin_token()).status, 204);
  EXPECT_EQ(http_->get("/api/v1/webhooks/" + hook.id, admin_token()).status, 404);
}

TEST_F(Webhooks, AtMostFourDeliveriesToOneEndpointAreInFlightAtOnce) {
  FakeReceiver slow;
  slow.script({}, {204, 300ms});
  auto [visitor, agent] = live_conversation();
  create_webhook(slow.url(), {"message.created"});
  for (int i = 0; i < 12; ++i) send_customer(visitor, "message " + std::to_string(i));
  ASSERT_TRUE(slow.wait_for(12, 10s));
  EXPECT_EQ(slow.most_at_once(), 4);
}

// Without --webhook-allow-private: the URL's addresses are checked.
class WebhookGuard : public ServerTest {};

TEST_F(WebhookGuard, UrlsOnThisMachineTheLanOrMetadataAreRefused) {
  for (const char* url : {"http://127.0.0.1/", "http://localhost:8080/hook", "http://[::1]/", "http://10.1.2.3/",
                          "http://192.168.0.10/", "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/"}) {
    auto reply = http_->post("/api/v1/webhooks", {{"url", url}, {"events", {"*"}}}, admin_token());
    EXPECT_EQ(reply.status, 400) << url;
    EXPECT_EQ(reply.error_code(), "url_not_allowed") << url << ": " << reply.body;
  }
}

TEST_F(Webhooks, ASleepingReceiverDoesNotSlowTheWidget) {
  // Two assistants' customers, sending in turns so that whatever else the machine does weighs on
  // both alike; the endpoint, asleep for 10 s per call, wants the second assistant's messages.
  auto [quiet, quiet_agent] = live_conversation();
  auto [watched, watched_agent] = live_conversation();
  FakeReceiver asleep;
  asleep.script({}, {204, 10s});
  const auto watched_assistant = str(conversation(watched.conversation_id, watched_agent).at("assistant_id"));
  create_webhook(asleep.url(), {"message.created"}, {{"assistant_id", watched_assistant}});
  std::vector<std::chrono::microseconds> without, with;
  const auto timed_send = [&](const Visitor& visitor, int i, std::vector<std::chrono::microseconds>& took) {
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(http_->post("/api/v1/widget/messages", {{"text", "message " + std::to_string(i)}}, visitor.token).status,
              201);
    took.push_back(std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start));
  };
  for (int i = 0; i < 200; ++i) {
    timed_send(quiet, i, without);
    timed_send(watched, i, with);
  }
  ASSERT_TRUE(asleep.wait_for(4, 5s)) << "the receiver was being called meanwhile";
  const auto p99 = [](std::vector<std::chrono::microseconds> took) {
    std::sort(took.begin(), took.end());
    return took[took.size() * 99 / 100];
  };
  const auto p99_without = p99(without);
  const auto p99_with = p99(with);
  RecordProperty("p99_without_webhook_us", static_cast<int>(p99_without.count()));
  RecordProperty("p99_with_sleeping_webhook_us", static_cast<int>(p99_with.count()));
  // The tries wait 5 s each (the timeout); a send that waited for one would take that long.
  EXPECT_LT(p99_with, p99_without * 3 + 50ms)
      << "p99 without " << p99_without.count() << " us, with " << p99_with.count() << " us";
}

class WebhookDurability : public EveryStoreTest {
 protected:
  std::vector<std::string> server_args() const override {
    auto args = EveryStoreTest::server_args();
    args.push_back("--webhook-allow-private");
    return args;
  }
};
BATON_ON_EVERY_STORE(WebhookDurability);

TEST_P(WebhookDurability, AKillMinus9With100PendingLosesNoneAndMintsNoNewId) {
  FakeReceiver receiver;
  receiver.script({}, {204, 60s});  // holds every try open: four in flight, the rest pending
  auto created =
      http_->post("/api/v1/webhooks",
                  {{"url", receiver.url()}, {"events", {"message.created"}}, {"timeout_seconds", 30}}, admin_token());
  ASSERT_EQ(created.status, 201) << created.body;
  const auto hook = str(created.json().at("id"));
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Kim");
  auto visitor = new_visitor(assistant);
  ASSERT_EQ(http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agent).status,
            200);
  const auto page = [&](const std::string& query) {
    auto reply = http_->get("/api/v1/webhooks/" + hook + "/deliveries?limit=500" + query, admin_token());
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json().at("deliveries").as_array();
  };
  const auto before_messages = page("").size();  // the takeover's notice
  for (int i = 0; i < 100; ++i) send_customer(visitor, "message " + std::to_string(i));
  ASSERT_TRUE(receiver.wait_for(4, 5s));
  std::set<std::string> pending_ids;
  for (const auto& delivery : page("&status=pending")) pending_ids.insert(str(delivery.at("event_id")));
  ASSERT_EQ(pending_ids.size(), 100 + before_messages);

  server_->kill_and_restart();
  http_ = std::make_unique<HttpClient>(server_->port());
  receiver.script({}, {204});

  ASSERT_TRUE(eventually([&] { return page("&status=ok").size() == pending_ids.size(); }, 30s))
      << page("&status=ok").size() << " of " << pending_ids.size();
  std::set<std::string> received_ids;
  for (const auto& delivery : receiver.received()) received_ids.insert(delivery.id);
  EXPECT_EQ(received_ids, pending_ids) << "every one delivered, none under a new id";
}

}  // namespace
}  // namespace baton::testing
