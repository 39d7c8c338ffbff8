/* studio-data.c — shipped and user data: models, samples, formatting helpers
 *
 * Data is looked up by the core's dkg_data_find() (src/core/base/dkg-data.c), as the command-line
 * tool does: $DKG_DATA_DIR, then the installed PKGDATADIR (model/ and samples/), then, for a
 * program run from its build tree, the source tree it was built from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "dkg-data.h"
#include "dkg-file.h"
#include "dkg-metric-rows.h"
#include "studio-data.h"

/**
 * studio_data_user_models_dir:
 *
 * Returns: (transfer full): the folder of the user's own models ($XDG_DATA_HOME/deepkeygen/models)
 */
char *
studio_data_user_models_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "deepkeygen", "models", NULL);
}

/* Appends the files of @dir (dkg_file_list_dir(): regular, non-hidden, in name order) ending
 * in @suffix — or, with no suffix, every file but notes (.md, .txt) — whose names @out does not
 * hold yet. A folder that cannot be read adds nothing. */
static void
add_dir (GPtrArray *out, const char *dir, const char *suffix)
{
  g_autoptr(GPtrArray) names = dir != NULL ? dkg_file_list_dir (dir, NULL) : NULL;

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      const char *name = names->pdata[i];
      gboolean dup = FALSE;

      if (suffix != NULL ? !g_str_has_suffix (name, suffix)
                         : g_str_has_suffix (name, ".md") || g_str_has_suffix (name, ".txt"))
        continue;
      for (guint j = 0; j < out->len && !dup; j++)
        {
          g_autofree char *base = g_path_get_basename (out->pdata[j]);
          dup = g_str_equal (base, name);
        }
      if (!dup)
        g_ptr_array_add (out, g_build_filename (dir, name, NULL));
    }
}

/**
 * studio_data_list_models:
 *
 * Shipped models (DeepKeyGen first) and then the user's own, without duplicate names.
 *
 * Returns: (transfer full) (element-type filename): model file paths
 */
GPtrArray *
studio_data_list_models (void)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *shipped = dkg_data_find ("model");
  g_autofree char *user = studio_data_user_models_dir ();

  add_dir (out, shipped, ".safetensors");
  add_dir (out, user, ".safetensors");
  return out;
}

/**
 * studio_data_list_samples:
 *
 * Returns: (transfer full) (element-type filename): the shipped sample images, in name order
 */
GPtrArray *
studio_data_list_samples (void)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = dkg_data_find ("data/samples");

  add_dir (out, dir, NULL);
  return out;
}

/**
 * studio_data_model_label:
 * @path: a model file
 *
 * Returns: (transfer full): a short name for menus: "DeepKeyGen", "WGAN-GP" for the shipped
 *   models, else the file name without its extension
 */
char *
studio_data_model_label (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  if (g_str_equal (base, "deepkeygen.safetensors"))
    return g_strdup ("DeepKeyGen");
  if (g_str_equal (base, "wgan-gp.safetensors"))
    return g_strdup ("WGAN-GP");
  if (g_str_has_suffix (base, ".safetensors"))
    base[strlen (base) - strlen (".safetensors")] = '\0';
  return g_steal_pointer (&base);
}

/**
 * studio_data_describe_image:
 *
 * Returns: (transfer full): e.g. "DICOM, 128 × 128, grey, 16-bit signed"
 */
char *
studio_data_describe_image (const DkgImage *image)
{
  const char *kind;
  const char *fmt = image->source_format;
  g_autofree char *format = NULL;

  switch (image->channels)
    {
    case 1: kind = _("grey"); break;
    case 2: kind = _("grey + alpha"); break;
    case 3: kind = _("RGB"); break;
    default: kind = _("RGBA"); break;
    }
  if (fmt == NULL)
    format = g_strdup (_("image"));
  else if (g_str_equal (fmt, "dicom") || g_str_equal (fmt, "nifti") || g_str_equal (fmt, "png")
           || g_str_equal (fmt, "jpeg") || g_str_equal (fmt, "tiff"))
    format = g_utf8_strup (fmt, -1);
  else
    format = g_strdup (fmt);
  if (g_str_equal (format, "NIFTI"))
    {
      g_free (format);
      format = g_strdup ("NIfTI");
    }
  if (image->bit_depth == 16 && image->is_signed)
    /* Translators: format, width × height, colour kind:
     * e.g. "DICOM, 128 × 128, grey, 16-bit signed" */
    return g_strdup_printf (_("%s, %u × %u, %s, 16-bit signed"), format, image->width,
                            image->height, kind);
  return g_strdup_printf (_("%s, %u × %u, %s, %u-bit"), format, image->width, image->height,
                          kind, image->bit_depth);
}

