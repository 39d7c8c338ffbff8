/* test-encrypt-page.c — the Encrypt page: open a shipped sample, encrypt, decrypt
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dkg-container.h"
#include "studio-encrypt-page.h"
#include "studio-readout.h"
#include "studio-test-util.h"
#include "studio-window-private.h"

typedef struct
{
  StudioWindow *window;
  char         *error;
  StudioImage  *previous;      /* borrowed: the plaintext before open_sample() */
} Fixture;

static gboolean
has_plain (gpointer data)
{
  Fixture *f = data;
  StudioImage *plain = studio_encrypt_page_get_plain (f->window->encrypt_page);

  return f->error != NULL || (plain != NULL && plain != f->previous);
}

static gboolean
has_result (gpointer data)
{
  Fixture *f = data;

  return f->error != NULL || studio_encrypt_page_get_result (f->window->encrypt_page) != NULL;
}

static void
on_error_cb (GtkWidget *page, const char *heading, const char *message, Fixture *f)
{
  g_free (f->error);
  f->error = g_strdup (message);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *model = studio_test_model (0);

  f->window = g_object_ref_sink (studio_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 860);
  g_signal_connect (f->window->encrypt_page, "error", G_CALLBACK (on_error_cb), f);
  studio_window_add_model (f->window, model, TRUE);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
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
open_sample (Fixture *f, const char *name)
{
  g_autofree char *path = studio_test_sample (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  f->previous = studio_encrypt_page_get_plain (f->window->encrypt_page);
  studio_window_open_file (f->window, file);
  studio_test_wait (has_plain, f, 60, "the sample to load");
  f->previous = NULL;
  g_assert_null (f->error);
}

static void
encrypt (Fixture *f, const char *scheme)
{
  g_object_set (f->window, "scheme", scheme, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.encrypt", NULL));
  g_assert_true (studio_encrypt_page_get_busy (f->window->encrypt_page));
  /* While the worker runs the key pane says so, not "Press Encrypt" */
  {
    const char *said = studio_image_view_get_placeholder (
      studio_encrypt_page_get_view (f->window->encrypt_page, STUDIO_PANE_KEY));

    g_assert_null (strstr (said, "Press Encrypt"));
    g_assert_true (g_str_has_suffix (said, "…"));
  }
  studio_test_wait (has_result, f, 120, "the encryption");
  g_assert_null (f->error);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static gboolean
background_differs (GdkTexture *tex)
{
  guint64 n = 0, bright = 0;
  int w = gdk_texture_get_width (tex), h = gdk_texture_get_height (tex);
  g_autofree guint8 *data = g_malloc ((gsize) w * h * 4);

  /* The pane is dark grey (#1c1c1c); an image puts brighter pixels on it. */
  gdk_texture_download (tex, data, (gsize) w * 4);
  for (gsize i = 0; i < (gsize) w * h; i++, n++)
    if (data[i * 4 + 1] > 80)
      bright++;
  return bright > n / 20;
}

/* Each pane shows an image: non-background pixels cover a good part of it. */
static void
assert_panes_show_images (Fixture *f)
{
  for (guint p = 0; p < STUDIO_N_PANES; p++)
    {
      StudioImageView *view = studio_encrypt_page_get_view (f->window->encrypt_page, p);
      g_autoptr(GdkTexture) tex = NULL;

      g_assert_nonnull (studio_image_view_get_image (view));
      tex = studio_test_render (GTK_WIDGET (view));
      g_assert_cmpint (gdk_texture_get_width (tex), >, 100);
      g_assert_true (background_differs (tex));
    }
}

static void
test_round_trip (Fixture *f, gconstpointer data)
{
  const char *schemes[] = { "xor", "acm-xor", "chacha20-poly1305" };
  g_autofree char *shot = NULL;

  open_sample (f, "CT_small.dcm");
  for (guint s = 0; s < G_N_ELEMENTS (schemes); s++)
    {
      const StudioCipherResult *r;
      const DkgImage *plain, *back, *cipher;

      encrypt (f, schemes[s]);
      r = studio_encrypt_page_get_result (f->window->encrypt_page);
      plain = studio_image_get_image (studio_encrypt_page_get_plain (f->window->encrypt_page));
      back = studio_image_get_image (r->decrypted);
      cipher = studio_image_get_image (r->cipher);
      g_assert_true (r->exact);
      g_assert_true (dkg_image_equal (plain, back));
      g_assert_false (dkg_image_equal (plain, cipher));
      g_assert_cmpuint (plain->bit_depth, ==, 16);
      g_assert_true (plain->is_signed);
      assert_panes_show_images (f);
      /* The displayed panes hold exactly these images. */
      g_assert_true (studio_image_view_get_image (studio_encrypt_page_get_view (f->window->encrypt_page,
                                                                                STUDIO_PANE_DECRYPTED))
                     == r->decrypted);
      /* Save Original File: the DICOM file comes back byte for byte from the container. */
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *src = studio_test_sample ("CT_small.dcm");
        g_autofree char *out = g_build_filename (studio_test_tmpdir (), "CT_small-decrypted.dcm",
                                                 NULL);
        g_autofree char *want = NULL;
        g_autofree char *got = NULL;
        gsize want_len, got_len;

        g_assert_true (r->info->has_original);
        g_assert_true (_studio_window_save_original (f->window, out, &error));
        g_assert_no_error (error);
        g_assert_true (g_file_get_contents (src, &want, &want_len, NULL));
        g_assert_true (g_file_get_contents (out, &got, &got_len, NULL));
        g_assert_cmpmem (got, got_len, want, want_len);
      }
    }
  shot = studio_test_screenshot (GTK_WIDGET (f->window), "encrypt-page.png");
}

static void
test_panes_draw (Fixture *f, gconstpointer data)
{
  g_autofree char *shot = NULL;

  open_sample (f, "colin27_ch2_axial_z090_8bit.png");
  encrypt (f, "xor");
  for (guint p = 0; p < STUDIO_N_PANES; p++)
    {
      g_autoptr(GdkTexture) tex =
        studio_test_render (GTK_WIDGET (studio_encrypt_page_get_view (f->window->encrypt_page, p)));

      /* Brain, key, ciphertext and decrypted image all put bright pixels on the dark pane. */
      g_assert_true (background_differs (tex));
    }
  /* the read-out as a class sees it, pointing into the brain */
  g_signal_emit_by_name (studio_encrypt_page_get_view (f->window->encrypt_page, STUDIO_PANE_CIPHER),
                         "pixel-hovered", 90, 100);
  studio_test_iterate (0.6);            /* the stack's crossfade from the empty page ends */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  shot = studio_test_screenshot (GTK_WIDGET (f->window), "encrypt-page-8bit.png");
  /* Save Images: key, container and decrypted image; the container decrypts with the key. */
  {
    g_autoptr(GError) error = NULL;
    const char *dir = studio_test_tmpdir ();
    g_autofree char *key_path = g_build_filename (dir, "colin27_ch2_axial_z090_8bit-key.png",
                                                  NULL);
    g_autofree char *cipher_path = g_build_filename (dir,
                                                     "colin27_ch2_axial_z090_8bit-cipher-xor.png",
                                                     NULL);
    g_autofree char *back_path = g_build_filename (dir,
                                                   "colin27_ch2_axial_z090_8bit-decrypted.png",
                                                   NULL);
    g_autoptr(DkgImage) key = NULL;
    g_autoptr(DkgImage) back = NULL;
    g_autoptr(DkgImage) opened = NULL;

    g_assert_true (_studio_window_save_results (f->window, dir, &error));
    g_assert_no_error (error);
    key = dkg_image_load (key_path, NULL, &error);
    g_assert_no_error (error);
    back = dkg_container_decrypt_file (cipher_path, key, NULL, &error);
    g_assert_no_error (error);
    opened = dkg_image_load (back_path, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (dkg_image_equal (back, studio_image_get_image (
                                      studio_encrypt_page_get_plain (f->window->encrypt_page))));
    g_assert_true (dkg_image_equal (opened, back));
  }
}

static void
test_readout_and_window (Fixture *f, gconstpointer data)
{
  StudioImage *plain;
  g_autofree char *v = NULL;
  int sample;
  double c0, w0, c1, w1;
  StudioViewport *vp;

  open_sample (f, "CT_small.dcm");
  plain = studio_encrypt_page_get_plain (f->window->encrypt_page);
  /* The read-out shows stored values: CT_small holds 128..2191 (data/samples/SOURCES.md). */
  g_assert_true (studio_image_get_sample (plain, 64, 64, 0, &sample));
  v = studio_image_format_pixel (plain, 64, 64);
  g_assert_cmpint (atoi (v), ==, sample);
  /* … and Hounsfield units through the file's rescale: intercept −1024, slope 1 */
  {
    double slope, intercept;
    g_autofree char *hu = NULL;

    g_assert_cmpstr (studio_image_get_rescale (plain, &slope, &intercept), ==, "HU");
    g_assert_cmpfloat (slope, ==, 1);
    g_assert_cmpfloat (intercept, ==, -1024);
    hu = g_strdup_printf ("%d (%d HU)", sample, sample - 1024);
    g_assert_cmpstr (v, ==, hu);
  }
  g_assert_cmpfloat (studio_image_get_min (plain), >=, 128);
  g_assert_cmpfloat (studio_image_get_max (plain), <=, 2191);
  /* 16-bit: the window starts from the histogram, inside the data range. */
  vp = studio_image_view_get_viewport (studio_encrypt_page_get_view (f->window->encrypt_page,
                                                                     STUDIO_PANE_PLAIN));
  studio_viewport_get_window (vp, &c0, &w0);
  g_assert_cmpfloat (c0, >, 128);
  g_assert_cmpfloat (c0, <, 2191);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window->encrypt_page),
                                             "encrypt.window-preset", "s", "data"));
  studio_viewport_get_window (vp, &c1, &w1);
  g_assert_cmpfloat (w1, ==, studio_image_get_max (plain) - studio_image_get_min (plain) + 1);
  /* CT presets in HU: soft tissue W 400 L 40 → stored centre 40 + 1024 */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window->encrypt_page),
                                             "encrypt.ct-preset", "s", "soft-tissue"));
  studio_viewport_get_window (vp, &c1, &w1);
  g_assert_cmpfloat (c1, ==, 1064);
  g_assert_cmpfloat (w1, ==, 400);
  /* Zoom is shared: 1:1 in one pane is 1:1 in all. */
  studio_encrypt_page_zoom (f->window->encrypt_page, "original");
  for (guint p = 0; p < STUDIO_N_PANES; p++)
    {
      double s, ox, oy;

      studio_viewport_get_transform (studio_image_view_get_viewport (studio_encrypt_page_get_view (f->window->encrypt_page, p)),
                                     200, 200, &s, &ox, &oy);
      g_assert_cmpfloat (s, ==, 1.0);
    }
}

