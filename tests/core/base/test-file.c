/* test-file.c — dkg_file_set_contents(): the writer under every output of the project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/SPECIFICATION.md §10: never overwrite an input, never leave a half-written file. The
 * failures the file system causes (a size limit, a full or read-only file system) are in
 * test-failed-writes.c, /reliability/failed-write/file/MODE; this program checks the rest:
 *
 *   /reliability/atomic-write/contents-and-mode  the bytes and the mode (less the umask), an
 *                                                empty file, nothing else in the directory;
 *   /reliability/atomic-write/replaces           an existing file is replaced whole; a hard
 *                                                link keeps the previous content, a symbolic
 *                                                link is replaced and its target untouched;
 *   /reliability/atomic-write/errors             no directory, a file as directory, a directory
 *                                                as target: the G_FILE_ERROR of the errno, the
 *                                                message “Could not write “PATH”: CAUSE”, and
 *                                                nothing left behind (not even the temporary
 *                                                name the rename failed from);
 *   /reliability/atomic-write/no-o-tmpfile/ERRNO where open(O_TMPFILE) fails with EOPNOTSUPP,
 *                                                EISDIR or EINVAL (a seccomp filter in a child
 *                                                makes the kernel answer so), the file is still
 *                                                written, through g_file_set_contents_full();
 *   /reliability/atomic-write/no-fallback/ERRNO  any other failure of that open (EACCES, EROFS,
 *                                                ENOSPC, EMFILE) is reported as it is: the
 *                                                fallback, which the filter would let through,
 *                                                is not tried;
 *   /reliability/atomic-write/killed             a child writing 256 MiB is SIGKILLed at a
 *                                                random moment, ten times: the directory never
 *                                                holds anything but the destination, which is
 *                                                the previous or the new content, whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "dkg-error.h"
#include "dkg-file.h"
#include "dkg-test-util.h"

#define KILL_LEN    ((gsize) 256 << 20)
#define KILL_ROUNDS 10

static char *tmp;

/* A fresh empty directory under the test's folder. */
static char *
fresh_dir (const char *name)
{
  char *dir = g_build_filename (tmp, name, NULL);

  dkg_test_rm_rf (dir);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  return dir;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The names in @dir, sorted, joined by spaces ("" if none). */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  return st.st_mode & 07777;
}

static gboolean
file_size_is (const char *path, gsize len)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 && (gsize) st.st_size == len;
}

static void
assert_contents (const char *path, const void *data, gsize len)
{
  g_autofree char *got = NULL;
  gsize got_len = 0;

  g_assert_true (g_file_get_contents (path, &got, &got_len, NULL));
  g_assert_cmpmem (got, got_len, data, len);
}

/* ---- contents, mode, replacing ------------------------------------------------------------ */

static void
test_contents_and_mode (void)
{
  static const struct { mode_t umask; int mode; guint expected; } cases[] = {
    { 022, 0644, 0644 },
    { 022, 0600, 0600 },
    { 022, 0666, 0644 },
    { 077, 0666, 0600 },
    { 002, 0666, 0664 },
  };
  g_autofree char *dir = fresh_dir ("contents");
  g_autofree char *path = g_build_filename (dir, "out.bin", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty", NULL);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;
  guint8 data[3000];
  mode_t old_umask;

  for (gsize i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 13 + 5);
  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_remove (path);
      old_umask = umask (cases[c].umask);
      g_assert_true (dkg_file_set_contents (path, data, sizeof data - c, cases[c].mode, &error));
      umask (old_umask);
      g_assert_no_error (error);
      assert_contents (path, data, sizeof data - c);
      g_assert_cmphex (file_mode (path), ==, cases[c].expected);
      g_test_message ("umask %03o, mode %03o: %03o", cases[c].umask, cases[c].mode,
                      file_mode (path));
    }
  g_assert_true (dkg_file_set_contents (empty, NULL, 0, 0644, &error));
  g_assert_no_error (error);
  assert_contents (empty, "", 0);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "empty out.bin");
}

/* dkg_file_is_same: another spelling, a symbolic and a hard link are the same file; another
 * file with the same contents and a missing path are not. */
