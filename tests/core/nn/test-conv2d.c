/* test-conv2d.c — Conv2d against a naive double-precision reference
 *
 * Forward: dkg_conv2d_forward() vs conv2d_naive() on odd shapes. Backward: central finite
 * differences of L = Σ out·R (R random) computed with the double reference, against the
 * float32 dinp, dw, db of dkg_conv2d_backward(), which must accumulate into what they held.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-blas.h"
#include "dkg-tensor.h"
#include "dkg-test-util.h"
#include "nn-check.h"
#include "dkg-conv-private.h"
#include "dkg-conv2d.h"

typedef struct
{
  DkgConv2dShape s;
  double        *inp, *w, *b;   /* b may be NULL */
  const float   *R;             /* (B, OC, OH, OW) */
  double        *out;
} Ref;

/* The reference: out[b, oc, oh, ow] = b[oc] + Σ w[oc, c, ki, kj]·inp[b, c, oh·S−P+ki, ow·S−P+kj] */
static void
conv2d_naive (double *out, const double *inp, const double *w, const double *b,
              const DkgConv2dShape *s)
{
  int OH = (s->H + 2 * s->P - s->K) / s->S + 1, OW = (s->W + 2 * s->P - s->K) / s->S + 1;

  for (int n = 0; n < s->B; n++)
    for (int oc = 0; oc < s->OC; oc++)
      for (int oh = 0; oh < OH; oh++)
        for (int ow = 0; ow < OW; ow++)
          {
            double acc = b != NULL ? b[oc] : 0.0;

            for (int c = 0; c < s->C; c++)
              for (int ki = 0; ki < s->K; ki++)
                for (int kj = 0; kj < s->K; kj++)
                  {
                    int ih = oh * s->S - s->P + ki, iw = ow * s->S - s->P + kj;

                    if (ih < 0 || ih >= s->H || iw < 0 || iw >= s->W)
                      continue;
                    acc += w[((oc * s->C + c) * s->K + ki) * s->K + kj]
                           * inp[((gsize) (n * s->C + c) * s->H + ih) * s->W + iw];
                  }
            out[(((gsize) n * s->OC + oc) * OH + oh) * OW + ow] = acc;
          }
}

static double
ref_loss (gpointer data)
{
  Ref *r = data;
  gsize n = (gsize) r->s.B * r->s.OC * dkg_conv2d_out_h (&r->s) * dkg_conv2d_out_w (&r->s);
  double L = 0.0;

  conv2d_naive (r->out, r->inp, r->w, r->b, &r->s);
  for (gsize i = 0; i < n; i++)
    L += r->out[i] * r->R[i];
  return L;
}

/* Forward and gradient check of one shape. fd_samples bounds the finite differences per
 * tensor (all elements when they are fewer). */
