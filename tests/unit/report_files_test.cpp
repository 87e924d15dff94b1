// write_file_atomically against the ways a report file can be hijacked or
// lost (issue 14, items 4, 5, 7): a symlink planted at the temporary name,
// permission bits, long names, devices, full disks; and terminal_safe,
// which keeps escape sequences from labels off the terminal (item 16).
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "report/report.hpp"
#include "report/text.hpp"

using namespace goalpath;
namespace fs = std::filesystem;

namespace {

fs::path fresh_folder(const std::string& name) {
  fs::path folder = fs::temp_directory_path() / ("goalpath-files-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(folder);
  fs::create_directories(folder);
  return folder;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void write(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

}  // namespace

TEST_CASE("a symlink planted at the old predictable temporary name redirects nothing") {
  const fs::path folder = fresh_folder("planted");
  const fs::path victim = folder / "victim.txt";
  write(victim, "precious\n");
  // The name the writer used to open without O_EXCL: .NAME.tmpPID.
  fs::create_symlink(victim, folder / (".report.json.tmp" + std::to_string(::getpid())));
  report::write_file_atomically((folder / "report.json").string(), "{\"report\": 1}\n");
  CHECK(read(victim) == "precious\n");
  CHECK(read(folder / "report.json") == "{\"report\": 1}\n");
}

TEST_CASE("the replaced file keeps its permission bits; a symlinked report stays a symlink") {
  const fs::path folder = fresh_folder("modes");
  const fs::path report = folder / "report.json";
  write(report, "old\n");
  ::chmod(report.c_str(), 0600);
  report::write_file_atomically(report.string(), "new\n");
  struct stat after {};
  REQUIRE(::stat(report.c_str(), &after) == 0);
  CHECK((after.st_mode & 07777) == 0600);
  CHECK(read(report) == "new\n");

  const fs::path link = folder / "latest.json";
  fs::create_symlink(report, link);
  report::write_file_atomically(link.string(), "newer\n");
  CHECK(fs::is_symlink(link));
  CHECK(read(report) == "newer\n");
  CHECK(std::distance(fs::directory_iterator(folder), fs::directory_iterator()) == 2);  // no temporary left
}

TEST_CASE("a file name of 255 bytes, the most a name may have, is written") {
  const fs::path folder = fresh_folder("long");
  const std::string name = std::string(250, 'r') + ".json";
  report::write_file_atomically((folder / name).string(), "x\n");
  CHECK(read(folder / name) == "x\n");
}

TEST_CASE("a character device is written in place, and a failed write throws") {
  if (::geteuid() != 0) return;  // mknod needs root; the e2e test covers /dev/full as well
  const fs::path folder = fresh_folder("devices");
  const fs::path null_node = folder / "null", full_node = folder / "full";
  REQUIRE(::mknod(null_node.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);
  REQUIRE(::mknod(full_node.c_str(), S_IFCHR | 0666, makedev(1, 7)) == 0);
  report::write_file_atomically(null_node.string(), "into the void\n");
  struct stat after {};
  REQUIRE(::stat(null_node.c_str(), &after) == 0);
  CHECK(S_ISCHR(after.st_mode));
  CHECK_THROWS_AS(report::write_file_atomically(full_node.string(), "no space\n"), std::runtime_error);
  REQUIRE(::stat(full_node.c_str(), &after) == 0);
  CHECK(S_ISCHR(after.st_mode));
}

TEST_CASE("a folder is refused, not replaced") {
  const fs::path folder = fresh_folder("folder");
  fs::create_directory(folder / "out.json");
  CHECK_THROWS_AS(report::write_file_atomically((folder / "out.json").string(), "x\n"), std::runtime_error);
  CHECK(fs::is_directory(folder / "out.json"));
}

TEST_CASE("CSV cells that a spreadsheet would run as formulas get a leading quote; numbers stay numbers") {
  using report::detail::csv_field;
  CHECK(csv_field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  CHECK(csv_field("@SUM(A1)") == "'@SUM(A1)");
  CHECK(csv_field("+1+1") == "'+1+1");
  CHECK(csv_field("-cmd") == "'-cmd");
  CHECK(csv_field("\tx") == "'\tx");
  CHECK(csv_field("-3.5") == "-3.5");
  CHECK(csv_field("-1e-09") == "-1e-09");
  CHECK(csv_field("output") == "output");
}

TEST_CASE("terminal_safe makes control characters visible and keeps only the colours asked for") {
  CHECK(report::terminal_safe("a\x1b]0;owned\x07 b") == "a^[]0;owned^G b");
  CHECK(report::terminal_safe("line\nnext\tcol") == "line\nnext\tcol");
  CHECK(report::terminal_safe("\x1b[31mred\x1b[0m", true) == "\x1b[31mred\x1b[0m");
  CHECK(report::terminal_safe("\x1b[31mred", false) == "^[[31mred");
  CHECK(report::terminal_safe("\x1b[2J", true) == "^[[2J");
  CHECK(report::terminal_safe("c1 \xC2\x9B here") == "c1 \xEF\xBF\xBD here");
  CHECK(report::terminal_safe("上海") == "上海");
}

TEST_CASE("create_only writes a new file and never replaces one, a symlink or a name taken meanwhile") {
  const fs::path folder = fresh_folder("create-only");
  const fs::path fresh = folder / "variant.yaml";
  report::write_file_atomically(fresh.string(), "new: 1\n", report::WriteMode::create_only);
  CHECK(read(fresh) == "new: 1\n");
  // The same name again: refused, the first file untouched.
  CHECK_THROWS_AS(report::write_file_atomically(fresh.string(), "new: 2\n", report::WriteMode::create_only),
                  report::FileExists);
  CHECK(read(fresh) == "new: 1\n");
  // A dangling symlink is a taken name too (writing through it would create its target).
  const fs::path link = folder / "link.yaml";
  fs::create_symlink(folder / "elsewhere.yaml", link);
  CHECK_THROWS_AS(report::write_file_atomically(link.string(), "x\n", report::WriteMode::create_only), report::FileExists);
  CHECK_FALSE(fs::exists(folder / "elsewhere.yaml"));
  // No temporary is left behind by a refusal.
  int files = 0;
  for (const auto& entry : fs::directory_iterator(folder)) files += entry.path().filename().string().front() == '.';
  CHECK(files == 0);
  // replace (the default) still replaces.
  report::write_file_atomically(fresh.string(), "new: 3\n");
  CHECK(read(fresh) == "new: 3\n");
}
