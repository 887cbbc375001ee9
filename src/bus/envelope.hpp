// An event as it travels between nodes: a header line (the sending node, the topic, the type,
// the conversation, seq and version, tab-separated) and then the client frame untouched, so the
// frame is neither escaped nor parsed again on the way.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bus/event_bus.hpp"

namespace baton::bus {

struct Envelope {
  std::string node;
  Event event;
};

std::string encode_envelope(std::string_view node, const Event& event);
// Nothing for anything malformed (a foreign publisher on the channel, a truncated message).
std::optional<Envelope> decode_envelope(std::string_view bytes);

}  // namespace baton::bus
