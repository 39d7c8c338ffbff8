/* test-tensor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dkg-tensor.h"
#include "dkg-test-util.h"

static void
test_tensor_new_copy (void)
{
  g_autoptr(DkgTensor) t = dkg_tensor_new (2, 3, 5, 7);
  g_autoptr(DkgTensor) c = NULL;

  g_assert_cmpuint (dkg_tensor_numel (t), ==, 210);
  g_assert_cmpuint ((guintptr) t->data % 64, ==, 0);
  for (gsize i = 0; i < 210; i++)
    {
      g_assert_cmpfloat (t->data[i], ==, 0.0f);
      t->data[i] = (float) i;
    }
  c = dkg_tensor_copy (t);
  g_assert_true (dkg_tensor_same_shape (t, c));
  g_assert_cmpmem (c->data, 210 * sizeof (float), t->data, 210 * sizeof (float));
  dkg_tensor_zero (c);
  g_assert_cmpfloat (c->data[209], ==, 0.0f);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/tensor/new-copy", test_tensor_new_copy);
  return g_test_run ();
}
