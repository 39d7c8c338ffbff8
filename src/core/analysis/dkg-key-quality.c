/* dkg-key-quality.c — key quality of a generator during training, on a fixed probe seed
 *
 * What the trainer logs every N iterations (docs/SPECIFICATION.md §6.1, §6.2, §6.6): the entropy of the
 * probe key's bytes beside the value ideal random data of that size has, their standard
 * deviation (uniform bytes: √((256² − 1)/12) = 73.90), the χ² p-value of their histogram, and
 * the NPCR between the probe key and the key of the probe with one pixel changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-differential.h"
#include "dkg-entropy.h"
#include "dkg-histogram.h"
#include "dkg-key-quality.h"
#include "dkg-keygen.h"

struct _DkgKeyProbe
{
  GPtrArray *seeds;         /* element-type DkgImage; the first is the preview's */
  DkgImage *seed_changed;   /* the first seed, one pixel +1 (dkg_differential_perturb_sample()) */
  guint     width, height;
  DkgNet   *copy;           /* the generator's weights at the evaluation */
  GMutex    lock;
  DkgImage *key;            /* the last evaluation's key, under @lock */
};

/**
 * dkg_key_probe_new:
 * @seed: the probe seed, an image the generator is not trained on (any format)
 * @width: key width in pixels (a multiple of the generator's dkg_net_size_multiple())
 * @height: key height in pixels, likewise
 *
 * A probe that measures a generator's keys of @width×@height×3 bytes from @seed. Its pixel
 * (@width/2, @height/2), channel 0 is the one the NPCR measure changes (clamped into @seed).
 *
 * Returns: (transfer full): the probe
 */
DkgKeyProbe *
dkg_key_probe_new (const DkgImage *seed, guint width, guint height)
{
  DkgKeyProbe *p = g_new0 (DkgKeyProbe, 1);

  p->seeds = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_image_free);
  g_ptr_array_add (p->seeds, dkg_image_copy (seed));
  p->seed_changed = dkg_image_copy (seed);
  dkg_differential_perturb_sample (p->seed_changed, MIN (width / 2, seed->width - 1),
                                   MIN (height / 2, seed->height - 1), 0, NULL);
  p->width = width;
  p->height = height;
  g_mutex_init (&p->lock);
  return p;
}

/**
 * dkg_key_probe_add_seed:
 * @probe: a probe
 * @seed: another probe seed
 *
 * With several seeds dkg_key_probe_evaluate() reports the worst: the figures of the key with
 * the lowest entropy (a generator whose keys depend on the seed's brightness is judged by its
 * weakest key). The NPCR and the preview key stay those of the first seed.
 */
void
dkg_key_probe_add_seed (DkgKeyProbe *p, const DkgImage *seed)
{
  g_ptr_array_add (p->seeds, dkg_image_copy (seed));
}

void
dkg_key_probe_free (DkgKeyProbe *p)
{
  if (p == NULL)
    return;
  g_ptr_array_unref (p->seeds);
  dkg_image_free (p->seed_changed);
  dkg_net_free (p->copy);
  dkg_image_free (p->key);
  g_mutex_clear (&p->lock);
  g_free (p);
}

/**
 * dkg_key_quality_of_key:
 * @key: an 8-bit key image (docs/SPECIFICATION.md §5.2)
 * @quality: (out caller-allocates): its entropy, ideal entropy, standard deviation and χ²
 *   p-value; @quality->npcr is set to NaN and @quality->iteration is left alone
 *
 * The statistics of all of @key's bytes: entropy H in bits per byte (§6.1) beside
 * dkg_entropy_expected() for that many bytes, the standard deviation in grey levels
 * (population form; uniform bytes 73.90), and the upper-tail p-value of Pearson's χ² against
 * uniform with 255 degrees of freedom (§6.2).
 */
