// Pictures and files in messages (issue 16) through the public API on each store: a web
// customer's picture and an agent's PDF reach the other side byte for byte, each side reading
// only its own conversation's files; a retried upload stores one message; refused files (too
// large, a program renamed .jpg, HTML, empty) are explained and store nothing; files past the
// retention show as expired.
#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fstream>
#include <sstream>

#include "support/clamd_server.hpp"
#include "support/scenario.hpp"

namespace baton::testing {
namespace {
namespace json = boost::json;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// A real picture: the default rich menu, 2500 × 843 PNG.
std::string picture() { return read_file(std::string(BATON_SOURCE_DIR) + "/testdata/line/default_rich_menu.png"); }

const std::string kPdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

class Files : public EveryStoreTest {
 protected:
  Reply upload_as_customer(const Visitor& visitor, const std::string& name, const std::string& bytes,
                           const std::string& client_id = {}) {
    std::string target = "/api/v1/widget/attachments?name=" + name;
    if (!client_id.empty()) target += "&client_id=" + client_id;
    return http_->request("POST", target, bytes, visitor.token);
  }
  Reply upload_as_agent(const std::string& agent, const std::string& conversation_id, const std::string& name,
                        const std::string& bytes) {
    return http_->request("POST", "/api/v1/conversations/" + conversation_id + "/attachments?name=" + name, bytes,
                          agent);
  }
  // Headers announcing `length` bytes and no body: what the server answers before reading one.
  Reply declare_upload(const Visitor& visitor, const std::string& name, std::size_t length) {
    namespace asio = boost::asio;
    namespace beast = boost::beast;
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), http_->port()));
    const std::string head = "POST /api/v1/widget/attachments?name=" + name + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                             "Authorization: Bearer " + visitor.token +
                             "\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n";
    asio::write(stream, asio::buffer(head));
    beast::flat_buffer buffer;
    beast::http::response<beast::http::string_body> response;
    beast::http::read(stream, buffer, response);
    return Reply{static_cast<int>(response.result_int()), response.body(), {}};
  }
  // The visitor's messages holding a file.
  std::size_t files_in(const Visitor& visitor) {
    std::size_t count = 0;
    for (const auto& message : visitor_messages(visitor)) count += message.contains("attachment") ? 1 : 0;
    return count;
  }
};
BATON_ON_EVERY_STORE(Files);

