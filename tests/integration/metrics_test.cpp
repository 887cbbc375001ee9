// /metrics (team operations §4.15) against the real binary: what one button handoff and one
// claim count, on each store; no label carries an id; the token on the main listener; and the
// output read by Debian's promtool and scraped by a real Prometheus.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <regex>

#include "support/command.hpp"
#include "support/fake_line.hpp"
#include "support/scenario.hpp"
#include "temp_dir.hpp"

extern char** environ;

namespace baton::testing {
namespace {
namespace json = boost::json;

const std::string kToken = "metrics-secret-token-1234";

// Each sample of a scrape by its series ("name{labels}"), with its value.
std::map<std::string, double> samples_of(const std::string& text) {
  std::map<std::string, double> samples;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.front() == '#') continue;
    const auto space = line.rfind(' ');
    samples[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return samples;
}

// Every label value of every sample.
std::vector<std::string> label_values(const std::string& text) {
  static const std::regex kValue(R"re(="((?:[^"\\]|\\.)*)")re");
  std::vector<std::string> values;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kValue); it != std::sregex_iterator(); ++it) {
    values.push_back((*it)[1].str());
  }
  return values;
}

class Metrics : public EveryStoreTest {
 protected:
  std::vector<std::string> server_args() const override {
    auto args = EveryStoreTest::server_args();
    args.insert(args.end(),
                {"--metrics-listen", "127.0.0.1:" + std::to_string(metrics_port_), "--metrics-token", kToken});
    return args;
  }
  // The metrics listener's answer (no sign-in there).
  Reply scrape() const { return HttpClient(static_cast<unsigned short>(metrics_port_)).get("/metrics"); }
  std::map<std::string, double> scraped() const {
    const auto reply = scrape();
    EXPECT_EQ(reply.status, 200) << reply.body;
    return samples_of(reply.body);
  }

  int metrics_port_ = free_port();
};
BATON_ON_EVERY_STORE(Metrics);

TEST_P(Metrics, AButtonHandoffAndAClaimAreCountedOnceWithNoIdInAnyLabel) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Kim");
  set_presence(agent, "online");
  auto socket = agent_socket(agent);  // available: the request is a live one
  auto visitor = new_visitor(assistant);
  const std::string path = "/api/v1/conversations/" + visitor.conversation_id;
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);

  auto waiting = scraped();
  EXPECT_EQ(waiting["baton_queue_waiting{channel=\"web\",offline_request=\"false\"}"], 1);
  EXPECT_EQ(waiting["baton_conversations{status=\"waiting\"}"], 1);
  EXPECT_GE(waiting["baton_queue_oldest_wait_seconds{channel=\"web\"}"], 0);

