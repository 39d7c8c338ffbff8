/* studio-test-util.c — shared helpers of the ui suite
 *
 * Every test runs with its own XDG folders in a temporary directory (the recent-files list,
 * checkpoints and user models stay out of the user's home), renders widgets with the recipe of
 * STYLE.md §4.10 (gtk_widget_paintable_new → snapshot → gsk_renderer_render_texture) and keeps
 * the PNGs in the build directory for a person to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "dkg-crypto.h"
#include "dkg-data.h"
#include "dkg-rand.h"
#include "dkg-model-file.h"
#include "dkg-net.h"
#include "studio-data.h"
#include "studio-test-util.h"

static char *tmpdir;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
cleanup_tmpdir (void)
{
  if (tmpdir != NULL)
    remove_tree (tmpdir);
}

/**
 * studio_test_init:
 *
 * gtk_test_init() and adw_init() with private XDG folders and the crypto library ready.
 */
void
studio_test_init (int *argc, char ***argv)
{
  g_autofree char *data = NULL;
  g_autofree char *config = NULL;
  g_autofree char *cache = NULL;

  tmpdir = g_dir_make_tmp ("studio-test-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  atexit (cleanup_tmpdir);
  data = g_build_filename (tmpdir, "xdg-data", NULL);
  config = g_build_filename (tmpdir, "xdg-config", NULL);
  cache = g_build_filename (tmpdir, "xdg-cache", NULL);
  g_mkdir_with_parents (data, 0700);
  g_mkdir_with_parents (config, 0700);
  g_mkdir_with_parents (cache, 0700);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  dkg_crypto_init ();
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  g_set_application_name ("DeepKeyGen Studio");
  /* What AdwApplication loads from the resource base path, for faithful screenshots. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/deepkeygen/Studio/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    /* ... and the icons GtkApplication finds under the resource base path. */
    gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                      "/io/github/deepkeygen/Studio/icons");
  }
}

/** studio_test_tmpdir: Returns: (transfer none): this test's temporary folder */
const char *
studio_test_tmpdir (void)
{
  return tmpdir;
}

/**
 * studio_test_model:
 * @n_blocks: residual blocks of the resnet generator
 *
 * The shipped DeepKeyGen model when there is one and @n_blocks is 0; otherwise a freshly
 * initialised (untrained, seeded) resnet generator written to the temporary folder. Either
 * produces keys of the right shape; only their quality differs.
 *
 * Returns: (transfer full): a model file
 */
char *
studio_test_model (guint n_blocks)
{
  g_autoptr(DkgNet) net = NULL;
  g_autoptr(DkgRand) rand = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  char *path;

  if (n_blocks == 0)
    {
      char *shipped = dkg_data_find ("model/deepkeygen.safetensors");

      if (shipped != NULL)
        {
          g_test_message ("using the shipped model %s", shipped);
          return shipped;
        }
      n_blocks = 6;
    }
  name = g_strdup_printf ("resnet-%u.safetensors", n_blocks);
  path = g_build_filename (tmpdir, name, NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  net = dkg_net_new (DKG_ARCH_RESNET, (int) n_blocks);
  rand = dkg_rand_new_seeded (7);
  dkg_net_init_weights (net, rand);
  g_assert_true (dkg_model_save (net, NULL, path, &error));
  g_assert_no_error (error);
  g_test_message ("using a generated resnet generator with %u blocks: %s", n_blocks, path);
  return path;
}

/** studio_test_sample: Returns: (transfer full): the path of a shipped sample */
char *
studio_test_sample (const char *name)
{
  g_autofree char *rel = g_build_filename ("data", "samples", name, NULL);
  char *path = dkg_data_find (rel);

  g_assert_nonnull (path);
  return path;
}

/**
 * studio_test_make_image_dir:
 * @name: folder name in the temporary folder
 * @n_images: images to write
 * @size: their width and height
 *
 * Writes seeded 8-bit grey test images (gradients, a disc and noise) as PNG.
 *
 * Returns: (transfer full): the folder
 */
char *
studio_test_make_image_dir (const char *name, guint n_images, guint size)
{
  g_autoptr(DkgRand) rand = dkg_rand_new_seeded (11);
  char *dir = g_build_filename (tmpdir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint i = 0; i < n_images; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgImage) im = dkg_image_new (size, size, 1, 8, FALSE, &error);
      g_autofree char *file = g_strdup_printf ("image-%02u.png", i);
      g_autofree char *path = g_build_filename (dir, file, NULL);

      g_assert_no_error (error);
      for (guint y = 0; y < size; y++)
        for (guint x = 0; x < size; x++)
          {
            double dx = x - size / 2.0, dy = y - size / 3.0 - i;
            int v = (int) (x * 200 / size) + (dx * dx + dy * dy < size * size / 16.0 ? 40 : 0)
                    + (int) dkg_rand_below (rand, 16);

            im->data[y * size + x] = (guint8) CLAMP (v, 0, 255);
          }
      g_assert_true (dkg_image_save_png (im, path, &error));
    }
  return dir;
}

/**
 * studio_test_wait:
 * @condition: polled while the main context runs
 * @timeout_s: fails the test after this long
 * @what: what is waited for, for the failure message
 */