static void
test_is_same (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *a = g_build_filename (dir, "a", NULL);
  g_autofree char *b = g_build_filename (dir, "b", NULL);
  g_autofree char *dotted = g_build_filename (dir, ".", "a", NULL);
  g_autofree char *sym = g_build_filename (dir, "sym", NULL);
  g_autofree char *hard = g_build_filename (dir, "hard", NULL);
  g_autofree char *none = g_build_filename (dir, "none", NULL);

  g_assert_true (g_file_set_contents (a, "x", 1, NULL));
  g_assert_true (g_file_set_contents (b, "x", 1, NULL));
  g_assert_cmpint (symlink (a, sym), ==, 0);
  g_assert_cmpint (link (a, hard), ==, 0);
  g_assert_true (dkg_file_is_same (a, dotted));
  g_assert_true (dkg_file_is_same (a, sym));
  g_assert_true (dkg_file_is_same (hard, a));
  g_assert_false (dkg_file_is_same (a, b));
  g_assert_false (dkg_file_is_same (a, none));
  g_assert_false (dkg_file_is_same (none, none));
  dkg_test_rm_rf (dir);
}

/* dkg_file_get_bytes: every byte, NULs included; a missing file is G_FILE_ERROR_NOENT. */
static void
test_get_bytes (void)
{
  static const char data[] = { 'a', 0, 'b', '\n', (char) 0xff };
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *a = g_build_filename (dir, "a.bin", NULL);
  g_autofree char *none = g_build_filename (dir, "none.bin", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (a, data, sizeof data, NULL));
  bytes = dkg_file_get_bytes (a, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), data, sizeof data);
  g_assert_null (dkg_file_get_bytes (none, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  dkg_test_rm_rf (dir);
}

/* dkg_file_check_not_input: a link to the input is refused with a message naming the input and
 * what would have been written; another file, or one not there yet, is fine. */
static void
test_check_not_input (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *a = g_build_filename (dir, "a.png", NULL);
  g_autofree char *b = g_build_filename (dir, "b.png", NULL);
  g_autofree char *sym = g_build_filename (dir, "sym.png", NULL);
  g_autofree char *none = g_build_filename (dir, "none.png", NULL);
  g_autofree char *want = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (a, "x", 1, NULL));
  g_assert_true (g_file_set_contents (b, "x", 1, NULL));
  g_assert_cmpint (symlink (a, sym), ==, 0);
  g_assert_true (dkg_file_check_not_input (a, b, "the stego image", &error));
  g_assert_no_error (error);
  g_assert_true (dkg_file_check_not_input (a, none, "the stego image", &error));
  g_assert_no_error (error);
  g_assert_false (dkg_file_check_not_input (a, sym, "the stego image", &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  want = g_strdup_printf ("Refusing to write the stego image over its own input “%s”", a);
  g_assert_cmpstr (error->message, ==, want);
  dkg_test_rm_rf (dir);
}

static void
test_replaces (void)
{
  g_autofree char *dir = fresh_dir ("replace");
  g_autofree char *path = g_build_filename (dir, "out.bin", NULL);
  g_autofree char *hard = g_build_filename (dir, "hard-link", NULL);
  g_autofree char *target = g_build_filename (dir, "target", NULL);
  g_autofree char *sym = g_build_filename (dir, "sym", NULL);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf before, after;

  g_assert_true (dkg_file_set_contents (path, "the previous version", 20, 0600, &error));
  g_assert_no_error (error);
  g_assert_cmpint (link (path, hard), ==, 0);
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  g_assert_true (dkg_file_set_contents (path, "new", 3, 0644, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  assert_contents (path, "new", 3);
  g_assert_cmphex (file_mode (path), ==, 0644);
  g_assert_cmpuint (before.st_ino, !=, after.st_ino);      /* a new file, renamed into place */
  assert_contents (hard, "the previous version", 20);     /* the old inode, unchanged */

  /* a symbolic link is replaced by the file; what it pointed to is not written */
  g_assert_true (g_file_set_contents (target, "target", -1, NULL));
  g_assert_cmpint (symlink ("target", sym), ==, 0);
  g_assert_true (dkg_file_set_contents (sym, "via the link's name", 19, 0644, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (sym, G_FILE_TEST_IS_SYMLINK));
  assert_contents (sym, "via the link's name", 19);
  assert_contents (target, "target", 6);

  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "hard-link out.bin sym target");
}

/* ---- errors -------------------------------------------------------------------------------- */

static void
assert_write_fails (const char *path, GFileError code, int err)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_name (path);
  g_autofree char *expected = g_strdup_printf ("Could not write “%s”: %s", name, g_strerror (err));

  g_assert_false (dkg_file_set_contents (path, "data", 4, 0644, &error));
  g_assert_error (error, G_FILE_ERROR, (gint) code);
  g_assert_cmpstr (error->message, ==, expected);
  g_test_message ("%s", error->message);
}

static void
test_errors (void)
{
  g_autofree char *dir = fresh_dir ("errors");
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "out.bin", NULL);
  g_autofree char *file = g_build_filename (dir, "a-file", NULL);
  g_autofree char *under_file = g_build_filename (file, "out.bin", NULL);
  g_autofree char *subdir = g_build_filename (dir, "a-dir", NULL);
  g_autofree char *names = NULL;

  g_assert_true (g_file_set_contents (file, "file", -1, NULL));
  g_assert_cmpint (g_mkdir (subdir, 0755), ==, 0);

  assert_write_fails (missing, G_FILE_ERROR_NOENT, ENOENT);
  assert_write_fails (under_file, G_FILE_ERROR_NOTDIR, ENOTDIR);
  /* the rename fails here, after the link: the temporary name must go too */
  assert_write_fails (subdir, G_FILE_ERROR_ISDIR, EISDIR);

  g_assert_true (g_file_test (subdir, G_FILE_TEST_IS_DIR));
  assert_contents (file, "file", 4);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "a-dir a-file");
  g_clear_pointer (&names, g_free);
  names = list_dir (subdir);
  g_assert_cmpstr (names, ==, "");
}

/* ---- the O_TMPFILE fallback ------------------------------------------------------------------ */

/* Makes every openat() with O_TMPFILE in this process fail with @err, as a kernel or file system
 * without O_TMPFILE would (or with a real error). FALSE if seccomp is not available. */
static gboolean
deny_o_tmpfile (int err)
{
#if defined(__NR_openat) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  struct sock_filter filter[] = {
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr)),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 0, 3),
    /* the low 32 bits of the flags argument */
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, args[2])),
    BPF_JUMP (BPF_JMP | BPF_JSET | BPF_K, O_TMPFILE & ~O_DIRECTORY, 0, 1),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA)),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog prog = { G_N_ELEMENTS (filter), filter };

  return prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0
         && prctl (PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == 0;
#else
  return FALSE;
#endif
}

