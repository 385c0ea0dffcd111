#include "core/sha256.h"

namespace aftercare {

std::string HexOf(const unsigned char* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

std::string Sha256::HexDigest() {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state_, h);
  return HexOf(h, sizeof h);
}

std::string Sha256Hex(std::string_view bytes) {
  Sha256 h;
  h.Update(bytes);
  return h.HexDigest();
}

}  // namespace aftercare
