// What arrives from Redis: the RESP replies (hiredis's reader, bounded by ours) and the envelope
// of an event from another node. Neither ever throws anything but RespError, never crashes,
// and an envelope that decodes encodes back to the same bytes.
#include <exception>
#include <string>

#include "bus/envelope.hpp"
#include "bus/redis/resp.hpp"
#include "support/fuzz_check.hpp"

namespace {
namespace bus = baton::bus;

void check(std::string_view bytes) {
  if (auto envelope = bus::decode_envelope(bytes)) {
    FUZZ_CHECK(bus::encode_envelope(envelope->node, envelope->event) == bytes, "an envelope round-trips");
  }
  bus::redis::RespParser parser(4096);
  try {
    // In two pieces, as a socket may deliver them.
    parser.feed(bytes.substr(0, bytes.size() / 2));
    while (parser.next()) {
    }
    parser.feed(bytes.substr(bytes.size() / 2));
    while (parser.next()) {
    }
  } catch (const bus::redis::RespError&) {
    // Garbage or too large: the connection would be dropped.
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return baton::fuzz::check_never_throws(baton::fuzz::as_text(data, size), check, "bus input never throws");
}
