/* studio-encrypt-page.c — the Encrypt page: plaintext, key, ciphertext and decrypted image
 *
 * Four panes share one StudioViewport (zoom, pan and window/level move together), a read-out
 * shows the original sample values of all four images under the pointer, and the key
 * generation, encryption and decryption run in a GTask (studio-cipher-task.c) with a progress
 * bar and Cancel (docs/SPECIFICATION.md §8).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dkg-plot-style.h"
#include "dkg-plot-text.h"
#include "studio-data.h"
#include "studio-encrypt-page.h"
#include "studio-export.h"
#include "studio-readout.h"
#include "studio-viewport.h"

struct _StudioEncryptPage
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkStack           *stack;
  AdwStatusPage      *status_page;
  GtkMenuButton      *samples_button;
  GtkDropDown        *seed_dropdown;
  GtkLabel           *seed_label;
  GtkLabel           *zoom_label;
  GtkMenuButton      *window_button;
  GtkLabel           *window_label;
  GtkBox             *progress_box;
  GtkProgressBar     *progress_bar;
  GtkGrid            *grid;
  GtkLabel           *readout_label;
  GtkLabel           *timings_label;

  /* Borrowed (children of grid) */
  StudioImageView    *views[STUDIO_N_PANES];
  GtkLabel           *captions[STUDIO_N_PANES];

  /* Owned */
  StudioViewport     *viewport;
  StudioImage        *plain;
  StudioImage        *seed;
  StudioCipherResult *result;
  gsize              *acm_inverse;       /* acm-xor: ciphertext pixel → plaintext pixel */
  GCancellable       *cancellable;
  GCancellable       *load_cancellable;
  gboolean            busy;
  gboolean            updating_seed;
  guint               zoom_idle;
};

enum
{
  PROP_0,
  PROP_BUSY,
  PROP_HAS_IMAGE,
  PROP_HAS_RESULT,
  N_PROPS
};

enum
{
  IMAGE_OPENED,
  ENCRYPTED,
  ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StudioEncryptPage, studio_encrypt_page, GTK_TYPE_WIDGET)

static const char *
pane_title (StudioPane pane)
{
  switch (pane)
    {
    case STUDIO_PANE_PLAIN: return _("Plaintext");
    case STUDIO_PANE_KEY: return _("Key");
    case STUDIO_PANE_CIPHER: return _("Ciphertext");
    case STUDIO_PANE_DECRYPTED: return _("Decrypted");
    default: g_assert_not_reached ();
    }
  return NULL;
}

static void
show_error (StudioEncryptPage *self, const char *heading, const char *message)
{
  g_signal_emit (self, signals[ERROR], 0, heading, message);
}

static void
update_zoom_label (StudioEncryptPage *self)
{
  StudioImageView *view = self->views[STUDIO_PANE_PLAIN];
  double scale, ox, oy;
  g_autofree char *text = NULL;

  studio_viewport_get_transform (self->viewport, gtk_widget_get_width (GTK_WIDGET (view)),
                                 gtk_widget_get_height (GTK_WIDGET (view)), &scale, &ox, &oy);
  text = g_strdup_printf ("%.0f %%", scale * 100);
  gtk_label_set_label (self->zoom_label, text);
}

static void
update_window_label (StudioEncryptPage *self)
{
  double c, w;
  g_autofree char *text = NULL;

  studio_viewport_get_window (self->viewport, &c, &w);
  if (self->plain != NULL && studio_image_has_rescale (self->plain))
    {
      double slope, intercept;
      const char *units = studio_image_get_rescale (self->plain, &slope, &intercept);

      /* Translators: display window in rescaled units: W = width, L = level, e.g. "W 400  L 40 HU" */
      text = g_strdup_printf (_("W %.0f  L %.0f %s"), fabs (w * slope), c * slope + intercept,
                              units != NULL ? units : "");
    }
  else
    /* Translators: display window: W = width, L = level (centre), in sample values */
    text = g_strdup_printf (_("W %.0f  L %.0f"), w, c);
  gtk_label_set_label (self->window_label, text);
}

