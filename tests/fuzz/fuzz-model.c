/* fuzz-model.c — the model loader dkg_model_load()
 * (docs/SPECIFICATION.md §5.1), through a scratch file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A model that loads must have finite weights and the architecture its metadata names, and a
 * generator must accept an input of its size multiple (a forward pass at the smallest size).
 */
#include "fuzz-common.h"
#include "dkg-model-file.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgSafetensors) file = NULL;
  const char *path = fuzz_write_scratch (data, size, ".safetensors");
  g_autoptr(DkgNet) net = dkg_model_load (path, &file, &error);

  fuzz_check_error (error);
  g_assert_true ((net == NULL) != (error == NULL));
  if (net != NULL && (net->arch == DKG_ARCH_RESNET || net->arch == DKG_ARCH_ENCDEC))
    {
      int s = dkg_net_size_multiple (net);
      g_autofree float *x = g_new0 (float, 3 * s * s);
      const float *y = dkg_net_forward (net, x, 1, s, s, FALSE, NULL, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (y);
      dkg_net_release (net);
    }
  return 0;
}
