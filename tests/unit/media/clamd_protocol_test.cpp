// clamd's INSTREAM framing and replies, without a daemon.
#include "media/clamd_protocol.hpp"

#include <gtest/gtest.h>

namespace baton::media::clamd {
namespace {

TEST(ClamdProtocol, ChunkLengthIsFourBytesBigEndian) {
  const auto prefix = chunk_length_prefix(0x01020304);
  EXPECT_EQ(prefix, (std::array<unsigned char, 4>{1, 2, 3, 4}));
}

TEST(ClamdProtocol, CommandsEndWithNul) {
  EXPECT_EQ(kInstreamCommand.back(), '\0');
  EXPECT_EQ(kInstreamCommand.substr(0, 9), "zINSTREAM");
}

TEST(ClamdProtocol, OkIsClean) {
  EXPECT_EQ(parse_instream_reply(std::string("stream: OK\0", 11)).outcome, ScanOutcome::clean);
}

TEST(ClamdProtocol, FoundNamesTheSignature) {
  const auto result = parse_instream_reply("stream: Win.Test.EICAR_HDB-1 FOUND\n");
  EXPECT_EQ(result.outcome, ScanOutcome::infected);
  EXPECT_EQ(result.signature, "Win.Test.EICAR_HDB-1");
}

TEST(ClamdProtocol, SizeLimitIsAnErrorWithClamdsWords) {
  const auto result = parse_instream_reply("INSTREAM size limit exceeded. ERROR");
  EXPECT_EQ(result.outcome, ScanOutcome::error);
  EXPECT_NE(result.reason.find("size limit exceeded"), std::string::npos);
}

TEST(ClamdProtocol, EmptyReplyIsAnError) { EXPECT_EQ(parse_instream_reply("").outcome, ScanOutcome::error); }

TEST(ClamdProtocol, UnexpectedReplyIsAnError) {
  EXPECT_EQ(parse_instream_reply("stream: maybe").outcome, ScanOutcome::error);
  EXPECT_EQ(parse_instream_reply("PONG").outcome, ScanOutcome::error);
  EXPECT_EQ(parse_instream_reply("stream:  FOUND").outcome, ScanOutcome::error);
}

TEST(ClamdProtocol, UnprintableBytesNeverReachTheReason) {
  const auto result = parse_instream_reply("\x01\x02garbage\x7f");
  EXPECT_EQ(result.reason.find('\x01'), std::string::npos);
}

}  // namespace
}  // namespace baton::media::clamd
