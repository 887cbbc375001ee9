// clamd's INSTREAM protocol, the bytes without the socket: the command, the chunk framing and
// the reply. ("z" commands end with NUL, and so does each reply.)
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "media/scan_result.hpp"

namespace baton::media::clamd {

inline constexpr std::string_view kInstreamCommand{"zINSTREAM\0", 10};
inline constexpr std::string_view kPingCommand{"zPING\0", 6};

// The 4-byte big-endian length that precedes each chunk; a length of 0 ends the stream.
std::array<unsigned char, 4> chunk_length_prefix(std::uint32_t length);

// clamd's answer to INSTREAM ("stream: OK", "stream: <name> FOUND", "<why> ERROR"), with or
// without its NUL or newline.
ScanResult parse_instream_reply(std::string_view reply);

}  // namespace baton::media::clamd
