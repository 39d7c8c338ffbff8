/* dkg-chaotic-cipher.c — the transformation domain: a classic logistic-map image cipher
 * (docs/SPECIFICATION.md §4.3)
 *
 * The cipher, precisely (every step in IEEE-754 double precision, in this order):
 *
 *   s   = (Σ plaintext bytes) mod 256                   dkg_chaotic_plain_sum()
 *   k   = s / 255
 *   x   = (x₀ + k) / 2
 *   x   ← 4·x·(1 − x), evaluated as (4·x)·(1 − x), D times (D = discard, transient dropped)
 *   for i = 0 … n−1:
 *     x    ← (4·x)·(1 − x)
 *     y    = asin(√x) / π                               (π = the double nearest to pi)
 *     K[i] = ⌊y · 10¹⁵⌋ mod 256                          (y·10¹⁵ ≤ 5·10¹⁴ < 2⁵³: exact floor)
 *   C[i] = P[i] ⊕ K[i]
 *
 * Optional permutation (params->permute): a second sequence z starts at (perm_x₀ + k)/2, drops
 * D iterates and gives z_0 … z_{n−1} by the same map; π is the argsort of z, ascending, ties
 * broken by the lower index (a total order, so it is unique); the ciphertext is
 * C'[j] = C[π[j]] — the pixel at position π[j] moves to position j. Decryption undoes the
 * permutation, then the XOR. It needs s, which the ciphertext does not carry: the encryption
 * functions return it.
 *
 * Defaults (DKG_CHAOTIC_PARAMS_DEFAULT): the DeepKeyGen paper names the scheme but gives no
 * parameter, so x₀ = 0.3456789, perm_x₀ = 0.7654321 and D = 1000 are our choices; 1000
 * iterates (each doubling a perturbation, Lyapunov exponent ln 2) are far more than the ~52
 * needed to forget the initial value's last bit.
 *
 * Bit-exactness. Chaotic maps amplify any rounding difference, so this file is built on its
 * own with -ffp-contract=off (src/core/train/meson.build): no a·b + c may become a fused
 * multiply-add, whatever -march says. (GCC 12 emits no FMA for these expressions even with
 * -mfma -ffp-contract=fast, as objdump shows, because no product feeds only an addition; the
 * flag keeps it so if the code or the compiler changes. A per-function
 * __attribute__((optimize)) or #pragma GCC optimize is documented by GCC as not meant for
 * production code, so it is not used.) The orbit uses only ×, − and /, so it is reproducible
 * on any IEEE-754 machine. sqrt is correctly rounded by IEEE-754; asin comes from the C
 * library, whose last bit may differ between libraries: the stored vectors are checked against
 * glibc, and tools/chaotic_reference.py --check-asin reports whether glibc's asin was correctly
 * rounded on every value they use.
 *
 * Known limits of the classic scheme, which we reproduce rather than fix (the domain only
 * gives the generator a target "style"; docs/SPECIFICATION.md §5.5 is the cipher to protect data with):
 * the keystream depends on the plaintext only through s (256 keystreams per key); a
 * double-precision logistic orbit is eventually periodic (periods of millions of iterates),
 * hence DKG_CHAOTIC_MAX_PIXELS; and consecutive keystream bytes are strongly dependent.
 * y = asin(√x)/π conjugates the logistic map to the tent map, y' = 2y or 1 − 2y, and
 * 10¹⁵ ≡ 0 (mod 256), so K[i+1] is one of 2K[i], 2K[i]+1, −2K[i]−1, −2K[i]−2 (mod 256) in
 * about 93% of steps: roughly two new bits per byte, although the byte histogram is flat
 * (tested in /core/chaotic/tent-map-structure).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-file.h"
#include "dkg-chaotic-cipher.h"

static double
logistic_start (double x0, guint8 plain_sum)
{
  double k = (double) plain_sum / 255.0;

  return (x0 + k) / 2.0;
}

static inline double
logistic_next (double x)
{
  return 4.0 * x * (1.0 - x);
}

static double
logistic_skip (double x, guint n)
{
  for (guint i = 0; i < n; i++)
    x = logistic_next (x);
  return x;
}

static inline guint8
keystream_byte (double x)
{
  double y = asin (sqrt (x)) / G_PI;

  return (guint8) ((guint64) floor (y * 1e15) & 0xff);
}

/* Why @params is unusable, or NULL. */
static const char *
params_problem (const DkgChaoticParams *params)
{
  if (!(params->x0 > 0.0 && params->x0 < 1.0))
    return "x0 must be strictly between 0 and 1";
  if (!(params->perm_x0 > 0.0 && params->perm_x0 < 1.0))
    return "the permutation x0 must be strictly between 0 and 1";
  if (params->discard > DKG_CHAOTIC_MAX_DISCARD)
    return "too many discarded iterates";
  /* With μ = 4, 1/2 → 1 → 0 → 0 … and 1/4 → 3/4 → 3/4 …: a start on one of them gives a
   * constant keystream for some plaintexts. */
  for (guint s = 0; s < 256; s++)
    {
      double a = logistic_start (params->x0, (guint8) s);
      double b = logistic_start (params->perm_x0, (guint8) s);

      if (a == 0.25 || a == 0.5 || a == 0.75 || b == 0.25 || b == 0.5 || b == 0.75)
        return "for some plaintexts this x0 starts the logistic map on 1/4, 1/2 or 3/4, "
               "which end in a fixed point";
    }
  return NULL;
}

