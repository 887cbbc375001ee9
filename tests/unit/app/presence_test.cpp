// Presence on the manual clock: the grace after an agent's last console closes (a reload, a
// flaky network) is counted in the clock's seconds, not waited out.
#include "app_fixture.hpp"

namespace baton::app::testing {
namespace {
using namespace std::chrono_literals;

class Presence : public AppTest {};

TEST_F(Presence, AnAgentWhoseSocketsAreGoneStopsCountingAfterTheGrace) {
  const auto assistant = add_assistant();
  const auto agent = add_agent_on_duty();
  BusRecorder widgets(*bus_, bus::topics::presence(assistant.id));
  ASSERT_EQ(presence_.available_count(), 1);

  presence_.socket_closed(agent.id);
  clock_.advance(59s);
  presence_.tick();
  EXPECT_EQ(presence_.available_count(), 1) << "still within the 60 s grace";
  EXPECT_TRUE(widgets.payloads("presence.updated").empty());

  clock_.advance(2s);
  presence_.tick();
  EXPECT_EQ(presence_.available_count(), 0);
  ASSERT_TRUE(widgets.wait_for("presence.updated"));
  EXPECT_NE(widgets.payloads("presence.updated").back().find("\"agents_online\":0"), std::string::npos);
}

TEST_F(Presence, AnAgentWhoComesBackWithinTheGraceNeverStopsCounting) {
  const auto assistant = add_assistant();
  const auto agent = add_agent_on_duty();
  BusRecorder widgets(*bus_, bus::topics::presence(assistant.id));

  presence_.socket_closed(agent.id);
  clock_.advance(30s);
  presence_.socket_opened(agent.id);  // the console reloaded
  clock_.advance(10min);
  presence_.tick();
  EXPECT_EQ(presence_.available_count(), 1);
  EXPECT_TRUE(widgets.payloads("presence.updated").empty()) << "widgets never saw the count change";
}

TEST_F(Presence, AnAgentWhoGoesOfflineStopsCountingAtOnce) {
  add_assistant();
  const auto agent = add_agent_on_duty();
  ASSERT_TRUE(run(presence_.set_presence(agent.id, core::Presence::offline)).has_value());
  EXPECT_EQ(presence_.available_count(), 0);
}

}  // namespace
}  // namespace baton::app::testing