/* In a child: O_TMPFILE denied with @err, then a write over an existing file. */
static void
run_denied (int err)
{
  g_autofree char *dir = g_build_filename (tmp, "denied", NULL);
  g_autofree char *path = g_build_filename (dir, "out.bin", NULL);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;
  gboolean falls_back = err == EOPNOTSUPP || err == EISDIR || err == EINVAL;
  int fd;

  g_assert_true (dkg_file_set_contents (path, "previous", 8, 0600, &error));
  g_assert_no_error (error);
  if (!deny_o_tmpfile (err))
    {
      g_test_skip ("seccomp filters are not available");
      return;
    }
  /* the filter works: the kernel now answers O_TMPFILE with @err */
  fd = open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  g_assert_cmpint (fd, ==, -1);
  g_assert_cmpint (errno, ==, err);

  umask (022);
  if (falls_back)
    {
      g_assert_true (dkg_file_set_contents (path, "the new version", 15, 0666, &error));
      g_assert_no_error (error);
      assert_contents (path, "the new version", 15);
      g_assert_cmphex (file_mode (path), ==, 0644);
      /* and a failure through the fallback keeps the message's form */
      {
        g_autofree char *missing = g_build_filename (dir, "no-such-dir", "x", NULL);
        g_autofree char *name = g_filename_display_name (missing);
        g_autofree char *prefix = g_strdup_printf ("Could not write “%s”: ", name);

        g_assert_false (dkg_file_set_contents (missing, "x", 1, 0644, &error));
        g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
        g_assert_true (g_str_has_prefix (error->message, prefix));
        g_test_message ("%s", error->message);
        g_clear_error (&error);
      }
    }
  else
    {
      g_autofree char *name = g_filename_display_name (path);
      g_autofree char *expected = g_strdup_printf ("Could not write “%s”: %s", name,
                                                   g_strerror (err));

      g_assert_false (dkg_file_set_contents (path, "the new version", 15, 0666, &error));
      g_assert_error (error, G_FILE_ERROR, (gint) g_file_error_from_errno (err));
      g_assert_cmpstr (error->message, ==, expected);
      g_test_message ("%s", error->message);
      assert_contents (path, "previous", 8);
      g_assert_cmphex (file_mode (path), ==, 0600);
    }
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "out.bin");
}

