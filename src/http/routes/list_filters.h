// The filters of the list routes as a query, shared by the routes that take them:
// each list and its export (exports_routes.cpp). Each is defined in its area's
// routes file.
#pragma once

#include <vector>

#include "http/router.h"
#include "service/analytics/analytics.h"
#include "service/audit/audit.h"
#include "service/tickets/tickets.h"

namespace aftercare::http {

// GET /tickets (tickets_routes.cpp): the filters' query parameters, then `more`
// (the list's cursor and limit).
std::vector<QueryParam> TicketFilterQuery(std::vector<QueryParam> more);
// The filters; the first bad one is a 400 naming it.
Result<service::TicketFilter> ReadTicketFilter(const Call& c);
// The filters naming a status, a priority or an SLA state; an unknown name is the
// service's 422 naming the filter.
Status ReadTicketFilterNames(const Call& c, service::TicketFilter& f);

// GET /analytics/response (analytics_routes.cpp): from, to (default the last 8
// weeks), customer_id; a bad one is a 400 naming it.
std::vector<QueryParam> ResponseStatsQueryParams();
Result<service::ResponseStatsQuery> ReadResponseStatsQuery(const Call& c);

// GET /audit (audit_routes.cpp): entity, entity_id, action, actor_id, then `more`
// (the log's cursor and limit); a bad one is a 400 naming it (the cursor and limit
// too, when declared).
std::vector<QueryParam> AuditFilterQuery(std::vector<QueryParam> more);
Result<service::AuditFilter> ReadAuditFilter(const Call& c);

}  // namespace aftercare::http
