// Recognises a customer message that asks for a live person, in zh-TW, zh-CN and English.
//
// A structural detector: the message is cut into tokens of a few word classes (a word for a
// person, a request form, a transfer verb, a negation, a past or later marker, ...) and into
// clauses; a clause asks for a person when a request or transfer form applies to a person word
// that is not part of a compound (真人秀, human hair, travel agent), and nothing negates it or
// puts it in the past. A message that is nothing but a person word ("agent, please", "真人!!!")
// asks too. English words match the detector's vocabulary with a small edit distance (typos).
#pragma once

#include <string>
#include <string_view>

namespace baton::core {

// Lower-cases ASCII, folds full-width ASCII to half-width and the simplified characters this
// detector looks at to traditional ones (plus common input-method slips), so one set of rules
// serves every script.
std::string normalize_for_intent(std::string_view text);

// Why a message was (or was not) taken as a request for a person: the rule that decided and
// the words it rested on, for the playground and the tests.
struct HandoffVerdict {
  bool requested = false;
  // A short stable name: "request_for_person", "transfer", "bare_person" (requests);
  // "negated", "past", "later", "job", "about_service", "product", "mention", "not_a_request",
  // "no_person" (not requests).
  std::string rule;
  std::string person;   // the word taken for a person (normalised), empty if none
  std::string request;  // the request / transfer word, empty if none
};

HandoffVerdict judge_handoff(std::string_view text);

bool is_handoff_request(std::string_view text);  // judge_handoff(text).requested

}  // namespace baton::core
