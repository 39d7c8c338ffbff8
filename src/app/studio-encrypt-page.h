/* studio-encrypt-page.h — the Encrypt page: plaintext, key, ciphertext and decrypted image
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dkg-container.h"
#include "studio-cipher-task.h"
#include "studio-image.h"
#include "studio-image-view.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_ENCRYPT_PAGE (studio_encrypt_page_get_type ())

G_DECLARE_FINAL_TYPE (StudioEncryptPage, studio_encrypt_page, STUDIO, ENCRYPT_PAGE, GtkWidget)

/**
 * StudioPane:
 * @STUDIO_PANE_PLAIN: the plaintext
 * @STUDIO_PANE_KEY: the key
 * @STUDIO_PANE_CIPHER: the ciphertext
 * @STUDIO_PANE_DECRYPTED: the decrypted image
 */
typedef enum
{
  STUDIO_PANE_PLAIN,
  STUDIO_PANE_KEY,
  STUDIO_PANE_CIPHER,
  STUDIO_PANE_DECRYPTED,
  STUDIO_N_PANES
} StudioPane;

void                      studio_encrypt_page_open_file     (StudioEncryptPage  *self,
                                                             GFile              *file);
void                      studio_encrypt_page_set_plain     (StudioEncryptPage  *self,
                                                             StudioImage        *image);
StudioImage              *studio_encrypt_page_get_plain     (StudioEncryptPage  *self);
StudioImage              *studio_encrypt_page_get_seed      (StudioEncryptPage  *self);
void                      studio_encrypt_page_set_seed      (StudioEncryptPage  *self,
                                                             StudioImage        *seed);
const char               *studio_encrypt_page_get_readout   (StudioEncryptPage  *self);
void                      studio_encrypt_page_encrypt       (StudioEncryptPage  *self,
                                                             const char         *model_path,
                                                             DkgContainerScheme  scheme,
                                                             guint64             acm_iterations);
void                      studio_encrypt_page_cancel        (StudioEncryptPage  *self);
gboolean                  studio_encrypt_page_get_busy      (StudioEncryptPage  *self);
const StudioCipherResult *studio_encrypt_page_get_result    (StudioEncryptPage  *self);
StudioImageView          *studio_encrypt_page_get_view      (StudioEncryptPage  *self,
                                                             StudioPane          pane);
void                      studio_encrypt_page_zoom          (StudioEncryptPage  *self,
                                                             const char         *how);
void                      studio_encrypt_page_render_figure (StudioEncryptPage  *self,
                                                             cairo_t            *cr,
                                                             double              width,
                                                             double              height);

G_END_DECLS
