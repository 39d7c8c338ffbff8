/* key-study.c — the key-quality figures of docs/TRAINING-STUDY.md for one model
 *
 *   build/bench/key-study MODEL SEED…
 *
 * For each seed (an image the model was not trained on): a 256×256×3 key and its statistics —
 * entropy (docs/SPECIFICATION.md §6.1), standard deviation, χ² p-value (§6.2), local Shannon
 * entropy with its pass at α = 0.05 (§6.1), NIST SP 800-22 passes of all 1,572,864 bits (§6.7),
 * NPCR/UACI between the keys of the seed and of the seed with its centre pixel +1 (§6.6, Table IV)
 * — and the XOR ciphertext of the seed itself under a key made for it (its entropy, and UACI
 * against Wu's interval at α = 0.05, §6.3), and the key's periodicity: the largest fraction of
 * bytes equal to the byte s pixels to the right, over s = 1…32, and that s (random keys: 1/256 =
 * 0.39 % at every s; an encoder–decoder that repeats a tile of its stride shows it, while its
 * histogram and entropy do not). Prints one tab-separated row per seed, with a header;
 * scripts/training-study.sh collects them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "dkg-analysis.h"
#include "dkg-differential.h"
#include "dkg-key-quality.h"
#include "dkg-nist.h"
#include "dkg-keystream.h"
#include "dkg-xor-cipher.h"
#include "dkg-blas.h"
#include "dkg-keygen.h"
#include "dkg-model-file.h"

/* The largest share of key bytes equal to the byte @s pixels to the right, s = 1…32. */
static double
max_shift_match (const DkgImage *key, guint *shift)
{
  gsize stride = (gsize) key->width * key->channels;
  double best = 0;

  for (guint s = 1; s <= 32 && s < key->width; s++)
    {
      guint64 eq = 0, n = 0;
      for (guint y = 0; y < key->height; y++)
        {
          const guint8 *row = key->data + y * stride;
          for (gsize i = 0; i + (gsize) s * key->channels < stride; i++, n++)
            eq += row[i] == row[i + (gsize) s * key->channels];
        }
      if ((double) eq / n > best)
        {
          best = (double) eq / n;
          *shift = s;
        }
    }
  return best;
}

static int
fail (GError *error)
{
  fprintf (stderr, "key-study: %s\n", error->message);
  g_error_free (error);
  return 1;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgNet) g = NULL;

  dkg_blas_init (argv);
  if (argc < 3)
    {
      fprintf (stderr, "usage: key-study MODEL SEED…\n");
      return 2;
    }
  g = dkg_model_load (argv[1], NULL, &error);
  if (g == NULL)
    return fail (g_steal_pointer (&error));
  printf ("seed\tentropy\tstd\tchi2_p\tlocal_entropy\tlocal_pass\tnist_pass\tnist_applicable\t"
          "key_npcr\tkey_uaci\tcipher_entropy\tcipher_uaci\tcipher_uaci_pass\t"
          "max_shift_match\tshift\n");
  for (int i = 2; i < argc; i++)
    {
      g_autoptr(DkgImage) seed = dkg_image_load (argv[i], NULL, &error);
      g_autoptr(DkgImage) seed2 = NULL;
      g_autoptr(DkgImage) key = NULL;
      g_autoptr(DkgImage) key2 = NULL;
      g_autoptr(DkgImage) ckey = NULL;
      g_autoptr(DkgImage) cipher = NULL;
      g_autoptr(DkgImageAnalysis) ka = NULL;
      g_autoptr(DkgPairAnalysis) pa = NULL;
      g_autoptr(DkgNistReport) nist = NULL;
      g_autofree char *name = g_path_get_basename (argv[i]);
      DkgKeyQuality q;
      DkgDifferential kd;
      DkgNistParams params;
      gsize n_bytes;
      guint cw, ch, applicable, shift = 0;
      double match;
      double local = 0;
      gboolean local_pass = TRUE;

      if (seed == NULL)
        return fail (g_steal_pointer (&error));
      seed2 = dkg_image_copy (seed);
      dkg_differential_perturb_sample (seed2, seed->width / 2, seed->height / 2, 0, NULL);
      key = dkg_keygen_generate (g, seed, 256, 256, &error);
      key2 = key != NULL ? dkg_keygen_generate (g, seed2, 256, 256, &error) : NULL;
      if (key2 == NULL || !dkg_differential_keys (key, key2, &kd, &error))
        return fail (g_steal_pointer (&error));
      dkg_key_quality_of_key (key, &q);
      ka = dkg_image_analysis_compute (key, NULL);
      for (guint c = 0; c < 3; c++)
        {
          local += ka->local_entropy->channel[c] / 3;
          local_pass = local_pass && ka->local_entropy->pass[c][0];
        }
      n_bytes = (gsize) key->width * key->height * 3;
      dkg_nist_params_init (&params);
      nist = dkg_nist_run_all (key->data, n_bytes * 8, &params, &error);
      if (nist == NULL)
        return fail (g_steal_pointer (&error));
      applicable = 15 - dkg_nist_report_count_status (nist, DKG_NIST_STATUS_NOT_APPLICABLE);

      dkg_keygen_size_for (g, seed->width, seed->height, dkg_keystream_size_for (seed->width, seed->height, seed->channels, seed->bit_depth),
                           &cw, &ch);
      ckey = dkg_keygen_generate (g, seed, cw, ch, &error);
      cipher = ckey != NULL ? dkg_xor_cipher_encrypt (seed, ckey, &error) : NULL;
      if (cipher != NULL)
        cipher->is_signed = seed->is_signed;     /* the stored bits, read as the plaintext's */
      pa = cipher != NULL ? dkg_pair_analysis_compute (seed, cipher, NULL, &error) : NULL;
      if (pa == NULL)
        return fail (g_steal_pointer (&error));
      match = max_shift_match (key, &shift);
      printf ("%s\t%.5f\t%.2f\t%.3g\t%.5f\t%s\t%u\t%u\t%.4f\t%.4f\t%.5f\t%.4f\t%s\t%.4f\t%u\n", name,
              q.entropy, q.std, q.chi2_p, local, local_pass ? "pass" : "FAIL",
              dkg_nist_report_count_status (nist, DKG_NIST_STATUS_PASS), applicable,
              kd.all.npcr, kd.all.uaci, pa->cipher->entropy.all, pa->differential.all.uaci,
              pa->differential.all.uaci_pass[0] ? "pass" : "FAIL", 100 * match, shift);
    }
  return 0;
}
