// SEC-2: the tar codec under the backup file and the evidence bundle. Round trips
// (long names through pax, empty files, directories, binary content), files GNU tar
// writes and reads, and refusal of every truncation and every flipped header byte.
#include "core/tar.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace aftercare::tar {
namespace {

namespace fs = std::filesystem;

struct Read {
  Member member;
  std::string content, sha256;
};

// Every member with its content, read in chunks of `chunk` bytes.
Result<std::vector<Read>> ReadAllMembers(const std::string& archive, std::size_t chunk = 7) {
  std::istringstream in(archive);
  Reader r(in);
  std::vector<Read> out;
  while (true) {
    AFTERCARE_ASSIGN_OR_RETURN(auto m, r.Next());
    if (!m) return out;
    Read item{*m, {}, {}};
    std::vector<char> buf(chunk);
    while (true) {
      AFTERCARE_ASSIGN_OR_RETURN(std::size_t n, r.Read(buf.data(), buf.size()));
      if (n == 0) break;
      item.content.append(buf.data(), n);
    }
    item.sha256 = r.MemberSha256();
    out.push_back(std::move(item));
  }
}

std::string Binary(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131 + i / 7) & 0xFF);
  return s;
}

struct Sample {
  std::string name, content;
};

std::vector<Sample> Samples() {
  return {{"manifest.json", "{\"format\":1}"},
          {"empty", ""},
          {"one-block", Binary(512)},
          {"block-and-one", Binary(513)},
          {"attachments/ab/" + std::string(64, 'c'), Binary(70000)},
          {std::string(150, 'n') + "/file", "long"},
          {"中文/附件.txt", "你好"}};
}

std::string Build(const std::vector<Sample>& samples, std::vector<std::string>* shas = nullptr) {
  std::ostringstream out;
  Writer w(out);
  for (const Sample& s : samples) {
    EXPECT_TRUE(w.AddString(Member{s.name, 0, 0640, 1733500000, Type::kFile}, s.content).ok());
    if (shas) shas->push_back(w.MemberSha256());
  }
  EXPECT_TRUE(w.Finish().ok());
  EXPECT_EQ(w.offset(), out.str().size());
  return out.str();
}

TEST(Tar, RoundTripsNamesContentModesTimesAndChecksums) {
  std::vector<std::string> shas;
  std::string archive = Build(Samples(), &shas);
  EXPECT_EQ(archive.size() % kBlock, 0u);
  auto got = ReadAllMembers(archive);
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_EQ(got->size(), Samples().size());
  for (std::size_t i = 0; i < got->size(); ++i) {
    const Read& r = (*got)[i];
    EXPECT_EQ(r.member.name, Samples()[i].name);
    EXPECT_EQ(r.member.size, Samples()[i].content.size());
    EXPECT_EQ(r.content, Samples()[i].content);
    EXPECT_EQ(r.member.mode, 0640u);
    EXPECT_EQ(r.member.mtime, 1733500000);
    EXPECT_EQ(r.member.type, Type::kFile);
    EXPECT_EQ(r.sha256, shas[i]);
    EXPECT_EQ(r.sha256, Sha256Hex(Samples()[i].content));
  }
}

TEST(Tar, NamesOfEveryLengthAroundThePaxRecordDigitBoundaries) {
  std::vector<Sample> samples;
  for (std::size_t n : {1,  99,  100, 101, 102, 89,  90,  91,  92,  93,
                        94, 985, 986, 987, 988, 989, 990, 991, 992, 4096}) {
    samples.push_back({std::string(n, 'x') + std::to_string(n), std::to_string(n)});
    samples.back().name.resize(n);
  }
  auto got = ReadAllMembers(Build(samples));
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_EQ(got->size(), samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    EXPECT_EQ((*got)[i].member.name, samples[i].name) << samples[i].name.size();
  }
}

TEST(Tar, AnEmptyArchiveIsTwoZeroBlocks) {
  std::ostringstream out;
  Writer w(out);
  ASSERT_TRUE(w.Finish().ok());
  EXPECT_EQ(out.str(), std::string(2 * kBlock, '\0'));
  auto got = ReadAllMembers(out.str());
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->empty());
}

