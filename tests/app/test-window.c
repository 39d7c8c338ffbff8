/* test-window.c — the window's settings, menus, figure export and the preferences window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "studio-data.h"
#include "studio-export.h"
#include "studio-preferences-window.h"
#include "studio-test-util.h"
#include "studio-window-private.h"

static gboolean
has_plain (gpointer data)
{
  StudioWindow *window = data;

  return studio_encrypt_page_get_plain (window->encrypt_page) != NULL;
}

static gboolean
has_recent_section (gpointer data)
{
  StudioWindow *window = data;
  GMenuModel *menu = adw_split_button_get_menu_model (window->open_button);

  /* "Recent" and "Samples" */
  return menu != NULL && g_menu_model_get_n_items (menu) == 2;
}

static void
test_default_scheme (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.deepkeygen.Studio");
  StudioWindow *window;
  g_autofree char *scheme = NULL;

  g_settings_set_string (settings, "default-scheme", "acm-xor");
  window = g_object_ref_sink (studio_window_new (NULL));
  g_object_get (window, "scheme", &scheme, NULL);
  g_assert_cmpstr (scheme, ==, "acm-xor");
  g_assert_cmpstr (gtk_menu_button_get_label (window->scheme_button), ==, "Cat Map");
  /* The header-bar menu is a stateful action: choosing another scheme changes the property. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.scheme", "s",
                                             "chacha20-poly1305"));
  g_clear_pointer (&scheme, g_free);
  g_object_get (window, "scheme", &scheme, NULL);
  g_assert_cmpstr (scheme, ==, "chacha20-poly1305");
  gtk_window_present (GTK_WINDOW (window));
  studio_test_screenshot_test (GTK_WIDGET (window));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_settings_reset (settings, "default-scheme");
}

static void
test_models_and_recent (void)
{
  g_autofree char *model = studio_test_model (1);
  g_autofree char *sample = studio_test_sample ("MR_small.dcm");
  g_autoptr(GFile) file = g_file_new_for_path (sample);
  StudioWindow *window = g_object_ref_sink (studio_window_new (NULL));
  GMenuModel *models;
  g_autofree char *shot = NULL;

  gtk_window_present (GTK_WINDOW (window));
  /* A model file opened (or dropped) goes to the model menu and is selected. */
  {
    g_autoptr(GFile) model_file = g_file_new_for_path (model);

    studio_window_open_file (window, model_file);
  }
  g_assert_cmpstr (studio_window_get_model (window), ==, model);
  g_assert_cmpstr (gtk_menu_button_get_label (window->model_button), ==, "resnet-1");
  models = gtk_menu_button_get_menu_model (window->model_button);
  g_assert_cmpint (g_menu_model_get_n_items (models), ==, 2);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window->encrypt_button)));

  /* An opened image enables Encrypt and joins the recent files of the Open menu. */
  studio_window_open_file (window, file);
  studio_test_wait (has_plain, window, 60, "the image");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window->encrypt_button)));
  studio_test_wait (has_recent_section, window, 30, "the recent files");
  shot = studio_test_screenshot (GTK_WIDGET (window), "window-mr-small.png");
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

/* The label a menu shows for @model_label: mnemonics parsed, as GtkPopoverMenu does. */
static char *
shown_label (const char *model_label)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new_with_mnemonic (model_label));
  char *text = g_strdup (gtk_label_get_text (GTK_LABEL (label)));

  g_object_unref (label);
  return text;
}

static GMenuModel *
section (GMenuModel *menu, const char *title)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;

      g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
      if (g_strcmp0 (label, title) == 0)
        return g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
    }
  return NULL;
}

static gboolean
recent_has_png (gpointer data)
{
  StudioWindow *window = data;
  g_autoptr(GMenuModel) recent = section (adw_split_button_get_menu_model (window->open_button),
                                          "Recent");

  return recent != NULL && g_menu_model_get_n_items (recent) >= 1;
}

/* File names show as they are (no mnemonic eats the underscores of "CT_small.dcm"), and the
 * recent files list only what Open can read: no PDF or SVG figure, model or folder. */
