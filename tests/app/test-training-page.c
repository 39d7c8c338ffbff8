/* test-training-page.c — the Training page: a short run, its curves, stop, resume, pause, save,
 * Open Metrics…
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-model-file.h"
#include "studio-test-util.h"
#include "studio-window-private.h"

typedef struct
{
  StudioWindow *window;
  GSettings    *settings;
  char         *error;
  guint64       at;
} Fixture;

static gboolean
not_running (gpointer data)
{
  Fixture *f = data;

  return !studio_training_page_get_running (f->window->training_page);
}

static gboolean
past_iteration_3 (gpointer data)
{
  Fixture *f = data;

  return f->error != NULL || studio_training_page_get_iteration (f->window->training_page) >= 3;
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
  static char *source;

  if (source == NULL)
    source = studio_test_make_image_dir ("train-source", 4, 32);
  f->settings = g_settings_new ("io.github.deepkeygen.Studio");
  g_settings_set_string (f->settings, "training-architecture", "deepkeygen");
  g_settings_set_uint (f->settings, "training-size", 32);
  g_settings_set_uint (f->settings, "training-batch", 1);
  g_settings_set_uint (f->settings, "training-iterations", 20);
  g_settings_set_uint (f->settings, "training-seed", 42);
  g_settings_set_uint (f->settings, "training-preview-every", 5);
  f->window = g_object_ref_sink (studio_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 860);
  g_signal_connect (f->window->training_page, "error", G_CALLBACK (on_error_cb), f);
  gtk_window_present (GTK_WINDOW (f->window));
  studio_window_set_visible_page (f->window, "training");
  studio_training_page_set_source_folder (f->window->training_page, source);
  studio_training_page_set_domain_folder (f->window->training_page, NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  studio_test_screenshot_test (GTK_WIDGET (f->window));
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  g_settings_reset (f->settings, "training-architecture");
  g_clear_object (&f->settings);
  g_free (f->error);
}

/* The losses and discriminator plots: one point per iteration (the key-quality plot has one
 * per measure, test_twenty_iterations). */
static void
assert_points (StudioTrainingPage *page, guint expected)
{
  for (guint c = 0; c < 2; c++)
    {
      StudioPlotView *plot = studio_training_page_get_curves (page, c);

      g_assert_cmpuint (studio_plot_view_get_n_series (plot), >=, 2);
      for (guint s = 0; s < studio_plot_view_get_n_series (plot); s++)
        {
          g_test_message ("%s: %u points", studio_plot_view_get_series_name (plot, s),
                          studio_plot_view_get_n_points (plot, s));
          g_assert_cmpuint (studio_plot_view_get_n_points (plot, s), ==, expected);
        }
    }
}

static void
test_twenty_iterations (Fixture *f, gconstpointer data)
{
  StudioTrainingPage *page = f->window->training_page;
  g_autofree char *model = g_build_filename (studio_test_tmpdir (), "trained.safetensors", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgNet) net = NULL;
  g_autofree char *shot = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "training.start", NULL));
  g_assert_true (studio_training_page_get_running (page));
  studio_test_wait (not_running, f, 180, "20 training iterations");
  g_assert_null (f->error);
  g_assert_cmpuint (studio_training_page_get_iteration (page), ==, 20);
  /* Every logged quantity of the GAN: loss_G, loss_D; D(real), D(fake), D accuracy. */
  assert_points (page, 20);
  /* Key quality: measured with every key preview (every 5 iterations here) and at the last,
   * as % of the ideal; the reference line is 100 % */
  {
    StudioPlotView *quality = studio_training_page_get_curves (page, 2);
    DkgPlotArea area;

    g_assert_cmpuint (studio_plot_view_get_n_series (quality), ==, 3);
    g_assert_cmpuint (g_settings_get_uint (f->settings, "training-preview-every"), ==, 5);
    for (guint s = 0; s < 3; s++)
      g_assert_cmpuint (studio_plot_view_get_n_points (quality, s), ==, 4);
    g_assert_true (studio_plot_view_get_area (quality, 400, 200, &area));
    /* entropy of a 64×64×3 key of an untrained generator: between half and all of ideal */
    g_assert_cmpfloat (area.y_hi, >=, 100);
    g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (quality)));
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (quality)),
                              "iteration 20"));
  }
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  shot = studio_test_screenshot (GTK_WIDGET (f->window), "training-page.png");

  g_assert_true (studio_training_page_save_model (page, model, &error));
  g_assert_no_error (error);
  net = dkg_model_load (model, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (net->arch, ==, DKG_ARCH_RESNET);
}

