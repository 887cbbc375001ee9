#include "app/attachment_service.hpp"

namespace baton::app {
namespace {

// Files expired per pass of the retention sweep: each is one row update.
constexpr int kExpiredPerPass = 200;

}  // namespace

AttachmentService::AttachmentService(store::Store& store, asio::thread_pool& pool, ConversationService& conversations,
                                     FileIntake& intake, FileStore& files, FileLinks& links, ClockFn clock)
    : store_(store),
      pool_(pool),
      conversations_(conversations),
      intake_(intake),
      files_(files),
      links_(links),
      clock_(std::move(clock)) {}

asio::awaitable<core::Result<core::Message>> AttachmentService::customer_upload(VisitorIdentity visitor,
                                                                                FileUpload upload,
                                                                                std::optional<std::string> client_id) {
  auto file = co_await intake_.prepare(std::move(upload));
  if (!file) co_return tl::unexpected(file.error());
  co_return co_await conversations_.customer_send_file(std::move(visitor), std::move(*file), std::move(client_id));
}

asio::awaitable<core::Result<core::Message>> AttachmentService::agent_upload(core::Actor actor,
                                                                             core::Id conversation_id,
                                                                             FileUpload upload,
                                                                             std::optional<std::string> client_id) {
  auto file = co_await intake_.prepare(std::move(upload));
  if (!file) co_return tl::unexpected(file.error());
  co_return co_await conversations_.agent_send_file(std::move(actor), std::move(conversation_id), std::move(*file),
                                                    std::move(client_id));
}

asio::awaitable<core::Result<FileToServe>> AttachmentService::read(core::Id conversation_id, core::Id attachment_id,
                                                                   FileVariant variant) {
  auto query = [this, conversation_id, attachment_id, variant](store::ReadTxn& txn) -> core::Result<FileToServe> {
    auto attachment = txn.attachment(attachment_id);
    if (!attachment || attachment->conversation_id != conversation_id) {
      return core::fail(core::ErrorCode::not_found, "no such file in this conversation");
    }
    if (attachment->status == core::AttachmentStatus::expired) {
      return core::fail(core::ErrorCode::gone, "this file expired and is no longer kept");
    }
    const auto served = attachment->preview_type.empty() ? FileVariant::original : variant;
    auto bytes = files_.read(txn, attachment_id, served);
    if (!bytes) return core::fail(core::ErrorCode::not_found, "this file is not here yet");
    return FileToServe{std::move(*attachment), std::move(*bytes), served};
  };
  co_return co_await app::read(store_, pool_, std::move(query));
}

asio::awaitable<core::Result<FileToServe>> AttachmentService::read_public(std::string token) {
  auto claim = links_.check(token);
  if (!claim) co_return tl::unexpected(claim.error());
  auto query = [this, claim = *claim](store::ReadTxn& txn) -> core::Result<FileToServe> {
    auto attachment = txn.attachment(claim.attachment_id);
    auto bytes = attachment ? files_.read(txn, claim.attachment_id, claim.variant) : std::nullopt;
    if (!bytes) return core::fail(core::ErrorCode::not_found, "no such file, or its link has expired");
    return FileToServe{std::move(*attachment), std::move(*bytes), claim.variant};
  };
  co_return co_await app::read(store_, pool_, std::move(query));
}

asio::awaitable<core::Result<std::size_t>> AttachmentService::expire_old(std::chrono::seconds retention) {
  const auto before = clock_() - retention;
  auto apply = [this, before](store::WriteTxn& txn) -> core::Result<std::size_t> {
    return files_.expire(txn, before, kExpiredPerPass).size();
  };
  co_return co_await commit<std::size_t>(store_, std::move(apply));
}

}  // namespace baton::app
