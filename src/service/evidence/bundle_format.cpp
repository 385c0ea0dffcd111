#include "service/evidence/bundle_format.h"

namespace aftercare::service {

using json = nlohmann::json;

std::optional<std::int64_t> IntAt(const json& j, std::string_view key) {
  if (!j.is_object()) return std::nullopt;
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

std::optional<std::string> TextAt(const json& j, std::string_view key) {
  if (!j.is_object()) return std::nullopt;
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

json EntryJson(const ChainEntry& e) {
  auto opt = [](const auto& v) { return v ? json(*v) : json(); };
  return {{"id", e.id},
          {"at", e.at},
          {"actor_id", opt(e.actor_id)},
          {"action", e.action},
          {"entity", e.entity},
          {"entity_id", e.entity_id},
          {"before_json", opt(e.before_json)},
          {"after_json", opt(e.after_json)},
          {"request_id", e.request_id},
          {"customer_id", opt(e.customer_id)}};
}

ChainEntry EntryFromJson(std::int64_t seq, const json& j) {
  ChainEntry c;
  c.seq = seq;
  c.id = IntAt(j, "id").value_or(0);
  c.at = IntAt(j, "at").value_or(0);
  c.actor_id = IntAt(j, "actor_id");
  c.customer_id = IntAt(j, "customer_id");
  c.action = TextAt(j, "action").value_or("");
  c.entity = TextAt(j, "entity").value_or("");
  c.entity_id = TextAt(j, "entity_id").value_or("");
  c.request_id = TextAt(j, "request_id").value_or("");
  c.before_json = TextAt(j, "before_json");
  c.after_json = TextAt(j, "after_json");
  return c;
}

json HeadJson(const SignedHead& h) {
  return {{"seq", h.seq},
          {"hash", h.hash},
          {"signed_at", h.signed_at},
          {"public_key", h.public_key},
          {"signature", h.signature}};
}

SignedHead HeadFromJson(const json& j) {
  return SignedHead{IntAt(j, "seq").value_or(0), TextAt(j, "hash").value_or(""),
                    IntAt(j, "signed_at").value_or(0), TextAt(j, "public_key").value_or(""),
                    TextAt(j, "signature").value_or("")};
}

}  // namespace aftercare::service
