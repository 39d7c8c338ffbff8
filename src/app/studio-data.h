/* studio-data.h — shipped and user data: models, samples, formatting helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dkg-image.h"

G_BEGIN_DECLS

char      *studio_data_user_models_dir   (void);
GPtrArray *studio_data_list_models       (void);
GPtrArray *studio_data_list_samples      (void);
char      *studio_data_model_label       (const char     *path);
char      *studio_data_describe_image    (const DkgImage *image);
char      *studio_data_format_duration   (double          seconds);
char      *studio_data_format_ms         (double          ms);
GMenu     *studio_data_samples_menu     (const char          *action);
void       studio_data_background_thread (void);
void       studio_data_run_task         (gpointer             source,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data,
                                         gpointer             source_tag,
                                         gpointer             task_data,
                                         GDestroyNotify       task_data_free,
                                         GTaskThreadFunc      worker);
char      *studio_data_menu_label        (const char     *text);
char      *studio_data_format_p          (double          p);
gboolean   studio_data_is_openable_image (const char     *uri,
                                          const char     *mime_type);

G_END_DECLS
