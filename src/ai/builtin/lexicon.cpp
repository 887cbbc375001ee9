#include "ai/builtin/lexicon.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/text.hpp"

namespace baton::embedded {
std::string_view support_lexicon();
}

namespace baton::ai::builtin {
namespace {

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

bool is_word_char(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

}  // namespace

Lexicon::Lexicon(std::string_view definition) {
  while (!definition.empty()) {
    const auto end = definition.find('\n');
    std::string_view line = trim(definition.substr(0, end));
    definition = end == std::string_view::npos ? std::string_view{} : definition.substr(end + 1);
    if (line.empty() || line.front() == '#') continue;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) throw std::invalid_argument("lexicon line without ':': " + std::string(line));
    Concept entry{std::string(trim(line.substr(0, colon))), {}, {}};
    std::string_view forms = line.substr(colon + 1);
    while (!forms.empty()) {
      const auto bar = forms.find('|');
      const auto form = trim(forms.substr(0, bar));
      forms = bar == std::string_view::npos ? std::string_view{} : forms.substr(bar + 1);
      if (form.empty()) continue;
      // A form with any Chinese in it is matched as a substring; a purely ASCII one by stems.
      if (core::is_ascii(form)) {
        entry.english_forms.push_back(stems_of(form));
        if (entry.english_forms.back().size() == 1 && form.find_first_of(" -") == std::string_view::npos) {
          english_words_.emplace_back(form);
        }
      } else {
        entry.chinese_forms.emplace_back(form);
      }
    }
    concepts_.push_back(std::move(entry));
  }
}

std::vector<std::string> Lexicon::stems_of(std::string_view text) const {
  std::vector<std::string> stems;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !is_word_char(static_cast<unsigned char>(text[i]))) ++i;
    const auto start = i;
    while (i < text.size() && is_word_char(static_cast<unsigned char>(text[i]))) ++i;
    // One stemmer per thread: Snowball keeps a working buffer, and one lexicon serves every
    // assistant's searches and knowledge reloads at once.
    thread_local Xapian::Stem stemmer("english");
    if (i > start) stems.push_back(stemmer(std::string(text.substr(start, i - start))));
  }
  return stems;
}

std::vector<std::string> Lexicon::concepts_in(std::string_view normalized) const {
  const auto words = stems_of(normalized);
  auto has_run = [&words](const std::vector<std::string>& run) {
    if (run.empty() || run.size() > words.size()) return false;
    return std::search(words.begin(), words.end(), run.begin(), run.end()) != words.end();
  };
  std::vector<std::string> found;
  for (const auto& entry : concepts_) {
    const bool chinese =
        std::any_of(entry.chinese_forms.begin(), entry.chinese_forms.end(),
                    [&](const std::string& form) { return normalized.find(form) != std::string_view::npos; });
    if (chinese || std::any_of(entry.english_forms.begin(), entry.english_forms.end(), has_run)) {
      found.push_back(entry.name);
    }
  }
  return found;
}

std::string_view support_lexicon_text() { return embedded::support_lexicon(); }

}  // namespace baton::ai::builtin