static void set_placeholders (StudioEncryptPage *self, const char *stage);

static void
set_busy (StudioEncryptPage *self, gboolean busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->progress_box), busy);
  set_placeholders (self, busy ? _("Starting…") : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->seed_dropdown), !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_caption (StudioEncryptPage *self, StudioPane pane, const char *text)
{
  gtk_label_set_label (self->captions[pane], text);
}

static void
clear_result (StudioEncryptPage *self)
{
  g_clear_pointer (&self->result, studio_cipher_result_free);
  g_clear_pointer (&self->acm_inverse, g_free);
  for (guint p = STUDIO_PANE_KEY; p < STUDIO_N_PANES; p++)
    {
      studio_image_view_set_image (self->views[p], NULL);
      set_caption (self, p, "");
    }
  gtk_label_set_label (self->timings_label, "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_RESULT]);
}

/* CT windows in Hounsfield units: (width, level) */
static gboolean
ct_window (const char *preset, double *width, double *level)
{
  static const struct { const char *name; double width, level; } windows[] = {
    { "soft-tissue", 400, 40 }, { "lung", 1500, -600 }, { "bone", 2000, 300 },
    { "brain", 80, 40 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (windows); i++)
    if (g_strcmp0 (preset, windows[i].name) == 0)
      {
        *width = windows[i].width;
        *level = windows[i].level;
        return TRUE;
      }
  return FALSE;
}

static gboolean
plain_is_ct (StudioEncryptPage *self)
{
  return self->plain != NULL
         && g_strcmp0 (studio_image_get_rescale (self->plain, NULL, NULL), "HU") == 0;
}

static void
apply_window_preset (StudioEncryptPage *self, const char *preset)
{
  double c, w, lo, hi;

  if (self->plain == NULL)
    return;
  if (g_strcmp0 (preset, "contrast") == 0)
    studio_image_get_percentile_window (self->plain, 5, 95, &c, &w);
  else if (g_strcmp0 (preset, "data") == 0)
    {
      lo = studio_image_get_min (self->plain);
      hi = studio_image_get_max (self->plain);
      c = (lo + hi + 1) / 2;
      w = hi - lo + 1;
    }
  else if (g_strcmp0 (preset, "type") == 0)
    {
      studio_image_get_type_range (self->plain, &lo, &hi);
      c = (lo + hi + 1) / 2;
      w = hi - lo + 1;
    }
  else if (plain_is_ct (self) && ct_window (preset, &w, &c))
    {
      double slope, intercept;

      /* HU → stored values: v = (HU − intercept) / slope */
      studio_image_get_rescale (self->plain, &slope, &intercept);
      c = (c - intercept) / slope;
      w = fabs (w / slope);
    }
  else
    studio_image_get_percentile_window (self->plain, 0.5, 99.5, &c, &w);
  studio_viewport_set_window (self->viewport, c, w);
}

/**
 * studio_encrypt_page_set_plain:
 * @image: the plaintext to show
 *
 * Shows a new plaintext and forgets the previous result.
 */
void
studio_encrypt_page_set_plain (StudioEncryptPage *self, StudioImage *image)
{
  const DkgImage *im;
  g_autofree char *desc = NULL;
  g_autofree char *caption = NULL;

  g_return_if_fail (STUDIO_IS_ENCRYPT_PAGE (self));
  g_return_if_fail (STUDIO_IS_IMAGE (image));
  studio_encrypt_page_cancel (self);
  g_set_object (&self->plain, image);
  im = studio_image_get_image (image);
  studio_viewport_set_reference (self->viewport, im->width, im->height);
  /* 8-bit images start unwindowed; 16-bit ones from their histogram (docs/SPECIFICATION.md §8). */
  apply_window_preset (self, im->bit_depth == 16 ? "auto" : "type");
  studio_image_view_set_image (self->views[STUDIO_PANE_PLAIN], image);
  desc = studio_data_describe_image (im);
  caption = g_strdup_printf ("%s — %s", studio_image_get_name (image), desc);
  set_caption (self, STUDIO_PANE_PLAIN, caption);
  clear_result (self);
  gtk_stack_set_visible_child_name (self->stack, "images");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "encrypt.window-preset", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "encrypt.ct-preset", plain_is_ct (self));
  update_window_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_IMAGE]);
  g_signal_emit (self, signals[IMAGE_OPENED], 0, image);
}

