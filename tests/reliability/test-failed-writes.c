/* test-failed-writes.c — a write that fails leaves no partial file and the previous file intact
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/SPECIFICATION.md §10: outputs are written to a temporary file and renamed. For each writer
 * of the core — dkg_file_set_contents() itself, through which all the others write, and
 * dkg_image_save_png(), dkg_safetensors_save(), dkg_container_encrypt_to_file(),
 * dkg_model_save(), dkg_trainer_save_checkpoint() — a previous version of the file is written,
 * then a larger new version is written under a condition that makes the write fail:
 *
 *   file-size-limit  RLIMIT_FSIZE of 32 KiB: the new file's first 32 KiB are written, then
 *                    write(2) fails with EFBIG (SIGXFSZ ignored) — a write that fails halfway;
 *   full-filesystem  the directory is a tmpfs with 64 KiB free after the previous file, in a
 *                    private mount namespace: ENOSPC. Where mount namespaces are not permitted
 *                    (a container without CAP_SYS_ADMIN), RLIMIT_FSIZE stands in, as EFBIG;
 *   read-only-dir    the directory is bind-mounted read-only (EROFS); without mount namespaces,
 *                    it is chmod 0555 and the process runs as an unprivileged user (EACCES).
 *
 * Each case runs in a child process (g_test_trap_subprocess), which asserts: the writer returns
 * FALSE with the error that errno maps to and a message naming the file and the cause, the
 * directory holds the previous file and nothing else (no temporary file), and that file is byte
 * for byte what it was.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "crypto-test.h"
#include "dkg-container.h"
#include "dkg-error.h"
#include "dkg-file.h"
#include "dkg-test-util.h"
#include "dkg-image.h"
#include "dkg-safetensors.h"
#include "dkg-model-file.h"
#include "dkg-gan-trainer.h"

#define FSIZE_LIMIT (32 * 1024)
#define TMPFS_SLACK (64 * 1024)
#define NOBODY 65534

/* Writes version @big (FALSE: small, the previous file; TRUE: over 64 KiB) of its file. */
typedef gboolean (*WriteFunc) (const char *path, gboolean big, GError **error);

typedef struct
{
  const char *name;
  WriteFunc   write;
  gboolean    gio_domain;   /* errors in G_IO_ERROR (else G_FILE_ERROR) */
} Writer;

typedef enum
{
  MODE_FILE_SIZE_LIMIT,
  MODE_FULL_FILESYSTEM,
  MODE_READ_ONLY_DIR,
} Mode;

static const char *const mode_names[] = { "file-size-limit", "full-filesystem", "read-only-dir" };

typedef struct
{
  const Writer *writer;
  Mode          mode;
} Case;

static char *tmp;

/* ---- the writers ------------------------------------------------------------------------- */

static gboolean
write_file (const char *path, gboolean big, GError **error)
{
  gsize len = big ? 100000 : 16;
  g_autofree guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) (i * 7 + (big ? 1 : 0));
  return dkg_file_set_contents (path, data, len, 0644, error);
}

static gboolean
write_png (const char *path, gboolean big, GError **error)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (big ? 2 : 1);
  g_autoptr(DkgImage) im = big ? crypto_test_random_image (r, 256, 256, 3, 8, FALSE)
                               : crypto_test_random_image (r, 8, 8, 1, 8, FALSE);

  return dkg_image_save_png (im, path, error);
}

static gboolean
write_safetensors (const char *path, gboolean big, GError **error)
{
  g_autoptr(DkgSafetensors) st = dkg_safetensors_new ();
  gint64 n = big ? 100000 : 16;
  g_autofree float *data = g_new (float, n);

  for (gint64 i = 0; i < n; i++)
    data[i] = (float) i * (big ? 0.5f : 2.0f);
  dkg_safetensors_add_f32 (st, "w", 1, &n, data);
  dkg_safetensors_set_metadata (st, "version", big ? "new" : "previous");
  return dkg_safetensors_save (st, path, error);
}

static gboolean
write_container (const char *path, gboolean big, GError **error)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (big ? 4 : 3);
  g_autoptr(DkgImage) plain = big ? crypto_test_random_image (r, 256, 256, 1, 16, TRUE)
                                  : crypto_test_random_image (r, 8, 8, 1, 8, FALSE);
  g_autoptr(DkgImage) key = crypto_test_random_key (r, 256 * 256 * 2);
  DkgContainerOptions opts = { DKG_CONTAINER_SCHEME_CHACHA20_POLY1305, 0 };

  return dkg_container_encrypt_to_file (plain, key, &opts, path, error);
}

