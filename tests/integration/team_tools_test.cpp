// The agents' tools through the public API on each store (team operations §4.5-4.7): canned
// replies, internal notes and mentions, labels and their filter; and that a note never reaches
// anything the customer can see.
#include <thread>

#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

class TeamTools : public EveryStoreTest {
 protected:
  std::string id_of(const std::string& token) { return str(http_->get("/api/v1/me", token).json().at("id")); }
  Reply put(const std::string& target, const json::value& body, const std::string& token) {
    return http_->request("PUT", target, json::serialize(body), token);
  }
  Reply del(const std::string& target, const std::string& token) { return http_->request("DELETE", target, {}, token); }
  static std::string code_of(const Reply& reply) { return str(reply.json().at("error").at("code")); }
  std::vector<std::string> listed_with_label(const std::string& assistant, const std::string& label,
                                             const std::string& token) {
    std::vector<std::string> ids;
    const auto body = http_->get("/api/v1/conversations?assistant_id=" + assistant + "&label=" + label, token).json();
    for (const auto& row : body.at("conversations").as_array()) ids.push_back(str(row.at("id")));
    return ids;
  }
  static std::vector<std::string> shortcuts(const Reply& reply) {
    std::vector<std::string> out;
    const auto body = reply.json();  // named: a range-for over a temporary's member dangles
    for (const auto& item : body.at("canned_replies").as_array()) out.push_back(str(item.at("shortcut")));
    return out;
  }
};
BATON_ON_EVERY_STORE(TeamTools);

TEST_P(TeamTools, ACannedReplyIsFoundByItsShortcutAndItsTextAndRenderedForTheConversation) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Mei");
  auto made = http_->post("/api/v1/canned_replies",
                          {{"shortcut", "退貨"},
                           {"text", "{{contact.name|您好}}，商品到貨七天內可申請退貨。{{agent.name}} 敬上"},
                           {"assistant_id", assistant}},
                          agent);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json().at("created_by"), id_of(agent).c_str());
  ASSERT_EQ(http_->post("/api/v1/canned_replies", {{"shortcut", "hours"}, {"text", "We open at 9."}}, agent).status,
            201);

  // The demo assistant has canned replies of its own: these ask for this assistant's (and the global ones).
  const auto scoped = "/api/v1/canned_replies?assistant_id=" + assistant;
  EXPECT_EQ(shortcuts(http_->get(scoped + "&q=%E9%80%80", agent)), std::vector<std::string>{"退貨"})
      << "q=退: the shortcut's prefix";
  EXPECT_EQ(shortcuts(http_->get(scoped + "&q=%E4%B8%83%E5%A4%A9", agent)), std::vector<std::string>{"退貨"})
      << "q=七天: a text match";
  EXPECT_EQ(shortcuts(http_->get(scoped + "&q=HOU", agent)), std::vector<std::string>{"hours"});
  EXPECT_EQ(shortcuts(http_->get(scoped, agent)).size(), 2u);

  const auto visitor = new_visitor(assistant);
  auto rendered = http_->get("/api/v1/canned_replies?q=%E9%80%80&conversation_id=" + visitor.conversation_id, agent);
  ASSERT_EQ(rendered.status, 200) << rendered.body;
  const auto rendered_body = rendered.json();
  const auto& reply = rendered_body.at("canned_replies").at(0);
  EXPECT_EQ(reply.at("text"), "{{contact.name|您好}}，商品到貨七天內可申請退貨。{{agent.name}} 敬上");
  const auto contact_name = str(conversation(visitor.conversation_id, agent).at("contact").at("name"));
  EXPECT_EQ(str(reply.at("rendered")),
            (contact_name.empty() ? "您好" : contact_name) + "，商品到貨七天內可申請退貨。Mei 敬上");
  EXPECT_FALSE(
      http_->get("/api/v1/canned_replies", agent).json().at("canned_replies").at(0).as_object().contains("rendered"));
}

