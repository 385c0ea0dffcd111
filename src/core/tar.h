// A tar codec (POSIX.1-2001 ustar, with pax extended headers), streaming both
// ways, no external library: the backup file (SEC-2) and the evidence bundle are
// tar files that `tar -xf` opens.
//
// Writer: members from a string, from a file copied in 64 KiB chunks, or from the
// caller's own chunks (Begin / Write / End, the size declared up front); each with
// its mode and mtime (unix seconds). A name over 100 bytes or a size of 8 GiB or
// more goes in a pax extended header ('x') before the member. Finish writes the two
// zero blocks that end the archive. Writes to a std::FILE* or a std::ostream; the
// caller owns and closes it. Each member's SHA-256 is computed as it is written.
//
// Reader: walks the members (Next) and reads the current one's content in chunks
// (Read); Next skips what was not read. It verifies every header's checksum and
// magic, that the padding after each member and everything after the end-of-archive
// blocks are zero, and refuses a truncated archive (a header, a member's content or
// the end-of-archive blocks missing). pax 'x' headers' `path` and `size` apply to
// the next member; 'g' headers are skipped. A member's SHA-256 is computed as it is
// read (MemberSha256 once it is read to its end). The checksum field must be
// written as POSIX and GNU tar write it (six octal digits, NUL, space; or seven
// digits and NUL), so that no flipped byte of a header goes unnoticed.
//
// Errors (kInvalidInput, messages safe for a client): "the archive is truncated
// ...", "the archive is damaged: ..." naming the member (or the one before the
// damaged header); kIo when the file or stream cannot be read or written.
#pragma once

#include <cstdint>
#include <cstdio>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/sha256.h"

namespace aftercare::tar {

inline constexpr std::size_t kBlock = 512;
// The longest member name and pax header the reader accepts (bounded input).
inline constexpr std::size_t kMaxName = 4096;
inline constexpr std::size_t kMaxPaxHeader = 64 * 1024;

enum class Type { kFile, kDirectory, kSymlink, kOther };

struct Member {
  std::string name;
  std::uint64_t size = 0;
  std::uint32_t mode = 0644;
  std::int64_t mtime = 0;  // unix seconds
  Type type = Type::kFile;
};

class Writer {
 public:
  explicit Writer(std::FILE* out) : file_(out) {}
  explicit Writer(std::ostream& out) : stream_(&out) {}

  Status AddString(const Member& m, std::string_view content);  // m.size is ignored
  // Copies the file at `path` (its size at the time of the call; a file that
  // changes size meanwhile is an error). m.size is ignored.
  Status AddFile(const Member& m, const std::string& path);
  Status AddDirectory(const std::string& name, std::uint32_t mode, std::int64_t mtime);
  // A member written in pieces: exactly m.size bytes through Write, then End.
  Status Begin(const Member& m);
  Status Write(std::string_view chunk);
  Status End();
  // The two zero blocks; the caller flushes and closes the output.
  Status Finish();

  // The SHA-256 of the last member's content (valid after End / AddString / AddFile).
  const std::string& MemberSha256() const { return member_sha256_; }
  // Bytes written so far, and their SHA-256 (a last member can seal the archive).
  std::uint64_t offset() const { return offset_; }
  std::string HashSoFar() const {
    Sha256 copy = all_;
    return copy.HexDigest();
  }

 private:
  Status Put(const char* data, std::size_t n);
  Status Header(const Member& m);

  std::FILE* file_ = nullptr;
  std::ostream* stream_ = nullptr;
  std::uint64_t offset_ = 0;
  std::uint64_t left_ = 0;  // bytes of the open member still to come
  bool open_ = false;
  bool finished_ = false;
  Sha256 hash_;
  Sha256 all_;
  std::string member_sha256_;
};

class Reader {
 public:
  explicit Reader(std::FILE* in) : file_(in) {}
  explicit Reader(std::istream& in) : stream_(&in) {}

  // The next member, or nullopt at the (complete, verified) end of the archive.
  Result<std::optional<Member>> Next();
  // Up to `n` bytes of the current member's content into `buf`; 0 at its end.
  Result<std::size_t> Read(char* buf, std::size_t n);
  // The rest of the current member's content (bounded by `max`: more is an error).
  Result<std::string> ReadAll(std::size_t max);
  // The SHA-256 of the current member's content, once it has been read to its end.
  std::string MemberSha256() { return hash_.HexDigest(); }
  // The SHA-256 of the archive's bytes before the current member's header (and
  // its pax header): what a Writer's HashSoFar gave before writing it.
  std::string HashBeforeMember() const {
    Sha256 copy = before_;
    return copy.HexDigest();
  }
  // The SHA-256 of every byte read so far (once Next has returned the end: the file's).
  std::string HashSoFar() const {
    Sha256 copy = all_;
    return copy.HexDigest();
  }
  std::uint64_t offset() const { return offset_; }

 private:
  // Reads up to n bytes (fewer only at the end of input).
  Result<std::size_t> Raw(char* buf, std::size_t n);
  // Reads exactly n bytes; false at a short read (end of input).
  Result<bool> Get(char* buf, std::size_t n);
  Status SkipRest();
  Result<std::string> PaxBody(std::uint64_t size);
  Status CheckTrailer();

  std::FILE* file_ = nullptr;
  std::istream* stream_ = nullptr;
  std::string current_;        // the current member's name ("" before the first)
  std::uint64_t left_ = 0;     // content bytes of the current member not yet read
  std::uint64_t padding_ = 0;  // zero bytes after its content
  std::uint64_t offset_ = 0;   // bytes read so far
  bool ended_ = false;
  Sha256 hash_;
  Sha256 all_;
  Sha256 before_;
};

}  // namespace aftercare::tar
