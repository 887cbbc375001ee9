// Files in messages: a web customer's or an agent's upload (the request body is the file's bytes,
// its name and client_id in the query: no multipart parser to get wrong), and reading them back
// (the console with its session, the widget with its visitor token, LINE through a signed link).
#include "app/attachment_service.hpp"
#include "app/wire_format.hpp"
#include "channels/http/api_routes.hpp"
#include "channels/http/handler_support.hpp"
#include "core/fields.hpp"

namespace baton::channels::http {
namespace {

boost::json::value message_json(const core::Message& message) { return app::to_json(message); }
boost::json::value customer_message_json(const core::Message& message) { return app::to_customer_json(message); }

app::AttachmentService* attachments_of(app::Services& services) { return services.attachments; }

core::Error no_files() { return {core::ErrorCode::unavailable, "this server does not keep files"}; }

// The upload as the query and body give it: ?name=FILE_NAME&client_id=ID.
struct Upload {
  app::FileUpload file;
  std::optional<std::string> client_id;
};

core::Result<Upload> upload_of(RequestContext& context) {
  auto name = core::validate_file_name(context.query("name").value_or(""));
  if (!name) return tl::unexpected(name.error());
  if (context.request.body().empty()) return core::fail(core::ErrorCode::invalid_field, "the file is empty");
  return Upload{app::FileUpload{std::move(*name), std::move(context.request.body())}, context.query("client_id")};
}

std::optional<app::FileVariant> variant_of(RequestContext& context) {
  const auto variant = context.query("variant").value_or("original");
  if (variant == "original") return app::FileVariant::original;
  if (variant == "preview") return app::FileVariant::preview;
  return std::nullopt;
}

// Files from customers are untrusted even after their type was read from their bytes: shown
// inline only as images (never SVG, which Baton does not accept anyway), sandboxed so that no
// file can run in the console's origin, and downloaded under a name made safe for the header.
Response file_response(const app::FileToServe& file) {
  Response response{status::ok, 11};
  const auto& attachment = file.attachment;
  const auto& type = file.variant == app::FileVariant::preview ? attachment.preview_type : attachment.content_type;
  const bool image = type.starts_with("image/") && type != "image/svg+xml";
  response.set(beast_http::field::content_type, type.empty() ? "application/octet-stream" : type);
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Content-Security-Policy", "sandbox; default-src 'none'");
  response.set(beast_http::field::cache_control, "private, max-age=86400");
  if (!image) {
    std::string name = attachment.file_name.empty() ? attachment.id : attachment.file_name;
    // Only safe characters in the header; the console and widget show the real name.
    for (auto& character : name) {
      const auto code = static_cast<unsigned char>(character);
      if (character == '"' || character == '\\' || code < 0x20 || code > 0x7e) character = '_';
    }
    response.set(beast_http::field::content_disposition, "attachment; filename=\"" + name + "\"");
  }
  response.body() = file.bytes;
  response.prepare_payload();
  return response;
}

// GET ...?variant=original|preview of a file of `conversation_id` (the widget's or the console's).
asio::awaitable<Response> serve(RequestContext& context, app::Services& services, core::Id conversation_id) {
  auto* attachments = attachments_of(services);
  if (!attachments) co_return error_response(no_files());
  auto variant = variant_of(context);
  if (!variant) co_return error_response({core::ErrorCode::invalid_field, "variant must be original or preview"});
  auto file = co_await attachments->read(std::move(conversation_id), context.param("attachment_id"), *variant);
  if (!file) co_return error_response(file.error());
  co_return file_response(*file);
}

asio::awaitable<Response> post_widget_attachment(RequestContext& context, app::Services& services,
                                                 const app::VisitorIdentity& visitor) {
  auto* attachments = attachments_of(services);
  if (!attachments) co_return error_response(no_files());
  auto upload = upload_of(context);
  if (!upload) co_return error_response(upload.error());
  auto message = co_await attachments->customer_upload(visitor, std::move(upload->file), std::move(upload->client_id));
  co_return render(message, status::created, customer_message_json);
}

asio::awaitable<Response> get_widget_attachment(RequestContext& context, app::Services& services,
                                                const app::VisitorIdentity& visitor) {
  co_return co_await serve(context, services, visitor.conversation_id);
}

asio::awaitable<Response> post_agent_attachment(RequestContext& context, app::Services& services,
                                                const app::Principal& principal) {
  auto* attachments = attachments_of(services);
  if (!attachments) co_return error_response(no_files());
  auto upload = upload_of(context);
  if (!upload) co_return error_response(upload.error());
  auto message = co_await attachments->agent_upload(actor_of(principal), context.param("id"), std::move(upload->file),
                                                    std::move(upload->client_id));
  co_return render(message, status::created, message_json);
}

asio::awaitable<Response> get_agent_attachment(RequestContext& context, app::Services& services,
                                               const app::Principal&) {
  co_return co_await serve(context, services, context.param("id"));
}

// A signed link (LINE fetches an agent's image from here): no sign-in, the token is the key.
asio::awaitable<Response> get_public_file(RequestContext& context, app::Services& services) {
  auto* attachments = attachments_of(services);
  if (!attachments) co_return error_response(no_files());
  auto file = co_await attachments->read_public(context.param("token"));
  if (!file) co_return error_response(file.error());
  auto response = file_response(*file);
  response.set(beast_http::field::cache_control, "public, max-age=3600");
  co_return response;
}

constexpr OpenRoute kAnyoneRoutes[] = {
    {verb::get, "/files/{token}", get_public_file},
};

constexpr VisitorRoute kVisitorRoutes[] = {
    {verb::post, "/api/v1/widget/attachments", post_widget_attachment},
    {verb::get, "/api/v1/widget/attachments/{attachment_id}", get_widget_attachment},
};

constexpr ConsoleRoute kConsoleRoutes[] = {
    {verb::post, "/api/v1/conversations/{id}/attachments", post_agent_attachment},
    {verb::get, "/api/v1/conversations/{id}/attachments/{attachment_id}", get_agent_attachment},
};

}  // namespace

RouteTables file_routes() { return {.anyone = kAnyoneRoutes, .visitor = kVisitorRoutes, .console = kConsoleRoutes}; }

}  // namespace baton::channels::http