static void
check_shape (int B, int C, int H, int W, int OC, int K, int S, int P, gboolean bias,
             gsize fd_samples)
{
  DkgConv2dShape s = { B, C, H, W, OC, K, S, P };
  int OH = dkg_conv2d_out_h (&s), OW = dkg_conv2d_out_w (&s);
  gsize n_in = (gsize) B * C * H * W, n_w = (gsize) OC * C * K * K;
  gsize n_out = (gsize) B * OC * OH * OW;
  g_autoptr(DkgRand) rng = dkg_rand_new_seeded (1000 + B * 7 + C * 13 + H * 17 + K * 19 + S + P);
  g_autofree float *inp = nn_check_new_uniform (rng, n_in, -1, 1);
  g_autofree float *w = nn_check_new_uniform (rng, n_w, -1, 1);
  g_autofree float *b = nn_check_new_uniform (rng, OC, -1, 1);
  g_autofree float *R = nn_check_new_uniform (rng, n_out, -1, 1);
  g_autofree float *out = g_new (float, n_out);
  g_autofree float *dinp0 = nn_check_new_uniform (rng, n_in, -1, 1);
  g_autofree float *dw0 = nn_check_new_uniform (rng, n_w, -1, 1);
  g_autofree float *db0 = nn_check_new_uniform (rng, OC, -1, 1);
  g_autofree float *dinp = g_new (float, n_in);
  g_autofree float *dw = g_new (float, n_w);
  g_autofree float *db = g_new (float, OC);
  g_autofree double *outd = g_new (double, n_out);
  Ref ref = { s, nn_check_new_double (inp, n_in), nn_check_new_double (w, n_w),
              bias ? nn_check_new_double (b, OC) : NULL, R, outd };
  g_autofree char *name = g_strdup_printf ("B%d C%d %dx%d OC%d K%d S%d P%d%s", B, C, H, W, OC, K,
                                           S, P, bias ? " bias" : "");
  NnFdRef fd_inp = { 0 }, fd_w = { 0 }, fd_b = { 0 };
  double floor = MAX (1.0, sqrt (C * K * K / 9.0));
  float *scratch;

  conv2d_naive (outd, ref.inp, ref.w, ref.b, &s);
  nn_check_fd_compute (&fd_inp, ref.inp, n_in, ref_loss, &ref, 1e-3, fd_samples, rng);
  nn_check_fd_compute (&fd_w, ref.w, n_w, ref_loss, &ref, 1e-3, fd_samples, rng);
  if (bias)
    nn_check_fd_compute (&fd_b, ref.b, OC, ref_loss, &ref, 1e-3, fd_samples, rng);
  conv2d_naive (outd, ref.inp, ref.w, ref.b, &s);

  /* every path the layer can take on this shape: the automatic choice, im2col + GEMM for all
   * products, the direct kernels wherever they apply — in their AVX-512, AVX2 and baseline
   * builds (as far as this CPU has them) */
  for (int run = 0; run < 5; run++)
    {
      static const char *const path_name[] = { "auto", "gemm", "direct", "direct-avx2",
                                               "direct-base" };
      static const DkgConvPath paths[] = { DKG_CONV_PATH_AUTO, DKG_CONV_PATH_GEMM,
                                           DKG_CONV_PATH_DIRECT, DKG_CONV_PATH_DIRECT,
                                           DKG_CONV_PATH_DIRECT };
      static const int isa[] = { -1, -1, 2, 1, 0 };
      g_autofree char *what = NULL;

      _dkg_conv_set_path (paths[run]);
      _dkg_conv_set_isa (isa[run]);
      scratch = dkg_alloc_floats (dkg_conv2d_scratch_floats (&s));
      for (gsize i = 0; i < n_out; i++)
        out[i] = 55.0f;                     /* must be overwritten */
      dkg_conv2d_forward (out, inp, w, bias ? b : NULL, scratch, &s);
      what = g_strdup_printf ("%s %s forward", name, path_name[run]);
      /* floor: the typical |out|, sqrt(number of products / 9) for U(−1, 1) operands */
      nn_check_close (what, out, outd, n_out, 1e-5, floor);

      memcpy (dinp, dinp0, n_in * sizeof (float));
      memcpy (dw, dw0, n_w * sizeof (float));
      memcpy (db, db0, OC * sizeof (float));
      dkg_conv2d_backward (dinp, dw, bias ? db : NULL, R, inp, w, scratch, &s);
      g_free (what);
      what = g_strdup_printf ("%s %s dinp", name, path_name[run]);
      nn_check_fd_against (what, &fd_inp, dinp, dinp0, 1e-4, 0.1);
      g_free (what);
      what = g_strdup_printf ("%s %s dw", name, path_name[run]);
      nn_check_fd_against (what, &fd_w, dw, dw0, 1e-4, 0.1);
      if (bias)
        {
          g_free (what);
          what = g_strdup_printf ("%s %s db", name, path_name[run]);
          nn_check_fd_against (what, &fd_b, db, db0, 1e-4, 0.1);
        }
      else
        g_assert_cmpmem (db, OC * sizeof (float), db0, OC * sizeof (float));

      /* Only the requested gradients are touched. */
      memcpy (dinp, dinp0, n_in * sizeof (float));
      memcpy (dw, dw0, n_w * sizeof (float));
      dkg_conv2d_backward (dinp, NULL, NULL, R, inp, w, scratch, &s);
      g_assert_cmpmem (dw, n_w * sizeof (float), dw0, n_w * sizeof (float));
      g_free (what);
      what = g_strdup_printf ("%s %s dinp alone", name, path_name[run]);
      nn_check_fd_against (what, &fd_inp, dinp, dinp0, 1e-4, 0.1);
      memcpy (dinp, dinp0, n_in * sizeof (float));
      dkg_conv2d_backward (NULL, dw, NULL, R, inp, w, scratch, &s);
      g_assert_cmpmem (dinp, n_in * sizeof (float), dinp0, n_in * sizeof (float));
      g_free (what);
      what = g_strdup_printf ("%s %s dw alone", name, path_name[run]);
      nn_check_fd_against (what, &fd_w, dw, dw0, 1e-4, 0.1);
      dkg_free_floats (scratch);
    }
  _dkg_conv_set_path (DKG_CONV_PATH_AUTO);
  _dkg_conv_set_isa (-1);
  nn_check_fd_clear (&fd_inp);
  nn_check_fd_clear (&fd_w);
  nn_check_fd_clear (&fd_b);
  g_free (ref.inp);
  g_free (ref.w);
  g_free (ref.b);
}

