/* studio-window-actions.c — the window's actions: open, models, encrypt, export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dkg-file.h"
#include "studio-data.h"
#include "studio-export.h"
#include "studio-window-private.h"

#define N_RECENT 8

static GtkFileFilter *
image_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Medical and ordinary images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/tiff");
  gtk_file_filter_add_mime_type (filter, "application/dicom");
  gtk_file_filter_add_pattern (filter, "*.dcm");
  gtk_file_filter_add_pattern (filter, "*.DCM");
  gtk_file_filter_add_pattern (filter, "*.nii");
  gtk_file_filter_add_pattern (filter, "*.nii.gz");
  return filter;
}

static void
on_open_chosen_cb (GFile *file, gpointer user_data)
{
  studio_window_open_file (STUDIO_WINDOW (user_data), file);
}

static void
open_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  g_autoptr(GtkFileFilter) filter = image_filter ();

  studio_export_choose_open (widget, _("Open an Image"), filter, FALSE, on_open_chosen_cb,
                             g_object_ref (widget), g_object_unref);
}

static void
open_path_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  const char *target = g_variant_get_string (param, NULL);
  g_autoptr(GFile) file = g_str_has_prefix (target, "file:") ? g_file_new_for_uri (target)
                                                             : g_file_new_for_path (target);

  studio_window_open_file (STUDIO_WINDOW (widget), file);
}

static void
on_model_chosen_cb (GFile *file, gpointer user_data)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    studio_window_add_model (STUDIO_WINDOW (user_data), path, TRUE);
}

static void
open_model_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Key generator models (safetensors)"));
  gtk_file_filter_add_pattern (filter, "*.safetensors");
  studio_export_choose_open (widget, _("Open a Model"), filter, FALSE, on_model_chosen_cb,
                             g_object_ref (widget), g_object_unref);
}

static void
encrypt_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  StudioWindow *self = STUDIO_WINDOW (widget);
  DkgContainerScheme scheme = DKG_CONTAINER_SCHEME_XOR;

  dkg_container_scheme_from_string (self->scheme, &scheme);
  adw_view_stack_set_visible_child_name (self->view_stack, "encrypt");
  studio_encrypt_page_encrypt (self->encrypt_page, self->model, scheme,
                               g_settings_get_uint (self->settings, "acm-iterations"));
}

/* Ctrl+Return and "Run Again": what the visible page runs (the Attacks page its attacks, not
 * an encryption on another page). */
static void
run_page_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  StudioWindow *self = STUDIO_WINDOW (widget);
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);
  DkgContainerScheme scheme = DKG_CONTAINER_SCHEME_XOR;

  if (g_strcmp0 (page, "attacks") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self->attacks_page), "attacks.run", NULL);
  else if (g_strcmp0 (page, "stego") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self->stego_page), "stego.run", NULL);
  else if (g_strcmp0 (page, "encrypt") == 0 || g_strcmp0 (page, "analysis") == 0)
    {
      /* Analysis follows every new encryption; it stays on its page */
      dkg_container_scheme_from_string (self->scheme, &scheme);
      studio_encrypt_page_encrypt (self->encrypt_page, self->model, scheme,
                                   g_settings_get_uint (self->settings, "acm-iterations"));
    }
}

/* Escape: back from a pane shown alone, else out of presentation mode, else cancel the
 * running encryption. */
static void
escape_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  StudioWindow *self = STUDIO_WINDOW (widget);

  if (self->enlarged_source != NULL)
    _studio_window_restore (self);
  else if (self->presentation)
    _studio_window_set_presentation (self, FALSE);
  else
    studio_encrypt_page_cancel (self->encrypt_page);
}

static void
cancel_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  StudioWindow *self = STUDIO_WINDOW (widget);

  studio_encrypt_page_cancel (self->encrypt_page);
}

static void
page_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  studio_window_set_visible_page (STUDIO_WINDOW (widget), g_variant_get_string (param, NULL));
}

typedef struct
{
  StudioWindow *self;
  char         *page;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *d = data;

  g_object_unref (d->self);
  g_free (d->page);
  g_free (d);
}

