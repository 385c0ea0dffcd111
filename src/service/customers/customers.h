// Customers (Party A) and their systems (CON-1, TKT-6). Vendor staff create them;
// a Party A user sees only its own customer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/context.h"
#include "store/db.h"

namespace aftercare::service {

struct Customer {
  std::int64_t id = 0;
  std::string name, contact, phone, address;
};

struct System {
  std::int64_t id = 0;
  std::int64_t customer_id = 0;
  std::string name;
};

Result<Customer> CreateCustomer(store::Database& db, const Context& ctx, const Customer& c);
Result<std::vector<Customer>> ListCustomers(store::Database& db, const Context& ctx);
Result<Customer> GetCustomer(store::Database& db, const Context& ctx, std::int64_t id);
Result<System> CreateSystem(store::Database& db, const Context& ctx, const System& s);
Result<std::vector<System>> ListSystems(store::Database& db, const Context& ctx,
                                        std::int64_t customer_id);

// Corrections by the staff who create them (admin, manager, agent), audited with
// before and after: a customer's name (unique, not blank), contact, phone (checked
// as at creation) and address; a system's name (unique within its customer).
// Unknown ids are not found; a system of another customer is not found.
struct CustomerChange {
  std::optional<std::string> name, contact, phone, address;
};
Result<Customer> UpdateCustomer(store::Database& db, const Context& ctx, std::int64_t id,
                                const CustomerChange& change);
Result<System> RenameSystem(store::Database& db, const Context& ctx, std::int64_t customer_id,
                            std::int64_t system_id, const std::string& name);

}  // namespace aftercare::service