/* The read-out's bytes, computed here from the images alone: plaintext bytes big-endian
 * (docs/SPECIFICATION.md §5.3), keystream byte i = byte i of the key image (§5.2). */
static void
check_readout_bytes (StudioEncryptPage *page, guint x, guint y)
{
  const StudioCipherResult *r = studio_encrypt_page_get_result (page);
  const DkgImage *plain = studio_image_get_image (studio_encrypt_page_get_plain (page));
  const DkgImage *key = studio_image_get_image (r->key);
  const DkgImage *cipher = studio_image_get_image (r->cipher);
  g_autofree char *expected = NULL;
  guint bps = plain->bit_depth / 8, n = plain->channels * bps;
  gsize pixel = (gsize) y * plain->width + x;
  GString *hex_p = g_string_new (NULL), *hex_k = g_string_new (NULL), *hex_c = g_string_new (NULL);
  const char *text;

  g_assert_true (r->scheme == DKG_CONTAINER_SCHEME_XOR);
  for (guint i = 0; i < n; i++)
    {
      gsize s = pixel * plain->channels + i / bps;
      guint8 pb, cb, kb = key->data[pixel * n + i];

      if (bps == 1)
        {
          pb = plain->data[s];
          cb = cipher->data[s];
        }
      else
        {
          guint16 pv = ((const guint16 *) plain->data)[s], cv = ((const guint16 *) cipher->data)[s];

          pb = i % 2 == 0 ? pv >> 8 : pv & 0xff;
          cb = i % 2 == 0 ? cv >> 8 : cv & 0xff;
        }
      /* the arithmetic the class is meant to check */
      g_assert_cmpuint (pb ^ kb, ==, cb);
      g_string_append_printf (hex_p, i ? " %02X" : "%02X", pb);
      g_string_append_printf (hex_k, i ? " %02X" : "%02X", kb);
      g_string_append_printf (hex_c, i ? " %02X" : "%02X", cb);
    }
  g_signal_emit_by_name (studio_encrypt_page_get_view (page, STUDIO_PANE_CIPHER), "pixel-hovered",
                         (int) x, (int) y);
  text = studio_encrypt_page_get_readout (page);
  g_test_message ("read-out: %s", text);
  expected = g_strdup_printf ("P %s ⊕ K %s = C %s (key byte %zu)", hex_p->str, hex_k->str,
                              hex_c->str, pixel * n);
  g_assert_nonnull (strstr (text, expected));
  g_assert_null (strstr (text, "≠"));
  g_string_free (hex_p, TRUE);
  g_string_free (hex_k, TRUE);
  g_string_free (hex_c, TRUE);
}

