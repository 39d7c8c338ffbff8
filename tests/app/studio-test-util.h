/* studio-test-util.h — shared helpers of the ui suite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "dkg-image.h"

G_BEGIN_DECLS

typedef gboolean (*StudioTestCondition) (gpointer user_data);

void        studio_test_init             (int                  *argc,
                                          char               ***argv);
const char *studio_test_tmpdir           (void);
char       *studio_test_model            (guint                n_blocks);
char       *studio_test_sample           (const char          *name);
char       *studio_test_make_image_dir   (const char          *name,
                                          guint                n_images,
                                          guint                size);
void        studio_test_wait             (StudioTestCondition  condition,
                                          gpointer             user_data,
                                          double               timeout_s,
                                          const char          *what);
void        studio_test_iterate          (double               seconds);
GdkTexture *studio_test_render           (GtkWidget           *widget);
char       *studio_test_screenshot       (GtkWidget           *widget,
                                          const char          *name);
void        studio_test_screenshot_test  (GtkWidget           *window);
guint64     studio_test_count_ink        (GdkTexture          *texture,
                                          int                  x0,
                                          int                  y0,
                                          int                  x1,
                                          int                  y1,
                                          guint64             *n_pixels);
double      studio_test_image_variance   (GdkTexture          *texture);

G_END_DECLS