static void
draw_page_figure (cairo_t *cr, double width, double height, gpointer user_data)
{
  ExportData *d = user_data;

  if (g_str_equal (d->page, "analysis"))
    studio_analysis_page_render_figure (d->self->analysis_page, cr, width, height);
  else if (g_str_equal (d->page, "training"))
    studio_training_page_render_figure (d->self->training_page, cr, width, height);
  else if (g_str_equal (d->page, "stego"))
    studio_stego_page_render_figure (d->self->stego_page, cr, width, height);
  else if (g_str_equal (d->page, "attacks"))
    studio_attacks_page_render_figure (d->self->attacks_page, cr, width, height);
  else
    studio_encrypt_page_render_figure (d->self->encrypt_page, cr, width, height);
}

static void
open_uri_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (param, NULL), GDK_CURRENT_TIME);
}

static void
on_show_items_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GtkWindow) window = user_data;
  g_autoptr(GVariant) ret = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_object_steal_data (G_OBJECT (window), "show-in-folder-uri");

  ret = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (ret == NULL && uri != NULL)
    {
      /* No file manager on the bus: open the folder instead */
      g_autoptr(GFile) file = g_file_new_for_uri (uri);
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *parent_uri = parent != NULL ? g_file_get_uri (parent) : NULL;

      if (parent_uri != NULL)
        gtk_show_uri (window, parent_uri, GDK_CURRENT_TIME);
    }
}

/* Shows the file selected in the file manager (org.freedesktop.FileManager1.ShowItems). */
static void
show_in_folder_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  const char *uri = g_variant_get_string (param, NULL);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  const char *uris[] = { uri, NULL };

  if (bus == NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uri);
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *parent_uri = parent != NULL ? g_file_get_uri (parent) : NULL;

      if (parent_uri != NULL)
        gtk_show_uri (GTK_WINDOW (widget), parent_uri, GDK_CURRENT_TIME);
      return;
    }
  g_object_set_data_full (G_OBJECT (widget), "show-in-folder-uri", g_strdup (uri), g_free);
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL, G_DBUS_CALL_FLAGS_NONE, 5000,
                          NULL, on_show_items_cb, g_object_ref (widget));
}

static void
on_figure_chosen_cb (GFile *file, gpointer user_data)
{
  ExportData *d = user_data;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *base = g_file_get_basename (file);
  g_autoptr(GError) error = NULL;
  double w = 1200, h = g_str_equal (d->page, "training") ? 700 : 1000;

  if (!studio_export_figure (path, w, h, draw_page_figure, d, &error))
    {
      studio_window_show_error (d->self, _("Could Not Export the Figure"), error->message);
      return;
    }
  {
    g_autofree char *msg = g_strdup_printf (_("Saved the figure as “%s”"), base);
    studio_export_toast (GTK_WIDGET (d->self->view_stack), msg, file);
  }
}

static void
export_figure_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  StudioWindow *self = STUDIO_WINDOW (widget);
  ExportData *d = g_new0 (ExportData, 1);
  g_autofree char *name = NULL;

  d->self = g_object_ref (self);
  d->page = g_strdup (adw_view_stack_get_visible_child_name (self->view_stack));
  {
    StudioImage *plain = studio_encrypt_page_get_plain (self->encrypt_page);
    g_autofree char *stem = studio_export_file_stem (plain != NULL ? studio_image_get_name (plain)
                                                                   : NULL);

    /* colin27-ch2-axial-z090-8bit-attacks.png */
    name = g_strdup_printf ("%s-%s.png", stem, d->page);
  }
  studio_export_choose_save (widget, _("Export Figure"), NULL, name, TRUE, on_figure_chosen_cb,
                             d, export_data_free);
}

static void
on_report_chosen_cb (GFile *file, gpointer user_data)
{
  StudioWindow *self = user_data;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *base = g_file_get_basename (file);
  g_autoptr(GError) error = NULL;
  g_autofree char *msg = NULL;

  if (!studio_analysis_page_export_report (self->analysis_page,
                                           studio_encrypt_page_get_result (self->encrypt_page),
                                           path, &error))
    {
      studio_window_show_error (self, _("Could Not Export the Report"), error->message);
      return;
    }
  msg = g_strdup_printf (_("Saved the report as “%s”"), base);
  studio_export_toast (GTK_WIDGET (self->view_stack), msg, file);
}

