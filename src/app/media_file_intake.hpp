// FileIntake with the media library: the type sniffed from the bytes and held to the policy
// (allowed types, a size limit per kind), an optional ClamAV scan, and images re-encoded with
// libvips (upright, metadata stripped, a preview made). The work runs on the blocking pool, a
// few uploads at a time: a burst of large pictures waits its turn rather than taking every core.
#pragma once

#include <atomic>
#include <functional>
#include <memory>

#include "app/file_intake.hpp"
#include "app/presence_service.hpp"
#include "media/image_processing.hpp"
#include "media/media_policy.hpp"
#include "media/scan_result.hpp"

namespace baton::app {

// A virus scan of a file's bytes (clamd, when --clamav-socket is set).
using VirusScanFn = std::function<asio::awaitable<media::ScanResult>(std::string_view bytes)>;

struct FileIntakeOptions {
  media::MediaPolicy policy;
  media::ImageLimits images;
  VirusScanFn scan;  // empty: no scanning
  int max_concurrent = 4;
};

class MediaFileIntake final : public FileIntake {
 public:
  MediaFileIntake(asio::thread_pool& pool, ClockFn clock, FileIntakeOptions options);

  asio::awaitable<core::Result<NewFile>> prepare(FileUpload upload) override;
  std::size_t max_upload_bytes() const override;
  FileLimits limits() const override { return {options_.policy.max_image_bytes, options_.policy.max_file_bytes}; }

 private:
  // The image made safe, or why not; on the blocking pool.
  asio::awaitable<core::Result<NewFile>> process_image(NewFile file);

  asio::thread_pool& pool_;
  ClockFn clock_;
  FileIntakeOptions options_;
  std::unique_ptr<media::ImageProcessor> images_;
  std::atomic<int> in_progress_ = 0;
};

}  // namespace baton::app
