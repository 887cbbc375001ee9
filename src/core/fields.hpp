// The rules for the fields people fill in besides message text: e-mail, password, optional long
// texts, knowledge entries, a send's client_id. Each answers the value as stored, or why not.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.hpp"
#include "core/types.hpp"

namespace baton::core {

// Trimmed and lower-cased, the form e-mails are stored and looked up in.
std::string normalize_email(std::string_view email);
Result<std::string> validate_email(std::string_view email);
Result<std::string> validate_password(std::string_view password);
// Trimmed; may be empty; at most max characters.
Result<std::string> validate_optional_text(std::string_view field, std::string_view text, std::size_t max);
// A sent file's name as shown to the other side: its last path part, at most 200 characters,
// control characters and separators replaced; "file" when nothing is left. Never trusted for the
// file's type.
Result<std::string> validate_file_name(std::string_view name);
// {question, answer}: both message texts, the question at most kMaxQuestionChars.
Result<std::pair<std::string, std::string>> validate_knowledge(std::string_view question, std::string_view answer);
// The environment variables an assistant may name for its LLM key: BATON_LLM_ and upper-case
// letters, digits or underscores (checked again when the key is read, for values stored before).
inline constexpr std::string_view kLlmKeyPrefix = "BATON_LLM_";
bool llm_key_variable(std::string_view name);
// The LLM endpoint settings as a whole: all empty (off), or an http(s) base URL (trailing slash
// dropped) with a model name, and optionally the variable holding the key (llm_key_variable).
Result<LlmSettings> validate_llm_settings(const LlmSettings& settings);
// A LINE channel's secret and access token as LINE issues them: printable ASCII without spaces
// (the secret 16..128 characters, the token 16..1000). Answers them trimmed.
Result<std::pair<std::string, std::string>> validate_line_credentials(std::string_view secret, std::string_view token);
// 1..100 bytes: the client's own key for an idempotent send.
Result<std::string> validate_client_id(std::string_view client_id);

}  // namespace baton::core