static void
export_report_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  StudioWindow *self = STUDIO_WINDOW (widget);
  StudioImage *plain = studio_encrypt_page_get_plain (self->encrypt_page);
  g_autofree char *stem = studio_export_file_stem (plain != NULL ? studio_image_get_name (plain)
                                                                 : NULL);
  g_autofree char *name = g_strdup_printf ("%s-report.pdf", stem);

  studio_export_choose_save (widget, _("Export Report"), NULL, name, FALSE,
                             on_report_chosen_cb, g_object_ref (widget), g_object_unref);
}

/**
 * _studio_window_save_results:
 * @dir: the folder to write into
 *
 * Writes the key (PNG), the ciphertext container (a PNG with the signed header) and the
 * decrypted image (PNG, bit-exact samples) of the last encryption, named after the plaintext.
 *
 * Returns: %FALSE with @error set when a file could not be written
 */
gboolean
_studio_window_save_results (StudioWindow *self, const char *dir, GError **error)
{
  const StudioCipherResult *r = studio_encrypt_page_get_result (self->encrypt_page);
  StudioImage *plain = studio_encrypt_page_get_plain (self->encrypt_page);
  g_autofree char *stem = NULL;
  g_autofree char *kname = NULL;
  g_autofree char *cname = NULL;
  g_autofree char *dname = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *cipher_path = NULL;
  g_autofree char *decrypted_path = NULL;
  char *dot;

  if (r == NULL || plain == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("There is nothing to save yet: encrypt an image first"));
      return FALSE;
    }
  stem = g_strdup (studio_image_get_name (plain));
  if ((dot = strrchr (stem, '.')) != NULL)
    *dot = '\0';
  kname = g_strdup_printf ("%s-key.png", stem);
  cname = g_strdup_printf ("%s-cipher-%s.png", stem, dkg_container_scheme_to_string (r->scheme));
  dname = g_strdup_printf ("%s-decrypted.png", stem);
  key_path = g_build_filename (dir, kname, NULL);
  cipher_path = g_build_filename (dir, cname, NULL);
  decrypted_path = g_build_filename (dir, dname, NULL);
  return dkg_image_save_png (studio_image_get_image (r->key), key_path, error)
         && dkg_file_set_contents (cipher_path, g_bytes_get_data (r->container, NULL),
                                   g_bytes_get_size (r->container), 0644, error)
         && dkg_image_save_png (studio_image_get_image (r->decrypted), decrypted_path, error);
}

static void
on_results_folder_cb (GFile *folder, gpointer user_data)
{
  StudioWindow *self = user_data;
  g_autofree char *dir = g_file_get_path (folder);
  g_autoptr(GError) error = NULL;
  g_autofree char *msg = NULL;

  if (dir == NULL)
    return;
  if (!_studio_window_save_results (self, dir, &error))
    {
      studio_window_show_error (self, _("Could Not Save the Results"), error->message);
      return;
    }
  msg = g_strdup_printf (_("Saved the key, the ciphertext and the decrypted image in “%s”"), dir);
  {
    g_autoptr(GFile) folder = g_file_new_for_path (dir);

    studio_export_toast (GTK_WIDGET (self->view_stack), msg, folder);
  }
}

static void
save_results_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  studio_export_choose_open (widget, _("Choose a Folder for the Images"), NULL, TRUE,
                             on_results_folder_cb, g_object_ref (widget), g_object_unref);
}

/* The source file the last result's container carries (DICOM, NIfTI, TIFF), authenticated
 * and decrypted with its key; %NULL with @error when there is none. */
static GBytes *
last_original (StudioWindow *self, GError **error)
{
  const StudioCipherResult *r = studio_encrypt_page_get_result (self->encrypt_page);

  if (r == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("There is nothing to save yet: encrypt an image first"));
      return NULL;
    }
  return dkg_container_decrypt_original (r->container, studio_image_get_name (r->cipher),
                                         studio_image_get_image (r->key), NULL, error);
}

/**
 * _studio_window_save_original:
 * @path: the file to write
 *
 * Writes the source file (DICOM, NIfTI or TIFF) that the last encryption's container carries,
 * decrypted from the container byte for byte (docs/SPECIFICATION.md §5.7 "Whole file"), atomically.
 *
 * Returns: %FALSE with @error set when there is no such file or it could not be written
 */
