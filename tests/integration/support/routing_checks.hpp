// The auto-mode scenario of team operations §4.1, shared by one node (each store) and two nodes
// (PostgreSQL + Redis): many customers ask for a person at once, a few agents of small capacity.
#pragma once

#include <string>
#include <vector>

#include "scenario.hpp"

namespace baton::testing {

struct RoutingTeam {
  std::string assistant_id;
  std::string admin_token;
  std::vector<std::string> agent_tokens;  // online, each with a console socket open
};

// Turns on auto mode with a default capacity for the assistant.
void set_auto_routing(const HttpClient& http, const RoutingTeam& team, int default_capacity);

// `visitors` ask for a person all at once (visitor i through nodes[i % size]); then exactly
// agents × capacity are live, the rest waiting, nobody above capacity, each assigned once; then
// each agent finishes one and the next in the queue (first come first) are the ones assigned.
void expect_capacity_respected_and_fifo(const std::vector<const HttpClient*>& nodes, const RoutingTeam& team,
                                        const std::vector<Visitor>& visitors, int capacity);

}  // namespace baton::testing
