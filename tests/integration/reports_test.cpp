// Reports through the real server on each store (team operations §4.10): a handoff, a claim, an
// answer and Done show up in today's numbers; an agent may not read another agent's report;
// bad zones and dates get 400; the CSV is a spreadsheet file with a BOM.
#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

class Reports : public EveryStoreTest {
 protected:
  std::string id_of(const std::string& token) { return str(http_->get("/api/v1/me", token).json().at("id")); }
};
BATON_ON_EVERY_STORE(Reports);

TEST_P(Reports, AHandoffAndADoneAreInTodaysSummary) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Mei");
  set_presence(agent, "online");
  const auto visitor = new_visitor(assistant);
  send_customer(visitor, "hello");
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);
  const auto conversation = "/api/v1/conversations/" + visitor.conversation_id;
  ASSERT_EQ(http_->post(conversation + "/messages", {{"text", "Hi, I am Mei"}}, agent).status, 201);
  ASSERT_EQ(http_->post(conversation + "/done", json::object{}, agent).status, 200);

  const auto query = "/api/v1/reports/summary?tz=UTC&assistant_id=" + assistant;
  auto reply = http_->get(query, admin_token());
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto body = reply.json();
  const auto& metrics = body.at("metrics");
  EXPECT_EQ(metrics.at("handoff_requests").as_int64(), 1);
  EXPECT_EQ(metrics.at("resolutions").as_int64(), 1);
  EXPECT_EQ(metrics.at("first_response_time").at("count").as_int64(), 1);
  EXPECT_EQ(metrics.at("conversations").as_int64(), 1);
  EXPECT_EQ(str(body.at("range").at("tz")), "UTC");

  auto mine = http_->get("/api/v1/reports/agents?tz=UTC", agent);
  ASSERT_EQ(mine.status, 200) << mine.body;
  const auto rows = mine.json();
  ASSERT_EQ(rows.at("agents").as_array().size(), 1u) << "an agent sees their own row";
  EXPECT_EQ(rows.at("agents").at(0).at("resolutions").as_int64(), 1);

  auto series = http_->get("/api/v1/reports/timeseries?tz=UTC&metric=handoff_requests&group_by=day", admin_token());
  ASSERT_EQ(series.status, 200) << series.body;
  const auto points = series.json();
  ASSERT_EQ(points.at("points").as_array().size(), 7u);
  EXPECT_EQ(points.at("points").at(6).at("value").as_int64(), 1) << "today is the last day";
}

TEST_P(Reports, AnAgentAskingForAnotherAgentsReportGets403) {
  const auto ann = new_agent("Ann");
  const auto bob = new_agent("Bob");
  for (const auto* path : {"/api/v1/reports/summary", "/api/v1/reports/agents", "/api/v1/reports/timeseries"}) {
    auto refused = http_->get(std::string(path) + "?agent_id=" + id_of(bob), ann);
    EXPECT_EQ(refused.status, 403) << path;
    EXPECT_EQ(refused.error_code(), "forbidden");
  }
  EXPECT_EQ(http_->get("/api/v1/reports/summary?agent_id=" + id_of(ann), ann).status, 200);
  EXPECT_EQ(http_->get("/api/v1/reports/summary?agent_id=" + id_of(bob), admin_token()).status, 200);
}

TEST_P(Reports, BadZonesDatesAndNamesGet400) {
  const auto admin = admin_token();
  auto zone = http_->get("/api/v1/reports/summary?tz=Mars%2FOlympus", admin);
  EXPECT_EQ(zone.status, 400);
  EXPECT_EQ(zone.error_code(), "invalid_timezone");
  for (const auto* query : {"from=2026-02-30", "from=yesterday", "from=2026-11-05&to=2026-11-01",
                            "business_hours=maybe", "format=xml", "channel=fax"}) {
    auto bad = http_->get(std::string("/api/v1/reports/summary?") + query, admin);
    EXPECT_EQ(bad.status, 400) << query;
    EXPECT_EQ(bad.error_code(), "invalid_field") << query;
  }
  EXPECT_EQ(http_->get("/api/v1/reports/timeseries?metric=nothing", admin).error_code(), "invalid_field");
  EXPECT_EQ(http_->get("/api/v1/reports/timeseries?group_by=year", admin).error_code(), "invalid_field");
  EXPECT_EQ(http_->get("/api/v1/reports/summary").status, 401);
}

TEST_P(Reports, TheCsvStartsWithTheBomAndNamesItsColumnsAsTheJsonKeys) {
  new_agent("Lee, \"the closer\"");
  auto csv = http_->get("/api/v1/reports/agents?format=csv&tz=UTC", admin_token());
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.headers["content-type"], "text/csv; charset=utf-8");
  ASSERT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(csv.body.substr(3, 28), "from,to,tz,agent_id,name,ass");
  EXPECT_NE(csv.body.find("\"Lee, \"\"the closer\"\"\""), std::string::npos) << csv.body;
  auto summary = http_->get("/api/v1/reports/summary?format=csv", admin_token());
  ASSERT_EQ(summary.status, 200);
  EXPECT_NE(summary.body.find("wait_time.p50_s"), std::string::npos);
}

TEST_P(Reports, TheWallboardCountsTheWaitingQueue) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Mei");
  set_presence(agent, "online");
  const auto visitor = new_visitor(assistant);
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);
  auto live = http_->get("/api/v1/reports/live?assistant_id=" + assistant, admin_token());
  ASSERT_EQ(live.status, 200) << live.body;
  const auto body = live.json();
  EXPECT_EQ(body.at("waiting").as_int64(), 1);
  EXPECT_TRUE(body.at("oldest_waiting_s").is_int64());
  bool listed = false;
  for (const auto& row : body.at("agents").as_array()) {
    if (str(row.at("name")) == "Mei") listed = str(row.at("presence")) == "online";
  }
  EXPECT_TRUE(listed);
}

}  // namespace
}  // namespace baton::testing