void
studio_test_wait (StudioTestCondition condition, gpointer user_data, double timeout_s,
                  const char *what)
{
  gint64 end = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (!condition (user_data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("timed out after %.0f s waiting for %s", timeout_s, what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/** studio_test_iterate: runs the main context for @seconds. */
void
studio_test_iterate (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/**
 * studio_test_render:
 * @widget: a realized, mapped widget
 *
 * Returns: (transfer full): the widget as rendered now (STYLE.md §4.10)
 */
GdkTexture *
studio_test_render (GtkWidget *widget)
{
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));

  /* The paintable shows the widget's last drawn frame: after a change (a queued draw or
   * layout) there is none until the next frame, so wait for frames until there is. */
  for (guint attempt = 0; attempt < 20; attempt++)
    {
      g_autoptr(GdkPaintable) paintable = NULL;
      g_autoptr(GskRenderNode) node = NULL;
      GtkSnapshot *snapshot;
      int w, h;

      gtk_test_widget_wait_for_draw (root);
      w = gtk_widget_get_width (widget);
      h = gtk_widget_get_height (widget);
      g_assert_cmpint (w, >, 0);
      g_assert_cmpint (h, >, 0);
      paintable = gtk_widget_paintable_new (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, w, h);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL)
        return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
    }
  g_error ("%s drew nothing in 20 frames", G_OBJECT_TYPE_NAME (widget));
  return NULL;
}

/**
 * studio_test_screenshot:
 * @name: file name, e.g. "encrypt-page.png"
 *
 * Renders @widget into a PNG in the build directory (G_TEST_BUILT).
 *
 * Returns: (transfer full): the PNG's path
 */
char *
studio_test_screenshot (GtkWidget *widget, const char *name)
{
  g_autoptr(GdkTexture) tex = studio_test_render (widget);
  char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);

  g_assert_true (gdk_texture_save_to_png (tex, path));
  g_test_message ("screenshot: %s", path);
  return path;
}

/**
 * studio_test_screenshot_test:
 * @window: the test's window
 *
 * Saves the window as it is at the end of the running test, named after the test path:
 * /app/encrypt/readout → test-app-encrypt-readout.png.
 */
void
studio_test_screenshot_test (GtkWidget *window)
{
  g_autofree char *name = g_strdup_printf ("test%s.png", g_test_get_path ());
  g_autofree char *path = NULL;

  g_strdelimit (name, "/", '-');
  if (!gtk_widget_get_mapped (window))
    return;
  studio_test_iterate (0.3);            /* let page transitions finish */
  path = studio_test_screenshot (window, name);
}

/**
 * studio_test_count_ink:
 * @x0: left edge of the region examined (clamped to the texture)
 * @y0: top edge
 * @x1: right edge (exclusive)
 * @y1: bottom edge (exclusive)
 * @n_pixels: (out) (optional): pixels examined
 *
 * Counts "ink" in a region: pixels darker than 80 % of white or clearly coloured (the data
 * of a plot; grid lines are lighter, the background white).
 *
 * Returns: the number of ink pixels
 */
guint64
studio_test_count_ink (GdkTexture *texture, int x0, int y0, int x1, int y1,
                       guint64 *n_pixels)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  gsize stride = (gsize) w * 4;
  g_autofree guint8 *data = g_malloc (stride * h);
  guint64 ink = 0, n = 0;

  gdk_texture_download (texture, data, stride);
  for (int y = MAX (y0, 0); y < MIN (y1, h); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, w); x++)
      {
        const guint8 *p = data + (gsize) y * stride + (gsize) x * 4;   /* B G R A */
        int b = p[0], g = p[1], r = p[2];
        int mx = MAX (r, MAX (g, b)), mn = MIN (r, MIN (g, b));

        n++;
        if ((r + g + b) / 3 < 204 || mx - mn > 60)
          ink++;
      }
  if (n_pixels != NULL)
    *n_pixels = n;
  return ink;
}

/**
 * studio_test_image_variance:
 * @texture: a rendered image pane
 *
 * The variance of the grey level ((R + G + B) / 3, 0–255) over the pixels of @texture that are
 * not the pane's background (the colour of its corner pixel): about 0 for a flat image (a
 * 16-bit image shown through the full 65,536-level range is one grey), hundreds to thousands
 * for a visible image or noise. Asserts that the image covers a tenth of the pane at least.
 */
double
studio_test_image_variance (GdkTexture *texture)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  gsize stride = (gsize) w * 4;
  g_autofree guint8 *data = g_malloc (stride * h);
  const guint8 *bg;
  double sum = 0, sum2 = 0;
  guint64 n = 0;

  gdk_texture_download (texture, data, stride);
  bg = data + stride * 2 + 8;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *p = data + (gsize) y * stride + (gsize) x * 4;
        double v = (p[0] + p[1] + p[2]) / 3.0;

        if (ABS (p[0] - bg[0]) < 8 && ABS (p[1] - bg[1]) < 8 && ABS (p[2] - bg[2]) < 8)
          continue;
        sum += v;
        sum2 += v * v;
        n++;
      }
  g_assert_cmpuint (n, >, (guint64) w * h / 10);
  return sum2 / n - (sum / n) * (sum / n);
}
