// Knowledge imported as CSV (core/csv.hpp, knowledge_from_csv): any bytes parse or fail
// cleanly; what parses writes back and reads back the same; an import has a row per entry; no
// exported cell starts like a spreadsheet formula, and exporting what was imported then
// importing it again gives back the same entries.
#include <exception>
#include <string>
#include <vector>

#include "channels/http/knowledge_files.hpp"
#include "core/csv.hpp"
#include "core/fields.hpp"
#include "support/fuzz_check.hpp"

namespace {
using baton::core::ErrorCode;

void check(std::string_view text) {
  const auto records = baton::core::parse_csv(text);
  const auto entries = baton::channels::http::knowledge_from_csv(text);
  if (!records) {
    FUZZ_CHECK(records.error().code == ErrorCode::invalid_field, "broken CSV is invalid_field");
    FUZZ_CHECK(!entries, "an import fails when its CSV does");
    return;
  }
  std::string written;
  for (const auto& record : *records) {
    FUZZ_CHECK(!record.empty(), "a record has a field");
    FUZZ_CHECK(!(record.size() == 1 && record.front().empty()), "a blank line is no record");
    written += baton::core::format_csv_record(record);
    for (const auto& field : record) {
      const auto escaped = baton::core::escape_formula(field);
      FUZZ_CHECK(escaped.empty() || std::string_view("=+-@\t\r").find(escaped.front()) == std::string_view::npos,
                 "no exported cell starts like a formula");
      FUZZ_CHECK(baton::core::unescape_formula(escaped) == field, "unescaping gives back the cell");
    }
  }
  // A field that starts with a byte order mark loses it when it comes first in the text: the
  // reader takes it for the file's. Everything else survives the round trip.
  const bool leading_mark = !records->empty() && records->front().front().starts_with("\xEF\xBB\xBF");
  if (!leading_mark) {
    const auto again = baton::core::parse_csv(written);
    FUZZ_CHECK(again && *again == *records, "what the CSV writer writes reads back the same");
  }
  if (!entries) {
    FUZZ_CHECK(entries.error().code == ErrorCode::invalid_field, "a CSV that is no import is invalid_field");
    return;
  }
  FUZZ_CHECK(!records->empty() && entries->size() == records->size() - 1, "one entry per row after the header");
  std::vector<baton::core::KnowledgeEntry> stored;
  for (const auto& entry : *entries) stored.push_back({.question = entry.question, .answer = entry.answer});
  const auto exported = baton::channels::http::knowledge_csv(stored, "a1");
  const auto again = baton::channels::http::knowledge_from_csv(exported.body());
  FUZZ_CHECK(again && again->size() == entries->size(), "an export imports again");
  for (std::size_t i = 0; i < entries->size(); ++i) {
    FUZZ_CHECK((*again)[i].question == (*entries)[i].question && (*again)[i].answer == (*entries)[i].answer,
               "export then import gives back the same entries");
  }
  for (const auto& entry : *entries) {
    const auto valid = baton::core::validate_knowledge(entry.question, entry.answer);
    if (!valid) continue;  // the import answers 400 for this entry
    FUZZ_CHECK(baton::fuzz::valid_utf8(valid->first) && baton::fuzz::valid_utf8(valid->second),
               "knowledge is stored as valid UTF-8");
    FUZZ_CHECK(baton::fuzz::reference_utf8_length(valid->first) <= 1000, "a question holds at most 1000 characters");
    FUZZ_CHECK(baton::fuzz::reference_utf8_length(valid->second) <= 4000, "an answer holds at most 4000 characters");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return baton::fuzz::check_never_throws(baton::fuzz::as_text(data, size), check, "reading CSV never throws");
}
