/* dkg-dicom-child.cc — every GDCM call of dkg-dicom-gdcm.cc runs in a forked child process:
 * the fork under a lock, the child's address space capped at what the file can need, its reply
 * (a header, a message, a payload) read back through a pipe with a timeout, and a child that
 * dies, hangs or sends nonsense turned into a GError (module comment of dkg-dicom-gdcm.cc)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cerrno>
#include <cstring>
#include <mutex>
#include <string>

#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>

#include "dkg-dicom-child-private.h"
#include "dkg-error.h"
#include "dkg-image-private.h"

namespace dkg_dicom_child
{

namespace
{

constexpr guint32 REPLY_MAGIC = 0x44474b44;          /* "DKGD" */
constexpr int CHILD_TIMEOUT_MS = 300 * 1000;
constexpr guint32 MAX_MESSAGE = 4096;
constexpr guint64 CHILD_SLACK = 128 * 1024 * 1024;   /* libraries, dictionaries, small buffers */

/* Serialises fork() against itself, so that no other thread is inside GDCM code when a
 * child is made. */
std::mutex fork_lock;

bool
write_all (int fd, const void *data, size_t len)
{
  const char *p = static_cast<const char *> (data);

  while (len > 0)
    {
      ssize_t n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return false;
      p += n;
      len -= (size_t) n;
    }
  return true;
}

/* Bytes of address space this process maps now (/proc/self/statm), 0 if unknown. Called in
 * the forked child, so it allocates nothing: open(), read() and a stack buffer. */
guint64
vm_size ()
{
  char statm[128];
  ssize_t n;
  int fd = open ("/proc/self/statm", O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return 0;
  do
    n = read (fd, statm, sizeof statm - 1);
  while (n < 0 && errno == EINTR);
  close (fd);
  if (n <= 0)
    return 0;
  statm[n] = '\0';
  return g_ascii_strtoull (statm, nullptr, 10) * (guint64) sysconf (_SC_PAGESIZE);
}

} /* namespace */

bool
read_all (int fd, void *data, size_t len, bool *timed_out)
{
  char *p = static_cast<char *> (data);

  while (len > 0)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      int r = poll (&pfd, 1, CHILD_TIMEOUT_MS);
      ssize_t n;

      if (r < 0 && errno == EINTR)
        continue;
      if (r == 0)
        {
          *timed_out = true;
          return false;
        }
      n = read (fd, p, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return false;
      p += n;
      len -= (size_t) n;
    }
  return true;
}

[[noreturn]] void
child_reply (int fd, ReplyHeader header, const GError *error, const void *payload)
{
  const char *message = error != nullptr ? error->message : "";

  header.magic = REPLY_MAGIC;
  header.domain = error == nullptr ? 0 : error->domain == G_IO_ERROR ? 2 : 1;
  header.code = error != nullptr ? error->code : 0;
  header.message_len = (guint32) MIN (strlen (message), (gsize) MAX_MESSAGE);
  if (error != nullptr)
    header.payload_len = 0;
  if (write_all (fd, &header, sizeof header)
      && write_all (fd, message, header.message_len)
      && header.payload_len > 0)
    write_all (fd, payload, header.payload_len);
  _exit (0);
}

