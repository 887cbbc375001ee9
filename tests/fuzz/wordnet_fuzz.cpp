// The WordNet reader (ai/builtin/wordnet.hpp) on damaged database files: index and data lines
// of any shape, offsets that point anywhere, lines without an end. It never crashes, never
// loops, and only ever returns plain single words.
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "ai/builtin/wordnet.hpp"
#include "support/fuzz_check.hpp"

namespace {

// One scratch directory per fuzzing process; every input rewrites its files.
const std::string& scratch_directory() {
  static const std::string directory = [] {
    std::string pattern = "/tmp/baton-wordnet-fuzz-XXXXXX";
    return std::string(::mkdtemp(pattern.data()));
  }();
  return directory;
}

void write(const std::string& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

void check(std::string_view input) {
  // The input is "index file <NUL> data file <NUL> word"; every part of speech gets the same files.
  const auto first = input.find('\0');
  const auto index = input.substr(0, first);
  const auto rest = first == std::string_view::npos ? std::string_view{} : input.substr(first + 1);
  const auto second = rest.find('\0');
  const auto data = rest.substr(0, second);
  const auto word = second == std::string_view::npos ? std::string_view("package") : rest.substr(second + 1);
  const auto& directory = scratch_directory();
  for (const char* part : {"noun", "verb", "adj", "adv"}) {
    write(directory + "/index." + part, index);
    write(directory + "/data." + part, data);
  }
  auto wordnet = baton::ai::builtin::WordNet::open(directory);
  if (!wordnet) return;  // an empty file cannot be mapped: no WordNet, as when it is missing
  for (const auto& synonym : wordnet->synonyms(word, 3)) {
    FUZZ_CHECK(!synonym.empty() && synonym.size() <= 64, "a synonym is one short word");
    FUZZ_CHECK(synonym.find('_') == std::string::npos && synonym.find(' ') == std::string::npos,
               "a synonym is a single word");
  }
  for (const auto& lemma : wordnet->lemmas(word)) FUZZ_CHECK(!lemma.empty() && lemma.size() <= 64, "a lemma is short");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return baton::fuzz::check_never_throws(baton::fuzz::as_text(data, size), check, "reading WordNet never throws");
}