static void
test_denied (gconstpointer data)
{
  int err = GPOINTER_TO_INT (data);
  g_autofree char *dir = NULL;

  if (g_test_subprocess ())
    {
      run_denied (err);
      return;
    }
  dir = fresh_dir ("denied");
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT
                          | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  dkg_test_rm_rf (dir);
}

/* ---- killed while writing ---------------------------------------------------------------------- */

static void
fill_pattern (guint8 *data, gsize len)
{
  guint64 *w = (guint64 *) data;

  for (gsize i = 0; i < len / sizeof (guint64); i++)
    w[i] = (i + 1) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
}

/* "/proc/PID/fd/N" of the file @pid writes in @dir, or NULL if it has none open yet. An
 * O_TMPFILE file shows as "DIR/#INODE (deleted)"; a writer with a named temporary file (the
 * fallback) would show "DIR/NAME.XXXXXX", and the test would see what it leaves. */
static char *
find_writer_fd (GPid pid, const char *dir)
{
  g_autofree char *fd_dir = g_strdup_printf ("/proc/%d/fd", pid);
  g_autofree char *prefix = g_strconcat (dir, "/", NULL);
  g_autoptr(GDir) d = g_dir_open (fd_dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *fd_path = g_build_filename (fd_dir, name, NULL);
      g_autofree char *target = g_file_read_link (fd_path, NULL);

      if (target != NULL && g_str_has_prefix (target, prefix))
        return g_steal_pointer (&fd_path);
    }
  return NULL;
}

typedef enum
{
  PHASE_NOT_OPEN,   /* the file is not open yet */
  PHASE_WRITING,    /* open, not all bytes written */
  PHASE_FLUSHING,   /* unnamed, every byte written: fsync() */
  PHASE_LINKED,     /* linked (under PATH.XXXXXX, being or already renamed), still open */
  PHASE_CLOSED,     /* closed: done, or about to exit */
} Phase;

static const char *const phase_names[] = {
  "before the file was opened", "while writing", "while flushing (fsync)",
  "once linked, while renaming", "after the file was closed",
};

/* Where the writer whose file is @fd_path (NULL: not found yet) is; *@size gets the
 * bytes written. */
static Phase
writer_phase (const char *fd_path, gint64 *size)
{
  struct stat st;

  *size = -1;
  if (fd_path == NULL)
    return PHASE_NOT_OPEN;
  if (stat (fd_path, &st) != 0)
    return PHASE_CLOSED;
  *size = st.st_size;
  if ((gsize) st.st_size < KILL_LEN)
    return PHASE_WRITING;
  return st.st_nlink == 0 ? PHASE_FLUSHING : PHASE_LINKED;
}

/* Forks a child that writes @data to @path and exits 0; returns its pid once it is about to
 * call dkg_file_set_contents(). */
static GPid
start_writer (const char *path, const guint8 *data, gsize len)
{
  int ready[2];
  char c;
  GPid pid;

  g_assert_cmpint (pipe (ready), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (ready[0]);
      if (write (ready[1], "r", 1) != 1)
        _exit (3);
      _exit (dkg_file_set_contents (path, data, len, 0644, NULL) ? 0 : 2);
    }
  close (ready[1]);
  g_assert_cmpint (read (ready[0], &c, 1), ==, 1);
  close (ready[0]);
  return pid;
}

/* Watches @pid write its file in @dir and returns at the first look past the kill
 * point: @target_bytes written (< KILL_LEN), or else @delay_us after all bytes were seen
 * written. What the writer is doing then does not matter (a kill in the link's few
 * microseconds is left to chance, as in real life). Returns the /proc path of the file
 * (NULL if it was never seen); *@written_at gets when all bytes were first seen written. */
static char *
wait_for_kill_point (GPid pid, const char *dir, gint64 target_bytes, gint64 delay_us,
                     gint64 *written_at)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  char *fd_path = NULL;

  *written_at = 0;
  while (g_get_monotonic_time () < deadline)
    {
      gint64 size, now;
      Phase phase;

      if (fd_path == NULL)
        fd_path = find_writer_fd (pid, dir);
      phase = writer_phase (fd_path, &size);
      now = g_get_monotonic_time ();
      if (phase >= PHASE_FLUSHING && *written_at == 0)
        *written_at = now;
      if (target_bytes < (gint64) KILL_LEN)
        {
          if ((phase == PHASE_WRITING && size >= target_bytes) || phase >= PHASE_FLUSHING)
            return fd_path;
        }
      else if (*written_at != 0 && now - *written_at >= delay_us)
        return fd_path;
      g_usleep (50);
    }
  g_assert_not_reached ();
}

