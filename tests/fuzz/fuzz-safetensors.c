/* fuzz-safetensors.c — the safetensors parser (docs/SPECIFICATION.md §5.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * dkg_safetensors_load_bytes() and dkg_safetensors_load() (through a scratch file) must agree:
 * both succeed, or both fail with the same code. A file that loads is read through every
 * accessor, serialised again, and the result must load to the same tensors and metadata.
 */
#include <string.h>

#include "dkg-error.h"
#include "fuzz-common.h"
#include "dkg-safetensors.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
assert_same (DkgSafetensors *a, DkgSafetensors *b)
{
  g_auto(GStrv) names = dkg_safetensors_list_names (a);
  g_auto(GStrv) keys = dkg_safetensors_list_metadata_keys (a);
  g_auto(GStrv) names_b = dkg_safetensors_list_names (b);
  g_auto(GStrv) keys_b = dkg_safetensors_list_metadata_keys (b);

  g_assert_true (g_strv_equal ((const char *const *) names, (const char *const *) names_b));
  g_assert_true (g_strv_equal ((const char *const *) keys, (const char *const *) keys_b));
  g_assert_cmpuint (dkg_safetensors_get_n_tensors (a), ==, g_strv_length (names));
  for (guint i = 0; names[i] != NULL; i++)
    {
      gint64 sa[DKG_SAFETENSORS_MAX_DIMS], sb[DKG_SAFETENSORS_MAX_DIMS];
      const char *ta, *tb;
      guint na, nb;
      gsize la, lb;
      gconstpointer da = dkg_safetensors_get_raw (a, names[i], &ta, &na, sa, &la);
      gconstpointer db = dkg_safetensors_get_raw (b, names[i], &tb, &nb, sb, &lb);

      g_assert_true (dkg_safetensors_contains (a, names[i]));
      g_assert_cmpstr (ta, ==, tb);
      g_assert_cmpuint (na, ==, nb);
      g_assert_cmpuint (na, <=, DKG_SAFETENSORS_MAX_DIMS);
      g_assert_cmpmem (sa, na * sizeof (gint64), sb, nb * sizeof (gint64));
      g_assert_cmpmem (da, la, db, lb);
      /* the typed getters agree with the dtype */
      if (strcmp (ta, "F32") == 0)
        g_assert_true (dkg_safetensors_get_f32 (a, names[i], NULL, NULL) != NULL || la == 0);
      if (strcmp (ta, "I64") == 0)
        g_assert_true (dkg_safetensors_get_i64 (a, names[i], NULL, NULL) != NULL || la == 0);
    }
  for (guint i = 0; keys[i] != NULL; i++)
    g_assert_cmpstr (dkg_safetensors_get_metadata (a, keys[i]), ==,
                     dkg_safetensors_get_metadata (b, keys[i]));
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) file_error = NULL;
  g_autoptr(DkgSafetensors) st = dkg_safetensors_load_bytes (bytes, "fuzz.safetensors", &error);
  g_autoptr(DkgSafetensors) from_file = NULL;
  const char *path = fuzz_write_scratch (data, size, ".safetensors");

  fuzz_check_error (error);
  g_assert_true ((st == NULL) != (error == NULL));
  from_file = dkg_safetensors_load (path, &file_error);
  fuzz_check_error (file_error);
  g_assert_true ((from_file == NULL) == (st == NULL));
  if (st == NULL)
    {
      g_assert_true (error->domain == file_error->domain && error->code == file_error->code);
      return 0;
    }
  assert_same (st, from_file);
  {
    g_autoptr(GBytes) again = dkg_safetensors_serialize (st, &error);
    g_autoptr(DkgSafetensors) back = NULL;

    g_assert_no_error (error);
    back = dkg_safetensors_load_bytes (again, "again.safetensors", &error);
    g_assert_no_error (error);
    assert_same (st, back);
  }
  return 0;
}
