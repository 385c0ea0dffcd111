// Checklist templates (inspections.h): the built-in one and the administrators'.
#include <array>

#include "core/text.h"
#include "service/audit/audit.h"
#include "service/closed_sets.h"
#include "service/inspections/inspection_rows.h"
#include "service/permissions.h"
#include "service/quality_rows.h"
#include "service/tx.h"

namespace aftercare::service::inspections {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 4> kKindNames = {"check", "number", "text", "photos"};
constexpr std::array<std::string_view, 3> kOutcomeNames = {"pass", "flag", "fail"};
constexpr std::array<std::string_view, 2> kDirectionNames = {"above", "below"};
constexpr std::array<std::string_view, kVisitStateCount> kStateNames = {"planned", "in_progress",
                                                                        "submitted", "confirmed"};
constexpr std::size_t kMaxNameChars = 100;
constexpr std::size_t kMaxLabelChars = 200;
constexpr std::size_t kMaxUnitChars = 20;

constexpr const char* kTemplateSelect =
    "SELECT id, name, description, items, version, built_in, updated_at FROM "
    "inspection_templates";

Template TemplateFrom(const store::Row& r) {
  Template t;
  t.id = r.Int("id");
  t.name = r.Text("name");
  t.description = r.Text("description");
  t.items = ItemsFrom(r.Text("items"));
  t.version = r.Int("version");
  t.built_in = r.Int("built_in") != 0;
  t.updated_at = Instant{r.Int("updated_at")};
  return t;
}

Status CheckItem(const TemplateItem& it, std::size_t i) {
  const std::string at = "items." + std::to_string(i);
  AFTERCARE_RETURN_IF_ERROR(RequireText(it.label, (at + ".label").c_str()));
  AFTERCARE_RETURN_IF_ERROR(CheckLength(it.label, kMaxLabelChars, at + ".label"));
  AFTERCARE_RETURN_IF_ERROR(RequireText(it.section, (at + ".section").c_str()));
  AFTERCARE_RETURN_IF_ERROR(CheckLength(it.section, kMaxLabelChars, at + ".section"));
  AFTERCARE_RETURN_IF_ERROR(CheckLength(it.unit, kMaxUnitChars, at + ".unit"));
  if (it.kind == ItemKind::kNumber) {
    if (!it.threshold || *it.threshold < -kMaxNumber || *it.threshold > kMaxNumber) {
      return Error::Invalid(at + ".threshold: a number item needs a threshold of at most 10^9",
                            0, at + ".threshold");
    }
  }
  return {};
}

Status CheckTemplate(const TemplateInput& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireText(in.name, "name"));
  AFTERCARE_RETURN_IF_ERROR(CheckLength(in.name, kMaxNameChars, "name"));
  AFTERCARE_RETURN_IF_ERROR(CheckLength(in.description, kMaxTextChars, "description"));
  if (in.items.empty() || in.items.size() > kMaxItems) {
    return Error::Invalid("a template has 1 to 100 items", 0, "items");
  }
  for (std::size_t i = 0; i < in.items.size(); ++i) {
    AFTERCARE_RETURN_IF_ERROR(CheckItem(in.items[i], i));
  }
  return {};
}

Status CheckNameFree(store::Transaction& tx, const std::string& name, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT id FROM inspection_templates WHERE name = $1 AND id <> $2",
                          {name, id}));
  if (!rows.empty()) {
    return Error{ErrorCode::kConflict, "a template with this name exists", "name", 0, {}};
  }
  return {};
}

Result<Template> LoadTemplate(store::Transaction& tx, std::int64_t id) {
  AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                             tx.Query(std::string(kTemplateSelect) + " WHERE id = $1", {id}));
  if (rows.empty()) return NotFound("template");
  return TemplateFrom(rows[0]);
}

}  // namespace

std::string_view Name(ItemKind k) { return NameIn(kKindNames, k); }
std::string_view Name(Outcome o) { return NameIn(kOutcomeNames, o); }
std::string_view Name(Direction d) { return NameIn(kDirectionNames, d); }
std::string_view Name(VisitState s) { return NameIn(kStateNames, s); }
std::optional<ItemKind> ParseItemKind(std::string_view s) { return ParseIn<ItemKind>(kKindNames, s); }
std::optional<Outcome> ParseOutcome(std::string_view s) { return ParseIn<Outcome>(kOutcomeNames, s); }
std::optional<Direction> ParseDirection(std::string_view s) {
  return ParseIn<Direction>(kDirectionNames, s);
}
std::optional<VisitState> ParseVisitState(std::string_view s) {
  return ParseIn<VisitState>(kStateNames, s);
}
Error UnknownVisitState() {
  return Error::Invalid("state must be planned, in_progress, submitted or confirmed", 0, "state");
}

