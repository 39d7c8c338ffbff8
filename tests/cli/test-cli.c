/* test-cli.c — deepkeygen as a user runs it: exit codes, messages, files written or not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dkg-error.h"
#include "dkg-image.h"
#include "dkg-model-file.h"
#include "cli-run.h"
#include "dkg-test-util.h"

static const char *cli;
static char *tmp;
static char *model;

/* Runs deepkeygen in the test's folder with the NULL-terminated arguments. */
static void
run (CliRun *r, ...)
{
  va_list ap;

  va_start (ap, r);
  cli_run_va (r, cli, tmp, NULL, ap);
  va_end (ap);
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp, name, NULL);
}

static void
test_cli_help_and_usage (void)
{
  g_auto(CliRun) r1 = { 0 };
  g_auto(CliRun) r2 = { 0 };
  g_auto(CliRun) r3 = { 0 };
  g_auto(CliRun) r4 = { 0 };

  run (&r1, "--help", NULL);
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_nonnull (strstr (r1.out, "keygen"));
  run (&r2, "frobnicate", NULL);
  g_assert_cmpint (r2.status, ==, 2);
  g_assert_nonnull (strstr (r2.err, "frobnicate"));
  run (&r3, "encrypt", "--help", NULL);
  g_assert_cmpint (r3.status, ==, 0);
  g_assert_nonnull (strstr (r3.out, "--scheme"));
  run (&r4, "encrypt", "--no-such-option", NULL);
  g_assert_cmpint (r4.status, ==, 2);
}

/* keygen → encrypt → decrypt with every scheme on two shipped samples: bit-exact. */
static void
test_cli_round_trips (void)
{
  const char *samples[] = { "data/samples/colin27_ch2_axial_z090_8bit.png",
                            "data/samples/CT_small.dcm" };
  const char *schemes[] = { "xor", "acm-xor", "chacha20-poly1305" };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *img = dkg_test_source_path (samples[i]);
      g_autofree char *key = tmp_path ("key.png");
      g_autoptr(DkgImage) orig = dkg_image_load (img, NULL, NULL);
      g_auto(CliRun) k = { 0 };

      g_assert_nonnull (orig);
      run (&k, "keygen", "-m", model, "--seed", img, "--for", img, "-o", key, NULL);
      g_assert_cmpint (k.status, ==, 0);
      for (guint s = 0; s < G_N_ELEMENTS (schemes); s++)
        {
          g_autofree char *c = tmp_path ("c.png");
          g_autofree char *d = tmp_path ("d.png");
          g_auto(CliRun) e = { 0 };
          g_auto(CliRun) dr = { 0 };
          g_autoptr(DkgImage) back = NULL;
          g_autoptr(GError) error = NULL;

          run (&e, "encrypt", "-k", key, "--scheme", schemes[s], img, "-o", c, NULL);
          g_assert_cmpint (e.status, ==, 0);
          run (&dr, "decrypt", "-k", key, c, "-o", d, NULL);
          g_assert_cmpint (dr.status, ==, 0);
          back = dkg_image_load (d, NULL, &error);
          g_assert_no_error (error);
          g_assert_true (dkg_image_equal (orig, back));
          g_remove (c);
          g_remove (d);
        }
      g_remove (key);
    }
}

/* Wrong key, tampered file, missing file, output over input (under any spelling of its name or a
 * link to it): exit 2, a message naming the file, and no output file. */
