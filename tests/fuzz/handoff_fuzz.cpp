// Handoff detection (core/handoff_detector.hpp) on anything a customer may type: normalising is
// idempotent, keeps valid UTF-8 valid and never grows the text, and the decision is the same
// for a text and its normal form; every verdict names its rule, and a request its person.
#include <exception>
#include <string>

#include "core/handoff_detector.hpp"
#include "support/fuzz_check.hpp"

namespace {
namespace core = baton::core;

void check(std::string_view text) {
  const auto normal = core::normalize_for_intent(text);
  FUZZ_CHECK(core::normalize_for_intent(normal) == normal, "normalising twice changes nothing");
  FUZZ_CHECK(normal.size() <= text.size(), "normalising never grows the text");
  if (baton::fuzz::valid_utf8(text)) FUZZ_CHECK(baton::fuzz::valid_utf8(normal), "valid UTF-8 stays valid");
  FUZZ_CHECK(core::is_handoff_request(text) == core::is_handoff_request(normal),
             "a text and its normal form ask the same");
  const auto verdict = core::judge_handoff(text);
  FUZZ_CHECK(!verdict.rule.empty(), "every verdict names the rule that decided");
  FUZZ_CHECK(!verdict.requested || !verdict.person.empty(), "a request names the person asked for");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return baton::fuzz::check_never_throws(baton::fuzz::as_text(data, size), check, "handoff detection never throws");
}
