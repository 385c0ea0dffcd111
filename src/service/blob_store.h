// The content-addressed blob store under a data folder: each content kept once,
// as DIR/<first two hex digits>/<sha256>, written durably (temporary file, fsync,
// rename, fsync of the folder) before the row that names it commits. Ticket
// attachments (DATA/attachments) and report PDFs (DATA/reports) keep their bytes here.
// (Interim copy on the reports branch: the lead's blob_store.h on main replaces it.)
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace aftercare::service {

// Where the blob of `sha` (lower-case hex) lives under `dir`.
std::string BlobPath(const std::string& dir, const std::string& sha);
// Stores `bytes` under their SHA-256 (nothing when that content is already there);
// returns the SHA-256. kIo with the catalogued message `failed` when it cannot.
Result<std::string> PutBlob(const std::string& dir, const std::string& bytes, const char* failed);
// The blob's bytes; kIo with the catalogued message `missing` when it is missing or
// not `size` bytes long.
Result<std::string> GetBlob(const std::string& dir, const std::string& sha, std::int64_t size,
                            const char* missing);

}  // namespace aftercare::service
