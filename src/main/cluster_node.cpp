#include "main/cluster_node.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "app/ids.hpp"
#include "core/names.hpp"

namespace baton::main {

namespace asio = boost::asio;

namespace {

std::int64_t millis(core::TimePoint at) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

}  // namespace

ClusterNode::ClusterNode(const std::string& redis_url, store::Store& store, asio::thread_pool& blocking,
                         app::ClockFn clock)
    : store_(store),
      blocking_(blocking),
      clock_(clock),
      // Unique per process start: a restarted node is a new node (its old heartbeats age out).
      bus_(bus::redis::parse_redis_url(redis_url), app::new_id("node")),
      presence_board_(bus_.commands(), bus_.node_id()),
      rate_limits_(bus_.commands()),
      sweep_(store, bus_, bus_.delivered(), clock) {}

void ClusterNode::start(asio::io_context& io, app::PresenceService& presence, std::function<void()> after_outage) {
  presence.set_listener({
      [this](const core::Id& agent_id, core::Presence status) {
        presence_board_.mirror_status({{agent_id, std::string(core::name_of(status))}});
      },
      [this](const core::Id& agent_id) { presence_board_.closed(agent_id, millis(clock_())); },
  });
  bus_.on_resubscribed([this, after_outage = std::move(after_outage)] {
    asio::post(blocking_, [this] { mirror_statuses(); });
    if (std::exchange(subscribed_before_, true) && after_outage) {
      asio::post(blocking_, [after_outage] {
        try {
          after_outage();
        } catch (const std::exception& error) {
          spdlog::warn("event=after_redis_outage_failed error=\"{}\"", error.what());
        }
      });
    }
    sweep_soon();
  });
  bus_.start();
  asio::co_spawn(io, heartbeat(presence), asio::detached);
  spdlog::info("event=cluster_node node={}", bus_.node_id());
}

asio::awaitable<std::optional<int>> ClusterNode::take(std::string key, core::RatePolicy policy) {
  const double interval_us = 1e6 / std::max(policy.per_second, 1e-9);
  const auto wait_us = co_await rate_limits_.take(std::move(key), policy.burst, interval_us);
  if (!wait_us) co_return std::nullopt;  // Redis away: the node's own count
  co_return *wait_us == 0 ? 0 : std::max(1, static_cast<int>((*wait_us + 999'999) / 1'000'000));
}

void ClusterNode::sweep_soon() {
  if (sweeping_.exchange(true)) return;
  asio::post(blocking_, [this] {
    try {
      const int replayed = sweep_.run_once();
      if (replayed > 0) spdlog::debug("event=catch_up_sweep replayed={}", replayed);
    } catch (const std::exception& error) {
      spdlog::warn("event=catch_up_sweep_failed error=\"{}\"", error.what());
    }
    sweeping_ = false;
  });
}

void ClusterNode::mirror_statuses() {
  try {
    std::vector<std::pair<std::string, std::string>> statuses;
    for (const auto& agent : store_.begin_read()->agents()) {
      statuses.emplace_back(agent.id, std::string(core::name_of(agent.presence)));
    }
    presence_board_.mirror_status(statuses);
  } catch (const std::exception& error) {
    spdlog::warn("event=presence_mirror_failed error=\"{}\"", error.what());
  }
}

asio::awaitable<void> ClusterNode::heartbeat(app::PresenceService& presence) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  auto next_sweep = std::chrono::steady_clock::now();
  for (;;) {
    timer.expires_after(kHeartbeatEvery);
    auto [error] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (error) co_return;
    try {
      auto connected = presence.connected_agents();
      auto view = co_await presence_board_.exchange(connected, millis(clock_()), presence.grace());
      // Redis away: presence holds its last value (design point 25).
      if (view) {
        app::PresenceService::ClusterView merged;
        for (const auto& [agent_id, status] : view->status) {
          if (auto parsed = core::parse_presence(status)) merged.status.emplace(agent_id, *parsed);
        }
        for (const auto& [agent_id, at] : view->last_seen_ms) {
          merged.connected_at.emplace(agent_id, core::TimePoint(std::chrono::milliseconds(at)));
        }
        presence.merge_cluster(merged);
      }
    } catch (const std::exception& failure) {
      spdlog::warn("event=presence_heartbeat_failed error=\"{}\"", failure.what());
    }
    if (std::chrono::steady_clock::now() >= next_sweep) {
      next_sweep = std::chrono::steady_clock::now() + kSweepEvery;
      sweep_soon();
    }
  }
}

}  // namespace baton::main
