// Sizes of the fields people fill in (messages have their own rule in text.hpp).
#pragma once

#include <cstddef>

namespace baton::core {

inline constexpr std::size_t kMaxNameChars = 100;
// Routing: an agent's or an assistant's capacity, how many assistants an agent serves, how late a
// requeue may be set.
inline constexpr std::int64_t kMaxCapacity = 1000;
inline constexpr std::size_t kMaxMemberships = 200;
inline constexpr std::int64_t kMaxRequeueSeconds = 86'400;
inline constexpr std::size_t kMaxEmailChars = 254;
inline constexpr std::size_t kMaxContactChars = 200;
inline constexpr std::size_t kMaxGreetingChars = 1000;
inline constexpr std::size_t kMaxQuestionChars = 1000;
inline constexpr std::size_t kMinPasswordChars = 10;
inline constexpr std::size_t kMaxPasswordChars = 200;
inline constexpr int kMaxPageSize = 500;
inline constexpr std::size_t kMaxImportEntries = 2000;  // knowledge entries per import

}  // namespace baton::core
