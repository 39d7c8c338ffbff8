/* studio-stego-page.h — LSB steganography and RSA (Prakash et al. 2023, docs/SPECIFICATION.md §5.6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "studio-cipher-task.h"
#include "studio-image.h"
#include "studio-image-view.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_STEGO_PAGE (studio_stego_page_get_type ())

G_DECLARE_FINAL_TYPE (StudioStegoPage, studio_stego_page, STUDIO, STEGO_PAGE, GtkWidget)

/** STUDIO_STEGO_N_VIEWS: stego image, RSA ciphertext, dictionary attack, decryption */
#define STUDIO_STEGO_N_VIEWS 4

void             studio_stego_page_set_plain        (StudioStegoPage          *self,
                                                     StudioImage              *plain);
void             studio_stego_page_set_result       (StudioStegoPage          *self,
                                                     const StudioCipherResult *result);
void             studio_stego_page_run              (StudioStegoPage          *self);
gboolean         studio_stego_page_get_busy         (StudioStegoPage          *self);
gboolean         studio_stego_page_get_text_intact  (StudioStegoPage          *self);
gboolean         studio_stego_page_get_rsa_exact    (StudioStegoPage          *self);
double           studio_stego_page_get_attack_recovered (StudioStegoPage      *self);
int              studio_stego_page_get_key_wrapped  (StudioStegoPage          *self);
StudioImageView *studio_stego_page_get_view         (StudioStegoPage          *self,
                                                     guint                     index);
void             studio_stego_page_render_figure    (StudioStegoPage          *self,
                                                     cairo_t                  *cr,
                                                     double                    width,
                                                     double                    height);

const char      *studio_stego_page_get_verdict       (StudioStegoPage    *self);

G_END_DECLS
