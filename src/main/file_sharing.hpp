// Pictures and files in messages (issue 16), wired in one piece: where their bytes live (the
// database), what an upload goes through (media checks, images, the optional ClamAV scan), the
// public links LINE fetches agents' pictures from, and the retention sweep.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "app/attachment_service.hpp"
#include "app/file_links.hpp"
#include "app/file_store.hpp"
#include "app/media_file_intake.hpp"
#include "main/server_options.hpp"
#include "media/virus_scanner.hpp"

namespace baton::main {

class FileSharing {
 public:
  // Reads (or makes) the links' key; throws when libvips cannot start.
  FileSharing(const ServerOptions& options, store::Store& store, boost::asio::thread_pool& pool,
              app::ConversationService& conversations, app::ClockFn clock);

  app::AttachmentService& attachments() { return attachments_; }
  app::FileStore& store() { return files_; }
  const app::FileLinks& links() const { return links_; }
  // The largest upload body the server reads (the largest kind's limit).
  std::size_t max_upload_bytes() const { return intake_.max_upload_bytes(); }

  // `listening_url`: the links' base when there is no --public-url. Then sweeps expired files.
  void start(boost::asio::io_context& io, const std::string& listening_url);

 private:
  boost::asio::awaitable<void> sweep_expired();

  ServerOptions options_;
  std::optional<media::VirusScanner> scanner_;  // --clamav-socket
  app::DatabaseFileStore files_;
  app::FileLinks links_;
  app::MediaFileIntake intake_;
  app::AttachmentService attachments_;
};

}  // namespace baton::main
