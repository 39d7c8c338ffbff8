/* studio-window.c — the main window: header bar, the four pages, toasts
 *
 * Header bar as docs/SPECIFICATION.md §8: Open (with recent files and samples), the model and
 * scheme menus, Encrypt and the main menu; an AdwViewStack holds the Encrypt, Analysis, Training
 * and Attacks pages. The window passes each new encryption result on to the Analysis and Attacks
 * pages and reports errors as dialogs that name the file and the cause.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "studio-data.h"
#include "studio-window-private.h"

G_DEFINE_FINAL_TYPE (StudioWindow, studio_window, ADW_TYPE_APPLICATION_WINDOW)

static GParamSpec *properties[STUDIO_WINDOW_N_PROPS];

static const char *
scheme_label (const char *scheme)
{
  if (g_strcmp0 (scheme, "acm-xor") == 0)
    return _("Cat Map + XOR");
  if (g_strcmp0 (scheme, "chacha20-poly1305") == 0)
    return _("ChaCha20-Poly1305");
  return _("XOR");
}

/* The header button's short label (the menu names each scheme in full): the header must fit
 * 800 px in German */
static const char *
scheme_button_label (const char *scheme)
{
  if (g_strcmp0 (scheme, "acm-xor") == 0)
    return _("Cat Map");
  if (g_strcmp0 (scheme, "chacha20-poly1305") == 0)
    return _("ChaCha20");
  return _("XOR");
}

/* A menu button as wide as its widest label, so that the header's other controls do not
 * move when the label changes (a click would land on the wrong one). */
static void
fix_menu_button_width (GtkMenuButton *button, GPtrArray *labels)
{
  g_autofree char *current = g_strdup (gtk_menu_button_get_label (button));
  int widest = 0;

  gtk_widget_set_size_request (GTK_WIDGET (button), -1, -1);
  for (guint i = 0; i < labels->len; i++)
    {
      int min, nat;

      gtk_menu_button_set_label (button, labels->pdata[i]);
      gtk_widget_measure (GTK_WIDGET (button), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat,
                          NULL, NULL);
      widest = MAX (widest, nat);
    }
  gtk_menu_button_set_label (button, current);
  gtk_widget_set_size_request (GTK_WIDGET (button), widest, -1);
}

/** _studio_window_fix_header_widths: the model and scheme buttons keep one width. */
void
_studio_window_fix_header_widths (StudioWindow *self)
{
  g_autoptr(GPtrArray) schemes = g_ptr_array_new ();
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (schemes, (gpointer) scheme_button_label ("xor"));
  g_ptr_array_add (schemes, (gpointer) scheme_button_label ("acm-xor"));
  g_ptr_array_add (schemes, (gpointer) scheme_button_label ("chacha20-poly1305"));
  fix_menu_button_width (self->scheme_button, schemes);
  g_ptr_array_add (models, g_strdup (_("No Model")));
  for (guint i = 0; i < self->models->len; i++)
    g_ptr_array_add (models, studio_data_model_label (self->models->pdata[i]));
  fix_menu_button_width (self->model_button, models);
}