static void
on_image_loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(StudioEncryptPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(StudioImage) image = studio_image_load_finish (result, &error);

  if (image == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could Not Open the Image"), error->message);
      return;
    }
  studio_encrypt_page_set_plain (self, image);
}

/**
 * studio_encrypt_page_open_file:
 * @file: an image file
 *
 * Loads the image in a worker thread and shows it; failures are reported through the
 * #StudioEncryptPage::error signal.
 */
void
studio_encrypt_page_open_file (StudioEncryptPage *self, GFile *file)
{
  g_return_if_fail (STUDIO_IS_ENCRYPT_PAGE (self));
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  studio_image_load_async (file, self->load_cancellable, on_image_loaded_cb,
                           g_object_ref (self));
}

/** studio_encrypt_page_get_plain: Returns: (transfer none) (nullable): the plaintext */
StudioImage *
studio_encrypt_page_get_plain (StudioEncryptPage *self)
{
  g_return_val_if_fail (STUDIO_IS_ENCRYPT_PAGE (self), NULL);
  return self->plain;
}

/** studio_encrypt_page_get_seed: Returns: (transfer none) (nullable): the other seed image */
StudioImage *
studio_encrypt_page_get_seed (StudioEncryptPage *self)
{
  g_return_val_if_fail (STUDIO_IS_ENCRYPT_PAGE (self), NULL);
  return gtk_drop_down_get_selected (self->seed_dropdown) == 1 ? self->seed : NULL;
}

static void
on_stage_cb (GObject *source, const char *stage, double fraction)
{
  StudioEncryptPage *self = STUDIO_ENCRYPT_PAGE (source);

  if (!self->busy)
    return;
  gtk_progress_bar_set_text (self->progress_bar, stage);
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  set_placeholders (self, stage);
}

static void
show_result (StudioEncryptPage *self)
{
  StudioCipherResult *r = self->result;
  const DkgImage *key = studio_image_get_image (r->key);
  const DkgImage *cipher = studio_image_get_image (r->cipher);
  g_autofree char *model = studio_data_model_label (r->model_path);
  g_autofree char *kcap = NULL;
  g_autofree char *ccap = NULL;
  g_autofree char *tk = studio_data_format_ms (r->keygen_ms);
  g_autofree char *te = studio_data_format_ms (r->encrypt_ms);
  g_autofree char *td = studio_data_format_ms (r->decrypt_ms);
  g_autofree char *timings = NULL;
  const char *scheme = dkg_container_scheme_to_string (r->scheme);

  g_clear_pointer (&self->acm_inverse, g_free);
  if (r->scheme == DKG_CONTAINER_SCHEME_ACM_XOR)
    {
      const DkgImage *plain = studio_image_get_image (self->plain);

      self->acm_inverse = studio_readout_acm_inverse (plain->width, plain->height,
                                                      r->info->acm_iterations, NULL);
    }
  studio_image_view_set_image (self->views[STUDIO_PANE_KEY], r->key);
  studio_image_view_set_image (self->views[STUDIO_PANE_CIPHER], r->cipher);
  studio_image_view_set_image (self->views[STUDIO_PANE_DECRYPTED], r->decrypted);
  kcap = g_strdup_printf (_("%u × %u RGB from %s, seed %s"), key->width, key->height, model,
                          r->seed_name);
  set_caption (self, STUDIO_PANE_KEY, kcap);
  if (r->scheme == DKG_CONTAINER_SCHEME_ACM_XOR
      && (cipher->width != studio_image_get_image (self->plain)->width
          || cipher->height != studio_image_get_image (self->plain)->height))
    ccap = g_strdup_printf (_("%s, %u × %u (padded to N = %u), k = %llu, period %u"), scheme,
                            cipher->width, cipher->height, cipher->width,
                            (unsigned long long) r->info->acm_iterations, r->info->acm_period);
  else if (r->scheme == DKG_CONTAINER_SCHEME_ACM_XOR)
    ccap = g_strdup_printf (_("%s, %u × %u, k = %llu, period %u"), scheme, cipher->width,
                            cipher->height, (unsigned long long) r->info->acm_iterations,
                            r->info->acm_period);
  else
    ccap = g_strdup_printf (_("%s, %u × %u, key %s"), scheme, cipher->width, cipher->height,
                            r->info->key_fingerprint);
  set_caption (self, STUDIO_PANE_CIPHER, ccap);
  set_caption (self, STUDIO_PANE_DECRYPTED,
               r->exact ? _("Verified; equal to the plaintext bit for bit")
                        : _("Verified, but it differs from the plaintext"));
  /* Translators: timings, e.g. "Key 410 ms · Encrypt 3.1 ms · Decrypt 2.9 ms" */
  timings = g_strdup_printf (_("Key %s · Encrypt %s · Decrypt %s"), tk, te, td);
  gtk_label_set_label (self->timings_label, timings);
}

