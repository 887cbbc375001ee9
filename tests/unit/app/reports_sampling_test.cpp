// Presence history for reports (team operations §4.10): each minute's sample records the agents
// available then, with their load and capacity, once per agent and minute.
#include "app/report_service.hpp"
#include "app_fixture.hpp"

namespace baton::app::testing {
namespace {

class ReportsSampling : public AppTest {
 protected:
  // Jobs commit in order: once this one has, every sample submitted before it has too.
  void wait_for_writes() {
    ASSERT_TRUE(store::commit_and_wait(store_, [](store::WriteTxn&) { return true; }));
  }
  std::vector<core::AvailabilitySample> samples() {
    const auto now = clock_.now();
    auto read = store_.begin_read();
    return read->availability_samples(store::ReportScope{now - std::chrono::hours(1), now + std::chrono::hours(1)});
  }
};

TEST_F(ReportsSampling, EachMinuteRecordsTheAvailableAgentsOnce) {
  const auto on_duty = add_agent_on_duty();
  const auto away = add_agent_on_duty();
  ASSERT_TRUE(run(presence_.set_presence(away.id, core::Presence::away)).has_value());
  set_capacity(on_duty, 3);
  ReportService reports(store_, pool_, presence_, clock_.fn(), "UTC");

  reports.sample_availability();
  reports.sample_availability();  // a second node in the same minute
  clock_.advance(std::chrono::seconds(60));
  reports.sample_availability();
  wait_for_writes();

  const auto rows = samples();
  ASSERT_EQ(rows.size(), 2u) << "one row per minute for the agent on duty, none for the one away";
  const auto minute = std::chrono::floor<std::chrono::minutes>(clock_.now());
  EXPECT_EQ(rows[0], (core::AvailabilitySample{on_duty.id, minute - std::chrono::minutes(1), 0, 3}));
  EXPECT_EQ(rows[1], (core::AvailabilitySample{on_duty.id, minute, 0, 3}));
}

}  // namespace
}  // namespace baton::app::testing
