#include "bench/json_channel.h"

#include <nlohmann/json.hpp>

namespace careerbot::bench {

void JsonChannel::BuildRequest(const OutgoingMessage& message, HttpRequestData* out) const {
  nlohmann::json body = {{"user", message.user}, {"id", message.message_id}};
  if (message.step.choice) {
    body["choice"] = *message.step.choice;
  } else {
    body["text"] = message.step.text;
  }
  if (message.step.lang) body["lang"] = *message.step.lang;
  out->target = "/api/v1/messages";
  out->content_type = "application/json";
  out->body = body.dump();
  out->headers.clear();
  if (key_) {
    // The webhook id is unique per message, as Standard Webhooks asks; a resend
    // repeats it, like a sender's retry.
    const std::string webhook_id = "msg_" + message.user + "_" + message.message_id;
    out->headers.emplace_back("webhook-id", webhook_id);
    out->headers.emplace_back("webhook-timestamp", std::to_string(message.now_s));
    out->headers.emplace_back("webhook-signature", key_->Sign(webhook_id, message.now_s, out->body));
  }
}

bool JsonChannel::ReadAnswer(const OutgoingMessage&, std::string_view body, ObservedAnswer* out, std::string* kind,
                             std::string* detail) const {
  *kind = "bad_answer";
  const nlohmann::json answer = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (answer.is_discarded() || !answer.is_object()) {
    *detail = "the answer is not a JSON object";
    return false;
  }
  const auto state = answer.find("state");
  const auto replies = answer.find("replies");
  if (state == answer.end() || !state->is_string() || replies == answer.end() || !replies->is_array()) {
    *detail = "the answer has no \"state\" string or no \"replies\" array";
    return false;
  }
  out->state = state->get<std::string>();
  out->progress = "none";
  if (const auto progress = answer.find("progress"); progress != answer.end()) {
    const auto done = progress->find("done"), total = progress->find("total");
    if (!progress->is_object() || done == progress->end() || total == progress->end() ||
        !done->is_number_integer() || !total->is_number_integer()) {
      *detail = "\"progress\" is not {\"done\": n, \"total\": n}";
      return false;
    }
    out->progress = std::to_string(done->get<int64_t>()) + "/" + std::to_string(total->get<int64_t>());
  }
  out->replies.clear();
  for (const auto& reply : *replies) {
    const auto text = reply.find("text");
    if (!reply.is_object() || text == reply.end() || !text->is_string()) {
      *detail = "a reply has no \"text\" string";
      return false;
    }
    std::string searchable = text->get<std::string>();
    if (const auto choices = reply.find("choices"); choices != reply.end() && choices->is_array()) {
      for (const auto& choice : *choices) {
        const auto label = choice.find("label");
        if (choice.is_object() && label != choice.end() && label->is_string()) {
          searchable += " [" + label->get<std::string>() + "]";
        }
      }
    }
    out->replies.push_back(std::move(searchable));
  }
  return true;
}

}  // namespace careerbot::bench