static void
on_encrypted_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  StudioEncryptPage *self = STUDIO_ENCRYPT_PAGE (source);
  g_autoptr(GError) error = NULL;
  StudioCipherResult *r = studio_cipher_run_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_busy (self, FALSE);
      return;
    }
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (r == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("Could not encrypt “%s”: %s"),
                                              studio_image_get_name (self->plain),
                                              error->message);
      show_error (self, _("Could Not Encrypt"), msg);
      return;
    }
  g_clear_pointer (&self->result, studio_cipher_result_free);
  self->result = r;
  show_result (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_RESULT]);
  g_signal_emit (self, signals[ENCRYPTED], 0);
}

/**
 * studio_encrypt_page_encrypt:
 * @model_path: the generator
 * @scheme: the cipher
 * @acm_iterations: cat map rounds for acm-xor
 *
 * Generates the key from the chosen seed, encrypts and decrypts, in a worker thread. The
 * #StudioEncryptPage::encrypted signal follows on success, #StudioEncryptPage::error on failure.
 */
void
studio_encrypt_page_encrypt (StudioEncryptPage *self, const char *model_path,
                             DkgContainerScheme scheme, guint64 acm_iterations)
{
  g_return_if_fail (STUDIO_IS_ENCRYPT_PAGE (self));
  if (self->plain == NULL)
    return;
  if (model_path == NULL)
    {
      show_error (self, _("Could Not Encrypt"),
                  _("No model is selected: open a model file with “Open Model…”"));
      return;
    }
  studio_encrypt_page_cancel (self);
  clear_result (self);
  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Starting…"));
  set_busy (self, TRUE);
  studio_cipher_run_async (G_OBJECT (self), self->plain, studio_encrypt_page_get_seed (self),
                           model_path, scheme, acm_iterations, on_stage_cb, self->cancellable,
                           on_encrypted_cb, NULL);
}

/** studio_encrypt_page_cancel: stops the running encryption, if any. */
void
studio_encrypt_page_cancel (StudioEncryptPage *self)
{
  g_return_if_fail (STUDIO_IS_ENCRYPT_PAGE (self));
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  set_busy (self, FALSE);
}

gboolean
studio_encrypt_page_get_busy (StudioEncryptPage *self)
{
  g_return_val_if_fail (STUDIO_IS_ENCRYPT_PAGE (self), FALSE);
  return self->busy;
}

/** studio_encrypt_page_get_result: Returns: (transfer none) (nullable): the last result */
const StudioCipherResult *
studio_encrypt_page_get_result (StudioEncryptPage *self)
{
  g_return_val_if_fail (STUDIO_IS_ENCRYPT_PAGE (self), NULL);
  return self->result;
}

