// Which uploads Baton accepts: the types allowed and the largest file of each kind. The type is
// always the sniffed one (content_type.hpp); a file's name and declared type count for nothing.
//
// Refusals, each with a stable code for the API (refusal_code):
//   empty_file        no bytes at all
//   dangerous_type    a browser or an operating system would run it (HTML, SVG, executables, scripts)
//   unsupported_type  recognised but not allowed, or not recognised at all
//   mismatched_type   the caller expected a kind (say, an image message) and the bytes are another
//   file_too_large    over the limit of its kind
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string_view>
#include <tl/expected.hpp>

#include "media/content_type.hpp"

namespace baton::media {

enum class Refusal { empty_file, dangerous_type, unsupported_type, mismatched_type, file_too_large };

std::string_view refusal_code(Refusal refusal);

struct MediaPolicy {
  // Dangerous types are refused even when listed here.
  std::set<MediaType> allowed{MediaType::jpeg, MediaType::png,  MediaType::gif,  MediaType::webp,
                              MediaType::heic, MediaType::pdf,  MediaType::mp4,  MediaType::quicktime,
                              MediaType::mp3,  MediaType::m4a,  MediaType::ogg,  MediaType::zip,
                              MediaType::docx, MediaType::xlsx, MediaType::pptx, MediaType::text};
  std::uint64_t max_image_bytes = 10'000'000;  // LINE's limit for an image's original
  std::uint64_t max_video_bytes = 25'000'000;
  std::uint64_t max_audio_bytes = 25'000'000;
  std::uint64_t max_file_bytes = 20'000'000;

  std::uint64_t limit_for(MediaKind kind) const;
};

struct Admitted {
  MediaType type;
  const MediaTypeInfo* info;  // describe(type)
};

// `head`: the file's first bytes (at least kSniffBytes of them when it has that many);
// `total_bytes`: the whole file's size. `expected_kind`: the kind the caller asked for, if any.
tl::expected<Admitted, Refusal> admit(const MediaPolicy& policy, std::string_view head, std::uint64_t total_bytes,
                                      std::optional<MediaKind> expected_kind = std::nullopt);

}  // namespace baton::media
