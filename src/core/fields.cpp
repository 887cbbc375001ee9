#include "core/fields.hpp"

#include <algorithm>
#include <cctype>

#include "core/limits.hpp"
#include "core/text.hpp"

namespace baton::core {

std::string normalize_email(std::string_view email) { return ascii_lower(trim_text(email)); }

Result<std::string> validate_email(std::string_view email) {
  auto trimmed = validate_short_text("email", email, kMaxEmailChars);
  if (!trimmed) return trimmed;
  const auto at = trimmed->find('@');
  if (at == 0 || at == std::string::npos || at + 1 == trimmed->size() || trimmed->find(' ') != std::string::npos) {
    return fail(ErrorCode::invalid_field, "email is not an e-mail address");
  }
  return normalize_email(*trimmed);
}

Result<std::string> validate_password(std::string_view password) {
  const long length = utf8_length(password);
  if (length < 0) return fail(ErrorCode::invalid_field, "password is not valid UTF-8");
  if (length < static_cast<long>(kMinPasswordChars) || length > static_cast<long>(kMaxPasswordChars)) {
    return fail(ErrorCode::weak_password, "password must be 10 to 200 characters");
  }
  if (trim_text(password).empty()) return fail(ErrorCode::weak_password, "password cannot be only spaces");
  return std::string(password);
}

Result<std::string> validate_optional_text(std::string_view field, std::string_view text, std::size_t max) {
  if (utf8_length(text) < 0) return fail(ErrorCode::invalid_field, std::string(field) + " is not valid UTF-8");
  const std::string_view trimmed = trim_text(text);
  if (static_cast<std::size_t>(utf8_length(trimmed)) > max) {
    return fail(ErrorCode::invalid_field,
                std::string(field) + " is longer than " + std::to_string(max) + " characters");
  }
  return std::string(trimmed);
}

Result<std::string> validate_file_name(std::string_view name) {
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  auto text = validate_optional_text("name", name, 200);
  if (!text) return text;
  for (auto& character : *text) {
    const auto code = static_cast<unsigned char>(character);
    if (code < 0x20 || code == 0x7f || character == ':' || character == '"') character = '_';
  }
  if (text->empty() || text->find_first_not_of('.') == std::string::npos) return std::string("file");
  return text;
}

Result<std::pair<std::string, std::string>> validate_knowledge(std::string_view question, std::string_view answer) {
  auto q = validate_message_text(question);
  if (!q) return tl::unexpected(Error{q.error().code, "question: " + q.error().message});
  if (static_cast<std::size_t>(utf8_length(*q)) > kMaxQuestionChars) {
    return fail(ErrorCode::invalid_field, "question is longer than 1000 characters");
  }
  auto a = validate_message_text(answer);
  if (!a) return tl::unexpected(Error{a.error().code, "answer: " + a.error().message});
  return std::pair{*q, *a};
}

Result<std::string> validate_client_id(std::string_view client_id) {
  if (client_id.empty() || client_id.size() > 100) {
    return fail(ErrorCode::invalid_field, "client_id must be 1 to 100 characters");
  }
  return std::string(client_id);
}

bool llm_key_variable(std::string_view name) {
  // Only variables set aside for LLM keys: an admin must not be able to send any other server
  // secret (a database URL, a cloud key) to an endpoint of their choosing.
  if (!name.starts_with(kLlmKeyPrefix) || name.size() == kLlmKeyPrefix.size() || name.size() > 100) return false;
  return std::all_of(name.begin(), name.end(),
                     [](unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; });
}

Result<LlmSettings> validate_llm_settings(const LlmSettings& settings) {
  LlmSettings out{std::string(trim_text(settings.base_url)), std::string(trim_text(settings.model)),
                  std::string(trim_text(settings.api_key_env))};
  if (out.base_url.empty()) {
    if (!out.model.empty() || !out.api_key_env.empty()) {
      return fail(ErrorCode::invalid_field, "llm_base_url is needed with llm_model or llm_api_key_env");
    }
    return out;
  }
  const bool http = out.base_url.starts_with("http://") || out.base_url.starts_with("https://");
  if (!http || out.base_url.size() > 500 || out.base_url.find_first_of(" \t\r\n") != std::string::npos) {
    return fail(ErrorCode::invalid_field, "llm_base_url must be an http:// or https:// URL");
  }
  while (out.base_url.ends_with('/')) out.base_url.pop_back();
  const auto printable = [](const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
  };
  if (out.model.empty() || out.model.size() > 200 || !printable(out.model)) {
    return fail(ErrorCode::invalid_field, "llm_model must be a model name (1..200 characters, no spaces)");
  }
  if (!out.api_key_env.empty() && !llm_key_variable(out.api_key_env)) {
    return fail(ErrorCode::invalid_field, "llm_api_key_env must be an environment variable name starting with " +
                                              std::string(kLlmKeyPrefix) + ", like BATON_LLM_OPENAI_KEY");
  }
  return out;
}

Result<std::pair<std::string, std::string>> validate_line_credentials(std::string_view secret, std::string_view token) {
  auto credential = [](std::string_view field, std::string_view raw, std::size_t min,
                       std::size_t max) -> Result<std::string> {
    const auto text = trim_text(raw);
    const bool printable = std::all_of(text.begin(), text.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
    if (text.size() < min || text.size() > max || !printable) {
      return fail(ErrorCode::invalid_field, std::string(field) +
                                                " does not look like one LINE issues (copy it from the "
                                                "LINE Developers console)");
    }
    return std::string(text);
  };
  auto s = credential("channel_secret", secret, 16, 128);
  if (!s) return tl::unexpected(s.error());
  auto t = credential("channel_access_token", token, 16, 1000);
  if (!t) return tl::unexpected(t.error());
  return std::pair{std::move(*s), std::move(*t)};
}

}  // namespace baton::core