static void
test_cli_errors_write_nothing (void)
{
  g_autofree char *img = dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autofree char *key = tmp_path ("k1.png");
  g_autofree char *key2 = tmp_path ("k2.png");
  g_autofree char *c = tmp_path ("c.png");
  g_autofree char *out = tmp_path ("never.png");
  g_autofree char *other = dkg_test_source_path ("data/samples/CT_small.dcm");
  g_autofree char *c_link = tmp_path ("c-link.png");
  g_autofree char *bytes = NULL;
  g_autofree char *after = NULL;
  gsize len, after_len;
  g_auto(CliRun) r1 = { 0 };
  g_auto(CliRun) r2 = { 0 };
  g_auto(CliRun) r3 = { 0 };
  g_auto(CliRun) r4 = { 0 };
  g_auto(CliRun) r5 = { 0 };
  g_auto(CliRun) r6 = { 0 };
  g_auto(CliRun) r7 = { 0 };

  run (&r1, "keygen", "-m", model, "--seed", img, "--for", img, "-o", key, NULL);
  run (&r2, "keygen", "-m", model, "--seed", other, "--for", img, "-o", key2, NULL);
  g_assert_cmpint (r1.status + r2.status, ==, 0);
  run (&r3, "encrypt", "-k", key, "--scheme", "xor", img, "-o", c, NULL);
  g_assert_cmpint (r3.status, ==, 0);

  run (&r4, "decrypt", "-k", key2, c, "-o", out, NULL);
  g_assert_cmpint (r4.status, ==, 2);
  g_assert_nonnull (strstr (r4.err, "c.png"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  /* One flipped bit in the last pixel row of the PNG's data → authentication error. */
  g_assert_true (g_file_get_contents (c, &bytes, &len, NULL));
  bytes[len - 40] ^= 1;
  g_assert_true (g_file_set_contents (c, bytes, (gssize) len, NULL));
  run (&r5, "decrypt", "-k", key, c, "-o", out, NULL);
  g_assert_cmpint (r5.status, ==, 2);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  run (&r6, "encrypt", "-k", key, "/no/such/image.png", "-o", out, NULL);
  g_assert_cmpint (r6.status, ==, 2);
  g_assert_nonnull (strstr (r6.err, "/no/such/image.png"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  run (&r7, "encrypt", "-k", key, c, "-o", c, NULL);
  g_assert_cmpint (r7.status, ==, 2);
  g_assert_nonnull (strstr (r7.err, "overwrite"));

  /* The same file under another spelling (deepkeygen runs in the test's folder) or a hard link:
   * refused too, and the input keeps its bytes. */
  g_assert_cmpint (link (c, c_link), ==, 0);
  {
    const char *outputs[] = { "./c.png", c_link };

    for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
      {
        g_auto(CliRun) e = { 0 };
        g_auto(CliRun) d = { 0 };
        g_auto(CliRun) k = { 0 };

        run (&e, "encrypt", "-k", key, c, "-o", outputs[i], NULL);
        run (&d, "decrypt", "-k", key, c, "-o", outputs[i], NULL);
        run (&k, "keygen", "-m", model, "--seed", c, "-o", outputs[i], NULL);
        g_assert_cmpint (e.status, ==, 2);
        g_assert_cmpint (d.status, ==, 2);
        g_assert_cmpint (k.status, ==, 2);
        g_assert_nonnull (strstr (e.err, "overwrite the input"));
        g_assert_nonnull (strstr (k.err, "overwrite the input"));
      }
  }
  g_assert_true (g_file_get_contents (c, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, bytes, len);

  /* curves and train refuse an output that is one of their inputs (checked before reading
   * them: @c, any file, stands for the metrics CSV and the checkpoint) */
  {
    g_auto(CliRun) cu = { 0 };
    g_auto(CliRun) t1 = { 0 };
    g_auto(CliRun) t2 = { 0 };
    g_auto(CliRun) t3 = { 0 };
    g_autofree char *again = NULL;
    gsize again_len;

    run (&cu, "curves", c, "-o", "./c.png", NULL);
    run (&t1, "train", "--resume", c, "-o", c, "--iterations", "1", NULL);
    run (&t2, "train", "--resume", c, "-o", out, "--metrics", c_link, "--iterations", "1", NULL);
    run (&t3, "train", "-o", out, "--metrics", "never.png.ckpt", "--iterations", "1", NULL);
    g_assert_cmpint (cu.status, ==, 2);
    g_assert_nonnull (strstr (cu.err, "write over the metrics"));
    g_assert_cmpint (t1.status, ==, 2);
    g_assert_cmpint (t2.status, ==, 2);
    g_assert_cmpint (t3.status, ==, 2);
    g_assert_nonnull (strstr (t1.err, "different files"));
    g_assert_nonnull (strstr (t2.err, "different files"));
    g_assert_nonnull (strstr (t3.err, "different files"));
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_get_contents (c, &again, &again_len, NULL));
    g_assert_cmpmem (again, again_len, bytes, len);
  }
}

/* A key too short for the image: the error states the size needed. */
static void
test_cli_key_too_short (void)
{
  g_autofree char *img = dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autofree char *key = tmp_path ("small.png");
  g_autofree char *c = tmp_path ("short.png");
  g_auto(CliRun) r1 = { 0 };
  g_auto(CliRun) r2 = { 0 };

  run (&r1, "keygen", "-m", model, "--seed", img, "--size", "32x32", "-o", key, NULL);
  g_assert_cmpint (r1.status, ==, 0);
  run (&r2, "encrypt", "-k", key, "--scheme", "xor", img, "-o", c, NULL);
  g_assert_cmpint (r2.status, ==, 2);
  g_assert_nonnull (strstr (r2.err, "39277"));      /* 181·217 bytes needed */
  g_assert_false (g_file_test (c, G_FILE_TEST_EXISTS));
}

/* Whether process @pid has a thread called @name (its /proc comm). */
static gboolean
has_thread (GPid pid, const char *name)
{
  g_autofree char *dir_path = g_strdup_printf ("/proc/%d/task", (int) pid);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *tid;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, tid, "comm", NULL);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (path, &comm, NULL, NULL) && strcmp (g_strchomp (comm), name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* keygen: Ctrl+C while the network runs (its "keygen" thread exists, so the handler is in
 * place) stops it with a message and status 130, and writes no key. */
static void
test_cli_keygen_interrupt (void)
{
  g_autofree char *img = dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autofree char *key = tmp_path ("interrupted.png");
  const char *argv[] = { cli, "keygen", "-m", model, "--seed", img, "--size", "2048x2048",
                         "-o", key, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) err_channel = NULL;
  g_autofree char *err = NULL;
  GPid pid;
  int err_fd, wait_status;
  gint64 t0, t_int;

  g_assert_true (g_spawn_async_with_pipes (tmp, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, NULL, &err_fd, &error));
  g_assert_no_error (error);
  t0 = g_get_monotonic_time ();
  while (!has_thread (pid, "keygen"))
    {
      g_assert_cmpint (g_get_monotonic_time () - t0, <, 60 * G_USEC_PER_SEC);
      g_usleep (2000);
    }
  t_int = g_get_monotonic_time ();
  g_assert_cmpint (kill (pid, SIGINT), ==, 0);
  g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
  g_test_message ("exited %.0f ms after SIGINT", (g_get_monotonic_time () - t_int) / 1000.0);
  g_spawn_close_pid (pid);
  err_channel = g_io_channel_unix_new (err_fd);
  g_io_channel_set_close_on_unref (err_channel, TRUE);
  g_io_channel_read_to_end (err_channel, &err, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 130);
  g_assert_nonnull (strstr (err, "interrupted"));
  g_assert_false (g_file_test (key, G_FILE_TEST_EXISTS));
}

/* train: a tiny run, its metrics CSV, a resume to more iterations, the exported model. */
static void
test_cli_train_and_resume (void)
{
  g_autofree char *src = tmp_path ("src");
  g_autofree char *m = tmp_path ("m.safetensors");
  g_autofree char *csv = tmp_path ("m.csv");
  g_autofree char *ckpt = tmp_path ("m.safetensors.ckpt");
  g_autofree char *best = tmp_path ("m-best.safetensors");
  g_autofree char *fig = tmp_path ("m.png");
  g_autofree char *fig_key = tmp_path ("m-key-entropy.png");
  g_autofree char *colin = dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autofree char *link = g_build_filename (src, "colin.png", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(DkgSafetensors) st = NULL;
  g_autoptr(DkgNet) net = NULL;
  g_auto(CliRun) r1 = { 0 };
  g_auto(CliRun) r2 = { 0 };
  g_auto(CliRun) r3 = { 0 };
  g_auto(CliRun) r4 = { 0 };
  g_auto(GStrv) row2 = NULL;

  g_mkdir (src, 0755);
  g_assert_cmpint (symlink (colin, link), ==, 0);
  run (&r1, "train", "--arch", "deepkeygen", "--source", src, "--chaotic-domain",
       "--iterations", "3", "--size", "32", "--blocks", "1", "--seed", "4", "--metrics", csv,
       "--eval-every", "2", "--probe-size", "32", "--keep-best", "entropy", "-o", m, NULL);
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_true (g_file_test (ckpt, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (best, G_FILE_TEST_EXISTS));
  g_assert_nonnull (strstr (r1.err, "probe key entropy"));
  run (&r2, "train", "--resume", ckpt, "--iterations", "5", "--metrics", csv, "-o", m, NULL);
  g_assert_cmpint (r2.status, ==, 0);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpint (g_strv_length (lines), ==, 1 + 5 + 1);
  /* row 2 is a key-quality row of the first run: entropy in 0…8, standard deviation ≥ 0 */
  row2 = g_strsplit (lines[2], ",", -1);
  g_assert_cmpuint (g_strv_length (row2), ==, 14);
  g_assert_true (g_ascii_strtod (row2[10], NULL) > 0 && g_ascii_strtod (row2[10], NULL) <= 8);
  g_assert_true (g_ascii_strtod (row2[11], NULL) >= 0);
  run (&r4, "curves", csv, "-o", fig, NULL);
  g_assert_cmpint (r4.status, ==, 0);
  g_assert_true (g_file_test (fig_key, G_FILE_TEST_EXISTS));
  net = dkg_model_load (m, &st, NULL);
  g_assert_nonnull (net);
  g_assert_cmpstr (dkg_safetensors_get_metadata (st, "iterations"), ==, "5");
  g_assert_cmpstr (dkg_safetensors_get_metadata (st, "seed"), ==, "4");
  run (&r3, "train", "--arch", "nonsense", "--source", src, "--chaotic-domain",
       "--iterations", "3", "-o", m, NULL);
  g_assert_cmpint (r3.status, ==, 2);
}

/* The main job with a given model: exit 0, every round trip bit-exact, the files written. */
static void
test_cli_demo (void)
{
  g_autofree char *dir = tmp_path ("demo");
  g_autofree char *summary = g_build_filename (dir, "summary.txt", NULL);
  g_auto(CliRun) r = { 0 };

  run (&r, "demo", "-m", model, "-o", dir, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Every decrypted image equals its original bit for bit"));
  g_assert_true (g_file_test (summary, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 1 + 2 * (2 + 3 + 3));
}

/* analyze --json: a parseable object with the documented fields. */
static void
test_cli_analyze_json (void)
{
  g_autofree char *img = dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) r = { 0 };
  JsonObject *root, *plain;

  run (&r, "analyze", "--json", "--plain", img, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, r.out, -1, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "deepkeygen-analyze-1");
  plain = json_object_get_object_member (root, "plain");
  g_assert_cmpint (json_object_get_int_member (plain, "width"), ==, 181);
  g_assert_true (json_object_get_double_member (plain, "entropy") > 5.0);
  g_assert_true (json_object_get_double_member (plain, "entropy") < 8.0);
}

/* nist on NIST's own data.e: the frequency test of SP 800-22 Appendix B. */
static void
test_cli_nist_data_e (void)
{
  g_autofree char *e = dkg_test_source_path ("tests/data/nist/data.e");
  g_auto(CliRun) r = { 0 };

  run (&r, "nist", "--ascii", "--bits", "1000000", e, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "0.953749"));          /* frequency, Appendix B */
  g_assert_nonnull (strstr (r.out, "passed"));
}

/* attack: works against xor, fails against chacha20-poly1305, both as the output says. */
static void
test_cli_attacks (void)
{
  g_autofree char *a = dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autofree char *key = tmp_path ("atk-key.png");
  g_autofree char *b = tmp_path ("inverted.png");
  g_autofree char *dir = tmp_path ("atk");
  g_autoptr(DkgImage) inv = dkg_image_load (a, NULL, NULL);
  g_auto(CliRun) k = { 0 };
  g_auto(CliRun) r1 = { 0 };
  g_auto(CliRun) r2 = { 0 };
  g_auto(CliRun) r3 = { 0 };

  for (gsize i = 0; i < dkg_image_n_bytes (inv); i++)
    inv->data[i] = (guint8) (255 - inv->data[i]);
  g_assert_true (dkg_image_save_png (inv, b, NULL));
  run (&k, "keygen", "-m", model, "--seed", a, "--for", a, "-o", key, NULL);
  g_assert_cmpint (k.status, ==, 0);
  run (&r1, "attack", "reuse", "-k", key, a, b, "-o", dir, NULL);
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_nonnull (strstr (r1.out, "WORKS"));
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 3);
  run (&r2, "attack", "known-plaintext", "--scheme", "chacha20-poly1305", "-k", key, a, b, NULL);
  g_assert_cmpint (r2.status, ==, 0);
  g_assert_nonnull (strstr (r2.out, "fails"));
  run (&r3, "attack", "acm-chosen-plaintext", "-k", key, a, NULL);
  g_assert_cmpint (r3.status, ==, 0);
  g_assert_nonnull (strstr (r3.out, "permutation 1.0000 correct"));
}

/* report on one image: Markdown, CSV tables, PDF pages, figures. */
static void
test_cli_report (void)
{
  g_autofree char *src = tmp_path ("report-in");
  g_autofree char *out = tmp_path ("report-out");
  g_autofree char *colin = dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autofree char *link = g_build_filename (src, "colin.png", NULL);
  g_autofree char *md_path = g_build_filename (out, "report.md", NULL);
  g_autofree char *pdf_path = g_build_filename (out, "report.pdf", NULL);
  g_autofree char *csv = g_build_filename (out, "table-04-key-sensitivity.csv", NULL);
  g_autofree char *md = NULL;
  g_autofree char *pdf = NULL;
  gsize pdf_len;
  g_auto(CliRun) r = { 0 };

  g_mkdir (src, 0755);
  g_assert_cmpint (symlink (colin, link), ==, 0);
  run (&r, "report", "-m", model, "--images", src, "--no-baselines", "--imitation", "--mutual", "2",
       "--train-iterations", "3", "--train-size", "32", "-o", out, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_get_contents (md_path, &md, NULL, NULL));
  g_assert_nonnull (strstr (md, "Table III"));
  g_assert_nonnull (strstr (md, "Table IV"));
  g_assert_nonnull (strstr (md, "7.978–7.981"));
  g_assert_nonnull (strstr (md, "resnet, 12 blocks"));
  g_assert_nonnull (strstr (md, "One-time-pad mutual decryption"));
  g_assert_true (g_file_test (csv, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (pdf_path, &pdf, &pdf_len, NULL));
  g_assert_true (pdf_len > 1000 && memcmp (pdf, "%PDF-", 5) == 0);
  /* 8 figures (grid, histograms, 6 scatter plots), each as PNG and PDF. */
  g_assert_cmpuint (dkg_test_count_files (out), >=, 2 + 9 + 16);
}

/* Issue 7 end to end: patient text in the LSBs, encrypt, RSA-OAEP key wrapping, decrypt with the
 * private key (and not with another's), extract the exact text. */
static void
test_cli_stego_rsa_end_to_end (void)
{
  g_autofree char *img = dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autofree char *p = tmp_path ("stego.png");
  g_autofree char *k = tmp_path ("stego-key.png");
  g_autofree char *c = tmp_path ("stego-cipher.png");
  g_autofree char *cw = tmp_path ("stego-wrapped.png");
  g_autofree char *d = tmp_path ("stego-decrypted.png");
  g_autofree char *stolen = tmp_path ("stolen.png");
  g_autofree char *alice = tmp_path ("alice");
  g_autofree char *mallory = tmp_path ("mallory");
  g_autofree char *alice_pub = g_strconcat (alice, ".pub", NULL);
  g_autofree char *alice_key = g_strconcat (alice, ".key", NULL);
  g_autofree char *mallory_key = g_strconcat (mallory, ".key", NULL);
  const char *text = "Patient: 山田 太郎, MRN 0042 🧠";
  CliRun r[9] = { { 0 } };

  run (&r[0], "stego", "embed", "--text", text, img, "-o", p, NULL);
  run (&r[1], "keygen", "-m", model, "--seed", p, "--for", p, "-o", k, NULL);
  run (&r[2], "encrypt", "-k", k, p, "-o", c, NULL);
  run (&r[3], "rsa", "keygen", "--bits", "2048", "-o", alice, NULL);
  run (&r[4], "rsa", "keygen", "--bits", "2048", "-o", mallory, NULL);
  run (&r[5], "rsa", "wrap", "--public", alice_pub, "-k", k, c, "-o", cw, NULL);
  for (int i = 0; i < 6; i++)
    g_assert_cmpint (r[i].status, ==, 0);
  run (&r[6], "decrypt", "--private", mallory_key, cw, "-o", stolen, NULL);
  g_assert_cmpint (r[6].status, ==, 2);
  g_assert_false (g_file_test (stolen, G_FILE_TEST_EXISTS));
  run (&r[7], "decrypt", "--private", alice_key, cw, "-o", d, NULL);
  g_assert_cmpint (r[7].status, ==, 0);
  run (&r[8], "stego", "extract", d, NULL);
  g_assert_cmpint (r[8].status, ==, 0);
  g_assert_cmpstr (g_strchomp (r[8].out), ==, text);
  for (int i = 0; i < 9; i++)
    cli_run_clear (&r[i]);
}

/* rsa wrap never writes over its input: without -o it writes CIPHER-wrapped.png beside it and
 * will not replace that file; -o naming the input (however spelt) is refused; -o replaces
 * another file, as every command's -o does. */
static void
test_cli_rsa_wrap_output (void)
{
  g_autofree char *img = dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autofree char *k = tmp_path ("wrap-key.png");
  g_autofree char *c = tmp_path ("wrap.png");
  g_autofree char *cw = tmp_path ("wrap-wrapped.png");
  g_autofree char *other = tmp_path ("wrap-other.png");
  g_autofree char *alice = tmp_path ("wrap-alice");
  g_autofree char *alice_pub = g_strconcat (alice, ".pub", NULL);
  g_autofree char *alice_key = g_strconcat (alice, ".key", NULL);
  g_autofree char *d = tmp_path ("wrap-decrypted.png");
  g_autofree char *before = NULL;
  g_autofree char *wrapped = NULL;
  g_autofree char *now = NULL;
  gsize before_len, wrapped_len, now_len;
  CliRun r[9] = { { 0 } };

  run (&r[0], "keygen", "-m", model, "--seed", img, "--for", img, "-o", k, NULL);
  run (&r[1], "encrypt", "-k", k, img, "-o", c, NULL);
  run (&r[2], "rsa", "keygen", "--bits", "2048", "-o", alice, NULL);
  for (int i = 0; i < 3; i++)
    g_assert_cmpint (r[i].status, ==, 0);
  g_assert_true (g_file_get_contents (c, &before, &before_len, NULL));

  /* relative names, as a user types them in the folder: the default lands beside the input */
  run (&r[3], "rsa", "wrap", "--public", alice_pub, "-k", k, "wrap.png", NULL);
  g_assert_cmpint (r[3].status, ==, 0);
  g_assert_nonnull (strstr (r[3].out, "Wrote wrap-wrapped.png"));
  g_assert_true (g_file_get_contents (cw, &wrapped, &wrapped_len, NULL));
  g_assert_cmpuint (wrapped_len, >, before_len);
  run (&r[4], "decrypt", "--private", alice_key, cw, "-o", d, NULL);
  g_assert_cmpint (r[4].status, ==, 0);

  /* the default exists now: refused, exit 2, the file named */
  run (&r[5], "rsa", "wrap", "--public", alice_pub, "-k", k, c, NULL);
  g_assert_cmpint (r[5].status, ==, 2);
  g_assert_nonnull (strstr (r[5].err, "wrap-wrapped.png"));
  g_assert_nonnull (strstr (r[5].err, "exists"));

  /* -o naming the input, as given or spelt otherwise: refused */
  run (&r[6], "rsa", "wrap", "--public", alice_pub, "-k", k, c, "-o", c, NULL);
  run (&r[7], "rsa", "wrap", "--public", alice_pub, "-k", k, c, "-o", "./wrap.png", NULL);
  g_assert_cmpint (r[6].status, ==, 2);
  g_assert_cmpint (r[7].status, ==, 2);
  g_assert_nonnull (strstr (r[6].err, "overwrite the input"));
  g_assert_nonnull (strstr (r[7].err, "overwrite the input"));

  /* -o given: an existing other file is replaced */
  g_assert_true (g_file_set_contents (other, "old", -1, NULL));
  run (&r[8], "rsa", "wrap", "--public", alice_pub, "-k", k, c, "-o", other, NULL);
  g_assert_cmpint (r[8].status, ==, 0);

  /* the input and the first wrapped copy are as they were */
  g_assert_true (g_file_get_contents (c, &now, &now_len, NULL));
  g_assert_cmpmem (now, now_len, before, before_len);
  g_clear_pointer (&now, g_free);
  g_assert_true (g_file_get_contents (cw, &now, &now_len, NULL));
  g_assert_cmpmem (now, now_len, wrapped, wrapped_len);
  g_clear_pointer (&now, g_free);
  g_assert_true (g_file_get_contents (other, &now, &now_len, NULL));
  g_assert_cmpuint (now_len, ==, wrapped_len);
  for (int i = 0; i < 9; i++)
    cli_run_clear (&r[i]);
}

int
main (int argc, char **argv)
{
  g_autoptr(DkgNet) g = NULL;
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (99);
  g_autoptr(GError) error = NULL;
  int status;

  dkg_test_init (&argc, &argv);
  g_assert_cmpint (argc, >=, 2);
  cli = argv[1];
  tmp = dkg_test_make_tmpdir ();
  model = g_build_filename (tmp, "tiny.safetensors", NULL);
  g = dkg_net_new (DKG_ARCH_RESNET, 1);
  dkg_net_init_weights (g, r);
  g_assert_true (dkg_model_save (g, NULL, model, &error));
  g_test_add_func ("/cli/help-and-usage", test_cli_help_and_usage);
  g_test_add_func ("/cli/round-trips", test_cli_round_trips);
  g_test_add_func ("/cli/errors-write-nothing", test_cli_errors_write_nothing);
  g_test_add_func ("/cli/key-too-short", test_cli_key_too_short);
  g_test_add_func ("/cli/keygen-interrupt", test_cli_keygen_interrupt);
  g_test_add_func ("/cli/train-and-resume", test_cli_train_and_resume);
  g_test_add_func ("/cli/demo", test_cli_demo);
  g_test_add_func ("/cli/analyze-json", test_cli_analyze_json);
  g_test_add_func ("/cli/nist-data-e", test_cli_nist_data_e);
  g_test_add_func ("/cli/attacks", test_cli_attacks);
  g_test_add_func ("/cli/report", test_cli_report);
  g_test_add_func ("/cli/stego-rsa-end-to-end", test_cli_stego_rsa_end_to_end);
  g_test_add_func ("/cli/rsa-wrap-output", test_cli_rsa_wrap_output);
  status = g_test_run ();
  dkg_test_rm_rf (tmp);
  return status;
}
