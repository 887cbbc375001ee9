#include "bus/envelope.hpp"

#include <array>
#include <charconv>

namespace baton::bus {

namespace {

constexpr std::string_view kMagic = "baton1";
constexpr std::size_t kMaxHeader = 1024;

// Canonical decimal only (no leading zero), so that an envelope has one spelling.
bool parse_number(std::string_view text, std::int64_t& out) {
  if (text.empty() || text.front() < '0' || text.front() > '9' || (text.size() > 1 && text.front() == '0'))
    return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && out >= 0;
}

}  // namespace

std::string encode_envelope(std::string_view node, const Event& event) {
  std::string bytes;
  bytes.reserve(kMagic.size() + node.size() + event.topic.size() + event.type.size() + event.conversation_id.size() +
                event.assistant_id.size() + 48 + (event.payload ? event.payload->size() : 0));
  bytes.append(kMagic).append("\t").append(node).append("\t").append(event.topic).append("\t").append(event.type);
  bytes.append("\t").append(event.conversation_id).append("\t").append(std::to_string(event.seq));
  bytes.append("\t").append(std::to_string(event.version));
  bytes.append("\t").append(event.assistant_id).append("\n");
  if (event.payload) bytes.append(*event.payload);
  return bytes;
}

std::optional<Envelope> decode_envelope(std::string_view bytes) {
  const auto line_end = bytes.find('\n');
  if (line_end == std::string_view::npos || line_end > kMaxHeader) return std::nullopt;
  std::string_view header = bytes.substr(0, line_end);
  std::array<std::string_view, 8> fields;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto tab = header.find('\t');
    if ((tab == std::string_view::npos) != (i + 1 == fields.size())) return std::nullopt;
    fields[i] = header.substr(0, tab);
    header = tab == std::string_view::npos ? std::string_view() : header.substr(tab + 1);
  }
  if (fields[0] != kMagic || fields[1].empty() || fields[2].empty() || fields[3].empty()) return std::nullopt;
  Envelope envelope;
  envelope.node = fields[1];
  envelope.event.topic = fields[2];
  envelope.event.type = fields[3];
  envelope.event.conversation_id = fields[4];
  envelope.event.assistant_id = fields[7];
  if (!parse_number(fields[5], envelope.event.seq) || !parse_number(fields[6], envelope.event.version)) {
    return std::nullopt;
  }
  envelope.event.payload = std::make_shared<const std::string>(bytes.substr(line_end + 1));
  return envelope;
}

}  // namespace baton::bus
