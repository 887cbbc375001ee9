#include "bus/redis/resp.hpp"

#include <hiredis/hiredis.h>

namespace baton::bus::redis {

namespace {

// hiredis parses; these build our RespValue tree directly (no redisReply copies) and refuse an
// array too long to be real before anything is allocated for it (hiredis 0.14 has no such bound:
// "*999999999" would make it allocate gigabytes).
constexpr std::size_t kMaxElements = 1 << 18;

// A child lives in its parent's vector (the parent owns it); a top-level reply is new'd and
// handed back by redisReaderGetReply.
void* place(const redisReadTask* task, RespValue value) {
  if (task->parent != nullptr) {
    auto* parent = static_cast<RespValue*>(task->parent->obj);
    const auto index = static_cast<std::size_t>(task->idx);
    if (task->idx < 0 || index >= parent->elements.size()) return nullptr;
    auto& slot = parent->elements[index];
    slot = std::move(value);
    return &slot;
  }
  return new (std::nothrow) RespValue(std::move(value));
}

void* create_string(const redisReadTask* task, char* text, size_t length) {
  RespValue value;
  value.kind = task->type == REDIS_REPLY_ERROR    ? RespValue::Kind::error
               : task->type == REDIS_REPLY_STATUS ? RespValue::Kind::status
                                                  : RespValue::Kind::string;
  value.text.assign(text, length);
  return place(task, std::move(value));
}

void* create_array(const redisReadTask* task, int elements) {
  // Bounded per reply in all (nested arrays add up): the reader's privdata counts them.
  auto* counted = static_cast<std::size_t*>(task->privdata);
  if (elements < 0 || counted == nullptr || *counted + static_cast<std::size_t>(elements) > kMaxElements) {
    return nullptr;  // the reader fails: we throw
  }
  *counted += static_cast<std::size_t>(elements);
  RespValue value;
  value.kind = RespValue::Kind::array;
  value.elements.resize(static_cast<std::size_t>(elements));
  return place(task, std::move(value));
}

void* create_integer(const redisReadTask* task, long long number) {
  RespValue value;
  value.kind = RespValue::Kind::integer;
  value.integer = number;
  return place(task, std::move(value));
}

void* create_nil(const redisReadTask* task) { return place(task, RespValue{}); }

// hiredis frees only top-level replies (children belong to them).
void free_reply(void* reply) { delete static_cast<RespValue*>(reply); }

redisReplyObjectFunctions kRespFunctions{create_string, create_array, create_integer, create_nil, free_reply};

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

RespParser::RespParser(std::size_t max_buffered)
    : reader_(redisReaderCreateWithFunctions(&kRespFunctions)), max_buffered_(max_buffered) {
  if (!reader_) throw std::bad_alloc();
  as_reader(reader_.get())->privdata = &elements_in_reply_;  // what create_array counts with
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
  std::unique_ptr<RespValue> reply(static_cast<RespValue*>(raw));
  elements_in_reply_ = 0;
  // What is still buffered is at most what has not been parsed yet.
  auto* reader = as_reader(reader_.get());
  buffered_ = reader->len - reader->pos;
  return std::move(*reply);
}

}  // namespace baton::bus::redis
