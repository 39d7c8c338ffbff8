/* studio-attacks-page.c — the Attacks page: key reuse and known plaintext, shown as images
 *
 * Both attacks of docs/SPECIFICATION.md §6.9 come from the core (analysis/dkg-attacks.h): the open
 * image P₁ and a second image P₂ (brought to P₁'s shape, studio-attacks.c) are encrypted with one
 * key from the selected model, in a worker thread. Key reuse shows C₁, C₂, what C₁ ⊕ C₂ reveals
 * and the truth P₁ ⊕ P₂; known plaintext shows P₁, the keystream K' = C₁ ⊕ P₁ the attacker
 * recovers, C₂ and the attacker's decryption of C₂. Under chacha20-poly1305 each file has its
 * own salt and nonce, so both attacks give noise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "dkg-attacks.h"
#include "dkg-plot-style.h"
#include "dkg-plot-text.h"
#include "studio-attacks-page.h"
#include "studio-cipher-task.h"
#include "studio-data.h"
#include "studio-viewport.h"

typedef struct
{
  StudioImage             *plain;
  char                    *second_path;
  char                    *model_path;
  DkgContainerOptions      options;
  /* results */
  StudioImage             *images[STUDIO_ATTACKS_N_VIEWS];
  DkgAttackKeyReuse       *reuse;
  DkgAttackKnownPlaintext *known;
  DkgAttackChosenPlaintext *chosen;
} AttackJob;

struct _StudioAttacksPage
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkBox          *root_box;
  GtkMenuButton   *second_button;
  GtkDropDown     *scheme_dropdown;
  GtkSpinner      *spinner;
  GtkStack        *stack;
  GtkLabel        *reuse_label;
  GtkLabel        *known_label;
  GtkLabel        *chosen_label;
  GtkGrid         *reuse_grid;
  GtkGrid         *known_grid;
  GtkGrid         *chosen_grid;

  /* Borrowed (children of the grids) */
  StudioImageView *views[STUDIO_ATTACKS_N_VIEWS];
  GtkLabel        *second_label;     /* the child of second_button */

  /* Owned */
  StudioViewport  *viewports[STUDIO_ATTACKS_N_VIEWS];
  StudioImage     *plain;
  char            *model_path;
  char            *second_path;
  GSettings       *settings;
  GCancellable    *cancellable;
  double           reuse_match;
  double           recovered;
  double           chosen_permutation;
  double           chosen_recovered;
  /* what the shown results were made with */
  DkgContainerScheme result_scheme;
  char            *result_model;
  gboolean         has_results;
};

enum
{
  ERROR,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StudioAttacksPage, studio_attacks_page, GTK_TYPE_WIDGET)

static const char *
view_title (guint i)
{
  switch (i)
    {
    case 0: return _("C₁, ciphertext of P₁");
    case 1: return _("C₂, ciphertext of P₂ (same key)");
    case 2: return _("What C₁ ⊕ C₂ reveals");
    case 3: return _("P₁ ⊕ P₂, the truth");
    case 4: return _("P₁, known to the attacker");
    case 5: return _("K′ = C₁ ⊕ P₁, recovered keystream");
    case 6: return _("C₂, the target ciphertext");
    case 7: return _("P₂′ = C₂ ⊕ K′, the attacker's decryption");
    case 8: return _("A chosen plaintext: one bit of every pixel's position");
    case 9: return _("C₀, the all-black image encrypted: the keystream");
    case 10: return _("C₁, the target ciphertext");
    case 11: return _("P₁′, decrypted with the recovered permutation");
    default: g_assert_not_reached ();
    }
  return NULL;
}

static void
attack_job_free (AttackJob *job)
{
  g_clear_object (&job->plain);
  g_free (job->second_path);
  g_free (job->model_path);
  for (guint i = 0; i < STUDIO_ATTACKS_N_VIEWS; i++)
    g_clear_object (&job->images[i]);
  g_clear_pointer (&job->reuse, dkg_attack_key_reuse_free);
  g_clear_pointer (&job->known, dkg_attack_known_plaintext_free);
  g_clear_pointer (&job->chosen, dkg_attack_chosen_plaintext_free);
  g_free (job);
}

static StudioImage *
wrap (const DkgImage *image, guint i)
{
  return studio_image_new (dkg_image_copy (image), view_title (i));
}

