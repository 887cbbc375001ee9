// Knowledge as files: what an import accepts (JSON or CSV from a spreadsheet) and what an
// export answers (a JSON or CSV attachment).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/assistant_service.hpp"
#include "channels/http/request_context.hpp"

namespace baton::channels::http {

core::Error bad_format();
// A JSON array of {question, answer} (what the export writes; also inside {"knowledge": [...]}).
core::Result<std::vector<app::KnowledgeText>> knowledge_from_json(std::string_view raw);
// CSV whose first row names the question and answer columns.
core::Result<std::vector<app::KnowledgeText>> knowledge_from_csv(std::string_view raw);
Response knowledge_csv(const std::vector<core::KnowledgeEntry>& entries, const std::string& assistant_id);
Response knowledge_json_file(const std::vector<core::KnowledgeEntry>& entries, const std::string& assistant_id);

}  // namespace baton::channels::http