static void
test_killed (void)
{
  static const char previous[] = "the previous version, complete\n";
  g_autofree char *dir = fresh_dir ("killed");
  g_autofree char *path = g_build_filename (dir, "checkpoint.bin", NULL);
  g_autofree guint8 *data = NULL;
  g_autoptr(GError) error = NULL;
  struct statvfs vfs;
  guint n_phase[G_N_ELEMENTS (phase_names)] = { 0 };
  guint n_previous = 0, n_new = 0;
  gint64 t0, written_at, after_us;
  int status, fd;

  g_assert_cmpint (statvfs (dir, &vfs), ==, 0);
  if ((guint64) vfs.f_bavail * vfs.f_frsize < 3 * (guint64) KILL_LEN)
    {
      g_test_skip ("less than 768 MiB free in the test's folder");
      return;
    }
  fd = open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_autofree char *why = g_strdup_printf ("no O_TMPFILE here (%s): the fallback leaves a "
                                              "temporary file", g_strerror (errno));

      g_test_skip (why);
      return;
    }
  close (fd);

  data = g_malloc (KILL_LEN);
  fill_pattern (data, KILL_LEN);

  /* one write to the end, watched: how long the flush, link and rename take */
  g_assert_true (dkg_file_set_contents (path, previous, sizeof previous, 0644, &error));
  g_assert_no_error (error);
  {
    g_autofree char *fd_path = NULL;
    GPid pid;

    t0 = g_get_monotonic_time ();
    pid = start_writer (path, data, KILL_LEN);
    fd_path = wait_for_kill_point (pid, dir, KILL_LEN, 0, &written_at);
    g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
    after_us = MAX (g_get_monotonic_time () - written_at, 1000);
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    g_test_message ("an uninterrupted write of 256 MiB took %.0f ms, %.0f ms of it after the "
                    "last byte (flush, link, rename)", (g_get_monotonic_time () - t0) / 1000.0,
                    after_us / 1000.0);
    assert_contents (path, data, KILL_LEN);
  }

  /* KILL_ROUNDS kills at random points: a byte count (80 %) or a delay after the last byte of
   * up to that time (20 %) */
  for (guint round = 1; round <= KILL_ROUNDS; round++)
    {
      g_autofree char *names = NULL;
      g_autofree char *got = NULL;
      g_autofree char *fd_path = NULL;
      double point = g_test_rand_double_range (0, 1.25);
      gint64 target = (gint64) (point * KILL_LEN);
      gint64 delay = point < 1 ? 0 : (gint64) ((point - 1) / 0.25 * after_us);
      gint64 size;
      gsize got_len = 0;
      Phase phase;
      GPid pid;

      g_assert_true (dkg_file_set_contents (path, previous, sizeof previous, 0644, &error));
      g_assert_no_error (error);
      pid = start_writer (path, data, KILL_LEN);
      fd_path = wait_for_kill_point (pid, dir, target, delay, &written_at);
      phase = writer_phase (fd_path, &size);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true ((WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL)
                     || (WIFEXITED (status) && WEXITSTATUS (status) == 0));
      n_phase[phase]++;

      /* nothing but the destination, which is one version or the other, whole */
      names = list_dir (dir);
      g_test_message ("kill %u %s (%.1f of 256 MiB written): the directory holds “%s”, the "
                      "%s version", round, phase_names[phase], MAX (size, 0) / 1048576.0, names,
                      g_file_test (path, G_FILE_TEST_EXISTS)
                      && file_size_is (path, sizeof previous) ? "previous" : "new");
      g_assert_cmpstr (names, ==, "checkpoint.bin");
      g_assert_true (g_file_get_contents (path, &got, &got_len, NULL));
      if (got_len == sizeof previous)
        {
          g_assert_cmpmem (got, got_len, previous, sizeof previous);
          n_previous++;
        }
      else
        {
          g_assert_cmpmem (got, got_len, data, KILL_LEN);
          n_new++;
        }
    }
  g_test_message ("%u kills: %u while writing, %u while flushing, %u once linked, %u after; "
                  "%u left the previous version, %u the new one; no other file, ever",
                  KILL_ROUNDS, n_phase[PHASE_WRITING], n_phase[PHASE_FLUSHING],
                  n_phase[PHASE_LINKED], n_phase[PHASE_CLOSED], n_previous, n_new);
  /* most kill points are byte counts: some kills must have landed in the write itself */
  g_assert_cmpuint (n_phase[PHASE_WRITING], >=, 1);
  dkg_test_rm_rf (dir);
}

