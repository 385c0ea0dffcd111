// What a client may read in an error, catalogued by the area that writes it
// (issue 11 point 3). Code keeps writing precise English messages (the key);
// each area lists them in its own catalogue (`<area>_messages.cpp` beside its
// code, registered in src/http/message_catalogues.h) with their Chinese and the
// English a client is shown. The API renders a message in the client's language
// in one place (src/http/messages.h). A unit test reads the source and fails
// when a message the code can send has no entry (src/http/message_sources_test.cpp).
//
// A key is either the exact message or a pattern whose placeholders stand for
// its variable parts:
//   {field}  a JSON field or path (caller_phone, form.approvals.supervisor.signer),
//            shown by the term the UI uses for it (来电号码 / Caller phone); a field
//            no catalogue names is shown as is
//   {value}  any text (a name, a date), kept as is
//   {num}    digits, kept as is
//   {msg}    a nested message (the "received_at: <why>" kind), itself rendered
//   {role} {kind} {status} {metric}
//            a role, a ticket event kind, a ticket status, an SLA metric: shown
//            by their UI terms
//   {what} {list}
//            a noun of the policy reader, a list of names ("a, b or c")
// A second placeholder of a kind takes a digit: {value2}. Placeholders match
// as little as they can, left to right. When several keys match a message, the
// one with the most literal text wins, so the result never depends on the order
// of entries or catalogues; two equally specific matches are a catalogue bug,
// found by the unit tests, as is an entry that only repeats what another says.
#pragma once

#include <span>
#include <string_view>

namespace aftercare::messages {

struct Message {
  std::string_view key;  // the English the code writes, or its pattern
  std::string_view zh;   // the Chinese a client reads
  // The English a client reads, when it differs from the key: the UI's terms
  // instead of API field names ("Caller phone" for caller_phone). Empty: the
  // key, its placeholders shown in English terms.
  std::string_view en = {};
};

// A name the messages show by a term of the UI (the labels of web/src/i18n).
enum class TermKind {
  kField,     // a JSON field: caller_phone
  kForm,      // a field of the service request form: form.<name>
  kApproval,  // an approval or its part: form.approvals.<step>.<part>
  kRole,
  kEventKind,
  kStatus,
  kMetric,
  kWhat,  // a noun of the policy reader
};

struct Term {
  TermKind kind;
  std::string_view name, zh, en;
};

struct Catalogue {
  std::string_view area;  // e.g. "tickets"
  std::span<const Message> messages;
  std::span<const Term> terms = {};
};

}  // namespace aftercare::messages
