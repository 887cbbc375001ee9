#include "app/playground_service.hpp"

#include <unordered_map>

#include "core/text.hpp"

namespace baton::app {
namespace {

constexpr int kCandidates = 3;

struct AssistantKnowledge {
  core::Assistant assistant;
  std::vector<core::KnowledgeEntry> entries;
};

}  // namespace

PlaygroundService::PlaygroundService(store::Store& store, asio::thread_pool& pool, ai::Responder& responder)
    : store_(store), pool_(pool), responder_(responder) {}

asio::awaitable<core::Result<PlaygroundAnswer>> PlaygroundService::ask(core::Id assistant_id, std::string raw_text) {
  auto text = core::validate_message_text(raw_text);
  if (!text) co_return tl::unexpected(text.error());
  auto query = [assistant_id](store::ReadTxn& txn) -> std::optional<AssistantKnowledge> {
    auto assistant = txn.assistant(assistant_id);
    if (!assistant) return std::nullopt;
    return AssistantKnowledge{*assistant, txn.knowledge(assistant_id)};
  };
  auto found = co_await read(store_, pool_, std::move(query));
  if (!found) co_return core::fail(core::ErrorCode::not_found, "no such assistant");
  // The AI may take a while: it runs on the blocking pool, as for customers.
  auto work = [this, found = std::move(*found), text = std::move(*text)] {
    const std::vector<core::Message> no_history;
    PlaygroundAnswer answer{responder_.respond(ai::Question{found.assistant, text, no_history}), {}};
    std::unordered_map<core::Id, const core::KnowledgeEntry*> by_id;
    for (const auto& entry : found.entries) by_id.emplace(entry.id, &entry);
    for (const auto& match : responder_.rank(found.assistant.id, text, kCandidates)) {
      if (auto it = by_id.find(match.knowledge_id); it != by_id.end()) {
        answer.candidates.push_back(RankedEntry{*it->second, match.score});
      }
    }
    return answer;
  };
  co_return co_await offload(pool_, std::move(work));
}

}  // namespace baton::app