static void
attack_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  AttackJob *job = task_data;
  const DkgImage *p1 = studio_image_get_image (job->plain);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) second = NULL;
  g_autoptr(DkgImage) p2 = NULL;
  g_autoptr(DkgImage) key = NULL;

  studio_data_background_thread ();

  second = dkg_image_load (job->second_path, NULL, &error);
  if (second == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  p2 = dkg_image_convert_like (second, p1, &error);
  if (p2 != NULL)
    key = studio_cipher_make_key (job->model_path, p1, p1, cancellable, NULL, NULL, &error);
  if (key == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  job->reuse = dkg_attack_key_reuse (p1, p2, key, &job->options, &error);
  if (job->reuse == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->known = dkg_attack_known_plaintext (p1, p2, key, &job->options, &error);
  if (job->known == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The chosen-plaintext attack (§6.9): encryptions of position codes, bit plane by bit
   * plane (readable stripes), recover the cat map's permutation whatever k is */
  job->chosen = dkg_attack_acm_chosen_plaintext (p1, key, &job->options,
                                                 DKG_ATTACK_ENCODING_BIT_PLANES, &error);
  if (job->chosen == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  {
    const DkgAttackChosenPlaintext *c = job->chosen;
    gboolean padded = (guint64) c->cipher_width * c->cipher_height
                      > (guint64) c->width * c->height;
    g_autoptr(DkgImage) stripes = dkg_attack_chosen_plaintext_make_image (
      p1->width, p1->height, p1->channels, p1->bit_depth, padded, DKG_ATTACK_ENCODING_BIT_PLANES,
      MIN (c->n_chosen - 1, 3), &error);

    if (stripes == NULL)
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }
    job->images[8] = wrap (stripes, 8);
    job->images[9] = wrap (c->keystream, 9);
    job->images[10] = wrap (job->reuse->cipher1, 10);
    job->images[11] = wrap (c->recovered, 11);
  }
  job->images[0] = wrap (job->reuse->cipher1, 0);
  job->images[1] = wrap (job->reuse->cipher2, 1);
  job->images[2] = wrap (job->reuse->revealed, 2);
  job->images[3] = wrap (job->reuse->plain_xor, 3);
  job->images[4] = wrap (p1, 4);
  job->images[5] = wrap (job->known->keystream, 5);
  job->images[6] = wrap (job->known->cipher2, 6);
  job->images[7] = wrap (job->known->recovered, 7);
  g_task_return_boolean (task, TRUE);
}

static void
show_results (StudioAttacksPage *self, AttackJob *job)
{
  const DkgAttackKeyReuse *r = job->reuse;
  const DkgAttackKnownPlaintext *k = job->known;
  g_autofree char *reuse = NULL;
  g_autofree char *known = NULL;
  const char *scheme = dkg_container_scheme_to_string (r->scheme);

  for (guint i = 0; i < STUDIO_ATTACKS_N_VIEWS; i++)
    {
      const DkgImage *im = studio_image_get_image (job->images[i]);

      studio_viewport_set_reference (self->viewports[i], im->width, im->height);
      studio_image_view_set_image (self->views[i], job->images[i]);
    }
  self->reuse_match = r->match_fraction;
  self->recovered = k->recovered_fraction;
  if (r->leaks)
    reuse = g_strdup_printf (_("%s: what C₁ ⊕ C₂ reveals equals P₁ ⊕ P₂ in %.3f %% of the "
                               "samples (chance: %.3f %%). Reusing the key exposes the XOR of "
                               "the two plaintexts: edges of both images show through."),
                             scheme, 100 * r->match_fraction, 100 * r->chance_fraction);
  else
    reuse = g_strdup_printf (_("%s: C₁ ⊕ C₂ matches P₁ ⊕ P₂ in only %.3f %% of the samples, "
                               "what unrelated noise gives (chance: %.3f %%; correlation %.4f). "
                               "Each file has its own salt and nonce, so nothing leaks."),
                             scheme, 100 * r->match_fraction, 100 * r->chance_fraction,
                             r->correlation.defined ? r->correlation.r : 0.0);
  known = g_strdup_printf (_("%s: the keystream recovered from one known plaintext decrypts "
                             "%.3f %% of the second image's samples exactly (chance: %.3f %%; "
                             "%.3f %% of K′ equals the key's own bytes)."),
                           scheme, 100 * k->recovered_fraction, 100 * k->chance_fraction,
                           100 * k->keystream_match_fraction);
  gtk_label_set_label (self->reuse_label, reuse);
  gtk_label_set_label (self->known_label, known);
  {
    const DkgAttackChosenPlaintext *c = job->chosen;
    g_autofree char *chosen = NULL;

    self->chosen_permutation = c->permutation_correct_fraction;
    self->chosen_recovered = c->recovered_fraction;
    if (c->recovered_fraction > 10 * c->chance_fraction)
      chosen = g_strdup_printf (_("%s: %u chosen plaintexts (the all-black image and one image "
                                  "per bit of the pixels' positions) recover the permutation for "
                                  "%.3f %% of the pixels and decrypt %.3f %% of P₁'s samples "
                                  "(chance: %.3f %%), whatever the number of cat-map rounds k. "
                                  "Scrambling positions adds no secret."),
                                scheme, c->n_chosen, 100 * c->permutation_correct_fraction,
                                100 * c->recovered_fraction, 100 * c->chance_fraction);
    else
      chosen = g_strdup_printf (_("%s: after %u chosen plaintexts only %.3f %% of P₁'s samples "
                                  "come out right, what chance gives (%.3f %%): every encryption "
                                  "has a fresh keystream, so the chosen images reveal nothing."),
                                scheme, c->n_chosen, 100 * c->recovered_fraction,
                                100 * c->chance_fraction);
    gtk_label_set_label (self->chosen_label, chosen);
  }
  gtk_stack_set_visible_child_name (self->stack, "results");
  self->result_scheme = job->options.scheme;
  g_free (self->result_model);
  self->result_model = g_strdup (job->model_path);
  self->has_results = TRUE;
}

static void
update_actions (StudioAttacksPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "attacks.run",
                                 self->plain != NULL && self->model_path != NULL
                                 && self->second_path != NULL && self->cancellable == NULL);
}

static void
on_attacked_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  StudioAttacksPage *self = STUDIO_ATTACKS_PAGE (source);
  g_autoptr(GError) error = NULL;
  AttackJob *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->cancellable);
      gtk_spinner_set_spinning (self->spinner, FALSE);
      update_actions (self);
      g_signal_emit (self, signals[ERROR], 0, _("Could Not Run the Attacks"), error->message);
      return;
    }
  g_clear_object (&self->cancellable);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  update_actions (self);
  show_results (self, job);
  g_signal_emit (self, signals[FINISHED], 0);
}

