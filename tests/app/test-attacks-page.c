/* test-attacks-page.c — the Attacks page: key reuse and known plaintext, xor against ChaCha20
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
attack_done (gpointer data)
{
  Fixture *f = data;

  return f->error != NULL || !studio_attacks_page_get_busy (f->window->attacks_page);
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
  g_autofree char *path = studio_test_sample ("colin27_ch2_axial_z090_8bit.png");
  g_autofree char *second = studio_test_sample ("MR_small.dcm");
  g_autoptr(GFile) file = g_file_new_for_path (path);

  f->window = g_object_ref_sink (studio_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  g_signal_connect (f->window->encrypt_page, "error", G_CALLBACK (on_error_cb), f);
  g_signal_connect (f->window->attacks_page, "error", G_CALLBACK (on_error_cb), f);
  studio_window_add_model (f->window, model, TRUE);
  gtk_window_present (GTK_WINDOW (f->window));
  studio_window_open_file (f->window, file);
  studio_test_wait (has_plain, f, 60, "the sample to load");
  studio_window_set_visible_page (f->window, "attacks");
  /* A 16-bit MR image as P₂: the page brings it to P₁'s shape and depth. */
  studio_attacks_page_set_second (f->window->attacks_page, second);
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
run (Fixture *f, DkgContainerScheme scheme)
{
  studio_attacks_page_set_scheme (f->window->attacks_page, scheme);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window->attacks_page), "attacks.run",
                                             NULL));
  g_assert_true (studio_attacks_page_get_busy (f->window->attacks_page));
  studio_test_wait (attack_done, f, 120, "the attacks");
  g_assert_null (f->error);
  for (guint i = 0; i < STUDIO_ATTACKS_N_VIEWS; i++)
    g_assert_nonnull (studio_image_view_get_image (studio_attacks_page_get_view (f->window->attacks_page, i)));
}

static void
draw_attacks (cairo_t *cr, double width, double height, gpointer data)
{
  studio_attacks_page_render_figure (data, cr, width, height);
}

static void
test_xor_breaks (Fixture *f, gconstpointer data)
{
  g_autofree char *shot = NULL;
  g_autofree char *figure = g_test_build_filename (G_TEST_BUILT, "figure-attacks.pdf", NULL);
  g_autoptr(GError) error = NULL;

  run (f, DKG_CONTAINER_SCHEME_XOR);
  /* C₁ ⊕ C₂ = P₁ ⊕ P₂ everywhere; one known plaintext decrypts the other image entirely. */
  g_assert_cmpfloat (studio_attacks_page_get_reuse_match (f->window->attacks_page), ==, 1.0);
  g_assert_cmpfloat (studio_attacks_page_get_recovered (f->window->attacks_page), ==, 1.0);
  shot = studio_test_screenshot (GTK_WIDGET (f->window), "attacks-page-xor.png");
  /* Export Figure on this page: the eight panes with their titles. */
  g_assert_true (studio_export_figure (figure, 1200, 700, draw_attacks, f->window->attacks_page,
                                       &error));
  g_assert_no_error (error);
}

/* The cat map's chosen-plaintext attack (§6.9): the permutation and P₁ come back entirely. */
static void
test_acm_chosen_plaintext (Fixture *f, gconstpointer data)
{
  g_autofree char *shot = NULL;

  run (f, DKG_CONTAINER_SCHEME_ACM_XOR);
  g_assert_cmpfloat (studio_attacks_page_get_chosen_permutation (f->window->attacks_page), ==, 1.0);
  g_assert_cmpfloat (studio_attacks_page_get_chosen_recovered (f->window->attacks_page), ==, 1.0);
  {
    /* scrolled down to the chosen-plaintext panes, for a person to look at */
    GtkWidget *sw = gtk_widget_get_ancestor (GTK_WIDGET (studio_attacks_page_get_view (f->window->attacks_page, 11)),
                                             GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw));

    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    studio_test_iterate (0.3);
  }
  shot = studio_test_screenshot (GTK_WIDGET (f->window), "attacks-page-acm.png");
}