/**
 * studio_data_format_duration:
 *
 * Returns: (transfer full): "12 s", "3:05", "1:02:03"
 */
char *
studio_data_format_duration (double seconds)
{
  long t = seconds > 0 && seconds < 1e9 ? (long) (seconds + 0.5) : 0;

  if (t < 60)
    return g_strdup_printf (_("%ld s"), t);
  if (t < 3600)
    return g_strdup_printf ("%ld:%02ld", t / 60, t % 60);
  return g_strdup_printf ("%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
}

/**
 * studio_data_format_ms:
 *
 * Returns: (transfer full): "0.8 ms", "120 ms", "2.4 s"
 */
char *
studio_data_format_ms (double ms)
{
  if (ms < 10)
    return g_strdup_printf (_("%.1f ms"), ms);
  if (ms < 1000)
    return g_strdup_printf (_("%.0f ms"), ms);
  return g_strdup_printf (_("%.1f s"), ms / 1000);
}

/**
 * studio_data_background_thread:
 *
 * Lowers the calling worker thread's scheduling priority (Linux nice 10, this thread only),
 * so that on a busy machine the main thread, which draws the window and handles input, gets
 * the CPU first. Called at the start of every GTask worker.
 */
void
studio_data_background_thread (void)
{
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10);
}

/**
 * studio_data_run_task:
 * @source: the object the result belongs to
 * @cancellable: (nullable): cancels the work; the task then returns at once (the worker's
 *   last step ends unseen, g_task_set_return_on_cancel())
 * @callback: called on the main thread with the result
 * @user_data: for @callback
 * @source_tag: the function that started the task, for g_task_is_valid() checks
 * @task_data: (transfer full): what the worker needs, freed with @task_data_free
 * @task_data_free: frees @task_data
 * @worker: runs on a thread; it starts with studio_data_background_thread()
 *
 * Starts one background job of a page the way every page does.
 */
void
studio_data_run_task (gpointer             source,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data,
                      gpointer             source_tag,
                      gpointer             task_data,
                      GDestroyNotify       task_data_free,
                      GTaskThreadFunc      worker)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, task_data, task_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, worker);
}

/**
 * studio_data_samples_menu:
 * @action: a detailed action name taking the sample's path as its "s" target, e.g.
 *   "win.open-sample"
 *
 * One item per shipped sample (studio_data_list_samples()), labelled with its file name.
 *
 * Returns: (transfer full): the menu, empty when no sample was found
 */
GMenu *
studio_data_samples_menu (const char *action)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GPtrArray) samples = studio_data_list_samples ();

  for (guint i = 0; i < samples->len; i++)
    {
      g_autofree char *base = g_path_get_basename (samples->pdata[i]);
      g_autofree char *label = studio_data_menu_label (base);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, action, "s", samples->pdata[i]);
      g_menu_append_item (menu, item);
    }
  return menu;
}

/**
 * studio_data_menu_label:
 * @text: a file name or other literal text
 *
 * Menus parse labels for mnemonics: "CT_small.dcm" would show as "CTsmall.dcm" with an
 * underlined s. Doubling the underscores shows the text as it is.
 *
 * Returns: (transfer full): @text for g_menu_item_new()
 */
char *
studio_data_menu_label (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

/**
 * studio_data_is_openable_image:
 * @uri: a file URI or path
 * @mime_type: (nullable): its MIME type, when known
 *
 * Whether "Open" can read it (docs/SPECIFICATION.md §5.8): PNG, JPEG, TIFF, DICOM, NIfTI. Recent
 * files also list what the app saved (PDF and SVG figures, models) and folders; none of them opens.
 *
 * Returns: %TRUE for an image file the app reads
 */
gboolean
studio_data_is_openable_image (const char *uri, const char *mime_type)
{
  static const char *const suffixes[] = { ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".dcm",
                                          ".dicom", ".nii", ".nii.gz" };
  static const char *const types[] = { "image/png", "image/jpeg", "image/tiff",
                                       "application/dicom" };
  g_autofree char *lower = g_utf8_strdown (uri, -1);

  if (mime_type != NULL && g_strcmp0 (mime_type, "inode/directory") == 0)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return TRUE;
  /* DICOM files often have no suffix at all (IM0001): trust the type then */
  for (gsize i = 0; mime_type != NULL && i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (mime_type, types[i]) == 0)
      return TRUE;
  return FALSE;
}

/**
 * studio_data_format_p:
 * @p: a p-value, 0…1
 *
 * Returns: (transfer full): "p = 0.0123", or "p < 0.0001" when four decimals would print
 *   0.0000 (which reads as "impossible"), with the locale's decimal separator
 */
char *
studio_data_format_p (double p)
{
  return dkg_metric_format_p (p);
}
