// The areas of the API, one line each: every area registers its routes (and the
// schemas its views share) from src/http/routes/<area>_routes.cpp. Adding an area
// adds its file and one line here.
#pragma once

#include "http/api_env.h"
#include "http/router.h"

#define AFTERCARE_API_AREAS(X) \
  X(Ops)                       \
  X(Sessions)                  \
  X(Users)                     \
  X(Customers)                 \
  X(Contracts)                 \
  X(Tickets)                   \
  X(Attachments)               \
  X(Teams)                     \
  X(Policies)                  \
  X(Holidays)                  \
  X(Analytics)                 \
  X(Audit)                     \
  X(Notifications)             \
  X(Channels)                  \
  X(Deliveries)                \
  X(Notices)                   \
  X(Mail)                      \
  X(Exports)                   \
  X(Evidence)                  \
  X(Backups)                   \
  X(Complaints)                \
  X(Defects)                   \
  X(Feedback)                  \
  X(Surveys)                   \
  X(Calendar)                  \
  X(Forms)                     \
  X(Reports)                   \
  X(Inspections)               \
  X(Visits)                    \
  X(Releases)                  \
  X(Live)

// For a route reading a JSON body: a problem with the body is a 400 naming the field.
#define AFTERCARE_BODY_OK(call, body)                             \
  if (const auto& body_error_ = (body).Finish(); body_error_) {   \
    return (call).Fail(*body_error_, /*malformed_request=*/true); \
  }

namespace aftercare::http {

#define AFTERCARE_DECLARE_AREA(Area) void Register##Area##Routes(Router& router, ApiEnv& env);
AFTERCARE_API_AREAS(AFTERCARE_DECLARE_AREA)
#undef AFTERCARE_DECLARE_AREA

}  // namespace aftercare::http
