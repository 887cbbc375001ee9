#include "app/media_file_intake.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "app/ids.hpp"

namespace baton::app {
namespace {

std::string megabytes(std::uint64_t bytes) { return std::to_string((bytes + 500'000) / 1'000'000) + " MB"; }

core::AttachmentKind attachment_kind(media::MediaKind kind) {
  switch (kind) {
    case media::MediaKind::image:
      return core::AttachmentKind::image;
    case media::MediaKind::video:
      return core::AttachmentKind::video;
    case media::MediaKind::audio:
      return core::AttachmentKind::audio;
    case media::MediaKind::file:
      return core::AttachmentKind::file;
  }
  return core::AttachmentKind::file;
}

core::Error refused(media::Refusal refusal, const media::MediaPolicy& policy, std::string_view head) {
  switch (refusal) {
    case media::Refusal::empty_file:
      return {core::ErrorCode::invalid_field, "the file is empty"};
    case media::Refusal::file_too_large: {
      const auto kind = media::describe(media::sniff_media_type(head)).kind;
      return {core::ErrorCode::payload_too_large, "the file is too large: " + std::string(media::kind_name(kind)) +
                                                      "s up to " + megabytes(policy.limit_for(kind)) + " can be sent"};
    }
    case media::Refusal::dangerous_type:
      return {core::ErrorCode::unsupported_media_type,
              "this kind of file cannot be sent: it could run as a program or a web page"};
    case media::Refusal::unsupported_type:
    case media::Refusal::mismatched_type:
      break;
  }
  return {core::ErrorCode::unsupported_media_type,
          "this type of file is not accepted: send a picture, a PDF, an Office document, a video, a voice "
          "recording, a ZIP or a text file"};
}

core::Error image_refused(const media::ImageFailure& failure) {
  switch (failure.error) {
    case media::ImageError::input_too_large:
    case media::ImageError::output_too_large:
      return {core::ErrorCode::payload_too_large, "the picture is too large to send"};
    case media::ImageError::too_many_pixels:
      return {core::ErrorCode::payload_too_large, "the picture has too many pixels (more than 50 megapixels)"};
    case media::ImageError::heic_unavailable:
      return {core::ErrorCode::unsupported_media_type, "HEIC pictures cannot be read here: send it as JPEG"};
    case media::ImageError::unsupported_type:
    case media::ImageError::corrupt:
      return {core::ErrorCode::unsupported_media_type, "this picture could not be read: it may be damaged"};
    case media::ImageError::internal:
      break;
  }
  return {core::ErrorCode::internal, "the picture could not be processed"};
}

// The name with the extension of what the file now is (a HEIC photo becomes a JPEG).
std::string renamed(const std::string& name, std::string_view extension) {
  const auto dot = name.rfind('.');
  const auto stem = dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
  return stem + "." + std::string(extension);
}

// Holds one of the few places for an upload in progress.
class Slot {
 public:
  Slot(std::atomic<int>& in_progress, int most) : in_progress_(in_progress) {
    taken_ = in_progress_.fetch_add(1) < most;
    if (!taken_) in_progress_.fetch_sub(1);
  }
  ~Slot() {
    if (taken_) in_progress_.fetch_sub(1);
  }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  bool taken() const { return taken_; }

 private:
  std::atomic<int>& in_progress_;
  bool taken_ = false;
};

}  // namespace

MediaFileIntake::MediaFileIntake(asio::thread_pool& pool, ClockFn clock, FileIntakeOptions options)
    : pool_(pool),
      clock_(std::move(clock)),
      options_(std::move(options)),
      images_(std::make_unique<media::ImageProcessor>(options_.images)) {}

std::size_t MediaFileIntake::max_upload_bytes() const {
  const auto& p = options_.policy;
  return static_cast<std::size_t>(
      std::max({p.max_image_bytes, p.max_video_bytes, p.max_audio_bytes, p.max_file_bytes}));
}

asio::awaitable<core::Result<NewFile>> MediaFileIntake::prepare(FileUpload upload) {
  const std::string_view head = std::string_view(upload.bytes).substr(0, media::kSniffBytes);
  auto admitted = media::admit(options_.policy, head, upload.bytes.size());
  if (!admitted) co_return tl::unexpected(refused(admitted.error(), options_.policy, head));
  Slot slot(in_progress_, options_.max_concurrent);
  if (!slot.taken()) {
    co_return tl::unexpected(core::Error{core::ErrorCode::unavailable, "too many files are being sent; try again", 2});
  }
  if (options_.scan) {
    auto scanned = co_await options_.scan(upload.bytes);
    if (scanned.outcome == media::ScanOutcome::infected) {
      spdlog::warn("event=upload_infected signature=\"{}\"", scanned.signature);
      co_return core::fail(core::ErrorCode::file_infected,
                           "the file was refused: the virus scanner found " + scanned.signature);
    }
    if (scanned.outcome == media::ScanOutcome::error) {
      spdlog::warn("event=upload_scan_failed reason=\"{}\"", scanned.reason);
      co_return tl::unexpected(
          core::Error{core::ErrorCode::unavailable, "the virus scanner could not check the file; try again", 5});
    }
  }
  const auto& info = *admitted->info;
  const auto size = static_cast<std::int64_t>(upload.bytes.size());
  NewFile file{core::Attachment{new_id("att"),
                                {},
                                {},
                                attachment_kind(info.kind),
                                "upload",
                                std::move(upload.file_name),
                                std::string(info.mime),
                                size,
                                core::AttachmentStatus::ready,
                                clock_()},
               FileContent{std::move(upload.bytes), {}}};
  if (info.kind == media::MediaKind::image) co_return co_await process_image(std::move(file));
  co_return file;
}

asio::awaitable<core::Result<NewFile>> MediaFileIntake::process_image(NewFile file) {
  // Wrapped in a value the pool hands back (offload needs a default-constructible result).
  using Outcome = std::optional<tl::expected<media::ProcessedImage, media::ImageFailure>>;
  auto work = [this, &bytes = file.content.data]() -> Outcome { return images_->process(bytes); };
  auto processed = co_await offload(pool_, std::move(work));
  if (!processed || !*processed) {
    const auto failure = processed ? processed->error() : media::ImageFailure{media::ImageError::internal, ""};
    spdlog::info("event=upload_image_refused error={} detail=\"{}\"", media::image_error_code(failure.error),
                 failure.detail);
    co_return tl::unexpected(image_refused(failure));
  }
  auto& image = **processed;
  const auto& original = media::describe(image.original.type);
  auto& attachment = file.attachment;
  attachment.content_type = std::string(original.mime);
  attachment.file_name = renamed(attachment.file_name, original.extension);
  attachment.size = static_cast<std::int64_t>(image.original.bytes.size());
  attachment.width = image.original.width;
  attachment.height = image.original.height;
  attachment.preview_type = std::string(media::describe(image.preview.type).mime);
  file.content = FileContent{std::move(image.original.bytes), std::move(image.preview.bytes)};
  co_return file;
}

}  // namespace baton::app
