/* studio-window-private.h — StudioWindow's fields, shared with studio-window-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "studio-analysis-page.h"
#include "studio-attacks-page.h"
#include "studio-encrypt-page.h"
#include "studio-stego-page.h"
#include "studio-training-page.h"
#include "studio-window.h"

G_BEGIN_DECLS

struct _StudioWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwSplitButton       *open_button;
  AdwViewSwitcherTitle *switcher_title;
  GtkMenuButton        *main_menu_button;
  GtkButton            *encrypt_button;
  GtkMenuButton        *scheme_button;
  GtkMenuButton        *model_button;
  AdwViewStack         *view_stack;
  GtkRevealer          *stale_revealer;
  GtkLabel             *stale_label;
  GtkStack             *content_stack;
  GtkLabel             *enlarged_title;
  GtkFrame             *enlarged_frame;
  StudioEncryptPage    *encrypt_page;
  StudioAnalysisPage   *analysis_page;
  StudioTrainingPage   *training_page;
  StudioAttacksPage    *attacks_page;
  StudioStegoPage      *stego_page;

  /* Owned */
  GSettings            *settings;
  GPtrArray            *models;          /* element-type filename */
  char                 *model;
  char                 *scheme;
  GMenu                *open_menu;
  GtkWidget            *enlarged_source;   /* the pane or plot shown alone, or NULL */
  gboolean              presentation;
};

enum
{
  STUDIO_WINDOW_PROP_0,
  STUDIO_WINDOW_PROP_MODEL,
  STUDIO_WINDOW_PROP_SCHEME,
  STUDIO_WINDOW_PROP_PRESENTATION,
  STUDIO_WINDOW_N_PROPS
};

void _studio_window_class_actions_init (GtkWidgetClass *widget_class);
void _studio_window_actions_init       (StudioWindow   *self);
void _studio_window_update_actions     (StudioWindow   *self);
void _studio_window_rebuild_open_menu  (StudioWindow   *self);
void _studio_window_rebuild_model_menu (StudioWindow   *self);
void _studio_window_update_stale       (StudioWindow   *self);
void _studio_window_fix_header_widths  (StudioWindow   *self);
void _studio_window_set_presentation   (StudioWindow   *self,
                                        gboolean        presentation);
gboolean _studio_window_enlarge        (StudioWindow   *self,
                                        GtkWidget      *pane);
void _studio_window_restore            (StudioWindow   *self);
gboolean _studio_window_save_results   (StudioWindow   *self,
                                        const char     *dir,
                                        GError        **error);
gboolean _studio_window_save_original  (StudioWindow   *self,
                                        const char     *path,
                                        GError        **error);

G_END_DECLS
