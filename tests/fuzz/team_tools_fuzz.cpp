// The agents' tools' rules on any bytes an agent may send: a shortcut, a label name or colour, a
// canned reply's text and a search. Each gives a value or an error, never an exception; a text
// accepted renders without a single {{ left (nothing raw ever reaches a customer), with or
// without values.
#include <string>
#include <string_view>

#include "core/canned_replies.hpp"
#include "core/labels.hpp"
#include "support/fuzz_check.hpp"

namespace core = baton::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto shortcut = core::validate_shortcut(text)) {
    FUZZ_CHECK(!shortcut->empty() && shortcut->size() <= 4 * core::kMaxShortcutChars, "a shortcut is 1..32 characters");
  }
  if (auto name = core::validate_label_name(text)) FUZZ_CHECK(core::validate_label_name(*name).has_value(), "stable");
  if (auto color = core::validate_label_color(text)) FUZZ_CHECK(color->size() == 7, "#rrggbb");
  if (auto stored = core::validate_canned_text(text)) {
    for (const auto& values : {core::TemplateValues{"王小明", "Mei", "Shop"}, core::TemplateValues{}}) {
      const auto rendered = core::render_canned_text(*stored, values);
      FUZZ_CHECK(rendered.find("{{") == std::string::npos, "no placeholder survives rendering");
    }
  }
  core::CannedReply reply;
  reply.shortcut = "refund";
  reply.text = std::string(text);
  const auto found = core::search_canned_replies({reply}, text);
  FUZZ_CHECK(found.size() <= 1, "search never invents replies");
  return 0;
}
