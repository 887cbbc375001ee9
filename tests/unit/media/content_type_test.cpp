// The sniffer on real starts of files (made with libvips, or the formats' own magic bytes):
// each type by its bytes alone, and everything a browser or an OS would run flagged.
#include "media/content_type.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <ostream>

#include "media/sample_images.hpp"

namespace baton::media {
namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int value : values) out += static_cast<char>(value);
  return out;
}

// An ISO base media file's first box: ftyp with a major brand and compatible brands.
std::string file_type_box(const std::string& major, const std::string& compatible) {
  const std::string body = major + std::string("\0\0\0\0", 4) + compatible;
  const auto size = static_cast<char>(8 + body.size());
  return std::string("\0\0\0", 3) + size + "ftyp" + body + std::string("\0\0\0\x08mdat", 8);
}

// A zip's first local file header, naming its first entry.
std::string zip_with(const std::string& first_entry, const std::string& second_entry = "") {
  std::string zip = std::string("PK\x03\x04\x14\0\0\0\x08\0", 10) + std::string(16, '\0');
  zip += static_cast<char>(first_entry.size());
  zip += std::string("\0\0\0", 3) + first_entry + std::string(20, 'x');
  if (!second_entry.empty()) zip += std::string("PK\x03\x04", 4) + std::string(22, '\0') + second_entry;
  return zip;
}

// The head is made when the test runs, not when tests are listed (libvips makes some of them).
struct Sample {
  std::string name;
  std::function<std::string()> head;
  MediaType expected;
};

// gtest names the sample rather than dumping its bytes.
void PrintTo(const Sample& sample, std::ostream* out) { *out << sample.name; }

std::function<std::string()> made(std::string head) {
  return [head = std::move(head)] { return head; };
}