/**
 * dkg_chaotic_params_check:
 * @params: cipher parameters
 * @error: return location for a #GError
 *
 * Checks that @x0 and @perm_x0 lie in (0, 1), that @discard is at most
 * %DKG_CHAOTIC_MAX_DISCARD, and that no plaintext sum s makes (x₀ + s/255)/2 equal to 1/4, 1/2
 * or 3/4 (orbits that end in a fixed point of the map, giving a constant keystream).
 *
 * Returns: %TRUE if @params can be used; %FALSE with %DKG_ERROR_INVALID_ARGUMENT otherwise
 */
gboolean
dkg_chaotic_params_check (const DkgChaoticParams  *params,
                          GError                 **error)
{
  const char *problem;

  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  problem = params_problem (params);
  if (problem != NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "Chaotic cipher parameters (x0 = %.17g, permutation x0 = %.17g, "
                   "discard = %u): %s", params->x0, params->perm_x0, params->discard, problem);
      return FALSE;
    }
  return TRUE;
}

/**
 * dkg_chaotic_plain_sum:
 * @grey: (array length=n): 8-bit grey samples
 * @n: number of samples
 *
 * Returns: the plaintext perturbation s = (Σ @grey[i]) mod 256
 */
guint8
dkg_chaotic_plain_sum (const guint8 *grey,
                       gsize         n)
{
  guint8 s = 0;

  g_return_val_if_fail (grey != NULL || n == 0, 0);

  for (gsize i = 0; i < n; i++)
    s = (guint8) (s + grey[i]);
  return s;
}

/**
 * dkg_chaotic_keystream:
 * @out: (out caller-allocates) (array length=n): @n keystream bytes
 * @n: number of bytes
 * @plain_sum: the plaintext perturbation s (dkg_chaotic_plain_sum())
 * @params: cipher parameters (must pass dkg_chaotic_params_check())
 *
 * The logistic-map keystream K[0 … n) for plaintext sum @plain_sum: x starts at
 * (x₀ + s/255)/2, drops @params->discard iterates of x ← 4x(1 − x), and then each next
 * iterate gives ⌊asin(√x)/π · 10¹⁵⌋ mod 256 (see the top of dkg-chaotic-cipher.c). Time is
 * linear in @n + discard; no allocation.
 */
void
dkg_chaotic_keystream (guint8                 *out,
                       gsize                   n,
                       guint8                  plain_sum,
                       const DkgChaoticParams *params)
{
  double x;

  g_return_if_fail (out != NULL || n == 0);
  g_return_if_fail (params != NULL && params_problem (params) == NULL);

  x = logistic_skip (logistic_start (params->x0, plain_sum), params->discard);
  for (gsize i = 0; i < n; i++)
    {
      x = logistic_next (x);
      out[i] = keystream_byte (x);
    }
}

typedef struct
{
  double v;
  gsize  i;
} SortKey;