void
dkg_key_quality_of_key (const DkgImage *key, DkgKeyQuality *q)
{
  gsize n = (gsize) key->width * key->height * key->channels;
  guint64 counts[256] = { 0 };
  double sum = 0, sum2 = 0, mean;

  g_return_if_fail (key->bit_depth == 8);

  for (gsize i = 0; i < n; i++)
    counts[key->data[i]]++;
  for (int v = 0; v < 256; v++)
    {
      sum += (double) v * counts[v];
      sum2 += (double) v * v * counts[v];
    }
  mean = sum / n;
  q->entropy = dkg_entropy_from_counts (counts, 256);
  q->entropy_ideal = dkg_entropy_expected (n, 256);
  q->std = sqrt (MAX (sum2 / n - mean * mean, 0.0));
  dkg_histogram_chi2 (counts, 256, &q->chi2_p);
  q->npcr = NAN;
}

/**
 * dkg_key_probe_evaluate:
 * @generator: the generator being trained (its weights are copied; it is not run)
 * @quality: (out caller-allocates): the probe key's quality; @quality->iteration is left alone
 * @probe: a #DkgKeyProbe
 * @error: return location for a #GError
 *
 * A #DkgKeyQualityFunc: generates the probe key and the key of the changed probe with a copy of
 * @generator in inference mode and measures them (dkg_key_quality_of_key(); NPCR between the
 * two keys in percent, DeepKeyGen Table IV's key sensitivity). With more seeds
 * (dkg_key_probe_add_seed()) the other figures are those of the seed whose key has the lowest
 * entropy. About (2 + seeds) inferences of the probe's size.
 *
 * Returns: %FALSE with the generator's shape error when the probe size does not fit it
 */
gboolean
dkg_key_probe_evaluate (DkgNet *generator, DkgKeyQuality *q, gpointer probe, GError **error)
{
  DkgKeyProbe *p = probe;
  g_autoptr(DkgImage) key = NULL;
  g_autoptr(DkgImage) key2 = NULL;
  DkgDifferential diff;

  if (p->copy == NULL || p->copy->arch != generator->arch
      || p->copy->n_blocks != generator->n_blocks)
    {
      dkg_net_free (p->copy);
      p->copy = dkg_net_new (generator->arch, MAX (generator->n_blocks, 1));
    }
  dkg_net_copy_weights (p->copy, generator);
  key = dkg_keygen_generate (p->copy, p->seeds->pdata[0], p->width, p->height, error);
  key2 = key != NULL ? dkg_keygen_generate (p->copy, p->seed_changed, p->width, p->height, error)
                     : NULL;
  if (key2 == NULL)
    return FALSE;
  dkg_key_quality_of_key (key, q);
  for (guint i = 1; i < p->seeds->len; i++)
    {
      g_autoptr(DkgImage) other = dkg_keygen_generate (p->copy, p->seeds->pdata[i], p->width,
                                                       p->height, error);
      DkgKeyQuality oq;

      if (other == NULL)
        return FALSE;
      dkg_key_quality_of_key (other, &oq);
      if (oq.entropy < q->entropy)
        *q = oq;
    }
  if (dkg_differential_keys (key, key2, &diff, NULL))
    q->npcr = diff.all.npcr;
  g_mutex_lock (&p->lock);
  dkg_image_free (p->key);
  p->key = g_steal_pointer (&key);
  g_mutex_unlock (&p->lock);
  return TRUE;
}

/**
 * dkg_key_probe_dup_key:
 * @probe: a probe
 *
 * Thread-safe: the GUI calls it while the trainer evaluates in a worker thread.
 *
 * Returns: (transfer full) (nullable): a copy of the last evaluation's key, %NULL before the
 *   first
 */
DkgImage *
dkg_key_probe_dup_key (DkgKeyProbe *p)
{
  DkgImage *key;

  g_mutex_lock (&p->lock);
  key = p->key != NULL ? dkg_image_copy (p->key) : NULL;
  g_mutex_unlock (&p->lock);
  return key;
}
