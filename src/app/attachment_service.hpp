// Files in messages, both ways: a web customer's or an agent's upload becomes a message holding
// the file (checked and processed by FileIntake first, so a refused file stores nothing); the
// console and the widget read a conversation's files; channels that fetch files from the open
// internet (LINE) read them through signed, expiring links; and files past the retention are
// dropped (their messages then say the file expired).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include "app/conversation_service.hpp"
#include "app/file_intake.hpp"
#include "app/file_links.hpp"
#include "app/file_store.hpp"

namespace baton::app {

// A file to send to a browser: its attachment and the bytes of the asked variant.
struct FileToServe {
  core::Attachment attachment;
  std::string bytes;
  FileVariant variant = FileVariant::original;
};

class AttachmentService {
 public:
  AttachmentService(store::Store& store, asio::thread_pool& pool, ConversationService& conversations,
                    FileIntake& intake, FileStore& files, FileLinks& links, ClockFn clock);

  asio::awaitable<core::Result<core::Message>> customer_upload(VisitorIdentity visitor, FileUpload upload,
                                                               std::optional<std::string> client_id);
  asio::awaitable<core::Result<core::Message>> agent_upload(core::Actor actor, core::Id conversation_id,
                                                            FileUpload upload, std::optional<std::string> client_id);

  // A file of the conversation (404 for another conversation's, or while not ready; 410 gone once
  // it expired). A preview asked of a file without one is the file itself.
  asio::awaitable<core::Result<FileToServe>> read(core::Id conversation_id, core::Id attachment_id,
                                                  FileVariant variant);
  // The file a public link names.
  asio::awaitable<core::Result<FileToServe>> read_public(std::string token);

  // Drops files stored longer ago than `retention`; how many it expired. Bounded per call.
  asio::awaitable<core::Result<std::size_t>> expire_old(std::chrono::seconds retention);

  std::size_t max_upload_bytes() const { return intake_.max_upload_bytes(); }
  FileLimits limits() const { return intake_.limits(); }
  const FileLinks& links() const { return links_; }

 private:
  store::Store& store_;
  asio::thread_pool& pool_;
  ConversationService& conversations_;
  FileIntake& intake_;
  FileStore& files_;
  FileLinks& links_;
  ClockFn clock_;
};

}  // namespace baton::app
