// Labels (team operations §4.7): admins keep the catalog of names and colours; agents apply them
// to conversations. A change of a conversation's labels is logged (labels_changed) and heard by
// every console as conversation.updated.
#pragma once

#include <string>
#include <vector>

#include "app/async.hpp"
#include "app/event_log.hpp"
#include "app/event_publisher.hpp"
#include "core/conversation_rules.hpp"  // Actor
#include "core/labels.hpp"
#include "store/store.hpp"

namespace baton::app {

class LabelService {
 public:
  LabelService(store::Store& store, asio::thread_pool& pool, EventPublisher& events, ClockFn clock)
      : store_(store), pool_(pool), events_(events), clock_(clock), log_(std::move(clock)) {}

  asio::awaitable<core::Result<std::vector<core::Label>>> list();
  // Admins only (403). 400 invalid_field for a bad name or colour, 409 already_exists.
  asio::awaitable<core::Result<core::Label>> create(core::Actor admin, std::string name, std::string color);
  // Admins only. Takes the label off every conversation carrying it first; 404 when there is none.
  asio::awaitable<core::Result<bool>> remove(core::Actor admin, std::string name);
  // Any agent: the conversation's labels become `labels` (each from the catalog, 400 otherwise).
  asio::awaitable<core::Result<core::Conversation>> apply(core::Actor agent, core::Id conversation_id,
                                                          std::vector<std::string> labels);

 private:
  // Inside a job with the conversation locked: stores, logs and (after commit) publishes.
  core::Conversation relabel(store::WriteTxn& txn, const core::Conversation& conversation,
                             std::vector<std::string> labels, const core::Actor& actor);

  store::Store& store_;
  asio::thread_pool& pool_;
  EventPublisher& events_;
  ClockFn clock_;
  EventLog log_;
};

}  // namespace baton::app
