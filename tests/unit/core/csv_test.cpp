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

}  // namespace
}  // namespace baton::core