/** studio_window_show_toast: shows a short message. */
void
studio_window_show_toast (StudioWindow *self, const char *message)
{
  AdwToast *toast;

  g_return_if_fail (STUDIO_IS_WINDOW (self));
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * studio_window_show_error:
 * @heading: what failed ("Could Not Open the Image")
 * @message: the cause, usually a #GError's message naming the file
 *
 * Shows an error dialog.
 */
void
studio_window_show_error (StudioWindow *self, const char *heading, const char *message)
{
  GtkWidget *dialog;

  g_return_if_fail (STUDIO_IS_WINDOW (self));
  g_debug ("%s: %s", heading, message);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_page_error_cb (GtkWidget *page, const char *heading, const char *message, StudioWindow *self)
{
  studio_window_show_error (self, heading, message);
}

static void
on_page_toast_cb (GtkWidget *page, const char *message, StudioWindow *self)
{
  studio_window_show_toast (self, message);
}

static void
on_model_saved_cb (StudioTrainingPage *page, const char *path, StudioWindow *self)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *msg = g_strdup_printf (_("Saved the generator as “%s”; it is in the model menu"),
                                          base);

  studio_window_add_model (self, path, FALSE);
  studio_window_show_toast (self, msg);
}

static void
on_image_opened_cb (StudioEncryptPage *page, StudioImage *image, StudioWindow *self)
{
  const char *path = studio_image_get_path (image);

  if (path != NULL)
    {
      g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

      if (uri != NULL)
        gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
    }
  adw_view_switcher_title_set_subtitle (self->switcher_title, studio_image_get_name (image));
  studio_analysis_page_clear (self->analysis_page);
  studio_attacks_page_set_plain (self->attacks_page, image);
  studio_stego_page_set_plain (self->stego_page, image);
  _studio_window_update_actions (self);
}

static void
on_encrypted_cb (StudioEncryptPage *page, StudioWindow *self)
{
  const StudioCipherResult *r = studio_encrypt_page_get_result (page);

  studio_analysis_page_set_images (self->analysis_page, studio_encrypt_page_get_plain (page),
                                   r->key, r->cipher, r->scheme);
  studio_stego_page_set_result (self->stego_page, r);
  _studio_window_update_actions (self);
  _studio_window_update_stale (self);
}

static void
on_attacks_finished_cb (StudioAttacksPage *page, StudioWindow *self)
{
  _studio_window_update_stale (self);
}

/**
 * _studio_window_update_stale:
 *
 * One source of truth: the header's model and scheme. Results made with others (the Encrypt
 * page's, which the Analysis and Stego pages show too, and the Attacks page's) are marked out
 * of date with a banner that runs them again; a new image clears them (studio-encrypt-page.c).
 */
void
_studio_window_update_stale (StudioWindow *self)
{
  const StudioCipherResult *r = studio_encrypt_page_get_result (self->encrypt_page);
  DkgContainerScheme header = DKG_CONTAINER_SCHEME_XOR, made;
  const char *made_model = NULL;
  g_autofree char *text = NULL;
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);
  gboolean stale = FALSE, on_attacks = g_strcmp0 (page, "attacks") == 0;
  gboolean has;

  dkg_container_scheme_from_string (self->scheme, &header);
  if (on_attacks)
    has = studio_attacks_page_get_result_inputs (self->attacks_page, &made, &made_model);
  else if (g_strcmp0 (page, "training") == 0)
    has = FALSE;      /* training does not use the header's model or scheme */
  else if ((has = r != NULL))
    {
      made = r->scheme;
      made_model = r->model_path;
    }
  if (has && (made != header || g_strcmp0 (made_model, self->model) != 0))
    {
      g_autofree char *was_model = made_model != NULL ? studio_data_model_label (made_model)
                                                      : g_strdup ("?");
      g_autofree char *now_model = self->model != NULL ? studio_data_model_label (self->model)
                                                       : g_strdup (_("No Model"));

      stale = TRUE;
      /* Translators: the banner over out-of-date results: scheme and model they were made
       * with, then the header's */
      text = g_strdup_printf (_("Out of date: these results are for %s with %s; the header now "
                                "says %s with %s."),
                              scheme_label (dkg_container_scheme_to_string (made)), was_model,
                              scheme_label (self->scheme), now_model);
      gtk_label_set_label (self->stale_label, text);
    }
  gtk_revealer_set_reveal_child (self->stale_revealer, stale);
  if (stale)
    gtk_widget_add_css_class (GTK_WIDGET (self->view_stack), "stale");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->view_stack), "stale");
}

/* ---- Presentation mode ---- */

