/* studio-cipher-task.h — key generation, encryption and decryption off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dkg-container.h"
#include "dkg-net.h"
#include "studio-image.h"

G_BEGIN_DECLS

/**
 * StudioStageFunc:
 * @source: the task's source object
 * @stage: what the worker does now, translated ("Generating the key…")
 * @fraction: overall progress, 0…1
 *
 * Called on the main thread while a task runs.
 */
typedef void (*StudioStageFunc) (GObject    *source,
                                 const char *stage,
                                 double      fraction);

/**
 * StudioCipherResult:
 * @key: the key image (8-bit RGB)
 * @cipher: the container's pixels as an image (padded to N×N for acm-xor); read with the
 *   plaintext's signedness so that it compares sample for sample
 * @decrypted: the container decrypted with the key
 * @container: the container file (a PNG with the signed header)
 * @info: its validated header
 * @scheme: the cipher
 * @model_path: the generator used
 * @seed_name: the name of the seed image the key came from
 * @keygen_ms: key generation time
 * @encrypt_ms: encryption time
 * @decrypt_ms: verification and decryption time
 * @exact: the decrypted image equals the plaintext bit for bit
 */
typedef struct
{
  StudioImage        *key;
  StudioImage        *cipher;
  StudioImage        *decrypted;
  GBytes             *container;
  DkgContainerInfo   *info;
  DkgContainerScheme  scheme;
  char               *model_path;
  char               *seed_name;
  double              keygen_ms;
  double              encrypt_ms;
  double              decrypt_ms;
  gboolean            exact;
} StudioCipherResult;

void                studio_cipher_result_free  (StudioCipherResult   *result);

DkgImage           *studio_cipher_make_key     (const char           *model_path,
                                                const DkgImage       *seed,
                                                const DkgImage       *plain,
                                                GCancellable         *cancellable,
                                                DkgProgressFunc       progress,
                                                gpointer              user_data,
                                                GError              **error);
void                studio_cipher_run_async    (GObject              *source,
                                                StudioImage          *plain,
                                                StudioImage          *seed,
                                                const char           *model_path,
                                                DkgContainerScheme    scheme,
                                                guint64               acm_iterations,
                                                StudioStageFunc       stage_func,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
StudioCipherResult *studio_cipher_run_finish   (GAsyncResult         *result,
                                                GError              **error);
void                studio_cipher_keygen_async (GObject              *source,
                                                const char           *model_path,
                                                StudioImage          *seed,
                                                guint                 width,
                                                guint                 height,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
StudioImage        *studio_cipher_keygen_finish (GAsyncResult        *result,
                                                GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StudioCipherResult, studio_cipher_result_free)

G_END_DECLS
