// The report metrics of team operations ("Metric definitions", §4.10), computed from what the
// store reads for a range: the conversation events and the messages. Pure, so the summary, the
// timeseries, the agents table and the CSV are all one computation over the same facts.
//
// Two steps: app::derive_facts turns the log into dated facts (a count or a duration, credited to an
// agent where the definition says so; a duration is dated by its END event), then summarize
// adds up the facts of a window. A window's numbers therefore never depend on how the range was
// cut: the days of a week add up to the week.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace baton::core {

// ---- What the store reads -----------------------------------------------------------------------

struct ReportEvent {
  ConversationEvent event;
  Id assistant_id;
  Channel channel = Channel::web;
};

// A message (never a system one), with what the definitions need to know of its past.
struct ReportMessage {
  Id conversation_id;
  Id assistant_id;
  Sender sender = Sender::customer;
  std::optional<Id> agent_id;
  TimePoint at;
  bool ai_fallback = false;
  bool customer_before = false;  // an earlier customer message exists in the conversation
};

// An agent found available (online, with a live socket) at a minute, and their load then. Each
// node writes one per available agent per minute; the store keeps one per (agent, minute).
struct AvailabilitySample {
  Id agent_id;
  TimePoint minute;
  int live_count = 0;
  std::optional<int> capacity;  // unset: unlimited
  bool operator==(const AvailabilitySample&) const = default;
};
inline constexpr std::chrono::seconds kAvailabilitySamplePeriod{60};

struct ReportData {
  std::vector<ReportEvent> events;      // by conversation, then seq
  std::vector<ReportMessage> messages;  // by conversation, then seq
  std::vector<AvailabilitySample> availability;
};

// How far before a range the store must read: an AI answer counts as resolved 24 h after it.
inline constexpr std::chrono::hours kReportLookback{24};
inline constexpr std::chrono::hours kAiResolvedAfter{24};

// ---- Facts ----------------------------------------------------------------------------------------

enum class FactKind {
  conversation,          // the first customer message of a conversation
  ai_engaged,            // an AI answer (not a greeting): its conversation is AI-engaged
  handoff_request,       // an episode's request (live or offline)
  live_request,          // the request was live (offline_request = false)
  ai_resolved,           // 24 h after the last AI answer, with no handoff and no further customer message
  wait,                  // request -> first assignment (live requests)
  abandoned,             //
  first_response,        // episode start -> first agent message (live episodes), credited to the sender
  agent_first_response,  // each assignment -> that agent's first message
  reply,                 // customer message while live -> the next agent message
  handle,                // first assignment -> Done (per episode)
  handle_segment,        // an agent's holding: assignment -> Done, transfer away or requeue
  resolution,            // Done
  reopen,                // reactivated
  transfer,              // credited to the agent it was transferred from
  assignment,
  offline_message,
  offline_reply,  // offline message -> first agent message
  csat_requested,
  csat_submitted,
  available,  // a minute an agent was available; `share` is their load / capacity then, if any
};

struct ReportFact {
  FactKind kind = FactKind::conversation;
  TimePoint at;
  Id conversation_id;
  std::optional<Id> agent_id;
  std::int64_t ms = 0;           // durations
  std::int64_t business_ms = 0;  // the same within business hours
  int score = 0;                 // csat_submitted
  std::optional<double> share;   // available: live conversations / capacity
};

// app/report_facts.hpp derives the facts from ReportData (it reads the events' JSON data).

// ---- Summaries ------------------------------------------------------------------------------------

// count, average and percentiles (nearest rank: the smallest value with at least p% of the values
// at or below it), in seconds; unset with no values.
struct DurationStats {
  std::int64_t count = 0;
  std::optional<double> avg_s;
  std::optional<double> p50_s;
  std::optional<double> p90_s;
  bool operator==(const DurationStats&) const = default;
};
DurationStats duration_stats(std::vector<std::int64_t> milliseconds);
// The nearest-rank percentile of sorted values (1 <= percent <= 100); values must not be empty.
std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, int percent);

struct CsatSummary {
  std::int64_t requested = 0;
  std::int64_t responses = 0;
  std::optional<double> score_pct;  // ratings of 4 or 5, of all ratings, in %
  std::optional<double> avg;
  std::optional<double> response_rate;  // responses / requested
};

struct ReportSummary {
  std::int64_t conversations = 0;
  std::int64_t ai_engaged = 0;  // distinct conversations
  std::int64_t handoff_requests = 0;
  std::int64_t live_requests = 0;
  std::optional<double> handoff_rate;
  std::int64_t ai_resolved = 0;
  std::optional<double> containment_rate;
  DurationStats wait_time;
  std::int64_t abandoned = 0;
  std::optional<double> abandon_rate;
  DurationStats first_response_time;
  DurationStats agent_first_response;
  DurationStats reply_time;
  DurationStats handle_time;
  DurationStats handle_segments;
  std::int64_t resolutions = 0;
  std::int64_t reopens = 0;
  std::int64_t transfers = 0;
  std::int64_t assignments = 0;
  std::int64_t offline_messages = 0;
  DurationStats offline_reply_time;
  CsatSummary csat;
  // From the availability samples: unset when no agent was sampled (presence history).
  std::optional<std::int64_t> available_s;
  std::optional<double> utilization;  // the average load / capacity over the available minutes
};

struct ReportWindow {
  TimePoint from;  // inclusive
  TimePoint to;    // exclusive
  // Only the facts credited to this agent (facts credited to nobody, such as conversations or
  // ai_resolved, then count nothing).
  std::optional<Id> agent_id;
  bool business_hours = false;  // durations within business hours
};

// Any facts: those outside the window are skipped.
ReportSummary summarize(std::span<const ReportFact> facts, const ReportWindow& window);

}  // namespace baton::core
