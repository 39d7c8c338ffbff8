/* dkg-keygen.c — keys from a trained generator (docs/SPECIFICATION.md §5.2)
 *
 * key = round((G(seed) + 1)·127.5) clamped to 0..255: an H×W×3 8-bit image. The seed (any
 * image) is converted to the network input of §3 and resampled to the key's size with
 * dkg_resample_plane(): area averaging on shrinking axes, linear interpolation between pixel
 * centres on enlarging ones (PyTorch's bilinear with align_corners=False).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-error.h"
#include "dkg-resample.h"
#include "dkg-tensor.h"
#include "dkg-keygen.h"

static guint
round_up (guint v, guint m)
{
  return (v + m - 1) / m * m;
}

/**
 * dkg_keygen_size_for:
 * @generator: the generator (its size multiple: 4 for resnet, 16 for encdec)
 * @base_width: the shape to follow, e.g. the plaintext's width (the padded N for the cat map)
 * @base_height: likewise
 * @needed_bytes: keystream bytes the plaintext needs (dkg_keystream_size_for())
 * @key_width: (out): key width, a multiple of the generator's multiple
 * @key_height: (out): key height, likewise
 *
 * The smallest key of about the base's shape, rounded up to what the generator needs, whose
 * width·height·3 bytes cover @needed_bytes: the base itself for up to three bytes per pixel
 * (8/16-bit grey, 8-bit RGB), both sides scaled by √(bytes per pixel / 3) beyond.
 */
void
dkg_keygen_size_for (const DkgNet *generator, guint base_width, guint base_height,
                     guint64 needed_bytes, guint *key_width, guint *key_height)
{
  guint m = (guint) dkg_net_size_multiple (generator);
  double area = (double) base_width * base_height * 3;
  double s = area > 0 && needed_bytes > area ? sqrt (needed_bytes / area) : 1.0;
  guint w = round_up (MAX ((guint) ceil (base_width * s), m), m);
  guint h = round_up (MAX ((guint) ceil (base_height * s), m), m);

  while ((guint64) w * h * 3 < needed_bytes)
    h += m;
  *key_width = w;
  *key_height = h;
}

/**
 * dkg_keygen_generate:
 * @generator: a trained generator (resnet or encdec)
 * @seed: any image (1–4 channels, 8 or 16 bits): converted as the network input of §3
 * @width: key width: a positive multiple of dkg_net_size_multiple(), ≤ DKG_IMAGE_MAX_DIM
 * @height: key height, likewise
 * @error: return location for a #GError
 *
 * Generates a key (inference mode; BatchNorm uses its running statistics):
 * dkg_keygen_generate_full() without cancellation or progress.
 *
 * Returns: (transfer full): a width×height RGB 8-bit key, or %NULL with %DKG_ERROR_SHAPE
 *   (size not a multiple) or %DKG_ERROR_TOO_LARGE
 */
DkgImage *
dkg_keygen_generate (DkgNet *generator, const DkgImage *seed, guint width, guint height,
                     GError **error)
{
  return dkg_keygen_generate_full (generator, seed, width, height, NULL, NULL, NULL, error);
}

/**
 * dkg_keygen_generate_full:
 * @generator: a trained generator (resnet or encdec)
 * @seed: any image (1–4 channels, 8 or 16 bits): converted as the network input of §3
 * @width: key width: a positive multiple of dkg_net_size_multiple(), ≤ DKG_IMAGE_MAX_DIM
 * @height: key height, likewise
 * @cancellable: (nullable): checked before the work starts and between the network's layers
 * @progress: (nullable) (scope call): called on the calling thread with the fraction of the
 *   network's FLOPs done (dkg_net_forward_flops()): strictly increasing values below 1 after
 *   each convolution, then exactly 1.0 once the network has run (the key's conversion to
 *   bytes, a few ms, follows); never called with 1.0 if the run is cancelled
 * @user_data: for @progress
 * @error: return location for a #GError
 *
 * Generates a key (inference mode; BatchNorm uses its running statistics). Memory: a few
 * (16, H, W) float activations at a time. Cancellation takes effect when the running layer
 * ends (for resnet-6, at most about a tenth of the run); the generator is then released
 * (dkg_net_release()) and gives the same keys as before.
 *
 * Returns: (transfer full): a width×height RGB 8-bit key, or %NULL with %DKG_ERROR_SHAPE
 *   (size not a multiple), %DKG_ERROR_TOO_LARGE, %DKG_ERROR_INVALID_ARGUMENT (@generator is
 *   not a generator) or %G_IO_ERROR_CANCELLED
 */
DkgImage *
dkg_keygen_generate_full (DkgNet *generator, const DkgImage *seed, guint width, guint height,
                          GCancellable *cancellable, DkgProgressFunc progress,
                          gpointer user_data, GError **error)
{
  g_autoptr(DkgImage) key = NULL;
  gsize shw = (gsize) seed->width * seed->height, hw = (gsize) width * height;
  float *planes, *input;
  const float *y;

  if (generator->arch != DKG_ARCH_RESNET && generator->arch != DKG_ARCH_ENCDEC)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "A %s network is not a key generator", dkg_arch_to_string (generator->arch));
      return NULL;
    }
  if (width > DKG_IMAGE_MAX_DIM || height > DKG_IMAGE_MAX_DIM)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE, "A %u×%u key is larger than %d×%d",
                   width, height, DKG_IMAGE_MAX_DIM, DKG_IMAGE_MAX_DIM);
      return NULL;
    }
  if (!dkg_net_check_input (generator, (int) height, (int) width, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  key = dkg_image_new (width, height, 3, 8, FALSE, error);
  if (key == NULL)
    return NULL;

  planes = dkg_alloc_floats (3 * shw);
  dkg_image_to_planes (seed, planes);
  input = dkg_alloc_floats (3 * hw);
  for (int c = 0; c < 3; c++)
    dkg_resample_plane (planes + c * shw, (int) seed->width, (int) seed->height,
                        input + c * hw, (int) width, (int) height);
  dkg_free_floats (planes);

  y = dkg_net_forward_full (generator, input, 1, (int) height, (int) width, FALSE, NULL, NULL,
                            NULL, cancellable, progress, user_data, error);
  dkg_free_floats (input);
  if (y == NULL)
    return NULL;
  for (gsize p = 0; p < hw; p++)
    for (int c = 0; c < 3; c++)
      {
        float v = rintf ((y[c * hw + p] + 1.0f) * 127.5f);
        key->data[p * 3 + c] = (guint8) CLAMP (v, 0.0f, 255.0f);
      }
  dkg_net_release (generator);
  return g_steal_pointer (&key);
}
