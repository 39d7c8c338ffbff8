/* studio-attacks-page.h — the Attacks page: key reuse and known plaintext, shown as images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dkg-container.h"
#include "studio-image.h"
#include "studio-image-view.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_ATTACKS_PAGE (studio_attacks_page_get_type ())

G_DECLARE_FINAL_TYPE (StudioAttacksPage, studio_attacks_page, STUDIO, ATTACKS_PAGE, GtkWidget)

/** STUDIO_ATTACKS_N_VIEWS: four key-reuse panes, four known-plaintext panes, four
 * chosen-plaintext panes */
#define STUDIO_ATTACKS_N_VIEWS 12

void             studio_attacks_page_set_plain        (StudioAttacksPage  *self,
                                                       StudioImage        *plain);
void             studio_attacks_page_set_model        (StudioAttacksPage  *self,
                                                       const char         *model_path);
void             studio_attacks_page_set_second       (StudioAttacksPage  *self,
                                                       const char         *path);
void             studio_attacks_page_set_scheme       (StudioAttacksPage  *self,
                                                       DkgContainerScheme  scheme);
void             studio_attacks_page_run              (StudioAttacksPage  *self);
gboolean         studio_attacks_page_get_busy         (StudioAttacksPage  *self);
gboolean         studio_attacks_page_get_result_inputs (StudioAttacksPage *self,
                                                       DkgContainerScheme *scheme,
                                                       const char        **model);
double           studio_attacks_page_get_reuse_match  (StudioAttacksPage  *self);
double           studio_attacks_page_get_recovered    (StudioAttacksPage  *self);
double           studio_attacks_page_get_chosen_permutation (StudioAttacksPage *self);
double           studio_attacks_page_get_chosen_recovered (StudioAttacksPage *self);
StudioImageView *studio_attacks_page_get_view         (StudioAttacksPage  *self,
                                                       guint               index);
void             studio_attacks_page_render_figure    (StudioAttacksPage  *self,
                                                       cairo_t            *cr,
                                                       double              width,
                                                       double              height);

G_END_DECLS
