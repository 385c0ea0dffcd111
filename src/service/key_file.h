// A key kept in a file beside the data (mode 0600, Base64 on one line), made on
// first use: the channel secrets' sealing key (`secret.key`) and the audit chain's
// signing key (`evidence.key`). Two processes making it at once both end with the
// one that was written first (O_EXCL). Servers sharing a database share the files.
//
// Errors: kIo when the file cannot be read or written, or does not hold `bytes`
// bytes of Base64.
#pragma once

#include <functional>
#include <string>

#include "core/result.h"

namespace aftercare::service {

// The key in `path`; when there is no such file, `make()` (which returns `bytes`
// random bytes) is written there first.
Result<std::string> LoadOrMakeKeyFile(const std::string& path, std::size_t bytes,
                                      const std::function<std::string()>& make);
// The key in `path`, which must exist.
Result<std::string> LoadKeyFile(const std::string& path, std::size_t bytes);

}  // namespace aftercare::service
