/* studio-export.c — figures to PNG, SVG and PDF files; file choosers for saving them
 *
 * One draw function serves the screen, the exported figure and the report (STYLE.md §4.8):
 * callers pass a StudioDrawFunc and the format follows the file name's extension. Figures are
 * drawn in memory and written with dkg_file_set_contents() (docs/SPECIFICATION.md §10).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "dkg-file.h"
#include "studio-export.h"

static cairo_status_t
append_cb (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * studio_export_figure:
 * @path: the file to write; ".svg" and ".pdf" give vector files, anything else PNG
 * @width: figure width (pixels for PNG, points for SVG and PDF)
 * @height: figure height
 * @draw: (scope call): draws the figure
 * @user_data: for @draw
 *
 * Draws the figure into memory, then writes it with dkg_file_set_contents(): @path is the old
 * file or the whole new one, and nothing is left beside it, even if the program is killed.
 *
 * Returns: %FALSE with @error set when the figure could not be drawn (%G_IO_ERROR_FAILED, with
 *   cairo's reason) or the file could not be written (%G_FILE_ERROR naming the file)
 */
gboolean
studio_export_figure (const char *path, double width, double height, StudioDrawFunc draw,
                      gpointer user_data, GError **error)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  if (g_str_has_suffix (lower, ".svg"))
    surface = cairo_svg_surface_create_for_stream (append_cb, bytes, width, height);
  else if (g_str_has_suffix (lower, ".pdf"))
    surface = cairo_pdf_surface_create_for_stream (append_cb, bytes, width, height);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width, (int) height);
  cr = cairo_create (surface);
  draw (cr, width, height, user_data);
  cairo_destroy (cr);
  if (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE)
    status = cairo_surface_write_to_png_stream (surface, append_cb, bytes);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write “%s”: %s"), name,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return dkg_file_set_contents (path, bytes->data, bytes->len, 0644, error);
}

typedef struct
{
  GtkFileChooserNative *native;
  StudioChooseFunc      func;
  gpointer              user_data;
  GDestroyNotify        destroy;
} ChooseData;

static void
choose_data_free (ChooseData *data)
{
  if (data->destroy != NULL)
    data->destroy (data->user_data);
  g_clear_object (&data->native);
  g_free (data);
}

static void
on_chooser_response_cb (GtkNativeDialog *dialog, int response, ChooseData *data)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        data->func (file, data->user_data);
    }
  gtk_native_dialog_destroy (dialog);
  choose_data_free (data);
}

static void
add_filter (GtkFileChooser *chooser, const char *name, const char *pattern)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (chooser, filter);
}

static GtkWindow *
parent_window (GtkWidget *parent)
{
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/**
 * studio_export_choose_save:
 * @parent: a widget of the window the dialog belongs to
 * @title: dialog title
 * @folder: (nullable): folder to start in; %NULL: the "output-folder" preference, if set
 * @suggested_name: file name to start with (its extension picks the format)
 * @figure_formats: offer PNG, SVG and PDF filters
 * @func: called with the chosen file (not on cancel)
 * @user_data: for @func
 * @destroy: (nullable): frees @user_data when the dialog is done
 */
void
studio_export_choose_save (GtkWidget *parent, const char *title, const char *folder,
                           const char *suggested_name, gboolean figure_formats,
                           StudioChooseFunc func, gpointer user_data, GDestroyNotify destroy)
{
  ChooseData *data = g_new0 (ChooseData, 1);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.deepkeygen.Studio");
  g_autofree char *preferred = g_settings_get_string (settings, "output-folder");

  data->native = gtk_file_chooser_native_new (title, parent_window (parent),
                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                              _("_Cancel"));
  data->func = func;
  data->user_data = user_data;
  data->destroy = destroy;
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (data->native), TRUE);
  if (folder == NULL && preferred[0] != '\0')
    folder = preferred;
  if (folder != NULL)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (data->native), dir, NULL);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (data->native), suggested_name);
  if (figure_formats)
    {
      add_filter (GTK_FILE_CHOOSER (data->native), _("PNG image"), "*.png");
      add_filter (GTK_FILE_CHOOSER (data->native), _("SVG drawing"), "*.svg");
      add_filter (GTK_FILE_CHOOSER (data->native), _("PDF document"), "*.pdf");
    }
  g_signal_connect (data->native, "response", G_CALLBACK (on_chooser_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (data->native));
}

/**
 * studio_export_choose_open:
 * @filter: (nullable): what to show
 * @folder: choose a folder instead of a file
 *
 * Like studio_export_choose_save(), for opening.
 */
void
studio_export_choose_open (GtkWidget *parent, const char *title, GtkFileFilter *filter,
                           gboolean folder, StudioChooseFunc func, gpointer user_data,
                           GDestroyNotify destroy)
{
  ChooseData *data = g_new0 (ChooseData, 1);

  data->native = gtk_file_chooser_native_new (title, parent_window (parent),
                                              folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                     : GTK_FILE_CHOOSER_ACTION_OPEN,
                                              folder ? _("_Select") : _("_Open"), _("_Cancel"));
  data->func = func;
  data->user_data = user_data;
  data->destroy = destroy;
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (data->native), TRUE);
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (data->native), filter);
  g_signal_connect (data->native, "response", G_CALLBACK (on_chooser_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (data->native));
}

/**
 * studio_export_file_stem:
 * @name: (nullable): a file name, e.g. "colin27_ch2_axial_z090_8bit.png"
 *
 * Returns: (transfer full): a stem for names of exported files: lower case, no extension,
 *   words joined by '-' ("colin27-ch2-axial-z090-8bit"); "deepkeygen" without @name
 */
char *
studio_export_file_stem (const char *name)
{
  g_autofree char *base = NULL;
  char *dot;

  if (name == NULL || name[0] == '\0')
    return g_strdup ("deepkeygen");
  base = g_path_get_basename (name);
  if (g_str_has_suffix (base, ".nii.gz"))
    base[strlen (base) - 7] = '\0';
  else if ((dot = strrchr (base, '.')) != NULL && dot != base)
    *dot = '\0';
  g_strdelimit (base, "_ /\\:,()", '-');
  {
    /* one '-' between words, none at the ends */
    g_auto(GStrv) words = g_strsplit (base, "-", -1);
    g_autoptr(GString) out = g_string_new (NULL);

    for (guint i = 0; words[i] != NULL; i++)
      if (words[i][0] != '\0')
        g_string_append_printf (out, out->len > 0 ? "-%s" : "%s", words[i]);
    return g_utf8_strdown (out->str, -1);
  }
}

/**
 * studio_export_toast:
 * @widget: a widget inside the window's #AdwToastOverlay
 * @message: what was saved ("Saved the figure as “x.png”")
 * @file: the file written
 *
 * Confirms an export with a toast that opens the file ("Open") or shows it in the file
 * manager ("Show in Folder"), through the window's win.open-uri and win.show-in-folder.
 */
void
studio_export_toast (GtkWidget *widget, const char *message, GFile *file)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *uri = g_file_get_uri (file);
  GtkWidget *box, *label, *folder;
  AdwToast *toast;

  if (overlay == NULL)
    return;
  toast = adw_toast_new (message);
  /* libadwaita 1.2 toasts have one button: Open; Show in Folder goes into the title */
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  label = gtk_label_new (message);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (label, "heading");
  folder = gtk_button_new_with_mnemonic (_("Show in _Folder"));
  gtk_widget_add_css_class (folder, "flat");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (folder), "s", uri);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (folder), "win.show-in-folder");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), folder);
  adw_toast_set_custom_title (toast, box);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "win.open-uri");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}
