// Loads the project's copy of the eval data set (testdata/eval).
#pragma once

#include <boost/json.hpp>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace baton::testing {

inline boost::json::value load_eval(const std::string& name) {
  std::ifstream file(std::string(BATON_TESTDATA) + "/eval/" + name);
  std::stringstream text;
  text << file.rdbuf();
  return boost::json::parse(text.str());
}

inline std::vector<std::string> strings_of(const boost::json::value& array) {
  std::vector<std::string> out;
  for (const auto& item : array.as_array()) out.emplace_back(item.as_string());
  return out;
}

}  // namespace baton::testing
