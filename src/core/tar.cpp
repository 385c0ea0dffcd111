#include "core/tar.h"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

namespace aftercare::tar {
namespace {

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::uint64_t kMaxOctal11 = 077777777777ULL;  // 11 octal digits: 8 GiB - 1
constexpr std::size_t kNameField = 100;

// Field offsets and widths of a ustar header.
struct Field {
  std::size_t at, width;
};
constexpr Field kName{0, 100}, kMode{100, 8}, kUid{108, 8}, kGid{116, 8}, kSize{124, 12},
    kMtime{136, 12}, kChksum{148, 8}, kType{156, 1}, kMagic{257, 6}, kVersion{263, 2},
    kPrefix{345, 155};

using Block = std::array<char, kBlock>;

std::uint64_t Padding(std::uint64_t size) { return (kBlock - size % kBlock) % kBlock; }

void PutOctal(Block& b, Field f, std::uint64_t v) {
  // width-1 digits, zero-padded, then NUL.
  for (std::size_t i = f.width - 1; i-- > 0; v >>= 3)
    b[f.at + i] = static_cast<char>('0' + (v & 7));
  b[f.at + f.width - 1] = '\0';
}

unsigned Checksum(const Block& b) {
  unsigned sum = 0;
  for (std::size_t i = 0; i < kBlock; ++i) {
    const bool in_field = i >= kChksum.at && i < kChksum.at + kChksum.width;
    sum += in_field ? unsigned{' '} : static_cast<unsigned char>(b[i]);
  }
  return sum;
}

// Writes the checksum as tar does: six octal digits, NUL, space.
void PutChecksum(Block& b) {
  unsigned sum = Checksum(b);
  for (std::size_t i = 6; i-- > 0; sum >>= 3)
    b[kChksum.at + i] = static_cast<char>('0' + (sum & 7));
  b[kChksum.at + 6] = '\0';
  b[kChksum.at + 7] = ' ';
}

// A numeric field: octal digits (leading spaces, ended by NUL or space), or GNU
// base-256 (high bit of the first byte set). nullopt when malformed.
std::optional<std::uint64_t> ParseNumber(const Block& b, Field f) {
  const auto* p = reinterpret_cast<const unsigned char*>(b.data() + f.at);
  std::uint64_t v = 0;
  if (p[0] & 0x80) {
    if (p[0] != 0x80) return std::nullopt;  // negative or over 64 bits
    for (std::size_t i = 1; i < f.width; ++i) {
      if (v >> 55) return std::nullopt;
      v = (v << 8) | p[i];
    }
    return v;
  }
  std::size_t i = 0;
  while (i < f.width && p[i] == ' ') ++i;
  for (; i < f.width && p[i] >= '0' && p[i] <= '7'; ++i) v = (v << 3) | (p[i] - '0');
  for (; i < f.width; ++i) {
    if (p[i] != '\0' && p[i] != ' ') return std::nullopt;
  }
  return v;
}

// The checksum field exactly as tar writes it: "%06o\0 " or "%07o\0".
std::optional<std::uint64_t> ParseChecksum(const Block& b) {
  const char* p = b.data() + kChksum.at;
  auto digit = [](char c) { return c >= '0' && c <= '7'; };
  if (!std::all_of(p, p + 6, digit)) return std::nullopt;
  const bool six = p[6] == '\0' && p[7] == ' ';
  const bool seven = digit(p[6]) && p[7] == '\0';
  if (!six && !seven) return std::nullopt;
  return ParseNumber(b, kChksum);
}

std::string FieldText(const Block& b, Field f) {
  const char* p = b.data() + f.at;
  return std::string(p, strnlen(p, f.width));
}

bool AllZero(const char* p, std::size_t n) {
  return std::all_of(p, p + n, [](char c) { return c == '\0'; });
}

// One pax record "LEN key=value\n", LEN counting the whole record.
std::string PaxRecord(std::string_view key, std::string_view value) {
  const std::size_t body = 1 + key.size() + 1 + value.size() + 1;  // " key=value\n"
  std::size_t len = body + 1;
  while (std::to_string(len).size() + body != len) len = std::to_string(len).size() + body;
  return std::to_string(len) + " " + std::string(key) + "=" + std::string(value) + "\n";
}

Error Internal(std::string detail) {
  return Error{ErrorCode::kInternal, "tar writer misuse", {}, 0, std::move(detail)};
}

}  // namespace

// ---- Writer ----

Status Writer::Put(const char* data, std::size_t n) {
  if (n == 0) return {};
  bool ok = file_ != nullptr
                ? std::fwrite(data, 1, n, file_) == n
                : static_cast<bool>(stream_->write(data, static_cast<std::streamsize>(n)));
  if (!ok) return Error::Io("cannot write the archive", std::strerror(errno));
  all_.Update(std::string_view(data, n));
  offset_ += n;
  return {};
}

Status Writer::Header(const Member& m) {
  if (m.name.empty() || m.name.size() > kMaxName || m.name.find('\0') != std::string::npos) {
    return Error::Invalid("a tar member's name must have 1-4096 bytes and no NUL");
  }
  if (m.mtime < 0 || static_cast<std::uint64_t>(m.mtime) > kMaxOctal11) {
    return Error::Invalid("a tar member's time must be between 1970 and 2242");
  }
  std::string pax;
  if (m.name.size() > kNameField) pax += PaxRecord("path", m.name);
  if (m.size > kMaxOctal11) pax += PaxRecord("size", std::to_string(m.size));
  if (!pax.empty()) {
    Member x{"././@PaxHeader", pax.size(), 0644, m.mtime, Type::kOther};
    Block b{};
    std::memcpy(b.data(), x.name.data(), x.name.size());
    PutOctal(b, kMode, x.mode);
    PutOctal(b, kUid, 0);
    PutOctal(b, kGid, 0);
    PutOctal(b, kSize, x.size);
    PutOctal(b, kMtime, static_cast<std::uint64_t>(x.mtime));
    b[kType.at] = 'x';
    std::memcpy(b.data() + kMagic.at, "ustar", 6);
    std::memcpy(b.data() + kVersion.at, "00", 2);
    PutChecksum(b);
    AFTERCARE_RETURN_IF_ERROR(Put(b.data(), b.size()));
    AFTERCARE_RETURN_IF_ERROR(Put(pax.data(), pax.size()));
    Block zero{};
    AFTERCARE_RETURN_IF_ERROR(Put(zero.data(), Padding(pax.size())));
  }
  Block b{};
  std::memcpy(b.data(), m.name.data(), std::min(m.name.size(), kNameField));
  PutOctal(b, kMode, m.mode & 07777);
  PutOctal(b, kUid, 0);
  PutOctal(b, kGid, 0);
  PutOctal(b, kSize, m.size > kMaxOctal11 ? 0 : m.size);
  PutOctal(b, kMtime, static_cast<std::uint64_t>(m.mtime));
  b[kType.at] = m.type == Type::kDirectory ? '5' : '0';
  std::memcpy(b.data() + kMagic.at, "ustar", 6);
  std::memcpy(b.data() + kVersion.at, "00", 2);
  PutChecksum(b);
  return Put(b.data(), b.size());
}

Status Writer::Begin(const Member& m) {
  if (open_ || finished_) return Internal("Begin with a member open or after Finish");
  AFTERCARE_RETURN_IF_ERROR(Header(m));
  open_ = true;
  left_ = m.size;
  hash_ = Sha256();
  return {};
}

Status Writer::Write(std::string_view chunk) {
  if (!open_) return Internal("Write without Begin");
  if (chunk.size() > left_) return Internal("more content than the member's declared size");
  AFTERCARE_RETURN_IF_ERROR(Put(chunk.data(), chunk.size()));
  hash_.Update(chunk);
  left_ -= chunk.size();
  return {};
}

Status Writer::End() {
  if (!open_) return Internal("End without Begin");
  if (left_ != 0) return Internal("less content than the member's declared size");
  open_ = false;
  member_sha256_ = hash_.HexDigest();
  Block zero{};
  return Put(zero.data(), Padding(offset_));
}

Status Writer::AddString(const Member& m, std::string_view content) {
  Member f = m;
  f.size = content.size();
  f.type = Type::kFile;
  AFTERCARE_RETURN_IF_ERROR(Begin(f));
  AFTERCARE_RETURN_IF_ERROR(Write(content));
  return End();
}

Status Writer::AddDirectory(const std::string& name, std::uint32_t mode, std::int64_t mtime) {
  AFTERCARE_RETURN_IF_ERROR(Begin(Member{name, 0, mode, mtime, Type::kDirectory}));
  return End();
}

Status Writer::AddFile(const Member& m, const std::string& path) {
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (in == nullptr) return Error::Io("cannot read \"" + path + "\"", std::strerror(errno));
  struct stat st {};
  if (::fstat(fileno(in), &st) != 0) {
    std::fclose(in);
    return Error::Io("cannot read \"" + path + "\"", std::strerror(errno));
  }
  Member f = m;
  f.size = static_cast<std::uint64_t>(st.st_size);
  f.type = Type::kFile;
  Status s = Begin(f);
  std::vector<char> buf(kChunk);
  while (s.ok() && left_ > 0) {
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, left_));
    std::size_t got = std::fread(buf.data(), 1, want, in);
    if (got != want) {
      s = Error::Io("the file \"" + path + "\" changed while it was copied");
      break;
    }
    s = Write(std::string_view(buf.data(), got));
  }
  if (s.ok() && std::fgetc(in) != EOF) {
    s = Error::Io("the file \"" + path + "\" changed while it was copied");
  }
  std::fclose(in);
  if (!s.ok()) {
    open_ = false;  // the archive is unusable now; the caller drops it
    return s;
  }
  return End();
}

