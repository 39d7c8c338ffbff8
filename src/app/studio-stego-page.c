/* studio-stego-page.c — LSB steganography and RSA (Prakash et al. 2023, docs/SPECIFICATION.md §5.6)
 *
 * The third system of docs/SPECIFICATION.md §1, end to end, with the core's functions: the patient
 * text is embedded in the least significant bits of the plaintext (dkg_lsb_stego_embed) and read
 * back; the chi-square attack of Westfeld and Pfitzmann tells whether the embedding is detectable;
 * the stego image is encrypted pixel by pixel with the paper's textbook RSA (labelled
 * insecure), decrypted with the private key, and broken with the public key alone by a
 * dictionary of all sample values. When the Encrypt page has a result, its key is wrapped for a
 * fresh RSA-2048 recipient with RSA-OAEP (the container's wrapped-key chunk) and unwrapped
 * again: how a key can travel with the ciphertext instead of over the paper's secure channel.
 * All of it runs in a GTask.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "dkg-metric-rows.h"
#include "dkg-steganalysis.h"
#include "dkg-lsb-stego.h"
#include "dkg-rsa.h"
#include "dkg-plot-style.h"
#include "dkg-plot-text.h"
#include "studio-data.h"
#include "studio-stego-page.h"
#include "studio-viewport.h"

typedef struct
{
  StudioImage     *plain;
  char            *text;
  guint            bits;
  GBytes          *container;   /* nullable: the Encrypt page's last container */
  StudioImage     *key;         /* nullable: its key */
  char            *container_name;
  /* results */
  StudioImage     *images[STUDIO_STEGO_N_VIEWS];
  gsize            text_bytes;
  guint64          capacity;
  gboolean         text_intact;
  DkgSteganalysis *steganalysis;
  char            *steganalysis_note;
  DkgRsaTextbookKey textbook;
  gboolean         rsa_exact;
  double           attack_recovered;
  int              key_wrapped;  /* -1 not tried, 0 failed, 1 wrapped and unwrapped equal */
  char            *recipient;
  gsize            wrapped_bytes;
} StegoJob;

struct _StudioStegoPage
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkBox              *root_box;
  GtkEntry            *text_entry;
  GtkAdjustment       *bits_adjustment;
  GtkSpinner          *spinner;
  GtkStack            *stack;
  GtkGrid             *grid;
  AdwPreferencesGroup *results_group;
  guint                n_checks;        /* pass/fail rows shown, for the verdict line */
  guint                n_passed;

  /* Borrowed (children of grid and results_group) */
  StudioImageView     *views[STUDIO_STEGO_N_VIEWS];
  GPtrArray           *rows;

  /* Owned */
  StudioViewport      *viewports[STUDIO_STEGO_N_VIEWS];
  StudioImage         *plain;
  GBytes              *container;
  StudioImage         *key;
  GCancellable        *cancellable;
  gboolean             text_intact;
  gboolean             rsa_exact;
  double               attack_recovered;
  int                  key_wrapped;
};

enum
{
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StudioStegoPage, studio_stego_page, GTK_TYPE_WIDGET)

static const char *
view_title (guint i)
{
  switch (i)
    {
    case 0: return _("Plaintext with the hidden text");
    case 1: return _("Textbook RSA ciphertext (insecure)");
    case 2: return _("Dictionary attack with the public key");
    case 3: return _("Decrypted with the private key");
    default: g_assert_not_reached ();
    }
  return NULL;
}

static void
stego_job_free (StegoJob *job)
{
  g_clear_object (&job->plain);
  g_free (job->text);
  g_clear_pointer (&job->container, g_bytes_unref);
  g_clear_object (&job->key);
  g_free (job->container_name);
  for (guint i = 0; i < STUDIO_STEGO_N_VIEWS; i++)
    g_clear_object (&job->images[i]);
  g_clear_pointer (&job->steganalysis, dkg_steganalysis_free);
  g_free (job->steganalysis_note);
  g_free (job->recipient);
  g_free (job);
}