json ItemsJson(const std::vector<TemplateItem>& items) {
  json out = json::array();
  for (const auto& it : items) {
    json j = {{"section", it.section}, {"label", it.label}, {"kind", Name(it.kind)}};
    if (it.kind == ItemKind::kNumber) {
      j["unit"] = it.unit;
      j["threshold"] = it.threshold.value_or(0);
      j["direction"] = Name(it.direction);
    }
    out.push_back(std::move(j));
  }
  return out;
}

std::vector<TemplateItem> ItemsFrom(const std::string& json_text) {
  std::vector<TemplateItem> out;
  json j = json::parse(json_text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j) {
    TemplateItem it;
    it.section = e.value("section", "");
    it.label = e.value("label", "");
    it.kind = ParseItemKind(e.value("kind", "check")).value_or(ItemKind::kCheck);
    it.unit = e.value("unit", "");
    if (e.contains("threshold")) it.threshold = e["threshold"].get<std::int64_t>();
    it.direction = ParseDirection(e.value("direction", "above")).value_or(Direction::kAbove);
    out.push_back(std::move(it));
  }
  return out;
}

Status CheckLength(const std::string& text, std::size_t max_chars, const std::string& field) {
  if (!IsValidUtf8(text) || CodePoints(text) > max_chars) {
    return Error::Invalid(field + " must be at most " + std::to_string(max_chars) +
                              " characters of UTF-8",
                          0, field);
  }
  return {};
}

Status PutVisitEntry(store::Transaction& tx, const Visit& v, const TimeZone& tz,
                     calendar::State state) {
  constexpr Seconds kDayStart = 9 * 3600, kDayEnd = 17 * 3600;
  calendar::Entry e;
  e.source = calendar::Source::kInspection;
  e.source_id = v.id;
  e.customer_id = v.customer_id;
  e.contract_id = v.contract_id;
  e.system_id = v.system_id;
  e.engineer_id = v.engineer_id;
  e.team_id = v.team_id;
  e.starts_at = tz.ToInstant(v.planned_on, kDayStart);
  e.ends_at = tz.ToInstant(v.planned_on, kDayEnd);
  e.title = "巡检：" + v.system_name.substr(0, 150);
  e.state = state;
  return calendar::Put(tx, e);
}

LocalDate StoredDate(const std::string& text) {
  auto d = ParseDate(text);
  return d.ok() ? *d : LocalDate{};
}

Result<std::int64_t> BuiltInTemplate(store::Transaction& tx) {
  AFTERCARE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT id FROM inspection_templates WHERE built_in = 1 ORDER BY id LIMIT 1"));
  if (rows.empty()) return Error{ErrorCode::kInternal, "no built-in template", {}, 0, {}};
  return rows[0].Int("id");
}

Result<std::vector<Template>> ListTemplates(store::Database& db, const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<Template>> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows,
                               tx.Query(std::string(kTemplateSelect) + " ORDER BY id LIMIT 500"));
    std::vector<Template> out;
    for (const auto& r : rows) out.push_back(TemplateFrom(r));
    return out;
  });
}

Result<Template> GetTemplate(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kVendorStaff));
  return InTransaction(db, false,
                       [&](store::Transaction& tx) { return LoadTemplate(tx, id); });
}

Result<Template> CreateTemplate(store::Database& db, const Context& ctx, const TemplateInput& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kAdmins));
  AFTERCARE_RETURN_IF_ERROR(CheckTemplate(in));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Template> {
    AFTERCARE_RETURN_IF_ERROR(CheckNameFree(tx, in.name, 0));
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows,
        tx.Query("INSERT INTO inspection_templates (name, description, items, version, built_in, "
                 "created_at, updated_at) VALUES ($1, $2, $3, 1, 0, $4, $4) RETURNING id",
                 {in.name, in.description, ItemsJson(in.items).dump(), ctx.now.unix}));
    const std::int64_t id = rows.at(0).Int("id");
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "create", "inspection_template", std::to_string(id),
                                    nullptr, {{"name", in.name}, {"items", in.items.size()}}));
    return LoadTemplate(tx, id);
  });
}

Result<Template> UpdateTemplate(store::Database& db, const Context& ctx, std::int64_t id,
                                const TemplateInput& in) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kAdmins));
  AFTERCARE_RETURN_IF_ERROR(CheckTemplate(in));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Template> {
    AFTERCARE_ASSIGN_OR_RETURN(Template before, LoadTemplate(tx, id));
    AFTERCARE_RETURN_IF_ERROR(CheckNameFree(tx, in.name, id));
    AFTERCARE_RETURN_IF_ERROR(tx.Exec(
        "UPDATE inspection_templates SET name = $1, description = $2, items = $3, version = "
        "version + 1, updated_at = $4 WHERE id = $5",
        {in.name, in.description, ItemsJson(in.items).dump(), ctx.now.unix, id}));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "update", "inspection_template", std::to_string(id),
                                    {{"name", before.name}, {"version", before.version}},
                                    {{"name", in.name}, {"version", before.version + 1}}));
    return LoadTemplate(tx, id);
  });
}

}  // namespace aftercare::service::inspections