static void
test_menu_labels_and_recent_filter (void)
{
  StudioWindow *window = g_object_ref_sink (studio_window_new (NULL));
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  const char *dir = studio_test_tmpdir ();
  const char *names[] = { "figure_1.pdf", "plot_2.svg", "my_model.safetensors", "a_folder",
                          "brain_slice_1.png" };
  g_autoptr(GMenuModel) samples = NULL;
  g_autoptr(GMenuModel) recent = NULL;
  guint n_checked = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
      GtkRecentData data = { .display_name = (char *) names[i], .app_name = (char *) g_get_application_name (),
                             .app_exec = (char *) "deepkeygen-studio %f",
                             .mime_type = (char *) (i == 3 ? "inode/directory"
                                                    : i == 0 ? "application/pdf"
                                                    : i == 1 ? "image/svg+xml"
                                                    : i == 2 ? "application/octet-stream"
                                                    : "image/png") };

      if (i == 3)
        g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
      else
        g_assert_true (g_file_set_contents (path, "x", 1, NULL));
      g_assert_true (gtk_recent_manager_add_full (manager, uri, &data));
    }
  _studio_window_rebuild_open_menu (window);
  studio_test_wait (recent_has_png, window, 30, "the recent files");
  _studio_window_rebuild_open_menu (window);
  recent = section (adw_split_button_get_menu_model (window->open_button), "Recent");
  g_assert_nonnull (recent);
  {
    gboolean has_png = FALSE;

    for (int i = 0; i < g_menu_model_get_n_items (recent); i++)
      {
        g_autofree char *label = NULL;
        g_autofree char *shown = NULL;

        g_menu_model_get_item_attribute (recent, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
        shown = shown_label (label);
        g_test_message ("recent: %s", shown);
        has_png |= g_strcmp0 (shown, "brain_slice_1.png") == 0;
        for (gsize k = 0; k < 4; k++)
          g_assert_cmpstr (shown, !=, names[k]);
      }
    g_assert_true (has_png);
  }
  samples = section (adw_split_button_get_menu_model (window->open_button), "Samples");
  g_assert_nonnull (samples);
  for (int i = 0; i < g_menu_model_get_n_items (samples); i++)
    {
      g_autofree char *label = NULL;
      g_autofree char *shown = NULL;

      g_menu_model_get_item_attribute (samples, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
      shown = shown_label (label);
      if (strchr (shown, '_') != NULL)
        n_checked++;
      g_assert_true (g_str_has_suffix (shown, ".dcm") || g_str_has_suffix (shown, ".png"));
    }
  /* CT_small.dcm, MR_small.dcm, SC_rgb_jpeg_dcmd.dcm, colin27_ch2_axial_z090_8bit.png */
  g_assert_cmpuint (n_checked, ==, 4);
  g_assert_true (studio_data_is_openable_image ("file:///x/IM0001", "application/dicom"));
  g_assert_false (studio_data_is_openable_image ("file:///x/figure.svg", "image/svg+xml"));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

static gboolean
has_result (gpointer data)
{
  StudioWindow *window = data;

  return studio_encrypt_page_get_result (window->encrypt_page) != NULL
         && !studio_encrypt_page_get_busy (window->encrypt_page);
}

static gboolean
attacks_idle (gpointer data)
{
  StudioWindow *window = data;

  return !studio_attacks_page_get_busy (window->attacks_page);
}

/* One source of truth: changing the header's scheme or model marks the shown results out of
 * date, Run Again (Ctrl+Return) runs the visible page's work, and the header's controls keep
 * their places when their labels change. */
static void
test_stale_and_scoped_run (void)
{
  g_autofree char *model = studio_test_model (0);
  g_autofree char *sample = studio_test_sample ("colin27_ch2_axial_z090_8bit.png");
  g_autofree char *second = studio_test_sample ("MR_small.dcm");
  g_autoptr(GFile) file = g_file_new_for_path (sample);
  StudioWindow *window = g_object_ref_sink (studio_window_new (NULL));
  int scheme_width, model_x;
  graphene_rect_t r;
  DkgContainerScheme made;
  const char *made_model;
  g_autofree char *shot = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  studio_window_add_model (window, model, TRUE);
  gtk_window_present (GTK_WINDOW (window));
  studio_window_open_file (window, file);
  studio_test_wait (has_plain, window, 60, "the image");
  g_object_set (window, "scheme", "xor", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run-page", NULL));
  studio_test_wait (has_result, window, 120, "the encryption");
  g_assert_false (studio_window_get_stale (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  scheme_width = gtk_widget_get_width (GTK_WIDGET (window->scheme_button));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (window->model_button), GTK_WIDGET (window), &r));
  model_x = (int) r.origin.x;

  /* Another scheme: the XOR results are out of date, and say so */
  g_object_set (window, "scheme", "chacha20-poly1305", NULL);
  g_assert_true (studio_window_get_stale (window));
  g_assert_nonnull (strstr (gtk_label_get_label (window->stale_label), "XOR"));
  g_assert_nonnull (strstr (gtk_label_get_label (window->stale_label), "ChaCha20"));
  studio_test_iterate (0.3);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  shot = studio_test_screenshot (GTK_WIDGET (window), "window-stale.png");
  /* An export's confirmation: Open and Show in Folder (a screenshot to look at) */
  {
    g_autoptr(GFile) saved = g_file_new_for_path ("/tmp/colin27-ch2-axial-z090-8bit-encrypt.png");
    g_autofree char *toast_shot = NULL;

    studio_export_toast (GTK_WIDGET (window->view_stack),
                         "Saved the figure as “colin27-ch2-axial-z090-8bit-encrypt.png”", saved);
    studio_test_iterate (0.5);
    toast_shot = studio_test_screenshot (GTK_WIDGET (window), "window-export-toast.png");
  }
  /* … and the header's buttons did not move */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window->scheme_button)), ==, scheme_width);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (window->model_button), GTK_WIDGET (window), &r));
  g_assert_cmpint ((int) r.origin.x, ==, model_x);
  /* Run Again on the Analysis page re-encrypts (and stays there) */
  studio_window_set_visible_page (window, "analysis");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run-page", NULL));
  studio_test_wait (has_result, window, 120, "the new encryption");
  g_assert_cmpint (studio_encrypt_page_get_result (window->encrypt_page)->scheme, ==,
                   DKG_CONTAINER_SCHEME_CHACHA20_POLY1305);
  g_assert_false (studio_window_get_stale (window));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "analysis");

  /* Ctrl+Return on the Attacks page runs the attacks, on the header's scheme, and stays */
  studio_window_set_visible_page (window, "attacks");
  studio_attacks_page_set_second (window->attacks_page, second);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run-page", NULL));
  g_assert_true (studio_attacks_page_get_busy (window->attacks_page));
  studio_test_wait (attacks_idle, window, 120, "the attacks");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "attacks");
  g_assert_true (studio_attacks_page_get_result_inputs (window->attacks_page, &made, &made_model));
  g_assert_cmpint (made, ==, DKG_CONTAINER_SCHEME_CHACHA20_POLY1305);
  g_assert_false (studio_window_get_stale (window));
  g_object_set (window, "scheme", "acm-xor", NULL);
  g_assert_true (studio_window_get_stale (window));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