  ASSERT_EQ(http_->post(path + "/takeover", json::object{}, agent).status, 200);
  ASSERT_TRUE(
      eventually([&] { return scraped()["baton_assignments_total{mode=\"claim\"}"] == 1; }, std::chrono::seconds(5)));
  const auto reply = scrape();
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.headers.at("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  auto after = samples_of(reply.body);
  EXPECT_EQ(after["baton_handoffs_total{channel=\"web\",reason=\"button\"}"], 1);
  EXPECT_EQ(after["baton_handoffs_total{channel=\"web\",reason=\"phrase\"}"], 0);
  EXPECT_EQ(after["baton_handoff_wait_seconds_count{channel=\"web\"}"], 1);
  EXPECT_EQ(after["baton_handoff_wait_seconds_bucket{channel=\"web\",le=\"+Inf\"}"], 1);
  EXPECT_EQ(after["baton_assignments_total{mode=\"claim\"}"], 1);
  EXPECT_EQ(after["baton_assignments_total{mode=\"auto\"}"], 0);
  for (const auto& [series, value] : after) {
    if (series.starts_with("baton_queue_waiting")) {
      EXPECT_EQ(value, 0) << series;
    }
  }
  EXPECT_EQ(after["baton_conversations{status=\"live\"}"], 1);
  EXPECT_EQ(after["baton_conversations{status=\"waiting\"}"], 0);
  EXPECT_EQ(after["baton_agents_available"], 1);
  EXPECT_EQ(after["baton_agents{presence=\"online\",connected=\"true\"}"], 1);
  EXPECT_EQ(after["baton_agent_load"], 1) << "the claimed conversation";
  EXPECT_EQ(after["baton_ws_connections{kind=\"agent\"}"], 1);
  EXPECT_GE(after["baton_messages_total{sender=\"system\",channel=\"web\"}"], 2) << "the request and the join";
  EXPECT_EQ(
      after["baton_http_requests_total{route=\"/api/v1/conversations/{id}/takeover\",method=\"POST\",code=\"200\"}"],
      1);
  EXPECT_GE(after["baton_store_commit_seconds_count"], 1);
  EXPECT_GE(after["baton_store_commit_batch_size_count"], 1);
  EXPECT_EQ(after["baton_build_info{version=\"0.1.0\",store=\"" +
                  std::string(GetParam() == std::string("sqlite") ? "sqlite" : "postgresql") + "\",bus=\"local\"}"],
            1);
  EXPECT_GT(after["process_resident_memory_bytes"], 0);
  EXPECT_GT(after["process_open_fds"], 0);

  const auto me = http_->get("/api/v1/me", agent).json();
  const std::vector<std::string> ids{visitor.conversation_id, visitor.token, str(me.at("id")), assistant};
  for (const auto& value : label_values(reply.body)) {
    for (const auto& id : ids) EXPECT_EQ(value.find(id), std::string::npos) << value << " holds " << id;
  }
  EXPECT_EQ(reply.body.find(visitor.conversation_id), std::string::npos);
}

TEST_P(Metrics, AnAgentMessageAfterTheClaimObservesTheFirstResponse) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Kim");
  set_presence(agent, "online");
  auto socket = agent_socket(agent);
  auto visitor = new_visitor(assistant);
  const std::string path = "/api/v1/conversations/" + visitor.conversation_id;
  send_customer(visitor, "hello");
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);
  ASSERT_EQ(http_->post(path + "/takeover", json::object{}, agent).status, 200);
  ASSERT_EQ(http_->post(path + "/messages", {{"text", "Kim here"}}, agent).status, 201);
  ASSERT_EQ(http_->post(path + "/messages", {{"text", "Anything else?"}}, agent).status, 201);
  ASSERT_TRUE(eventually([&] { return scraped()["baton_messages_total{sender=\"agent\",channel=\"web\"}"] == 2; },
                         std::chrono::seconds(5)));
  auto after = scraped();
  EXPECT_EQ(after["baton_first_response_seconds_count{channel=\"web\"}"], 1) << "the episode's first answer only";
  EXPECT_GE(after["baton_messages_total{sender=\"customer\",channel=\"web\"}"], 1);
}

TEST_P(Metrics, AutoModeCountsItsAssignmentsItsSkipsAndTheCapacityInUse) {
  const auto assistant = new_assistant(true);
  ASSERT_EQ(
      http_
          ->request("PATCH", "/api/v1/assistants/" + assistant,
                    json::serialize(json::object{{"routing_mode", "auto"}, {"default_capacity", 1}}), admin_token())
          .status,
      200);
  const auto agent = new_agent("Kim");
  set_presence(agent, "online");
  auto socket = agent_socket(agent);
  auto first = new_visitor(assistant);
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, first.token).status, 200);
  ASSERT_TRUE(
      eventually([&] { return scraped()["baton_assignments_total{mode=\"auto\"}"] == 1; }, std::chrono::seconds(10)));
  auto second = new_visitor(assistant);
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, second.token).status, 200);
  ASSERT_TRUE(eventually([&] { return scraped()["baton_assignment_skips_total{reason=\"at_capacity\"}"] >= 1; },
                         std::chrono::seconds(10)));
  auto after = scraped();
  EXPECT_EQ(after["baton_assignments_total{mode=\"auto\"}"], 1) << "the second waits: the agent is full";
  EXPECT_EQ(after["baton_queue_waiting{channel=\"web\",offline_request=\"false\"}"], 1);
  EXPECT_EQ(after["baton_handoff_wait_seconds_count{channel=\"web\"}"], 1);
  EXPECT_EQ(after["baton_agent_capacity_slots"], 1);
  EXPECT_EQ(after["baton_agent_load"], 1);
  EXPECT_EQ(after["baton_assignment_skips_total{reason=\"no_agent\"}"], 0);
}

