// Customer satisfaction surveys (team operations §4.8) through the public API on each store: one
// survey per episode after an agent's Done, rated once from the widget, never after "Done
// without survey", an AI-only episode or with surveys off; the agents hear the rating.
#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

class Csat : public EveryStoreTest {
 protected:
  // An assistant with surveys on, an agent on duty, and a visitor whose request the agent took
  // and answered.
  struct Answered {
    std::string assistant;
    std::string agent;
    Visitor visitor;
    std::string path;
  };
  Answered answered_episode(bool csat_enabled = true) {
    Answered a{new_assistant(true), new_agent("Kim"), {}, {}};
    const auto admin = admin_token();
    EXPECT_EQ(http_
                  ->request("PATCH", "/api/v1/assistants/" + a.assistant,
                            json::serialize(json::object{{"csat_enabled", csat_enabled}}), admin)
                  .status,
              200);
    set_presence(a.agent, "online");
    a.visitor = new_visitor(a.assistant);
    a.path = "/api/v1/conversations/" + a.visitor.conversation_id;
    EXPECT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, a.visitor.token).status, 200);
    EXPECT_EQ(http_->post(a.path + "/takeover", json::object{}, a.agent).status, 200);
    EXPECT_EQ(http_->post(a.path + "/messages", {{"text", "Here to help"}}, a.agent).status, 201);
    return a;
  }
  std::vector<json::object> surveys_in(const Visitor& visitor) {
    std::vector<json::object> found;
    for (const auto& m : visitor_messages(visitor)) {
      if (m.contains("event") && m.at("event") == "csat_requested") found.push_back(m);
    }
    return found;
  }
  std::vector<std::string> log_types(const std::string& conversation_id, const std::string& token) {
    std::vector<std::string> types;
    const auto body = http_->get("/api/v1/conversations/" + conversation_id + "/events?limit=200", token).json();
    for (const auto& event : body.at("events").as_array()) types.push_back(str(event.at("type")));
    return types;
  }
  Reply rate(const Visitor& visitor, const json::object& body) {
    return http_->post("/api/v1/widget/csat", body, visitor.token);
  }
  static std::string code_of(const Reply& reply) { return str(reply.json().at("error").at("code")); }
};
BATON_ON_EVERY_STORE(Csat);

TEST_P(Csat, DoneSendsExactlyOneSurveyThatIsRatedOnceAndHeardByTheAgents) {
  auto a = answered_episode();
  auto socket = agent_socket(a.agent);
  ASSERT_EQ(http_->post(a.path + "/done", json::object{}, a.agent).status, 200);

  const auto surveys = surveys_in(a.visitor);
  ASSERT_EQ(surveys.size(), 1u);
  const auto survey_id = str(surveys[0].at("csat").at("survey_id"));
  EXPECT_TRUE(surveys[0].at("csat").at("score").is_null());
  EXPECT_EQ(surveys[0].at("sender"), "system");
  auto types = log_types(a.visitor.conversation_id, a.agent);
  EXPECT_EQ(std::count(types.begin(), types.end(), "csat_requested"), 1);
  EXPECT_EQ(types.back(), "csat_requested") << "asked in the Done's own transaction";

  // Bad ratings change nothing.
  auto six = rate(a.visitor, {{"survey_id", survey_id}, {"score", 6}});
  EXPECT_EQ(six.status, 400);
  EXPECT_EQ(code_of(six), "invalid_field");
  EXPECT_EQ(rate(a.visitor, {{"survey_id", survey_id}, {"score", 0}}).status, 400);
  EXPECT_EQ(rate(a.visitor, {{"survey_id", survey_id}, {"score", 4.5}}).status, 400);
  EXPECT_EQ(rate(a.visitor, {{"survey_id", survey_id}}).status, 400);
  EXPECT_EQ(rate(a.visitor, {{"survey_id", survey_id}, {"score", 5}, {"comment", std::string(1001, 'x')}}).status, 400);
  EXPECT_EQ(rate(a.visitor, {{"survey_id", "csat_nope"}, {"score", 5}}).status, 404);
  const auto stranger = new_visitor(a.assistant);
  EXPECT_EQ(rate(stranger, {{"survey_id", survey_id}, {"score", 5}}).status, 404) << "another visitor's survey";

  auto rated = rate(a.visitor, {{"survey_id", survey_id}, {"score", 4}, {"comment", "  Quick and kind  "}});
  ASSERT_EQ(rated.status, 201) << rated.body;
  EXPECT_EQ(rated.json().at("score"), 4);
  EXPECT_EQ(rated.json().at("comment"), "Quick and kind");
  const auto heard = socket->wait_for("csat.submitted");  // agents hear the rating
  EXPECT_EQ(heard.at("survey_id"), survey_id.c_str());
  EXPECT_EQ(heard.at("score"), 4);
  EXPECT_EQ(heard.at("comment"), "Quick and kind");
  EXPECT_EQ(heard.at("conversation_id"), a.visitor.conversation_id.c_str());
  EXPECT_EQ(str(heard.at("agent_id")), str(http_->get("/api/v1/me", a.agent).json().at("id")))
      << "credited to the agent who pressed Done";

  auto again = rate(a.visitor, {{"survey_id", survey_id}, {"score", 1}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(code_of(again), "already_rated");
  const auto shown = surveys_in(a.visitor);
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].at("csat").at("score"), 4) << "the notice shows the first rating";
  types = log_types(a.visitor.conversation_id, a.agent);
  EXPECT_EQ(std::count(types.begin(), types.end(), "csat_submitted"), 1);
}

