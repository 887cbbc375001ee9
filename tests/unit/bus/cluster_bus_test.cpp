// The parts of the cluster bus that need no Redis: the envelope between nodes, the delivery
// tracker, and the RESP codec.
#include <gtest/gtest.h>

#include "bus/delivery_tracker.hpp"
#include "bus/envelope.hpp"
#include "bus/redis/redis_url.hpp"
#include "bus/redis/resp.hpp"

namespace baton::bus {
namespace {

Event message(const std::string& topic, std::int64_t seq, const std::string& conversation = "c1") {
  return Event{topic, "message.created", std::make_shared<const std::string>("{}"), conversation, seq, 0};
}

Event conversation_state(const std::string& topic, std::int64_t version) {
  return Event{topic, "conversation.updated", std::make_shared<const std::string>("{}"), "c1", 0, version};
}

TEST(Envelope, CarriesAnEventUnchangedWithItsNode) {
  Event event{"conversation/c1",
              "message.created",
              std::make_shared<const std::string>("{\"text\":\"two\\nlines\ttab 中文\"}"),
              "c1",
              42,
              7,
              Reach::cluster,
              "asst_1"};
  auto decoded = decode_envelope(encode_envelope("node-a", event));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->node, "node-a");
  EXPECT_EQ(decoded->event.topic, event.topic);
  EXPECT_EQ(decoded->event.type, event.type);
  EXPECT_EQ(decoded->event.conversation_id, "c1");
  EXPECT_EQ(decoded->event.seq, 42);
  EXPECT_EQ(decoded->event.version, 7);
  EXPECT_EQ(decoded->event.assistant_id, "asst_1") << "the popup's members are known on every node";
  EXPECT_EQ(*decoded->event.payload, *event.payload);
}

TEST(Envelope, RefusesWhatIsNotOne) {
  for (const std::string& bad : std::vector<std::string>{
           "", "hello", "baton1\tn\tt\ty\tc\t1\n", "baton1\tn\tt\ty\tc\t1\t2\ta\tb\n{}", "baton1\tn\tt\ty\tc\t1\t2\n{}",
           "baton2\tn\tt\ty\tc\t1\t2\ta\n{}", "baton1\t\tt\ty\tc\t1\t2\n{}", "baton1\tn\tt\ty\tc\t-1\t2\n{}",
           "baton1\tn\tt\ty\tc\tx\t2\n{}", "baton1\tn\tt\ty\tc\t1\t99999999999999999999999\n{}",
           std::string(2000, 'a') + "\n{}"}) {
    EXPECT_FALSE(decode_envelope(bad)) << bad;
  }
}

TEST(DeliveryTracker, LetsTheFirstCopyOfAMessageThroughPerTopic) {
  DeliveryTracker tracker;
  EXPECT_TRUE(tracker.admit(message("agents", 5)));
  EXPECT_TRUE(tracker.admit(message("conversation/c1", 5)));  // another topic: its own copy
  EXPECT_FALSE(tracker.admit(message("agents", 5)));
  EXPECT_TRUE(tracker.admit(message("agents", 4))) << "overtaken (another lane, another node): still welcome";
  EXPECT_FALSE(tracker.admit(message("agents", 4)));
  EXPECT_EQ(tracker.mark("c1")->seq, 0) << "1 to 3 stay open: the sweep replays them once";
  for (std::int64_t seq = 1; seq <= 3; ++seq) {
    EXPECT_TRUE(tracker.admit(message("agents", seq)));
    EXPECT_TRUE(tracker.admit(message("conversation/c1", seq)));
  }
  EXPECT_TRUE(tracker.admit(message("conversation/c1", 4)));
  EXPECT_EQ(tracker.mark("c1")->seq, 5);
  EXPECT_TRUE(tracker.admit(message("agents", 7)));  // past a gap
  EXPECT_EQ(tracker.mark("c1")->seq, 5) << "6 is still missing";
  EXPECT_TRUE(tracker.admit(message("agents", 6)));
  EXPECT_FALSE(tracker.admit(message("agents", 7)));
  EXPECT_EQ(tracker.mark("c1")->seq, 5) << "the conversation topic has had only 5";
  EXPECT_TRUE(tracker.admit(message("conversation/c1", 6)));
  EXPECT_TRUE(tracker.admit(message("conversation/c1", 7)));
  EXPECT_EQ(tracker.mark("c1")->seq, 7);
}

TEST(DeliveryTracker, AMessageWellBeforeTheFirstSeenWasFetchedByTheClients) {
  DeliveryTracker tracker;
  EXPECT_TRUE(tracker.admit(message("agents", 100)));
  EXPECT_FALSE(tracker.admit(message("agents", 100 - 2 - DeliveryTracker::kFirstSightSlack)));
  EXPECT_TRUE(tracker.admit(message("agents", 100 - DeliveryTracker::kFirstSightSlack)));
}

TEST(DeliveryTracker, AConversationSeenOnlyAsAStateHasNoMessageMark) {
  DeliveryTracker tracker;
  EXPECT_TRUE(tracker.admit(conversation_state("agents", 3)));
  ASSERT_TRUE(tracker.mark("c1"));
  EXPECT_FALSE(tracker.mark("c1")->seq) << "the sweep must not replay its messages from the first";
}

TEST(DeliveryTracker, IgnoresAConversationOlderThanOneDelivered) {
  DeliveryTracker tracker;
  EXPECT_TRUE(tracker.admit(conversation_state("agents", 3)));
  EXPECT_FALSE(tracker.admit(conversation_state("agents", 2)));
  EXPECT_FALSE(tracker.admit(conversation_state("agents", 3)));
  EXPECT_TRUE(tracker.admit(conversation_state("agents", 4)));
  EXPECT_EQ(tracker.mark("c1")->version, 4);
  Event popup = conversation_state("agents", 4);
  popup.type = "handoff.requested";  // the same version of another event type is not a copy
  EXPECT_TRUE(tracker.admit(popup));
}

TEST(DeliveryTracker, PassesEventsWithoutSeqOrVersionAndForgetsIdleConversations) {
  DeliveryTracker tracker;
  Event typing{"conversation/c1", "typing", std::make_shared<const std::string>("{}"), "c1"};
  EXPECT_TRUE(tracker.admit(typing));
  EXPECT_TRUE(tracker.admit(typing));
  EXPECT_FALSE(tracker.mark("c1"));
  EXPECT_TRUE(tracker.admit(message("agents", 1)));
  EXPECT_TRUE(tracker.mark("c1"));
  tracker.prune(std::chrono::seconds(0));
  EXPECT_FALSE(tracker.mark("c1"));
}

TEST(DeliveryTracker, AGapThatNeverFillsDoesNotHoldMemoryForever) {
  DeliveryTracker tracker;
  EXPECT_TRUE(tracker.admit(message("agents", 1)));
  for (std::int64_t seq = 3; seq < 3 + static_cast<std::int64_t>(DeliveryTracker::kMaxAboveGap) + 10; ++seq) {
    EXPECT_TRUE(tracker.admit(message("agents", seq)));
  }
  EXPECT_GT(tracker.mark("c1")->seq, 2) << "the lost message 2 was given up on";
}

TEST(Resp, FormatsCommandsAsArraysOfBulkStrings) {
  EXPECT_EQ(redis::format_command({"PUBLISH", "ch", std::string("a\r\nb\0c", 6)}),
            std::string_view("*3\r\n$7\r\nPUBLISH\r\n$2\r\nch\r\n$6\r\na\r\nb\0c\r\n", 37));
}

TEST(Resp, ReadsRepliesSplitAnywhere) {
  const std::string stream =
      "+OK\r\n:42\r\n$5\r\nhello\r\n*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n*2\r\n:1\r\n$1\r\nx\r\n$-1\r\n-ERR no\r\n";
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    redis::RespParser parser;
    std::vector<redis::RespValue> replies;
    parser.feed(std::string_view(stream).substr(0, cut));
    while (auto reply = parser.next()) replies.push_back(*reply);
    parser.feed(std::string_view(stream).substr(cut));
    while (auto reply = parser.next()) replies.push_back(*reply);
    ASSERT_EQ(replies.size(), 6u) << cut;
    EXPECT_EQ(replies[0].kind, redis::RespValue::Kind::status);
    EXPECT_EQ(replies[1].integer, 42);
    EXPECT_EQ(replies[2].text, "hello");
    ASSERT_EQ(replies[3].elements.size(), 3u);
    ASSERT_EQ(replies[3].elements[2].elements.size(), 2u);  // nested
    EXPECT_EQ(replies[3].elements[2].elements[1].text, "x");
    EXPECT_EQ(replies[4].kind, redis::RespValue::Kind::nil);
    EXPECT_TRUE(replies[5].is_error());
  }
}

