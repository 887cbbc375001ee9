// Recognises a customer message that asks for a live person, in zh-TW, zh-CN and English.
// A first, rule-based version: a message asks for a person when it names a person (真人, 專人,
// 人工客服, human, agent, ...) together with a request (轉, 找, 要, talk, speak, ...), or when
// it is nothing but such a name ("真人!!!", "representative").
#pragma once

#include <string>
#include <string_view>

namespace baton::core {

// Lower-cases ASCII, folds full-width ASCII to half-width and the simplified characters this
// detector looks at to traditional ones, so one set of rules serves every script.
std::string normalize_for_intent(std::string_view text);

bool is_handoff_request(std::string_view text);

}  // namespace baton::core
