// WordNet (Princeton's lexical database, Debian's wordnet-base) read in place: the words that
// share a meaning with a word ("parcel" ~ "package", "purchase" ~ "buy"), so the built-in AI can
// match a customer's English to the words the knowledge happens to use.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baton::ai::builtin {

class WordNet {
 public:
  // Where Debian installs it.
  static constexpr std::string_view kDefaultDirectory = "/usr/share/wordnet";

  // The database in `directory` (index.* and data.* files); nullopt when it is not there or
  // not readable, and the AI then works without synonyms.
  static std::optional<WordNet> open(const std::string& directory);

  WordNet(WordNet&&) noexcept;
  WordNet& operator=(WordNet&&) noexcept;
  ~WordNet();

  // The single words that share one of the `senses` most frequent meanings of `word` (a lower-case
  // English word, inflected or not: "parcels" is looked up as "parcel"), without `word` itself
  // (its base form may be among them).
  std::vector<std::string> synonyms(std::string_view word, int senses) const;

  // The base forms WordNet lists for `word` (lower case): the word itself when it is listed, and
  // what its suffix rules give ("parcels" -> "parcel"; "shiping" -> "ship", which is why a
  // caller checking for a real word should compare stems too).
  std::vector<std::string> lemmas(std::string_view word) const;

 private:
  struct File;
  struct PartOfSpeech;
  explicit WordNet(std::vector<PartOfSpeech> parts);

  std::vector<PartOfSpeech> parts_;
};

}  // namespace baton::ai::builtin
