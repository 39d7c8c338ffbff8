/* studio-image.h — an image shown by the app: the original samples plus what display needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "dkg-image.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_IMAGE (studio_image_get_type ())

G_DECLARE_FINAL_TYPE (StudioImage, studio_image, STUDIO, IMAGE, GObject)

StudioImage     *studio_image_new               (DkgImage             *image,
                                                 const char           *name);
StudioImage     *studio_image_load              (const char           *path,
                                                 GError              **error);
void             studio_image_load_async        (GFile                *file,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
StudioImage     *studio_image_load_finish       (GAsyncResult         *result,
                                                 GError              **error);
const DkgImage  *studio_image_get_image         (StudioImage          *self);
const char      *studio_image_get_name          (StudioImage          *self);
const char      *studio_image_get_path          (StudioImage          *self);
void             studio_image_set_path          (StudioImage          *self,
                                                 const char           *path);
double           studio_image_get_min           (StudioImage          *self);
double           studio_image_get_max           (StudioImage          *self);
void             studio_image_get_type_range    (StudioImage          *self,
                                                 double               *low,
                                                 double               *high);
void             studio_image_get_percentile_window (StudioImage      *self,
                                                 double                low_percent,
                                                 double                high_percent,
                                                 double               *center,
                                                 double               *width);
gboolean         studio_image_get_sample        (StudioImage          *self,
                                                 guint                 x,
                                                 guint                 y,
                                                 guint                 channel,
                                                 int                  *value);
char            *studio_image_format_pixel      (StudioImage          *self,
                                                 guint                 x,
                                                 guint                 y);
cairo_surface_t *studio_image_render            (StudioImage          *self,
                                                 double                center,
                                                 double                width);
void             studio_image_set_rescale       (StudioImage          *self,
                                                 double                slope,
                                                 double                intercept,
                                                 const char           *units);
const char      *studio_image_get_rescale       (StudioImage          *self,
                                                 double               *slope,
                                                 double               *intercept);
gboolean         studio_image_has_rescale       (StudioImage          *self);
void             studio_image_get_display_window (StudioImage         *self,
                                                 double               *center,
                                                 double               *width);
GBytes          *studio_image_render_rgb        (StudioImage          *self,
                                                 double                center,
                                                 double                width);

G_END_DECLS
