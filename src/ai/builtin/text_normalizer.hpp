// Puts customer text and knowledge into one form before search: Simplified Chinese to
// Traditional (OpenCC, Taiwan phrasing), full-width ASCII to half-width, lower case.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace opencc {
class SimpleConverter;
}

namespace baton::ai::builtin {

class TextNormalizer {
 public:
  TextNormalizer();
  ~TextNormalizer();
  std::string normalize(std::string_view text) const;

 private:
  std::unique_ptr<opencc::SimpleConverter> converter_;
};

}  // namespace baton::ai::builtin
