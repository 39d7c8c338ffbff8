/* test-application.c — the application: window, app actions, About, shortcuts, preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "studio-application.h"
#include "studio-test-util.h"
#include "studio-window.h"

static GtkWindow *
find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static void
test_app_windows (void)
{
  g_autoptr(StudioApplication) app = studio_application_new ();
  g_autoptr(GError) error = NULL;
  GtkWindow *window, *about, *prefs, *shortcuts;
  g_autofree char *shot = NULL;

  /* No session bus in the test: run as a non-unique instance. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (STUDIO_IS_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = find_window (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  shot = studio_test_screenshot (GTK_WIDGET (about), "about.png");
  gtk_window_destroy (about);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  prefs = find_window (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  gtk_window_destroy (prefs);

  /* GtkApplication loads gtk/help-overlay.ui from the resource base path. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  shortcuts = find_window (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  g_clear_pointer (&shot, g_free);
  shot = studio_test_screenshot (GTK_WIDGET (shortcuts), "shortcuts.png");
  gtk_window_destroy (shortcuts);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (app)));
}

int
main (int argc, char **argv)
{
  studio_test_init (&argc, &argv);
  g_test_add_func ("/app/application/windows", test_app_windows);
  return g_test_run ();
}
