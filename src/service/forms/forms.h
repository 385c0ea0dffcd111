// The printed forms (issue 15, point 6): a ticket as the paper forms the customers
// know, A4 PDFs in Chinese (src/pdf):
//   - 服务申请表, the service request form of TKT-2 (seed 7.8.7.7): the seed's table
//     with every field of the ticket's form, the type and priority boxes ticked,
//     and the three approvals (申请单位意见, 直接主管审批, 事业部总经理审批), each with
//     its signer, opinion and date; a blank one for filling in by hand;
//   - 售后服务处理记录表, the after-sales service record of TKT-5: the ticket's
//     particulars and every contact, action and result on its timeline, in time
//     order, then the result and the customer's confirmation (lines to sign on
//     paper, or the rating given in the portal).
// A form shows what its reader may see: GetTicket's rules (Party A its own
// tickets; the vendor's read audited), and never an internal note. Printing is a
// read, audited as such for the vendor (CON-4). Errors: GetTicket's (not found,
// unauthorized); kIo when the PDF cannot be made.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/message_catalogue.h"
#include "service/context.h"
#include "store/db.h"

namespace aftercare::service::forms {

// A UI term in Chinese (a timeline entry's kind, a ticket status): the route
// passes the message catalogues' terms, so the forms print the UI's words.
using Terms = std::function<std::string(messages::TermKind kind, std::string_view name)>;

// The PDF's bytes. `blank`: the request form with no ticket (any signed-in user).
Result<std::string> RequestFormPdf(store::Database& db, const Context& ctx,
                                   std::int64_t ticket_id);
Result<std::string> BlankRequestFormPdf(const Context& ctx);
Result<std::string> ServiceRecordPdf(store::Database& db, const Context& ctx,
                                     std::int64_t ticket_id, const Terms& terms);

}  // namespace aftercare::service::forms
