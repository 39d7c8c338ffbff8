/* studio-image-view.h — a zoomable, pannable image pane with window/level and pixel read-out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "studio-image.h"
#include "studio-viewport.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_IMAGE_VIEW (studio_image_view_get_type ())

G_DECLARE_FINAL_TYPE (StudioImageView, studio_image_view, STUDIO, IMAGE_VIEW, GtkWidget)

GtkWidget      *studio_image_view_new           (void);
void            studio_image_view_set_image     (StudioImageView *self,
                                                 StudioImage     *image);
StudioImage    *studio_image_view_get_image     (StudioImageView *self);
void            studio_image_view_set_viewport  (StudioImageView *self,
                                                 StudioViewport  *viewport);
StudioViewport *studio_image_view_get_viewport  (StudioImageView *self);
void            studio_image_view_set_windowed  (StudioImageView *self,
                                                 gboolean         windowed);
gboolean        studio_image_view_get_windowed  (StudioImageView *self);
const char     *studio_image_view_get_placeholder (StudioImageView *self);
void            studio_image_view_set_placeholder (StudioImageView *self,
                                                 const char      *text);

G_END_DECLS
