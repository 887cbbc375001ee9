#include "app/resume_tokens.hpp"

#include <charconv>

#include "app/ids.hpp"
#include "app/signed_tokens.hpp"
#include "store/commit_and_wait.hpp"

namespace baton::app {
namespace {

constexpr std::string_view kKeyName = "resume_link_key";
core::Error bad_token() {
  return core::Error{core::ErrorCode::unauthorized, "this link is not valid or has expired; start a new chat"};
}

}  // namespace

std::string ResumeTokenSigner::sign(const ResumeClaim& claim) const {
  const auto expires = std::chrono::duration_cast<std::chrono::seconds>(claim.expires_at.time_since_epoch()).count();
  return seal(key_, claim.conversation_id + "|" + claim.assistant_id + "|" + std::to_string(expires));
}

std::optional<ResumeClaim> ResumeTokenSigner::verify(std::string_view token, core::TimePoint now) const {
  auto payload = unseal(key_, token);
  if (!payload) return std::nullopt;
  const auto first = payload->find('|');
  const auto second = first == std::string::npos ? first : payload->find('|', first + 1);
  if (second == std::string::npos) return std::nullopt;
  std::int64_t expires = 0;
  const auto* end = payload->data() + payload->size();
  if (std::from_chars(payload->data() + second + 1, end, expires).ptr != end) return std::nullopt;
  ResumeClaim claim{payload->substr(0, first), payload->substr(first + 1, second - first - 1),
                    core::TimePoint(std::chrono::seconds(expires))};
  if (claim.conversation_id.empty() || now >= claim.expires_at) return std::nullopt;
  return claim;
}

ResumeService::ResumeService(store::Store& store, asio::thread_pool& pool, ClockFn clock)
    : store_(store), pool_(pool), clock_(std::move(clock)) {}

void ResumeService::load_key() { signer_.emplace(load_server_key(store_, kKeyName)); }

std::string ResumeService::issue(const core::Id& conversation_id, const core::Id& assistant_id) const {
  if (!signer_) throw std::logic_error("ResumeService::issue before load_key");
  const auto expires = std::chrono::time_point_cast<std::chrono::seconds>(clock_() + kResumeTokenLifetime);
  return signer_->sign(ResumeClaim{conversation_id, assistant_id, expires});
}

core::Result<ResumeClaim> ResumeService::check(std::string_view token) const {
  if (!signer_) return tl::unexpected(bad_token());
  auto claim = signer_->verify(token, clock_());
  if (!claim) return tl::unexpected(bad_token());
  return *claim;
}

asio::awaitable<core::Result<VisitorSession>> ResumeService::resume(core::Id assistant_id, std::string token) {
  auto claim = check(token);
  if (!claim) co_return tl::unexpected(claim.error());
  if (claim->assistant_id != assistant_id) {
    co_return core::fail(core::ErrorCode::not_found, "this link belongs to another assistant's chat");
  }
  VisitorSession session{new_token(), claim->conversation_id};
  auto apply = [claim = *claim,
                token_hash = hash_token(session.visitor_token)](store::WriteTxn& txn) -> core::Result<bool> {
    auto conversation = txn.conversation(claim.conversation_id);
    if (!conversation || conversation->assistant_id != claim.assistant_id) {
      return core::fail(core::ErrorCode::not_found, "the conversation of this link is gone");
    }
    // A second visitor token for the same conversation: the e-mail's reader may be on another
    // device than the one that chatted, and the first token is only kept as a hash.
    txn.insert_visitor(store::Visitor{token_hash, claim.conversation_id, claim.assistant_id});
    return true;
  };
  auto stored = co_await commit<bool>(store_, std::move(apply));
  if (!stored) co_return tl::unexpected(stored.error());
  co_return session;
}

}  // namespace baton::app