static void
test_stop_and_resume (Fixture *f, gconstpointer data)
{
  StudioTrainingPage *page = f->window->training_page;
  StudioTrainer *trainer = studio_training_page_get_trainer (page);
  guint64 stopped;
  g_autofree char *shot = NULL;

  g_settings_set_uint (f->settings, "training-iterations", 100000);
  studio_training_page_start (page);
  studio_test_wait (past_iteration_3, f, 120, "3 iterations");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "training.stop", NULL));
  studio_test_wait (not_running, f, 60, "the stop");
  g_assert_null (f->error);
  stopped = studio_training_page_get_iteration (page);
  g_assert_cmpuint (stopped, >=, 3);
  g_assert_cmpuint (stopped, <, 100000);
  assert_points (page, (guint) stopped);
  /* Stop leaves a checkpoint at the last iteration. */
  g_assert_nonnull (studio_trainer_get_checkpoint (trainer));
  g_assert_true (g_file_test (studio_trainer_get_checkpoint (trainer), G_FILE_TEST_EXISTS));

  /* Resume continues from the checkpoint to the new total; the curves go on. */
  g_settings_set_uint (f->settings, "training-iterations", (guint) stopped + 6);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "training.resume", NULL));
  g_assert_true (studio_training_page_get_running (page));
  studio_test_wait (not_running, f, 120, "the resumed run");
  g_assert_null (f->error);
  g_assert_cmpuint (studio_training_page_get_iteration (page), ==, stopped + 6);
  g_assert_cmpuint (dkg_trainer_get_iteration (studio_trainer_get_trainer (trainer)), ==,
                    stopped + 6);
  assert_points (page, (guint) stopped + 6);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  shot = studio_test_screenshot (GTK_WIDGET (f->window), "training-page-resumed.png");
}

static void
test_pause (Fixture *f, gconstpointer data)
{
  StudioTrainingPage *page = f->window->training_page;
  StudioTrainer *trainer = studio_training_page_get_trainer (page);
  guint64 at;

  g_settings_set_uint (f->settings, "training-iterations", 100000);
  studio_training_page_start (page);
  studio_test_wait (past_iteration_3, f, 120, "3 iterations");
  studio_trainer_set_paused (trainer, TRUE);
  studio_test_iterate (0.5);
  at = studio_training_page_get_iteration (page);
  studio_test_iterate (1.0);
  /* Paused: at most the iteration under way when Pause came finishes. */
  g_assert_cmpuint (studio_training_page_get_iteration (page), <=, at + 1);
  at = studio_training_page_get_iteration (page);
  studio_trainer_set_paused (trainer, FALSE);
  studio_test_wait (past_iteration_3, f, 10, "progress");
  studio_test_iterate (1.0);
  g_assert_cmpuint (studio_training_page_get_iteration (page), >, at);
  studio_training_page_stop (page);
  studio_test_wait (not_running, f, 60, "the stop");
}

static void
test_wgan_gp (Fixture *f, gconstpointer data)
{
  StudioTrainingPage *page = f->window->training_page;
  StudioPlotView *critic;

  g_settings_set_string (f->settings, "training-architecture", "wgan-gp");
  g_settings_set_uint (f->settings, "training-iterations", 4);
  g_settings_set_uint (f->settings, "training-n-critic", 2);
  studio_training_page_start (page);
  studio_test_wait (not_running, f, 180, "4 WGAN-GP iterations");
  g_assert_null (f->error);
  /* loss_G, loss_critic; Wasserstein, GP, D(real), D(fake). */
  assert_points (page, 4);
  critic = studio_training_page_get_curves (page, 1);
  g_assert_cmpstr (studio_plot_view_get_series_name (critic, 0), ==, "Wasserstein");
  g_assert_cmpstr (studio_plot_view_get_series_name (critic, 1), ==, "GP");
  g_settings_reset (f->settings, "training-n-critic");
}

/* Open Metrics…: the curves of runs trained elsewhere (a WGAN-GP file written by
 * tools/pytorch/train.py, a GAN file of the first release's header), and a file that is not one. */