/** studio_encrypt_page_get_view: Returns: (transfer none): one of the four panes */
StudioImageView *
studio_encrypt_page_get_view (StudioEncryptPage *self, StudioPane pane)
{
  g_return_val_if_fail (STUDIO_IS_ENCRYPT_PAGE (self), NULL);
  g_return_val_if_fail (pane < STUDIO_N_PANES, NULL);
  return self->views[pane];
}

/**
 * studio_encrypt_page_zoom:
 * @how: "in", "out", "fit" or "original"
 */
void
studio_encrypt_page_zoom (StudioEncryptPage *self, const char *how)
{
  GtkWidget *view = GTK_WIDGET (self->views[STUDIO_PANE_PLAIN]);
  int w = gtk_widget_get_width (view), h = gtk_widget_get_height (view);
  double scale, ox, oy;

  g_return_if_fail (STUDIO_IS_ENCRYPT_PAGE (self));
  if (g_str_equal (how, "fit"))
    studio_viewport_fit (self->viewport);
  else if (g_str_equal (how, "original"))
    {
      studio_viewport_get_transform (self->viewport, w, h, &scale, &ox, &oy);
      studio_viewport_set_view (self->viewport, 1.0, (w / 2.0 - ox) / scale,
                                (h / 2.0 - oy) / scale);
    }
  else
    studio_viewport_zoom_at (self->viewport, w, h, g_str_equal (how, "in") ? 1.25 : 0.8,
                             w / 2.0, h / 2.0);
}

static void
zoom_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  studio_encrypt_page_zoom (STUDIO_ENCRYPT_PAGE (widget), action_name + strlen ("encrypt.zoom-"));
}

static void
window_preset_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  apply_window_preset (STUDIO_ENCRYPT_PAGE (widget), g_variant_get_string (param, NULL));
}

static const char *
readout_hint (void)
{
  return _("Point at an image to read its values\n"
           "After Encrypt: the plaintext bytes, the keystream bytes and the ciphertext, P ⊕ K = C");
}

static void
on_pixel_hovered_cb (StudioImageView *view, int x, int y, StudioEncryptPage *self)
{
  g_autoptr(GString) s = NULL;
  StudioReadout r;

  if (x < 0 || y < 0)
    {
      gtk_label_set_label (self->readout_label, readout_hint ());
      return;
    }
  s = g_string_new (NULL);
  /* Translators: pixel coordinates in the read-out */
  g_string_append_printf (s, _("x %d, y %d"), x, y);
  /* The key pane's pixel is not what is XORed at (x, y) (see studio-readout.c): the key's
   * bytes are in the second line. */
  for (guint p = 0; p < STUDIO_N_PANES; p++)
    {
      StudioImage *image = studio_image_view_get_image (self->views[p]);
      g_autofree char *v = NULL;

      if (p == STUDIO_PANE_KEY || image == NULL)
        continue;
      v = studio_image_format_pixel (image, x, y);
      if (v != NULL)
        g_string_append_printf (s, "   %s %s", pane_title (p), v);
    }
  g_string_append_c (s, '\n');
  if (self->result != NULL
      && studio_readout_compute (studio_image_get_image (self->plain),
                                 studio_image_get_image (self->result->key),
                                 studio_image_get_image (self->result->cipher),
                                 self->result->scheme, self->acm_inverse, x, y, &r))
    {
      g_autofree char *line = studio_readout_format (&r, self->result->scheme);

      g_string_append (s, line);
    }
  else
    g_string_append (s, _("After Encrypt: the plaintext bytes, the keystream bytes and the "
                          "ciphertext, P ⊕ K = C"));
  gtk_label_set_label (self->readout_label, s->str);
}

static gboolean
update_zoom_idle_cb (gpointer data)
{
  StudioEncryptPage *self = data;

  self->zoom_idle = 0;
  update_zoom_label (self);
  return G_SOURCE_REMOVE;
}

static void
on_plain_resized_cb (StudioImageView *view, StudioEncryptPage *self)
{
  /* Not during size allocation: changing a label now would leave its box unallocated. */
  if (self->zoom_idle == 0)
    self->zoom_idle = g_idle_add (update_zoom_idle_cb, self);
}