static void
test_conv2d_shape (void)
{
  DkgConv2dShape s = { 2, 3, 256, 256, 16, 7, 1, 3 };
  DkgConv2dShape d = { 1, 16, 256, 256, 32, 3, 2, 1 };
  DkgConv2dShape p = { 1, 64, 32, 32, 128, 4, 1, 1 };
  DkgConv2dShape c = { 1, 128, 64, 64, 1, 4, 1, 0 };
  DkgConv2dShape big = { 1, 16, 2048, 2048, 3, 7, 1, 3 };

  g_assert_cmpint (dkg_conv2d_out_h (&s), ==, 256);
  g_assert_cmpint (dkg_conv2d_out_w (&d), ==, 128);
  g_assert_cmpint (dkg_conv2d_out_h (&p), ==, 31);
  g_assert_cmpint (dkg_conv2d_out_w (&c), ==, 61);
  /* A 2048² image must not need a multi-GB column buffer: at most 16 M floats. */
  g_assert_cmpuint (dkg_conv2d_scratch_floats (&big), <=, (gsize) 16 << 20);
  g_assert_cmpuint (dkg_conv2d_scratch_floats (&big), >, 0);
}

static void
test_conv2d_forward_backward_small (void)
{
  check_shape (1, 1, 1, 1, 1, 1, 1, 0, FALSE, 4096);   /* 1×1 image, 1×1 kernel */
  check_shape (1, 2, 1, 1, 3, 3, 1, 1, TRUE, 4096);    /* 1×1 image, 3×3 kernel, all padding */
  check_shape (1, 3, 5, 7, 4, 3, 1, 1, TRUE, 4096);    /* non-square */
  check_shape (3, 3, 5, 7, 4, 3, 1, 1, FALSE, 4096);   /* B = 3 */
  check_shape (1, 2, 7, 9, 3, 3, 2, 1, TRUE, 4096);    /* stride 2, odd sizes */
  check_shape (3, 2, 9, 6, 5, 3, 2, 1, FALSE, 4096);
  check_shape (1, 3, 9, 8, 4, 7, 1, 3, FALSE, 4096);   /* K7 P3 */
  check_shape (2, 3, 6, 5, 2, 7, 1, 3, TRUE, 4096);
  check_shape (1, 3, 8, 8, 4, 4, 2, 1, FALSE, 4096);   /* K4 S2 P1 (PatchGAN, encoder) */
  check_shape (3, 2, 9, 7, 3, 4, 2, 1, TRUE, 4096);
  check_shape (1, 4, 7, 6, 2, 4, 1, 1, TRUE, 4096);    /* K4 S1 P1 */
  check_shape (2, 4, 7, 6, 1, 4, 1, 0, FALSE, 4096);   /* K4 S1 P0 (critic head) */
  check_shape (1, 3, 5, 5, 2, 5, 3, 2, TRUE, 4096);    /* S3 */
  check_shape (2, 5, 4, 4, 3, 1, 1, 0, TRUE, 4096);    /* 1×1 conv */
  /* the direct kernels' variants: 1–4 channel blocks, 16/32/64-column blocks, K = 2…7 */
  check_shape (1, 3, 20, 40, 2, 3, 1, 1, TRUE, 4096);
  check_shape (2, 2, 9, 11, 5, 5, 1, 2, FALSE, 4096);
  check_shape (1, 3, 6, 7, 4, 2, 1, 0, TRUE, 4096);
  check_shape (1, 2, 8, 9, 3, 6, 1, 2, FALSE, 4096);
  check_shape (1, 4, 21, 100, 7, 3, 1, 1, TRUE, 400);
  check_shape (1, 6, 5, 33, 1, 3, 1, 1, FALSE, 4096);
}

/* The shapes of the networks (docs/SPECIFICATION.md §3), small images: every kernel path the
 * networks use. */
