#include "bus/redis/resp.hpp"

#include <hiredis/hiredis.h>

namespace baton::bus::redis {

namespace {

RespValue copy_reply(const redisReply& reply) {
  RespValue value;
  switch (reply.type) {
    case REDIS_REPLY_STRING:
      value.kind = RespValue::Kind::string;
      value.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_STATUS:
      value.kind = RespValue::Kind::status;
      value.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_ERROR:
      value.kind = RespValue::Kind::error;
      value.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_INTEGER:
      value.kind = RespValue::Kind::integer;
      value.integer = reply.integer;
      break;
    case REDIS_REPLY_ARRAY:
      value.kind = RespValue::Kind::array;
      value.elements.reserve(reply.elements);
      for (std::size_t i = 0; i < reply.elements; ++i) value.elements.push_back(copy_reply(*reply.element[i]));
      break;
    default:
      value.kind = RespValue::Kind::nil;
  }
  return value;
}

redisReader* as_reader(void* reader) { return static_cast<redisReader*>(reader); }

}  // namespace

std::string format_command(const std::vector<std::string>& args) {
  std::vector<const char*> pointers;
  std::vector<std::size_t> lengths;
  pointers.reserve(args.size());
  lengths.reserve(args.size());
  for (const auto& arg : args) {
    pointers.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  char* bytes = nullptr;
  const int length = redisFormatCommandArgv(&bytes, static_cast<int>(args.size()), pointers.data(), lengths.data());
  if (length < 0 || bytes == nullptr) throw std::bad_alloc();
  std::string command(bytes, static_cast<std::size_t>(length));
  redisFreeCommand(bytes);
  return command;
}

void RespParser::ReaderFree::operator()(void* reader) const { redisReaderFree(as_reader(reader)); }

RespParser::RespParser(std::size_t max_buffered) : reader_(redisReaderCreate()), max_buffered_(max_buffered) {
  if (!reader_) throw std::bad_alloc();
}

RespParser::~RespParser() = default;

void RespParser::feed(std::string_view bytes) {
  buffered_ += bytes.size();
  if (buffered_ > max_buffered_) throw RespError("a Redis reply is larger than the bound");
  if (redisReaderFeed(as_reader(reader_.get()), bytes.data(), bytes.size()) != REDIS_OK) {
    throw RespError(std::string("Redis reply: ") + as_reader(reader_.get())->errstr);
  }
}

std::optional<RespValue> RespParser::next() {
  void* raw = nullptr;
  if (redisReaderGetReply(as_reader(reader_.get()), &raw) != REDIS_OK) {
    throw RespError(std::string("Redis reply: ") + as_reader(reader_.get())->errstr);
  }
  if (raw == nullptr) return std::nullopt;
  std::unique_ptr<redisReply, decltype(&freeReplyObject)> reply(static_cast<redisReply*>(raw), freeReplyObject);
  // What is still buffered is at most what has not been parsed yet.
  auto* reader = as_reader(reader_.get());
  buffered_ = reader->len - reader->pos;
  return copy_reply(*reply);
}

}  // namespace baton::bus::redis
