/* bench-cipher.c — throughput of the three ciphers of docs/SPECIFICATION.md §5.3–5.5 and of the
 * container, one JSON object
 *
 *   bench-cipher [--reps R] [--size N] [--cpu-time]
 *
 * Plaintext: an N×N (default 4096×4096) greyscale 16-bit image of random samples, 32 MiB;
 * key: an 8-bit RGB key image with enough bytes for the padded plaintext (§5.2). One thread.
 * Every figure is MB/s with MB = 10⁶ bytes of plaintext, the median of R runs (default 7)
 * after one warm-up run. Time is wall-clock time, or with --cpu-time the thread's CPU time
 * (CLOCK_THREAD_CPUTIME_ID: for a machine shared with other work; the JSON says which).
 *
 * *_encrypt_mbps / *_decrypt_mbps time the cipher core, image in → image out, through the
 * public *_into functions with the output image allocated (and its pages touched) once before
 * the runs:
 *   xor                dkg_xor_cipher_apply_image (C = P ⊕ K, §5.3)
 *   acm_xor            dkg_arnold_cat_map_encrypt_into / _decrypt_into, k = 10, one
 *                      DkgArnoldCatMap reused (pad, permute, XOR, crop; §5.4)
 *   chacha20_poly1305  dkg_aead_encrypt_image_into / _decrypt_image_into, tag computed and
 *                      checked (§5.5)
 * They exclude PNG encoding, key derivation and the container's HMAC.
 * *_container_encrypt_mbps / *_container_decrypt_mbps time dkg_container_encrypt /
 * dkg_container_decrypt end to end, as an application calls them: fresh output images, key
 * fingerprint, HKDF, cipher, HMAC or Poly1305, JSON, and PNG encoding (deflate level 1, no
 * row filters: ciphertext is incompressible) or decoding.
 *
 * keygen_ms_256 / _1024 / _4096: dkg_keygen_generate with the shipped DeepKeyGen model
 * (model/deepkeygen.safetensors in the source tree, or --model) for a 256², 1024² and 4096² key
 * from a seed of that size, median of min(reps, 3) runs (one at 4096²), with the OpenBLAS
 * thread count in force (--threads, default 1); keygen_ns_per_pixel_* divide by the pixels, so
 * linear cost shows as a constant.
 *
 * The program is a list of benchmark groups, each appending ", \"name\": value" members to one
 * JSON object; the key generation timings (keygen_ms_*) go in as another group.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dkg-aead.h"
#include "dkg-arnold-cat-map.h"
#include "dkg-container.h"
#include "dkg-xor-cipher.h"
#include "dkg-blas.h"
#include "dkg-data.h"
#include "dkg-rand.h"
#include "dkg-keygen.h"
#include "dkg-model-file.h"

#define ACM_ITERATIONS 10

typedef struct
{
  int             reps;
  guint           size;
  DkgImage       *plain;
  DkgImage       *key;
  /* per-run state of the functions being timed */
  DkgImage       *cipher;
  DkgImage       *out;          /* preallocated output of the *_into functions */
  DkgArnoldCatMap *map;
  GBytes         *file;
  guint8          k_enc[DKG_AEAD_KEY_SIZE];
  guint8          nonce[DKG_AEAD_NONCE_SIZE];
  guint8          tag[DKG_AEAD_TAG_SIZE];
} Bench;

/* Returns the image to check against the expected one: b->out, or a new image (freed). */
typedef DkgImage *(*BenchFunc) (Bench *b, GError **error);