TEST_P(Files, ACustomersPictureAndAnAgentsPdfReachTheOtherSideByteForByte) {
  const auto assistant = new_assistant(true);
  const auto agent = new_agent("Ana");
  set_presence(agent, "online");
  const auto visitor = new_visitor(assistant);
  auto widget = widget_socket(visitor);
  const auto original = picture();

  const auto sent = upload_as_customer(visitor, "broken%20blender.png", original, "photo-1");
  ASSERT_EQ(sent.status, 201) << sent.body;
  const auto message = sent.json().as_object();
  const auto& attachment = message.at("attachment").as_object();
  EXPECT_EQ(attachment.at("kind"), "image");
  EXPECT_EQ(attachment.at("file_name"), "broken blender.png");
  EXPECT_EQ(attachment.at("content_type"), "image/png");
  EXPECT_EQ(attachment.at("width"), 2500);
  EXPECT_EQ(attachment.at("height"), 843);
  const auto url = str(attachment.at("url"));
  EXPECT_EQ(url, "/api/v1/widget/attachments/" + str(attachment.at("id")));
  const auto frame = widget->wait_for("message.created");
  EXPECT_EQ(frame.at("message").at("attachment").at("url"), url.c_str()) << "the widget's frame has the widget's URL";

  // The customer reads it back with the visitor token; the preview is small.
  const auto file = http_->get(url, visitor.token);
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.headers.at("content-type"), "image/png");
  EXPECT_EQ(file.body.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  const auto preview = http_->get(str(attachment.at("preview_url")), visitor.token);
  ASSERT_EQ(preview.status, 200);
  EXPECT_LT(preview.body.size(), file.body.size());
  EXPECT_LE(preview.body.size(), 1'000'000u);

  // The agent reads the same bytes at the console's URL; a retried upload stores nothing more.
  const auto path = "/api/v1/conversations/" + visitor.conversation_id;
  const auto console_copy = http_->get(path + "/attachments/" + str(attachment.at("id")), agent);
  ASSERT_EQ(console_copy.status, 200);
  EXPECT_EQ(console_copy.body, file.body);
  const auto again = upload_as_customer(visitor, "broken%20blender.png", original, "photo-1");
  ASSERT_EQ(again.status, 201);
  EXPECT_EQ(again.json().at("id"), message.at("id"));
  EXPECT_EQ(files_in(visitor), 1u);

  // The agent's PDF takes the conversation over and downloads under its name.
  ASSERT_EQ(http_->post("/api/v1/widget/handoff", json::object{}, visitor.token).status, 200);
  const auto pdf = upload_as_agent(agent, visitor.conversation_id, "guide.pdf", kPdf);
  ASSERT_EQ(pdf.status, 201) << pdf.body;
  const auto pdf_message = pdf.json();
  const auto& pdf_attachment = pdf_message.at("attachment").as_object();
  EXPECT_EQ(pdf_attachment.at("kind"), "file");
  EXPECT_EQ(pdf_attachment.at("content_type"), "application/pdf");
  EXPECT_FALSE(pdf_attachment.contains("preview_url"));
  EXPECT_EQ(conversation(visitor.conversation_id, agent).at("status"), "live");
  const auto download = http_->get("/api/v1/widget/attachments/" + str(pdf_attachment.at("id")), visitor.token);
  ASSERT_EQ(download.status, 200);
  EXPECT_EQ(download.body, kPdf);
  EXPECT_EQ(download.headers.at("content-type"), "application/pdf");
  EXPECT_EQ(download.headers.at("content-disposition"), "attachment; filename=\"guide.pdf\"");
  EXPECT_EQ(download.headers.at("x-content-type-options"), "nosniff");

  // Nobody reads another conversation's files.
  const auto stranger = new_visitor(assistant);
  EXPECT_EQ(http_->get(url, stranger.token).status, 404);
  const auto other_path = "/api/v1/conversations/" + stranger.conversation_id;
  EXPECT_EQ(http_->get(other_path + "/attachments/" + str(attachment.at("id")), agent).status, 404);
  EXPECT_EQ(http_->get(url).status, 401) << "the widget's files need the visitor token";
}

TEST_P(Files, RefusedFilesAreExplainedAndStoreNothing) {
  const auto visitor = new_visitor(new_assistant(true));
  const auto before = visitor_messages(visitor).size();

  const auto program = upload_as_customer(visitor, "photo.jpg", std::string("MZ\x90\x00\x03\x00\x00\x00", 8) + "PE");
  EXPECT_EQ(program.status, 415);
  EXPECT_NE(program.body.find("could run as a program"), std::string::npos) << program.body;
  const auto page = upload_as_customer(visitor, "photo.png", "<!DOCTYPE html><script>alert(1)</script>");
  EXPECT_EQ(page.status, 415) << page.body;
  const auto drawing = upload_as_customer(visitor, "logo.png", "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>");
  EXPECT_EQ(drawing.status, 415) << drawing.body;
  const auto empty = upload_as_customer(visitor, "nothing.pdf", "");
  EXPECT_EQ(empty.status, 400) << empty.body;

  // 30 MB: refused by its declared length, before the server reads a byte of it.
  const auto huge = declare_upload(visitor, "video.pdf", 30'000'000);
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(huge.error_code(), "payload_too_large");
  EXPECT_NE(huge.body.find("too large"), std::string::npos) << huge.body;
  // A picture over the picture limit but under the file limit: refused for its kind.
  auto big_picture = picture();
  big_picture.resize(12'000'000, '\0');
  const auto too_big = upload_as_customer(visitor, "big.png", big_picture);
  EXPECT_EQ(too_big.status, 413);
  EXPECT_NE(too_big.body.find("images up to 10 MB"), std::string::npos) << too_big.body;

  EXPECT_EQ(visitor_messages(visitor).size(), before) << "a refused file stores nothing";
  // A name is the last part of a path, made safe.
  const auto named = upload_as_customer(visitor, "..%2F..%2Fetc%2Freceipt.pdf", kPdf);
  ASSERT_EQ(named.status, 201) << named.body;
  EXPECT_EQ(named.json().at("attachment").at("file_name"), "receipt.pdf");
}