Status Writer::Finish() {
  if (open_ || finished_) return Internal("Finish with a member open or twice");
  finished_ = true;
  Block zero{};
  AFTERCARE_RETURN_IF_ERROR(Put(zero.data(), zero.size()));
  return Put(zero.data(), zero.size());
}

// ---- Reader ----

Result<std::size_t> Reader::Raw(char* buf, std::size_t n) {
  std::size_t got = 0;
  if (file_ != nullptr) {
    got = std::fread(buf, 1, n, file_);
    if (got < n && std::ferror(file_)) {
      return Error::Io("cannot read the archive", std::strerror(errno));
    }
  } else {
    stream_->read(buf, static_cast<std::streamsize>(n));
    got = static_cast<std::size_t>(stream_->gcount());
    if (got < n && stream_->bad()) return Error::Io("cannot read the archive");
  }
  all_.Update(std::string_view(buf, got));
  offset_ += got;
  return got;
}

Result<bool> Reader::Get(char* buf, std::size_t n) {
  AFTERCARE_ASSIGN_OR_RETURN(std::size_t got, Raw(buf, n));
  return got == n;
}

Result<std::size_t> Reader::Read(char* buf, std::size_t n) {
  const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(n, left_));
  if (want == 0) return std::size_t{0};
  AFTERCARE_ASSIGN_OR_RETURN(bool whole, Get(buf, want));
  if (!whole) return Error::Invalid("the archive is truncated in member \"" + current_ + "\"");
  hash_.Update(std::string_view(buf, want));
  left_ -= want;
  return want;
}

