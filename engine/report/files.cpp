// Files: atomic writes and content hashes.
#include <fcntl.h>
#include <nettle/sha2.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "report/report.hpp"

namespace goalpath::report {

namespace {

namespace fs = std::filesystem;

std::string sys_error(const std::string& what) { return what + ": " + std::strerror(errno); }

/// Writes all of `content` to `fd`, through short writes and interrupted
/// calls; false (errno set) on the first real failure, such as ENOSPC.
bool write_all(int fd, const std::string& content) {
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

/// A character device or a FIFO (/dev/null, /dev/stdout, a pipe to another
/// program) cannot be replaced by a file without breaking what it is: write
/// into it, as a shell redirection would. A FIFO with no reader is refused
/// rather than waited on for ever.
void write_in_place(const std::string& path, const std::string& content, bool fifo) {
  int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC | (fifo ? O_NONBLOCK : 0));
  if (fd < 0) {
    if (fifo && errno == ENXIO) throw std::runtime_error("cannot write '" + path + "': it is a FIFO that no program reads");
    throw std::runtime_error(sys_error("cannot write '" + path + "'"));
  }
  if (fifo) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  bool ok = write_all(fd, content);
  int saved = errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    saved = errno;
  }
  if (!ok) {
    errno = saved;
    throw std::runtime_error(sys_error("writing '" + path + "' failed"));
  }
}

/// ".NAME.XXXXXX" next to the target, cut so that the temporary name stays
/// within the 255 bytes a file name may have (NAME itself may be 255 long).
std::string temporary_template(const fs::path& folder, const std::string& name) {
  constexpr std::size_t kMaxName = 255, kDecoration = 1 + 7;  // "." and ".XXXXXX"
  std::string stem = name.substr(0, std::min(name.size(), kMaxName - kDecoration));
  return (folder / ("." + stem + ".XXXXXX")).string();
}

std::string hex_digest(sha256_ctx& context) {
  std::uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&context, SHA256_DIGEST_SIZE, digest);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (const std::uint8_t byte : digest) {
    out += hex[byte >> 4];
    out += hex[byte & 15];
  }
  return out;
}

}  // namespace

std::string sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  sha256_ctx context;
  sha256_init(&context);
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    sha256_update(&context, static_cast<std::size_t>(in.gcount()), reinterpret_cast<const std::uint8_t*>(buffer));
  }
  return hex_digest(context);
}

std::string sha256_text(const std::string& text) {
  sha256_ctx context;
  sha256_init(&context);
  sha256_update(&context, text.size(), reinterpret_cast<const std::uint8_t*>(text.data()));
  return hex_digest(context);
}

void write_file_atomically(const std::string& path, const std::string& content, WriteMode write_mode) {
  const bool create_only = write_mode == WriteMode::create_only;
  struct stat any {};
  if (create_only && ::lstat(path.c_str(), &any) == 0) throw FileExists("'" + path + "' exists already");
  // What the path finally names (through symlinks) decides how it is written.
  struct stat existing {};
  const bool exists = ::stat(path.c_str(), &existing) == 0;
  if (exists && S_ISDIR(existing.st_mode)) {
    throw std::runtime_error("cannot write '" + path + "': it is a folder; name a file");
  }
  if (exists && (S_ISCHR(existing.st_mode) || S_ISFIFO(existing.st_mode))) {
    write_in_place(path, content, S_ISFIFO(existing.st_mode));  // /dev/stdout too: open follows the link
    return;
  }
  if (exists && !S_ISREG(existing.st_mode)) {
    throw std::runtime_error("refusing to replace '" + path + "': it is neither a regular file nor a character device");
  }
  // A symlink to a file: the file it points to is replaced and the link stays.
  std::error_code ec;
  fs::path target(path);
  if (exists && fs::is_symlink(target, ec)) {
    fs::path resolved = fs::canonical(target, ec);
    if (!ec) target = resolved;
  }

  fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string temporary = temporary_template(folder, target.filename().string());
  // mkostemp: O_CREAT|O_EXCL (so never through a planted symlink) at an
  // unpredictable name, mode 0600 until the permissions are settled below.
  int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
  if (fd < 0) {
    throw std::runtime_error(sys_error("cannot write into folder '" + folder.string() + "'") +
                             "; check that the folder exists and is writable");
  }
  // The replaced file keeps its permission bits; a new one gets 0666 less the umask.
  mode_t mode = existing.st_mode & 07777;
  if (!exists) {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  bool ok = ::fchmod(fd, mode) == 0 && write_all(fd, content) && ::fsync(fd) == 0;
  int saved = errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    saved = errno;
  }
  if (!ok) {
    ::unlink(temporary.c_str());
    errno = saved;
    throw std::runtime_error(sys_error("writing '" + path + "' failed") + "; nothing was written");
  }
  if (create_only) {
    // link(2) never replaces: a name taken since the check above fails here.
    const int linked = ::link(temporary.c_str(), target.c_str());
    saved = errno;
    ::unlink(temporary.c_str());
    errno = saved;
    if (linked != 0 && saved == EEXIST) throw FileExists("'" + path + "' exists already");
    if (linked != 0) throw std::runtime_error(sys_error("cannot write '" + path + "'"));
  } else if (::rename(temporary.c_str(), target.c_str()) != 0) {
    saved = errno;
    ::unlink(temporary.c_str());
    errno = saved;
    throw std::runtime_error(sys_error("cannot replace '" + path + "'"));
  }
  // The rename itself survives a crash only once the folder is on disk too.
  if (int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

}  // namespace goalpath::report