bool
run_in_child (const char *name,
              guint64 memory_needed,
              const std::function<void (int)> &work,
              const std::function<bool (const ReplyHeader &, int, bool *, GError **)> &receive,
              GError **error)
{
  int fds[2];
  pid_t pid;
  ReplyHeader header = {};
  std::string message;
  bool timed_out = false, ok = false, got_header;
  int status = 0;
  GError *local = nullptr;

  /* GDCM trusts the lengths and sizes it reads: fuzzing found damaged files of a few kB on
   * which it allocated gigabytes (tests/data/bad/REGRESSIONS.md). So the child's address space
   * is capped, on top of what the process already maps, at what this file can need — the file,
   * its pixel data decoded (@memory_needed, from the structural walk) eight times over for the
   * codecs' work buffers, and 128 MiB — and never more than one decode may use
   * (dkg_image_get_available_memory(): free memory, cgroup and RLIMIT_AS room, the
   * application's budget). Past the cap GDCM's allocation fails (std::bad_alloc:
   * DKG_ERROR_TOO_LARGE) instead of taking the machine's memory. */
  /* The cap is counted from what the child maps right after fork(), measured in the child:
   * measuring in the parent raced with the parent's other threads (OpenBLAS's pool starting up
   * maps about 130 MiB of stacks and arenas), so a child could inherit more than was counted
   * and be left with no room at all — the JPEG 2000 decodes that failed under load (issue 13). */
  guint64 budget = dkg_image_get_available_memory ();
  guint64 file_cap = memory_needed > (G_MAXUINT64 - CHILD_SLACK) / 8
                     ? G_MAXUINT64 : 8 * memory_needed + CHILD_SLACK;

  budget = MIN (budget, file_cap);

  if (pipe2 (fds, O_CLOEXEC) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "“%s”: cannot start the DICOM decoder: %s", name, g_strerror (saved_errno));
      return false;
    }
  {
    std::lock_guard<std::mutex> guard (fork_lock);

    fflush (stdout);
    fflush (stderr);
    pid = fork ();
  }
  if (pid == 0)
    {
      /* A crash in GDCM is this child's expected way to fail: let it die of the signal. The
       * handlers inherited from the parent (a sanitizer's, a fuzzer's, an application's crash
       * reporter) would report it as the parent's crash. */
      static const int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
      struct rlimit rl;

      guint64 mapped = vm_size ();
      guint64 child_as = budget > G_MAXUINT64 - mapped ? G_MAXUINT64 : mapped + budget;

      /* GDCM runs OpenJPEG with a thread pool of one thread per CPU (two pools for a JPEG 2000
       * image: the header read and the decode). Under the cap each new thread's malloc arena
       * (a 128 MiB reservation) failed with ENOMEM and glibc fell back, the outcome depending
       * on timing; with one arena every thread shares the main heap, and the threads' stacks
       * get room of their own on top of the cap. */
      mallopt (M_ARENA_MAX, 1);
      if (child_as < G_MAXUINT64)
        {
          long cpus = MAX (sysconf (_SC_NPROCESSORS_ONLN), 1L);
          guint64 stack = getrlimit (RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY
                          ? (guint64) rl.rlim_cur : 8 * 1024 * 1024;

          child_as += 2 * (guint64) MIN (cpus, 64L) * (MIN (stack, (guint64) 64 << 20) + 65536);
        }

      for (int sig : fatal)
        signal (sig, SIG_DFL);
      if (child_as < G_MAXUINT64 && getrlimit (RLIMIT_AS, &rl) == 0
          && (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > child_as))
        {
          rl.rlim_cur = (rlim_t) child_as;
          setrlimit (RLIMIT_AS, &rl);
        }
      close (fds[0]);
      work (fds[1]);
      _exit (0);
    }
  close (fds[1]);
  if (pid < 0)
    {
      int saved_errno = errno;

      close (fds[0]);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "“%s”: cannot start the DICOM decoder: %s", name, g_strerror (saved_errno));
      return false;
    }

  got_header = read_all (fds[0], &header, sizeof header, &timed_out)
               && header.magic == REPLY_MAGIC && header.message_len <= MAX_MESSAGE;
  if (got_header)
    {
      message.resize (header.message_len);
      got_header = read_all (fds[0], &message[0], header.message_len, &timed_out);
    }
  if (got_header && header.domain != 0)
    g_set_error_literal (&local, header.domain == 2 ? G_IO_ERROR : DKG_ERROR, header.code,
                         message.c_str ());
  else if (got_header)
    ok = receive (header, fds[0], &timed_out, &local);

  close (fds[0]);
  if (timed_out)
    kill (pid, SIGKILL);
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (!ok && local == nullptr)
    {
      /* no answer, or a broken one: the child died, hung or wrote nonsense */
      if (timed_out)
        g_set_error (&local, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                     "“%s”: the DICOM decoder hung on this file and was stopped", name);
      else if (WIFSIGNALED (status))
        g_set_error (&local, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                     "“%s” is a damaged DICOM file: the decoder failed on it (signal %d)", name,
                     WTERMSIG (status));
      else
        g_set_error (&local, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                     "“%s” is a damaged DICOM file: the decoder failed on it", name);
    }
  if (!ok)
    g_propagate_error (error, local);
  return ok;
}

} /* namespace dkg_dicom_child */