Result<std::string> Reader::ReadAll(std::size_t max) {
  if (left_ > max) {
    return Error::Invalid("member \"" + current_ + "\" is larger than expected");
  }
  std::string out(static_cast<std::size_t>(left_), '\0');
  AFTERCARE_ASSIGN_OR_RETURN(std::size_t got, Read(out.data(), out.size()));
  out.resize(got);
  return out;
}

Status Reader::SkipRest() {
  std::vector<char> buf(kChunk);
  while (left_ > 0) {
    AFTERCARE_ASSIGN_OR_RETURN(std::size_t got, Read(buf.data(), buf.size()));
    (void)got;
  }
  if (padding_ > 0) {
    AFTERCARE_ASSIGN_OR_RETURN(bool whole, Get(buf.data(), padding_));
    if (!whole) return Error::Invalid("the archive is truncated in member \"" + current_ + "\"");
    if (!AllZero(buf.data(), padding_)) {
      return Error::Invalid("the archive is damaged: the padding after member \"" + current_ +
                            "\" is not zero");
    }
    padding_ = 0;
  }
  return {};
}

Result<std::string> Reader::PaxBody(std::uint64_t size) {
  const std::uint64_t at = offset_;
  if (size > kMaxPaxHeader) {
    return Error::Invalid("the archive is damaged: the pax header at byte " + std::to_string(at) +
                          " is over 64 KiB");
  }
  std::string body(static_cast<std::size_t>(size), '\0');
  std::string pad(static_cast<std::size_t>(Padding(size)), '\0');
  AFTERCARE_ASSIGN_OR_RETURN(bool whole, Get(body.data(), body.size()));
  if (whole) {
    AFTERCARE_ASSIGN_OR_RETURN(whole, Get(pad.data(), pad.size()));
  }
  if (!whole) {
    return Error::Invalid("the archive is truncated: the header at byte " + std::to_string(at) +
                          " is cut short");
  }
  if (!AllZero(pad.data(), pad.size())) {
    return Error::Invalid("the archive is damaged: the pax header at byte " + std::to_string(at) +
                          " is malformed");
  }
  return body;
}

namespace {

// Applies the records of a pax body to `path` and `size`; false when malformed.
bool ApplyPax(std::string_view body, std::optional<std::string>& path,
              std::optional<std::uint64_t>& size) {
  while (!body.empty()) {
    std::size_t space = body.find(' ');
    if (space == std::string_view::npos || space == 0 || space > 7) return false;
    std::size_t len = 0;
    for (char c : body.substr(0, space)) {
      if (c < '0' || c > '9') return false;
      len = len * 10 + static_cast<std::size_t>(c - '0');
    }
    if (len <= space + 2 || len > body.size() || body[len - 1] != '\n') return false;
    std::string_view record = body.substr(space + 1, len - space - 2);
    body.remove_prefix(len);
    std::size_t eq = record.find('=');
    if (eq == std::string_view::npos) return false;
    std::string_view key = record.substr(0, eq), value = record.substr(eq + 1);
    if (key == "path") {
      path = std::string(value);
    } else if (key == "size") {
      if (value.empty() || value.size() > 19) return false;
      std::uint64_t n = 0;
      for (char c : value) {
        if (c < '0' || c > '9') return false;
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
      }
      size = n;
    }
  }
  return true;
}

Type TypeOf(char flag) {
  switch (flag) {
    case '0':
    case '\0':
    case '7':
      return Type::kFile;
    case '5':
      return Type::kDirectory;
    case '2':
      return Type::kSymlink;
    default:
      return Type::kOther;
  }
}

}  // namespace

