// The test playground: ask an assistant something as a customer would, without a
// conversation, and see what it would answer, from which entry, and how sure it was.
#pragma once

#include <string>
#include <vector>

#include "ai/responder.hpp"
#include "app/async.hpp"
#include "core/handoff_detector.hpp"

namespace baton::app {

struct RankedEntry {
  core::KnowledgeEntry entry;
  double score = 0;
};

struct PlaygroundAnswer {
  ai::Reply reply;
  core::HandoffVerdict handoff;         // whether a customer sending the text would be handed to a person
  std::vector<RankedEntry> candidates;  // the best entries, best first
};

class PlaygroundService {
 public:
  PlaygroundService(store::Store& store, asio::thread_pool& pool, ai::Responder& responder);

  asio::awaitable<core::Result<PlaygroundAnswer>> ask(core::Id assistant_id, std::string text);

 private:
  store::Store& store_;
  asio::thread_pool& pool_;
  ai::Responder& responder_;
};

}  // namespace baton::app