static void
stego_worker (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  StegoJob *job = task_data;
  const DkgImage *plain = studio_image_get_image (job->plain);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) stego = dkg_image_copy (plain);
  g_autoptr(DkgImage) cipher = NULL;
  g_autoptr(DkgImage) back = NULL;
  g_autoptr(DkgImage) attacked = NULL;
  g_autofree char *extracted = NULL;
  gsize extracted_len = 0;
  guint64 n_recovered = 0;

  studio_data_background_thread ();
  job->text_bytes = strlen (job->text);
  job->capacity = dkg_lsb_stego_capacity (stego);
  if (!dkg_lsb_stego_embed (stego, job->text, -1, &error)
      || (extracted = dkg_lsb_stego_extract (stego, &extracted_len, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->text_intact = extracted_len == job->text_bytes
                     && memcmp (extracted, job->text, extracted_len) == 0;
  job->steganalysis = dkg_steganalysis_chi2_attack (stego, DKG_STEGANALYSIS_DEFAULT_POINTS,
                                                    &error);
  if (job->steganalysis == NULL)
    {
      job->steganalysis_note = g_strdup (error->message);
      g_clear_error (&error);
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  if (!dkg_rsa_textbook_key_generate (job->bits, &job->textbook, &error)
      || (cipher = dkg_rsa_textbook_encrypt_image (stego, &job->textbook, &error)) == NULL
      || (back = dkg_rsa_textbook_decrypt_image (cipher, &job->textbook, stego->bit_depth,
                                                 stego->is_signed, &error)) == NULL
      || (attacked = dkg_rsa_textbook_dictionary_attack (cipher, job->textbook.n, job->textbook.e,
                                                         stego->bit_depth, stego->is_signed,
                                                         &n_recovered, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->rsa_exact = dkg_image_equal (back, stego);
  job->attack_recovered = (double) n_recovered / MAX (dkg_image_n_samples (stego), 1);

  job->key_wrapped = -1;
  if (job->container != NULL && job->key != NULL)
    {
      g_autoptr(DkgRsaKey) recipient = dkg_rsa_key_generate (DKG_RSA_MIN_BITS, &error);
      g_autoptr(GBytes) wrapped = NULL;
      g_autoptr(DkgImage) unwrapped = NULL;

      if (recipient != NULL)
        wrapped = dkg_rsa_wrap_container_key_bytes (job->container, job->container_name,
                                                    studio_image_get_image (job->key), recipient,
                                                    &error);
      if (wrapped != NULL)
        unwrapped = dkg_rsa_unwrap_container_key_with (wrapped, job->container_name, recipient,
                                                       &error);
      if (unwrapped == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      job->key_wrapped = dkg_image_equal (unwrapped, studio_image_get_image (job->key)) ? 1 : 0;
      job->recipient = g_strdup (dkg_rsa_key_get_fingerprint (recipient));
      job->wrapped_bytes = g_bytes_get_size (wrapped) - g_bytes_get_size (job->container);
    }

  job->images[0] = studio_image_new (g_steal_pointer (&stego), view_title (0));
  job->images[1] = studio_image_new (g_steal_pointer (&cipher), view_title (1));
  job->images[2] = studio_image_new (g_steal_pointer (&attacked), view_title (2));
  job->images[3] = studio_image_new (g_steal_pointer (&back), view_title (3));
  g_task_return_boolean (task, TRUE);
}

static void
add_row (StudioStegoPage *self, const char *title, const char *subtitle, const char *value,
         int verdict)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  if (verdict >= 0)
    {
      GtkWidget *badge = gtk_label_new (dkg_verdict_get_label (dkg_verdict_from_pass (verdict)));

      gtk_widget_add_css_class (badge, "badge");
      gtk_widget_add_css_class (badge, verdict ? "success" : "error");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }
  adw_preferences_group_add (self->results_group, row);
  g_ptr_array_add (self->rows, row);
  self->n_checks += verdict >= 0;
  self->n_passed += verdict > 0;
}

static void
show_results (StudioStegoPage *self, StegoJob *job)
{
  g_autofree char *text_value = NULL;
  g_autofree char *text_sub = NULL;
  g_autofree char *rsa_sub = NULL;
  g_autofree char *attack_value = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->results_group, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  self->n_checks = self->n_passed = 0;
  for (guint i = 0; i < STUDIO_STEGO_N_VIEWS; i++)
    {
      const DkgImage *im = studio_image_get_image (job->images[i]);

      studio_viewport_set_reference (self->viewports[i], im->width, im->height);
      studio_image_view_set_image (self->views[i], job->images[i]);
    }
  self->text_intact = job->text_intact;
  self->rsa_exact = job->rsa_exact;
  self->attack_recovered = job->attack_recovered;
  self->key_wrapped = job->key_wrapped;

  text_value = g_strdup_printf (_("%zu of %llu bytes"), job->text_bytes,
                                (unsigned long long) job->capacity);
  text_sub = g_strdup (_("The text is read back from the least significant bits after "
                         "decryption; it changes each carrier sample by at most 1"));
  add_row (self, _("Hidden text read back intact"), text_sub, text_value, job->text_intact);
  if (job->steganalysis != NULL)
    {
      g_autofree char *v = studio_data_format_p (job->steganalysis->p_full);
      g_autofree char *sub = g_strdup_printf (_("Chi-square attack of Westfeld and Pfitzmann: "
                                                "about %.1f %% of the carriers look embedded; "
                                                "“pass” means the text is not detected"),
                                              100 * job->steganalysis->embedded_fraction);

      add_row (self, _("Steganalysis of the stego image"), sub, v,
               !job->steganalysis->detected);
    }
  else
    add_row (self, _("Steganalysis of the stego image"), job->steganalysis_note, _("n/a"), -1);
  rsa_sub = g_strdup_printf (_("n = %llu, e = %llu: per-pixel and deterministic, equal pixels "
                               "give equal ciphertexts"),
                             (unsigned long long) job->textbook.n,
                             (unsigned long long) job->textbook.e);
  add_row (self, _("Textbook RSA decrypts bit for bit"), rsa_sub,
           job->rsa_exact ? _("yes") : _("no"), job->rsa_exact);
  attack_value = g_strdup_printf ("%.3f %%", 100 * job->attack_recovered);
  add_row (self, _("Recovered without the private key"),
           _("Encrypting all sample values with the public key gives a codebook: textbook RSA "
             "of pixels is broken; “pass” would need 0 %"),
           attack_value, job->attack_recovered == 0.0);
  if (job->key_wrapped >= 0)
    {
      g_autofree char *sub = g_strdup_printf (_("RSA-OAEP-SHA256 for a new RSA-2048 recipient "
                                                "(fingerprint %.16s…), %zu bytes added to the "
                                                "container; unwrapped with the private key"),
                                              job->recipient, job->wrapped_bytes);

      add_row (self, _("Key of the last encryption wrapped"), sub,
               job->key_wrapped ? _("unwrapped intact") : _("differs"), job->key_wrapped);
    }
  else
    add_row (self, _("Key of the last encryption wrapped"),
             _("Encrypt an image on the Encrypt page first: its key is then wrapped with "
               "RSA-OAEP for a recipient"), _("not run"), -1);
  {
    /* Translators: the verdict over the Stego results; %u of %u */
    g_autofree char *verdict = g_strdup_printf (_("%u of %u checks pass"), self->n_passed,
                                                self->n_checks);

    adw_preferences_group_set_description (self->results_group, verdict);
  }
  gtk_stack_set_visible_child_name (self->stack, "results");
}

/** studio_stego_page_get_verdict: Returns: (transfer none): the line over the results */
const char *
studio_stego_page_get_verdict (StudioStegoPage *self)
{
  g_return_val_if_fail (STUDIO_IS_STEGO_PAGE (self), NULL);
  return adw_preferences_group_get_description (self->results_group);
}

static void
update_actions (StudioStegoPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stego.run",
                                 self->plain != NULL && self->cancellable == NULL);
}

static void
on_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  StudioStegoPage *self = STUDIO_STEGO_PAGE (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  gtk_spinner_set_spinning (self->spinner, FALSE);
  update_actions (self);
  if (error != NULL)
    {
      g_signal_emit (self, signals[ERROR], 0, _("Could Not Embed or Encrypt"), error->message);
      return;
    }
  show_results (self, g_task_get_task_data (G_TASK (result)));
}

/** studio_stego_page_run: embeds, encrypts, attacks and wraps in a worker thread. */
void
studio_stego_page_run (StudioStegoPage *self)
{
  StegoJob *job;

  g_return_if_fail (STUDIO_IS_STEGO_PAGE (self));
  if (self->plain == NULL || self->cancellable != NULL)
    return;
  job = g_new0 (StegoJob, 1);
  job->plain = g_object_ref (self->plain);
  job->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->text_entry)));
  job->bits = (guint) gtk_adjustment_get_value (self->bits_adjustment);
  if (self->container != NULL && self->key != NULL)
    {
      job->container = g_bytes_ref (self->container);
      job->key = g_object_ref (self->key);
      job->container_name = g_strdup (_("the last ciphertext"));
    }
  self->cancellable = g_cancellable_new ();
  gtk_spinner_set_spinning (self->spinner, TRUE);
  update_actions (self);
  studio_data_run_task (self, self->cancellable, on_done_cb, NULL,
                        studio_stego_page_run, job,
                        (GDestroyNotify) stego_job_free, stego_worker);
}

static void
cancel (StudioStegoPage *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  gtk_spinner_set_spinning (self->spinner, FALSE);
}

/** studio_stego_page_set_plain: @plain: the image to hide the text in */
void
studio_stego_page_set_plain (StudioStegoPage *self, StudioImage *plain)
{
  g_return_if_fail (STUDIO_IS_STEGO_PAGE (self));
  cancel (self);
  g_set_object (&self->plain, plain);
  g_clear_pointer (&self->container, g_bytes_unref);
  g_clear_object (&self->key);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  update_actions (self);
}

/**
 * studio_stego_page_set_result:
 * @result: (nullable): the Encrypt page's last result, whose key gets wrapped
 */
void
studio_stego_page_set_result (StudioStegoPage *self, const StudioCipherResult *result)
{
  g_return_if_fail (STUDIO_IS_STEGO_PAGE (self));
  g_clear_pointer (&self->container, g_bytes_unref);
  g_clear_object (&self->key);
  if (result != NULL)
    {
      self->container = g_bytes_ref (result->container);
      self->key = g_object_ref (result->key);
    }
}

gboolean
studio_stego_page_get_busy (StudioStegoPage *self)
{
  g_return_val_if_fail (STUDIO_IS_STEGO_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

/** studio_stego_page_get_text_intact: Returns: the extracted text equals the embedded one */
gboolean
studio_stego_page_get_text_intact (StudioStegoPage *self)
{
  return self->text_intact;
}

/** studio_stego_page_get_rsa_exact: Returns: textbook RSA decrypted the stego image exactly */
gboolean
studio_stego_page_get_rsa_exact (StudioStegoPage *self)
{
  return self->rsa_exact;
}

/** studio_stego_page_get_attack_recovered: Returns: fraction the dictionary attack recovered */
double
studio_stego_page_get_attack_recovered (StudioStegoPage *self)
{
  return self->attack_recovered;
}

/** studio_stego_page_get_key_wrapped: Returns: -1 not run, 0 failed, 1 key wrapped intact */
int
studio_stego_page_get_key_wrapped (StudioStegoPage *self)
{
  return self->key_wrapped;
}

/** studio_stego_page_get_view: Returns: (transfer none): pane @index (0–3) */
StudioImageView *
studio_stego_page_get_view (StudioStegoPage *self, guint index)
{
  g_return_val_if_fail (index < STUDIO_STEGO_N_VIEWS, NULL);
  return self->views[index];
}

/** studio_stego_page_render_figure: the four panes in a row, with their titles. */
void
studio_stego_page_render_figure (StudioStegoPage *self, cairo_t *cr, double width, double height)
{
  double cw = width / STUDIO_STEGO_N_VIEWS;
  DkgPlotStyle label_style;
  const DkgPlotColor ink = { 0.1, 0.1, 0.1, 1 };

  dkg_plot_style_init_light (&label_style);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  for (guint i = 0; i < STUDIO_STEGO_N_VIEWS; i++)
    {
      StudioImage *image = studio_image_view_get_image (self->views[i]);
      double x0 = i * cw, s, lo, hi;
      const DkgImage *im;
      cairo_surface_t *surface;

      dkg_plot_draw_label (cr, &label_style, 11, TRUE, &ink, view_title (i), x0 + 6, 16, 0);
      if (image == NULL)
        continue;
      im = studio_image_get_image (image);
      studio_image_get_display_window (image, &lo, &hi);
      surface = studio_image_render (image, lo, hi);
      s = MIN ((cw - 12) / im->width, (height - 28) / im->height);
      cairo_save (cr);
      cairo_translate (cr, x0 + (cw - im->width * s) / 2, 22);
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
  studio_stego_page_run (STUDIO_STEGO_PAGE (widget));
}

static void
studio_stego_page_dispose (GObject *object)
{
  StudioStegoPage *self = STUDIO_STEGO_PAGE (object);

  cancel (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_STEGO_PAGE);
  for (guint i = 0; i < STUDIO_STEGO_N_VIEWS; i++)
    g_clear_object (&self->viewports[i]);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->plain);
  g_clear_object (&self->key);
  g_clear_pointer (&self->container, g_bytes_unref);
  G_OBJECT_CLASS (studio_stego_page_parent_class)->dispose (object);
}

static void
studio_stego_page_class_init (StudioStegoPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_stego_page_dispose;
  /** StudioStegoPage::error: @heading: what failed; @message: why */
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/deepkeygen/"
                                               "Studio/ui/studio-stego-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioStegoPage, root_box);
  gtk_widget_class_bind_template_child (widget_class, StudioStegoPage, text_entry);
  gtk_widget_class_bind_template_child (widget_class, StudioStegoPage, bits_adjustment);
  gtk_widget_class_bind_template_child (widget_class, StudioStegoPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, StudioStegoPage, stack);
  gtk_widget_class_bind_template_child (widget_class, StudioStegoPage, grid);
  gtk_widget_class_bind_template_child (widget_class, StudioStegoPage, results_group);
  gtk_widget_class_install_action (widget_class, "stego.run", NULL, run_action_cb);
}

static void
studio_stego_page_init (StudioStegoPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->key_wrapped = -1;
  for (guint i = 0; i < STUDIO_STEGO_N_VIEWS; i++)
    {
      GtkWidget *title = gtk_label_new (view_title (i));
      GtkWidget *frame = gtk_frame_new (NULL);
      GtkWidget *view = studio_image_view_new ();

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      /* Titles wrap, never "…" (German is long): titles in the grid's first row, panes in
       * the second, so that the panes stay level whatever a title's height */
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_natural_wrap_mode (GTK_LABEL (title), GTK_NATURAL_WRAP_WORD);
      gtk_widget_set_valign (title, GTK_ALIGN_END);
      gtk_widget_add_css_class (title, "heading");
      gtk_frame_set_child (GTK_FRAME (frame), view);
      gtk_widget_set_vexpand (frame, TRUE);
      gtk_grid_attach (self->grid, title, i, 0, 1, 1);
      gtk_grid_attach (self->grid, frame, i, 1, 1, 1);
      self->viewports[i] = studio_viewport_new ();
      studio_image_view_set_viewport (STUDIO_IMAGE_VIEW (view), self->viewports[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      view_title (i), -1);
      self->views[i] = STUDIO_IMAGE_VIEW (view);
    }
  update_actions (self);
}