static void
on_transform_changed_cb (StudioViewport *viewport, StudioEncryptPage *self)
{
  update_zoom_label (self);
}

static void
on_window_changed_cb (StudioViewport *viewport, StudioEncryptPage *self)
{
  update_window_label (self);
}

static void
on_seed_chosen_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(StudioEncryptPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(StudioImage) image = studio_image_load_finish (result, &error);

  if (image == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("Could not use it as the seed: %s"),
                                              error->message);
      gtk_drop_down_set_selected (self->seed_dropdown, 0);
      show_error (self, _("Could Not Open the Seed Image"), msg);
      return;
    }
  studio_encrypt_page_set_seed (self, image);
}

/**
 * studio_encrypt_page_set_seed:
 * @seed: (nullable): another image to generate keys from; %NULL: the plaintext itself
 */
void
studio_encrypt_page_set_seed (StudioEncryptPage *self, StudioImage *seed)
{
  g_return_if_fail (STUDIO_IS_ENCRYPT_PAGE (self));
  g_set_object (&self->seed, seed);
  self->updating_seed = TRUE;
  gtk_drop_down_set_selected (self->seed_dropdown, seed != NULL ? 1 : 0);
  self->updating_seed = FALSE;
  gtk_label_set_label (self->seed_label, seed != NULL ? studio_image_get_name (seed) : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->seed_label),
                               seed != NULL ? studio_image_get_path (seed) : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->seed_label), seed != NULL);
}

/** studio_encrypt_page_get_readout: Returns: (transfer none): the pixel read-out text */
const char *
studio_encrypt_page_get_readout (StudioEncryptPage *self)
{
  g_return_val_if_fail (STUDIO_IS_ENCRYPT_PAGE (self), NULL);
  return gtk_label_get_label (self->readout_label);
}

static void
on_seed_file_cb (GFile *file, gpointer user_data)
{
  studio_image_load_async (file, NULL, on_seed_chosen_cb, g_object_ref (user_data));
}

static void
on_seed_dropdown_cb (GtkDropDown *dropdown, GParamSpec *pspec, StudioEncryptPage *self)
{
  if (self->updating_seed)
    return;
  if (gtk_drop_down_get_selected (dropdown) == 1)
    {
      if (self->seed == NULL)
        {
          self->updating_seed = TRUE;
          gtk_drop_down_set_selected (dropdown, 0);
          self->updating_seed = FALSE;
        }
      studio_export_choose_open (GTK_WIDGET (self), _("Choose the Seed Image"), NULL, FALSE,
                                 on_seed_file_cb, g_object_ref (self), g_object_unref);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->seed_label), FALSE);
}

/**
 * studio_encrypt_page_render_figure:
 *
 * Draws the four images in a 2 × 2 grid with their titles (for "Export Figure…"): each
 * image as displayed (window/level applied to the plaintext and the decrypted image).
 */
void
studio_encrypt_page_render_figure (StudioEncryptPage *self, cairo_t *cr, double width,
                                   double height)
{
  double cw = width / 2, ch = height / 2, wc, ww;
  DkgPlotStyle label_style;
  const DkgPlotColor ink = { 0.1, 0.1, 0.1, 1 };

  dkg_plot_style_init_light (&label_style);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  studio_viewport_get_window (self->viewport, &wc, &ww);
  for (guint p = 0; p < STUDIO_N_PANES; p++)
    {
      StudioImage *image = studio_image_view_get_image (self->views[p]);
      double x0 = (p % 2) * cw, y0 = (p / 2) * ch, s;
      cairo_surface_t *surface;
      const DkgImage *im;
      double lo, hi;

      dkg_plot_draw_label (cr, &label_style, 13, TRUE, &ink, pane_title (p), x0 + 8, y0 + 18, 0);
      if (image == NULL)
        continue;
      im = studio_image_get_image (image);
      if (p == STUDIO_PANE_PLAIN || p == STUDIO_PANE_DECRYPTED)
        surface = studio_image_render (image, wc, ww);
      else
        {
          studio_image_get_display_window (image, &lo, &hi);
          surface = studio_image_render (image, lo, hi);
        }
      s = MIN ((cw - 16) / im->width, (ch - 32) / im->height);
      cairo_save (cr);
      cairo_translate (cr, x0 + (cw - im->width * s) / 2, y0 + 26);
      cairo_scale (cr, s, s);
      cairo_set_source_surface (cr, surface, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), s >= 1 ? CAIRO_FILTER_NEAREST
                                                              : CAIRO_FILTER_GOOD);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_surface_destroy (surface);
    }
  cairo_restore (cr);
}