/* Every pane shows a visible image: the variance of its image pixels is above a flat grey's */
static void
assert_panes_variance (Fixture *f, const char *what)
{
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  for (guint p = 0; p < STUDIO_N_PANES; p++)
    {
      g_autoptr(GdkTexture) tex =
        studio_test_render (GTK_WIDGET (studio_encrypt_page_get_view (f->window->encrypt_page, p)));
      double var = studio_test_image_variance (tex);

      g_test_message ("%s, pane %u: variance %.0f", what, p, var);
      g_assert_cmpfloat (var, >, 40);
    }
}

static void
test_readout (Fixture *f, gconstpointer data)
{
  StudioEncryptPage *page = f->window->encrypt_page;
  g_autofree char *plain_v = NULL;
  const char *text;
  StudioReadout ro;
  const StudioCipherResult *r;

  /* 16-bit signed grey: two bytes per pixel, so pixel (10, 20) meets key bytes
   * 2·(20·128 + 10) and the next, not the key pixel (10, 20). */
  open_sample (f, "CT_small.dcm");
  encrypt (f, "xor");
  assert_panes_variance (f, "CT_small.dcm");
  check_readout_bytes (page, 10, 20);
  check_readout_bytes (page, 127, 127);
  text = studio_encrypt_page_get_readout (page);
  plain_v = studio_image_format_pixel (studio_encrypt_page_get_plain (page), 127, 127);
  g_assert_nonnull (strstr (text, "x 127, y 127"));
  g_assert_nonnull (strstr (text, plain_v));
  g_signal_emit_by_name (studio_encrypt_page_get_view (page, STUDIO_PANE_PLAIN), "pixel-hovered",
                         -1, -1);
  g_assert_null (strstr (studio_encrypt_page_get_readout (page), "x 127"));

  /* 8-bit grey and RGB */
  open_sample (f, "colin27_ch2_axial_z090_8bit.png");
  encrypt (f, "xor");
  assert_panes_variance (f, "colin27");
  check_readout_bytes (page, 90, 100);
  open_sample (f, "SC_rgb_jpeg_dcmd.dcm");
  encrypt (f, "xor");
  assert_panes_variance (f, "SC_rgb");
  check_readout_bytes (page, 33, 44);

  /* acm-xor: the ciphertext pixel holds the plaintext pixel the cat map moved there, and
   * P ⊕ K = C holds for it. */
  open_sample (f, "colin27_ch2_axial_z090_8bit.png");
  encrypt (f, "acm-xor");
  r = studio_encrypt_page_get_result (page);
  {
    const DkgImage *plain = studio_image_get_image (studio_encrypt_page_get_plain (page));
    g_autofree gsize *inverse = studio_readout_acm_inverse (plain->width, plain->height,
                                                            r->info->acm_iterations, NULL);
    guint moved = 0;

    for (guint y = 0; y < plain->height; y += 17)
      for (guint x = 0; x < plain->width; x += 13)
        {
          g_assert_true (studio_readout_compute (plain, studio_image_get_image (r->key),
                                                 studio_image_get_image (r->cipher), r->scheme,
                                                 inverse, x, y, &ro));
          g_assert_true (ro.xor_holds);
          if (ro.source_x >= 0 && (ro.source_x != (int) x || ro.source_y != (int) y))
            moved++;
        }
    g_assert_cmpuint (moved, >, 100);
  }
  g_signal_emit_by_name (studio_encrypt_page_get_view (page, STUDIO_PANE_CIPHER), "pixel-hovered",
                         90, 100);
  text = studio_encrypt_page_get_readout (page);
  g_test_message ("read-out: %s", text);
  g_assert_nonnull (strstr (text, "moved here by the cat map"));
  g_assert_null (strstr (text, "≠"));
}

