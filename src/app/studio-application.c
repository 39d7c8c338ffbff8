/* studio-application.c — the application: app actions, preferences, About
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "dkg-blas.h"
#include "studio-application.h"
#include "studio-preferences-window.h"
#include "studio-window.h"

struct _StudioApplication
{
  AdwApplication  parent_instance;

  /* Owned */
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (StudioApplication, studio_application, ADW_TYPE_APPLICATION)

static void
apply_color_scheme (StudioApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme cs = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (scheme, "light"))
    cs = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (scheme, "dark"))
    cs = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), cs);
}

static void
apply_threads (StudioApplication *self)
{
  /* 0 = all cores (dkg_blas_set_threads). */
  dkg_blas_set_threads (g_settings_get_int (self->settings, "threads"));
}

static void
on_settings_changed_cb (GSettings *settings, const char *key, StudioApplication *self)
{
  if (g_str_equal (key, "color-scheme"))
    apply_color_scheme (self);
  else if (g_str_equal (key, "threads"))
    apply_threads (self);
}

static void
quit_action_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  while (windows != NULL)
    {
      GtkWindow *window = windows->data;

      windows = windows->next;
      gtk_window_destroy (window);
    }
  g_application_quit (G_APPLICATION (user_data));
}

static void
preferences_action_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GtkWidget *prefs = studio_preferences_window_new (parent);

  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_action_cb (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  static const char *developers[] = { "DeepKeyGen Studio contributors", NULL };
  static const char *papers[] = {
    "Y. Ding et al. — DeepKeyGen: A Deep Learning-Based Stream Cipher Generator for Medical "
    "Image Encryption and Decryption, IEEE Transactions on Neural Networks and Learning "
    "Systems, 2022",
    "Prakash et al. — LSB steganography and RSA for medical images, 2023",
    "I. Gulrajani, F. Ahmed, M. Arjovsky, V. Dumoulin, A. Courville — Improved Training of "
    "Wasserstein GANs, NeurIPS 2017",
    NULL
  };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GtkWidget *about = adw_about_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("DeepKeyGen Studio"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), "io.github.deepkeygen.Studio");
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about),
                                       _("DeepKeyGen Studio contributors"));
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("Generate image-shaped encryption keys with trained GANs, "
                                   "encrypt and decrypt medical images with them, and analyse "
                                   "the security of keys and ciphertexts."));
  adw_about_window_set_website (ADW_ABOUT_WINDOW (about),
                                "https://github.com/deepkeygen/deepkeygen-studio");
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  /* Translators: put your names here, one per line */
  adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), _("translator-credits"));
  adw_about_window_add_credit_section (ADW_ABOUT_WINDOW (about), _("Papers reproduced"), papers);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action_cb },
  { "preferences", preferences_action_cb },
  { "about", about_action_cb },
};

static void
studio_application_startup (GApplication *app)
{
  StudioApplication *self = STUDIO_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (studio_application_parent_class)->startup (app);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);
  self->settings = g_settings_new ("io.github.deepkeygen.Studio");
  g_signal_connect (self->settings, "changed", G_CALLBACK (on_settings_changed_cb), self);
  apply_color_scheme (self);
  apply_threads (self);
}

static void
studio_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (studio_window_new (STUDIO_APPLICATION (app)));
  gtk_window_present (window);
}

static void
studio_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  StudioWindow *window;

  studio_application_activate (app);
  window = STUDIO_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  for (int i = 0; i < n_files; i++)
    studio_window_open_file (window, files[i]);
}

static void
studio_application_dispose (GObject *object)
{
  StudioApplication *self = STUDIO_APPLICATION (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (studio_application_parent_class)->dispose (object);
}

static void
studio_application_class_init (StudioApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = studio_application_dispose;
  app_class->startup = studio_application_startup;
  app_class->activate = studio_application_activate;
  app_class->open = studio_application_open;
}

static void
studio_application_init (StudioApplication *self)
{
}

/**
 * studio_application_new:
 *
 * Returns: (transfer full): the application
 */
StudioApplication *
studio_application_new (void)
{
  return g_object_new (STUDIO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/deepkeygen/Studio",
                       NULL);
}

/** studio_application_get_settings: Returns: (transfer none): the app's settings */
GSettings *
studio_application_get_settings (StudioApplication *self)
{
  g_return_val_if_fail (STUDIO_IS_APPLICATION (self), NULL);
  return self->settings;
}