class ExpiringFiles : public Files {
 protected:
  std::vector<std::string> server_args() const override {
    auto args = Files::server_args();
    args.insert(args.end(), {"--file-retention-days", "0.00002"});  // about 1.7 s
    return args;
  }
};
BATON_ON_EVERY_STORE(ExpiringFiles);

TEST_P(ExpiringFiles, FilesPastTheRetentionAreDroppedAndShowAsExpired) {
  const auto visitor = new_visitor(new_assistant(true));
  const auto sent = upload_as_customer(visitor, "receipt.pdf", kPdf);
  ASSERT_EQ(sent.status, 201) << sent.body;
  const auto url = str(sent.json().at("attachment").at("url"));
  EXPECT_TRUE(eventually([&] { return http_->get(url, visitor.token).status == 410; }, std::chrono::seconds(15)));
  const auto messages = visitor_messages(visitor);
  ASSERT_FALSE(messages.empty());
  const auto& attachment = messages.back().at("attachment").as_object();
  EXPECT_EQ(attachment.at("status"), "expired");
  EXPECT_FALSE(attachment.contains("url"));
  EXPECT_EQ(attachment.at("file_name"), "receipt.pdf") << "the message keeps saying what was sent";
}

// With --clamav-socket every upload is scanned by a real clamd (its database: one signature for
// the EICAR test file): EICAR is refused with the signature's name and stores nothing, a clean
// file goes through, and with clamd gone uploads are refused as unavailable (never let through
// unscanned).
class ScannedFiles : public ServerTest {
 protected:
  void SetUp() override {
    if (!ClamdServer::installed()) GTEST_SKIP() << "clamav-daemon is not installed";
    clamd_ = std::make_unique<ClamdServer>(std::vector<FileSignature>{{"Baton.Test.EICAR", ClamdServer::eicar()}});
    ServerTest::SetUp();
  }
  std::vector<std::string> server_args() const override {
    auto args = ServerTest::server_args();
    args.insert(args.end(), {"--clamav-socket", clamd_->socket_path()});
    return args;
  }
  std::unique_ptr<ClamdServer> clamd_;
};

TEST_F(ScannedFiles, AnInfectedFileIsRefusedWithWhatWasFoundAndACleanOneGoesThrough) {
  const auto visitor = new_visitor(new_assistant(true));
  const auto infected =
      http_->request("POST", "/api/v1/widget/attachments?name=notes.txt", ClamdServer::eicar(), visitor.token);
  EXPECT_EQ(infected.status, 422) << infected.body;
  EXPECT_EQ(infected.error_code(), "file_infected");
  EXPECT_NE(infected.body.find("Baton.Test.EICAR"), std::string::npos) << infected.body;
  EXPECT_TRUE(visitor_messages(visitor).empty()) << "an infected file stores nothing";

  const auto clean = http_->request("POST", "/api/v1/widget/attachments?name=guide.pdf", kPdf, visitor.token);
  EXPECT_EQ(clean.status, 201) << clean.body;

  clamd_.reset();
  const auto unscanned = http_->request("POST", "/api/v1/widget/attachments?name=guide.pdf", kPdf, visitor.token);
  EXPECT_EQ(unscanned.status, 503) << unscanned.body;
  EXPECT_EQ(visitor_messages(visitor).size(), 1u);
}

}  // namespace
}  // namespace baton::testing
