// The role sets of the product, named once (STAFF-1, SEC-1): routes declare them,
// services check them. A new area names its sets here only when no existing one
// says what it means.
#pragma once

#include "service/context.h"

namespace aftercare::service::roles {

inline constexpr RoleSet kEveryone = {Role::kAgent,   Role::kEngineer, Role::kTeamLeader,
                                      Role::kManager, Role::kPartyA,   Role::kAdmin};
// The vendor's people (乙方): everyone but Party A.
inline constexpr RoleSet kVendorStaff = {Role::kAgent, Role::kEngineer, Role::kTeamLeader,
                                         Role::kManager, Role::kAdmin};
inline constexpr RoleSet kAdmins = {Role::kAdmin};
// Contracts, teams: managers and administrators.
inline constexpr RoleSet kManagersAndAdmins = {Role::kManager, Role::kAdmin};
// Who manages teams, shifts, assignment and grading: team leaders (their own team),
// managers and administrators.
inline constexpr RoleSet kTeamManagers = {Role::kTeamLeader, Role::kManager, Role::kAdmin};
// Who answers for the SLA clocks and so for the money: a new priority or type, an
// entry dated more than a day back (issue 10).
inline constexpr RoleSet kClockOwners = {Role::kTeamLeader, Role::kManager};
// Who records customers and their systems: agents take new callers' details.
inline constexpr RoleSet kCustomerEditors = {Role::kAgent, Role::kManager, Role::kAdmin};
inline constexpr RoleSet kManagers = {Role::kManager};
// Who records Party A's written notice (CON-3): Party A, or the vendor's manager or
// administrator entering the paper one.
inline constexpr RoleSet kNoticeParties = {Role::kPartyA, Role::kManager, Role::kAdmin};
// Who reads response-time analytics (SLA-5); Party A sees their own.
inline constexpr RoleSet kAnalyticsReaders = {Role::kTeamLeader, Role::kManager, Role::kAdmin,
                                              Role::kPartyA};
// Who downloads a contract's evidence bundle (issue 13): the two parties to it,
// Party A and the vendor's manager.
inline constexpr RoleSet kEvidenceParties = {Role::kPartyA, Role::kManager};
// Who reads a customer's access log (CON-4): Party A its own, managers and
// administrators any customer's.
inline constexpr RoleSet kAccessLogReaders = {Role::kPartyA, Role::kManager, Role::kAdmin};
// Complaints (QA-2, service/complaints): who records one (the hotline's agents,
// team leaders, managers; Party A in the portal), who replies, who investigates,
// Party A's own answers, and who closes one found invalid (Party A, or the
// vendor's investigators for them).
inline constexpr RoleSet kComplaintRecorders = {Role::kAgent, Role::kTeamLeader, Role::kManager,
                                                Role::kPartyA};
inline constexpr RoleSet kComplaintHandlers = {Role::kAgent, Role::kTeamLeader, Role::kManager};
inline constexpr RoleSet kComplaintInvestigators = {Role::kTeamLeader, Role::kManager};
inline constexpr RoleSet kComplaintCustomers = {Role::kPartyA};
inline constexpr RoleSet kComplaintClosers = {Role::kPartyA, Role::kTeamLeader, Role::kManager};
// Who enters a customer's paper satisfaction survey (QA-3): the vendor's desk staff.
inline constexpr RoleSet kSurveyClerks = {Role::kAgent, Role::kTeamLeader, Role::kManager,
                                          Role::kAdmin};
// Return and exchange visits (OPS-3, OPS-5, service/visits): who sets the return
// visit plans and plans, cancels or records the exchange visits.
inline constexpr RoleSet kVisitPlanners = {Role::kTeamLeader, Role::kManager};

// Inspections (OPS-1, service/inspections): who plans them, and who fills a visit's
// checklist (the visit's engineer or team; a manager).
inline constexpr RoleSet kInspectionPlanners = {Role::kTeamLeader, Role::kManager};
inline constexpr RoleSet kInspectionFillers = {Role::kEngineer, Role::kTeamLeader, Role::kManager};
inline constexpr RoleSet kInspectionConfirmers = {Role::kPartyA};

// Releases (OPS-4, service/releases): engineers, team leaders and managers prepare
// drafts and schedule and record installations; publishing tells customers in the
// vendor's name and commits the team to installing, so it is for those who answer
// to the customer for the service (team leaders, managers); Party A records only
// that it installed a release itself.
inline constexpr RoleSet kReleaseStaff = {Role::kEngineer, Role::kTeamLeader, Role::kManager};
inline constexpr RoleSet kReleasePublishers = {Role::kTeamLeader, Role::kManager};
inline constexpr RoleSet kInstallationRecorders = {Role::kEngineer, Role::kTeamLeader,
                                                   Role::kManager, Role::kPartyA};

}  // namespace aftercare::service::roles
