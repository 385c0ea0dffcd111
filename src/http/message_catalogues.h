// The registration list of message catalogues (src/core/message_catalogue.h):
// one line per layer or area. A new area adds its `<area>_messages.cpp` beside
// its code and one X(Name) here; CMake picks the file up by its name.
#pragma once

#include "core/message_catalogue.h"

#define AFTERCARE_MESSAGE_CATALOGUES(X) \
  X(Core)                               \
  X(Sla)                                \
  X(Store)                              \
  X(Service)                            \
  X(Jobs)                               \
  X(Http)                               \
  X(Accounts)                           \
  X(Customers)                          \
  X(Contracts)                          \
  X(Tickets)                            \
  X(Attachments)                        \
  X(Teams)                              \
  X(Policies)                           \
  X(Holidays)                           \
  X(Analytics)                          \
  X(Audit)                              \
  X(Notifications)                      \
  X(Channels)                           \
  X(Deliveries)                         \
  X(Notices)                            \
  X(Mail)                               \
  X(Backups)                            \
  X(Exports)                            \
  X(Evidence)                           \
  X(Complaints)                         \
  X(Defects)                            \
  X(Feedback)                           \
  X(Surveys)                            \
  X(Calendar)                           \
  X(Reports)                            \
  X(Inspections)                        \
  X(Visits)                             \
  X(Releases)

namespace aftercare::messages {
#define AFTERCARE_DECLARE_CATALOGUE(Name) Catalogue Name##Catalogue();
AFTERCARE_MESSAGE_CATALOGUES(AFTERCARE_DECLARE_CATALOGUE)
#undef AFTERCARE_DECLARE_CATALOGUE
}  // namespace aftercare::messages