/* What the empty result panes say: @stage while the worker runs ("Generating the key…"),
 * else what will appear there. */
static void
set_placeholders (StudioEncryptPage *self, const char *stage)
{
  studio_image_view_set_placeholder (self->views[STUDIO_PANE_KEY],
                                     stage != NULL ? stage
                                     : _("Press Encrypt: the model generates a key from the "
                                         "seed image"));
  studio_image_view_set_placeholder (self->views[STUDIO_PANE_CIPHER],
                                     stage != NULL ? stage
                                     : _("The ciphertext appears here, as the PNG container "
                                         "stores it"));
  studio_image_view_set_placeholder (self->views[STUDIO_PANE_DECRYPTED],
                                     stage != NULL ? stage
                                     : _("The container is verified and decrypted here"));
}

static void
build_panes (StudioEncryptPage *self)
{
  for (guint p = 0; p < STUDIO_N_PANES; p++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *title = gtk_label_new (pane_title (p));
      GtkWidget *view = studio_image_view_new ();
      GtkWidget *caption = gtk_label_new (NULL);
      GtkWidget *frame = gtk_frame_new (NULL);

      gtk_widget_add_css_class (box, "pane");
      gtk_widget_add_css_class (title, "heading");
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_set_margin_start (title, 6);
      gtk_widget_set_margin_bottom (title, 3);
      gtk_frame_set_child (GTK_FRAME (frame), view);
      gtk_widget_add_css_class (frame, "image-frame");
      gtk_label_set_xalign (GTK_LABEL (caption), 0);
      gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_widget_set_margin_start (caption, 6);
      gtk_widget_set_margin_top (caption, 3);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), frame);
      gtk_box_append (GTK_BOX (box), caption);
      gtk_grid_attach (self->grid, box, p % 2, p / 2, 1, 1);

      studio_image_view_set_viewport (STUDIO_IMAGE_VIEW (view), self->viewport);
      studio_image_view_set_windowed (STUDIO_IMAGE_VIEW (view),
                                      p == STUDIO_PANE_PLAIN || p == STUDIO_PANE_DECRYPTED);
      gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      pane_title (p), -1);
      g_signal_connect (view, "pixel-hovered", G_CALLBACK (on_pixel_hovered_cb), self);
      self->views[p] = STUDIO_IMAGE_VIEW (view);
      self->captions[p] = GTK_LABEL (caption);
    }
}

static void
build_samples_menu (StudioEncryptPage *self)
{
  g_autoptr(GMenu) menu = studio_data_samples_menu ("win.open-sample");

  gtk_menu_button_set_menu_model (self->samples_button, G_MENU_MODEL (menu));
  gtk_widget_set_visible (GTK_WIDGET (self->samples_button),
                          g_menu_model_get_n_items (G_MENU_MODEL (menu)) > 0);
}

static void
studio_encrypt_page_dispose (GObject *object)
{
  StudioEncryptPage *self = STUDIO_ENCRYPT_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  if (self->viewport != NULL)
    g_signal_handlers_disconnect_by_data (self->viewport, self);
  g_clear_handle_id (&self->zoom_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_ENCRYPT_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->viewport);
  g_clear_object (&self->plain);
  g_clear_object (&self->seed);
  g_clear_pointer (&self->result, studio_cipher_result_free);
  g_clear_pointer (&self->acm_inverse, g_free);
  G_OBJECT_CLASS (studio_encrypt_page_parent_class)->dispose (object);
}