static int
compare_sort_keys (const void *a, const void *b)
{
  const SortKey *ka = a, *kb = b;

  if (ka->v != kb->v)
    return ka->v < kb->v ? -1 : 1;
  return ka->i < kb->i ? -1 : (ka->i > kb->i ? 1 : 0);
}

/**
 * dkg_chaotic_permutation:
 * @perm: (out caller-allocates) (array length=n): the permutation π
 * @n: number of positions
 * @plain_sum: the plaintext perturbation s
 * @params: cipher parameters
 *
 * The permutation of the optional shuffling stage: z starts at (perm_x₀ + s/255)/2, drops
 * @params->discard iterates, and z_0 … z_{n−1} are the next ones; π lists the indices of z in
 * ascending order of value, equal values by ascending index. Encryption moves position π[j]
 * to position j. Allocates 16·@n bytes of scratch; time O(n log n).
 */
void
dkg_chaotic_permutation (gsize                  *perm,
                         gsize                   n,
                         guint8                  plain_sum,
                         const DkgChaoticParams *params)
{
  SortKey *keys;
  double z;

  g_return_if_fail (perm != NULL || n == 0);
  g_return_if_fail (params != NULL && params_problem (params) == NULL);

  if (n == 0)
    return;
  keys = g_new (SortKey, n);
  z = logistic_skip (logistic_start (params->perm_x0, plain_sum), params->discard);
  for (gsize i = 0; i < n; i++)
    {
      z = logistic_next (z);
      keys[i].v = z;
      keys[i].i = i;
    }
  qsort (keys, n, sizeof *keys, compare_sort_keys);
  for (gsize j = 0; j < n; j++)
    perm[j] = keys[j].i;
  g_free (keys);
}

/**
 * dkg_chaotic_encrypt:
 * @out: (out caller-allocates) (array length=n): the ciphertext; may be @grey itself
 * @grey: (array length=n): 8-bit grey plaintext, raster order
 * @n: number of pixels
 * @params: cipher parameters (must pass dkg_chaotic_params_check())
 *
 * Encrypts @grey: XOR with dkg_chaotic_keystream() for the plaintext's own sum, then, if
 * @params->permute, the position shuffle of dkg_chaotic_permutation(). With the permutation it
 * allocates 17·@n bytes of scratch.
 *
 * Returns: the plaintext sum s, which dkg_chaotic_decrypt() needs
 */
guint8
dkg_chaotic_encrypt (guint8                 *out,
                     const guint8           *grey,
                     gsize                   n,
                     const DkgChaoticParams *params)
{
  guint8 s;
  double x;

  g_return_val_if_fail ((out != NULL && grey != NULL) || n == 0, 0);
  g_return_val_if_fail (params != NULL && params_problem (params) == NULL, 0);

  s = dkg_chaotic_plain_sum (grey, n);
  x = logistic_skip (logistic_start (params->x0, s), params->discard);
  if (!params->permute)
    {
      for (gsize i = 0; i < n; i++)
        {
          x = logistic_next (x);
          out[i] = grey[i] ^ keystream_byte (x);
        }
    }
  else if (n > 0)
    {
      g_autofree guint8 *xored = g_malloc (n);
      g_autofree gsize *perm = g_new (gsize, n);

      for (gsize i = 0; i < n; i++)
        {
          x = logistic_next (x);
          xored[i] = grey[i] ^ keystream_byte (x);
        }
      dkg_chaotic_permutation (perm, n, s, params);
      for (gsize j = 0; j < n; j++)
        out[j] = xored[perm[j]];
    }
  return s;
}

/**
 * dkg_chaotic_decrypt:
 * @out: (out caller-allocates) (array length=n): the plaintext; may be @cipher itself
 * @cipher: (array length=n): a ciphertext from dkg_chaotic_encrypt()
 * @n: number of pixels
 * @plain_sum: the value dkg_chaotic_encrypt() returned
 * @params: the parameters it was encrypted with
 *
 * Inverts dkg_chaotic_encrypt(): undoes the permutation (if @params->permute), then the XOR.
 */