static gboolean
not_busy (gpointer data)
{
  Fixture *f = data;

  return !studio_encrypt_page_get_busy (f->window->encrypt_page);
}

static void
test_cancel_and_seed (Fixture *f, gconstpointer data)
{
  StudioEncryptPage *page = f->window->encrypt_page;
  g_autofree char *seed_path = studio_test_sample ("MR_small.dcm");
  g_autoptr(GError) error = NULL;
  g_autoptr(StudioImage) seed = studio_image_load (seed_path, &error);
  g_autoptr(DkgImage) own_key = NULL;

  open_sample (f, "colin27_ch2_axial_z090_8bit.png");
  /* Cancel: the page is idle at once, shows no result and reports no error. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.encrypt", NULL));
  g_assert_true (studio_encrypt_page_get_busy (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.cancel", NULL));
  g_assert_false (studio_encrypt_page_get_busy (page));
  studio_test_iterate (0.5);
  g_assert_null (studio_encrypt_page_get_result (page));
  g_assert_null (f->error);

  /* Another seed image gives another key. */
  encrypt (f, "xor");
  own_key = dkg_image_copy (studio_image_get_image (studio_encrypt_page_get_result (page)->key));
  g_assert_no_error (error);
  studio_encrypt_page_set_seed (page, seed);
  encrypt (f, "xor");
  g_assert_cmpstr (studio_encrypt_page_get_result (page)->seed_name, ==, "MR_small.dcm");
  g_assert_false (dkg_image_equal (own_key,
                                   studio_image_get_image (studio_encrypt_page_get_result (page)->key)));
  g_assert_true (studio_encrypt_page_get_result (page)->exact);
  studio_test_wait (not_busy, f, 5, "idle");
}