static gboolean
write_model (const char *path, gboolean big, GError **error)
{
  g_autoptr(DkgNet) net = dkg_net_new (DKG_ARCH_RESNET, 1);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (big ? 6 : 5);

  dkg_net_init_weights (net, r);
  return dkg_model_save (net, NULL, path, error);
}

/* A tiny DeepKeyGen trainer (size 32, one residual block) on random images. */
static DkgTrainer *
tiny_trainer (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (7);
  g_autoptr(DkgImage) a = crypto_test_random_image (r, 40, 40, 1, 8, FALSE);
  g_autoptr(DkgImage) b = crypto_test_random_image (r, 40, 40, 3, 8, FALSE);
  g_autoptr(GError) error = NULL;
  DkgTrainConfig config;
  DkgTrainer *t;

  dkg_train_config_init (&config, DKG_OBJECTIVE_GAN);
  config.size = 32;
  config.n_blocks = 1;
  config.seeded = TRUE;
  config.seed = 11;
  t = dkg_trainer_new (&config, dkg_dataset_new_from_images (&a, 1, 32, "a"),
                       dkg_dataset_new_from_images (&b, 1, 32, "b"), &error);
  g_assert_no_error (error);
  return t;
}

static gboolean
write_checkpoint (const char *path, gboolean big, GError **error)
{
  static DkgTrainer *trainer;

  if (trainer == NULL)
    trainer = tiny_trainer ();
  if (big)
    {
      g_autoptr(GError) local = NULL;

      g_assert_true (dkg_trainer_step (trainer, &local));
      g_assert_no_error (local);
    }
  return dkg_trainer_save_checkpoint (trainer, path, error);
}

static const Writer writers[] = {
  { "file",        write_file,        FALSE },
  { "image-png",   write_png,         TRUE },
  { "safetensors", write_safetensors, FALSE },
  { "container",   write_container,   FALSE },
  { "model",       write_model,       FALSE },
  { "checkpoint",  write_checkpoint,  FALSE },
};

/* ---- the failure modes ------------------------------------------------------------------- */

/* In a new private mount namespace (so nothing is seen outside this process): TRUE if that is
 * permitted here. */
static gboolean
private_mount_namespace (void)
{
  if (unshare (CLONE_NEWNS) != 0)
    return FALSE;
  g_assert_cmpint (mount ("none", "/", NULL, MS_REC | MS_PRIVATE, NULL), ==, 0);
  return TRUE;
}

static gsize
file_size (const char *path)
{
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);
  return (gsize) st.st_size;
}

/* Makes writes into @dir fail; returns the errno the writer will meet. */
static int
break_writes (Mode mode, const char *dir, const char *path, gboolean have_ns)
{
  struct rlimit rl = { FSIZE_LIMIT, FSIZE_LIMIT };

  switch (mode)
    {
    case MODE_FULL_FILESYSTEM:
      if (have_ns)
        return ENOSPC;   /* set up before the previous file was written */
      g_test_message ("mount namespaces are not permitted: RLIMIT_FSIZE stands in for ENOSPC");
      G_GNUC_FALLTHROUGH;
    case MODE_FILE_SIZE_LIMIT:
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &rl), ==, 0);
      return EFBIG;
    case MODE_READ_ONLY_DIR:
      if (have_ns)
        {
          g_assert_cmpint (mount (dir, dir, NULL, MS_BIND, NULL), ==, 0);
          g_assert_cmpint (mount (NULL, dir, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL), ==, 0);
          return EROFS;
        }
      g_test_message ("mount namespaces are not permitted: chmod 0555 instead");
      g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
      if (geteuid () == 0)
        {
          /* root ignores permissions: become nobody, who can still read the files */
          g_assert_cmpint (g_chmod (tmp, 0755), ==, 0);
          g_assert_cmpint (g_chmod (path, 0644), ==, 0);
          g_assert_cmpint (setgid (NOBODY), ==, 0);
          g_assert_cmpint (setuid (NOBODY), ==, 0);
        }
      return EACCES;
    default:
      g_assert_not_reached ();
    }
}