void
dkg_chaotic_decrypt (guint8                 *out,
                     const guint8           *cipher,
                     gsize                   n,
                     guint8                  plain_sum,
                     const DkgChaoticParams *params)
{
  double x;

  g_return_if_fail ((out != NULL && cipher != NULL) || n == 0);
  g_return_if_fail (params != NULL && params_problem (params) == NULL);

  x = logistic_skip (logistic_start (params->x0, plain_sum), params->discard);
  if (!params->permute)
    {
      for (gsize i = 0; i < n; i++)
        {
          x = logistic_next (x);
          out[i] = cipher[i] ^ keystream_byte (x);
        }
    }
  else if (n > 0)
    {
      g_autofree guint8 *xored = g_malloc (n);
      g_autofree gsize *perm = g_new (gsize, n);

      dkg_chaotic_permutation (perm, n, plain_sum, params);
      for (gsize j = 0; j < n; j++)
        xored[perm[j]] = cipher[j];
      for (gsize i = 0; i < n; i++)
        {
          x = logistic_next (x);
          out[i] = xored[i] ^ keystream_byte (x);
        }
    }
}

/* Sample @idx of @image as an unsigned value: 0–255 for 8 bits, 0–65535 for 16 (a signed
 * sample v becomes v + 32768). */
static guint32
image_sample (const DkgImage *image, gsize idx)
{
  guint16 u;
  gint16 v;

  if (image->bit_depth == 8)
    return image->data[idx];
  if (image->is_signed)
    {
      memcpy (&v, image->data + 2 * idx, 2);
      return (guint32) ((gint32) v + 32768);
    }
  memcpy (&u, image->data + 2 * idx, 2);
  return u;
}

/**
 * dkg_chaotic_to_grey8:
 * @image: any #DkgImage (1–4 channels, 8 or 16 bits, signed or not)
 * @error: return location for a #GError
 *
 * The 8-bit grey plaintext the cipher works on. Colour becomes ITU-R BT.601 luma with integer
 * rounding, Y = (299·R + 587·G + 114·B + 500) div 1000; alpha is dropped (not composited). A
 * 16-bit sample (signed ones first shifted by +32768 to 0…65535) is scaled to the full 8-bit
 * range, v₈ = (v₁₆·255 + 32767) div 65535 (exact for multiples of 257), after the luma — the
 * same full-range scaling as the networks' input (docs/SPECIFICATION.md §3).
 *
 * Returns: (transfer full): a new 1-channel 8-bit unsigned image of the same size, or %NULL
 *   with @error set by dkg_image_new() (%DKG_ERROR_TOO_LARGE)
 */
DkgImage *
dkg_chaotic_to_grey8 (const DkgImage  *image,
                      GError         **error)
{
  g_autoptr(DkgImage) grey = NULL;
  gsize n;
  guint c;

  g_return_val_if_fail (image != NULL && image->data != NULL, NULL);
  g_return_val_if_fail (image->channels >= 1 && image->channels <= 4, NULL);
  g_return_val_if_fail (image->bit_depth == 8 || image->bit_depth == 16, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  grey = dkg_image_new (image->width, image->height, 1, 8, FALSE, error);
  if (grey == NULL)
    return NULL;
  n = (gsize) image->width * image->height;
  c = image->channels;
  for (gsize i = 0; i < n; i++)
    {
      guint32 v;

      if (c >= 3)
        v = (299 * image_sample (image, i * c) + 587 * image_sample (image, i * c + 1)
             + 114 * image_sample (image, i * c + 2) + 500) / 1000;
      else
        v = image_sample (image, i * c);
      if (image->bit_depth == 16)
        v = (v * 255 + 32767) / 65535;
      grey->data[i] = (guint8) v;
    }
  return g_steal_pointer (&grey);
}

static gboolean
check_pixels (const DkgImage *image, GError **error)
{
  guint64 n = (guint64) image->width * image->height;

  if (n > DKG_CHAOTIC_MAX_PIXELS)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE,
                   "A %u × %u image is larger than the chaotic cipher's limit of %" G_GUINT64_FORMAT
                   " pixels", image->width, image->height, DKG_CHAOTIC_MAX_PIXELS);
      return FALSE;
    }
  return TRUE;
}

