#include "channels/http/knowledge_files.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "channels/http/json_input.hpp"
#include "core/csv.hpp"

namespace baton::channels::http {

core::Error bad_format() { return {core::ErrorCode::invalid_field, "format must be json or csv"}; }

core::Result<std::vector<app::KnowledgeText>> knowledge_from_json(std::string_view raw) {
  boost::system::error_code error;
  auto parsed = boost::json::parse(raw, error);
  if (error) return core::fail(core::ErrorCode::invalid_json, "the body is not valid JSON");
  const boost::json::array* list = parsed.if_array();
  if (!list && parsed.is_object() && parsed.as_object().contains("knowledge")) list = parsed.at("knowledge").if_array();
  if (!list) return core::fail(core::ErrorCode::invalid_field, "expected an array of {question, answer}");
  std::vector<app::KnowledgeText> entries;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto* item = (*list)[i].if_object();
    auto fields = item ? required_strings<2>(*item, {"question", "answer"})
                       : core::fail(core::ErrorCode::invalid_field, "not an object");
    if (!fields)
      return core::fail(fields.error().code, "entry " + std::to_string(i + 1) + ": " + fields.error().message);
    entries.push_back({std::move((*fields)[0]), std::move((*fields)[1])});
  }
  return entries;
}

core::Result<std::vector<app::KnowledgeText>> knowledge_from_csv(std::string_view raw) {
  auto records = core::parse_csv(raw);
  if (!records) return tl::unexpected(records.error());
  if (records->empty()) return core::fail(core::ErrorCode::invalid_field, "the CSV is empty");
  const auto& header = records->front();
  auto column = [&header](std::string_view name) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return static_cast<int>(i);
    }
    return -1;
  };
  const int question = column("question");
  const int answer = column("answer");
  if (question < 0 || answer < 0) {
    return core::fail(core::ErrorCode::invalid_field, "the CSV's first row must name the columns question and answer");
  }
  std::vector<app::KnowledgeText> entries;
  for (std::size_t row = 1; row < records->size(); ++row) {
    const auto& record = (*records)[row];
    if (record.size() <= static_cast<std::size_t>(std::max(question, answer))) {
      return core::fail(core::ErrorCode::invalid_field, "row " + std::to_string(row + 1) + " has too few columns");
    }
    // What the export escaped for spreadsheets comes back as it was.
    entries.push_back({core::unescape_formula(record[question]), core::unescape_formula(record[answer])});
  }
  return entries;
}

namespace {

Response attachment(std::string body, std::string_view content_type, const std::string& filename) {
  Response response{beast_http::status::ok, 11};
  response.set(beast_http::field::content_type, content_type);
  response.set(beast_http::field::content_disposition, "attachment; filename=\"" + filename + "\"");
  response.set(beast_http::field::cache_control, "no-store");
  response.body() = std::move(body);
  return response;
}

}  // namespace

Response knowledge_csv(const std::vector<core::KnowledgeEntry>& entries, const std::string& assistant_id) {
  std::string body = core::format_csv_record({"question", "answer"});
  // For spreadsheets: no cell may run as a formula (knowledge can start from customer text).
  for (const auto& e : entries) {
    body += core::format_csv_record({core::escape_formula(e.question), core::escape_formula(e.answer)});
  }
  return attachment(std::move(body), "text/csv; charset=utf-8", assistant_id + "-knowledge.csv");
}

Response knowledge_json_file(const std::vector<core::KnowledgeEntry>& entries, const std::string& assistant_id) {
  boost::json::array list;
  for (const auto& e : entries) list.push_back({{"id", e.id}, {"question", e.question}, {"answer", e.answer}});
  return attachment(boost::json::serialize(list), "application/json; charset=utf-8", assistant_id + "-knowledge.json");
}

}  // namespace baton::channels::http