/* Presentation mode: F11 (the action) goes full screen with larger text; a pane shown alone
 * fills the page; Escape goes back, then out of presentation mode. */
static void
test_presentation (void)
{
  g_autofree char *model = studio_test_model (0);
  g_autofree char *sample = studio_test_sample ("CT_small.dcm");
  g_autoptr(GFile) file = g_file_new_for_path (sample);
  StudioWindow *window = g_object_ref_sink (studio_window_new (NULL));
  GtkWidget *plain;
  int normal_h, big_h, min, pane_w;
  gboolean presentation;
  g_autofree char *shot1 = NULL;
  g_autofree char *shot2 = NULL;
  g_autofree char *shot3 = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  studio_window_add_model (window, model, TRUE);
  gtk_window_present (GTK_WINDOW (window));
  studio_window_open_file (window, file);
  studio_test_wait (has_plain, window, 60, "the image");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.encrypt", NULL));
  studio_test_wait (has_result, window, 120, "the encryption");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  /* a label's text grows with the window's font size: the banner's, with a fixed text */
  gtk_label_set_label (window->stale_label, "Plaintext, Key, Ciphertext");
  gtk_widget_measure (GTK_WIDGET (window->stale_label), GTK_ORIENTATION_HORIZONTAL, -1, &min,
                      &normal_h, NULL, NULL);
  plain = GTK_WIDGET (studio_encrypt_page_get_view (window->encrypt_page, STUDIO_PANE_PLAIN));
  pane_w = gtk_widget_get_width (plain);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.presentation", NULL));
  g_object_get (window, "presentation", &presentation, NULL);
  g_assert_true (presentation);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "presentation"));
  studio_test_iterate (0.5);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  gtk_widget_measure (GTK_WIDGET (window->stale_label), GTK_ORIENTATION_HORIZONTAL, -1, &min,
                      &big_h, NULL, NULL);
  g_test_message ("a label: %d px wide, %d px in presentation mode", normal_h, big_h);
  g_assert_cmpint (big_h, >, normal_h * 1.2);
  shot1 = studio_test_screenshot (GTK_WIDGET (window), "presentation-encrypt.png");

  /* The plaintext alone: one pane over the whole page */
  g_assert_true (_studio_window_enlarge (window, plain));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "enlarged");
  studio_test_iterate (0.5);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpint (gtk_widget_get_width (gtk_frame_get_child (window->enlarged_frame)), >,
                   (int) (1.8 * pane_w));
  shot2 = studio_test_screenshot (GTK_WIDGET (window), "presentation-enlarged.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.escape", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->content_stack), ==, "main");

  /* A plot alone, with its verdict line over the tables on the Analysis page */
  studio_window_set_visible_page (window, "analysis");
  studio_test_iterate (3.0);
  if (studio_analysis_page_get_has_result (window->analysis_page))
    {
      g_assert_true (_studio_window_enlarge (window, GTK_WIDGET (studio_analysis_page_get_scatter (window->analysis_page, 3))));
      studio_test_iterate (0.3);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      shot3 = studio_test_screenshot (GTK_WIDGET (window), "presentation-plot.png");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.escape", NULL));
    }
  /* Escape again: out of presentation mode */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.escape", NULL));
  g_object_get (window, "presentation", &presentation, NULL);
  g_assert_false (presentation);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "presentation"));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