Status Reader::CheckTrailer() {
  // tar pads its output to whole records of zero blocks; anything else after the
  // end-of-archive blocks is damage.
  std::vector<char> buf(kChunk);
  while (true) {
    AFTERCARE_ASSIGN_OR_RETURN(std::size_t got, Raw(buf.data(), buf.size()));
    if (!AllZero(buf.data(), got))
      return Error::Invalid("the archive is damaged: data after the end of the archive");
    if (got < buf.size()) return {};
  }
}

Result<std::optional<Member>> Reader::Next() {
  if (ended_) return std::optional<Member>();
  AFTERCARE_RETURN_IF_ERROR(SkipRest());
  std::optional<std::string> pax_path;
  std::optional<std::uint64_t> pax_size;
  before_ = all_;
  while (true) {
    const std::uint64_t at = offset_;
    Block b;
    AFTERCARE_ASSIGN_OR_RETURN(std::size_t got, Raw(b.data(), b.size()));
    if (got == 0 && !pax_path && !pax_size) {
      return Error::Invalid("the archive is truncated: the end-of-archive blocks are missing");
    }
    if (got < b.size()) {
      return Error::Invalid("the archive is truncated: the header at byte " + std::to_string(at) +
                            " is cut short");
    }
    if (AllZero(b.data(), b.size())) {
      AFTERCARE_ASSIGN_OR_RETURN(got, Raw(b.data(), b.size()));
      if (got < b.size()) {
        return Error::Invalid("the archive is truncated: the end-of-archive blocks are missing");
      }
      if (!AllZero(b.data(), b.size())) {
        return Error::Invalid("the archive is damaged: the zero block at byte " +
                              std::to_string(at) + " is followed by data");
      }
      AFTERCARE_RETURN_IF_ERROR(CheckTrailer());
      ended_ = true;
      current_.clear();
      return std::optional<Member>();
    }
    auto sum = ParseChecksum(b);
    if (!sum || *sum != Checksum(b))
      return Error::Invalid("the archive is damaged: the header at byte " + std::to_string(at) +
                            " has a bad checksum");
    if (std::memcmp(b.data() + kMagic.at, "ustar", 5) != 0) {
      return Error::Invalid("the archive is damaged: the header at byte " + std::to_string(at) +
                            " is not a ustar header");
    }
    auto size = ParseNumber(b, kSize);
    auto mode = ParseNumber(b, kMode);
    auto mtime = ParseNumber(b, kMtime);
    if (!size || !mode || !mtime || *mtime > kMaxOctal11 * 8) {
      return Error::Invalid("the archive is damaged: the header at byte " + std::to_string(at) +
                            " has a malformed number");
    }
    const char flag = b[kType.at];
    if (flag == 'x' || flag == 'g' || flag == 'L') {
      AFTERCARE_ASSIGN_OR_RETURN(std::string body, PaxBody(*size));
      if (flag == 'L') {
        pax_path = std::string(body.c_str());
      } else if (flag == 'x' && !ApplyPax(body, pax_path, pax_size)) {
        return Error::Invalid("the archive is damaged: the pax header at byte " +
                              std::to_string(at) + " is malformed");
      }
      continue;
    }
    Member m;
    std::string prefix = FieldText(b, kPrefix);
    m.name = pax_path ? *pax_path : (prefix.empty() ? "" : prefix + "/") + FieldText(b, kName);
    if (m.name.empty() || m.name.size() > kMaxName) {
      return Error::Invalid("the archive is damaged: the member name at byte " +
                            std::to_string(at) + " is empty or longer than 4096 bytes");
    }
    m.size = pax_size ? *pax_size : *size;
    m.mode = static_cast<std::uint32_t>(*mode & 07777);
    m.mtime = static_cast<std::int64_t>(*mtime);
    m.type = TypeOf(flag);
    if (m.type == Type::kDirectory || m.type == Type::kSymlink) m.size = 0;
    current_ = m.name;
    left_ = m.size;
    padding_ = Padding(m.size);
    hash_ = Sha256();
    return std::optional<Member>(std::move(m));
  }
}

}  // namespace aftercare::tar