TEST_P(Csat, NoSurveyWithoutAskingForOneWithoutAnAgentAnswerOrWithSurveysOff) {
  auto without = answered_episode();
  ASSERT_EQ(http_->post(without.path + "/done", json::object{{"csat", false}}, without.agent).status, 200);
  EXPECT_TRUE(surveys_in(without.visitor).empty()) << "Done without survey";

  auto off = answered_episode(false);
  ASSERT_EQ(http_->post(off.path + "/done", json::object{}, off.agent).status, 200);
  EXPECT_TRUE(surveys_in(off.visitor).empty()) << "csat_enabled false";

  // Taken over, never answered: nothing to rate.
  auto silent = answered_episode();
  ASSERT_EQ(http_->post(silent.path + "/done", json::object{}, silent.agent).status, 200);
  ASSERT_EQ(surveys_in(silent.visitor).size(), 1u);
  ASSERT_EQ(http_->post(silent.path + "/reactivate", json::object{}, silent.agent).status, 200);
  ASSERT_EQ(http_->post(silent.path + "/done", json::object{}, silent.agent).status, 200);
  EXPECT_EQ(surveys_in(silent.visitor).size(), 1u) << "the reopened episode had no agent message";

  EXPECT_EQ(http_->post(without.path + "/done", json::object{{"csat", "no"}}, without.agent).status, 400);
}

TEST_P(Csat, EachEpisodeGetsItsOwnSurveyAndTheSettingsAreValidated) {
  auto a = answered_episode();
  ASSERT_EQ(http_->post(a.path + "/done", json::object{}, a.agent).status, 200);
  ASSERT_EQ(http_->post(a.path + "/reactivate", json::object{}, a.agent).status, 200);
  ASSERT_EQ(http_->post(a.path + "/messages", {{"text", "Back again"}}, a.agent).status, 201);
  ASSERT_EQ(http_->post(a.path + "/done", json::object{}, a.agent).status, 200);
  const auto surveys = surveys_in(a.visitor);
  ASSERT_EQ(surveys.size(), 2u);
  EXPECT_NE(surveys[0].at("csat").at("survey_id"), surveys[1].at("csat").at("survey_id"));

  const auto admin = admin_token();
  const auto path = "/api/v1/assistants/" + a.assistant;
  auto asked =
      http_->request("PATCH", path, json::serialize(json::object{{"csat_question", "  Did we help?  "}}), admin);
  ASSERT_EQ(asked.status, 200) << asked.body;
  EXPECT_EQ(asked.json().at("csat_question"), "Did we help?");
  EXPECT_EQ(asked.json().at("csat_enabled"), true);
  EXPECT_EQ(
      http_->request("PATCH", path, json::serialize(json::object{{"csat_question", std::string(1001, 'q')}}), admin)
          .status,
      400);
  EXPECT_EQ(http_->request("PATCH", path, json::serialize(json::object{{"csat_enabled", "yes"}}), admin).status, 400);
  EXPECT_EQ(http_->request("PATCH", path, json::serialize(json::object{{"csat_enabled", false}}), a.agent).status, 403);

  // The assistant's own question is the survey's text, as written.
  ASSERT_EQ(http_->post(a.path + "/reactivate", json::object{}, a.agent).status, 200);
  ASSERT_EQ(http_->post(a.path + "/messages", {{"text", "One more"}}, a.agent).status, 201);
  ASSERT_EQ(http_->post(a.path + "/done", json::object{}, a.agent).status, 200);
  const auto third = surveys_in(a.visitor);
  ASSERT_EQ(third.size(), 3u);
  EXPECT_EQ(third[2].at("text"), "Did we help?");
  EXPECT_EQ(third[2].at("notice").at("custom_text"), true);
}

}  // namespace
}  // namespace baton::testing