gboolean
_studio_window_save_original (StudioWindow *self, const char *path, GError **error)
{
  g_autoptr(GBytes) original = last_original (self, error);

  return original != NULL
         && dkg_file_set_contents (path, g_bytes_get_data (original, NULL),
                                   g_bytes_get_size (original), 0644, error);
}

static void
on_original_chosen_cb (GFile *file, gpointer user_data)
{
  StudioWindow *self = user_data;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *base = g_file_get_basename (file);
  g_autoptr(GError) error = NULL;
  g_autofree char *msg = NULL;

  if (path == NULL)
    return;
  if (!_studio_window_save_original (self, path, &error))
    {
      studio_window_show_error (self, _("Could Not Save the Original File"), error->message);
      return;
    }
  msg = g_strdup_printf (_("Saved the original file as “%s”"), base);
  studio_window_show_toast (self, msg);
}

static void
save_original_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  StudioWindow *self = STUDIO_WINDOW (widget);
  const StudioCipherResult *r = studio_encrypt_page_get_result (self->encrypt_page);
  StudioImage *plain = studio_encrypt_page_get_plain (self->encrypt_page);
  const char *format = r != NULL && r->info != NULL ? r->info->source_format : NULL;
  const char *ext = g_strcmp0 (format, "nifti") == 0 ? "nii"
                    : g_strcmp0 (format, "tiff") == 0 ? "tif" : "dcm";
  g_autofree char *stem = g_strdup (plain != NULL ? studio_image_get_name (plain) : "image");
  g_autofree char *name = NULL;
  char *dot;

  /* image.nii.gz → image-decrypted.nii.gz */
  if (g_str_has_suffix (stem, ".nii.gz"))
    {
      stem[strlen (stem) - 7] = '\0';
      ext = "nii.gz";
    }
  else if ((dot = strrchr (stem, '.')) != NULL)
    *dot = '\0';
  name = g_strdup_printf ("%s-decrypted.%s", stem, ext);
  studio_export_choose_save (widget, _("Save the Original File"), NULL, name, FALSE,
                             on_original_chosen_cb, g_object_ref (widget), g_object_unref);
}

/**
 * _studio_window_update_actions:
 *
 * Enables what makes sense now: Encrypt needs an image and a model, exports need results.
 */
void
_studio_window_update_actions (StudioWindow *self)
{
  GtkWidget *w = GTK_WIDGET (self);
  gboolean busy = studio_encrypt_page_get_busy (self->encrypt_page);
  gboolean has_image = studio_encrypt_page_get_plain (self->encrypt_page) != NULL;
  gboolean has_result = studio_encrypt_page_get_result (self->encrypt_page) != NULL;
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);

  gtk_widget_action_set_enabled (w, "win.encrypt", has_image && self->model != NULL && !busy);
  gtk_widget_action_set_enabled (w, "win.cancel", busy);
  gtk_widget_action_set_enabled (w, "win.save-results", has_result);
  gtk_widget_action_set_enabled (w, "win.save-original",
                                 has_result
                                 && studio_encrypt_page_get_result (self->encrypt_page)->info
                                      != NULL
                                 && studio_encrypt_page_get_result (self->encrypt_page)
                                      ->info->has_original);
  gtk_widget_action_set_enabled (w, "win.export-report",
                                 has_result
                                 && studio_analysis_page_get_has_result (self->analysis_page));
  gtk_widget_action_set_enabled (w, "win.export-figure",
                                 g_strcmp0 (page, "encrypt") != 0 || has_image);
}

static void
on_recent_changed_cb (GtkRecentManager *manager, StudioWindow *self)
{
  _studio_window_rebuild_open_menu (self);
}

static int
compare_recent (gconstpointer a, gconstpointer b)
{
  GDateTime *ta = gtk_recent_info_get_modified (*(GtkRecentInfo *const *) a);
  GDateTime *tb = gtk_recent_info_get_modified (*(GtkRecentInfo *const *) b);

  return g_date_time_compare (tb, ta);
}

