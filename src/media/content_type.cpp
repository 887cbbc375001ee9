#include "media/content_type.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace baton::media {
namespace {

constexpr std::array<MediaTypeInfo, static_cast<std::size_t>(MediaType::unknown) + 1> kInfos{{
    {"image/jpeg", "jpg", MediaKind::image, false},
    {"image/png", "png", MediaKind::image, false},
    {"image/gif", "gif", MediaKind::image, false},
    {"image/webp", "webp", MediaKind::image, false},
    {"image/heic", "heic", MediaKind::image, false},
    {"image/avif", "avif", MediaKind::image, false},
    {"application/pdf", "pdf", MediaKind::file, false},
    {"video/mp4", "mp4", MediaKind::video, false},
    {"video/quicktime", "mov", MediaKind::video, false},
    {"video/3gpp", "3gp", MediaKind::video, false},
    {"video/webm", "webm", MediaKind::video, false},
    {"audio/mpeg", "mp3", MediaKind::audio, false},
    {"audio/mp4", "m4a", MediaKind::audio, false},
    {"audio/aac", "aac", MediaKind::audio, false},
    {"audio/ogg", "ogg", MediaKind::audio, false},
    {"audio/wav", "wav", MediaKind::audio, false},
    {"application/zip", "zip", MediaKind::file, false},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", MediaKind::file, false},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", MediaKind::file, false},
    {"application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx", MediaKind::file, false},
    {"application/x-ole-storage", "bin", MediaKind::file, false},
    {"text/plain", "txt", MediaKind::file, false},
    {"application/x-msdownload", "exe", MediaKind::file, true},
    {"application/x-executable", "bin", MediaKind::file, true},
    {"application/x-mach-binary", "bin", MediaKind::file, true},
    {"application/java-archive", "jar", MediaKind::file, true},
    {"text/x-shellscript", "txt", MediaKind::file, true},
    {"text/html", "html", MediaKind::file, true},
    {"image/svg+xml", "svg", MediaKind::file, true},
    {"application/xml", "xml", MediaKind::file, true},
    {"application/octet-stream", "bin", MediaKind::file, false},
}};

bool starts_with(std::string_view head, std::string_view prefix) { return head.substr(0, prefix.size()) == prefix; }