static void
test_open_metrics (Fixture *f, gconstpointer data)
{
  StudioTrainingPage *page = f->window->training_page;
  g_autofree char *wgan = g_build_filename (studio_test_tmpdir (), "wgan-metrics.csv", NULL);
  g_autofree char *gan = g_build_filename (studio_test_tmpdir (), "gan-metrics.csv", NULL);
  g_autofree char *bad = g_build_filename (studio_test_tmpdir (), "not-metrics.csv", NULL);
  g_autoptr(GError) error = NULL;
  StudioPlotView *d;

  g_assert_true (g_file_set_contents (wgan,
    "iteration,loss_g,loss_d,d_real,d_fake,d_accuracy,wasserstein,gp,its_per_sec,elapsed_s,"
    "key_entropy,key_std,key_chi2_p,key_npcr\n"
    "1,-0.1,9.5,0.2,0.1,,0.1,0.95,1,1,,,,\n"
    "2,-0.2,8.5,0.3,0.1,,0.2,0.85,1,2,,,,\n"
    "3,-0.3,7.5,0.4,0.1,,0.3,0.75,1,3,6.5,30.5,0,1.5\n", -1, NULL));
  g_assert_true (studio_training_page_open_metrics (page, wgan, &error));
  g_assert_no_error (error);
  assert_points (page, 3);
  d = studio_training_page_get_curves (page, 1);
  g_assert_cmpstr (studio_plot_view_get_series_name (d, 0), ==, "Wasserstein");
  g_assert_cmpuint (studio_plot_view_get_n_series (d), ==, 4);
  /* key quality: the one row that measured it */
  g_assert_cmpuint (studio_plot_view_get_n_points (studio_training_page_get_curves (page, 2), 0),
                    ==, 1);

  g_assert_true (g_file_set_contents (gan,
    "iteration,loss_g,loss_d,d_real,d_fake,d_accuracy,wasserstein,gp,its_per_sec,elapsed_s\n"
    "1,0.7,0.7,0.5,0.5,0.5,,,1,1\n"
    "2,0.8,0.6,0.6,0.4,0.75,,,1,2\n", -1, NULL));
  g_assert_true (studio_training_page_open_metrics (page, gan, &error));
  g_assert_no_error (error);
  assert_points (page, 2);
  g_assert_cmpstr (studio_plot_view_get_series_name (d, 0), ==, "D(real)");
  g_assert_cmpuint (studio_plot_view_get_n_series (d), ==, 3);
  g_assert_cmpuint (studio_plot_view_get_n_points (studio_training_page_get_curves (page, 2), 0),
                    ==, 0);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  g_assert_true (g_file_set_contents (bad, "a,b\n1,2\n", -1, NULL));
  g_assert_false (studio_training_page_open_metrics (page, bad, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  assert_points (page, 2);
}

static gboolean
past_iteration (gpointer data)
{
  Fixture *f = data;

  return f->error != NULL || studio_training_page_get_iteration (f->window->training_page) > f->at;
}

/* The first button under @root whose action is @action, or whose label is @label. */
static GtkButton *
find_button (GtkWidget *root, const char *action, const char *label)
{
  if (GTK_IS_BUTTON (root)
      && ((action != NULL && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)),
                                        action) == 0)
          || (label != NULL && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)))
    return GTK_BUTTON (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkButton *b = find_button (c, action, label);

      if (b != NULL)
        return b;
    }
  return NULL;
}

static const char *
primary_label (StudioTrainingPage *page)
{
  GtkButton *b = find_button (GTK_WIDGET (page), "training.primary", NULL);

  g_assert_nonnull (b);
  return gtk_button_get_label (b);
}

/* One primary button: Start → Pause → Resume → Pause; Stop → Resume (from the checkpoint),
 * with Start Over; a disabled Start says why. */
static void
test_state_machine (Fixture *f, gconstpointer data)
{
  StudioTrainingPage *page = f->window->training_page;
  StudioWindow *fresh = g_object_ref_sink (studio_window_new (NULL));

  /* No source folder: Start is disabled, and the page says what is missing. */
  g_assert_cmpint (studio_training_page_get_state (fresh->training_page), ==, STUDIO_TRAINING_IDLE);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fresh->training_page),
                                              "training.primary", NULL)
                  && studio_training_page_get_running (fresh->training_page));
  g_assert_false (studio_training_page_get_running (fresh->training_page));
  g_assert_nonnull (strstr (studio_training_page_get_hint (fresh->training_page),
                            "source images"));
  gtk_window_destroy (GTK_WINDOW (fresh));
  g_object_unref (fresh);

  g_assert_cmpstr (studio_training_page_get_hint (page), ==, "");
  g_assert_cmpstr (primary_label (page), ==, "_Start");
  g_settings_set_uint (f->settings, "training-iterations", 100000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "training.primary", NULL));
  g_assert_cmpint (studio_training_page_get_state (page), ==, STUDIO_TRAINING_RUNNING);
  g_assert_cmpstr (primary_label (page), ==, "_Pause");
  studio_test_wait (past_iteration_3, f, 120, "3 iterations");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "training.primary", NULL));
  g_assert_cmpint (studio_training_page_get_state (page), ==, STUDIO_TRAINING_PAUSED);
  g_assert_cmpstr (primary_label (page), ==, "_Resume");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "training.primary", NULL));
  g_assert_cmpint (studio_training_page_get_state (page), ==, STUDIO_TRAINING_RUNNING);
  f->at = studio_training_page_get_iteration (page);
  studio_test_wait (past_iteration, f, 60, "progress after Resume");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "training.stop", NULL));
  studio_test_wait (not_running, f, 60, "the stop");
  g_assert_cmpint (studio_training_page_get_state (page), ==, STUDIO_TRAINING_STOPPED);
  g_assert_cmpstr (primary_label (page), ==, "_Resume");
  /* Resume continues the stopped run: its iterations go on */
  f->at = studio_training_page_get_iteration (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "training.primary", NULL));
  g_assert_cmpint (studio_training_page_get_state (page), ==, STUDIO_TRAINING_RUNNING);
  studio_test_wait (past_iteration, f, 60, "progress after Resume");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "training.stop", NULL));
  studio_test_wait (not_running, f, 60, "the stop");
  /* Start Over: a new run from iteration 0 */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "training.start", NULL));
  g_assert_cmpuint (studio_training_page_get_iteration (page), ==, 0);
  studio_training_page_stop (page);
  studio_test_wait (not_running, f, 60, "the stop");
  g_assert_null (f->error);
}

