#include "support/metrics/text_format.hpp"

#include <charconv>
#include <cmath>

namespace baton::metrics {
namespace {

std::string_view name_of(Kind kind) {
  switch (kind) {
    case Kind::counter:
      return "counter";
    case Kind::gauge:
      return "gauge";
    case Kind::histogram:
      return "histogram";
  }
  return "untyped";
}

// HELP text escapes backslash and line feed only (a quote is plain text there).
std::string escape_help(std::string_view help) {
  std::string escaped;
  escaped.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string escaped;
  escaped.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '"') {
      escaped += "\\\"";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string format_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  // Whole numbers up to 2^53 are exact in a double: print them as integers (counters, counts).
  if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0) {
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(value));
    return std::string(buffer, end);
  }
  // Plain decimals for everyday sizes (a bucket bound of 0.0005, not 5e-04), exponents beyond.
  const double magnitude = std::fabs(value);
  const auto format = magnitude >= 1e-6 && magnitude < 1e15 ? std::chars_format::fixed : std::chars_format::general;
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value, format);
  return std::string(buffer, end);
}

void TextWriter::header(std::string_view name, std::string_view help, Kind kind) {
  text_ += "# HELP ";
  text_ += name;
  text_ += ' ';
  text_ += escape_help(help);
  text_ += "\n# TYPE ";
  text_ += name;
  text_ += ' ';
  text_ += name_of(kind);
  text_ += '\n';
}

void TextWriter::labels(std::span<const Label> labels, const Label* extra) {
  if (labels.empty() && !extra) return;
  text_ += '{';
  bool first = true;
  auto add = [&](const Label& label) {
    if (!first) text_ += ',';
    first = false;
    text_ += label.name;
    text_ += "=\"";
    text_ += escape_label_value(label.value);
    text_ += '"';
  };
  for (const auto& label : labels) add(label);
  if (extra) add(*extra);
  text_ += '}';
}

void TextWriter::sample(std::string_view name, std::span<const Label> labels, double value) {
  text_ += name;
  this->labels(labels, nullptr);
  text_ += ' ';
  text_ += format_number(value);
  text_ += '\n';
}

void TextWriter::sample(std::string_view name, std::span<const Label> labels, Label extra, double value) {
  text_ += name;
  this->labels(labels, &extra);
  text_ += ' ';
  text_ += format_number(value);
  text_ += '\n';
}

}  // namespace baton::metrics