static void
test_conv2d_forward_backward_networks (void)
{
  check_shape (1, 3, 16, 12, 16, 7, 1, 3, FALSE, 300);    /* resnet c7s1-16 */
  check_shape (1, 16, 12, 16, 32, 3, 2, 1, FALSE, 300);   /* d32 */
  check_shape (2, 32, 8, 8, 64, 3, 2, 1, FALSE, 300);     /* d64 */
  check_shape (1, 64, 8, 6, 64, 3, 1, 1, FALSE, 300);     /* R64 */
  check_shape (2, 16, 14, 12, 3, 7, 1, 3, FALSE, 300);    /* c7s1-3 */
  check_shape (1, 3, 16, 16, 16, 4, 2, 1, TRUE, 300);     /* patchgan */
  check_shape (1, 64, 6, 6, 128, 4, 1, 1, FALSE, 300);
  check_shape (1, 128, 5, 5, 1, 4, 1, 1, TRUE, 300);
  check_shape (2, 128, 6, 6, 1, 4, 1, 0, TRUE, 300);      /* critic head */
}

/* Big enough that the kernels work in several bands/tiles, checked on a sample of elements. */
static void
test_conv2d_forward_backward_large (void)
{
  check_shape (1, 16, 67, 70, 3, 7, 1, 3, TRUE, 12);
  check_shape (2, 3, 70, 66, 16, 7, 1, 3, FALSE, 12);
  check_shape (1, 16, 66, 67, 32, 3, 2, 1, FALSE, 12);
  check_shape (1, 64, 19, 18, 64, 3, 1, 1, TRUE, 12);
}

/* The direct kernels split bands (forward, input gradient) and input channels (weight
 * gradient) among threads; every output keeps its summation order, so any thread count must
 * give bit-identical results. */
static void
check_threads (int B, int C, int H, int W, int OC, int K, int S, int P)
{
  DkgConv2dShape s = { B, C, H, W, OC, K, S, P };
  gsize n_in = (gsize) B * C * H * W, n_w = (gsize) OC * C * K * K;
  gsize n_out = (gsize) B * OC * dkg_conv2d_out_h (&s) * dkg_conv2d_out_w (&s);
  g_autoptr(DkgRand) rng = dkg_rand_new_seeded (77 + C + K);
  g_autofree float *inp = nn_check_new_uniform (rng, n_in, -1, 1);
  g_autofree float *w = nn_check_new_uniform (rng, n_w, -1, 1);
  g_autofree float *dy = nn_check_new_uniform (rng, n_out, -1, 1);
  float *scratch = dkg_alloc_floats (dkg_conv2d_scratch_floats (&s));
  float *res[2][3];

  _dkg_conv_set_path (DKG_CONV_PATH_DIRECT);
  for (int k = 0; k < 2; k++)
    {
      dkg_blas_set_threads (k == 0 ? 1 : 2);
      res[k][0] = g_new0 (float, n_out);
      res[k][1] = g_new0 (float, n_in);
      res[k][2] = g_new0 (float, n_w);
      dkg_conv2d_forward (res[k][0], inp, w, NULL, scratch, &s);
      dkg_conv2d_backward (res[k][1], res[k][2], NULL, dy, inp, w, scratch, &s);
    }
  dkg_blas_set_threads (1);
  _dkg_conv_set_path (DKG_CONV_PATH_AUTO);
  g_assert_cmpmem (res[0][0], n_out * sizeof (float), res[1][0], n_out * sizeof (float));
  g_assert_cmpmem (res[0][1], n_in * sizeof (float), res[1][1], n_in * sizeof (float));
  g_assert_cmpmem (res[0][2], n_w * sizeof (float), res[1][2], n_w * sizeof (float));
  for (int k = 0; k < 2; k++)
    for (int i = 0; i < 3; i++)
      g_free (res[k][i]);
  dkg_free_floats (scratch);
}

static void
test_conv2d_threads (void)
{
  check_threads (1, 3, 40, 36, 16, 7, 1, 3);
  check_threads (2, 16, 33, 38, 32, 3, 2, 1);
  check_threads (1, 64, 20, 24, 64, 3, 1, 1);
  check_threads (1, 128, 9, 19, 1, 4, 1, 1);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/conv2d/shape", test_conv2d_shape);
  g_test_add_func ("/core/conv2d/small", test_conv2d_forward_backward_small);
  g_test_add_func ("/core/conv2d/networks", test_conv2d_forward_backward_networks);
  g_test_add_func ("/core/conv2d/large", test_conv2d_forward_backward_large);
  g_test_add_func ("/core/conv2d/threads", test_conv2d_threads);
  return g_test_run ();
}