static void
studio_encrypt_page_get_property (GObject *object, guint prop_id, GValue *value,
                                  GParamSpec *pspec)
{
  StudioEncryptPage *self = STUDIO_ENCRYPT_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_HAS_IMAGE:
      g_value_set_boolean (value, self->plain != NULL);
      break;
    case PROP_HAS_RESULT:
      g_value_set_boolean (value, self->result != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_encrypt_page_class_init (StudioEncryptPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_encrypt_page_dispose;
  object_class->get_property = studio_encrypt_page_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_IMAGE] = g_param_spec_boolean ("has-image", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_RESULT] = g_param_spec_boolean ("has-result", NULL, NULL, FALSE,
                                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * StudioEncryptPage::image-opened:
   * @image: the new plaintext
   */
  signals[IMAGE_OPENED] = g_signal_new ("image-opened", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                        1, STUDIO_TYPE_IMAGE);
  /**
   * StudioEncryptPage::encrypted:
   *
   * A new result is available (studio_encrypt_page_get_result()).
   */
  signals[ENCRYPTED] = g_signal_new ("encrypted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * StudioEncryptPage::error:
   * @heading: what failed ("Could Not Open the Image")
   * @message: why, naming the file
   */
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/deepkeygen/"
                                               "Studio/ui/studio-encrypt-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioEncryptPage, stack);
  gtk_widget_class_bind_template_child (widget_class, StudioEncryptPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, StudioEncryptPage, samples_button);
  gtk_widget_class_bind_template_child (widget_class, StudioEncryptPage, seed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StudioEncryptPage, seed_label);
  gtk_widget_class_bind_template_child (widget_class, StudioEncryptPage, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, StudioEncryptPage, window_button);
  gtk_widget_class_bind_template_child (widget_class, StudioEncryptPage, window_label);
  gtk_widget_class_bind_template_child (widget_class, StudioEncryptPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, StudioEncryptPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, StudioEncryptPage, grid);
  gtk_widget_class_bind_template_child (widget_class, StudioEncryptPage, readout_label);
  gtk_widget_class_bind_template_child (widget_class, StudioEncryptPage, timings_label);

  gtk_widget_class_install_action (widget_class, "encrypt.zoom-in", NULL, zoom_action_cb);
  gtk_widget_class_install_action (widget_class, "encrypt.zoom-out", NULL, zoom_action_cb);
  gtk_widget_class_install_action (widget_class, "encrypt.zoom-fit", NULL, zoom_action_cb);
  gtk_widget_class_install_action (widget_class, "encrypt.zoom-original", NULL, zoom_action_cb);
  gtk_widget_class_install_action (widget_class, "encrypt.window-preset", "s",
                                   window_preset_action_cb);
  gtk_widget_class_install_action (widget_class, "encrypt.ct-preset", "s",
                                   window_preset_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "encrypt.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK,
                                       "encrypt.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "encrypt.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                       "encrypt.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK,
                                       "encrypt.zoom-original", NULL);

  g_type_ensure (STUDIO_TYPE_IMAGE_VIEW);
}

static void
studio_encrypt_page_init (StudioEncryptPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->viewport = studio_viewport_new ();
  g_signal_connect (self->viewport, "transform-changed", G_CALLBACK (on_transform_changed_cb),
                    self);
  g_signal_connect (self->viewport, "window-changed", G_CALLBACK (on_window_changed_cb), self);
  build_panes (self);
  set_placeholders (self, NULL);
  g_signal_connect (self->views[STUDIO_PANE_PLAIN], "resized", G_CALLBACK (on_plain_resized_cb),
                    self);
  build_samples_menu (self);
  clear_result (self);
  set_caption (self, STUDIO_PANE_PLAIN, "");
  g_signal_connect (self->seed_dropdown, "notify::selected", G_CALLBACK (on_seed_dropdown_cb),
                    self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "encrypt.window-preset", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "encrypt.ct-preset", FALSE);
  gtk_label_set_label (self->readout_label, readout_hint ());
  update_window_label (self);
}
