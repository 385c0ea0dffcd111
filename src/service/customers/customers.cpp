#include "service/customers/customers.h"

#include "core/contact.h"
#include "service/audit/audit.h"
#include "service/permissions.h"
#include "service/tx.h"

namespace aftercare::service {
namespace {

Customer CustomerFrom(const store::Row& r) {
  return Customer{r.Int("id"), r.Text("name"), r.Text("contact"), r.Text("phone"),
                  r.Text("address")};
}

constexpr const char* kCustomerColumns = "id, name, contact, phone, address";

}  // namespace

Result<Customer> CreateCustomer(store::Database& db, const Context& ctx, const Customer& c) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kCustomerEditors));
  if (c.name.empty()) return Error::Invalid("name is required", 0, "name");
  AFTERCARE_RETURN_IF_ERROR(CheckPhone(c.phone, "phone"));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Customer> {
    AFTERCARE_ASSIGN_OR_RETURN(auto dup,
                               tx.Query("SELECT 1 FROM customers WHERE name = $1", {c.name}));
    if (!dup.empty()) {
      return Error{ErrorCode::kConflict, "a customer named " + c.name + " exists", "name", 0, {}};
    }
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query(std::string("INSERT INTO customers (name, contact, phone, address, "
                                        "created_at) VALUES ($1, $2, $3, $4, $5) RETURNING ") +
                                kCustomerColumns,
                            {c.name, c.contact, c.phone, c.address, ctx.now.unix}));
    Customer out = CustomerFrom(rows.at(0));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "create", "customer", std::to_string(out.id), nullptr,
                                    {{"name", out.name}}));
    return out;
  });
}

Result<std::vector<Customer>> ListCustomers(store::Database& db, const Context& ctx) {
  AFTERCARE_RETURN_IF_ERROR(RequireLogin(ctx));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<Customer>> {
    std::vector<store::Row> rows;
    if (ctx.actor->role == Role::kPartyA) {
      AFTERCARE_ASSIGN_OR_RETURN(rows, tx.Query(std::string("SELECT ") + kCustomerColumns +
                                                    " FROM customers WHERE id = $1",
                                                {ctx.actor->customer_id.value_or(0)}));
    } else {
      AFTERCARE_ASSIGN_OR_RETURN(rows, tx.Query(std::string("SELECT ") + kCustomerColumns +
                                                " FROM customers ORDER BY id"));
    }
    std::vector<Customer> out;
    for (const auto& r : rows) out.push_back(CustomerFrom(r));
    return out;
  });
}

Result<Customer> GetCustomer(store::Database& db, const Context& ctx, std::int64_t id) {
  AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, id, "customer"));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<Customer> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT ") + kCustomerColumns +
                                                       " FROM customers WHERE id = $1",
                                                   {id}));
    if (rows.empty()) return NotFound("customer");
    return CustomerFrom(rows[0]);
  });
}

Result<System> CreateSystem(store::Database& db, const Context& ctx, const System& s) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kCustomerEditors));
  if (s.name.empty()) return Error::Invalid("name is required", 0, "name");
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<System> {
    AFTERCARE_ASSIGN_OR_RETURN(auto c,
                               tx.Query("SELECT 1 FROM customers WHERE id = $1", {s.customer_id}));
    if (c.empty()) return NotFound("customer");
    AFTERCARE_ASSIGN_OR_RETURN(
        auto dup, tx.Query("SELECT 1 FROM systems WHERE customer_id = $1 AND name = $2",
                           {s.customer_id, s.name}));
    if (!dup.empty()) {
      return Error{
          ErrorCode::kConflict, "the customer already has a system named " + s.name, "name", 0, {}};
    }
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("INSERT INTO systems (customer_id, name) VALUES ($1, $2) RETURNING id",
                            {s.customer_id, s.name}));
    System out{rows.at(0).Int("id"), s.customer_id, s.name};
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "create", "system", std::to_string(out.id), nullptr,
                                    {{"customer_id", out.customer_id}, {"name", out.name}}));
    return out;
  });
}