TEST_P(Metrics, TheMainListenerServesMetricsOnlyWithTheToken) {
  EXPECT_EQ(http_->get("/metrics").status, 401);
  EXPECT_EQ(http_->get("/metrics", "wrong-token").status, 401);
  EXPECT_EQ(http_->get("/metrics", kToken + "x").status, 401);
  const auto refused = http_->get("/metrics", "metrics-secret-token-123");
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.error_code(), "unauthorized");
  const auto scraped = http_->get("/metrics", kToken);
  ASSERT_EQ(scraped.status, 200);
  EXPECT_EQ(scraped.headers.at("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(scraped.body.find("# TYPE baton_queue_waiting gauge"), std::string::npos);
}

class MetricsPerAssistant : public Metrics {
 protected:
  std::vector<std::string> server_args() const override {
    auto args = Metrics::server_args();
    args.push_back("--metrics-per-assistant");
    return args;
  }
};
BATON_ON_EVERY_STORE(MetricsPerAssistant);

TEST_P(MetricsPerAssistant, EachAssistantHasItsOwnQueue) {
  const auto shop = new_assistant(true, "Shop");
  const auto cafe = new_assistant(true, "Cafe");
  auto visitor = new_visitor(shop);
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);
  auto after = scraped();
  // Nobody on duty: a left message, not a live request.
  EXPECT_EQ(after["baton_queue_waiting{assistant=\"" + shop + "\",channel=\"web\",offline_request=\"true\"}"], 1);
  EXPECT_EQ(after["baton_queue_waiting{assistant=\"" + cafe + "\",channel=\"web\",offline_request=\"true\"}"], 0);
  EXPECT_EQ(after.count("baton_queue_waiting{assistant=\"" + cafe + "\",channel=\"web\",offline_request=\"true\"}"), 1u)
      << "an assistant with nobody waiting shows 0";
  EXPECT_EQ(after.count("baton_queue_waiting{channel=\"web\",offline_request=\"true\"}"), 0u)
      << "every series of the family carries the label";
}

class MetricsOnLine : public Metrics {
 protected:
  std::vector<std::string> server_args() const override {
    auto args = Metrics::server_args();
    args.insert(args.end(), {"--line-api-base", line_.api_base(), "--line-data-api-base", line_.api_base()});
    return args;
  }
  void TearDown() override { server_.reset(); }  // before the fake it calls

  FakeLine line_{"3a9c1e5b7d2f4a6c8e0b1d3f5a7c9e1b", "ChannelAccessToken0123456789abcdefghijklmnopqrstuvwxyz+/="};
};
BATON_ON_EVERY_STORE(MetricsOnLine);

TEST_P(MetricsOnLine, AnAiAnswerByReplyCountsTheCallTheTryTheAnswerAndEmptiesTheOutbox) {
  const auto assistant = new_assistant(true);
  add_knowledge(assistant, "How fast do you ship?", "Orders ship within 24 hours.");
  ASSERT_EQ(http_
                ->request("PUT", "/api/v1/assistants/" + assistant + "/channels/line",
                          json::serialize(json::object{
                              {"channel_secret", "3a9c1e5b7d2f4a6c8e0b1d3f5a7c9e1b"},
                              {"channel_access_token", "ChannelAccessToken0123456789abcdefghijklmnopqrstuvwxyz+/="}}),
                          admin_token())
                .status,
            200);
  const auto user = line_user_id(1);
  const auto body = line_.webhook_body({line_.text_event(user, "How fast do you ship?")});
  ASSERT_EQ(
      http_->request("POST", "/webhooks/line/" + assistant, body, {}, {{"X-Line-Signature", line_.sign(body)}}).status,
      200);
  ASSERT_TRUE(eventually([&] { return scraped()["baton_line_api_calls_total{api=\"reply\",outcome=\"ok\"}"] == 1; },
                         std::chrono::seconds(15)));
  ASSERT_TRUE(eventually([&] { return scraped()["baton_outbox_attempts_total{sink=\"line\",outcome=\"ok\"}"] >= 1; },
                         std::chrono::seconds(15)));
  const auto reply = scrape();
  auto after = samples_of(reply.body);
  EXPECT_EQ(after["baton_messages_total{sender=\"customer\",channel=\"line\"}"], 1);
  EXPECT_EQ(after["baton_messages_total{sender=\"ai\",channel=\"line\"}"], 1);
  EXPECT_EQ(after["baton_ai_answers_total{backend=\"builtin\",outcome=\"answered\"}"], 1);
  EXPECT_EQ(after["baton_line_api_calls_total{api=\"push\",outcome=\"ok\"}"], 0);
  EXPECT_EQ(after["baton_conversations{status=\"ai\"}"], 1);
  ASSERT_TRUE(
      eventually([&] { return scraped()["baton_outbox_pending{sink=\"line\"}"] == 0; }, std::chrono::seconds(15)));
  EXPECT_EQ(reply.body.find(user), std::string::npos) << "a LINE user id in the metrics";
}