TEST(Resp, ThrowsOnGarbageAndOnAReplyPastTheBound) {
  redis::RespParser garbage;
  garbage.feed("?what\r\n");
  EXPECT_THROW(garbage.next(), redis::RespError);
  redis::RespParser huge_array;
  huge_array.feed("*999999999\r\n");
  EXPECT_THROW(huge_array.next(), redis::RespError) << "refused before allocating";
  redis::RespParser nested;
  nested.feed("*200000\r\n*200000\r\n");
  EXPECT_THROW(nested.next(), redis::RespError) << "nested arrays count together";
  redis::RespParser bounded(1024);
  EXPECT_THROW(bounded.feed("$100000\r\n" + std::string(2000, 'x')), redis::RespError);
}

TEST(RedisUrl, ReadsHostPortPasswordAndDatabase) {
  auto plain = redis::parse_redis_url("redis://127.0.0.1:6380");
  EXPECT_EQ(plain.host, "127.0.0.1");
  EXPECT_EQ(plain.port, "6380");
  EXPECT_FALSE(plain.password);
  auto full = redis::parse_redis_url("redis://:s3cret@cache.internal/2");
  EXPECT_EQ(full.host, "cache.internal");
  EXPECT_EQ(full.port, "6379");
  EXPECT_EQ(full.password, "s3cret");
  EXPECT_EQ(full.database, 2);
  for (const auto* bad : {"", "http://x:1", "redis://", "redis://h:1/x", "redis://h:1/-1"}) {
    EXPECT_THROW(redis::parse_redis_url(bad), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace baton::bus
