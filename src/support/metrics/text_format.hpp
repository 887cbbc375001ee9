// Writes the Prometheus text exposition format 0.0.4: # HELP and # TYPE lines, then one sample per
// line with its labels escaped. Nothing here knows Baton; the registry and the collectors use it.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace baton::metrics {

inline constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

enum class Kind { counter, gauge, histogram };

struct Label {
  std::string_view name;
  std::string_view value;
};

// A label value as the format wants it: backslash, double quote and line feed escaped.
std::string escape_label_value(std::string_view value);
// A number as the format wants it: integers without a point, +Inf/-Inf/NaN spelled out, other
// values in the shortest form that reads back exactly.
std::string format_number(double value);

class TextWriter {
 public:
  void header(std::string_view name, std::string_view help, Kind kind);
  void sample(std::string_view name, std::span<const Label> labels, double value);
  // A sample with one label more after `labels` (a histogram bucket's `le`).
  void sample(std::string_view name, std::span<const Label> labels, Label extra, double value);
  const std::string& text() const { return text_; }
  std::string take() { return std::move(text_); }

 private:
  void labels(std::span<const Label> labels, const Label* extra);
  std::string text_;
};

}  // namespace baton::metrics