/* Curves show every point; "Clip Outliers" fits the axis to the bulk of them. */
static void
test_clip_outliers (Fixture *f, gconstpointer data)
{
  StudioTrainingPage *page = f->window->training_page;
  StudioPlotView *losses = studio_training_page_get_curves (page, 0);
  GtkButton *clip;
  DkgPlotArea area;

  g_settings_set_uint (f->settings, "training-iterations", 20);
  studio_training_page_start (page);
  studio_test_wait (not_running, f, 180, "20 iterations");
  g_assert_null (f->error);
  /* 200 more ordinary points and one spike (the quantiles need a few hundred points) */
  for (guint i = 0; i < 200; i++)
    studio_plot_view_append (losses, 0, 21 + i, 1.0 + 0.001 * i);
  studio_plot_view_append (losses, 0, 221, 1000.0);
  g_assert_true (studio_plot_view_get_area (losses, 400, 200, &area));
  g_assert_cmpfloat (area.y_hi, >=, 1000.0);
  clip = find_button (GTK_WIDGET (page), NULL, "_Clip Outliers");
  g_assert_true (GTK_IS_TOGGLE_BUTTON (clip));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (clip), TRUE);
  g_assert_true (studio_plot_view_get_area (losses, 400, 200, &area));
  g_assert_cmpfloat (area.y_hi, <, 100.0);
}

/* Beside slides on a 1366 px screen: at 800 px the settings fold into a sidebar and the
 * buttons, the curves and the key preview are all on screen. */
static void
test_narrow (Fixture *f, gconstpointer data)
{
  GtkWidget *page = GTK_WIDGET (f->window->training_page);
  g_autofree char *shot = NULL;
  int width;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 600);
  studio_test_iterate (0.5);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  width = gtk_widget_get_width (GTK_WIDGET (f->window));
  g_assert_cmpint (width, <=, 800);
  for (guint c = 0; c < STUDIO_TRAINING_N_CURVES; c++)
    {
      GtkWidget *plot = GTK_WIDGET (studio_training_page_get_curves (f->window->training_page, c));
      graphene_rect_t r;

      g_assert_true (gtk_widget_compute_bounds (plot, page, &r));
      g_assert_cmpfloat (r.origin.x + r.size.width, <=, gtk_widget_get_width (page) + 0.5);
      g_assert_cmpfloat (r.size.width, >=, 200);
    }
  shot = studio_test_screenshot (GTK_WIDGET (f->window), "training-page-800.png");
}

int
main (int argc, char **argv)
{
  studio_test_init (&argc, &argv);
  g_test_add ("/app/training/twenty-iterations", Fixture, NULL, fixture_setup,
              test_twenty_iterations, fixture_teardown);
  g_test_add ("/app/training/stop-and-resume", Fixture, NULL, fixture_setup,
              test_stop_and_resume, fixture_teardown);
  g_test_add ("/app/training/pause", Fixture, NULL, fixture_setup, test_pause,
              fixture_teardown);
  g_test_add ("/app/training/wgan-gp", Fixture, NULL, fixture_setup, test_wgan_gp,
              fixture_teardown);
  g_test_add ("/app/training/open-metrics", Fixture, NULL, fixture_setup, test_open_metrics,
              fixture_teardown);
  g_test_add ("/app/training/state-machine", Fixture, NULL, fixture_setup, test_state_machine,
              fixture_teardown);
  g_test_add ("/app/training/clip-outliers", Fixture, NULL, fixture_setup, test_clip_outliers,
              fixture_teardown);
  g_test_add ("/app/training/narrow", Fixture, NULL, fixture_setup, test_narrow,
              fixture_teardown);
  return g_test_run ();
}