TEST(Tar, RefusesBadMembers) {
  std::ostringstream out;
  Writer w(out);
  EXPECT_EQ(w.AddString(Member{"", 0, 0644, 0}, "x").error().code, ErrorCode::kInvalidInput);
  EXPECT_FALSE(w.AddString(Member{std::string("a\0b", 3), 0, 0644, 0}, "x").ok());
  EXPECT_FALSE(w.AddString(Member{std::string(4097, 'a'), 0, 0644, 0}, "x").ok());
  EXPECT_FALSE(w.AddString(Member{"a", 0, 0644, -1}, "x").ok());
  ASSERT_TRUE(w.Begin(Member{"a", 3, 0644, 0}).ok());
  EXPECT_FALSE(w.Write("abcd").ok());  // more than declared
  EXPECT_FALSE(w.End().ok());          // less than declared
}

class TarFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tar_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "in");
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(TarFiles, CopiesFilesInChunksThroughAFileAndGnuTarExtractsThem) {
  const std::string big = Binary(3 * 64 * 1024 + 17);
  std::ofstream(dir_ / "in" / "big.bin", std::ios::binary) << big;
  std::ofstream(dir_ / "in" / "empty", std::ios::binary).flush();
  const std::string archive = (dir_ / "a.tar").string();
  std::FILE* f = std::fopen(archive.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  Writer w(f);
  ASSERT_TRUE(w.AddDirectory("data", 0750, 1733500000).ok());
  ASSERT_TRUE(w.AddFile(Member{"data/big.bin", 0, 0600, 1733500000}, (dir_ / "in/big.bin")).ok());
  EXPECT_EQ(w.MemberSha256(), Sha256Hex(big));
  const std::string long_name = "data/" + std::string(120, 'L') + ".bin";
  ASSERT_TRUE(w.AddFile(Member{long_name, 0, 0600, 1733500000}, (dir_ / "in/empty")).ok());
  ASSERT_TRUE(w.Finish().ok());
  std::fclose(f);

  fs::create_directories(dir_ / "out");
  std::string cmd = "tar -xf " + archive + " -C " + (dir_ / "out").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream back(dir_ / "out/data/big.bin", std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(back), {}), big);
  EXPECT_TRUE(fs::exists(dir_ / "out" / long_name));
  EXPECT_EQ(fs::file_size(dir_ / "out" / long_name), 0u);

  std::FILE* in = std::fopen(archive.c_str(), "rb");
  Reader r(in);
  auto d = r.Next();
  ASSERT_TRUE(d.ok() && *d);
  EXPECT_EQ((*d)->type, Type::kDirectory);
  EXPECT_EQ((*d)->mode, 0750u);
  auto b = r.Next();  // not read: Next skips it
  ASSERT_TRUE(b.ok() && *b);
  auto l = r.Next();
  ASSERT_TRUE(l.ok() && *l);
  EXPECT_EQ((*l)->name, long_name);
  auto end = r.Next();
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(*end);
  std::fclose(in);
}

TEST_F(TarFiles, ReadsWhatGnuTarWritesInBothOfItsLongNameFormats) {
  const std::string long_name = std::string(130, 'g') + ".txt";
  std::ofstream(dir_ / "in" / long_name) << "gnu";
  for (const char* format : {"gnu", "pax", "ustar"}) {
    const std::string archive = (dir_ / (std::string(format) + ".tar")).string();
    std::string name = std::string(format) == "ustar" ? "in" : "in/" + long_name;
    std::string cmd = "cd " + dir_.string() + " && tar --format=" + format + " -cf " + archive +
                      " " + name + " 2>/dev/null";
    if (std::string(format) == "ustar") {
      std::ofstream(dir_ / "in" / long_name, std::ios::trunc).close();
      fs::remove(dir_ / "in" / long_name);
      std::ofstream(dir_ / "in" / "short.txt") << "gnu";
    }
    ASSERT_EQ(std::system(cmd.c_str()), 0) << format;
    std::ifstream f(archive, std::ios::binary);
    auto got = ReadAllMembers(std::string(std::istreambuf_iterator<char>(f), {}), 4096);
    ASSERT_TRUE(got.ok()) << format << ": " << got.error().message;
    ASSERT_FALSE(got->empty());
    EXPECT_EQ(got->back().content, "gnu") << format;
    if (std::string(format) != "ustar") {
      EXPECT_EQ(got->back().member.name, "in/" + long_name);
    }
  }
}