/** studio_attacks_page_run: runs both attacks in a worker thread. */
void
studio_attacks_page_run (StudioAttacksPage *self)
{
  AttackJob *job;
  static const DkgContainerScheme schemes[] = { DKG_CONTAINER_SCHEME_XOR,
                                                DKG_CONTAINER_SCHEME_ACM_XOR,
                                                DKG_CONTAINER_SCHEME_CHACHA20_POLY1305 };

  g_return_if_fail (STUDIO_IS_ATTACKS_PAGE (self));
  if (self->plain == NULL || self->model_path == NULL || self->second_path == NULL
      || self->cancellable != NULL)
    return;
  job = g_new0 (AttackJob, 1);
  job->plain = g_object_ref (self->plain);
  job->second_path = g_strdup (self->second_path);
  job->model_path = g_strdup (self->model_path);
  job->options.scheme = schemes[MIN (gtk_drop_down_get_selected (self->scheme_dropdown), 2)];
  job->options.acm_iterations = g_settings_get_uint (self->settings, "acm-iterations");
  self->cancellable = g_cancellable_new ();
  gtk_spinner_set_spinning (self->spinner, TRUE);
  update_actions (self);
  studio_data_run_task (self, self->cancellable, on_attacked_cb, NULL,
                        studio_attacks_page_run, job,
                        (GDestroyNotify) attack_job_free, attack_worker);
}

static void
cancel (StudioAttacksPage *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  gtk_spinner_set_spinning (self->spinner, FALSE);
}

/**
 * studio_attacks_page_set_plain:
 * @plain: P₁, the image the attacks start from
 */
void
studio_attacks_page_set_plain (StudioAttacksPage *self, StudioImage *plain)
{
  g_autoptr(GPtrArray) samples = studio_data_list_samples ();

  g_return_if_fail (STUDIO_IS_ATTACKS_PAGE (self));
  cancel (self);
  g_set_object (&self->plain, plain);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  self->has_results = FALSE;
  /* Default P₂: the first shipped sample that is not P₁. */
  if (self->second_path == NULL
      || g_strcmp0 (self->second_path, studio_image_get_path (plain)) == 0)
    for (guint i = 0; i < samples->len; i++)
      if (g_strcmp0 (samples->pdata[i], studio_image_get_path (plain)) != 0)
        {
          studio_attacks_page_set_second (self, samples->pdata[i]);
          break;
        }
  update_actions (self);
}