static void
test_drop (Fixture *f, gconstpointer data)
{
  g_autofree char *path = studio_test_sample ("MR_small.dcm");
  g_autoptr(GListModel) controllers =
    gtk_widget_observe_controllers (GTK_WIDGET (f->window->view_stack));
  GtkDropTarget *drop = NULL;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  GSList *files;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && drop == NULL; i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (c))
        drop = GTK_DROP_TARGET (c);
    }
  g_assert_nonnull (drop);
  /* A file dropped on the window opens on the Encrypt page. */
  files = g_slist_prepend (NULL, g_file_new_for_path (path));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, files);
  studio_window_set_visible_page (f->window, "training");
  g_signal_emit_by_name (drop, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  studio_test_wait (has_plain, f, 60, "the dropped image");
  g_assert_cmpstr (studio_image_get_name (studio_encrypt_page_get_plain (f->window->encrypt_page)),
                   ==, "MR_small.dcm");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->view_stack), ==, "encrypt");
}

static void
test_open_error (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (studio_test_tmpdir (), "not-an-image.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (g_file_set_contents (path, "this is text", -1, NULL));
  studio_window_open_file (f->window, file);
  studio_test_wait (has_plain, f, 30, "the error");
  g_assert_nonnull (f->error);
  /* The message names the file. */
  g_assert_nonnull (strstr (f->error, "not-an-image.png"));
}

int
main (int argc, char **argv)
{
  studio_test_init (&argc, &argv);
  g_test_add ("/app/encrypt/round-trip", Fixture, NULL, fixture_setup, test_round_trip,
              fixture_teardown);
  g_test_add ("/app/encrypt/panes-draw", Fixture, NULL, fixture_setup, test_panes_draw,
              fixture_teardown);
  g_test_add ("/app/encrypt/readout-and-window", Fixture, NULL, fixture_setup,
              test_readout_and_window, fixture_teardown);
  g_test_add ("/app/encrypt/open-error", Fixture, NULL, fixture_setup, test_open_error,
              fixture_teardown);
  g_test_add ("/app/encrypt/readout", Fixture, NULL, fixture_setup, test_readout,
              fixture_teardown);
  g_test_add ("/app/encrypt/cancel-and-seed", Fixture, NULL, fixture_setup, test_cancel_and_seed,
              fixture_teardown);
  g_test_add ("/app/encrypt/drop", Fixture, NULL, fixture_setup, test_drop, fixture_teardown);
  return g_test_run ();
}
