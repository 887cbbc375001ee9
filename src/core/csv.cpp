#include "core/csv.hpp"

namespace baton::core {
namespace {

// Starts like a formula once the leading apostrophes (what escaping adds) are set aside.
bool needs_escape(std::string_view cell) {
  const auto first = cell.find_first_not_of('\'');
  return first != std::string_view::npos && std::string_view("=+-@\t\r").find(cell[first]) != std::string_view::npos;
}

}  // namespace

Result<std::vector<CsvRecord>> parse_csv(std::string_view text) {
  // A UTF-8 byte order mark (Excel writes one) is not part of the first field.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRecord> records;
  CsvRecord record;
  std::string field;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field was quoted (only a separator may follow)
  auto end_field = [&] {
    record.push_back(std::move(field));
    field.clear();
    was_quoted = false;
  };
  auto end_record = [&] {
    end_field();
    // A blank line is no record.
    if (!(record.size() == 1 && record.front().empty())) records.push_back(std::move(record));
    record.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        quoted = false;
        was_quoted = true;
      }
      continue;
    }
    switch (c) {
      case ',':
        end_field();
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        end_record();
        break;
      case '\n':
        end_record();
        break;
      case '"':
        if (!field.empty() || was_quoted)
          return fail(ErrorCode::invalid_field, "CSV: a quote inside an unquoted field");
        quoted = true;
        break;
      default:
        if (was_quoted) return fail(ErrorCode::invalid_field, "CSV: text after a closing quote");
        field += c;
    }
  }
  if (quoted) return fail(ErrorCode::invalid_field, "CSV: a quoted field is not closed");
  if (!field.empty() || was_quoted || !record.empty()) end_record();
  return records;
}

std::string format_csv_record(const CsvRecord& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    const auto& field = fields[i];
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
      line += field;
      continue;
    }
    line += '"';
    for (char c : field) {
      if (c == '"') line += '"';
      line += c;
    }
    line += '"';
  }
  line += "\r\n";
  return line;
}

std::string escape_formula(std::string_view cell) {
  return needs_escape(cell) ? "'" + std::string(cell) : std::string(cell);
}

std::string unescape_formula(std::string_view cell) {
  if (cell.starts_with('\'') && needs_escape(cell)) cell.remove_prefix(1);
  return std::string(cell);
}

}  // namespace baton::core
