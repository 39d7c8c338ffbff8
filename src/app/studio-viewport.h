/* studio-viewport.h — the view transform and display window shared by synchronised image panes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define STUDIO_TYPE_VIEWPORT (studio_viewport_get_type ())

G_DECLARE_FINAL_TYPE (StudioViewport, studio_viewport, STUDIO, VIEWPORT, GObject)

StudioViewport *studio_viewport_new            (void);
void            studio_viewport_set_reference  (StudioViewport *self,
                                                double          width,
                                                double          height);
void            studio_viewport_fit            (StudioViewport *self);
gboolean        studio_viewport_get_fit        (StudioViewport *self);
void            studio_viewport_get_transform  (StudioViewport *self,
                                                int             view_width,
                                                int             view_height,
                                                double         *scale,
                                                double         *offset_x,
                                                double         *offset_y);
void            studio_viewport_set_view       (StudioViewport *self,
                                                double          scale,
                                                double          center_x,
                                                double          center_y);
void            studio_viewport_zoom_at        (StudioViewport *self,
                                                int             view_width,
                                                int             view_height,
                                                double          factor,
                                                double          x,
                                                double          y);
void            studio_viewport_set_window     (StudioViewport *self,
                                                double          center,
                                                double          width);
void            studio_viewport_get_window     (StudioViewport *self,
                                                double         *center,
                                                double         *width);

G_END_DECLS