static void
expected_error (const Writer *w, int err, GQuark *domain, int *code)
{
  *domain = w->gio_domain ? G_IO_ERROR : G_FILE_ERROR;
  switch (err)
    {
    case EFBIG:  *code = w->gio_domain ? G_IO_ERROR_FAILED : G_FILE_ERROR_FAILED; break;
    case ENOSPC: *code = w->gio_domain ? G_IO_ERROR_NO_SPACE : G_FILE_ERROR_NOSPC; break;
    case EROFS:  *code = w->gio_domain ? G_IO_ERROR_READ_ONLY : G_FILE_ERROR_ROFS; break;
    case EACCES: *code = w->gio_domain ? G_IO_ERROR_PERMISSION_DENIED : G_FILE_ERROR_ACCES; break;
    default:     g_assert_not_reached ();
    }
}

static void
run_case (const Case *c)
{
  g_autofree char *dir = g_build_filename (tmp, "out", NULL);
  g_autofree char *path = g_build_filename (dir, "file", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = NULL;
  gsize before_len, after_len;
  gboolean have_ns = FALSE;
  GQuark domain;
  int err, code;

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  if (c->mode != MODE_FILE_SIZE_LIMIT)
    have_ns = private_mount_namespace ();
  if (c->mode == MODE_FULL_FILESYSTEM && have_ns)
    {
      /* room for the previous file (written to a scratch file first to learn its size) and
       * 64 KiB more, which the new version exceeds */
      g_autofree char *scratch = g_build_filename (tmp, "scratch", NULL);
      g_autofree char *opts = NULL;

      g_assert_true (c->writer->write (scratch, FALSE, &error));
      g_assert_no_error (error);
      opts = g_strdup_printf ("size=%" G_GSIZE_FORMAT, file_size (scratch) + TMPFS_SLACK);
      g_remove (scratch);
      g_assert_cmpint (mount ("tmpfs", dir, "tmpfs", 0, opts), ==, 0);
    }

  /* the previous version */
  g_assert_true (c->writer->write (path, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  err = break_writes (c->mode, dir, path, have_ns);
  g_test_message ("%s, %s: the write meets %s", c->writer->name, mode_names[c->mode],
                  g_strerror (err));
  g_assert_false (c->writer->write (path, TRUE, &error));
  expected_error (c->writer, err, &domain, &code);
  g_assert_error (error, domain, code);
  g_test_message ("error: %s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, g_strerror (err)));

  /* nothing but the previous file, byte for byte */
  d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  g_assert_cmpstr (g_dir_read_name (d), ==, "file");
  g_assert_null (g_dir_read_name (d));
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, before, before_len);
}

static void
test_failed_write (gconstpointer data)
{
  const Case *c = data;

  if (g_test_subprocess ())
    {
      run_case (c);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  /* the child's mounts ended with it; its files are left for the parent to remove */
  {
    g_autofree char *dir = g_build_filename (tmp, "out", NULL);

    g_chmod (dir, 0755);
    dkg_test_rm_rf (dir);
    g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  }
}

int
main (int argc, char **argv)
{
  static Case cases[G_N_ELEMENTS (writers) * G_N_ELEMENTS (mode_names)];
  int status;

  dkg_test_init (&argc, &argv);
  /* the children work in the parent's directory, which the parent cleans after each */
  if (g_test_subprocess ())
    tmp = g_strdup (g_getenv ("DKG_FAILED_WRITES_TMP"));
  else
    {
      tmp = dkg_test_make_tmpdir ();
      g_setenv ("DKG_FAILED_WRITES_TMP", tmp, TRUE);
    }
  g_assert_nonnull (tmp);

  for (gsize w = 0; w < G_N_ELEMENTS (writers); w++)
    for (gsize m = 0; m < G_N_ELEMENTS (mode_names); m++)
      {
        Case *c = &cases[w * G_N_ELEMENTS (mode_names) + m];
        g_autofree char *test_path = NULL;

        c->writer = &writers[w];
        c->mode = (Mode) m;
        test_path = g_strdup_printf ("/reliability/failed-write/%s/%s", writers[w].name,
                                     mode_names[m]);
        g_test_add_data_func (test_path, c, test_failed_write);
      }
  status = g_test_run ();
  if (!g_test_subprocess ())
    dkg_test_rm_rf (tmp);
  g_free (tmp);
  return status;
}
