/* test-conv-transpose2d.c — ConvTranspose2d against a naive double-precision reference
 *
 * Forward: dkg_conv_transpose2d_forward() vs conv_transpose2d_naive() (the scatter definition
 * of PyTorch's nn.ConvTranspose2d). Backward: central finite differences of L = Σ out·R in
 * double against the float32 dinp, dw, db, which must accumulate into what they held.
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
#include "dkg-conv-transpose2d.h"

typedef struct
{
  DkgConvTranspose2dShape s;
  double                 *inp, *w, *b;   /* b may be NULL */
  const float            *R;             /* (B, OC, OH, OW) */
  double                 *out;
} Ref;

/* out[b, oc, h·S−P+ki, x·S−P+kj] += inp[b, c, h, x]·w[c, oc, ki, kj], plus b[oc] */
static void
conv_transpose2d_naive (double *out, const double *inp, const double *w, const double *b,
                        const DkgConvTranspose2dShape *s)
{
  int OH = (s->H - 1) * s->S - 2 * s->P + s->K + s->OP;
  int OW = (s->W - 1) * s->S - 2 * s->P + s->K + s->OP;

  for (int n = 0; n < s->B; n++)
    for (int oc = 0; oc < s->OC; oc++)
      for (int i = 0; i < OH * OW; i++)
        out[((gsize) n * s->OC + oc) * OH * OW + i] = b != NULL ? b[oc] : 0.0;
  for (int n = 0; n < s->B; n++)
    for (int c = 0; c < s->C; c++)
      for (int h = 0; h < s->H; h++)
        for (int x = 0; x < s->W; x++)
          {
            double v = inp[(((gsize) n * s->C + c) * s->H + h) * s->W + x];

            for (int oc = 0; oc < s->OC; oc++)
              for (int ki = 0; ki < s->K; ki++)
                for (int kj = 0; kj < s->K; kj++)
                  {
                    int oh = h * s->S - s->P + ki, ow = x * s->S - s->P + kj;

                    if (oh < 0 || oh >= OH || ow < 0 || ow >= OW)
                      continue;
                    out[(((gsize) n * s->OC + oc) * OH + oh) * OW + ow]
                      += v * w[((c * s->OC + oc) * s->K + ki) * s->K + kj];
                  }
          }
}

static double
ref_loss (gpointer data)
{
  Ref *r = data;
  gsize n = (gsize) r->s.B * r->s.OC * dkg_conv_transpose2d_out_h (&r->s)
            * dkg_conv_transpose2d_out_w (&r->s);
  double L = 0.0;

  conv_transpose2d_naive (r->out, r->inp, r->w, r->b, &r->s);
  for (gsize i = 0; i < n; i++)
    L += r->out[i] * r->R[i];
  return L;
}