static void
test_hardened_resists (Fixture *f, gconstpointer data)
{
  g_autofree char *shot = NULL;

  run (f, DKG_CONTAINER_SCHEME_CHACHA20_POLY1305);
  /* Fresh salt and nonce per file: both attacks are at chance level (1/256 for 8-bit). */
  g_assert_cmpfloat (studio_attacks_page_get_reuse_match (f->window->attacks_page), <, 0.02);
  g_assert_cmpfloat (studio_attacks_page_get_recovered (f->window->attacks_page), <, 0.02);
  g_assert_cmpfloat (studio_attacks_page_get_chosen_recovered (f->window->attacks_page), <, 0.02);
  shot = studio_test_screenshot (GTK_WIDGET (f->window), "attacks-page-chacha20.png");
}

/* Every pane shows a visible, windowed image whatever P₁ is: 8-bit grey, 16-bit signed CT
 * (through the full 16-bit range, P₁ had a variance of 20: a flat grey), RGB. */
/* An RGB image with structure in every channel: the brain slice, its negative and its
 * mirror image as red, green and blue (the shipped RGB tile is mostly white background). */
static char *
make_rgb_sample (void)
{
  g_autofree char *grey_path = studio_test_sample ("colin27_ch2_axial_z090_8bit.png");
  g_autoptr(DkgImage) grey = dkg_image_load (grey_path, NULL, NULL);
  g_autoptr(DkgImage) rgb = NULL;
  char *path = g_build_filename (studio_test_tmpdir (), "brain-rgb.png", NULL);

  g_assert_nonnull (grey);
  rgb = dkg_image_new (grey->width, grey->height, 3, 8, FALSE, NULL);
  for (guint y = 0; y < grey->height; y++)
    for (guint x = 0; x < grey->width; x++)
      {
        gsize p = (gsize) y * grey->width + x;

        rgb->data[3 * p] = grey->data[p];
        rgb->data[3 * p + 1] = 255 - grey->data[p];
        rgb->data[3 * p + 2] = grey->data[(gsize) y * grey->width + (grey->width - 1 - x)];
      }
  g_assert_true (dkg_image_save_png (rgb, path, NULL));
  return path;
}

static void
test_panes_visible (Fixture *f, gconstpointer data)
{
  g_autofree char *rgb = make_rgb_sample ();
  const char *const inputs[] = { "colin27_ch2_axial_z090_8bit.png", "CT_small.dcm", rgb };

  for (guint k = 0; k < G_N_ELEMENTS (inputs); k++)
    {
      g_autofree char *path = k < 2 ? studio_test_sample (inputs[k]) : g_strdup (inputs[k]);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      StudioImage *before = studio_encrypt_page_get_plain (f->window->encrypt_page);
      g_autofree char *shot_name = g_strdup_printf ("attacks-page-%u.png", k);
      g_autofree char *shot = NULL;

      if (k > 0)
        {
          studio_window_open_file (f->window, file);
          while (studio_encrypt_page_get_plain (f->window->encrypt_page) == before
                 && f->error == NULL)
            g_main_context_iteration (NULL, TRUE);
          studio_window_set_visible_page (f->window, "attacks");
        }
      g_assert_null (f->error);
      run (f, DKG_CONTAINER_SCHEME_XOR);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
      shot = studio_test_screenshot (GTK_WIDGET (f->window), shot_name);
      for (guint i = 0; i < STUDIO_ATTACKS_N_VIEWS; i++)
        {
          GtkWidget *view = GTK_WIDGET (studio_attacks_page_get_view (f->window->attacks_page, i));
          g_autoptr(GdkTexture) tex = studio_test_render (view);
          double var = studio_test_image_variance (tex);

          g_test_message ("%s, pane %u: variance %.0f", inputs[k], i, var);
          g_assert_cmpfloat (var, >, 40);
        }
    }
}

int
main (int argc, char **argv)
{
  studio_test_init (&argc, &argv);
  g_test_add ("/app/attacks/xor-breaks", Fixture, NULL, fixture_setup, test_xor_breaks,
              fixture_teardown);
  g_test_add ("/app/attacks/hardened-resists", Fixture, NULL, fixture_setup,
              test_hardened_resists, fixture_teardown);
  g_test_add ("/app/attacks/acm-chosen-plaintext", Fixture, NULL, fixture_setup,
              test_acm_chosen_plaintext, fixture_teardown);
  g_test_add ("/app/attacks/panes-visible", Fixture, NULL, fixture_setup, test_panes_visible,
              fixture_teardown);
  return g_test_run ();
}
