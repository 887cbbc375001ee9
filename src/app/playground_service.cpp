#include "app/playground_service.hpp"

#include "core/text.hpp"

namespace baton::app {
namespace {

constexpr int kCandidates = 3;

}  // namespace

PlaygroundService::PlaygroundService(store::Store& store, asio::thread_pool& pool, ai::Responder& responder)
    : store_(store), pool_(pool), responder_(responder) {}

asio::awaitable<core::Result<PlaygroundAnswer>> PlaygroundService::ask(core::Id assistant_id, std::string raw_text) {
  auto text = core::validate_message_text(raw_text);
  if (!text) co_return tl::unexpected(text.error());
  auto query = [assistant_id](store::ReadTxn& txn) { return txn.assistant(assistant_id); };
  auto assistant = co_await read(store_, pool_, std::move(query));
  if (!assistant) co_return core::fail(core::ErrorCode::not_found, "no such assistant");
  // The AI may take a while: it runs on the blocking pool, as for customers. Only the entries
  // it ranks are read back, for their questions.
  auto work = [this, assistant = std::move(*assistant), text = std::move(*text)] {
    const std::vector<core::Message> no_history;
    PlaygroundAnswer answer{
        responder_.respond(ai::Question{assistant, text, no_history}), core::judge_handoff(text), {}};
    const auto matches = responder_.rank(assistant.id, text, kCandidates);
    auto txn = store_.begin_read();
    for (const auto& match : matches) {
      if (auto entry = txn->knowledge_entry(assistant.id, match.knowledge_id)) {
        answer.candidates.push_back(RankedEntry{std::move(*entry), match.score});
      }
    }
    return answer;
  };
  co_return co_await offload(pool_, std::move(work));
}

}  // namespace baton::app