static gboolean use_cpu_time;

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (use_cpu_time ? CLOCK_THREAD_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *v,
        int     n)
{
  qsort (v, (size_t) n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void
fail (const char *what,
      GError     *error)
{
  fprintf (stderr, "bench-cipher: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

/* Median MB/s of @func over b->reps runs after one warm-up; each result is checked against
 * @expect (if given) and freed outside the timed region. */
static double
time_mbps (Bench          *b,
           const char     *what,
           BenchFunc       func,
           const DkgImage *expect)
{
  g_autofree double *s = g_new (double, b->reps);
  double mb = dkg_image_n_bytes (b->plain) / 1e6;

  for (int r = -1; r < b->reps; r++)
    {
      g_autoptr(GError) error = NULL;
      double t0 = now_s ();
      DkgImage *out = func (b, &error);
      double t1 = now_s ();

      if (out == NULL)
        fail (what, error);
      if (expect != NULL && !dkg_image_equal (out, expect))
        fail (what, NULL);
      if (out != b->out)
        dkg_image_free (out);
      if (r >= 0)
        s[r] = mb / (t1 - t0);
    }
  return median (s, b->reps);
}

static DkgImage *
into_result (Bench *b, gboolean ok)
{
  return ok ? b->out : NULL;
}

static DkgImage *
xor_encrypt (Bench *b, GError **error)
{
  return into_result (b, dkg_xor_cipher_apply_image (b->plain, b->key, b->out, error));
}

static DkgImage *
xor_decrypt (Bench *b, GError **error)
{
  return into_result (b, dkg_xor_cipher_apply_image (b->cipher, b->key, b->out, error));
}

static DkgImage *
acm_encrypt (Bench *b, GError **error)
{
  return into_result (b, dkg_arnold_cat_map_encrypt_into (b->map, b->plain, b->key, b->out,
                                                          error));
}

static DkgImage *
acm_decrypt (Bench *b, GError **error)
{
  return into_result (b, dkg_arnold_cat_map_decrypt_into (b->map, b->cipher, b->key, b->out,
                                                          error));
}

static DkgImage *
aead_encrypt (Bench *b, GError **error)
{
  return into_result (b, dkg_aead_encrypt_image_into (b->plain, b->k_enc, b->nonce, NULL, 0,
                                                      b->out, b->tag, error));
}

static DkgImage *
aead_decrypt (Bench *b, GError **error)
{
  return into_result (b, dkg_aead_decrypt_image_into (b->cipher, b->k_enc, b->nonce, NULL, 0,
                                                      b->tag, b->out, error));
}

static DkgContainerScheme container_scheme;

static DkgImage *
container_encrypt (Bench *b, GError **error)
{
  DkgContainerOptions opts = { container_scheme, ACM_ITERATIONS };

  g_clear_pointer (&b->file, g_bytes_unref);
  b->file = dkg_container_encrypt (b->plain, b->key, &opts, error);
  /* something to free: the check is done by the decryption that follows */
  return b->file != NULL ? dkg_image_new (1, 1, 1, 8, FALSE, error) : NULL;
}

static DkgImage *
container_decrypt (Bench *b, GError **error)
{
  return dkg_container_decrypt (b->file, "bench", b->key, NULL, error);
}

static void
add_mbps (GString    *json,
          const char *name,
          double      mbps)
{
  g_string_append_printf (json, ", \"%s\": %.1f", name, mbps);
}

/* A fresh output image with every page touched, so that the timed runs do not pay first-touch
 * page faults. */
static DkgImage *
new_output (guint w, guint h, const DkgImage *like)
{
  g_autoptr(GError) error = NULL;
  DkgImage *out = dkg_image_new (w, h, like->channels, like->bit_depth, like->is_signed, &error);

  if (out == NULL)
    fail ("output", error);
  memset (out->data, 0xff, dkg_image_n_bytes (out));
  return out;
}

/* Group: the cipher cores and the container (this file's figures). */
static void
bench_ciphers (Bench   *b,
               GString *json)
{
  g_autoptr(GError) error = NULL;
  static const struct { const char *name; DkgContainerScheme scheme; } schemes[] = {
    { "xor", DKG_CONTAINER_SCHEME_XOR },
    { "acm_xor", DKG_CONTAINER_SCHEME_ACM_XOR },
    { "chacha20_poly1305", DKG_CONTAINER_SCHEME_CHACHA20_POLY1305 },
  };
  guint w = b->plain->width, h = b->plain->height, n = MAX (w, h);

  /* xor */
  b->cipher = dkg_xor_cipher_encrypt (b->plain, b->key, &error);
  if (b->cipher == NULL)
    fail ("xor", error);
  b->out = new_output (w, h, b->plain);
  add_mbps (json, "xor_encrypt_mbps", time_mbps (b, "xor encrypt", xor_encrypt, b->cipher));
  add_mbps (json, "xor_decrypt_mbps", time_mbps (b, "xor decrypt", xor_decrypt, b->plain));
  g_clear_pointer (&b->cipher, dkg_image_free);

  /* acm-xor: the N×N ciphertext, then the w×h plaintext */
  b->map = dkg_arnold_cat_map_new (w, h, b->plain->channels, b->plain->bit_depth,
                                   ACM_ITERATIONS, &error);
  if (b->map == NULL)
    fail ("acm-xor", error);
  b->cipher = dkg_arnold_cat_map_encrypt (b->plain, b->key, ACM_ITERATIONS, &error);
  if (b->cipher == NULL)
    fail ("acm-xor", error);
  g_clear_pointer (&b->out, dkg_image_free);
  b->out = new_output (n, n, b->cipher);
  add_mbps (json, "acm_xor_encrypt_mbps",
            time_mbps (b, "acm-xor encrypt", acm_encrypt, b->cipher));
  g_clear_pointer (&b->out, dkg_image_free);
  b->out = new_output (w, h, b->plain);
  add_mbps (json, "acm_xor_decrypt_mbps",
            time_mbps (b, "acm-xor decrypt", acm_decrypt, b->plain));
  g_clear_pointer (&b->cipher, dkg_image_free);
  g_clear_pointer (&b->map, dkg_arnold_cat_map_free);

  /* chacha20-poly1305 */
  for (guint i = 0; i < sizeof b->k_enc; i++)
    b->k_enc[i] = (guint8) (i * 29 + 1);
  for (guint i = 0; i < sizeof b->nonce; i++)
    b->nonce[i] = (guint8) (i * 7 + 3);
  b->cipher = dkg_aead_encrypt_image (b->plain, b->k_enc, b->nonce, NULL, 0, b->tag, &error);
  if (b->cipher == NULL)
    fail ("chacha20-poly1305", error);
  add_mbps (json, "chacha20_poly1305_encrypt_mbps",
            time_mbps (b, "chacha20-poly1305 encrypt", aead_encrypt, b->cipher));
  add_mbps (json, "chacha20_poly1305_decrypt_mbps",
            time_mbps (b, "chacha20-poly1305 decrypt", aead_decrypt, b->plain));
  g_clear_pointer (&b->cipher, dkg_image_free);
  g_clear_pointer (&b->out, dkg_image_free);

  /* the container, end to end */
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      g_autofree char *enc = g_strdup_printf ("%s_container_encrypt_mbps", schemes[i].name);
      g_autofree char *dec = g_strdup_printf ("%s_container_decrypt_mbps", schemes[i].name);

      container_scheme = schemes[i].scheme;
      add_mbps (json, enc, time_mbps (b, enc, container_encrypt, NULL));
      add_mbps (json, dec, time_mbps (b, dec, container_decrypt, b->plain));
      g_clear_pointer (&b->file, g_bytes_unref);
    }
}

static int
cmp_ms (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
bench_keygen (const char *model_path, int reps, GString *json)
{
  static const guint sizes[] = { 256, 1024, 4096 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgNet) g = dkg_model_load (model_path, NULL, &error);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (3);

  if (g == NULL)
    fail ("model", error);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      guint n = sizes[i];
      int runs = n >= 4096 ? 1 : MIN (reps, 3);
      double ms[3];
      g_autoptr(DkgImage) seed = dkg_image_new (n, n, 1, 8, FALSE, &error);

      if (seed == NULL)
        fail ("seed", error);
      dkg_rand_bytes (r, seed->data, dkg_image_n_bytes (seed));
      for (int k = 0; k < runs; k++)
        {
          gint64 t0 = g_get_monotonic_time ();
          g_autoptr(DkgImage) key = dkg_keygen_generate (g, seed, n, n, &error);
          if (key == NULL)
            fail ("keygen", error);
          ms[k] = (g_get_monotonic_time () - t0) / 1000.0;
        }
      qsort (ms, (size_t) runs, sizeof ms[0], cmp_ms);
      g_string_append_printf (json, ", \"keygen_ms_%u\": %.1f, \"keygen_ns_per_pixel_%u\": %.1f", n,
                              ms[runs / 2], n, ms[runs / 2] * 1e6 / ((double) n * n));
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— cipher throughput, one JSON object");
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (4096);
  g_autoptr(GError) error = NULL;
  int reps = 7, size = 4096, threads = 1;
  g_autofree char *model_path = NULL;
  g_autofree char *shipped_model = NULL;
  GOptionEntry entries[] = {
    { "reps", 0, 0, G_OPTION_ARG_INT, &reps, "runs per figure (median)", "R" },
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, "OpenBLAS threads for key generation (default 1)", "T" },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_path, "generator for keygen_ms_* (default: the shipped model)", "MODEL" },
    { "size", 0, 0, G_OPTION_ARG_INT, &size, "image side in pixels", "N" },
    { "cpu-time", 0, 0, G_OPTION_ARG_NONE, &use_cpu_time, "time with the thread's CPU clock", NULL },
    { NULL },
  };
  Bench b = { 0 };
  guint n, key_rows;

  dkg_blas_init (argv);
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    fail ("options", error);
  dkg_blas_set_threads (threads);
  if (reps < 1 || size < 1 || size > DKG_IMAGE_MAX_DIM)
    fail ("options", NULL);
  b.reps = reps;
  b.size = (guint) size;
  n = b.size;

  b.plain = dkg_image_new (n, n, 1, 16, FALSE, &error);
  if (b.plain == NULL)
    fail ("plaintext", error);
  dkg_rand_bytes (r, b.plain->data, dkg_image_n_bytes (b.plain));
  key_rows = (guint) ((dkg_image_n_bytes (b.plain) + 3 * n - 1) / (3 * n));
  b.key = dkg_image_new (n, key_rows, 3, 8, FALSE, &error);
  if (b.key == NULL)
    fail ("key", error);
  dkg_rand_bytes (r, b.key->data, dkg_image_n_bytes (b.key));

  g_string_append_printf (json, "{\"image\": \"%u×%u grey 16-bit\", \"plaintext_bytes\": %"
                          G_GSIZE_FORMAT ", \"reps\": %d, \"clock\": \"%s\"", n, n,
                          dkg_image_n_bytes (b.plain), reps, use_cpu_time ? "thread-cpu" : "wall");
  bench_ciphers (&b, json);
  if (model_path == NULL)
    shipped_model = dkg_data_find ("model/deepkeygen.safetensors");
  if (model_path != NULL || shipped_model != NULL)
    bench_keygen (model_path ? model_path : shipped_model, reps, json);
  g_string_append (json, "}");
  printf ("%s\n", json->str);

  dkg_image_free (b.plain);
  dkg_image_free (b.key);
  return 0;
}
