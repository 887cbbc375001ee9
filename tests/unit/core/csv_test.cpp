// CSV as spreadsheets write it: quotes, commas and line breaks inside fields, CRLF, a BOM.
#include "core/csv.hpp"

#include <gtest/gtest.h>

namespace baton::core {
namespace {

TEST(Csv, ReadsQuotedFieldsWithCommasQuotesAndLineBreaks) {
  auto records = parse_csv(
      "\xEF\xBB\xBFquestion,answer\r\n\"運費,多少?\",\"滿 NT$1,500 免運\nsecond line\"\r\n"
      "plain,\"she said \"\"hi\"\"\"\n\n");
  ASSERT_TRUE(records) << records.error().message;
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0], (CsvRecord{"question", "answer"}));
  EXPECT_EQ((*records)[1], (CsvRecord{"運費,多少?", "滿 NT$1,500 免運\nsecond line"}));
  EXPECT_EQ((*records)[2], (CsvRecord{"plain", "she said \"hi\""}));
}

TEST(Csv, RejectsBrokenQuoting) {
  EXPECT_FALSE(parse_csv("a,\"never closed\n"));
  EXPECT_FALSE(parse_csv("a\"b,c\n"));
  EXPECT_FALSE(parse_csv("\"a\"b,c\n"));
}

TEST(Csv, WhatItWritesReadsBackTheSame) {
  const CsvRecord record{"a,b", "say \"hi\"", "line\nbreak", "plain", ""};
  auto back = parse_csv(format_csv_record(record));
  ASSERT_TRUE(back);
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ(back->front(), record);
}

TEST(Csv, FormulaCellsAreEscapedForSpreadsheetsAndComeBackAsTheyWere) {
  EXPECT_EQ(escape_formula("=HYPERLINK(\"http://evil.example\")"), "'=HYPERLINK(\"http://evil.example\")");
  EXPECT_EQ(escape_formula("@SUM(1+1)"), "'@SUM(1+1)");
  EXPECT_EQ(escape_formula("+886 2 1234"), "'+886 2 1234");
  EXPECT_EQ(escape_formula("-5 degrees"), "'-5 degrees");
  EXPECT_EQ(escape_formula("\tcmd"), "'\tcmd");
  EXPECT_EQ(escape_formula("\rcmd"), "'\rcmd");
  EXPECT_EQ(escape_formula("Price: =5"), "Price: =5") << "only the first character counts";
  EXPECT_EQ(escape_formula("運費"), "運費");
  EXPECT_EQ(escape_formula(""), "");
  EXPECT_EQ(escape_formula("'quoted'"), "'quoted'");
  EXPECT_EQ(unescape_formula("'quoted'"), "'quoted'") << "an apostrophe of the text itself stays";
  for (const std::string cell : {"=1+1", "'=1+1", "''@x", "'", "''", "'plain", "plain", "-", "\t", ""}) {
    EXPECT_EQ(unescape_formula(escape_formula(cell)), cell) << cell;
  }
}

}  // namespace
}  // namespace baton::core
