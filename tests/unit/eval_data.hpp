// Loads the project's copies of the eval data sets (testdata/eval, testdata/eval-extra).
#pragma once

#include <boost/json.hpp>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace baton::testing {

// A JSON file under testdata/ (`path` relative to it); nullopt when it is not there.
inline std::optional<boost::json::value> load_testdata(const std::string& path) {
  std::ifstream file(std::string(BATON_TESTDATA) + "/" + path);
  if (!file) return std::nullopt;
  std::stringstream text;
  text << file.rdbuf();
  return boost::json::parse(text.str());
}

inline boost::json::value load_eval(const std::string& name) { return load_testdata("eval/" + name).value(); }

inline std::vector<std::string> strings_of(const boost::json::value& array) {
  std::vector<std::string> out;
  for (const auto& item : array.as_array()) out.emplace_back(item.as_string());
  return out;
}

}  // namespace baton::testing
