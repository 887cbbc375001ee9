// Reports over a seeded event log with exact expected numbers (team operations §4.10), on every
// store in `ConformingStores`: the rows are written through the store's own interface at fixed
// times, and the numbers come from app::ReportService, the code the API answers with.
//
// The fixture, in UTC (Taipei is UTC+8; the report covers 2026-11-01..07 in Taipei):
//   conv_1 web  ep1: request 11-02 01:01, Ann claims 01:02 (wait 60 s), an AI message and a note,
//               Ann answers 01:03 (FRT 120 s), customer 01:04 -> Ann 01:04:30 (reply 30 s),
//               Done 01:10 (handle 480 s), survey s1 (rated 5, for Ann).
//               ep2: Bob reactivates 11-03 02:00, answers 02:01 (FRT 60 s), Done 02:05 (300 s).
//   conv_2 line ep3: request 11-01 16:30 (11-02 in Taipei), auto-assigned to Bob 16:35 (wait
//               300 s), transferred to Ann 16:40, Ann answers 16:45 (FRT 900 s, hers),
//               Done 16:50 (900 s), survey s2 (no rating). Labelled "vip".
//   conv_3 web  ep4: offline request 11-04 10:00, Ann 12:00 (not a wait), answers 12:00:30
//               (offline reply 7230 s), Done 12:10 (600 s), survey s3 (rated 3).
//   conv_4 web  ep5: request 11-05 03:00, abandoned 03:15.
//   conv_5 web  a greeting, a question 11-05 05:00 and an AI answer 05:00:10, then quiet: resolved.
//   conv_6 web  a question 11-06 01:00 and a fallback answer: engaged, never resolved.
//   conv_7 web  a request 11-08 01:00: after the range.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <numeric>

#include "app/event_publisher.hpp"
#include "app/presence_service.hpp"
#include "app/report_json.hpp"
#include "app/report_service.hpp"
#include "bus/local_bus.hpp"
#include "core/csv.hpp"
#include "core/time.hpp"
#include "store/commit_and_wait.hpp"
#include "store_factories.hpp"

