// Checks a JSON value against a schema of the OpenAPI 3.0 subset the server's
// document uses (src/http/schema.h): type (string, integer, number, boolean,
// object, array), properties, required, additionalProperties (false or a schema),
// items, enum, nullable, $ref into #/components/schemas, allOf. format and
// description are ignored. Used by the test client to check every JSON response
// against the schema of its route (issue 11).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace aftercare::apitest {

struct SchemaMismatch {
  std::string path;     // "items[3].clock.due", "" for the value itself
  std::string problem;  // "null but not nullable"
  // "items[3].clock.due: null but not nullable"
  std::string Describe() const;
};

// The mismatches of `value` against `schema`, in document order; at most `limit`
// (0: all). `document` resolves $ref ("#/components/schemas/NAME").
std::vector<SchemaMismatch> CheckSchema(const nlohmann::json& value, const nlohmann::json& schema,
                                        const nlohmann::json& document, std::size_t limit = 0);

}  // namespace aftercare::apitest