/** _studio_window_rebuild_open_menu: recent files and the shipped samples. */
void
_studio_window_rebuild_open_menu (StudioWindow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) recent = g_menu_new ();
  g_autoptr(GMenu) samples = studio_data_samples_menu ("win.open-path");
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  const char *app_name = g_get_application_name ();

  for (GList *l = items; l != NULL; l = l->next)
    if (app_name != NULL && gtk_recent_info_has_application (l->data, app_name)
        && gtk_recent_info_exists (l->data)
        && studio_data_is_openable_image (gtk_recent_info_get_uri (l->data),
                                          gtk_recent_info_get_mime_type (l->data)))
      g_ptr_array_add (mine, l->data);
  g_ptr_array_sort (mine, compare_recent);
  for (guint i = 0; i < mine->len && i < N_RECENT; i++)
    {
      GtkRecentInfo *info = mine->pdata[i];
      g_autofree char *label = studio_data_menu_label (gtk_recent_info_get_display_name (info));
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.open-path", "s",
                                         gtk_recent_info_get_uri (info));
      g_menu_append_item (recent, item);
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  if (g_menu_model_get_n_items (G_MENU_MODEL (recent)) > 0)
    g_menu_append_section (menu, _("Recent"), G_MENU_MODEL (recent));
  if (g_menu_model_get_n_items (G_MENU_MODEL (samples)) > 0)
    g_menu_append_section (menu, _("Samples"), G_MENU_MODEL (samples));
  adw_split_button_set_menu_model (self->open_button, G_MENU_MODEL (menu));
}

/** _studio_window_rebuild_model_menu: shipped and user models, then "Open Model…". */
void
_studio_window_rebuild_model_menu (StudioWindow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) models = g_menu_new ();
  g_autoptr(GMenu) more = g_menu_new ();

  for (guint i = 0; i < self->models->len; i++)
    {
      g_autofree char *model = studio_data_model_label (self->models->pdata[i]);
      g_autofree char *label = studio_data_menu_label (model);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.model", "s", self->models->pdata[i]);
      g_menu_append_item (models, item);
    }
  g_menu_append (more, _("Open Model…"), "win.open-model");
  g_menu_append_section (menu, _("Key Generator"), G_MENU_MODEL (models));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (more));
  gtk_menu_button_set_menu_model (self->model_button, G_MENU_MODEL (menu));
  _studio_window_fix_header_widths (self);
}

/** _studio_window_class_actions_init: installs the actions and their shortcuts. */
void
_studio_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action_cb);
  gtk_widget_class_install_action (widget_class, "win.open-path", "s", open_path_action_cb);
  gtk_widget_class_install_action (widget_class, "win.open-sample", "s", open_path_action_cb);
  gtk_widget_class_install_action (widget_class, "win.open-model", NULL, open_model_action_cb);
  gtk_widget_class_install_property_action (widget_class, "win.model", "model");
  gtk_widget_class_install_property_action (widget_class, "win.scheme", "scheme");
  gtk_widget_class_install_action (widget_class, "win.encrypt", NULL, encrypt_action_cb);
  gtk_widget_class_install_action (widget_class, "win.run-page", NULL, run_page_action_cb);
  gtk_widget_class_install_action (widget_class, "win.open-uri", "s", open_uri_action_cb);
  gtk_widget_class_install_action (widget_class, "win.show-in-folder", "s",
                                   show_in_folder_action_cb);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action_cb);
  gtk_widget_class_install_action (widget_class, "win.escape", NULL, escape_action_cb);
  gtk_widget_class_install_property_action (widget_class, "win.presentation", "presentation");
  gtk_widget_class_install_action (widget_class, "win.page", "s", page_action_cb);
  gtk_widget_class_install_action (widget_class, "win.export-figure", NULL,
                                   export_figure_action_cb);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL,
                                   export_report_action_cb);
  gtk_widget_class_install_action (widget_class, "win.save-results", NULL,
                                   save_results_action_cb);
  gtk_widget_class_install_action (widget_class, "win.save-original", NULL,
                                   save_original_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.open-model", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "win.run-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.escape", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.presentation", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export-figure", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.export-report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "win.save-results", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.page", "s",
                                       "encrypt");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.page", "s",
                                       "analysis");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.page", "s",
                                       "training");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK, "win.page", "s",
                                       "attacks");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_5, GDK_ALT_MASK, "win.page", "s",
                                       "stego");
}

/** _studio_window_actions_init: per-instance action state. */
void
_studio_window_actions_init (StudioWindow *self)
{
  g_signal_connect (gtk_recent_manager_get_default (), "changed",
                    G_CALLBACK (on_recent_changed_cb), self);
}
