#include "ai/builtin/wordnet.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <span>
#include <utility>

namespace baton::ai::builtin {
namespace {

// The longest line we read: WordNet's longest index and data lines are a few KB; anything
// longer is a damaged file, read no further.
constexpr std::size_t kMaxLine = 64 * 1024;
constexpr std::size_t kMaxWord = 64;

std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t at = 0;
  while (at < line.size()) {
    while (at < line.size() && line[at] == ' ') ++at;
    const auto begin = at;
    while (at < line.size() && line[at] != ' ') ++at;
    if (at > begin) fields.push_back(line.substr(begin, at - begin));
  }
  return fields;
}

template <typename Number>
std::optional<Number> number_of(std::string_view text, int base = 10) {
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

struct Suffix {
  std::string_view inflected;
  std::string_view base;
};

// WordNet's own rules for finding a base form (morphy(7WN)), per part of speech.
constexpr Suffix kNounSuffixes[] = {{"s", ""},      {"ses", "s"},   {"xes", "x"},   {"zes", "z"},
                                    {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"}};
constexpr Suffix kVerbSuffixes[] = {{"s", ""},   {"ies", "y"}, {"es", "e"},  {"es", ""},
                                    {"ed", "e"}, {"ed", ""},   {"ing", "e"}, {"ing", ""}};
constexpr Suffix kAdjectiveSuffixes[] = {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}};

}  // namespace

// A file mapped read-only: only the pages a lookup touches are read.
struct WordNet::File {
  const char* data = nullptr;
  std::size_t size = 0;

  static std::optional<File> map(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    struct stat status {};
    std::optional<File> file;
    // Regular files only: a FIFO or device would block or never end.
    if (::fstat(fd, &status) == 0 && S_ISREG(status.st_mode) && status.st_size > 0) {
      void* mapped = ::mmap(nullptr, static_cast<std::size_t>(status.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (mapped != MAP_FAILED) file = File{static_cast<const char*>(mapped), static_cast<std::size_t>(status.st_size)};
    }
    ::close(fd);
    return file;
  }

  File() = default;
  File(const char* d, std::size_t s) : data(d), size(s) {}
  File(File&& other) noexcept : data(std::exchange(other.data, nullptr)), size(std::exchange(other.size, 0)) {}
  File& operator=(File&& other) noexcept {
    std::swap(data, other.data);
    std::swap(size, other.size);
    return *this;
  }
  ~File() {
    if (data) ::munmap(const_cast<char*>(data), size);
  }

  // The line that starts at `offset`, without its newline (empty past the end).
  std::string_view line_at(std::size_t offset) const {
    if (offset >= size) return {};
    const std::string_view rest(data + offset, std::min(size - offset, kMaxLine));
    return rest.substr(0, rest.find('\n'));
  }

  // The start of the line that holds `offset`; no further back than a line can be long (a
  // damaged file then yields a line start inside a line, which the search treats as damage).
  std::size_t line_start(std::size_t offset) const {
    const std::size_t limit = offset > kMaxLine ? offset - kMaxLine : 0;
    while (offset > limit && data[offset - 1] != '\n') --offset;
    return offset;
  }
};

// One part of speech: its sorted index (lemma -> synsets) and its synsets by byte offset.
struct WordNet::PartOfSpeech {
  File index;
  File data;
  std::span<const Suffix> suffixes;

  // The index line of `lemma`, found by bisecting the sorted file (lines sort by their lemma).
  std::optional<std::string_view> index_line(std::string_view lemma) const {
    std::size_t low = 0, high = index.size;
    while (low < high) {
      const std::size_t start = index.line_start(low + (high - low) / 2);
      const auto line = index.line_at(start);
      // Lines start where the last one ended; one that does not, or that never ends, is damage.
      if (start < low || line.size() == kMaxLine) return std::nullopt;
      const auto key = line.substr(0, line.find(' '));
      if (key == lemma) return line;
      if (line.starts_with("  ") || key < lemma) {  // the licence at the top sorts first
        low = start + line.size() + 1;
      } else {
        high = start;
      }
    }
    return std::nullopt;
  }

  // The synset offsets of `lemma`, most frequent sense first.
  std::vector<std::size_t> senses_of(std::string_view lemma) const {
    const auto line = index_line(lemma);
    if (!line) return {};
    const auto fields = fields_of(*line);
    // lemma pos synset_cnt p_cnt [ptr_symbol]{p_cnt} sense_cnt tagsense_cnt offset{synset_cnt}
    if (fields.size() < 4) return {};
    const auto synsets = number_of<std::size_t>(fields[2]);
    const auto pointers = number_of<std::size_t>(fields[3]);
    if (!synsets || !pointers || *synsets > fields.size() || *pointers > fields.size() ||
        fields.size() != 6 + *pointers + *synsets) {
      return {};
    }
    std::vector<std::size_t> offsets;
    for (std::size_t i = fields.size() - *synsets; i < fields.size(); ++i) {
      if (auto offset = number_of<std::size_t>(fields[i])) offsets.push_back(*offset);
    }
    return offsets;
  }

  // The single-word members of the synset at `offset`.
  void add_members(std::size_t offset, std::vector<std::string>& words) const {
    const auto fields = fields_of(data.line_at(offset));
    // offset lex_filenum ss_type w_cnt(hex) [word lex_id]{w_cnt} ...
    if (fields.size() < 4 || number_of<std::size_t>(fields[0]) != offset) return;
    const auto count = number_of<std::size_t>(fields[3], 16);
    if (!count || *count > (fields.size() - 4) / 2) return;  // (written so that no count can overflow it)
    for (std::size_t i = 0; i < *count; ++i) {
      std::string_view word = fields[4 + 2 * i];
      word = word.substr(0, word.find('('));  // adjectives' position markers: "galore(ip)"
      if (word.empty() || word.size() > kMaxWord || word.find('_') != std::string_view::npos) continue;
      std::string lower(word);
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      if (std::find(words.begin(), words.end(), lower) == words.end()) words.push_back(std::move(lower));
    }
  }

  // `word` itself if the index has it, else the base forms the suffix rules find there.
  std::vector<std::string> lemmas_of(std::string_view word) const {
    std::vector<std::string> lemmas;
    if (index_line(word)) lemmas.emplace_back(word);
    for (const auto& [inflected, base] : suffixes) {
      if (word.size() <= inflected.size() + 1 || !word.ends_with(inflected)) continue;
      std::string lemma(word.substr(0, word.size() - inflected.size()));
      lemma += base;
      if (std::find(lemmas.begin(), lemmas.end(), lemma) == lemmas.end() && index_line(lemma)) {
        lemmas.push_back(std::move(lemma));
      }
    }
    return lemmas;
  }
};

WordNet::WordNet(std::vector<PartOfSpeech> parts) : parts_(std::move(parts)) {}
WordNet::WordNet(WordNet&&) noexcept = default;
WordNet& WordNet::operator=(WordNet&&) noexcept = default;
WordNet::~WordNet() = default;

std::optional<WordNet> WordNet::open(const std::string& directory) {
  struct Part {
    std::string_view name;
    std::span<const Suffix> suffixes;
  };
  const Part names[] = {{"noun", kNounSuffixes}, {"verb", kVerbSuffixes}, {"adj", kAdjectiveSuffixes}, {"adv", {}}};
  std::vector<PartOfSpeech> parts;
  for (const auto& [name, suffixes] : names) {
    auto index = File::map(directory + "/index." + std::string(name));
    auto data = File::map(directory + "/data." + std::string(name));
    if (!index || !data) return std::nullopt;
    parts.push_back(PartOfSpeech{std::move(*index), std::move(*data), suffixes});
  }
  return WordNet(std::move(parts));
}

std::vector<std::string> WordNet::lemmas(std::string_view word) const {
  std::vector<std::string> all;
  if (word.empty() || word.size() > kMaxWord) return all;
  for (const auto& part : parts_) {
    for (auto& lemma : part.lemmas_of(word)) {
      if (std::find(all.begin(), all.end(), lemma) == all.end()) all.push_back(std::move(lemma));
    }
  }
  return all;
}

std::vector<std::string> WordNet::synonyms(std::string_view word, int senses) const {
  std::vector<std::string> words;
  if (word.empty() || word.size() > kMaxWord || senses <= 0) return words;
  for (const auto& part : parts_) {
    for (const auto& lemma : part.lemmas_of(word)) {
      const auto offsets = part.senses_of(lemma);
      const auto used = std::min<std::size_t>(offsets.size(), static_cast<std::size_t>(senses));
      for (std::size_t i = 0; i < used; ++i) part.add_members(offsets[i], words);
    }
  }
  std::erase(words, std::string(word));
  return words;
}

}  // namespace baton::ai::builtin