/**
 * dkg_chaotic_encrypt_image:
 * @image: any #DkgImage; converted with dkg_chaotic_to_grey8() first
 * @params: cipher parameters
 * @plain_sum: (out) (optional): the plaintext sum s, for dkg_chaotic_decrypt_image()
 * @error: return location for a #GError
 *
 * The transformation-domain image of @image (docs/SPECIFICATION.md §4.3): its 8-bit grey version encrypted
 * by dkg_chaotic_encrypt().
 *
 * Returns: (transfer full): a new 1-channel 8-bit image of @image's size, or %NULL with
 *   %DKG_ERROR_INVALID_ARGUMENT (bad @params) or %DKG_ERROR_TOO_LARGE (more than
 *   %DKG_CHAOTIC_MAX_PIXELS pixels, or no memory)
 */
DkgImage *
dkg_chaotic_encrypt_image (const DkgImage          *image,
                           const DkgChaoticParams  *params,
                           guint8                  *plain_sum,
                           GError                 **error)
{
  g_autoptr(DkgImage) grey = NULL;
  guint8 s;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!dkg_chaotic_params_check (params, error) || !check_pixels (image, error))
    return NULL;
  grey = dkg_chaotic_to_grey8 (image, error);
  if (grey == NULL)
    return NULL;
  s = dkg_chaotic_encrypt (grey->data, grey->data, (gsize) grey->width * grey->height, params);
  if (plain_sum != NULL)
    *plain_sum = s;
  return g_steal_pointer (&grey);
}

/**
 * dkg_chaotic_decrypt_image:
 * @cipher: a 1-channel 8-bit unsigned image from dkg_chaotic_encrypt_image()
 * @plain_sum: the sum dkg_chaotic_encrypt_image() gave
 * @params: the parameters it was encrypted with
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the 8-bit grey plaintext, or %NULL with %DKG_ERROR_INVALID_ARGUMENT
 *   (@cipher is not 8-bit grey, or bad @params) or %DKG_ERROR_TOO_LARGE
 */
DkgImage *
dkg_chaotic_decrypt_image (const DkgImage          *cipher,
                           guint8                   plain_sum,
                           const DkgChaoticParams  *params,
                           GError                 **error)
{
  g_autoptr(DkgImage) plain = NULL;

  g_return_val_if_fail (cipher != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (cipher->channels != 1 || cipher->bit_depth != 8 || cipher->is_signed)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "A chaotic-cipher ciphertext is 8-bit grey; this image has %u channels of %u%s "
                   "bits", cipher->channels, cipher->bit_depth, cipher->is_signed ? " signed" : "");
      return NULL;
    }
  if (!dkg_chaotic_params_check (params, error) || !check_pixels (cipher, error))
    return NULL;
  plain = dkg_image_new (cipher->width, cipher->height, 1, 8, FALSE, error);
  if (plain == NULL)
    return NULL;
  dkg_chaotic_decrypt (plain->data, cipher->data, (gsize) cipher->width * cipher->height,
                       plain_sum, params);
  return g_steal_pointer (&plain);
}

/* "scan.dcm" → "scan.png", "brain.nii.gz" → "brain.png", "noext" → "noext.png". */
static char *
output_name (const char *name)
{
  gsize len = strlen (name);
  const char *dot;

  if (len > 7 && g_ascii_strcasecmp (name + len - 7, ".nii.gz") == 0)
    return g_strdup_printf ("%.*s.png", (int) (len - 7), name);
  dot = strrchr (name, '.');
  if (dot != NULL && dot != name)
    return g_strdup_printf ("%.*s.png", (int) (dot - name), name);
  return g_strdup_printf ("%s.png", name);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names of the regular, non-hidden files in @dir, sorted by bytes. */
static GPtrArray *
list_files (const char *dir, GCancellable *cancellable, GError **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GFileEnumerator) en = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  en = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                  G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                  G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (en == NULL)
    return NULL;
  for (;;)
    {
      GFileInfo *info;

      if (!g_file_enumerator_iterate (en, &info, NULL, cancellable, error))
        return NULL;
      if (info == NULL)
        break;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR
          && g_file_info_get_name (info)[0] != '.')
        g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
    }
  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

/* Creates @output_dir if needed and refuses the source folder itself. */
static gboolean
prepare_output_dir (const char *source_dir, const char *output_dir, GError **error)
{
  if (!dkg_file_make_dir (output_dir, error))
    return FALSE;
  if (dkg_file_is_same (source_dir, output_dir))
    {
      g_autofree char *name = g_filename_display_name (output_dir);

      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "“%s” is the source folder; the domain must go to another folder, so that no "
                   "input file is overwritten", name);
      return FALSE;
    }
  return TRUE;
}