/**
 * _studio_window_set_presentation:
 *
 * Full screen and larger text (the "presentation" style class: style.css, and the plots scale
 * their text in studio-plot-view.c), for a lecture hall.
 */
void
_studio_window_set_presentation (StudioWindow *self, gboolean presentation)
{
  if (self->presentation == presentation)
    return;
  self->presentation = presentation;
  if (presentation)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
      gtk_window_fullscreen (GTK_WINDOW (self));
    }
  else
    {
      _studio_window_restore (self);
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
      gtk_window_unfullscreen (GTK_WINDOW (self));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[STUDIO_WINDOW_PROP_PRESENTATION]);
}

static void
draw_enlarged_plot_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  /* Vector rendering at a larger text size: lay out for a smaller area, then scale up */
  double k = 1.5;

  cairo_scale (cr, k, k);
  studio_plot_view_render (STUDIO_PLOT_VIEW (data), cr, width / k, height / k,
                           adw_style_manager_get_dark (adw_style_manager_get_default ()));
}

/**
 * _studio_window_enlarge:
 * @pane: a #StudioImageView or #StudioPlotView of a page
 *
 * Shows @pane alone over the whole page area (same image, window/level and zoom; the plot
 * drawn large), until Escape or Back.
 *
 * Returns: %FALSE when @pane shows nothing to enlarge
 */
gboolean
_studio_window_enlarge (StudioWindow *self, GtkWidget *pane)
{
  GtkWidget *child;
  const char *title = NULL;

  if (STUDIO_IS_IMAGE_VIEW (pane))
    {
      StudioImageView *src = STUDIO_IMAGE_VIEW (pane);
      StudioImage *image = studio_image_view_get_image (src);
      g_autoptr(StudioViewport) viewport = NULL;
      StudioViewport *shared = studio_image_view_get_viewport (src);
      const DkgImage *im;
      double wc, ww;

      if (image == NULL)
        return FALSE;
      im = studio_image_get_image (image);
      viewport = studio_viewport_new ();
      /* Its own viewport, fitted to the page (the panes' may be zoomed into a corner), with
       * the panes' window/level */
      studio_viewport_set_reference (viewport, im->width, im->height);
      if (shared != NULL)
        {
          studio_viewport_get_window (shared, &wc, &ww);
          studio_viewport_set_window (viewport, wc, ww);
        }
      child = studio_image_view_new ();
      studio_image_view_set_viewport (STUDIO_IMAGE_VIEW (child), viewport);
      studio_image_view_set_windowed (STUDIO_IMAGE_VIEW (child), studio_image_view_get_windowed (src));
      studio_image_view_set_image (STUDIO_IMAGE_VIEW (child), image);
      title = studio_image_get_name (image);
    }
  else if (STUDIO_IS_PLOT_VIEW (pane))
    {
      if (studio_plot_view_get_kind (STUDIO_PLOT_VIEW (pane)) == STUDIO_PLOT_NONE)
        return FALSE;
      child = gtk_drawing_area_new ();
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (child), draw_enlarged_plot_cb,
                                      g_object_ref (pane), g_object_unref);
      title = studio_plot_view_get_title (STUDIO_PLOT_VIEW (pane));
    }
  else
    return FALSE;
  g_set_object (&self->enlarged_source, pane);
  gtk_label_set_label (self->enlarged_title, title != NULL ? title : "");
  gtk_frame_set_child (self->enlarged_frame, child);
  gtk_stack_set_visible_child_name (self->content_stack, "enlarged");
  return TRUE;
}

/** _studio_window_restore: back from a pane shown alone to the page. */
void
_studio_window_restore (StudioWindow *self)
{
  gtk_stack_set_visible_child_name (self->content_stack, "main");
  gtk_frame_set_child (self->enlarged_frame, NULL);
  g_clear_object (&self->enlarged_source);
}

