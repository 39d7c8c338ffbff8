/* test-german.c — the app in German at 1024 × 700: every string translated on screen, no title cut
 *
 * German words are long: a title that fits in English ends in "…" in German. This test runs
 * the window with the build's German catalogue (po/de/LC_MESSAGES/deepkeygen.mo), fills every
 * page (an image encrypted, analysed, attacked) and walks all mapped labels at 1024 × 700 and
 * 800 × 600: none may be ellipsized, except the status bar's read-out, file names and the
 * window title (may_ellipsize()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "studio-test-util.h"
#include "studio-window-private.h"

static gboolean
has_plain (gpointer data)
{
  StudioWindow *window = data;

  return studio_encrypt_page_get_plain (window->encrypt_page) != NULL;
}

static gboolean
has_result (gpointer data)
{
  StudioWindow *window = data;

  return studio_encrypt_page_get_result (window->encrypt_page) != NULL;
}

static gboolean
attacks_done (gpointer data)
{
  StudioWindow *window = data;

  return !studio_attacks_page_get_busy (window->attacks_page);
}

/* Labels whose text is a value that may run long (paths, the read-out): they ellipsize on
 * purpose and show the whole text in a tooltip or elsewhere. */
static gboolean
may_ellipsize (GtkLabel *label)
{
  GtkWidget *w = GTK_WIDGET (label);

  /* … and the window's title in the header bar, which GNOME apps let shrink on a narrow
   * window (the page switcher moves to the bottom there) */
  return gtk_widget_has_css_class (w, "caption") || gtk_widget_has_css_class (w, "numeric")
         || gtk_label_get_ellipsize (label) == PANGO_ELLIPSIZE_MIDDLE
         || gtk_widget_get_ancestor (w, ADW_TYPE_WINDOW_TITLE) != NULL;
}

static void
collect_ellipsized (GtkWidget *widget, GString *out, guint *n_labels)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      GtkLabel *label = GTK_LABEL (widget);
      PangoLayout *layout = gtk_label_get_layout (label);

      (*n_labels)++;
      if (pango_layout_is_ellipsized (layout) && !may_ellipsize (label))
        g_string_append_printf (out, "  “%s” (%d px wide)\n", gtk_label_get_text (label),
                                gtk_widget_get_width (widget));
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    collect_ellipsized (c, out, n_labels);
}

static void
assert_nothing_ellipsized (StudioWindow *window, const char *page, int width)
{
  g_autoptr(GString) cut = g_string_new (NULL);
  g_autofree char *shot_name = g_strdup_printf ("german-%d-%s.png", width, page);
  g_autofree char *shot = NULL;
  guint n_labels = 0;

  studio_window_set_visible_page (window, page);
  studio_test_iterate (0.3);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  shot = studio_test_screenshot (GTK_WIDGET (window), shot_name);
  collect_ellipsized (GTK_WIDGET (window), cut, &n_labels);
  g_test_message ("%s: %u labels checked; %s", page, n_labels, shot);
  if (cut->len > 0)
    g_error ("Ellipsized on the %s page at %d px in German:\n%s", page, width, cut->str);
  g_assert_cmpuint (n_labels, >, 10);
}

static void
test_german (gconstpointer data)
{
  int width = GPOINTER_TO_INT (data), height = width == 800 ? 600 : 700;
  g_autofree char *model = studio_test_model (0);
  g_autofree char *path = studio_test_sample ("CT_small.dcm");
  g_autofree char *second = studio_test_sample ("MR_small.dcm");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  StudioWindow *window = g_object_ref_sink (studio_window_new (NULL));
  const char *pages[] = { "encrypt", "analysis", "training", "attacks", "stego" };

  /* The catalogue is in use: a string of each kind comes out German. */
  g_assert_cmpstr (_("Plaintext"), ==, "Klartext");
  g_assert_cmpstr (_("Uniform"), ==, "Gleichverteilt");

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  studio_window_add_model (window, model, TRUE);
  gtk_window_present (GTK_WINDOW (window));
  studio_window_open_file (window, file);
  studio_test_wait (has_plain, window, 60, "the image");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.encrypt", NULL));
  studio_test_wait (has_result, window, 120, "the encryption");

  studio_attacks_page_set_second (window->attacks_page, second);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->attacks_page), "attacks.run",
                                             NULL));
  studio_test_wait (attacks_done, window, 120, "the attacks");
  /* Under Xvfb with no window manager the first map now and then takes the content's natural
   * width (1065 px) instead of the default size: ask for the size again */
  gtk_window_set_default_size (GTK_WINDOW (window), width - 1, height - 1);
  studio_test_iterate (0.2);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  studio_test_iterate (1.0);
  {
    GtkWidget *pages_w[] = { GTK_WIDGET (window->encrypt_page), GTK_WIDGET (window->analysis_page),
                             GTK_WIDGET (window->training_page), GTK_WIDGET (window->attacks_page),
                             GTK_WIDGET (window->stego_page) };

    for (gsize i = 0; i < G_N_ELEMENTS (pages_w); i++)
      {
        int min, nat;

        gtk_widget_measure (pages_w[i], GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
        g_test_message ("%s: minimum width %d", pages[i], min);
        gtk_widget_measure (pages_w[i], GTK_ORIENTATION_VERTICAL, width, &min, &nat, NULL, NULL);
        g_test_message ("%s: minimum height %d", pages[i], min);
      }
  }
  {
    GtkWidget *parts[] = { GTK_WIDGET (window->header_bar), GTK_WIDGET (window->view_stack),
                           GTK_WIDGET (window->stale_revealer), GTK_WIDGET (window->open_button),
                           GTK_WIDGET (window->model_button), GTK_WIDGET (window->scheme_button),
                           GTK_WIDGET (window->encrypt_button), GTK_WIDGET (window->switcher_title) };

    for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
      {
        int min, nat;

        gtk_widget_measure (parts[i], GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
        g_test_message ("%s: minimum width %d, natural %d", G_OBJECT_TYPE_NAME (parts[i]), min, nat);
      }
  }
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, width);
  g_test_message ("window: %d × %d", gtk_widget_get_width (GTK_WIDGET (window)),
                  gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, height);
  for (gsize i = 0; i < G_N_ELEMENTS (pages); i++)
    assert_nothing_ellipsized (window, pages[i], width);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

int
main (int argc, char **argv)
{
  g_autofree char *localedir = NULL;

  /* German from the build tree's catalogue; C.UTF-8 is not "C", so LANGUAGE applies. */
  g_setenv ("LANGUAGE", "de", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  localedir = g_build_filename (g_getenv ("MESON_BUILD_ROOT") != NULL
                                ? g_getenv ("MESON_BUILD_ROOT") : BUILD_ROOT, "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  studio_test_init (&argc, &argv);
  g_test_add_data_func ("/app/german/nothing-ellipsized-at-1024", GINT_TO_POINTER (1024),
                        test_german);
  g_test_add_data_func ("/app/german/nothing-ellipsized-at-800", GINT_TO_POINTER (800),
                        test_german);
  return g_test_run ();
}