Result<std::vector<System>> ListSystems(store::Database& db, const Context& ctx,
                                        std::int64_t customer_id) {
  AFTERCARE_RETURN_IF_ERROR(RequireCustomer(ctx, customer_id, "customer"));
  return InTransaction(db, false, [&](store::Transaction& tx) -> Result<std::vector<System>> {
    AFTERCARE_ASSIGN_OR_RETURN(auto c,
                               tx.Query("SELECT 1 FROM customers WHERE id = $1", {customer_id}));
    if (c.empty()) return NotFound("customer");
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT id, customer_id, name FROM systems WHERE customer_id = $1 "
                            "ORDER BY id",
                            {customer_id}));
    std::vector<System> out;
    for (const auto& r : rows) {
      out.push_back(System{r.Int("id"), r.Int("customer_id"), r.Text("name")});
    }
    return out;
  });
}

Result<Customer> UpdateCustomer(store::Database& db, const Context& ctx, std::int64_t id,
                                const CustomerChange& change) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kCustomerEditors));
  if (change.name && change.name->find_first_not_of(" \t") == std::string::npos) {
    return Error::Invalid("name must not be blank", 0, "name");
  }
  if (change.phone) AFTERCARE_RETURN_IF_ERROR(CheckPhone(*change.phone, "phone"));
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<Customer> {
    AFTERCARE_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT ") + kCustomerColumns +
                                                       " FROM customers WHERE id = $1",
                                                   {id}));
    if (rows.empty()) return NotFound("customer");
    const Customer before = CustomerFrom(rows[0]);
    Customer c = before;
    if (change.name) c.name = *change.name;
    if (change.contact) c.contact = *change.contact;
    if (change.phone) c.phone = *change.phone;
    if (change.address) c.address = *change.address;
    if (c.name != before.name) {
      AFTERCARE_ASSIGN_OR_RETURN(
          auto dup, tx.Query("SELECT 1 FROM customers WHERE name = $1 AND id <> $2", {c.name, id}));
      if (!dup.empty()) {
        return Error{ErrorCode::kConflict, "a customer named " + c.name + " exists", "name", 0, {}};
      }
    }
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE customers SET name = $1, contact = $2, phone = $3, address = $4 "
                "WHERE id = $5",
                {c.name, c.contact, c.phone, c.address, id}));
    auto view = [](const Customer& x) {
      return nlohmann::json{
          {"name", x.name}, {"contact", x.contact}, {"phone", x.phone}, {"address", x.address}};
    };
    AFTERCARE_RETURN_IF_ERROR(
        Audit(tx, ctx, "update", "customer", std::to_string(id), view(before), view(c)));
    return c;
  });
}

Result<System> RenameSystem(store::Database& db, const Context& ctx, std::int64_t customer_id,
                            std::int64_t system_id, const std::string& name) {
  AFTERCARE_RETURN_IF_ERROR(RequireRole(ctx, roles::kCustomerEditors));
  if (name.find_first_not_of(" \t") == std::string::npos) {
    return Error::Invalid("name must not be blank", 0, "name");
  }
  return InTransaction(db, true, [&](store::Transaction& tx) -> Result<System> {
    AFTERCARE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT name FROM systems WHERE id = $1 AND customer_id = $2",
                            {system_id, customer_id}));
    if (rows.empty()) return NotFound("system");
    const std::string before = rows[0].Text("name");
    AFTERCARE_ASSIGN_OR_RETURN(
        auto dup,
        tx.Query("SELECT 1 FROM systems WHERE customer_id = $1 AND name = $2 AND id <> $3",
                 {customer_id, name, system_id}));
    if (!dup.empty()) {
      return Error{
          ErrorCode::kConflict, "the customer already has a system named " + name, "name", 0, {}};
    }
    AFTERCARE_RETURN_IF_ERROR(
        tx.Exec("UPDATE systems SET name = $1 WHERE id = $2", {name, system_id}));
    AFTERCARE_RETURN_IF_ERROR(Audit(tx, ctx, "update", "system", std::to_string(system_id),
                                    {{"name", before}}, {{"name", name}}));
    return System{system_id, customer_id, name};
  });
}

}  // namespace aftercare::service