TEST_P(TeamTools, CannedReplyErrorsAre409ForATakenShortcutAnd400ForAnUnknownVariable) {
  const auto agent = new_agent("Mei");
  const auto made = http_->post("/api/v1/canned_replies", {{"shortcut", "Refund"}, {"text", "Sorry!"}}, agent);
  ASSERT_EQ(made.status, 201);
  auto taken = http_->post("/api/v1/canned_replies", {{"shortcut", "refund"}, {"text", "again"}}, agent);
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(code_of(taken), "already_exists");
  const auto assistant = new_assistant(true);
  EXPECT_EQ(
      http_->post("/api/v1/canned_replies", {{"shortcut", "refund"}, {"text", "x"}, {"assistant_id", assistant}}, agent)
          .status,
      201)
      << "another scope may use the shortcut";
  auto unknown = http_->post("/api/v1/canned_replies", {{"shortcut", "x1"}, {"text", "Hi {{customer.phone}}"}}, agent);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(code_of(unknown), "invalid_field");
  EXPECT_EQ(http_->post("/api/v1/canned_replies", {{"shortcut", "x2"}, {"text", "Hi {{contact.name"}}, agent).status,
            400);
  EXPECT_EQ(http_->post("/api/v1/canned_replies", {{"shortcut", "has space"}, {"text", "x"}}, agent).status, 400);
  EXPECT_EQ(http_->post("/api/v1/canned_replies", {{"shortcut", std::string(33, 'a')}, {"text", "x"}}, agent).status,
            400);
  EXPECT_EQ(http_->post("/api/v1/canned_replies", {{"shortcut", "x3"}, {"text", "   "}}, agent).status, 400);

  const auto path = "/api/v1/canned_replies/" + str(made.json().at("id"));
  auto edited = put(path, json::object{{"shortcut", "refund-policy"}, {"text", "Refunds take 7 days."}}, agent);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json().at("shortcut"), "refund-policy");
  EXPECT_EQ(del(path, agent).status, 204);
  EXPECT_EQ(del(path, agent).status, 404);
  EXPECT_EQ(put(path, json::object{{"shortcut", "a"}, {"text", "b"}}, agent).status, 404);
}

TEST_P(TeamTools, ANoteIsForAgentsAndOnlyTheMentionedAgentIsTold) {
  const auto assistant = new_assistant(true);
  const auto ann = new_agent("Ann");
  const auto bob = new_agent("Bob");
  const auto cat = new_agent("Cat");
  auto bob_socket = agent_socket(bob);
  auto cat_socket = agent_socket(cat);
  const auto visitor = new_visitor(assistant);
  const auto path = "/api/v1/conversations/" + visitor.conversation_id;
  const auto seq_before = conversation(visitor.conversation_id, ann).at("last_seq").as_int64();

  auto note = http_->post(path + "/notes",
                          {{"text", "VIP, be quick"}, {"mentions", json::array{json::value(id_of(bob))}}}, ann);
  ASSERT_EQ(note.status, 201) << note.body;
  EXPECT_EQ(note.json().at("agent_name"), "Ann");
  EXPECT_EQ(note.json().at("mentions").as_array().size(), 1u);

  const auto told = bob_socket->wait_for("mention.created");
  EXPECT_EQ(told.at("note").at("text"), "VIP, be quick");
  EXPECT_EQ(told.at("conversation").at("id"), visitor.conversation_id.c_str());
  cat_socket->wait_for("note.created");  // every console hears the note itself
  while (auto frame = cat_socket->next(std::chrono::milliseconds(300))) {
    EXPECT_NE(frame->at("type"), "mention.created") << "an agent not mentioned was told";
  }
  EXPECT_EQ(conversation(visitor.conversation_id, ann).at("last_seq").as_int64(), seq_before)
      << "a note takes no message seq";

  auto inbox = http_->get("/api/v1/me/mentions?unread=true", bob).json().at("mentions").as_array();
  ASSERT_EQ(inbox.size(), 1u);
  const auto mention_id = str(inbox.at(0).at("id"));
  EXPECT_TRUE(http_->get("/api/v1/me/mentions?unread=true", cat).json().at("mentions").as_array().empty());
  EXPECT_EQ(http_->post("/api/v1/me/mentions/" + mention_id + "/read", json::object{}, cat).status, 404)
      << "nobody reads another's mention";
  auto read = http_->post("/api/v1/me/mentions/" + mention_id + "/read", json::object{}, bob);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_FALSE(read.json().at("read_at").is_null());
  EXPECT_TRUE(http_->get("/api/v1/me/mentions?unread=true", bob).json().at("mentions").as_array().empty());
  EXPECT_EQ(http_->get("/api/v1/me/mentions", bob).json().at("mentions").as_array().size(), 1u);

  auto unknown = http_->post(path + "/notes", {{"text", "hi"}, {"mentions", json::array{"agt_nobody"}}}, ann);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(code_of(unknown), "invalid_field");
  EXPECT_EQ(http_->post(path + "/notes", {{"text", ""}}, ann).status, 400);
  EXPECT_EQ(http_->post("/api/v1/conversations/conv_missing/notes", {{"text", "x"}}, ann).status, 404);
  EXPECT_EQ(http_->get(path + "/notes", cat).json().at("notes").as_array().size(), 1u);
}

