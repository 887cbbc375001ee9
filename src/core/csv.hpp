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

}  // namespace baton::core