static void
check_shape (int B, int C, int H, int W, int OC, int K, int S, int P, int OP, gboolean bias,
             gsize fd_samples)
{
  DkgConvTranspose2dShape s = { B, C, H, W, OC, K, S, P, OP };
  int OH = dkg_conv_transpose2d_out_h (&s), OW = dkg_conv_transpose2d_out_w (&s);
  gsize n_in = (gsize) B * C * H * W, n_w = (gsize) C * OC * K * K;
  gsize n_out = (gsize) B * OC * OH * OW;
  g_autoptr(DkgRand) rng = dkg_rand_new_seeded (2000 + B * 7 + C * 13 + H * 17 + K * 19 + S + P
                                                 + OP);
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
  g_autofree char *name = g_strdup_printf ("B%d C%d %dx%d OC%d K%d S%d P%d OP%d%s", B, C, H, W,
                                           OC, K, S, P, OP, bias ? " bias" : "");
  NnFdRef fd_inp = { 0 }, fd_w = { 0 }, fd_b = { 0 };
  double floor = MAX (1.0, sqrt (C * K * K / (9.0 * S * S)));
  float *scratch;

  conv_transpose2d_naive (outd, ref.inp, ref.w, ref.b, &s);
  nn_check_fd_compute (&fd_inp, ref.inp, n_in, ref_loss, &ref, 1e-3, fd_samples, rng);
  nn_check_fd_compute (&fd_w, ref.w, n_w, ref_loss, &ref, 1e-3, fd_samples, rng);
  if (bias)
    nn_check_fd_compute (&fd_b, ref.b, OC, ref_loss, &ref, 1e-3, fd_samples, rng);
  conv_transpose2d_naive (outd, ref.inp, ref.w, ref.b, &s);

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
      scratch = dkg_alloc_floats (dkg_conv_transpose2d_scratch_floats (&s));
      for (gsize i = 0; i < n_out; i++)
        out[i] = 55.0f;                     /* must be overwritten */
      dkg_conv_transpose2d_forward (out, inp, w, bias ? b : NULL, scratch, &s);
      what = g_strdup_printf ("%s %s forward", name, path_name[run]);
      /* floor: the typical |out|, sqrt(number of products / 9) for U(−1, 1) operands */
      nn_check_close (what, out, outd, n_out, 1e-5, floor);

      memcpy (dinp, dinp0, n_in * sizeof (float));
      memcpy (dw, dw0, n_w * sizeof (float));
      memcpy (db, db0, OC * sizeof (float));
      dkg_conv_transpose2d_backward (dinp, dw, bias ? db : NULL, R, inp, w, scratch, &s);
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
      dkg_conv_transpose2d_backward (dinp, NULL, NULL, R, inp, w, scratch, &s);
      g_assert_cmpmem (dw, n_w * sizeof (float), dw0, n_w * sizeof (float));
      g_free (what);
      what = g_strdup_printf ("%s %s dinp alone", name, path_name[run]);
      nn_check_fd_against (what, &fd_inp, dinp, dinp0, 1e-4, 0.1);
      memcpy (dinp, dinp0, n_in * sizeof (float));
      dkg_conv_transpose2d_backward (NULL, dw, NULL, R, inp, w, scratch, &s);
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
test_conv_transpose2d_shape (void)
{
  DkgConvTranspose2dShape u = { 1, 64, 64, 64, 32, 3, 2, 1, 1 };
  DkgConvTranspose2dShape e = { 1, 512, 16, 16, 256, 4, 2, 1, 0 };
  DkgConvTranspose2dShape big = { 1, 32, 1024, 1024, 16, 3, 2, 1, 1 };

  g_assert_cmpint (dkg_conv_transpose2d_out_h (&u), ==, 128);
  g_assert_cmpint (dkg_conv_transpose2d_out_w (&u), ==, 128);
  g_assert_cmpint (dkg_conv_transpose2d_out_h (&e), ==, 32);
  g_assert_cmpuint (dkg_conv_transpose2d_scratch_floats (&big), <=, (gsize) 16 << 20);
  g_assert_cmpuint (dkg_conv_transpose2d_scratch_floats (&big), >, 0);
}

static void
test_conv_transpose2d_small (void)
{
  check_shape (1, 1, 1, 1, 1, 1, 1, 0, 0, FALSE, 4096);   /* 1×1 */
  check_shape (1, 2, 1, 1, 3, 3, 2, 1, 1, TRUE, 4096);    /* 1×1 input, K3 S2 P1 OP1 → 2×2 */
  check_shape (1, 3, 4, 5, 2, 3, 2, 1, 1, TRUE, 4096);    /* resnet up-sampling, non-square */
  check_shape (3, 3, 5, 3, 2, 3, 2, 1, 1, FALSE, 4096);   /* B = 3, odd */
  check_shape (1, 3, 4, 4, 2, 4, 2, 1, 0, FALSE, 4096);   /* encdec K4 S2 P1 */
  check_shape (3, 2, 3, 5, 3, 4, 2, 1, 0, TRUE, 4096);
  check_shape (2, 3, 5, 4, 2, 3, 1, 1, 0, TRUE, 4096);    /* stride 1 */
  check_shape (1, 2, 3, 4, 3, 4, 1, 0, 0, FALSE, 4096);   /* K4 S1 P0 */
  check_shape (1, 2, 4, 3, 2, 5, 3, 2, 2, TRUE, 4096);    /* S3 OP2 */
  check_shape (2, 4, 3, 3, 3, 1, 1, 0, 0, TRUE, 4096);    /* 1×1 kernel */
}

static void
test_conv_transpose2d_networks (void)
{
  check_shape (1, 64, 6, 5, 32, 3, 2, 1, 1, FALSE, 300);   /* resnet u32 */
  check_shape (2, 32, 7, 6, 16, 3, 2, 1, 1, FALSE, 300);   /* resnet u16 */
  check_shape (1, 128, 4, 4, 64, 4, 2, 1, 0, FALSE, 300);  /* encdec */
  check_shape (2, 64, 5, 4, 3, 4, 2, 1, 0, TRUE, 300);     /* encdec last layer */
}

static void
test_conv_transpose2d_large (void)
{
  check_shape (1, 64, 33, 34, 32, 3, 2, 1, 1, FALSE, 12);
  check_shape (1, 32, 35, 33, 16, 3, 2, 1, 1, TRUE, 12);
  check_shape (2, 64, 17, 18, 3, 4, 2, 1, 0, TRUE, 12);
}

/* Any thread count gives bit-identical results on the direct kernels (see test-conv2d.c). */
static void
check_threads (int B, int C, int H, int W, int OC, int K, int S, int P, int OP)
{
  DkgConvTranspose2dShape s = { B, C, H, W, OC, K, S, P, OP };
  gsize n_in = (gsize) B * C * H * W, n_w = (gsize) C * OC * K * K;
  gsize n_out = (gsize) B * OC * dkg_conv_transpose2d_out_h (&s) * dkg_conv_transpose2d_out_w (&s);
  g_autoptr(DkgRand) rng = dkg_rand_new_seeded (78 + C + K);
  g_autofree float *inp = nn_check_new_uniform (rng, n_in, -1, 1);
  g_autofree float *w = nn_check_new_uniform (rng, n_w, -1, 1);
  g_autofree float *dy = nn_check_new_uniform (rng, n_out, -1, 1);
  float *scratch = dkg_alloc_floats (dkg_conv_transpose2d_scratch_floats (&s));
  float *res[2][3];

  _dkg_conv_set_path (DKG_CONV_PATH_DIRECT);
  for (int k = 0; k < 2; k++)
    {
      dkg_blas_set_threads (k == 0 ? 1 : 2);
      res[k][0] = g_new0 (float, n_out);
      res[k][1] = g_new0 (float, n_in);
      res[k][2] = g_new0 (float, n_w);
      dkg_conv_transpose2d_forward (res[k][0], inp, w, NULL, scratch, &s);
      dkg_conv_transpose2d_backward (res[k][1], res[k][2], NULL, dy, inp, w, scratch, &s);
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
test_conv_transpose2d_threads (void)
{
  check_threads (1, 64, 21, 18, 32, 3, 2, 1, 1);
  check_threads (2, 32, 17, 20, 16, 3, 2, 1, 1);
  check_threads (1, 64, 19, 17, 3, 4, 2, 1, 0);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/conv-transpose2d/shape", test_conv_transpose2d_shape);
  g_test_add_func ("/core/conv-transpose2d/small", test_conv_transpose2d_small);
  g_test_add_func ("/core/conv-transpose2d/networks", test_conv_transpose2d_networks);
  g_test_add_func ("/core/conv-transpose2d/large", test_conv_transpose2d_large);
  g_test_add_func ("/core/conv-transpose2d/threads", test_conv_transpose2d_threads);
  return g_test_run ();
}