TEST_P(TeamTools, ANoteNeitherStartsNorEndsTheFirstResponseClock) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ann");
  set_presence(agent, "online");
  auto socket = agent_socket(agent);
  const auto visitor = new_visitor(assistant);
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);
  const auto path = "/api/v1/conversations/" + visitor.conversation_id;
  ASSERT_EQ(http_->post(path + "/takeover", json::object{}, agent).status, 200);
  ASSERT_EQ(http_->post(path + "/notes", {{"text", "checking the order"}}, agent).status, 201);
  const auto first_responses = [&] {
    int count = 0;
    const auto body = http_->get(path + "/events", agent).json();
    for (const auto& event : body.at("events").as_array()) {
      if (event.at("type") == "agent_message_first") ++count;
    }
    return count;
  };
  EXPECT_EQ(first_responses(), 0) << "a note is no answer";
  ASSERT_EQ(http_->post(path + "/messages", {{"text", "Found it!"}}, agent).status, 201);
  EXPECT_EQ(first_responses(), 1);
}

TEST_P(TeamTools, LabelsComeFromTheAdminsCatalogAndFilterTheList) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Mei");
  auto refused = http_->post("/api/v1/labels", {{"name", "billing"}, {"color", "#ff0000"}}, agent);
  EXPECT_EQ(refused.status, 403);
  auto made = http_->post("/api/v1/labels", {{"name", "Billing"}, {"color", "#FF0000"}}, admin_token());
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json().at("name"), "billing");
  EXPECT_EQ(made.json().at("color"), "#ff0000");
  EXPECT_EQ(http_->post("/api/v1/labels", {{"name", "billing"}, {"color", "#00ff00"}}, admin_token()).status, 409);
  EXPECT_EQ(http_->post("/api/v1/labels", {{"name", "bad name"}, {"color", "#00ff00"}}, admin_token()).status, 400);
  EXPECT_EQ(http_->post("/api/v1/labels", {{"name", "ok"}, {"color", "red"}}, admin_token()).status, 400);
  ASSERT_EQ(http_->post("/api/v1/labels", {{"name", "待辦"}, {"color", "#0000ff"}}, admin_token()).status, 201);

  const auto labelled = new_visitor(assistant);
  const auto other = new_visitor(assistant);
  const auto path = "/api/v1/conversations/" + labelled.conversation_id + "/labels";
  auto unknown = put(path, json::object{{"labels", json::array{"billing", "nope"}}}, agent);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(code_of(unknown), "invalid_field");
  EXPECT_EQ(put(path, json::object{{"labels", "billing"}}, agent).status, 400);
  auto applied = put(path, json::object{{"labels", json::array{"billing", "待辦", "billing"}}}, agent);
  ASSERT_EQ(applied.status, 200) << applied.body;
  EXPECT_EQ(applied.json().at("labels"), (json::array{"billing", "待辦"}));
  EXPECT_TRUE(conversation(other.conversation_id, agent).at("labels").as_array().empty());

  const auto listed = [&](const std::string& query) {
    std::vector<std::string> ids;
    auto page = http_->get("/api/v1/conversations?assistant_id=" + assistant + "&" + query, agent);
    EXPECT_EQ(page.status, 200) << page.body;
    const auto body = page.json();
    for (const auto& row : body.at("conversations").as_array()) ids.push_back(str(row.at("id")));
    return ids;
  };
  EXPECT_EQ(listed("label=billing"), std::vector<std::string>{labelled.conversation_id});
  EXPECT_EQ(listed("label=BILLING"), std::vector<std::string>{labelled.conversation_id});
  EXPECT_EQ(listed("label=%E5%BE%85%E8%BE%A6"), std::vector<std::string>{labelled.conversation_id});
  EXPECT_EQ(listed("label=unused").size(), 0u);
  EXPECT_EQ(listed("").size(), 2u);
  bool logged = false;
  const auto events = http_->get("/api/v1/conversations/" + labelled.conversation_id + "/events", agent).json();
  for (const auto& event : events.at("events").as_array()) {
    if (event.at("type") == "labels_changed") logged = event.at("data").at("labels").as_array().size() == 2;
  }
  EXPECT_TRUE(logged) << "labels_changed is logged with the labels";

  EXPECT_EQ(del("/api/v1/labels/billing", agent).status, 403);
  EXPECT_EQ(del("/api/v1/labels/billing", admin_token()).status, 204);
  EXPECT_EQ(conversation(labelled.conversation_id, agent).at("labels"), (json::array{"待辦"}))
      << "a label taken out of the catalog leaves the conversations";
  EXPECT_EQ(del("/api/v1/labels/%E5%BE%85%E8%BE%A6", admin_token()).status, 204);
  EXPECT_EQ(del("/api/v1/labels/billing", admin_token()).status, 404);
  EXPECT_EQ(http_->get("/api/v1/labels", agent).body.find("billing"), std::string::npos);
}

