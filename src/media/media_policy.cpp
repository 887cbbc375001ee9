#include "media/media_policy.hpp"

namespace baton::media {

std::string_view refusal_code(Refusal refusal) {
  switch (refusal) {
    case Refusal::empty_file:
      return "empty_file";
    case Refusal::dangerous_type:
      return "dangerous_type";
    case Refusal::unsupported_type:
      return "unsupported_type";
    case Refusal::mismatched_type:
      return "mismatched_type";
    case Refusal::file_too_large:
      break;
  }
  return "file_too_large";
}

std::uint64_t MediaPolicy::limit_for(MediaKind kind) const {
  switch (kind) {
    case MediaKind::image:
      return max_image_bytes;
    case MediaKind::video:
      return max_video_bytes;
    case MediaKind::audio:
      return max_audio_bytes;
    case MediaKind::file:
      break;
  }
  return max_file_bytes;
}

tl::expected<Admitted, Refusal> admit(const MediaPolicy& policy, std::string_view head, std::uint64_t total_bytes,
                                      std::optional<MediaKind> expected_kind) {
  if (total_bytes == 0 || head.empty()) return tl::unexpected(Refusal::empty_file);
  const MediaType type = sniff_media_type(head);
  const MediaTypeInfo& info = describe(type);
  // The order matters to the client: the type's verdict first, as no size would make it acceptable.
  if (info.dangerous) return tl::unexpected(Refusal::dangerous_type);
  if (!policy.allowed.contains(type)) return tl::unexpected(Refusal::unsupported_type);
  if (expected_kind && *expected_kind != info.kind) return tl::unexpected(Refusal::mismatched_type);
  if (total_bytes > policy.limit_for(info.kind)) return tl::unexpected(Refusal::file_too_large);
  return Admitted{type, &info};
}

}  // namespace baton::media
