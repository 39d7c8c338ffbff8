/* studio-preferences-window.c — preferences, bound to GSettings
 *
 * Every row is bound to a key of io.github.deepkeygen.Studio; choices map between the combo
 * rows' positions and the keys' string values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "studio-export.h"
#include "studio-preferences-window.h"

struct _StudioPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwComboRow          *scheme_row;
  GtkAdjustment        *acm_adjustment;
  GtkAdjustment        *threads_adjustment;
  AdwComboRow          *style_row;
  AdwActionRow         *folder_row;

  /* Owned */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (StudioPreferencesWindow, studio_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static const char *const schemes[] = { "xor", "acm-xor", "chacha20-poly1305", NULL };
static const char *const styles[] = { "default", "light", "dark", NULL };

static gboolean
get_choice (GValue *value, GVariant *variant, gpointer user_data)
{
  const char *const *choices = user_data;
  const char *s = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (choices[i], s))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
set_choice (const GValue *value, const GVariantType *type, gpointer user_data)
{
  const char *const *choices = user_data;
  guint i = g_value_get_uint (value);

  if (i >= g_strv_length ((char **) choices))
    return NULL;
  return g_variant_new_string (choices[i]);
}

static void
update_folder_row (StudioPreferencesWindow *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "output-folder");

  adw_action_row_set_subtitle (self->folder_row,
                               folder[0] != '\0' ? folder : _("Ask every time"));
}

static void
on_folder_changed_cb (GSettings *settings, const char *key, StudioPreferencesWindow *self)
{
  update_folder_row (self);
}

static void
on_folder_chosen_cb (GFile *file, gpointer user_data)
{
  StudioPreferencesWindow *self = user_data;
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    g_settings_set_string (self->settings, "output-folder", path);
}

static void
choose_folder_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  studio_export_choose_open (widget, _("Default Output Folder"), NULL, TRUE,
                             on_folder_chosen_cb, g_object_ref (widget), g_object_unref);
}

static void
reset_folder_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  g_settings_reset (STUDIO_PREFERENCES_WINDOW (widget)->settings, "output-folder");
}

static void
studio_preferences_window_dispose (GObject *object)
{
  StudioPreferencesWindow *self = STUDIO_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (studio_preferences_window_parent_class)->dispose (object);
}

static void
studio_preferences_window_class_init (StudioPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/deepkeygen/"
                                               "Studio/ui/studio-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioPreferencesWindow, scheme_row);
  gtk_widget_class_bind_template_child (widget_class, StudioPreferencesWindow, acm_adjustment);
  gtk_widget_class_bind_template_child (widget_class, StudioPreferencesWindow,
                                        threads_adjustment);
  gtk_widget_class_bind_template_child (widget_class, StudioPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, StudioPreferencesWindow, folder_row);
  gtk_widget_class_install_action (widget_class, "prefs.choose-folder", NULL,
                                   choose_folder_action_cb);
  gtk_widget_class_install_action (widget_class, "prefs.reset-folder", NULL,
                                   reset_folder_action_cb);
}

static void
studio_preferences_window_init (StudioPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new ("io.github.deepkeygen.Studio");
  g_settings_bind_with_mapping (self->settings, "default-scheme", self->scheme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, get_choice, set_choice,
                                (gpointer) schemes, NULL);
  g_settings_bind_with_mapping (self->settings, "color-scheme", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, get_choice, set_choice,
                                (gpointer) styles, NULL);
  g_settings_bind (self->settings, "acm-iterations", self->acm_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "threads", self->threads_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::output-folder",
                           G_CALLBACK (on_folder_changed_cb), self, 0);
  update_folder_row (self);
}

/**
 * studio_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer floating): the preferences window
 */
GtkWidget *
studio_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (STUDIO_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
}