bool contains(std::string_view head, std::string_view needle) { return head.find(needle) != std::string_view::npos; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_ignoring_case(std::string_view head, std::string_view prefix) {
  if (head.size() < prefix.size()) return false;
  return std::equal(prefix.begin(), prefix.end(), head.begin(), [](char p, char h) { return p == lower(h); });
}

bool contains_ignoring_case(std::string_view head, std::string_view needle) {
  return std::search(head.begin(), head.end(), needle.begin(), needle.end(),
                     [](char h, char n) { return lower(h) == n; }) != head.end();
}

std::uint32_t big_endian_u32(std::string_view bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

// ISO base media files (MP4, QuickTime, HEIF, 3GP) begin with an `ftyp` box: a major brand and a
// list of compatible brands. The major brand decides; HEIF images may name `mif1` first and
// their codec among the compatible brands.
MediaType from_file_type_box(std::string_view head) {
  const std::size_t box_size = std::min<std::size_t>(big_endian_u32(head, 0), head.size());
  const std::string_view major = head.substr(8, 4);
  std::string_view compatible = box_size > 16 ? head.substr(16, box_size - 16) : std::string_view();
  auto has_brand = [&](std::string_view brand) {
    if (major == brand) return true;
    for (std::size_t at = 0; at + 4 <= compatible.size(); at += 4)
      if (compatible.substr(at, 4) == brand) return true;
    return false;
  };
  if (major == "avif" || major == "avis") return MediaType::avif;
  for (std::string_view brand : {"heic", "heix", "hevc", "hevx", "heim", "heis"})
    if (major == brand) return MediaType::heic;
  if (major == "mif1" || major == "msf1") return has_brand("avif") ? MediaType::avif : MediaType::heic;
  if (major == "qt  ") return MediaType::quicktime;
  if (major == "M4A " || major == "M4B " || major == "M4P ") return MediaType::m4a;
  if (starts_with(major, "3gp") || starts_with(major, "3g2")) return MediaType::three_gpp;
  for (std::string_view brand : {"isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "dash", "M4V ",
                                 "M4VH", "M4VP", "MSNV", "f4v ", "mmp4"})
    if (major == brand) return MediaType::mp4;
  return MediaType::unknown;
}

// MPEG audio frame header: 11 sync bits, then version, layer, bitrate and sample-rate fields
// that must not hold their reserved values. Layer bits 00 mark ADTS (AAC) instead. Layer I
// (bits 11) is left out: nobody sends it, and its FF FE / FF FF start is UTF-16's byte order mark.
MediaType from_frame_sync(std::string_view head) {
  const auto b1 = static_cast<unsigned char>(head[1]);
  const auto b2 = static_cast<unsigned char>(head[2]);
  if ((b1 & 0xE0) != 0xE0) return MediaType::unknown;
  const unsigned version = (b1 >> 3) & 0x3;
  const unsigned layer = (b1 >> 1) & 0x3;
  if (layer == 0) return (b1 & 0xF6) == 0xF0 ? MediaType::aac : MediaType::unknown;
  if (layer == 3) return MediaType::unknown;
  const unsigned bitrate = b2 >> 4;
  const unsigned sample_rate = (b2 >> 2) & 0x3;
  if (version == 1 || bitrate == 0xF || sample_rate == 0x3) return MediaType::unknown;
  return MediaType::mp3;
}

// Office Open XML is a zip whose first entries are [Content_Types].xml and a folder naming the
// application; their names sit in the local file headers near the start.
MediaType from_zip(std::string_view head) {
  if (contains(head, "META-INF/MANIFEST.MF")) return MediaType::java_archive;
  if (!contains(head, "[Content_Types].xml")) return MediaType::zip;
  if (contains(head, "word/")) return MediaType::docx;
  if (contains(head, "xl/")) return MediaType::xlsx;
  if (contains(head, "ppt/")) return MediaType::pptx;
  return MediaType::zip;
}

std::size_t utf8_sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

bool valid_continuation(unsigned char lead, std::size_t index, unsigned char byte) {
  if ((byte & 0xC0) != 0x80) return false;
  if (index != 1) return true;
  // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
  if (lead == 0xE0) return byte >= 0xA0;
  if (lead == 0xED) return byte <= 0x9F;
  if (lead == 0xF0) return byte >= 0x90;
  if (lead == 0xF4) return byte <= 0x8F;
  return true;
}

// Valid UTF-8 with no NUL and no control character other than tab, newline, carriage return
// and form feed. `cut` says the head stops mid-file, where a character may be split.
bool is_plain_text(std::string_view head, bool cut) {
  for (std::size_t at = 0; at < head.size();) {
    const auto lead = static_cast<unsigned char>(head[at]);
    const std::size_t length = utf8_sequence_length(lead);
    if (length == 0) return false;
    if (length == 1) {
      if (lead < 0x20 && lead != '\t' && lead != '\n' && lead != '\r' && lead != '\f') return false;
      ++at;
      continue;
    }
    for (std::size_t i = 1; i < length; ++i) {
      if (at + i >= head.size()) return cut;
      if (!valid_continuation(lead, i, static_cast<unsigned char>(head[at + i]))) return false;
    }
    at += length;
  }
  return true;
}

std::string_view skip_bom_and_space(std::string_view text) {
  if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  const auto first = text.find_first_not_of(" \t\r\n\f");
  return first == std::string_view::npos ? std::string_view() : text.substr(first);
}

// Markup a browser would render, and so run the scripts in it. Text that opens with a tag is
// markup; so is text that holds a script, SVG or HTML element anywhere in its head, since a
// support chat has no need of such a "text" file and a mis-served one runs.
MediaType from_text(std::string_view head, bool cut) {
  if (!is_plain_text(head, cut)) return MediaType::unknown;
  const std::string_view text = skip_bom_and_space(head);
  if (starts_with(text, "#!")) return MediaType::script;
  const bool has_svg = contains_ignoring_case(text, "<svg");
  const bool has_html = contains_ignoring_case(text, "<script") || contains_ignoring_case(text, "<html") ||
                        contains_ignoring_case(text, "<iframe") || contains_ignoring_case(text, "<!doctype html");
  if (has_html) return MediaType::html;
  if (has_svg) return MediaType::svg;
  if (starts_with(text, "<?xml") || starts_with_ignoring_case(text, "<!doctype")) return MediaType::xml;
  if (starts_with(text, "<")) return MediaType::html;
  return MediaType::text;
}

MediaType from_magic(std::string_view head) {
  if (starts_with(head, "\xFF\xD8\xFF")) return MediaType::jpeg;
  if (starts_with(head, "\x89PNG\r\n\x1A\n")) return MediaType::png;
  if (starts_with(head, "GIF87a") || starts_with(head, "GIF89a")) return MediaType::gif;
  if (head.size() >= 12 && starts_with(head, "RIFF")) {
    const auto form = head.substr(8, 4);
    if (form == "WEBP") return MediaType::webp;
    if (form == "WAVE") return MediaType::wav;
    return MediaType::unknown;
  }
  if (head.size() >= 12 && head.substr(4, 4) == "ftyp") return from_file_type_box(head);
  if (starts_with(head, "%PDF-")) return MediaType::pdf;
  if (starts_with(head, "\x1A\x45\xDF\xA3")) return MediaType::webm;
  if (starts_with(head, "OggS")) return MediaType::ogg;
  if (starts_with(head, "ID3")) return MediaType::mp3;
  if (starts_with(head, std::string_view("PK\x03\x04", 4)) || starts_with(head, std::string_view("PK\x05\x06", 4)))
    return from_zip(head);
  if (starts_with(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return MediaType::ole_document;
  if (starts_with(head, "MZ")) return MediaType::windows_executable;
  if (starts_with(head,
                  "\x7F"
                  "ELF"))
    return MediaType::elf_executable;
  for (std::string_view magic :
       {"\xFE\xED\xFA\xCE", "\xFE\xED\xFA\xCF", "\xCE\xFA\xED\xFE", "\xCF\xFA\xED\xFE", "\xCA\xFE\xBA\xBE"})
    if (starts_with(head, magic)) return MediaType::mach_o_executable;
  if (head.size() >= 3 && static_cast<unsigned char>(head[0]) == 0xFF) return from_frame_sync(head);
  return MediaType::unknown;
}

}  // namespace

MediaType sniff_media_type(std::string_view head) {
  const bool cut = head.size() > kSniffBytes;
  head = head.substr(0, kSniffBytes);
  if (head.empty()) return MediaType::unknown;
  const MediaType by_magic = from_magic(head);
  if (by_magic != MediaType::unknown) return by_magic;
  return from_text(head, cut || head.size() == kSniffBytes);
}

const MediaTypeInfo& describe(MediaType type) { return kInfos.at(static_cast<std::size_t>(type)); }

std::string_view kind_name(MediaKind kind) {
  switch (kind) {
    case MediaKind::image:
      return "image";
    case MediaKind::video:
      return "video";
    case MediaKind::audio:
      return "audio";
    case MediaKind::file:
      break;
  }
  return "file";
}

}  // namespace baton::media
