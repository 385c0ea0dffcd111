#include "service/audit/evidence_key.h"

#include <optional>
#include <vector>

#include "core/sha256.h"
#include "service/key_file.h"

namespace aftercare::service {
namespace {

std::optional<std::vector<unsigned char>> FromHex(std::string_view hex, std::size_t bytes) {
  std::vector<unsigned char> out(bytes);
  std::size_t n = 0;
  if (hex.size() != bytes * 2 ||
      sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &n, nullptr) != 0 ||
      n != bytes) {
    return std::nullopt;
  }
  return out;
}

}  // namespace

EvidenceKey::EvidenceKey(std::string_view seed) {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_seed_keypair(pk, secret_.data(), reinterpret_cast<const unsigned char*>(seed.data()));
  public_hex_ = HexOf(pk, sizeof pk);
}

Result<EvidenceKey> EvidenceKey::FromKeyFile(const std::string& path, bool make) {
  if (!make) {
    AFTERCARE_ASSIGN_OR_RETURN(std::string seed, LoadKeyFile(path, kSeedBytes));
    return EvidenceKey(seed);
  }
  AFTERCARE_ASSIGN_OR_RETURN(std::string seed, LoadOrMakeKeyFile(path, kSeedBytes, [] {
                               std::string s(kSeedBytes, '\0');
                               randombytes_buf(s.data(), s.size());
                               return s;
                             }));
  return EvidenceKey(seed);
}

EvidenceKey EvidenceKey::Random() {
  std::string s(kSeedBytes, '\0');
  randombytes_buf(s.data(), s.size());
  return EvidenceKey(s);
}

std::string EvidenceKey::Sign(std::string_view message) const {
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), secret_.data());
  return HexOf(sig, sizeof sig);
}

bool EvidenceKey::Verify(std::string_view public_key_hex, std::string_view message,
                         std::string_view signature_hex) {
  auto pk = FromHex(public_key_hex, crypto_sign_PUBLICKEYBYTES);
  auto sig = FromHex(signature_hex, crypto_sign_BYTES);
  if (!pk || !sig) return false;
  return crypto_sign_verify_detached(sig->data(),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), pk->data()) == 0;
}

}  // namespace aftercare::service