TEST(MetricsOff, MetricsIs404WhenNoTokenIsSetAndNoListenerRuns) {
  ServerProcess server({"--demo"});
  HttpClient http(server.port());
  EXPECT_EQ(http.get("/metrics").status, 404);
  EXPECT_EQ(http.get("/metrics", kToken).status, 404);
  EXPECT_EQ(server.banner().find("metrics:"), std::string::npos);
}

// A program this test starts and stops (Prometheus), by its pid.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& args, const std::filesystem::path& log) {
    std::vector<char*> argv;
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const int failed = posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (failed) pid_ = -1;
  }
  ~ChildProcess() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      usleep(20'000);  // polling an exit: nothing announces it
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

// The first result's value of an instant query, if any.
std::optional<std::string> query(const HttpClient& prometheus, const std::string& expression) {
  const auto reply = prometheus.get("/api/v1/query?query=" + expression);
  if (reply.status != 200) return std::nullopt;
  const auto body = reply.json();
  const auto& result = body.at("data").at("result").as_array();
  if (result.empty()) return std::nullopt;
  return str(result.at(0).at("value").at(1));
}

class MetricsWithPrometheus : public Metrics {};
INSTANTIATE_TEST_SUITE_P(, MetricsWithPrometheus, ::testing::Values("sqlite"), store_name);

TEST_P(MetricsWithPrometheus, PromtoolAcceptsTheOutputAndARealPrometheusScrapesIt) {
  // Something in every family that fills as Baton works: a handoff, a claim, HTTP requests.
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Kim");
  set_presence(agent, "online");
  auto socket = agent_socket(agent);
  auto visitor = new_visitor(assistant);
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);
  ASSERT_EQ(http_->post("/api/v1/conversations/" + visitor.conversation_id + "/takeover", json::object{}, agent).status,
            200);

  TempDir dir;
  const auto reply = scrape();
  ASSERT_EQ(reply.status, 200);
  {
    std::ofstream out(dir.path() / "scrape.txt");
    out << reply.body;
  }
  // Installed by make test (scripts/install-deps.sh): a missing tool fails, it does not skip.
  const auto checked = run_command("promtool check metrics < " + (dir.path() / "scrape.txt").string());
  EXPECT_EQ(checked.exit_code, 0) << checked.output;

  const int prometheus_port = free_port();
  {
    std::ofstream config(dir.path() / "prometheus.yml");
    config << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
           << "scrape_configs:\n  - job_name: baton\n    static_configs:\n      - targets: ['127.0.0.1:"
           << metrics_port_ << "']\n";
  }
  ASSERT_EQ(run_command("command -v prometheus").exit_code, 0) << "prometheus is not installed: run make deps";
  ChildProcess prometheus({"prometheus", "--config.file=" + (dir.path() / "prometheus.yml").string(),
                           "--storage.tsdb.path=" + (dir.path() / "tsdb").string(),
                           "--web.listen-address=127.0.0.1:" + std::to_string(prometheus_port)},
                          dir.path() / "prometheus.log");
  ASSERT_GT(prometheus.pid(), 0);
  const HttpClient api(static_cast<unsigned short>(prometheus_port));
  std::optional<std::string> build_info;
  std::optional<std::string> up;
  const bool scraped = eventually(
      [&] {
        try {
          build_info = query(api, "baton_build_info");
          up = query(api, "up");
        } catch (const std::exception&) {
          return false;  // not listening yet
        }
        return build_info && up && *up == "1";
      },
      std::chrono::seconds(60));
  EXPECT_TRUE(scraped) << read_file(dir.path() / "prometheus.log");
  EXPECT_EQ(build_info.value_or(""), "1");
  EXPECT_EQ(up.value_or(""), "1");
  // baton_handoffs_total{channel="web",reason="button"}
  const auto handoffs = query(api, "baton_handoffs_total%7Bchannel%3D%22web%22%2Creason%3D%22button%22%7D");
  EXPECT_EQ(handoffs.value_or(""), "1");
}

}  // namespace
}  // namespace baton::testing
