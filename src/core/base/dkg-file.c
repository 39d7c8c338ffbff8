/* dkg-file.c — writing a whole file atomically, with nothing left behind by a kill
 *
 * Every file the project writes goes through dkg_file_set_contents() (docs/SPECIFICATION.md §10,
 * docs/RELIABILITY.md §3). The contents go to an unnamed file (O_TMPFILE) in the destination's
 * directory and are flushed with fsync(); a new destination is then created by linkat() in one
 * step, an existing one replaced by linkat() to a temporary name and rename() over it. A process
 * killed while it writes leaves nothing: the unnamed file goes away with its last descriptor.
 * Only a kill that lands during that linkat() to the temporary name (microseconds; Linux has no
 * link that replaces) can leave a complete file under the temporary name PATH.XXXXXX.
 *
 * g_file_set_contents_full() with G_FILE_SET_CONTENTS_CONSISTENT, which names its temporary file
 * before writing it (so a kill leaves a partial PATH.XXXXXX), is the fallback where the unnamed
 * file cannot be had or named: a kernel or file system without O_TMPFILE, or no /proc.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "dkg-error.h"
#include "dkg-file.h"

/* Temporary names tried before giving up: each one taken is another writer's. */
#define TMP_NAME_ATTEMPTS 100

static gboolean
set_errno_error (GError     **error,
                 const char  *path,
                 int          err)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err), "Could not write “%s”: %s",
               name, g_strerror (err));
  return FALSE;
}

static gboolean
set_contents_fallback (const char  *path,
                       const void  *data,
                       gsize        len,
                       int          mode,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;

  if (g_file_set_contents_full (path, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT, mode,
                                &local_error))
    return TRUE;
  name = g_filename_display_name (path);
  g_set_error (error, G_FILE_ERROR, local_error->code, "Could not write “%s”: %s", name,
               local_error->message);
  return FALSE;
}

/* Writes all @len bytes; returns 0 or the errno of the failure. */
static int
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, MIN (len, (gsize) G_MAXSSIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return errno;
      if (n == 0)
        return EIO;   /* not expected of a regular file; never loop on it */
      data += n;
      len -= (gsize) n;
    }
  return 0;
}

static int
fsync_all (int fd)
{
  while (fsync (fd) != 0)
    if (errno != EINTR)
      return errno;
  return 0;
}

/* PATH.XXXXXX, with six random letters and digits (the names g_file_set_contents() uses). */
static char *
tmp_name_new (const char *path)
{
  static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  GString *name = g_string_new (path);

  g_string_append_c (name, '.');
  for (guint i = 0; i < 6; i++)
    g_string_append_c (name, chars[g_random_int_range (0, sizeof chars - 1)]);
  return g_string_free (name, FALSE);
}

/* Gives the unnamed file @fd the name @path: directly if @path does not exist, else under a fresh
 * temporary name renamed over @path at once (nothing but the rename between the two: the
 * temporary name is the only thing a kill can leave, and only in that gap). Returns 0 or the
 * errno of the failure; a failed rename removes the temporary name. */