// Deleting a label while agents apply it: each apply is answered 200 (it came first; the delete
// then takes it off) or 400 (the label was gone), never a storage error, and no conversation is
// left carrying a label the catalog no longer has.
TEST_P(TeamTools, ALabelDeletedWhileAgentsApplyItLeavesNoConversationCarryingIt) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Mei");
  ASSERT_EQ(http_->post("/api/v1/labels", {{"name", "fleeting"}, {"color", "#123456"}}, admin_token()).status, 201);
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) ids.push_back(new_visitor(assistant).conversation_id);
  std::vector<int> statuses(ids.size());
  std::vector<std::thread> appliers;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    appliers.emplace_back([&, i] {
      HttpClient client(server_->port());
      statuses[i] = client
                        .request("PUT", "/api/v1/conversations/" + ids[i] + "/labels",
                                 json::serialize(json::object{{"labels", json::array{"fleeting"}}}), agent)
                        .status;
    });
  }
  HttpClient admin(server_->port());
  const auto deleted = admin.request("DELETE", "/api/v1/labels/fleeting", {}, admin_token()).status;
  for (auto& thread : appliers) thread.join();
  EXPECT_EQ(deleted, 204);
  for (const auto status : statuses) EXPECT_TRUE(status == 200 || status == 400) << status;
  for (const auto& id : ids) {
    EXPECT_TRUE(conversation(id, agent).at("labels").as_array().empty()) << id;
  }
  EXPECT_TRUE(listed_with_label(assistant, "fleeting", agent).empty());
}

// The chatwoot#306 regression test: a note's marker appears in nothing the customer's widget
// reads or hears, while agents see it.
TEST_P(TeamTools, ANoteMarkerNeverReachesTheWidget) {
  constexpr const char* kMarker = "MARKER-7f3a9c-INTERNAL";
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ann");
  set_presence(agent, "online");
  auto console = agent_socket(agent);
  const auto visitor = new_visitor(assistant);
  auto widget = widget_socket(visitor);
  ASSERT_EQ(http_->post("/api/v1/labels", {{"name", "watch"}, {"color", "#123456"}}, admin_token()).status, 201);
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);
  const auto path = "/api/v1/conversations/" + visitor.conversation_id;
  ASSERT_EQ(http_->post(path + "/takeover", json::object{}, agent).status, 200);
  ASSERT_EQ(http_->post(path + "/notes", {{"text", std::string("customer is angry ") + kMarker}}, agent).status, 201);
  ASSERT_EQ(put(path + "/labels", json::object{{"labels", json::array{"watch"}}}, agent).status, 200);
  const auto second = new_agent("Bob");
  set_presence(second, "online");
  auto second_console = agent_socket(second);
  ASSERT_EQ(http_->post(path + "/transfer", {{"to_agent_id", id_of(second)}, {"note", kMarker}}, agent).status, 200);
  ASSERT_EQ(http_->post(path + "/messages", {{"text", "Hello from Bob"}}, second).status, 201);
  widget->wait_for("message.created",
                   [](const json::object& frame) { return frame.at("message").at("text") == "Hello from Bob"; });

  std::string seen_by_customer;
  while (auto frame = widget->next(std::chrono::milliseconds(300))) seen_by_customer += json::serialize(*frame);
  for (const char* target : {"/api/v1/widget/conversation", "/api/v1/widget/messages?after_seq=0&limit=500"}) {
    auto reply = http_->get(target, visitor.token);
    EXPECT_EQ(reply.status, 200) << target;
    seen_by_customer += reply.body;
  }
  auto resumed = widget_socket(visitor, 0);
  while (auto frame = resumed->next(std::chrono::milliseconds(300))) seen_by_customer += json::serialize(*frame);
  EXPECT_NE(seen_by_customer.find("Hello from Bob"), std::string::npos) << "the scan saw the customer's view";
  EXPECT_EQ(seen_by_customer.find(kMarker), std::string::npos) << "a note reached the customer";
  EXPECT_EQ(seen_by_customer.find("\"watch\""), std::string::npos) << "labels are the team's";

  const auto notes = http_->get(path + "/notes", agent).body;
  EXPECT_NE(notes.find(std::string("customer is angry ") + kMarker), std::string::npos);
  EXPECT_EQ(http_->get(path + "/notes", agent).json().at("notes").as_array().size(), 2u)
      << "the transfer note is a note";
  EXPECT_EQ(http_->get(path + "/events", agent).body.find(kMarker), std::string::npos)
      << "the event log names the note, never its text";
}

}  // namespace
}  // namespace baton::testing
