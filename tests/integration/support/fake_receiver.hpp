// A webhook receiver on 127.0.0.1 for the tests of outgoing webhooks: it records every delivery
// (its Standard Webhooks headers and JSON body) and answers as the test scripts it: a status
// (with a Retry-After), after a delay, or nothing at all while the connection stays open.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "support/loopback_server.hpp"

namespace baton::testing {

struct ReceiverAnswer {
  int status = 204;
  std::chrono::milliseconds delay{0};  // before answering (a slow receiver)
  std::string retry_after;             // the Retry-After header, when set
};

struct ReceivedDelivery {
  std::string id;         // webhook-id
  std::string timestamp;  // webhook-timestamp
  std::string signature;  // webhook-signature
  boost::json::object body;
  std::string raw_body;
  std::chrono::steady_clock::time_point at;

  std::string type() const;
  // Whether the signature is the Standard Webhooks one for `secret` (whsec_...).
  bool signed_with(const std::string& secret) const;
};

class FakeReceiver {
 public:
  FakeReceiver();
  ~FakeReceiver();

  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.port()) + "/hooks/baton"; }
  // Answers for the next deliveries, in order; once used up, each gets `otherwise`.
  void script(std::vector<ReceiverAnswer> answers, ReceiverAnswer otherwise = {});
  std::vector<ReceivedDelivery> received() const;
  // Waits until `count` deliveries have arrived (answered or not); false after `limit`.
  bool wait_for(std::size_t count, std::chrono::milliseconds limit) const;
  // The most deliveries that were waiting for their answer at once.
  int most_at_once() const;

  struct State;  // shared with the connections being answered

 private:
  std::shared_ptr<State> state_;
  LoopbackServer server_;  // after state_: its connections use it
};

}  // namespace baton::testing