static int
link_over (int         fd,
           const char *path)
{
  g_autofree char *fd_path = g_strdup_printf ("/proc/self/fd/%d", fd);

  if (linkat (AT_FDCWD, fd_path, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0)
    return 0;
  if (errno != EEXIST)
    return errno;
  for (guint i = 0; i < TMP_NAME_ATTEMPTS; i++)
    {
      g_autofree char *tmp_path = tmp_name_new (path);
      int err;

      if (linkat (AT_FDCWD, fd_path, AT_FDCWD, tmp_path, AT_SYMLINK_FOLLOW) != 0)
        {
          if (errno == EEXIST)
            continue;
          return errno;
        }
      if (rename (tmp_path, path) == 0)
        return 0;
      err = errno;
      g_unlink (tmp_path);
      return err;
    }
  return EEXIST;
}

/**
 * dkg_file_set_contents:
 * @path: the file to write, in the GLib file name encoding (replaced if it exists)
 * @data: (array length=len) (nullable): the bytes to write; %NULL only if @len is 0
 * @len: the number of bytes
 * @mode: the new file's permissions, as for open(2): the process's umask applies
 * @error: return location for a #GError
 *
 * Writes @data to @path atomically and leaves nothing behind, even when the process is killed
 * (docs/SPECIFICATION.md §10). The bytes go to an unnamed file in @path's directory (O_TMPFILE),
 * short writes and EINTR handled, and are flushed with fsync(). If @path does not exist, the file
 * is then linked as @path; otherwise it is linked under a fresh name PATH.XXXXXX and at once
 * renamed over @path. At every moment @path is either its previous content (or absent) or the
 * complete new content. A kill while the data is written or flushed leaves no file at all; only
 * a kill landing during the link to the temporary name, a few microseconds, can leave a
 * complete copy under that name. If @path is a symbolic link, the link is replaced, not its
 * target; hard links to the previous file keep the previous content.
 *
 * Where the kernel or the file system has no O_TMPFILE (open(2) fails with EOPNOTSUPP, EISDIR or
 * EINVAL), or /proc is not mounted so the unnamed file cannot be named, the file is written with
 * g_file_set_contents_full() and %G_FILE_SET_CONTENTS_CONSISTENT instead: equally atomic, but a
 * kill during the write leaves a partial PATH.XXXXXX. Any other failure is reported, never
 * retried that way.
 *
 * On failure @path and its content are untouched and no file is left behind.
 *
 * Returns: %TRUE on success; %FALSE with a %G_FILE_ERROR (the code from the errno, e.g.
 *   %G_FILE_ERROR_NOSPC, %G_FILE_ERROR_ROFS, %G_FILE_ERROR_ACCES, %G_FILE_ERROR_NOENT for a
 *   missing directory, %G_FILE_ERROR_FAILED for EFBIG) whose message names @path and the cause:
 *   “Could not write “out.png”: No space left on device”
 */
gboolean
dkg_file_set_contents (const char  *path,
                       const void  *data,
                       gsize        len,
                       int          mode,
                       GError     **error)
{
  g_autofree char *dir = NULL;
  int fd, err;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (len <= G_MAXSSIZE, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_path_get_dirname (path);
  fd = open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
  if (fd < 0)
    {
      err = errno;
      if (err == EOPNOTSUPP || err == EISDIR || err == EINVAL)
        return set_contents_fallback (path, data, len, mode, error);
      return set_errno_error (error, path, err);
    }
  err = write_all (fd, data, len);
  if (err == 0)
    err = fsync_all (fd);
  if (err == 0)
    err = link_over (fd, path);
  close (fd);
  if (err == ENOENT && !g_file_test ("/proc/self/fd", G_FILE_TEST_IS_DIR))
    return set_contents_fallback (path, data, len, mode, error);
  if (err != 0)
    return set_errno_error (error, path, err);
  return TRUE;
}

/**
 * dkg_file_get_bytes:
 * @path: a file
 * @error: return location for a #GError
 *
 * The whole of @path, as g_file_get_contents() reads it.
 *
 * Returns: (transfer full) (nullable): its bytes, or %NULL with a %G_FILE_ERROR
 */
GBytes *
dkg_file_get_bytes (const char  *path,
                    GError     **error)
{
  char *data = NULL;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  return g_bytes_new_take (data, len);
}

/**
 * dkg_file_is_same:
 * @a: a path
 * @b: another path
 *
 * Whether @a and @b name one existing file (the same device and inode: other spellings, links
 * and hard links included) — the check every writer makes so that no output replaces its own
 * input (docs/SPECIFICATION.md §10).
 *
 * Returns: %TRUE when both exist and are the same file
 */
gboolean
dkg_file_is_same (const char *a, const char *b)
{
  GStatBuf sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 && sa.st_dev == sb.st_dev
         && sa.st_ino == sb.st_ino;
}

/**
 * dkg_file_check_not_input:
 * @input: the file a writer reads
 * @output: the file it is about to write
 * @what: what it writes, for the message: "the encrypted image", …
 * @error: return location for a #GError
 *
 * dkg_file_is_same() as a writer's precondition (docs/SPECIFICATION.md §10).
 *
 * Returns: %TRUE when @output is not @input; %FALSE with %DKG_ERROR_INVALID_ARGUMENT
 *   ("Refusing to write @what over its own input “@input”") when it is
 */
gboolean
dkg_file_check_not_input (const char  *input,
                          const char  *output,
                          const char  *what,
                          GError     **error)
{
  g_autofree char *name = NULL;

  if (!dkg_file_is_same (input, output))
    return TRUE;
  name = g_filename_display_name (input);
  g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
               "Refusing to write %s over its own input “%s”", what, name);
  return FALSE;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/**
 * dkg_file_list_dir:
 * @dir: a folder
 * @error: return location for a #GError
 *
 * The regular, non-hidden files of @dir (symbolic links to regular files count), sorted by
 * name in byte order (strcmp), so that every folder of images is read in the same order on
 * every file system. Sub-folders and names starting with "." are skipped.
 *
 * Returns: (transfer full) (element-type utf8): the file names (not paths), possibly empty;
 *   %NULL with the %G_FILE_ERROR of g_dir_open() when @dir cannot be read
 */
GPtrArray *
dkg_file_list_dir (const char *dir, GError **error)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (d == NULL)
    return NULL;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (name[0] != '.' && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

/**
 * dkg_file_make_dir:
 * @path: a folder to create, with its missing parents (mode 0755); an existing one is fine
 * @error: return location for a #GError
 *
 * Returns: %FALSE with a %G_IO_ERROR naming the folder and the cause when it cannot be made
 */
gboolean
dkg_file_make_dir (const char *path, GError **error)
{
  g_autofree char *name = NULL;
  int saved;

  if (g_mkdir_with_parents (path, 0755) == 0)
    return TRUE;
  saved = errno;
  name = g_filename_display_name (path);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
               "Could not create the folder “%s”: %s", name, g_strerror (saved));
  return FALSE;
}