/* A small laptop screen: the header bar keeps its controls, the pages switch at the bottom. */
static void
test_small_window (void)
{
  g_autofree char *sample = studio_test_sample ("CT_small.dcm");
  g_autoptr(GFile) file = g_file_new_for_path (sample);
  StudioWindow *window = g_object_ref_sink (studio_window_new (NULL));
  g_autofree char *shot = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 960, 640);
  gtk_window_present (GTK_WINDOW (window));
  studio_window_open_file (window, file);
  studio_test_wait (has_plain, window, 60, "the image");
  studio_test_iterate (0.6);            /* the stack's cross-fade */
  shot = studio_test_screenshot (GTK_WIDGET (window), "window-small.png");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 1000);
  studio_window_set_visible_page (window, "training");
  studio_test_iterate (0.6);
  g_clear_pointer (&shot, g_free);
  shot = studio_test_screenshot (GTK_WIDGET (window), "window-small-training.png");
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

static void
draw_encrypt (cairo_t *cr, double width, double height, gpointer data)
{
  studio_encrypt_page_render_figure (data, cr, width, height);
}

static void
draw_training (cairo_t *cr, double width, double height, gpointer data)
{
  studio_training_page_render_figure (data, cr, width, height);
}

static void
test_figures (void)
{
  g_autofree char *sample = studio_test_sample ("colin27_ch2_axial_z090_8bit.png");
  g_autoptr(GFile) file = g_file_new_for_path (sample);
  StudioWindow *window = g_object_ref_sink (studio_window_new (NULL));
  const char *names[] = { "figure-encrypt.png", "figure-encrypt.svg", "figure-encrypt.pdf" };
  const char *magics[] = { "\x89PNG\r\n\x1a\n", "<?xml", "%PDF-" };
  g_autoptr(GError) error = NULL;
  g_autofree char *training = g_build_filename (studio_test_tmpdir (), "figure-training.pdf",
                                                NULL);

  gtk_window_present (GTK_WINDOW (window));
  studio_window_open_file (window, file);
  studio_test_wait (has_plain, window, 60, "the image");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (studio_test_tmpdir (), names[i], NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;
      GStatBuf st;

      g_assert_true (studio_export_figure (path, 1200, 1000, draw_encrypt, window->encrypt_page,
                                           &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_size, >, 1000);
      /* the format follows the extension */
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_cmpmem (contents, strlen (magics[i]), magics[i], strlen (magics[i]));
    }
  g_assert_true (studio_export_figure (training, 1200, 700, draw_training, window->training_page,
                                       &error));
  g_assert_no_error (error);
  /* A folder that does not exist: an error that names the file. */
  g_assert_false (studio_export_figure ("/nonexistent/folder/figure.png", 100, 100, draw_encrypt,
                                        window->encrypt_page, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "figure.png"));
  studio_test_screenshot_test (GTK_WIDGET (window));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.deepkeygen.Studio");
  GtkWidget *prefs = studio_preferences_window_new (NULL);
  g_autofree char *shot = NULL;

  g_object_ref_sink (prefs);
  gtk_window_present (GTK_WINDOW (prefs));
  g_settings_set_string (settings, "output-folder", "/tmp/deepkeygen-output");
  g_settings_set_uint (settings, "acm-iterations", 7);
  gtk_test_widget_wait_for_draw (prefs);
  shot = studio_test_screenshot (prefs, "preferences.png");
  g_settings_reset (settings, "output-folder");
  g_settings_reset (settings, "acm-iterations");
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_object_unref (prefs);
}

int
main (int argc, char **argv)
{
  studio_test_init (&argc, &argv);
  g_test_add_func ("/app/window/default-scheme", test_default_scheme);
  g_test_add_func ("/app/window/models-and-recent", test_models_and_recent);
  g_test_add_func ("/app/window/figures", test_figures);
  g_test_add_func ("/app/window/stale-and-scoped-run", test_stale_and_scoped_run);
  g_test_add_func ("/app/window/presentation", test_presentation);
  g_test_add_func ("/app/window/menu-labels-and-recent-filter",
                   test_menu_labels_and_recent_filter);
  g_test_add_func ("/app/window/small", test_small_window);
  g_test_add_func ("/app/preferences/bound", test_preferences);
  return g_test_run ();
}