/**
 * dkg_chaotic_make_domain:
 * @source_dir: a folder of images (docs/SPECIFICATION.md §5.8 formats)
 * @output_dir: the folder to write the domain to; created if missing; not @source_dir
 * @params: cipher parameters
 * @progress: (nullable) (scope call): called after each file
 * @user_data: data for @progress
 * @n_written: (out) (optional): images written (also on failure: those written before it)
 * @n_skipped: (out) (optional): files skipped because their content is no supported image
 * @cancellable: (nullable): checked before each file
 * @error: return location for a #GError
 *
 * Generates a transformation domain (docs/SPECIFICATION.md §4.3): every regular, non-hidden file of
 * @source_dir, in name order, is loaded with dkg_image_load(), encrypted with
 * dkg_chaotic_encrypt_image() and written with dkg_image_save_png() (atomically) as
 * `<name without extension>.png` in @output_dir ("a.dcm" → "a.png", "b.nii.gz" → "b.png").
 * Files whose content is no image format this build reads (%DKG_ERROR_UNSUPPORTED: a README,
 * a CMYK JPEG) are skipped and counted; any other failure stops the run with its error. The
 * source files are never modified.
 *
 * Returns: %TRUE if every file was written or skipped; %FALSE with @error set:
 *   %G_IO_ERROR (a folder cannot be read or written; %G_IO_ERROR_CANCELLED),
 *   %DKG_ERROR_INVALID_ARGUMENT (bad @params, @output_dir is @source_dir, or two sources would
 *   write the same output name), or the error of the image that could not be loaded, encrypted
 *   or saved
 */
gboolean
dkg_chaotic_make_domain (const char              *source_dir,
                         const char              *output_dir,
                         const DkgChaoticParams  *params,
                         DkgChaoticProgressFunc   progress,
                         gpointer                 user_data,
                         guint                   *n_written,
                         guint                   *n_skipped,
                         GCancellable            *cancellable,
                         GError                 **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GHashTable) outputs = NULL;   /* output name → source name */
  guint written = 0, skipped = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (source_dir != NULL, FALSE);
  g_return_val_if_fail (output_dir != NULL, FALSE);
  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dkg_chaotic_params_check (params, error))
    goto out;
  names = list_files (source_dir, cancellable, error);
  if (names == NULL || !prepare_output_dir (source_dir, output_dir, error))
    goto out;

  outputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (source_dir, name, NULL);
      g_autofree char *out_name = output_name (name);
      g_autofree char *out_path = NULL;
      g_autoptr(GError) load_error = NULL;
      g_autoptr(DkgImage) image = NULL;
      g_autoptr(DkgImage) domain = NULL;
      const char *taken;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      image = dkg_image_load (path, NULL, &load_error);
      if (image == NULL)
        {
          if (!g_error_matches (load_error, DKG_ERROR, DKG_ERROR_UNSUPPORTED))
            {
              g_propagate_error (error, g_steal_pointer (&load_error));
              goto out;
            }
          g_debug ("Domain: skipped %s", load_error->message);
          skipped++;
        }
      else
        {
          taken = g_hash_table_lookup (outputs, out_name);
          if (taken != NULL)
            {
              g_autofree char *a = g_filename_display_name (taken);
              g_autofree char *b = g_filename_display_name (name);
              g_autofree char *o = g_filename_display_name (out_name);

              g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                           "“%s” and “%s” would both be written to “%s”; rename one of them",
                           a, b, o);
              goto out;
            }
          domain = dkg_chaotic_encrypt_image (image, params, NULL, error);
          if (domain == NULL)
            goto out;
          out_path = g_build_filename (output_dir, out_name, NULL);
          if (!dkg_image_save_png (domain, out_path, error))
            goto out;
          g_hash_table_insert (outputs, g_steal_pointer (&out_name), (gpointer) name);
          written++;
        }
      if (progress != NULL)
        progress (i + 1, names->len, name, user_data);
    }
  ok = TRUE;

out:
  if (n_written != NULL)
    *n_written = written;
  if (n_skipped != NULL)
    *n_skipped = skipped;
  return ok;
}