/* dkg_file_list_dir: regular files only, hidden files and folders skipped, in byte order of the
 * names whatever the order they were made in; an empty folder gives an empty list and a
 * missing one a G_FILE_ERROR naming it. */
static void
test_list_dir (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  const char *names[] = { "b.png", "A.png", ".hidden", "a.png", "z" };
  g_autofree char *sub = g_build_filename (dir, "folder", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_assert_true (g_file_set_contents (path, "x", 1, NULL));
    }
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  list = dkg_file_list_dir (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);
  g_assert_cmpstr (list->pdata[0], ==, "A.png");
  g_assert_cmpstr (list->pdata[1], ==, "a.png");
  g_assert_cmpstr (list->pdata[2], ==, "b.png");
  g_assert_cmpstr (list->pdata[3], ==, "z");
  g_clear_pointer (&list, g_ptr_array_unref);

  list = dkg_file_list_dir (sub, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_null (dkg_file_list_dir (missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, missing));
  dkg_test_rm_rf (dir);
}

/* dkg_file_make_dir: missing parents are made, an existing folder is fine, and a folder under
 * a regular file is a G_IO_ERROR naming the path. */
static void
test_make_dir (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *deep = g_build_filename (dir, "a", "b", "c", NULL);
  g_autofree char *file = g_build_filename (dir, "file", NULL);
  g_autofree char *under = g_build_filename (file, "sub", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (dkg_file_make_dir (deep, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (deep, G_FILE_TEST_IS_DIR));
  g_assert_true (dkg_file_make_dir (deep, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_false (dkg_file_make_dir (under, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_assert_nonnull (strstr (error->message, under));
  dkg_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  static const int fallback_errnos[] = { EOPNOTSUPP, EISDIR, EINVAL };
  static const int real_errnos[] = { EACCES, EROFS, ENOSPC, EMFILE };
  int status;

  dkg_test_init (&argc, &argv);
  /* children (seccomp cases) work in the parent's folder, which the parent removes */
  if (g_test_subprocess ())
    tmp = g_strdup (g_getenv ("DKG_ATOMIC_WRITE_TMP"));
  else
    {
      tmp = dkg_test_make_tmpdir ();
      g_setenv ("DKG_ATOMIC_WRITE_TMP", tmp, TRUE);
    }
  g_assert_nonnull (tmp);

  g_test_add_func ("/reliability/atomic-write/contents-and-mode", test_contents_and_mode);
  g_test_add_func ("/reliability/atomic-write/replaces", test_replaces);
  g_test_add_func ("/reliability/atomic-write/is-same", test_is_same);
  g_test_add_func ("/reliability/atomic-write/check-not-input", test_check_not_input);
  g_test_add_func ("/reliability/atomic-write/get-bytes", test_get_bytes);
  g_test_add_func ("/core/file/list-dir", test_list_dir);
  g_test_add_func ("/core/file/make-dir", test_make_dir);
  g_test_add_func ("/reliability/atomic-write/errors", test_errors);
  for (gsize i = 0; i < G_N_ELEMENTS (fallback_errnos); i++)
    {
      g_autofree char *name = g_strdup_printf ("/reliability/atomic-write/no-o-tmpfile/%s",
                                               fallback_errnos[i] == EOPNOTSUPP ? "EOPNOTSUPP"
                                               : fallback_errnos[i] == EISDIR ? "EISDIR"
                                               : "EINVAL");
      g_test_add_data_func (name, GINT_TO_POINTER (fallback_errnos[i]), test_denied);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (real_errnos); i++)
    {
      g_autofree char *name = g_strdup_printf ("/reliability/atomic-write/no-fallback/%s",
                                               real_errnos[i] == EACCES ? "EACCES"
                                               : real_errnos[i] == EROFS ? "EROFS"
                                               : real_errnos[i] == ENOSPC ? "ENOSPC" : "EMFILE");
      g_test_add_data_func (name, GINT_TO_POINTER (real_errnos[i]), test_denied);
    }
  g_test_add_func ("/reliability/atomic-write/killed", test_killed);
  status = g_test_run ();
  if (!g_test_subprocess ())
    dkg_test_rm_rf (tmp);
  g_free (tmp);
  return status;
}