/** studio_attacks_page_set_model: @model_path: (nullable): the generator of the shared key */
void
studio_attacks_page_set_model (StudioAttacksPage *self, const char *model_path)
{
  g_return_if_fail (STUDIO_IS_ATTACKS_PAGE (self));
  g_free (self->model_path);
  self->model_path = g_strdup (model_path);
  update_actions (self);
}

/** studio_attacks_page_set_second: @path: the second plaintext P₂ */
void
studio_attacks_page_set_second (StudioAttacksPage *self, const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  g_return_if_fail (STUDIO_IS_ATTACKS_PAGE (self));
  g_free (self->second_path);
  self->second_path = g_strdup (path);
  gtk_label_set_label (self->second_label, base);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->second_button), path);
  update_actions (self);
}

/** studio_attacks_page_set_scheme: selects the scheme to attack */
void
studio_attacks_page_set_scheme (StudioAttacksPage *self, DkgContainerScheme scheme)
{
  g_return_if_fail (STUDIO_IS_ATTACKS_PAGE (self));
  gtk_drop_down_set_selected (self->scheme_dropdown, scheme);
}

gboolean
studio_attacks_page_get_busy (StudioAttacksPage *self)
{
  g_return_val_if_fail (STUDIO_IS_ATTACKS_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

/**
 * studio_attacks_page_get_result_inputs:
 * @scheme: (out): the scheme the shown results were made with
 * @model: (out) (transfer none): the model of their key
 *
 * Returns: %FALSE when no results are shown
 */
gboolean
studio_attacks_page_get_result_inputs (StudioAttacksPage *self, DkgContainerScheme *scheme,
                                       const char **model)
{
  g_return_val_if_fail (STUDIO_IS_ATTACKS_PAGE (self), FALSE);
  *scheme = self->result_scheme;
  *model = self->result_model;
  return self->has_results;
}

/** studio_attacks_page_get_reuse_match: Returns: fraction of C₁ ⊕ C₂ equal to P₁ ⊕ P₂ */
double
studio_attacks_page_get_reuse_match (StudioAttacksPage *self)
{
  return self->reuse_match;
}

/** studio_attacks_page_get_chosen_permutation: Returns: fraction of the permutation recovered */
double
studio_attacks_page_get_chosen_permutation (StudioAttacksPage *self)
{
  return self->chosen_permutation;
}

/** studio_attacks_page_get_chosen_recovered: Returns: fraction of P₁ the chosen-plaintext
 * attack decrypts */
double
studio_attacks_page_get_chosen_recovered (StudioAttacksPage *self)
{
  return self->chosen_recovered;
}

/** studio_attacks_page_get_recovered: Returns: fraction of P₂ recovered from a known P₁ */
double
studio_attacks_page_get_recovered (StudioAttacksPage *self)
{
  return self->recovered;
}

/** studio_attacks_page_get_view: Returns: (transfer none): pane @index (0–7) */
StudioImageView *
studio_attacks_page_get_view (StudioAttacksPage *self, guint index)
{
  g_return_val_if_fail (index < STUDIO_ATTACKS_N_VIEWS, NULL);
  return self->views[index];
}

/** studio_attacks_page_render_figure: the eight panes in two rows, with their titles. */
void
studio_attacks_page_render_figure (StudioAttacksPage *self, cairo_t *cr, double width,
                                   double height)
{
  double cw = width / 4, ch = height / (STUDIO_ATTACKS_N_VIEWS / 4);
  DkgPlotStyle label_style;
  const DkgPlotColor ink = { 0.1, 0.1, 0.1, 1 };

  dkg_plot_style_init_light (&label_style);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  for (guint i = 0; i < STUDIO_ATTACKS_N_VIEWS; i++)
    {
      StudioImage *image = studio_image_view_get_image (self->views[i]);
      double x0 = (i % 4) * cw, y0 = (i / 4) * ch, s, lo, hi;
      const DkgImage *im;
      cairo_surface_t *surface;

      dkg_plot_draw_label (cr, &label_style, 11, TRUE, &ink, view_title (i), x0 + 6, y0 + 16, 0);
      if (image == NULL)
        continue;
      im = studio_image_get_image (image);
      studio_image_get_display_window (image, &lo, &hi);
      surface = studio_image_render (image, lo, hi);
      s = MIN ((cw - 12) / im->width, (ch - 28) / im->height);
      cairo_save (cr);
      cairo_translate (cr, x0 + (cw - im->width * s) / 2, y0 + 22);
      cairo_scale (cr, s, s);
      cairo_set_source_surface (cr, surface, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_surface_destroy (surface);
    }
  cairo_restore (cr);
}

static void
run_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  studio_attacks_page_run (STUDIO_ATTACKS_PAGE (widget));
}

static void
second_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  studio_attacks_page_set_second (STUDIO_ATTACKS_PAGE (widget),
                                  g_variant_get_string (param, NULL));
}

static void
build_second_menu (StudioAttacksPage *self)
{
  g_autoptr(GMenu) menu = studio_data_samples_menu ("attacks.second");

  gtk_menu_button_set_menu_model (self->second_button, G_MENU_MODEL (menu));
  {
    /* A fixed width: a long file name must not push the Run button aside */
    GtkWidget *label = gtk_label_new (_("Choose"));

    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
    gtk_label_set_width_chars (GTK_LABEL (label), 22);
    gtk_label_set_max_width_chars (GTK_LABEL (label), 22);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_menu_button_set_child (self->second_button, label);
    self->second_label = GTK_LABEL (label);
  }
}

static void
build_panes (StudioAttacksPage *self)
{
  for (guint i = 0; i < STUDIO_ATTACKS_N_VIEWS; i++)
    {
      GtkWidget *title = gtk_label_new (view_title (i));
      GtkWidget *frame = gtk_frame_new (NULL);
      GtkWidget *view = studio_image_view_new ();
      GtkGrid *grid = i < 4 ? self->reuse_grid : i < 8 ? self->known_grid : self->chosen_grid;

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      /* Titles wrap, never "…" (German is long): titles in the grid's first row, panes in
       * the second, so that the panes stay level whatever a title's height */
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_natural_wrap_mode (GTK_LABEL (title), GTK_NATURAL_WRAP_WORD);
      gtk_widget_set_valign (title, GTK_ALIGN_END);
      gtk_widget_add_css_class (title, "heading");
      gtk_frame_set_child (GTK_FRAME (frame), view);
      gtk_widget_set_vexpand (frame, TRUE);
      gtk_grid_attach (grid, title, i % 4, 0, 1, 1);
      gtk_grid_attach (grid, frame, i % 4, 1, 1, 1);
      self->viewports[i] = studio_viewport_new ();
      studio_image_view_set_viewport (STUDIO_IMAGE_VIEW (view), self->viewports[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      view_title (i), -1);
      self->views[i] = STUDIO_IMAGE_VIEW (view);
    }
}

static void
studio_attacks_page_dispose (GObject *object)
{
  StudioAttacksPage *self = STUDIO_ATTACKS_PAGE (object);

  cancel (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_ATTACKS_PAGE);
  for (guint i = 0; i < STUDIO_ATTACKS_N_VIEWS; i++)
    g_clear_object (&self->viewports[i]);
  g_clear_object (&self->plain);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->model_path, g_free);
  g_clear_pointer (&self->second_path, g_free);
  g_clear_pointer (&self->result_model, g_free);
  G_OBJECT_CLASS (studio_attacks_page_parent_class)->dispose (object);
}

static void
studio_attacks_page_class_init (StudioAttacksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_attacks_page_dispose;
  /** StudioAttacksPage::error: @heading: what failed; @message: why */
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /** StudioAttacksPage::finished: new results are shown */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/deepkeygen/"
                                               "Studio/ui/studio-attacks-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioAttacksPage, root_box);
  gtk_widget_class_bind_template_child (widget_class, StudioAttacksPage, second_button);
  gtk_widget_class_bind_template_child (widget_class, StudioAttacksPage, scheme_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StudioAttacksPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, StudioAttacksPage, stack);
  gtk_widget_class_bind_template_child (widget_class, StudioAttacksPage, reuse_label);
  gtk_widget_class_bind_template_child (widget_class, StudioAttacksPage, known_label);
  gtk_widget_class_bind_template_child (widget_class, StudioAttacksPage, chosen_label);
  gtk_widget_class_bind_template_child (widget_class, StudioAttacksPage, chosen_grid);
  gtk_widget_class_bind_template_child (widget_class, StudioAttacksPage, reuse_grid);
  gtk_widget_class_bind_template_child (widget_class, StudioAttacksPage, known_grid);
  gtk_widget_class_install_action (widget_class, "attacks.run", NULL, run_action_cb);
  gtk_widget_class_install_action (widget_class, "attacks.second", "s", second_action_cb);
}

static void
studio_attacks_page_init (StudioAttacksPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new ("io.github.deepkeygen.Studio");
  build_panes (self);
  build_second_menu (self);
  update_actions (self);
}
