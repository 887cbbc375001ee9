// CSV as spreadsheets write it (RFC 4180): fields separated by commas, quoted when they hold a
// comma, a quote or a line break, quotes doubled inside quotes; CRLF or LF between records.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace baton::core {

using CsvRecord = std::vector<std::string>;

// Every record of the text; a stray quote or an unterminated quoted field is an error.
Result<std::vector<CsvRecord>> parse_csv(std::string_view text);
// One record, with its line end (CRLF, as RFC 4180 says).
std::string format_csv_record(const CsvRecord& fields);

// A cell for a file meant for spreadsheets, which would run one that starts with =, +, -, @,
// TAB or CR as a formula: such a cell gets a leading ' (so does one where apostrophes come
// before one of those, so that unescape_formula gives back exactly what was written).
std::string escape_formula(std::string_view cell);
// The inverse, for imports: one leading ' before one of those characters is dropped.
std::string unescape_formula(std::string_view cell);

}  // namespace baton::core