TEST(Tar, RefusesTheArchiveCutAtEveryBlockAndInsideBlocks) {
  const std::string archive = Build(Samples());
  const std::size_t blocks = archive.size() / kBlock;
  for (std::size_t cut = 0; cut < archive.size(); cut += kBlock / 4) {
    auto got = ReadAllMembers(archive.substr(0, cut), 4096);
    ASSERT_FALSE(got.ok()) << "cut at " << cut << " of " << blocks << " blocks";
    EXPECT_EQ(got.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(got.error().message.find("the archive is truncated"), std::string::npos)
        << cut << ": " << got.error().message;
  }
}

TEST(Tar, RefusesAFlippedByteInAnyHeaderPaddingOrEndBlock) {
  // Every sample but the 70 KB one: each flip reads the whole archive again.
  std::vector<Sample> samples = Samples();
  std::erase_if(samples, [](const Sample& s) { return s.content.size() > 1000; });
  const std::string archive = Build(samples);
  // Which bytes are content: a flip there passes tar but changes the member's SHA-256.
  auto clean = ReadAllMembers(archive);
  ASSERT_TRUE(clean.ok());
  std::size_t refused = 0, changed_content = 0;
  for (std::size_t i = 0; i < archive.size(); ++i) {
    std::string bad = archive;
    bad[i] = static_cast<char>(bad[i] ^ 0x20);
    auto got = ReadAllMembers(bad, 4096);
    if (!got.ok()) {
      ++refused;
      EXPECT_NE(got.error().message.find("the archive is damaged"), std::string::npos)
          << i << ": " << got.error().message;
      continue;
    }
    // Content (and a pax header's path, which is content to tar): what changed
    // shows in a member's SHA-256 or name, and the archive's own hash.
    ASSERT_EQ(got->size(), clean->size()) << i;
    bool differs = false;
    for (std::size_t m = 0; m < got->size(); ++m) {
      differs = differs || (*got)[m].sha256 != (*clean)[m].sha256 ||
                (*got)[m].member.name != (*clean)[m].member.name;
    }
    EXPECT_TRUE(differs) << "a flip at byte " << i << " went unnoticed";
    ++changed_content;
  }
  std::size_t content = 0;
  for (const Sample& s : samples) content += s.content.size();
  EXPECT_GE(changed_content, content);
  EXPECT_LT(changed_content, content + 200);  // + the long name's pax record
  EXPECT_EQ(refused + changed_content, archive.size());
}

TEST(Tar, TheHashBeforeAMemberIsTheWritersHashSoFar) {
  std::ostringstream out;
  Writer w(out);
  ASSERT_TRUE(w.AddString(Member{std::string(120, 'p'), 0, 0644, 0}, "one").ok());
  const std::string sealed = w.HashSoFar();
  ASSERT_TRUE(w.AddString(Member{"seal", 0, 0644, 0}, sealed).ok());
  ASSERT_TRUE(w.Finish().ok());
  EXPECT_EQ(sealed, Sha256Hex(out.str().substr(0, 4 * kBlock)));  // pax, header, body; header
  std::istringstream in(out.str());
  Reader r(in);
  ASSERT_TRUE(r.Next().ok());
  auto seal = r.Next();
  ASSERT_TRUE(seal.ok() && *seal);
  EXPECT_EQ(r.HashBeforeMember(), sealed);
}

TEST(Tar, RefusesDataAfterTheEndButAcceptsZeroRecordPadding) {
  std::string archive = Build({{"a", "x"}});
  EXPECT_TRUE(ReadAllMembers(archive + std::string(8 * kBlock, '\0')).ok());
  auto got = ReadAllMembers(archive + std::string(kBlock, '\0') + "junk");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().message, "the archive is damaged: data after the end of the archive");
}

TEST(Tar, ReadAllIsBounded) {
  std::istringstream in(Build({{"big", Binary(2000)}}));
  Reader r(in);
  ASSERT_TRUE(r.Next().ok());
  auto all = r.ReadAll(1000);
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().message, "member \"big\" is larger than expected");
}

}  // namespace
}  // namespace aftercare::tar