namespace baton::store {
namespace {

using core::LogEventType;

core::TimePoint at(const char* text) { return *core::parse_client_time(text); }
const core::TimePoint kNow = at("2026-11-10T00:00:00Z");

// Mon-Fri 09:00-18:00 in Taipei.
core::BusinessHours office_hours() {
  core::BusinessHours hours;
  hours.enabled = true;
  hours.timezone = "Asia/Taipei";
  for (int day = 1; day <= 5; ++day) hours.weekly.push_back(core::WeeklyRange{day, 9 * 60, 18 * 60});
  return hours;
}

template <class Factory>
class ReportsFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Factory::available()) GTEST_SKIP() << "this store cannot run here (make deps installs what it needs)";
    store_ = stores_.open();
    ASSERT_TRUE(commit_and_wait(*store_, [this](WriteTxn& tx) {
      seed(tx);
      return true;
    }));
    presence_ = std::make_unique<app::PresenceService>(
        *store_, events_, [] { return kNow; }, std::chrono::seconds(60));
    reports_ = std::make_unique<app::ReportService>(
        *store_, pool_, *presence_, [] { return kNow; }, "Asia/Taipei");
  }

  void seed(WriteTxn& tx) {
    core::Assistant assistant{"asst_1", "Shop", "Hi", true, "", kNow, kNow};
    assistant.business_hours = office_hours();
    tx.insert_assistant(assistant);
    tx.insert_agent(core::Agent{"ag_ann", "ann@b.c", "Ann", core::Role::agent, core::Presence::online, kNow}, "hash");
    tx.insert_agent(
        core::Agent{"ag_bob", "bob@b.c", "Bob, \"the closer\"", core::Role::agent, core::Presence::offline, kNow},
        "hash");
    tx.insert_label(core::Label{"vip", "#ff0000", kNow});
    for (int i = 1; i <= 7; ++i) {
      core::Conversation conversation;
      conversation.id = "conv_" + std::to_string(i);
      conversation.assistant_id = "asst_1";
      conversation.channel = i == 2 ? core::Channel::line : core::Channel::web;
      conversation.contact = core::Contact{"ct_" + std::to_string(i), "Visitor", std::nullopt};
      conversation.created_at = conversation.updated_at = at("2026-10-30T00:00:00Z");
      tx.insert_conversation(conversation);
    }
    tx.set_conversation_labels("conv_2", {"vip"});

    message(tx, "conv_1", core::Sender::customer, "2026-11-02T01:00:00Z");
    message(tx, "conv_1", core::Sender::ai, "2026-11-02T01:00:05Z");
    message(tx, "conv_1", core::Sender::customer, "2026-11-02T01:01:00Z");
    event(tx, "conv_1", "ep1", LogEventType::handoff_requested, "2026-11-02T01:01:00Z",
          R"({"reason":"customer","offline_request":false,"channel":"web"})");
    event(tx, "conv_1", "ep1", LogEventType::assigned, "2026-11-02T01:02:00Z", R"({"agent_id":"ag_ann","by":"claim"})",
          60'000, 30'000);
    message(tx, "conv_1", core::Sender::ai, "2026-11-02T01:02:30Z");  // neither stops the clock
    tx.insert_note(core::Note{"note_1", "conv_1", "ag_bob", "", "a note", {}, at("2026-11-02T01:02:40Z")}, {});
    message(tx, "conv_1", core::Sender::agent, "2026-11-02T01:03:00Z", "ag_ann");
    event(tx, "conv_1", "ep1", LogEventType::agent_message_first, "2026-11-02T01:03:00Z",
          R"({"agent_id":"ag_ann","first_of_episode":true})", 120'000, 60'000, "ag_ann");
    message(tx, "conv_1", core::Sender::customer, "2026-11-02T01:04:00Z");
    message(tx, "conv_1", core::Sender::agent, "2026-11-02T01:04:30Z", "ag_ann");
    event(tx, "conv_1", "ep1", LogEventType::done, "2026-11-02T01:10:00Z", R"({"agent_id":"ag_ann"})", 480'000,
          240'000);
    event(tx, "conv_1", "ep1", LogEventType::csat_requested, "2026-11-02T01:10:00Z",
          R"({"agent_id":"ag_ann","survey_id":"s1"})");
    event(tx, "conv_1", "ep2", LogEventType::reactivated, "2026-11-03T02:00:00Z", R"({"agent_id":"ag_bob"})", {}, {},
          "ag_bob");
    event(tx, "conv_1", "ep2", LogEventType::assigned, "2026-11-03T02:00:00Z",
          R"({"agent_id":"ag_bob","by":"reactivate"})");
    message(tx, "conv_1", core::Sender::agent, "2026-11-03T02:01:00Z", "ag_bob");
    event(tx, "conv_1", "ep2", LogEventType::agent_message_first, "2026-11-03T02:01:00Z",
          R"({"agent_id":"ag_bob","first_of_episode":true})", 60'000, 60'000, "ag_bob");
    event(tx, "conv_1", "ep2", LogEventType::done, "2026-11-03T02:05:00Z", R"({"agent_id":"ag_bob"})", 300'000,
          300'000);
    event(tx, "conv_1", "", LogEventType::csat_submitted, "2026-11-03T03:00:00Z",
          R"({"agent_id":"ag_ann","survey_id":"s1","score":5,"rated_episode_id":"ep1"})");

    message(tx, "conv_2", core::Sender::customer, "2026-11-01T16:29:00Z");
    message(tx, "conv_2", core::Sender::ai, "2026-11-01T16:29:30Z");
    event(tx, "conv_2", "ep3", LogEventType::handoff_requested, "2026-11-01T16:30:00Z",
          R"({"reason":"customer","offline_request":false,"channel":"line"})");
    event(tx, "conv_2", "ep3", LogEventType::assigned, "2026-11-01T16:35:00Z",
          R"({"agent_id":"ag_bob","by":"automatic"})", 300'000, 0);
    event(tx, "conv_2", "ep3", LogEventType::transferred, "2026-11-01T16:40:00Z",
          R"({"from_agent_id":"ag_bob","to_agent_id":"ag_ann"})");
    event(tx, "conv_2", "ep3", LogEventType::assigned, "2026-11-01T16:40:00Z",
          R"({"agent_id":"ag_ann","by":"transfer","previous_agent_id":"ag_bob"})");
    message(tx, "conv_2", core::Sender::agent, "2026-11-01T16:45:00Z", "ag_ann");
    event(tx, "conv_2", "ep3", LogEventType::agent_message_first, "2026-11-01T16:45:00Z",
          R"({"agent_id":"ag_ann","first_of_episode":true})", 900'000, 0, "ag_ann");
    event(tx, "conv_2", "ep3", LogEventType::done, "2026-11-01T16:50:00Z", R"({"agent_id":"ag_ann"})", 900'000, 0);
    event(tx, "conv_2", "ep3", LogEventType::csat_requested, "2026-11-01T16:50:00Z",
          R"({"agent_id":"ag_ann","survey_id":"s2"})");

    message(tx, "conv_3", core::Sender::customer, "2026-11-04T10:00:00Z");
    event(tx, "conv_3", "ep4", LogEventType::handoff_requested, "2026-11-04T10:00:00Z",
          R"({"reason":"customer","offline_request":true,"channel":"web"})");
    event(tx, "conv_3", "ep4", LogEventType::offline_message, "2026-11-04T10:00:00Z", "{}");
    // A duration on this assignment would be a bug of the log: reports leave it out anyway.
    event(tx, "conv_3", "ep4", LogEventType::assigned, "2026-11-04T12:00:00Z", R"({"agent_id":"ag_ann","by":"claim"})",
          7'200'000, 0);
    message(tx, "conv_3", core::Sender::agent, "2026-11-04T12:00:30Z", "ag_ann");
    event(tx, "conv_3", "ep4", LogEventType::agent_message_first, "2026-11-04T12:00:30Z",
          R"({"agent_id":"ag_ann","first_of_episode":true})", 7'230'000, 0, "ag_ann");
    event(tx, "conv_3", "ep4", LogEventType::done, "2026-11-04T12:10:00Z", R"({"agent_id":"ag_ann"})", 600'000, 0);
    event(tx, "conv_3", "ep4", LogEventType::csat_requested, "2026-11-04T12:10:00Z",
          R"({"agent_id":"ag_ann","survey_id":"s3"})");
    event(tx, "conv_3", "", LogEventType::csat_submitted, "2026-11-04T13:00:00Z",
          R"({"agent_id":"ag_ann","survey_id":"s3","score":3,"rated_episode_id":"ep4"})");

    message(tx, "conv_4", core::Sender::customer, "2026-11-05T02:59:00Z");
    event(tx, "conv_4", "ep5", LogEventType::handoff_requested, "2026-11-05T03:00:00Z",
          R"({"reason":"customer","offline_request":false,"channel":"web"})");
    event(tx, "conv_4", "ep5", LogEventType::abandoned, "2026-11-05T03:15:00Z", R"({"reason":"timeout"})");

    message(tx, "conv_5", core::Sender::ai, "2026-11-05T04:59:00Z");  // the greeting
    message(tx, "conv_5", core::Sender::customer, "2026-11-05T05:00:00Z");
    message(tx, "conv_5", core::Sender::ai, "2026-11-05T05:00:10Z");

    message(tx, "conv_6", core::Sender::customer, "2026-11-06T01:00:00Z");
    message(tx, "conv_6", core::Sender::ai, "2026-11-06T01:00:05Z", std::nullopt, true);

    // Presence history: Ann available three minutes at half load (a second node's sample of the
    // same minute is ignored), Bob one minute without a limit, Ann again after the range.
    const auto sample = [](const char* agent, const char* minute, int live, std::optional<int> capacity) {
      return core::AvailabilitySample{agent, at(minute), live, capacity};
    };
    tx.record_availability({sample("ag_ann", "2026-11-02T01:00:00Z", 1, 2),
                            sample("ag_ann", "2026-11-02T01:01:00Z", 1, 2),
                            sample("ag_bob", "2026-11-03T02:00:00Z", 1, std::nullopt)});
    tx.record_availability({sample("ag_ann", "2026-11-02T01:01:00Z", 2, 2),
                            sample("ag_ann", "2026-11-02T01:02:00Z", 1, 2),
                            sample("ag_ann", "2026-11-08T01:00:00Z", 2, 2)});

    message(tx, "conv_7", core::Sender::customer, "2026-11-08T00:59:00Z");
    event(tx, "conv_7", "ep7", LogEventType::handoff_requested, "2026-11-08T01:00:00Z",
          R"({"reason":"customer","offline_request":false,"channel":"web"})");
  }

  void message(WriteTxn& tx, const char* conversation, core::Sender sender, const char* when,
               std::optional<core::Id> agent = std::nullopt, bool fallback = false) {
    core::Message message;
    message.id = "msg_" + std::to_string(++messages_);
    message.conversation_id = conversation;
    message.sender = sender;
    message.agent_id = std::move(agent);
    message.text = "text";
    message.created_at = at(when);
    message.ai_fallback = fallback;
    tx.append_message(message);
  }

  void event(WriteTxn& tx, const char* conversation, const char* episode, LogEventType type, const char* when,
             std::string data, std::optional<std::int64_t> ms = {}, std::optional<std::int64_t> business_ms = {},
             std::optional<core::Id> actor = std::nullopt) {
    core::ConversationEvent event;
    event.id = "evt_" + std::to_string(++events_count_);
    event.conversation_id = conversation;
    event.episode_id = episode;
    event.seq = ++seq_[conversation];
    event.type = type;
    event.at = at(when);
    event.actor = actor ? core::ActorType::agent : core::ActorType::system;
    event.actor_id = std::move(actor);
    event.data = std::move(data);
    event.duration_ms = ms;
    event.business_duration_ms = business_ms;
    tx.append_conversation_event(event);
  }

  template <class T>
  T run(boost::asio::awaitable<T> work) {
    boost::asio::io_context io;
    auto done = boost::asio::co_spawn(io, std::move(work), boost::asio::use_future);
    io.run();
    return done.get();
  }

  static app::ReportQuery week() {
    app::ReportQuery query;
    query.from = "2026-11-01";
    query.to = "2026-11-07";
    query.timezone = "Asia/Taipei";
    return query;
  }

  core::ReportSummary summary(app::ReportQuery query, core::Actor actor = kAdmin) {
    auto report = run(reports_->summary(actor, std::move(query)));
    EXPECT_TRUE(report) << (report ? "" : report.error().message);
    return report ? report->summary : core::ReportSummary{};
  }

  inline static const core::Actor kAdmin{"ag_admin", core::Role::admin};

  Factory stores_;
  std::unique_ptr<Store> store_;
  boost::asio::thread_pool pool_{1};
  std::shared_ptr<bus::LocalBus> bus_ = std::make_shared<bus::LocalBus>();
  app::EventPublisher events_{*bus_};
  std::unique_ptr<app::PresenceService> presence_;
  std::unique_ptr<app::ReportService> reports_;
  int messages_ = 0;
  int events_count_ = 0;
  std::map<std::string, std::int64_t> seq_;
};

TYPED_TEST_SUITE(ReportsFixture, testing::ConformingStores, testing::StoreName);

TYPED_TEST(ReportsFixture, TheWeekHasTheExactNumbers) {
  const auto s = this->summary(this->week());
  EXPECT_EQ(s.conversations, 6);
  EXPECT_EQ(s.ai_engaged, 4) << "a greeting engages nobody";
  EXPECT_EQ(s.handoff_requests, 4);
  EXPECT_EQ(s.live_requests, 3);
  EXPECT_DOUBLE_EQ(*s.handoff_rate, 1.0);
  EXPECT_EQ(s.ai_resolved, 1) << "conv_5 only: conv_6's answer was a fallback";
  EXPECT_DOUBLE_EQ(*s.containment_rate, 0.25);
  EXPECT_EQ(s.abandoned, 1);
  EXPECT_NEAR(*s.abandon_rate, 1.0 / 3.0, 1e-9);
  EXPECT_EQ(s.handle_time, (core::DurationStats{4, 570.0, 480.0, 900.0}));
  EXPECT_EQ(s.agent_first_response, (core::DurationStats{4, 112.5, 60.0, 300.0}));
  EXPECT_EQ(s.reply_time, (core::DurationStats{1, 30.0, 30.0, 30.0}));
  EXPECT_EQ(s.reopens, 1);
  EXPECT_EQ(s.transfers, 1);
  EXPECT_EQ(s.offline_messages, 1);
}

TYPED_TEST(ReportsFixture, ReactivateThenDoneGivesTwoResolutions) {
  auto query = this->week();
  query.from = "2026-11-02";
  query.to = "2026-11-03";
  query.channel = core::Channel::web;
  const auto s = this->summary(query);
  EXPECT_EQ(s.resolutions, 2) << "conv_1's two episodes";
  EXPECT_EQ(s.reopens, 1);
  EXPECT_EQ(this->summary(this->week()).resolutions, 4);
}

TYPED_TEST(ReportsFixture, AiMessagesAndNotesDoNotStopFirstResponseWhichIsCreditedToTheSender) {
  const auto s = this->summary(this->week());
  EXPECT_EQ(s.first_response_time, (core::DurationStats{3, 360.0, 120.0, 900.0}));
  auto ann = this->week();
  ann.agent_id = "ag_ann";
  EXPECT_EQ(this->summary(ann).first_response_time, (core::DurationStats{2, 510.0, 120.0, 900.0}))
      << "conv_2 was Bob's first, but Ann answered it";
  auto bob = this->week();
  bob.agent_id = "ag_bob";
  EXPECT_EQ(this->summary(bob).first_response_time, (core::DurationStats{1, 60.0, 60.0, 60.0}));
}

TYPED_TEST(ReportsFixture, OfflineRequestsAreLeftOutOfWaitTimeAndMeasuredOnTheirOwn) {
  const auto s = this->summary(this->week());
  EXPECT_EQ(s.wait_time, (core::DurationStats{2, 180.0, 60.0, 300.0}));
  EXPECT_EQ(s.offline_reply_time, (core::DurationStats{1, 7230.0, 7230.0, 7230.0}));
}

TYPED_TEST(ReportsFixture, BusinessHoursNeverExceedTheClock) {
  const auto raw = this->summary(this->week());
  auto query = this->week();
  query.business_hours = true;
  const auto business = this->summary(query);
  EXPECT_EQ(business.wait_time, (core::DurationStats{2, 15.0, 0.0, 30.0}));
  for (auto pick : {&core::ReportSummary::wait_time, &core::ReportSummary::first_response_time,
                    &core::ReportSummary::agent_first_response, &core::ReportSummary::reply_time,
                    &core::ReportSummary::handle_time, &core::ReportSummary::offline_reply_time}) {
    const auto& b = business.*pick;
    const auto& r = raw.*pick;
    EXPECT_EQ(b.count, r.count);
    EXPECT_LE(*b.avg_s, *r.avg_s);
    EXPECT_LE(*b.p50_s, *r.p50_s);
    EXPECT_LE(*b.p90_s, *r.p90_s);
  }
}

TYPED_TEST(ReportsFixture, CsatScoreAndResponseRate) {
  const auto csat = this->summary(this->week()).csat;
  EXPECT_EQ(csat.requested, 3);
  EXPECT_EQ(csat.responses, 2);
  EXPECT_DOUBLE_EQ(*csat.score_pct, 50.0);
  EXPECT_DOUBLE_EQ(*csat.avg, 4.0);
  EXPECT_NEAR(*csat.response_rate, 2.0 / 3.0, 1e-9);
}

TYPED_TEST(ReportsFixture, DailyPointsAddUpToTheSummary) {
  auto series = this->run(this->reports_->timeseries(this->kAdmin, this->week(), core::BucketSize::day));
  ASSERT_TRUE(series);
  ASSERT_EQ(series->points.size(), 7u) << "every day of the range, empty ones too";
  const auto summary = this->summary(this->week());
  std::int64_t handoffs = 0, resolutions = 0, conversations = 0, waits = 0;
  for (const auto& point : series->points) {
    handoffs += point.summary.handoff_requests;
    resolutions += point.summary.resolutions;
    conversations += point.summary.conversations;
    waits += point.summary.wait_time.count;
  }
  EXPECT_EQ(handoffs, summary.handoff_requests);
  EXPECT_EQ(resolutions, summary.resolutions);
  EXPECT_EQ(conversations, summary.conversations);
  EXPECT_EQ(waits, summary.wait_time.count);
}

TYPED_TEST(ReportsFixture, AnEventAt1630ZOnNovember1IsCountedOnNovember2InTaipei) {
  auto series = this->run(this->reports_->timeseries(this->kAdmin, this->week(), core::BucketSize::day));
  ASSERT_TRUE(series);
  ASSERT_EQ(series->points.size(), 7u);
  EXPECT_EQ(core::format_local_time(series->points[0].start, "Asia/Taipei"), "2026-11-01T00:00:00+08:00");
  EXPECT_EQ(series->points[0].summary.handoff_requests, 0);
  EXPECT_EQ(core::format_local_time(series->points[1].start, "Asia/Taipei"), "2026-11-02T00:00:00+08:00");
  EXPECT_EQ(series->points[1].summary.handoff_requests, 2) << "conv_1's and conv_2's (16:30Z on 11-01)";

  auto utc = this->week();
  utc.timezone = "UTC";
  auto in_utc = this->run(this->reports_->timeseries(this->kAdmin, utc, core::BucketSize::day));
  ASSERT_TRUE(in_utc);
  EXPECT_EQ(in_utc->points[0].summary.handoff_requests, 1) << "the same request is 11-01's in UTC";
}

TYPED_TEST(ReportsFixture, FiltersByChannelAndLabel) {
  auto line = this->week();
  line.channel = core::Channel::line;
  EXPECT_EQ(this->summary(line).handoff_requests, 1);
  auto vip = this->week();
  vip.label = "vip";
  const auto labelled = this->summary(vip);
  EXPECT_EQ(labelled.handoff_requests, 1);
  EXPECT_EQ(labelled.transfers, 1);
}

TYPED_TEST(ReportsFixture, AgentRowsCreditEachAgent) {
  auto report = this->run(this->reports_->agents(this->kAdmin, this->week()));
  ASSERT_TRUE(report);
  ASSERT_EQ(report->rows.size(), 2u);
  const auto& ann = report->rows[0];
  const auto& bob = report->rows[1];
  EXPECT_EQ(ann.agent.id, "ag_ann");
  EXPECT_EQ(ann.summary.assignments, 3);
  EXPECT_EQ(ann.summary.resolutions, 3);
  EXPECT_EQ(ann.summary.handle_segments.p50_s, 600.0);
  EXPECT_EQ(ann.summary.csat.score_pct, 50.0);
  EXPECT_EQ(bob.summary.assignments, 2);
  EXPECT_EQ(bob.summary.resolutions, 1);
  EXPECT_EQ(bob.summary.transfers, 1) << "transfers out";
  EXPECT_EQ(bob.summary.handle_segments, (core::DurationStats{2, 300.0, 300.0, 300.0}));
}

TYPED_TEST(ReportsFixture, AvailableTimeAndUtilizationComeFromThePresenceHistory) {
  auto report = this->run(this->reports_->agents(this->kAdmin, this->week()));
  ASSERT_TRUE(report);
  ASSERT_EQ(report->rows.size(), 2u);
  const auto& ann = report->rows[0].summary;
  const auto& bob = report->rows[1].summary;
  EXPECT_EQ(ann.available_s, 180) << "three minutes: the second node's copy of one is not counted";
  EXPECT_DOUBLE_EQ(*ann.utilization, 0.5);
  EXPECT_EQ(bob.available_s, 60);
  EXPECT_FALSE(bob.utilization) << "no limit: no utilization";
  const auto row = app::agent_report_json(report->rows[0]);
  EXPECT_EQ(row.at("available_s").as_int64(), 180);
  EXPECT_EQ(row.at("utilization").as_double(), 0.5);
}

TYPED_TEST(ReportsFixture, AnAgentSeesOnlyTheirOwnReport) {
  const core::Actor ann{"ag_ann", core::Role::agent};
  auto other = this->week();
  other.agent_id = "ag_bob";
  auto refused = this->run(this->reports_->summary(ann, other));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::forbidden);
  auto own = this->run(this->reports_->agents(ann, this->week()));
  ASSERT_TRUE(own);
  ASSERT_EQ(own->rows.size(), 1u);
  EXPECT_EQ(own->rows[0].agent.id, "ag_ann");
  EXPECT_EQ(this->summary(this->week(), ann).resolutions, 3) << "an agent's summary is their own";
}

TYPED_TEST(ReportsFixture, TheAgentsCsvHasTheBomAndQuotesANameWithACommaAndAQuote) {
  auto report = this->run(this->reports_->agents(this->kAdmin, this->week()));
  ASSERT_TRUE(report);
  std::vector<boost::json::object> rows;
  for (const auto& row : report->rows) rows.push_back(app::agent_report_json(row));
  const auto csv = app::report_csv(rows);
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(csv.substr(3, csv.find("\r\n") - 3),
            "agent_id,name,assignments,resolutions,transfers_out,first_response_p50_s,reply_time_p50_s,"
            "handle_time_p50_s,csat_score_pct,available_s,utilization");
  EXPECT_NE(csv.find("\"Bob, \"\"the closer\"\"\""), std::string::npos) << csv;
  auto parsed = core::parse_csv(csv.substr(3));
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->size(), 3u);
  EXPECT_EQ((*parsed)[2][1], "Bob, \"the closer\"");
}

TYPED_TEST(ReportsFixture, BadQueriesAreRefused) {
  auto zone = this->week();
  zone.timezone = "Mars/Olympus";
  auto refused = this->run(this->reports_->summary(this->kAdmin, zone));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::invalid_timezone);
  auto dates = this->week();
  dates.from = "2026-13-40";
  refused = this->run(this->reports_->summary(this->kAdmin, dates));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::invalid_field);
  auto reversed = this->week();
  reversed.from = "2026-11-07";
  reversed.to = "2026-11-01";
  EXPECT_FALSE(this->run(this->reports_->summary(this->kAdmin, reversed)));
}

}  // namespace
}  // namespace baton::store
