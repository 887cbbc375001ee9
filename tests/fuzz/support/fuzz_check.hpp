// What the harnesses share: a check that stops the fuzzer with a message (kept in release
// builds, unlike assert), and a reference UTF-8 validator written apart from core/text.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#define FUZZ_CHECK(condition, what)                                                                        \
  do {                                                                                                     \
    if (!(condition)) {                                                                                    \
      std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, what, #condition); \
      std::abort();                                                                                        \
    }                                                                                                      \
  } while (false)

namespace baton::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Well-formed UTF-8 as Unicode's table 3-7 lists it; answers the number of code points, or -1.
inline long reference_utf8_length(std::string_view text) {
  long count = 0;
  std::size_t at = 0;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const auto in = [&](std::size_t i, unsigned low, unsigned high) {
    return i < text.size() && byte(i) >= low && byte(i) <= high;
  };
  while (at < text.size()) {
    const unsigned lead = byte(at);
    std::size_t length = 0;
    if (lead <= 0x7F) {
      length = 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      length = in(at + 1, 0x80, 0xBF) ? 2 : 0;
    } else if (lead == 0xE0) {
      length = in(at + 1, 0xA0, 0xBF) && in(at + 2, 0x80, 0xBF) ? 3 : 0;
    } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
      length = in(at + 1, 0x80, 0xBF) && in(at + 2, 0x80, 0xBF) ? 3 : 0;
    } else if (lead == 0xED) {
      length = in(at + 1, 0x80, 0x9F) && in(at + 2, 0x80, 0xBF) ? 3 : 0;
    } else if (lead == 0xF0) {
      length = in(at + 1, 0x90, 0xBF) && in(at + 2, 0x80, 0xBF) && in(at + 3, 0x80, 0xBF) ? 4 : 0;
    } else if (lead >= 0xF1 && lead <= 0xF3) {
      length = in(at + 1, 0x80, 0xBF) && in(at + 2, 0x80, 0xBF) && in(at + 3, 0x80, 0xBF) ? 4 : 0;
    } else if (lead == 0xF4) {
      length = in(at + 1, 0x80, 0x8F) && in(at + 2, 0x80, 0xBF) && in(at + 3, 0x80, 0xBF) ? 4 : 0;
    }
    if (length == 0) return -1;
    at += length;
    ++count;
  }
  return count;
}

inline bool valid_utf8(std::string_view text) { return reference_utf8_length(text) >= 0; }

// Runs one input's checks: an exception escaping the parser is a finding like any other.
template <class Input, class Check>
int check_never_throws(Input&& input, Check check, const char* what) {
  try {
    check(input);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "exception: %s\n", error.what());
    FUZZ_CHECK(false, what);
  }
  return 0;
}

}  // namespace baton::fuzz
