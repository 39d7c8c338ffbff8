/* test-stego-page.c — LSB steganography and RSA (Prakash et al. 2023): the third system
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "studio-export.h"
#include "studio-test-util.h"
#include "studio-window-private.h"

typedef struct
{
  StudioWindow *window;
  char         *error;
} Fixture;

static gboolean
has_plain (gpointer data)
{
  Fixture *f = data;

  return f->error != NULL || studio_encrypt_page_get_plain (f->window->encrypt_page) != NULL;
}

static gboolean
has_result (gpointer data)
{
  Fixture *f = data;

  return f->error != NULL || studio_encrypt_page_get_result (f->window->encrypt_page) != NULL;
}

static gboolean
stego_done (gpointer data)
{
  Fixture *f = data;

  return f->error != NULL || !studio_stego_page_get_busy (f->window->stego_page);
}

static void
on_error_cb (GtkWidget *page, const char *heading, const char *message, Fixture *f)
{
  g_free (f->error);
  f->error = g_strdup (message);
  g_test_message ("error: %s: %s", heading, message);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *model = studio_test_model (0);
  g_autofree char *path = studio_test_sample (data);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  f->window = g_object_ref_sink (studio_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  g_signal_connect (f->window->encrypt_page, "error", G_CALLBACK (on_error_cb), f);
  g_signal_connect (f->window->stego_page, "error", G_CALLBACK (on_error_cb), f);
  studio_window_add_model (f->window, model, TRUE);
  gtk_window_present (GTK_WINDOW (f->window));
  studio_window_open_file (f->window, file);
  studio_test_wait (has_plain, f, 60, "the sample to load");
  g_assert_null (f->error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  studio_test_screenshot_test (GTK_WIDGET (f->window));
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  g_free (f->error);
}

static void
draw_stego (cairo_t *cr, double width, double height, gpointer data)
{
  studio_stego_page_render_figure (data, cr, width, height);
}

static void
test_embed_encrypt_wrap (Fixture *f, gconstpointer data)
{
  StudioStegoPage *page = f->window->stego_page;
  g_autofree char *shot = NULL;
  g_autofree char *figure = g_test_build_filename (G_TEST_BUILT, "figure-stego.png", NULL);
  g_autoptr(GError) error = NULL;

  /* An encryption first: its key is what RSA-OAEP wraps. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.encrypt", NULL));
  studio_test_wait (has_result, f, 120, "the encryption");
  g_assert_null (f->error);
  studio_window_set_visible_page (f->window, "stego");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "stego.run", NULL));
  g_assert_true (studio_stego_page_get_busy (page));
  studio_test_wait (stego_done, f, 120, "embedding and RSA");
  g_assert_null (f->error);
  /* The text survives; textbook RSA round-trips; the public key alone decrypts it all. */
  g_assert_true (studio_stego_page_get_text_intact (page));
  g_assert_true (studio_stego_page_get_rsa_exact (page));
  g_assert_cmpfloat (studio_stego_page_get_attack_recovered (page), ==, 1.0);
  g_assert_cmpint (studio_stego_page_get_key_wrapped (page), ==, 1);
  /* the verdict over the table: textbook RSA's codebook attack is the one failure */
  g_assert_cmpstr (studio_stego_page_get_verdict (page), ==, "4 of 5 checks pass");
  for (guint i = 0; i < STUDIO_STEGO_N_VIEWS; i++)
    g_assert_nonnull (studio_image_view_get_image (studio_stego_page_get_view (page, i)));
  shot = studio_test_screenshot (GTK_WIDGET (f->window), "stego-page.png");
  g_assert_true (studio_export_figure (figure, 1200, 400, draw_stego, page, &error));
  g_assert_no_error (error);
}

/* Every pane shows a visible, windowed image: a 16-bit CT was a flat grey here (the full
 * 65,536-level range) before the panes took the image's own window. */
static void
test_panes_visible (Fixture *f, gconstpointer data)
{
  StudioStegoPage *page = f->window->stego_page;
  g_autofree char *name = g_strdup_printf ("stego-page-%s.png", (const char *) data);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.encrypt", NULL));
  studio_test_wait (has_result, f, 120, "the encryption");
  studio_window_set_visible_page (f->window, "stego");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "stego.run", NULL));
  studio_test_wait (stego_done, f, 120, "embedding and RSA");
  g_assert_null (f->error);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  for (guint i = 0; i < STUDIO_STEGO_N_VIEWS; i++)
    {
      g_autoptr(GdkTexture) tex =
        studio_test_render (GTK_WIDGET (studio_stego_page_get_view (page, i)));
      double var = studio_test_image_variance (tex);

      g_test_message ("%s, pane %u: variance %.0f", (const char *) data, i, var);
      g_assert_cmpfloat (var, >, 40);
    }
  g_free (studio_test_screenshot (GTK_WIDGET (f->window), name));
}

int
main (int argc, char **argv)
{
  studio_test_init (&argc, &argv);
  g_test_add ("/app/stego/embed-encrypt-wrap", Fixture, "colin27_ch2_axial_z090_8bit.png",
              fixture_setup, test_embed_encrypt_wrap, fixture_teardown);
  g_test_add ("/app/stego/panes-visible-16bit", Fixture, "CT_small.dcm", fixture_setup,
              test_panes_visible, fixture_teardown);
  return g_test_run ();
}
