// What a file really is, from its first bytes and never from its name or the type a client
// declared: the MIME type to store and serve it with, its kind (how a chat shows it), a safe
// extension, and whether a browser or an operating system would run it.
#pragma once

#include <cstddef>
#include <string_view>

namespace baton::media {

// How many leading bytes sniff_media_type looks at; pass at least this many when the file has them.
inline constexpr std::size_t kSniffBytes = 4096;

enum class MediaType {
  jpeg,
  png,
  gif,
  webp,
  heic,
  avif,
  pdf,
  mp4,
  quicktime,
  three_gpp,
  webm,
  mp3,
  m4a,
  aac,
  ogg,
  wav,
  zip,
  docx,
  xlsx,
  pptx,
  ole_document,  // legacy Office (.doc, .xls, .ppt): macros hide there, so not allowed by default
  text,
  // Dangerous: what a browser would render and run, or an operating system would execute.
  windows_executable,
  elf_executable,
  mach_o_executable,
  java_archive,
  script,
  html,
  svg,
  xml,
  unknown,
};

// How a chat shows a file: inline as a picture, a player, or a download.
enum class MediaKind { image, video, audio, file };

struct MediaTypeInfo {
  std::string_view mime;       // "image/jpeg"; "application/octet-stream" for unknown
  std::string_view extension;  // without the dot: "jpg"; "bin" for unknown
  MediaKind kind;
  bool dangerous;  // refuse it: served from our origin it could run as our page, or as a program
};

// Looks at up to kSniffBytes of `head`, the start of the file.
MediaType sniff_media_type(std::string_view head);

const MediaTypeInfo& describe(MediaType type);

// "image", "video", "audio" or "file".
std::string_view kind_name(MediaKind kind);

}  // namespace baton::media
