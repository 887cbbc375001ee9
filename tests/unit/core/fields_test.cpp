// The rules of the fields people fill in besides message text.
#include "core/fields.hpp"

#include <gtest/gtest.h>

namespace baton::core {
namespace {

LlmSettings endpoint_with_key(std::string variable) {
  return LlmSettings{"https://api.example.com/v1", "gpt-test", std::move(variable)};
}

TEST(LlmSettings, TheKeyVariableMustBeSetAsideForLlmKeys) {
  EXPECT_EQ(validate_llm_settings(endpoint_with_key("BATON_LLM_OPENAI_KEY"))->api_key_env, "BATON_LLM_OPENAI_KEY");
  EXPECT_EQ(validate_llm_settings(endpoint_with_key(""))->api_key_env, "") << "no key: a local endpoint";
  for (const char* other : {"OPENAI_API_KEY", "SECRET_FOR_TEST", "BATON_LLM_", "BATON_DATABASE_URL", "baton_llm_key",
                            "BATON_LLM_KEY-2", "XBATON_LLM_KEY", "BATON_LLM_KEY ME"}) {
    auto result = validate_llm_settings(endpoint_with_key(other));
    ASSERT_FALSE(result) << other;
    EXPECT_EQ(result.error().code, ErrorCode::invalid_field) << other;
  }
  EXPECT_FALSE(llm_key_variable("BATON_LLM_" + std::string(100, 'A'))) << "too long";
}

}  // namespace
}  // namespace baton::core
