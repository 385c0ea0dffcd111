// Files kept by content (SHA-256) under a folder of the data folder: ticket
// attachments, release files, checklist photos, report PDFs. A blob is written
// and synced (temp file, fsync, rename, fsync of the folder) before the row that
// names it commits, so an acknowledged upload survives a crash; the same content
// is stored once. Errors: Io (client-safe message, the path or errno as detail).
#pragma once

#include <string>

#include "core/result.h"

namespace aftercare::service {

// Stores `bytes` and returns their SHA-256 (lower-case hex).
Result<std::string> StoreBlob(const std::string& dir, const std::string& bytes);

// The bytes stored under `sha256`; Io when missing or not `size` bytes long.
Result<std::string> ReadBlob(const std::string& dir, const std::string& sha256,
                             std::int64_t size);

// Where the blob lives (to send it from disk).
std::string BlobPath(const std::string& dir, const std::string& sha256);

}  // namespace aftercare::service