/* In presentation mode a double-click on a pane or plot shows it alone. */
static void
on_stack_pressed_cb (GtkGestureClick *gesture, int n_press, double x, double y,
                     StudioWindow *self)
{
  GtkWidget *w;

  if (n_press != 2 || !self->presentation)
    return;
  w = gtk_widget_pick (GTK_WIDGET (self->view_stack), x, y, GTK_PICK_DEFAULT);
  while (w != NULL && !STUDIO_IS_IMAGE_VIEW (w) && !STUDIO_IS_PLOT_VIEW (w))
    w = gtk_widget_get_parent (w);
  if (w != NULL && _studio_window_enlarge (self, w))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/** studio_window_get_stale: Returns: the shown results are out of date (the banner is up) */
gboolean
studio_window_get_stale (StudioWindow *self)
{
  g_return_val_if_fail (STUDIO_IS_WINDOW (self), FALSE);
  return gtk_revealer_get_reveal_child (self->stale_revealer);
}

static void
on_page_notify_cb (GObject *object, GParamSpec *pspec, StudioWindow *self)
{
  _studio_window_update_actions (self);
  if (g_str_equal (pspec->name, "visible-child-name"))
    _studio_window_update_stale (self);
}

/**
 * studio_window_open_file:
 * @file: an image, or a .safetensors model (added to the model menu)
 */
void
studio_window_open_file (StudioWindow *self, GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  g_return_if_fail (STUDIO_IS_WINDOW (self));
  if (path != NULL && g_str_has_suffix (path, ".safetensors"))
    {
      studio_window_add_model (self, path, TRUE);
      return;
    }
  adw_view_stack_set_visible_child_name (self->view_stack, "encrypt");
  studio_encrypt_page_open_file (self->encrypt_page, file);
}

/**
 * studio_window_add_model:
 * @path: a generator model file
 * @select: make it the current model
 */
void
studio_window_add_model (StudioWindow *self, const char *path, gboolean select)
{
  gboolean known = FALSE;

  g_return_if_fail (STUDIO_IS_WINDOW (self));
  for (guint i = 0; i < self->models->len && !known; i++)
    known = g_str_equal (self->models->pdata[i], path);
  if (!known)
    g_ptr_array_add (self->models, g_strdup (path));
  _studio_window_rebuild_model_menu (self);
  if (select)
    g_object_set (self, "model", path, NULL);
}

/** studio_window_get_model: Returns: (transfer none) (nullable): the current model's path */
const char *
studio_window_get_model (StudioWindow *self)
{
  g_return_val_if_fail (STUDIO_IS_WINDOW (self), NULL);
  return self->model;
}

/**
 * studio_window_set_visible_page:
 * @name: "encrypt", "analysis", "training", "attacks" or "stego"
 */
void
studio_window_set_visible_page (StudioWindow *self, const char *name)
{
  g_return_if_fail (STUDIO_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
set_model (StudioWindow *self, const char *model)
{
  g_autofree char *label = NULL;

  if (g_strcmp0 (self->model, model) == 0)
    return;
  g_free (self->model);
  self->model = g_strdup (model);
  label = model != NULL ? studio_data_model_label (model) : g_strdup (_("No Model"));
  gtk_menu_button_set_label (self->model_button, label);
  if (model != NULL)
    g_settings_set_string (self->settings, "last-model", model);
  studio_attacks_page_set_model (self->attacks_page, model);
  _studio_window_update_actions (self);
  _studio_window_update_stale (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[STUDIO_WINDOW_PROP_MODEL]);
}

static void
set_scheme (StudioWindow *self, const char *scheme)
{
  DkgContainerScheme s;

  if (scheme == NULL || !dkg_container_scheme_from_string (scheme, &s))
    scheme = "xor";
  if (g_strcmp0 (self->scheme, scheme) == 0)
    return;
  g_free (self->scheme);
  self->scheme = g_strdup (scheme);
  gtk_menu_button_set_label (self->scheme_button, scheme_button_label (scheme));
  /* One scheme for the whole window: the Attacks page attacks the header's */
  studio_attacks_page_set_scheme (self->attacks_page, s);
  _studio_window_update_stale (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[STUDIO_WINDOW_PROP_SCHEME]);
}

static gboolean
on_drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, StudioWindow *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  for (GSList *l = files; l != NULL; l = l->next)
    studio_window_open_file (self, l->data);
  return files != NULL;
}

static void
load_models (StudioWindow *self)
{
  g_autoptr(GPtrArray) found = studio_data_list_models ();
  g_autofree char *last = g_settings_get_string (self->settings, "last-model");
  const char *pick = NULL;

  for (guint i = 0; i < found->len; i++)
    {
      g_ptr_array_add (self->models, g_strdup (found->pdata[i]));
      if (g_strcmp0 (last, found->pdata[i]) == 0)
        pick = found->pdata[i];
    }
  if (pick == NULL && last != NULL && last[0] != '\0' && g_file_test (last, G_FILE_TEST_EXISTS))
    {
      g_ptr_array_add (self->models, g_strdup (last));
      pick = last;
    }
  if (pick == NULL && self->models->len > 0)
    pick = self->models->pdata[0];
  _studio_window_rebuild_model_menu (self);
  set_model (self, pick);
  if (pick == NULL)
    gtk_menu_button_set_label (self->model_button, _("No Model"));
}

static void
studio_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  StudioWindow *self = STUDIO_WINDOW (object);

  switch (prop_id)
    {
    case STUDIO_WINDOW_PROP_MODEL:
      g_value_set_string (value, self->model != NULL ? self->model : "");
      break;
    case STUDIO_WINDOW_PROP_SCHEME:
      g_value_set_string (value, self->scheme != NULL ? self->scheme : "xor");
      break;
    case STUDIO_WINDOW_PROP_PRESENTATION:
      g_value_set_boolean (value, self->presentation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_window_set_property (GObject *object, guint prop_id, const GValue *value,
                            GParamSpec *pspec)
{
  StudioWindow *self = STUDIO_WINDOW (object);
  const char *s = G_VALUE_HOLDS_STRING (value) ? g_value_get_string (value) : NULL;

  switch (prop_id)
    {
    case STUDIO_WINDOW_PROP_PRESENTATION:
      _studio_window_set_presentation (self, g_value_get_boolean (value));
      break;
    case STUDIO_WINDOW_PROP_MODEL:
      set_model (self, s != NULL && s[0] != '\0' ? s : NULL);
      break;
    case STUDIO_WINDOW_PROP_SCHEME:
      set_scheme (self, s);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_window_dispose (GObject *object)
{
  StudioWindow *self = STUDIO_WINDOW (object);

  g_signal_handlers_disconnect_by_data (gtk_recent_manager_get_default (), self);
  /* Pages may outlive the window while a task of theirs finishes: stop listening first. */
  if (self->encrypt_page != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->encrypt_page, self);
      g_signal_handlers_disconnect_by_data (self->analysis_page, self);
      g_signal_handlers_disconnect_by_data (self->training_page, self);
      g_signal_handlers_disconnect_by_data (self->attacks_page, self);
      g_signal_handlers_disconnect_by_data (self->stego_page, self);
      g_signal_handlers_disconnect_by_data (self->view_stack, self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->open_menu);
  g_clear_pointer (&self->models, g_ptr_array_unref);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->scheme, g_free);
  g_clear_object (&self->enlarged_source);
  G_OBJECT_CLASS (studio_window_parent_class)->dispose (object);
}

static void
studio_window_class_init (StudioWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_window_dispose;
  object_class->get_property = studio_window_get_property;
  object_class->set_property = studio_window_set_property;

  properties[STUDIO_WINDOW_PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[STUDIO_WINDOW_PROP_SCHEME] =
    g_param_spec_string ("scheme", NULL, NULL, "xor",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * StudioWindow:presentation:
   *
   * Presentation mode (F11): full screen, larger text; a double-click shows a pane or plot
   * alone, Escape goes back.
   */
  properties[STUDIO_WINDOW_PROP_PRESENTATION] =
    g_param_spec_boolean ("presentation", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, STUDIO_WINDOW_N_PROPS, properties);

  g_type_ensure (STUDIO_TYPE_ENCRYPT_PAGE);
  g_type_ensure (STUDIO_TYPE_ANALYSIS_PAGE);
  g_type_ensure (STUDIO_TYPE_TRAINING_PAGE);
  g_type_ensure (STUDIO_TYPE_ATTACKS_PAGE);
  g_type_ensure (STUDIO_TYPE_STEGO_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/deepkeygen/"
                                               "Studio/ui/studio-window.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, main_menu_button);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, encrypt_button);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, scheme_button);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, model_button);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, stale_revealer);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, stale_label);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, enlarged_title);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, enlarged_frame);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, encrypt_page);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, analysis_page);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, training_page);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, attacks_page);
  gtk_widget_class_bind_template_child (widget_class, StudioWindow, stego_page);

  _studio_window_class_actions_init (widget_class);
}

static void
studio_window_init (StudioWindow *self)
{
  GtkDropTarget *drop;
  g_autofree char *scheme = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new ("io.github.deepkeygen.Studio");
  self->models = g_ptr_array_new_with_free_func (g_free);

  g_settings_bind (self->settings, "window-width", self, "default-width",
                   G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES);
  g_settings_bind (self->settings, "window-maximized", self, "maximized",
                   G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES);

  scheme = g_settings_get_string (self->settings, "default-scheme");
  set_scheme (self, scheme);

  g_signal_connect (self->encrypt_page, "error", G_CALLBACK (on_page_error_cb), self);
  g_signal_connect (self->analysis_page, "error", G_CALLBACK (on_page_error_cb), self);
  g_signal_connect (self->training_page, "error", G_CALLBACK (on_page_error_cb), self);
  g_signal_connect (self->attacks_page, "error", G_CALLBACK (on_page_error_cb), self);
  g_signal_connect (self->stego_page, "error", G_CALLBACK (on_page_error_cb), self);
  g_signal_connect (self->training_page, "toast", G_CALLBACK (on_page_toast_cb), self);
  g_signal_connect (self->training_page, "model-saved", G_CALLBACK (on_model_saved_cb), self);
  g_signal_connect (self->encrypt_page, "image-opened", G_CALLBACK (on_image_opened_cb), self);
  g_signal_connect (self->encrypt_page, "encrypted", G_CALLBACK (on_encrypted_cb), self);
  g_signal_connect (self->encrypt_page, "notify::busy", G_CALLBACK (on_page_notify_cb), self);
  g_signal_connect (self->analysis_page, "notify::has-result", G_CALLBACK (on_page_notify_cb),
                    self);
  g_signal_connect (self->view_stack, "notify::visible-child-name",
                    G_CALLBACK (on_page_notify_cb), self);
  g_signal_connect (self->attacks_page, "finished", G_CALLBACK (on_attacks_finished_cb), self);

  {
    GtkGesture *click = gtk_gesture_click_new ();

    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
    g_signal_connect (click, "pressed", G_CALLBACK (on_stack_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->view_stack), GTK_EVENT_CONTROLLER (click));
  }

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->view_stack), GTK_EVENT_CONTROLLER (drop));

  _studio_window_actions_init (self);
  load_models (self);
  _studio_window_rebuild_open_menu (self);
  _studio_window_update_actions (self);
}

/**
 * studio_window_new:
 *
 * Returns: (transfer full): a new main window
 */
StudioWindow *
studio_window_new (StudioApplication *application)
{
  return g_object_new (STUDIO_TYPE_WINDOW, "application", application, NULL);
}