std::vector<Sample> samples_of_every_type() {
  return {
      {"jpeg", [] { return samples::jpeg(8, 8); }, MediaType::jpeg},
      {"png", [] { return samples::png(8, 8); }, MediaType::png},
      {"gif", [] { return samples::gif(8, 8); }, MediaType::gif},
      {"webp", [] { return samples::webp(8, 8); }, MediaType::webp},
      {"heic", [] { return samples::stored_heic(); }, MediaType::heic},
      {"heic_brand", made(file_type_box("heic", "mif1heic")), MediaType::heic},
      {"heic_heix", made(file_type_box("heix", "mif1heix")), MediaType::heic},
      {"heic_mif1", made(file_type_box("mif1", "mif1heic")), MediaType::heic},
      {"avif", made(file_type_box("avif", "avifmif1miaf")), MediaType::avif},
      {"avif_under_mif1", made(file_type_box("mif1", "mif1avif")), MediaType::avif},
      {"pdf", made("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"), MediaType::pdf},
      {"mp4_isom", made(file_type_box("isom", "isomiso2avc1mp41")), MediaType::mp4},
      {"mp4_mp42", made(file_type_box("mp42", "mp42isom")), MediaType::mp4},
      {"quicktime", made(file_type_box("qt  ", "qt  ")), MediaType::quicktime},
      {"m4a", made(file_type_box("M4A ", "M4A mp42isom")), MediaType::m4a},
      {"three_gpp", made(file_type_box("3gp4", "3gp4isom")), MediaType::three_gpp},
      {"webm", made(bytes({0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81})), MediaType::webm},
      {"mp3_id3", made("ID3\x04" + std::string(6, '\0') + "TIT2"), MediaType::mp3},
      {"mp3_frame", made(bytes({0xFF, 0xFB, 0x90, 0x64, 0x00, 0x00})), MediaType::mp3},
      {"aac_adts", made(bytes({0xFF, 0xF1, 0x50, 0x80, 0x02, 0x1F, 0xFC})), MediaType::aac},
      {"ogg", made(std::string("OggS\0\x02", 6) + std::string(20, '\0')), MediaType::ogg},
      {"wav", made(std::string("RIFF\x24\0\0\0WAVEfmt ", 16)), MediaType::wav},
      {"zip", made(zip_with("notes.txt")), MediaType::zip},
      {"docx", made(zip_with("[Content_Types].xml", "word/document.xml")), MediaType::docx},
      {"xlsx", made(zip_with("[Content_Types].xml", "xl/workbook.xml")), MediaType::xlsx},
      {"pptx", made(zip_with("[Content_Types].xml", "ppt/presentation.xml")), MediaType::pptx},
      {"ole_document", made(bytes({0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0})), MediaType::ole_document},
      {"text_ascii", made("Order 1234 arrived broken.\r\nPlease help.\n"), MediaType::text},
      {"text_cjk", made("我的訂單還沒到，請幫忙查一下。\n注文がまだ届きません。"), MediaType::text},
      {"text_with_bom", made("\xEF\xBB\xBFhello"), MediaType::text},
      {"windows_executable", made("MZ\x90" + std::string(60, '\0') + "This program cannot be run in DOS mode"),
       MediaType::windows_executable},
      {"elf_executable", made(bytes({0x7F, 'E', 'L', 'F', 2, 1, 1, 0})), MediaType::elf_executable},
      {"mach_o_executable", made(bytes({0xCF, 0xFA, 0xED, 0xFE, 7, 0, 0, 1})), MediaType::mach_o_executable},
      {"java_archive", made(zip_with("META-INF/MANIFEST.MF")), MediaType::java_archive},
      {"script", made("#!/bin/sh\nrm -rf ~\n"), MediaType::script},
      {"html_doctype", made("\n  <!DOCTYPE html><html><body>hi</body></html>"), MediaType::html},
      {"html_fragment", made("<div onclick=\"steal()\">click</div>"), MediaType::html},
      {"html_script_in_text", made("Dear support,\nsee <script>alert(1)</script>"), MediaType::html},
      {"svg_with_script", made("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"),
       MediaType::html},
      {"svg_plain", made("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), MediaType::svg},
      {"xml", made("<?xml version=\"1.0\"?><note>hi</note>"), MediaType::xml},
      {"empty", made(""), MediaType::unknown},
      {"nul_in_text", made(std::string("hello\0world", 11)), MediaType::unknown},
      {"invalid_utf8", made("caf\xE9 au lait"), MediaType::unknown},
      {"overlong_utf8", made("\xC0\xAF"), MediaType::unknown},
      {"utf16", made(bytes({0xFF, 0xFE, 'h', 0, 'i', 0})), MediaType::unknown},
      {"random_binary", made(bytes({0x00, 0x13, 0x37, 0x42, 0x99, 0x01})), MediaType::unknown},
  };
}

class SniffedType : public ::testing::TestWithParam<Sample> {};

TEST_P(SniffedType, IsRecognisedByItsBytes) { EXPECT_EQ(sniff_media_type(GetParam().head()), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(EveryType, SniffedType, ::testing::ValuesIn(samples_of_every_type()),
                         [](const ::testing::TestParamInfo<Sample>& info) { return info.param.name; });

TEST(ContentType, TextCutMidCharacterAtTheSniffLimitIsText) {
  std::string text(kSniffBytes - 1, 'a');
  text += "訂";  // three bytes: only the first is within the limit
  EXPECT_EQ(sniff_media_type(text), MediaType::text);
}

TEST(ContentType, TextEndingMidCharacterIsNotText) {
  EXPECT_EQ(sniff_media_type(std::string("abc\xE8\xA8", 5)), MediaType::unknown);
}

TEST(ContentType, OnlyTheFirstBytesAreRead) {
  std::string text(kSniffBytes, 'a');
  text += std::string("\0\0<script>", 10);
  EXPECT_EQ(sniff_media_type(text), MediaType::text);
}

TEST(ContentType, ExecutablesAndMarkupAreDangerous) {
  for (MediaType type : {MediaType::windows_executable, MediaType::elf_executable, MediaType::mach_o_executable,
                         MediaType::java_archive, MediaType::script, MediaType::html, MediaType::svg, MediaType::xml})
    EXPECT_TRUE(describe(type).dangerous) << describe(type).mime;
}

TEST(ContentType, MediaAndDocumentsAreNotDangerous) {
  for (MediaType type : {MediaType::jpeg, MediaType::png, MediaType::heic, MediaType::pdf, MediaType::mp4,
                         MediaType::mp3, MediaType::docx, MediaType::text, MediaType::unknown})
    EXPECT_FALSE(describe(type).dangerous) << describe(type).mime;
}

TEST(ContentType, DescribesMimeKindAndExtension) {
  EXPECT_EQ(describe(MediaType::heic).mime, "image/heic");
  EXPECT_EQ(describe(MediaType::heic).kind, MediaKind::image);
  EXPECT_EQ(describe(MediaType::quicktime).kind, MediaKind::video);
  EXPECT_EQ(describe(MediaType::quicktime).extension, "mov");
  EXPECT_EQ(describe(MediaType::m4a).kind, MediaKind::audio);
  EXPECT_EQ(describe(MediaType::windows_executable).mime, "application/x-msdownload");
  EXPECT_EQ(describe(MediaType::svg).mime, "image/svg+xml");
  EXPECT_EQ(describe(MediaType::svg).kind, MediaKind::file);  // never shown inline
  EXPECT_EQ(describe(MediaType::unknown).mime, "application/octet-stream");
  EXPECT_EQ(describe(MediaType::unknown).extension, "bin");
  EXPECT_EQ(kind_name(MediaKind::audio), "audio");
}

}  // namespace
}  // namespace baton::media
