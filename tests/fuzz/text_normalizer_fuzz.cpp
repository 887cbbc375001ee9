// The built-in responder's normaliser (ai/builtin/text_normalizer.hpp: width, case, then
// OpenCC's Simplified to Traditional) on what reaches it: message texts and knowledge that the
// text rules accepted. It keeps valid UTF-8 valid and never throws.
#include <exception>
#include <string>

#include "ai/builtin/text_normalizer.hpp"
#include "core/text.hpp"
#include "support/fuzz_check.hpp"

namespace {

void check(std::string_view raw) {
  // Callers only pass text that passed validate_message_text (messages, knowledge entries).
  const auto text = baton::core::validate_message_text(raw);
  if (!text) return;
  static const baton::ai::builtin::TextNormalizer normalizer;
  const auto normal = normalizer.normalize(*text);
  FUZZ_CHECK(baton::fuzz::valid_utf8(normal), "the normal form is valid UTF-8");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return baton::fuzz::check_never_throws(baton::fuzz::as_text(data, size), check, "normalising never throws");
}
