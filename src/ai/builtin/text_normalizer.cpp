#include "ai/builtin/text_normalizer.hpp"

#include <opencc/opencc.h>

#include "core/handoff_detector.hpp"

namespace baton::ai::builtin {

// s2twp: Simplified to Traditional with Taiwan phrases, so 软件/軟體 meet.
TextNormalizer::TextNormalizer() : converter_(std::make_unique<opencc::SimpleConverter>("s2twp.json")) {}

TextNormalizer::~TextNormalizer() = default;

std::string TextNormalizer::normalize(std::string_view text) const {
  // normalize_for_intent folds width and case; OpenCC then converts the script.
  return converter_->Convert(core::normalize_for_intent(text));
}

}  // namespace baton::ai::builtin
